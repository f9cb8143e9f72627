/* ct-token.h
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "ct-arena.h"

G_BEGIN_DECLS

/* JSON and CBOR share one data model (maps with text keys, arrays, numbers,
 * strings, booleans, null), and the events are the same shapes in both. So a
 * tokenizer turns each encoding into one token stream, and one decoder
 * (ct-event-decoder.c) builds CtEvents from it; on the way out one serializer
 * (ct-event-encoder.c) drives an emitter for either encoding.
 *
 * Tokenizers work on a buffer that the reader refills. Running out of input in
 * the middle of an event returns CT_READ_NEED_MORE; the reader then grows or
 * refills the buffer and decodes that event again from its first byte, so a
 * tokenizer never has to suspend in the middle of a token. */

typedef enum
{
  CT_TOKEN_MAP_START,   /* followed by key, value pairs, then CT_TOKEN_END */
  CT_TOKEN_ARRAY_START, /* followed by items, then CT_TOKEN_END */
  CT_TOKEN_END,
  CT_TOKEN_STRING,      /* UTF-8 checked; s.str points into the buffer or the arena */
  CT_TOKEN_BYTES,       /* CBOR byte string */
  CT_TOKEN_INT,         /* fits gint64 */
  CT_TOKEN_UINT,        /* > G_MAXINT64 and fits guint64 */
  CT_TOKEN_BIGNUM,      /* beyond 64 bits: s.negative + big-endian magnitude in s.str */
  CT_TOKEN_FLOAT,
  CT_TOKEN_BOOL,
  CT_TOKEN_NULL,
} CtTokenType;

typedef enum
{
  CT_READ_OK,
  CT_READ_END,       /* begin_item(): no more items in the stream */
  CT_READ_NEED_MORE, /* the buffer ends inside the current item */
  CT_READ_ERROR,
} CtReadStatus;

typedef struct
{
  CtTokenType type;
  gsize       offset; /* of the token's first byte, relative to the buffer */
  union
  {
    gint64   i;
    guint64  u;
    double   f;
    gboolean b;
    struct
    {
      const char *str;
      gsize       len;
      gboolean    negative;
    } s;
  };
} CtToken;

typedef struct _CtTokenizer      CtTokenizer;
typedef struct _CtTokenizerClass CtTokenizerClass;

struct _CtTokenizerClass
{
  /* Position at the start of the next top-level item (event). Returns
   * CT_READ_END after the last one (JSON: at the closing `]`). */
  CtReadStatus (*begin_item) (CtTokenizer  *self,
                              GError      **error);
  CtReadStatus (*next)       (CtTokenizer  *self,
                              CtToken      *token,
                              GError      **error);
};

struct _CtTokenizer
{
  const CtTokenizerClass *klass;
  const guint8           *buf;
  gsize                   len;
  gsize                   pos;
  gboolean                eof;   /* nothing follows buf[len - 1] in the input */
  CtArena                *arena; /* for unescaped strings and converted numbers */
  gsize                   error_offset; /* set with CT_READ_ERROR: where, in buf */
};

static inline CtReadStatus
ct_tokenizer_next (CtTokenizer  *self,
                   CtToken      *token,
                   GError      **error)
{
  return self->klass->next (self, token, error);
}

/* Emitters write one encoding; ct-event-encoder.c drives them. Lengths of maps
 * and arrays are always known up front (CBOR writes them definite). */
typedef struct _CtEmitter      CtEmitter;
typedef struct _CtEmitterClass CtEmitterClass;

struct _CtEmitterClass
{
  void (*map_begin)   (CtEmitter    *self,
                       guint         n_entries);
  void (*array_begin) (CtEmitter    *self,
                       guint         n_items);
  void (*end)         (CtEmitter    *self);
  void (*string)      (CtEmitter    *self,
                       const char   *str,
                       gsize         len);
  void (*bytes)       (CtEmitter    *self,
                       const guint8 *data,
                       gsize         len);
  void (*int64)       (CtEmitter    *self,
                       gint64        i);
  void (*uint64)      (CtEmitter    *self,
                       guint64       u);
  void (*bignum)      (CtEmitter    *self,
                       gboolean      negative,
                       const guint8 *magnitude,
                       gsize         len);
  void (*float64)     (CtEmitter    *self,
                       double        f);
  void (*boolean)     (CtEmitter    *self,
                       gboolean      b);
  void (*null)        (CtEmitter    *self);
};

struct _CtEmitter
{
  const CtEmitterClass *klass;
  GByteArray           *out; /* bytes are appended here; the owner drains it */
};

G_END_DECLS
