/* inspector-session.c
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * This program is free software: you can redistribute it and/or modify
 * it under the terms of the GNU General Public License as published by
 * the Free Software Foundation, either version 3 of the License, or
 * (at your option) any later version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "inspector-session.h"

#define POLL_INTERVAL_MS 100
#define HISTORY_MAX      500

/* Types collected from the Type events while the model loads: the worker
 * thread appends, the main thread reads. */
typedef struct
{
  char  *lang_type;
  char **field_names; /* Struct types only */
} TypeInfo;

typedef struct
{
  GMutex     lock;
  GPtrArray *infos; /* TypeInfo*, index = type_id */
} TypeTable;

typedef struct
{
  CtModel   *model;
  CtReader  *reader;
  TypeTable *types;
} LoadData;

struct _InspectorSession
{
  GObject        parent_instance;

  char          *path;
  CtTraceFolder *folder;
  CtModel       *model;
  GCancellable  *cancellable;
  TypeTable     *types;
  guint          poll_id;

  double         fraction;
  guint          n_steps;
  guint          current_step;
  guint          current_call;
  double         visible_start;
  double         visible_end;
  char          *warning;
  GError        *error;

  GArray        *back;    /* guint steps, most recent last */
  GArray        *forward; /* guint steps, next last */
  guint          preview_origin; /* where a preview began (CT_MODEL_NONE: nowhere) */

  guint          loading : 1;
  guint          visible_set : 1;
  guint          previewing : 1;
};

enum {
  PROP_0,
  PROP_FOLDER,
  PROP_MODEL,
  PROP_LOADING,
  PROP_FRACTION,
  PROP_N_STEPS,
  PROP_CURRENT_STEP,
  PROP_CURRENT_CALL,
  PROP_VISIBLE_START,
  PROP_VISIBLE_END,
  PROP_WARNING,
  PROP_ERROR,
  PROP_CAN_GO_BACK,
  PROP_CAN_GO_FORWARD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (InspectorSession, inspector_session, G_TYPE_OBJECT)

static void
type_info_free (gpointer data)
{
  TypeInfo *info = data;

  g_free (info->lang_type);
  g_strfreev (info->field_names);
  g_free (info);
}

static void
type_table_clear (gpointer data)
{
  TypeTable *table = data;

  g_mutex_clear (&table->lock);
  g_ptr_array_unref (table->infos);
}

static TypeTable *
type_table_new (void)
{
  TypeTable *table = g_atomic_rc_box_new0 (TypeTable);

  g_mutex_init (&table->lock);
  table->infos = g_ptr_array_new_with_free_func (type_info_free);
  return table;
}

static void
type_table_unref (TypeTable *table)
{
  g_atomic_rc_box_release_full (table, type_table_clear);
}

static void
load_data_free (gpointer data)
{
  LoadData *load = data;

  g_clear_object (&load->model);
  g_clear_object (&load->reader);
  g_clear_pointer (&load->types, type_table_unref);
  g_free (load);
}

/* Worker thread: every event passes here while the model builds */
static void
collect_types (const CtEvent *event,
               gpointer       user_data)
{
  TypeTable *table = user_data;
  TypeInfo *info;

  if (event->kind != CT_EVENT_TYPE)
    return;

  info = g_new0 (TypeInfo, 1);
  info->lang_type = g_strndup (event->type.lang_type.str, event->type.lang_type.len);
  if (event->type.info_kind == CT_TYPE_INFO_STRUCT)
    {
      info->field_names = g_new0 (char *, event->type.n_fields + 1);
      for (guint i = 0; i < event->type.n_fields; i++)
        info->field_names[i] = g_strndup (event->type.fields[i].name.str,
                                          event->type.fields[i].name.len);
    }

  g_mutex_lock (&table->lock);
  g_ptr_array_add (table->infos, info);
  g_mutex_unlock (&table->lock);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *load = task_data;
  GError *error = NULL;

  if (ct_model_load_from_reader (load->model, load->reader, collect_types, load->types,
                                 cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static guint
call_depth (InspectorSession *self,
            guint             call)
{
  CtModelCall c;

  if (call == CT_MODEL_NONE || !ct_model_get_call (self->model, call, &c))
    return 0;
  return c.depth;
}

static guint
call_at (InspectorSession *self,
         guint             step)
{
  return step == CT_MODEL_NONE ? CT_MODEL_NONE : ct_model_call_at (self->model, step);
}

static void
set_step_internal (InspectorSession *self,
                   guint             step)
{
  guint call = CT_MODEL_NONE;

  if (step != CT_MODEL_NONE && self->model != NULL)
    call = ct_model_call_at (self->model, step);

  g_object_freeze_notify (G_OBJECT (self));
  if (self->current_step != step)
    {
      self->current_step = step;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_STEP]);
    }
  if (self->current_call != call)
    {
      self->current_call = call;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_CALL]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/* Notifies can-go-back/-forward when they changed since `could_back` and
 * `could_forward` were read */
static void
notify_history (InspectorSession *self,
                gboolean          could_back,
                gboolean          could_forward)
{
  if (could_back != (self->back->len > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_GO_BACK]);
  if (could_forward != (self->forward->len > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_GO_FORWARD]);
}

static void
history_push (GArray *stack,
              guint   step)
{
  if (stack->len > 0 && g_array_index (stack, guint, stack->len - 1) == step)
    return;
  if (stack->len >= HISTORY_MAX)
    g_array_remove_index (stack, 0);
  g_array_append_val (stack, step);
}

/* Records `step` as the position left: a jump from it */
static void
record_jump_from (InspectorSession *self,
                  guint             step)
{
  gboolean could_back = self->back->len > 0;
  gboolean could_forward = self->forward->len > 0;

  history_push (self->back, step);
  g_array_set_size (self->forward, 0);
  notify_history (self, could_back, could_forward);
}

/* Moves to `step`; a jump records the position it leaves */
static gboolean
move_to (InspectorSession *self,
         guint             step,
         gboolean          record)
{
  if (self->model == NULL || step == CT_MODEL_NONE || step == self->current_step
      || step >= ct_model_get_n_steps (self->model))
    return FALSE;

  g_object_freeze_notify (G_OBJECT (self));
  if (record)
    {
      /* a jump during a preview is where the preview ends */
      self->previewing = FALSE;
      if (self->current_step != CT_MODEL_NONE)
        record_jump_from (self, self->current_step);
    }
  set_step_internal (self, step);
  g_object_thaw_notify (G_OBJECT (self));
  return TRUE;
}

static void
set_warning (InspectorSession *self,
             const char       *warning)
{
  if (g_strcmp0 (self->warning, warning) == 0)
    return;
  g_free (self->warning);
  self->warning = g_strdup (warning);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WARNING]);
}

static void
set_error (InspectorSession *self,
           const GError     *error)
{
  if (self->error == NULL && error == NULL)
    return;
  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
set_loading (InspectorSession *self,
             gboolean          loading)
{
  loading = !!loading;
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
update_visible_range (InspectorSession *self,
                      guint             old_n_steps)
{
  /* Until someone sets a range, the whole (growing) trace is visible */
  if (self->visible_set)
    return;
  if (self->visible_start == 0.0 && self->visible_end == (double) self->n_steps)
    return;
  self->visible_start = 0.0;
  self->visible_end = self->n_steps;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIBLE_START]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIBLE_END]);
}

static void
poll_model (InspectorSession *self)
{
  double fraction;
  guint n_steps;

  if (self->model == NULL)
    return;

  fraction = ct_model_get_fraction (self->model);
  n_steps = ct_model_get_n_steps (self->model);

  g_object_freeze_notify (G_OBJECT (self));
  if (fraction != self->fraction)
    {
      self->fraction = fraction;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
    }
  if (n_steps != self->n_steps)
    {
      guint old = self->n_steps;

      self->n_steps = n_steps;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_STEPS]);
      update_visible_range (self, old);
    }
  /* Show the beginning of the trace while the rest loads */
  if (self->current_step == CT_MODEL_NONE && n_steps > 0)
    set_step_internal (self, 0);
  else if (self->current_step != CT_MODEL_NONE)
    {
      /* The call open at the current step is known once its Call was read */
      guint call = ct_model_call_at (self->model, self->current_step);

      if (call != self->current_call)
        {
          self->current_call = call;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_CALL]);
        }
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean
poll_cb (gpointer data)
{
  InspectorSession *self = data;

  poll_model (self);
  return G_SOURCE_CONTINUE;
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  InspectorSession *self = INSPECTOR_SESSION (object);
  LoadData *load = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  const GError *stop_error;
  g_autofree char *warning = NULL;
  gboolean ok;

  ok = g_task_propagate_boolean (G_TASK (result), &error);

  /* A load for a model this session no longer shows */
  if (load->model != self->model)
    return;

  g_clear_handle_id (&self->poll_id, g_source_remove);
  g_clear_object (&self->cancellable);
  poll_model (self);

  stop_error = ct_model_get_stop_error (self->model);

  if (!ok && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    warning = g_strdup_printf (ngettext ("Loading was cancelled: only the first %u step is shown.",
                                         "Loading was cancelled: only the first %u steps are shown.",
                                         self->n_steps),
                               self->n_steps);
  else if (!ok && self->n_steps == 0)
    set_error (self, error);
  else if (!ok)
    warning = g_strdup_printf (_("Loading stopped after step %u: %s"),
                               self->n_steps - 1, error->message);
  else if (stop_error != NULL)
    warning = g_strdup_printf (self->n_steps > 0
                               ? _("The trace is damaged and was read up to step %u; the rest is missing. %s")
                               : _("The trace is damaged before its first step (%u steps read). %s"),
                               self->n_steps > 0 ? self->n_steps - 1 : 0,
                               stop_error->message);
  else if (self->n_steps == 0)
    warning = g_strdup (_("The trace has no steps."));

  if (warning != NULL)
    set_warning (self, warning);

  if (!self->visible_set)
    update_visible_range (self, self->n_steps);

  set_loading (self, FALSE);
}

static void
inspector_session_dispose (GObject *object)
{
  InspectorSession *self = (InspectorSession *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->poll_id, g_source_remove);

  G_OBJECT_CLASS (inspector_session_parent_class)->dispose (object);
}

static void
inspector_session_finalize (GObject *object)
{
  InspectorSession *self = (InspectorSession *) object;

  g_clear_pointer (&self->path, g_free);
  g_clear_object (&self->folder);
  g_clear_object (&self->model);
  g_clear_pointer (&self->types, type_table_unref);
  g_clear_pointer (&self->warning, g_free);
  g_clear_error (&self->error);
  g_clear_pointer (&self->back, g_array_unref);
  g_clear_pointer (&self->forward, g_array_unref);

  G_OBJECT_CLASS (inspector_session_parent_class)->finalize (object);
}

static void
inspector_session_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  InspectorSession *self = INSPECTOR_SESSION (object);

  switch (prop_id)
    {
    case PROP_FOLDER:
      g_value_set_object (value, self->folder);
      break;

    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;

    case PROP_N_STEPS:
      g_value_set_uint (value, self->n_steps);
      break;

    case PROP_CURRENT_STEP:
      g_value_set_uint (value, self->current_step);
      break;

    case PROP_CURRENT_CALL:
      g_value_set_uint (value, self->current_call);
      break;

    case PROP_VISIBLE_START:
      g_value_set_double (value, self->visible_start);
      break;

    case PROP_VISIBLE_END:
      g_value_set_double (value, self->visible_end);
      break;

    case PROP_WARNING:
      g_value_set_string (value, self->warning);
      break;

    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;

    case PROP_CAN_GO_BACK:
      g_value_set_boolean (value, self->back->len > 0);
      break;

    case PROP_CAN_GO_FORWARD:
      g_value_set_boolean (value, self->forward->len > 0);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inspector_session_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  InspectorSession *self = INSPECTOR_SESSION (object);

  switch (prop_id)
    {
    case PROP_CURRENT_STEP:
      inspector_session_set_current_step (self, g_value_get_uint (value));
      break;

    case PROP_VISIBLE_START:
      inspector_session_set_visible_range (self, g_value_get_double (value), self->visible_end);
      break;

    case PROP_VISIBLE_END:
      inspector_session_set_visible_range (self, self->visible_start, g_value_get_double (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inspector_session_class_init (InspectorSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = inspector_session_dispose;
  object_class->finalize = inspector_session_finalize;
  object_class->get_property = inspector_session_get_property;
  object_class->set_property = inspector_session_set_property;

  properties[PROP_FOLDER] =
    g_param_spec_object ("folder", NULL, NULL,
                         CT_TYPE_TRACE_FOLDER,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL,
                         CT_TYPE_MODEL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL,
                         0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_N_STEPS] =
    g_param_spec_uint ("n-steps", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_CURRENT_STEP] =
    g_param_spec_uint ("current-step", NULL, NULL,
                       0, G_MAXUINT, CT_MODEL_NONE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_CURRENT_CALL] =
    g_param_spec_uint ("current-call", NULL, NULL,
                       0, G_MAXUINT, CT_MODEL_NONE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_VISIBLE_START] =
    g_param_spec_double ("visible-start", NULL, NULL,
                         0.0, G_MAXDOUBLE, 0.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_VISIBLE_END] =
    g_param_spec_double ("visible-end", NULL, NULL,
                         0.0, G_MAXDOUBLE, 0.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_WARNING] =
    g_param_spec_string ("warning", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL,
                        G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_CAN_GO_BACK] =
    g_param_spec_boolean ("can-go-back", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_CAN_GO_FORWARD] =
    g_param_spec_boolean ("can-go-forward", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
inspector_session_init (InspectorSession *self)
{
  self->current_step = CT_MODEL_NONE;
  self->current_call = CT_MODEL_NONE;
  self->back = g_array_new (FALSE, FALSE, sizeof (guint));
  self->forward = g_array_new (FALSE, FALSE, sizeof (guint));
  self->preview_origin = CT_MODEL_NONE;
}

InspectorSession *
inspector_session_new (void)
{
  return g_object_new (INSPECTOR_TYPE_SESSION, NULL);
}

static void
reset (InspectorSession *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->poll_id, g_source_remove);
  g_clear_pointer (&self->types, type_table_unref);
  {
    gboolean could_back = self->back->len > 0;
    gboolean could_forward = self->forward->len > 0;

    g_array_set_size (self->back, 0);
    g_array_set_size (self->forward, 0);
    notify_history (self, could_back, could_forward);
  }
  self->previewing = FALSE;

  set_step_internal (self, CT_MODEL_NONE);
  set_warning (self, NULL);
  set_error (self, NULL);
  set_loading (self, FALSE);

  if (self->fraction != 0.0)
    {
      self->fraction = 0.0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
    }
  if (self->n_steps != 0)
    {
      self->n_steps = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_STEPS]);
    }
  self->visible_set = FALSE;
  if (self->visible_start != 0.0 || self->visible_end != 0.0)
    {
      self->visible_start = self->visible_end = 0.0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIBLE_START]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIBLE_END]);
    }
  if (self->model != NULL)
    {
      g_clear_object (&self->model);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
    }
  if (self->folder != NULL)
    {
      g_clear_object (&self->folder);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLDER]);
    }
}

void
inspector_session_open (InspectorSession *self,
                        const char       *path)
{
  g_autoptr(CtTraceFolder) folder = NULL;
  g_autoptr(CtReader) reader = NULL;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  LoadData *load;

  g_return_if_fail (INSPECTOR_IS_SESSION (self));
  g_return_if_fail (path != NULL);

  g_object_freeze_notify (G_OBJECT (self));

  reset (self);
  g_free (self->path);
  self->path = g_strdup (path);

  if ((folder = ct_trace_folder_open (path, &error)) == NULL)
    {
      set_error (self, error);
      g_object_thaw_notify (G_OBJECT (self));
      return;
    }

  self->folder = g_object_ref (folder);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLDER]);

  if ((reader = ct_trace_folder_open_reader (folder, CT_READER_LENIENT, &error)) == NULL)
    {
      set_error (self, error);
      g_object_thaw_notify (G_OBJECT (self));
      return;
    }

  self->model = ct_model_new (ct_trace_folder_get_trace_file (folder));
  self->types = type_table_new ();
  self->cancellable = g_cancellable_new ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);

  load = g_new0 (LoadData, 1);
  load->model = g_object_ref (self->model);
  load->reader = g_steal_pointer (&reader);
  load->types = g_atomic_rc_box_acquire (self->types);

  task = g_task_new (self, self->cancellable, load_cb, NULL);
  g_task_set_source_tag (task, inspector_session_open);
  g_task_set_task_data (task, load, load_data_free);
  g_task_run_in_thread (task, load_thread);

  set_loading (self, TRUE);
  self->poll_id = g_timeout_add (POLL_INTERVAL_MS, poll_cb, self);

  g_object_thaw_notify (G_OBJECT (self));
}

void
inspector_session_cancel_load (InspectorSession *self)
{
  g_return_if_fail (INSPECTOR_IS_SESSION (self));

  g_cancellable_cancel (self->cancellable);
}

const char *
inspector_session_get_path (InspectorSession *self)
{
  g_return_val_if_fail (INSPECTOR_IS_SESSION (self), NULL);
  return self->path;
}

CtTraceFolder *
inspector_session_get_folder (InspectorSession *self)
{
  g_return_val_if_fail (INSPECTOR_IS_SESSION (self), NULL);
  return self->folder;
}

CtModel *
inspector_session_get_model (InspectorSession *self)
{
  g_return_val_if_fail (INSPECTOR_IS_SESSION (self), NULL);
  return self->model;
}

gboolean
inspector_session_get_loading (InspectorSession *self)
{
  g_return_val_if_fail (INSPECTOR_IS_SESSION (self), FALSE);
  return self->loading;
}

double
inspector_session_get_fraction (InspectorSession *self)
{
  g_return_val_if_fail (INSPECTOR_IS_SESSION (self), 0.0);
  return self->fraction;
}

guint
inspector_session_get_n_steps (InspectorSession *self)
{
  g_return_val_if_fail (INSPECTOR_IS_SESSION (self), 0);
  return self->n_steps;
}

const char *
inspector_session_get_warning (InspectorSession *self)
{
  g_return_val_if_fail (INSPECTOR_IS_SESSION (self), NULL);
  return self->warning;
}

const GError *
inspector_session_get_error (InspectorSession *self)
{
  g_return_val_if_fail (INSPECTOR_IS_SESSION (self), NULL);
  return self->error;
}

guint
inspector_session_get_current_step (InspectorSession *self)
{
  g_return_val_if_fail (INSPECTOR_IS_SESSION (self), CT_MODEL_NONE);
  return self->current_step;
}

guint
inspector_session_get_current_call (InspectorSession *self)
{
  g_return_val_if_fail (INSPECTOR_IS_SESSION (self), CT_MODEL_NONE);
  return self->current_call;
}

void
inspector_session_set_current_step (InspectorSession *self,
                                    guint             step)
{
  g_return_if_fail (INSPECTOR_IS_SESSION (self));

  move_to (self, step, TRUE);
}

void
inspector_session_preview_step (InspectorSession *self,
                                guint             step)
{
  g_return_if_fail (INSPECTOR_IS_SESSION (self));

  if (!self->previewing)
    {
      self->previewing = TRUE;
      self->preview_origin = self->current_step;
    }
  move_to (self, step, FALSE);
}

void
inspector_session_end_preview (InspectorSession *self)
{
  g_return_if_fail (INSPECTOR_IS_SESSION (self));

  if (!self->previewing)
    return;
  self->previewing = FALSE;

  /* one jump, from where the preview began to where it ended */
  if (self->preview_origin != CT_MODEL_NONE && self->preview_origin != self->current_step)
    record_jump_from (self, self->preview_origin);
}

gboolean
inspector_session_get_previewing (InspectorSession *self)
{
  g_return_val_if_fail (INSPECTOR_IS_SESSION (self), FALSE);
  return self->previewing;
}

void
inspector_session_get_visible_range (InspectorSession *self,
                                     double           *start,
                                     double           *end)
{
  g_return_if_fail (INSPECTOR_IS_SESSION (self));

  if (start != NULL)
    *start = self->visible_start;
  if (end != NULL)
    *end = self->visible_end;
}

void
inspector_session_set_visible_range (InspectorSession *self,
                                     double            start,
                                     double            end)
{
  g_return_if_fail (INSPECTOR_IS_SESSION (self));

  start = MAX (start, 0.0);
  end = MAX (end, start);
  self->visible_set = TRUE;

  g_object_freeze_notify (G_OBJECT (self));
  if (start != self->visible_start)
    {
      self->visible_start = start;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIBLE_START]);
    }
  if (end != self->visible_end)
    {
      self->visible_end = end;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIBLE_END]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean
has_step (InspectorSession *self)
{
  return self->model != NULL && self->current_step != CT_MODEL_NONE;
}

/* A step action: ask the model where the query leads from the current
 * step and go there, without a history entry. */
static gboolean
step_by (InspectorSession *self,
         guint32         (*query) (CtModel *model,
                                   guint32  step))
{
  if (!has_step (self))
    return FALSE;
  return move_to (self, query (self->model, self->current_step), FALSE);
}

gboolean
inspector_session_step_forward (InspectorSession *self)
{
  g_return_val_if_fail (INSPECTOR_IS_SESSION (self), FALSE);

  return step_by (self, ct_model_next_step);
}

gboolean
inspector_session_step_back (InspectorSession *self)
{
  g_return_val_if_fail (INSPECTOR_IS_SESSION (self), FALSE);

  return step_by (self, ct_model_previous_step);
}

gboolean
inspector_session_step_over (InspectorSession *self)
{
  g_return_val_if_fail (INSPECTOR_IS_SESSION (self), FALSE);

  return step_by (self, ct_model_step_over);
}

gboolean
inspector_session_step_over_back (InspectorSession *self)
{
  g_return_val_if_fail (INSPECTOR_IS_SESSION (self), FALSE);

  return step_by (self, ct_model_step_over_backwards);
}

gboolean
inspector_session_step_into (InspectorSession *self)
{
  guint next;

  g_return_val_if_fail (INSPECTOR_IS_SESSION (self), FALSE);

  if (!has_step (self))
    return FALSE;

  next = ct_model_next_step (self->model, self->current_step);
  if (next == CT_MODEL_NONE
      || call_depth (self, call_at (self, next)) <= call_depth (self, self->current_call))
    return FALSE;
  return move_to (self, next, FALSE);
}

gboolean
inspector_session_step_out (InspectorSession *self)
{
  g_return_val_if_fail (INSPECTOR_IS_SESSION (self), FALSE);

  return step_by (self, ct_model_step_out);
}

gboolean
inspector_session_step_out_back (InspectorSession *self)
{
  g_return_val_if_fail (INSPECTOR_IS_SESSION (self), FALSE);

  return step_by (self, ct_model_step_out_backwards);
}

/* The first (or last) step that runs in `call` itself, not in a callee */
static guint
call_own_step (InspectorSession *self,
               guint             call,
               gboolean          first)
{
  CtModelCall c;
  guint step;

  if (call == CT_MODEL_NONE || !ct_model_get_call (self->model, call, &c))
    return CT_MODEL_NONE;

  step = first ? c.first_step : c.last_step;
  while (step != CT_MODEL_NONE && call_at (self, step) != call
         && call_depth (self, call_at (self, step)) > c.depth)
    step = first ? ct_model_step_out (self->model, step)
                 : ct_model_step_out_backwards (self->model, step);

  if (step == CT_MODEL_NONE || call_at (self, step) != call)
    return first ? c.first_step : c.last_step;
  return step;
}

gboolean
inspector_session_go_to_call (InspectorSession *self,
                              guint             call)
{
  g_return_val_if_fail (INSPECTOR_IS_SESSION (self), FALSE);

  if (self->model == NULL)
    return FALSE;
  return move_to (self, call_own_step (self, call, TRUE), TRUE);
}

gboolean
inspector_session_go_to_call_start (InspectorSession *self)
{
  g_return_val_if_fail (INSPECTOR_IS_SESSION (self), FALSE);

  if (!has_step (self))
    return FALSE;
  return move_to (self, call_own_step (self, self->current_call, TRUE), TRUE);
}

gboolean
inspector_session_go_to_call_end (InspectorSession *self)
{
  g_return_val_if_fail (INSPECTOR_IS_SESSION (self), FALSE);

  if (!has_step (self))
    return FALSE;
  return move_to (self, call_own_step (self, self->current_call, FALSE), TRUE);
}

gboolean
inspector_session_next_line_run (InspectorSession *self,
                                 guint             path_id,
                                 guint             line)
{
  g_return_val_if_fail (INSPECTOR_IS_SESSION (self), FALSE);

  if (self->model == NULL)
    return FALSE;
  return move_to (self,
                  ct_model_next_step_on_line (self->model, self->current_step, path_id, line),
                  TRUE);
}

gboolean
inspector_session_previous_line_run (InspectorSession *self,
                                     guint             path_id,
                                     guint             line)
{
  g_return_val_if_fail (INSPECTOR_IS_SESSION (self), FALSE);

  if (self->model == NULL)
    return FALSE;
  return move_to (self,
                  ct_model_previous_step_on_line (self->model, self->current_step, path_id, line),
                  TRUE);
}

gboolean
inspector_session_go_back (InspectorSession *self)
{
  gboolean could_back, could_forward;
  guint step;

  g_return_val_if_fail (INSPECTOR_IS_SESSION (self), FALSE);

  if (self->back->len == 0)
    return FALSE;

  could_back = TRUE;
  could_forward = self->forward->len > 0;
  self->previewing = FALSE;
  step = g_array_index (self->back, guint, self->back->len - 1);
  g_array_set_size (self->back, self->back->len - 1);
  if (self->current_step != CT_MODEL_NONE)
    history_push (self->forward, self->current_step);
  g_object_freeze_notify (G_OBJECT (self));
  set_step_internal (self, step);
  notify_history (self, could_back, could_forward);
  g_object_thaw_notify (G_OBJECT (self));
  return TRUE;
}

gboolean
inspector_session_go_forward (InspectorSession *self)
{
  gboolean could_back, could_forward;
  guint step;

  g_return_val_if_fail (INSPECTOR_IS_SESSION (self), FALSE);

  if (self->forward->len == 0)
    return FALSE;

  could_back = self->back->len > 0;
  could_forward = TRUE;
  self->previewing = FALSE;
  step = g_array_index (self->forward, guint, self->forward->len - 1);
  g_array_set_size (self->forward, self->forward->len - 1);
  if (self->current_step != CT_MODEL_NONE)
    history_push (self->back, self->current_step);
  g_object_freeze_notify (G_OBJECT (self));
  set_step_internal (self, step);
  notify_history (self, could_back, could_forward);
  g_object_thaw_notify (G_OBJECT (self));
  return TRUE;
}

gboolean
inspector_session_can_go_back (InspectorSession *self)
{
  g_return_val_if_fail (INSPECTOR_IS_SESSION (self), FALSE);
  return self->back->len > 0;
}

gboolean
inspector_session_can_go_forward (InspectorSession *self)
{
  g_return_val_if_fail (INSPECTOR_IS_SESSION (self), FALSE);
  return self->forward->len > 0;
}

static TypeInfo *
lookup_type (InspectorSession *self,
             gint64            type_id)
{
  if (self->types == NULL || type_id < 0 || type_id >= self->types->infos->len)
    return NULL;
  return g_ptr_array_index (self->types->infos, type_id);
}

char *
inspector_session_dup_type_name (InspectorSession *self,
                                 gint64            type_id)
{
  TypeInfo *info;
  char *ret = NULL;

  g_return_val_if_fail (INSPECTOR_IS_SESSION (self), NULL);

  if (self->types == NULL)
    return NULL;

  g_mutex_lock (&self->types->lock);
  if ((info = lookup_type (self, type_id)) != NULL)
    ret = g_strdup (info->lang_type);
  g_mutex_unlock (&self->types->lock);
  return ret;
}

char **
inspector_session_dup_field_names (InspectorSession *self,
                                   gint64            type_id)
{
  TypeInfo *info;
  char **ret = NULL;

  g_return_val_if_fail (INSPECTOR_IS_SESSION (self), NULL);

  if (self->types == NULL)
    return NULL;

  g_mutex_lock (&self->types->lock);
  if ((info = lookup_type (self, type_id)) != NULL)
    ret = g_strdupv (info->field_names);
  g_mutex_unlock (&self->types->lock);
  return ret;
}
