/* ct-item-stream.c
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ct-error.h"
#include "ct-item-stream.h"

#define CHUNK_SIZE (1024 * 1024)

struct _CtItemStream
{
  CtTokenizer      *tok;
  CtItemStreamRead  read;
  gpointer          user_data;
  guint8           *buf;
  gsize             alloc;
  guint64           base; /* stream offset of tok->buf[0] */
  gsize             min_read; /* bytes a refill waits for before decoding */

  /* Borrowing (see CtItemStreamBorrow): the source's latest chunk, the
   * stream offset of its first byte, and how much of it was copied into
   * buf. While in_chunk the tokenizer reads the chunk itself; otherwise buf
   * holds the bytes before the chunk and the first `chunk_taken` of it, and
   * the stream goes back to the chunk at the first item that starts there. */
  CtItemStreamBorrow borrow;
  const guint8     *chunk;
  gsize             chunk_len;
  guint64           chunk_base;
  gsize             chunk_taken;
  gboolean          in_chunk;
};

/* Bytes of the next chunk copied at first to finish an event that runs
 * over the end of a chunk; doubled while it is not enough. */
#define STITCH_MIN 1024

CtItemStream *
_ct_item_stream_new (CtTokenizer      *tokenizer,
                     CtItemStreamRead  read,
                     gpointer          user_data)
{
  CtItemStream *self = g_new0 (CtItemStream, 1);

  self->tok = tokenizer;
  self->read = read;
  self->user_data = user_data;
  self->alloc = CHUNK_SIZE;
  self->min_read = CHUNK_SIZE / 2;
  self->buf = g_malloc (self->alloc);
  self->tok->buf = self->buf;
  self->tok->len = 0;
  self->tok->pos = 0;
  self->tok->eof = FALSE;
  return self;
}

CtItemStream *
_ct_item_stream_new_borrowing (CtTokenizer        *tokenizer,
                              CtItemStreamRead    read,
                              CtItemStreamBorrow  borrow,
                              gpointer            user_data)
{
  CtItemStream *self = _ct_item_stream_new (tokenizer, read, user_data);

  self->borrow = borrow;
  return self;
}

void
_ct_item_stream_free (CtItemStream *self)
{
  if (self == NULL)
    return;
  g_free (self->tok);
  g_free (self->buf);
  g_free (self);
}

/* Drops the bytes before keep_from, then reads more input after what is left,
 * growing the buffer when keep_from is already at the front (one event is
 * larger than the buffer). */
static gboolean refill_borrowing (CtItemStream  *self,
                                  gsize          keep_from,
                                  GError       **error);

static gboolean
refill (CtItemStream  *self,
        gsize          keep_from,
        GError       **error)
{
  CtTokenizer *tok = self->tok;
  gsize kept = tok->len - keep_from;

  if (self->borrow != NULL)
    return refill_borrowing (self, keep_from, error);
  /* An item that already starts at the front and still needs more is a big
   * one: fill the whole (doubled) buffer before decoding it again, so that a
   * 100 MB string costs a few passes, not one per chunk. */
  gboolean fill = keep_from == 0 && kept > 0;
  gssize n;

  if (keep_from > 0)
    {
      memmove (self->buf, self->buf + keep_from, kept);
      self->base += keep_from;
    }
  else if (kept == self->alloc)
    {
      self->alloc *= 2;
      self->buf = g_realloc (self->buf, self->alloc);
    }

  tok->buf = self->buf;
  tok->len = kept;
  tok->pos -= keep_from;

  while (tok->len < self->alloc)
    {
      n = self->read (self->user_data, self->buf + tok->len,
                      fill ? self->alloc - tok->len : MIN (self->alloc - tok->len, 2 * self->min_read),
                      error);
      if (n < 0)
        return FALSE;
      if (n == 0)
        {
          tok->eof = TRUE;
          break;
        }
      tok->len += n;
      /* Enough to make progress. */
      if (!fill && tok->len - kept >= self->min_read)
        break;
    }
  /* After a seek the first read is small (a random access usually wants a
   * few events); sequential reading goes back to large reads. */
  self->min_read = CHUNK_SIZE / 2;

  return TRUE;
}

/* ---- borrowing ---- */

static void
own_reserve (CtItemStream *self,
             gsize         size)
{
  if (self->alloc >= size)
    return;
  while (self->alloc < size)
    self->alloc *= 2;
  self->buf = g_realloc (self->buf, self->alloc);
}

/* Decodes from the chunk from here on: called between items, once the
 * next item starts inside it. */
static inline void
enter_chunk (CtItemStream *self)
{
  CtTokenizer *tok = self->tok;

  tok->pos = self->base + tok->pos - self->chunk_base;
  tok->buf = (guint8 *) self->chunk;
  tok->len = self->chunk_len;
  self->base = self->chunk_base;
  self->in_chunk = TRUE;
}

#define BETWEEN_ITEMS_CHECK(self)                                                \
  G_STMT_START {                                                                \
    if (G_UNLIKELY (!(self)->in_chunk && (self)->chunk != NULL &&               \
                    (self)->base + (self)->tok->pos >= (self)->chunk_base))     \
      enter_chunk (self);                                                       \
  } G_STMT_END

/* Appends up to len bytes after buf's content: the rest of the current
 * chunk first, then the next chunk, or a copying read. */
static gssize
pull (CtItemStream  *self,
      gsize          len,
      GError       **error)
{
  CtTokenizer *tok = self->tok;
  guint8 *dst = self->buf + tok->len;

  if (self->chunk == NULL || self->chunk_taken == self->chunk_len)
    {
      const guint8 *data = NULL;
      gssize n = self->borrow (self->user_data, &data, error);

      self->chunk = NULL;
      if (n == CT_ITEM_STREAM_COPY)
        return self->read (self->user_data, dst, len, error);
      if (n <= 0)
        return n;
      self->chunk = data;
      self->chunk_len = n;
      self->chunk_base = self->base + tok->len;
      self->chunk_taken = 0;
    }

  len = MIN (len, self->chunk_len - self->chunk_taken);
  memcpy (dst, self->chunk + self->chunk_taken, len);
  self->chunk_taken += len;
  return len;
}

/* refill() for a borrowing stream. The item from keep_from on goes into
 * buf (from the chunk, or moved to the front), and what follows it is
 * copied after it, a little at first: just enough to finish the item. An
 * item that starts right at a chunk's end needs no copy: the next chunk is
 * taken as it is. */
static gboolean
refill_borrowing (CtItemStream  *self,
                  gsize          keep_from,
                  GError       **error)
{
  CtTokenizer *tok = self->tok;
  gsize kept = tok->len - keep_from;
  gsize want;

  if (kept == 0 && (self->chunk == NULL || self->in_chunk ||
                    self->chunk_taken == self->chunk_len))
    {
      const guint8 *data = NULL;
      gssize n;

      self->base += tok->len;
      tok->buf = self->buf;
      tok->len = tok->pos = 0;
      self->in_chunk = FALSE;
      self->chunk = NULL;
      n = self->borrow (self->user_data, &data, error);
      if (n < 0 && n != CT_ITEM_STREAM_COPY)
        return FALSE;
      if (n == 0)
        {
          tok->eof = TRUE;
          return TRUE;
        }
      if (n > 0)
        {
          self->chunk = data;
          self->chunk_len = n;
          self->chunk_base = self->base;
          enter_chunk (self);
          return TRUE;
        }
      /* CT_ITEM_STREAM_COPY: read into buf below */
      want = MIN (self->min_read, self->alloc);
      self->min_read = CHUNK_SIZE / 2;
      while (want > 0)
        {
          n = self->read (self->user_data, self->buf + tok->len, want, error);
          if (n < 0)
            return FALSE;
          if (n == 0)
            {
              tok->eof = TRUE;
              break;
            }
          tok->len += n;
          want -= n;
        }
      return TRUE;
    }

  if (self->in_chunk)
    {
      own_reserve (self, MAX (2 * kept, STITCH_MIN));
      memcpy (self->buf, tok->buf + keep_from, kept);
      self->chunk_taken = self->chunk_len;
      self->in_chunk = FALSE;
    }
  else if (keep_from > 0)
    memmove (self->buf, self->buf + keep_from, kept);
  self->base += keep_from;
  tok->pos -= keep_from;
  tok->len = kept;
  own_reserve (self, MAX (2 * kept, STITCH_MIN));
  tok->buf = self->buf;

  /* Double what is there (an item that keeps needing more is a big one:
   * a few passes, not one per chunk); after a seek, a small read first. */
  want = MIN (self->alloc - kept, MAX (MAX (kept, STITCH_MIN), self->chunk == NULL ? self->min_read : 0));
  self->min_read = CHUNK_SIZE / 2;
  while (want > 0)
    {
      gssize n = pull (self, want, error);

      if (n < 0)
        return FALSE;
      if (n == 0)
        {
          tok->eof = TRUE;
          break;
        }
      tok->len += n;
      want -= n;
    }
  return TRUE;
}

void
_ct_item_stream_seek (CtItemStream *self,
                      guint64       offset)
{
  CtTokenizer *tok = self->tok;
  const CtStreamTokenizerClass *klass = (const CtStreamTokenizerClass *) tok->klass;

  self->base = offset;
  self->min_read = 16 * 1024;
  self->chunk = NULL;
  self->in_chunk = FALSE;
  tok->buf = self->buf;
  tok->len = 0;
  tok->pos = 0;
  tok->eof = FALSE;
  klass->seek_item (tok);
}

CtReadStatus
_ct_item_stream_next (CtItemStream  *self,
                      CtArena       *arena,
                      CtEvent       *event,
                      guint64       *offset,
                      GError       **error)
{
  CtTokenizer *tok = self->tok;
  const CtStreamTokenizerClass *klass = (const CtStreamTokenizerClass *) tok->klass;
  CtReadStatus status;
  gsize start;

  tok->arena = arena;
  BETWEEN_ITEMS_CHECK (self);

  /* Between events: position at the next one. */
  for (;;)
    {
      start = tok->pos;
      status = tok->klass->begin_item (tok, error);
      if (status != CT_READ_NEED_MORE)
        break;
      tok->pos = start;
      if (tok->eof)
        {
          *offset = self->base + tok->len;
          g_set_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_TRUNCATED,
                       "the input ends before the end of the event list");
          return CT_READ_ERROR;
        }
      if (!refill (self, start, error))
        {
          *offset = self->base + tok->len;
          return CT_READ_ERROR;
        }
    }

  if (status == CT_READ_END)
    {
      *offset = self->base + tok->pos;
      return CT_READ_END;
    }
  if (status == CT_READ_ERROR)
    {
      *offset = self->base + tok->error_offset;
      return CT_READ_ERROR;
    }

  if (klass->fast_decode != NULL)
    {
      start = tok->pos;
      ct_arena_reset (arena);
      if (klass->fast_decode (tok, arena, event))
        {
          *offset = self->base + start;
          return CT_READ_OK;
        }
    }

  /* Decode one event; on running out of input, rewind and try again with
   * more bytes. Rewinding is rare (once per refill), so cheap. */
  for (;;)
    {
      start = tok->pos;
      ct_arena_reset (arena);
      status = _ct_event_decode (tok, arena, event, error);
      if (status == CT_READ_OK)
        {
          *offset = self->base + start;
          return CT_READ_OK;
        }
      if (status == CT_READ_ERROR)
        {
          *offset = self->base + tok->error_offset;
          return CT_READ_ERROR;
        }

      /* CT_READ_NEED_MORE */
      if (tok->eof)
        {
          *offset = self->base + tok->len;
          g_set_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_TRUNCATED,
                       "the input ends inside an event (it starts at byte %" G_GUINT64_FORMAT ")",
                       self->base + start);
          return CT_READ_ERROR;
        }
      tok->pos = start;
      klass->restart_item (tok);
      if (!refill (self, start, error))
        {
          *offset = self->base + tok->len;
          return CT_READ_ERROR;
        }
    }
}

guint
_ct_item_stream_next_batch (CtItemStream *self,
                            CtArena      *arena,
                            CtEvent      *events,
                            guint64      *offsets,
                            guint         max)
{
  CtTokenizer *tok = self->tok;
  const CtStreamTokenizerClass *klass = (const CtStreamTokenizerClass *) tok->klass;
  gsize starts[CT_ITEM_STREAM_MAX_BATCH];
  guint n;

  BETWEEN_ITEMS_CHECK (self);
  if (klass->fast_batch == NULL || tok->pos >= tok->len)
    return 0;

  ct_arena_reset (arena);
  n = klass->fast_batch (tok, arena, events, starts, MIN (max, CT_ITEM_STREAM_MAX_BATCH));
  for (guint i = 0; i < n; i++)
    offsets[i] = self->base + starts[i];
  return n;
}
