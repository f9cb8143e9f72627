/* ct-model-nav.c: navigation queries over the step index
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ct-model-private.h"

/* Complexity, n = steps:
 *  - next/previous step, call at a step, first/last step of a call: O(1)
 *  - call stack at a step: O(depth)
 *  - next/previous step on a line: O(log n), binary search in the line's list
 *  - step over / step out, both ways: O(64 · CT_DEPTH_LEVELS) per candidate
 *    via a tree of per-block minimum depths ("next step at depth <= d"),
 *    plus the walk up the parents to check the candidate is the call or a
 *    caller. One candidate suffices in a single-threaded trace except when
 *    the call returned into a caller that at once made another call; with
 *    threads, steps of other threads are skipped one candidate at a time. */

#define FANOUT       (1u << CT_DEPTH_FANOUT_SHIFT)
#define LEVEL_SHIFT(k) (CT_DEPTH_FANOUT_SHIFT * ((k) + 1))

static inline guint32
level_get (CtModel *self,
           guint    k,
           guint64  i)
{
  return g_array_index (self->depth_min[k], guint32, i);
}

void
_ct_model_depth_append (CtModel *self,
                        guint32  step,
                        guint32  depth)
{
  GArray *level0 = self->depth_min[0];
  guint64 i0 = (guint64) step >> LEVEL_SHIFT (0);

  /* Most steps change nothing: every level above holds the minimum of a
   * block that contains this one, so it is no larger either. */
  if (G_LIKELY (i0 < level0->len && depth >= g_array_index (level0, guint32, i0)))
    return;

  for (guint k = 0; k < CT_DEPTH_LEVELS; k++)
    {
      GArray *level = self->depth_min[k];
      guint64 i = (guint64) step >> LEVEL_SHIFT (k);

      if (i == level->len)
        g_array_append_val (level, depth);
      else if (depth < g_array_index (level, guint32, i))
        g_array_index (level, guint32, i) = depth;
    }
}

void
_ct_model_depth_refresh (CtModel *self,
                         guint32  step)
{
  guint64 n = self->steps->len;
  guint64 child_len = n;

  for (guint k = 0; k < CT_DEPTH_LEVELS; k++)
    {
      GArray *level = self->depth_min[k];
      guint64 len = (child_len + FANOUT - 1) / FANOUT;
      guint64 i = (guint64) step >> LEVEL_SHIFT (k);

      g_array_set_size (level, len);
      if (i < len)
        {
          guint64 start = i * FANOUT;
          guint64 end = MIN (start + FANOUT, child_len);
          guint32 min = G_MAXUINT32;

          for (guint64 j = start; j < end; j++)
            {
              guint32 d = k == 0 ? _ct_model_step_depth (self, (guint32) j) : level_get (self, k - 1, j);

              min = MIN (min, d);
            }
          g_array_index (level, guint32, i) = min;
        }
      child_len = len;
    }
}

/* The first step >= from at depth <= d, or CT_MODEL_NONE */
static guint32
next_leq (CtModel *self,
          guint64  from,
          guint32  d)
{
  guint64 n = self->steps->len;
  guint64 idx;
  guint k = 0;

  /* the rest of from's block, one by one */
  for (; from < n && (from % FANOUT) != 0; from++)
    if (_ct_model_step_depth (self, from) <= d)
      return from;
  if (from >= n)
    return CT_MODEL_NONE;

  /* climb while whole blocks are too deep, then descend into the first
   * block that has a step shallow enough */
  idx = from / FANOUT;
  for (;;)
    {
      if (idx >= self->depth_min[k]->len)
        return CT_MODEL_NONE;
      if (level_get (self, k, idx) <= d)
        break;
      idx++;
      while ((idx % FANOUT) == 0 && k + 1 < CT_DEPTH_LEVELS)
        {
          idx /= FANOUT;
          k++;
        }
    }
  while (k > 0)
    {
      k--;
      idx *= FANOUT;
      while (level_get (self, k, idx) > d)
        idx++;
    }
  for (guint64 t = idx * FANOUT; t < n; t++)
    if (_ct_model_step_depth (self, t) <= d)
      return t;
  g_return_val_if_reached (CT_MODEL_NONE);
}

/* The last step <= from at depth <= d, or CT_MODEL_NONE */
static guint32
prev_leq (CtModel *self,
          gint64   from,
          guint32  d)
{
  gint64 idx;
  guint k = 0;

  if (from < 0)
    return CT_MODEL_NONE;
  from = MIN (from, (gint64) self->steps->len - 1);

  for (;; from--)
    {
      if (from < 0)
        return CT_MODEL_NONE;
      if (_ct_model_step_depth (self, from) <= d)
        return from;
      if ((from % FANOUT) == 0)
        break;
    }

  idx = from / FANOUT - 1;
  for (;;)
    {
      if (idx < 0)
        return CT_MODEL_NONE;
      if (level_get (self, k, idx) <= d)
        break;
      if ((idx % FANOUT) == 0 && k + 1 < CT_DEPTH_LEVELS)
        {
          /* step to the previous parent block */
          while ((idx % FANOUT) == 0 && k + 1 < CT_DEPTH_LEVELS)
            {
              idx = idx / FANOUT;
              k++;
            }
          idx--;
        }
      else
        {
          idx--;
        }
    }
  while (k > 0)
    {
      gint64 last;

      k--;
      last = MIN (idx * FANOUT + FANOUT - 1, (gint64) self->depth_min[k]->len - 1);
      idx = last;
      while (level_get (self, k, idx) > d)
        idx--;
    }
  for (gint64 t = MIN (idx * FANOUT + FANOUT - 1, (gint64) self->steps->len - 1); t >= idx * FANOUT; t--)
    if (_ct_model_step_depth (self, t) <= d)
      return t;
  g_return_val_if_reached (CT_MODEL_NONE);
}

static inline guint32
step_call (CtModel *self,
           guint32  step)
{
  return g_array_index (self->steps, CtStepRec, step).call;
}

static inline guint32
call_depth (CtModel *self,
            guint32  call)
{
  return call == CT_MODEL_NONE ? 0 : g_array_index (self->calls, CtCallRec, call).depth;
}

/* TRUE when `a` is `c` or one of its callers; no call is everyone's caller */
static gboolean
is_caller_or_self (CtModel *self,
                   guint32  a,
                   guint32  c)
{
  guint32 da = call_depth (self, a);

  if (a == CT_MODEL_NONE)
    return TRUE;
  while (c != CT_MODEL_NONE && call_depth (self, c) > da)
    c = g_array_index (self->calls, CtCallRec, c).parent;
  return c == a;
}

/* The nearest step after (or before) `step` that runs in call `c` or a
 * caller of it, at depth <= threshold. */
static guint32
search (CtModel  *self,
        guint32   step,
        gboolean  forward,
        guint32   threshold,
        guint32   c)
{
  gint64 t = forward ? (gint64) step + 1 : (gint64) step - 1;
  guint32 c_thread = c == CT_MODEL_NONE ? 0 : CT_CALL_THREAD (&g_array_index (self->calls, CtCallRec, c));

  for (;;)
    {
      guint32 found = forward ? next_leq (self, t, threshold) : prev_leq (self, t, threshold);
      guint32 fc;

      if (found == CT_MODEL_NONE)
        return CT_MODEL_NONE;
      fc = step_call (self, found);
      if (is_caller_or_self (self, fc, c))
        return found;
      /* Same thread: this is a call the caller made after (or before) ours,
       * so only shallower steps can still be ours. Other thread: skip it. */
      if (fc != CT_MODEL_NONE && CT_CALL_THREAD (&g_array_index (self->calls, CtCallRec, fc)) == c_thread)
        {
          guint32 d = call_depth (self, fc);

          if (d == 0)
            return CT_MODEL_NONE;
          threshold = MIN (threshold, d - 1);
        }
      t = forward ? (gint64) found + 1 : (gint64) found - 1;
    }
}

typedef enum
{
  NAV_OVER,
  NAV_OVER_BACK,
  NAV_OUT,
  NAV_OUT_BACK,
} NavKind;

static guint32
navigate (CtModel *self,
          guint32  step,
          NavKind  kind)
{
  guint32 ret = CT_MODEL_NONE;

  _ct_model_lock (self);
  if (step < self->steps->len)
    {
      guint32 c = step_call (self, step);
      guint32 d = call_depth (self, c);

      switch (kind)
        {
        case NAV_OVER:
          ret = search (self, step, TRUE, d, c);
          break;
        case NAV_OVER_BACK:
          ret = search (self, step, FALSE, d, c);
          break;
        case NAV_OUT:
          if (d > 0)
            ret = search (self, step, TRUE, d - 1, c);
          break;
        case NAV_OUT_BACK:
          if (d > 0)
            ret = search (self, step, FALSE, d - 1, c);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  _ct_model_unlock (self);
  return ret;
}

guint32
ct_model_step_over (CtModel *self,
                    guint32  step)
{
  g_return_val_if_fail (CT_IS_MODEL (self), CT_MODEL_NONE);
  return navigate (self, step, NAV_OVER);
}

guint32
ct_model_step_over_backwards (CtModel *self,
                              guint32  step)
{
  g_return_val_if_fail (CT_IS_MODEL (self), CT_MODEL_NONE);
  return navigate (self, step, NAV_OVER_BACK);
}

guint32
ct_model_step_out (CtModel *self,
                   guint32  step)
{
  g_return_val_if_fail (CT_IS_MODEL (self), CT_MODEL_NONE);
  return navigate (self, step, NAV_OUT);
}

guint32
ct_model_step_out_backwards (CtModel *self,
                             guint32  step)
{
  g_return_val_if_fail (CT_IS_MODEL (self), CT_MODEL_NONE);
  return navigate (self, step, NAV_OUT_BACK);
}

guint32
ct_model_next_step (CtModel *self,
                    guint32  step)
{
  guint32 ret;

  g_return_val_if_fail (CT_IS_MODEL (self), CT_MODEL_NONE);

  _ct_model_lock (self);
  ret = (guint64) step + 1 < self->steps->len ? step + 1 : CT_MODEL_NONE;
  _ct_model_unlock (self);
  return ret;
}

guint32
ct_model_previous_step (CtModel *self,
                        guint32  step)
{
  guint32 ret;

  g_return_val_if_fail (CT_IS_MODEL (self), CT_MODEL_NONE);

  _ct_model_lock (self);
  ret = step > 0 && step != CT_MODEL_NONE && step - 1 < self->steps->len ? step - 1 : CT_MODEL_NONE;
  _ct_model_unlock (self);
  return ret;
}

guint32
ct_model_call_at (CtModel *self,
                  guint32  step)
{
  guint32 ret = CT_MODEL_NONE;

  g_return_val_if_fail (CT_IS_MODEL (self), CT_MODEL_NONE);

  _ct_model_lock (self);
  if (step < self->steps->len)
    ret = step_call (self, step);
  _ct_model_unlock (self);
  return ret;
}

GArray *
ct_model_get_call_stack (CtModel *self,
                         guint32  step)
{
  GArray *stack = g_array_new (FALSE, FALSE, sizeof (guint32));

  g_return_val_if_fail (CT_IS_MODEL (self), stack);

  _ct_model_lock (self);
  if (step < self->steps->len)
    {
      for (guint32 c = step_call (self, step);
           c != CT_MODEL_NONE;
           c = g_array_index (self->calls, CtCallRec, c).parent)
        g_array_append_val (stack, c);
    }
  _ct_model_unlock (self);
  return stack;
}

/* Index of the first entry > step (forward) in a sorted list */
static guint32
upper_bound (const guint32 *steps,
             guint32        n,
             guint32        step)
{
  guint32 lo = 0, hi = n;

  while (lo < hi)
    {
      guint32 mid = lo + (hi - lo) / 2;

      if (steps[mid] <= step)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static guint32
step_on_line (CtModel  *self,
              guint32   step,
              guint32   path_id,
              guint32   line,
              gboolean  forward)
{
  guint32 ret = CT_MODEL_NONE;
  gint64 loc_index;

  _ct_model_lock (self);
  loc_index = _ct_line_index_lookup (self, path_id, line);
  if (loc_index >= 0)
    {
      const CtLoc *loc = &g_array_index (self->locs, CtLoc, loc_index);

      if (forward)
        {
          guint32 i = step == CT_MODEL_NONE ? 0 : upper_bound (loc->steps, loc->n_steps, step);

          if (i < loc->n_steps)
            ret = loc->steps[i];
        }
      else
        {
          guint32 i;

          /* entries before i are < step */
          if (step == CT_MODEL_NONE)
            i = loc->n_steps;
          else if (step == 0)
            i = 0;
          else
            i = upper_bound (loc->steps, loc->n_steps, step - 1);
          if (i > 0)
            ret = loc->steps[i - 1];
        }
    }
  _ct_model_unlock (self);
  return ret;
}

/* `step` CT_MODEL_NONE: from the start (forward) or the end (backwards) */
guint32
ct_model_next_step_on_line (CtModel *self,
                            guint32  step,
                            guint32  path_id,
                            guint32  line)
{
  g_return_val_if_fail (CT_IS_MODEL (self), CT_MODEL_NONE);
  return step_on_line (self, step, path_id, line, TRUE);
}

guint32
ct_model_previous_step_on_line (CtModel *self,
                                guint32  step,
                                guint32  path_id,
                                guint32  line)
{
  g_return_val_if_fail (CT_IS_MODEL (self), CT_MODEL_NONE);
  return step_on_line (self, step, path_id, line, FALSE);
}

GArray *
ct_model_get_line_steps (CtModel *self,
                         guint32  path_id,
                         guint32  line)
{
  GArray *ret = g_array_new (FALSE, FALSE, sizeof (guint32));
  gint64 loc_index;

  g_return_val_if_fail (CT_IS_MODEL (self), ret);

  _ct_model_lock (self);
  loc_index = _ct_line_index_lookup (self, path_id, line);
  if (loc_index >= 0)
    {
      const CtLoc *loc = &g_array_index (self->locs, CtLoc, loc_index);

      g_array_append_vals (ret, loc->steps, loc->n_steps);
    }
  _ct_model_unlock (self);
  return ret;
}
