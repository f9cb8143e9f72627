/* inspector-output.h
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "inspector-session.h"

G_BEGIN_DECLS

#define INSPECTOR_TYPE_OUTPUT (inspector_output_get_type ())

G_DECLARE_FINAL_TYPE (InspectorOutput, inspector_output, INSPECTOR, OUTPUT, GtkWidget)

/* The output and events panel: what the program printed (the part after the
 * current step dimmed) and the list of I/O events; activating an event
 * moves the session to its step. */
GtkWidget          *inspector_output_new           (void);
InspectorSession   *inspector_output_get_session   (InspectorOutput  *self);
void                inspector_output_set_session   (InspectorOutput  *self,
                                                    InspectorSession *session);
/* The events list and its selection (InspectorIoEvent rows) */
GtkSingleSelection *inspector_output_get_selection (InspectorOutput  *self);
/* Moves the session to the step of event `position` of the list */
void                inspector_output_activate      (InspectorOutput  *self,
                                                    guint             position);
/* Find: the next (or previous) event whose content contains `text`,
 * ignoring case; selects it and moves the session to its step. */
gboolean            inspector_output_find          (InspectorOutput  *self,
                                                    const char       *text,
                                                    gboolean          backwards);

G_END_DECLS
