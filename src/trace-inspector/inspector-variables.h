/* inspector-variables.h
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "inspector-session.h"

G_BEGIN_DECLS

#define INSPECTOR_TYPE_VARIABLES (inspector_variables_get_type ())

G_DECLARE_FINAL_TYPE (InspectorVariables, inspector_variables, INSPECTOR, VARIABLES, GtkWidget)

/* The variables panel: the values at the session's current step as an
 * expandable tree (InspectorValue rows), the current call's arguments and
 * the return value of a call that just returned. */
GtkWidget        *inspector_variables_new         (void);
InspectorSession *inspector_variables_get_session (InspectorVariables *self);
void              inspector_variables_set_session (InspectorVariables *self,
                                                   InspectorSession   *session);
/* The top-level rows (InspectorValue), before filtering */
GListModel       *inspector_variables_get_rows    (InspectorVariables *self);
/* Shows only top-level rows whose name contains `text` (NULL: all) */
void              inspector_variables_set_filter  (InspectorVariables *self,
                                                   const char         *text);
/* The rows shown, after the filter (InspectorValue) */
GListModel       *inspector_variables_get_filtered_rows (InspectorVariables *self);

/* The rows as shown: a GtkTreeListModel over the filtered rows */
GtkTreeListModel *inspector_variables_get_tree  (InspectorVariables *self);

G_END_DECLS
