/* inspector-io-event.h
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define INSPECTOR_TYPE_IO_EVENT (inspector_io_event_get_type ())

G_DECLARE_FINAL_TYPE (InspectorIoEvent, inspector_io_event, INSPECTOR, IO_EVENT, GObject)

/* One I/O event row. Properties (read-only): index, step (G_MAXUINT32 before
 * the first step), step-text, kind (EventLogKind number), kind-name,
 * metadata, content (one line, for the list). */
InspectorIoEvent *inspector_io_event_new          (guint             index,
                                                   guint             step,
                                                   guint             kind,
                                                   const char       *metadata,
                                                   const char       *content);
guint             inspector_io_event_get_index    (InspectorIoEvent *self);
guint             inspector_io_event_get_step     (InspectorIoEvent *self);
guint             inspector_io_event_get_kind     (InspectorIoEvent *self);
const char       *inspector_io_event_get_content  (InspectorIoEvent *self);
const char       *inspector_io_event_get_metadata (InspectorIoEvent *self);
/* The EventLogKind's name (FORMAT.md section 2) */
const char       *inspector_io_event_kind_name    (guint             kind);

G_END_DECLS
