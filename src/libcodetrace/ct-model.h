/* ct-model.h
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ct-reader.h"

G_BEGIN_DECLS

/* "No such step / call": what the queries return when there is no answer. */
#define CT_MODEL_NONE G_MAXUINT32

typedef enum
{
  CT_MODEL_CALL_NONE = 0,
  CT_MODEL_CALL_UNFINISHED = 1 << 0, /* open at the end of the trace */
  CT_MODEL_CALL_IMPLICIT = 1 << 1,   /* the top-level call a Step opened */
  CT_MODEL_CALL_RETURNED = 1 << 2,   /* a Return closed it (so it has a return value) */
} CtModelCallFlags;

/* One call, as plain data (copied out, so valid after the model changes). */
typedef struct
{
  guint32          id;
  guint32          function_id;
  guint32          parent;     /* CT_MODEL_NONE for a root call */
  guint32          depth;      /* 1 for a root call */
  guint32          first_step; /* CT_MODEL_NONE if no step ran in it */
  guint32          last_step;  /* last step of the call and its callees */
  guint32          first_child;
  guint32          next_sibling;
  guint32          thread;     /* 0, or the index of its thread in order of appearance */
  CtModelCallFlags flags;
} CtModelCall;

/* One I/O event (an Event record) and the step it belongs to. */
typedef struct
{
  guint32     step;     /* CT_MODEL_NONE when it came before any step */
  guint       kind;     /* EventLogKind JSON number */
  const char *metadata; /* owned by the model */
  const char *content;  /* owned by the model */
} CtModelIo;

/* A decoded value, copied out of the reader: JSON as serde_json writes the
 * ValueRecord (FORMAT.md section 2), plus names resolved by the model. */
typedef struct
{
  gint64  variable_id;
  char   *name;       /* the variable's name, or NULL for a return value */
  char   *type_name;  /* lang_type of the value's type_id, or NULL */
  char   *value_json; /* the ValueRecord as compact JSON */
} CtModelValue;

void          ct_model_value_free              (CtModelValue   *value);

#define CT_TYPE_MODEL (ct_model_get_type ())

G_DECLARE_FINAL_TYPE (CtModel, ct_model, CT, MODEL, GObject)

/* The semantic model of a trace (FORMAT.md section 3): steps, calls, values,
 * I/O events and a line index, built in one streaming pass. Values stay in
 * the trace file and are decoded when asked for.
 *
 * Thread safety: every query may be called from any thread, also while a
 * load runs in a worker; it then answers for the part already loaded. */
CtModel      *ct_model_new                     (const char     *trace_file);
const char   *ct_model_get_trace_file          (CtModel        *self);

/* Loading: once per model. Lenient (CT_READER_LENIENT) stops quietly at
 * damage and keeps everything before it; see get_stop_error. */
gboolean      ct_model_load                    (CtModel        *self,
                                                CtReaderFlags   flags,
                                                GCancellable   *cancellable,
                                                GError        **error);
void          ct_model_load_async              (CtModel        *self,
                                                CtReaderFlags   flags,
                                                GCancellable   *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer        user_data);
gboolean      ct_model_load_finish             (CtModel        *self,
                                                GAsyncResult   *result,
                                                GError        **error);
/* Loads from a reader the caller opened (on the model's trace file), and
 * shows every event to `func` too, so that a tool that needs both the
 * model and its own per-event work reads the trace once. */
typedef void (*CtModelEventFunc) (const CtEvent *event,
                                  gpointer       user_data);
gboolean      ct_model_load_from_reader        (CtModel        *self,
                                                CtReader       *reader,
                                                CtModelEventFunc func,
                                                gpointer        user_data,
                                                GCancellable   *cancellable,
                                                GError        **error);
/* fraction of the input read so far (0..1); thread-safe */
double        ct_model_get_fraction            (CtModel        *self);
gboolean      ct_model_is_loaded               (CtModel        *self);
const GError *ct_model_get_stop_error          (CtModel        *self);

/* Counts, for the part loaded so far */
guint32       ct_model_get_n_steps             (CtModel        *self);
guint32       ct_model_get_n_calls             (CtModel        *self);
guint32       ct_model_get_max_depth           (CtModel        *self);
guint32       ct_model_get_n_unfinished_calls  (CtModel        *self);
guint         ct_model_get_n_io                (CtModel        *self);
/* Bytes the index holds in memory (not the input, not cached frames) */
gsize         ct_model_get_index_size          (CtModel        *self);

/* Names interned by the trace; NULL when out of range */
char         *ct_model_dup_path                (CtModel        *self,
                                                guint32         path_id);
char         *ct_model_dup_function_name       (CtModel        *self,
                                                guint32         function_id);
char         *ct_model_dup_variable_name       (CtModel        *self,
                                                guint32         variable_id);

/* Steps */
gboolean      ct_model_get_step                (CtModel        *self,
                                                guint32         step,
                                                guint32        *path_id,
                                                guint32        *line,
                                                guint32        *call);
/* Calls: root calls are linked through next_sibling from the first root */
gboolean      ct_model_get_call                (CtModel        *self,
                                                guint32         call,
                                                CtModelCall    *out_call);
guint32       ct_model_get_first_root_call     (CtModel        *self);
guint32       ct_model_get_n_children          (CtModel        *self,
                                                guint32         call);
/* The call's args (CtModelValue*), decoded now */
GPtrArray    *ct_model_get_call_args           (CtModel        *self,
                                                guint32         call,
                                                GError        **error);
/* The return value, or NULL (no error) when the call did not return */
CtModelValue *ct_model_get_return_value        (CtModel        *self,
                                                guint32         call,
                                                GError        **error);

/* Values at a step: the Value events between it and the next step */
GPtrArray    *ct_model_get_variables           (CtModel        *self,
                                                guint32         step,
                                                GError        **error);

/* I/O events */
gboolean      ct_model_get_io                  (CtModel        *self,
                                                guint           index,
                                                CtModelIo      *out_io);
/* What the program printed (Write / WriteOther contents) up to and with
 * `step` (CT_MODEL_NONE for all of it). */
char         *ct_model_dup_output              (CtModel        *self,
                                                guint32         step);

/* Navigation; each returns CT_MODEL_NONE when there is no such step. */
guint32       ct_model_call_at                 (CtModel        *self,
                                                guint32         step);
/* innermost first */
GArray       *ct_model_get_call_stack          (CtModel        *self,
                                                guint32         step);
guint32       ct_model_next_step               (CtModel        *self,
                                                guint32         step);
guint32       ct_model_previous_step           (CtModel        *self,
                                                guint32         step);
guint32       ct_model_step_over               (CtModel        *self,
                                                guint32         step);
guint32       ct_model_step_over_backwards     (CtModel        *self,
                                                guint32         step);
guint32       ct_model_step_out                (CtModel        *self,
                                                guint32         step);
guint32       ct_model_step_out_backwards      (CtModel        *self,
                                                guint32         step);
guint32       ct_model_next_step_on_line       (CtModel        *self,
                                                guint32         step,
                                                guint32         path_id,
                                                guint32         line);
guint32       ct_model_previous_step_on_line   (CtModel        *self,
                                                guint32         step,
                                                guint32         path_id,
                                                guint32         line);
/* All steps that ran (path_id, line), in order (guint32) */
GArray       *ct_model_get_line_steps          (CtModel        *self,
                                                guint32         path_id,
                                                guint32         line);

/* Variable history: the steps where `name`'s value changed (it first
 * appeared, or its value differs from the one at its previous appearance).
 * Its value at a step is what ct_model_get_variables() shows there: the
 * args of the calls whose args belong to that step (FORMAT.md section 3),
 * then its Value events. Reads the whole trace: cancellable, and it looks
 * at the cancellable every few thousand events (G_IO_ERROR_CANCELLED). */

/* Progress of a history: the fraction (0..1) of the steps examined, never
 * smaller than the one before; 1.0 last when the history is complete. */
typedef void (*CtModelProgressFunc) (double   fraction,
                                     gpointer user_data);

/* `progress_func` (may be NULL) runs on the thread-default main context of
 * the caller, at most about every 50 ms, and always before `callback`;
 * `progress_destroy` is called there too, after the last report. */
void          ct_model_variable_history_async_with_progress
                                               (CtModel        *self,
                                                const char     *name,
                                                CtModelProgressFunc progress_func,
                                                gpointer        progress_data,
                                                GDestroyNotify  progress_destroy,
                                                GCancellable   *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer        user_data);
void          ct_model_variable_history_async  (CtModel        *self,
                                                const char     *name,
                                                GCancellable   *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer        user_data);
GArray       *ct_model_variable_history_finish (CtModel        *self,
                                                GAsyncResult   *result,
                                                GError        **error);
GArray       *ct_model_variable_history        (CtModel        *self,
                                                const char     *name,
                                                GCancellable   *cancellable,
                                                GError        **error);
/* The same; `progress_func` (may be NULL) is called directly, in the
 * calling thread, every few thousand events. */
GArray       *ct_model_variable_history_with_progress
                                               (CtModel        *self,
                                                const char     *name,
                                                CtModelProgressFunc progress_func,
                                                gpointer        progress_data,
                                                GCancellable   *cancellable,
                                                GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CtModelValue, ct_model_value_free)

G_END_DECLS
