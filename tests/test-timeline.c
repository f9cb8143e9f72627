/* test-timeline.c
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <adwaita.h>

#include "ct-test-utils.h"
#include "inspector-session.h"
#include "inspector-timeline.h"
#include "inspector-timeline-layout.h"

/* ------------------------------------------------------------------------
 * The pure parts: mapping, zoom, the depth pyramid
 * ------------------------------------------------------------------------ */

static void
test_layout_step_at_x (void)
{
  const struct { double start, end, width; guint32 n; } cases[] = {
    { 0, 100, 600, 100 },
    { 0, 10000000, 1234, 10000000 },
    { 17.25, 40.5, 300, 50 },
    { 1000, 1004, 800, 5000 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (double x = 0; x < cases[i].width; x += 0.5)
      {
        double expected = floor (cases[i].start + x / cases[i].width * (cases[i].end - cases[i].start));
        guint32 step = inspector_timeline_layout_step_at_x (cases[i].start, cases[i].end,
                                                            cases[i].width, x, cases[i].n);

        g_assert_cmpuint (step, ==, (guint32) CLAMP (expected, 0, cases[i].n - 1));
      }

  /* out of range and empty */
  g_assert_cmpuint (inspector_timeline_layout_step_at_x (0, 10, 100, -5, 10), ==, 0);
  g_assert_cmpuint (inspector_timeline_layout_step_at_x (0, 10, 100, 500, 10), ==, 9);
  g_assert_cmpuint (inspector_timeline_layout_step_at_x (0, 10, 100, 5, 0), ==, INSPECTOR_TIMELINE_NONE);

  /* x_at_step is its inverse at column starts */
  g_assert_cmpfloat_with_epsilon (inspector_timeline_layout_x_at_step (100, 300, 400, 150), 100, 1e-9);
}

static void
test_layout_zoom (void)
{
  double start = 0, end = 1000;
  double anchor = 250;

  /* zoom in around an anchor keeps it at the same fraction of the width */
  inspector_timeline_layout_zoom (&start, &end, anchor, 0.5, 1000, 4);
  g_assert_cmpfloat_with_epsilon (end - start, 500, 1e-9);
  g_assert_cmpfloat_with_epsilon ((anchor - start) / (end - start), 0.25, 1e-9);

  /* zoom out past the trace: clamped to [0, n] */
  inspector_timeline_layout_zoom (&start, &end, anchor, 10, 1000, 4);
  g_assert_cmpfloat (start, ==, 0);
  g_assert_cmpfloat (end, ==, 1000);

  /* never narrower than min_span */
  for (int i = 0; i < 100; i++)
    inspector_timeline_layout_zoom (&start, &end, 999, 0.5, 1000, 4);
  g_assert_cmpfloat_with_epsilon (end - start, 4, 1e-9);
  g_assert_cmpfloat (end, <=, 1000);
  g_assert_cmpfloat (start, >=, 0);

  /* pan stays inside */
  start = 100;
  end = 200;
  inspector_timeline_layout_pan (&start, &end, -500, 1000);
  g_assert_cmpfloat (start, ==, 0);
  g_assert_cmpfloat (end, ==, 100);
  inspector_timeline_layout_pan (&start, &end, 5000, 1000);
  g_assert_cmpfloat (start, ==, 900);
  g_assert_cmpfloat (end, ==, 1000);

  /* clamp repairs empty ranges */
  start = 50;
  end = 50;
  inspector_timeline_layout_clamp (&start, &end, 10, 4);
  g_assert_cmpfloat (start, >=, 0);
  g_assert_cmpfloat (end, <=, 10);
  g_assert_cmpfloat_with_epsilon (end - start, 4, 1e-9);
}

static void
brute_force (const guint32           *depths,
             guint32                  first,
             guint32                  end,
             InspectorTimelineColumn *out)
{
  out->min_depth = G_MAXUINT32;
  out->max_depth = 0;
  for (guint32 s = first; s < end; s++)
    {
      if (s == first || depths[s] < out->min_depth)
        {
          out->min_depth = depths[s];
          out->min_step = s;
        }
      if (s == first || depths[s] > out->max_depth)
        {
          out->max_depth = depths[s];
          out->max_step = s;
        }
    }
}

static void
test_layout_pyramid (void)
{
  g_autoptr(InspectorTimelineLayout) layout = inspector_timeline_layout_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  const guint32 n = 70000;
  g_autofree guint32 *depths = g_new (guint32, n);
  guint32 appended = 0;
  guint32 depth = 1;

  /* a random walk, like a call depth */
  for (guint32 i = 0; i < n; i++)
    {
      int delta = g_rand_int_range (rand, -1, 2);

      depth = MAX (1, (int) depth + delta);
      depths[i] = depth;
    }

  /* appended in uneven chunks, queried after each */
  while (appended < n)
    {
      guint32 chunk = MIN (n - appended, (guint32) g_rand_int_range (rand, 1, 9000));

      inspector_timeline_layout_append (layout, depths + appended, chunk);
      appended += chunk;
      g_assert_cmpuint (inspector_timeline_layout_get_n_steps (layout), ==, appended);

      for (int q = 0; q < 200; q++)
        {
          guint32 a = g_rand_int_range (rand, 0, appended);
          guint32 b = g_rand_int_range (rand, a + 1, appended + 1);
          InspectorTimelineColumn got, want;

          g_assert_true (inspector_timeline_layout_query (layout, a, b, &got));
          brute_force (depths, a, b, &want);
          g_assert_cmpuint (got.min_depth, ==, want.min_depth);
          g_assert_cmpuint (got.max_depth, ==, want.max_depth);
          g_assert_cmpuint (got.min_step, ==, want.min_step);
          g_assert_cmpuint (got.max_step, ==, want.max_step);
        }
    }

  /* memory: about 3 bytes a step */
  g_assert_cmpuint (inspector_timeline_layout_get_size (layout), <, (gsize) n * 4);

  {
    InspectorTimelineColumn col;

    g_assert_false (inspector_timeline_layout_query (layout, n, n + 5, &col));
    g_assert_false (inspector_timeline_layout_query (layout, 10, 10, &col));
  }
}

static guint32
depth_from_array (guint32  step,
                  gpointer user_data)
{
  return ((const guint32 *) user_data)[step];
}

static void
test_layout_summarize (void)
{
  g_autoptr(InspectorTimelineLayout) layout = inspector_timeline_layout_new ();
  const guint32 n = 5000;
  g_autofree guint32 *depths = g_new (guint32, n);
  InspectorTimelineColumn columns[97];

  for (guint32 i = 0; i < n; i++)
    depths[i] = 1 + (i % 37) + (i / 1000);

  /* only the first half indexed; the rest sampled through the callback */
  inspector_timeline_layout_append (layout, depths, n / 2);
  inspector_timeline_layout_summarize (layout, 0, n, G_N_ELEMENTS (columns), n,
                                       depth_from_array, depths, 1000, columns);

  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    {
      guint32 first = floor (0 + (double) c / G_N_ELEMENTS (columns) * n);
      guint32 end = floor (0 + (double) (c + 1) / G_N_ELEMENTS (columns) * n);
      InspectorTimelineColumn want;

      end = MAX (end, first + 1);
      brute_force (depths, first, MIN (end, n), &want);

      g_assert_cmpuint (columns[c].first_step, ==, first);
      g_assert_cmpuint (columns[c].end_step, ==, MIN (end, n));
      /* with 1000 samples a column (~52 steps) is read whole: exact */
      g_assert_cmpuint (columns[c].min_depth, ==, want.min_depth);
      g_assert_cmpuint (columns[c].max_depth, ==, want.max_depth);
      g_assert_true (columns[c].exact);
    }

  /* zoomed in past one step per pixel: columns repeat a step */
  inspector_timeline_layout_summarize (layout, 10, 20, G_N_ELEMENTS (columns), n,
                                       NULL, NULL, 1, columns);
  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    {
      guint32 step = inspector_timeline_layout_step_at_x (10, 20, G_N_ELEMENTS (columns), c, n);

      g_assert_cmpuint (columns[c].first_step, ==, step);
      g_assert_cmpuint (columns[c].min_depth, ==, depths[step]);
    }

  /* without a callback, columns past the index are empty */
  inspector_timeline_layout_summarize (layout, 0, n, G_N_ELEMENTS (columns), n,
                                       NULL, NULL, 1, columns);
  g_assert_cmpuint (columns[G_N_ELEMENTS (columns) - 1].first_step, ==, INSPECTOR_TIMELINE_NONE);
  g_assert_cmpuint (columns[0].first_step, ==, 0);
}

/* 10 million steps: filling the pyramid is linear once; a frame's
 * summary is O(width · log n) */
static void
test_layout_ten_million (void)
{
  g_autoptr(InspectorTimelineLayout) layout = inspector_timeline_layout_new ();
  const guint32 n = 10000000;
  const guint32 chunk = 1 << 20;
  g_autofree guint32 *depths = g_new (guint32, chunk);
  g_autofree InspectorTimelineColumn *columns = g_new (InspectorTimelineColumn, 2000);
  gint64 begin;
  double elapsed;

  for (guint32 done = 0; done < n; done += chunk)
    {
      guint32 count = MIN (chunk, n - done);

      for (guint32 i = 0; i < count; i++)
        depths[i] = 1 + ((done + i) % 1000 == 0 ? 5 : (done + i) % 3);
      inspector_timeline_layout_append (layout, depths, count);
    }
  g_assert_cmpuint (inspector_timeline_layout_get_n_steps (layout), ==, n);

  begin = g_get_monotonic_time ();
  for (int i = 0; i < 50; i++)
    inspector_timeline_layout_summarize (layout, i * 1000.0, n - i * 1000.0, 2000, n,
                                         NULL, NULL, 1, columns);
  elapsed = (g_get_monotonic_time () - begin) / 1000.0 / 50;
  g_test_message ("summary of 2000 columns over 10M steps: %.3f ms", elapsed);
  g_assert_cmpfloat (elapsed, <, 16);

  /* every column sees the depth-6 spike of each 1000 steps */
  for (guint c = 0; c < 2000; c++)
    {
      g_assert_cmpuint (columns[c].max_depth, ==, 6);
      g_assert_cmpuint (columns[c].min_depth, ==, 1);
      g_assert_cmpuint (columns[c].max_step % 1000, ==, 0);
    }
}

static guint32
get_from_array (guint    index,
                gpointer user_data)
{
  return ((const guint32 *) user_data)[index];
}

static void
test_layout_lower_bound (void)
{
  const guint32 values[] = { 1, 3, 3, 7, 10 };

  g_assert_cmpuint (inspector_timeline_layout_lower_bound (5, get_from_array, (gpointer) values, 0), ==, 0);
  g_assert_cmpuint (inspector_timeline_layout_lower_bound (5, get_from_array, (gpointer) values, 3), ==, 1);
  g_assert_cmpuint (inspector_timeline_layout_lower_bound (5, get_from_array, (gpointer) values, 4), ==, 3);
  g_assert_cmpuint (inspector_timeline_layout_lower_bound (5, get_from_array, (gpointer) values, 11), ==, 5);
  g_assert_cmpuint (inspector_timeline_layout_lower_bound (0, get_from_array, (gpointer) values, 1), ==, 0);
}

/* ------------------------------------------------------------------------
 * The widget, on a real trace
 * ------------------------------------------------------------------------ */

#define WINDOW_WIDTH 600

typedef struct
{
  InspectorSession  *session;
  GtkWindow         *window;
  InspectorTimeline *timeline;
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
is_loaded (gpointer data)
{
  Fixture *f = data;

  return !inspector_session_get_loading (f->session) &&
         inspector_session_get_n_steps (f->session) > 0;
}

static gboolean
is_shown (gpointer data)
{
  Fixture *f = data;

  return gtk_widget_get_mapped (GTK_WIDGET (f->timeline)) &&
         gtk_widget_get_width (GTK_WIDGET (f->timeline)) > 0 &&
         inspector_timeline_get_n_indexed (f->timeline) == inspector_session_get_n_steps (f->session);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  const char *name = data;
  g_autofree char *fixtures = ct_test_require_fixtures ();
  g_autofree char *dir = NULL;
  gint64 begin;

  if (fixtures == NULL)
    return;
  dir = g_str_has_prefix (name, "large/") ? ct_test_fixture_dir (name, "v1") : ct_test_fixture_dir (name, "json");
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_test_skip_printf ("no fixture %s", dir);
      return;
    }

  /* the widget is there while the trace loads: it samples, then indexes */
  f->session = inspector_session_new ();
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, WINDOW_WIDTH, 100);
  f->timeline = INSPECTOR_TIMELINE (inspector_timeline_new ());
  inspector_timeline_set_session (f->timeline, f->session);
  gtk_window_set_child (f->window, GTK_WIDGET (f->timeline));
  gtk_window_present (f->window);

  begin = g_get_monotonic_time ();
  inspector_session_open (f->session, dir);
  g_assert_null (inspector_session_get_error (f->session));
  g_assert_true (wait_for (is_loaded, f));
  g_test_message ("%s: loaded in %.1f ms", name, (g_get_monotonic_time () - begin) / 1000.0);
  begin = g_get_monotonic_time ();
  g_assert_true (wait_for (is_shown, f));
  g_test_message ("%s: shown and indexed in %.1f ms", name,
                  (g_get_monotonic_time () - begin) / 1000.0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->window != NULL)
    gtk_window_destroy (f->window);
  if (f->session != NULL)
    g_assert_finalize_object (f->session);
}

static GtkEventController *
find_controller (GtkWidget *widget,
                 GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return controller; /* the widget keeps it */
    }
  return NULL;
}

static void
test_widget_click (Fixture       *f,
                   gconstpointer  data)
{
  double start, end, width;
  guint n_steps;
  GtkEventController *drag;

  if (f->session == NULL)
    return;

  n_steps = inspector_session_get_n_steps (f->session);
  width = gtk_widget_get_width (GTK_WIDGET (f->timeline));
  g_assert_cmpfloat (width, ==, WINDOW_WIDTH);

  /* natural height */
  {
    int min, nat;

    gtk_widget_measure (GTK_WIDGET (f->timeline), GTK_ORIENTATION_VERTICAL, -1, &min, &nat, NULL, NULL);
    g_assert_cmpint (nat, ==, 80);
  }
  g_assert_cmpstr (gtk_widget_get_css_name (GTK_WIDGET (f->timeline)), ==, "timeline");

  /* the whole trace is visible at first */
  inspector_session_get_visible_range (f->session, &start, &end);
  g_assert_cmpfloat (start, ==, 0);
  g_assert_cmpfloat (end, ==, n_steps);

  for (double x = 0; x < width; x += 37.5)
    {
      guint expected = (guint) floor (start + x / width * (end - start));

      g_assert_cmpuint (inspector_timeline_step_at_x (f->timeline, x), ==, expected);
    }

  /* a click through the method ... */
  inspector_timeline_click (f->timeline, 300);
  g_assert_cmpuint (inspector_session_get_current_step (f->session), ==,
                    (guint) floor (start + 300 / width * (end - start)));

  /* ... and through the drag gesture's handlers */
  drag = find_controller (GTK_WIDGET (f->timeline), GTK_TYPE_GESTURE_DRAG);
  g_assert_nonnull (drag);
  g_signal_emit_by_name (drag, "drag-begin", 120.0, 40.0);
  g_assert_cmpuint (inspector_session_get_current_step (f->session), ==,
                    (guint) floor (start + 120 / width * (end - start)));
  g_signal_emit_by_name (drag, "drag-update", 60.0, 0.0);
  g_assert_cmpuint (inspector_session_get_current_step (f->session), ==,
                    (guint) floor (start + 180 / width * (end - start)));

  /* the cursor is drawn where the step is */
  {
    guint current = inspector_session_get_current_step (f->session);
    double x = inspector_timeline_x_at_step (f->timeline, current);

    g_assert_cmpuint (inspector_timeline_step_at_x (f->timeline, x + 0.01), ==, current);
  }
}

/* Dragging the cursor moves the step without filling the back/forward
 * history: one entry, the step the drag began at, when it ends */
static void
test_widget_drag_history (Fixture       *f,
                          gconstpointer  data)
{
  GtkEventController *drag;
  guint before, last = CT_MODEL_NONE, moves = 0;

  if (f->session == NULL)
    return;

  inspector_session_set_current_step (f->session, 10);
  before = inspector_session_get_current_step (f->session);
  g_assert_true (inspector_session_can_go_back (f->session));
  g_assert_true (inspector_session_go_back (f->session));
  g_assert_true (inspector_session_go_forward (f->session));
  g_assert_cmpuint (inspector_session_get_current_step (f->session), ==, before);

  drag = find_controller (GTK_WIDGET (f->timeline), GTK_TYPE_GESTURE_DRAG);
  g_assert_nonnull (drag);
  g_signal_emit_by_name (drag, "drag-begin", 100.0, 40.0);
  for (double dx = 0; dx <= 400; dx += 10)
    {
      guint step;

      g_signal_emit_by_name (drag, "drag-update", dx, 0.0);
      step = inspector_session_get_current_step (f->session);
      g_assert_cmpuint (step, ==, inspector_timeline_step_at_x (f->timeline, 100 + dx));
      if (step != last)
        moves++;
      last = step;
      /* nothing new to go back to while dragging */
      g_assert_false (inspector_session_can_go_forward (f->session));
    }
  g_assert_cmpuint (moves, >, 10);
  g_signal_emit_by_name (drag, "drag-end", 400.0, 0.0);
  g_assert_cmpuint (inspector_session_get_current_step (f->session), ==, last);

  /* back: to where the drag began, in one go; then to before the jump to 10 */
  g_assert_true (inspector_session_go_back (f->session));
  g_assert_cmpuint (inspector_session_get_current_step (f->session), ==, before);
  g_assert_true (inspector_session_go_back (f->session));
  g_assert_cmpuint (inspector_session_get_current_step (f->session), ==, 0);
  g_assert_false (inspector_session_go_back (f->session));
  g_assert_true (inspector_session_go_forward (f->session));
  g_assert_true (inspector_session_go_forward (f->session));
  g_assert_cmpuint (inspector_session_get_current_step (f->session), ==, last);

  /* a click (a drag that does not move) is one jump */
  g_signal_emit_by_name (drag, "drag-begin", 50.0, 40.0);
  g_signal_emit_by_name (drag, "drag-end", 0.0, 0.0);
  g_assert_cmpuint (inspector_session_get_current_step (f->session), ==,
                    inspector_timeline_step_at_x (f->timeline, 50));
  g_assert_true (inspector_session_go_back (f->session));
  g_assert_cmpuint (inspector_session_get_current_step (f->session), ==, last);
}

static void
test_widget_zoom (Fixture       *f,
                  gconstpointer  data)
{
  double start, end, new_start, new_end, width, anchor;
  guint n_steps;
  GtkEventController *scroll;

  if (f->session == NULL)
    return;

  n_steps = inspector_session_get_n_steps (f->session);
  width = gtk_widget_get_width (GTK_WIDGET (f->timeline));
  inspector_session_get_visible_range (f->session, &start, &end);
  anchor = start + 150 / width * (end - start);

  /* Ctrl+scroll up zooms in around the pointer */
  inspector_timeline_scroll (f->timeline, 0, -1, GDK_CONTROL_MASK, 150);
  inspector_session_get_visible_range (f->session, &new_start, &new_end);
  g_assert_cmpfloat (new_end - new_start, <, end - start);
  g_assert_cmpfloat_with_epsilon (new_start + 150 / width * (new_end - new_start), anchor, 1e-6);

  /* more zoom, then a plain scroll pans */
  for (int i = 0; i < 5; i++)
    inspector_timeline_scroll (f->timeline, 0, -1, GDK_CONTROL_MASK, 150);
  inspector_session_get_visible_range (f->session, &start, &end);
  g_assert_cmpfloat (end - start, <, n_steps / 2.0);

  scroll = find_controller (GTK_WIDGET (f->timeline), GTK_TYPE_EVENT_CONTROLLER_SCROLL);
  g_assert_nonnull (scroll);
  {
    gboolean handled = FALSE;

    g_signal_emit_by_name (scroll, "scroll", 0.0, 1.0, &handled);
    g_assert_true (handled);
  }
  inspector_session_get_visible_range (f->session, &new_start, &new_end);
  g_assert_cmpfloat (new_start, >, start);
  g_assert_cmpfloat_with_epsilon (new_end - new_start, end - start, 1e-6);

  /* the mapping follows the new range */
  g_assert_cmpuint (inspector_timeline_step_at_x (f->timeline, 10), ==,
                    (guint) floor (new_start + 10 / width * (new_end - new_start)));

  /* zooming out all the way shows the whole trace again */
  for (int i = 0; i < 100; i++)
    inspector_timeline_zoom (f->timeline, 2, 300);
  inspector_session_get_visible_range (f->session, &start, &end);
  g_assert_cmpfloat (start, ==, 0);
  g_assert_cmpfloat (end, ==, n_steps);

  /* moving the current step out of view brings it back into view */
  for (int i = 0; i < 8; i++)
    inspector_timeline_zoom (f->timeline, 0.5, 0);
  inspector_session_set_current_step (f->session, n_steps - 1);
  inspector_session_get_visible_range (f->session, &start, &end);
  g_assert_cmpfloat (start, <=, n_steps - 1);
  g_assert_cmpfloat (end, >=, n_steps);
}

static void
test_widget_keyboard (Fixture       *f,
                      gconstpointer  data)
{
  double start, end, new_start, new_end;
  guint n_steps;

  if (f->session == NULL)
    return;

  n_steps = inspector_session_get_n_steps (f->session);

  /* Left/Right: a step */
  inspector_session_set_current_step (f->session, 10);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->timeline), "timeline.move", "i", 1));
  g_assert_cmpuint (inspector_session_get_current_step (f->session), ==, 11);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->timeline), "timeline.move", "i", -1));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->timeline), "timeline.move", "i", -1));
  g_assert_cmpuint (inspector_session_get_current_step (f->session), ==, 9);

  /* +: zoom in around the cursor, which stays under the same pixel */
  inspector_session_get_visible_range (f->session, &start, &end);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->timeline), "timeline.zoom", "d", 0.8));
  inspector_session_get_visible_range (f->session, &new_start, &new_end);
  g_assert_cmpfloat (new_end - new_start, <, end - start);
  g_assert_cmpfloat (new_start, <=, 9);
  g_assert_cmpfloat (new_end, >=, 10);

  /* -: out again; show-all */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->timeline), "timeline.zoom", "d", 1.25));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->timeline), "timeline.zoom", "d", 0.1));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->timeline), "timeline.show-all", NULL));
  inspector_session_get_visible_range (f->session, &start, &end);
  g_assert_cmpfloat (start, ==, 0);
  g_assert_cmpfloat (end, ==, n_steps);

  /* the slider's accessible value follows */
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (f->timeline)), ==,
                   GTK_ACCESSIBLE_ROLE_SLIDER);
}

static void
test_widget_large (Fixture       *f,
                   gconstpointer  data)
{
  gint64 begin;
  g_autoptr(GdkPaintable) paintable = NULL;

  if (f->session == NULL)
    return;

  /* each zoom/pan rebuilds the strip: it must stay far below a frame */
  begin = g_get_monotonic_time ();
  for (int i = 0; i < 20; i++)
    {
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
      g_autoptr(GskRenderNode) node = NULL;

      inspector_timeline_zoom (f->timeline, i < 10 ? 0.7 : 1 / 0.7, 100 + i * 20);
      GTK_WIDGET_GET_CLASS (f->timeline)->snapshot (GTK_WIDGET (f->timeline), snapshot);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
      g_assert_nonnull (node);
    }
  g_test_message ("20 strips of %u steps in %.1f ms",
                  inspector_session_get_n_steps (f->session),
                  (g_get_monotonic_time () - begin) / 1000.0);
  g_assert_cmpint (g_get_monotonic_time () - begin, <, 20 * 50 * 1000);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/timeline/layout/step-at-x", test_layout_step_at_x);
  g_test_add_func ("/timeline/layout/zoom", test_layout_zoom);
  g_test_add_func ("/timeline/layout/pyramid", test_layout_pyramid);
  g_test_add_func ("/timeline/layout/summarize", test_layout_summarize);
  g_test_add_func ("/timeline/layout/lower-bound", test_layout_lower_bound);
  g_test_add_func ("/timeline/layout/ten-million", test_layout_ten_million);
  g_test_add ("/timeline/widget/click", Fixture, "py-recursion",
              fixture_set_up, test_widget_click, fixture_tear_down);
  g_test_add ("/timeline/widget/drag-history", Fixture, "py-recursion",
              fixture_set_up, test_widget_drag_history, fixture_tear_down);
  g_test_add ("/timeline/widget/zoom", Fixture, "py-recursion",
              fixture_set_up, test_widget_zoom, fixture_tear_down);
  g_test_add ("/timeline/widget/keyboard", Fixture, "py-recursion",
              fixture_set_up, test_widget_keyboard, fixture_tear_down);
  g_test_add ("/timeline/widget/large", Fixture, "large/py-loop-1e6",
              fixture_set_up, test_widget_large, fixture_tear_down);
  if (g_test_slow ())
    g_test_add ("/timeline/widget/larger", Fixture, "large/py-loop-1e7",
                fixture_set_up, test_widget_large, fixture_tear_down);

  return g_test_run ();
}
