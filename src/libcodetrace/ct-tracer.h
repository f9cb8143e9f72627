/* ct-tracer.h
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

/* TypeKind numbers (FORMAT.md section 2), for ct_tracer_ensure_type_id(). */
typedef enum
{
  CT_TYPE_KIND_SEQ = 0,
  CT_TYPE_KIND_SET = 1,
  CT_TYPE_KIND_HASH_SET = 2,
  CT_TYPE_KIND_ORDERED_SET = 3,
  CT_TYPE_KIND_ARRAY = 4,
  CT_TYPE_KIND_VARARGS = 5,
  CT_TYPE_KIND_STRUCT = 6,
  CT_TYPE_KIND_INT = 7,
  CT_TYPE_KIND_FLOAT = 8,
  CT_TYPE_KIND_STRING = 9,
  CT_TYPE_KIND_CSTRING = 10,
  CT_TYPE_KIND_CHAR = 11,
  CT_TYPE_KIND_BOOL = 12,
  CT_TYPE_KIND_LITERAL = 13,
  CT_TYPE_KIND_REF = 14,
  CT_TYPE_KIND_RECURSION = 15,
  CT_TYPE_KIND_RAW = 16,
  CT_TYPE_KIND_ENUM = 17,
  CT_TYPE_KIND_ENUM16 = 18,
  CT_TYPE_KIND_ENUM32 = 19,
  CT_TYPE_KIND_C = 20,
  CT_TYPE_KIND_TABLE_KIND = 21,
  CT_TYPE_KIND_UNION = 22,
  CT_TYPE_KIND_POINTER = 23,
  CT_TYPE_KIND_ERROR = 24,
  CT_TYPE_KIND_FUNCTION_KIND = 25,
  CT_TYPE_KIND_TYPE_VALUE = 26,
  CT_TYPE_KIND_TUPLE = 27,
  CT_TYPE_KIND_VARIANT = 28,
  CT_TYPE_KIND_HTML = 29,
  CT_TYPE_KIND_NONE = 30,
  CT_TYPE_KIND_NON_EXPANDED = 31,
  CT_TYPE_KIND_ANY = 32,
  CT_TYPE_KIND_SLICE = 33,
} CtTypeKind;

/* One argument of ct_tracer_call(): the variable by name (registered on
 * first use), or by id when name is NULL. */
typedef struct
{
  const char    *name;
  gint64         variable_id;
  const CtValue *value;
} CtTracerArg;

#define CT_TYPE_TRACER (ct_tracer_get_type ())

G_DECLARE_FINAL_TYPE (CtTracer, ct_tracer, CT, TRACER, GObject)

/* Records a trace folder (FORMAT.md section 1) from a running program or
 * interpreter: the C counterpart of runtime_tracing's tracer helper.
 *
 * Events stream to trace.json / trace.bin through a CtWriter as they are
 * recorded; the tracer itself keeps only the interned names (paths,
 * functions, types, variables), so memory does not grow with the run.
 *
 * Errors. I/O errors while recording are sticky: the first one stops the
 * recording, later calls return FALSE and do nothing, and
 * ct_tracer_finish() reports it. Nothing is half-written: the trace file
 * only appears, atomically, when ct_tracer_finish() succeeds.
 *
 * Values. The ct_tracer_*_value() constructors allocate in the tracer. A
 * batch of values lives until the first constructor call that follows a
 * call recording values (ct_tracer_value(), ct_tracer_call(),
 * ct_tracer_return()): build the values of one or more events, record them,
 * then build the next ones. Values built by the caller (any CtValue) may be
 * passed too; the tracer only reads them during the call.
 *
 * A tracer is not thread-safe: a multi-threaded program records through one
 * tracer under its own lock and says which thread runs with
 * ct_tracer_thread_switch(). */

CtTracer      *ct_tracer_new                     (const char          *program,
                                                  const char * const  *args);

const char    *ct_tracer_get_program             (CtTracer            *self);
const char * const *ct_tracer_get_args           (CtTracer            *self);
/* trace_metadata.json's `workdir`: the current directory when recording
 * began, unless set before ct_tracer_finish(). */
const char    *ct_tracer_get_workdir             (CtTracer            *self);
void           ct_tracer_set_workdir             (CtTracer            *self,
                                                  const char          *workdir);
const char    *ct_tracer_get_trace_dir           (CtTracer            *self);
CtEncoding     ct_tracer_get_encoding            (CtTracer            *self);
/* The first recording error, or NULL. */
const GError  *ct_tracer_get_error               (CtTracer            *self);
/* Events written so far. */
guint64        ct_tracer_get_n_events            (CtTracer            *self);
/* Calls still open (a Step before any Call opens the implicit top-level one). */
guint          ct_tracer_get_depth               (CtTracer            *self);

/* Creates trace_dir (and its parents) and starts streaming. One recording
 * per tracer. */
gboolean       ct_tracer_begin                   (CtTracer            *self,
                                                  const char          *trace_dir,
                                                  CtEncoding           encoding,
                                                  GError             **error);
/* Writes trace_metadata.json and trace_paths.json and moves the trace file
 * into place. Calls left open stay open: the trace shows them unfinished.
 * Replaces the trace file of the other kind (trace.json vs trace.bin) left
 * in the folder by an older recording, which readers would otherwise pick. */
gboolean       ct_tracer_finish                  (CtTracer            *self,
                                                  GError             **error);
/* Stops recording and deletes the unfinished trace file. */
void           ct_tracer_abort                   (CtTracer            *self);

/* Interning: the first use of a name records its registration event
 * (Path, Function, Type, VariableName) and gives it the next id. */
gint64         ct_tracer_ensure_path_id          (CtTracer            *self,
                                                  const char          *path);
/* A function is its name at its definition's path and line. */
gint64         ct_tracer_ensure_function_id      (CtTracer            *self,
                                                  const char          *name,
                                                  const char          *path,
                                                  gint64               line);
/* A type is its kind and lang_type; the first registration of a struct or
 * pointer type decides its fields or target. */
gint64         ct_tracer_ensure_type_id          (CtTracer            *self,
                                                  CtTypeKind           kind,
                                                  const char          *lang_type);
gint64         ct_tracer_ensure_struct_type_id   (CtTracer            *self,
                                                  const char          *lang_type,
                                                  const char * const  *field_names,
                                                  const gint64        *field_type_ids,
                                                  guint                n_fields);
gint64         ct_tracer_ensure_pointer_type_id  (CtTracer            *self,
                                                  const char          *lang_type,
                                                  gint64               dereference_type_id);
gint64         ct_tracer_ensure_variable_id      (CtTracer            *self,
                                                  const char          *name);

/* Events. Each returns FALSE once the recording has failed. */
gboolean       ct_tracer_step                    (CtTracer            *self,
                                                  const char          *path,
                                                  gint64               line);
gboolean       ct_tracer_step_path_id            (CtTracer            *self,
                                                  gint64               path_id,
                                                  gint64               line);
/* Records a Step at the function's own path and line, the Call, then one
 * Value per argument, so that the arguments are the variables of the
 * callee's first step (FORMAT.md section 3). As the recording's first Step
 * or Call it records the Call alone: a Step before it would open an
 * implicit top-level call around it. */
gboolean       ct_tracer_call                    (CtTracer            *self,
                                                  gint64               function_id,
                                                  const CtTracerArg   *args,
                                                  guint                n_args);
/* Closes the innermost open call. */
gboolean       ct_tracer_return                  (CtTracer            *self,
                                                  const CtValue       *return_value);
/* A variable visible at the most recent step. */
gboolean       ct_tracer_value                   (CtTracer            *self,
                                                  const char          *name,
                                                  const CtValue       *value);
gboolean       ct_tracer_value_id                (CtTracer            *self,
                                                  gint64               variable_id,
                                                  const CtValue       *value);
/* An I/O event (program output is CT_EVENT_LOG_WRITE); metadata may be NULL. */
gboolean       ct_tracer_event                   (CtTracer            *self,
                                                  CtEventLogKind       kind,
                                                  const char          *metadata,
                                                  const char          *content);
gboolean       ct_tracer_drop_last_step          (CtTracer            *self);
gboolean       ct_tracer_thread_start            (CtTracer            *self,
                                                  guint64              thread_id);
gboolean       ct_tracer_thread_switch           (CtTracer            *self,
                                                  guint64              thread_id);
gboolean       ct_tracer_thread_exit             (CtTracer            *self,
                                                  guint64              thread_id);

/* Value constructors (see "Values" above). Strings are copied. Compound
 * constructors copy their elements' CtValue structs, not what those point
 * to: elements built by the caller must outlive the compound value. */
CtValue       *ct_tracer_int_value               (CtTracer            *self,
                                                  gint64               i,
                                                  gint64               type_id);
CtValue       *ct_tracer_float_value             (CtTracer            *self,
                                                  double               f,
                                                  gint64               type_id);
CtValue       *ct_tracer_bool_value              (CtTracer            *self,
                                                  gboolean             b,
                                                  gint64               type_id);
CtValue       *ct_tracer_string_value            (CtTracer            *self,
                                                  const char          *text,
                                                  gint64               type_id);
CtValue       *ct_tracer_raw_value               (CtTracer            *self,
                                                  const char          *raw,
                                                  gint64               type_id);
CtValue       *ct_tracer_error_value             (CtTracer            *self,
                                                  const char          *message,
                                                  gint64               type_id);
CtValue       *ct_tracer_none_value              (CtTracer            *self,
                                                  gint64               type_id);
CtValue       *ct_tracer_sequence_value          (CtTracer            *self,
                                                  CtValue * const     *elements,
                                                  guint                n_elements,
                                                  gboolean             is_slice,
                                                  gint64               type_id);
CtValue       *ct_tracer_tuple_value             (CtTracer            *self,
                                                  CtValue * const     *elements,
                                                  guint                n_elements,
                                                  gint64               type_id);
/* field_values in the order of the struct type's fields */
CtValue       *ct_tracer_struct_value            (CtTracer            *self,
                                                  CtValue * const     *field_values,
                                                  guint                n_fields,
                                                  gint64               type_id);
CtValue       *ct_tracer_variant_value           (CtTracer            *self,
                                                  const char          *discriminator,
                                                  const CtValue       *contents,
                                                  gint64               type_id);
CtValue       *ct_tracer_reference_value         (CtTracer            *self,
                                                  const CtValue       *dereferenced,
                                                  guint64              address,
                                                  gboolean             mutable_,
                                                  gint64               type_id);
/* An integer of any size: big-endian magnitude (leading zero bytes are
 * dropped) and sign. */
CtValue       *ct_tracer_bigint_value            (CtTracer            *self,
                                                  const guint8        *magnitude,
                                                  gsize                len,
                                                  gboolean             negative,
                                                  gint64               type_id);
/* The same from decimal text ("-123..."), as interpreters print their big
 * integers; NULL when the text is not an integer. */
CtValue       *ct_tracer_bigint_value_from_string (CtTracer           *self,
                                                  const char          *decimal,
                                                  gint64               type_id);

/* Copies a recorded source into the trace folder's files/: an absolute path
 * /a/b.py goes to files/a/b.py, a relative one to files/<path>, as readers
 * look for them (FORMAT.md sections 1 and 7). Paths with `..` are refused
 * (CT_TRACE_ERROR_UNSAFE_PATH). A path already captured is not copied again.
 * Errors here do not stop the recording. */
gboolean       ct_tracer_capture_source          (CtTracer            *self,
                                                  const char          *path,
                                                  GError             **error);
/* The same when the recorded path is not where the file is now (an
 * interpreter that records paths relative to the script's folder). */
gboolean       ct_tracer_capture_source_from     (CtTracer            *self,
                                                  const char          *recorded_path,
                                                  const char          *source_file,
                                                  GError             **error);

G_END_DECLS
