/* inspector-window.h
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "inspector-application.h"
#include "inspector-session.h"

G_BEGIN_DECLS

#define INSPECTOR_TYPE_WINDOW (inspector_window_get_type ())

G_DECLARE_FINAL_TYPE (InspectorWindow, inspector_window, INSPECTOR, WINDOW, AdwApplicationWindow)

/* One window per trace. `application` may be NULL (tests). */
InspectorWindow  *inspector_window_new         (InspectorApplication *application);
void              inspector_window_open        (InspectorWindow      *self,
                                                const char           *path);
InspectorSession *inspector_window_get_session (InspectorWindow      *self);
/* The path given to open(), or NULL */
const char       *inspector_window_get_path    (InspectorWindow      *self);
/* TRUE while nothing was opened (or the open failed) */
gboolean          inspector_window_is_empty    (InspectorWindow      *self);

G_END_DECLS
