/* ct-event-decoder.c
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ct-codec-private.h"
#include "ct-error.h"

/* Builds one CtEvent from the token stream of a JSON or CBOR item. The same
 * code serves both encodings, so both accept exactly the same events and
 * report the same deviations. Values whose keys come in an unusual order are
 * captured as a generic tree first and decoded again from a replay of it. */

typedef struct
{
  CtTokenizer *tok;
  CtArena     *arena;
  CtEvent     *event;
  GError     **error;
  guint        depth;
} Decoder;

#define NEXT(d, t)                                                     \
  G_STMT_START                                                         \
  {                                                                    \
    CtReadStatus _s = ct_tokenizer_next ((d)->tok, (t), (d)->error);   \
    if (G_UNLIKELY (_s != CT_READ_OK))                                 \
      return _s;                                                       \
  }                                                                    \
  G_STMT_END

#define TRY(expr)                                                      \
  G_STMT_START                                                         \
  {                                                                    \
    CtReadStatus _s = (expr);                                          \
    if (G_UNLIKELY (_s != CT_READ_OK))                                 \
      return _s;                                                       \
  }                                                                    \
  G_STMT_END

/* decode_value_kind(): the kind is not one this library knows */
#define UNKNOWN_KIND ((CtReadStatus) 100)

#define KEY_IS(t, lit) ((t)->s.len == sizeof (lit) - 1 && memcmp ((t)->s.str, lit, sizeof (lit) - 1) == 0)

static const char *
token_type_name (CtTokenType type)
{
  switch (type)
    {
    case CT_TOKEN_MAP_START:
      return "a map";
    case CT_TOKEN_ARRAY_START:
      return "an array";
    case CT_TOKEN_END:
      return "the end of a container";
    case CT_TOKEN_STRING:
      return "a string";
    case CT_TOKEN_BYTES:
      return "a byte string";
    case CT_TOKEN_INT:
    case CT_TOKEN_UINT:
      return "an integer";
    case CT_TOKEN_BIGNUM:
      return "an integer beyond 64 bits";
    case CT_TOKEN_FLOAT:
      return "a floating-point number";
    case CT_TOKEN_BOOL:
      return "a boolean";
    case CT_TOKEN_NULL:
      return "null";
    default:
      return "an unknown token";
    }
}

static CtReadStatus G_GNUC_PRINTF (3, 4)
fail (Decoder       *d,
      const CtToken *at,
      const char    *format,
      ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);

  d->tok->error_offset = at != NULL ? at->offset : d->tok->pos;
  g_set_error_literal (d->error, CT_TRACE_ERROR, CT_TRACE_ERROR_SCHEMA, msg);
  return CT_READ_ERROR;
}

static CtReadStatus
fail_type (Decoder       *d,
           const CtToken *at,
           const char    *record,
           const char    *field,
           const char    *expected)
{
  return fail (d, at, "%s: %s must be %s, found %s",
               record, field, expected, token_type_name (at->type));
}

static gpointer
vec_grow (CtArena *arena,
          gpointer items,
          guint    n,
          guint   *cap,
          gsize    elt)
{
  guint ncap = *cap != 0 ? *cap * 2 : 4;
  gpointer p = ct_arena_alloc (arena, (gsize) ncap * elt);

  if (n > 0)
    memcpy (p, items, (gsize) n * elt);
  *cap = ncap;
  return p;
}

/* ---- generic trees ---- */

static CtReadStatus capture_node (Decoder       *d,
                                  const CtToken *first,
                                  CtNode        *out);

static CtReadStatus
capture_container (Decoder       *d,
                   const CtToken *first,
                   CtNode        *out)
{
  gboolean is_map = first->type == CT_TOKEN_MAP_START;
  CtNode *items = NULL;
  guint n = 0, cap = 0;
  CtToken t;

  if (++d->depth > CT_MAX_NESTING)
    {
      d->tok->error_offset = first->offset;
      g_set_error (d->error, CT_TRACE_ERROR, CT_TRACE_ERROR_LIMIT,
                   "values nested deeper than %d levels", CT_MAX_NESTING);
      return CT_READ_ERROR;
    }

  for (;;)
    {
      NEXT (d, &t);
      if (t.type == CT_TOKEN_END)
        break;
      if (is_map && (n % 2) == 0 && t.type != CT_TOKEN_STRING)
        return fail (d, &t, "a map key must be a string, found %s", token_type_name (t.type));
      if (n == cap)
        items = vec_grow (d->arena, items, n, &cap, sizeof (CtNode));
      TRY (capture_node (d, &t, &items[n]));
      n++;
    }

  d->depth--;
  out->type = is_map ? CT_NODE_MAP : CT_NODE_ARRAY;
  out->c.items = items;
  out->c.n_items = is_map ? n / 2 : n;
  return CT_READ_OK;
}

static CtReadStatus
capture_node (Decoder       *d,
              const CtToken *t,
              CtNode        *out)
{
  switch (t->type)
    {
    case CT_TOKEN_MAP_START:
    case CT_TOKEN_ARRAY_START:
      return capture_container (d, t, out);
    case CT_TOKEN_STRING:
    case CT_TOKEN_BYTES:
    case CT_TOKEN_BIGNUM:
      out->type = t->type == CT_TOKEN_STRING ? CT_NODE_STRING
                : t->type == CT_TOKEN_BYTES  ? CT_NODE_BYTES
                                             : CT_NODE_BIGNUM;
      out->s.str = t->s.str;
      out->s.len = t->s.len;
      out->s.negative = t->s.negative;
      return CT_READ_OK;
    case CT_TOKEN_INT:
      out->type = CT_NODE_INT;
      out->i = t->i;
      return CT_READ_OK;
    case CT_TOKEN_UINT:
      out->type = CT_NODE_UINT;
      out->u = t->u;
      return CT_READ_OK;
    case CT_TOKEN_FLOAT:
      out->type = CT_NODE_FLOAT;
      out->f = t->f;
      return CT_READ_OK;
    case CT_TOKEN_BOOL:
      out->type = CT_NODE_BOOL;
      out->b = t->b;
      return CT_READ_OK;
    case CT_TOKEN_NULL:
      out->type = CT_NODE_NULL;
      return CT_READ_OK;
    case CT_TOKEN_END:
    default:
      return fail (d, t, "unexpected %s", token_type_name (t->type));
    }
}

static CtReadStatus
skip_or_keep_extra (Decoder        *d,
                    const CtToken  *key,
                    CtNode        **extra,
                    guint          *extra_cap)
{
  CtNode *map = *extra;
  CtToken t;

  NEXT (d, &t);
  if (map == NULL)
    {
      map = ct_arena_new0 (d->arena, CtNode, 1);
      map->type = CT_NODE_MAP;
      *extra = map;
    }
  if (map->c.n_items * 2 + 2 > *extra_cap)
    {
      guint n = map->c.n_items * 2;
      map->c.items = vec_grow (d->arena, map->c.items, n, extra_cap, sizeof (CtNode));
      if (*extra_cap < n + 2)
        map->c.items = vec_grow (d->arena, map->c.items, n, extra_cap, sizeof (CtNode));
    }
  TRY (capture_node (d, key, &map->c.items[map->c.n_items * 2]));
  TRY (capture_node (d, &t, &map->c.items[map->c.n_items * 2 + 1]));
  map->c.n_items++;
  d->event->deviations |= CT_DEVIATION_EXTRA_FIELDS;
  return CT_READ_OK;
}

/* ---- replaying a captured tree as tokens ---- */

typedef struct
{
  const CtNode *node;
  guint         next; /* next child index (maps: key/value slots) */
  guint         n;    /* children (maps: 2 * entries) */
} ReplayFrame;

typedef struct
{
  CtTokenizer  parent;
  gsize        offset; /* every replayed token reports the original map's offset */
  ReplayFrame  stack[CT_MAX_NESTING + 2];
  guint        depth;
  const CtNode *root;
  gboolean     started;
} ReplayTokenizer;

static CtReadStatus
replay_emit (ReplayTokenizer *self,
             const CtNode    *node,
             CtToken         *token)
{
  token->offset = self->offset;
  switch (node->type)
    {
    case CT_NODE_MAP:
    case CT_NODE_ARRAY:
      token->type = node->type == CT_NODE_MAP ? CT_TOKEN_MAP_START : CT_TOKEN_ARRAY_START;
      self->stack[self->depth].node = node;
      self->stack[self->depth].next = 0;
      self->stack[self->depth].n = node->type == CT_NODE_MAP ? node->c.n_items * 2 : node->c.n_items;
      self->depth++;
      break;
    case CT_NODE_STRING:
    case CT_NODE_BYTES:
    case CT_NODE_BIGNUM:
      token->type = node->type == CT_NODE_STRING ? CT_TOKEN_STRING
                  : node->type == CT_NODE_BYTES  ? CT_TOKEN_BYTES
                                                 : CT_TOKEN_BIGNUM;
      token->s.str = node->s.str;
      token->s.len = node->s.len;
      token->s.negative = node->s.negative;
      break;
    case CT_NODE_INT:
      token->type = CT_TOKEN_INT;
      token->i = node->i;
      break;
    case CT_NODE_UINT:
      token->type = CT_TOKEN_UINT;
      token->u = node->u;
      break;
    case CT_NODE_FLOAT:
      token->type = CT_TOKEN_FLOAT;
      token->f = node->f;
      break;
    case CT_NODE_BOOL:
      token->type = CT_TOKEN_BOOL;
      token->b = node->b;
      break;
    case CT_NODE_NULL:
    default:
      token->type = CT_TOKEN_NULL;
      break;
    }
  return CT_READ_OK;
}

static CtReadStatus
replay_next (CtTokenizer  *tok,
             CtToken      *token,
             GError      **error)
{
  ReplayTokenizer *self = (ReplayTokenizer *) tok;
  ReplayFrame *top;

  if (!self->started)
    {
      self->started = TRUE;
      return replay_emit (self, self->root, token);
    }

  if (self->depth == 0)
    {
      token->type = CT_TOKEN_END;
      token->offset = self->offset;
      return CT_READ_OK;
    }

  top = &self->stack[self->depth - 1];
  if (top->next == top->n)
    {
      self->depth--;
      token->type = CT_TOKEN_END;
      token->offset = self->offset;
      return CT_READ_OK;
    }

  return replay_emit (self, &top->node->c.items[top->next++], token);
}

static const CtTokenizerClass replay_class = {
  .begin_item = NULL,
  .next = replay_next,
};

/* ---- values ---- */

static CtReadStatus decode_value (Decoder       *d,
                                  const CtToken *first,
                                  CtValue       *out);

static CtReadStatus
expect_int (Decoder       *d,
            const CtToken *t,
            const char    *record,
            const char    *field,
            gint64        *out)
{
  if (G_LIKELY (t->type == CT_TOKEN_INT))
    {
      *out = t->i;
      return CT_READ_OK;
    }
  return fail_type (d, t, record, field, "an integer");
}

static CtReadStatus
read_int (Decoder    *d,
          const char *record,
          const char *field,
          gint64     *out)
{
  CtToken t;

  NEXT (d, &t);
  return expect_int (d, &t, record, field, out);
}

static CtReadStatus
read_uint (Decoder    *d,
           const char *record,
           const char *field,
           guint64    *out)
{
  CtToken t;

  NEXT (d, &t);
  if (t.type == CT_TOKEN_INT && t.i >= 0)
    *out = (guint64) t.i;
  else if (t.type == CT_TOKEN_UINT)
    *out = t.u;
  else
    return fail_type (d, &t, record, field, "an unsigned integer");
  return CT_READ_OK;
}

static CtReadStatus
read_string (Decoder    *d,
             const char *record,
             const char *field,
             CtStr      *out)
{
  CtToken t;

  NEXT (d, &t);
  if (G_UNLIKELY (t.type != CT_TOKEN_STRING))
    return fail_type (d, &t, record, field, "a string");
  out->str = t.s.str;
  out->len = t.s.len;
  return CT_READ_OK;
}

static CtReadStatus
read_bool (Decoder    *d,
           const char *record,
           const char *field,
           gboolean   *out)
{
  CtToken t;

  NEXT (d, &t);
  if (G_UNLIKELY (t.type != CT_TOKEN_BOOL))
    return fail_type (d, &t, record, field, "a boolean");
  *out = t.b;
  return CT_READ_OK;
}

static CtReadStatus
read_value (Decoder  *d,
            CtValue **out)
{
  CtToken t;

  NEXT (d, &t);
  *out = ct_arena_alloc (d->arena, sizeof (CtValue));
  return decode_value (d, &t, *out);
}

static CtReadStatus
read_value_list (Decoder    *d,
                 const char *record,
                 const char *field,
                 CtValue   **out_items,
                 guint      *out_n)
{
  CtValue *items = NULL;
  guint n = 0, cap = 0;
  CtToken t;

  NEXT (d, &t);
  if (t.type != CT_TOKEN_ARRAY_START)
    return fail_type (d, &t, record, field, "an array of values");

  for (;;)
    {
      NEXT (d, &t);
      if (t.type == CT_TOKEN_END)
        break;
      if (n == cap)
        items = vec_grow (d->arena, items, n, &cap, sizeof (CtValue));
      TRY (decode_value (d, &t, &items[n]));
      n++;
    }

  *out_items = items;
  *out_n = n;
  return CT_READ_OK;
}

static const guint8 *
u64_to_magnitude (CtArena *arena,
                  guint64  u,
                  gsize   *len)
{
  guint8 *buf = ct_arena_alloc (arena, 8);
  gsize n = 0;
  guint8 tmp[8];

  do
    {
      tmp[n++] = u & 0xff;
      u >>= 8;
    }
  while (u != 0);
  for (gsize i = 0; i < n; i++)
    buf[i] = tmp[n - 1 - i];
  *len = n;
  return buf;
}

static gboolean
base64_decode_arena (CtArena      *arena,
                     const char   *text,
                     gsize         len,
                     const guint8 **out,
                     gsize        *out_len)
{
  static const gint8 table[256] = {
    ['A'] = 1, ['B'] = 2, ['C'] = 3, ['D'] = 4, ['E'] = 5, ['F'] = 6, ['G'] = 7, ['H'] = 8,
    ['I'] = 9, ['J'] = 10, ['K'] = 11, ['L'] = 12, ['M'] = 13, ['N'] = 14, ['O'] = 15,
    ['P'] = 16, ['Q'] = 17, ['R'] = 18, ['S'] = 19, ['T'] = 20, ['U'] = 21, ['V'] = 22,
    ['W'] = 23, ['X'] = 24, ['Y'] = 25, ['Z'] = 26, ['a'] = 27, ['b'] = 28, ['c'] = 29,
    ['d'] = 30, ['e'] = 31, ['f'] = 32, ['g'] = 33, ['h'] = 34, ['i'] = 35, ['j'] = 36,
    ['k'] = 37, ['l'] = 38, ['m'] = 39, ['n'] = 40, ['o'] = 41, ['p'] = 42, ['q'] = 43,
    ['r'] = 44, ['s'] = 45, ['t'] = 46, ['u'] = 47, ['v'] = 48, ['w'] = 49, ['x'] = 50,
    ['y'] = 51, ['z'] = 52, ['0'] = 53, ['1'] = 54, ['2'] = 55, ['3'] = 56, ['4'] = 57,
    ['5'] = 58, ['6'] = 59, ['7'] = 60, ['8'] = 61, ['9'] = 62, ['+'] = 63, ['/'] = 64,
  };
  guint8 *buf = ct_arena_alloc (arena, len / 4 * 3 + 3);
  gsize n = 0;
  guint32 acc = 0;
  guint bits = 0;
  gsize i;

  for (i = 0; i < len && text[i] != '='; i++)
    {
      gint8 v = table[(guint8) text[i]];
      if (v == 0)
        return FALSE;
      acc = (acc << 6) | (guint32) (v - 1);
      bits += 6;
      if (bits >= 8)
        {
          bits -= 8;
          buf[n++] = (acc >> bits) & 0xff;
        }
    }
  for (; i < len; i++)
    if (text[i] != '=')
      return FALSE;

  *out = buf;
  *out_len = n;
  return TRUE;
}

static CtReadStatus
decode_float_field (Decoder       *d,
                    const CtToken *t,
                    CtValue       *out)
{
  switch (t->type)
    {
    case CT_TOKEN_FLOAT:
      out->flt.f = t->f;
      return CT_READ_OK;
    case CT_TOKEN_INT:
      out->flt.f = (double) t->i;
      return CT_READ_OK;
    case CT_TOKEN_UINT:
      out->flt.f = (double) t->u;
      return CT_READ_OK;
    case CT_TOKEN_STRING:
      {
        /* Ruby recorder (2026) and runtime_tracing 0.16+: keep the spelling so
         * the value goes back out exactly as it came in. */
        char buf[64];
        gsize len = MIN (t->s.len, sizeof buf - 1);
        char *end = NULL;

        memcpy (buf, t->s.str, len);
        buf[len] = '\0';
        if (g_ascii_strcasecmp (buf, "nan") == 0)
          out->flt.f = NAN;
        else if (g_ascii_strcasecmp (buf, "inf") == 0 || g_ascii_strcasecmp (buf, "infinity") == 0 ||
                 g_ascii_strcasecmp (buf, "+inf") == 0)
          out->flt.f = INFINITY;
        else if (g_ascii_strcasecmp (buf, "-inf") == 0 || g_ascii_strcasecmp (buf, "-infinity") == 0)
          out->flt.f = -INFINITY;
        else
          {
            out->flt.f = g_ascii_strtod (buf, &end);
            if (end == buf || *end != '\0' || t->s.len >= sizeof buf)
              out->flt.f = NAN;
          }
        out->flt.text.str = t->s.str;
        out->flt.text.len = t->s.len;
        d->event->deviations |= CT_DEVIATION_FLOAT_AS_STRING;
        return CT_READ_OK;
      }
    case CT_TOKEN_NULL:
      out->flt.f = NAN;
      out->flags |= CT_VALUE_FLAG_FLOAT_NULL;
      d->event->deviations |= CT_DEVIATION_FLOAT_NULL;
      return CT_READ_OK;
    default:
      return fail_type (d, t, "Float value", "f", "a number");
    }
}

static CtReadStatus
decode_int_field (Decoder       *d,
                  const CtToken *t,
                  CtValue       *out)
{
  switch (t->type)
    {
    case CT_TOKEN_INT:
      out->i = t->i;
      return CT_READ_OK;
    case CT_TOKEN_UINT:
      out->flags |= CT_VALUE_FLAG_INT_IS_BIG;
      out->big.magnitude = u64_to_magnitude (d->arena, t->u, &out->big.len);
      out->big.negative = FALSE;
      d->event->deviations |= CT_DEVIATION_BIG_INT;
      return CT_READ_OK;
    case CT_TOKEN_BIGNUM:
      out->flags |= CT_VALUE_FLAG_INT_IS_BIG;
      out->big.magnitude = (const guint8 *) t->s.str;
      out->big.len = t->s.len;
      out->big.negative = t->s.negative;
      d->event->deviations |= CT_DEVIATION_BIG_INT;
      return CT_READ_OK;
    case CT_TOKEN_BOOL:
      /* Python recorder (2025-08) wrote booleans as Int. */
      out->flags |= CT_VALUE_FLAG_INT_IS_BOOL;
      out->i = t->b ? 1 : 0;
      d->event->deviations |= CT_DEVIATION_BOOL_AS_INT;
      return CT_READ_OK;
    default:
      return fail_type (d, t, "Int value", "i", "an integer");
    }
}

/* The fields of a value record after its "kind". */
static CtReadStatus
decode_value_fields (Decoder       *d,
                     const CtToken *map_start,
                     CtValue       *out)
{
  const char *record = ct_value_kind_name (out->kind);
  guint seen = 0, extra_cap = 0;
  CtToken k, t;

  enum {
    F_TYPE_ID = 1 << 0, F_I = 1 << 1, F_F = 1 << 2, F_B = 1 << 3, F_TEXT = 1 << 4,
    F_ELEMENTS = 1 << 5, F_IS_SLICE = 1 << 6, F_DISC = 1 << 7, F_CONTENTS = 1 << 8,
    F_DEREF = 1 << 9, F_ADDRESS = 1 << 10, F_MUTABLE = 1 << 11, F_PLACE = 1 << 12,
    F_NEGATIVE = 1 << 13, F_REF = 1 << 14,
  };
  guint required;

  for (;;)
    {
      NEXT (d, &k);
      if (k.type == CT_TOKEN_END)
        break;
      if (G_UNLIKELY (k.type != CT_TOKEN_STRING))
        return fail (d, &k, "%s value: a map key must be a string, found %s",
                     record, token_type_name (k.type));

      if (KEY_IS (&k, "type_id") && out->kind != CT_VALUE_CELL && out->kind != CT_VALUE_VALUE_REF)
        {
          TRY (read_int (d, record, "type_id", &out->type_id));
          seen |= F_TYPE_ID;
          continue;
        }

      switch (out->kind)
        {
        case CT_VALUE_INT:
          if (KEY_IS (&k, "i"))
            {
              NEXT (d, &t);
              TRY (decode_int_field (d, &t, out));
              seen |= F_I;
              continue;
            }
          break;
        case CT_VALUE_FLOAT:
          if (KEY_IS (&k, "f"))
            {
              NEXT (d, &t);
              TRY (decode_float_field (d, &t, out));
              seen |= F_F;
              continue;
            }
          break;
        case CT_VALUE_BOOL:
          if (KEY_IS (&k, "b"))
            {
              TRY (read_bool (d, record, "b", &out->b));
              seen |= F_B;
              continue;
            }
          break;
        case CT_VALUE_STRING:
        case CT_VALUE_RAW:
        case CT_VALUE_ERROR:
        case CT_VALUE_CHAR:
          {
            const char *name = out->kind == CT_VALUE_STRING ? "text"
                             : out->kind == CT_VALUE_RAW    ? "r"
                             : out->kind == CT_VALUE_ERROR  ? "msg"
                                                            : "c";
            if (k.s.len == strlen (name) && memcmp (k.s.str, name, k.s.len) == 0)
              {
                TRY (read_string (d, record, name, &out->text));
                seen |= F_TEXT;
                continue;
              }
          }
          break;
        case CT_VALUE_SEQUENCE:
        case CT_VALUE_TUPLE:
          if (KEY_IS (&k, "elements"))
            {
              TRY (read_value_list (d, record, "elements", &out->seq.items, &out->seq.n_items));
              seen |= F_ELEMENTS;
              continue;
            }
          if (out->kind == CT_VALUE_SEQUENCE && KEY_IS (&k, "is_slice"))
            {
              TRY (read_bool (d, record, "is_slice", &out->seq.is_slice));
              seen |= F_IS_SLICE;
              continue;
            }
          break;
        case CT_VALUE_STRUCT:
          if (KEY_IS (&k, "field_values"))
            {
              TRY (read_value_list (d, record, "field_values", &out->seq.items, &out->seq.n_items));
              seen |= F_ELEMENTS;
              continue;
            }
          break;
        case CT_VALUE_VARIANT:
          if (KEY_IS (&k, "discriminator"))
            {
              TRY (read_string (d, record, "discriminator", &out->variant.discriminator));
              seen |= F_DISC;
              continue;
            }
          if (KEY_IS (&k, "contents"))
            {
              TRY (read_value (d, &out->variant.contents));
              seen |= F_CONTENTS;
              continue;
            }
          break;
        case CT_VALUE_REFERENCE:
          if (KEY_IS (&k, "dereferenced"))
            {
              TRY (read_value (d, &out->ref.dereferenced));
              seen |= F_DEREF;
              continue;
            }
          if (KEY_IS (&k, "address"))
            {
              TRY (read_uint (d, record, "address", &out->ref.address));
              seen |= F_ADDRESS;
              continue;
            }
          if (KEY_IS (&k, "mutable"))
            {
              TRY (read_bool (d, record, "mutable", &out->ref.mutable_));
              seen |= F_MUTABLE;
              continue;
            }
          break;
        case CT_VALUE_CELL:
          if (KEY_IS (&k, "place"))
            {
              TRY (read_int (d, record, "place", &out->place));
              seen |= F_PLACE;
              continue;
            }
          break;
        case CT_VALUE_BIGINT:
          if (KEY_IS (&k, "b"))
            {
              NEXT (d, &t);
              if (t.type == CT_TOKEN_STRING)
                {
                  if (!base64_decode_arena (d->arena, t.s.str, t.s.len,
                                            &out->big.magnitude, &out->big.len))
                    return fail (d, &t, "BigInt value: b is not valid base64");
                }
              else if (t.type == CT_TOKEN_BYTES)
                {
                  out->big.magnitude = (const guint8 *) t.s.str;
                  out->big.len = t.s.len;
                }
              else
                return fail_type (d, &t, record, "b", "a base64 string");
              seen |= F_I;
              continue;
            }
          if (KEY_IS (&k, "negative"))
            {
              TRY (read_bool (d, record, "negative", &out->big.negative));
              seen |= F_NEGATIVE;
              continue;
            }
          break;
        case CT_VALUE_VALUE_REF:
          if (KEY_IS (&k, "ref_id"))
            {
              TRY (read_uint (d, record, "ref_id", &out->value_ref));
              seen |= F_REF;
              continue;
            }
          break;
        case CT_VALUE_NONE:
        case CT_VALUE_UNKNOWN:
        case CT_N_VALUE_KINDS:
        default:
          break;
        }

      if (KEY_IS (&k, "ref_id") && out->kind != CT_VALUE_VALUE_REF)
        {
          /* Later formats mark compound values for cycles. */
          TRY (read_uint (d, record, "ref_id", &out->ref_id));
          out->flags |= CT_VALUE_FLAG_HAS_REF_ID;
          d->event->deviations |= CT_DEVIATION_NEWER_VALUE_KIND;
          continue;
        }

      TRY (skip_or_keep_extra (d, &k, &out->extra, &extra_cap));
    }

  switch (out->kind)
    {
    case CT_VALUE_INT: required = F_I | F_TYPE_ID; break;
    case CT_VALUE_FLOAT: required = F_F | F_TYPE_ID; break;
    case CT_VALUE_BOOL: required = F_B | F_TYPE_ID; break;
    case CT_VALUE_STRING:
    case CT_VALUE_RAW:
    case CT_VALUE_ERROR:
    case CT_VALUE_CHAR: required = F_TEXT | F_TYPE_ID; break;
    case CT_VALUE_SEQUENCE: required = F_ELEMENTS | F_IS_SLICE | F_TYPE_ID; break;
    case CT_VALUE_TUPLE:
    case CT_VALUE_STRUCT: required = F_ELEMENTS | F_TYPE_ID; break;
    case CT_VALUE_VARIANT: required = F_DISC | F_CONTENTS | F_TYPE_ID; break;
    case CT_VALUE_REFERENCE: required = F_DEREF | F_ADDRESS | F_MUTABLE | F_TYPE_ID; break;
    case CT_VALUE_NONE: required = F_TYPE_ID; break;
    case CT_VALUE_CELL: required = F_PLACE; break;
    case CT_VALUE_BIGINT: required = F_I | F_NEGATIVE | F_TYPE_ID; break;
    case CT_VALUE_VALUE_REF: required = F_REF; break;
    case CT_VALUE_UNKNOWN:
    case CT_N_VALUE_KINDS:
    default: required = 0; break;
    }

  if (G_UNLIKELY ((seen & required) != required))
    return fail (d, map_start, "%s value: a required field is missing", record);

  return CT_READ_OK;
}

static CtReadStatus
decode_value_kind (Decoder       *d,
                   const CtToken *map_start,
                   const CtToken *kind,
                   CtValue       *out)
{
  if (G_UNLIKELY (kind->type != CT_TOKEN_STRING))
    return fail_type (d, kind, "value", "kind", "a string");

  /* The hot kinds first. */
  if (KEY_IS (kind, "Int"))
    out->kind = CT_VALUE_INT;
  else if (KEY_IS (kind, "String"))
    out->kind = CT_VALUE_STRING;
  else if (!ct_value_kind_from_name (kind->s.str, kind->s.len, &out->kind))
    return UNKNOWN_KIND; /* caller keeps it as a tree */

  if (out->kind == CT_VALUE_CHAR || out->kind == CT_VALUE_VALUE_REF)
    d->event->deviations |= CT_DEVIATION_NEWER_VALUE_KIND;

  return decode_value_fields (d, map_start, out);
}

/* A value whose first key is not "kind" (or whose kind is unknown): capture
 * the whole record, then decode it from a replay with "kind" first. */
static CtReadStatus
decode_value_slow (Decoder       *d,
                   const CtToken *map_start,
                   const CtToken *first_key,
                   CtValue       *out)
{
  CtNode *rest = NULL;
  CtNode *reordered;
  const CtNode *kind_node = NULL;
  guint n = 0, cap = 0;
  CtToken t;

  /* Capture every entry of the map (the first key was already read). */
  if (first_key != NULL)
    {
      rest = vec_grow (d->arena, rest, n, &cap, sizeof (CtNode));
      TRY (capture_node (d, first_key, &rest[n++]));
      NEXT (d, &t);
      TRY (capture_node (d, &t, &rest[n++]));
    }
  for (;;)
    {
      NEXT (d, &t);
      if (t.type == CT_TOKEN_END)
        break;
      if ((n % 2) == 0 && t.type != CT_TOKEN_STRING)
        return fail (d, &t, "value: a map key must be a string, found %s", token_type_name (t.type));
      if (n == cap)
        rest = vec_grow (d->arena, rest, n, &cap, sizeof (CtNode));
      TRY (capture_node (d, &t, &rest[n++]));
    }

  reordered = ct_arena_new0 (d->arena, CtNode, 1);
  reordered->type = CT_NODE_MAP;
  reordered->c.items = ct_arena_new0 (d->arena, CtNode, n);
  reordered->c.n_items = n / 2;
  for (guint i = 0, j = 2; i + 1 < n; i += 2)
    {
      if (kind_node == NULL && rest[i].s.len == 4 && memcmp (rest[i].s.str, "kind", 4) == 0)
        {
          kind_node = &rest[i + 1];
          reordered->c.items[0] = rest[i];
          reordered->c.items[1] = rest[i + 1];
        }
      else if (j + 1 < n)
        {
          reordered->c.items[j] = rest[i];
          reordered->c.items[j + 1] = rest[i + 1];
          j += 2;
        }
    }

  if (kind_node == NULL)
    return fail (d, map_start, "value: the record has no \"kind\"");

  if (kind_node->type != CT_NODE_STRING)
    return fail (d, map_start, "value: kind must be a string");

  {
    ReplayTokenizer *replay = ct_arena_alloc0 (d->arena, sizeof (ReplayTokenizer));
    CtTokenizer *saved = d->tok;
    CtToken start, kind_key, kind_value;
    CtReadStatus status;

    replay->parent.klass = &replay_class;
    replay->parent.arena = d->arena;
    replay->offset = map_start->offset;
    replay->root = reordered;
    d->tok = &replay->parent;
    /* MAP_START, "kind", kind value */
    replay_next (d->tok, &start, d->error);
    replay_next (d->tok, &kind_key, d->error);
    replay_next (d->tok, &kind_value, d->error);
    status = decode_value_kind (d, map_start, &kind_value, out);
    if (status == UNKNOWN_KIND)
      {
        /* An unknown kind from a newer recorder: keep the record whole. */
        out->kind = CT_VALUE_UNKNOWN;
        out->unknown = ct_arena_new0 (d->arena, CtNode, 1);
        out->unknown->type = CT_NODE_MAP;
        out->unknown->c.items = rest;
        out->unknown->c.n_items = n / 2;
        d->event->deviations |= CT_DEVIATION_UNKNOWN_VALUE_KIND;
        status = CT_READ_OK;
      }
    else if (status == CT_READ_ERROR)
      saved->error_offset = map_start->offset;
    d->tok = saved;
    return status;
  }
}

static CtReadStatus
decode_value (Decoder       *d,
              const CtToken *first,
              CtValue       *out)
{
  CtToken k, kind;
  CtReadStatus status;

  memset (out, 0, sizeof *out);

  if (G_UNLIKELY (first->type != CT_TOKEN_MAP_START))
    return fail (d, first, "a value record must be a map, found %s", token_type_name (first->type));

  if (G_UNLIKELY (++d->depth > CT_MAX_NESTING))
    {
      d->tok->error_offset = first->offset;
      g_set_error (d->error, CT_TRACE_ERROR, CT_TRACE_ERROR_LIMIT,
                   "values nested deeper than %d levels", CT_MAX_NESTING);
      return CT_READ_ERROR;
    }

  NEXT (d, &k);
  if (G_LIKELY (k.type == CT_TOKEN_STRING && KEY_IS (&k, "kind")))
    {
      NEXT (d, &kind);
      status = decode_value_kind (d, first, &kind, out);
      if (status == UNKNOWN_KIND)
        {
          /* Unknown kind: capture the rest and keep the record whole. */
          CtToken key_tok = k;
          CtNode *items = NULL;
          guint n = 0, cap = 0;
          CtToken t;

          items = vec_grow (d->arena, items, n, &cap, sizeof (CtNode));
          TRY (capture_node (d, &key_tok, &items[n++]));
          TRY (capture_node (d, &kind, &items[n++]));
          for (;;)
            {
              NEXT (d, &t);
              if (t.type == CT_TOKEN_END)
                break;
              if ((n % 2) == 0 && t.type != CT_TOKEN_STRING)
                return fail (d, &t, "value: a map key must be a string, found %s",
                             token_type_name (t.type));
              if (n == cap)
                items = vec_grow (d->arena, items, n, &cap, sizeof (CtNode));
              TRY (capture_node (d, &t, &items[n++]));
            }
          out->kind = CT_VALUE_UNKNOWN;
          out->unknown = ct_arena_new0 (d->arena, CtNode, 1);
          out->unknown->type = CT_NODE_MAP;
          out->unknown->c.items = items;
          out->unknown->c.n_items = n / 2;
          d->event->deviations |= CT_DEVIATION_UNKNOWN_VALUE_KIND;
          status = CT_READ_OK;
        }
    }
  else if (k.type == CT_TOKEN_END)
    status = fail (d, first, "value: the record has no \"kind\"");
  else if (k.type != CT_TOKEN_STRING)
    status = fail (d, &k, "value: a map key must be a string, found %s", token_type_name (k.type));
  else
    status = decode_value_slow (d, first, &k, out);

  d->depth--;
  return status;
}

/* ---- event payloads ---- */

static CtReadStatus
expect_map (Decoder    *d,
            const char *record)
{
  CtToken t;

  NEXT (d, &t);
  if (G_UNLIKELY (t.type != CT_TOKEN_MAP_START))
    return fail (d, &t, "%s: the payload must be a map, found %s", record, token_type_name (t.type));
  return CT_READ_OK;
}

/* Reads the next key of a record map: CT_READ_OK with *done set at the end. */
static CtReadStatus
next_key (Decoder    *d,
          const char *record,
          CtToken    *k,
          gboolean   *done)
{
  NEXT (d, k);
  *done = k->type == CT_TOKEN_END;
  if (G_UNLIKELY (!*done && k->type != CT_TOKEN_STRING))
    return fail (d, k, "%s: a map key must be a string, found %s", record, token_type_name (k->type));
  return CT_READ_OK;
}

static CtReadStatus
missing (Decoder    *d,
         const char *record,
         const char *field)
{
  return fail (d, NULL, "%s: the field %s is missing", record, field);
}

/* {variable_id, value}, after its MAP_START: Value events and Call args */
static CtReadStatus
decode_full_value_fields (Decoder     *d,
                          const char  *record,
                          CtFullValue *out)
{
  guint seen = 0, extra_cap = 0;
  gboolean done;
  CtToken k;

  for (;;)
    {
      TRY (next_key (d, record, &k, &done));
      if (done)
        break;
      if (KEY_IS (&k, "variable_id"))
        {
          TRY (read_int (d, record, "variable_id", &out->variable_id));
          seen |= 1;
        }
      else if (KEY_IS (&k, "value"))
        {
          TRY (read_value (d, &out->value));
          seen |= 2;
        }
      else
        TRY (skip_or_keep_extra (d, &k, &d->event->extra, &extra_cap));
    }
  if (!(seen & 1))
    return missing (d, record, "variable_id");
  if (!(seen & 2))
    return missing (d, record, "value");
  return CT_READ_OK;
}

static CtReadStatus
decode_step (Decoder *d)
{
  CtEvent *e = d->event;
  guint seen = 0, extra_cap = 0;
  gboolean done;
  CtToken k;

  TRY (expect_map (d, "Step"));
  for (;;)
    {
      TRY (next_key (d, "Step", &k, &done));
      if (done)
        break;
      if (KEY_IS (&k, "path_id"))
        {
          TRY (read_int (d, "Step", "path_id", &e->step.path_id));
          seen |= 1;
        }
      else if (KEY_IS (&k, "line"))
        {
          TRY (read_int (d, "Step", "line", &e->step.line));
          seen |= 2;
        }
      else
        TRY (skip_or_keep_extra (d, &k, &e->extra, &extra_cap));
    }
  if (seen != 3)
    return missing (d, "Step", (seen & 1) ? "line" : "path_id");
  if (e->step.path_id < 0)
    e->deviations |= CT_DEVIATION_NEGATIVE_ID;
  return CT_READ_OK;
}

static CtReadStatus
decode_type_info (Decoder *d)
{
  CtEvent *e = d->event;
  gboolean done, have_kind = FALSE;
  guint extra_cap = 0;
  CtToken k, t;

  TRY (expect_map (d, "Type.specific_info"));
  for (;;)
    {
      TRY (next_key (d, "Type.specific_info", &k, &done));
      if (done)
        break;
      if (KEY_IS (&k, "kind"))
        {
          NEXT (d, &t);
          if (t.type != CT_TOKEN_STRING)
            return fail_type (d, &t, "Type.specific_info", "kind", "a string");
          if (KEY_IS (&t, "None"))
            e->type.info_kind = CT_TYPE_INFO_NONE;
          else if (KEY_IS (&t, "Struct"))
            e->type.info_kind = CT_TYPE_INFO_STRUCT;
          else if (KEY_IS (&t, "Pointer"))
            e->type.info_kind = CT_TYPE_INFO_POINTER;
          else
            return fail (d, &t, "Type.specific_info: unknown kind \"%.*s\"",
                         (int) MIN (t.s.len, 64), t.s.str);
          have_kind = TRUE;
        }
      else if (KEY_IS (&k, "fields"))
        {
          CtFieldType *fields = NULL;
          guint n = 0, cap = 0;

          NEXT (d, &t);
          if (t.type != CT_TOKEN_ARRAY_START)
            return fail_type (d, &t, "Type.specific_info", "fields", "an array");
          for (;;)
            {
              guint seen = 0;

              NEXT (d, &t);
              if (t.type == CT_TOKEN_END)
                break;
              if (t.type != CT_TOKEN_MAP_START)
                return fail_type (d, &t, "Type.specific_info", "a field", "a map");
              if (n == cap)
                fields = vec_grow (d->arena, fields, n, &cap, sizeof (CtFieldType));
              for (;;)
                {
                  TRY (next_key (d, "Type field", &k, &done));
                  if (done)
                    break;
                  if (KEY_IS (&k, "name"))
                    {
                      TRY (read_string (d, "Type field", "name", &fields[n].name));
                      seen |= 1;
                    }
                  else if (KEY_IS (&k, "type_id"))
                    {
                      TRY (read_int (d, "Type field", "type_id", &fields[n].type_id));
                      seen |= 2;
                    }
                  else
                    TRY (skip_or_keep_extra (d, &k, &e->extra, &extra_cap));
                }
              if (seen != 3)
                return missing (d, "Type field", (seen & 1) ? "type_id" : "name");
              n++;
            }
          e->type.fields = fields;
          e->type.n_fields = n;
        }
      else if (KEY_IS (&k, "dereference_type_id"))
        TRY (read_int (d, "Type.specific_info", "dereference_type_id", &e->type.dereference_type_id));
      else
        TRY (skip_or_keep_extra (d, &k, &e->extra, &extra_cap));
    }
  if (!have_kind)
    return missing (d, "Type.specific_info", "kind");
  return CT_READ_OK;
}

static CtReadStatus
decode_type (Decoder *d)
{
  CtEvent *e = d->event;
  guint seen = 0, extra_cap = 0;
  gboolean done;
  gint64 kind;
  CtToken k;

  TRY (expect_map (d, "Type"));
  for (;;)
    {
      TRY (next_key (d, "Type", &k, &done));
      if (done)
        break;
      if (KEY_IS (&k, "kind"))
        {
          TRY (read_int (d, "Type", "kind", &kind));
          if (kind < 0 || kind > 255)
            return fail (d, &k, "Type: kind %" G_GINT64_FORMAT " is not a TypeKind number", kind);
          if (kind >= CT_N_TYPE_KINDS)
            e->deviations |= CT_DEVIATION_UNKNOWN_ENUM;
          e->type.kind = (guint) kind;
          seen |= 1;
        }
      else if (KEY_IS (&k, "lang_type"))
        {
          TRY (read_string (d, "Type", "lang_type", &e->type.lang_type));
          seen |= 2;
        }
      else if (KEY_IS (&k, "specific_info"))
        {
          TRY (decode_type_info (d));
          seen |= 4;
        }
      else
        TRY (skip_or_keep_extra (d, &k, &e->extra, &extra_cap));
    }
  if (seen != 7)
    return missing (d, "Type", !(seen & 1) ? "kind" : !(seen & 2) ? "lang_type" : "specific_info");
  return CT_READ_OK;
}

static CtReadStatus
decode_function (Decoder *d)
{
  CtEvent *e = d->event;
  guint seen = 0, extra_cap = 0;
  gboolean done;
  CtToken k;

  TRY (expect_map (d, "Function"));
  for (;;)
    {
      TRY (next_key (d, "Function", &k, &done));
      if (done)
        break;
      if (KEY_IS (&k, "path_id"))
        {
          TRY (read_int (d, "Function", "path_id", &e->function.path_id));
          seen |= 1;
        }
      else if (KEY_IS (&k, "line"))
        {
          TRY (read_int (d, "Function", "line", &e->function.line));
          seen |= 2;
        }
      else if (KEY_IS (&k, "name"))
        {
          TRY (read_string (d, "Function", "name", &e->function.name));
          seen |= 4;
        }
      else
        TRY (skip_or_keep_extra (d, &k, &e->extra, &extra_cap));
    }
  if (seen != 7)
    return missing (d, "Function", !(seen & 1) ? "path_id" : !(seen & 2) ? "line" : "name");
  return CT_READ_OK;
}

static CtReadStatus
decode_call (Decoder *d)
{
  CtEvent *e = d->event;
  guint seen = 0, extra_cap = 0;
  gboolean done;
  CtToken k, t;

  TRY (expect_map (d, "Call"));
  for (;;)
    {
      TRY (next_key (d, "Call", &k, &done));
      if (done)
        break;
      if (KEY_IS (&k, "function_id"))
        {
          TRY (read_int (d, "Call", "function_id", &e->call.function_id));
          seen |= 1;
        }
      else if (KEY_IS (&k, "args"))
        {
          CtFullValue *args = NULL;
          guint n = 0, cap = 0;

          NEXT (d, &t);
          if (t.type != CT_TOKEN_ARRAY_START)
            return fail_type (d, &t, "Call", "args", "an array");
          for (;;)
            {
              CtToken a;

              NEXT (d, &a);
              if (a.type == CT_TOKEN_END)
                break;
              if (a.type != CT_TOKEN_MAP_START)
                return fail_type (d, &a, "Call", "an argument", "a map");
              if (n == cap)
                args = vec_grow (d->arena, args, n, &cap, sizeof (CtFullValue));
              TRY (decode_full_value_fields (d, "Call argument", &args[n]));
              n++;
            }
          e->call.args = args;
          e->call.n_args = n;
          seen |= 2;
        }
      else
        TRY (skip_or_keep_extra (d, &k, &e->extra, &extra_cap));
    }
  if (seen != 3)
    return missing (d, "Call", (seen & 1) ? "args" : "function_id");
  return CT_READ_OK;
}

static CtReadStatus
decode_return (Decoder *d)
{
  CtEvent *e = d->event;
  guint extra_cap = 0;
  gboolean done, seen = FALSE;
  CtToken k;

  TRY (expect_map (d, "Return"));
  for (;;)
    {
      TRY (next_key (d, "Return", &k, &done));
      if (done)
        break;
      if (KEY_IS (&k, "return_value"))
        {
          TRY (read_value (d, &e->ret.return_value));
          seen = TRUE;
        }
      else
        TRY (skip_or_keep_extra (d, &k, &e->extra, &extra_cap));
    }
  if (!seen)
    return missing (d, "Return", "return_value");
  return CT_READ_OK;
}

static CtReadStatus
decode_io_event (Decoder *d)
{
  CtEvent *e = d->event;
  guint seen = 0, extra_cap = 0;
  gboolean done;
  gint64 kind;
  CtToken k;

  TRY (expect_map (d, "Event"));
  for (;;)
    {
      TRY (next_key (d, "Event", &k, &done));
      if (done)
        break;
      if (KEY_IS (&k, "kind"))
        {
          TRY (read_int (d, "Event", "kind", &kind));
          if (kind < 0 || kind > 255)
            return fail (d, &k, "Event: kind %" G_GINT64_FORMAT " is not an EventLogKind number", kind);
          if (kind >= CT_N_EVENT_LOG_KINDS)
            e->deviations |= CT_DEVIATION_UNKNOWN_ENUM;
          e->io.kind = (guint) kind;
          seen |= 1;
        }
      else if (KEY_IS (&k, "metadata"))
        {
          TRY (read_string (d, "Event", "metadata", &e->io.metadata));
          seen |= 2;
        }
      else if (KEY_IS (&k, "content"))
        {
          TRY (read_string (d, "Event", "content", &e->io.content));
          seen |= 4;
        }
      else
        TRY (skip_or_keep_extra (d, &k, &e->extra, &extra_cap));
    }
  if (seen != 7)
    return missing (d, "Event", !(seen & 1) ? "kind" : !(seen & 2) ? "metadata" : "content");
  return CT_READ_OK;
}

static gboolean
is_id_node (const CtNode *n)
{
  return n != NULL && n->type == CT_NODE_INT;
}

static CtReadStatus
decode_assignment (Decoder *d)
{
  CtEvent *e = d->event;
  guint seen = 0, extra_cap = 0;
  gboolean done;
  CtToken k, t;

  TRY (expect_map (d, "Assignment"));
  for (;;)
    {
      TRY (next_key (d, "Assignment", &k, &done));
      if (done)
        break;
      if (KEY_IS (&k, "to"))
        {
          TRY (read_int (d, "Assignment", "to", &e->assignment.to));
          seen |= 1;
        }
      else if (KEY_IS (&k, "pass_by"))
        {
          NEXT (d, &t);
          if (t.type == CT_TOKEN_STRING && KEY_IS (&t, "Value"))
            e->assignment.by_reference = FALSE;
          else if (t.type == CT_TOKEN_STRING && KEY_IS (&t, "Reference"))
            e->assignment.by_reference = TRUE;
          else
            return fail (d, &t, "Assignment: pass_by must be \"Value\" or \"Reference\"");
          seen |= 2;
        }
      else if (KEY_IS (&k, "from"))
        {
          /* Recorders disagree on RValue's shape: keep it as written. */
          NEXT (d, &t);
          e->assignment.from = ct_arena_alloc (d->arena, sizeof (CtNode));
          TRY (capture_node (d, &t, e->assignment.from));
          seen |= 4;
        }
      else
        TRY (skip_or_keep_extra (d, &k, &e->extra, &extra_cap));
    }
  if (seen != 7)
    return missing (d, "Assignment", !(seen & 1) ? "to" : !(seen & 2) ? "pass_by" : "from");

  {
    const CtNode *from = e->assignment.from;
    const CtNode *kind = ct_node_map_lookup (from, "kind");
    const CtNode *payload = ct_node_map_lookup (from, "0");
    gboolean documented = FALSE;

    if (from->type == CT_NODE_MAP && from->c.n_items == 2 && kind != NULL &&
        kind->type == CT_NODE_STRING && payload != NULL)
      {
        if (kind->s.len == 6 && memcmp (kind->s.str, "Simple", 6) == 0)
          documented = is_id_node (payload);
        else if (kind->s.len == 8 && memcmp (kind->s.str, "Compound", 8) == 0 &&
                 payload->type == CT_NODE_ARRAY)
          {
            documented = TRUE;
            for (guint i = 0; i < payload->c.n_items; i++)
              documented = documented && is_id_node (&payload->c.items[i]);
          }
      }
    if (!documented)
      e->deviations |= CT_DEVIATION_ASSIGNMENT_SHAPE;
  }
  return CT_READ_OK;
}

/* Records whose fields are all integers: BindVariable, VariableCell,
 * AssignCompoundItem. */
static CtReadStatus
decode_int_record (Decoder           *d,
                   const char        *record,
                   const char * const *names,
                   gint64 * const    *slots,
                   guint              n_fields)
{
  guint seen = 0, extra_cap = 0;
  gboolean done;
  CtToken k;

  TRY (expect_map (d, record));
  for (;;)
    {
      guint i;

      TRY (next_key (d, record, &k, &done));
      if (done)
        break;
      for (i = 0; i < n_fields; i++)
        if (k.s.len == strlen (names[i]) && memcmp (k.s.str, names[i], k.s.len) == 0)
          break;
      if (i < n_fields)
        {
          TRY (read_int (d, record, names[i], slots[i]));
          seen |= 1u << i;
        }
      else
        TRY (skip_or_keep_extra (d, &k, &d->event->extra, &extra_cap));
    }
  for (guint i = 0; i < n_fields; i++)
    if (!(seen & (1u << i)))
      return missing (d, record, names[i]);
  return CT_READ_OK;
}

static CtReadStatus
decode_place_value (Decoder    *d,
                    const char *record,
                    const char *value_name)
{
  CtEvent *e = d->event;
  guint seen = 0, extra_cap = 0;
  gboolean done;
  CtToken k;

  TRY (expect_map (d, record));
  for (;;)
    {
      TRY (next_key (d, record, &k, &done));
      if (done)
        break;
      if (KEY_IS (&k, "place"))
        {
          TRY (read_int (d, record, "place", &e->place_value.place));
          seen |= 1;
        }
      else if (k.s.len == strlen (value_name) && memcmp (k.s.str, value_name, k.s.len) == 0)
        {
          TRY (read_value (d, &e->place_value.value));
          seen |= 2;
        }
      else
        TRY (skip_or_keep_extra (d, &k, &e->extra, &extra_cap));
    }
  if (seen != 3)
    return missing (d, record, (seen & 1) ? value_name : "place");
  return CT_READ_OK;
}

static CtReadStatus
decode_string_list (Decoder    *d,
                    const char *record,
                    CtStr     **out_items,
                    guint      *out_n)
{
  CtStr *items = NULL;
  guint n = 0, cap = 0;
  CtToken t;

  NEXT (d, &t);
  if (t.type != CT_TOKEN_ARRAY_START)
    return fail_type (d, &t, record, "the payload", "an array of strings");
  for (;;)
    {
      NEXT (d, &t);
      if (t.type == CT_TOKEN_END)
        break;
      if (t.type != CT_TOKEN_STRING)
        return fail_type (d, &t, record, "an item", "a string");
      if (n == cap)
        items = vec_grow (d->arena, items, n, &cap, sizeof (CtStr));
      items[n].str = t.s.str;
      items[n].len = t.s.len;
      n++;
    }
  *out_items = items;
  *out_n = n;
  return CT_READ_OK;
}

static CtReadStatus
decode_int_list (Decoder    *d,
                 const char *record,
                 gint64    **out_items,
                 guint      *out_n)
{
  gint64 *items = NULL;
  guint n = 0, cap = 0;
  CtToken t;

  NEXT (d, &t);
  if (t.type != CT_TOKEN_ARRAY_START)
    return fail_type (d, &t, record, "the payload", "an array of integers");
  for (;;)
    {
      NEXT (d, &t);
      if (t.type == CT_TOKEN_END)
        break;
      if (n == cap)
        items = vec_grow (d->arena, items, n, &cap, sizeof (gint64));
      TRY (expect_int (d, &t, record, "an item", &items[n]));
      n++;
    }
  *out_items = items;
  *out_n = n;
  return CT_READ_OK;
}

static CtReadStatus
decode_payload (Decoder *d)
{
  CtEvent *e = d->event;

  switch (e->kind)
    {
    case CT_EVENT_STEP:
      return decode_step (d);
    case CT_EVENT_PATH:
      return read_string (d, "Path", "the payload", &e->name);
    case CT_EVENT_VARIABLE:
      e->deviations |= CT_DEVIATION_LEGACY_VARIABLE;
      return read_string (d, "Variable", "the payload", &e->name);
    case CT_EVENT_VARIABLE_NAME:
      return read_string (d, "VariableName", "the payload", &e->name);
    case CT_EVENT_TYPE:
      return decode_type (d);
    case CT_EVENT_VALUE:
      TRY (expect_map (d, "Value"));
      return decode_full_value_fields (d, "Value", &e->value);
    case CT_EVENT_FUNCTION:
      return decode_function (d);
    case CT_EVENT_CALL:
      return decode_call (d);
    case CT_EVENT_RETURN:
      return decode_return (d);
    case CT_EVENT_EVENT:
      return decode_io_event (d);
    case CT_EVENT_ASM:
      return decode_string_list (d, "Asm", &e->asm_.lines, &e->asm_.n_lines);
    case CT_EVENT_BIND_VARIABLE:
    case CT_EVENT_VARIABLE_CELL:
      {
        static const char * const names[] = { "variable_id", "place" };
        gint64 * const slots[] = { &e->bind.variable_id, &e->bind.place };
        return decode_int_record (d, ct_event_kind_name (e->kind), names, slots, 2);
      }
    case CT_EVENT_ASSIGNMENT:
      return decode_assignment (d);
    case CT_EVENT_DROP_VARIABLES:
      return decode_int_list (d, "DropVariables", &e->drop_variables.ids, &e->drop_variables.n_ids);
    case CT_EVENT_COMPOUND_VALUE:
      return decode_place_value (d, "CompoundValue", "value");
    case CT_EVENT_CELL_VALUE:
      return decode_place_value (d, "CellValue", "value");
    case CT_EVENT_ASSIGN_CELL:
      return decode_place_value (d, "AssignCell", "new_value");
    case CT_EVENT_ASSIGN_COMPOUND_ITEM:
      {
        static const char * const names[] = { "place", "index", "item_place" };
        gint64 * const slots[] = { &e->assign_item.place, &e->assign_item.index,
                                   &e->assign_item.item_place };
        return decode_int_record (d, "AssignCompoundItem", names, slots, 3);
      }
    case CT_EVENT_DROP_VARIABLE:
      return read_int (d, "DropVariable", "the payload", &e->variable_id);
    case CT_EVENT_THREAD_START:
    case CT_EVENT_THREAD_EXIT:
    case CT_EVENT_THREAD_SWITCH:
      return read_uint (d, ct_event_kind_name (e->kind), "the payload", &e->thread_id);
    case CT_EVENT_DROP_LAST_STEP:
      {
        CtToken t;

        NEXT (d, &t);
        if (t.type != CT_TOKEN_NULL)
          return fail (d, &t, "DropLastStep takes no payload, found %s", token_type_name (t.type));
        e->deviations |= CT_DEVIATION_DROP_LAST_STEP_MAP;
        return CT_READ_OK;
      }
    case CT_EVENT_UNKNOWN:
    case CT_N_EVENT_KINDS:
    default:
      g_assert_not_reached ();
    }
}

CtReadStatus
_ct_event_decode (CtTokenizer  *tok,
                  CtArena      *arena,
                  CtEvent      *event,
                  GError      **error)
{
  Decoder d = { tok, arena, event, error, 0 };
  CtToken t, name, end;

  memset (event, 0, sizeof *event);

  NEXT (&d, &t);

  if (t.type == CT_TOKEN_STRING)
    {
      /* A unit variant: serde writes DropLastStep as a bare string. */
      if (KEY_IS (&t, "DropLastStep"))
        {
          event->kind = CT_EVENT_DROP_LAST_STEP;
          return CT_READ_OK;
        }
      event->kind = CT_EVENT_UNKNOWN;
      if (ct_event_kind_from_name (t.s.str, t.s.len, &event->kind))
        return fail (&d, &t, "%s needs a payload", ct_event_kind_name (event->kind));
      event->kind = CT_EVENT_UNKNOWN;
      event->unknown.variant.str = t.s.str;
      event->unknown.variant.len = t.s.len;
      event->deviations |= CT_DEVIATION_UNKNOWN_VARIANT;
      return CT_READ_OK;
    }

  if (G_UNLIKELY (t.type != CT_TOKEN_MAP_START))
    return fail (&d, &t, "an event must be a map of one entry {\"Variant\": payload}, found %s",
                 token_type_name (t.type));

  NEXT (&d, &name);
  if (G_UNLIKELY (name.type == CT_TOKEN_END))
    return fail (&d, &t, "an event must be a map of one entry, found an empty map");
  if (G_UNLIKELY (name.type != CT_TOKEN_STRING))
    return fail (&d, &name, "an event's variant name must be a string, found %s",
                 token_type_name (name.type));

  if (ct_event_kind_from_name (name.s.str, name.s.len, &event->kind))
    TRY (decode_payload (&d));
  else
    {
      /* A variant from a newer recorder: keep it whole. */
      CtToken p;

      event->kind = CT_EVENT_UNKNOWN;
      event->unknown.variant.str = name.s.str;
      event->unknown.variant.len = name.s.len;
      event->unknown.payload = ct_arena_alloc (arena, sizeof (CtNode));
      NEXT (&d, &p);
      TRY (capture_node (&d, &p, event->unknown.payload));
      event->deviations |= CT_DEVIATION_UNKNOWN_VARIANT;
    }

  NEXT (&d, &end);
  if (G_UNLIKELY (end.type != CT_TOKEN_END))
    return fail (&d, &end, "an event must be a map of exactly one entry (%s has more)",
                 ct_event_kind_name (event->kind));

  return CT_READ_OK;
}
