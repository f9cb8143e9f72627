/* inspector-session.h
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "codetrace.h"
#include "ct-model.h"

G_BEGIN_DECLS

#define INSPECTOR_TYPE_SESSION (inspector_session_get_type ())

G_DECLARE_FINAL_TYPE (InspectorSession, inspector_session, INSPECTOR, SESSION, GObject)

/* The one object that owns the open trace and where the user is in it.
 * Every panel observes it (notify:: signals) and writes to it (setters and
 * navigation methods); panels never talk to each other.
 *
 * Properties (all notify with G_PARAM_EXPLICIT_NOTIFY, on the main thread):
 *   folder        CtTraceFolder*   the open trace folder, NULL before open
 *   model         CtModel*         its model, growing while it loads
 *   loading       gboolean         a load runs in the background
 *   fraction      double           load progress 0..1
 *   n-steps       guint            steps loaded so far (grows while loading)
 *   current-step  guint            CT_MODEL_NONE when there is no step
 *   current-call  guint            the call open at current-step
 *   visible-start double           the timeline's visible range, in steps
 *   visible-end   double
 *   warning       char*            lenient load: where and why it stopped (NULL if whole)
 *   error         GError* (boxed)  why opening or loading failed (NULL if fine)
 *   can-go-back, can-go-forward   gboolean   the back/forward history has an entry
 */

InspectorSession *inspector_session_new                 (void);

/* Opens a trace folder or a trace.json/trace.bin file and loads its model in
 * the background; the session answers for the loaded part at once. A damaged
 * trace opens leniently and sets `warning`. */
void              inspector_session_open                (InspectorSession *self,
                                                         const char       *path);
void              inspector_session_cancel_load         (InspectorSession *self);

CtTraceFolder    *inspector_session_get_folder          (InspectorSession *self);
CtModel          *inspector_session_get_model           (InspectorSession *self);
gboolean          inspector_session_get_loading         (InspectorSession *self);
double            inspector_session_get_fraction        (InspectorSession *self);
guint             inspector_session_get_n_steps         (InspectorSession *self);
const char       *inspector_session_get_warning         (InspectorSession *self);
const GError     *inspector_session_get_error           (InspectorSession *self);

guint             inspector_session_get_current_step    (InspectorSession *self);
guint             inspector_session_get_current_call    (InspectorSession *self);
/* Moves to `step` and records the position left in the back/forward history. */
void              inspector_session_set_current_step    (InspectorSession *self,
                                                         guint             step);
/* Moves to `step` without a history entry, as while dragging a cursor over
 * the timeline; end_preview () then records the position where the first
 * preview began, once, as one jump from there (nothing when it ended where
 * it began). A jump, go back/forward or opening a trace ends a preview. */
void              inspector_session_preview_step        (InspectorSession *self,
                                                         guint             step);
void              inspector_session_end_preview         (InspectorSession *self);
gboolean          inspector_session_get_previewing      (InspectorSession *self);

void              inspector_session_get_visible_range   (InspectorSession *self,
                                                         double           *start,
                                                         double           *end);
void              inspector_session_set_visible_range   (InspectorSession *self,
                                                         double            start,
                                                         double            end);

/* Navigation: each asks the model and moves; FALSE when there is nowhere to go.
 * Stepping (forward/back, over, into, out) moves without touching the
 * back/forward history; jumps (set_current_step, call start/end, line runs)
 * record the position they leave. Step into moves to the next step only when
 * it runs in a deeper call (the current line called something). */
gboolean          inspector_session_step_forward        (InspectorSession *self);
gboolean          inspector_session_step_back           (InspectorSession *self);
gboolean          inspector_session_step_over           (InspectorSession *self);
gboolean          inspector_session_step_over_back      (InspectorSession *self);
gboolean          inspector_session_step_into           (InspectorSession *self);
gboolean          inspector_session_step_out            (InspectorSession *self);
gboolean          inspector_session_step_out_back       (InspectorSession *self);
/* Jumps to the first step that runs in `call` itself */
gboolean          inspector_session_go_to_call          (InspectorSession *self,
                                                         guint             call);
gboolean          inspector_session_go_to_call_start    (InspectorSession *self);
gboolean          inspector_session_go_to_call_end      (InspectorSession *self);
gboolean          inspector_session_next_line_run       (InspectorSession *self,
                                                         guint             path_id,
                                                         guint             line);
gboolean          inspector_session_previous_line_run   (InspectorSession *self,
                                                         guint             path_id,
                                                         guint             line);
gboolean          inspector_session_go_back             (InspectorSession *self);
gboolean          inspector_session_go_forward          (InspectorSession *self);
gboolean          inspector_session_can_go_back         (InspectorSession *self);
gboolean          inspector_session_can_go_forward      (InspectorSession *self);

/* Types seen by the load so far (the model names only top-level values):
 * the lang_type of `type_id` and, for a Struct type, its field names. NULL
 * when unknown. */
char             *inspector_session_dup_type_name       (InspectorSession *self,
                                                         gint64            type_id);
char            **inspector_session_dup_field_names     (InspectorSession *self,
                                                         gint64            type_id);
/* The trace path given to open(), NULL before */
const char       *inspector_session_get_path            (InspectorSession *self);

G_END_DECLS
