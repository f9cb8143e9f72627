/* inspector-timeline.h
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "inspector-session.h"

G_BEGIN_DECLS

#define INSPECTOR_TYPE_TIMELINE (inspector_timeline_get_type ())

G_DECLARE_FINAL_TYPE (InspectorTimeline, inspector_timeline, INSPECTOR, TIMELINE, GtkWidget)

/* Property "session" (InspectorSession*): the session it observes and moves. */
GtkWidget        *inspector_timeline_new         (void);
InspectorSession *inspector_timeline_get_session (InspectorTimeline *self);
void              inspector_timeline_set_session (InspectorTimeline *self,
                                                  InspectorSession *session);

G_END_DECLS
