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
 * only as far as rows are asked for and kept in an index array, so
 * get_item() is O(1) once walked and rows are made on demand. */
InspectorCallList *inspector_call_list_new           (InspectorSession  *session,
                                                      guint              parent);
guint              inspector_call_list_get_parent    (InspectorCallList *self);
/* Position of a child call, or G_MAXUINT; collects more children if needed */
guint              inspector_call_list_find          (InspectorCallList *self,
                                                      guint              call);
/* Picks up children and changes the model gained while loading */
void               inspector_call_list_refresh       (InspectorCallList *self);

G_END_DECLS
