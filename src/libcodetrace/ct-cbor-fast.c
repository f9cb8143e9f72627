/* ct-cbor-fast.c
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ct-codec-private.h"

/* Nine events in ten of a real trace are a Step or a Value holding a scalar,
 * and serde + cbor4ii always write them with the same bytes around the
 * numbers: {"Step":{"path_id":P,"line":L}} and
 * {"Value":{"variable_id":V,"value":{"kind":"Int","i":I,"type_id":T}}},
 * and calls and returns of scalars are next.
 * Matching those byte patterns directly avoids a tokenizer call and a key
 * comparison per field. Anything else — other key orders, other kinds,
 * non-ASCII text, running out of buffer — returns 0 and the general decoder
 * (ct-event-decoder.c) reads the item, so behaviour is the same either way. */

#define MATCH(p, end, lit)                                                  \
  ((gsize) ((end) - (p)) >= sizeof (lit) - 1 &&                             \
   memcmp ((p), (lit), sizeof (lit) - 1) == 0 && ((p) += sizeof (lit) - 1, TRUE))

/* An integer head (major 0 or 1, at most 8 bytes of argument) that fits
 * gint64. */
static inline gboolean
read_int (const guint8 **pp,
          const guint8  *end,
          gint64        *out)
{
  const guint8 *p = *pp;
  guint8 ib, major, info;
  guint64 v;

  if (p >= end)
    return FALSE;
  ib = *p++;
  major = ib >> 5;
  info = ib & 0x1f;
  if (major > 1)
    return FALSE;

  if (info < 24)
    v = info;
  else if (info == 24 && end - p >= 1)
    v = p[0], p += 1;
  else if (info == 25 && end - p >= 2)
    v = (guint64) p[0] << 8 | p[1], p += 2;
  else if (info == 26 && end - p >= 4)
    v = (guint64) p[0] << 24 | (guint64) p[1] << 16 | (guint64) p[2] << 8 | p[3], p += 4;
  else if (info == 27 && end - p >= 8)
    {
      v = 0;
      for (int i = 0; i < 8; i++)
        v = v << 8 | p[i];
      p += 8;
    }
  else
    return FALSE;

  if (v > G_MAXINT64)
    return FALSE;
  *out = major == 0 ? (gint64) v : -(gint64) v - 1;
  *pp = p;
  return TRUE;
}

/* A definite text string of printable ASCII (so no UTF-8 check is needed). */
static inline gboolean
read_ascii (const guint8 **pp,
            const guint8  *end,
            CtStr         *out)
{
  const guint8 *p = *pp;
  guint8 ib;
  gsize len;

  if (p >= end)
    return FALSE;
  ib = *p++;
  if ((ib >> 5) != 3)
    return FALSE;
  ib &= 0x1f;
  if (ib < 24)
    len = ib;
  else if (ib == 24 && end - p >= 1)
    len = *p++;
  else if (ib == 25 && end - p >= 2)
    {
      len = (gsize) p[0] << 8 | p[1];
      p += 2;
    }
  else
    return FALSE;
  if ((gsize) (end - p) < len)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (G_UNLIKELY (p[i] >= 0x80))
      return FALSE;
  out->str = (const char *) p;
  out->len = len;
  *pp = p + len;
  return TRUE;
}

#define MAX_FAST_DEPTH 8

static gboolean read_value (const guint8 **pp,
                            const guint8  *end,
                            CtArena       *arena,
                            guint          depth,
                            CtValue       *v);

/* The scalar kinds, inlined into the callers since nearly every value is
 * one; compound values go through read_value (recursive). */
static inline gboolean
read_scalar (const guint8 **pp,
             const guint8  *end,
             CtValue       *v)
{
  const guint8 *p = *pp;

  if (MATCH (p, end, "\xA3\x64kind\x63" "Int\x61" "i"))
    {
      memset (v, 0, sizeof *v);
      v->kind = CT_VALUE_INT;
      if (!read_int (&p, end, &v->i))
        return FALSE;
    }
  else if (MATCH (p, end, "\xA3\x64kind\x63Raw\x61r"))
    {
      memset (v, 0, sizeof *v);
      v->kind = CT_VALUE_RAW;
      if (!read_ascii (&p, end, &v->text))
        return FALSE;
    }
  else
    return FALSE;

  if (!MATCH (p, end, "\x67type_id") || !read_int (&p, end, &v->type_id))
    return FALSE;
  *pp = p;
  return TRUE;
}

static inline gboolean
read_any_value (const guint8 **pp,
                const guint8  *end,
                CtArena       *arena,
                CtValue       *v)
{
  return read_scalar (pp, end, v) || read_value (pp, end, arena, 1, v);
}

/* A definite array of at most 23 values: Sequence, Tuple, Struct. */
static gboolean
read_value_list (const guint8 **pp,
                 const guint8  *end,
                 CtArena       *arena,
                 guint          depth,
                 CtValue      **out_items,
                 guint         *out_n)
{
  const guint8 *p = *pp;
  CtValue *items;
  guint n;

  if (p >= end || (*p & 0xE0) != 0x80 || (*p & 0x1f) >= 24)
    return FALSE;
  n = *p++ & 0x1f;
  items = n > 0 ? ct_arena_alloc (arena, sizeof (CtValue) * n) : NULL;
  for (guint i = 0; i < n; i++)
    if (!read_value (&p, end, arena, depth + 1, &items[i]))
      return FALSE;
  *out_items = items;
  *out_n = n;
  *pp = p;
  return TRUE;
}

static gboolean
read_value (const guint8 **pp,
            const guint8  *end,
            CtArena       *arena,
            guint          depth,
            CtValue       *v)
{
  const guint8 *p = *pp;

  memset (v, 0, sizeof *v);
  if (depth > MAX_FAST_DEPTH)
    return FALSE;

  if (MATCH (p, end, "\xA3\x64kind\x63" "Int\x61" "i"))
    {
      v->kind = CT_VALUE_INT;
      if (!read_int (&p, end, &v->i))
        return FALSE;
    }
  else if (MATCH (p, end, "\xA3\x64kind\x66String\x64text"))
    {
      v->kind = CT_VALUE_STRING;
      if (!read_ascii (&p, end, &v->text))
        return FALSE;
    }
  else if (MATCH (p, end, "\xA3\x64kind\x63Raw\x61r"))
    {
      v->kind = CT_VALUE_RAW;
      if (!read_ascii (&p, end, &v->text))
        return FALSE;
    }
  else if (MATCH (p, end, "\xA3\x64kind\x64" "Bool\x61" "b"))
    {
      v->kind = CT_VALUE_BOOL;
      if (p >= end || (*p != 0xF4 && *p != 0xF5))
        return FALSE;
      v->b = *p++ == 0xF5;
    }
  else if (MATCH (p, end, "\xA3\x64kind\x65" "Float\x61" "f\xFB"))
    {
      guint64 bits = 0;

      if (end - p < 8)
        return FALSE;
      for (int i = 0; i < 8; i++)
        bits = bits << 8 | p[i];
      p += 8;
      v->kind = CT_VALUE_FLOAT;
      memcpy (&v->flt.f, &bits, sizeof bits);
    }
  else if (MATCH (p, end, "\xA2\x64kind\x64None"))
    v->kind = CT_VALUE_NONE;
  else if (MATCH (p, end, "\xA4\x64kind\x68Sequence\x68" "elements"))
    {
      v->kind = CT_VALUE_SEQUENCE;
      if (!read_value_list (&p, end, arena, depth, &v->seq.items, &v->seq.n_items) ||
          !MATCH (p, end, "\x68is_slice") || p >= end || (*p != 0xF4 && *p != 0xF5))
        return FALSE;
      v->seq.is_slice = *p++ == 0xF5;
    }
  else if (MATCH (p, end, "\xA3\x64kind\x65Tuple\x68" "elements"))
    {
      v->kind = CT_VALUE_TUPLE;
      if (!read_value_list (&p, end, arena, depth, &v->seq.items, &v->seq.n_items))
        return FALSE;
    }
  else if (MATCH (p, end, "\xA3\x64kind\x66Struct\x6C" "field_values"))
    {
      v->kind = CT_VALUE_STRUCT;
      if (!read_value_list (&p, end, arena, depth, &v->seq.items, &v->seq.n_items))
        return FALSE;
    }
  else
    return FALSE;

  if (!MATCH (p, end, "\x67type_id") || !read_int (&p, end, &v->type_id))
    return FALSE;

  *pp = p;
  return TRUE;
}

/* One event: dispatched on its variant name's head byte (the length of
 * the name), so that each event tries the one or two patterns it can be. */
static inline gsize
decode_one (const guint8 *start,
            const guint8 *end,
            CtArena      *arena,
            CtEvent      *event)
{
  const guint8 *p = start;

  if (end - p < 2 || p[0] != 0xA1)
    return 0;
  switch (p[1])
    {
    case 0x64: /* Step, Call */
      if (p + 2 < end && p[2] == 'S')
        goto step;
      goto call;
    case 0x65: /* Value */
      goto value;
    case 0x66: /* Return */
      goto ret;
    case 0x6C: /* VariableName */
      goto variable_name;
    default:
      return 0;
    }

variable_name:

  if (MATCH (p, end, "\xA1\x6CVariableName"))
    {
      CtStr name;

      if (!read_ascii (&p, end, &name))
        return 0;
      memset (event, 0, sizeof *event);
      event->kind = CT_EVENT_VARIABLE_NAME;
      event->name = name;
      return p - start;
    }

step:
  if (MATCH (p, end, "\xA1\x64Step\xA2\x67path_id"))
    {
      gint64 path_id, line;

      if (!read_int (&p, end, &path_id) || !MATCH (p, end, "\x64line") ||
          !read_int (&p, end, &line) || path_id < 0)
        return 0;
      memset (event, 0, sizeof *event);
      event->kind = CT_EVENT_STEP;
      event->step.path_id = path_id;
      event->step.line = line;
      return p - start;
    }

value:
  if (MATCH (p, end, "\xA1\x65Value\xA2\x6Bvariable_id"))
    {
      gint64 variable_id;
      CtValue *value = ct_arena_alloc (arena, sizeof (CtValue));

      if (!read_int (&p, end, &variable_id) || !MATCH (p, end, "\x65value") ||
          !read_any_value (&p, end, arena, value))
        return 0;
      memset (event, 0, sizeof *event);
      event->kind = CT_EVENT_VALUE;
      event->value.variable_id = variable_id;
      event->value.value = value;
      return p - start;
    }

call:
  if (MATCH (p, end, "\xA1\x64" "Call\xA2\x6B" "function_id"))
    {
      gint64 function_id;
      CtFullValue *args;
      guint n_args;

      if (!read_int (&p, end, &function_id) || !MATCH (p, end, "\x64" "args") ||
          p >= end || (*p & 0xE0) != 0x80 || (*p & 0x1f) >= 24)
        return 0;
      n_args = *p++ & 0x1f;
      args = ct_arena_alloc (arena, sizeof (CtFullValue) * MAX (n_args, 1));
      for (guint i = 0; i < n_args; i++)
        {
          args[i].value = ct_arena_alloc (arena, sizeof (CtValue));
          if (!MATCH (p, end, "\xA2\x6B" "variable_id") ||
              !read_int (&p, end, &args[i].variable_id) ||
              !MATCH (p, end, "\x65" "value") ||
              !read_any_value (&p, end, arena, args[i].value))
            return 0;
        }
      memset (event, 0, sizeof *event);
      event->kind = CT_EVENT_CALL;
      event->call.function_id = function_id;
      event->call.args = n_args > 0 ? args : NULL;
      event->call.n_args = n_args;
      return p - start;
    }

ret:
  if (MATCH (p, end, "\xA1\x66" "Return\xA1\x6C" "return_value"))
    {
      CtValue *value = ct_arena_alloc (arena, sizeof (CtValue));

      if (!read_any_value (&p, end, arena, value))
        return 0;
      memset (event, 0, sizeof *event);
      event->kind = CT_EVENT_RETURN;
      event->ret.return_value = value;
      return p - start;
    }

  return 0;
}

gsize
_ct_cbor_fast_decode (const guint8 *start,
                      const guint8 *end,
                      CtArena      *arena,
                      CtEvent      *event)
{
  return decode_one (start, end, arena, event);
}

guint
_ct_cbor_fast_decode_batch (const guint8 *start,
                            const guint8 *end,
                            CtArena      *arena,
                            CtEvent      *events,
                            gsize        *starts,
                            guint         max,
                            gsize        *used)
{
  const guint8 *p = start;
  guint n = 0;

  while (n < max)
    {
      gsize len = decode_one (p, end, arena, &events[n]);

      if (len == 0)
        break;
      starts[n++] = p - start;
      p += len;
    }
  *used = p - start;
  return n;
}
