/* inspector-timeline-layout.h
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The timeline's arithmetic, without GTK and without the model, so that it
 * can be tested without a display:
 *
 *  - the mapping between pixel columns and steps for a visible range
 *    [start, end) of `width` pixels: column x shows the steps from
 *    floor (start + x / width * (end - start));
 *  - zooming and panning a range inside [0, n_steps];
 *  - InspectorTimelineLayout, a multi-resolution pyramid of call depths
 *    filled once (in chunks) after load, which answers "min/max depth over
 *    steps [a, b)" in O(log n), so that a frame costs O(width · log n)
 *    whatever the trace's length. */

#define INSPECTOR_TIMELINE_NONE G_MAXUINT32

/* Per-pixel-column summary of the steps it covers. */
typedef struct
{
  guint32 first_step; /* INSPECTOR_TIMELINE_NONE: the column shows no step */
  guint32 end_step;   /* one past the last step of the column */
  guint32 min_depth;
  guint32 max_depth;
  guint32 min_step;   /* the first step in the column at min_depth */
  guint32 max_step;   /* the first step in the column at max_depth */
  gboolean exact;     /* from the pyramid; FALSE when sampled */
} InspectorTimelineColumn;

/* Depth of one step, for the columns the pyramid does not cover yet */
typedef guint32 (*InspectorTimelineDepthFunc) (guint32  step,
                                               gpointer user_data);

typedef struct _InspectorTimelineLayout InspectorTimelineLayout;

/* Mapping */
guint32  inspector_timeline_layout_step_at_x   (double                      start,
                                                double                      end,
                                                double                      width,
                                                double                      x,
                                                guint32                     n_steps);
double   inspector_timeline_layout_x_at_step   (double                      start,
                                                double                      end,
                                                double                      width,
                                                double                      step);
/* Range edits: each keeps the range inside [0, n_steps] and at least
 * MIN (min_span, n_steps) long. zoom: factor < 1 zooms in, keeping `anchor`
 * (a step position) at the same place on screen. */
void     inspector_timeline_layout_clamp       (double                     *start,
                                                double                     *end,
                                                double                      n_steps,
                                                double                      min_span);
void     inspector_timeline_layout_zoom        (double                     *start,
                                                double                     *end,
                                                double                      anchor,
                                                double                      factor,
                                                double                      n_steps,
                                                double                      min_span);
void     inspector_timeline_layout_pan         (double                     *start,
                                                double                     *end,
                                                double                      delta,
                                                double                      n_steps);

/* First index i in [0, n) with get (i) >= value, for get () ascending
 * (used with the I/O events' steps) */
typedef guint32 (*InspectorTimelineGetFunc) (guint    index,
                                             gpointer user_data);
guint    inspector_timeline_layout_lower_bound (guint                       n,
                                                InspectorTimelineGetFunc    get,
                                                gpointer                    user_data,
                                                guint32                     value);

/* The depth pyramid */
InspectorTimelineLayout *
         inspector_timeline_layout_new         (void);
void     inspector_timeline_layout_free        (InspectorTimelineLayout    *self);
guint32  inspector_timeline_layout_get_n_steps (InspectorTimelineLayout    *self);
/* Bytes held */
gsize    inspector_timeline_layout_get_size    (InspectorTimelineLayout    *self);
/* Appends the depths of the next n steps (depths above 65535 saturate) */
void     inspector_timeline_layout_append      (InspectorTimelineLayout    *self,
                                                const guint32              *depths,
                                                gsize                       n);
/* min/max over [first, end) ∩ the steps appended; FALSE when empty */
gboolean inspector_timeline_layout_query       (InspectorTimelineLayout    *self,
                                                guint32                     first,
                                                guint32                     end,
                                                InspectorTimelineColumn    *out);
/* Fills `width` columns for the range [start, end) of a trace of n_steps
 * steps. Steps beyond the pyramid are sampled (at most `samples` per
 * column) with `depth_func` when given, else left out. */
void     inspector_timeline_layout_summarize   (InspectorTimelineLayout    *self,
                                                double                      start,
                                                double                      end,
                                                guint                       width,
                                                guint32                     n_steps,
                                                InspectorTimelineDepthFunc  depth_func,
                                                gpointer                    user_data,
                                                guint                       samples,
                                                InspectorTimelineColumn    *columns);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (InspectorTimelineLayout, inspector_timeline_layout_free)

G_END_DECLS
