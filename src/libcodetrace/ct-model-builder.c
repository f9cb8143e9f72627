/* ct-model-builder.c: builds the CtModel index in one pass over a reader
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ct-model-private.h"
#include "ct-reader-private.h"

/* The build runs as two threads: a reader thread decodes the events and
 * keeps, of each one the index needs, a small record (what it is, its ids,
 * its index and offset, copies of its names); the calling thread, which
 * holds the model's lock, indexes the records. Most events (values) leave
 * no record at all. So the decoding and the indexing (whose cost is
 * mostly writing the index's memory) overlap on two cores. Records travel
 * in blocks through a short queue; a block is also how often the indexer
 * lets waiting queries in and updates the fraction loaded. */
#define BLOCK_RECORDS 4096
#define QUEUE_BLOCKS  8
/* A block goes at least this often (in events), however few records. */
#define FLUSH_EVENTS  16384

typedef struct
{
  CtEventKind kind;
  guint32     a;      /* Step: path_id; Call: function_id; Function: path_id; Event: kind */
  guint32     b;      /* Step, Function: line */
  guint64     index;
  guint64     offset;
  union
  {
    struct
    {
      char *s1;       /* names: Path, VariableName, Variable, Type, Function; Event: metadata */
      char *s2;       /* Event: content */
    };
    guint64 thread_id;
  };
} Record;

typedef struct
{
  Record  records[BLOCK_RECORDS];
  guint   n;
  double  fraction; /* of the input read when the block was full */
} Block;

typedef struct
{
  CtReader        *reader;
  CtModelEventFunc func;
  gpointer         user_data;
  GCancellable    *cancellable;

  GMutex   lock;
  GCond    cond;
  Block   *blocks[QUEUE_BLOCKS];
  guint64  produced; /* blocks handed over (under lock) */
  guint64  consumed; /* blocks indexed (under lock) */
  gboolean done;     /* under lock: no block will follow */
  GError  *error;    /* how reading ended, set before done */
} Pipe;

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
on_step (Builder      *b,
         const Record *r)
{
  guint64 index = r->index;
  guint64 offset = r->offset;
  CtModel *self = b->model;
  CtStepRec rec;
  guint32 step = self->steps->len;
  guint32 loc;

  /* FORMAT.md section 3: a Step before any Call opens the top-level call */
  if (b->stack->len == 0 && !b->seen_call)
    open_call (b, CT_MODEL_NONE, offset, CT_MODEL_CALL_IMPLICIT);

  loc = _ct_line_index_intern (self, r->a, r->b);
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
on_call (Builder      *b,
         const Record *r)
{
  CtModel *self = b->model;
  guint32 parent = b->stack->len > 0 ? g_array_index (b->stack, Frame, b->stack->len - 1).call : CT_MODEL_NONE;
  guint32 function_id = r->a;
  guint32 id = open_call (b, function_id, r->offset, 0);
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
on_record (Builder *b,
           Record  *r)
{
  CtModel *self = b->model;

  if (G_UNLIKELY (!self->have_start))
    {
      self->have_start = TRUE;
      self->start_index = r->index;
      self->start_offset = r->offset;
    }

  switch (r->kind)
    {
    case CT_EVENT_STEP:
      on_step (b, r);
      break;

    case CT_EVENT_CALL:
      on_call (b, r);
      break;

    case CT_EVENT_RETURN:
      on_return (b, r->offset);
      break;

    case CT_EVENT_DROP_LAST_STEP:
      on_drop_last_step (b);
      break;

    case CT_EVENT_PATH:
      g_ptr_array_add (self->paths, g_steal_pointer (&r->s1));
      break;

    case CT_EVENT_VARIABLE_NAME:
    case CT_EVENT_VARIABLE:
      g_ptr_array_add (self->variable_names, g_steal_pointer (&r->s1));
      break;

    case CT_EVENT_TYPE:
      g_ptr_array_add (self->type_names, g_steal_pointer (&r->s1));
      break;

    case CT_EVENT_FUNCTION:
      {
        CtFunctionRec f;

        f.path_id = r->a;
        f.line = r->b;
        f.name = g_steal_pointer (&r->s1);
        g_array_append_val (self->functions, f);
      }
      break;

    case CT_EVENT_EVENT:
      {
        CtIoRec io;

        io.step = self->steps->len > 0 ? self->steps->len - 1 : CT_MODEL_NONE;
        io.kind = r->a;
        io.metadata = g_steal_pointer (&r->s1);
        io.content = g_steal_pointer (&r->s2);
        g_array_append_val (self->io, io);
      }
      break;

    case CT_EVENT_THREAD_START:
    case CT_EVENT_THREAD_SWITCH:
      on_thread (b, r->thread_id, r->kind == CT_EVENT_THREAD_START);
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
      break;
    }
}

/* ---- the reader thread ---- */

/* The record of an event the index needs; FALSE for one it does not
 * (values stay in the file: decoded when asked for). */
static inline gboolean
make_record (const CtEvent *event,
             guint64        index,
             guint64        offset,
             Record        *r)
{
  switch (event->kind)
    {
    case CT_EVENT_STEP:
      r->a = (guint32) event->step.path_id;
      r->b = (guint32) event->step.line;
      break;
    case CT_EVENT_CALL:
      r->a = (guint32) event->call.function_id;
      break;
    case CT_EVENT_RETURN:
    case CT_EVENT_DROP_LAST_STEP:
      break;
    case CT_EVENT_PATH:
    case CT_EVENT_VARIABLE_NAME:
    case CT_EVENT_VARIABLE:
      r->s1 = ct_str_dup (event->name);
      break;
    case CT_EVENT_TYPE:
      r->s1 = ct_str_dup (event->type.lang_type);
      break;
    case CT_EVENT_FUNCTION:
      r->a = (guint32) event->function.path_id;
      r->b = (guint32) event->function.line;
      r->s1 = ct_str_dup (event->function.name);
      break;
    case CT_EVENT_EVENT:
      r->a = event->io.kind;
      r->s1 = ct_str_dup (event->io.metadata);
      r->s2 = ct_str_dup (event->io.content);
      break;
    case CT_EVENT_THREAD_START:
    case CT_EVENT_THREAD_SWITCH:
      r->thread_id = event->thread_id;
      break;
    default:
      return FALSE;
    }
  r->kind = event->kind;
  r->index = index;
  r->offset = offset;
  return TRUE;
}

/* Hands the filled block over and waits for a free one. */
static Block *
pipe_put (Pipe   *pipe,
          Block  *block)
{
  g_mutex_lock (&pipe->lock);
  if (block != NULL)
    {
      block->fraction = ct_reader_get_fraction (pipe->reader);
      pipe->produced++;
      g_cond_broadcast (&pipe->cond);
    }
  while (pipe->produced - pipe->consumed >= QUEUE_BLOCKS)
    g_cond_wait (&pipe->cond, &pipe->lock);
  block = pipe->blocks[pipe->produced % QUEUE_BLOCKS];
  g_mutex_unlock (&pipe->lock);
  block->n = 0;
  return block;
}

static gpointer
reader_main (gpointer data)
{
  Pipe *pipe = data;
  const CtEvent *events;
  const guint64 *offsets;
  guint64 first_index;
  guint n_events;
  GError *local_error = NULL;
  Block *block = pipe_put (pipe, NULL);
  guint since_put = 0;

  while ((events = _ct_reader_next_run (pipe->reader, &n_events, &offsets, &first_index, &local_error)) != NULL)
    {
      for (guint i = 0; i < n_events; i++)
        {
          if (pipe->func != NULL)
            pipe->func (&events[i], pipe->user_data);
          if (make_record (&events[i], first_index + i, offsets[i], &block->records[block->n]) &&
              ++block->n == BLOCK_RECORDS)
            {
              block = pipe_put (pipe, block);
              since_put = 0;
            }
        }

      /* A stretch of events without records (values) still moves the
       * fraction on and checks for cancel. */
      since_put += n_events;
      if (G_UNLIKELY (since_put >= FLUSH_EVENTS))
        {
          block = pipe_put (pipe, block);
          since_put = 0;
        }
      if (g_cancellable_set_error_if_cancelled (pipe->cancellable, &local_error))
        break;
    }

  g_mutex_lock (&pipe->lock);
  if (block->n > 0)
    {
      block->fraction = ct_reader_get_fraction (pipe->reader);
      pipe->produced++;
    }
  pipe->error = local_error;
  pipe->done = TRUE;
  g_cond_broadcast (&pipe->cond);
  g_mutex_unlock (&pipe->lock);
  return NULL;
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
  Pipe pipe = { 0 };
  GThread *thread;
  GError *local_error = NULL;

  b.model = self;
  b.thread_ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  b.stacks = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_ptr_array_add (b.stacks, g_array_new (FALSE, FALSE, sizeof (Frame)));
  b.stack = g_ptr_array_index (b.stacks, 0);
  b.last_root = CT_MODEL_NONE;
  b.pending_args = g_array_new (FALSE, FALSE, sizeof (guint32));

  pipe.reader = reader;
  pipe.func = func;
  pipe.user_data = user_data;
  pipe.cancellable = cancellable;
  g_mutex_init (&pipe.lock);
  g_cond_init (&pipe.cond);
  for (guint i = 0; i < QUEUE_BLOCKS; i++)
    pipe.blocks[i] = g_new0 (Block, 1);

  thread = g_thread_new ("ct-model-read", reader_main, &pipe);

  for (;;)
    {
      Block *block;

      /* Waiting queries may come in while the next block is decoded */
      g_mutex_unlock (&self->lock);
      g_mutex_lock (&pipe.lock);
      while (!pipe.done && pipe.consumed == pipe.produced)
        g_cond_wait (&pipe.cond, &pipe.lock);
      block = pipe.consumed < pipe.produced ? pipe.blocks[pipe.consumed % QUEUE_BLOCKS] : NULL;
      g_mutex_unlock (&pipe.lock);
      g_mutex_lock (&self->lock);

      if (block == NULL)
        break;

      yield (self);
      for (guint i = 0; i < block->n; i++)
        on_record (&b, &block->records[i]);
      _ct_model_set_fraction (self, block->fraction);

      g_mutex_lock (&pipe.lock);
      pipe.consumed++;
      g_cond_broadcast (&pipe.cond);
      g_mutex_unlock (&pipe.lock);
    }

  g_thread_join (thread);
  local_error = pipe.error;

  finish (&b);

  for (guint i = 0; i < QUEUE_BLOCKS; i++)
    g_free (pipe.blocks[i]);
  g_mutex_clear (&pipe.lock);
  g_cond_clear (&pipe.cond);
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
