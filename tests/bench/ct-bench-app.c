/* ct-bench-app.c: speed and memory of the window (tests/bench/run-app-bench)
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "ct-tracer.h"
#include "inspector-application.h"
#include "inspector-call-list.h"
#include "inspector-call-node.h"
#include "inspector-window-private.h"

/* Usage:
 *   ct-bench-app [--steps N] [--zoom-frames N] [--scroll-frames N] [--no-steps]
 *                [--no-zoom] [--scroll] [--hide PANEL,...] TRACE
 *   ct-bench-app --make-trace DIR --calls N
 *
 * The first form runs the real application (InspectorApplication, as
 * trace-inspector TRACE does) and measures, from the frame clock of the
 * window (needs a display: run-app-bench runs it under Xvfb):
 *
 *  - launch: from main() to the end of the first frame painted with rows in
 *    the call tree and text in the source view (and the load's fraction then);
 *  - steps: N of each of session.step-forward, session.step-over,
 *    session.step-out (from a random step in a call, set a frame before) and
 *    win.go-to-step-number (a random step): each action runs in a frame's update
 *    phase (a tick callback), so "latency" is the action plus the layout
 *    and paint of the frame that shows it, up to the end of after-paint;
 *  - zoom: inspector_timeline_zoom() once per frame, in then out, and the
 *    time of each frame (before-paint to after-paint) and between frames;
 *  - scroll (--scroll): expands the call with the most children (timed to
 *    the end of its frame), then every group row under it (when the tree
 *    groups them) until the tree shows all of them, then moves the call tree's vadjustment once per frame:
 *    smoothly (40 px a frame) and in jumps (the whole list in
 *    --scroll-frames frames, as a dragged scrollbar);
 *  - peak RSS (VmHWM).
 *
 * It prints key=value lines (times in ms). --hide call-tree,variables,...
 * hides panels before the steps (call-tree, source-view, variables, output,
 * timeline, location, header), to see what each costs; CT_BENCH_FRAMES=1
 * prints every measured frame on stderr. The second form writes a
 * synthetic v1 trace with CtTracer: main() calling work(i) N times, so one
 * call with N children. */

#define FRAME_BUDGET_MS 16.7
#define SMOOTH_PX       40.0
#define LOAD_TIMEOUT_S  300

typedef enum
{
  PHASE_FIRST_FRAME,
  PHASE_WAIT_LOADED,
  PHASE_STEP_FORWARD,
  PHASE_STEP_OVER,
  PHASE_STEP_OUT,
  PHASE_GO_TO_STEP,
  PHASE_ZOOM_IN,
  PHASE_ZOOM_OUT,
  PHASE_EXPAND,
  PHASE_EXPAND_ALL,
  PHASE_SCROLL_SMOOTH,
  PHASE_SCROLL_JUMP,
  PHASE_DONE,
} Phase;

typedef struct
{
  const char *name;
  GArray     *latency;  /* double ms: action start to end of after-paint */
  GArray     *action;   /* double ms: the action alone */
  GArray     *frame;    /* double ms: before-paint to end of after-paint */
  GArray     *interval; /* double ms: between frame times */
  guint       moved;
} Series;

typedef struct
{
  double               t_main;
  double               exec_to_main_ms;
  char                *trace;
  guint                n_steps_bench;
  guint                zoom_frames;
  guint                scroll_frames;
  gboolean             do_steps;
  gboolean             do_zoom;
  gboolean             do_scroll;
  char               **hide;

  InspectorApplication *app;
  InspectorWindow     *window;
  GdkFrameClock       *clock;
  GRand               *rand;
  Phase                phase;
  guint                count;
  gboolean             failed;

  /* the frame being measured */
  double               t_before_paint;
  double               t_layout_end;
  double               t_paint_end;
  double               t_action;
  double               t_action_end;
  gint64               last_frame_time;
  gboolean             acted;
  gboolean             setup_frame;
  Series              *series;

  /* results */
  double               first_frame_ms;
  double               first_frame_fraction;
  guint                first_frame_rows;
  double               loaded_ms;
  double               indexed_ms;
  long                 rss_first_frame_kib;
  long                 rss_loaded_kib;
  Series               steps[4];
  Series               zoom;
  Series               expand;
  Series               scroll_smooth;
  Series               scroll_jump;
  guint                expand_call;
  guint                expand_children;
  double               expand_all_ms;
  guint                tree_rows;
  double               vadj_upper;
} Bench;

static double
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static long
rss_kib (const char *field)
{
  g_autofree char *status = NULL;
  const char *p;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL)
      || (p = strstr (status, field)) == NULL)
    return -1;
  return strtol (p + strlen (field), NULL, 10);
}

/* How long the process ran before main(), from /proc/self/stat's start
 * time (in clock ticks, so to 10 ms) */
static double
exec_to_now_ms (void)
{
  g_autofree char *stat = NULL;
  struct timespec ts;
  const char *p;
  unsigned long long start_ticks = 0;

  if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL)
      || (p = strrchr (stat, ')')) == NULL)
    return -1;
  /* after "pid (comm)": field 3 is state; start time is field 22 */
  p += 2;
  for (int field = 3; field < 22 && p != NULL; field++)
    {
      p = strchr (p, ' ');
      if (p != NULL)
        p++;
    }
  if (p == NULL)
    return -1;
  start_ticks = strtoull (p, NULL, 10);
  clock_gettime (CLOCK_BOOTTIME, &ts);
  return (ts.tv_sec + ts.tv_nsec / 1e9 - (double) start_ticks / sysconf (_SC_CLK_TCK)) * 1e3;
}

static void
series_init (Series     *s,
             const char *name)
{
  s->name = name;
  s->latency = g_array_new (FALSE, FALSE, sizeof (double));
  s->action = g_array_new (FALSE, FALSE, sizeof (double));
  s->frame = g_array_new (FALSE, FALSE, sizeof (double));
  s->interval = g_array_new (FALSE, FALSE, sizeof (double));
  s->moved = 0;
}

static int
cmp_double (gconstpointer a,
            gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
print_stats (const char *prefix,
             const char *what,
             GArray     *values)
{
  g_autoptr(GArray) sorted = NULL;
  guint n = values->len, over = 0;
  double sum = 0;

  if (n == 0)
    return;
  sorted = g_array_sized_new (FALSE, FALSE, sizeof (double), n);
  g_array_append_vals (sorted, values->data, n);
  g_array_sort (sorted, cmp_double);
  for (guint i = 0; i < n; i++)
    {
      double v = g_array_index (sorted, double, i);

      sum += v;
      if (v > FRAME_BUDGET_MS)
        over++;
    }
  printf ("%s_%s_n=%u\n", prefix, what, n);
  printf ("%s_%s_median_ms=%.2f\n", prefix, what, g_array_index (sorted, double, n / 2));
  printf ("%s_%s_p99_ms=%.2f\n", prefix, what, g_array_index (sorted, double, MIN (n - 1, n * 99 / 100)));
  printf ("%s_%s_max_ms=%.2f\n", prefix, what, g_array_index (sorted, double, n - 1));
  printf ("%s_%s_mean_ms=%.2f\n", prefix, what, sum / n);
  printf ("%s_%s_over_budget=%u\n", prefix, what, over);
}

static void
print_series (Series *s)
{
  if (s->latency->len == 0 && s->frame->len == 0)
    return;
  print_stats (s->name, "latency", s->latency);
  print_stats (s->name, "action", s->action);
  print_stats (s->name, "frame", s->frame);
  print_stats (s->name, "interval", s->interval);
  if (s->interval->len > 0)
    {
      double sum = 0;

      for (guint i = 0; i < s->interval->len; i++)
        sum += g_array_index (s->interval, double, i);
      printf ("%s_fps=%.1f\n", s->name, s->interval->len * 1e3 / sum);
    }
  printf ("%s_moved=%u\n", s->name, s->moved);
}

/* ---- looking into the window ---- */

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GListModel *
tree_rows (Bench *b)
{
  GtkSingleSelection *selection = inspector_call_tree_get_selection (b->window->call_tree);

  return gtk_single_selection_get_model (selection);
}

/* Rows the call tree's list view has made widgets for */
static guint
n_row_widgets (Bench *b)
{
  GtkWidget *list = find_descendant (GTK_WIDGET (b->window->call_tree), GTK_TYPE_LIST_VIEW);
  guint n = 0;

  if (list == NULL || !gtk_widget_get_mapped (list))
    return 0;
  for (GtkWidget *child = gtk_widget_get_first_child (list);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_get_mapped (child) && gtk_widget_get_height (child) > 0)
      n++;
  return n;
}

static gboolean
source_shows_text (Bench *b)
{
  GtkSourceView *view = inspector_source_view_get_visible_view (b->window->source_view);

  return view != NULL && gtk_widget_get_mapped (GTK_WIDGET (view))
         && gtk_text_buffer_get_char_count (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view))) > 0;
}

static GtkAdjustment *
tree_vadjustment (Bench *b)
{
  GtkWidget *column_view = find_descendant (GTK_WIDGET (b->window->call_tree), GTK_TYPE_COLUMN_VIEW);

  return gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (column_view));
}

/* A random step in a call at depth >= 2 that step-out leaves */
static guint
random_inner_step (Bench *b)
{
  InspectorSession *session = inspector_window_get_session (b->window);
  CtModel *model = inspector_session_get_model (session);
  guint n = inspector_session_get_n_steps (session);

  for (int tries = 0; tries < 1000; tries++)
    {
      guint step = g_rand_int_range (b->rand, 0, n);
      guint call = ct_model_call_at (model, step);
      CtModelCall c;

      if (call != CT_MODEL_NONE && ct_model_get_call (model, call, &c) && c.depth >= 2
          && ct_model_step_out (model, step) != CT_MODEL_NONE)
        return step;
    }
  return g_rand_int_range (b->rand, 0, n);
}

/* The call with the most children */
static guint
biggest_call (CtModel *model,
              guint   *n_children)
{
  guint n_calls = ct_model_get_n_calls (model);
  guint best = CT_MODEL_NONE, best_n = 0;

  for (guint call = 0; call < n_calls; call++)
    {
      guint n = ct_model_get_n_children (model, call);

      if (n > best_n)
        {
          best = call;
          best_n = n;
        }
    }
  *n_children = best_n;
  return best;
}

/* Expands the group rows under `row`, all the way down */
static void
expand_groups (GtkTreeListRow *row)
{
  GListModel *children = gtk_tree_list_row_get_children (row);
  guint n = children != NULL ? g_list_model_get_n_items (children) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkTreeListRow) child = gtk_tree_list_row_get_child_row (row, i);
      g_autoptr(InspectorCallNode) node = gtk_tree_list_row_get_item (child);

      /* the rows are all groups or all calls */
      if (!inspector_call_node_is_group (node))
        break;
      gtk_tree_list_row_set_expanded (child, TRUE);
      expand_groups (child);
    }
}

static guint
selected_position (Bench *b)
{
  return gtk_single_selection_get_selected (inspector_call_tree_get_selection (b->window->call_tree));
}

/* --hide: which panel costs what */
static void
hide_panels (Bench *b)
{
  struct { const char *name; GtkWidget *widget; } panels[] = {
    { "call-tree", GTK_WIDGET (b->window->call_tree) },
    { "source-view", GTK_WIDGET (b->window->source_view) },
    { "variables", GTK_WIDGET (b->window->variables) },
    { "output", GTK_WIDGET (b->window->output) },
    { "timeline", GTK_WIDGET (b->window->timeline) },
    { "location", GTK_WIDGET (b->window->location_label) },
    { "header", GTK_WIDGET (b->window->header_bar) },
  };

  for (guint i = 0; b->hide != NULL && b->hide[i] != NULL; i++)
    for (guint k = 0; k < G_N_ELEMENTS (panels); k++)
      if (g_str_equal (b->hide[i], panels[k].name))
        gtk_widget_set_visible (panels[k].widget, FALSE);
}

/* ---- the phases ---- */

static void
next_phase (Bench *b,
            Phase  phase)
{
  b->phase = phase;
  b->count = 0;
  b->acted = FALSE;
  b->setup_frame = FALSE;
  b->series = NULL;
  b->last_frame_time = 0;

  /* skip what was not asked for */
  if (b->phase >= PHASE_STEP_FORWARD && b->phase <= PHASE_GO_TO_STEP && !b->do_steps)
    next_phase (b, PHASE_ZOOM_IN);
  else if ((b->phase == PHASE_ZOOM_IN || b->phase == PHASE_ZOOM_OUT) && !b->do_zoom)
    next_phase (b, PHASE_EXPAND);
  else if (b->phase >= PHASE_EXPAND && b->phase <= PHASE_SCROLL_JUMP && !b->do_scroll)
    next_phase (b, PHASE_DONE);
  else if (b->phase == PHASE_DONE && b->window != NULL)
    gtk_window_destroy (GTK_WINDOW (b->window));
}

static const char *step_actions[] = {
  "session.step-forward",
  "session.step-over",
  "session.step-out",
  "win.go-to-step-number",
};

/* Runs in the update phase of a frame: one action (or one setup) a frame */
static void
act (Bench *b)
{
  InspectorSession *session = inspector_window_get_session (b->window);
  guint n_steps = inspector_session_get_n_steps (session);

  switch (b->phase)
    {
    case PHASE_FIRST_FRAME:
      break;

    case PHASE_WAIT_LOADED:
      if (!inspector_session_get_loading (session) && b->loaded_ms == 0)
        {
          b->loaded_ms = now_ms () - b->t_main;
          b->rss_loaded_kib = rss_kib ("VmRSS:");
        }
      if (b->loaded_ms > 0
          && inspector_timeline_get_n_indexed (b->window->timeline) >= n_steps)
        {
          b->indexed_ms = now_ms () - b->t_main;
          hide_panels (b);
          next_phase (b, PHASE_STEP_FORWARD);
          /* stepping starts in the middle of the trace, a frame later */
          inspector_session_set_current_step (session, n_steps / 2);
        }
      else if (now_ms () - b->t_main > LOAD_TIMEOUT_S * 1e3)
        {
          g_printerr ("the trace did not load in %d s\n", LOAD_TIMEOUT_S);
          b->failed = TRUE;
          next_phase (b, PHASE_DONE);
        }
      break;

    case PHASE_STEP_FORWARD:
    case PHASE_STEP_OVER:
    case PHASE_STEP_OUT:
    case PHASE_GO_TO_STEP:
      {
        guint k = b->phase - PHASE_STEP_FORWARD;
        guint before = inspector_session_get_current_step (session);

        if (b->count >= b->n_steps_bench)
          {
            next_phase (b, b->phase + 1);
            if (b->phase == PHASE_STEP_OVER)
              inspector_session_set_current_step (session, n_steps / 4);
            break;
          }
        /* step-out starts from a random step inside a call, set a frame before */
        if (b->phase == PHASE_STEP_OUT && !b->setup_frame)
          {
            inspector_session_set_current_step (session, random_inner_step (b));
            b->setup_frame = TRUE;
            break;
          }
        b->setup_frame = FALSE;
        b->series = &b->steps[k];
        b->t_action = now_ms ();
        if (b->phase == PHASE_GO_TO_STEP)
          gtk_widget_activate_action (GTK_WIDGET (b->window), step_actions[k], "u",
                                      g_rand_int_range (b->rand, 0, n_steps));
        else
          gtk_widget_activate_action (GTK_WIDGET (b->window), step_actions[k], NULL);
        b->t_action_end = now_ms ();
        b->acted = TRUE;
        if (inspector_session_get_current_step (session) != before)
          b->series->moved++;
        b->count++;
        /* step-over at the end of the trace: start again in the middle */
        if (b->phase == PHASE_STEP_OVER && inspector_session_get_current_step (session) == before)
          inspector_session_set_current_step (session, g_rand_int_range (b->rand, 0, n_steps));
      }
      break;

    case PHASE_ZOOM_IN:
    case PHASE_ZOOM_OUT:
      {
        int width = gtk_widget_get_width (GTK_WIDGET (b->window->timeline));

        if (b->count >= b->zoom_frames)
          {
            next_phase (b, b->phase + 1);
            break;
          }
        b->series = &b->zoom;
        b->t_action = now_ms ();
        /* around a point that wanders, as a hand on a wheel would */
        inspector_timeline_zoom (b->window->timeline,
                                 b->phase == PHASE_ZOOM_IN ? 0.93 : 1 / 0.93,
                                 width * (0.3 + 0.4 * b->count / MAX (1, b->zoom_frames)));
        b->t_action_end = now_ms ();
        b->acted = TRUE;
        b->series->moved++;
        b->count++;
      }
      break;

    case PHASE_EXPAND:
      {
        CtModel *model = inspector_session_get_model (session);
        GListModel *rows = tree_rows (b);
        g_autoptr(GtkTreeListRow) row = NULL;
        guint pos;

        if (b->count == 0)
          {
            /* untimed: find the call and select its row */
            b->expand_call = biggest_call (model, &b->expand_children);
            if (b->expand_call == CT_MODEL_NONE
                || !inspector_call_tree_reveal_call (b->window->call_tree, b->expand_call))
              {
                g_printerr ("no call to expand\n");
                next_phase (b, PHASE_DONE);
                break;
              }
            b->count++;
            break;
          }
        pos = selected_position (b);
        row = pos != GTK_INVALID_LIST_POSITION ? g_list_model_get_item (rows, pos) : NULL;
        if (row == NULL)
          {
            g_printerr ("the call's row is not selected\n");
            next_phase (b, PHASE_DONE);
            break;
          }
        b->series = &b->expand;
        b->t_action = now_ms ();
        gtk_tree_list_row_set_expanded (row, TRUE);
        b->t_action_end = now_ms ();
        b->acted = TRUE;
        b->series->moved++;
        next_phase (b, PHASE_EXPAND_ALL);
        b->series = &b->expand;
        b->acted = TRUE;
        b->count = pos;
      }
      break;

    case PHASE_EXPAND_ALL:
      {
        /* untimed: expand the group rows under the call (when the tree
         * makes them) until the tree shows every child */
        GListModel *rows = tree_rows (b);
        g_autoptr(GtkTreeListRow) top = g_list_model_get_item (rows, b->count);
        double t0 = now_ms ();

        expand_groups (top);
        b->expand_all_ms = now_ms () - t0;
        b->tree_rows = g_list_model_get_n_items (rows);
        gtk_adjustment_set_value (tree_vadjustment (b), 0);
        next_phase (b, PHASE_SCROLL_SMOOTH);
      }
      break;

    case PHASE_SCROLL_SMOOTH:
    case PHASE_SCROLL_JUMP:
      {
        GtkAdjustment *adj = tree_vadjustment (b);
        double upper = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);
        double value;

        if (b->count >= b->scroll_frames)
          {
            b->vadj_upper = MAX (b->vadj_upper, gtk_adjustment_get_upper (adj));
            next_phase (b, b->phase + 1);
            if (b->phase == PHASE_SCROLL_JUMP)
              gtk_adjustment_set_value (adj, 0);
            break;
          }
        if (b->phase == PHASE_SCROLL_SMOOTH)
          {
            b->series = &b->scroll_smooth;
            /* from a third of the way down */
            if (b->count == 0)
              gtk_adjustment_set_value (adj, upper / 3);
            value = gtk_adjustment_get_value (adj) + SMOOTH_PX;
          }
        else
          {
            b->series = &b->scroll_jump;
            value = upper * (b->count + 1) / b->scroll_frames;
          }
        b->t_action = now_ms ();
        gtk_adjustment_set_value (adj, value);
        b->t_action_end = now_ms ();
        b->acted = TRUE;
        b->series->moved++;
        b->count++;
      }
      break;

    case PHASE_DONE:
    default:
      break;
    }
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  Bench *b = user_data;

  if (b->phase == PHASE_DONE)
    return G_SOURCE_REMOVE;
  act (b);
  return G_SOURCE_CONTINUE;
}

static void
before_paint_cb (GdkFrameClock *clock,
                 Bench         *b)
{
  b->t_before_paint = now_ms ();
}

/* Connected after the surface's own handlers: the ends of GTK's layout
 * and paint (snapshot and render) phases, for CT_BENCH_FRAMES */
static void
layout_cb (GdkFrameClock *clock,
           Bench         *b)
{
  b->t_layout_end = now_ms ();
}

static void
paint_cb (GdkFrameClock *clock,
          Bench         *b)
{
  b->t_paint_end = now_ms ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                Bench         *b)
{
  double t = now_ms ();
  gint64 frame_time = gdk_frame_clock_get_frame_time (clock);

  if (b->phase == PHASE_FIRST_FRAME)
    {
      InspectorSession *session = inspector_window_get_session (b->window);
      guint rows = n_row_widgets (b);

      if (rows > 0 && source_shows_text (b))
        {
          b->first_frame_ms = t - b->t_main;
          b->first_frame_fraction = inspector_session_get_loading (session)
                                    ? inspector_session_get_fraction (session) : 1.0;
          b->first_frame_rows = rows;
          b->rss_first_frame_kib = rss_kib ("VmRSS:");
          next_phase (b, PHASE_WAIT_LOADED);
          gtk_widget_add_tick_callback (GTK_WIDGET (b->window), tick_cb, b, NULL);
        }
      return;
    }

  if (b->acted && b->series != NULL)
    {
      double latency = t - b->t_action;
      double action = b->t_action_end - b->t_action;
      double frame = t - b->t_before_paint;

      if (g_getenv ("CT_BENCH_FRAMES") != NULL)
        {
          InspectorSession *session = inspector_window_get_session (b->window);

          g_printerr ("frame %s latency=%.2f action=%.2f layout=%.2f paint=%.2f frame=%.2f step=%u call=%u rows=%u t0=%.3f t1=%.3f tl=%.3f tp=%.3f\n",
                      b->series->name, latency, action, b->t_layout_end - b->t_action_end,
                      b->t_paint_end - b->t_layout_end, frame,
                      inspector_session_get_current_step (session),
                      inspector_session_get_current_call (session),
                      g_list_model_get_n_items (G_LIST_MODEL (inspector_call_tree_get_selection (b->window->call_tree))),
                      b->t_action, b->t_action_end, b->t_layout_end, b->t_paint_end);
        }
      g_array_append_val (b->series->latency, latency);
      g_array_append_val (b->series->action, action);
      g_array_append_val (b->series->frame, frame);
      if (b->last_frame_time != 0)
        {
          double interval = (frame_time - b->last_frame_time) / 1e3;

          g_array_append_val (b->series->interval, interval);
        }
      b->last_frame_time = frame_time;
    }
  else
    b->last_frame_time = 0;
  b->acted = FALSE;
}

static void
window_realize_cb (GtkWidget *widget,
                   Bench     *b)
{
  b->clock = gtk_widget_get_frame_clock (widget);
  g_signal_connect (b->clock, "before-paint", G_CALLBACK (before_paint_cb), b);
  g_signal_connect (b->clock, "layout", G_CALLBACK (layout_cb), b);
  g_signal_connect (b->clock, "paint", G_CALLBACK (paint_cb), b);
  g_signal_connect (b->clock, "after-paint", G_CALLBACK (after_paint_cb), b);
}

static void
window_added_cb (GtkApplication *app,
                 GtkWindow      *window,
                 Bench          *b)
{
  if (!INSPECTOR_IS_WINDOW (window) || b->window != NULL)
    return;
  b->window = INSPECTOR_WINDOW (window);
  gtk_window_unmaximize (window);
  gtk_window_set_default_size (window, 1280, 800);
  g_signal_connect (window, "realize", G_CALLBACK (window_realize_cb), b);
}

static void
window_removed_cb (GtkApplication *app,
                   GtkWindow      *window,
                   Bench          *b)
{
  if (GTK_WINDOW (b->window) != window)
    return;
  if (b->phase != PHASE_DONE)
    {
      g_printerr ("the window closed early\n");
      b->failed = TRUE;
    }
  if (b->clock != NULL)
    g_signal_handlers_disconnect_by_data (b->clock, b);
  b->window = NULL;
}

/* ---- a synthetic trace with one call of many children ---- */

static const char bench_source[] =
  "def work(i):\n"          /* 1 */
  "    x = i * 2\n"         /* 2 */
  "    return x + 1\n"      /* 3 */
  "\n"                      /* 4 */
  "def main(n):\n"          /* 5 */
  "    total = 0\n"         /* 6 */
  "    for i in range(n):\n"/* 7 */
  "        total += work(i)\n" /* 8 */
  "    return total\n"      /* 9 */
  "\n"                      /* 10 */
  "main(N)\n";              /* 11 */

static int
make_trace (const char *dir,
            guint       n_calls)
{
  static const char * const args[] = { NULL };
  g_autoptr(CtTracer) tracer = ct_tracer_new ("bench_loop.py", args);
  g_autoptr(GError) error = NULL;
  g_autofree char *src_dir = g_build_filename (dir, "..", "src", NULL);
  g_autofree char *src = g_build_filename (src_dir, "bench_loop.py", NULL);
  g_autofree char *canonical = NULL;
  gint64 f_main, f_work, t_int, path_id;
  gint64 total = 0;
  double t0 = now_ms ();

  g_mkdir_with_parents (src_dir, 0755);
  canonical = g_canonicalize_filename (src, NULL);
  if (!g_file_set_contents (canonical, bench_source, -1, &error)
      || !ct_tracer_begin (tracer, dir, CT_ENCODING_BINARY_V1, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  ct_tracer_capture_source (tracer, canonical, NULL);

  path_id = ct_tracer_ensure_path_id (tracer, canonical);
  f_main = ct_tracer_ensure_function_id (tracer, "main", canonical, 5);
  f_work = ct_tracer_ensure_function_id (tracer, "work", canonical, 1);
  t_int = ct_tracer_ensure_type_id (tracer, CT_TYPE_KIND_INT, "int");

  {
    CtTracerArg arg = { "n", 0, ct_tracer_int_value (tracer, n_calls, t_int) };

    ct_tracer_call (tracer, f_main, &arg, 1);
  }
  ct_tracer_step_path_id (tracer, path_id, 6);
  ct_tracer_value (tracer, "total", ct_tracer_int_value (tracer, 0, t_int));
  for (guint i = 0; i < n_calls; i++)
    {
      CtTracerArg arg;
      gint64 x = 2 * (gint64) i;

      ct_tracer_step_path_id (tracer, path_id, 7);
      ct_tracer_value (tracer, "i", ct_tracer_int_value (tracer, i, t_int));
      ct_tracer_step_path_id (tracer, path_id, 8);
      arg = (CtTracerArg) { "i", 0, ct_tracer_int_value (tracer, i, t_int) };
      ct_tracer_call (tracer, f_work, &arg, 1);
      ct_tracer_step_path_id (tracer, path_id, 2);
      ct_tracer_step_path_id (tracer, path_id, 3);
      ct_tracer_value (tracer, "x", ct_tracer_int_value (tracer, x, t_int));
      ct_tracer_return (tracer, ct_tracer_int_value (tracer, x + 1, t_int));
      total += x + 1;
    }
  ct_tracer_step_path_id (tracer, path_id, 9);
  ct_tracer_value (tracer, "total", ct_tracer_int_value (tracer, total, t_int));
  ct_tracer_return (tracer, ct_tracer_int_value (tracer, total, t_int));

  if (!ct_tracer_finish (tracer, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  printf ("made=%s\ncalls=%u\nevents=%" G_GUINT64_FORMAT "\nseconds=%.1f\n",
          dir, n_calls + 1, ct_tracer_get_n_events (tracer), (now_ms () - t0) / 1e3);
  return 0;
}

/* ---- main ---- */

static void
usage (void)
{
  fprintf (stderr,
           "usage: ct-bench-app [--steps N] [--zoom-frames N] [--scroll-frames N]\n"
           "                    [--no-steps] [--no-zoom] [--scroll] [--hide PANEL,...] TRACE\n"
           "       ct-bench-app --make-trace DIR --calls N\n");
  exit (2);
}

int
main (int   argc,
      char *argv[])
{
  Bench b = { 0 };
  const char *make_dir = NULL;
  guint n_calls = 1000000;
  int status;

  b.t_main = now_ms ();
  b.exec_to_main_ms = exec_to_now_ms ();
  b.n_steps_bench = 1000;
  b.zoom_frames = 150;
  b.scroll_frames = 300;
  b.do_steps = TRUE;
  b.do_zoom = TRUE;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--steps") && i + 1 < argc)
        b.n_steps_bench = atoi (argv[++i]);
      else if (g_str_equal (argv[i], "--zoom-frames") && i + 1 < argc)
        b.zoom_frames = atoi (argv[++i]);
      else if (g_str_equal (argv[i], "--scroll-frames") && i + 1 < argc)
        b.scroll_frames = atoi (argv[++i]);
      else if (g_str_equal (argv[i], "--no-steps"))
        b.do_steps = FALSE;
      else if (g_str_equal (argv[i], "--no-zoom"))
        b.do_zoom = FALSE;
      else if (g_str_equal (argv[i], "--scroll"))
        b.do_scroll = TRUE;
      else if (g_str_equal (argv[i], "--hide") && i + 1 < argc)
        b.hide = g_strsplit (argv[++i], ",", -1);
      else if (g_str_equal (argv[i], "--make-trace") && i + 1 < argc)
        make_dir = argv[++i];
      else if (g_str_equal (argv[i], "--calls") && i + 1 < argc)
        n_calls = atoi (argv[++i]);
      else if (argv[i][0] == '-' || b.trace != NULL)
        usage ();
      else
        b.trace = argv[i];
    }

  if (make_dir != NULL)
    return make_trace (make_dir, n_calls);
  if (b.trace == NULL)
    usage ();

  b.rand = g_rand_new_with_seed (7);
  series_init (&b.steps[0], "step_forward");
  series_init (&b.steps[1], "step_over");
  series_init (&b.steps[2], "step_out");
  series_init (&b.steps[3], "go_to_step");
  series_init (&b.zoom, "zoom");
  series_init (&b.expand, "expand");
  series_init (&b.scroll_smooth, "scroll_smooth");
  series_init (&b.scroll_jump, "scroll_jump");

  /* the application, as trace-inspector TRACE runs it */
  b.app = inspector_application_new ();
  g_application_set_flags (G_APPLICATION (b.app),
                           g_application_get_flags (G_APPLICATION (b.app)) | G_APPLICATION_NON_UNIQUE);
  g_signal_connect (b.app, "window-added", G_CALLBACK (window_added_cb), &b);
  g_signal_connect (b.app, "window-removed", G_CALLBACK (window_removed_cb), &b);
  {
    char *app_argv[] = { argv[0], b.trace, NULL };

    status = g_application_run (G_APPLICATION (b.app), 2, app_argv);
  }

  printf ("trace=%s\n", b.trace);
  printf ("exec_to_main_ms=%.0f\n", b.exec_to_main_ms);
  printf ("first_frame_ms=%.1f\nfirst_frame_fraction=%.3f\nfirst_frame_rows=%u\n",
          b.first_frame_ms, b.first_frame_fraction, b.first_frame_rows);
  printf ("loaded_ms=%.1f\nindexed_ms=%.1f\n", b.loaded_ms, b.indexed_ms);
  printf ("rss_first_frame_kib=%ld\nrss_loaded_kib=%ld\n", b.rss_first_frame_kib, b.rss_loaded_kib);
  for (guint k = 0; k < G_N_ELEMENTS (b.steps); k++)
    print_series (&b.steps[k]);
  print_series (&b.zoom);
  if (b.do_scroll)
    {
      printf ("expand_call=%u\nexpand_children=%u\n", b.expand_call, b.expand_children);
      print_series (&b.expand);
      printf ("expand_all_ms=%.0f\ntree_rows=%u\nvadjustment_upper=%.0f\n",
              b.expand_all_ms, b.tree_rows, b.vadj_upper);
      print_series (&b.scroll_smooth);
      print_series (&b.scroll_jump);
    }
  printf ("peak_rss_kib=%ld\n", rss_kib ("VmHWM:"));
  g_strfreev (b.hide);
  printf ("status=%s\n", b.failed || status != 0 || b.first_frame_ms == 0 ? "failed" : "ok");

  g_clear_object (&b.app);
  g_rand_free (b.rand);
  return b.failed || status != 0 ? 1 : 0;
}
