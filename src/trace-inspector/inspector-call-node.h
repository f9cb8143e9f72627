/* inspector-call-node.h
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "inspector-session.h"

G_BEGIN_DECLS

#define INSPECTOR_TYPE_CALL_NODE (inspector_call_node_get_type ())

G_DECLARE_FINAL_TYPE (InspectorCallNode, inspector_call_node, INSPECTOR, CALL_NODE, GObject)

/* One row of the call tree, made on demand by InspectorCallList. Properties
 * (read-only): call, function, args, return-value, steps, unfinished,
 * running (open while the trace loads). The args and return value are
 * decoded from the trace when first asked for: right away by the getters
 * below, and just after the frame by the properties (which read "" until
 * then and notify), so that binding many rows at once stays cheap.
 *
 * A group row stands for a range of a call's children when there are too
 * many to show at once (InspectorCallList makes them): its call is
 * CT_MODEL_NONE, its function "calls 1000–1999", its other columns empty. */
InspectorCallNode *inspector_call_node_new            (InspectorSession  *session,
                                                       guint              call);
InspectorCallNode *inspector_call_node_new_group      (InspectorSession  *session,
                                                       guint              parent,
                                                       guint              first,
                                                       guint              size);
gboolean           inspector_call_node_is_group       (InspectorCallNode *self);
/* The group's call, its first child (counted from 0) and how many; FALSE
 * for a call's row */
gboolean           inspector_call_node_get_group      (InspectorCallNode *self,
                                                       guint             *parent,
                                                       guint             *first,
                                                       guint             *size);
/* The last group grows while the trace loads */
void               inspector_call_node_set_group_size (InspectorCallNode *self,
                                                       guint              size);
guint              inspector_call_node_get_call       (InspectorCallNode *self);
const CtModelCall *inspector_call_node_get_info       (InspectorCallNode *self);
const char        *inspector_call_node_get_function   (InspectorCallNode *self);
const char        *inspector_call_node_get_args       (InspectorCallNode *self);
const char        *inspector_call_node_get_return_value (InspectorCallNode *self);
gboolean           inspector_call_node_get_unfinished (InspectorCallNode *self);
/* Re-reads the call from the model (it changes while a load runs); TRUE
 * when something changed. */
gboolean           inspector_call_node_refresh        (InspectorCallNode *self);

G_END_DECLS
