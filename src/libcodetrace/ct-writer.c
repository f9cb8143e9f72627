/* ct-writer.c
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <gio/gunixoutputstream.h>
#include <glib/gstdio.h>

#include "ct-codec-private.h"
#include "ct-error.h"
#include "ct-writer.h"

struct _CtWriter
{
  GObject          parent_instance;

  char            *path;
  char            *tmp_path; /* NULL once renamed into place or removed */
  CtEncoding       encoding;
  GOutputStream   *out;
  CtWriterBackend *backend;
  guint64          n_events;
  gboolean         failed;

  guint            changes;
  guint64          change_counts[CT_N_DEVIATIONS];
  guint64          change_first[CT_N_DEVIATIONS];
};

G_DEFINE_FINAL_TYPE (CtWriter, ct_writer, G_TYPE_OBJECT)

static void
discard (CtWriter *self)
{
  if (self->backend != NULL)
    {
      self->backend->klass->free (self->backend);
      self->backend = NULL;
    }
  if (self->out != NULL)
    {
      g_output_stream_close (self->out, NULL, NULL);
      g_clear_object (&self->out);
    }
  if (self->tmp_path != NULL)
    {
      g_unlink (self->tmp_path);
      g_clear_pointer (&self->tmp_path, g_free);
    }
}

static void
ct_writer_finalize (GObject *object)
{
  CtWriter *self = (CtWriter *) object;

  discard (self);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (ct_writer_parent_class)->finalize (object);
}

static void
ct_writer_class_init (CtWriterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ct_writer_finalize;
}

static void
ct_writer_init (CtWriter *self)
{
}

CtWriter *
ct_writer_new (const char     *file_path,
               CtEncoding      encoding,
               GError        **error)
{
  g_autoptr(CtWriter) self = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  int fd;

  g_return_val_if_fail (file_path != NULL, NULL);
  g_return_val_if_fail (encoding != CT_ENCODING_UNKNOWN, NULL);

  self = g_object_new (CT_TYPE_WRITER, NULL);
  self->path = g_strdup (file_path);
  self->encoding = encoding;

  dir = g_path_get_dirname (file_path);
  base = g_path_get_basename (file_path);
  self->tmp_path = g_strdup_printf ("%s%c.%s.XXXXXX", dir, G_DIR_SEPARATOR, base);
  fd = g_mkstemp_full (self->tmp_path, O_RDWR | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      int saved = errno;
      g_clear_pointer (&self->tmp_path, g_free);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "%s: cannot create a temporary file beside it: %s",
                   file_path, g_strerror (saved));
      return NULL;
    }
  self->out = g_unix_output_stream_new (fd, TRUE);

  if (encoding != CT_ENCODING_JSON)
    {
      const guint8 *header = encoding == CT_ENCODING_BINARY_V1 ? CT_V1_HEADER : CT_V0_HEADER;

      if (!g_output_stream_write_all (self->out, header, CT_BINARY_HEADER_SIZE, NULL, NULL, error))
        return NULL;
    }

  switch (encoding)
    {
    case CT_ENCODING_JSON:
      self->backend = _ct_json_sink_new (self->out);
      break;
    case CT_ENCODING_BINARY_V1:
      self->backend = _ct_v1_sink_new (self->out);
      break;
    case CT_ENCODING_BINARY_V0:
      self->backend = _ct_v0_sink_new (self->out, dir, error);
      if (self->backend == NULL)
        return NULL;
      break;
    case CT_ENCODING_UNKNOWN:
    default:
      g_assert_not_reached ();
    }

  return g_steal_pointer (&self);
}

gboolean
ct_writer_write (CtWriter       *self,
                 const CtEvent  *event,
                 GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  guint changes = 0;

  g_return_val_if_fail (CT_IS_WRITER (self), FALSE);
  g_return_val_if_fail (event != NULL, FALSE);

  if (self->backend == NULL || self->failed)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED,
                   "%s: the writer is finished or failed", self->path);
      return FALSE;
    }

  if (!self->backend->klass->write (self->backend, event, &changes, &local_error))
    {
      self->failed = TRUE;
      g_set_error (error, local_error->domain, local_error->code,
                   "%s: event %" G_GUINT64_FORMAT " (%s): %s", self->path, self->n_events,
                   event->kind == CT_EVENT_UNKNOWN ? "unknown variant" : ct_event_kind_name (event->kind),
                   local_error->message);
      return FALSE;
    }

  if (G_UNLIKELY (changes != 0))
    {
      self->changes |= changes;
      for (guint bit = 0; bit < CT_N_DEVIATIONS; bit++)
        if ((changes & (1u << bit)) && self->change_counts[bit]++ == 0)
          self->change_first[bit] = self->n_events;
    }

  self->n_events++;
  return TRUE;
}

gboolean
ct_writer_finish (CtWriter  *self,
                  GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  int fd;

  g_return_val_if_fail (CT_IS_WRITER (self), FALSE);

  if (self->backend == NULL || self->failed)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED,
                   "%s: the writer is finished or failed", self->path);
      return FALSE;
    }

  if (!self->backend->klass->finish (self->backend, &local_error))
    goto fail;

  fd = g_unix_output_stream_get_fd (G_UNIX_OUTPUT_STREAM (self->out));
  if (fsync (fd) != 0 && errno != EINVAL)
    {
      int saved = errno;
      g_set_error (&local_error, G_IO_ERROR, g_io_error_from_errno (saved), "%s", g_strerror (saved));
      goto fail;
    }
  if (!g_output_stream_close (self->out, NULL, &local_error))
    goto fail;
  if (g_rename (self->tmp_path, self->path) != 0)
    {
      int saved = errno;
      g_set_error (&local_error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "cannot rename the temporary file into place: %s", g_strerror (saved));
      goto fail;
    }

  g_clear_pointer (&self->tmp_path, g_free);
  self->backend->klass->free (self->backend);
  self->backend = NULL;
  g_clear_object (&self->out);
  return TRUE;

fail:
  self->failed = TRUE;
  discard (self);
  g_set_error (error, local_error->domain, local_error->code,
               "%s: %s", self->path, local_error->message);
  return FALSE;
}

void
ct_writer_abort (CtWriter *self)
{
  g_return_if_fail (CT_IS_WRITER (self));

  self->failed = TRUE;
  discard (self);
}

CtEncoding
ct_writer_get_encoding (CtWriter *self)
{
  g_return_val_if_fail (CT_IS_WRITER (self), CT_ENCODING_UNKNOWN);
  return self->encoding;
}

guint64
ct_writer_get_n_events (CtWriter *self)
{
  g_return_val_if_fail (CT_IS_WRITER (self), 0);
  return self->n_events;
}

guint
ct_writer_get_changes (CtWriter *self)
{
  g_return_val_if_fail (CT_IS_WRITER (self), 0);
  return self->changes;
}

guint64
ct_writer_get_change_count (CtWriter    *self,
                            CtDeviation  deviation,
                            guint64     *first_index)
{
  guint bit;

  g_return_val_if_fail (CT_IS_WRITER (self), 0);
  g_return_val_if_fail (deviation != 0 && (deviation & (deviation - 1)) == 0, 0);

  bit = g_bit_nth_lsf (deviation, -1);
  if (bit >= CT_N_DEVIATIONS)
    return 0;
  if (first_index != NULL)
    *first_index = self->change_first[bit];
  return self->change_counts[bit];
}
