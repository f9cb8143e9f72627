/* ct-model-private.h: the compact index behind CtModel
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-model.h"

G_BEGIN_DECLS

/* 16 bytes per step: where it ran, in which call, and where its event is.
 * The step's Value events follow it in the stream, so the offset is all
 * the lazy decoder needs. */
typedef struct
{
  guint32 loc;    /* index into locs: the (path, line) pair */
  guint32 call;   /* CT_MODEL_NONE when no call was open */
  guint64 offset; /* of the Step event (decompressed stream for v1) */
} CtStepRec;

/* Every CT_MODEL_CHECKPOINT_EVERY-th step keeps its event index, so that a
 * seek can be given one: the decoder seeks to the checkpoint and reads
 * forward to the wanted offset (at most that many steps' events). */
#define CT_MODEL_CHECKPOINT_SHIFT 4
#define CT_MODEL_CHECKPOINT_EVERY (1u << CT_MODEL_CHECKPOINT_SHIFT)

/* Answers of ct_model_get_variables() (step) and ct_model_get_call_args()
 * (call) kept for the next asks: CtModelValue* arrays */
#define CT_VALUES_CACHE_SIZE 6

typedef enum
{
  CT_VALUES_CACHE_FREE,
  CT_VALUES_CACHE_STEP,
  CT_VALUES_CACHE_ARGS,
} CtValuesCacheKind;

typedef struct
{
  CtValuesCacheKind kind;
  guint32           key;
  GPtrArray        *values;
} CtValuesCacheEntry;

#define CT_LOC_CACHE_SIZE 256

/* Internal-only call flag: still open while loading */
#define CT_CALL_OPEN (1u << 7)

/* 52 bytes per call */
typedef struct
{
  guint32 function_id;  /* CT_MODEL_NONE for the implicit top-level call */
  guint32 parent;
  guint32 depth;
  guint32 first_step;   /* first step of the call or its callees */
  guint32 last_step;    /* set on Return / at the end; open calls: the last step so far */
  guint32 first_child;
  guint32 next_sibling;
  guint32 args_step;    /* the step its args belong to (FORMAT.md section 3) */
  guint32 flags_thread; /* low 8 bits CtModelCallFlags | CT_CALL_OPEN, then thread */
  guint32 call_offset_lo, call_offset_hi;     /* of the Call event */
  guint32 return_offset_lo, return_offset_hi; /* of the Return event */
} CtCallRec;

#define CT_CALL_FLAGS(c)  ((c)->flags_thread & 0xff)
#define CT_CALL_THREAD(c) ((c)->flags_thread >> 8)
#define CT_U64(lo, hi)    (((guint64) (hi) << 32) | (lo))

/* A (path, line) pair and the steps that ran it, in order: the line index */
typedef struct
{
  guint32  path_id;
  guint32  line;
  guint32 *steps;
  guint32  n_steps;
  guint32  alloc;
} CtLoc;

typedef struct
{
  guint32 step;
  guint32 kind;
  char   *metadata;
  char   *content;
} CtIoRec;

typedef struct
{
  guint32 path_id;
  guint32 line;
  char   *name;
} CtFunctionRec;

/* Min depth per block of 64 steps, then per 64 blocks, ...: "next step at
 * depth <= d" in O(64 · levels) = O(log n). */
#define CT_DEPTH_LEVELS 5
#define CT_DEPTH_FANOUT_SHIFT 6

struct _CtModel
{
  GObject     parent_instance;

  char       *trace_file;

  /* Queries take `lock`; the builder holds it while it loads and lets
   * waiting readers in every few thousand events (see _ct_model_yield). */
  GMutex      lock;
  GCond       cond;
  gint        n_waiting;
  gint        loading;   /* atomic: a load is running */
  gint        loaded;    /* atomic */
  gint        fraction_ppm; /* atomic */
  gint        notify_pending; /* atomic */
  GMainContext *notify_context; /* of the load_async caller */
  GError     *stop_error;

  GArray     *steps;       /* CtStepRec */
  GArray     *checkpoints; /* guint64 event index of every 16th step */
  /* The first event indexed: where values before the first step (the
   * args of calls made before it) are read from, without reopening. */
  gboolean    have_start;
  guint64     start_index;
  guint64     start_offset;
  GArray     *calls;       /* CtCallRec */
  guint32     first_root;
  guint32     max_depth;
  GArray     *locs;        /* CtLoc */
  GHashTable *loc_ids;     /* (path << 32 | line) -> loc + 1 */
  /* In front of loc_ids while building: a loop runs the same few lines
   * again and again, and a hash table lookup per step costs more than the
   * rest of the step's indexing. Direct-mapped; value loc + 1, 0 empty. */
  guint64     loc_cache_keys[CT_LOC_CACHE_SIZE];
  guint32     loc_cache_values[CT_LOC_CACHE_SIZE];
  GArray     *io;          /* CtIoRec */
  GArray     *depth_min[CT_DEPTH_LEVELS]; /* guint32 */

  GPtrArray  *paths;
  GArray     *functions;   /* CtFunctionRec */
  GPtrArray  *variable_names;
  GPtrArray  *type_names;

  /* lazy values: one reader, used under values_lock */
  GMutex      values_lock;
  CtReader   *values_reader;
  gboolean    values_reader_seeks;
  gboolean    values_fresh;       /* nothing read since it was opened or seeked */
  guint64     values_last_offset; /* of the last event it returned */
  /* The last answers, under values_lock: one step's values go to several
   * panels, and the step before's are what "changed" compares with. */
  CtValuesCacheEntry values_cache[CT_VALUES_CACHE_SIZE];
  guint       values_cache_next;
};

/* ct-model.c */
void     _ct_model_lock             (CtModel   *self);
void     _ct_model_unlock           (CtModel   *self);
void     _ct_model_set_fraction     (CtModel   *self,
                                     double     fraction);
static inline guint32
_ct_model_step_depth (CtModel *self,
                      guint32  step)
{
  const CtStepRec *s = &g_array_index (self->steps, CtStepRec, step);

  if (s->call == CT_MODEL_NONE)
    return 0;
  return g_array_index (self->calls, CtCallRec, s->call).depth;
}
guint32  _ct_model_call_last_step   (CtModel   *self,
                                     guint32    call);

/* ct-model-builder.c: the one pass. Called with the lock held; returns
 * with it held. */
gboolean _ct_model_build            (CtModel       *self,
                                     CtReader      *reader,
                                     CtModelEventFunc func,
                                     gpointer       user_data,
                                     GCancellable  *cancellable,
                                     GError       **error);

/* ct-model-nav.c */
void     _ct_model_depth_append     (CtModel   *self,
                                     guint32    step,
                                     guint32    depth);
/* after the step at `step` changed its depth or was removed */
void     _ct_model_depth_refresh    (CtModel   *self,
                                     guint32    step);

/* ct-line-index.c */
guint32  _ct_line_index_intern      (CtModel   *self,
                                     guint32    path_id,
                                     guint32    line);
void     _ct_line_index_append      (CtLoc     *loc,
                                     guint32    step);
gint64   _ct_line_index_lookup      (CtModel   *self,
                                     guint32    path_id,
                                     guint32    line);
void     _ct_line_index_trim        (CtModel   *self);

/* ct-model-values.c */
void     _ct_model_values_clear     (CtModel   *self);

G_END_DECLS
