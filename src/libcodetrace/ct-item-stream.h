/* ct-item-stream.h
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-codec-private.h"

G_BEGIN_DECLS

/* Feeds a tokenizer from a byte source in bounded memory, decoding one event
 * at a time. The buffer holds at least one whole event: when an event runs
 * past its end, the stream moves the unread tail to the front, reads more (or
 * grows the buffer for an event larger than it) and decodes the event again. */

/* Reads up to len bytes into buf; returns 0 at the end of the input, -1 on
 * error. */
typedef gssize (*CtItemStreamRead) (gpointer   user_data,
                                    guint8    *buf,
                                    gsize      len,
                                    GError   **error);

typedef struct _CtItemStream CtItemStream;

CtItemStream *_ct_item_stream_new  (CtTokenizer       *tokenizer,
                                    CtItemStreamRead   read,
                                    gpointer           user_data);
void          _ct_item_stream_free (CtItemStream      *self);
/* Forgets the buffer and continues at `offset`, the first byte of an item:
 * the caller has already positioned the byte source there. */
void          _ct_item_stream_seek (CtItemStream      *self,
                                    guint64            offset);
/* *offset: the stream offset of the event's first byte, or on error of the
 * damage. */
CtReadStatus  _ct_item_stream_next (CtItemStream      *self,
                                    CtArena           *arena,
                                    CtEvent           *event,
                                    guint64           *offset,
                                    GError           **error);

G_END_DECLS
