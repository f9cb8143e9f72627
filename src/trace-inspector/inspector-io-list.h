/* inspector-io-list.h
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "inspector-io-event.h"
#include "inspector-session.h"

G_BEGIN_DECLS

#define INSPECTOR_TYPE_IO_LIST (inspector_io_list_get_type ())

G_DECLARE_FINAL_TYPE (InspectorIoList, inspector_io_list, INSPECTOR, IO_LIST, GObject)

/* The model's I/O events as a GListModel of InspectorIoEvent, made in
 * get_item(); refresh() picks up the events a running load added. */
InspectorIoList *inspector_io_list_new     (InspectorSession *session);
void             inspector_io_list_refresh (InspectorIoList  *self);

G_END_DECLS
