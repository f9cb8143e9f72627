/* test-model.c: CtModel against an independent reading of the events
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "codetrace.h"
#include "ct-model.h"
#include "ct-test-utils.h"

/* ------------------------------------------------------------------------
 * A small interpreter of FORMAT.md section 3 over trace.json parsed by
 * json-glib: the expectations, computed without the library.
 * ------------------------------------------------------------------------ */

#define NONE G_MAXUINT32

typedef struct
{
  guint32    path, line, call;
  GPtrArray *var_ids;  /* gint64 boxed as pointers + 1 */
  GPtrArray *values;   /* JsonNode*, not owned */
} XStep;

typedef struct
{
  guint32   function_id, parent, depth, thread;
  guint32   first_own_step;
  gboolean  returned;
  JsonNode *args;      /* array, not owned */
  JsonNode *ret;       /* not owned */
} XCall;

typedef struct
{
  guint32     step;
  guint       kind;
  const char *content;
} XIo;

typedef struct
{
  JsonParser *parser;
  GArray     *steps;   /* XStep */
  GArray     *calls;   /* XCall */
  GArray     *io;      /* XIo */
  guint32     max_depth;
} Expect;

static void
xstep_clear (gpointer data)
{
  XStep *s = data;

  g_clear_pointer (&s->var_ids, g_ptr_array_unref);
  g_clear_pointer (&s->values, g_ptr_array_unref);
}

static void
xstep_set (XStep    *s,
           gint64    var_id,
           JsonNode *value)
{
  for (guint i = 0; i < s->var_ids->len; i++)
    if (GPOINTER_TO_SIZE (s->var_ids->pdata[i]) == (gsize) (var_id + 1))
      {
        s->values->pdata[i] = value;
        return;
      }
  g_ptr_array_add (s->var_ids, GSIZE_TO_POINTER ((gsize) (var_id + 1)));
  g_ptr_array_add (s->values, value);
}

static void
expect_free (Expect *e)
{
  g_clear_object (&e->parser);
  g_array_unref (e->steps);
  g_array_unref (e->calls);
  g_array_unref (e->io);
  g_free (e);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Expect, expect_free)

static Expect *
interpret (const char *json_file)
{
  Expect *e = g_new0 (Expect, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) fn_path = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) fn_line = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GHashTable) stacks = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) g_array_unref);
  g_autoptr(GArray) pending = g_array_new (FALSE, FALSE, sizeof (guint32));
  GArray *stack;
  guint32 thread = 0, n_threads = 1;
  gboolean seen_call = FALSE, last_was_step = FALSE, initial_claimed = FALSE;
  JsonArray *events;
  gint64 *key;

  e->parser = json_parser_new ();
  e->steps = g_array_new (FALSE, TRUE, sizeof (XStep));
  g_array_set_clear_func (e->steps, xstep_clear);
  e->calls = g_array_new (FALSE, TRUE, sizeof (XCall));
  e->io = g_array_new (FALSE, TRUE, sizeof (XIo));
  g_assert_true (json_parser_load_from_file (e->parser, json_file, &error));
  g_assert_no_error (error);
  events = json_node_get_array (json_parser_get_root (e->parser));

  /* thread ids: the first thread is 0, the stack for ThreadStart/Switch
   * ids is made on first sight */
  stack = g_array_new (FALSE, FALSE, sizeof (guint32));
  key = g_new (gint64, 1);
  *key = -1;
  g_hash_table_insert (stacks, key, stack);

  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonNode *node = json_array_get_element (events, i);
      const char *variant;
      JsonNode *payload;
      guint32 top;

      if (JSON_NODE_HOLDS_VALUE (node))
        {
          variant = json_node_get_string (node);
          payload = NULL;
        }
      else
        {
          JsonObject *o = json_node_get_object (node);
          g_autoptr(GList) members = json_object_get_members (o);

          variant = members->data;
          payload = json_object_get_member (o, variant);
        }
      top = stack->len > 0 ? g_array_index (stack, guint32, stack->len - 1) : NONE;

      if (strcmp (variant, "Step") == 0)
        {
          JsonObject *p = json_node_get_object (payload);
          XStep s = { 0 };
          guint32 id = e->steps->len;

          if (stack->len == 0 && !seen_call)
            {
              XCall c = { NONE, NONE, 1, thread, NONE, FALSE, NULL, NULL };

              g_array_append_val (e->calls, c);
              top = e->calls->len - 1;
              g_array_append_val (stack, top);
              seen_call = TRUE;
              e->max_depth = MAX (e->max_depth, 1);
            }
          s.path = json_object_get_int_member (p, "path_id");
          s.line = json_object_get_int_member (p, "line");
          s.call = top;
          s.var_ids = g_ptr_array_new ();
          s.values = g_ptr_array_new ();
          g_array_append_val (e->steps, s);
          for (guint j = 0; j < pending->len; j++)
            {
              XCall *c = &g_array_index (e->calls, XCall, g_array_index (pending, guint32, j));
              JsonArray *args = json_node_get_array (c->args);

              for (guint k = 0; k < json_array_get_length (args); k++)
                {
                  JsonObject *a = json_array_get_object_element (args, k);

                  xstep_set (&g_array_index (e->steps, XStep, id),
                             json_object_get_int_member (a, "variable_id"),
                             json_object_get_member (a, "value"));
                }
            }
          g_array_set_size (pending, 0);
          if (top != NONE && g_array_index (e->calls, XCall, top).first_own_step == NONE)
            g_array_index (e->calls, XCall, top).first_own_step = id;
          last_was_step = TRUE;
        }
      else if (strcmp (variant, "Call") == 0)
        {
          JsonObject *p = json_node_get_object (payload);
          XCall c = { 0 };
          guint32 id = e->calls->len;
          guint32 last = e->steps->len - 1;

          c.function_id = json_object_get_int_member (p, "function_id");
          c.parent = top;
          c.depth = top == NONE ? 1 : g_array_index (e->calls, XCall, top).depth + 1;
          c.thread = thread;
          c.first_own_step = NONE;
          c.args = json_object_get_member (p, "args");
          g_array_append_val (e->calls, c);
          g_array_append_val (stack, id);
          e->max_depth = MAX (e->max_depth, c.depth);
          seen_call = TRUE;

          if (last_was_step && e->steps->len > 0
              && g_array_index (e->steps, XStep, last).call == top
              && g_array_index (e->steps, XStep, last).path == g_array_index (fn_path, guint32, c.function_id)
              && g_array_index (e->steps, XStep, last).line == g_array_index (fn_line, guint32, c.function_id))
            {
              JsonArray *args = json_node_get_array (c.args);
              XStep *s = &g_array_index (e->steps, XStep, last);
              g_autoptr(GPtrArray) ids = s->var_ids;
              g_autoptr(GPtrArray) values = s->values;

              s->call = id;
              g_array_index (e->calls, XCall, id).first_own_step = last;
              /* args first, then the values already seen */
              s->var_ids = g_ptr_array_new ();
              s->values = g_ptr_array_new ();
              for (guint k = 0; k < json_array_get_length (args); k++)
                {
                  JsonObject *a = json_array_get_object_element (args, k);

                  xstep_set (s, json_object_get_int_member (a, "variable_id"), json_object_get_member (a, "value"));
                }
              for (guint k = 0; k < ids->len; k++)
                xstep_set (s, GPOINTER_TO_SIZE (ids->pdata[k]) - 1, values->pdata[k]);
            }
          else
            {
              g_array_append_val (pending, id);
            }
          last_was_step = FALSE;
        }
      else if (strcmp (variant, "Return") == 0)
        {
          if (stack->len > 0)
            {
              XCall *c = &g_array_index (e->calls, XCall, top);

              c->returned = TRUE;
              c->ret = json_object_get_member (json_node_get_object (payload), "return_value");
              g_array_set_size (stack, stack->len - 1);
              for (guint j = 0; j < pending->len; j++)
                if (g_array_index (pending, guint32, j) == top)
                  g_array_remove_index (pending, j--);
            }
          last_was_step = FALSE;
        }
      else if (strcmp (variant, "Value") == 0)
        {
          JsonObject *p = json_node_get_object (payload);

          if (e->steps->len > 0)
            xstep_set (&g_array_index (e->steps, XStep, e->steps->len - 1),
                       json_object_get_int_member (p, "variable_id"),
                       json_object_get_member (p, "value"));
        }
      else if (strcmp (variant, "DropLastStep") == 0)
        {
          if (e->steps->len > 0)
            {
              guint32 last = e->steps->len - 1;

              for (guint j = 0; j < e->calls->len; j++)
                if (g_array_index (e->calls, XCall, j).first_own_step == last)
                  g_array_index (e->calls, XCall, j).first_own_step = NONE;
              for (guint j = 0; j < e->io->len; j++)
                if (g_array_index (e->io, XIo, j).step == last)
                  g_array_index (e->io, XIo, j).step = last > 0 ? last - 1 : NONE;
              g_array_set_size (e->steps, last);
            }
          last_was_step = FALSE;
        }
      else if (strcmp (variant, "Function") == 0)
        {
          JsonObject *p = json_node_get_object (payload);
          guint32 path = json_object_get_int_member (p, "path_id");
          guint32 line = json_object_get_int_member (p, "line");

          g_array_append_val (fn_path, path);
          g_array_append_val (fn_line, line);
        }
      else if (strcmp (variant, "Event") == 0)
        {
          JsonObject *p = json_node_get_object (payload);
          XIo io = { e->steps->len > 0 ? e->steps->len - 1 : NONE,
                     json_object_get_int_member (p, "kind"),
                     json_object_get_string_member (p, "content") };

          g_array_append_val (e->io, io);
        }
      else if (strcmp (variant, "ThreadStart") == 0 || strcmp (variant, "ThreadSwitch") == 0)
        {
          gint64 tid = json_node_get_int (payload);

          stack = g_hash_table_lookup (stacks, &tid);
          if (stack == NULL && strcmp (variant, "ThreadSwitch") == 0 && !initial_claimed)
            {
              /* switching to a thread never started: the one that ran from
               * the beginning */
              gint64 initial = -1;

              initial_claimed = TRUE;
              stack = g_hash_table_lookup (stacks, &initial);
              key = g_new (gint64, 1);
              *key = tid;
              g_hash_table_insert (stacks, key, g_array_ref (stack));
              thread = 0;
            }
          else if (stack == NULL)
            {
              key = g_new (gint64, 1);
              *key = tid;
              stack = g_array_new (FALSE, FALSE, sizeof (guint32));
              g_hash_table_insert (stacks, key, stack);
              thread = n_threads++;
            }
          last_was_step = FALSE;
        }
    }

  return e;
}

/* ------------------------------------------------------------------------
 * Brute-force navigation over the expectations
 * ------------------------------------------------------------------------ */

static gboolean
x_is_caller_or_self (Expect  *e,
                     guint32  a,
                     guint32  c,
                     gboolean strict)
{
  if (a == NONE)
    return !strict || c != NONE;
  for (guint32 x = strict && c != NONE ? g_array_index (e->calls, XCall, c).parent : c;
       x != NONE;
       x = g_array_index (e->calls, XCall, x).parent)
    if (x == a)
      return TRUE;
  return FALSE;
}

static guint32
x_nav (Expect   *e,
       guint32   s,
       gboolean  forward,
       gboolean  out)
{
  guint32 c = g_array_index (e->steps, XStep, s).call;
  gint64 t = forward ? (gint64) s + 1 : (gint64) s - 1;

  if (out && c == NONE)
    return NONE;
  for (; t >= 0 && t < e->steps->len; t += forward ? 1 : -1)
    if (x_is_caller_or_self (e, g_array_index (e->steps, XStep, t).call, c, out))
      return t;
  return NONE;
}

/* ------------------------------------------------------------------------
 * Comparing a model with the expectations
 * ------------------------------------------------------------------------ */

static void
assert_same_value (const char *model_json,
                   JsonNode   *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = ct_test_json_canonical_from_data (model_json, -1, &error);
  g_autofree char *b = ct_test_json_canonical (expected);

  g_assert_no_error (error);
  g_assert_cmpstr (a, ==, b);
}

/* In a damaged prefix the last step may still move into a call that the
 * cut removed, so answers that involve it are not compared. */
static void
assert_nav (guint32 got,
            guint32 expected,
            guint32 n_steps,
            guint32 n_full)
{
  if (n_steps != n_full && (got == n_steps - 1 || (expected != NONE && expected >= n_steps - 1)))
    return;
  g_assert_cmpuint (got, ==, expected < n_steps ? expected : NONE);
}

static void
check_model (CtModel  *model,
             Expect   *e,
             gboolean  compare_values,
             guint32   n_steps)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (ct_model_get_n_steps (model), ==, n_steps);

  for (guint32 s = 0; s < n_steps; s++)
    {
      XStep *x = &g_array_index (e->steps, XStep, s);
      g_autoptr(GPtrArray) vars = NULL;
      guint32 path, line, call;

      g_assert_true (ct_model_get_step (model, s, &path, &line, &call));
      g_assert_cmpuint (path, ==, x->path);
      g_assert_cmpuint (line, ==, x->line);
      if (s + 1 < n_steps || n_steps == e->steps->len)
        g_assert_cmpuint (call, ==, x->call);

      vars = ct_model_get_variables (model, s, &error);
      g_assert_no_error (error);
      /* the last step of a damaged prefix may have lost values */
      if (s + 1 == n_steps && n_steps != e->steps->len)
        continue;
      g_assert_cmpuint (vars->len, ==, x->var_ids->len);
      for (guint i = 0; i < vars->len; i++)
        {
          CtModelValue *v = g_ptr_array_index (vars, i);

          g_assert_cmpint (v->variable_id + 1, ==, GPOINTER_TO_SIZE (x->var_ids->pdata[i]));
          if (compare_values)
            assert_same_value (v->value_json, x->values->pdata[i]);
        }

      assert_nav (ct_model_step_over (model, s), x_nav (e, s, TRUE, FALSE), n_steps, e->steps->len);
      assert_nav (ct_model_step_over_backwards (model, s), x_nav (e, s, FALSE, FALSE), n_steps, e->steps->len);
      assert_nav (ct_model_step_out (model, s), x_nav (e, s, TRUE, TRUE), n_steps, e->steps->len);
      assert_nav (ct_model_step_out_backwards (model, s), x_nav (e, s, FALSE, TRUE), n_steps, e->steps->len);
      {
        guint32 next = ct_model_next_step_on_line (model, s, x->path, x->line);
        guint32 prev = ct_model_previous_step_on_line (model, s, x->path, x->line);
        guint32 xn = NONE, xp = NONE;

        for (guint32 t = s + 1; t < n_steps && xn == NONE; t++)
          if (g_array_index (e->steps, XStep, t).path == x->path && g_array_index (e->steps, XStep, t).line == x->line)
            xn = t;
        for (gint64 t = (gint64) s - 1; t >= 0 && xp == NONE; t--)
          if (g_array_index (e->steps, XStep, t).path == x->path && g_array_index (e->steps, XStep, t).line == x->line)
            xp = t;
        g_assert_cmpuint (next, ==, xn);
        g_assert_cmpuint (prev, ==, xp);
      }
    }

  if (n_steps != e->steps->len)
    return;

  g_assert_cmpuint (ct_model_get_n_calls (model), ==, e->calls->len);
  g_assert_cmpuint (ct_model_get_max_depth (model), ==, e->max_depth);
  for (guint32 c = 0; c < e->calls->len; c++)
    {
      XCall *x = &g_array_index (e->calls, XCall, c);
      g_autoptr(GPtrArray) args = NULL;
      g_autoptr(CtModelValue) ret = NULL;
      CtModelCall call;

      g_assert_true (ct_model_get_call (model, c, &call));
      g_assert_cmpuint (call.function_id, ==, x->function_id);
      g_assert_cmpuint (call.parent, ==, x->parent);
      g_assert_cmpuint (call.depth, ==, x->depth);
      g_assert_cmpint (!!(call.flags & CT_MODEL_CALL_UNFINISHED), ==, !x->returned);
      if (x->first_own_step != NONE)
        g_assert_cmpuint (call.first_step, <=, x->first_own_step);

      args = ct_model_get_call_args (model, c, &error);
      g_assert_no_error (error);
      if (x->args != NULL)
        {
          JsonArray *xa = json_node_get_array (x->args);

          g_assert_cmpuint (args->len, ==, json_array_get_length (xa));
          for (guint i = 0; i < args->len && compare_values; i++)
            assert_same_value (((CtModelValue *) g_ptr_array_index (args, i))->value_json,
                               json_object_get_member (json_array_get_object_element (xa, i), "value"));
        }
      ret = ct_model_get_return_value (model, c, &error);
      g_assert_no_error (error);
      g_assert_cmpint (ret != NULL, ==, x->returned);
      if (ret != NULL && compare_values)
        assert_same_value (ret->value_json, x->ret);
    }

  g_assert_cmpuint (ct_model_get_n_io (model), ==, e->io->len);
  for (guint i = 0; i < e->io->len; i++)
    {
      XIo *x = &g_array_index (e->io, XIo, i);
      CtModelIo io;

      g_assert_true (ct_model_get_io (model, i, &io));
      g_assert_cmpuint (io.step, ==, x->step);
      g_assert_cmpuint (io.kind, ==, x->kind);
      g_assert_cmpstr (io.content, ==, x->content);
    }
}

static CtModel *
load (const char   *file,
      CtReaderFlags flags)
{
  g_autoptr(CtModel) model = ct_model_new (file);
  g_autoptr(GError) error = NULL;

  g_assert_true (ct_model_load (model, flags, NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&model);
}

typedef struct
{
  char     *name;
  gboolean  clean;
  char    **encodings;
} FixtureCase;

static void
test_fixture (gconstpointer data)
{
  const FixtureCase *fc = data;
  g_autofree char *json_dir = ct_test_fixture_dir (fc->name, "json");
  g_autofree char *json_file = g_build_filename (json_dir, "trace.json", NULL);
  g_autoptr(Expect) e = interpret (json_file);

  for (guint i = 0; fc->encodings[i] != NULL; i++)
    {
      g_autofree char *dir = ct_test_fixture_dir (fc->name, fc->encodings[i]);
      g_autoptr(CtTraceFolder) folder = ct_trace_folder_open (dir, NULL);
      g_autoptr(CtModel) model = NULL;

      g_assert_nonnull (folder);
      model = load (ct_trace_folder_get_trace_file (folder), CT_READER_FLAGS_NONE);
      g_test_message ("%s/%s", fc->name, fc->encodings[i]);
      /* deviating traces: values differ in spelling (big ints, bools), not in place */
      check_model (model, e, fc->clean, e->steps->len);
      g_assert_null (ct_model_get_stop_error (model));
    }
}

/* A cut trace.json: the lenient model answers for the part before */
static void
test_damaged (gconstpointer data)
{
  const FixtureCase *fc = data;
  g_autofree char *json_dir = ct_test_fixture_dir (fc->name, "json");
  g_autofree char *json_file = g_build_filename (json_dir, "trace.json", NULL);
  g_autoptr(Expect) e = interpret (json_file);
  g_autoptr(CtTestTempDir) tmp = ct_test_temp_dir_new ();
  g_autofree char *cut = g_build_filename (tmp->path, "trace.json", NULL);
  g_autoptr(GBytes) bytes = ct_test_read_file (json_file);
  g_autoptr(CtModel) model = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = g_bytes_get_size (bytes) * 2 / 3;
  guint32 n;

  g_assert_true (g_file_set_contents (cut, g_bytes_get_data (bytes, NULL), len, &error));
  g_assert_no_error (error);

  model = ct_model_new (cut);
  g_assert_false (ct_model_load (model, CT_READER_FLAGS_NONE, NULL, &error));
  g_assert_nonnull (error);
  g_clear_object (&model);
  g_clear_error (&error);

  model = load (cut, CT_READER_LENIENT);
  g_assert_nonnull (ct_model_get_stop_error (model));
  n = ct_model_get_n_steps (model);
  g_assert_cmpuint (n, <=, e->steps->len);
  g_assert_cmpuint (n, >, 0);
  check_model (model, e, fc->clean, n);
}

/* ------------------------------------------------------------------------
 * Hand-made traces
 * ------------------------------------------------------------------------ */

static const char *nav_trace =
  "[{\"Path\":\"\"},{\"Path\":\"/p/a.rb\"},"
  "{\"Type\":{\"kind\":7,\"lang_type\":\"Integer\",\"specific_info\":{\"kind\":\"None\"}}},"
  "{\"VariableName\":\"n\"},{\"VariableName\":\"r\"},"
  "{\"Function\":{\"path_id\":1,\"line\":10,\"name\":\"fact\"}},"
  "{\"Function\":{\"path_id\":1,\"line\":20,\"name\":\"boom\"}},"
  /* top level: implicit call */
  "{\"Step\":{\"path_id\":1,\"line\":1}},"
  "{\"Value\":{\"variable_id\":1,\"value\":{\"kind\":\"Int\",\"i\":0,\"type_id\":0}}},"
  "{\"Step\":{\"path_id\":1,\"line\":2}},"
  /* Ruby style: the Step at the function's own line moves into the call */
  "{\"Step\":{\"path_id\":1,\"line\":10}},"
  "{\"Call\":{\"function_id\":0,\"args\":[{\"variable_id\":0,\"value\":{\"kind\":\"Int\",\"i\":2,\"type_id\":0}}]}},"
  "{\"Step\":{\"path_id\":1,\"line\":11}},"
  /* Python style: the call site stays in the caller */
  "{\"Call\":{\"function_id\":0,\"args\":[{\"variable_id\":0,\"value\":{\"kind\":\"Int\",\"i\":1,\"type_id\":0}}]}},"
  "{\"Step\":{\"path_id\":1,\"line\":11}},"
  "{\"Value\":{\"variable_id\":0,\"value\":{\"kind\":\"Int\",\"i\":1,\"type_id\":0}}},"
  /* early return */
  "{\"Return\":{\"return_value\":{\"kind\":\"Int\",\"i\":1,\"type_id\":0}}},"
  "{\"Step\":{\"path_id\":1,\"line\":12}},"
  "{\"Event\":{\"kind\":0,\"metadata\":\"\",\"content\":\"hello\\n\"}},"
  "{\"Step\":{\"path_id\":1,\"line\":99}},"
  "{\"Value\":{\"variable_id\":1,\"value\":{\"kind\":\"Int\",\"i\":9,\"type_id\":0}}},"
  "\"DropLastStep\","
  "{\"Value\":{\"variable_id\":1,\"value\":{\"kind\":\"Int\",\"i\":5,\"type_id\":0}}},"
  "{\"Return\":{\"return_value\":{\"kind\":\"Int\",\"i\":2,\"type_id\":0}}},"
  "{\"Step\":{\"path_id\":1,\"line\":3}},"
  /* two calls in a row from one line, no step between */
  "{\"Call\":{\"function_id\":0,\"args\":[]}},"
  "{\"Step\":{\"path_id\":1,\"line\":11}},"
  "{\"Return\":{\"return_value\":{\"kind\":\"None\",\"type_id\":0}}},"
  "{\"Call\":{\"function_id\":0,\"args\":[]}},"
  "{\"Step\":{\"path_id\":1,\"line\":11}},"
  "{\"Return\":{\"return_value\":{\"kind\":\"None\",\"type_id\":0}}},"
  "{\"Step\":{\"path_id\":1,\"line\":2}},"
  /* a thread of its own */
  "{\"ThreadStart\":7},"
  "{\"Call\":{\"function_id\":1,\"args\":[]}},"
  "{\"Step\":{\"path_id\":1,\"line\":21}},"
  "{\"ThreadSwitch\":0},"
  "{\"Step\":{\"path_id\":1,\"line\":4}},"
  "{\"ThreadSwitch\":7},"
  "{\"Step\":{\"path_id\":1,\"line\":22}},"
  /* an exception: calls left open */
  "{\"Call\":{\"function_id\":1,\"args\":[]}},"
  "{\"Step\":{\"path_id\":1,\"line\":21}},"
  "{\"ThreadSwitch\":0},"
  "{\"Step\":{\"path_id\":1,\"line\":5}},"
  "{\"Step\":{\"path_id\":1,\"line\":10}},"
  "{\"Call\":{\"function_id\":0,\"args\":[]}},"
  "{\"Step\":{\"path_id\":1,\"line\":11}}"
  "]";

static void
test_navigation (void)
{
  g_autoptr(CtTestTempDir) tmp = ct_test_temp_dir_new ();
  g_autofree char *file = g_build_filename (tmp->path, "trace.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtModel) model = NULL;
  g_autoptr(Expect) e = NULL;
  g_autoptr(GArray) stack = NULL;
  g_autofree char *output = NULL;
  CtModelCall call;

  g_assert_true (g_file_set_contents (file, nav_trace, -1, &error));
  g_assert_no_error (error);
  e = interpret (file);
  model = load (file, CT_READER_FLAGS_NONE);
  check_model (model, e, TRUE, e->steps->len);

  /* spot checks of the semantics, by hand */
  g_assert_cmpuint (ct_model_get_n_steps (model), ==, 17);
  g_assert_cmpuint (ct_model_call_at (model, 2), ==, 1);  /* line 10 moved into fact */
  g_assert_cmpuint (ct_model_call_at (model, 3), ==, 1);  /* line 11: fact's call site */
  g_assert_cmpuint (ct_model_call_at (model, 4), ==, 2);
  g_assert_cmpuint (ct_model_step_over (model, 3), ==, 5);
  g_assert_cmpuint (ct_model_step_out (model, 4), ==, 5);
  g_assert_cmpuint (ct_model_step_out_backwards (model, 4), ==, 3);
  /* from the step before two calls in a row to the step after both */
  g_assert_cmpuint (ct_model_step_over (model, 6), ==, 9);
  g_assert_cmpuint (ct_model_step_over_backwards (model, 9), ==, 6);
  stack = ct_model_get_call_stack (model, 4);
  g_assert_cmpuint (stack->len, ==, 3);
  g_assert_true (ct_model_get_call (model, 1, &call));
  g_assert_cmpuint (call.first_step, ==, 2);
  g_assert_cmpuint (call.last_step, ==, 5);
  g_assert_true (call.flags & CT_MODEL_CALL_RETURNED);
  g_assert_true (ct_model_get_call (model, 0, &call));
  g_assert_true (call.flags & CT_MODEL_CALL_UNFINISHED);
  g_assert_cmpuint (ct_model_get_n_unfinished_calls (model), ==, 4);
  output = ct_model_dup_output (model, CT_MODEL_NONE);
  g_assert_cmpstr (output, ==, "hello\n");
  {
    /* values after a DropLastStep belong to the step before it */
    g_autoptr(GPtrArray) vars = ct_model_get_variables (model, 5, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (vars->len, ==, 1);
    g_assert_cmpstr (((CtModelValue *) vars->pdata[0])->name, ==, "r");
    g_assert_cmpstr (((CtModelValue *) vars->pdata[0])->value_json, ==, "{\"kind\":\"Int\",\"i\":5,\"type_id\":0}");
  }
  {
    g_autoptr(GArray) history = ct_model_variable_history (model, "n", NULL, &error);

    /* fact's args count: n = 2 at step 2 (its moved Step), n = 1 at step 4 */
    g_assert_no_error (error);
    g_assert_cmpuint (history->len, ==, 2);
    g_assert_cmpuint (g_array_index (history, guint32, 0), ==, 2);
    g_assert_cmpuint (g_array_index (history, guint32, 1), ==, 4);
  }
}

static void
load_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (ct_model_load_finish (CT_MODEL (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
test_async (void)
{
  g_autofree char *dir = ct_test_fixture_dir ("large/py-loop-1e6", "v1");
  g_autofree char *file = g_build_filename (dir, "trace.bin", NULL);
  g_autoptr(CtModel) model = NULL;
  gboolean done = FALSE;
  guint32 seen = 0;

  if (!g_file_test (file, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no large fixture");
      return;
    }

  model = ct_model_new (file);
  ct_model_load_async (model, CT_READER_FLAGS_NONE, NULL, load_done, &done);
  while (!done)
    {
      guint32 n = ct_model_get_n_steps (model);

      /* the loaded part answers while the rest loads */
      if (n > 0)
        {
          guint32 path;

          g_assert_true (ct_model_get_step (model, n - 1, &path, NULL, NULL));
          g_assert_cmpuint (ct_model_step_over (model, 0), !=, 0);
        }
      g_assert_cmpuint (n, >=, seen);
      seen = n;
      g_main_context_iteration (NULL, FALSE);
    }
  g_assert_cmpuint (ct_model_get_n_steps (model), ==, 207008);
  g_assert_cmpuint (ct_model_get_n_calls (model), ==, 34502);
  g_assert_cmpfloat (ct_model_get_fraction (model), ==, 1.0);
}

static int
cmp_u32 (gconstpointer a,
         gconstpointer b)
{
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;

  return x < y ? -1 : x > y;
}

/* ------------------------------------------------------------------------
 * Values in any order: each query seeks its reader (JSON in the file, v1
 * through its cache of frames, v0 in the unpacked message) and must answer
 * as queries in step order do (which check_model compares with the
 * interpreter).
 * ------------------------------------------------------------------------ */

static char *
values_text (GPtrArray *values)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < values->len; i++)
    {
      CtModelValue *v = g_ptr_array_index (values, i);

      g_string_append_printf (text, "%" G_GINT64_FORMAT "=%s;", v->variable_id, v->value_json);
    }
  return g_string_free (text, FALSE);
}

static char *
variables_text (CtModel *model,
                guint32  step)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) vars = ct_model_get_variables (model, step, &error);
  g_autoptr(GPtrArray) again = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text_again = NULL;

  g_assert_no_error (error);
  text = values_text (vars);

  /* The model keeps its last answers: what a caller does with its copy
   * must not change the next one */
  if (vars->len > 0)
    {
      CtModelValue *first = g_ptr_array_index (vars, 0);

      g_free (first->value_json);
      first->value_json = g_strdup ("\"changed by the caller\"");
    }
  g_ptr_array_set_size (vars, 0);
  again = ct_model_get_variables (model, step, &error);
  g_assert_no_error (error);
  text_again = values_text (again);
  g_assert_cmpstr (text_again, ==, text);
  return g_steal_pointer (&text);
}

static char *
call_text (CtModel *model,
           guint32  call)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) args = ct_model_get_call_args (model, call, &error);
  g_autoptr(CtModelValue) ret = NULL;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  ret = ct_model_get_return_value (model, call, &error);
  g_assert_no_error (error);
  text = values_text (args);
  return g_strdup_printf ("%s -> %s", text, ret != NULL ? ret->value_json : "none");
}

/* Queries `steps` (and calls) of every model in a shuffled order, then
 * backwards, and compares the answers with `expected` (by position). */
static void
check_any_order (CtModel  **models,
                 guint      n_models,
                 GArray    *steps,
                 GPtrArray *expected,
                 GArray    *calls,
                 GPtrArray *expected_calls)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < steps->len; i++)
    g_array_append_val (order, i);
  for (guint i = order->len; i > 1; i--)
    {
      guint j = g_rand_int_range (rand, 0, i);
      guint t = g_array_index (order, guint, i - 1);

      g_array_index (order, guint, i - 1) = g_array_index (order, guint, j);
      g_array_index (order, guint, j) = t;
    }

  for (guint m = 0; m < n_models; m++)
    {
      for (guint k = 0; k < order->len; k++)
        {
          guint i = g_array_index (order, guint, k);
          g_autofree char *got = variables_text (models[m], g_array_index (steps, guint32, i));

          g_assert_cmpstr (got, ==, expected->pdata[i]);
          /* a call now and then, between the steps */
          if (calls->len > 0 && k % 7 == 0)
            {
              guint c = k % calls->len;
              g_autofree char *got_call = call_text (models[m], g_array_index (calls, guint32, c));

              g_assert_cmpstr (got_call, ==, expected_calls->pdata[c]);
            }
        }
      for (guint i = steps->len; i-- > 0;)
        {
          g_autofree char *got = variables_text (models[m], g_array_index (steps, guint32, i));

          g_assert_cmpstr (got, ==, expected->pdata[i]);
        }
    }
}

static void
test_any_order (gconstpointer data)
{
  const FixtureCase *fc = data;
  g_autoptr(GPtrArray) models = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) expected_calls = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) steps = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) calls = g_array_new (FALSE, FALSE, sizeof (guint32));
  CtModel *in_order;
  guint32 n_steps, n_calls;

  for (guint i = 0; fc->encodings[i] != NULL; i++)
    {
      g_autofree char *dir = ct_test_fixture_dir (fc->name, fc->encodings[i]);
      g_autoptr(CtTraceFolder) folder = ct_trace_folder_open (dir, NULL);

      g_assert_nonnull (folder);
      g_ptr_array_add (models, load (ct_trace_folder_get_trace_file (folder), CT_READER_FLAGS_NONE));
    }

  /* the answers in step order, from a model of its own */
  {
    g_autofree char *dir = ct_test_fixture_dir (fc->name, fc->encodings[0]);
    g_autoptr(CtTraceFolder) folder = ct_trace_folder_open (dir, NULL);

    in_order = load (ct_trace_folder_get_trace_file (folder), CT_READER_FLAGS_NONE);
  }
  n_steps = ct_model_get_n_steps (in_order);
  n_calls = ct_model_get_n_calls (in_order);
  for (guint32 s = 0; s < n_steps; s++)
    {
      g_array_append_val (steps, s);
      g_ptr_array_add (expected, variables_text (in_order, s));
    }
  for (guint32 c = 0; c < n_calls; c++)
    {
      g_array_append_val (calls, c);
      g_ptr_array_add (expected_calls, call_text (in_order, c));
    }
  g_object_unref (in_order);

  for (guint m = 0; m < models->len; m++)
    g_assert_cmpuint (ct_model_get_n_steps (models->pdata[m]), ==, n_steps);
  check_any_order ((CtModel **) models->pdata, models->len, steps, expected, calls, expected_calls);
}

/* A million events: py-loop-1e6 as v1, and written by our writer as v0
 * and JSON. Three readers, three ways of seeking, the same answers. */
static void
test_any_order_large (void)
{
  g_autofree char *dir = ct_test_fixture_dir ("large/py-loop-1e6", "v1");
  g_autofree char *v1 = g_build_filename (dir, "trace.bin", NULL);
  g_autoptr(CtTestTempDir) tmp = NULL;
  g_autofree char *v0 = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) models = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) expected_calls = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) steps = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) calls = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  guint32 n_steps, n_calls;

  if (!g_file_test (v1, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no large fixture");
      return;
    }

  tmp = ct_test_temp_dir_new ();
  v0 = g_build_filename (tmp->path, "trace.bin", NULL);
  json = g_build_filename (tmp->path, "trace.json", NULL);
  {
    g_autoptr(CtReader) in = ct_reader_new (v1, CT_READER_FLAGS_NONE, &error);
    g_autoptr(CtWriter) out_v0 = ct_writer_new (v0, CT_ENCODING_BINARY_V0, &error);
    g_autoptr(CtWriter) out_json = ct_writer_new (json, CT_ENCODING_JSON, &error);
    const CtEvent *event;

    g_assert_no_error (error);
    while ((event = ct_reader_next (in, &error)) != NULL)
      {
        g_assert_true (ct_writer_write (out_v0, event, &error));
        g_assert_true (ct_writer_write (out_json, event, &error));
      }
    g_assert_no_error (error);
    g_assert_true (ct_writer_finish (out_v0, &error));
    g_assert_true (ct_writer_finish (out_json, &error));
  }

  g_ptr_array_add (models, load (v1, CT_READER_FLAGS_NONE));
  g_ptr_array_add (models, load (v0, CT_READER_FLAGS_NONE));
  g_ptr_array_add (models, load (json, CT_READER_FLAGS_NONE));
  n_steps = ct_model_get_n_steps (models->pdata[0]);
  n_calls = ct_model_get_n_calls (models->pdata[0]);
  g_assert_cmpuint (n_steps, ==, 207008);
  for (guint m = 1; m < models->len; m++)
    {
      g_assert_cmpuint (ct_model_get_n_steps (models->pdata[m]), ==, n_steps);
      g_assert_cmpuint (ct_model_get_n_calls (models->pdata[m]), ==, n_calls);
    }

  /* the expected answers: JSON's, queried in step order */
  for (guint i = 0; i < 1000; i++)
    {
      guint32 s = g_rand_int_range (rand, 0, n_steps);

      g_array_append_val (steps, s);
    }
  g_array_sort (steps, (GCompareFunc) cmp_u32);
  for (guint i = 0; i < steps->len; i++)
    g_ptr_array_add (expected, variables_text (models->pdata[2], g_array_index (steps, guint32, i)));
  for (guint i = 0; i < 50; i++)
    {
      guint32 c = g_rand_int_range (rand, 0, n_calls);

      g_array_append_val (calls, c);
      g_ptr_array_add (expected_calls, call_text (models->pdata[2], c));
    }

  check_any_order ((CtModel **) models->pdata, models->len, steps, expected, calls, expected_calls);
}

/* ------------------------------------------------------------------------
 * Variable history, against the interpreter: per step, the values of the
 * ids with the name among its variables (call args first, FORMAT.md
 * section 3), as canonical JSON; listed where they differ from the last
 * step that had any.
 * ------------------------------------------------------------------------ */

/* Variable names of trace.json in order of registration (index = id) */
static GPtrArray *
x_variable_names (Expect *e)
{
  JsonArray *events = json_node_get_array (json_parser_get_root (e->parser));
  GPtrArray *names = g_ptr_array_new ();

  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonNode *node = json_array_get_element (events, i);
      JsonObject *o;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      o = json_node_get_object (node);
      if (json_object_has_member (o, "VariableName"))
        g_ptr_array_add (names, (gpointer) json_object_get_string_member (o, "VariableName"));
      else if (json_object_has_member (o, "Variable"))
        g_ptr_array_add (names, (gpointer) json_object_get_string_member (o, "Variable"));
    }
  return names;
}

/* The steps where `name` changed; with `appears`, also every step where it
 * has a value */
static GArray *
x_history (Expect     *e,
           GPtrArray  *names,
           const char *name,
           GArray    **appears)
{
  GArray *result = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autofree char *last = NULL;

  if (appears != NULL)
    *appears = g_array_new (FALSE, FALSE, sizeof (guint32));

  for (guint32 s = 0; s < e->steps->len; s++)
    {
      XStep *x = &g_array_index (e->steps, XStep, s);
      GString *text = NULL;

      for (guint i = 0; i < x->var_ids->len; i++)
        {
          gsize id = GPOINTER_TO_SIZE (x->var_ids->pdata[i]) - 1;
          g_autofree char *canonical = NULL;

          if (id >= names->len || strcmp (names->pdata[id], name) != 0)
            continue;
          if (text == NULL)
            text = g_string_new (NULL);
          canonical = ct_test_json_canonical (x->values->pdata[i]);
          g_string_append_printf (text, "%s\n", canonical);
        }
      if (text == NULL)
        continue;
      if (appears != NULL)
        g_array_append_val (*appears, s);
      if (last == NULL || strcmp (last, text->str) != 0)
        g_array_append_val (result, s);
      g_free (last);
      last = g_string_free (text, FALSE);
    }
  return result;
}

static void
assert_same_steps (GArray *got,
                   GArray *expected)
{
  g_assert_nonnull (got);
  g_assert_cmpmem (got->data, got->len * sizeof (guint32),
                   expected->data, expected->len * sizeof (guint32));
}

static gboolean
has_step (GArray  *steps,
          guint32  step)
{
  for (guint i = 0; i < steps->len; i++)
    if (g_array_index (steps, guint32, i) == step)
      return TRUE;
  return FALSE;
}

/* Every name of the trace against trace.json. json-glib misreads some
 * deviating values (integers beyond 64 bits all read as -1), so without
 * `exact` the expectation may miss changes: then the history must hold
 * every expected step and only steps where the name has a value. */
static void
check_history (CtModel  *model,
               Expect   *e,
               gboolean  exact)
{
  g_autoptr(GPtrArray) names = x_variable_names (e);

  for (guint i = 0; i < names->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) appears = NULL;
      g_autoptr(GArray) expected = x_history (e, names, names->pdata[i], &appears);
      g_autoptr(GArray) got = ct_model_variable_history (model, names->pdata[i], NULL, &error);

      g_test_message ("%s: %u steps", (const char *) names->pdata[i], expected->len);
      g_assert_no_error (error);
      if (exact)
        {
          assert_same_steps (got, expected);
          continue;
        }
      g_assert_nonnull (got);
      for (guint j = 0; j < expected->len; j++)
        g_assert_true (has_step (got, g_array_index (expected, guint32, j)));
      for (guint j = 0; j < got->len; j++)
        g_assert_true (has_step (appears, g_array_index (got, guint32, j)));
    }
}

static void
test_history_fixture (gconstpointer data)
{
  const FixtureCase *fc = data;
  g_autofree char *json_dir = ct_test_fixture_dir (fc->name, "json");
  g_autofree char *json_file = g_build_filename (json_dir, "trace.json", NULL);
  g_autoptr(Expect) e = interpret (json_file);

  for (guint i = 0; fc->encodings[i] != NULL; i++)
    {
      g_autofree char *dir = ct_test_fixture_dir (fc->name, fc->encodings[i]);
      g_autoptr(CtTraceFolder) folder = ct_trace_folder_open (dir, NULL);
      g_autoptr(CtModel) model = NULL;

      g_assert_nonnull (folder);
      model = load (ct_trace_folder_get_trace_file (folder), CT_READER_FLAGS_NONE);
      g_test_message ("%s/%s", fc->name, fc->encodings[i]);
      check_history (model, e, fc->clean);
    }
}

#define INT(n) "{\"kind\":\"Int\",\"i\":" #n ",\"type_id\":0}"

static const char *history_trace =
  "[{\"Path\":\"\"},{\"Path\":\"/p/h.py\"},"
  "{\"Type\":{\"kind\":7,\"lang_type\":\"int\",\"specific_info\":{\"kind\":\"None\"}}},"
  "{\"VariableName\":\"x\"},"
  "{\"Function\":{\"path_id\":1,\"line\":10,\"name\":\"f\"}},"
  /* 0: first value */
  "{\"Step\":{\"path_id\":1,\"line\":1}},"
  "{\"Value\":{\"variable_id\":0,\"value\":" INT (1) "}},"
  /* 1: the same */
  "{\"Step\":{\"path_id\":1,\"line\":2}},"
  "{\"Value\":{\"variable_id\":0,\"value\":" INT (1) "}},"
  /* a dropped step's value does not count; the one after it is step 1's */
  "{\"Step\":{\"path_id\":1,\"line\":3}},"
  "{\"Value\":{\"variable_id\":0,\"value\":" INT (7) "}},"
  "\"DropLastStep\","
  "{\"Value\":{\"variable_id\":0,\"value\":" INT (1) "}},"
  /* 2: the last value of a step is its value */
  "{\"Step\":{\"path_id\":1,\"line\":3}},"
  "{\"Value\":{\"variable_id\":0,\"value\":" INT (5) "}},"
  "{\"Value\":{\"variable_id\":0,\"value\":" INT (1) "}},"
  /* a call that ran no step: its args belong to no step */
  "{\"Call\":{\"function_id\":0,\"args\":[{\"variable_id\":0,\"value\":" INT (2) "}]}},"
  "{\"Return\":{\"return_value\":{\"kind\":\"None\",\"type_id\":0}}},"
  /* 3: no value */
  "{\"Step\":{\"path_id\":1,\"line\":4}},"
  /* 4: an arg (Python style: the call site stays in the caller) */
  "{\"Call\":{\"function_id\":0,\"args\":[{\"variable_id\":0,\"value\":" INT (3) "}]}},"
  "{\"Step\":{\"path_id\":1,\"line\":11}},"
  "{\"Value\":{\"variable_id\":0,\"value\":" INT (3) "}},"
  /* the name again: a second id of the same variable name */
  "{\"VariableName\":\"x\"},"
  /* 5: the same value under the other id */
  "{\"Step\":{\"path_id\":1,\"line\":12}},"
  "{\"Value\":{\"variable_id\":1,\"value\":" INT (3) "}},"
  /* 6 */
  "{\"Step\":{\"path_id\":1,\"line\":13}},"
  "{\"Value\":{\"variable_id\":1,\"value\":" INT (4) "}},"
  "{\"Return\":{\"return_value\":{\"kind\":\"None\",\"type_id\":0}}},"
  /* 7: an arg only (Ruby style: the Step at the function's line moves in) */
  "{\"Step\":{\"path_id\":1,\"line\":10}},"
  "{\"Call\":{\"function_id\":0,\"args\":[{\"variable_id\":0,\"value\":" INT (8) "}]}},"
  /* 8 */
  "{\"Step\":{\"path_id\":1,\"line\":11}},"
  "{\"Value\":{\"variable_id\":0,\"value\":" INT (8) "}},"
  "{\"Return\":{\"return_value\":{\"kind\":\"None\",\"type_id\":0}}},"
  /* 9 */
  "{\"Step\":{\"path_id\":1,\"line\":5}},"
  "{\"Value\":{\"variable_id\":0,\"value\":" INT (1) "}}"
  "]";

static void
test_history_hand_made (void)
{
  g_autoptr(CtTestTempDir) tmp = ct_test_temp_dir_new ();
  g_autofree char *file = g_build_filename (tmp->path, "trace.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtModel) model = NULL;
  g_autoptr(Expect) e = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GArray) expected = NULL;
  g_autoptr(GArray) got = NULL;
  static const guint32 by_hand[] = { 0, 4, 6, 7, 9 };

  g_assert_true (g_file_set_contents (file, history_trace, -1, &error));
  g_assert_no_error (error);
  e = interpret (file);
  model = load (file, CT_READER_FLAGS_NONE);
  check_model (model, e, TRUE, e->steps->len);
  g_assert_cmpuint (ct_model_get_n_steps (model), ==, 10);

  names = x_variable_names (e);
  expected = x_history (e, names, "x", NULL);
  g_assert_cmpmem (expected->data, expected->len * sizeof (guint32), by_hand, sizeof by_hand);
  got = ct_model_variable_history (model, "x", NULL, &error);
  g_assert_no_error (error);
  assert_same_steps (got, expected);
  check_history (model, e, TRUE);

  g_clear_pointer (&got, g_array_unref);
  got = ct_model_variable_history (model, "nope", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (got->len, ==, 0);
}

/* ---- progress and cancellation on a million events ---- */

typedef struct
{
  GMainContext *context;
  GMainLoop    *loop;
  GThread      *thread;
  GArray       *fractions;   /* double, as reported */
  GCancellable *cancellable; /* cancelled at the first report >= 0.5 */
  double        cancelled_at;
  guint         n_destroyed;
  gboolean      done;
  GArray       *result;
  GError       *error;
} ProgressLog;

static void
progress_log_init (ProgressLog  *log,
                   GCancellable *cancellable)
{
  memset (log, 0, sizeof *log);
  log->context = g_main_context_new ();
  log->loop = g_main_loop_new (log->context, FALSE);
  log->thread = g_thread_self ();
  log->fractions = g_array_new (FALSE, FALSE, sizeof (double));
  log->cancellable = cancellable;
  log->cancelled_at = -1.0;
}

static void
progress_log_clear (ProgressLog *log)
{
  g_main_loop_unref (log->loop);
  g_main_context_unref (log->context);
  g_array_unref (log->fractions);
  g_clear_pointer (&log->result, g_array_unref);
  g_clear_error (&log->error);
}

static double
progress_log_last (ProgressLog *log)
{
  g_assert_cmpuint (log->fractions->len, >, 0);
  return g_array_index (log->fractions, double, log->fractions->len - 1);
}

static void
on_progress (double   fraction,
             gpointer user_data)
{
  ProgressLog *log = user_data;

  /* on the caller's thread and context, before the result */
  g_assert_true (g_thread_self () == log->thread);
  g_assert_true (g_main_context_is_owner (log->context));
  g_assert_false (log->done);
  g_assert_cmpuint (log->n_destroyed, ==, 0);
  g_assert_cmpfloat (fraction, >=, 0.0);
  g_assert_cmpfloat (fraction, <=, 1.0);
  if (log->fractions->len > 0)
    g_assert_cmpfloat (fraction, >=, progress_log_last (log));
  g_array_append_val (log->fractions, fraction);

  if (log->cancellable != NULL && fraction >= 0.5 && log->cancelled_at < 0)
    {
      log->cancelled_at = fraction;
      g_cancellable_cancel (log->cancellable);
    }
}

static void
on_progress_destroy (gpointer user_data)
{
  ProgressLog *log = user_data;

  g_assert_true (g_thread_self () == log->thread);
  g_assert_false (log->done);
  log->n_destroyed++;
}

static void
on_history_done (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ProgressLog *log = user_data;

  g_assert_true (g_main_context_is_owner (log->context));
  log->result = ct_model_variable_history_finish (CT_MODEL (object), result, &log->error);
  g_assert_true ((log->result == NULL) != (log->error == NULL));
  log->done = TRUE;
  g_main_loop_quit (log->loop);
}

/* Runs the async history in a main loop of its own thread-default context */
static void
run_history (CtModel      *model,
             const char   *name,
             ProgressLog  *log,
             GCancellable *cancellable)
{
  gint64 start = g_get_monotonic_time ();

  g_main_context_push_thread_default (log->context);
  ct_model_variable_history_async_with_progress (model, name, on_progress, log, on_progress_destroy,
                                                 cancellable, on_history_done, log);
  g_main_loop_run (log->loop);
  g_main_context_pop_thread_default (log->context);

  g_test_message ("history of %s: %u reports in %.0f ms", name, log->fractions->len,
                  (g_get_monotonic_time () - start) / 1000.0);
  g_assert_true (log->done);
  g_assert_cmpuint (log->n_destroyed, ==, 1);
}

static CtModel *
load_large (void)
{
  g_autofree char *dir = ct_test_fixture_dir ("large/py-loop-1e6", "v1");
  g_autofree char *file = g_build_filename (dir, "trace.bin", NULL);

  if (!g_file_test (file, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no large fixture");
      return NULL;
    }
  return load (file, CT_READER_FLAGS_NONE);
}

static void
test_history_progress (void)
{
  g_autoptr(CtModel) model = load_large ();
  g_autoptr(GArray) sync_result = NULL;
  g_autoptr(GError) error = NULL;
  ProgressLog log;

  if (model == NULL)
    return;

  progress_log_init (&log, NULL);
  run_history (model, "i", &log, NULL);
  g_assert_no_error (log.error);
  g_assert_cmpfloat (progress_log_last (&log), ==, 1.0);

  /* the loop's counter changes every iteration */
  g_assert_cmpuint (log.result->len, >, 1000);
  for (guint i = 1; i < log.result->len; i++)
    g_assert_cmpuint (g_array_index (log.result, guint32, i - 1), <, g_array_index (log.result, guint32, i));
  g_assert_cmpuint (g_array_index (log.result, guint32, log.result->len - 1), <, ct_model_get_n_steps (model));

  sync_result = ct_model_variable_history (model, "i", NULL, &error);
  g_assert_no_error (error);
  assert_same_steps (log.result, sync_result);
  progress_log_clear (&log);
}

static void
test_history_cancel (void)
{
  g_autoptr(CtModel) model = load_large ();
  g_autoptr(GCancellable) cancellable = NULL;
  ProgressLog log;

  if (model == NULL)
    return;

  /* halfway, from the main loop */
  cancellable = g_cancellable_new ();
  progress_log_init (&log, cancellable);
  run_history (model, "i", &log, cancellable);
  g_assert_error (log.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (log.result);
  g_assert_cmpfloat (log.cancelled_at, >=, 0.5);
  /* the worker stopped: no complete history (unless the cancel came too
   * late to tell) */
  if (log.cancelled_at < 0.75)
    g_assert_cmpfloat (progress_log_last (&log), <, 1.0);
  progress_log_clear (&log);

  /* before it starts: no report, still one destroy */
  g_clear_object (&cancellable);
  cancellable = g_cancellable_new ();
  g_cancellable_cancel (cancellable);
  progress_log_init (&log, NULL);
  run_history (model, "i", &log, cancellable);
  g_assert_error (log.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (log.fractions->len, ==, 0);
  progress_log_clear (&log);
}

typedef struct
{
  GCancellable *cancellable;
  GArray       *fractions;
} SyncLog;

static void
on_sync_progress (double   fraction,
                  gpointer user_data)
{
  SyncLog *log = user_data;

  if (log->fractions->len > 0)
    g_assert_cmpfloat (fraction, >=, g_array_index (log->fractions, double, log->fractions->len - 1));
  g_array_append_val (log->fractions, fraction);
  if (log->cancellable != NULL && fraction >= 0.5)
    g_cancellable_cancel (log->cancellable);
}

/* The sync version calls the func in the worker's own thread: a cancel
 * from there is seen within a few thousand events */
static void
test_history_cancel_sync (void)
{
  g_autoptr(CtModel) model = load_large ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) result = NULL;
  g_autoptr(GError) error = NULL;
  SyncLog log = { cancellable, fractions };
  double last;

  if (model == NULL)
    return;

  result = ct_model_variable_history_with_progress (model, "i", on_sync_progress, &log, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (result);
  last = g_array_index (fractions, double, fractions->len - 1);
  g_assert_cmpfloat (last, >=, 0.5);
  g_assert_cmpfloat (last, <, 0.6);

  /* and without a cancel it ends at 1.0 */
  g_clear_error (&error);
  g_array_set_size (fractions, 0);
  log.cancellable = NULL;
  result = ct_model_variable_history_with_progress (model, "i", on_sync_progress, &log, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_cmpuint (fractions->len, >, 10);
  g_assert_cmpfloat (g_array_index (fractions, double, fractions->len - 1), ==, 1.0);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GHashTable) table = NULL;
  g_autofree char *fixtures = NULL;
  g_auto(GStrv) names = NULL;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/model/navigation", test_navigation);
  g_test_add_func ("/model/async", test_async);
  g_test_add_func ("/model/any-order/large", test_any_order_large);
  g_test_add_func ("/model/history/hand-made", test_history_hand_made);
  g_test_add_func ("/model/history/progress", test_history_progress);
  g_test_add_func ("/model/history/cancel", test_history_cancel);
  g_test_add_func ("/model/history/cancel-sync", test_history_cancel_sync);

  if (ct_test_get_shared_dir () != NULL
      && (table = ct_test_load_fixture_table (NULL, NULL)) != NULL)
    {
      names = ct_test_fixture_names (table, FALSE);
      for (guint i = 0; names[i] != NULL; i++)
        {
          const CtTestFixture *f = g_hash_table_lookup (table, names[i]);
          FixtureCase *fc = g_new0 (FixtureCase, 1);
          g_autofree char *path = g_strdup_printf ("/model/fixture/%s", names[i]);
          g_autofree char *dpath = g_strdup_printf ("/model/damaged/%s", names[i]);

          fc->name = g_strdup (names[i]);
          fc->clean = ct_test_fixture_is_clean (f);
          fc->encodings = g_strdupv (f->encodings);
          g_test_add_data_func (path, fc, test_fixture);
          g_test_add_data_func (dpath, fc, test_damaged);
          {
            g_autofree char *opath = g_strdup_printf ("/model/any-order/%s", names[i]);

            g_test_add_data_func (opath, fc, test_any_order);
          }
          {
            g_autofree char *hpath = g_strdup_printf ("/model/history/fixture/%s", names[i]);

            g_test_add_data_func (hpath, fc, test_history_fixture);
          }
        }
    }

  return g_test_run ();
}
