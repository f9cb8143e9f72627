/* ct-trace-folder.h
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ct-encoding.h"
#include "ct-reader.h"

G_BEGIN_DECLS

#define CT_TYPE_TRACE_FOLDER (ct_trace_folder_get_type ())

G_DECLARE_FINAL_TYPE (CtTraceFolder, ct_trace_folder, CT, TRACE_FOLDER, GObject)

/* A trace folder (FORMAT.md section 1). `path` may also name a trace.json or
 * trace.bin file directly; its folder is then the trace folder. */
CtTraceFolder *ct_trace_folder_open               (const char     *path,
                                                   GError        **error);
const char    *ct_trace_folder_get_dir            (CtTraceFolder  *self);
/* the trace.json / trace.bin in use */
const char    *ct_trace_folder_get_trace_file     (CtTraceFolder  *self);
CtEncoding     ct_trace_folder_get_encoding       (CtTraceFolder  *self);
/* TRUE when the folder holds both trace.json and trace.bin (the binary wins) */
gboolean       ct_trace_folder_has_both           (CtTraceFolder  *self);
/* trace_metadata.json as read, every key kept (NULL when missing) */
JsonObject    *ct_trace_folder_get_metadata       (CtTraceFolder  *self);
const char    *ct_trace_folder_get_program        (CtTraceFolder  *self);
const char    *ct_trace_folder_get_workdir        (CtTraceFolder  *self);
const char * const *ct_trace_folder_get_args      (CtTraceFolder  *self);
/* trace_paths.json (empty when missing) */
const char * const *ct_trace_folder_get_paths     (CtTraceFolder  *self);
/* Problems with the side files that do not stop reading (missing
 * trace_paths.json, ...): one sentence each. */
const char * const *ct_trace_folder_get_warnings  (CtTraceFolder  *self);
/* The copy under files/ of a recorded source path (absolute or relative,
 * FORMAT.md sections 1 and 7), or NULL with an error: CT_TRACE_ERROR_NOT_FOUND
 * when not captured, CT_TRACE_ERROR_UNSAFE_PATH when the path (`..`, a symlink)
 * would leave the folder. Never the host's own file. */
char          *ct_trace_folder_resolve_source     (CtTraceFolder  *self,
                                                   const char     *recorded_path,
                                                   GError        **error);
CtReader      *ct_trace_folder_open_reader        (CtTraceFolder  *self,
                                                   CtReaderFlags   flags,
                                                   GError        **error);

G_END_DECLS
