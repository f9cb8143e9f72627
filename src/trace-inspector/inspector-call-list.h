/* inspector-call-list.h
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "inspector-call-node.h"
#include "inspector-session.h"

G_BEGIN_DECLS

#define INSPECTOR_TYPE_CALL_LIST (inspector_call_list_get_type ())

G_DECLARE_FINAL_TYPE (InspectorCallList, inspector_call_list, INSPECTOR, CALL_LIST, GObject)

/* The children of one call (or the root calls for CT_MODEL_NONE) as a
 * GListModel of InspectorCallNode. The count comes from the model in one
 * query; the child ids are walked from the first_child/next_sibling links
 * only as far as rows are asked for and kept in an index array (shared
 * with the lists of the call's groups), so get_item() is O(1) once walked
 * and rows are made on demand.
 *
 * A call with more than GROUP_SIZE children shows them in group rows of
 * GROUP_SIZE ("calls 0–999", then groups of groups past GROUP_SIZE²), so
 * that expanding a row never makes GtkTreeListModel add more than
 * GROUP_SIZE rows at once (it makes a node per row, and the window froze
 * on a call of 345 000 children); new_for_group() makes a group's list. A
 * grouped call's children are walked in a thread, so that finding one
 * deep in it does not walk the sibling links on the main thread. */
#define INSPECTOR_CALL_LIST_GROUP_SIZE 1000

InspectorCallList *inspector_call_list_new           (InspectorSession  *session,
                                                      guint              parent);
/* The children of a group row; NULL when `group` is a call's row */
InspectorCallList *inspector_call_list_new_for_group (InspectorSession  *session,
                                                      InspectorCallNode *group);
guint              inspector_call_list_get_parent    (InspectorCallList *self);
/* TRUE when the rows are groups */
gboolean           inspector_call_list_is_grouped    (InspectorCallList *self);
/* Position of a child call, or of the group row that holds it; G_MAXUINT
 * when it is not in the list. Collects more children if needed. */
guint              inspector_call_list_find          (InspectorCallList *self,
                                                      guint              call);
/* Picks up children and changes the model gained while loading */
void               inspector_call_list_refresh       (InspectorCallList *self);

G_END_DECLS
