/* ct-line-index.c: for each (path, line), the steps that ran it
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ct-model-private.h"

/* Each step belongs to exactly one (path, line) pair, so the lists add up
 * to 4 bytes per step (plus slack while loading, trimmed at the end). The
 * step array refers to the pair by its index, which keeps steps small. */

guint32
_ct_line_index_intern (CtModel *self,
                       guint32  path_id,
                       guint32  line)
{
  guint64 key = ((guint64) path_id << 32) | line;
  guint slot = (guint) ((key * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)) >> 56) % CT_LOC_CACHE_SIZE;
  gpointer value;
  CtLoc loc = { 0 };
  guint64 *owned;

  if (G_LIKELY (self->loc_cache_values[slot] != 0 && self->loc_cache_keys[slot] == key))
    return self->loc_cache_values[slot] - 1;

  value = g_hash_table_lookup (self->loc_ids, &key);
  if (G_LIKELY (value != NULL))
    {
      self->loc_cache_keys[slot] = key;
      self->loc_cache_values[slot] = GPOINTER_TO_UINT (value);
      return GPOINTER_TO_UINT (value) - 1;
    }

  loc.path_id = path_id;
  loc.line = line;
  g_array_append_val (self->locs, loc);

  owned = g_new (guint64, 1);
  *owned = key;
  g_hash_table_insert (self->loc_ids, owned, GUINT_TO_POINTER (self->locs->len));
  self->loc_cache_keys[slot] = key;
  self->loc_cache_values[slot] = self->locs->len;
  return self->locs->len - 1;
}

void
_ct_line_index_append (CtLoc   *loc,
                       guint32  step)
{
  if (G_UNLIKELY (loc->n_steps == loc->alloc))
    {
      loc->alloc = MAX (8, loc->alloc + loc->alloc / 2);
      loc->steps = g_renew (guint32, loc->steps, loc->alloc);
    }
  loc->steps[loc->n_steps++] = step;
}

/* The loc index of (path_id, line), or -1 */
gint64
_ct_line_index_lookup (CtModel *self,
                       guint32  path_id,
                       guint32  line)
{
  guint64 key = ((guint64) path_id << 32) | line;
  gpointer value = g_hash_table_lookup (self->loc_ids, &key);

  return value != NULL ? (gint64) GPOINTER_TO_UINT (value) - 1 : -1;
}

/* Gives back the slack once the trace is loaded */
void
_ct_line_index_trim (CtModel *self)
{
  for (guint i = 0; i < self->locs->len; i++)
    {
      CtLoc *loc = &g_array_index (self->locs, CtLoc, i);

      if (loc->alloc > loc->n_steps)
        {
          loc->alloc = MAX (loc->n_steps, 1);
          loc->steps = g_renew (guint32, loc->steps, loc->alloc);
        }
    }
}
