/* ct-model-history.c: the steps where a variable's value changed
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ct-codec-private.h"
#include "ct-model-private.h"

/* Only Value events count (not call args, which repeat the first step's
 * values in the recorders we know). This needs every value of the variable, so it reads the whole trace once
 * with a reader of its own (values are not in the index). Steps are matched
 * to the model's by their offsets, which also tells dropped steps apart. */

typedef struct
{
  CtModel    *self;
  GHashTable *ids;       /* variable ids with the name */
  GArray     *result;    /* guint32 steps */
  GByteArray *last;      /* JSON of the last value seen */
  gboolean    seen;
  GByteArray *scratch;
} History;

static void
consider (History       *h,
          guint32        step,
          const CtValue *value)
{
  CtEmitter *emitter;

  g_byte_array_set_size (h->scratch, 0);
  emitter = _ct_json_emitter_new (h->scratch);
  _ct_value_encode (value, emitter);
  _ct_emitter_free (emitter);

  if (h->seen && h->last->len == h->scratch->len
      && memcmp (h->last->data, h->scratch->data, h->scratch->len) == 0)
    return;

  h->seen = TRUE;
  g_byte_array_set_size (h->last, 0);
  g_byte_array_append (h->last, h->scratch->data, h->scratch->len);
  if (h->result->len == 0 || g_array_index (h->result, guint32, h->result->len - 1) != step)
    g_array_append_val (h->result, step);
}

GArray *
ct_model_variable_history (CtModel       *self,
                           const char    *name,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(CtReader) reader = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) result = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GByteArray) last = g_byte_array_new ();
  g_autoptr(GByteArray) scratch = g_byte_array_new ();
  History h = { self, ids, result, last, FALSE, scratch };
  const CtEvent *event;
  GError *local_error = NULL;
  guint32 next_live = 0;    /* the next step of the model to meet */
  guint32 current = CT_MODEL_NONE;
  guint32 n_names = 0;
  guint dropped = 0;
  guint64 n = 0;

  g_return_val_if_fail (CT_IS_MODEL (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if ((reader = ct_reader_new (self->trace_file, CT_READER_LENIENT, error)) == NULL)
    return NULL;

  while ((event = ct_reader_next (reader, &local_error)) != NULL)
    {
      guint64 offset = ct_reader_get_offset (reader);

      if (G_UNLIKELY ((++n & 0xfff) == 0)
          && g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      switch (event->kind)
        {
        case CT_EVENT_VARIABLE_NAME:
        case CT_EVENT_VARIABLE:
          /* a name may be registered more than once: every id counts */
          if (ct_str_equal (event->name, name))
            g_hash_table_add (ids, GUINT_TO_POINTER (n_names + 1));
          n_names++;
          break;

        case CT_EVENT_STEP:
          {
            gboolean live;

            _ct_model_lock (self);
            live = next_live < self->steps->len
                   && g_array_index (self->steps, CtStepRec, next_live).offset == offset;
            _ct_model_unlock (self);
            if (!live)
              {
                dropped++;
                break;
              }
            current = next_live++;
          }
          break;

        case CT_EVENT_DROP_LAST_STEP:
          if (dropped > 0)
            dropped--;
          break;

        case CT_EVENT_VALUE:
          if (dropped == 0 && current != CT_MODEL_NONE
              && g_hash_table_contains (ids, GINT_TO_POINTER (event->value.variable_id + 1)))
            consider (&h, current, event->value.value);
          break;

        default:
          break;
        }
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  return g_steal_pointer (&result);
}

static void
history_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  GArray *result = ct_model_variable_history (source_object, task_data, cancellable, &error);

  if (result != NULL)
    g_task_return_pointer (task, result, (GDestroyNotify) g_array_unref);
  else
    g_task_return_error (task, error);
}

void
ct_model_variable_history_async (CtModel             *self,
                                 const char          *name,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CT_IS_MODEL (self));
  g_return_if_fail (name != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ct_model_variable_history_async);
  g_task_set_task_data (task, g_strdup (name), g_free);
  g_task_run_in_thread (task, history_thread);
}

GArray *
ct_model_variable_history_finish (CtModel       *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (CT_IS_MODEL (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
