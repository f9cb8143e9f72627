/* inspector-details.h
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "inspector-session.h"

G_BEGIN_DECLS

#define INSPECTOR_TYPE_DETAILS (inspector_details_get_type ())

G_DECLARE_FINAL_TYPE (InspectorDetails, inspector_details, INSPECTOR, DETAILS, GtkWidget)

/* The details page: program, args, workdir, recorder, encoding, counts and
 * every metadata key of the session's trace. */
GtkWidget        *inspector_details_new         (void);
InspectorSession *inspector_details_get_session (InspectorDetails *self);
void              inspector_details_set_session (InspectorDetails *self,
                                                 InspectorSession *session);
/* The value shown for a row title, or NULL (for tests) */
const char       *inspector_details_lookup      (InspectorDetails *self,
                                                 const char       *title);

G_END_DECLS
