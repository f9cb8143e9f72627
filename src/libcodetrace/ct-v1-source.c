/* ct-v1-source.c
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

/* For zstd's buffer-less decoding (ZSTD_decompressBegin/Continue), which
 * decodes a frame one block at a time straight into our buffer and can
 * stop and resume between blocks. It sits in zstd.h's "static linking
 * only" part, but libzstd.so exports it and its calls have not changed
 * since zstd 1.0; the stable streaming API would keep a second copy of
 * every partly decoded frame inside its context. */
#define ZSTD_STATIC_LINKING_ONLY
#include <zstd.h>
#include <zstd_errors.h>

#include "ct-codec-private.h"
#include "ct-encoding.h"
#include "ct-error.h"
#include "ct-item-stream.h"

/* Reads trace.bin v1 (FORMAT.md section 4): a zstd seekable stream of CBOR
 * items after the 8-byte header.
 *
 * With a seek table, every frame is an independent zstd frame of known size,
 * so a worker thread decompresses the frames ahead of the reader into a
 * small ring while the caller's thread tokenizes and decodes: the two halves
 * of the work overlap on two cores and memory stays at a few frames.
 *
 * Without a usable seek table (and unless strict), the payload is read as
 * the plain zstd stream any zstd decoder sees, decompressing straight into
 * the item stream's buffer on the caller's thread.
 *
 * Random access (a seek to an event's offset) is served differently: a
 * reader that jumps around wants a few events here and there, so the
 * worker stops and the caller's thread decodes just the frame that holds
 * the offset, and only as far as the bytes asked for, block by block. The
 * frames stay in a small cache (least recently used goes first), so that
 * going back to a frame costs nothing and going further into it decodes
 * only the blocks not yet decoded. An event that runs past its frame's
 * end is read on from the next frame, also through the cache. When the
 * reader keeps reading on past a couple of frames, it is reading the file
 * through: the worker takes over again from there.
 *
 * Without a seek table a seek decompresses the stream again up to the
 * target: slow, but any zstd stream can do it. */

/* Frames are at most 2 MiB by the format; anything claiming far more is
 * damaged or hostile, and must not make us allocate what it claims. */
#define FRAME_CAP   (64 * 1024 * 1024)
/* Frames decompressed ahead (the one being read and the next ones): about
 * RING_BYTES of them, at least three. */
#define RING_MAX    16
#define RING_MIN    3
#define RING_BYTES  (8 * 1024 * 1024)
#define STREAM_IN_SIZE (256 * 1024)
/* Random access keeps at most this many frames, and at most this many
 * bytes of them (decoded and compressed), unless one frame alone is larger. */
#define CACHE_FRAMES 64
#define CACHE_BYTES  (48 * 1024 * 1024)
/* After a seek, reading on through this many whole frames hands over to
 * the worker: a sequential read. */
#define RANDOM_RUN_FRAMES 2

#define SKIPPABLE_MAGIC 0x184D2A5Eu
#define SEEKABLE_MAGIC  0x8F92EAB1u
#define FOOTER_SIZE     9  /* u32 frame count, u8 descriptor, u32 magic */
#define SKIPPABLE_HEADER_SIZE 8

typedef struct
{
  guint64 file_offset;
  guint32 compressed;
  guint32 decompressed;
} FrameEntry;

typedef struct
{
  guint8  *data;       /* decompressed frame */
  gsize    size;
  gsize    alloc;
  guint8  *src;        /* compressed frame */
  gsize    src_alloc;
  GError  *error;      /* set instead of data when the frame is bad */
  gboolean ready;      /* filled by the worker, not yet released by the reader */
} Slot;

/* A frame of the random-access cache, decoded up to `produced`. */
typedef struct
{
  guint      frame;     /* G_MAXUINT when the entry is empty */
  guint64    last_use;
  guint8    *data;
  gsize      alloc;
  gsize      produced;
  guint8    *src;       /* the compressed frame, read whole */
  gsize      src_alloc;
  gsize      src_size;
  gsize      src_pos;
  ZSTD_DCtx *dctx;      /* where decoding stopped */
  gboolean   complete;
} CachedFrame;

typedef struct
{
  CtReaderBackend parent;

  int           fd;
  guint64       file_size;
  gboolean      strict;
  CtItemStream *items;

  /* Decompressed offset at which each frame begun so far starts, to answer
   * "which frame holds this event". */
  GArray  *frame_starts;
  guint    frame_cursor;
  guint64  total_out;  /* decompressed bytes handed to the item stream */
  guint64  position;   /* file bytes consumed, for progress */

  /* A failure of the byte source (bad frame, cut file). The item stream may
   * still hold whole events read before it: those are delivered first. */
  GError  *source_error;
  guint64  source_error_offset;
  gint64   source_error_frame;
  gboolean draining;
  GError  *final_error;
  guint64  final_offset;
  gint64   final_frame;

  gboolean seekable;
  /* Non-strict, and the file ends right after its header: no zstd frame at
   * all, which no writer produces (an empty trace is one empty frame), so the
   * file was cut. Reported after the (no) events as where reading stopped. */
  GError  *missing_table;

  /* Seekable mode: the table and the decompress-ahead worker. */
  FrameEntry *frames;
  guint       n_frames;
  guint64    *starts;     /* decompressed offset of each frame, and the total */
  gboolean    table_trusted; /* every frame so far had its table's size */
  GThread    *worker;
  guint       worker_first; /* the frame the worker started at */
  GMutex      lock;
  GCond       cond;
  Slot        slots[RING_MAX];
  guint       ring_size;
  guint       released;   /* frames the reader is done with (under lock) */
  gboolean    stop;       /* under lock */
  guint       current;    /* frame the reader copies from */
  gsize       current_pos;
  gboolean    have_current;
  guint64     current_start; /* decompressed offset of frame `current` */

  /* Random access: after a seek, until the reader reads on through
   * RANDOM_RUN_FRAMES frames. `cached` is the entry of frame `current`,
   * read from `current_pos`. */
  gboolean     random_access;
  CachedFrame  cache[CACHE_FRAMES];
  CachedFrame *cached;
  guint64      cache_clock;
  guint        run_frames;    /* whole frames read since the seek */

  /* Streaming mode */
  ZSTD_DCtx     *dctx;
  guint8        *in_buf;
  ZSTD_inBuffer  in;
  guint64        file_read;  /* bytes read after the header */
  gboolean       file_eof;
  gsize          last_ret;   /* 0 between frames */
  guint          frame_index;
  guint64        frame_file_offset;
  gboolean       source_done;
} CtV1Source;

static gboolean
pread_all (int      fd,
           guint8  *buf,
           gsize    len,
           guint64  offset,
           gsize   *n_read,
           GError **error)
{
  gsize done = 0;

  while (done < len)
    {
      gssize n = pread (fd, buf + done, len - done, (off_t) (offset + done));

      if (n < 0)
        {
          int errsv = errno;

          if (errsv == EINTR)
            continue;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                       "cannot read trace.bin at byte offset %" G_GUINT64_FORMAT ": %s",
                       offset + done, g_strerror (errsv));
          return FALSE;
        }
      if (n == 0)
        break;
      done += n;
    }

  *n_read = done;
  return TRUE;
}

static gssize
read_some (int      fd,
           guint8  *buf,
           gsize    len,
           GError **error)
{
  for (;;)
    {
      gssize n = read (fd, buf, len);

      if (n >= 0)
        return n;
      if (errno != EINTR)
        {
          int errsv = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                       "cannot read trace.bin: %s", g_strerror (errsv));
          return -1;
        }
    }
}

static inline guint32
le32 (const guint8 *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
}

/* Reads and checks the seek table at the end of the file. Every message
 * names the byte offset of the damage. */
static gboolean
read_seek_table (CtV1Source  *self,
                 GError     **error)
{
  guint8 footer[FOOTER_SIZE];
  guint8 header[SKIPPABLE_HEADER_SIZE];
  g_autofree guint8 *raw = NULL;
  guint64 size = self->file_size;
  guint64 footer_at;
  guint64 table_size;
  guint64 table_at;
  guint64 payload_end;
  guint64 sum = 0;
  guint32 n_frames;
  guint32 entry_size;
  guint8 descriptor;
  gsize n;

  if (size < CT_BINARY_HEADER_SIZE + SKIPPABLE_HEADER_SIZE + FOOTER_SIZE)
    {
      g_set_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_CORRUPT,
                   "no zstd seek table: the file ends at byte offset %" G_GUINT64_FORMAT
                   ", too short to hold one (it may be cut short)",
                   size);
      return FALSE;
    }

  footer_at = size - FOOTER_SIZE;
  if (!pread_all (self->fd, footer, FOOTER_SIZE, footer_at, &n, error))
    return FALSE;
  if (n != FOOTER_SIZE)
    {
      g_set_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_TRUNCATED,
                   "the file ends at byte offset %" G_GUINT64_FORMAT ", before its stated size",
                   footer_at + n);
      return FALSE;
    }
  if (le32 (footer + 5) != SEEKABLE_MAGIC)
    {
      g_set_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_CORRUPT,
                   "no zstd seek table at the end of the file: byte offset %" G_GUINT64_FORMAT
                   " holds 0x%08X, not the seekable magic 0x%08X (the file may be cut short)",
                   footer_at + 5, le32 (footer + 5), SEEKABLE_MAGIC);
      return FALSE;
    }

  n_frames = le32 (footer);
  descriptor = footer[4];
  if (descriptor & 0x7c)
    {
      g_set_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_CORRUPT,
                   "damaged zstd seek table: reserved bits set in its descriptor 0x%02X at byte offset %" G_GUINT64_FORMAT,
                   descriptor, footer_at + 4);
      return FALSE;
    }
  /* Bit 7: each entry carries a checksum as well; we do not need it. */
  entry_size = (descriptor & 0x80) ? 12 : 8;
  table_size = SKIPPABLE_HEADER_SIZE + (guint64) n_frames * entry_size + FOOTER_SIZE;
  if (table_size > size - CT_BINARY_HEADER_SIZE)
    {
      g_set_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_CORRUPT,
                   "damaged zstd seek table: its frame count %u at byte offset %" G_GUINT64_FORMAT
                   " needs a %" G_GUINT64_FORMAT "-byte table, larger than the file",
                   n_frames, footer_at, table_size);
      return FALSE;
    }

  table_at = size - table_size;
  if (!pread_all (self->fd, header, SKIPPABLE_HEADER_SIZE, table_at, &n, error))
    return FALSE;
  if (n != SKIPPABLE_HEADER_SIZE || le32 (header) != SKIPPABLE_MAGIC)
    {
      g_set_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_CORRUPT,
                   "damaged zstd seek table: no skippable frame magic 0x%08X at byte offset %" G_GUINT64_FORMAT
                   " where its %u-frame table starts",
                   SKIPPABLE_MAGIC, table_at, n_frames);
      return FALSE;
    }
  if (le32 (header + 4) != table_size - SKIPPABLE_HEADER_SIZE)
    {
      g_set_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_CORRUPT,
                   "damaged zstd seek table: its frame at byte offset %" G_GUINT64_FORMAT
                   " says %u bytes, but %u frames need %" G_GUINT64_FORMAT,
                   table_at, le32 (header + 4), n_frames, table_size - SKIPPABLE_HEADER_SIZE);
      return FALSE;
    }

  raw = g_malloc ((gsize) n_frames * entry_size + 1);
  if (!pread_all (self->fd, raw, (gsize) n_frames * entry_size, table_at + SKIPPABLE_HEADER_SIZE, &n, error))
    return FALSE;
  if (n != (gsize) n_frames * entry_size)
    {
      g_set_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_TRUNCATED,
                   "the file ends at byte offset %" G_GUINT64_FORMAT ", inside its seek table",
                   table_at + SKIPPABLE_HEADER_SIZE + n);
      return FALSE;
    }

  payload_end = table_at;
  self->frames = g_new (FrameEntry, MAX (n_frames, 1));
  self->n_frames = n_frames;
  for (guint32 i = 0; i < n_frames; i++)
    {
      const guint8 *e = raw + (gsize) i * entry_size;
      FrameEntry *f = &self->frames[i];

      f->file_offset = CT_BINARY_HEADER_SIZE + sum;
      f->compressed = le32 (e);
      f->decompressed = le32 (e + 4);
      sum += f->compressed;

      if (f->decompressed > FRAME_CAP || f->compressed > ZSTD_compressBound (FRAME_CAP))
        {
          g_set_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_LIMIT,
                       "zstd seek table entry %u (byte offset %" G_GUINT64_FORMAT
                       ") claims a frame of %u bytes (%u compressed); at most %u are accepted",
                       i, table_at + SKIPPABLE_HEADER_SIZE + (guint64) i * entry_size,
                       f->decompressed, f->compressed, (guint) FRAME_CAP);
          return FALSE;
        }
    }

  self->starts = g_new (guint64, (gsize) n_frames + 1);
  self->starts[0] = 0;
  for (guint32 i = 0; i < n_frames; i++)
    self->starts[i + 1] = self->starts[i] + self->frames[i].decompressed;

  if (CT_BINARY_HEADER_SIZE + sum != payload_end)
    {
      g_set_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_CORRUPT,
                   "damaged zstd seek table at byte offset %" G_GUINT64_FORMAT
                   ": its %u frames add up to %" G_GUINT64_FORMAT
                   " compressed bytes, but the frames before it occupy %" G_GUINT64_FORMAT,
                   table_at, n_frames, sum, payload_end - CT_BINARY_HEADER_SIZE);
      return FALSE;
    }

  return TRUE;
}

/* ---- seekable mode: the worker ---- */

static void
decode_frame (CtV1Source *self,
              ZSTD_DCtx  *dctx,
              guint       k,
              Slot       *slot)
{
  const FrameEntry *f = &self->frames[k];
  gsize capacity = MAX (f->decompressed, 1);
  gsize n;
  gsize r;

  if (slot->src_alloc < f->compressed)
    {
      g_free (slot->src);
      slot->src_alloc = f->compressed;
      slot->src = g_malloc (slot->src_alloc);
    }
  if (!pread_all (self->fd, slot->src, f->compressed, f->file_offset, &n, &slot->error))
    return;
  if (n != f->compressed)
    {
      g_set_error (&slot->error, CT_TRACE_ERROR, CT_TRACE_ERROR_TRUNCATED,
                   "the file ends at byte offset %" G_GUINT64_FORMAT ", inside zstd frame %u"
                   " (which starts at byte offset %" G_GUINT64_FORMAT ")",
                   f->file_offset + n, k, f->file_offset);
      return;
    }

  for (;;)
    {
      if (slot->alloc < capacity)
        {
          g_free (slot->data);
          slot->alloc = capacity;
          slot->data = g_malloc (slot->alloc);
        }

      r = ZSTD_decompressDCtx (dctx, slot->data, capacity, slot->src, f->compressed);
      if (!ZSTD_isError (r))
        break;

      if (ZSTD_getErrorCode (r) == ZSTD_error_dstSize_tooSmall)
        {
          /* Bigger than its seek table entry says. Tolerated unless strict,
           * within the cap that holds for every frame. */
          if (!self->strict && capacity < FRAME_CAP)
            {
              capacity = FRAME_CAP;
              continue;
            }
          g_set_error (&slot->error, CT_TRACE_ERROR,
                       self->strict ? CT_TRACE_ERROR_CORRUPT : CT_TRACE_ERROR_LIMIT,
                       "zstd frame %u at byte offset %" G_GUINT64_FORMAT
                       " of the file decompresses to more than %" G_GSIZE_FORMAT " bytes%s",
                       k, f->file_offset, capacity,
                       self->strict ? ", the size its seek table entry says" : "");
          return;
        }

      g_set_error (&slot->error, CT_TRACE_ERROR, CT_TRACE_ERROR_CORRUPT,
                   "zstd frame %u at byte offset %" G_GUINT64_FORMAT
                   " of the file (%u bytes) is damaged: %s",
                   k, f->file_offset, f->compressed, ZSTD_getErrorName (r));
      return;
    }

  if (self->strict && r != f->decompressed)
    {
      g_set_error (&slot->error, CT_TRACE_ERROR, CT_TRACE_ERROR_CORRUPT,
                   "zstd frame %u at byte offset %" G_GUINT64_FORMAT
                   " of the file decompresses to %" G_GSIZE_FORMAT " bytes, but its seek table entry says %u",
                   k, f->file_offset, r, f->decompressed);
      return;
    }

  slot->size = r;
}

static gpointer
worker_main (gpointer data)
{
  CtV1Source *self = data;
  ZSTD_DCtx *dctx = ZSTD_createDCtx ();

  for (guint k = self->worker_first; k < self->n_frames; k++)
    {
      Slot *slot = &self->slots[k % self->ring_size];
      gboolean failed;

      g_mutex_lock (&self->lock);
      while (!self->stop && k >= self->released + self->ring_size)
        g_cond_wait (&self->cond, &self->lock);
      if (self->stop)
        {
          g_mutex_unlock (&self->lock);
          break;
        }
      g_mutex_unlock (&self->lock);

      /* The slot is ours until it is marked ready. */
      slot->size = 0;
      decode_frame (self, dctx, k, slot);
      failed = slot->error != NULL;

      g_mutex_lock (&self->lock);
      slot->ready = TRUE;
      g_cond_broadcast (&self->cond);
      g_mutex_unlock (&self->lock);

      if (failed)
        break;
    }

  ZSTD_freeDCtx (dctx);
  return NULL;
}

/* Starts decompressing ahead from frame k, into empty slots. */
static void
start_worker (CtV1Source *self,
              guint       k)
{
  for (guint i = 0; i < RING_MAX; i++)
    {
      self->slots[i].ready = FALSE;
      g_clear_error (&self->slots[i].error);
    }
  self->stop = FALSE;
  self->released = k;
  self->worker_first = k;
  self->worker = g_thread_new ("ct-v1-inflate", worker_main, self);
}

static void
stop_worker (CtV1Source *self)
{
  if (self->worker == NULL)
    return;
  g_mutex_lock (&self->lock);
  self->stop = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
  g_thread_join (self->worker);
  self->worker = NULL;
}

static void
source_failed (CtV1Source *self,
               GError     *source_error,
               guint64     offset,
               gint64      frame,
               GError    **error)
{
  g_clear_error (&self->source_error);
  self->source_error = source_error;
  self->source_error_offset = offset;
  self->source_error_frame = frame;
  g_set_error_literal (error, source_error->domain, source_error->code, source_error->message);
}

/* ---- seekable mode: random access through the frame cache ---- */

static gsize
cache_entry_bytes (const CachedFrame *e)
{
  return e->alloc + e->src_alloc;
}

static void
cache_entry_clear (CachedFrame *e)
{
  g_clear_pointer (&e->data, g_free);
  g_clear_pointer (&e->src, g_free);
  g_clear_pointer (&e->dctx, ZSTD_freeDCtx);
  memset (e, 0, sizeof *e);
  e->frame = G_MAXUINT;
}

/* The entry's frame failed to decode, or is not what its table entry says:
 * a later read decodes it afresh, and fails the same way. */
static void
cache_entry_forget (CachedFrame *e)
{
  e->frame = G_MAXUINT;
  e->last_use = 0;
}

/* The least recently used entry other than `except`; with `holding`, only
 * one that holds memory. Empty entries count as never used. */
static CachedFrame *
cache_least_recent (CtV1Source        *self,
                    const CachedFrame *except,
                    gboolean           holding)
{
  CachedFrame *best = NULL;

  for (guint i = 0; i < CACHE_FRAMES; i++)
    {
      CachedFrame *e = &self->cache[i];

      if (e == except || (holding && cache_entry_bytes (e) == 0))
        continue;
      if (best == NULL || e->last_use < best->last_use)
        best = e;
    }

  return best;
}

/* The entry of frame k, from the cache or newly read (compressed) into the
 * least recently used entry, ready to decode from its first byte. */
static CachedFrame *
cache_get (CtV1Source  *self,
           guint        k,
           GError     **error)
{
  const FrameEntry *f = &self->frames[k];
  gsize capacity = MAX (f->decompressed, 1);
  CachedFrame *e;
  gsize others = 0;
  gsize n;
  gsize r;

  for (guint i = 0; i < CACHE_FRAMES; i++)
    {
      e = &self->cache[i];
      if (e->frame == k)
        {
          e->last_use = ++self->cache_clock;
          return e;
        }
    }

  e = cache_least_recent (self, NULL, FALSE);
  for (guint i = 0; i < CACHE_FRAMES; i++)
    if (&self->cache[i] != e)
      others += cache_entry_bytes (&self->cache[i]);
  /* Make room for the new frame; a frame larger than the whole budget
   * (lenient readers accept up to FRAME_CAP) stays alone. */
  while (others > 0 && others + capacity + f->compressed > CACHE_BYTES)
    {
      CachedFrame *old = cache_least_recent (self, e, TRUE);

      others -= cache_entry_bytes (old);
      cache_entry_clear (old);
    }

  cache_entry_forget (e);
  /* Buffers are reused as they are: fresh ones would fault in each of
   * their pages again on the first decode. */
  if (e->alloc < capacity || e->alloc / 2 > capacity)
    {
      g_free (e->data);
      e->data = g_malloc (capacity);
      e->alloc = capacity;
    }
  if (e->src_alloc < f->compressed || e->src_alloc / 2 > f->compressed)
    {
      g_free (e->src);
      e->src_alloc = MAX (f->compressed, 1);
      e->src = g_malloc (e->src_alloc);
    }
  if (e->dctx == NULL)
    e->dctx = ZSTD_createDCtx ();

  if (!pread_all (self->fd, e->src, f->compressed, f->file_offset, &n, error))
    return NULL;
  if (n != f->compressed)
    {
      g_set_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_TRUNCATED,
                   "the file ends at byte offset %" G_GUINT64_FORMAT ", inside zstd frame %u"
                   " (which starts at byte offset %" G_GUINT64_FORMAT ")",
                   f->file_offset + n, k, f->file_offset);
      return NULL;
    }
  r = ZSTD_decompressBegin (e->dctx);
  if (ZSTD_isError (r))
    {
      g_set_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_LIMIT,
                   "cannot start decompressing zstd frame %u: %s", k, ZSTD_getErrorName (r));
      return NULL;
    }

  e->frame = k;
  e->last_use = ++self->cache_clock;
  e->produced = 0;
  e->src_size = f->compressed;
  e->src_pos = 0;
  e->complete = FALSE;
  return e;
}

/* Decodes the entry's frame, a block at a time, until `want` bytes are out.
 * Once the size its table entry says is reached, decoding goes on to the
 * frame's end: a frame that holds more, or less, than its entry says
 * makes the table useless for finding events, so it is an error here even
 * when a lenient sequential read tolerates it. */
static gboolean
cache_decode (CtV1Source   *self,
              CachedFrame  *e,
              gsize         want,
              GError      **error)
{
  const FrameEntry *f = &self->frames[e->frame];
  gsize capacity = MAX (f->decompressed, 1);

  while (!e->complete && (e->produced < want || e->produced >= f->decompressed))
    {
      gsize n = ZSTD_nextSrcSizeToDecompress (e->dctx);
      gsize r;

      if (n == 0)
        {
          /* One table entry may hold more than one zstd frame, as for
           * any zstd decoder: go on with the next. */
          if (e->src_pos < e->src_size && !ZSTD_isError (ZSTD_decompressBegin (e->dctx)))
            continue;
          e->complete = TRUE;
          break;
        }
      if (n > e->src_size - e->src_pos)
        {
          g_set_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_CORRUPT,
                       "zstd frame %u at byte offset %" G_GUINT64_FORMAT
                       " of the file (%u bytes) is damaged: it needs more bytes than its seek table entry gives",
                       e->frame, f->file_offset, f->compressed);
          cache_entry_forget (e);
          return FALSE;
        }

      r = ZSTD_decompressContinue (e->dctx, e->data + e->produced, capacity - e->produced,
                                   e->src + e->src_pos, n);
      if (ZSTD_isError (r))
        {
          if (ZSTD_getErrorCode (r) == ZSTD_error_dstSize_tooSmall)
            {
              self->table_trusted = FALSE;
              g_set_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_CORRUPT,
                           "zstd frame %u at byte offset %" G_GUINT64_FORMAT
                           " of the file decompresses to more than %u bytes, the size its seek table entry says",
                           e->frame, f->file_offset, f->decompressed);
            }
          else
            {
              g_set_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_CORRUPT,
                           "zstd frame %u at byte offset %" G_GUINT64_FORMAT
                           " of the file (%u bytes) is damaged: %s",
                           e->frame, f->file_offset, f->compressed, ZSTD_getErrorName (r));
            }
          cache_entry_forget (e);
          return FALSE;
        }
      e->src_pos += n;
      e->produced += r;
    }

  if (e->complete && e->produced != f->decompressed)
    {
      self->table_trusted = FALSE;
      g_set_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_CORRUPT,
                   "zstd frame %u at byte offset %" G_GUINT64_FORMAT
                   " of the file decompresses to %" G_GSIZE_FORMAT " bytes, but its seek table entry says %u",
                   e->frame, f->file_offset, e->produced, f->decompressed);
      cache_entry_forget (e);
      return FALSE;
    }

  return TRUE;
}

static gssize
cached_read (CtV1Source  *self,
             guint8      *buf,
             gsize        len,
             GError     **error)
{
  for (;;)
    {
      GError *local_error = NULL;
      const FrameEntry *f;

      if (self->current >= self->n_frames)
        {
          self->position = self->file_size;
          return 0;
        }
      f = &self->frames[self->current];

      if (self->cached == NULL)
        {
          g_array_append_val (self->frame_starts, self->current_start);
          self->position = f->file_offset + f->compressed;
          self->cached = cache_get (self, self->current, &local_error);
          if (self->cached == NULL)
            {
              source_failed (self, local_error, self->current_start, self->current, error);
              return -1;
            }
        }

      /* What this read wants; at the end of the frame, on to the end of
       * its zstd data, to check that it holds no more. */
      if (!cache_decode (self, self->cached, MIN (self->current_pos + len, f->decompressed), &local_error))
        {
          self->cached = NULL;
          source_failed (self, local_error, self->current_start + self->current_pos, self->current, error);
          return -1;
        }

      if (self->current_pos < f->decompressed)
        {
          gsize n = MIN (len, self->cached->produced - self->current_pos);

          memcpy (buf, self->cached->data + self->current_pos, n);
          self->current_pos += n;
          self->total_out += n;
          return n;
        }

      self->cached = NULL;
      self->current_start += f->decompressed;
      self->current_pos = 0;
      self->current++;
      if (++self->run_frames >= RANDOM_RUN_FRAMES)
        {
          /* Reading the file through: the worker decompresses ahead from
           * here (seekable_read starts it). */
          self->random_access = FALSE;
          self->have_current = FALSE;
          return 0;
        }
    }
}

/* ---- seekable mode: reading through, from the worker's frames ---- */

/* Moves the reader on through the worker's ring to a frame with bytes left
 * to read, from `current_pos` of slot `current`: returns how many are left
 * (0 at the end of the stream, -1 on error). */
static gssize
ring_current (CtV1Source  *self,
              GError     **error)
{
  for (;;)
    {
      Slot *slot;

      if (self->have_current)
        {
          slot = &self->slots[self->current % self->ring_size];
          if (slot->size > self->current_pos)
            return slot->size - self->current_pos;

          /* Done with it: from here on the worker may refill the slot. */
          self->current_start += slot->size;
          g_mutex_lock (&self->lock);
          slot->ready = FALSE;
          self->released = self->current + 1;
          g_cond_broadcast (&self->cond);
          g_mutex_unlock (&self->lock);
          self->have_current = FALSE;
          self->current++;
        }

      if (self->current >= self->n_frames)
        {
          self->position = self->file_size;
          return 0;
        }

      /* Started at the first read, not at open: a reader that seeks
       * first never decompresses the file's first frames. */
      if (G_UNLIKELY (self->worker == NULL))
        start_worker (self, self->current);

      slot = &self->slots[self->current % self->ring_size];
      g_mutex_lock (&self->lock);
      while (!slot->ready)
        g_cond_wait (&self->cond, &self->lock);
      g_mutex_unlock (&self->lock);

      g_array_append_val (self->frame_starts, self->current_start);
      if (slot->error != NULL)
        {
          source_failed (self, g_steal_pointer (&slot->error), self->current_start, self->current, error);
          return -1;
        }
      if (slot->size != self->frames[self->current].decompressed)
        self->table_trusted = FALSE; /* tolerated unless strict */

      self->have_current = TRUE;
      self->current_pos = 0;
      self->position = self->frames[self->current].file_offset + self->frames[self->current].compressed;
    }
}

static gssize
seekable_read (gpointer   user_data,
               guint8    *buf,
               gsize      len,
               GError   **error)
{
  CtV1Source *self = user_data;
  gssize left;
  gsize n;

  if (self->draining)
    return 0;

  if (G_UNLIKELY (self->random_access))
    {
      n = cached_read (self, buf, len, error);

      if (n != 0 || self->random_access)
        return n;
      /* handed over to the worker: read on below */
    }

  left = ring_current (self, error);
  if (left <= 0)
    return left;
  n = MIN ((gsize) left, len);
  memcpy (buf, self->slots[self->current % self->ring_size].data + self->current_pos, n);
  self->current_pos += n;
  self->total_out += n;
  return n;
}

/* Reading through: the item stream decodes straight from the worker's
 * frame, which stays ours until the next call. Random access copies from
 * the cache instead (seekable_read), a few bytes at a time. */
static gssize
seekable_borrow (gpointer       user_data,
                 const guint8 **data,
                 GError       **error)
{
  CtV1Source *self = user_data;
  gssize left;

  if (self->draining)
    return 0;
  if (G_UNLIKELY (self->random_access))
    return CT_ITEM_STREAM_COPY;

  left = ring_current (self, error);
  if (left <= 0)
    return left;
  *data = self->slots[self->current % self->ring_size].data + self->current_pos;
  self->current_pos += left;
  self->total_out += left;
  return left;
}

/* ---- streaming mode ---- */

static gssize
stream_read (gpointer   user_data,
             guint8    *buf,
             gsize      len,
             GError   **error)
{
  CtV1Source *self = user_data;
  ZSTD_outBuffer out = { buf, len, 0 };

  if (self->draining || self->source_done)
    return 0;

  while (out.pos == 0)
    {
      gsize r;

      if (self->in.pos == self->in.size)
        {
          gssize n = 0;

          if (!self->file_eof)
            {
              GError *local_error = NULL;

              n = read_some (self->fd, self->in_buf, STREAM_IN_SIZE, &local_error);
              if (n < 0)
                {
                  source_failed (self, local_error, self->total_out, self->frame_index, error);
                  return -1;
                }
              if (n == 0)
                self->file_eof = TRUE;
              self->in.size = n;
              self->in.pos = 0;
              self->file_read += n;
            }
          if (n == 0)
            {
              if (self->last_ret != 0)
                {
                  GError *local_error = NULL;
                  guint8 magic[4];
                  gsize n_magic = 0;

                  /* Name what was cut: a truncated seek table is not lost data. */
                  pread_all (self->fd, magic, 4, self->frame_file_offset, &n_magic, NULL);
                  g_set_error (&local_error, CT_TRACE_ERROR, CT_TRACE_ERROR_TRUNCATED,
                               "the file ends at byte offset %" G_GUINT64_FORMAT
                               ", inside %s frame %u, which starts at byte offset %" G_GUINT64_FORMAT,
                               CT_BINARY_HEADER_SIZE + self->file_read,
                               n_magic == 4 && (le32 (magic) & 0xfffffff0u) == 0x184D2A50u
                                 ? "the seek table's skippable" : "zstd",
                               self->frame_index, self->frame_file_offset);
                  source_failed (self, local_error, self->total_out, self->frame_index, error);
                  return -1;
                }
              self->source_done = TRUE;
              self->position = CT_BINARY_HEADER_SIZE + self->file_read;
              return 0;
            }
        }

      r = ZSTD_decompressStream (self->dctx, &out, &self->in);
      if (ZSTD_isError (r))
        {
          GError *local_error = NULL;

          g_set_error (&local_error, CT_TRACE_ERROR, CT_TRACE_ERROR_CORRUPT,
                       "zstd frame %u at byte offset %" G_GUINT64_FORMAT " of the file is damaged: %s",
                       self->frame_index, self->frame_file_offset, ZSTD_getErrorName (r));
          self->total_out += out.pos;
          source_failed (self, local_error, self->total_out, self->frame_index, error);
          return -1;
        }
      self->last_ret = r;
      if (r == 0)
        {
          /* A frame ended; the next byte out belongs to the next one. */
          guint64 next_start = self->total_out + out.pos;

          self->frame_index++;
          self->frame_file_offset = CT_BINARY_HEADER_SIZE + self->file_read - (self->in.size - self->in.pos);
          g_array_append_val (self->frame_starts, next_start);
        }
    }

  self->total_out += out.pos;
  self->position = CT_BINARY_HEADER_SIZE + self->file_read - (self->in.size - self->in.pos);
  return out.pos;
}

/* ---- the backend ---- */

static gint64
frame_of (CtV1Source *self,
          guint64     offset)
{
  const guint64 *starts = (const guint64 *) (gpointer) self->frame_starts->data;
  guint n = self->frame_starts->len;
  guint k = self->frame_cursor;

  if (n == 0)
    return -1;
  /* Events come in order: walk on from the last answer. */
  if (k >= n || starts[k] > offset)
    k = 0;
  while (k + 1 < n && starts[k + 1] <= offset)
    k++;
  self->frame_cursor = k;
  return k;
}

static CtReadStatus
ct_v1_source_next (CtReaderBackend  *backend,
                   CtArena          *arena,
                   CtEvent          *event,
                   guint64          *offset,
                   gint64           *frame,
                   GError          **error)
{
  CtV1Source *self = (CtV1Source *) backend;
  GError *local_error = NULL;
  CtReadStatus status;

  if (self->final_error != NULL)
    goto failed;

  status = _ct_item_stream_next (self->items, arena, event, offset, &local_error);

  if (status == CT_READ_ERROR && self->source_error != NULL && !self->draining)
    {
      /* The source failed while refilling: the bytes it delivered before the
       * damage are in the item stream still. Read them as if the input ended
       * there, then report the damage itself. */
      g_clear_error (&local_error);
      self->draining = TRUE;
      status = _ct_item_stream_next (self->items, arena, event, offset, &local_error);
    }

  if (self->draining &&
      (status == CT_READ_END ||
       (status == CT_READ_ERROR &&
        g_error_matches (local_error, CT_TRACE_ERROR, CT_TRACE_ERROR_TRUNCATED))))
    {
      g_clear_error (&local_error);
      self->final_error = g_error_copy (self->source_error);
      self->final_offset = self->source_error_offset;
      self->final_frame = self->source_error_frame;
      goto failed;
    }

  *frame = frame_of (self, *offset);
  if (status == CT_READ_END && self->missing_table != NULL)
    {
      /* Everything the stream held was read; the file still looks cut. */
      local_error = g_steal_pointer (&self->missing_table);
      status = CT_READ_ERROR;
    }
  if (status == CT_READ_ERROR)
    {
      self->final_error = local_error;
      self->final_offset = *offset;
      self->final_frame = *frame;
      goto failed;
    }

  return status;

failed:
  *offset = self->final_offset;
  *frame = self->final_frame;
  g_set_error_literal (error, self->final_error->domain, self->final_error->code,
                       self->final_error->message);
  return CT_READ_ERROR;
}

static CtReadStatus
ct_v1_source_next_batch (CtReaderBackend  *backend,
                         CtArena          *arena,
                         CtEvent          *events,
                         guint64          *offsets,
                         guint             max,
                         guint            *n_events,
                         gint64           *frame,
                         GError          **error)
{
  CtV1Source *self = (CtV1Source *) backend;
  guint n = 0;

  /* The common events that lie whole in the buffer, in one go; anything
   * else (a refill, an uncommon event, damage, the end) one at a time. */
  if (G_LIKELY (self->final_error == NULL && !self->draining))
    n = _ct_item_stream_next_batch (self->items, arena, events, offsets, max);
  if (n > 0)
    {
      *n_events = n;
      *frame = n == 1 ? frame_of (self, offsets[0]) : -1;
      return CT_READ_OK;
    }

  *n_events = 1;
  return ct_v1_source_next (backend, arena, &events[0], &offsets[0], frame, error);
}

static gint64
ct_v1_source_frame_of (CtReaderBackend *backend,
                       guint64          offset)
{
  return frame_of ((CtV1Source *) backend, offset);
}

static guint64
ct_v1_source_position (CtReaderBackend *backend)
{
  CtV1Source *self = (CtV1Source *) backend;

  return self->position;
}

static void
ct_v1_source_free (CtReaderBackend *backend)
{
  CtV1Source *self = (CtV1Source *) backend;

  stop_worker (self);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);

  for (guint i = 0; i < CACHE_FRAMES; i++)
    cache_entry_clear (&self->cache[i]);

  for (guint i = 0; i < RING_MAX; i++)
    {
      g_free (self->slots[i].data);
      g_free (self->slots[i].src);
      g_clear_error (&self->slots[i].error);
    }

  _ct_item_stream_free (self->items);
  g_clear_pointer (&self->dctx, ZSTD_freeDCtx);
  g_free (self->in_buf);
  g_free (self->frames);
  g_free (self->starts);
  g_array_unref (self->frame_starts);
  g_clear_error (&self->source_error);
  g_clear_error (&self->final_error);
  g_clear_error (&self->missing_table);
  if (self->fd >= 0)
    close (self->fd);
  g_free (self);
}

/* Without a seek table: go back to the start of the stream when the target
 * lies behind what was decompressed, then decompress and drop everything up
 * to it. Slow, but any zstd stream can do it. */
static gboolean
stream_skip_to (CtV1Source  *self,
                guint64      offset,
                GError     **error)
{
  g_autofree guint8 *scratch = NULL;

  if (offset < self->total_out)
    {
      if (lseek (self->fd, CT_BINARY_HEADER_SIZE, SEEK_SET) < 0)
        {
          int errsv = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                       "cannot read trace.bin: %s", g_strerror (errsv));
          return FALSE;
        }
      ZSTD_DCtx_reset (self->dctx, ZSTD_reset_session_only);
      self->in.size = self->in.pos = 0;
      self->file_read = 0;
      self->file_eof = FALSE;
      self->last_ret = 0;
      self->frame_index = 0;
      self->frame_file_offset = CT_BINARY_HEADER_SIZE;
      self->source_done = FALSE;
      self->total_out = 0;
      self->position = CT_BINARY_HEADER_SIZE;
      g_array_set_size (self->frame_starts, 0);
      g_array_append_val (self->frame_starts, self->total_out);
    }

  scratch = g_malloc (STREAM_IN_SIZE);
  while (self->total_out < offset)
    {
      gssize n = stream_read (self, scratch, MIN (STREAM_IN_SIZE, offset - self->total_out), error);

      if (n < 0)
        return FALSE;
      if (n == 0)
        {
          g_set_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_TRUNCATED,
                       "the decompressed stream ends at byte %" G_GUINT64_FORMAT, self->total_out);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
ct_v1_source_seek (CtReaderBackend  *backend,
                   guint64           offset,
                   GError          **error)
{
  CtV1Source *self = (CtV1Source *) backend;

  /* Reading starts afresh: forget how the last read ended. */
  g_clear_error (&self->source_error);
  g_clear_error (&self->final_error);
  g_clear_error (&self->missing_table);
  self->draining = FALSE;
  self->frame_cursor = 0;

  if (self->seekable)
    {
      guint lo = 0, hi = self->n_frames;

      if (!self->table_trusted)
        {
          g_set_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_CORRUPT,
                       "the zstd seek table does not match the frames");
          return FALSE;
        }
      if (offset > self->starts[self->n_frames])
        {
          g_set_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_CORRUPT,
                       "the decompressed stream ends at byte %" G_GUINT64_FORMAT,
                       self->starts[self->n_frames]);
          return FALSE;
        }

      /* The last frame starting at or before the offset: the one holding
       * it (empty frames share their start with the next). */
      while (hi - lo > 1)
        {
          guint mid = lo + (hi - lo) / 2;

          if (self->starts[mid] <= offset)
            lo = mid;
          else
            hi = mid;
        }

      /* Frames are decoded when read, from the cache (cached_read). */
      stop_worker (self);
      self->random_access = TRUE;
      self->cached = NULL;
      self->run_frames = 0;
      self->have_current = FALSE;
      self->current = lo;
      self->current_start = self->n_frames > 0 ? self->starts[lo] : 0;
      self->current_pos = offset - self->current_start;
      self->total_out = offset;
      g_array_set_size (self->frame_starts, 0);
      g_array_append_vals (self->frame_starts, self->starts, lo);
      self->position = self->n_frames > 0 ? self->frames[lo].file_offset : self->file_size;
    }
  else if (!stream_skip_to (self, offset, error))
    {
      g_clear_error (&self->source_error);
      return FALSE;
    }

  _ct_item_stream_seek (self->items, offset);
  return TRUE;
}

static const CtReaderBackendClass ct_v1_source_class = {
  .next = ct_v1_source_next,
  .next_batch = ct_v1_source_next_batch,
  .frame_of = ct_v1_source_frame_of,
  .position = ct_v1_source_position,
  .free = ct_v1_source_free,
  .seek = ct_v1_source_seek,
};

CtReaderBackend *
_ct_v1_backend_new (int        fd,
                    guint64    file_size,
                    gboolean   strict,
                    GError   **error)
{
  CtV1Source *self = g_new0 (CtV1Source, 1);
  g_autoptr(GError) table_error = NULL;

  self->parent.klass = &ct_v1_source_class;
  self->fd = fd;
  self->file_size = file_size;
  self->strict = strict;
  self->position = CT_BINARY_HEADER_SIZE;
  self->frame_starts = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  for (guint i = 0; i < CACHE_FRAMES; i++)
    self->cache[i].frame = G_MAXUINT;

  if (read_seek_table (self, &table_error))
    {
      guint32 largest = 1;

      for (guint k = 0; k < self->n_frames; k++)
        largest = MAX (largest, self->frames[k].decompressed);
      self->ring_size = CLAMP (RING_BYTES / largest, RING_MIN, RING_MAX);
      self->seekable = TRUE;
      self->table_trusted = TRUE;
      self->items = _ct_item_stream_new_borrowing (_ct_cbor_tokenizer_new (), seekable_read,
                                                   seekable_borrow, self);
      return &self->parent;
    }

  if (strict)
    {
      g_propagate_error (error, g_steal_pointer (&table_error));
      ct_v1_source_free (&self->parent);
      return NULL;
    }

  /* Any zstd stream must read: decompress it as one stream. */
  if (file_size <= CT_BINARY_HEADER_SIZE)
    g_set_error_literal (&self->missing_table, CT_TRACE_ERROR, CT_TRACE_ERROR_TRUNCATED,
                         "the file ends right after its 8-byte header, with no zstd frame "
                         "(it was cut short)");
  g_clear_pointer (&self->frames, g_free);
  g_clear_pointer (&self->starts, g_free);
  self->n_frames = 0;
  self->dctx = ZSTD_createDCtx ();
  self->in_buf = g_malloc (STREAM_IN_SIZE);
  self->in.src = self->in_buf;
  self->frame_file_offset = CT_BINARY_HEADER_SIZE;
  g_array_append_val (self->frame_starts, self->total_out);
  if (lseek (fd, CT_BINARY_HEADER_SIZE, SEEK_SET) < 0)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   "cannot read trace.bin: %s", g_strerror (errsv));
      ct_v1_source_free (&self->parent);
      return NULL;
    }
  self->items = _ct_item_stream_new (_ct_cbor_tokenizer_new (), stream_read, self);
  return &self->parent;
}
