/* ct-reader.h
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "ct-encoding.h"
#include "ct-event.h"

G_BEGIN_DECLS

typedef enum
{
  CT_READER_FLAGS_NONE = 0,
  /* Stop quietly at damage: ct_reader_next() returns NULL without an error
   * after the last complete event and ct_reader_get_stop_error() says where
   * and why it stopped. */
  CT_READER_LENIENT = 1 << 0,
} CtReaderFlags;

#define CT_TYPE_READER (ct_reader_get_type ())

G_DECLARE_FINAL_TYPE (CtReader, ct_reader, CT, READER, GObject)

/* A pull reader over trace.json, trace.bin v1 or trace.bin v0 (detected from
 * the file). Memory does not grow with the trace. */
CtReader      *ct_reader_new                (const char     *file_path,
                                             CtReaderFlags   flags,
                                             GError        **error);
/* The next event, or NULL at the end or on error (error set only on error, and
 * never in lenient mode). The event and everything it points to stay valid
 * until the next call. Errors name the file, the event index and the byte
 * offset. */
const CtEvent *ct_reader_next               (CtReader       *self,
                                             GError        **error);
/* Random access for lazy decoding: continue at an event that an earlier
 * pass over the same file reported at this index and offset (see
 * get_index/get_offset). The next ct_reader_next() returns that event. */
gboolean       ct_reader_seek               (CtReader       *self,
                                             guint64         index,
                                             guint64         offset,
                                             GError        **error);
const char    *ct_reader_get_path           (CtReader       *self);
CtEncoding     ct_reader_get_encoding       (CtReader       *self);
/* Index (from 0) and byte offset of the event last returned. The offset is
 * in the file for JSON, in the decompressed stream for v1 (see get_frame),
 * in the unpacked Cap'n Proto message for v0. */
guint64        ct_reader_get_index          (CtReader       *self);
guint64        ct_reader_get_offset         (CtReader       *self);
gint64         ct_reader_get_frame          (CtReader       *self);
/* Progress: bytes of the file consumed and the file's size. */
guint64        ct_reader_get_position       (CtReader       *self);
guint64        ct_reader_get_size           (CtReader       *self);
double         ct_reader_get_fraction       (CtReader       *self);
/* Lenient mode: why reading stopped early, or NULL if the input was whole. */
const GError  *ct_reader_get_stop_error     (CtReader       *self);
/* Deviations from 0.15.0 seen so far (FORMAT.md section 7): how many events
 * had each, and the index of the first. */
guint          ct_reader_get_deviations     (CtReader       *self);
guint64        ct_reader_get_deviation_count (CtReader      *self,
                                             CtDeviation     deviation,
                                             guint64        *first_index);

G_END_DECLS
