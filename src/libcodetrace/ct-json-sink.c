/* ct-json-sink.c
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ct-codec-private.h"

/* trace.json as serde_json::to_string writes a Vec of events: one compact
 * line, `[` event `,` event ... `]`. */

#define FLUSH_SIZE (1024 * 1024)

typedef struct
{
  CtWriterBackend  parent;
  GOutputStream   *out;
  GByteArray      *buf;
  CtEmitter       *emitter;
  guint64          n_events;
} CtJsonSink;

static gboolean
flush (CtJsonSink  *self,
       GError     **error)
{
  gboolean ok = g_output_stream_write_all (self->out, self->buf->data, self->buf->len,
                                           NULL, NULL, error);

  g_byte_array_set_size (self->buf, 0);
  return ok;
}

static gboolean
json_sink_write (CtWriterBackend  *backend,
                 const CtEvent    *event,
                 guint            *changes,
                 GError          **error)
{
  CtJsonSink *self = (CtJsonSink *) backend;

  g_byte_array_append (self->buf, (const guint8 *) (self->n_events == 0 ? "[" : ","), 1);
  _ct_event_encode (event, self->emitter);
  self->n_events++;

  if (self->buf->len >= FLUSH_SIZE)
    return flush (self, error);
  return TRUE;
}

static gboolean
json_sink_finish (CtWriterBackend  *backend,
                  GError          **error)
{
  CtJsonSink *self = (CtJsonSink *) backend;

  if (self->n_events == 0)
    g_byte_array_append (self->buf, (const guint8 *) "[", 1);
  g_byte_array_append (self->buf, (const guint8 *) "]", 1);
  return flush (self, error) && g_output_stream_flush (self->out, NULL, error);
}

static void
json_sink_free (CtWriterBackend *backend)
{
  CtJsonSink *self = (CtJsonSink *) backend;

  _ct_emitter_free (self->emitter);
  g_byte_array_unref (self->buf);
  g_free (self);
}

static const CtWriterBackendClass json_sink_class = {
  .write = json_sink_write,
  .finish = json_sink_finish,
  .free = json_sink_free,
};

CtWriterBackend *
_ct_json_sink_new (GOutputStream *out)
{
  CtJsonSink *self = g_new0 (CtJsonSink, 1);

  self->parent.klass = &json_sink_class;
  self->out = out;
  self->buf = g_byte_array_sized_new (FLUSH_SIZE + 64 * 1024);
  self->emitter = _ct_json_emitter_new (self->buf);
  return &self->parent;
}
