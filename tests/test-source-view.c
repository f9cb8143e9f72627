/* test-source-view.c
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "ct-test-utils.h"
#include "inspector-session.h"
#include "inspector-source-view.h"

/* The steps of a trace.json, read here without the codec: (path_id, line)
 * of every Step, DropLastStep applied. */
typedef struct
{
  guint32 path_id;
  guint32 line;
} JsonStep;

static GArray *
read_json_steps (const char *trace_json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GArray *steps = g_array_new (FALSE, FALSE, sizeof (JsonStep));
  JsonArray *events;

  json_parser_load_from_file (parser, trace_json, &error);
  g_assert_no_error (error);
  events = json_node_get_array (json_parser_get_root (parser));

  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonNode *node = json_array_get_element (events, i);

      if (JSON_NODE_HOLDS_VALUE (node) &&
          g_strcmp0 (json_node_get_string (node), "DropLastStep") == 0)
        {
          if (steps->len > 0)
            g_array_set_size (steps, steps->len - 1);
        }
      else if (JSON_NODE_HOLDS_OBJECT (node) &&
               json_object_has_member (json_node_get_object (node), "Step"))
        {
          JsonObject *step = json_object_get_object_member (json_node_get_object (node), "Step");
          JsonStep s = {
            json_object_get_int_member (step, "path_id"),
            json_object_get_int_member (step, "line"),
          };

          g_array_append_val (steps, s);
        }
    }
  return steps;
}

#define STEP(f, i) (g_array_index ((f)->steps, JsonStep, (i)))

typedef struct
{
  CtTestTempDir       *tmp;
  InspectorSession    *session;
  GtkWindow           *window;
  InspectorSourceView *view;
  GArray              *steps;
} Fixture;

static gboolean
wait_for (gboolean (*done) (gpointer), gpointer data)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!done (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

static gboolean
is_ready (gpointer data)
{
  Fixture *f = data;

  return !inspector_session_get_loading (f->session) &&
         inspector_session_get_n_steps (f->session) > 0 &&
         inspector_source_view_get_visible_child (f->view) != NULL &&
         gtk_widget_get_mapped (inspector_source_view_get_visible_child (f->view));
}

static void
drain (void)
{
  for (int i = 0; i < 50; i++)
    while (g_main_context_iteration (NULL, FALSE))
      ;
}

/* data: "py-recursion" or "missing:py-recursion" (the trace without files/) */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  const char *name = data;
  gboolean missing = g_str_has_prefix (name, "missing:");
  g_autofree char *fixtures = ct_test_require_fixtures ();
  g_autofree char *dir = NULL;
  g_autofree char *trace_json = NULL;

  if (fixtures == NULL)
    return;
  if (missing)
    name += strlen ("missing:");
  dir = ct_test_fixture_dir (name, "json");
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_test_skip_printf ("no fixture %s", dir);
      return;
    }

  if (missing)
    {
      const char *files[] = { "trace.json", "trace_metadata.json", "trace_paths.json" };

      f->tmp = ct_test_temp_dir_new ();
      for (guint i = 0; i < G_N_ELEMENTS (files); i++)
        {
          g_autofree char *from = g_build_filename (dir, files[i], NULL);
          g_autofree char *to = g_build_filename (f->tmp->path, files[i], NULL);
          g_autoptr(GBytes) bytes = ct_test_read_file (from);
          g_autoptr(GError) error = NULL;

          g_file_set_contents (to, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
          g_assert_no_error (error);
        }
      g_free (dir);
      dir = g_strdup (f->tmp->path);
    }

  trace_json = g_build_filename (dir, "trace.json", NULL);
  f->steps = read_json_steps (trace_json);
  g_assert_cmpuint (f->steps->len, >, 0);

  f->session = inspector_session_new ();
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 800, 600);
  f->view = INSPECTOR_SOURCE_VIEW (inspector_source_view_new ());
  inspector_source_view_set_session (f->view, f->session);
  gtk_window_set_child (f->window, GTK_WIDGET (f->view));
  gtk_window_present (f->window);

  inspector_session_open (f->session, dir);
  g_assert_null (inspector_session_get_error (f->session));
  g_assert_true (wait_for (is_ready, f));
  g_assert_cmpuint (inspector_session_get_n_steps (f->session), ==, f->steps->len);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->window != NULL)
    gtk_window_destroy (f->window);
  if (f->session != NULL)
    g_assert_finalize_object (f->session);
  g_clear_pointer (&f->steps, g_array_unref);
  g_clear_pointer (&f->tmp, ct_test_temp_dir_free);
}

static guint
buffer_cursor_line (GtkSourceView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  return gtk_text_iter_get_line (&iter) + 1;
}

static void
assert_current_line (Fixture *f,
                     guint    step)
{
  GtkSourceView *view;

  g_assert_cmpuint (inspector_session_get_current_step (f->session), ==, step);
  g_assert_cmpuint (inspector_source_view_get_visible_path (f->view), ==, STEP (f, step).path_id);
  view = inspector_source_view_get_visible_view (f->view);
  g_assert_nonnull (view);
  g_assert_cmpuint (inspector_source_view_get_highlighted_line (f->view), ==, STEP (f, step).line);
  g_assert_cmpuint (buffer_cursor_line (view), ==, STEP (f, step).line);
}

static void
test_current_line (Fixture       *f,
                   gconstpointer  data)
{
  GtkSourceView *view;
  GtkSourceBuffer *buffer;
  GtkSourceLanguage *language;
  guint n_steps;

  if (f->session == NULL)
    return;

  n_steps = f->steps->len;
  assert_current_line (f, inspector_session_get_current_step (f->session));

  view = inspector_source_view_get_visible_view (f->view);
  buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)));
  language = gtk_source_buffer_get_language (buffer);
  g_assert_nonnull (language);
  /* python3 in newer GtkSourceView language specs */
  g_assert_true (g_str_has_prefix (gtk_source_language_get_id (language), "python"));
  g_assert_false (gtk_text_view_get_editable (GTK_TEXT_VIEW (view)));
  g_assert_true (gtk_text_view_get_monospace (GTK_TEXT_VIEW (view)));

  for (guint i = 0; i < 12; i++)
    {
      guint step = (guint) ((guint64) (n_steps - 1) * i / 11);

      inspector_session_set_current_step (f->session, step);
      drain ();
      assert_current_line (f, step);
    }

  /* Stepping back and forth follows too */
  inspector_session_set_current_step (f->session, 3);
  g_assert_true (inspector_session_step_forward (f->session));
  assert_current_line (f, 4);
  g_assert_true (inspector_session_step_back (f->session));
  assert_current_line (f, 3);

  /* The current line is in view */
  drain ();
  {
    GdkRectangle visible, location;
    GtkTextIter iter;

    gtk_text_view_get_visible_rect (GTK_TEXT_VIEW (view), &visible);
    gtk_text_buffer_get_iter_at_line (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), &iter,
                                      STEP (f, 3).line - 1);
    gtk_text_view_get_iter_location (GTK_TEXT_VIEW (view), &iter, &location);
    g_assert_cmpint (location.y, >=, visible.y);
    g_assert_cmpint (location.y + location.height, <=, visible.y + visible.height);
  }
}

typedef struct
{
  GtkTextView *view;
  guint        line;
} LineInView;

static gboolean
line_in_view (gpointer data)
{
  LineInView *liv = data;
  GdkRectangle visible, location;
  GtkTextIter iter;

  gtk_text_view_get_visible_rect (liv->view, &visible);
  gtk_text_buffer_get_iter_at_line (gtk_text_view_get_buffer (liv->view), &iter, liv->line - 1);
  gtk_text_view_get_iter_location (liv->view, &iter, &location);
  return location.y >= visible.y && location.y + location.height <= visible.y + visible.height;
}

/* a long file: the current line is scrolled into view, both ways */
static void
test_scroll (Fixture       *f,
             gconstpointer  data)
{
  guint far = G_MAXUINT, near = G_MAXUINT;

  if (f->session == NULL)
    return;

  for (guint i = 0; i < f->steps->len && far == G_MAXUINT; i++)
    if (STEP (f, i).line > 150)
      far = i;
  for (guint i = 0; i < f->steps->len && far != G_MAXUINT && near == G_MAXUINT; i++)
    if (STEP (f, i).line + 100 < STEP (f, far).line && STEP (f, i).path_id == STEP (f, far).path_id)
      near = i;
  g_assert_cmpuint (far, !=, G_MAXUINT);
  g_assert_cmpuint (near, !=, G_MAXUINT);

  for (guint round = 0; round < 2; round++)
    {
      guint step = round == 0 ? far : near;
      LineInView liv;

      inspector_session_set_current_step (f->session, step);
      liv.view = GTK_TEXT_VIEW (inspector_source_view_get_visible_view (f->view));
      liv.line = STEP (f, step).line;
      g_assert_true (wait_for (line_in_view, &liv));
      assert_current_line (f, step);
    }
}

static void
test_hit_counts (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (NULL, NULL);
  GtkTextBuffer *buffer;
  guint path_id, total = 0, n_lines;

  if (f->session == NULL)
    return;

  path_id = inspector_source_view_get_visible_path (f->view);
  for (guint i = 0; i < f->steps->len; i++)
    if (STEP (f, i).path_id == path_id)
      {
        gpointer key = GUINT_TO_POINTER (STEP (f, i).line);

        g_hash_table_insert (counts, key,
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, key)) + 1));
      }

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (inspector_source_view_get_visible_view (f->view)));
  n_lines = gtk_text_buffer_get_line_count (buffer);
  for (guint line = 1; line <= n_lines; line++)
    {
      guint expected = GPOINTER_TO_UINT (g_hash_table_lookup (counts, GUINT_TO_POINTER (line)));

      g_assert_cmpuint (inspector_source_view_get_hit_count (f->view, line), ==, expected);
      total += expected;
    }
  g_assert_cmpuint (total, >, 0);
}

static guint
json_next_run (Fixture *f,
               guint    from,
               guint    path_id,
               guint    line,
               gboolean backwards)
{
  if (backwards)
    {
      for (guint i = from; i-- > 0;)
        if (STEP (f, i).path_id == path_id && STEP (f, i).line == line)
          return i;
    }
  else
    {
      for (guint i = from + 1; i < f->steps->len; i++)
        if (STEP (f, i).path_id == path_id && STEP (f, i).line == line)
          return i;
    }
  return G_MAXUINT;
}

static GtkGesture *
find_gutter_gesture (GtkSourceView *view)
{
  GtkSourceGutter *gutter = gtk_source_view_get_gutter (view, GTK_TEXT_WINDOW_LEFT);
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (gutter));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_CLICK (controller) &&
          gtk_event_controller_get_propagation_phase (controller) == GTK_PHASE_CAPTURE)
        return GTK_GESTURE (controller);
    }
  return NULL;
}

static void
test_line_runs (Fixture       *f,
                gconstpointer  data)
{
  guint path_id, line, start, expected;
  GtkSourceView *view;
  GtkGesture *gesture;

  if (f->session == NULL)
    return;

  /* the line with the most runs */
  start = f->steps->len / 2;
  inspector_session_set_current_step (f->session, start);
  path_id = STEP (f, start).path_id;
  line = STEP (f, start).line;

  expected = json_next_run (f, start, path_id, line, FALSE);
  if (expected != G_MAXUINT)
    {
      g_assert_true (inspector_source_view_activate_line (f->view, line, FALSE));
      g_assert_cmpuint (inspector_session_get_current_step (f->session), ==, expected);
      g_assert_true (inspector_source_view_activate_line (f->view, line, TRUE));
      g_assert_cmpuint (inspector_session_get_current_step (f->session), ==, start);
    }

  /* every line with runs: next from the start, previous from the end */
  for (guint l = 1; l < 40; l++)
    {
      guint next = json_next_run (f, 0, path_id, l, FALSE);
      guint previous = json_next_run (f, f->steps->len - 1, path_id, l, TRUE);

      inspector_session_set_current_step (f->session, 0);
      g_assert_cmpint (inspector_source_view_activate_line (f->view, l, FALSE), ==, next != G_MAXUINT);
      if (next != G_MAXUINT)
        g_assert_cmpuint (inspector_session_get_current_step (f->session), ==, next);

      inspector_session_set_current_step (f->session, f->steps->len - 1);
      g_assert_cmpint (inspector_source_view_activate_line (f->view, l, TRUE), ==, previous != G_MAXUINT);
      if (previous != G_MAXUINT)
        g_assert_cmpuint (inspector_session_get_current_step (f->session), ==, previous);
    }

  /* a press on the gutter at a line's height does the same */
  inspector_session_set_current_step (f->session, start);
  drain ();
  view = inspector_source_view_get_visible_view (f->view);
  gesture = find_gutter_gesture (view);
  g_assert_nonnull (gesture);
  {
    GtkTextIter iter;
    int y, height, wx, wy;

    gtk_text_buffer_get_iter_at_line (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), &iter, line - 1);
    gtk_text_view_get_line_yrange (GTK_TEXT_VIEW (view), &iter, &y, &height);
    gtk_text_view_buffer_to_window_coords (GTK_TEXT_VIEW (view), GTK_TEXT_WINDOW_LEFT,
                                           0, y + height / 2, &wx, &wy);
    g_signal_emit_by_name (gesture, "pressed", 1, 4.0, (double) wy);
    if (expected != G_MAXUINT)
      g_assert_cmpuint (inspector_session_get_current_step (f->session), ==, expected);
  }
}

static void
test_ran_and_values (Fixture       *f,
                     gconstpointer  data)
{
  gboolean found_value = FALSE;
  guint checked = 0;

  if (f->session == NULL)
    return;

  for (guint step = 0; step < f->steps->len; step += 3)
    {
      GtkTextBuffer *buffer;
      guint n_lines;

      inspector_session_set_current_step (f->session, step);
      if (inspector_source_view_get_visible_view (f->view) == NULL)
        continue;

      /* the current call ran the current line (it is its own step) */
      g_assert_true (inspector_source_view_get_line_ran (f->view, STEP (f, step).line));
      checked++;

      buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (inspector_source_view_get_visible_view (f->view)));
      n_lines = gtk_text_buffer_get_line_count (buffer);
      for (guint line = 1; line <= n_lines; line++)
        {
          const char *text = inspector_source_view_get_annotation (f->view, line);

          /* lines without a run were not run by the call */
          if (inspector_source_view_get_hit_count (f->view, line) == 0)
            g_assert_false (inspector_source_view_get_line_ran (f->view, line));
          if (text != NULL)
            {
              g_assert_true (strstr (text, " = ") != NULL);
              found_value = TRUE;
            }
        }
    }
  g_assert_cmpuint (checked, >, 0);
  g_assert_true (found_value);
}

static void
test_missing_source (Fixture       *f,
                     gconstpointer  data)
{
  GtkWidget *child;

  if (f->session == NULL)
    return;

  g_assert_null (inspector_source_view_get_visible_view (f->view));
  child = inspector_source_view_get_visible_child (f->view);
  g_assert_true (ADW_IS_STATUS_PAGE (child));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (child)), ==, "Source not captured");
  g_assert_nonnull (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (child)), "recursion.py"));
  g_assert_cmpuint (inspector_source_view_get_highlighted_line (f->view), ==, 0);
  g_assert_cmpuint (inspector_source_view_get_hit_count (f->view, 1), ==, 0);

  /* moving on keeps the placeholder, and does not fail */
  inspector_session_set_current_step (f->session, f->steps->len - 1);
  g_assert_true (ADW_IS_STATUS_PAGE (inspector_source_view_get_visible_child (f->view)));
}

static void
test_dark (Fixture       *f,
           gconstpointer  data)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  GtkSourceBuffer *buffer;

  if (f->session == NULL)
    return;

  buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (inspector_source_view_get_visible_view (f->view))));

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  drain ();
  g_assert_cmpstr (gtk_source_style_scheme_get_id (gtk_source_buffer_get_style_scheme (buffer)), ==, "Adwaita-dark");

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  drain ();
  g_assert_cmpstr (gtk_source_style_scheme_get_id (gtk_source_buffer_get_style_scheme (buffer)), ==, "Adwaita");

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
}

static void
test_reopen (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *dir = NULL;

  if (f->session == NULL)
    return;

  /* a new trace closes the old tabs */
  dir = ct_test_fixture_dir ("py-calc", "json");
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    return;
  inspector_session_open (f->session, dir);
  g_assert_true (wait_for (is_ready, f));
  g_assert_nonnull (inspector_source_view_get_visible_view (f->view));
  g_assert_cmpuint (inspector_source_view_get_highlighted_line (f->view), >, 0);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/source-view/current-line", Fixture, "py-recursion",
              fixture_set_up, test_current_line, fixture_tear_down);
  g_test_add ("/source-view/hit-counts", Fixture, "py-recursion",
              fixture_set_up, test_hit_counts, fixture_tear_down);
  g_test_add ("/source-view/scroll", Fixture, "py-value_capture_all",
              fixture_set_up, test_scroll, fixture_tear_down);
  g_test_add ("/source-view/hit-counts-long", Fixture, "py-value_capture_all",
              fixture_set_up, test_hit_counts, fixture_tear_down);
  g_test_add ("/source-view/hit-counts-ruby", Fixture, "rb0915-nested_calls",
              fixture_set_up, test_hit_counts, fixture_tear_down);
  g_test_add ("/source-view/line-runs", Fixture, "py-recursion",
              fixture_set_up, test_line_runs, fixture_tear_down);
  g_test_add ("/source-view/ran-and-values", Fixture, "py-recursion",
              fixture_set_up, test_ran_and_values, fixture_tear_down);
  g_test_add ("/source-view/missing-source", Fixture, "missing:py-recursion",
              fixture_set_up, test_missing_source, fixture_tear_down);
  g_test_add ("/source-view/dark", Fixture, "py-recursion",
              fixture_set_up, test_dark, fixture_tear_down);
  g_test_add ("/source-view/reopen", Fixture, "py-recursion",
              fixture_set_up, test_reopen, fixture_tear_down);

  return g_test_run ();
}
