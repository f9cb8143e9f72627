/* inspector-source-view.h
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <gtksourceview/gtksource.h>

#include "inspector-session.h"

G_BEGIN_DECLS

#define INSPECTOR_TYPE_SOURCE_VIEW (inspector_source_view_get_type ())

G_DECLARE_FINAL_TYPE (InspectorSourceView, inspector_source_view, INSPECTOR, SOURCE_VIEW, GtkWidget)

/* Property "session" (InspectorSession*): the session it observes and moves. */
GtkWidget        *inspector_source_view_new         (void);
InspectorSession *inspector_source_view_get_session (InspectorSourceView *self);
void              inspector_source_view_set_session (InspectorSourceView *self,
                                                     InspectorSession    *session);

/* The selected tab: its path id (CT_MODEL_NONE when there is no tab), its
 * child (a GtkScrolledWindow holding the GtkSourceView, or an
 * AdwStatusPage when the source was not captured) and its view (NULL for
 * a placeholder). */
guint             inspector_source_view_get_visible_path    (InspectorSourceView *self);
GtkWidget        *inspector_source_view_get_visible_child   (InspectorSourceView *self);
GtkSourceView    *inspector_source_view_get_visible_view    (InspectorSourceView *self);
/* In the selected tab, 1-based lines: the one highlighted as the current
 * step's (0 when none, G_MAXUINT when more than one line is), and how many
 * steps ran a line. */
guint             inspector_source_view_get_highlighted_line (InspectorSourceView *self);
guint             inspector_source_view_get_hit_count       (InspectorSourceView *self,
                                                             guint                line);
/* Whether the current call ran `line` of the selected tab's file */
gboolean          inspector_source_view_get_line_ran        (InspectorSourceView *self,
                                                             guint                line);
/* The "name = value" text drawn at the end of `line`, or NULL */
const char       *inspector_source_view_get_annotation      (InspectorSourceView *self,
                                                             guint                line);
/* What a click on the line number does: the next run of `line` (1-based)
 * of the selected tab's file, or the previous one. FALSE when none. */
gboolean          inspector_source_view_activate_line       (InspectorSourceView *self,
                                                             guint                line,
                                                             gboolean             backwards);

G_END_DECLS
