/* inspector-call-tree.h
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "inspector-session.h"

G_BEGIN_DECLS

#define INSPECTOR_TYPE_CALL_TREE (inspector_call_tree_get_type ())

G_DECLARE_FINAL_TYPE (InspectorCallTree, inspector_call_tree, INSPECTOR, CALL_TREE, GtkWidget)

/* The call tree panel. Property "session": selecting a call moves the
 * session to its first step; the selected row follows the current call. */
GtkWidget          *inspector_call_tree_new           (void);
InspectorSession   *inspector_call_tree_get_session   (InspectorCallTree *self);
void                inspector_call_tree_set_session   (InspectorCallTree *self,
                                                       InspectorSession  *session);
/* The selection over the GtkTreeListModel of InspectorCallNode rows */
GtkSingleSelection *inspector_call_tree_get_selection (InspectorCallTree *self);
/* Selects the row of `call`, expanding its callers; FALSE if not found */
gboolean            inspector_call_tree_reveal_call   (InspectorCallTree *self,
                                                       guint              call);
/* Find: the next (or previous) call, from the current one, of a function
 * whose name contains `text` (ignoring case); moves the session there. */
gboolean            inspector_call_tree_find          (InspectorCallTree *self,
                                                       const char        *text,
                                                       gboolean           backwards);

G_END_DECLS
