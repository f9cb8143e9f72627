/* ct-json-fast.c
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ct-codec-private.h"

/* The JSON counterpart of ct-cbor-fast.c: serde_json (and so the reference
 * writer, our own writer and `codetrace convert`) writes the common events
 * compactly and always with the same bytes around the numbers, e.g.
 * {"Step":{"path_id":1,"line":7}}. Those are matched directly; anything else
 * (whitespace, other key orders, escapes, non-ASCII text, floats, big
 * numbers, values nested deeper than a few levels, the end of the buffer) returns 0 and the tokenizer and the general
 * decoder read the item with every check. */

#define MATCH(p, end, lit)                                                  \
  ((gsize) ((end) - (p)) >= sizeof (lit) - 1 &&                             \
   memcmp ((p), (lit), sizeof (lit) - 1) == 0 && ((p) += sizeof (lit) - 1, TRUE))

/* -?(0|[1-9][0-9]{0,17}): at most 18 digits always fits gint64. The byte
 * after it must be present (so the number is known to end there). */
static inline gboolean
read_int (const guint8 **pp,
          const guint8  *end,
          gint64        *out)
{
  const guint8 *p = *pp;
  gboolean negative = FALSE;
  guint64 v = 0;
  int digits = 0;

  if (p < end && *p == '-')
    {
      negative = TRUE;
      p++;
    }
  if (p >= end)
    return FALSE;
  if (*p == '0')
    {
      p++;
      digits = 1;
    }
  else
    {
      while (p < end && *p >= '0' && *p <= '9' && digits < 18)
        {
          v = v * 10 + (*p - '0');
          p++;
          digits++;
        }
    }
  if (digits == 0 || p >= end || (*p >= '0' && *p <= '9') || *p == '.' || *p == 'e' || *p == 'E')
    return FALSE;

  *out = negative ? -(gint64) v : (gint64) v;
  *pp = p;
  return TRUE;
}

/* A string of printable ASCII without escapes: it stands for itself. */
static inline gboolean
read_plain_string (const guint8 **pp,
                   const guint8  *end,
                   CtStr         *out)
{
  const guint8 *p = *pp;
  const guint8 *s;

  if (p >= end || *p != '"')
    return FALSE;
  s = ++p;
  while (p < end && *p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\')
    p++;
  if (p >= end || *p != '"')
    return FALSE;
  out->str = (const char *) s;
  out->len = p - s;
  *pp = p + 1;
  return TRUE;
}

#define MAX_FAST_DEPTH 8

static gboolean read_value (const guint8 **pp,
                            const guint8  *end,
                            CtArena       *arena,
                            guint          depth,
                            CtValue       *v);

/* `[value,value,...]` of at most a few levels: Sequence, Tuple, Struct. */
static gboolean
read_value_list (const guint8 **pp,
                 const guint8  *end,
                 CtArena       *arena,
                 guint          depth,
                 CtValue      **out_items,
                 guint         *out_n)
{
  const guint8 *p = *pp;
  CtValue *items = NULL;
  guint n = 0, cap = 0;

  if (!MATCH (p, end, "["))
    return FALSE;
  while (!MATCH (p, end, "]"))
    {
      if (n > 0 && !MATCH (p, end, ","))
        return FALSE;
      if (n == cap)
        {
          CtValue *grown;

          cap = cap == 0 ? 4 : cap * 2;
          grown = ct_arena_alloc (arena, sizeof (CtValue) * cap);
          if (n > 0)
            memcpy (grown, items, sizeof (CtValue) * n);
          items = grown;
        }
      if (!read_value (&p, end, arena, depth + 1, &items[n]))
        return FALSE;
      n++;
    }
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

  if (MATCH (p, end, "{\"kind\":\"Int\",\"i\":"))
    {
      v->kind = CT_VALUE_INT;
      if (!read_int (&p, end, &v->i))
        return FALSE;
    }
  else if (MATCH (p, end, "{\"kind\":\"String\",\"text\":"))
    {
      v->kind = CT_VALUE_STRING;
      if (!read_plain_string (&p, end, &v->text))
        return FALSE;
    }
  else if (MATCH (p, end, "{\"kind\":\"Raw\",\"r\":"))
    {
      v->kind = CT_VALUE_RAW;
      if (!read_plain_string (&p, end, &v->text))
        return FALSE;
    }
  else if (MATCH (p, end, "{\"kind\":\"Bool\",\"b\":"))
    {
      v->kind = CT_VALUE_BOOL;
      if (MATCH (p, end, "true"))
        v->b = TRUE;
      else if (MATCH (p, end, "false"))
        v->b = FALSE;
      else
        return FALSE;
    }
  else if (MATCH (p, end, "{\"kind\":\"None\""))
    v->kind = CT_VALUE_NONE;
  else if (MATCH (p, end, "{\"kind\":\"Sequence\",\"elements\":"))
    {
      v->kind = CT_VALUE_SEQUENCE;
      if (!read_value_list (&p, end, arena, depth, &v->seq.items, &v->seq.n_items) ||
          !MATCH (p, end, ",\"is_slice\":"))
        return FALSE;
      if (MATCH (p, end, "true"))
        v->seq.is_slice = TRUE;
      else if (!MATCH (p, end, "false"))
        return FALSE;
    }
  else if (MATCH (p, end, "{\"kind\":\"Tuple\",\"elements\":"))
    {
      v->kind = CT_VALUE_TUPLE;
      if (!read_value_list (&p, end, arena, depth, &v->seq.items, &v->seq.n_items))
        return FALSE;
    }
  else if (MATCH (p, end, "{\"kind\":\"Struct\",\"field_values\":"))
    {
      v->kind = CT_VALUE_STRUCT;
      if (!read_value_list (&p, end, arena, depth, &v->seq.items, &v->seq.n_items))
        return FALSE;
    }
  else
    return FALSE;

  if (!MATCH (p, end, ",\"type_id\":") || !read_int (&p, end, &v->type_id) ||
      !MATCH (p, end, "}"))
    return FALSE;

  *pp = p;
  return TRUE;
}

gsize
_ct_json_fast_decode (const guint8 *start,
                      const guint8 *end,
                      CtArena      *arena,
                      CtEvent      *event)
{
  const guint8 *p = start;

  if (MATCH (p, end, "{\"VariableName\":"))
    {
      CtStr name;

      if (!read_plain_string (&p, end, &name) || !MATCH (p, end, "}"))
        return 0;
      memset (event, 0, sizeof *event);
      event->kind = CT_EVENT_VARIABLE_NAME;
      event->name = name;
      return p - start;
    }

  if (MATCH (p, end, "{\"Step\":{\"path_id\":"))
    {
      gint64 path_id, line;

      if (!read_int (&p, end, &path_id) || !MATCH (p, end, ",\"line\":") ||
          !read_int (&p, end, &line) || !MATCH (p, end, "}}") || path_id < 0)
        return 0;
      memset (event, 0, sizeof *event);
      event->kind = CT_EVENT_STEP;
      event->step.path_id = path_id;
      event->step.line = line;
      return p - start;
    }

  if (MATCH (p, end, "{\"Value\":{\"variable_id\":"))
    {
      gint64 variable_id;
      CtValue *value = ct_arena_alloc (arena, sizeof (CtValue));

      if (!read_int (&p, end, &variable_id) || !MATCH (p, end, ",\"value\":") ||
          !read_value (&p, end, arena, 1, value) || !MATCH (p, end, "}}"))
        return 0;
      memset (event, 0, sizeof *event);
      event->kind = CT_EVENT_VALUE;
      event->value.variable_id = variable_id;
      event->value.value = value;
      return p - start;
    }

  if (MATCH (p, end, "{\"Call\":{\"function_id\":"))
    {
      gint64 function_id;
      CtFullValue *args = NULL;
      guint n_args = 0, cap = 0;

      if (!read_int (&p, end, &function_id) || !MATCH (p, end, ",\"args\":["))
        return 0;
      while (!MATCH (p, end, "]"))
        {
          if (n_args > 0 && !MATCH (p, end, ","))
            return 0;
          if (n_args == cap)
            {
              CtFullValue *grown;

              cap = cap == 0 ? 4 : cap * 2;
              grown = ct_arena_alloc (arena, sizeof (CtFullValue) * cap);
              if (n_args > 0)
                memcpy (grown, args, sizeof (CtFullValue) * n_args);
              args = grown;
            }
          args[n_args].value = ct_arena_alloc (arena, sizeof (CtValue));
          if (!MATCH (p, end, "{\"variable_id\":") || !read_int (&p, end, &args[n_args].variable_id) ||
              !MATCH (p, end, ",\"value\":") || !read_value (&p, end, arena, 1, args[n_args].value) ||
              !MATCH (p, end, "}"))
            return 0;
          n_args++;
        }
      if (!MATCH (p, end, "}}"))
        return 0;
      memset (event, 0, sizeof *event);
      event->kind = CT_EVENT_CALL;
      event->call.function_id = function_id;
      event->call.args = args;
      event->call.n_args = n_args;
      return p - start;
    }

  if (MATCH (p, end, "{\"Return\":{\"return_value\":"))
    {
      CtValue *value = ct_arena_alloc (arena, sizeof (CtValue));

      if (!read_value (&p, end, arena, 1, value) || !MATCH (p, end, "}}"))
        return 0;
      memset (event, 0, sizeof *event);
      event->kind = CT_EVENT_RETURN;
      event->ret.return_value = value;
      return p - start;
    }

  return 0;
}
