/* ct-reader-private.h: what the library's own consumers of a CtReader use
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-reader.h"

G_BEGIN_DECLS

/* Like ct_reader_next(), but hands over every event the reader has decoded
 * ahead (at least one), for a consumer that walks millions of them (the
 * model builder): the per-event calls cost as much as what it does with a
 * Step. *n_events events; *offsets their byte offsets (as
 * ct_reader_get_offset() would give); *first_index the index of the first.
 * They stay valid until the next call. Afterwards the reader stands after
 * the last of them, as if each had been read with ct_reader_next(). */
const CtEvent *_ct_reader_next_run (CtReader        *self,
                                    guint           *n_events,
                                    const guint64  **offsets,
                                    guint64         *first_index,
                                    GError         **error);

G_END_DECLS
