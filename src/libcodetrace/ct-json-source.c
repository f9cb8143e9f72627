/* ct-json-source.c
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "ct-error.h"
#include "ct-item-stream.h"

/* trace.json: the file is read in chunks with read(2) rather than mapped, so
 * that reading a 1.4 GB trace keeps the resident set at the size of one
 * buffer instead of growing with every page touched. */

typedef struct
{
  CtReaderBackend  parent;
  int              fd;
  guint64          consumed;
  CtItemStream    *stream;
} CtJsonSource;

static gssize
json_source_read (gpointer   user_data,
                  guint8    *buf,
                  gsize      len,
                  GError   **error)
{
  CtJsonSource *self = user_data;

  for (;;)
    {
      gssize n = read (self->fd, buf, len);

      if (n >= 0)
        {
          self->consumed += n;
          return n;
        }
      if (errno == EINTR)
        continue;
      {
        int saved = errno;
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                     "cannot read: %s", g_strerror (saved));
      }
      return -1;
    }
}

static CtReadStatus
json_source_next (CtReaderBackend  *backend,
                  CtArena          *arena,
                  CtEvent          *event,
                  guint64          *offset,
                  gint64           *frame,
                  GError          **error)
{
  CtJsonSource *self = (CtJsonSource *) backend;

  *frame = -1;
  return _ct_item_stream_next (self->stream, arena, event, offset, error);
}

static guint64
json_source_position (CtReaderBackend *backend)
{
  return ((CtJsonSource *) backend)->consumed;
}

static void
json_source_free (CtReaderBackend *backend)
{
  CtJsonSource *self = (CtJsonSource *) backend;

  _ct_item_stream_free (self->stream);
  if (self->fd >= 0)
    close (self->fd);
  g_free (self);
}

static gboolean
json_source_seek (CtReaderBackend  *backend,
                  guint64           offset,
                  GError          **error)
{
  CtJsonSource *self = (CtJsonSource *) backend;

  if (lseek (self->fd, (off_t) offset, SEEK_SET) < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "cannot seek: %s", g_strerror (saved));
      return FALSE;
    }
  self->consumed = offset;
  _ct_item_stream_seek (self->stream, offset);
  return TRUE;
}

static const CtReaderBackendClass json_source_class = {
  .next = json_source_next,
  .seek = json_source_seek,
  .position = json_source_position,
  .free = json_source_free,
};

CtReaderBackend *
_ct_json_backend_new (int       fd,
                      guint64   file_size,
                      GError  **error)
{
  CtJsonSource *self = g_new0 (CtJsonSource, 1);

  self->parent.klass = &json_source_class;
  self->fd = fd;
#ifdef POSIX_FADV_SEQUENTIAL
  posix_fadvise (fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
  self->stream = _ct_item_stream_new (_ct_json_tokenizer_new (), json_source_read, self);
  return &self->parent;
}
