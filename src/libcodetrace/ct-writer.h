/* ct-writer.h
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ct-encoding.h"
#include "ct-event.h"

G_BEGIN_DECLS

#define CT_TYPE_WRITER (ct_writer_get_type ())

G_DECLARE_FINAL_TYPE (CtWriter, ct_writer, CT, WRITER, GObject)

/* Streams events into a trace.json / trace.bin file. Writes go to a
 * temporary file beside file_path, renamed into place by ct_writer_finish();
 * a writer dropped without finishing deletes it, so a failed export never
 * leaves a damaged file. */
CtWriter  *ct_writer_new             (const char     *file_path,
                                      CtEncoding      encoding,
                                      GError        **error);
gboolean   ct_writer_write           (CtWriter       *self,
                                      const CtEvent  *event,
                                      GError        **error);
gboolean   ct_writer_finish          (CtWriter       *self,
                                      GError        **error);
void       ct_writer_abort           (CtWriter       *self);
CtEncoding ct_writer_get_encoding    (CtWriter       *self);
guint64    ct_writer_get_n_events    (CtWriter       *self);
/* What had to be changed to fit the encoding (CtDeviation flags), how many
 * events for each, and the first such event's index. */
guint      ct_writer_get_changes     (CtWriter       *self);
guint64    ct_writer_get_change_count (CtWriter      *self,
                                      CtDeviation     deviation,
                                      guint64        *first_index);

G_END_DECLS
