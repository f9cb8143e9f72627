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

/* The most events one _ct_item_stream_next_batch() call returns. */
#define CT_ITEM_STREAM_MAX_BATCH 64

/* Optional, for a source that holds its bytes in memory already (a
 * decompressed v1 frame): sets *data to its next bytes and returns how many;
 * they stay valid until the next call of either function. Returns 0 at the
 * end, -1 on error, CT_ITEM_STREAM_COPY when the bytes are to be copied with
 * the read function for now. Events are decoded straight from those bytes;
 * only one that runs over the end of a chunk is copied, with the start of
 * the next, into the stream's own buffer. */
typedef gssize (*CtItemStreamBorrow) (gpointer        user_data,
                                      const guint8  **data,
                                      GError        **error);
#define CT_ITEM_STREAM_COPY (-2)

typedef struct _CtItemStream CtItemStream;

CtItemStream *_ct_item_stream_new  (CtTokenizer       *tokenizer,
                                    CtItemStreamRead   read,
                                    gpointer           user_data);
CtItemStream *_ct_item_stream_new_borrowing (CtTokenizer        *tokenizer,
                                             CtItemStreamRead    read,
                                             CtItemStreamBorrow  borrow,
                                             gpointer            user_data);
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

/* Decodes, without refilling, the run of common events that lie whole in
 * the buffer (the tokenizer's fast_batch), up to max; 0 when there is none
 * or the tokenizer has no fast_batch: then _ct_item_stream_next() reads the
 * next event the general way. Resets the arena first. */
guint         _ct_item_stream_next_batch (CtItemStream *self,
                                          CtArena      *arena,
                                          CtEvent      *events,
                                          guint64      *offsets,
                                          guint         max);

G_END_DECLS
