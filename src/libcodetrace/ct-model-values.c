/* ct-model-values.c: values decoded when asked for
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ct-codec-private.h"
#include "ct-model-private.h"

/* The index keeps only where a step's, a call's or a return's event lies.
 * A second reader on the same file goes there (seeking to the nearest
 * checkpoint, then reading forward) and copies the values out of its arena.
 * The last few answers are kept (a step's values are asked for by several
 * panels, and again as the step before the next one); the v1 reader keeps
 * its own small cache of frames. Readers that cannot seek yet are read
 * forward, or reopened. */

typedef struct
{
  guint64  target;      /* offset of the wanted event */
  gboolean have_cp;
  guint64  cp_index;    /* a checkpoint at or before it */
  guint64  cp_offset;
} Position;

/* With the model lock held: the checkpoint nearest before `target` */
static void
find_position (CtModel  *self,
               guint64   target,
               Position *pos)
{
  guint32 lo = 0, hi = self->steps->len;

  /* the last step whose event is at or before target */
  while (lo < hi)
    {
      guint32 mid = lo + (hi - lo) / 2;

      if (g_array_index (self->steps, CtStepRec, mid).offset <= target)
        lo = mid + 1;
      else
        hi = mid;
    }

  pos->target = target;
  pos->have_cp = lo > 0;
  if (pos->have_cp)
    {
      guint32 cp = (lo - 1) >> CT_MODEL_CHECKPOINT_SHIFT;

      pos->cp_index = g_array_index (self->checkpoints, guint64, cp);
      pos->cp_offset = g_array_index (self->steps, CtStepRec, cp << CT_MODEL_CHECKPOINT_SHIFT).offset;
    }
  else if (self->have_start && self->start_offset <= target)
    {
      /* before the first step (the args of the first calls): from the
       * first event, which is cheaper than opening the file again */
      pos->have_cp = TRUE;
      pos->cp_index = self->start_index;
      pos->cp_offset = self->start_offset;
    }
}

void
_ct_model_values_clear (CtModel *self)
{
  g_clear_object (&self->values_reader);
  for (guint i = 0; i < CT_VALUES_CACHE_SIZE; i++)
    g_clear_pointer (&self->values_cache[i].values, g_ptr_array_unref);
}

/* ---- the answers kept (values_lock held) ---- */

static gpointer
copy_value (gconstpointer src,
            gpointer      data)
{
  const CtModelValue *value = src;
  CtModelValue *ret = g_new (CtModelValue, 1);

  ret->variable_id = value->variable_id;
  ret->name = g_strdup (value->name);
  ret->type_name = g_strdup (value->type_name);
  ret->value_json = g_strdup (value->value_json);
  return ret;
}

static GPtrArray *
copy_values (GPtrArray *values)
{
  GPtrArray *ret = g_ptr_array_copy (values, copy_value, NULL);

  g_ptr_array_set_free_func (ret, (GDestroyNotify) ct_model_value_free);
  return ret;
}

/* A copy of the kept answer, or NULL. A copy, so that callers own what
 * they get, as when it is decoded. */
static GPtrArray *
cache_lookup (CtModel           *self,
              CtValuesCacheKind  kind,
              guint32            key)
{
  for (guint i = 0; i < CT_VALUES_CACHE_SIZE; i++)
    {
      const CtValuesCacheEntry *entry = &self->values_cache[i];

      if (entry->kind == kind && entry->key == key)
        return copy_values (entry->values);
    }
  return NULL;
}

static void
cache_insert (CtModel           *self,
              CtValuesCacheKind  kind,
              guint32            key,
              GPtrArray         *values)
{
  CtValuesCacheEntry *entry = &self->values_cache[self->values_cache_next];

  g_clear_pointer (&entry->values, g_ptr_array_unref);
  entry->kind = kind;
  entry->key = key;
  entry->values = copy_values (values);
  self->values_cache_next = (self->values_cache_next + 1) % CT_VALUES_CACHE_SIZE;
}

static gboolean
reopen (CtModel  *self,
        GError  **error)
{
  g_clear_object (&self->values_reader);
  self->values_reader = ct_reader_new (self->trace_file, CT_READER_LENIENT, error);
  self->values_fresh = TRUE;
  return self->values_reader != NULL;
}

/* With values_lock held: the event at pos->target */
static const CtEvent *
go_to (CtModel         *self,
       const Position  *pos,
       GError         **error)
{
  gboolean forward_ok;

  if (self->values_reader == NULL)
    {
      if (!reopen (self, error))
        return NULL;
      self->values_reader_seeks = TRUE;
    }

  /* already between the checkpoint and the target: just read on */
  forward_ok = !self->values_fresh && self->values_last_offset < pos->target
               && (!pos->have_cp || self->values_last_offset >= pos->cp_offset);

  if (!forward_ok && pos->have_cp && self->values_reader_seeks)
    {
      g_autoptr(GError) local_error = NULL;

      if (ct_reader_seek (self->values_reader, pos->cp_index, pos->cp_offset, &local_error))
        {
          self->values_fresh = TRUE;
          forward_ok = TRUE;
        }
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
        {
          self->values_reader_seeks = FALSE;
        }
      else
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  if (!forward_ok)
    {
      if (self->values_fresh || self->values_last_offset < pos->target)
        ; /* the start, or before the target: read on */
      else if (!reopen (self, error))
        return NULL;
    }

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      const CtEvent *event = ct_reader_next (self->values_reader, &local_error);
      guint64 offset;

      if (event == NULL)
        {
          const GError *stop = ct_reader_get_stop_error (self->values_reader);

          self->values_fresh = FALSE;
          self->values_last_offset = G_MAXUINT64;
          if (local_error != NULL)
            g_propagate_error (error, g_steal_pointer (&local_error));
          else if (stop != NULL)
            g_set_error_literal (error, stop->domain, stop->code, stop->message);
          else
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                         "%s: no event at byte %" G_GUINT64_FORMAT, self->trace_file, pos->target);
          return NULL;
        }

      offset = ct_reader_get_offset (self->values_reader);
      self->values_fresh = FALSE;
      self->values_last_offset = offset;
      if (offset == pos->target)
        return event;
      if (offset > pos->target)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s: no event starts at byte %" G_GUINT64_FORMAT, self->trace_file, pos->target);
          return NULL;
        }
    }
}

/* With the model lock held (names) */
static CtModelValue *
make_value (CtModel       *self,
            gint64         variable_id,
            const CtValue *value)
{
  CtModelValue *ret = g_new0 (CtModelValue, 1);
  g_autoptr(GByteArray) json = g_byte_array_new ();
  CtEmitter *emitter = _ct_json_emitter_new (json);

  ret->variable_id = variable_id;
  if (variable_id >= 0 && variable_id < self->variable_names->len)
    ret->name = g_strdup (g_ptr_array_index (self->variable_names, variable_id));
  if (value->kind != CT_VALUE_CELL && value->kind != CT_VALUE_VALUE_REF && value->kind != CT_VALUE_UNKNOWN
      && value->type_id >= 0 && value->type_id < self->type_names->len)
    ret->type_name = g_strdup (g_ptr_array_index (self->type_names, value->type_id));

  _ct_value_encode (value, emitter);
  _ct_emitter_free (emitter);
  g_byte_array_append (json, (const guint8 *) "", 1);
  ret->value_json = (char *) g_byte_array_free (g_steal_pointer (&json), FALSE);
  return ret;
}

static void
add_or_replace (GPtrArray    *values,
                CtModelValue *value)
{
  for (guint i = 0; i < values->len; i++)
    {
      CtModelValue *old = g_ptr_array_index (values, i);

      if (old->variable_id == value->variable_id)
        {
          ct_model_value_free (old);
          values->pdata[i] = value;
          return;
        }
    }
  g_ptr_array_add (values, value);
}

static gboolean
add_call_args (CtModel    *self,
               guint64     call_offset,
               GPtrArray  *values,
               GError    **error)
{
  const CtEvent *event;
  Position pos;

  _ct_model_lock (self);
  find_position (self, call_offset, &pos);
  _ct_model_unlock (self);

  if ((event = go_to (self, &pos, error)) == NULL)
    return FALSE;
  if (event->kind != CT_EVENT_CALL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s: no Call event at byte %" G_GUINT64_FORMAT, self->trace_file, call_offset);
      return FALSE;
    }

  _ct_model_lock (self);
  for (guint i = 0; i < event->call.n_args; i++)
    add_or_replace (values, make_value (self, event->call.args[i].variable_id, event->call.args[i].value));
  _ct_model_unlock (self);
  return TRUE;
}

GPtrArray *
ct_model_get_variables (CtModel  *self,
                        guint32   step,
                        GError  **error)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func ((GDestroyNotify) ct_model_value_free);
  g_autoptr(GArray) arg_calls = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr(GMutexLocker) locker = NULL;
  const CtEvent *event;
  guint64 next_offset = G_MAXUINT64;
  guint dropped = 0;
  gboolean final;
  Position pos;

  g_return_val_if_fail (CT_IS_MODEL (self), NULL);

  _ct_model_lock (self);
  if (step >= self->steps->len)
    {
      _ct_model_unlock (self);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "%s: no step %u (%u steps loaded)", self->trace_file, step, self->steps->len);
      return NULL;
    }
  find_position (self, g_array_index (self->steps, CtStepRec, step).offset, &pos);
  if (step + 1 < self->steps->len)
    next_offset = g_array_index (self->steps, CtStepRec, step + 1).offset;
  /* While loading, the last step may get more values from the rest, and a
   * DropLastStep may give the values of a dropped step to the one before */
  final = g_atomic_int_get (&self->loaded);
  /* calls whose args belong to this step: the innermost ones opened since
   * the step before (FORMAT.md section 3), outermost first */
  for (guint32 c = g_array_index (self->steps, CtStepRec, step).call;
       c != CT_MODEL_NONE && g_array_index (self->calls, CtCallRec, c).args_step == step;
       c = g_array_index (self->calls, CtCallRec, c).parent)
    {
      const CtCallRec *rec = &g_array_index (self->calls, CtCallRec, c);
      guint64 offset = CT_U64 (rec->call_offset_lo, rec->call_offset_hi);

      g_array_prepend_val (arg_calls, offset);
    }
  _ct_model_unlock (self);

  locker = g_mutex_locker_new (&self->values_lock);

  if (final)
    {
      GPtrArray *kept = cache_lookup (self, CT_VALUES_CACHE_STEP, step);

      if (kept != NULL)
        return kept;
    }

  for (guint i = 0; i < arg_calls->len; i++)
    if (!add_call_args (self, g_array_index (arg_calls, guint64, i), values, error))
      return NULL;

  if ((event = go_to (self, &pos, error)) == NULL)
    return NULL;

  /* Values up to the next step that survived. A dropped Step's own values
   * went with it (up to its DropLastStep). */
  for (;;)
    {
      g_autoptr(GError) local_error = NULL;

      event = ct_reader_next (self->values_reader, &local_error);
      if (event == NULL)
        {
          self->values_last_offset = G_MAXUINT64;
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          break;
        }
      self->values_last_offset = ct_reader_get_offset (self->values_reader);

      if (event->kind == CT_EVENT_STEP)
        {
          if (self->values_last_offset == next_offset)
            break;
          dropped++;
        }
      else if (event->kind == CT_EVENT_DROP_LAST_STEP && dropped > 0)
        {
          dropped--;
        }
      else if (event->kind == CT_EVENT_VALUE && dropped == 0)
        {
          _ct_model_lock (self);
          add_or_replace (values, make_value (self, event->value.variable_id, event->value.value));
          _ct_model_unlock (self);
        }
    }

  if (final)
    cache_insert (self, CT_VALUES_CACHE_STEP, step, values);
  return g_steal_pointer (&values);
}

GPtrArray *
ct_model_get_call_args (CtModel  *self,
                        guint32   call,
                        GError  **error)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func ((GDestroyNotify) ct_model_value_free);
  g_autoptr(GMutexLocker) locker = NULL;
  guint64 offset;
  gboolean implicit;

  g_return_val_if_fail (CT_IS_MODEL (self), NULL);

  _ct_model_lock (self);
  if (call >= self->calls->len)
    {
      _ct_model_unlock (self);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "%s: no call %u", self->trace_file, call);
      return NULL;
    }
  {
    const CtCallRec *rec = &g_array_index (self->calls, CtCallRec, call);

    offset = CT_U64 (rec->call_offset_lo, rec->call_offset_hi);
    implicit = (CT_CALL_FLAGS (rec) & CT_MODEL_CALL_IMPLICIT) != 0;
  }
  _ct_model_unlock (self);

  /* the implicit top-level call has no Call event */
  if (implicit)
    return g_steal_pointer (&values);

  locker = g_mutex_locker_new (&self->values_lock);
  {
    GPtrArray *kept = cache_lookup (self, CT_VALUES_CACHE_ARGS, call);

    if (kept != NULL)
      return kept;
  }
  if (!add_call_args (self, offset, values, error))
    return NULL;
  cache_insert (self, CT_VALUES_CACHE_ARGS, call, values);
  return g_steal_pointer (&values);
}

CtModelValue *
ct_model_get_return_value (CtModel  *self,
                           guint32   call,
                           GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  const CtEvent *event;
  CtModelValue *ret;
  Position pos;

  g_return_val_if_fail (CT_IS_MODEL (self), NULL);

  _ct_model_lock (self);
  if (call >= self->calls->len
      || !(CT_CALL_FLAGS (&g_array_index (self->calls, CtCallRec, call)) & CT_MODEL_CALL_RETURNED))
    {
      _ct_model_unlock (self);
      return NULL;
    }
  {
    const CtCallRec *rec = &g_array_index (self->calls, CtCallRec, call);

    find_position (self, CT_U64 (rec->return_offset_lo, rec->return_offset_hi), &pos);
  }
  _ct_model_unlock (self);

  locker = g_mutex_locker_new (&self->values_lock);
  if ((event = go_to (self, &pos, error)) == NULL)
    return NULL;
  if (event->kind != CT_EVENT_RETURN)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s: no Return event at byte %" G_GUINT64_FORMAT, self->trace_file, pos.target);
      return NULL;
    }

  _ct_model_lock (self);
  ret = make_value (self, -1, event->ret.return_value);
  _ct_model_unlock (self);
  return ret;
}
