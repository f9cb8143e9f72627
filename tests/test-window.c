/* test-window.c: the inspector window on the fixtures (suite "display",
 * run under Xvfb by tools/test)
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include <adwaita.h>

#include "ct-test-utils.h"
#include "inspector-application.h"
#include "inspector-call-list.h"
#include "inspector-call-node.h"
#include "inspector-io-event.h"
#include "inspector-trace-oracle.h"
#include "inspector-value.h"
#include "inspector-window-private.h"

#define LOAD_TIMEOUT_USEC (120 * G_USEC_PER_SEC)

/* ---- helpers ---- */

static void
iterate (guint msec)
{
  gint64 until = g_get_monotonic_time () + msec * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < until)
    {
      while (g_main_context_pending (NULL))
        g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

/* Runs what is pending for `msec`; returns the longest single dispatch, in
 * seconds: how long the window would have been frozen */
static double
iterate_max_dispatch (guint msec)
{
  gint64 until = g_get_monotonic_time () + msec * G_TIME_SPAN_MILLISECOND;
  gint64 longest = 0;

  do
    {
      gint64 start = g_get_monotonic_time ();

      if (g_main_context_iteration (NULL, FALSE))
        longest = MAX (longest, g_get_monotonic_time () - start);
      else
        g_usleep (1000);
    }
  while (g_get_monotonic_time () < until);

  return longest / 1e6;
}

static void
wait_loaded (InspectorWindow *window)
{
  InspectorSession *session = inspector_window_get_session (window);
  gint64 deadline = g_get_monotonic_time () + LOAD_TIMEOUT_USEC;

  while (inspector_session_get_loading (session) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (inspector_session_get_loading (session));
  iterate (50);
}

static InspectorWindow *
window_new (void)
{
  InspectorWindow *window = inspector_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  iterate (50);
  return window;
}

static InspectorWindow *
window_open (const char *path)
{
  InspectorWindow *window = window_new ();

  inspector_window_open (window, path);
  wait_loaded (window);
  return window;
}

static void
window_destroy (InspectorWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  iterate (20);
}

static const char *
visible_page (InspectorWindow *window)
{
  return gtk_stack_get_visible_child_name (window->main_stack);
}

static Oracle *
oracle_for (const char *name)
{
  g_autofree char *dir = ct_test_fixture_dir (name, "json");
  g_autofree char *file = g_build_filename (dir, "trace.json", NULL);
  g_autoptr(GError) error = NULL;
  Oracle *oracle;

  oracle = oracle_new (file, &error);
  g_assert_no_error (error);
  return oracle;
}

/* ---- the call tree and the variables panel against `codetrace step` ---- */

static guint32
first_step_of (Oracle  *oracle,
               guint32  call)
{
  for (guint s = 0; s < oracle_n_steps (oracle); s++)
    if (oracle_call (oracle, s) == call)
      return s;
  return ORACLE_NONE;
}

/* The call to select: the deepest call of the trace that has a step, other
 * than the one the window shows at first */
static guint32
interesting_call (Oracle *oracle)
{
  guint32 best = ORACLE_NONE;
  guint best_depth = 0;

  for (guint s = 1; s < oracle_n_steps (oracle); s++)
    {
      guint32 c = oracle_call (oracle, s);

      if (c != ORACLE_NONE && c != oracle_call (oracle, 0) && oracle_depth (oracle, c) > best_depth)
        {
          best = c;
          best_depth = oracle_depth (oracle, c);
        }
    }
  return best != ORACLE_NONE ? best : oracle_call (oracle, 0);
}

/* Selects `call` through the tree's selection model, expanding its
 * callers the way a user would */
static void
select_call_in_tree (InspectorWindow *window,
                     Oracle          *oracle,
                     guint32          call)
{
  GtkSingleSelection *selection = inspector_call_tree_get_selection (window->call_tree);
  GListModel *rows = gtk_single_selection_get_model (selection);

  for (guint pos = 0; pos < g_list_model_get_n_items (rows); pos++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (rows, pos);
      g_autoptr(InspectorCallNode) node = gtk_tree_list_row_get_item (row);
      guint32 id = inspector_call_node_get_call (node);

      if (id == call)
        {
          /* move away first, so that selecting is what moves the session */
          gtk_single_selection_set_selected (selection, GTK_INVALID_LIST_POSITION);
          gtk_single_selection_set_selected (selection, pos);
          iterate (20);
          return;
        }
      if (oracle_is_caller_or_self (oracle, id, call) && id != ORACLE_NONE)
        gtk_tree_list_row_set_expanded (row, TRUE);
    }
  for (guint pos = 0; pos < g_list_model_get_n_items (rows); pos++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (rows, pos);
      g_autoptr(InspectorCallNode) node = gtk_tree_list_row_get_item (row);

      g_printerr ("row %u: call %u, depth %u, expanded %d, expandable %d\n", pos, inspector_call_node_get_call (node),
                  gtk_tree_list_row_get_depth (row), gtk_tree_list_row_get_expanded (row), gtk_tree_list_row_is_expandable (row));
    }
  g_error ("call %u is not in the call tree", call);
}

static GtkWidget *
find_widget_of_type (GtkWidget *widget,
                     GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget_of_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
collect_inscriptions (GtkWidget *widget,
                      GPtrArray *found)
{
  if (GTK_IS_INSCRIPTION (widget))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_inscriptions (child, found);
}

/* The row widgets that the list view in `panel` shows on screen, and the
 * place in the list of each, from where it is drawn */
static GPtrArray *
rows_in_view (GtkWidget *panel,
              GArray   **positions)
{
  GtkWidget *list = find_widget_of_type (panel, GTK_TYPE_LIST_VIEW);
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));
  double value = gtk_adjustment_get_value (adjustment);
  int height = gtk_widget_get_height (list);
  GPtrArray *widgets = g_ptr_array_new ();

  *positions = g_array_new (FALSE, FALSE, sizeof (guint));
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      graphene_rect_t bounds;
      guint position;

      if (!gtk_widget_get_mapped (row) || gtk_widget_get_height (row) <= 0
          || !gtk_widget_compute_bounds (row, list, &bounds)
          || bounds.origin.y + bounds.size.height <= 0 || bounds.origin.y >= height)
        continue;
      position = (guint) ((bounds.origin.y + value) / bounds.size.height + 0.5);
      g_ptr_array_add (widgets, row);
      g_array_append_val (*positions, position);
    }
  return widgets;
}

/* The variables panel's rows on screen show their values' name, text and
 * type, the value highlighted when it changed */
static void
check_variables_shown (InspectorWindow *window)
{
  GListModel *tree = G_LIST_MODEL (inspector_variables_get_tree (window->variables));
  g_autoptr(GArray) positions = NULL;
  g_autoptr(GPtrArray) widgets = rows_in_view (GTK_WIDGET (window->variables), &positions);

  g_assert_cmpuint (widgets->len, ==, MIN (g_list_model_get_n_items (tree), widgets->len));
  for (guint i = 0; i < widgets->len; i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (tree, g_array_index (positions, guint, i));
      g_autoptr(InspectorValue) value = NULL;
      g_autoptr(GPtrArray) cells = g_ptr_array_new ();
      GtkWidget *text;

      g_assert_nonnull (row);
      value = gtk_tree_list_row_get_item (row);
      collect_inscriptions (g_ptr_array_index (widgets, i), cells);
      g_assert_cmpuint (cells->len, ==, 3);
      text = g_ptr_array_index (cells, 1);
      g_assert_cmpstr (gtk_inscription_get_text (g_ptr_array_index (cells, 0)), ==, inspector_value_get_name (value));
      g_assert_cmpstr (gtk_inscription_get_text (GTK_INSCRIPTION (text)), ==, inspector_value_get_text (value));
      g_assert_cmpstr (gtk_inscription_get_text (g_ptr_array_index (cells, 2)), ==, inspector_value_get_type_name (value));
      g_assert_cmpint (gtk_widget_has_css_class (text, "changed"), ==, inspector_value_get_changed (value));
    }
}

static void
check_variables_against_cli (InspectorWindow *window,
                             const char      *dir,
                             guint            step)
{
  g_autofree char *step_text = g_strdup_printf ("%u", step);
  CtTestRun *run = ct_test_run_codetrace ("step", "--json", dir, step_text, NULL);
  g_autoptr(JsonNode) root = NULL;
  GListModel *rows = inspector_variables_get_rows (window->variables);
  JsonArray *variables;
  guint n_rows = 0;

  g_assert_cmpint (run->exit_status, ==, 0);
  /* the same big-integer care as the panel: json-glib keeps 64 bits only */
  root = inspector_value_parse (run->out_text);
  g_assert_nonnull (root);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "step"), ==, step);
  variables = json_object_get_array_member (json_node_get_object (root), "variables");

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(InspectorValue) row = g_list_model_get_item (rows, i);
      JsonObject *expected;
      g_autoptr(JsonNode) value = NULL;
      JsonNode *type;

      if (inspector_value_get_role (row) != INSPECTOR_VALUE_ROLE_VARIABLE)
        continue;
      g_assert_cmpuint (n_rows, <, json_array_get_length (variables));
      expected = json_array_get_object_element (variables, n_rows);
      g_assert_cmpstr (inspector_value_get_name (row), ==,
                       json_object_get_string_member (expected, "name"));
      type = json_object_get_member (expected, "type");
      if (type != NULL && JSON_NODE_HOLDS_VALUE (type))
        g_assert_cmpstr (inspector_value_get_type_name (row), ==, json_node_get_string (type));
      value = inspector_value_parse (inspector_value_get_json (row));
      g_assert_true (json_node_equal (value, json_object_get_member (expected, "value")));
      /* and what the panel shows is the formatted value */
      {
        g_autofree char *text = inspector_value_format (inspector_window_get_session (window),
                                                        json_object_get_member (expected, "value"),
                                                        300);

        g_assert_cmpstr (inspector_value_get_text (row), ==, text);
      }
      n_rows++;
    }
  g_assert_cmpuint (n_rows, ==, json_array_get_length (variables));

  ct_test_run_free (run);
}

static void
check_fixture_dir (const char *name,
                   const char *dir,
                   Oracle     *oracle)
{
  InspectorWindow *window = window_open (dir);
  InspectorSession *session = inspector_window_get_session (window);
  guint32 call, first;
  const OracleStep *st;

  g_assert_cmpstr (visible_page (window), ==, "trace");
  g_assert_null (inspector_session_get_error (session));
  g_assert_cmpuint (inspector_session_get_n_steps (session), ==, oracle_n_steps (oracle));
  g_assert_cmpuint (inspector_session_get_current_step (session), ==, 0);

  call = interesting_call (oracle);
  first = first_step_of (oracle, call);
  select_call_in_tree (window, oracle, call);
  g_assert_cmpuint (inspector_session_get_current_step (session), ==, first);
  g_assert_cmpuint (inspector_session_get_current_call (session), ==, call);

  /* the source view shows the call's file and first line */
  st = &g_array_index (oracle->steps, OracleStep, first);
  g_assert_cmpuint (inspector_source_view_get_visible_path (window->source_view), ==, st->path_id);
  g_assert_cmpuint (inspector_source_view_get_highlighted_line (window->source_view), ==, st->line);

  /* the variables panel shows what `codetrace step` reports */
  check_variables_against_cli (window, dir, first);
  check_variables_shown (window);

  /* and the tree row follows the current step */
  g_assert_true (inspector_session_step_back (session) || first == 0);
  iterate (10);
  {
    GtkSingleSelection *selection = inspector_call_tree_get_selection (window->call_tree);
    GtkTreeListRow *row = gtk_single_selection_get_selected_item (selection);
    g_autoptr(InspectorCallNode) node = NULL;

    g_assert_nonnull (row);
    node = gtk_tree_list_row_get_item (row);
    g_assert_cmpuint (inspector_call_node_get_call (node), ==,
                      inspector_session_get_current_call (session));
  }
  check_variables_against_cli (window, dir, inspector_session_get_current_step (session));
  check_variables_shown (window);

  g_test_message ("%s: selected call %u, step %u", dir, call, first);
  window_destroy (window);
  (void) name;
}

static void
test_fixtures (void)
{
  g_autofree char *fixtures = ct_test_require_fixtures ();
  g_autoptr(GHashTable) table = NULL;
  g_auto(GStrv) names = NULL;
  g_autoptr(GError) error = NULL;

  if (fixtures == NULL || ct_test_require_codetrace () == NULL)
    return;

  table = ct_test_load_fixture_table (NULL, &error);
  g_assert_no_error (error);
  names = ct_test_fixture_names (table, FALSE);

  for (guint i = 0; names[i] != NULL; i++)
    {
      CtTestFixture *fixture = g_hash_table_lookup (table, names[i]);
      g_autoptr(Oracle) oracle = NULL;

      if (!ct_test_fixture_has_encoding (fixture, "json"))
        continue;
      oracle = oracle_for (names[i]);
      for (guint e = 0; fixture->encodings[e] != NULL; e++)
        {
          g_autofree char *dir = ct_test_fixture_dir (names[i], fixture->encodings[e]);

          check_fixture_dir (names[i], dir, oracle);
        }
    }
}

/* ---- navigation through the window's actions ---- */

static const char * const move_actions[ORACLE_N_MOVES] = {
  "session.step-forward", "session.step-back", "session.step-over", "session.step-over-back",
  "session.step-into", "session.step-out", "session.step-out-back", "session.call-start",
  "session.call-end", "session.next-line-run", "session.previous-line-run",
};

static void
check_actions (const char *name,
               const char *encoding)
{
  g_autofree char *dir = ct_test_fixture_dir (name, encoding);
  g_autoptr(Oracle) oracle = NULL;
  InspectorWindow *window;
  InspectorSession *session;
  guint n_steps;

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_test_message ("no %s/%s", name, encoding);
      return;
    }

  oracle = oracle_for (name);
  window = window_open (dir);
  session = inspector_window_get_session (window);
  n_steps = oracle_n_steps (oracle);

  for (guint s = 0; s < n_steps; s++)
    {
      for (OracleMove move = 0; move < ORACLE_N_MOVES; move++)
        {
          guint32 expected = oracle_expect (oracle, s, move);
          GVariant *target = g_variant_new_uint32 (s);

          gtk_widget_activate_action_variant (GTK_WIDGET (window), "win.go-to-step-number", target);
          g_assert_cmpuint (inspector_session_get_current_step (session), ==, s);
          gtk_widget_activate_action (GTK_WIDGET (window), move_actions[move], NULL);
          if (inspector_session_get_current_step (session) != (expected == ORACLE_NONE ? s : expected))
            g_error ("%s: %s from step %u landed on %u, expected %u", dir, move_actions[move], s,
                     inspector_session_get_current_step (session), expected);
        }
    }

  /* back and forward through visited positions */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.go-to-step-number", "u", 1);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.go-to-step-number", "u", n_steps - 1);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.go-to-step-number", "u", n_steps / 2);
  gtk_widget_activate_action (GTK_WIDGET (window), "session.go-back", NULL);
  g_assert_cmpuint (inspector_session_get_current_step (session), ==, n_steps - 1);
  gtk_widget_activate_action (GTK_WIDGET (window), "session.go-back", NULL);
  g_assert_cmpuint (inspector_session_get_current_step (session), ==, 1);
  gtk_widget_activate_action (GTK_WIDGET (window), "session.go-forward", NULL);
  g_assert_cmpuint (inspector_session_get_current_step (session), ==, n_steps - 1);

  g_test_message ("%s: %u steps × %u actions", dir, n_steps, ORACLE_N_MOVES);
  window_destroy (window);
}

static void
test_actions (void)
{
  g_autofree char *fixtures = ct_test_require_fixtures ();

  if (fixtures == NULL)
    return;

  check_actions ("py-recursion", "json");
  check_actions ("rb0915-nested_calls", "v1");
  check_actions ("py-generators_async", "v0");
  check_actions ("example-ruby-flow_test", "json");
}

static void save_screenshot (GtkWidget  *widget,
                             const char *name);

/* ---- errors and damage ---- */

static CtTestTempDir *
make_truncated_copy (const char *fixture,
                     double      keep)
{
  g_autofree char *dir = ct_test_fixture_dir (fixture, "json");
  const char *names[] = { "trace.json", "trace_metadata.json", "trace_paths.json" };
  CtTestTempDir *tmp = ct_test_temp_dir_new ();

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
  g_autofree char *fixtures = ct_test_require_fixtures ();
  CtTestTempDir *tmp;
  InspectorWindow *window;
  const char *text;

  if (fixtures == NULL)
    return;

  tmp = make_truncated_copy ("rb0915-control_flow", 0.6);
  window = window_open (tmp->path);

  g_assert_cmpstr (visible_page (window), ==, "trace");
  g_assert_true (gtk_revealer_get_reveal_child (window->warning_revealer));
  text = gtk_label_get_text (window->warning_label);
  g_test_message ("banner: %s", text);
  g_assert_nonnull (strstr (text, "damaged"));
  g_assert_nonnull (strstr (text, "step"));
  /* it names the file and the event */
  g_assert_nonnull (strstr (text, "trace.json"));
  g_assert_nonnull (strstr (text, "event"));

  /* the loaded part works */
  g_assert_cmpuint (inspector_session_get_current_step (inspector_window_get_session (window)), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (window), "session.step-forward", NULL);
  g_assert_cmpuint (inspector_session_get_current_step (inspector_window_get_session (window)), ==, 1);

  save_screenshot (GTK_WIDGET (window), "screenshot-damaged.png");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.dismiss-warning", NULL);
  g_assert_false (gtk_revealer_get_reveal_child (window->warning_revealer));

  window_destroy (window);
  ct_test_temp_dir_free (tmp);
}

static void
test_no_trace (void)
{
  CtTestTempDir *tmp = ct_test_temp_dir_new ();
  InspectorWindow *window = window_new ();
  const char *description;
  g_autofree char *good_dir = ct_test_fixture_dir ("py-calc", "json");
  g_autofree char *good = g_canonicalize_filename (good_dir, NULL);

  g_assert_cmpstr (visible_page (window), ==, "empty");
  g_assert_true (inspector_window_is_empty (window));

  inspector_window_open (window, tmp->path);
  wait_loaded (window);
  g_assert_cmpstr (visible_page (window), ==, "error");
  description = adw_status_page_get_description (window->error_page);
  g_test_message ("error page: %s", description);
  g_assert_nonnull (strstr (description, tmp->path));
  g_assert_nonnull (strstr (description, "no trace"));
  save_screenshot (GTK_WIDGET (window), "screenshot-error.png");

  /* the app stays usable: the same window opens a good trace */
  if (g_file_test (good, G_FILE_TEST_IS_DIR))
    {
      inspector_window_open (window, good);
      wait_loaded (window);
      g_assert_cmpstr (visible_page (window), ==, "trace");
      gtk_widget_activate_action (GTK_WIDGET (window), "session.step-forward", NULL);
      g_assert_cmpuint (inspector_session_get_current_step (inspector_window_get_session (window)), ==, 1);

      /* it is in the Recent menu now, and the failed one is not */
      {
        gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
        gboolean found = FALSE;

        while (!found && g_get_monotonic_time () < deadline)
          {
            GMenuModel *menu = G_MENU_MODEL (window->recent_menu);

            iterate (50);
            for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
              {
                g_autoptr(GVariant) target = g_menu_model_get_item_attribute_value (menu, i, G_MENU_ATTRIBUTE_TARGET,
                                                                                    G_VARIANT_TYPE_STRING);

                g_assert_true (target == NULL || !g_str_equal (g_variant_get_string (target, NULL), tmp->path));
                if (target != NULL && g_str_equal (g_variant_get_string (target, NULL), good))
                  found = TRUE;
              }
          }
        g_assert_true (found);
      }
    }

  window_destroy (window);
  ct_test_temp_dir_free (tmp);
}

/* ---- find, output, details ---- */

static void
test_find (void)
{
  g_autofree char *dir = ct_test_fixture_dir ("py-recursion", "json");
  InspectorWindow *window;
  InspectorSession *session;
  CtModel *model;
  CtModelCall info;
  g_autofree char *function = NULL;

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("no py-recursion fixture");
      return;
    }

  window = window_open (dir);
  session = inspector_window_get_session (window);
  model = inspector_session_get_model (session);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.find", NULL);
  g_assert_true (gtk_search_bar_get_search_mode (window->search_bar));

  /* functions */
  gtk_drop_down_set_selected (window->search_scope, INSPECTOR_FIND_FUNCTIONS);
  gtk_editable_set_text (GTK_EDITABLE (window->search_entry), "FACT");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.find-next", NULL);
  g_assert_true (ct_model_get_call (model, inspector_session_get_current_call (session), &info));
  function = ct_model_dup_function_name (model, info.function_id);
  g_test_message ("found function %s at step %u", function, inspector_session_get_current_step (session));
  g_assert_nonnull (strstr (function, "fact"));
  {
    guint first = inspector_session_get_current_call (session);

    gtk_widget_activate_action (GTK_WIDGET (window), "win.find-next", NULL);
    g_assert_cmpuint (inspector_session_get_current_call (session), >, first);
    gtk_widget_activate_action (GTK_WIDGET (window), "win.find-previous", NULL);
    g_assert_cmpuint (inspector_session_get_current_call (session), ==, first);
  }

  /* output: the event's step */
  if (ct_model_get_n_io (model) > 0)
    {
      CtModelIo io;
      g_autofree char *needle = NULL;

      g_assert_true (ct_model_get_io (model, ct_model_get_n_io (model) - 1, &io));
      needle = g_strndup (io.content, MIN (strlen (io.content), 6));
      gtk_drop_down_set_selected (window->search_scope, INSPECTOR_FIND_OUTPUT);
      gtk_editable_set_text (GTK_EDITABLE (window->search_entry), needle);
      inspector_session_set_current_step (session, 0);
      gtk_widget_activate_action (GTK_WIDGET (window), "win.find-previous", NULL);
      g_assert_cmpuint (inspector_session_get_current_step (session), ==, io.step);

      /* activating an event row jumps to its step */
      inspector_session_set_current_step (session, 0);
      inspector_output_activate (window->output, ct_model_get_n_io (model) - 1);
      g_assert_cmpuint (inspector_session_get_current_step (session), ==, io.step);
    }

  /* variables: the filter */
  inspector_session_set_current_step (session, inspector_session_get_n_steps (session) / 2);
  iterate (10);
  gtk_drop_down_set_selected (window->search_scope, INSPECTOR_FIND_VARIABLES);
  gtk_editable_set_text (GTK_EDITABLE (window->search_entry), "zzz-no-such-name");
  iterate (300); /* search-changed is delayed */
  g_assert_cmpuint (g_list_model_get_n_items (inspector_variables_get_filtered_rows (window->variables)), ==, 0);
  gtk_search_bar_set_search_mode (window->search_bar, FALSE);
  iterate (10);
  g_assert_cmpuint (g_list_model_get_n_items (inspector_variables_get_filtered_rows (window->variables)), ==,
                    g_list_model_get_n_items (inspector_variables_get_rows (window->variables)));

  window_destroy (window);
}

static void
test_details (void)
{
  g_autofree char *fixtures = ct_test_require_fixtures ();
  g_autofree char *dir = NULL;
  InspectorWindow *window;
  CtTraceFolder *folder;
  JsonObject *metadata;
  g_autoptr(GList) members = NULL;

  if (fixtures == NULL)
    return;

  dir = ct_test_fixture_dir ("py-calc", "v1");
  window = window_open (dir);
  folder = inspector_session_get_folder (inspector_window_get_session (window));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-details", NULL);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (window->view_stack), ==, "details");

  g_assert_cmpstr (inspector_details_lookup (window->details, "Program"), ==,
                   ct_trace_folder_get_program (folder));
  g_assert_cmpstr (inspector_details_lookup (window->details, "Working folder"), ==,
                   ct_trace_folder_get_workdir (folder));
  g_assert_cmpstr (inspector_details_lookup (window->details, "Steps"), ==, "7");
  g_assert_cmpstr (inspector_details_lookup (window->details, "Calls"), ==, "3");
  g_assert_cmpstr (inspector_details_lookup (window->details, "Unfinished calls"), ==, "1");
  g_assert_nonnull (strstr (inspector_details_lookup (window->details, "Encoding"), "version 1"));

  /* every metadata key */
  metadata = ct_trace_folder_get_metadata (folder);
  members = json_object_get_members (metadata);
  for (const GList *l = members; l != NULL; l = l->next)
    g_assert_nonnull (inspector_details_lookup (window->details, l->data));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-details", NULL);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (window->view_stack), ==, "inspect");

  window_destroy (window);
}

/* ---- layout: the timeline gets its natural height in the paned ---- */

static void
test_timeline_height (void)
{
  g_autofree char *fixtures = ct_test_require_fixtures ();
  g_autofree char *dir = NULL;
  InspectorWindow *window;
  int min, nat;

  if (fixtures == NULL)
    return;

  dir = ct_test_fixture_dir ("py-recursion", "json");
  window = window_open (dir);
  iterate (100);

  gtk_widget_measure (GTK_WIDGET (window->timeline), GTK_ORIENTATION_VERTICAL, -1, &min, &nat, NULL, NULL);
  g_assert_cmpint (nat, >, min);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window->timeline)), ==, nat);

  /* and keeps it when the window grows */
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 900);
  iterate (100);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window->timeline)), ==, nat);

  window_destroy (window);
}

/* ---- a big trace: 345 000 children under one call ---- */

static void
count_notifies (guint *count)
{
  (*count)++;
}

static GtkTreeListRow *
find_row_of_call (GListModel *rows,
                  guint       call)
{
  for (guint pos = 0; pos < MIN (g_list_model_get_n_items (rows), 100); pos++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (rows, pos);
      g_autoptr(InspectorCallNode) node = gtk_tree_list_row_get_item (row);

      if (inspector_call_node_get_call (node) == call)
        return g_steal_pointer (&row);
    }
  return NULL;
}

/* Every row the call tree shows on screen names the call at its place in
 * the list: its place from where it is drawn, its text from its first
 * cell. (The tree binds rows far out of view only once they come near.) */
static void
assert_rows_in_view_match (InspectorWindow *window,
                           GListModel      *rows)
{
  g_autoptr(GArray) positions = NULL;
  g_autoptr(GPtrArray) widgets = rows_in_view (GTK_WIDGET (window->call_tree), &positions);

  for (guint i = 0; i < widgets->len; i++)
    {
      g_autoptr(GtkTreeListRow) item = g_list_model_get_item (rows, g_array_index (positions, guint, i));
      g_autoptr(InspectorCallNode) node = NULL;
      GtkWidget *name = find_widget_of_type (g_ptr_array_index (widgets, i), GTK_TYPE_INSCRIPTION);

      g_assert_nonnull (item);
      g_assert_nonnull (name);
      node = gtk_tree_list_row_get_item (item);
      g_assert_cmpstr (gtk_inscription_get_text (GTK_INSCRIPTION (name)), ==,
                       inspector_call_node_get_function (node));
    }
  g_assert_cmpuint (widgets->len, >, 5);
}

/* The selected row of the call tree is one of those on screen */
static void
assert_selected_row_in_view (InspectorWindow *window)
{
  guint selected = gtk_single_selection_get_selected (inspector_call_tree_get_selection (window->call_tree));
  g_autoptr(GArray) positions = NULL;
  g_autoptr(GPtrArray) widgets = rows_in_view (GTK_WIDGET (window->call_tree), &positions);
  gboolean shown = FALSE;

  g_assert_cmpuint (selected, !=, GTK_INVALID_LIST_POSITION);
  for (guint i = 0; i < positions->len; i++)
    shown |= g_array_index (positions, guint, i) == selected;
  g_assert_true (shown);
}

static void
test_large (void)
{
  g_autofree char *dir = ct_test_fixture_dir ("large/py-loop-1e7", "v1");
  double slack = g_getenv ("CT_SANITIZED") != NULL ? 10.0 : 1.0;
  InspectorWindow *window;
  InspectorSession *session;
  GtkSingleSelection *selection;
  GListModel *rows;
  g_autoptr(GtkTreeListRow) module_row = NULL;
  guint n_before, n_steps, last_call;
  const guint group_size = INSPECTOR_CALL_LIST_GROUP_SIZE;
  const guint n_groups = (345000 + group_size - 1) / group_size;
  gint64 start;
  double expand_sec, follow_sec, find_sec;

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("no large/py-loop-1e7 fixture");
      return;
    }

  window = window_open (dir);
  session = inspector_window_get_session (window);
  selection = inspector_call_tree_get_selection (window->call_tree);
  rows = gtk_single_selection_get_model (selection);
  n_steps = inspector_session_get_n_steps (session);
  g_assert_cmpuint (n_steps, ==, 2070008);

  /* let the timeline finish indexing first: it queries the model from a
   * thread of its own */
  {
    gint64 deadline = g_get_monotonic_time () + LOAD_TIMEOUT_USEC;

    while (inspector_timeline_get_n_indexed (window->timeline) < n_steps
           && g_get_monotonic_time () < deadline)
      iterate (20);
    g_test_message ("timeline indexed %u steps", inspector_timeline_get_n_indexed (window->timeline));
  }

  /* <module> (call 1) holds 345 000 calls */
  module_row = find_row_of_call (rows, 1);
  g_assert_nonnull (module_row);
  gtk_tree_list_row_set_expanded (module_row, FALSE);
  iterate (20);
  n_before = g_list_model_get_n_items (rows);

  /* From a tree shorter than its view (whose adjustment's upper is then
   * the page, not the rows), a jump deep inside brings the current call's
   * row on screen */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.go-to-step-number", "u", n_steps / 2);
  iterate (50);
  assert_selected_row_in_view (window);
  gtk_tree_list_row_set_expanded (module_row, FALSE);
  iterate (20);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, n_before);

  /* ... shown in groups of at most INSPECTOR_CALL_LIST_GROUP_SIZE */
  {
    g_autoptr(InspectorCallList) list = inspector_call_list_new (session, 1);
    g_autoptr(InspectorCallNode) last = NULL;
    g_autoptr(InspectorCallList) last_list = NULL;
    g_autofree char *label = NULL;
    guint parent, first, size;

    start = g_get_monotonic_time ();
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n_groups);
    g_assert_true (inspector_call_list_is_grouped (list));
    g_test_message ("counting the children alone: %.3f s", (g_get_monotonic_time () - start) / 1e6);

    last = g_list_model_get_item (G_LIST_MODEL (list), n_groups - 1);
    g_assert_true (inspector_call_node_is_group (last));
    g_assert_cmpuint (inspector_call_node_get_call (last), ==, CT_MODEL_NONE);
    g_assert_true (inspector_call_node_get_group (last, &parent, &first, &size));
    g_assert_cmpuint (parent, ==, 1);
    g_assert_cmpuint (first, ==, (n_groups - 1) * group_size);
    g_assert_cmpuint (size, ==, 345000 - first);
    label = g_strdup_printf ("calls %u–344999", first);
    g_assert_cmpstr (inspector_call_node_get_function (last), ==, label);
    g_assert_cmpstr (inspector_call_node_get_args (last), ==, "");
    g_assert_cmpstr (inspector_call_node_get_return_value (last), ==, "");

    /* the last group's calls, and finding a call through its group */
    last_list = inspector_call_list_new_for_group (session, last);
    g_assert_false (inspector_call_list_is_grouped (last_list));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (last_list)), ==, size);
    {
      g_autoptr(InspectorCallNode) call = g_list_model_get_item (G_LIST_MODEL (last_list), size - 1);

      g_autofree char *args = NULL;
      guint notified = 0;

      g_assert_false (inspector_call_node_is_group (call));
      g_assert_cmpuint (inspector_call_node_get_info (call)->parent, ==, 1);

      /* rows bind the property: "" at first, the args once decoded, just
       * after the frame */
      g_signal_connect_swapped (call, "notify::args", G_CALLBACK (count_notifies), &notified);
      g_object_get (call, "args", &args, NULL);
      g_assert_cmpstr (args, ==, "");
      g_clear_pointer (&args, g_free);
      iterate (50);
      g_assert_cmpuint (notified, ==, 1);
      g_object_get (call, "args", &args, NULL);
      g_assert_cmpstr (args, !=, "");
      g_assert_cmpstr (args, ==, inspector_call_node_get_args (call));
      g_assert_cmpuint (inspector_call_list_find (list, inspector_call_node_get_call (call)), ==, n_groups - 1);
      g_assert_cmpuint (inspector_call_list_find (last_list, inspector_call_node_get_call (call)), ==, size - 1);
    }
  }
  start = g_get_monotonic_time ();
  gtk_tree_list_row_set_expanded (module_row, TRUE);
  expand_sec = (g_get_monotonic_time () - start) / 1e6;
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, n_before + n_groups);
  g_test_message ("expanding: %.3f s", expand_sec);
  /* and drawing the expanded tree does not block either */
  expand_sec = MAX (expand_sec, iterate_max_dispatch (300));

  /* a group expands to its calls */
  {
    g_autoptr(GtkTreeListRow) group_row = gtk_tree_list_row_get_child_row (module_row, 0);
    double group_sec;

    g_assert_nonnull (group_row);
    start = g_get_monotonic_time ();
    gtk_tree_list_row_set_expanded (group_row, TRUE);
    group_sec = (g_get_monotonic_time () - start) / 1e6;
    g_assert_cmpuint (g_list_model_get_n_items (rows), ==, n_before + n_groups + group_size);
    group_sec = MAX (group_sec, iterate_max_dispatch (300));
    g_test_message ("expanding a group of %u: %.3f s", group_size, group_sec);
    expand_sec = MAX (expand_sec, group_sec);
  }

  /* the current call's row follows a jump to the end */
  start = g_get_monotonic_time ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.go-to-step-number", "u", n_steps - 2);
  follow_sec = (g_get_monotonic_time () - start) / 1e6;
  follow_sec = MAX (follow_sec, iterate_max_dispatch (300));
  last_call = inspector_session_get_current_call (session);
  {
    GtkTreeListRow *row = gtk_single_selection_get_selected_item (selection);
    g_autoptr(InspectorCallNode) node = NULL;

    g_assert_nonnull (row);
    node = gtk_tree_list_row_get_item (row);
    g_assert_cmpuint (inspector_call_node_get_call (node), ==, last_call);
  }

  /* Groups that following opened close again once the current call is in
   * another: after jumps into calls of three groups, only the group the
   * user opened and the current call's group are open. */
  {
    g_autoptr(GtkTreeListRow) last_group = gtk_tree_list_row_get_child_row (module_row, n_groups - 1);
    g_autoptr(GtkTreeListRow) user_group = gtk_tree_list_row_get_child_row (module_row, 0);
    guint open = 0;

    CtModel *model = inspector_session_get_model (session);
    CtModelCall last_child;

    /* into the last call, which is in the last group */
    g_assert_true (ct_model_get_call (model, ct_model_get_n_calls (model) - 1, &last_child));
    gtk_widget_activate_action (GTK_WIDGET (window), "win.go-to-step-number", "u", last_child.first_step);
    iterate (50);
    g_assert_true (gtk_tree_list_row_get_expanded (last_group));
    assert_selected_row_in_view (window);
    /* then into calls in two other groups */
    for (guint k = 4; k >= 2; k -= 2)
      {
        CtModelCall c;

        g_assert_true (ct_model_get_call (model, ct_model_get_n_calls (model) / k, &c));
        gtk_widget_activate_action (GTK_WIDGET (window), "win.go-to-step-number", "u", c.first_step);
        iterate (50);
        /* the jump opened a group: its rows have no height in the list
         * yet, and the view still comes to the call's row */
        assert_selected_row_in_view (window);
      }
    /* and out to the caller: the callee's group stays open */
    {
      g_autoptr(GtkTreeListRow) callee_group = gtk_tree_list_row_get_parent (gtk_single_selection_get_selected_item (selection));
      g_autoptr(InspectorCallNode) group_node = NULL;

      g_assert_nonnull (callee_group);
      group_node = gtk_tree_list_row_get_item (callee_group);
      g_assert_true (inspector_call_node_is_group (group_node));
      gtk_widget_activate_action (GTK_WIDGET (window), "session.step-out", NULL);
      iterate (50);
      g_assert_true (gtk_tree_list_row_get_expanded (callee_group));
    }
    /* and the same step out at once, before the frame that shows the
     * jump: closing the groups off the path afterwards still spares the
     * callee's, which is on screen */
    {
      CtModelCall c;
      g_autoptr(GtkTreeListRow) callee_group = NULL;

      g_assert_true (ct_model_get_call (model, ct_model_get_n_calls (model) / 3, &c));
      gtk_widget_activate_action (GTK_WIDGET (window), "win.go-to-step-number", "u", c.first_step + 1);
      callee_group = gtk_tree_list_row_get_parent (gtk_single_selection_get_selected_item (selection));
      g_assert_nonnull (callee_group);
      gtk_widget_activate_action (GTK_WIDGET (window), "session.step-out", NULL);
      iterate (50);
      g_assert_true (gtk_tree_list_row_get_expanded (callee_group));
    }
    g_assert_false (gtk_tree_list_row_get_expanded (last_group));
    g_assert_true (gtk_tree_list_row_get_expanded (user_group));
    for (guint g = 0; g < n_groups; g++)
      {
        g_autoptr(GtkTreeListRow) group = gtk_tree_list_row_get_child_row (module_row, g);

        open += gtk_tree_list_row_get_expanded (group);
      }
    g_assert_cmpuint (open, <=, 2);
    g_assert_cmpuint (g_list_model_get_n_items (rows), <=, n_before + n_groups + 2 * group_size);
    assert_rows_in_view_match (window, rows);

    /* scrolled by a page at a time, then in jumps of a few pages, as by
     * the scrollbar: the rows that come into view are bound before they
     * show */
    {
      GtkWidget *list = find_widget_of_type (GTK_WIDGET (window->call_tree), GTK_TYPE_LIST_VIEW);
      GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));
      double page = gtk_adjustment_get_page_size (adjustment);

      for (guint k = 1; k <= 6; k++)
        {
          gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + (k <= 3 ? page : 4.5 * page));
          iterate (30);
          assert_rows_in_view_match (window, rows);
        }
    }
    /* and the current call's row is still the selected one */
    {
      GtkTreeListRow *row = gtk_single_selection_get_selected_item (selection);
      g_autoptr(InspectorCallNode) node = NULL;

      g_assert_nonnull (row);
      node = gtk_tree_list_row_get_item (row);
      g_assert_cmpuint (inspector_call_node_get_call (node), ==, inspector_session_get_current_call (session));
    }
  }

  /* find the previous call of the same function, across the whole trace */
  start = g_get_monotonic_time ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.find", NULL);
  gtk_drop_down_set_selected (window->search_scope, INSPECTOR_FIND_FUNCTIONS);
  gtk_editable_set_text (GTK_EDITABLE (window->search_entry), "step");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.find-previous", NULL);
  find_sec = (g_get_monotonic_time () - start) / 1e6;
  iterate (100);
  {
    CtModel *model = inspector_session_get_model (session);
    g_autofree char *function = NULL;
    CtModelCall info;

    g_assert_cmpuint (inspector_session_get_current_call (session), !=, last_call);
    g_assert_true (ct_model_get_call (model, inspector_session_get_current_call (session), &info));
    function = ct_model_dup_function_name (model, info.function_id);
    g_assert_cmpstr (function, ==, "step");
  }

  g_test_message ("longest freeze: expanding 345 000 children (in groups) %.3f s, following a jump to the end %.3f s; find %.3f s",
                  expand_sec, follow_sec, find_sec);
  g_assert_cmpfloat (expand_sec, <, 1.0 * slack);
  g_assert_cmpfloat (follow_sec, <, 1.0 * slack);
  g_assert_cmpfloat (find_sec, <, 2.0 * slack);

  window_destroy (window);
}

/* ---- the application: help overlay, about, accels, one window per trace ---- */

static void
test_application (void)
{
  g_autoptr(InspectorApplication) app = inspector_application_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = ct_test_fixture_dir ("py-calc", "json");
  g_autoptr(GFile) file = NULL;
  g_auto(GStrv) accels = NULL;
  InspectorWindow *window;
  GtkShortcutsWindow *overlay;
  guint n_windows;

  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.quit");
  g_assert_cmpstr (accels[0], ==, "<Control>q");

  window = inspector_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  iterate (50);

  /* Ctrl+? : gtk/help-overlay.ui from the resource base path */
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_nonnull (overlay);
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  g_strfreev (accels);
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay");
  g_assert_nonnull (accels[0]);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
  iterate (50);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  save_screenshot (GTK_WIDGET (overlay), "screenshot-shortcuts.png");
  gtk_window_close (GTK_WINDOW (overlay));

  /* About */
  n_windows = g_list_length (gtk_window_list_toplevels ());
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  iterate (50);
  {
    g_autoptr(GList) toplevels = gtk_window_list_toplevels ();
    gboolean found = FALSE;

    for (const GList *l = toplevels; l != NULL; l = l->next)
      if (ADW_IS_ABOUT_WINDOW (l->data))
        {
          found = TRUE;
          gtk_window_destroy (l->data);
        }
    g_assert_true (found);
  }
  (void) n_windows;

  /* dark style */
  g_action_group_change_action_state (G_ACTION_GROUP (app), "color-scheme", g_variant_new_string ("dark"));
  g_assert_cmpint (adw_style_manager_get_color_scheme (adw_style_manager_get_default ()), ==,
                   ADW_COLOR_SCHEME_FORCE_DARK);
  g_action_group_change_action_state (G_ACTION_GROUP (app), "color-scheme", g_variant_new_string ("default"));

  /* the empty window takes the first trace; the same trace again is the
   * same window */
  if (g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      file = g_file_new_for_path (dir);
      inspector_application_open_trace (app, file);
      wait_loaded (window);
      g_assert_false (inspector_window_is_empty (window));
      inspector_application_open_trace (app, file);
      g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 1);
    }

  gtk_window_destroy (GTK_WINDOW (window));
  iterate (20);
}

/* ---- screenshots for reviewers ---- */

static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  const char *dir = g_getenv ("INSPECTOR_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer;
  graphene_rect_t bounds;
  int width, height;

  if (dir == NULL)
    dir = g_get_tmp_dir ();
  g_mkdir_with_parents (dir, 0755);

  iterate (200);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (GTK_NATIVE (widget));
  bounds = GRAPHENE_RECT_INIT (0, 0, width, height);
  texture = gsk_renderer_render_texture (renderer, node, &bounds);

  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

/* at `step` (G_MAXUINT: a few steps into the deepest call), with the first
 * variable expanded */
static void
screenshot_fixture (const char *name,
                    const char *encoding,
                    guint       step,
                    const char *png,
                    gboolean    dark)
{
  g_autofree char *dir = ct_test_fixture_dir (name, encoding);
  g_autoptr(Oracle) oracle = NULL;
  InspectorWindow *window;
  guint32 call;

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_test_message ("no %s/%s", name, encoding);
      return;
    }

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
  oracle = oracle_for (name);
  window = window_open (dir);

  /* an interesting moment: inside the deepest call, a few steps in */
  call = interesting_call (oracle);
  select_call_in_tree (window, oracle, call);
  if (step == G_MAXUINT)
    {
      inspector_session_step_forward (inspector_window_get_session (window));
      inspector_session_step_forward (inspector_window_get_session (window));
    }
  else
    inspector_session_set_current_step (inspector_window_get_session (window), step);
  iterate (100);
  {
    GtkTreeListModel *tree = inspector_variables_get_tree (window->variables);
    g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_row (tree, 0);

    if (row != NULL)
      gtk_tree_list_row_set_expanded (row, TRUE);
  }

  save_screenshot (GTK_WIDGET (window), png);
  window_destroy (window);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

static void
test_screenshots (void)
{
  g_autofree char *fixtures = ct_test_require_fixtures ();

  if (fixtures == NULL)
    return;

  screenshot_fixture ("py-recursion", "json", G_MAXUINT, "screenshot-py-recursion.png", FALSE);
  screenshot_fixture ("rb0915-more_types", "v1", 5, "screenshot-rb0915-more_types.png", FALSE);
  screenshot_fixture ("py-value_capture_all", "json", G_MAXUINT, "screenshot-py-value_capture_all-dark.png", TRUE);

  {
    InspectorWindow *window = window_new ();

    save_screenshot (GTK_WIDGET (window), "screenshot-empty.png");
    window_destroy (window);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkCssProvider) css = NULL;
  const char *xdg_dirs[] = { "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME" };

  /* the test's own home folders (tests/meson.build), made before the
   * display is opened */
  for (guint i = 0; i < G_N_ELEMENTS (xdg_dirs); i++)
    if (g_getenv (xdg_dirs[i]) != NULL)
      g_mkdir_with_parents (g_getenv (xdg_dirs[i]), 0755);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  inspector_init_resources ();

  /* What GtkApplication/AdwApplication would load from the resource path */
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    "/io/github/traceinspector/TraceInspector/icons");
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/io/github/traceinspector/TraceInspector/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_test_add_func ("/window/no-trace", test_no_trace);
  g_test_add_func ("/window/fixtures", test_fixtures);
  g_test_add_func ("/window/actions", test_actions);
  g_test_add_func ("/window/damaged", test_damaged);
  g_test_add_func ("/window/find", test_find);
  g_test_add_func ("/window/details", test_details);
  g_test_add_func ("/window/application", test_application);
  g_test_add_func ("/window/timeline-height", test_timeline_height);
  g_test_add_func ("/window/large", test_large);
  g_test_add_func ("/window/screenshots", test_screenshots);

  return g_test_run ();
}
