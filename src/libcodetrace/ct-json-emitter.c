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
 * `]` of the event list between them. */

/* The event encoder adds a few levels of its own above a value's nesting. */
#define MAX_DEPTH (CT_MAX_NESTING + 8)

typedef struct
{
  CtEmitter parent;
  guint     depth;
  /* per open container: (values written so far << 1) | is_map. In a map the
   * count covers keys and values, so it is even before a key. */
  guint32   levels[MAX_DEPTH];
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

static inline void
append (CtJsonEmitter *self,
        const void    *data,
        gsize          len)
{
  g_byte_array_append (self->parent.out, data, len);
}

static inline void
append_byte (CtJsonEmitter *self,
             guint8         byte)
{
  g_byte_array_append (self->parent.out, &byte, 1);
}

/* Writes the `,` or `:` that goes before the next value or key. */
static inline void
before_value (CtJsonEmitter *self)
{
  guint32 level;

  if (self->depth == 0)
    return;

  level = self->levels[self->depth - 1];
  if (level >= 2)
    {
      if ((level & 1) != 0 && (level & 2) != 0)
        append_byte (self, ':');  /* an odd count in a map: after a key */
      else
        append_byte (self, ',');
    }
  self->levels[self->depth - 1] = level + 2;
}

static void
push (CtJsonEmitter *self,
      gboolean       is_map,
      guint8         open)
{
  before_value (self);
  g_assert (self->depth < MAX_DEPTH);
  self->levels[self->depth++] = is_map ? 1 : 0;
  append_byte (self, open);
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
  gboolean is_map;

  g_assert (self->depth > 0);
  is_map = (self->levels[--self->depth] & 1) != 0;
  append_byte (self, is_map ? '}' : ']');
}

static void
json_string (CtEmitter  *emitter,
             const char *str,
             gsize       len)
{
  CtJsonEmitter *self = (CtJsonEmitter *) emitter;
  const guint8 *p = (const guint8 *) str;
  const guint8 *end = p + len;
  const guint8 *run = p;

  before_value (self);
  append_byte (self, '"');

  /* Copy runs of bytes that need no escape in one go. */
  while (p < end)
    {
      guint8 esc = escapes[*p];

      if (G_LIKELY (esc == 0))
        {
          p++;
          continue;
        }

      if (p > run)
        append (self, run, p - run);

      if (esc == 'u')
        {
          static const char hex[] = "0123456789abcdef";
          char seq[6] = { '\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 0xf] };

          append (self, seq, 6);
        }
      else
        {
          char seq[2] = { '\\', (char) esc };

          append (self, seq, 2);
        }
      run = ++p;
    }
  if (p > run)
    append (self, run, p - run);

  append_byte (self, '"');
}

/* Decimal digits of u, written backwards ending at buf_end; returns the
 * first digit. snprintf() would be several times slower here, and the
 * encoder writes an integer for nearly every key. */
static inline char *
format_u64 (guint64  u,
            char    *buf_end)
{
  char *p = buf_end;

  do
    {
      *--p = (char) ('0' + u % 10);
      u /= 10;
    }
  while (u != 0);
  return p;
}

static void
json_int64 (CtEmitter *emitter,
            gint64     i)
{
  CtJsonEmitter *self = (CtJsonEmitter *) emitter;
  char buf[24];
  char *end = buf + sizeof buf;
  char *p;

  before_value (self);
  /* the magnitude of G_MININT64 does not fit a gint64 */
  p = format_u64 (i < 0 ? (guint64) 0 - (guint64) i : (guint64) i, end);
  if (i < 0)
    *--p = '-';
  append (self, p, end - p);
}

static void
json_uint64 (CtEmitter *emitter,
             guint64    u)
{
  CtJsonEmitter *self = (CtJsonEmitter *) emitter;
  char buf[24];
  char *end = buf + sizeof buf;
  char *p;

  before_value (self);
  p = format_u64 (u, end);
  append (self, p, end - p);
}

static void
json_bignum (CtEmitter    *emitter,
             gboolean      negative,
             const guint8 *magnitude,
             gsize         len)
{
  CtJsonEmitter *self = (CtJsonEmitter *) emitter;
  g_autofree char *digits = _ct_magnitude_to_decimal (magnitude, len);

  before_value (self);
  /* no "-0": zero has no sign in JSON integers */
  if (negative && strcmp (digits, "0") != 0)
    append_byte (self, '-');
  append (self, digits, strlen (digits));
}

static void
json_float64 (CtEmitter *emitter,
              double     f)
{
  CtJsonEmitter *self = (CtJsonEmitter *) emitter;
  char buf[40];
  gsize len;

  before_value (self);
  if (!isfinite (f))
    {
      /* serde_json's choice: JSON has no NaN or infinity */
      append (self, "null", 4);
      return;
    }
  len = _ct_format_double (f, buf);
  append (self, buf, len);
}

static void
json_bytes (CtEmitter    *emitter,
            const guint8 *data,
            gsize         len)
{
  CtJsonEmitter *self = (CtJsonEmitter *) emitter;
  gsize i;

  /* JSON has no byte strings; serde_json writes a Vec<u8> as numbers. */
  before_value (self);
  append_byte (self, '[');
  for (i = 0; i < len; i++)
    {
      char buf[4];
      char *end = buf + sizeof buf;
      char *p = format_u64 (data[i], end);

      if (i > 0)
        *--p = ',';
      append (self, p, end - p);
    }
  append_byte (self, ']');
}

static void
json_boolean (CtEmitter *emitter,
              gboolean   b)
{
  CtJsonEmitter *self = (CtJsonEmitter *) emitter;

  before_value (self);
  if (b)
    append (self, "true", 4);
  else
    append (self, "false", 5);
}

static void
json_null (CtEmitter *emitter)
{
  CtJsonEmitter *self = (CtJsonEmitter *) emitter;

  before_value (self);
  append (self, "null", 4);
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
