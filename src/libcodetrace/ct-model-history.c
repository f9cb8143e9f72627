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

/* A variable's value at a step is what ct_model_get_variables() shows
 * there: the args of the calls whose args belong to the step (FORMAT.md
 * section 3, outermost call first), then the step's Value events, each
 * replacing an earlier value of the same variable id. A step changes the
 * variable when the values of the ids with its name differ from those at
 * the previous step that had any (or when it is the first such step).
 *
 * This needs every value of the variable, so it reads the whole trace once
 * with a reader of its own (values are not in the index). Steps and calls
 * are matched to the model's by their offsets, which also tells dropped
 * steps apart and gives the step each call's args belong to. */

/* Events between two looks at the cancellable and the progress */
#define CHECK_EVERY 4096
/* At most one progress report per this many microseconds (async) */
#define REPORT_INTERVAL_USEC (50 * G_TIME_SPAN_MILLISECOND)

typedef struct
{
  gint64 id;
  guint  start; /* of its JSON in the byte array it belongs to */
  guint  len;
} Entry;

typedef struct
{
  guint32 step; /* the step the arg belongs to */
  Entry   entry;
} PendingArg;

typedef struct
{
  GHashTable *ids;         /* variable ids with the name, + 1 */
  GArray     *result;      /* guint32 steps */

  /* the step being read */
  guint32     step;        /* CT_MODEL_NONE before the first */
  GArray     *args;        /* Entry, JSON in buf */
  GArray     *values;      /* Entry, JSON in buf */
  GByteArray *buf;

  /* call args that belong to a later step */
  GArray     *pending;     /* PendingArg, JSON in pending_buf */
  GByteArray *pending_buf;

  /* the name's values at the last step that had any */
  gboolean    seen;
  GByteArray *last;
  GByteArray *text;

  guint32     next_call;   /* the model's calls before it are behind us */
} History;

static void
history_init (History *h)
{
  memset (h, 0, sizeof *h);
  h->ids = g_hash_table_new (NULL, NULL);
  h->result = g_array_new (FALSE, FALSE, sizeof (guint32));
  h->step = CT_MODEL_NONE;
  h->args = g_array_new (FALSE, FALSE, sizeof (Entry));
  h->values = g_array_new (FALSE, FALSE, sizeof (Entry));
  h->buf = g_byte_array_new ();
  h->pending = g_array_new (FALSE, FALSE, sizeof (PendingArg));
  h->pending_buf = g_byte_array_new ();
  h->last = g_byte_array_new ();
  h->text = g_byte_array_new ();
}

static void
history_clear (History *h)
{
  g_clear_pointer (&h->ids, g_hash_table_unref);
  g_clear_pointer (&h->result, g_array_unref);
  g_clear_pointer (&h->args, g_array_unref);
  g_clear_pointer (&h->values, g_array_unref);
  g_clear_pointer (&h->buf, g_byte_array_unref);
  g_clear_pointer (&h->pending, g_array_unref);
  g_clear_pointer (&h->pending_buf, g_byte_array_unref);
  g_clear_pointer (&h->last, g_byte_array_unref);
  g_clear_pointer (&h->text, g_byte_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (History, history_clear)

static inline gboolean
has_name (History *h,
          gint64   variable_id)
{
  return variable_id >= 0
         && g_hash_table_contains (h->ids, GSIZE_TO_POINTER ((gsize) variable_id + 1));
}

/* Appends the value's JSON to out */
static Entry
encode (GByteArray    *out,
        gint64         variable_id,
        const CtValue *value)
{
  Entry entry = { variable_id, out->len, 0 };
  CtEmitter *emitter = _ct_json_emitter_new (out);

  _ct_value_encode (value, emitter);
  _ct_emitter_free (emitter);
  entry.len = out->len - entry.start;
  return entry;
}

/* A later value of the same id replaces the earlier one in its place */
static void
set_entry (GArray      *entries,
           const Entry *entry)
{
  for (guint i = 0; i < entries->len; i++)
    {
      Entry *old = &g_array_index (entries, Entry, i);

      if (old->id == entry->id)
        {
          *old = *entry;
          return;
        }
    }
  g_array_append_vals (entries, entry, 1);
}

static const Entry *
find_entry (GArray *entries,
            gint64  id)
{
  for (guint i = 0; i < entries->len; i++)
    if (g_array_index (entries, Entry, i).id == id)
      return &g_array_index (entries, Entry, i);
  return NULL;
}

static void
append_text (History     *h,
             const Entry *entry)
{
  g_byte_array_append (h->text, h->buf->data + entry->start, entry->len);
  /* compact JSON has no raw newline: a separator nothing else spells */
  g_byte_array_append (h->text, (const guint8 *) "\n", 1);
}

/* The step being read is over: did it change the variable? */
static void
commit (History *h)
{
  if (h->step != CT_MODEL_NONE && (h->args->len > 0 || h->values->len > 0))
    {
      GByteArray *swap;

      /* the order of ct_model_get_variables(): args (with a Value of the
       * same id in their place), then the other values */
      g_byte_array_set_size (h->text, 0);
      for (guint i = 0; i < h->args->len; i++)
        {
          const Entry *arg = &g_array_index (h->args, Entry, i);
          const Entry *value = find_entry (h->values, arg->id);

          append_text (h, value != NULL ? value : arg);
        }
      for (guint i = 0; i < h->values->len; i++)
        {
          const Entry *value = &g_array_index (h->values, Entry, i);

          if (find_entry (h->args, value->id) == NULL)
            append_text (h, value);
        }

      if (!h->seen || h->last->len != h->text->len
          || memcmp (h->last->data, h->text->data, h->text->len) != 0)
        g_array_append_val (h->result, h->step);
      h->seen = TRUE;
      swap = h->last;
      h->last = h->text;
      h->text = swap;
    }

  g_array_set_size (h->args, 0);
  g_array_set_size (h->values, 0);
  g_byte_array_set_size (h->buf, 0);
}

static void
begin_step (History *h,
            guint32  step)
{
  guint kept = 0;

  commit (h);
  h->step = step;

  /* args that waited for this step come first */
  for (guint i = 0; i < h->pending->len; i++)
    {
      PendingArg *p = &g_array_index (h->pending, PendingArg, i);

      if (p->step == step)
        {
          Entry entry = { p->entry.id, h->buf->len, p->entry.len };

          g_byte_array_append (h->buf, h->pending_buf->data + p->entry.start, p->entry.len);
          set_entry (h->args, &entry);
        }
      else if (p->step > step)
        {
          g_array_index (h->pending, PendingArg, kept++) = *p;
        }
    }
  g_array_set_size (h->pending, kept);
  if (kept == 0)
    g_byte_array_set_size (h->pending_buf, 0);
}

/* The step the args of the Call event at `offset` belong to, from the
 * model (CT_MODEL_NONE when the call ran no step) */
static guint32
call_args_step (CtModel *self,
                History *h,
                guint64  offset)
{
  guint32 step = CT_MODEL_NONE;

  _ct_model_lock (self);
  while (h->next_call < self->calls->len)
    {
      const CtCallRec *rec = &g_array_index (self->calls, CtCallRec, h->next_call);
      guint64 call_offset = CT_U64 (rec->call_offset_lo, rec->call_offset_hi);

      /* the implicit top-level call has its Step's offset, not a Call's */
      if (call_offset > offset)
        break;
      h->next_call++;
      if (call_offset == offset && !(CT_CALL_FLAGS (rec) & CT_MODEL_CALL_IMPLICIT))
        {
          step = rec->args_step;
          break;
        }
    }
  _ct_model_unlock (self);

  return step;
}

static void
on_call (CtModel       *self,
         History       *h,
         const CtEvent *event,
         guint64        offset)
{
  guint32 step = CT_MODEL_NONE;
  gboolean looked_up = FALSE;

  for (guint i = 0; i < event->call.n_args; i++)
    {
      const CtFullValue *arg = &event->call.args[i];

      if (!has_name (h, arg->variable_id))
        continue;

      if (!looked_up)
        {
          step = call_args_step (self, h, offset);
          looked_up = TRUE;
        }

      if (step == CT_MODEL_NONE)
        {
          return;
        }
      else if (step == h->step)
        {
          /* the Step just before the Call moved into it */
          Entry entry = encode (h->buf, arg->variable_id, arg->value);

          set_entry (h->args, &entry);
        }
      else if (h->step == CT_MODEL_NONE || step > h->step)
        {
          PendingArg p;

          p.step = step;
          p.entry = encode (h->pending_buf, arg->variable_id, arg->value);
          g_array_append_val (h->pending, p);
        }
    }
}

/* The worker: `report` (when not NULL) is called in this thread with the
 * fraction of the model's steps examined, growing, ending at 1.0 on
 * success. */
static GArray *
history_run (CtModel              *self,
             const char           *name,
             CtModelProgressFunc   report,
             gpointer              report_data,
             GCancellable         *cancellable,
             GError              **error)
{
  g_auto(History) h = { 0 };
  g_autoptr(CtReader) reader = NULL;
  const CtEvent *event;
  GError *local_error = NULL;
  guint32 next_live = 0;    /* the next step of the model to meet */
  guint32 n_names = 0;
  guint dropped = 0;
  guint64 n = 0;
  double reported = -1.0;

  history_init (&h);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if ((reader = ct_reader_new (self->trace_file, CT_READER_LENIENT, error)) == NULL)
    return NULL;

  while ((event = ct_reader_next (reader, &local_error)) != NULL)
    {
      guint64 offset = ct_reader_get_offset (reader);

      if (G_UNLIKELY ((++n % CHECK_EVERY) == 0))
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return NULL;
          if (report != NULL)
            {
              guint32 n_steps;
              double fraction;

              _ct_model_lock (self);
              n_steps = self->steps->len;
              _ct_model_unlock (self);
              fraction = n_steps > 0 ? MIN (1.0, (double) next_live / n_steps) : 0.0;
              if (fraction > reported)
                {
                  reported = fraction;
                  report (fraction, report_data);
                }
            }
        }

      switch (event->kind)
        {
        case CT_EVENT_VARIABLE_NAME:
        case CT_EVENT_VARIABLE:
          /* a name may be registered more than once: every id counts */
          if (ct_str_equal (event->name, name))
            g_hash_table_add (h.ids, GSIZE_TO_POINTER ((gsize) n_names + 1));
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
            begin_step (&h, next_live++);
          }
          break;

        case CT_EVENT_DROP_LAST_STEP:
          /* the values after it belong to the step before the dropped one */
          if (dropped > 0)
            dropped--;
          break;

        case CT_EVENT_CALL:
          if (g_hash_table_size (h.ids) > 0)
            on_call (self, &h, event, offset);
          break;

        case CT_EVENT_VALUE:
          if (dropped == 0 && h.step != CT_MODEL_NONE
              && has_name (&h, event->value.variable_id))
            {
              Entry entry = encode (h.buf, event->value.variable_id, event->value.value);

              set_entry (h.values, &entry);
            }
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

  commit (&h);
  if (report != NULL && reported < 1.0)
    report (1.0, report_data);

  return g_steal_pointer (&h.result);
}

GArray *
ct_model_variable_history_with_progress (CtModel              *self,
                                         const char           *name,
                                         CtModelProgressFunc   progress_func,
                                         gpointer              progress_data,
                                         GCancellable         *cancellable,
                                         GError              **error)
{
  g_return_val_if_fail (CT_IS_MODEL (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), NULL);

  return history_run (self, name, progress_func, progress_data, cancellable, error);
}

GArray *
ct_model_variable_history (CtModel       *self,
                           const char    *name,
                           GCancellable  *cancellable,
                           GError       **error)
{
  return ct_model_variable_history_with_progress (self, name, NULL, NULL, cancellable, error);
}

/* ---- async: progress on the caller's main context ----
 *
 * The worker keeps the newest fraction under a mutex; at most one idle
 * source is attached at a time (and at most one per REPORT_INTERVAL_USEC),
 * and it reports the newest fraction when it runs. The last source is
 * attached before the task returns, at the task's priority, so every report
 * (and progress_destroy) comes before the callback. */

typedef struct
{
  gatomicrefcount     ref_count;
  GMutex              mutex;
  GMainContext       *context;
  int                 priority;
  CtModelProgressFunc func;
  gpointer            data;
  GDestroyNotify      destroy;

  /* under mutex */
  double              fraction;
  gboolean            pending;   /* a source is attached */
  gboolean            done;      /* the worker reports no more */

  /* worker only */
  gint64              last_scheduled;

  /* main context only */
  double              reported;
} Progress;

static Progress *
progress_new (CtModelProgressFunc  func,
              gpointer             data,
              GDestroyNotify       destroy,
              int                  priority)
{
  Progress *p = g_new0 (Progress, 1);

  g_atomic_ref_count_init (&p->ref_count);
  g_mutex_init (&p->mutex);
  p->context = g_main_context_ref_thread_default ();
  p->priority = priority;
  p->func = func;
  p->data = data;
  p->destroy = destroy;
  p->fraction = -1.0;
  p->reported = -1.0;
  p->last_scheduled = G_MININT64 / 2;
  return p;
}

static Progress *
progress_ref (Progress *p)
{
  g_atomic_ref_count_inc (&p->ref_count);
  return p;
}

static void
progress_unref (Progress *p)
{
  if (!g_atomic_ref_count_dec (&p->ref_count))
    return;

  /* normally already done by the last report, on the caller's context */
  if (p->destroy != NULL)
    p->destroy (p->data);
  g_main_context_unref (p->context);
  g_mutex_clear (&p->mutex);
  g_free (p);
}

static gboolean
progress_dispatch (gpointer user_data)
{
  Progress *p = user_data;
  double fraction;
  gboolean done;

  g_mutex_lock (&p->mutex);
  fraction = p->fraction;
  done = p->done;
  p->pending = FALSE;
  g_mutex_unlock (&p->mutex);

  if (fraction > p->reported)
    {
      p->reported = fraction;
      p->func (fraction, p->data);
    }

  /* no source comes after one that saw `done` */
  if (done && p->destroy != NULL)
    {
      GDestroyNotify destroy = g_steal_pointer (&p->destroy);

      destroy (p->data);
    }

  return G_SOURCE_REMOVE;
}

/* With the mutex held */
static void
progress_schedule (Progress *p)
{
  GSource *source = g_idle_source_new ();

  p->pending = TRUE;
  g_source_set_priority (source, p->priority);
  g_source_set_static_name (source, "[codetrace] variable history progress");
  g_source_set_callback (source, progress_dispatch, progress_ref (p), (GDestroyNotify) progress_unref);
  g_source_attach (source, p->context);
  g_source_unref (source);
}

/* The worker's CtModelProgressFunc */
static void
progress_post (double   fraction,
               gpointer user_data)
{
  Progress *p = user_data;
  gint64 now = g_get_monotonic_time ();

  g_mutex_lock (&p->mutex);
  if (fraction > p->fraction)
    {
      p->fraction = fraction;
      if (!p->pending && now - p->last_scheduled >= REPORT_INTERVAL_USEC)
        {
          p->last_scheduled = now;
          progress_schedule (p);
        }
    }
  g_mutex_unlock (&p->mutex);
}

/* The worker is done: the newest fraction still goes out */
static void
progress_finish (Progress *p)
{
  g_mutex_lock (&p->mutex);
  p->done = TRUE;
  if (!p->pending)
    progress_schedule (p);
  g_mutex_unlock (&p->mutex);
}

typedef struct
{
  char     *name;
  Progress *progress; /* NULL without a progress func */
} HistoryTask;

static void
history_task_free (gpointer data)
{
  HistoryTask *t = data;

  g_free (t->name);
  g_clear_pointer (&t->progress, progress_unref);
  g_free (t);
}

static void
history_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  HistoryTask *t = task_data;
  GError *error = NULL;
  GArray *result;

  result = history_run (source_object, t->name,
                        t->progress != NULL ? progress_post : NULL, t->progress,
                        cancellable, &error);
  if (t->progress != NULL)
    progress_finish (t->progress);

  if (result != NULL)
    g_task_return_pointer (task, result, (GDestroyNotify) g_array_unref);
  else
    g_task_return_error (task, error);
}

void
ct_model_variable_history_async_with_progress (CtModel             *self,
                                               const char          *name,
                                               CtModelProgressFunc  progress_func,
                                               gpointer             progress_data,
                                               GDestroyNotify       progress_destroy,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  HistoryTask *t;

  g_return_if_fail (CT_IS_MODEL (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ct_model_variable_history_async_with_progress);
  t = g_new0 (HistoryTask, 1);
  t->name = g_strdup (name);
  if (progress_func != NULL)
    t->progress = progress_new (progress_func, progress_data, progress_destroy,
                                g_task_get_priority (task));
  else if (progress_destroy != NULL)
    progress_destroy (progress_data);
  g_task_set_task_data (task, t, history_task_free);
  g_task_run_in_thread (task, history_thread);
}

void
ct_model_variable_history_async (CtModel             *self,
                                 const char          *name,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  ct_model_variable_history_async_with_progress (self, name, NULL, NULL, NULL,
                                                 cancellable, callback, user_data);
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
