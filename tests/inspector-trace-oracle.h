/* inspector-trace-oracle.h: where navigation should land, computed from a
 * trace.json by the rules of FORMAT.md section 3, independently of CtModel
 * (header-only; shared by test-session.c and test-window.c)
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#define ORACLE_NONE G_MAXUINT32

typedef struct
{
  guint32 path_id;
  guint32 line;
  guint32 call;
} OracleStep;

typedef struct
{
  guint32 parent;
  guint32 depth;
} OracleCall;

typedef struct
{
  GArray *steps;     /* OracleStep */
  GArray *calls;     /* OracleCall */
  GArray *functions; /* guint32 pairs: path_id, line */
} Oracle;

static inline void
oracle_free (Oracle *oracle)
{
  g_array_unref (oracle->steps);
  g_array_unref (oracle->calls);
  g_array_unref (oracle->functions);
  g_free (oracle);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Oracle, oracle_free)

static inline gint64
oracle_member_int (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_int (node) : -1;
}

/* Reads trace.json: Step, Function, Call, Return and DropLastStep matter */
static inline Oracle *
oracle_new (const char  *trace_json,
            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(Oracle) oracle = g_new0 (Oracle, 1);
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (guint32));
  JsonArray *events;
  gboolean any_call = FALSE;
  /* the last Step, while nothing but Values & co. came after it */
  gint64 pending_step = -1;

  oracle->steps = g_array_new (FALSE, FALSE, sizeof (OracleStep));
  oracle->calls = g_array_new (FALSE, FALSE, sizeof (OracleCall));
  oracle->functions = g_array_new (FALSE, FALSE, sizeof (guint32));

  if (!json_parser_load_from_mapped_file (parser, trace_json, error))
    return NULL;
  events = json_node_get_array (json_parser_get_root (parser));

  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonNode *node = json_array_get_element (events, i);
      g_autoptr(GList) members = NULL;
      JsonObject *event;
      const char *kind;
      JsonNode *payload;

      if (JSON_NODE_HOLDS_VALUE (node))
        {
          /* "DropLastStep" */
          if (g_strcmp0 (json_node_get_string (node), "DropLastStep") == 0 && oracle->steps->len > 0)
            g_array_set_size (oracle->steps, oracle->steps->len - 1);
          pending_step = -1;
          continue;
        }

      event = json_node_get_object (node);
      members = json_object_get_members (event);
      kind = members != NULL ? members->data : "";
      payload = json_object_get_member (event, kind);

      if (g_str_equal (kind, "DropLastStep"))
        {
          if (oracle->steps->len > 0)
            g_array_set_size (oracle->steps, oracle->steps->len - 1);
          pending_step = -1;
        }
      else if (g_str_equal (kind, "Function"))
        {
          JsonObject *f = json_node_get_object (payload);
          guint32 pl[2] = { oracle_member_int (f, "path_id"), oracle_member_int (f, "line") };

          g_array_append_vals (oracle->functions, pl, 2);
        }
      else if (g_str_equal (kind, "Step"))
        {
          JsonObject *s = json_node_get_object (payload);
          OracleStep step = { oracle_member_int (s, "path_id"), oracle_member_int (s, "line"), ORACLE_NONE };

          /* A Step before any Call opens an implicit top-level call */
          if (!any_call && stack->len == 0)
            {
              OracleCall implicit = { ORACLE_NONE, 1 };
              guint32 id = oracle->calls->len;

              g_array_append_val (oracle->calls, implicit);
              g_array_append_val (stack, id);
              any_call = TRUE;
            }
          if (stack->len > 0)
            step.call = g_array_index (stack, guint32, stack->len - 1);
          g_array_append_val (oracle->steps, step);
          pending_step = oracle->steps->len - 1;
        }
      else if (g_str_equal (kind, "Call"))
        {
          JsonObject *c = json_node_get_object (payload);
          gint64 fid = oracle_member_int (c, "function_id");
          OracleCall call = { ORACLE_NONE, stack->len + 1 };
          guint32 id = oracle->calls->len;

          if (stack->len > 0)
            call.parent = g_array_index (stack, guint32, stack->len - 1);
          g_array_append_val (oracle->calls, call);
          g_array_append_val (stack, id);
          any_call = TRUE;

          /* The Step just before a Call belongs to it only when it is at
           * the function's own path and line */
          if (pending_step >= 0 && fid >= 0 && (guint) fid * 2 + 1 < oracle->functions->len)
            {
              OracleStep *step = &g_array_index (oracle->steps, OracleStep, pending_step);

              if (step->path_id == g_array_index (oracle->functions, guint32, fid * 2)
                  && step->line == g_array_index (oracle->functions, guint32, fid * 2 + 1))
                step->call = id;
            }
          pending_step = -1;
        }
      else if (g_str_equal (kind, "Return"))
        {
          if (stack->len > 0)
            g_array_set_size (stack, stack->len - 1);
          pending_step = -1;
        }
    }

  return g_steal_pointer (&oracle);
}

static inline guint
oracle_n_steps (Oracle *o)
{
  return o->steps->len;
}

static inline guint32
oracle_call (Oracle  *o,
             guint32  step)
{
  return g_array_index (o->steps, OracleStep, step).call;
}

static inline guint32
oracle_depth (Oracle  *o,
              guint32  call)
{
  return call == ORACLE_NONE ? 0 : g_array_index (o->calls, OracleCall, call).depth;
}

/* `a` is `c` or one of its callers (no call at all counts as everyone's) */
static inline gboolean
oracle_is_caller_or_self (Oracle  *o,
                          guint32  a,
                          guint32  c)
{
  if (a == ORACLE_NONE)
    return TRUE;
  for (; c != ORACLE_NONE; c = g_array_index (o->calls, OracleCall, c).parent)
    if (c == a)
      return TRUE;
  return FALSE;
}

typedef enum
{
  ORACLE_FORWARD,
  ORACLE_BACK,
  ORACLE_OVER,
  ORACLE_OVER_BACK,
  ORACLE_INTO,
  ORACLE_OUT,
  ORACLE_OUT_BACK,
  ORACLE_CALL_START,
  ORACLE_CALL_END,
  ORACLE_NEXT_LINE_RUN,
  ORACLE_PREVIOUS_LINE_RUN,
  ORACLE_N_MOVES
} OracleMove;

static const char * const oracle_move_names[] = {
  "step-forward", "step-back", "step-over", "step-over-back", "step-into",
  "step-out", "step-out-back", "call-start", "call-end", "next-line-run",
  "previous-line-run",
};

/* Where `move` from step `s` lands, ORACLE_NONE when there is nowhere */
static inline guint32
oracle_expect (Oracle     *o,
               guint32     s,
               OracleMove  move)
{
  guint n = o->steps->len;
  guint32 c = oracle_call (o, s);
  const OracleStep *cur = &g_array_index (o->steps, OracleStep, s);

  switch (move)
    {
    case ORACLE_FORWARD:
      return s + 1 < n ? s + 1 : ORACLE_NONE;

    case ORACLE_BACK:
      return s > 0 ? s - 1 : ORACLE_NONE;

    case ORACLE_INTO:
      return s + 1 < n && oracle_depth (o, oracle_call (o, s + 1)) > oracle_depth (o, c)
             ? s + 1 : ORACLE_NONE;

    case ORACLE_OVER:
      for (guint t = s + 1; t < n; t++)
        if (oracle_is_caller_or_self (o, oracle_call (o, t), c))
          return t;
      return ORACLE_NONE;

    case ORACLE_OVER_BACK:
      for (guint t = s; t-- > 0;)
        if (oracle_is_caller_or_self (o, oracle_call (o, t), c))
          return t;
      return ORACLE_NONE;

    case ORACLE_OUT:
      if (c == ORACLE_NONE)
        return ORACLE_NONE;
      for (guint t = s + 1; t < n; t++)
        if (oracle_call (o, t) != c && oracle_is_caller_or_self (o, oracle_call (o, t), c))
          return t;
      return ORACLE_NONE;

    case ORACLE_OUT_BACK:
      if (c == ORACLE_NONE)
        return ORACLE_NONE;
      for (guint t = s; t-- > 0;)
        if (oracle_call (o, t) != c && oracle_is_caller_or_self (o, oracle_call (o, t), c))
          return t;
      return ORACLE_NONE;

    case ORACLE_CALL_START:
      if (c == ORACLE_NONE)
        return ORACLE_NONE;
      for (guint t = 0; t < n; t++)
        if (oracle_call (o, t) == c)
          return t;
      return ORACLE_NONE;

    case ORACLE_CALL_END:
      if (c == ORACLE_NONE)
        return ORACLE_NONE;
      for (guint t = n; t-- > 0;)
        if (oracle_call (o, t) == c)
          return t;
      return ORACLE_NONE;

    case ORACLE_NEXT_LINE_RUN:
      for (guint t = s + 1; t < n; t++)
        {
          const OracleStep *st = &g_array_index (o->steps, OracleStep, t);

          if (st->path_id == cur->path_id && st->line == cur->line)
            return t;
        }
      return ORACLE_NONE;

    case ORACLE_PREVIOUS_LINE_RUN:
      for (guint t = s; t-- > 0;)
        {
          const OracleStep *st = &g_array_index (o->steps, OracleStep, t);

          if (st->path_id == cur->path_id && st->line == cur->line)
            return t;
        }
      return ORACLE_NONE;

    default:
      g_assert_not_reached ();
    }
}
