/* inspector-timeline.h
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "inspector-session.h"
#include "inspector-timeline-layout.h"

G_BEGIN_DECLS

#define INSPECTOR_TYPE_TIMELINE (inspector_timeline_get_type ())

G_DECLARE_FINAL_TYPE (InspectorTimeline, inspector_timeline, INSPECTOR, TIMELINE, GtkWidget)

/* Property "session" (InspectorSession*): the session it observes and moves. */
GtkWidget        *inspector_timeline_new         (void);
InspectorSession *inspector_timeline_get_session (InspectorTimeline *self);
void              inspector_timeline_set_session (InspectorTimeline *self,
                                                  InspectorSession *session);

/* What the pointer and keyboard handlers do, callable directly (tests,
 * actions). x is in widget coordinates. */
guint             inspector_timeline_step_at_x   (InspectorTimeline *self,
                                                  double             x);
double            inspector_timeline_x_at_step   (InspectorTimeline *self,
                                                  guint              step);
/* Moves the session's current step to the step under x */
void              inspector_timeline_click       (InspectorTimeline *self,
                                                  double             x);
/* factor < 1 zooms in, keeping the step under x in place */
void              inspector_timeline_zoom        (InspectorTimeline *self,
                                                  double             factor,
                                                  double             x);
/* A scroll event: with GDK_CONTROL_MASK it zooms around x, else it pans.
 * dx/dy in wheel clicks (unit GDK_SCROLL_UNIT_WHEEL). */
void              inspector_timeline_scroll      (InspectorTimeline *self,
                                                  double             dx,
                                                  double             dy,
                                                  GdkModifierType    state,
                                                  double             x);
/* Steps whose depth the timeline has indexed (the rest is sampled) */
guint             inspector_timeline_get_n_indexed (InspectorTimeline *self);

G_END_DECLS
