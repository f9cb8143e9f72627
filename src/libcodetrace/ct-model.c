/* ct-model.c
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ct-model-private.h"

enum {
  PROP_0,
  PROP_TRACE_FILE,
  PROP_FRACTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CtModel, ct_model, G_TYPE_OBJECT)

static void
clear_io (gpointer data)
{
  CtIoRec *io = data;

  g_free (io->metadata);
  g_free (io->content);
}

static void
clear_function (gpointer data)
{
  CtFunctionRec *f = data;

  g_free (f->name);
}

static void
clear_loc (gpointer data)
{
  CtLoc *loc = data;

  g_free (loc->steps);
}

static void
ct_model_finalize (GObject *object)
{
  CtModel *self = (CtModel *) object;

  _ct_model_values_clear (self);
  g_clear_pointer (&self->notify_context, g_main_context_unref);
  g_clear_pointer (&self->trace_file, g_free);
  g_clear_error (&self->stop_error);
  g_clear_pointer (&self->steps, g_array_unref);
  g_clear_pointer (&self->checkpoints, g_array_unref);
  g_clear_pointer (&self->calls, g_array_unref);
  g_clear_pointer (&self->locs, g_array_unref);
  g_clear_pointer (&self->loc_ids, g_hash_table_unref);
  g_clear_pointer (&self->io, g_array_unref);
  for (guint i = 0; i < CT_DEPTH_LEVELS; i++)
    g_clear_pointer (&self->depth_min[i], g_array_unref);
  g_clear_pointer (&self->paths, g_ptr_array_unref);
  g_clear_pointer (&self->functions, g_array_unref);
  g_clear_pointer (&self->variable_names, g_ptr_array_unref);
  g_clear_pointer (&self->type_names, g_ptr_array_unref);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_mutex_clear (&self->values_lock);

  G_OBJECT_CLASS (ct_model_parent_class)->finalize (object);
}

static void
ct_model_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  CtModel *self = CT_MODEL (object);

  switch (prop_id)
    {
    case PROP_TRACE_FILE:
      g_value_set_string (value, self->trace_file);
      break;

    case PROP_FRACTION:
      g_value_set_double (value, ct_model_get_fraction (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ct_model_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  CtModel *self = CT_MODEL (object);

  switch (prop_id)
    {
    case PROP_TRACE_FILE:
      self->trace_file = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ct_model_class_init (CtModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ct_model_finalize;
  object_class->get_property = ct_model_get_property;
  object_class->set_property = ct_model_set_property;

  properties[PROP_TRACE_FILE] =
    g_param_spec_string ("trace-file", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /* Notified on the main context of the load_async caller, coalesced */
  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL,
                         0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ct_model_init (CtModel *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  g_mutex_init (&self->values_lock);

  self->steps = g_array_new (FALSE, FALSE, sizeof (CtStepRec));
  self->checkpoints = g_array_new (FALSE, FALSE, sizeof (guint64));
  self->calls = g_array_new (FALSE, FALSE, sizeof (CtCallRec));
  self->locs = g_array_new (FALSE, FALSE, sizeof (CtLoc));
  g_array_set_clear_func (self->locs, clear_loc);
  self->loc_ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->io = g_array_new (FALSE, FALSE, sizeof (CtIoRec));
  g_array_set_clear_func (self->io, clear_io);
  for (guint i = 0; i < CT_DEPTH_LEVELS; i++)
    self->depth_min[i] = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->paths = g_ptr_array_new_with_free_func (g_free);
  self->functions = g_array_new (FALSE, FALSE, sizeof (CtFunctionRec));
  g_array_set_clear_func (self->functions, clear_function);
  self->variable_names = g_ptr_array_new_with_free_func (g_free);
  self->type_names = g_ptr_array_new_with_free_func (g_free);
  self->first_root = CT_MODEL_NONE;
}

CtModel *
ct_model_new (const char *trace_file)
{
  g_return_val_if_fail (trace_file != NULL, NULL);

  return g_object_new (CT_TYPE_MODEL, "trace-file", trace_file, NULL);
}

const char *
ct_model_get_trace_file (CtModel *self)
{
  g_return_val_if_fail (CT_IS_MODEL (self), NULL);

  return self->trace_file;
}

/* Readers announce themselves first, so that the builder, which holds the
 * lock while it loads, hands it over at its next yield point. */
void
_ct_model_lock (CtModel *self)
{
  g_atomic_int_inc (&self->n_waiting);
  g_mutex_lock (&self->lock);
}

void
_ct_model_unlock (CtModel *self)
{
  if (g_atomic_int_dec_and_test (&self->n_waiting))
    g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

static gboolean
notify_fraction_cb (gpointer data)
{
  CtModel *self = data;

  g_atomic_int_set (&self->notify_pending, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
  return G_SOURCE_REMOVE;
}

void
_ct_model_set_fraction (CtModel *self,
                        double   fraction)
{
  gint ppm = (gint) CLAMP (fraction * 1e6, 0, 1e6);

  /* one notification in flight at most: the UI needs no more */
  if (g_atomic_int_get (&self->fraction_ppm) / 2000 != ppm / 2000
      && self->notify_context != NULL
      && g_atomic_int_compare_and_exchange (&self->notify_pending, FALSE, TRUE))
    g_main_context_invoke_full (self->notify_context,
                                G_PRIORITY_DEFAULT_IDLE,
                                notify_fraction_cb,
                                g_object_ref (self),
                                g_object_unref);
  g_atomic_int_set (&self->fraction_ppm, ppm);
}

double
ct_model_get_fraction (CtModel *self)
{
  g_return_val_if_fail (CT_IS_MODEL (self), 0.0);

  return g_atomic_int_get (&self->fraction_ppm) / 1e6;
}

gboolean
ct_model_is_loaded (CtModel *self)
{
  g_return_val_if_fail (CT_IS_MODEL (self), FALSE);

  return g_atomic_int_get (&self->loaded);
}

const GError *
ct_model_get_stop_error (CtModel *self)
{
  g_return_val_if_fail (CT_IS_MODEL (self), NULL);

  if (!g_atomic_int_get (&self->loaded))
    return NULL;
  return self->stop_error;
}

gboolean
ct_model_load_from_reader (CtModel           *self,
                           CtReader          *reader,
                           CtModelEventFunc   func,
                           gpointer           user_data,
                           GCancellable      *cancellable,
                           GError           **error)
{
  gboolean ret;

  g_return_val_if_fail (CT_IS_MODEL (self), FALSE);
  g_return_val_if_fail (CT_IS_READER (reader), FALSE);

  if (!g_atomic_int_compare_and_exchange (&self->loading, FALSE, TRUE))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                   "%s: the model is already loaded or loading", self->trace_file);
      return FALSE;
    }

  g_mutex_lock (&self->lock);
  ret = _ct_model_build (self, reader, func, user_data, cancellable, error);
  if (ct_reader_get_stop_error (reader) != NULL)
    self->stop_error = g_error_copy (ct_reader_get_stop_error (reader));
  g_atomic_int_set (&self->loaded, TRUE);
  g_mutex_unlock (&self->lock);

  _ct_model_set_fraction (self, 1.0);

  return ret;
}

gboolean
ct_model_load (CtModel       *self,
               CtReaderFlags  flags,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(CtReader) reader = NULL;

  g_return_val_if_fail (CT_IS_MODEL (self), FALSE);

  if ((reader = ct_reader_new (self->trace_file, flags, error)) == NULL)
    return FALSE;

  return ct_model_load_from_reader (self, reader, NULL, NULL, cancellable, error);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  CtModel *self = source_object;
  CtReaderFlags flags = GPOINTER_TO_UINT (task_data);
  GError *error = NULL;

  if (ct_model_load (self, flags, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
ct_model_load_async (CtModel             *self,
                     CtReaderFlags        flags,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CT_IS_MODEL (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ct_model_load_async);
  g_task_set_task_data (task, GUINT_TO_POINTER (flags), NULL);
  /* the progress notifications go to the caller's context, not the worker's */
  g_clear_pointer (&self->notify_context, g_main_context_unref);
  self->notify_context = g_main_context_ref_thread_default ();
  g_task_run_in_thread (task, load_thread);
}

gboolean
ct_model_load_finish (CtModel       *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (CT_IS_MODEL (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- counts ---- */

guint32
ct_model_get_n_steps (CtModel *self)
{
  guint32 n;

  g_return_val_if_fail (CT_IS_MODEL (self), 0);

  _ct_model_lock (self);
  n = self->steps->len;
  _ct_model_unlock (self);
  return n;
}

guint32
ct_model_get_n_calls (CtModel *self)
{
  guint32 n;

  g_return_val_if_fail (CT_IS_MODEL (self), 0);

  _ct_model_lock (self);
  n = self->calls->len;
  _ct_model_unlock (self);
  return n;
}

guint32
ct_model_get_max_depth (CtModel *self)
{
  guint32 n;

  g_return_val_if_fail (CT_IS_MODEL (self), 0);

  _ct_model_lock (self);
  n = self->max_depth;
  _ct_model_unlock (self);
  return n;
}

guint32
ct_model_get_n_unfinished_calls (CtModel *self)
{
  guint32 n = 0;

  g_return_val_if_fail (CT_IS_MODEL (self), 0);

  _ct_model_lock (self);
  for (guint i = 0; i < self->calls->len; i++)
    {
      const CtCallRec *c = &g_array_index (self->calls, CtCallRec, i);

      if (CT_CALL_FLAGS (c) & (CT_MODEL_CALL_UNFINISHED | CT_CALL_OPEN))
        n++;
    }
  _ct_model_unlock (self);
  return n;
}

guint
ct_model_get_n_io (CtModel *self)
{
  guint n;

  g_return_val_if_fail (CT_IS_MODEL (self), 0);

  _ct_model_lock (self);
  n = self->io->len;
  _ct_model_unlock (self);
  return n;
}

gsize
ct_model_get_index_size (CtModel *self)
{
  gsize size = 0;

  g_return_val_if_fail (CT_IS_MODEL (self), 0);

  _ct_model_lock (self);
  size += (gsize) self->steps->len * sizeof (CtStepRec);
  size += (gsize) self->checkpoints->len * sizeof (guint64);
  size += (gsize) self->calls->len * sizeof (CtCallRec);
  size += (gsize) self->locs->len * (sizeof (CtLoc) + 32);
  for (guint i = 0; i < self->locs->len; i++)
    size += (gsize) g_array_index (self->locs, CtLoc, i).alloc * sizeof (guint32);
  for (guint i = 0; i < CT_DEPTH_LEVELS; i++)
    size += (gsize) self->depth_min[i]->len * sizeof (guint32);
  size += (gsize) self->io->len * sizeof (CtIoRec);
  for (guint i = 0; i < self->io->len; i++)
    {
      const CtIoRec *io = &g_array_index (self->io, CtIoRec, i);

      size += strlen (io->metadata) + strlen (io->content) + 2;
    }
  _ct_model_unlock (self);
  return size;
}

/* ---- names ---- */

static char *
dup_name (CtModel   *self,
          GPtrArray *names,
          guint32    id)
{
  char *ret = NULL;

  _ct_model_lock (self);
  if (id < names->len)
    ret = g_strdup (g_ptr_array_index (names, id));
  _ct_model_unlock (self);
  return ret;
}

char *
ct_model_dup_path (CtModel *self,
                   guint32  path_id)
{
  g_return_val_if_fail (CT_IS_MODEL (self), NULL);

  return dup_name (self, self->paths, path_id);
}

char *
ct_model_dup_variable_name (CtModel *self,
                            guint32  variable_id)
{
  g_return_val_if_fail (CT_IS_MODEL (self), NULL);

  return dup_name (self, self->variable_names, variable_id);
}

char *
ct_model_dup_function_name (CtModel *self,
                            guint32  function_id)
{
  char *ret = NULL;

  g_return_val_if_fail (CT_IS_MODEL (self), NULL);

  if (function_id == CT_MODEL_NONE)
    return g_strdup ("<top-level>");

  _ct_model_lock (self);
  if (function_id < self->functions->len)
    ret = g_strdup (g_array_index (self->functions, CtFunctionRec, function_id).name);
  _ct_model_unlock (self);
  return ret;
}

/* ---- steps, calls, I/O ---- */

gboolean
ct_model_get_step (CtModel *self,
                   guint32  step,
                   guint32 *path_id,
                   guint32 *line,
                   guint32 *call)
{
  gboolean ret = FALSE;

  g_return_val_if_fail (CT_IS_MODEL (self), FALSE);

  _ct_model_lock (self);
  if (step < self->steps->len)
    {
      const CtStepRec *s = &g_array_index (self->steps, CtStepRec, step);
      const CtLoc *loc = &g_array_index (self->locs, CtLoc, s->loc);

      if (path_id != NULL)
        *path_id = loc->path_id;
      if (line != NULL)
        *line = loc->line;
      if (call != NULL)
        *call = s->call;
      ret = TRUE;
    }
  _ct_model_unlock (self);
  return ret;
}

/* Called with the lock held. A call still open while loading extends to
 * the last step loaded so far. */
guint32
_ct_model_call_last_step (CtModel *self,
                          guint32  call)
{
  const CtCallRec *c = &g_array_index (self->calls, CtCallRec, call);

  if ((CT_CALL_FLAGS (c) & CT_CALL_OPEN) && c->first_step != CT_MODEL_NONE)
    return self->steps->len - 1;
  return c->last_step;
}

gboolean
ct_model_get_call (CtModel     *self,
                   guint32      call,
                   CtModelCall *out_call)
{
  gboolean ret = FALSE;

  g_return_val_if_fail (CT_IS_MODEL (self), FALSE);
  g_return_val_if_fail (out_call != NULL, FALSE);

  _ct_model_lock (self);
  if (call < self->calls->len)
    {
      const CtCallRec *c = &g_array_index (self->calls, CtCallRec, call);

      out_call->id = call;
      out_call->function_id = c->function_id;
      out_call->parent = c->parent;
      out_call->depth = c->depth;
      out_call->first_step = c->first_step;
      out_call->last_step = _ct_model_call_last_step (self, call);
      out_call->first_child = c->first_child;
      out_call->next_sibling = c->next_sibling;
      out_call->thread = CT_CALL_THREAD (c);
      out_call->flags = CT_CALL_FLAGS (c) & ~CT_CALL_OPEN;
      /* while loading, an open call is not known to be unfinished yet */
      ret = TRUE;
    }
  _ct_model_unlock (self);
  return ret;
}

guint32
ct_model_get_first_root_call (CtModel *self)
{
  guint32 ret;

  g_return_val_if_fail (CT_IS_MODEL (self), CT_MODEL_NONE);

  _ct_model_lock (self);
  ret = self->first_root;
  _ct_model_unlock (self);
  return ret;
}

guint32
ct_model_get_n_children (CtModel *self,
                         guint32  call)
{
  guint32 n = 0;

  g_return_val_if_fail (CT_IS_MODEL (self), 0);

  _ct_model_lock (self);
  if (call < self->calls->len)
    {
      for (guint32 c = g_array_index (self->calls, CtCallRec, call).first_child;
           c != CT_MODEL_NONE;
           c = g_array_index (self->calls, CtCallRec, c).next_sibling)
        n++;
    }
  _ct_model_unlock (self);
  return n;
}

gboolean
ct_model_get_io (CtModel   *self,
                 guint      index,
                 CtModelIo *out_io)
{
  gboolean ret = FALSE;

  g_return_val_if_fail (CT_IS_MODEL (self), FALSE);
  g_return_val_if_fail (out_io != NULL, FALSE);

  _ct_model_lock (self);
  if (index < self->io->len)
    {
      const CtIoRec *io = &g_array_index (self->io, CtIoRec, index);

      /* the strings never move once added */
      out_io->step = io->step;
      out_io->kind = io->kind;
      out_io->metadata = io->metadata;
      out_io->content = io->content;
      ret = TRUE;
    }
  _ct_model_unlock (self);
  return ret;
}

char *
ct_model_dup_output (CtModel *self,
                     guint32  step)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (CT_IS_MODEL (self), NULL);

  _ct_model_lock (self);
  for (guint i = 0; i < self->io->len; i++)
    {
      const CtIoRec *io = &g_array_index (self->io, CtIoRec, i);

      if (step != CT_MODEL_NONE && io->step != CT_MODEL_NONE && io->step > step)
        break;
      if (io->kind == CT_EVENT_LOG_WRITE || io->kind == CT_EVENT_LOG_WRITE_OTHER)
        g_string_append (out, io->content);
    }
  _ct_model_unlock (self);
  return g_string_free (out, FALSE);
}

void
ct_model_value_free (CtModelValue *value)
{
  if (value == NULL)
    return;
  g_free (value->name);
  g_free (value->type_name);
  g_free (value->value_json);
  g_free (value);
}
