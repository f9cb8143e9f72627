/* ct-arena.c
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ct-arena.h"

#define CT_ARENA_BLOCK_SIZE (64 * 1024)

typedef struct _CtArenaBlock CtArenaBlock;

struct _CtArenaBlock
{
  CtArenaBlock *next;
  gsize         size;
  gsize         used;
  /* data follows, 16-byte aligned */
};

struct _CtArena
{
  CtArenaBlock *first; /* kept across resets: the common case never mallocs */
  CtArenaBlock *current;
  CtArenaBlock *big;   /* oversized blocks, freed on reset */
  gsize         total;
};

#define BLOCK_DATA(b) ((guint8 *) (b) + ((sizeof (CtArenaBlock) + 15) & ~(gsize) 15))

static CtArenaBlock *
block_new (gsize size)
{
  CtArenaBlock *b = g_malloc (((sizeof (CtArenaBlock) + 15) & ~(gsize) 15) + size);

  b->next = NULL;
  b->size = size;
  b->used = 0;
  return b;
}

CtArena *
ct_arena_new (void)
{
  CtArena *arena = g_new0 (CtArena, 1);

  arena->first = arena->current = block_new (CT_ARENA_BLOCK_SIZE);
  return arena;
}

static void
free_chain (CtArenaBlock *b)
{
  while (b != NULL)
    {
      CtArenaBlock *next = b->next;
      g_free (b);
      b = next;
    }
}

void
ct_arena_reset (CtArena *arena)
{
  if (G_LIKELY (arena->first->next == NULL && arena->big == NULL))
    {
      /* The common case, once per event: nothing was ever grown. */
      arena->first->used = 0;
      arena->total = 0;
      return;
    }

  /* Keep the first block only; blocks grown for one huge event go away so
   * that a single 100 MB string does not pin 100 MB for the rest of a read. */
  free_chain (arena->first->next);
  arena->first->next = NULL;
  arena->first->used = 0;
  arena->current = arena->first;
  free_chain (arena->big);
  arena->big = NULL;
  arena->total = 0;
}

void
ct_arena_free (CtArena *arena)
{
  if (arena == NULL)
    return;
  free_chain (arena->first);
  free_chain (arena->big);
  g_free (arena);
}

gpointer
ct_arena_alloc (CtArena *arena,
                gsize    size)
{
  CtArenaBlock *b = arena->current;
  gpointer ret;

  size = (size + 7) & ~(gsize) 7;
  arena->total += size;

  if (G_LIKELY (b->size - b->used >= size))
    {
      ret = BLOCK_DATA (b) + b->used;
      b->used += size;
      return ret;
    }

  if (size > CT_ARENA_BLOCK_SIZE / 4)
    {
      CtArenaBlock *big = block_new (size);
      big->next = arena->big;
      arena->big = big;
      big->used = size;
      return BLOCK_DATA (big);
    }

  b = block_new (CT_ARENA_BLOCK_SIZE);
  b->next = arena->current->next;
  arena->current->next = b;
  arena->current = b;
  b->used = size;
  return BLOCK_DATA (b);
}

gpointer
ct_arena_alloc0 (CtArena *arena,
                 gsize    size)
{
  gpointer p = ct_arena_alloc (arena, size);

  memset (p, 0, size);
  return p;
}

char *
ct_arena_strndup (CtArena    *arena,
                  const char *str,
                  gsize       len)
{
  char *p = ct_arena_alloc (arena, len + 1);

  if (len > 0)
    memcpy (p, str, len);
  p[len] = '\0';
  return p;
}

gsize
ct_arena_get_size (CtArena *arena)
{
  return arena->total;
}
