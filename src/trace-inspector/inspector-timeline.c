/* inspector-timeline.c
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "inspector-timeline.h"

/* The whole execution, left to right, as call depth over steps: a flame
 * strip with depth 1 at the top, coloured by function, I/O events as ticks
 * above it and a cursor at the current step.
 *
 * Each pixel column summarises the steps it covers (min/max depth and the
 * first step at each, InspectorTimelineLayout); the rows down to the min
 * depth take their functions from the call stack at the min-depth step, the
 * rows below it (only part of the column is that deep) from the stack at
 * the max-depth step, drawn lighter. The depth pyramid is filled once after
 * load by a worker, a chunk at a time; until it covers a column the column
 * is sampled. The strip is cached as a render node per size and range. */

#define NATURAL_HEIGHT  80
#define MIN_HEIGHT      40
#define IO_LANE         7.0
#define MAX_ROW_HEIGHT  12.0
#define SAMPLES         8
#define FILL_CHUNK      (1u << 20)
#define MIN_SPAN        4.0
#define ZOOM_STEP       1.25
#define PAN_FRACTION    0.1

#define CELL_EMPTY      G_MAXUINT32
#define CELL_TOP_LEVEL  0x7ffffffeu /* the implicit call, which has no function */
#define CELL_PARTIAL    0x80000000u

struct _InspectorTimeline
{
  GtkWidget                parent_instance;

  InspectorSession        *session;
  GSignalGroup            *session_signals;
  CtModel                 *model;

  /* depth pyramid and its filling */
  InspectorTimelineLayout *layout;
  GArray                  *call_depths; /* guint32, 0 = not known; lent to the worker */
  GCancellable            *fill_cancellable;
  guint                    filling : 1;

  /* cached strip */
  GskRenderNode           *strip;
  int                      strip_width;
  int                      strip_height;
  double                   strip_start;
  double                   strip_end;
  guint                    strip_n_steps;
  guint                    strip_indexed;
  guint                    strip_max_depth;
  guint                    strip_n_io;
  gboolean                 strip_dark;

  double                   pointer_x;
  double                   drag_start_x;
  guint                    pointer_inside : 1;
};

enum { PROP_0, PROP_SESSION, N_PROPS };
static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (InspectorTimeline, inspector_timeline, GTK_TYPE_WIDGET)

/* GNOME palette (HIG), ordered so that neighbouring function ids differ */
static const GdkRGBA palette[] = {
  { 0.208, 0.518, 0.894, 1 }, /* blue 3 #3584e4 */
  { 1.000, 0.471, 0.000, 1 }, /* orange 3 #ff7800 */
  { 0.180, 0.761, 0.494, 1 }, /* green 4 #2ec27e */
  { 0.569, 0.255, 0.675, 1 }, /* purple 3 #9141ac */
  { 0.961, 0.761, 0.067, 1 }, /* yellow 4 #f5c211 */
  { 0.929, 0.200, 0.231, 1 }, /* red 2 #ed333b */
  { 0.710, 0.514, 0.353, 1 }, /* brown 2 #b5835a */
  { 0.600, 0.757, 0.945, 1 }, /* blue 1 #99c1f1 */
  { 0.341, 0.890, 0.537, 1 }, /* green 2 #57e389 */
  { 0.863, 0.541, 0.867, 1 }, /* purple 1 #dc8add */
};

static void
function_color (guint32  cell,
                gboolean dark,
                GdkRGBA *color)
{
  guint32 function_id = cell & ~CELL_PARTIAL;

  if (function_id == CELL_TOP_LEVEL)
    *color = (GdkRGBA) { 0.6, 0.6, 0.6, 1 };
  else
    *color = palette[function_id % G_N_ELEMENTS (palette)];

  color->alpha = (cell & CELL_PARTIAL) ? (dark ? 0.40 : 0.45) : (dark ? 0.85 : 0.95);
}

static guint
get_n_steps (InspectorTimeline *self)
{
  if (self->session == NULL || self->model == NULL)
    return 0;
  return inspector_session_get_n_steps (self->session);
}

/* The range shown: the session's, or the whole trace when it has none */
static void
get_range (InspectorTimeline *self,
           double            *start,
           double            *end)
{
  guint n_steps = get_n_steps (self);

  *start = 0;
  *end = n_steps;
  if (self->session == NULL || n_steps == 0)
    return;

  inspector_session_get_visible_range (self->session, start, end);
  if (!(*end > *start))
    {
      *start = 0;
      *end = n_steps;
    }
  inspector_timeline_layout_clamp (start, end, n_steps, MIN_SPAN);
}

static void
set_range (InspectorTimeline *self,
           double             start,
           double             end)
{
  if (self->session == NULL)
    return;

  inspector_timeline_layout_clamp (&start, &end, get_n_steps (self), MIN_SPAN);
  inspector_session_set_visible_range (self->session, start, end);
}

static void
invalidate_strip (InspectorTimeline *self)
{
  g_clear_pointer (&self->strip, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ------------------------------------------------------------------------
 * Model lookups
 * ------------------------------------------------------------------------ */

typedef struct
{
  guint32 parent;
  guint32 function_id;
  guint32 depth;
} CallInfo;

static gboolean
lookup_call (CtModel    *model,
             GHashTable *memo,
             guint32     call,
             CallInfo   *out)
{
  CallInfo *info;

  if (memo != NULL && (info = g_hash_table_lookup (memo, GUINT_TO_POINTER (call + 1))))
    {
      *out = *info;
      return TRUE;
    }
  else
    {
      CtModelCall c;

      if (!ct_model_get_call (model, call, &c))
        return FALSE;
      out->parent = c.parent;
      out->function_id = c.function_id;
      out->depth = c.depth;
      if (memo != NULL)
        g_hash_table_insert (memo, GUINT_TO_POINTER (call + 1), g_memdup2 (out, sizeof *out));
      return TRUE;
    }
}

static guint32
depth_at_step (guint32  step,
               gpointer user_data)
{
  CtModel *model = user_data;
  guint32 call;
  CtModelCall c;

  if (!ct_model_get_step (model, step, NULL, NULL, &call) || call == CT_MODEL_NONE)
    return 0;
  if (!ct_model_get_call (model, call, &c))
    return 0;
  return c.depth;
}

/* Fills cells[row * stride] for rows [from_depth, to_depth] (1-based)
 * with the functions of the stack at `step`. */
static void
fill_stack (InspectorTimeline *self,
            GHashTable        *memo,
            guint32           *cells,
            guint              stride,
            guint              n_rows,
            guint32            step,
            guint32            from_depth,
            guint32            to_depth,
            guint32            flags)
{
  guint32 call;
  CallInfo info;

  if (from_depth > n_rows || from_depth > to_depth)
    return;
  if (!ct_model_get_step (self->model, step, NULL, NULL, &call))
    return;

  while (call != CT_MODEL_NONE && lookup_call (self->model, memo, call, &info))
    {
      if (info.depth < from_depth)
        break;
      if (info.depth <= to_depth && info.depth <= n_rows && info.depth >= 1)
        {
          guint32 cell = CELL_TOP_LEVEL;

          if (info.function_id != CT_MODEL_NONE)
            cell = MIN (info.function_id, CELL_TOP_LEVEL - 1);

          cells[(info.depth - 1) * stride] = cell | flags;
        }
      call = info.parent;
    }
}

typedef struct
{
  CtModel *model;
  guint    offset;
} IoLookup;

static guint32
io_step (guint    index,
         gpointer user_data)
{
  IoLookup *lookup = user_data;
  CtModelIo io;

  if (!ct_model_get_io (lookup->model, lookup->offset + index, &io))
    return G_MAXUINT32;
  return io.step;
}

/* ------------------------------------------------------------------------
 * The strip
 * ------------------------------------------------------------------------ */

static GskRenderNode *
build_strip (InspectorTimeline *self,
             int                width,
             int                height,
             double             start,
             double             end,
             gboolean           dark)
{
  g_autofree InspectorTimelineColumn *columns = NULL;
  g_autofree guint32 *cells = NULL;
  g_autoptr(GHashTable) memo = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  guint n_steps = get_n_steps (self);
  guint max_depth, n_rows, n_io;
  double row_height, flame_height;
  IoLookup lookup = { self->model, 0 };
  guint io_lo = 0;

  if (width <= 0 || height <= 0 || n_steps == 0)
    return NULL;

  snapshot = gtk_snapshot_new ();

  columns = g_new (InspectorTimelineColumn, width);
  inspector_timeline_layout_summarize (self->layout, start, end, width, n_steps,
                                       depth_at_step, self->model, SAMPLES, columns);

  max_depth = MAX (1, ct_model_get_max_depth (self->model));
  flame_height = MAX (1.0, height - IO_LANE);
  row_height = CLAMP (flame_height / max_depth, 1.0, MAX_ROW_HEIGHT);
  n_rows = MIN (max_depth, (guint) floor (flame_height / row_height));

  /* cells[row * width + column]: the function at that depth */
  cells = g_new (guint32, (gsize) n_rows * width);
  memset (cells, 0xff, sizeof (guint32) * n_rows * width);
  memo = g_hash_table_new_full (NULL, NULL, NULL, g_free);

  for (int c = 0; c < width; c++)
    {
      const InspectorTimelineColumn *col = &columns[c];

      if (col->first_step == INSPECTOR_TIMELINE_NONE || col->max_depth == 0)
        continue;
      fill_stack (self, memo, cells + c, width, n_rows,
                  col->min_step, 1, col->min_depth, 0);
      if (col->max_depth > col->min_depth)
        fill_stack (self, memo, cells + c, width, n_rows,
                    col->max_step, col->min_depth + 1, col->max_depth, CELL_PARTIAL);
    }

  /* one rectangle per run of equal cells in a row */
  for (guint r = 0; r < n_rows; r++)
    {
      const guint32 *row = cells + (gsize) r * width;
      float y = IO_LANE + r * row_height;
      float h = MAX (1.0, row_height - (row_height >= 4 ? 1 : 0));
      int c = 0;

      while (c < width)
        {
          int run = c + 1;
          GdkRGBA color;

          while (run < width && row[run] == row[c])
            run++;
          if (row[c] != CELL_EMPTY)
            {
              function_color (row[c], dark, &color);
              gtk_snapshot_append_color (snapshot, &color,
                                         &GRAPHENE_RECT_INIT (c, y, run - c, h));
            }
          c = run;
        }
    }

  /* I/O events: a tick per column that has any */
  n_io = ct_model_get_n_io (self->model);
  while (io_lo < n_io && io_step (io_lo, &lookup) == CT_MODEL_NONE)
    io_lo++;
  lookup.offset = io_lo;
  n_io -= io_lo;
  if (n_io > 0)
    {
      GdkRGBA io_color = dark ? (GdkRGBA) { 1.0, 0.639, 0.282, 1 }
                              : (GdkRGBA) { 0.776, 0.275, 0.0, 1 };

      for (int c = 0; c < width; c++)
        {
          const InspectorTimelineColumn *col = &columns[c];
          guint i;

          if (col->first_step == INSPECTOR_TIMELINE_NONE)
            continue;
          i = inspector_timeline_layout_lower_bound (n_io, io_step, &lookup, col->first_step);
          if (i < n_io && io_step (i, &lookup) < col->end_step)
            gtk_snapshot_append_color (snapshot, &io_color,
                                       &GRAPHENE_RECT_INIT (c, 1, 1, IO_LANE - 2));
        }
    }

  return gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
}

static gboolean
is_dark (void)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

static void
inspector_timeline_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  InspectorTimeline *self = (InspectorTimeline *) widget;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  guint n_steps = get_n_steps (self);
  gboolean dark = is_dark ();
  double start, end;
  GdkRGBA accent = dark ? (GdkRGBA) { 0.471, 0.682, 0.929, 1 }
                        : (GdkRGBA) { 0.110, 0.443, 0.847, 1 };
  GdkRGBA fg, frame;
  guint current;

  if (n_steps == 0 || width <= 0)
    return;

  get_range (self, &start, &end);

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS

  if (self->strip == NULL ||
      self->strip_width != width ||
      self->strip_height != height ||
      self->strip_start != start ||
      self->strip_end != end ||
      self->strip_n_steps != n_steps ||
      self->strip_indexed != inspector_timeline_layout_get_n_steps (self->layout) ||
      self->strip_max_depth != ct_model_get_max_depth (self->model) ||
      self->strip_n_io != ct_model_get_n_io (self->model) ||
      self->strip_dark != dark)
    {
      g_clear_pointer (&self->strip, gsk_render_node_unref);
      self->strip = build_strip (self, width, height, start, end, dark);
      self->strip_width = width;
      self->strip_height = height;
      self->strip_start = start;
      self->strip_end = end;
      self->strip_n_steps = n_steps;
      self->strip_indexed = inspector_timeline_layout_get_n_steps (self->layout);
      self->strip_max_depth = ct_model_get_max_depth (self->model);
      self->strip_n_io = ct_model_get_n_io (self->model);
      self->strip_dark = dark;
    }

  /* the end of the trace, when it shows */
  frame = fg;
  frame.alpha = 0.15;
  gtk_snapshot_append_color (snapshot, &frame,
                             &GRAPHENE_RECT_INIT (0, height - 1, width, 1));

  if (self->strip != NULL)
    gtk_snapshot_append_node (snapshot, self->strip);

  /* hover */
  if (self->pointer_inside)
    {
      GdkRGBA hover = fg;

      hover.alpha = 0.35;
      gtk_snapshot_append_color (snapshot, &hover,
                                 &GRAPHENE_RECT_INIT (floor (self->pointer_x), 0, 1, height));
    }

  /* cursor: the current step's extent (when wider than a pixel) and a line */
  current = inspector_session_get_current_step (self->session);
  if (current != CT_MODEL_NONE && current < n_steps)
    {
      double x0 = inspector_timeline_layout_x_at_step (start, end, width, current);
      double x1 = inspector_timeline_layout_x_at_step (start, end, width, current + 1.0);

      if (x1 >= 0 && x0 <= width)
        {
          double cx = (x0 + x1) / 2;

          if (x1 - x0 > 3)
            {
              GdkRGBA band = accent;

              band.alpha = 0.25;
              gtk_snapshot_append_color (snapshot, &band,
                                         &GRAPHENE_RECT_INIT (x0, 0, x1 - x0, height));
            }
          gtk_snapshot_append_color (snapshot, &accent,
                                     &GRAPHENE_RECT_INIT (floor (cx) - 1, 0, 2, height));
          gtk_snapshot_append_color (snapshot, &accent,
                                     &GRAPHENE_RECT_INIT (floor (cx) - 4, 0, 8, 3));
        }
    }

  if (gtk_widget_has_visible_focus (widget))
    {
      GdkRGBA focus = accent;

      focus.alpha = 0.5;
      gtk_snapshot_append_color (snapshot, &focus, &GRAPHENE_RECT_INIT (0, 0, width, 1));
      gtk_snapshot_append_color (snapshot, &focus, &GRAPHENE_RECT_INIT (0, height - 1, width, 1));
    }
}

static void
inspector_timeline_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_VERTICAL)
    {
      *minimum = MIN_HEIGHT;
      *natural = NATURAL_HEIGHT;
    }
  else
    {
      *minimum = 50;
      *natural = 400;
    }
}

/* ------------------------------------------------------------------------
 * Filling the depth pyramid
 * ------------------------------------------------------------------------ */

typedef struct
{
  CtModel *model;
  guint32  first;
  guint32  count;
  guint32 *depths;
  GArray  *call_depths;
} FillChunk;

static void
fill_chunk_free (gpointer data)
{
  FillChunk *chunk = data;

  g_clear_object (&chunk->model);
  g_clear_pointer (&chunk->depths, g_free);
  g_clear_pointer (&chunk->call_depths, g_array_unref);
  g_free (chunk);
}

static void
fill_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  FillChunk *chunk = task_data;
  GArray *call_depths = chunk->call_depths;

  for (guint32 i = 0; i < chunk->count; i++)
    {
      guint32 call;
      guint32 depth = 0;

      if ((i & 0xffff) == 0 && g_task_return_error_if_cancelled (task))
        return;

      if (!ct_model_get_step (chunk->model, chunk->first + i, NULL, NULL, &call))
        {
          chunk->count = i;
          break;
        }
      if (call != CT_MODEL_NONE)
        {
          if (call >= call_depths->len)
            g_array_set_size (call_depths, MAX (call + 1, call_depths->len * 2));
          depth = g_array_index (call_depths, guint32, call);
          if (depth == 0)
            {
              CtModelCall c;

              if (ct_model_get_call (chunk->model, call, &c))
                depth = c.depth;
              g_array_index (call_depths, guint32, call) = depth;
            }
        }
      chunk->depths[i] = depth;
    }

  g_task_return_boolean (task, TRUE);
}

static void maybe_fill (InspectorTimeline *self);

static void
fill_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  InspectorTimeline *self = (InspectorTimeline *) object;
  FillChunk *chunk = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    return; /* cancelled: a new model or dispose started over */

  self->filling = FALSE;
  if (chunk->model != self->model ||
      chunk->first != inspector_timeline_layout_get_n_steps (self->layout))
    return;

  self->call_depths = g_steal_pointer (&chunk->call_depths);
  inspector_timeline_layout_append (self->layout, chunk->depths, chunk->count);
  gtk_widget_queue_draw (GTK_WIDGET (self));

  if (chunk->count > 0)
    maybe_fill (self);
}

/* Steps whose depth will not change any more: while loading, the last
 * step may still move into a new call or be dropped. */
static guint32
get_n_settled (InspectorTimeline *self)
{
  guint32 n = ct_model_get_n_steps (self->model);

  if (!ct_model_is_loaded (self->model))
    n = n > 2 ? n - 2 : 0;
  return n;
}

static void
maybe_fill (InspectorTimeline *self)
{
  g_autoptr(GTask) task = NULL;
  FillChunk *chunk;
  guint32 done, settled;

  if (self->model == NULL || self->filling)
    return;

  done = inspector_timeline_layout_get_n_steps (self->layout);
  settled = get_n_settled (self);
  if (settled <= done)
    return;

  /* while loading, wait for a whole chunk rather than chase the loader */
  if (!ct_model_is_loaded (self->model) && settled - done < FILL_CHUNK)
    return;

  chunk = g_new0 (FillChunk, 1);
  chunk->model = g_object_ref (self->model);
  chunk->first = done;
  chunk->count = MIN (settled - done, FILL_CHUNK);
  chunk->depths = g_new (guint32, chunk->count);
  chunk->call_depths = self->call_depths ? g_steal_pointer (&self->call_depths)
                                         : g_array_new (FALSE, TRUE, sizeof (guint32));

  self->filling = TRUE;
  task = g_task_new (self, self->fill_cancellable, fill_done, NULL);
  g_task_set_source_tag (task, maybe_fill);
  g_task_set_name (task, "[inspector] timeline depths");
  g_task_set_task_data (task, chunk, fill_chunk_free);
  g_task_run_in_thread (task, fill_thread);
}

static void
reset_model (InspectorTimeline *self)
{
  CtModel *model = self->session ? inspector_session_get_model (self->session) : NULL;

  if (model == self->model)
    return;

  g_cancellable_cancel (self->fill_cancellable);
  g_clear_object (&self->fill_cancellable);
  self->fill_cancellable = g_cancellable_new ();
  self->filling = FALSE;

  g_set_object (&self->model, model);
  g_clear_pointer (&self->layout, inspector_timeline_layout_free);
  self->layout = inspector_timeline_layout_new ();
  g_clear_pointer (&self->call_depths, g_array_unref);
  invalidate_strip (self);
  maybe_fill (self);
}

/* ------------------------------------------------------------------------
 * Session
 * ------------------------------------------------------------------------ */

static void
update_accessible (InspectorTimeline *self)
{
  guint n_steps = get_n_steps (self);
  guint current = CT_MODEL_NONE;
  g_autofree char *text = NULL;

  if (self->session != NULL)
    current = inspector_session_get_current_step (self->session);
  if (current == CT_MODEL_NONE || n_steps == 0)
    text = g_strdup (_("No step"));
  else
    text = g_strdup_printf (_("Step %u of %u"), current + 1, n_steps);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, 0.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MAX,
                                  (double) (n_steps ? n_steps - 1 : 0),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_NOW,
                                  (double) (current == CT_MODEL_NONE ? 0 : current),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text,
                                  -1);
}

static void
on_current_step_changed (InspectorTimeline *self)
{
  guint current = inspector_session_get_current_step (self->session);
  guint n_steps = get_n_steps (self);
  double start, end;

  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));

  if (current == CT_MODEL_NONE || n_steps == 0)
    return;

  /* keep the cursor in view */
  get_range (self, &start, &end);
  if (current < start || current + 1 > end)
    {
      double span = end - start;

      start = current + 0.5 - span / 2;
      set_range (self, start, start + span);
    }
}

static void
on_model_changed (InspectorTimeline *self)
{
  reset_model (self);
  update_accessible (self);
}

static void
on_n_steps_changed (InspectorTimeline *self)
{
  reset_model (self);
  maybe_fill (self);
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_range_changed (InspectorTimeline *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_session_bind (InspectorTimeline *self,
                 InspectorSession  *session,
                 GSignalGroup      *group)
{
  reset_model (self);
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ------------------------------------------------------------------------
 * Input
 * ------------------------------------------------------------------------ */

guint
inspector_timeline_step_at_x (InspectorTimeline *self,
                              double             x)
{
  double start, end;

  g_return_val_if_fail (INSPECTOR_IS_TIMELINE (self), CT_MODEL_NONE);

  get_range (self, &start, &end);
  return inspector_timeline_layout_step_at_x (start, end, gtk_widget_get_width (GTK_WIDGET (self)),
                                              x, get_n_steps (self));
}

double
inspector_timeline_x_at_step (InspectorTimeline *self,
                              guint              step)
{
  double start, end;

  g_return_val_if_fail (INSPECTOR_IS_TIMELINE (self), 0);

  get_range (self, &start, &end);
  return inspector_timeline_layout_x_at_step (start, end, gtk_widget_get_width (GTK_WIDGET (self)),
                                              step);
}

void
inspector_timeline_click (InspectorTimeline *self,
                          double             x)
{
  guint step;

  g_return_if_fail (INSPECTOR_IS_TIMELINE (self));

  if (self->session == NULL)
    return;

  step = inspector_timeline_step_at_x (self, x);
  if (step != CT_MODEL_NONE && step != inspector_session_get_current_step (self->session))
    inspector_session_set_current_step (self->session, step);
}

void
inspector_timeline_zoom (InspectorTimeline *self,
                         double             factor,
                         double             x)
{
  double start, end, width;

  g_return_if_fail (INSPECTOR_IS_TIMELINE (self));

  if (get_n_steps (self) == 0)
    return;

  width = MAX (1, gtk_widget_get_width (GTK_WIDGET (self)));
  get_range (self, &start, &end);
  inspector_timeline_layout_zoom (&start, &end, start + x / width * (end - start),
                                  factor, get_n_steps (self), MIN_SPAN);
  set_range (self, start, end);
}

static void
pan (InspectorTimeline *self,
     double             delta)
{
  double start, end;

  get_range (self, &start, &end);
  inspector_timeline_layout_pan (&start, &end, delta, get_n_steps (self));
  set_range (self, start, end);
}

void
inspector_timeline_scroll (InspectorTimeline *self,
                           double             dx,
                           double             dy,
                           GdkModifierType    state,
                           double             x)
{
  double start, end;

  g_return_if_fail (INSPECTOR_IS_TIMELINE (self));

  if (get_n_steps (self) == 0)
    return;

  if (state & GDK_CONTROL_MASK)
    {
      inspector_timeline_zoom (self, pow (ZOOM_STEP, dy), x);
      return;
    }

  get_range (self, &start, &end);
  pan (self, (dx + dy) * (end - start) * PAN_FRACTION);
}

static gboolean
on_scroll (InspectorTimeline        *self,
           double                    dx,
           double                    dy,
           GtkEventControllerScroll *controller)
{
  GdkModifierType state;
  double width = MAX (1, gtk_widget_get_width (GTK_WIDGET (self)));
  double x = self->pointer_inside ? self->pointer_x : width / 2;

  state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));

  if (gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_SURFACE)
    {
      double start, end;

      /* touchpad: pixels */
      if (state & GDK_CONTROL_MASK)
        {
          inspector_timeline_zoom (self, pow (1.01, dy), x);
          return TRUE;
        }
      get_range (self, &start, &end);
      pan (self, (dx + dy) * (end - start) / width);
      return TRUE;
    }

  inspector_timeline_scroll (self, dx, dy, state, x);
  return TRUE;
}

static void
on_motion (InspectorTimeline        *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *controller)
{
  self->pointer_x = x;
  self->pointer_inside = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_leave (InspectorTimeline        *self,
          GtkEventControllerMotion *controller)
{
  self->pointer_inside = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* A press and drag moves the cursor without a back/forward history entry
 * per position: the session records the step the drag began at once, when
 * it ends (a click is a drag that does not move). */
static void
preview_at (InspectorTimeline *self,
            double             x)
{
  guint step;

  if (self->session == NULL)
    return;

  step = inspector_timeline_step_at_x (self, x);
  if (step != CT_MODEL_NONE)
    inspector_session_preview_step (self->session, step);
}

static void
on_drag_begin (InspectorTimeline *self,
               double             x,
               double             y,
               GtkGestureDrag    *gesture)
{
  self->drag_start_x = x;
  gtk_widget_grab_focus (GTK_WIDGET (self));
  preview_at (self, x);
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
on_drag_update (InspectorTimeline *self,
                double             offset_x,
                double             offset_y,
                GtkGestureDrag    *gesture)
{
  preview_at (self, self->drag_start_x + offset_x);
}

static void
on_drag_end (InspectorTimeline *self,
             double             offset_x,
             double             offset_y,
             GtkGestureDrag    *gesture)
{
  if (self->session != NULL)
    inspector_session_end_preview (self->session);
}

static void
on_drag_cancel (InspectorTimeline *self,
                GdkEventSequence  *sequence,
                GtkGesture        *gesture)
{
  if (self->session != NULL)
    inspector_session_end_preview (self->session);
}

static gboolean
on_query_tooltip (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard_mode,
                  GtkTooltip *tooltip)
{
  InspectorTimeline *self = (InspectorTimeline *) widget;
  g_autofree char *function = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  guint32 step, path_id, line, call;
  CtModelCall c;

  if (get_n_steps (self) == 0)
    return FALSE;

  if (keyboard_mode)
    step = inspector_session_get_current_step (self->session);
  else
    step = inspector_timeline_step_at_x (self, x);
  if (step == CT_MODEL_NONE ||
      !ct_model_get_step (self->model, step, &path_id, &line, &call))
    return FALSE;

  if (call != CT_MODEL_NONE && ct_model_get_call (self->model, call, &c))
    function = ct_model_dup_function_name (self->model, c.function_id);
  path = ct_model_dup_path (self->model, path_id);

  text = g_strdup_printf (_("Step %u\n%s\n%s:%u"),
                          step + 1,
                          function ? function : _("(top level)"),
                          path && *path ? path : _("(no file)"),
                          line);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* Actions, bound to keys: timeline.move(i) steps, timeline.zoom(d) zooms
 * around the cursor by a factor, timeline.show-all shows the whole trace. */
static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  InspectorTimeline *self = (InspectorTimeline *) widget;
  int delta = g_variant_get_int32 (parameter);

  if (get_n_steps (self) == 0)
    return;

  /* stepping, as the toolbar's step buttons: no back/forward history */
  if (inspector_session_get_current_step (self->session) == CT_MODEL_NONE)
    inspector_session_set_current_step (self->session, 0);
  else if (delta > 0)
    inspector_session_step_forward (self->session);
  else if (delta < 0)
    inspector_session_step_back (self->session);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  InspectorTimeline *self = (InspectorTimeline *) widget;
  double factor = g_variant_get_double (parameter);
  int width = gtk_widget_get_width (widget);
  guint current;
  double x;

  if (get_n_steps (self) == 0 || factor <= 0)
    return;

  /* around the cursor when it shows, else the middle */
  current = inspector_session_get_current_step (self->session);
  x = width / 2.0;
  if (current != CT_MODEL_NONE)
    {
      double cx = (inspector_timeline_x_at_step (self, current) +
                   inspector_timeline_x_at_step (self, current + 1)) / 2;

      if (cx >= 0 && cx <= width)
        x = cx;
    }
  inspector_timeline_zoom (self, factor, x);
}

static void
show_all_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  InspectorTimeline *self = (InspectorTimeline *) widget;

  set_range (self, 0, get_n_steps (self));
}

/* ------------------------------------------------------------------------
 * GObject
 * ------------------------------------------------------------------------ */

static void
on_dark_changed (InspectorTimeline *self)
{
  invalidate_strip (self);
}

static void
inspector_timeline_dispose (GObject *object)
{
  InspectorTimeline *self = (InspectorTimeline *) object;

  g_cancellable_cancel (self->fill_cancellable);
  if (self->session_signals != NULL)
    g_signal_group_set_target (self->session_signals, NULL);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->session);
  g_clear_object (&self->model);
  g_clear_pointer (&self->strip, gsk_render_node_unref);

  G_OBJECT_CLASS (inspector_timeline_parent_class)->dispose (object);
}

static void
inspector_timeline_finalize (GObject *object)
{
  InspectorTimeline *self = (InspectorTimeline *) object;

  g_clear_object (&self->fill_cancellable);
  g_clear_pointer (&self->layout, inspector_timeline_layout_free);
  g_clear_pointer (&self->call_depths, g_array_unref);

  G_OBJECT_CLASS (inspector_timeline_parent_class)->finalize (object);
}

static void
inspector_timeline_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  InspectorTimeline *self = (InspectorTimeline *) object;

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inspector_timeline_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  InspectorTimeline *self = (InspectorTimeline *) object;

  switch (prop_id)
    {
    case PROP_SESSION:
      inspector_timeline_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static const struct
{
  guint           key;
  GdkModifierType mods;
  gboolean        in;
} zoom_keys[] = {
  { GDK_KEY_plus, 0, TRUE },
  { GDK_KEY_plus, GDK_SHIFT_MASK, TRUE },
  { GDK_KEY_equal, 0, TRUE },
  { GDK_KEY_KP_Add, 0, TRUE },
  { GDK_KEY_minus, 0, FALSE },
  { GDK_KEY_KP_Subtract, 0, FALSE },
};

static void
inspector_timeline_class_init (InspectorTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = inspector_timeline_dispose;
  object_class->finalize = inspector_timeline_finalize;
  object_class->get_property = inspector_timeline_get_property;
  object_class->set_property = inspector_timeline_set_property;

  widget_class->snapshot = inspector_timeline_snapshot;
  widget_class->measure = inspector_timeline_measure;
  widget_class->query_tooltip = on_query_tooltip;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         INSPECTOR_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "timeline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_SLIDER);

  gtk_widget_class_install_action (widget_class, "timeline.move", "i", move_action);
  gtk_widget_class_install_action (widget_class, "timeline.zoom", "d", zoom_action);
  gtk_widget_class_install_action (widget_class, "timeline.show-all", NULL, show_all_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "timeline.move", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Left, 0, "timeline.move", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "timeline.move", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Right, 0, "timeline.move", "i", 1);
  for (guint i = 0; i < G_N_ELEMENTS (zoom_keys); i++)
    gtk_widget_class_add_binding_action (widget_class, zoom_keys[i].key, zoom_keys[i].mods,
                                         "timeline.zoom", "d",
                                         zoom_keys[i].in ? 1 / ZOOM_STEP : ZOOM_STEP);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, 0, "timeline.show-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "timeline.show-all", NULL);
}

static void
inspector_timeline_init (InspectorTimeline *self)
{
  GtkEventController *controller;
  GtkGesture *drag;

  self->layout = inspector_timeline_layout_new ();
  self->fill_cancellable = g_cancellable_new ();

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Timeline"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Call depth over the steps of the trace. "
                                    "Left and Right move a step, plus and minus zoom."),
                                  -1);

  self->session_signals = g_signal_group_new (INSPECTOR_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::current-step",
                                 G_CALLBACK (on_current_step_changed), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::model",
                                 G_CALLBACK (on_model_changed), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::n-steps",
                                 G_CALLBACK (on_n_steps_changed), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::loading",
                                 G_CALLBACK (on_n_steps_changed), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::visible-start",
                                 G_CALLBACK (on_range_changed), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::visible-end",
                                 G_CALLBACK (on_range_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session_signals, "bind",
                           G_CALLBACK (on_session_bind), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (on_dark_changed), self, G_CONNECT_SWAPPED);

  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect_object (drag, "drag-begin", G_CALLBACK (on_drag_begin), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (drag, "drag-update",
                           G_CALLBACK (on_drag_update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (drag, "drag-end", G_CALLBACK (on_drag_end), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (drag, "cancel", G_CALLBACK (on_drag_cancel), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect_object (controller, "scroll", G_CALLBACK (on_scroll), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect_object (controller, "motion", G_CALLBACK (on_motion), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "enter", G_CALLBACK (on_motion), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "leave", G_CALLBACK (on_leave), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  update_accessible (self);
}

GtkWidget *
inspector_timeline_new (void)
{
  return g_object_new (INSPECTOR_TYPE_TIMELINE, NULL);
}

InspectorSession *
inspector_timeline_get_session (InspectorTimeline *self)
{
  g_return_val_if_fail (INSPECTOR_IS_TIMELINE (self), NULL);

  return self->session;
}

void
inspector_timeline_set_session (InspectorTimeline *self,
                                InspectorSession  *session)
{
  g_return_if_fail (INSPECTOR_IS_TIMELINE (self));
  g_return_if_fail (!session || INSPECTOR_IS_SESSION (session));

  if (g_set_object (&self->session, session))
    {
      g_signal_group_set_target (self->session_signals, session);
      if (session == NULL)
        reset_model (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
    }
}

guint
inspector_timeline_get_n_indexed (InspectorTimeline *self)
{
  g_return_val_if_fail (INSPECTOR_IS_TIMELINE (self), 0);

  return inspector_timeline_layout_get_n_steps (self->layout);
}
