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
 * (read-only): call, function, args, return-value (both decoded when first
 * asked for), steps, unfinished, running (open while the trace loads). */
InspectorCallNode *inspector_call_node_new            (InspectorSession  *session,
                                                       guint              call);
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
