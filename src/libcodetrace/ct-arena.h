/* ct-arena.h
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A bump allocator for the data of one event. Readers reset it before each
 * event, so decoding allocates nothing from malloc in the steady state and
 * memory stays bounded by the largest single event. */
typedef struct _CtArena CtArena;

CtArena  *ct_arena_new     (void);
void      ct_arena_free    (CtArena    *arena);
void      ct_arena_reset   (CtArena    *arena);
gpointer  ct_arena_alloc   (CtArena    *arena,
                            gsize       size);
gpointer  ct_arena_alloc0  (CtArena    *arena,
                            gsize       size);
char     *ct_arena_strndup (CtArena    *arena,
                            const char *str,
                            gsize       len);
gsize     ct_arena_get_size (CtArena   *arena);

#define ct_arena_new0(arena, Type, n) ((Type *) ct_arena_alloc0 ((arena), sizeof (Type) * (n)))

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CtArena, ct_arena_free)

G_END_DECLS
