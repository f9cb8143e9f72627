/* ct-codec-private.h
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ct-arena.h"
#include "ct-event.h"
#include "ct-token.h"

G_BEGIN_DECLS

/* Deepest nesting of maps/arrays accepted inside one event. serde_json's own
 * default limit is 128; real traces stay far below. Bounding it keeps every
 * recursive walk of a value (decode, encode, print) safe from stack overflow. */
#define CT_MAX_NESTING 512

/* The decompressed size of the zstd frames our v1 writer cuts. The format
 * allows up to 2 MiB (the reference writer's size); smaller frames cost
 * about 1 % of compression and make random access (the values at a step)
 * decode 256 KiB at most instead of 2 MiB. */
#define CT_V1_FRAME_SIZE (256 * 1024)

/* ---- tokenizers (ct-json-tokenizer.c, ct-cbor-tokenizer.c) ---- */

/* Tokenizers are allocated by their constructor and freed with g_free().
 * restart_item(): the stream rewound `pos` to the first byte of an item (after
 * a CT_READ_NEED_MORE) and the tokenizer must forget any nesting state of the
 * aborted attempt. */
typedef struct
{
  CtTokenizerClass parent;
  void (*restart_item) (CtTokenizer *self);
  /* The stream jumped to the first byte of an item in the middle of the
   * input (random access): the next begin_item() finds that item at pos,
   * with no separator before it. */
  void (*seek_item)    (CtTokenizer *self);
  /* Optional: decode a common event straight from the bytes at pos (right
   * after begin_item), moving pos past it; FALSE leaves everything as it was
   * for the general decoder. */
  gboolean (*fast_decode) (CtTokenizer *self,
                           CtArena     *arena,
                           CtEvent     *event);
  /* Optional: decode, as fast_decode would, up to max events that follow
   * one another whole in the buffer from pos (which is between items),
   * moving pos past them; starts[i] gets the buffer position of each.
   * Stops at the first event it cannot decode so, leaving pos at its
   * start. Returns how many it decoded. One call per run of events saves
   * the per-event calls through the stream, backend and reader. */
  guint    (*fast_batch)  (CtTokenizer *self,
                           CtArena     *arena,
                           CtEvent     *events,
                           gsize       *starts,
                           guint        max);
} CtStreamTokenizerClass;

CtTokenizer *_ct_json_tokenizer_new (void);
CtTokenizer *_ct_cbor_tokenizer_new (void);
/* ct-cbor-fast.c and ct-json-fast.c: the byte patterns behind the
 * tokenizers' fast_decode; return the bytes consumed or 0. */
gsize        _ct_cbor_fast_decode   (const guint8 *start,
                                     const guint8 *end,
                                     CtArena      *arena,
                                     CtEvent      *event);
/* Up to max events back to back from start; *used: the bytes they take. */
guint        _ct_cbor_fast_decode_batch (const guint8 *start,
                                         const guint8 *end,
                                         CtArena      *arena,
                                         CtEvent      *events,
                                         gsize        *starts,
                                         guint         max,
                                         gsize        *used);
gsize        _ct_json_fast_decode   (const guint8 *start,
                                     const guint8 *end,
                                     CtArena      *arena,
                                     CtEvent      *event);

/* ---- emitters (ct-json-emitter.c, ct-cbor-emitter.c) ---- */

CtEmitter   *_ct_json_emitter_new   (GByteArray *out);
CtEmitter   *_ct_cbor_emitter_new   (GByteArray *out);
void         _ct_emitter_free       (CtEmitter  *emitter);

/* serde_json's (ryu's) shortest round-trip spelling of a finite double,
 * e.g. "1.0", "0.1", "1e16", "1.5e-7". Returns the length written into buf
 * (at least 32 bytes). */
gsize        _ct_format_double      (double      value,
                                     char       *buf);
/* Decimal text <-> big-endian magnitude, for integers beyond 64 bits. */
guint8      *_ct_decimal_to_magnitude (const char *digits,
                                       gsize       n_digits,
                                       CtArena    *arena,
                                       gsize      *out_len);
char        *_ct_magnitude_to_decimal (const guint8 *magnitude,
                                       gsize         len);

/* ---- the one event decoder and encoder (ct-event-decoder.c, ct-event-encoder.c) ---- */

/* Reads one event (one top-level item) from the tokenizer. On
 * CT_READ_ERROR, tok->error_offset says where. */
CtReadStatus _ct_event_decode (CtTokenizer  *tok,
                               CtArena      *arena,
                               CtEvent      *event,
                               GError      **error);
void         _ct_event_encode (const CtEvent *event,
                               CtEmitter     *emitter);
void         _ct_node_encode  (const CtNode  *node,
                               CtEmitter     *emitter);
void         _ct_value_encode (const CtValue *value,
                               CtEmitter     *emitter);

/* ---- reader backends (ct-json-source.c, ct-v1-source.c, ct-v0-source.c) ---- */

typedef struct _CtReaderBackend      CtReaderBackend;
typedef struct _CtReaderBackendClass CtReaderBackendClass;

struct _CtReaderBackendClass
{
  /* Decodes the next event. Returns CT_READ_OK, CT_READ_END or CT_READ_ERROR.
   * *offset is the byte offset of the event (or, on error, of the damage) in
   * the backend's own stream (JSON: the file; v1: the decompressed CBOR
   * stream; v0: the unpacked message); *frame the v1 frame or -1. The error
   * message says what is wrong; the CtReader adds file, index and offset. */
  CtReadStatus (*next)     (CtReaderBackend  *self,
                            CtArena          *arena,
                            CtEvent          *event,
                            guint64          *offset,
                            gint64           *frame,
                            GError          **error);
  /* Optional: like next(), but may return up to max events at once (at
   * least one when CT_READ_OK), all valid until the next call; the arena
   * is reset once for all of them. *frame is that of events[0] when
   * *n_events is 1; for more, ask frame_of(). */
  CtReadStatus (*next_batch) (CtReaderBackend  *self,
                              CtArena          *arena,
                              CtEvent          *events,
                              guint64          *offsets,
                              guint             max,
                              guint            *n_events,
                              gint64           *frame,
                              GError          **error);
  /* With next_batch: the v1 frame of an event's offset, or -1. */
  gint64       (*frame_of) (CtReaderBackend  *self,
                            guint64           offset);
  /* bytes of the input file consumed so far, for progress */
  guint64      (*position) (CtReaderBackend  *self);
  void         (*free)     (CtReaderBackend  *self);
  /* Optional: position so that next() returns the event that starts at
   * this offset (as next() reported it). NULL when unsupported. */
  gboolean     (*seek)     (CtReaderBackend  *self,
                            guint64           offset,
                            GError          **error);
};

struct _CtReaderBackend
{
  const CtReaderBackendClass *klass;
};

/* Each backend takes ownership of the open file descriptor, positioned just
 * after the 8-byte header for trace.bin, at 0 for JSON. file_size is the whole
 * file's size. strict: v1 refuses a damaged seek table up front. */
CtReaderBackend *_ct_json_backend_new (int       fd,
                                       guint64   file_size,
                                       GError  **error);
CtReaderBackend *_ct_v1_backend_new   (int       fd,
                                       guint64   file_size,
                                       gboolean  strict,
                                       GError  **error);
CtReaderBackend *_ct_v0_backend_new   (int       fd,
                                       guint64   file_size,
                                       GError  **error);

/* ---- writer backends (ct-json-sink.c, ct-v1-sink.c, ct-v0-sink.c) ---- */

typedef struct _CtWriterBackend      CtWriterBackend;
typedef struct _CtWriterBackendClass CtWriterBackendClass;

struct _CtWriterBackendClass
{
  /* *changes gets the CtDeviation flags of what had to be changed to fit
   * the target encoding (e.g. v0 has no boolean Int). An event that cannot be
   * written at all fails with CT_TRACE_ERROR_UNSUPPORTED. */
  gboolean (*write)  (CtWriterBackend  *self,
                      const CtEvent    *event,
                      guint            *changes,
                      GError          **error);
  /* Writes whatever trails the events (JSON `]`, v1 seek table, the whole v0
   * message) and flushes. Does not close the stream. */
  gboolean (*finish) (CtWriterBackend  *self,
                      GError          **error);
  void     (*free)   (CtWriterBackend  *self);
};

struct _CtWriterBackend
{
  const CtWriterBackendClass *klass;
};

/* Backends write to `out` (the temporary file the CtWriter renames into place
 * on success), starting after the 8-byte header, which CtWriter writes. They
 * do not take ownership of `out`. tmp_dir is where the v0 writer may keep its
 * scratch files. */
CtWriterBackend *_ct_json_sink_new (GOutputStream  *out);
CtWriterBackend *_ct_v1_sink_new   (GOutputStream  *out);
CtWriterBackend *_ct_v0_sink_new   (GOutputStream  *out,
                                    const char     *tmp_dir,
                                    GError        **error);

G_END_DECLS
