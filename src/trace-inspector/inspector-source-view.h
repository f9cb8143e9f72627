/* inspector-source-view.h
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "inspector-session.h"

G_BEGIN_DECLS

#define INSPECTOR_TYPE_SOURCE_VIEW (inspector_source_view_get_type ())

G_DECLARE_FINAL_TYPE (InspectorSourceView, inspector_source_view, INSPECTOR, SOURCE_VIEW, GtkWidget)

/* Property "session" (InspectorSession*): the session it observes and moves. */
GtkWidget        *inspector_source_view_new         (void);
InspectorSession *inspector_source_view_get_session (InspectorSourceView *self);
void              inspector_source_view_set_session (InspectorSourceView *self,
                                                  InspectorSession *session);

G_END_DECLS
