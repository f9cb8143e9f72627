/* test-session.c: InspectorSession on the fixtures, without a display
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "ct-test-utils.h"
#include "inspector-call-list.h"
#include "inspector-session.h"
#include "inspector-trace-oracle.h"
#include "inspector-value.h"

#define LOAD_TIMEOUT_USEC (120 * G_USEC_PER_SEC)

static gboolean
wait_loaded (InspectorSession *session)
{
  gint64 deadline = g_get_monotonic_time () + LOAD_TIMEOUT_USEC;

  while (inspector_session_get_loading (session) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  return !inspector_session_get_loading (session);
}

typedef gboolean (*NavFunc) (InspectorSession *session);

static gboolean
line_run (InspectorSession *session,
          Oracle           *oracle,
          gboolean          next)
{
  guint step = inspector_session_get_current_step (session);
  const OracleStep *st = &g_array_index (oracle->steps, OracleStep, step);

  return next ? inspector_session_next_line_run (session, st->path_id, st->line)
              : inspector_session_previous_line_run (session, st->path_id, st->line);
}

static gboolean
run_move (InspectorSession *session,
          Oracle           *oracle,
          OracleMove        move)
{
  switch (move)
    {
    case ORACLE_FORWARD: return inspector_session_step_forward (session);
    case ORACLE_BACK: return inspector_session_step_back (session);
    case ORACLE_OVER: return inspector_session_step_over (session);
    case ORACLE_OVER_BACK: return inspector_session_step_over_back (session);
    case ORACLE_INTO: return inspector_session_step_into (session);
    case ORACLE_OUT: return inspector_session_step_out (session);
    case ORACLE_OUT_BACK: return inspector_session_step_out_back (session);
    case ORACLE_CALL_START: return inspector_session_go_to_call_start (session);
    case ORACLE_CALL_END: return inspector_session_go_to_call_end (session);
    case ORACLE_NEXT_LINE_RUN: return line_run (session, oracle, TRUE);
    case ORACLE_PREVIOUS_LINE_RUN: return line_run (session, oracle, FALSE);
    default: g_assert_not_reached ();
    }
}

/* Every move from every step of one trace folder, against the oracle */
static void
check_navigation (const char *dir,
                  Oracle     *oracle)
{
  g_autoptr(InspectorSession) session = inspector_session_new ();
  guint n_steps = oracle_n_steps (oracle);
  guint checked = 0;

  inspector_session_open (session, dir);
  g_assert_true (wait_loaded (session));
  g_assert_no_error ((GError *) inspector_session_get_error (session));
  g_assert_null (inspector_session_get_warning (session));
  g_assert_cmpuint (inspector_session_get_n_steps (session), ==, n_steps);

  for (guint s = 0; s < n_steps; s++)
    {
      inspector_session_set_current_step (session, s);
      g_assert_cmpuint (inspector_session_get_current_step (session), ==, s);

      for (OracleMove move = 0; move < ORACLE_N_MOVES; move++)
        {
          guint32 expected = oracle_expect (oracle, s, move);
          guint32 landed_expected = expected == ORACLE_NONE ? s : expected;
          gboolean moved;

          inspector_session_set_current_step (session, s);
          moved = run_move (session, oracle, move);
          if (inspector_session_get_current_step (session) != landed_expected)
            g_error ("%s: %s from step %u landed on %u, expected %u",
                     dir, oracle_move_names[move], s,
                     inspector_session_get_current_step (session), landed_expected);
          g_assert_cmpint (moved, ==, expected != ORACLE_NONE && expected != s);
          checked++;
        }
    }

  g_test_message ("%s: %u moves checked over %u steps", dir, checked, n_steps);
}

static void
test_navigation_fixtures (void)
{
  g_autofree char *fixtures = ct_test_require_fixtures ();
  g_autoptr(GHashTable) table = NULL;
  g_auto(GStrv) names = NULL;
  g_autoptr(GError) error = NULL;
  guint n_checked = 0;

  if (fixtures == NULL)
    return;

  table = ct_test_load_fixture_table (NULL, &error);
  g_assert_no_error (error);
  names = ct_test_fixture_names (table, FALSE);

  for (guint i = 0; names[i] != NULL; i++)
    {
      CtTestFixture *fixture = g_hash_table_lookup (table, names[i]);
      g_autofree char *json_dir = ct_test_fixture_dir (names[i], "json");
      g_autofree char *json_file = g_build_filename (json_dir, "trace.json", NULL);
      g_autoptr(Oracle) oracle = NULL;
      guint64 steps;

      if (!ct_test_fixture_has_encoding (fixture, "json"))
        continue;

      oracle = oracle_new (json_file, &error);
      g_assert_no_error (error);
      /* the oracle agrees with the README's independent count */
      g_assert_true (ct_test_fixture_get_count (fixture, "steps", &steps));
      g_assert_cmpuint (oracle_n_steps (oracle), ==, steps);

      for (guint e = 0; fixture->encodings[e] != NULL; e++)
        {
          g_autofree char *dir = ct_test_fixture_dir (names[i], fixture->encodings[e]);

          check_navigation (dir, oracle);
          n_checked++;
        }
    }

  g_assert_cmpuint (n_checked, >, 10);
}

static void
test_navigation_example (void)
{
  const char *build_root = g_getenv ("CT_BUILD_ROOT");
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;
  g_autoptr(Oracle) oracle = NULL;
  g_autoptr(GError) error = NULL;

  if (build_root == NULL)
    {
      g_test_skip ("CT_BUILD_ROOT is not set");
      return;
    }
  dir = g_build_filename (build_root, "data", "examples", "fibonacci", NULL);
  file = g_build_filename (dir, "trace.json", NULL);
  if (!g_file_test (file, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("the example trace is not built");
      return;
    }

  oracle = oracle_new (file, &error);
  g_assert_no_error (error);
  check_navigation (dir, oracle);
}

static void
test_history (void)
{
  g_autofree char *dir = ct_test_fixture_dir ("py-recursion", "json");
  g_autoptr(InspectorSession) session = inspector_session_new ();

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("no py-recursion fixture");
      return;
    }

  inspector_session_open (session, dir);
  g_assert_true (wait_loaded (session));
  g_assert_cmpuint (inspector_session_get_current_step (session), ==, 0);
  g_assert_false (inspector_session_can_go_back (session));

  inspector_session_set_current_step (session, 5);
  inspector_session_set_current_step (session, 20);
  inspector_session_set_current_step (session, 9);
  /* stepping moves without recording */
  g_assert_true (inspector_session_step_forward (session));
  g_assert_cmpuint (inspector_session_get_current_step (session), ==, 10);

  g_assert_true (inspector_session_go_back (session));
  g_assert_cmpuint (inspector_session_get_current_step (session), ==, 20);
  g_assert_true (inspector_session_go_back (session));
  g_assert_cmpuint (inspector_session_get_current_step (session), ==, 5);
  g_assert_true (inspector_session_can_go_forward (session));
  g_assert_true (inspector_session_go_forward (session));
  g_assert_cmpuint (inspector_session_get_current_step (session), ==, 20);
  g_assert_true (inspector_session_go_back (session));
  g_assert_true (inspector_session_go_back (session));
  g_assert_cmpuint (inspector_session_get_current_step (session), ==, 0);
  g_assert_false (inspector_session_go_back (session));

  /* a new jump drops the forward history */
  inspector_session_set_current_step (session, 3);
  g_assert_false (inspector_session_can_go_forward (session));
  g_assert_true (inspector_session_go_back (session));
  g_assert_cmpuint (inspector_session_get_current_step (session), ==, 0);

  /* out of range: nothing happens */
  inspector_session_set_current_step (session, 100000);
  g_assert_cmpuint (inspector_session_get_current_step (session), ==, 0);

  inspector_session_set_visible_range (session, 2.0, 12.5);
  {
    double start, end;

    inspector_session_get_visible_range (session, &start, &end);
    g_assert_cmpfloat (start, ==, 2.0);
    g_assert_cmpfloat (end, ==, 12.5);
  }
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

/* Previewing (the timeline's drag) moves without history entries, and its
 * end records the position it began at, once */
static void
test_preview (void)
{
  g_autofree char *dir = ct_test_fixture_dir ("py-recursion", "json");
  g_autoptr(InspectorSession) session = inspector_session_new ();
  guint back_notifies = 0, step_notifies = 0;

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("no py-recursion fixture");
      return;
    }

  inspector_session_open (session, dir);
  g_assert_true (wait_loaded (session));
  g_assert_cmpuint (inspector_session_get_current_step (session), ==, 0);
  g_assert_false (inspector_session_can_go_back (session));
  g_signal_connect (session, "notify::can-go-back", G_CALLBACK (count_notify), &back_notifies);
  g_signal_connect (session, "notify::current-step", G_CALLBACK (count_notify), &step_notifies);

  /* a drag over many steps: the step follows, the history does not */
  g_assert_false (inspector_session_get_previewing (session));
  for (guint s = 3; s <= 30; s += 3)
    {
      inspector_session_preview_step (session, s);
      g_assert_cmpuint (inspector_session_get_current_step (session), ==, s);
      g_assert_true (inspector_session_get_previewing (session));
      g_assert_false (inspector_session_can_go_back (session));
    }
  g_assert_cmpuint (step_notifies, ==, 10);
  g_assert_cmpuint (back_notifies, ==, 0);

  /* its end is one jump from where it began */
  inspector_session_end_preview (session);
  g_assert_false (inspector_session_get_previewing (session));
  g_assert_cmpuint (inspector_session_get_current_step (session), ==, 30);
  g_assert_true (inspector_session_can_go_back (session));
  g_assert_cmpuint (back_notifies, ==, 1);
  g_assert_true (inspector_session_go_back (session));
  g_assert_cmpuint (inspector_session_get_current_step (session), ==, 0);
  g_assert_false (inspector_session_can_go_back (session));
  g_assert_true (inspector_session_can_go_forward (session));
  g_assert_cmpuint (back_notifies, ==, 2);

  /* a new preview drops the forward history at its end, like a jump */
  inspector_session_preview_step (session, 8);
  g_assert_true (inspector_session_can_go_forward (session));
  inspector_session_end_preview (session);
  g_assert_false (inspector_session_can_go_forward (session));
  g_assert_true (inspector_session_go_back (session));
  g_assert_cmpuint (inspector_session_get_current_step (session), ==, 0);

  /* a preview that ends where it began records nothing */
  inspector_session_set_current_step (session, 5);
  g_assert_true (inspector_session_go_back (session));
  g_assert_cmpuint (inspector_session_get_current_step (session), ==, 0);
  inspector_session_preview_step (session, 12);
  inspector_session_preview_step (session, 0);
  inspector_session_end_preview (session);
  g_assert_false (inspector_session_can_go_back (session));
  g_assert_true (inspector_session_can_go_forward (session));

  /* a jump during a preview ends it: no second entry at its end */
  inspector_session_preview_step (session, 4);
  inspector_session_set_current_step (session, 9);
  g_assert_false (inspector_session_get_previewing (session));
  inspector_session_end_preview (session);
  g_assert_true (inspector_session_go_back (session));
  g_assert_cmpuint (inspector_session_get_current_step (session), ==, 4);
  g_assert_false (inspector_session_go_back (session));

  /* ending without a preview does nothing */
  inspector_session_end_preview (session);
  g_assert_false (inspector_session_can_go_back (session));
}

static void
test_current_call_follows_step (void)
{
  g_autofree char *dir = ct_test_fixture_dir ("py-calc", "json");
  g_autofree char *file = g_build_filename (dir, "trace.json", NULL);
  g_autoptr(InspectorSession) session = inspector_session_new ();
  g_autoptr(Oracle) oracle = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_file_test (file, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no py-calc fixture");
      return;
    }
  oracle = oracle_new (file, &error);
  g_assert_no_error (error);

  inspector_session_open (session, dir);
  g_assert_true (wait_loaded (session));
  for (guint s = 0; s < oracle_n_steps (oracle); s++)
    {
      inspector_session_set_current_step (session, s);
      g_assert_cmpuint (inspector_session_get_current_call (session), ==, oracle_call (oracle, s));
    }

  /* go_to_call: the first step of the call itself */
  for (guint c = 0; c < oracle->calls->len; c++)
    {
      guint32 first = ORACLE_NONE;

      for (guint s = 0; s < oracle_n_steps (oracle) && first == ORACLE_NONE; s++)
        if (oracle_call (oracle, s) == c)
          first = s;
      if (first == ORACLE_NONE)
        continue;
      inspector_session_set_current_step (session, first == 0 ? 1 : 0);
      g_assert_true (inspector_session_go_to_call (session, c));
      g_assert_cmpuint (inspector_session_get_current_step (session), ==, first);
    }
}

/* A copy of a fixture whose trace.json stops part way */
static CtTestTempDir *
make_truncated_copy (const char *fixture,
                     double      keep)
{
  g_autofree char *dir = ct_test_fixture_dir (fixture, "json");
  CtTestTempDir *tmp;
  const char *names[] = { "trace.json", "trace_metadata.json", "trace_paths.json" };

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    return NULL;

  tmp = ct_test_temp_dir_new ();
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *from = g_build_filename (dir, names[i], NULL);
      g_autofree char *to = g_build_filename (tmp->path, names[i], NULL);
      g_autoptr(GBytes) bytes = ct_test_read_file (from);
      g_autoptr(GError) error = NULL;
      gsize len = g_bytes_get_size (bytes);

      if (g_str_equal (names[i], "trace.json"))
        len = (gsize) (len * keep);
      g_file_set_contents (to, g_bytes_get_data (bytes, NULL), len, &error);
      g_assert_no_error (error);
    }
  return tmp;
}

static void
test_damaged (void)
{
  CtTestTempDir *tmp = make_truncated_copy ("py-value_capture_all", 0.5);
  g_autoptr(InspectorSession) session = inspector_session_new ();
  const char *warning;

  if (tmp == NULL)
    {
      g_test_skip ("no py-value_capture_all fixture");
      return;
    }

  inspector_session_open (session, tmp->path);
  g_assert_true (wait_loaded (session));
  g_assert_null (inspector_session_get_error (session));
  warning = inspector_session_get_warning (session);
  g_assert_nonnull (warning);
  g_test_message ("warning: %s", warning);
  /* it says where it stops */
  g_assert_nonnull (strstr (warning, "step"));
  g_assert_cmpuint (inspector_session_get_n_steps (session), >, 0);
  g_assert_cmpuint (inspector_session_get_n_steps (session), <, 184);
  g_assert_cmpuint (inspector_session_get_current_step (session), ==, 0);
  g_assert_true (inspector_session_step_forward (session));

  g_clear_object (&session);
  ct_test_temp_dir_free (tmp);
}

static void
test_no_trace (void)
{
  CtTestTempDir *tmp = ct_test_temp_dir_new ();
  g_autoptr(InspectorSession) session = inspector_session_new ();
  const GError *error;

  inspector_session_open (session, tmp->path);
  g_assert_false (inspector_session_get_loading (session));
  error = inspector_session_get_error (session);
  g_assert_nonnull (error);
  g_test_message ("error: %s", error->message);
  g_assert_null (inspector_session_get_folder (session));
  g_assert_cmpuint (inspector_session_get_current_step (session), ==, CT_MODEL_NONE);
  g_assert_false (inspector_session_step_forward (session));

  /* and the session is usable afterwards */
  {
    g_autofree char *dir = ct_test_fixture_dir ("py-calc", "json");

    if (g_file_test (dir, G_FILE_TEST_IS_DIR))
      {
        inspector_session_open (session, dir);
        g_assert_true (wait_loaded (session));
        g_assert_null (inspector_session_get_error (session));
        g_assert_cmpuint (inspector_session_get_n_steps (session), ==, 7);
      }
  }

  g_clear_object (&session);
  ct_test_temp_dir_free (tmp);
}

/* The beginning of a big trace is there while the rest loads; Cancel keeps it */
static void
test_large_progressive (void)
{
  g_autofree char *dir = ct_test_fixture_dir ("large/py-loop-1e7", "v1");
  g_autoptr(InspectorSession) session = inspector_session_new ();
  gint64 deadline = g_get_monotonic_time () + LOAD_TIMEOUT_USEC;
  gboolean seen_partial = FALSE;

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("no large/py-loop-1e7 fixture");
      return;
    }

  inspector_session_open (session, dir);
  g_assert_true (inspector_session_get_loading (session));
  while (inspector_session_get_loading (session) && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, TRUE);
      if (inspector_session_get_n_steps (session) > 1000 && inspector_session_get_loading (session))
        {
          seen_partial = TRUE;
          break;
        }
    }

  if (!seen_partial)
    {
      g_test_skip ("the trace loaded before a partial state was seen");
      return;
    }

  /* queries answer for the loaded part */
  g_assert_cmpuint (inspector_session_get_current_step (session), ==, 0);
  g_assert_true (inspector_session_step_forward (session));
  g_assert_cmpuint (inspector_session_get_current_step (session), ==, 1);
  g_assert_cmpfloat (inspector_session_get_fraction (session), >, 0.0);

  inspector_session_cancel_load (session);
  g_assert_true (wait_loaded (session));
  g_assert_null (inspector_session_get_error (session));
  if (inspector_session_get_n_steps (session) < 2070008)
    {
      g_assert_nonnull (inspector_session_get_warning (session));
      g_test_message ("after cancel: %s", inspector_session_get_warning (session));
    }
  g_assert_true (inspector_session_step_forward (session));
}

static void
test_types (void)
{
  g_autofree char *dir = ct_test_fixture_dir ("rb0915-more_types", "json");
  g_autoptr(InspectorSession) session = inspector_session_new ();
  g_auto(GStrv) fields = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("no rb0915-more_types fixture");
      return;
    }

  inspector_session_open (session, dir);
  g_assert_true (wait_loaded (session));

  /* type 6 is "Pair (#0)" with fields k, v (trace.json event 22) */
  name = inspector_session_dup_type_name (session, 6);
  g_assert_cmpstr (name, ==, "Pair (#0)");
  fields = inspector_session_dup_field_names (session, 6);
  g_assert_nonnull (fields);
  g_assert_cmpuint (g_strv_length (fields), ==, 2);
  g_assert_cmpstr (fields[0], ==, "k");
  g_assert_cmpstr (fields[1], ==, "v");
  g_assert_null (inspector_session_dup_field_names (session, 0));
  g_assert_null (inspector_session_dup_type_name (session, 100000));

  text = inspector_value_format_json (session,
                                      "{\"kind\":\"Struct\",\"field_values\":[{\"kind\":\"String\",\"text\":\"a\",\"type_id\":3},"
                                      "{\"kind\":\"Int\",\"i\":1,\"type_id\":0}],\"type_id\":6}",
                                      200);
  g_assert_cmpstr (text, ==, "Pair (#0) {k: \"a\", v: 1}");
}

static void
test_value_format (void)
{
  struct { const char *json; const char *text; } cases[] = {
    { "{\"kind\":\"Int\",\"i\":42,\"type_id\":0}", "42" },
    { "{\"kind\":\"Int\",\"i\":1208925819614629174706176,\"type_id\":0}", "1208925819614629174706176" },
    { "{\"kind\":\"Int\",\"i\":-1180591620717411303424,\"type_id\":0}", "-1180591620717411303424" },
    { "{\"kind\":\"Int\",\"i\":true,\"type_id\":0}", "true" },
    { "{\"kind\":\"Float\",\"f\":1.5,\"type_id\":0}", "1.5" },
    { "{\"kind\":\"Float\",\"f\":\"inf\",\"type_id\":0}", "inf" },
    { "{\"kind\":\"Float\",\"f\":null,\"type_id\":0}", "NaN" },
    { "{\"kind\":\"Bool\",\"b\":false,\"type_id\":0}", "false" },
    { "{\"kind\":\"String\",\"text\":\"a\\nb\",\"type_id\":0}", "\"a\\nb\"" },
    { "{\"kind\":\"Sequence\",\"elements\":[{\"kind\":\"Int\",\"i\":1,\"type_id\":0},{\"kind\":\"Int\",\"i\":2,\"type_id\":0}],\"is_slice\":false,\"type_id\":1}", "[1, 2]" },
    { "{\"kind\":\"Tuple\",\"elements\":[{\"kind\":\"Int\",\"i\":1,\"type_id\":0}],\"type_id\":1}", "(1)" },
    { "{\"kind\":\"None\",\"type_id\":4}", "None" },
    { "{\"kind\":\"Raw\",\"r\":\"<object>\",\"type_id\":4}", "<object>" },
    /* 2**80 as BigInt: base64 of the big-endian magnitude */
    { "{\"kind\":\"BigInt\",\"b\":\"AQAAAAAAAAAAAAA=\",\"negative\":true,\"type_id\":0}", "-1208925819614629174706176" },
    { "{\"kind\":\"Variant\",\"discriminator\":\"Some\",\"contents\":{\"kind\":\"Int\",\"i\":3,\"type_id\":0},\"type_id\":2}", "Some(3)" },
    { "{\"kind\":\"Reference\",\"dereferenced\":{\"kind\":\"Int\",\"i\":3,\"type_id\":0},\"address\":1,\"mutable\":true,\"type_id\":2}", "&mut 3" },
    { "{\"kind\":\"Cell\",\"place\":7}", "cell 7" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = inspector_value_format_json (NULL, cases[i].json, 200);

      g_assert_cmpstr (text, ==, cases[i].text);
    }

  /* unknown kinds are shown as such */
  {
    g_autofree char *text = inspector_value_format_json (NULL, "{\"kind\":\"Weird\",\"x\":1}", 200);

    g_assert_nonnull (strstr (text, "Weird"));
  }

  /* nested values are children, named by index */
  {
    g_autoptr(InspectorValue) value = NULL;
    g_autoptr(GListModel) children = NULL;
    g_autoptr(InspectorValue) second = NULL;

    value = inspector_value_new (NULL, "xs", "list", cases[9].json, TRUE,
                                 "{\"kind\":\"Sequence\",\"elements\":[{\"kind\":\"Int\",\"i\":1,\"type_id\":0},"
                                 "{\"kind\":\"Int\",\"i\":5,\"type_id\":0}],\"is_slice\":false,\"type_id\":1}",
                                 INSPECTOR_VALUE_ROLE_VARIABLE);
    g_assert_true (inspector_value_get_changed (value));
    g_assert_true (inspector_value_get_expandable (value));
    children = inspector_value_dup_children (value);
    g_assert_cmpuint (g_list_model_get_n_items (children), ==, 2);
    second = g_list_model_get_item (children, 1);
    g_assert_cmpstr (inspector_value_get_name (second), ==, "1");
    g_assert_cmpstr (inspector_value_get_text (second), ==, "2");
    g_assert_true (inspector_value_get_changed (second));
    {
      g_autoptr(InspectorValue) first = g_list_model_get_item (children, 0);

      g_assert_false (inspector_value_get_changed (first));
    }
  }
}

static void
shadow_items_changed (GListModel *list,
                      guint       position,
                      guint       removed,
                      guint       added,
                      guint      *shadow)
{
  g_assert_cmpuint (position + removed, <=, *shadow);
  *shadow = *shadow - removed + added;
}

/* The children of <module> in py-loop-1e7 (345 000 calls) while they load:
 * the list grows, turns into groups past INSPECTOR_CALL_LIST_GROUP_SIZE,
 * and says so through items-changed */
static void
test_call_list_while_loading (void)
{
  g_autofree char *dir = ct_test_fixture_dir ("large/py-loop-1e7", "v1");
  g_autoptr(InspectorSession) session = inspector_session_new ();
  g_autoptr(InspectorCallList) list = NULL;
  g_autoptr(InspectorCallList) last_group_list = NULL;
  g_autoptr(GObject) last_group = NULL;
  gint64 deadline = g_get_monotonic_time () + LOAD_TIMEOUT_USEC;
  const guint group_size = INSPECTOR_CALL_LIST_GROUP_SIZE;
  guint shadow, previous = 0, refreshes = 0, group_shadow = 0;
  guint parent, first, size;

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("no large/py-loop-1e7 fixture");
      return;
    }

  inspector_session_open (session, dir);
  list = inspector_call_list_new (session, 1);
  shadow = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_signal_connect (list, "items-changed", G_CALLBACK (shadow_items_changed), &shadow);

  while (inspector_session_get_loading (session) && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, TRUE);
      inspector_call_list_refresh (list);
      refreshes++;
      g_assert_cmpuint (shadow, ==, g_list_model_get_n_items (G_LIST_MODEL (list)));
      if (!inspector_call_list_is_grouped (list))
        g_assert_cmpuint (shadow, >=, previous);
      previous = shadow;

      /* the last group grows while loading, and its list with it */
      if (last_group_list == NULL && inspector_call_list_is_grouped (list) && shadow > 1)
        {
          last_group = g_list_model_get_item (G_LIST_MODEL (list), shadow - 1);
          last_group_list = inspector_call_list_new_for_group (session, INSPECTOR_CALL_NODE (last_group));
          group_shadow = g_list_model_get_n_items (G_LIST_MODEL (last_group_list));
          g_signal_connect (last_group_list, "items-changed",
                            G_CALLBACK (shadow_items_changed), &group_shadow);
        }
      if (last_group_list != NULL)
        {
          inspector_call_list_refresh (last_group_list);
          g_assert_cmpuint (group_shadow, ==, g_list_model_get_n_items (G_LIST_MODEL (last_group_list)));
        }
    }
  g_assert_false (inspector_session_get_loading (session));
  inspector_call_list_refresh (list);
  g_test_message ("%u refreshes while loading", refreshes);

  g_assert_true (inspector_call_list_is_grouped (list));
  g_assert_cmpuint (shadow, ==, (345000 + group_size - 1) / group_size);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, shadow);
  {
    g_autoptr(InspectorCallNode) last = g_list_model_get_item (G_LIST_MODEL (list), shadow - 1);

    g_assert_true (inspector_call_node_get_group (last, &parent, &first, &size));
    g_assert_cmpuint (parent, ==, 1);
    g_assert_cmpuint (first + size, ==, 345000);
  }
  if (last_group_list != NULL)
    {
      inspector_call_list_refresh (last_group_list);
      g_assert_true (inspector_call_node_get_group (INSPECTOR_CALL_NODE (last_group), NULL, &first, &size));
      g_assert_cmpuint (group_shadow, ==, size);
      g_assert_cmpuint (size, <=, group_size);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/session/navigation/fixtures", test_navigation_fixtures);
  g_test_add_func ("/session/navigation/example", test_navigation_example);
  g_test_add_func ("/session/history", test_history);
  g_test_add_func ("/session/preview", test_preview);
  g_test_add_func ("/session/current-call", test_current_call_follows_step);
  g_test_add_func ("/session/damaged", test_damaged);
  g_test_add_func ("/session/no-trace", test_no_trace);
  g_test_add_func ("/session/large-progressive", test_large_progressive);
  g_test_add_func ("/session/call-list-while-loading", test_call_list_while_loading);
  g_test_add_func ("/session/types", test_types);
  g_test_add_func ("/session/value-format", test_value_format);

  return g_test_run ();
}
