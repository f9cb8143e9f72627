/* ct-model-builder.c: builds the CtModel index in one pass over a reader
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ct-model-private.h"
#include "ct-reader-private.h"

/* The builder lets waiting readers in this often (in events): short enough
 * for a query to wait well under a millisecond. */
#define YIELD_EVERY 1024

typedef struct
{
  guint32 call;
  guint32 last_child;
} Frame;

typedef enum
{
  LAST_NONE,
  LAST_STEP,
  LAST_CALL,
  LAST_RETURN,
} LastMarker;

typedef struct
{
  CtModel    *model;
  GHashTable *thread_ids; /* thread id -> index + 1 */
  GPtrArray  *stacks;     /* per thread: GArray of Frame */
  GArray     *stack;      /* the current thread's */
  guint32     thread;
  guint32     last_root;
  GArray     *pending_args; /* calls whose args wait for the next step */
  LastMarker  last;
  gboolean    seen_call;
  gboolean    initial_claimed; /* stack 0 has a thread id */
} Builder;

static inline CtCallRec *
call_rec (CtModel *self,
          guint32  call)
{
  return &g_array_index (self->calls, CtCallRec, call);
}

static guint32
open_call (Builder *b,
           guint32  function_id,
           guint64  offset,
           guint    extra_flags)
{
  CtModel *self = b->model;
  CtCallRec rec = { 0 };
  guint32 id = self->calls->len;
  Frame frame = { id, CT_MODEL_NONE };

  rec.function_id = function_id;
  rec.parent = CT_MODEL_NONE;
  rec.depth = 1;
  rec.first_step = CT_MODEL_NONE;
  rec.last_step = CT_MODEL_NONE;
  rec.first_child = CT_MODEL_NONE;
  rec.next_sibling = CT_MODEL_NONE;
  rec.args_step = CT_MODEL_NONE;
  rec.flags_thread = (b->thread << 8) | CT_CALL_OPEN | extra_flags;
  rec.call_offset_lo = (guint32) offset;
  rec.call_offset_hi = (guint32) (offset >> 32);

  if (b->stack->len > 0)
    {
      Frame *top = &g_array_index (b->stack, Frame, b->stack->len - 1);
      CtCallRec *parent = call_rec (self, top->call);

      rec.parent = top->call;
      rec.depth = parent->depth + 1;
      if (top->last_child == CT_MODEL_NONE)
        parent->first_child = id;
      else
        call_rec (self, top->last_child)->next_sibling = id;
      top->last_child = id;
    }
  else
    {
      if (b->last_root == CT_MODEL_NONE)
        self->first_root = id;
      else
        call_rec (self, b->last_root)->next_sibling = id;
      b->last_root = id;
    }

  g_array_append_val (self->calls, rec);
  g_array_append_val (b->stack, frame);
  self->max_depth = MAX (self->max_depth, rec.depth);
  b->seen_call = TRUE;
  return id;
}

/* The step's call and every caller that had no step yet start here */
static void
set_first_step (CtModel *self,
                guint32  call,
                guint32  step)
{
  while (call != CT_MODEL_NONE && call_rec (self, call)->first_step == CT_MODEL_NONE)
    {
      call_rec (self, call)->first_step = step;
      call = call_rec (self, call)->parent;
    }
}

static void
on_step (Builder       *b,
         const CtEvent *event,
         guint64        index,
         guint64        offset)
{
  CtModel *self = b->model;
  CtStepRec rec;
  guint32 step = self->steps->len;
  guint32 loc;

  /* FORMAT.md section 3: a Step before any Call opens the top-level call */
  if (b->stack->len == 0 && !b->seen_call)
    open_call (b, CT_MODEL_NONE, offset, CT_MODEL_CALL_IMPLICIT);

  loc = _ct_line_index_intern (self, (guint32) event->step.path_id, (guint32) event->step.line);
  rec.loc = loc;
  rec.call = b->stack->len > 0 ? g_array_index (b->stack, Frame, b->stack->len - 1).call : CT_MODEL_NONE;
  rec.offset = offset;
  g_array_append_val (self->steps, rec);

  if ((step & (CT_MODEL_CHECKPOINT_EVERY - 1)) == 0)
    g_array_append_val (self->checkpoints, index);

  set_first_step (self, rec.call, step);
  if (G_UNLIKELY (b->pending_args->len > 0))
    {
      for (guint i = 0; i < b->pending_args->len; i++)
        call_rec (self, g_array_index (b->pending_args, guint32, i))->args_step = step;
      g_array_set_size (b->pending_args, 0);
    }

  _ct_line_index_append (&g_array_index (self->locs, CtLoc, loc), step);
  _ct_model_depth_append (self, step, rec.call == CT_MODEL_NONE ? 0 : call_rec (self, rec.call)->depth);
  b->last = LAST_STEP;
}

static void
on_call (Builder       *b,
         const CtEvent *event,
         guint64        offset)
{
  CtModel *self = b->model;
  guint32 parent = b->stack->len > 0 ? g_array_index (b->stack, Frame, b->stack->len - 1).call : CT_MODEL_NONE;
  guint32 function_id = (guint32) event->call.function_id;
  guint32 id = open_call (b, function_id, offset, 0);
  guint32 last_step = self->steps->len - 1;
  gboolean moved = FALSE;

  /* The Step just before a Call belongs to the new call only when it is at
   * the function's own path and line (reference tracer, Ruby); the Python
   * recorder's call site stays in the caller. */
  if (b->last == LAST_STEP && self->steps->len > 0 && function_id < self->functions->len)
    {
      CtStepRec *s = &g_array_index (self->steps, CtStepRec, last_step);
      const CtFunctionRec *f = &g_array_index (self->functions, CtFunctionRec, function_id);
      const CtLoc *loc = &g_array_index (self->locs, CtLoc, s->loc);

      if (s->call == parent && loc->path_id == f->path_id && loc->line == f->line)
        {
          s->call = id;
          call_rec (self, id)->first_step = last_step;
          call_rec (self, id)->args_step = last_step;
          _ct_model_depth_refresh (self, last_step);
          moved = TRUE;
        }
    }

  if (!moved)
    g_array_append_val (b->pending_args, id);

  b->last = LAST_CALL;
}

static void
on_return (Builder *b,
           guint64  offset)
{
  CtModel *self = b->model;
  Frame frame;
  CtCallRec *c;

  b->last = LAST_RETURN;
  if (b->stack->len == 0)
    return; /* unbalanced: counted by info, nothing to close */

  frame = g_array_index (b->stack, Frame, b->stack->len - 1);
  g_array_set_size (b->stack, b->stack->len - 1);

  c = call_rec (self, frame.call);
  c->flags_thread = (c->flags_thread & ~CT_CALL_OPEN) | CT_MODEL_CALL_RETURNED;
  c->return_offset_lo = (guint32) offset;
  c->return_offset_hi = (guint32) (offset >> 32);
  c->last_step = c->first_step == CT_MODEL_NONE ? CT_MODEL_NONE : self->steps->len - 1;

  /* a call that ran no step has no step for its args */
  for (guint i = 0; i < b->pending_args->len; i++)
    {
      if (g_array_index (b->pending_args, guint32, i) == frame.call)
        {
          g_array_remove_index (b->pending_args, i);
          break;
        }
    }
}

static void
on_drop_last_step (Builder *b)
{
  CtModel *self = b->model;
  guint32 step;
  CtStepRec rec;

  if (self->steps->len == 0)
    return;

  step = self->steps->len - 1;
  rec = g_array_index (self->steps, CtStepRec, step);

  for (guint32 call = rec.call;
       call != CT_MODEL_NONE && call_rec (self, call)->first_step == step;
       call = call_rec (self, call)->parent)
    call_rec (self, call)->first_step = CT_MODEL_NONE;

  /* calls whose args went to this step wait for the next one again */
  for (guint32 call = self->calls->len; call-- > 0;)
    {
      CtCallRec *c = call_rec (self, call);

      if (c->args_step != step)
        {
          if (c->args_step != CT_MODEL_NONE)
            break;
          continue;
        }
      c->args_step = CT_MODEL_NONE;
      if (CT_CALL_FLAGS (c) & CT_CALL_OPEN)
        g_array_prepend_val (b->pending_args, call);
    }

  /* its I/O events now belong to the step before it */
  for (guint i = self->io->len; i-- > 0;)
    {
      CtIoRec *io = &g_array_index (self->io, CtIoRec, i);

      if (io->step != step)
        break;
      io->step = step > 0 ? step - 1 : CT_MODEL_NONE;
    }

  g_array_index (self->locs, CtLoc, rec.loc).n_steps--;
  if ((step & (CT_MODEL_CHECKPOINT_EVERY - 1)) == 0)
    g_array_set_size (self->checkpoints, self->checkpoints->len - 1);
  g_array_set_size (self->steps, step);
  _ct_model_depth_refresh (self, step);

  /* what came before the dropped step is unknown here: never match it */
  b->last = LAST_NONE;
}

static void
on_thread (Builder  *b,
           guint64   thread_id,
           gboolean  start)
{
  gpointer value;
  guint32 index;

  if (g_hash_table_lookup_extended (b->thread_ids, &thread_id, NULL, &value))
    {
      index = GPOINTER_TO_UINT (value) - 1;
    }
  else if (!start && !b->initial_claimed)
    {
      guint64 *key = g_new (guint64, 1);

      /* a switch to a thread never started: the one that ran from the
       * beginning, on stack 0 */
      *key = thread_id;
      index = 0;
      b->initial_claimed = TRUE;
      g_hash_table_insert (b->thread_ids, key, GUINT_TO_POINTER (index + 1));
    }
  else
    {
      guint64 *key = g_new (guint64, 1);

      *key = thread_id;
      index = b->stacks->len;
      g_ptr_array_add (b->stacks, g_array_new (FALSE, FALSE, sizeof (Frame)));
      g_hash_table_insert (b->thread_ids, key, GUINT_TO_POINTER (index + 1));
    }

  b->thread = index;
  b->stack = g_ptr_array_index (b->stacks, index);
  b->last = LAST_NONE;
}

static void
on_event (Builder       *b,
          const CtEvent *event,
          guint64        index,
          guint64        offset)
{
  CtModel *self = b->model;

  switch (event->kind)
    {
    case CT_EVENT_STEP:
      on_step (b, event, index, offset);
      break;

    case CT_EVENT_CALL:
      on_call (b, event, offset);
      break;

    case CT_EVENT_RETURN:
      on_return (b, offset);
      break;

    case CT_EVENT_DROP_LAST_STEP:
      on_drop_last_step (b);
      break;

    case CT_EVENT_PATH:
      g_ptr_array_add (self->paths, ct_str_dup (event->name));
      break;

    case CT_EVENT_VARIABLE_NAME:
    case CT_EVENT_VARIABLE:
      g_ptr_array_add (self->variable_names, ct_str_dup (event->name));
      break;

    case CT_EVENT_TYPE:
      g_ptr_array_add (self->type_names, ct_str_dup (event->type.lang_type));
      break;

    case CT_EVENT_FUNCTION:
      {
        CtFunctionRec f;

        f.path_id = (guint32) event->function.path_id;
        f.line = (guint32) event->function.line;
        f.name = ct_str_dup (event->function.name);
        g_array_append_val (self->functions, f);
      }
      break;

    case CT_EVENT_EVENT:
      {
        CtIoRec io;

        io.step = self->steps->len > 0 ? self->steps->len - 1 : CT_MODEL_NONE;
        io.kind = event->io.kind;
        io.metadata = ct_str_dup (event->io.metadata);
        io.content = ct_str_dup (event->io.content);
        g_array_append_val (self->io, io);
      }
      break;

    case CT_EVENT_THREAD_START:
    case CT_EVENT_THREAD_SWITCH:
      on_thread (b, event->thread_id, event->kind == CT_EVENT_THREAD_START);
      break;

    case CT_EVENT_VALUE:
    case CT_EVENT_ASM:
    case CT_EVENT_BIND_VARIABLE:
    case CT_EVENT_ASSIGNMENT:
    case CT_EVENT_DROP_VARIABLES:
    case CT_EVENT_COMPOUND_VALUE:
    case CT_EVENT_CELL_VALUE:
    case CT_EVENT_ASSIGN_COMPOUND_ITEM:
    case CT_EVENT_ASSIGN_CELL:
    case CT_EVENT_VARIABLE_CELL:
    case CT_EVENT_DROP_VARIABLE:
    case CT_EVENT_THREAD_EXIT:
    case CT_EVENT_UNKNOWN:
    case CT_N_EVENT_KINDS:
    default:
      /* values stay in the file: decoded when asked for */
      break;
    }
}

/* Lets waiting queries in: g_cond_wait releases the lock until they are done */
static void
yield (CtModel *self)
{
  while (g_atomic_int_get (&self->n_waiting) > 0)
    g_cond_wait (&self->cond, &self->lock);
}

static void
finish (Builder *b)
{
  CtModel *self = b->model;

  /* calls still open at the end are unfinished, not dropped */
  for (guint32 i = 0; i < self->calls->len; i++)
    {
      CtCallRec *c = call_rec (self, i);

      if (CT_CALL_FLAGS (c) & CT_CALL_OPEN)
        {
          c->flags_thread = (c->flags_thread & ~CT_CALL_OPEN) | CT_MODEL_CALL_UNFINISHED;
          c->last_step = c->first_step == CT_MODEL_NONE ? CT_MODEL_NONE : self->steps->len - 1;
        }
    }

  _ct_line_index_trim (self);
}

gboolean
_ct_model_build (CtModel       *self,
                 CtReader      *reader,
                 CtModelEventFunc func,
                 gpointer       user_data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  Builder b = { 0 };
  const CtEvent *events;
  const guint64 *offsets;
  guint64 first_index;
  guint n_events;
  GError *local_error = NULL;
  guint n = 0;

  b.model = self;
  b.thread_ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  b.stacks = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_ptr_array_add (b.stacks, g_array_new (FALSE, FALSE, sizeof (Frame)));
  b.stack = g_ptr_array_index (b.stacks, 0);
  b.last_root = CT_MODEL_NONE;
  b.pending_args = g_array_new (FALSE, FALSE, sizeof (guint32));

  while ((events = _ct_reader_next_run (reader, &n_events, &offsets, &first_index, &local_error)) != NULL)
    {
      for (guint i = 0; i < n_events; i++)
        {
          on_event (&b, &events[i], first_index + i, offsets[i]);
          if (func != NULL)
            func (&events[i], user_data);
        }

      n += n_events;
      if (G_UNLIKELY (n >= YIELD_EVERY))
        {
          n = 0;
          if (g_cancellable_set_error_if_cancelled (cancellable, &local_error))
            break;
          _ct_model_set_fraction (self, ct_reader_get_fraction (reader));
          yield (self);
        }
    }

  finish (&b);

  g_hash_table_unref (b.thread_ids);
  g_ptr_array_unref (b.stacks);
  g_array_unref (b.pending_args);

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}
