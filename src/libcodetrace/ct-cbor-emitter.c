/* ct-cbor-emitter.c
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ct-codec-private.h"

/* Writes CBOR the way serde + cbor4ii do in runtime_tracing (FORMAT.md
 * section 4), so that a trace.bin we write is what the reference would
 * write: definite lengths, integers in their shortest head, every double as
 * an 8-byte float (never shortened to half or single, even when exact). */

/* Appending to a GByteArray costs a division and a call every time (GLib
 * checks the new size for overflow), which is more than writing most
 * tokens. So the bytes of one top-level value are collected in a small
 * buffer inside the emitter and appended to `out` in one go when the value
 * is complete: after its last end(), or at once for a bare scalar. Strings
 * too long for the buffer go to `out` directly, after what is staged. The
 * emitter still owns no pointers: it is freed with g_free(). */
#define STAGE_SIZE 4096

typedef struct
{
  CtEmitter parent;
  guint     depth; /* open containers: map_begin/array_begin and end() pair up */
  gsize     used;
  guint8    stage[STAGE_SIZE];
} CtCborEmitter;

static void
flush (CtCborEmitter *self)
{
  if (self->used > 0)
    {
      g_byte_array_append (self->parent.out, self->stage, self->used);
      self->used = 0;
    }
}

/* Room for n (at most a head's 9) bytes in the stage. */
static inline guint8 *
reserve (CtCborEmitter *self,
         gsize          n)
{
  guint8 *p;

  if (G_UNLIKELY (self->used + n > STAGE_SIZE))
    flush (self);
  p = self->stage + self->used;
  self->used += n;
  return p;
}

/* A value is complete: outside any container, it is a whole event. */
static inline void
value_done (CtCborEmitter *self)
{
  if (self->depth == 0)
    flush (self);
}

static inline void
write_head (CtCborEmitter *self,
            guint          major,
            guint64        arg)
{
  guint8 mt = (guint8) (major << 5);
  guint8 *p;

  if (arg < 24)
    {
      p = reserve (self, 1);
      p[0] = mt | (guint8) arg;
    }
  else if (arg <= G_MAXUINT8)
    {
      p = reserve (self, 2);
      p[0] = mt | 24;
      p[1] = (guint8) arg;
    }
  else if (arg <= G_MAXUINT16)
    {
      p = reserve (self, 3);
      p[0] = mt | 25;
      p[1] = (guint8) (arg >> 8);
      p[2] = (guint8) arg;
    }
  else if (arg <= G_MAXUINT32)
    {
      guint32 be = GUINT32_TO_BE ((guint32) arg);

      p = reserve (self, 5);
      p[0] = mt | 26;
      memcpy (p + 1, &be, 4);
    }
  else
    {
      guint64 be = GUINT64_TO_BE (arg);

      p = reserve (self, 9);
      p[0] = mt | 27;
      memcpy (p + 1, &be, 8);
    }
}

static void
write_data (CtCborEmitter *self,
            guint          major,
            const void    *data,
            gsize          len)
{
  write_head (self, major, len);
  if (len == 0)
    return;
  if (len <= STAGE_SIZE - self->used)
    {
      memcpy (self->stage + self->used, data, len);
      self->used += len;
    }
  else
    {
      flush (self);
      g_byte_array_append (self->parent.out, data, len);
    }
}

static void
ct_cbor_emitter_map_begin (CtEmitter *emitter,
                           guint      n_entries)
{
  CtCborEmitter *self = (CtCborEmitter *) emitter;

  write_head (self, 5, n_entries);
  self->depth++;
}

static void
ct_cbor_emitter_array_begin (CtEmitter *emitter,
                             guint      n_items)
{
  CtCborEmitter *self = (CtCborEmitter *) emitter;

  write_head (self, 4, n_items);
  self->depth++;
}

static void
ct_cbor_emitter_end (CtEmitter *emitter)
{
  CtCborEmitter *self = (CtCborEmitter *) emitter;

  /* Lengths are written up front: nothing closes a container in CBOR. */
  if (self->depth > 0)
    self->depth--;
  value_done (self);
}

static void
ct_cbor_emitter_string (CtEmitter  *emitter,
                        const char *str,
                        gsize       len)
{
  CtCborEmitter *self = (CtCborEmitter *) emitter;

  write_data (self, 3, str, len);
  value_done (self);
}

static void
ct_cbor_emitter_bytes (CtEmitter    *emitter,
                       const guint8 *data,
                       gsize         len)
{
  CtCborEmitter *self = (CtCborEmitter *) emitter;

  write_data (self, 2, data, len);
  value_done (self);
}

static void
ct_cbor_emitter_int64 (CtEmitter *emitter,
                       gint64     i)
{
  CtCborEmitter *self = (CtCborEmitter *) emitter;

  if (i >= 0)
    write_head (self, 0, (guint64) i);
  else
    write_head (self, 1, ~(guint64) i); /* -1 - i without overflow */
  value_done (self);
}

static void
ct_cbor_emitter_uint64 (CtEmitter *emitter,
                        guint64    u)
{
  CtCborEmitter *self = (CtCborEmitter *) emitter;

  write_head (self, 0, u);
  value_done (self);
}

static void
write_bignum (CtCborEmitter *self,
              gboolean       negative,
              const guint8  *magnitude,
              gsize          len)
{
  g_autofree guint8 *less = NULL;
  guint64 v = 0;

  while (len > 0 && magnitude[0] == 0)
    {
      magnitude++;
      len--;
    }

  /* A value within [-2^64, 2^64) has a plain integer head; the bignum tags
   * are for what lies beyond, as json2v1.py and cbor4ii write it. */
  if (len <= 8)
    {
      for (gsize i = 0; i < len; i++)
        v = (v << 8) | magnitude[i];
      if (!negative || len == 0)
        write_head (self, 0, v);
      else
        write_head (self, 1, v - 1);
      return;
    }
  if (negative && len == 9 && magnitude[0] == 1)
    {
      gboolean rest_zero = TRUE;

      for (gsize i = 1; i < 9; i++)
        rest_zero = rest_zero && magnitude[i] == 0;
      if (rest_zero)
        {
          /* -2^64 = -1 - (2^64 - 1) */
          write_head (self, 1, G_MAXUINT64);
          return;
        }
    }

  if (!negative)
    {
      *reserve (self, 1) = 0xc2;
      write_data (self, 2, magnitude, len);
      return;
    }

  /* Tag 3 holds n for the value -1 - n: store the magnitude minus one. The
   * magnitude is above 2^64 here, so the result keeps at least 8 bytes. */
  less = g_memdup2 (magnitude, len);
  for (gsize i = len; i > 0; i--)
    {
      if (less[i - 1] != 0)
        {
          less[i - 1]--;
          break;
        }
      less[i - 1] = 0xff;
    }
  magnitude = less;
  while (len > 0 && magnitude[0] == 0)
    {
      magnitude++;
      len--;
    }
  *reserve (self, 1) = 0xc3;
  write_data (self, 2, magnitude, len);
}

static void
ct_cbor_emitter_bignum (CtEmitter    *emitter,
                        gboolean      negative,
                        const guint8 *magnitude,
                        gsize         len)
{
  CtCborEmitter *self = (CtCborEmitter *) emitter;

  write_bignum (self, negative, magnitude, len);
  value_done (self);
}

static void
ct_cbor_emitter_float64 (CtEmitter *emitter,
                         double     f)
{
  CtCborEmitter *self = (CtCborEmitter *) emitter;
  guint64 bits;
  guint8 *p;

  memcpy (&bits, &f, 8);
  bits = GUINT64_TO_BE (bits);
  p = reserve (self, 9);
  p[0] = 0xfb;
  memcpy (p + 1, &bits, 8);
  value_done (self);
}

static void
ct_cbor_emitter_boolean (CtEmitter *emitter,
                         gboolean   b)
{
  CtCborEmitter *self = (CtCborEmitter *) emitter;

  *reserve (self, 1) = b ? 0xf5 : 0xf4;
  value_done (self);
}

static void
ct_cbor_emitter_null (CtEmitter *emitter)
{
  CtCborEmitter *self = (CtCborEmitter *) emitter;

  *reserve (self, 1) = 0xf6;
  value_done (self);
}

static const CtEmitterClass ct_cbor_emitter_class = {
  .map_begin = ct_cbor_emitter_map_begin,
  .array_begin = ct_cbor_emitter_array_begin,
  .end = ct_cbor_emitter_end,
  .string = ct_cbor_emitter_string,
  .bytes = ct_cbor_emitter_bytes,
  .int64 = ct_cbor_emitter_int64,
  .uint64 = ct_cbor_emitter_uint64,
  .bignum = ct_cbor_emitter_bignum,
  .float64 = ct_cbor_emitter_float64,
  .boolean = ct_cbor_emitter_boolean,
  .null = ct_cbor_emitter_null,
};

CtEmitter *
_ct_cbor_emitter_new (GByteArray *out)
{
  CtCborEmitter *self = g_new (CtCborEmitter, 1);

  self->parent.klass = &ct_cbor_emitter_class;
  self->depth = 0;
  self->used = 0;
  self->parent.out = out;
  return &self->parent;
}
