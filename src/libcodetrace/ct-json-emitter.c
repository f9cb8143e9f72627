/* ct-json-emitter.c
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "ct-codec-private.h"

/* Writes compact JSON byte for byte as serde_json::to_string() does, so that
 * a trace.json written here is the one the Rust reference would write: no
 * whitespace, serde_json's string escapes, ryu's float spelling and `null`
 * for NaN and the infinities.
 *
 * Top-level values get no separators: the JSON sink writes the `[`, `,` and
 * `]` of the event list between them.
 *
 * Output is collected in a small buffer inside the emitter and appended to
 * `out` whenever a top-level value is complete (or the buffer is full):
 * one g_byte_array_append() per event instead of several per token. So
 * `out` holds whole values only, which is all the owner looks at. */

/* The event encoder adds a few levels of its own above a value's nesting. */
#define MAX_DEPTH (CT_MAX_NESTING + 8)

#define STAGE_SIZE 4096

/* The most one call writes into the stage at once: a separator and a
 * number or literal, or one piece of a string. */
#define MAX_PIECE 64

typedef struct
{
  CtEmitter parent;
  guint     depth;
  guint     n_staged;
  /* per open container: (values written so far << 1) | is_map. In a map the
   * count covers keys and values, so it is even before a key. */
  guint32   levels[MAX_DEPTH];
  guint8    stage[STAGE_SIZE];
} CtJsonEmitter;

/* 0: written as is; otherwise the letter after the backslash ('u' for
 * \u00XX). serde_json escapes only what JSON requires: `/`, DEL and every
 * non-ASCII byte go out raw. */
static const guint8 escapes[256] = {
  ['\b'] = 'b', ['\t'] = 't', ['\n'] = 'n', ['\f'] = 'f', ['\r'] = 'r',
  [0x00] = 'u', [0x01] = 'u', [0x02] = 'u', [0x03] = 'u', [0x04] = 'u',
  [0x05] = 'u', [0x06] = 'u', [0x07] = 'u', [0x0b] = 'u', [0x0e] = 'u',
  [0x0f] = 'u', [0x10] = 'u', [0x11] = 'u', [0x12] = 'u', [0x13] = 'u',
  [0x14] = 'u', [0x15] = 'u', [0x16] = 'u', [0x17] = 'u', [0x18] = 'u',
  [0x19] = 'u', [0x1a] = 'u', [0x1b] = 'u', [0x1c] = 'u', [0x1d] = 'u',
  [0x1e] = 'u', [0x1f] = 'u',
  ['"'] = '"', ['\\'] = '\\',
};

static void
flush (CtJsonEmitter *self)
{
  if (self->n_staged > 0)
    {
      g_byte_array_append (self->parent.out, self->stage, self->n_staged);
      self->n_staged = 0;
    }
}

/* Where to write up to MAX_PIECE bytes; the caller adds what it wrote to
 * n_staged. */
static inline guint8 *
room (CtJsonEmitter *self)
{
  if (G_UNLIKELY (self->n_staged > STAGE_SIZE - MAX_PIECE))
    flush (self);
  return self->stage + self->n_staged;
}

/* A value is done: at the top level, hand it over. */
static inline void
value_done (CtJsonEmitter *self)
{
  if (self->depth == 0)
    flush (self);
}

/* Writes the `,` or `:` that goes before the next value or key, if any. */
static inline guint8 *
separator (CtJsonEmitter *self,
           guint8        *w)
{
  guint32 level;

  if (self->depth == 0)
    return w;

  level = self->levels[self->depth - 1];
  if (level >= 2)
    {
      /* an odd count in a map: after a key */
      *w++ = ((level & 3) == 3) ? ':' : ',';
    }
  self->levels[self->depth - 1] = level + 2;
  return w;
}

static void
push (CtJsonEmitter *self,
      gboolean       is_map,
      guint8         open)
{
  guint8 *start = room (self);
  guint8 *w = separator (self, start);

  g_assert (self->depth < MAX_DEPTH);
  self->levels[self->depth++] = is_map ? 1 : 0;
  *w++ = open;
  self->n_staged += w - start;
}

static void
json_map_begin (CtEmitter *emitter,
                guint      n_entries)
{
  push ((CtJsonEmitter *) emitter, TRUE, '{');
}

static void
json_array_begin (CtEmitter *emitter,
                  guint      n_items)
{
  push ((CtJsonEmitter *) emitter, FALSE, '[');
}

static void
json_end (CtEmitter *emitter)
{
  CtJsonEmitter *self = (CtJsonEmitter *) emitter;
  guint8 *w = room (self);

  g_assert (self->depth > 0);
  self->depth--;
  *w = (self->levels[self->depth] & 1) ? '}' : ']';
  self->n_staged++;
  value_done (self);
}

static void
json_string (CtEmitter  *emitter,
             const char *str,
             gsize       len)
{
  CtJsonEmitter *self = (CtJsonEmitter *) emitter;
  const guint8 *p = (const guint8 *) str;
  const guint8 *end = p + len;
  guint8 *start = room (self);
  guint8 *w = separator (self, start);

  *w++ = '"';
  self->n_staged += w - start;

  while (p < end)
    {
      const guint8 *run = p;
      gsize run_len;
      guint8 esc;

      /* a run of bytes that need no escape */
      while (p < end && escapes[*p] == 0)
        p++;
      run_len = p - run;
      if (run_len > 0)
        {
          if (run_len <= STAGE_SIZE - self->n_staged)
            {
              memcpy (self->stage + self->n_staged, run, run_len);
              self->n_staged += run_len;
            }
          else
            {
              /* long text goes straight out, after what came before it */
              flush (self);
              g_byte_array_append (self->parent.out, run, run_len);
            }
        }
      if (p == end)
        break;

      esc = escapes[*p];
      w = start = room (self);
      *w++ = '\\';
      *w++ = esc;
      if (esc == 'u')
        {
          static const char hex[] = "0123456789abcdef";

          *w++ = '0';
          *w++ = '0';
          *w++ = hex[*p >> 4];
          *w++ = hex[*p & 0xf];
        }
      self->n_staged += w - start;
      p++;
    }

  w = room (self);
  *w = '"';
  self->n_staged++;
  value_done (self);
}

/* Decimal digits of u, written backwards ending at buf_end; returns the
 * first digit. snprintf() would be several times slower here, and there is
 * an integer for nearly every key. */
static inline guint8 *
format_u64 (guint64  u,
            guint8  *buf_end)
{
  guint8 *p = buf_end;

  do
    {
      *--p = (guint8) ('0' + u % 10);
      u /= 10;
    }
  while (u != 0);
  return p;
}

/* Appends the separator, an optional '-' and the digits of u. */
static void
write_integer (CtJsonEmitter *self,
               gboolean       negative,
               guint64        u)
{
  guint8 digits[24];
  guint8 *digits_end = digits + sizeof digits;
  guint8 *first = format_u64 (u, digits_end);
  guint8 *start = room (self);
  guint8 *w = separator (self, start);

  if (negative)
    *w++ = '-';
  memcpy (w, first, digits_end - first);
  w += digits_end - first;
  self->n_staged += w - start;
  value_done (self);
}

static void
json_int64 (CtEmitter *emitter,
            gint64     i)
{
  /* the magnitude of G_MININT64 does not fit a gint64 */
  write_integer ((CtJsonEmitter *) emitter, i < 0,
                 i < 0 ? (guint64) 0 - (guint64) i : (guint64) i);
}

static void
json_uint64 (CtEmitter *emitter,
             guint64    u)
{
  write_integer ((CtJsonEmitter *) emitter, FALSE, u);
}

/* Appends the separator and a literal or formatted number of at most
 * MAX_PIECE - 1 bytes. */
static void
write_text (CtJsonEmitter *self,
            const char    *text,
            gsize          len)
{
  guint8 *start = room (self);
  guint8 *w = separator (self, start);

  g_assert (len < MAX_PIECE);
  memcpy (w, text, len);
  w += len;
  self->n_staged += w - start;
  value_done (self);
}

static void
json_bignum (CtEmitter    *emitter,
             gboolean      negative,
             const guint8 *magnitude,
             gsize         len)
{
  CtJsonEmitter *self = (CtJsonEmitter *) emitter;
  g_autofree char *digits = _ct_magnitude_to_decimal (magnitude, len);
  guint8 *start = room (self);
  guint8 *w = separator (self, start);

  /* no "-0": zero has no sign in JSON integers */
  if (negative && strcmp (digits, "0") != 0)
    *w++ = '-';
  self->n_staged += w - start;

  /* can be longer than a piece: hundreds of digits */
  flush (self);
  g_byte_array_append (self->parent.out, (const guint8 *) digits, strlen (digits));
}

static void
json_float64 (CtEmitter *emitter,
              double     f)
{
  CtJsonEmitter *self = (CtJsonEmitter *) emitter;
  char buf[40];

  /* serde_json's choice: JSON has no NaN or infinity */
  if (!isfinite (f))
    write_text (self, "null", 4);
  else
    write_text (self, buf, _ct_format_double (f, buf));
}

static void
json_bytes (CtEmitter    *emitter,
            const guint8 *data,
            gsize         len)
{
  CtJsonEmitter *self = (CtJsonEmitter *) emitter;
  gsize i;

  /* JSON has no byte strings; serde_json writes a Vec<u8> as numbers. */
  push (self, FALSE, '[');
  for (i = 0; i < len; i++)
    write_integer (self, FALSE, data[i]);
  json_end (emitter);
}

static void
json_boolean (CtEmitter *emitter,
              gboolean   b)
{
  if (b)
    write_text ((CtJsonEmitter *) emitter, "true", 4);
  else
    write_text ((CtJsonEmitter *) emitter, "false", 5);
}

static void
json_null (CtEmitter *emitter)
{
  write_text ((CtJsonEmitter *) emitter, "null", 4);
}

static const CtEmitterClass json_emitter_class = {
  .map_begin = json_map_begin,
  .array_begin = json_array_begin,
  .end = json_end,
  .string = json_string,
  .bytes = json_bytes,
  .int64 = json_int64,
  .uint64 = json_uint64,
  .bignum = json_bignum,
  .float64 = json_float64,
  .boolean = json_boolean,
  .null = json_null,
};

CtEmitter *
_ct_json_emitter_new (GByteArray *out)
{
  CtJsonEmitter *self;

  g_return_val_if_fail (out != NULL, NULL);

  self = g_new0 (CtJsonEmitter, 1);
  self->parent.klass = &json_emitter_class;
  self->parent.out = out;
  return &self->parent;
}

/* One free function for both encodings. Each emitter is a single g_malloc()
 * block that starts with its CtEmitter and owns nothing else (`out` belongs
 * to the caller), so g_free() is all either needs. A CBOR emitter that ever
 * owns memory must change this into a vfunc. */
void
_ct_emitter_free (CtEmitter *emitter)
{
  g_free (emitter);
}
