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
  guint64           base; /* stream offset of buf[0] */
  gsize             min_read; /* bytes a refill waits for before decoding */
};

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
static gboolean
refill (CtItemStream  *self,
        gsize          keep_from,
        GError       **error)
{
  CtTokenizer *tok = self->tok;
  gsize kept = tok->len - keep_from;
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

void
_ct_item_stream_seek (CtItemStream *self,
                      guint64       offset)
{
  CtTokenizer *tok = self->tok;
  const CtStreamTokenizerClass *klass = (const CtStreamTokenizerClass *) tok->klass;

  self->base = offset;
  self->min_read = 16 * 1024;
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
