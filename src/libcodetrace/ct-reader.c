/* ct-reader.c
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "ct-codec-private.h"
#include "ct-error.h"
#include "ct-reader-private.h"

/* The most events decoded ahead of the caller. */
#define CT_READER_BATCH 64
/* self->frame when it is to be asked of the backend on demand. */
#define FRAME_UNKNOWN (-2)

struct _CtReader
{
  GObject          parent_instance;

  char            *path;
  CtReaderFlags    flags;
  CtEncoding       encoding;
  CtReaderBackend *backend;
  CtArena         *arena;
  guint64          size;

  /* Events decoded ahead by the backend (next_batch), handed out one by
   * one; without next_batch, one at a time in batch[0]. */
  CtEvent          batch[CT_READER_BATCH];
  guint64          batch_offsets[CT_READER_BATCH];
  guint            batch_n;
  guint            batch_pos;

  guint64          n_read;  /* events returned so far */
  guint64          offset;  /* of the last event returned */
  gint64           frame;
  gboolean         done;
  GError          *stop_error;

  guint            deviations;
  guint64          deviation_counts[CT_N_DEVIATIONS];
  guint64          deviation_first[CT_N_DEVIATIONS];
};

G_DEFINE_FINAL_TYPE (CtReader, ct_reader, G_TYPE_OBJECT)

static void
ct_reader_finalize (GObject *object)
{
  CtReader *self = (CtReader *) object;

  if (self->backend != NULL)
    self->backend->klass->free (self->backend);
  g_clear_pointer (&self->arena, ct_arena_free);
  g_clear_error (&self->stop_error);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (ct_reader_parent_class)->finalize (object);
}

static void
ct_reader_class_init (CtReaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ct_reader_finalize;
}

static void
ct_reader_init (CtReader *self)
{
  self->arena = ct_arena_new ();
  self->frame = -1;
}

CtReader *
ct_reader_new (const char     *file_path,
               CtReaderFlags   flags,
               GError        **error)
{
  g_autoptr(CtReader) self = NULL;
  g_autoptr(GError) local_error = NULL;
  struct stat st;
  int fd;

  g_return_val_if_fail (file_path != NULL, NULL);

  self = g_object_new (CT_TYPE_READER, NULL);
  self->path = g_strdup (file_path);
  self->flags = flags;

  self->encoding = ct_encoding_detect_file (file_path, error);
  if (self->encoding == CT_ENCODING_UNKNOWN)
    return NULL;

  fd = g_open (file_path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0 || fstat (fd, &st) != 0)
    {
      int saved = errno;
      if (fd >= 0)
        close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "%s: %s", file_path, g_strerror (saved));
      return NULL;
    }
  if (S_ISDIR (st.st_mode))
    {
      close (fd);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   "%s: is a folder, not a trace file", file_path);
      return NULL;
    }
  self->size = st.st_size;

  if (self->encoding != CT_ENCODING_JSON &&
      lseek (fd, CT_BINARY_HEADER_SIZE, SEEK_SET) != CT_BINARY_HEADER_SIZE)
    {
      close (fd);
      g_set_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_TRUNCATED,
                   "%s: shorter than the trace.bin header", file_path);
      return NULL;
    }

  switch (self->encoding)
    {
    case CT_ENCODING_JSON:
      self->backend = _ct_json_backend_new (fd, self->size, &local_error);
      break;
    case CT_ENCODING_BINARY_V1:
      self->backend = _ct_v1_backend_new (fd, self->size, !(flags & CT_READER_LENIENT), &local_error);
      break;
    case CT_ENCODING_BINARY_V0:
      self->backend = _ct_v0_backend_new (fd, self->size, &local_error);
      break;
    case CT_ENCODING_UNKNOWN:
    default:
      g_assert_not_reached ();
    }

  if (self->backend == NULL)
    {
      g_set_error (error, local_error->domain, local_error->code,
                   "%s: %s", file_path, local_error->message);
      return NULL;
    }

  return g_steal_pointer (&self);
}

static void
note_deviations (CtReader *self,
                 guint     deviations)
{
  self->deviations |= deviations;
  for (guint bit = 0; bit < CT_N_DEVIATIONS; bit++)
    {
      if (deviations & (1u << bit))
        {
          if (self->deviation_counts[bit]++ == 0)
            self->deviation_first[bit] = self->n_read;
        }
    }
}

const CtEvent *
ct_reader_next (CtReader  *self,
                GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  CtReadStatus status;
  guint64 offset = 0;
  gint64 frame = -1;

  /* Called once per event, ten million times for a big trace: a full
   * GType check here costs more than decoding a Step, so only NULL is
   * checked. */
  g_return_val_if_fail (self != NULL, NULL);

  if (G_LIKELY (self->batch_pos < self->batch_n))
    {
      const CtEvent *event = &self->batch[self->batch_pos];

      self->offset = self->batch_offsets[self->batch_pos++];
      self->frame = FRAME_UNKNOWN;
      if (G_UNLIKELY (event->deviations != 0))
        note_deviations (self, event->deviations);
      self->n_read++;
      return event;
    }

  if (self->done)
    return NULL;

  if (self->backend->klass->next_batch != NULL)
    {
      guint n = 0;

      status = self->backend->klass->next_batch (self->backend, self->arena, self->batch,
                                                 self->batch_offsets, CT_READER_BATCH, &n,
                                                 &frame, &local_error);
      offset = self->batch_offsets[0]; /* on error, where */
      self->batch_n = status == CT_READ_OK ? n : 0;
      self->batch_pos = self->batch_n > 0 ? 1 : 0;
    }
  else
    {
      status = self->backend->klass->next (self->backend, self->arena, &self->batch[0],
                                           &offset, &frame, &local_error);
      self->batch_offsets[0] = offset;
      self->batch_n = self->batch_pos = status == CT_READ_OK ? 1 : 0;
    }

  if (G_LIKELY (status == CT_READ_OK))
    {
      self->offset = offset;
      self->frame = self->batch_n == 1 ? frame : FRAME_UNKNOWN;
      if (G_UNLIKELY (self->batch[0].deviations != 0))
        note_deviations (self, self->batch[0].deviations);
      self->n_read++;
      return &self->batch[0];
    }

  self->batch_n = self->batch_pos = 0;
  self->done = TRUE;
  if (status == CT_READ_END)
    return NULL;

  {
    g_autofree char *where = NULL;
    GError *full;

    if (self->encoding == CT_ENCODING_BINARY_V1 && frame >= 0)
      where = g_strdup_printf ("byte %" G_GUINT64_FORMAT " of the decompressed stream (frame %" G_GINT64_FORMAT ")",
                               offset, frame);
    else if (self->encoding == CT_ENCODING_BINARY_V1)
      where = g_strdup_printf ("byte %" G_GUINT64_FORMAT " of the decompressed stream", offset);
    else if (self->encoding == CT_ENCODING_BINARY_V0)
      where = g_strdup_printf ("byte %" G_GUINT64_FORMAT " of the Cap'n Proto message", offset);
    else
      where = g_strdup_printf ("byte %" G_GUINT64_FORMAT, offset);

    full = g_error_new (local_error->domain, local_error->code,
                        "%s: event %" G_GUINT64_FORMAT " at %s: %s",
                        self->path, self->n_read, where, local_error->message);
    if (self->flags & CT_READER_LENIENT)
      self->stop_error = full;
    else
      g_propagate_error (error, full);
  }

  return NULL;
}

const CtEvent *
_ct_reader_next_run (CtReader        *self,
                     guint           *n_events,
                     const guint64  **offsets,
                     guint64         *first_index,
                     GError         **error)
{
  const CtEvent *first = ct_reader_next (self, error);
  guint from;

  if (first == NULL)
    return NULL;

  /* ct_reader_next() took the first; the rest of the batch goes along. */
  from = self->batch_pos - 1;
  *first_index = self->n_read - 1;
  for (guint i = self->batch_pos; i < self->batch_n; i++)
    {
      if (G_UNLIKELY (self->batch[i].deviations != 0))
        note_deviations (self, self->batch[i].deviations);
      self->n_read++;
    }
  if (self->batch_pos < self->batch_n)
    {
      self->offset = self->batch_offsets[self->batch_n - 1];
      self->frame = FRAME_UNKNOWN;
      self->batch_pos = self->batch_n;
    }
  *n_events = self->batch_n - from;
  *offsets = &self->batch_offsets[from];
  return first;
}

gboolean
ct_reader_seek (CtReader  *self,
                guint64    index,
                guint64    offset,
                GError   **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (CT_IS_READER (self), FALSE);

  if (self->backend->klass->seek == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "%s: this reader cannot seek", self->path);
      return FALSE;
    }
  if (!self->backend->klass->seek (self->backend, offset, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code,
                   "%s: cannot go to event %" G_GUINT64_FORMAT " at byte %" G_GUINT64_FORMAT ": %s",
                   self->path, index, offset, local_error->message);
      return FALSE;
    }

  self->n_read = index;
  self->batch_n = self->batch_pos = 0;
  self->done = FALSE;
  g_clear_error (&self->stop_error);
  return TRUE;
}

const char *
ct_reader_get_path (CtReader *self)
{
  g_return_val_if_fail (CT_IS_READER (self), NULL);
  return self->path;
}

CtEncoding
ct_reader_get_encoding (CtReader *self)
{
  g_return_val_if_fail (CT_IS_READER (self), CT_ENCODING_UNKNOWN);
  return self->encoding;
}

guint64
ct_reader_get_index (CtReader *self)
{
  g_return_val_if_fail (CT_IS_READER (self), 0);
  return self->n_read > 0 ? self->n_read - 1 : 0;
}

guint64
ct_reader_get_offset (CtReader *self)
{
  g_return_val_if_fail (CT_IS_READER (self), 0);
  return self->offset;
}

gint64
ct_reader_get_frame (CtReader *self)
{
  g_return_val_if_fail (CT_IS_READER (self), -1);
  if (self->frame == FRAME_UNKNOWN)
    self->frame = self->backend->klass->frame_of (self->backend, self->offset);
  return self->frame;
}

guint64
ct_reader_get_position (CtReader *self)
{
  guint64 pos;

  g_return_val_if_fail (CT_IS_READER (self), 0);
  pos = self->backend->klass->position (self->backend);
  if (self->encoding != CT_ENCODING_JSON)
    pos += CT_BINARY_HEADER_SIZE;
  return MIN (pos, self->size);
}

guint64
ct_reader_get_size (CtReader *self)
{
  g_return_val_if_fail (CT_IS_READER (self), 0);
  return self->size;
}

double
ct_reader_get_fraction (CtReader *self)
{
  g_return_val_if_fail (CT_IS_READER (self), 0.0);
  if (self->done)
    return 1.0;
  if (self->size == 0)
    return 0.0;
  return (double) ct_reader_get_position (self) / (double) self->size;
}

const GError *
ct_reader_get_stop_error (CtReader *self)
{
  g_return_val_if_fail (CT_IS_READER (self), NULL);
  return self->stop_error;
}

guint
ct_reader_get_deviations (CtReader *self)
{
  g_return_val_if_fail (CT_IS_READER (self), 0);
  return self->deviations;
}

guint64
ct_reader_get_deviation_count (CtReader    *self,
                               CtDeviation  deviation,
                               guint64     *first_index)
{
  guint bit;

  g_return_val_if_fail (CT_IS_READER (self), 0);
  g_return_val_if_fail (deviation != 0 && (deviation & (deviation - 1)) == 0, 0);

  bit = g_bit_nth_lsf (deviation, -1);
  if (bit >= CT_N_DEVIATIONS)
    return 0;
  if (first_index != NULL)
    *first_index = self->deviation_first[bit];
  return self->deviation_counts[bit];
}
