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

typedef struct
{
  CtEmitter parent;
} CtCborEmitter;

/* Grows the array by n bytes and returns where they go. GByteArray grows
 * geometrically, so this stays amortized O(1) per byte. */
static inline guint8 *
reserve (GByteArray *out,
         gsize       n)
{
  guint old = out->len;

  g_byte_array_set_size (out, old + n);
  return out->data + old;
}

static inline void
write_head (GByteArray *out,
            guint       major,
            guint64     arg)
{
  guint8 mt = (guint8) (major << 5);
  guint8 *p;

  if (arg < 24)
    {
      p = reserve (out, 1);
      p[0] = mt | (guint8) arg;
    }
  else if (arg <= G_MAXUINT8)
    {
      p = reserve (out, 2);
      p[0] = mt | 24;
      p[1] = (guint8) arg;
    }
  else if (arg <= G_MAXUINT16)
    {
      p = reserve (out, 3);
      p[0] = mt | 25;
      p[1] = (guint8) (arg >> 8);
      p[2] = (guint8) arg;
    }
  else if (arg <= G_MAXUINT32)
    {
      guint32 be = GUINT32_TO_BE ((guint32) arg);

      p = reserve (out, 5);
      p[0] = mt | 26;
      memcpy (p + 1, &be, 4);
    }
  else
    {
      guint64 be = GUINT64_TO_BE (arg);

      p = reserve (out, 9);
      p[0] = mt | 27;
      memcpy (p + 1, &be, 8);
    }
}

static void
write_data (GByteArray *out,
            guint       major,
            const void *data,
            gsize       len)
{
  write_head (out, major, len);
  if (len > 0)
    memcpy (reserve (out, len), data, len);
}

static void
ct_cbor_emitter_map_begin (CtEmitter *self,
                           guint      n_entries)
{
  write_head (self->out, 5, n_entries);
}

static void
ct_cbor_emitter_array_begin (CtEmitter *self,
                             guint      n_items)
{
  write_head (self->out, 4, n_items);
}

static void
ct_cbor_emitter_end (CtEmitter *self)
{
  /* Lengths are written up front: nothing closes a container. */
}

static void
ct_cbor_emitter_string (CtEmitter  *self,
                        const char *str,
                        gsize       len)
{
  write_data (self->out, 3, str, len);
}

static void
ct_cbor_emitter_bytes (CtEmitter    *self,
                       const guint8 *data,
                       gsize         len)
{
  write_data (self->out, 2, data, len);
}

static void
ct_cbor_emitter_int64 (CtEmitter *self,
                       gint64     i)
{
  if (i >= 0)
    write_head (self->out, 0, (guint64) i);
  else
    write_head (self->out, 1, ~(guint64) i); /* -1 - i without overflow */
}

static void
ct_cbor_emitter_uint64 (CtEmitter *self,
                        guint64    u)
{
  write_head (self->out, 0, u);
}

static void
ct_cbor_emitter_bignum (CtEmitter    *self,
                        gboolean      negative,
                        const guint8 *magnitude,
                        gsize         len)
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
        {
          write_head (self->out, 0, v);
          return;
        }
      write_head (self->out, 1, v - 1);
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
          write_head (self->out, 1, G_MAXUINT64);
          return;
        }
    }

  if (!negative)
    {
      guint8 *p = reserve (self->out, 1);

      p[0] = 0xc2;
      write_data (self->out, 2, magnitude, len);
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
  {
    guint8 *p = reserve (self->out, 1);
    const guint8 *m = less;
    gsize n = len;

    p[0] = 0xc3;
    while (n > 0 && m[0] == 0)
      {
        m++;
        n--;
      }
    write_data (self->out, 2, m, n);
  }
}

static void
ct_cbor_emitter_float64 (CtEmitter *self,
                         double     f)
{
  guint64 bits;
  guint8 *p;

  memcpy (&bits, &f, 8);
  bits = GUINT64_TO_BE (bits);
  p = reserve (self->out, 9);
  p[0] = 0xfb;
  memcpy (p + 1, &bits, 8);
}

static void
ct_cbor_emitter_boolean (CtEmitter *self,
                         gboolean   b)
{
  guint8 *p = reserve (self->out, 1);

  p[0] = b ? 0xf5 : 0xf4;
}

static void
ct_cbor_emitter_null (CtEmitter *self)
{
  guint8 *p = reserve (self->out, 1);

  p[0] = 0xf6;
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
  CtCborEmitter *self = g_new0 (CtCborEmitter, 1);

  self->parent.klass = &ct_cbor_emitter_class;
  self->parent.out = out;
  return &self->parent;
}
