/* inspector-timeline-layout.c
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "inspector-timeline-layout.h"

/* Level 0 keeps one guint16 depth per step (2 bytes a step); level k ≥ 1
 * keeps one Block per FANOUT elements of level k - 1 (12 bytes per 16), up
 * to a level with a single block. A query walks up from both ends of the
 * range, so it reads at most 2 · FANOUT elements per level. */
#define FANOUT_SHIFT 4
#define FANOUT       (1u << FANOUT_SHIFT)
#define MAX_LEVELS   9 /* 16^8 > 2^32 */

typedef struct
{
  guint16 min_depth;
  guint16 max_depth;
  guint32 min_step;
  guint32 max_step;
} Block;

struct _InspectorTimelineLayout
{
  GArray *depths;             /* guint16, level 0 */
  GArray *levels[MAX_LEVELS]; /* Block; levels[0] unused */
  guint   n_levels;           /* levels in use, counting level 0 */
};

static inline double
position_at_x (double start,
               double end,
               double width,
               double x)
{
  return start + x / width * (end - start);
}

guint32
inspector_timeline_layout_step_at_x (double  start,
                                     double  end,
                                     double  width,
                                     double  x,
                                     guint32 n_steps)
{
  double pos;

  if (n_steps == 0)
    return INSPECTOR_TIMELINE_NONE;
  if (width <= 0)
    return CLAMP (start, 0, n_steps - 1);

  pos = floor (position_at_x (start, end, width, x));
  if (pos < 0)
    return 0;
  if (pos >= n_steps)
    return n_steps - 1;
  return (guint32) pos;
}

double
inspector_timeline_layout_x_at_step (double start,
                                     double end,
                                     double width,
                                     double step)
{
  if (end <= start)
    return 0;
  return (step - start) / (end - start) * width;
}

void
inspector_timeline_layout_clamp (double *start,
                                 double *end,
                                 double  n_steps,
                                 double  min_span)
{
  double span;

  g_assert (start != NULL);
  g_assert (end != NULL);

  if (n_steps <= 0)
    {
      *start = 0;
      *end = 0;
      return;
    }

  min_span = MIN (MAX (min_span, 1e-6), n_steps);
  span = *end - *start;
  if (!(span >= min_span))     /* also NaN */
    {
      double center = isfinite (*start + span / 2) ? *start + span / 2 : 0;

      span = min_span;
      *start = center - span / 2;
    }
  span = MIN (span, n_steps);
  if (!isfinite (*start) || *start < 0)
    *start = 0;
  if (*start + span > n_steps)
    *start = n_steps - span;
  *end = *start + span;
}

void
inspector_timeline_layout_zoom (double *start,
                                double *end,
                                double  anchor,
                                double  factor,
                                double  n_steps,
                                double  min_span)
{
  double span, new_span, ratio;

  g_assert (start != NULL);
  g_assert (end != NULL);

  span = *end - *start;
  if (span <= 0 || factor <= 0 || n_steps <= 0)
    {
      inspector_timeline_layout_clamp (start, end, n_steps, min_span);
      return;
    }

  new_span = CLAMP (span * factor, MIN (min_span, n_steps), n_steps);
  ratio = (anchor - *start) / span;
  *start = anchor - ratio * new_span;
  *end = *start + new_span;
  inspector_timeline_layout_clamp (start, end, n_steps, min_span);
}

void
inspector_timeline_layout_pan (double *start,
                               double *end,
                               double  delta,
                               double  n_steps)
{
  double span;

  g_assert (start != NULL);
  g_assert (end != NULL);

  span = *end - *start;
  *start += delta;
  *end = *start + span;
  inspector_timeline_layout_clamp (start, end, n_steps, span);
}

guint
inspector_timeline_layout_lower_bound (guint                    n,
                                       InspectorTimelineGetFunc get,
                                       gpointer                 user_data,
                                       guint32                  value)
{
  guint lo = 0, hi = n;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (get (mid, user_data) < value)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

InspectorTimelineLayout *
inspector_timeline_layout_new (void)
{
  InspectorTimelineLayout *self = g_new0 (InspectorTimelineLayout, 1);

  self->depths = g_array_new (FALSE, FALSE, sizeof (guint16));
  self->n_levels = 1;
  return self;
}

void
inspector_timeline_layout_free (InspectorTimelineLayout *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->depths);
  for (guint i = 1; i < MAX_LEVELS; i++)
    g_clear_pointer (&self->levels[i], g_array_unref);
  g_free (self);
}

guint32
inspector_timeline_layout_get_n_steps (InspectorTimelineLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->depths->len;
}

gsize
inspector_timeline_layout_get_size (InspectorTimelineLayout *self)
{
  gsize size;

  g_return_val_if_fail (self != NULL, 0);

  size = sizeof *self + (gsize) self->depths->len * sizeof (guint16);
  for (guint i = 1; i < self->n_levels; i++)
    size += (gsize) self->levels[i]->len * sizeof (Block);
  return size;
}

static inline void
merge (Block   *acc,
       guint32  min_depth,
       guint32  max_depth,
       guint32  min_step,
       guint32  max_step)
{
  if (min_depth < acc->min_depth ||
      (min_depth == acc->min_depth && min_step < acc->min_step))
    {
      acc->min_depth = min_depth;
      acc->min_step = min_step;
    }
  if (max_depth > acc->max_depth ||
      (max_depth == acc->max_depth && max_step < acc->max_step))
    {
      acc->max_depth = max_depth;
      acc->max_step = max_step;
    }
}

static inline void
merge_element (InspectorTimelineLayout *self,
               guint                    level,
               guint32                  index,
               Block                   *acc)
{
  if (level == 0)
    {
      guint16 d = g_array_index (self->depths, guint16, index);

      merge (acc, d, d, index, index);
    }
  else
    {
      const Block *b = &g_array_index (self->levels[level], Block, index);

      merge (acc, b->min_depth, b->max_depth, b->min_step, b->max_step);
    }
}

static inline guint32
level_len (InspectorTimelineLayout *self,
           guint                    level)
{
  return level == 0 ? self->depths->len : self->levels[level]->len;
}

static inline void
block_init (Block *acc)
{
  acc->min_depth = G_MAXUINT16;
  acc->max_depth = 0;
  acc->min_step = G_MAXUINT32;
  acc->max_step = G_MAXUINT32;
}

void
inspector_timeline_layout_append (InspectorTimelineLayout *self,
                                  const guint32           *depths,
                                  gsize                    n)
{
  guint32 dirty; /* first element of the current level that changed */

  g_return_if_fail (self != NULL);
  g_return_if_fail (depths != NULL || n == 0);
  g_return_if_fail ((guint64) self->depths->len + n < G_MAXUINT32);

  if (n == 0)
    return;

  dirty = self->depths->len;
  g_array_set_size (self->depths, self->depths->len + n);
  for (gsize i = 0; i < n; i++)
    g_array_index (self->depths, guint16, dirty + i) = MIN (depths[i], G_MAXUINT16);

  /* Recompute, level by level, the blocks over the changed elements */
  for (guint level = 1; level < MAX_LEVELS; level++)
    {
      guint32 below = level_len (self, level - 1);
      guint32 n_blocks;
      guint32 first_block;

      if (below <= 1 && level >= self->n_levels)
        break;

      if (level >= self->n_levels)
        {
          self->levels[level] = g_array_new (FALSE, FALSE, sizeof (Block));
          self->n_levels = level + 1;
        }

      n_blocks = (below + FANOUT - 1) >> FANOUT_SHIFT;
      first_block = dirty >> FANOUT_SHIFT;
      g_array_set_size (self->levels[level], n_blocks);

      for (guint32 b = first_block; b < n_blocks; b++)
        {
          Block *block = &g_array_index (self->levels[level], Block, b);
          guint32 lo = b << FANOUT_SHIFT;
          guint32 hi = MIN (lo + FANOUT, below);

          block_init (block);
          for (guint32 i = lo; i < hi; i++)
            merge_element (self, level - 1, i, block);
        }
      dirty = first_block;
    }
}

gboolean
inspector_timeline_layout_query (InspectorTimelineLayout *self,
                                 guint32                  first,
                                 guint32                  end,
                                 InspectorTimelineColumn *out)
{
  Block acc;
  guint32 lo, hi;
  guint level = 0;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  end = MIN (end, self->depths->len);
  if (first >= end)
    return FALSE;

  block_init (&acc);
  lo = first;
  hi = end;
  for (;;)
    {
      while (lo < hi && (lo & (FANOUT - 1)) != 0)
        merge_element (self, level, lo++, &acc);
      while (lo < hi && (hi & (FANOUT - 1)) != 0)
        merge_element (self, level, --hi, &acc);
      if (lo >= hi)
        break;

      if (level + 1 >= self->n_levels)
        {
          /* the top level: aligned, at most one block */
          while (lo < hi)
            merge_element (self, level, lo++, &acc);
          break;
        }
      lo >>= FANOUT_SHIFT;
      hi >>= FANOUT_SHIFT;
      level++;
    }

  out->first_step = first;
  out->end_step = end;
  out->min_depth = acc.min_depth;
  out->max_depth = acc.max_depth;
  out->min_step = acc.min_step;
  out->max_step = acc.max_step;
  out->exact = TRUE;
  return TRUE;
}

static void
sample_range (guint32                     first,
              guint32                     end,
              guint                       samples,
              InspectorTimelineDepthFunc  depth_func,
              gpointer                    user_data,
              Block                      *acc)
{
  guint32 span = end - first;

  if (span <= samples)
    {
      for (guint32 s = first; s < end; s++)
        {
          guint32 d = MIN (depth_func (s, user_data), G_MAXUINT16);

          merge (acc, d, d, s, s);
        }
      return;
    }

  for (guint i = 0; i < samples; i++)
    {
      guint32 s = first + (guint32) (((guint64) span * i) / samples);
      guint32 d = MIN (depth_func (s, user_data), G_MAXUINT16);

      merge (acc, d, d, s, s);
    }
}

void
inspector_timeline_layout_summarize (InspectorTimelineLayout    *self,
                                     double                      start,
                                     double                      end,
                                     guint                       width,
                                     guint32                     n_steps,
                                     InspectorTimelineDepthFunc  depth_func,
                                     gpointer                    user_data,
                                     guint                       samples,
                                     InspectorTimelineColumn    *columns)
{
  guint32 covered;

  g_return_if_fail (self != NULL);
  g_return_if_fail (columns != NULL || width == 0);

  covered = MIN (self->depths->len, n_steps);
  samples = MAX (samples, 1);

  for (guint c = 0; c < width; c++)
    {
      InspectorTimelineColumn *col = &columns[c];
      double a = floor (position_at_x (start, end, width, c));
      double b = floor (position_at_x (start, end, width, c + 1));
      guint32 first, last;
      Block acc;

      memset (col, 0, sizeof *col);
      col->first_step = INSPECTOR_TIMELINE_NONE;
      col->min_step = INSPECTOR_TIMELINE_NONE;
      col->max_step = INSPECTOR_TIMELINE_NONE;

      if (a < 0)
        a = 0;
      if (b <= a)
        b = a + 1;
      if (a >= n_steps)
        continue;
      first = (guint32) a;
      last = (guint32) MIN (b, (double) n_steps);

      col->first_step = first;
      col->end_step = last;
      col->exact = TRUE;

      block_init (&acc);
      if (first < covered)
        {
          InspectorTimelineColumn part;

          if (inspector_timeline_layout_query (self, first, MIN (last, covered), &part))
            merge (&acc, part.min_depth, part.max_depth, part.min_step, part.max_step);
        }
      if (last > covered && depth_func != NULL)
        {
          sample_range (MAX (first, covered), last, samples, depth_func, user_data, &acc);
          col->exact = (last - MAX (first, covered)) <= samples;
        }

      if (acc.min_step == G_MAXUINT32)
        {
          /* nothing known about it yet */
          col->first_step = INSPECTOR_TIMELINE_NONE;
          continue;
        }
      col->min_depth = acc.min_depth;
      col->max_depth = acc.max_depth;
      col->min_step = acc.min_step;
      col->max_step = acc.max_step;
    }
}
