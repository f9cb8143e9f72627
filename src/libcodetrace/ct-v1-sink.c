/* ct-v1-sink.c
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <zstd.h>

#include "ct-codec-private.h"
#include "ct-error.h"

/* Writes trace.bin v1 (FORMAT.md section 4) the way the reference's writer
 * (zeekstd) lays it out, but with smaller frames: the CBOR stream cut into
 * frames of exactly CT_V1_FRAME_SIZE (256 KiB; the reference cuts 2 MiB,
 * the format's upper bound), events crossing frame boundaries where they
 * fall, each frame compressed on its own, then the seek table. Any zstd
 * seekable reader takes frames of any size; ours decodes a quarter of a
 * megabyte at most to reach a random event.
 *
 * Compression is most of the cost of writing, so it runs on a worker thread
 * while the caller encodes the next events; the queue between them holds at
 * most a few frames, which bounds memory. */

#define FRAME_SIZE      CT_V1_FRAME_SIZE
#define MAX_IN_FLIGHT   8 /* queued or being compressed */
#define ZSTD_LEVEL      3

#define SKIPPABLE_MAGIC 0x184D2A5Eu
#define SEEKABLE_MAGIC  0x8F92EAB1u

typedef struct
{
  guint8 *data; /* FRAME_SIZE bytes allocated */
  gsize   len;
} Job;

typedef struct
{
  guint32 compressed;
  guint32 decompressed;
} SeekEntry;

typedef struct
{
  CtWriterBackend parent;

  GOutputStream *out;
  GByteArray    *cbor;    /* encoded events not yet cut into a frame */
  CtEmitter     *emitter;

  GThread  *worker;
  GMutex    lock;
  GCond     cond;
  GQueue    jobs;         /* under lock */
  guint     in_flight;    /* under lock */
  GPtrArray *spare;       /* frame buffers to reuse, under lock */
  gboolean  closing;      /* under lock: no more jobs will come */
  gboolean  abandon;      /* under lock: drop what is queued */
  GError   *error;        /* under lock: the worker's first failure */
  gint      failed;       /* atomic: error is set (checked per event, lock-free) */
  GArray   *entries;      /* SeekEntry, appended by the worker */
  gboolean  finished;
} CtV1Sink;

static gboolean
write_frame (CtV1Sink   *self,
             ZSTD_CCtx  *cctx,
             guint8    **cbuf,
             gsize      *cbuf_alloc,
             const Job  *job,
             GError    **error)
{
  gsize bound = ZSTD_compressBound (job->len);
  SeekEntry entry;
  gsize r;

  if (*cbuf_alloc < bound)
    {
      g_free (*cbuf);
      *cbuf_alloc = bound;
      *cbuf = g_malloc (*cbuf_alloc);
    }

  r = ZSTD_compress2 (cctx, *cbuf, bound, job->data, job->len);
  if (ZSTD_isError (r))
    {
      g_set_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_CORRUPT,
                   "zstd cannot compress frame %u: %s",
                   self->entries->len, ZSTD_getErrorName (r));
      return FALSE;
    }

  if (!g_output_stream_write_all (self->out, *cbuf, r, NULL, NULL, error))
    return FALSE;

  entry.compressed = (guint32) r;
  entry.decompressed = (guint32) job->len;
  g_array_append_val (self->entries, entry);
  return TRUE;
}

static gpointer
worker_main (gpointer data)
{
  CtV1Sink *self = data;
  ZSTD_CCtx *cctx = ZSTD_createCCtx ();
  guint8 *cbuf = NULL;
  gsize cbuf_alloc = 0;
  gboolean failed = FALSE;

  /* As json2v1.py and zeekstd write them: no checksum, no content size. */
  ZSTD_CCtx_setParameter (cctx, ZSTD_c_compressionLevel, ZSTD_LEVEL);
  ZSTD_CCtx_setParameter (cctx, ZSTD_c_checksumFlag, 0);
  ZSTD_CCtx_setParameter (cctx, ZSTD_c_contentSizeFlag, 0);

  for (;;)
    {
      GError *local_error = NULL;
      Job *job;

      g_mutex_lock (&self->lock);
      while (g_queue_is_empty (&self->jobs) && !self->closing)
        g_cond_wait (&self->cond, &self->lock);
      job = g_queue_pop_head (&self->jobs);
      if (self->abandon)
        failed = TRUE;
      g_mutex_unlock (&self->lock);

      if (job == NULL)
        break;

      if (!failed && !write_frame (self, cctx, &cbuf, &cbuf_alloc, job, &local_error))
        failed = TRUE;

      g_mutex_lock (&self->lock);
      if (local_error != NULL && self->error == NULL)
        {
          self->error = local_error;
          g_atomic_int_set (&self->failed, 1);
        }
      else
        g_clear_error (&local_error);
      g_ptr_array_add (self->spare, job->data);
      g_free (job);
      self->in_flight--;
      g_cond_broadcast (&self->cond);
      g_mutex_unlock (&self->lock);
    }

  g_free (cbuf);
  ZSTD_freeCCtx (cctx);
  return NULL;
}

static gboolean
check_worker (CtV1Sink  *self,
              GError   **error)
{
  gboolean ok = TRUE;

  if (G_LIKELY (!g_atomic_int_get (&self->failed)))
    return TRUE;

  g_mutex_lock (&self->lock);
  if (self->error != NULL)
    {
      g_set_error_literal (error, self->error->domain, self->error->code, self->error->message);
      ok = FALSE;
    }
  g_mutex_unlock (&self->lock);
  return ok;
}

/* Hands len bytes at data to the worker as one frame, waiting while the
 * queue is full. */
static void
submit_frame (CtV1Sink     *self,
              const guint8 *data,
              gsize         len)
{
  Job *job = g_new (Job, 1);

  g_mutex_lock (&self->lock);
  while (self->in_flight >= MAX_IN_FLIGHT)
    g_cond_wait (&self->cond, &self->lock);
  if (self->spare->len > 0)
    job->data = g_ptr_array_steal_index_fast (self->spare, self->spare->len - 1);
  else
    job->data = NULL;
  g_mutex_unlock (&self->lock);

  if (job->data == NULL)
    job->data = g_malloc (FRAME_SIZE);
  memcpy (job->data, data, len);
  job->len = len;

  g_mutex_lock (&self->lock);
  g_queue_push_tail (&self->jobs, job);
  self->in_flight++;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

static gboolean
ct_v1_sink_write (CtWriterBackend  *backend,
                  const CtEvent    *event,
                  guint            *changes,
                  GError          **error)
{
  CtV1Sink *self = (CtV1Sink *) backend;
  gsize cut = 0;

  g_assert (!self->finished);

  if (!check_worker (self, error))
    return FALSE;

  /* v1 keeps every event as it is: nothing to report in *changes. */
  _ct_event_encode (event, self->emitter);

  /* A frame is cut only once more data follows it, as zeekstd does: a
   * stream of exactly one frame's size is one frame, not one full and one
   * empty. */
  while (self->cbor->len - cut > FRAME_SIZE)
    {
      submit_frame (self, self->cbor->data + cut, FRAME_SIZE);
      cut += FRAME_SIZE;
    }
  if (cut > 0)
    g_byte_array_remove_range (self->cbor, 0, cut);

  return TRUE;
}

static gboolean
ct_v1_sink_finish (CtWriterBackend  *backend,
                   GError          **error)
{
  CtV1Sink *self = (CtV1Sink *) backend;
  g_autoptr(GByteArray) table = NULL;
  guint8 footer[9];
  guint32 v;

  g_assert (!self->finished);
  self->finished = TRUE;

  /* The last frame, even empty: an empty trace is one empty frame. */
  submit_frame (self, self->cbor->data, self->cbor->len);
  g_byte_array_set_size (self->cbor, 0);

  g_mutex_lock (&self->lock);
  self->closing = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
  g_thread_join (self->worker);
  self->worker = NULL;

  if (!check_worker (self, error))
    return FALSE;

  /* Seek table: skippable frame header, entries, footer; little endian. */
  table = g_byte_array_sized_new (8 + self->entries->len * 8 + 9);
  v = GUINT32_TO_LE (SKIPPABLE_MAGIC);
  g_byte_array_append (table, (const guint8 *) &v, 4);
  v = GUINT32_TO_LE (self->entries->len * 8 + 9);
  g_byte_array_append (table, (const guint8 *) &v, 4);
  for (guint i = 0; i < self->entries->len; i++)
    {
      const SeekEntry *e = &g_array_index (self->entries, SeekEntry, i);

      v = GUINT32_TO_LE (e->compressed);
      g_byte_array_append (table, (const guint8 *) &v, 4);
      v = GUINT32_TO_LE (e->decompressed);
      g_byte_array_append (table, (const guint8 *) &v, 4);
    }
  v = GUINT32_TO_LE (self->entries->len);
  memcpy (footer, &v, 4);
  footer[4] = 0; /* descriptor: no checksums */
  v = GUINT32_TO_LE (SEEKABLE_MAGIC);
  memcpy (footer + 5, &v, 4);
  g_byte_array_append (table, footer, 9);

  if (!g_output_stream_write_all (self->out, table->data, table->len, NULL, NULL, error))
    return FALSE;

  return g_output_stream_flush (self->out, NULL, error);
}

static void
ct_v1_sink_free (CtWriterBackend *backend)
{
  CtV1Sink *self = (CtV1Sink *) backend;
  Job *job;

  if (self->worker != NULL)
    {
      /* Dropped without finishing: the file is being thrown away, so skip
       * compressing what is still queued. */
      g_mutex_lock (&self->lock);
      self->closing = TRUE;
      self->abandon = TRUE;
      g_cond_broadcast (&self->cond);
      g_mutex_unlock (&self->lock);
      g_thread_join (self->worker);
    }

  while ((job = g_queue_pop_head (&self->jobs)) != NULL)
    {
      g_free (job->data);
      g_free (job);
    }
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_ptr_array_unref (self->spare);
  g_array_unref (self->entries);
  g_clear_error (&self->error);
  _ct_emitter_free (self->emitter);
  g_byte_array_unref (self->cbor);
  g_free (self);
}

static const CtWriterBackendClass ct_v1_sink_class = {
  .write = ct_v1_sink_write,
  .finish = ct_v1_sink_finish,
  .free = ct_v1_sink_free,
};

CtWriterBackend *
_ct_v1_sink_new (GOutputStream *out)
{
  CtV1Sink *self = g_new0 (CtV1Sink, 1);

  self->parent.klass = &ct_v1_sink_class;
  self->out = out;
  self->cbor = g_byte_array_sized_new (FRAME_SIZE + 64 * 1024);
  self->emitter = _ct_cbor_emitter_new (self->cbor);
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  g_queue_init (&self->jobs);
  self->spare = g_ptr_array_new_with_free_func (g_free);
  self->entries = g_array_new (FALSE, FALSE, sizeof (SeekEntry));
  self->worker = g_thread_new ("ct-v1-deflate", worker_main, self);
  return &self->parent;
}
