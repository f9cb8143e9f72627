/* ct-capnp.c
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <unistd.h>

#include "ct-capnp-private.h"
#include "ct-error.h"

/* ---- enums ---- */

/* One row per enumerant name: the ordinal the v0 schema gives it and the
 * model's (JSON) number. Mapping through this table is mapping by name,
 * which is what the format requires (FORMAT.md section 5). */
static const struct
{
  const char     *name;
  guint16         ordinal;
  CtEventLogKind  kind;
} event_log_kinds[] = {
  { "write",         0,  CT_EVENT_LOG_WRITE },
  { "writeFile",     1,  CT_EVENT_LOG_WRITE_FILE },
  { "read",          2,  CT_EVENT_LOG_READ },
  { "readFile",      3,  CT_EVENT_LOG_READ_FILE },
  { "readDir",       4,  CT_EVENT_LOG_READ_DIR },
  { "openDir",       5,  CT_EVENT_LOG_OPEN_DIR },
  { "closeDir",      6,  CT_EVENT_LOG_CLOSE_DIR },
  { "socket",        7,  CT_EVENT_LOG_SOCKET },
  { "open",          8,  CT_EVENT_LOG_OPEN },
  { "error",         9,  CT_EVENT_LOG_ERROR },
  { "traceLogEvent", 10, CT_EVENT_LOG_TRACE_LOG_EVENT },
  { "writeOther",    11, CT_EVENT_LOG_WRITE_OTHER },
  { "readOther",     12, CT_EVENT_LOG_READ_OTHER },
  { "evmEvent",      13, CT_EVENT_LOG_EVM_EVENT },
};

guint
_ct_capnp_event_log_kind_from_ordinal (guint16 ordinal)
{
  for (guint i = 0; i < G_N_ELEMENTS (event_log_kinds); i++)
    {
      if (event_log_kinds[i].ordinal == ordinal)
        return event_log_kinds[i].kind;
    }

  return ordinal;
}

guint16
_ct_capnp_event_log_kind_to_ordinal (guint json_kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (event_log_kinds); i++)
    {
      if ((guint) event_log_kinds[i].kind == json_kind)
        return event_log_kinds[i].ordinal;
    }

  /* callers reject numbers beyond 16 bits before getting here */
  return (guint16) json_kind;
}

gboolean
_ct_capnp_utf8_validate (const char *str,
                         gsize       len,
                         gsize      *bad_offset)
{
  const char *p = str;
  const char *limit = str + len;

  while (p < limit)
    {
      const char *end;

      if (g_utf8_validate_len (p, limit - p, &end))
        return TRUE;

      /* g_utf8_validate_len() stops at NUL too; skip over it */
      if (*end != '\0')
        {
          if (bad_offset != NULL)
            *bad_offset = end - str;
          return FALSE;
        }
      p = end + 1;
    }

  return TRUE;
}

/* ---- packing ---- */

/* Bits set in each byte value: both directions count the bytes a tag
 * stands for, once per word, and not every build has a popcount
 * instruction. */
#define B2(n) n, n + 1, n + 1, n + 2
#define B4(n) B2 (n), B2 (n + 1), B2 (n + 1), B2 (n + 2)
#define B6(n) B4 (n), B4 (n + 1), B4 (n + 1), B4 (n + 2)
static const guint8 popcount8[256] = { B6 (0), B6 (1), B6 (1), B6 (2) };
#undef B2
#undef B4
#undef B6

/* The worst case for one _write() step is a tag, 8 bytes, a count byte and
 * a literal run of 255 words: keep that much room before each step. */
#define PACK_BUF_SIZE   (256 * 1024)
#define PACK_STEP_ROOM  (10 + 255 * 8)

struct _CtCapnpPacker
{
  CtCapnpWriteFunc  write;
  gpointer          user_data;
  guint8           *buf;
  gsize             len;
  guint64           written;
};

CtCapnpPacker *
_ct_capnp_packer_new (CtCapnpWriteFunc write,
                      gpointer         user_data)
{
  CtCapnpPacker *self = g_new0 (CtCapnpPacker, 1);

  self->write = write;
  self->user_data = user_data;
  self->buf = g_malloc (PACK_BUF_SIZE);
  return self;
}

gboolean
_ct_capnp_write_to_stream (gpointer       stream,
                           const guint8  *data,
                           gsize          len,
                           GError       **error)
{
  return g_output_stream_write_all (G_OUTPUT_STREAM (stream), data, len, NULL, NULL, error);
}

void
_ct_capnp_packer_free (CtCapnpPacker *self)
{
  if (self == NULL)
    return;
  g_free (self->buf);
  g_free (self);
}

guint64
_ct_capnp_packer_get_bytes_written (CtCapnpPacker *self)
{
  return self->written + self->len;
}

gboolean
_ct_capnp_packer_flush (CtCapnpPacker  *self,
                        GError        **error)
{
  if (self->len == 0)
    return TRUE;
  if (!self->write (self->user_data, self->buf, self->len, error))
    return FALSE;
  self->written += self->len;
  self->len = 0;
  return TRUE;
}

/* The packed tag of a word: bit b set when byte b is not zero. Done with
 * word arithmetic: this runs once per word of every v0 trace written. */
static inline guint
word_tag (guint64 w)
{
  const guint64 low7 = G_GUINT64_CONSTANT (0x7F7F7F7F7F7F7F7F);
  /* bit 7 of each byte: set when that byte is not zero */
  guint64 high = (((w & low7) + low7) | w) & ~low7;

  /* gathers the eight bit-7s into one byte, byte 0 lowest */
  return (guint) (((high >> 7) * G_GUINT64_CONSTANT (0x0102040810204080)) >> 56);
}

gboolean
_ct_capnp_packer_write (CtCapnpPacker  *self,
                        const guint8   *words,
                        gsize           n_bytes,
                        GError        **error)
{
  gsize n_words = n_bytes / CT_CAPNP_WORD;
  gsize i = 0;

  g_assert (n_bytes % CT_CAPNP_WORD == 0);

  while (i < n_words)
    {
      const guint8 *w = words + i * CT_CAPNP_WORD;
      guint tag = word_tag (_ct_capnp_read_word (w));
      guint8 *p;

      if (PACK_BUF_SIZE - self->len < PACK_STEP_ROOM &&
          !_ct_capnp_packer_flush (self, error))
        return FALSE;

      p = self->buf + self->len;
      *p++ = tag;
      for (guint bits = tag; bits != 0; bits &= bits - 1)
        *p++ = w[__builtin_ctz (bits)];
      self->len = p - self->buf;
      i++;

      if (tag == 0)
        {
          guint run = 0;

          while (i < n_words && run < 255 &&
                 _ct_capnp_read_word (words + i * CT_CAPNP_WORD) == 0)
            {
              run++;
              i++;
            }
          self->buf[self->len++] = run;
        }
      else if (tag == 0xFF)
        {
          guint run = 0;

          /* Words with at most one zero byte cost no more raw than packed;
           * copying them saves the per-word tags (as capnp's own packer
           * decides). */
          while (i < n_words && run < 255 &&
                 popcount8[word_tag (_ct_capnp_read_word (words + i * 8))] >= 7)
            {
              run++;
              i++;
            }
          self->buf[self->len++] = run;
          memcpy (self->buf + self->len, words + (i - run) * CT_CAPNP_WORD,
                  run * CT_CAPNP_WORD);
          self->len += run * CT_CAPNP_WORD;
        }
    }

  return TRUE;
}

/* ---- unpacking ---- */

#define UNPACK_BUF_SIZE  (1024 * 1024)
#define UNPACK_BUF_SLACK 16

struct _CtCapnpUnpacker
{
  int      fd;
  guint8  *buf;
  gsize    len;
  gsize    pos;
  guint64  buf_base;  /* packed offset of buf[0], base_offset included */
  gboolean eof;
  gsize    pending_zero_words;
  gsize    pending_literal_words;
};

CtCapnpUnpacker *
_ct_capnp_unpacker_new (int     fd,
                        guint64 base_offset)
{
  CtCapnpUnpacker *self = g_new0 (CtCapnpUnpacker, 1);

  self->fd = fd;
  self->buf = g_malloc (UNPACK_BUF_SIZE + UNPACK_BUF_SLACK);
  self->buf_base = base_offset;
  return self;
}

void
_ct_capnp_unpacker_free (CtCapnpUnpacker *self)
{
  if (self == NULL)
    return;
  g_free (self->buf);
  g_free (self);
}

guint64
_ct_capnp_unpacker_get_position (CtCapnpUnpacker *self)
{
  return self->buf_base + self->pos;
}

/* Makes at least `want` unread bytes available unless the input ends first;
 * returns how many are available. */
static gboolean
refill (CtCapnpUnpacker  *self,
        gsize             want,
        gsize            *available,
        GError          **error)
{
  while (self->len - self->pos < want && !self->eof)
    {
      gssize n;

      if (self->pos > 0)
        {
          memmove (self->buf, self->buf + self->pos, self->len - self->pos);
          self->len -= self->pos;
          self->buf_base += self->pos;
          self->pos = 0;
        }

      n = read (self->fd, self->buf + self->len, UNPACK_BUF_SIZE - self->len);
      if (n < 0)
        {
          int saved_errno = errno;

          if (saved_errno == EINTR)
            continue;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       "Cannot read trace.bin at byte %" G_GUINT64_FORMAT ": %s",
                       self->buf_base + self->len, g_strerror (saved_errno));
          return FALSE;
        }
      if (n == 0)
        self->eof = TRUE;
      self->len += n;
    }

  *available = self->len - self->pos;
  return TRUE;
}

gboolean
_ct_capnp_unpacker_read (CtCapnpUnpacker  *self,
                         guint8           *out,
                         gsize             out_cap,
                         gsize            *out_len,
                         GError          **error)
{
  gsize o = 0;

  g_assert (out_cap % CT_CAPNP_WORD == 0);

  while (o < out_cap)
    {
      gsize room = (out_cap - o) / CT_CAPNP_WORD;
      gsize avail;
      guint8 tag;
      gsize need;
      const guint8 *in;
      guint8 *w;

      if (self->pending_zero_words > 0)
        {
          gsize n = MIN (self->pending_zero_words, room);

          memset (out + o, 0, n * CT_CAPNP_WORD);
          o += n * CT_CAPNP_WORD;
          self->pending_zero_words -= n;
          continue;
        }

      if (self->pending_literal_words > 0)
        {
          gsize n;

          if (!refill (self, CT_CAPNP_WORD, &avail, error))
            return FALSE;
          n = MIN (MIN (self->pending_literal_words, room), avail / CT_CAPNP_WORD);
          if (n == 0 && o > 0)
            break;
          if (n == 0)
            {
              g_set_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_TRUNCATED,
                           "Packed Cap'n Proto data ends at byte %" G_GUINT64_FORMAT
                           " inside a run of %" G_GSIZE_FORMAT " literal words",
                           _ct_capnp_unpacker_get_position (self),
                           self->pending_literal_words);
              return FALSE;
            }
          memcpy (out + o, self->buf + self->pos, n * CT_CAPNP_WORD);
          self->pos += n * CT_CAPNP_WORD;
          o += n * CT_CAPNP_WORD;
          self->pending_literal_words -= n;
          continue;
        }

      /* a tag, up to 8 bytes and a run count */
      avail = self->len - self->pos;
      if (avail < 10 && !refill (self, 10, &avail, error))
        return FALSE;
      if (avail == 0)
        break;

      in = self->buf + self->pos;
      tag = in[0];
      need = 1 + (gsize) popcount8[tag] + ((tag == 0 || tag == 0xFF) ? 1 : 0);
      if (avail < need && o > 0)
        break;
      if (avail < need)
        {
          g_set_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_TRUNCATED,
                       "Packed Cap'n Proto data ends at byte %" G_GUINT64_FORMAT
                       " inside the word that starts at byte %" G_GUINT64_FORMAT
                       " (tag 0x%02x needs %" G_GSIZE_FORMAT " bytes)",
                       self->buf_base + self->len, _ct_capnp_unpacker_get_position (self),
                       tag, need);
          return FALSE;
        }

      w = out + o;
      in++;
      /* branch-free: this runs once per word of the message. It may read
       * one byte past the group, which the buffer's slack allows. */
      for (guint b = 0; b < 8; b++)
        {
          guint bit = (tag >> b) & 1;

          w[b] = *in & (guint8) -bit;
          in += bit;
        }
      o += CT_CAPNP_WORD;

      if (tag == 0)
        self->pending_zero_words = *in++;
      else if (tag == 0xFF)
        self->pending_literal_words = *in++;
      self->pos = in - self->buf;
    }

  *out_len = o;
  return TRUE;
}
