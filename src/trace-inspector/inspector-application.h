/* inspector-application.h
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define INSPECTOR_TYPE_APPLICATION (inspector_application_get_type ())

G_DECLARE_FINAL_TYPE (InspectorApplication, inspector_application, INSPECTOR, APPLICATION, AdwApplication)

InspectorApplication *inspector_application_new           (void);
/* The app's settings, or NULL when its schema is not installed (running
 * from the build tree without GSETTINGS_SCHEMA_DIR) */
GSettings            *inspector_application_get_settings  (InspectorApplication *self);
/* Opens `file` (a trace folder, trace.json or trace.bin) in a window of its
 * own: the window already showing it, an empty one, or a new one. */
void                  inspector_application_open_trace    (InspectorApplication *self,
                                                           GFile                *file);

/* Registers the app's GResource (once); main() and the tests call it */
void                  inspector_init_resources            (void);
/* Settings for `schema_id` if it is installed, else NULL */
GSettings            *inspector_settings_new_if_installed (void);

G_END_DECLS
