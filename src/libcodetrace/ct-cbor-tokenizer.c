/* ct-cbor-tokenizer.c
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "ct-codec-private.h"
#include "ct-error.h"

/* The decompressed payload of a trace.bin v1 is CBOR items back to back, one
 * per event (FORMAT.md section 4). This tokenizer turns them into the token
 * stream that ct-event-decoder.c shares with JSON.
 *
 * It is the inner loop of reading a v1 trace (about fifteen tokens per
 * event, 150 million for ten million events), so it keeps no state beyond a
 * stack of counters, allocates nothing for definite strings (tokens point
 * into the buffer) and reads the common heads without any call. */

/* A stack entry is the number of items a definite container still holds, or
 * for an indefinite one the INDEFINITE bit, plus, for maps, whether a key
 * is waiting for its value (a break there would cut an entry in half).
 * Definite counts stay below INDEFINITE: a claimed count that large could
 * never be satisfied by any real input anyway. */
#define INDEFINITE     (G_GUINT64_CONSTANT (1) << 63)
#define INDEFINITE_MAP (G_GUINT64_CONSTANT (1) << 62)
#define KEY_PENDING    (G_GUINT64_CONSTANT (1) << 61)
#define MAX_DEFINITE   (INDEFINITE - 1)
/* Outside any container: a count that never runs out, so that next() needs
 * no separate test for depth 0. */
#define TOP_LEVEL      MAX_DEFINITE

#define BREAK_BYTE 0xff

typedef struct
{
  CtTokenizer parent;
  guint       depth;  /* open containers */
  guint64     top;    /* entry of the innermost one, or TOP_LEVEL */
  guint64     stack[CT_MAX_NESTING]; /* entries of the enclosing ones */
} CtCborTokenizer;

/* Opens a container: the enclosing one's entry is saved below it. */
static inline void
push (CtCborTokenizer *self,
      guint64          entry)
{
  self->stack[self->depth] = self->top;
  self->top = entry;
  self->depth++;
}

static inline void
pop (CtCborTokenizer *self)
{
  self->depth--;
  self->top = self->stack[self->depth];
}

G_GNUC_PRINTF (4, 5) G_GNUC_NO_INLINE static CtReadStatus
corrupt (CtTokenizer  *tok,
         gsize         offset,
         GError      **error,
         const char   *format,
         ...)
{
  va_list args;

  tok->error_offset = offset;
  if (error != NULL)
    {
      g_autofree char *message = NULL;

      va_start (args, format);
      message = g_strdup_vprintf (format, args);
      va_end (args);
      g_set_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_CORRUPT,
                   "invalid CBOR: %s", message);
    }
  return CT_READ_ERROR;
}

/* Reads the head (initial byte and argument) at *pos. Returns
 * CT_READ_NEED_MORE when the head is cut by the end of the buffer and
 * CT_READ_ERROR for the reserved additional information values 28 to 30.
 * For additional information 31 (indefinite length or break) *arg is 0 and
 * the caller decides what it means for its major type. */
static inline CtReadStatus
read_head (CtTokenizer  *tok,
           gsize        *pos,
           guint8       *initial,
           guint64      *arg,
           GError      **error)
{
  const guint8 *p;
  gsize avail = tok->len - *pos;
  guint8 ib;
  guint info;

  if (G_UNLIKELY (avail == 0))
    return CT_READ_NEED_MORE;

  p = tok->buf + *pos;
  ib = p[0];
  info = ib & 0x1f;
  *initial = ib;

  if (G_LIKELY (info < 24))
    {
      *arg = info;
      *pos += 1;
      return CT_READ_OK;
    }

  switch (info)
    {
    case 24:
      if (G_UNLIKELY (avail < 2))
        return CT_READ_NEED_MORE;
      *arg = p[1];
      *pos += 2;
      return CT_READ_OK;

    case 25:
      if (G_UNLIKELY (avail < 3))
        return CT_READ_NEED_MORE;
      *arg = ((guint64) p[1] << 8) | p[2];
      *pos += 3;
      return CT_READ_OK;

    case 26:
      {
        guint32 v;

        if (G_UNLIKELY (avail < 5))
          return CT_READ_NEED_MORE;
        memcpy (&v, p + 1, 4);
        *arg = GUINT32_FROM_BE (v);
        *pos += 5;
        return CT_READ_OK;
      }

    case 27:
      {
        guint64 v;

        if (G_UNLIKELY (avail < 9))
          return CT_READ_NEED_MORE;
        memcpy (&v, p + 1, 8);
        *arg = GUINT64_FROM_BE (v);
        *pos += 9;
        return CT_READ_OK;
      }

    case 31:
      *arg = 0;
      *pos += 1;
      return CT_READ_OK;

    default:
      return corrupt (tok, *pos, error,
                      "reserved additional information %u in initial byte 0x%02x",
                      info, ib);
    }
}

/* RFC 3629 well-formedness: no overlong forms, no surrogates, nothing above
 * U+10FFFF. Unlike g_utf8_validate(), U+0000 is accepted: it is a valid
 * character in a CBOR text string. Returns the offset of the first bad byte,
 * or len. */
G_GNUC_NO_INLINE static gsize
utf8_check_slow (const guint8 *s,
                 gsize         len)
{
  gsize i = 0;

  while (i < len)
    {
      guint8 c = s[i];
      guint8 lo = 0x80, hi = 0xbf;
      gsize n;

      if (c < 0x80)
        {
          i++;
          continue;
        }
      if (c >= 0xc2 && c <= 0xdf)
        n = 1;
      else if (c >= 0xe0 && c <= 0xef)
        {
          n = 2;
          if (c == 0xe0)
            lo = 0xa0;      /* overlong */
          else if (c == 0xed)
            hi = 0x9f;      /* surrogates */
        }
      else if (c >= 0xf0 && c <= 0xf4)
        {
          n = 3;
          if (c == 0xf0)
            lo = 0x90;      /* overlong */
          else if (c == 0xf4)
            hi = 0x8f;      /* above U+10FFFF */
        }
      else
        return i;

      if (len - i <= n)
        return i;
      if (s[i + 1] < lo || s[i + 1] > hi)
        return i;
      for (gsize k = 2; k <= n; k++)
        if ((s[i + k] & 0xc0) != 0x80)
          return i;
      i += n + 1;
    }

  return len;
}

/* Nearly every string in a trace is ASCII (keys, kinds, identifiers), so
 * that is checked first, a word at a time. `readable` (at least len) is how
 * many bytes from s may be read: a short string's last word is then loaded
 * whole and masked instead of being read byte by byte. */
static inline gboolean
is_ascii (const guint8 *s,
          gsize         len,
          gsize         readable)
{
  /* the top bit of the first n bytes of a little-endian word */
  static const guint64 high_bits[8] = {
    0,
    G_GUINT64_CONSTANT (0x80),
    G_GUINT64_CONSTANT (0x8080),
    G_GUINT64_CONSTANT (0x808080),
    G_GUINT64_CONSTANT (0x80808080),
    G_GUINT64_CONSTANT (0x8080808080),
    G_GUINT64_CONSTANT (0x808080808080),
    G_GUINT64_CONSTANT (0x80808080808080),
  };
  guint64 acc = 0;
  gsize i = 0;

  for (; i + 8 <= len; i += 8)
    {
      guint64 w;

      memcpy (&w, s + i, 8);
      acc |= w;
    }
  acc &= G_GUINT64_CONSTANT (0x8080808080808080);
  if (i < len)
    {
      if (G_LIKELY (readable - i >= 8))
        {
          guint64 w;

          memcpy (&w, s + i, 8);
          acc |= GUINT64_FROM_LE (w) & high_bits[len - i];
        }
      else
        for (; i < len; i++)
          acc |= s[i] & 0x80;
    }
  return acc == 0;
}

static inline gboolean
utf8_valid (const guint8 *s,
            gsize         len,
            gsize         readable)
{
  if (G_LIKELY (is_ascii (s, len, readable)))
    return TRUE;
  return utf8_check_slow (s, len) == len;
}

/* Collects the chunks of an indefinite-length string, from *pos (just after
 * its initial byte) to the break, into one arena copy. Everything is checked
 * to be present before anything is allocated, so a cut stream costs
 * nothing. */
static CtReadStatus
read_chunked_string (CtTokenizer  *tok,
                     guint         major,
                     gsize        *pos,
                     const char  **out_str,
                     gsize        *out_len,
                     GError      **error)
{
  gsize p = *pos;
  gsize total = 0;
  char *copy;
  gsize n;

  /* Pass 1: find the break, check the chunks. */
  for (;;)
    {
      gsize chunk_at = p;
      guint8 ib;
      guint64 arg = 0;
      CtReadStatus status;

      if (p >= tok->len)
        return CT_READ_NEED_MORE;
      if (tok->buf[p] == BREAK_BYTE)
        {
          p++;
          break;
        }

      status = read_head (tok, &p, &ib, &arg, error);
      if (status != CT_READ_OK)
        return status;
      if ((guint) (ib >> 5) != major || (ib & 0x1f) == 31)
        return corrupt (tok, chunk_at, error,
                        "a chunk of an indefinite-length %s string must be a definite %s string (found initial byte 0x%02x)",
                        major == 3 ? "text" : "byte",
                        major == 3 ? "text" : "byte",
                        ib);
      if (arg > (guint64) (tok->len - p))
        return CT_READ_NEED_MORE;
      if (major == 3 && !utf8_valid (tok->buf + p, arg, tok->len - p))
        return corrupt (tok, p + utf8_check_slow (tok->buf + p, arg), error,
                        "text string is not valid UTF-8");
      p += arg;
      total += arg;
    }

  /* Pass 2: copy. The total cannot overflow: it is at most the buffer size. */
  copy = ct_arena_alloc (tok->arena, total + 1);
  n = 0;
  for (gsize q = *pos; q < p - 1;)
    {
      guint8 ib;
      guint64 arg;

      read_head (tok, &q, &ib, &arg, NULL);
      memcpy (copy + n, tok->buf + q, arg);
      n += arg;
      q += arg;
    }
  copy[n] = '\0';

  *pos = p;
  *out_str = copy;
  *out_len = total;
  return CT_READ_OK;
}

/* Stores a big-endian magnitude in the arena, without leading zero bytes. */
static const char *
store_magnitude (CtArena      *arena,
                 const guint8 *bytes,
                 gsize        *len)
{
  gsize n = *len;
  char *copy;

  while (n > 0 && bytes[0] == 0)
    {
      bytes++;
      n--;
    }
  copy = ct_arena_alloc (arena, n + 1);
  memcpy (copy, bytes, n);
  copy[n] = '\0';
  *len = n;
  return copy;
}

/* A bignum whose value fits 64 bits becomes an ordinary integer token, so
 * that CT_TOKEN_BIGNUM means what ct-token.h says: beyond 64 bits. The
 * magnitude has no leading zeros. */
static void
set_bignum (CtToken     *token,
            gboolean     negative,
            const char  *magnitude,
            gsize        len)
{
  if (len <= 8)
    {
      guint64 v = 0;

      for (gsize i = 0; i < len; i++)
        v = (v << 8) | (guint8) magnitude[i];

      if (!negative && v <= G_MAXINT64)
        {
          token->type = CT_TOKEN_INT;
          token->i = (gint64) v;
          return;
        }
      if (!negative)
        {
          token->type = CT_TOKEN_UINT;
          token->u = v;
          return;
        }
      if (v <= (guint64) G_MAXINT64 + 1)
        {
          token->type = CT_TOKEN_INT;
          token->i = v == 0 ? 0 : -(gint64) (v - 1) - 1;
          return;
        }
    }

  token->type = CT_TOKEN_BIGNUM;
  token->s.str = magnitude;
  token->s.len = len;
  token->s.negative = negative;
}

static double
decode_half (guint16 h)
{
  int exponent = (h >> 10) & 0x1f;
  int mantissa = h & 0x3ff;
  double value;

  if (exponent == 0)
    value = ldexp (mantissa, -24);             /* zero and subnormals */
  else if (exponent == 31)
    value = mantissa == 0 ? INFINITY : NAN;
  else
    value = ldexp (mantissa + 1024, exponent - 25);

  return (h & 0x8000) ? -value : value;
}

static CtReadStatus
ct_cbor_tokenizer_begin_item (CtTokenizer  *tok,
                              GError      **error)
{
  CtCborTokenizer *self = (CtCborTokenizer *) tok;

  self->depth = 0;
  self->top = TOP_LEVEL;
  if (tok->pos >= tok->len)
    return tok->eof ? CT_READ_END : CT_READ_NEED_MORE;
  return CT_READ_OK;
}

static void
ct_cbor_tokenizer_restart_item (CtTokenizer *tok)
{
  CtCborTokenizer *self = (CtCborTokenizer *) tok;

  self->depth = 0;
  self->top = TOP_LEVEL;
}

/* Reads one whole item (any head, tags included) starting at pos; the
 * enclosing container has already counted it. This is the general path:
 * ct_cbor_tokenizer_next() handles the common short heads itself. */
G_GNUC_NO_INLINE static CtReadStatus
read_item (CtCborTokenizer  *self,
           CtToken          *token,
           gsize             pos,
           GError          **error)
{
  CtTokenizer *tok = &self->parent;
  gsize start = pos;
  CtReadStatus status;
  guint8 ib;
  guint64 arg;

  for (;;)
    {
      gsize head_at = pos;

      status = read_head (tok, &pos, &ib, &arg, error);
      if (G_UNLIKELY (status != CT_READ_OK))
        return status;

      switch (ib >> 5)
        {
        case 0: /* unsigned integer */
          if (G_UNLIKELY ((ib & 0x1f) == 31))
            goto bad_indefinite;
          if (G_LIKELY (arg <= G_MAXINT64))
            {
              token->type = CT_TOKEN_INT;
              token->i = (gint64) arg;
            }
          else
            {
              token->type = CT_TOKEN_UINT;
              token->u = arg;
            }
          goto done;

        case 1: /* negative integer: -1 - arg */
          if (G_UNLIKELY ((ib & 0x1f) == 31))
            goto bad_indefinite;
          if (G_LIKELY (arg <= G_MAXINT64))
            {
              token->type = CT_TOKEN_INT;
              token->i = -1 - (gint64) arg;
            }
          else
            {
              /* magnitude arg + 1, which may need a ninth byte */
              guint8 be[9];
              gsize n = 9;

              memset (be, 0, sizeof be);
              if (arg == G_MAXUINT64)
                be[0] = 1;
              else
                {
                  guint64 m = GUINT64_TO_BE (arg + 1);
                  memcpy (be + 1, &m, 8);
                }
              token->s.str = store_magnitude (tok->arena, be, &n);
              token->s.len = n;
              token->s.negative = TRUE;
              token->type = CT_TOKEN_BIGNUM;
            }
          goto done;

        case 2: /* byte string */
        case 3: /* text string */
          {
            const char *str;
            gsize len;

            if ((ib & 0x1f) == 31)
              {
                status = read_chunked_string (tok, ib >> 5, &pos, &str, &len, error);
                if (status != CT_READ_OK)
                  return status;
              }
            else
              {
                if (G_UNLIKELY (arg > (guint64) (tok->len - pos)))
                  return CT_READ_NEED_MORE;
                str = (const char *) tok->buf + pos;
                len = arg;
                if ((ib >> 5) == 3 && G_UNLIKELY (!utf8_valid (tok->buf + pos, len, tok->len - pos)))
                  return corrupt (tok, pos + utf8_check_slow (tok->buf + pos, len), error,
                                  "text string is not valid UTF-8");
                pos += len;
              }
            token->type = (ib >> 5) == 3 ? CT_TOKEN_STRING : CT_TOKEN_BYTES;
            token->s.str = str;
            token->s.len = len;
            token->s.negative = FALSE;
            goto done;
          }

        case 4: /* array */
        case 5: /* map */
          if (G_UNLIKELY (self->depth >= CT_MAX_NESTING))
            {
              tok->error_offset = head_at;
              g_set_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_LIMIT,
                           "CBOR nesting deeper than %d levels", CT_MAX_NESTING);
              return CT_READ_ERROR;
            }
          if ((ib & 0x1f) == 31)
            push (self, INDEFINITE | ((ib >> 5) == 5 ? INDEFINITE_MAP : 0));
          else if ((ib >> 5) == 4)
            push (self, MIN (arg, MAX_DEFINITE));
          else
            push (self, arg > MAX_DEFINITE / 2 ? MAX_DEFINITE : arg * 2);
          token->type = (ib >> 5) == 5 ? CT_TOKEN_MAP_START : CT_TOKEN_ARRAY_START;
          goto done;

        case 6: /* tag */
          if (G_UNLIKELY ((ib & 0x1f) == 31))
            goto bad_indefinite;
          if (arg == 2 || arg == 3)
            {
              gsize bytes_at = pos;
              guint8 bib;
              guint64 barg;
              const char *str;
              gsize len;

              status = read_head (tok, &pos, &bib, &barg, error);
              if (status != CT_READ_OK)
                return status;
              if ((bib >> 5) != 2)
                return corrupt (tok, bytes_at, error,
                                "bignum tag %u must be followed by a byte string (found initial byte 0x%02x)",
                                (guint) arg, bib);
              if ((bib & 0x1f) == 31)
                {
                  status = read_chunked_string (tok, 2, &pos, &str, &len, error);
                  if (status != CT_READ_OK)
                    return status;
                }
              else
                {
                  if (barg > (guint64) (tok->len - pos))
                    return CT_READ_NEED_MORE;
                  str = (const char *) tok->buf + pos;
                  len = barg;
                  pos += len;
                }
              str = store_magnitude (tok->arena, (const guint8 *) str, &len);

              if (arg == 3)
                {
                  /* -1 - n: the magnitude is n + 1. Add one from the last
                   * byte; a carry out of the first byte adds a new one. */
                  char *m = (char *) str;
                  gsize i = len;

                  while (i > 0 && (guint8) m[i - 1] == 0xff)
                    m[--i] = 0;
                  if (i > 0)
                    m[i - 1] = (char) ((guint8) m[i - 1] + 1);
                  else
                    {
                      char *grown = ct_arena_alloc (tok->arena, len + 2);

                      grown[0] = 1;
                      memset (grown + 1, 0, len);
                      grown[len + 1] = '\0';
                      str = grown;
                      len++;
                    }
                }
              set_bignum (token, arg == 3, str, len);
              goto done;
            }
          /* Any other tag only annotates the item that follows. */
          continue;

        default: /* 7: simple values and floats */
          switch (ib & 0x1f)
            {
            case 20:
            case 21:
              token->type = CT_TOKEN_BOOL;
              token->b = (ib & 0x1f) == 21;
              goto done;

            case 22: /* null */
            case 23: /* undefined */
              token->type = CT_TOKEN_NULL;
              goto done;

            case 25:
              token->type = CT_TOKEN_FLOAT;
              token->f = decode_half ((guint16) arg);
              goto done;

            case 26:
              {
                guint32 bits = (guint32) arg;
                float f;

                memcpy (&f, &bits, 4);
                token->type = CT_TOKEN_FLOAT;
                token->f = f;
                goto done;
              }

            case 27:
              token->type = CT_TOKEN_FLOAT;
              memcpy (&token->f, &arg, 8);
              goto done;

            case 31:
              return corrupt (tok, head_at, error,
                              "a break (0xff) outside an indefinite-length item");

            default:
              return corrupt (tok, head_at, error,
                              "unsupported simple value %u", (guint) ((ib & 0x1f) == 24 ? arg : (ib & 0x1f)));
            }
        }
    }

done:
  token->offset = start;
  tok->pos = pos;
  return CT_READ_OK;

bad_indefinite:
  return corrupt (tok, pos - 1, error,
                  "indefinite length is not allowed for major type %u (initial byte 0x%02x)",
                  (guint) (ib >> 5), ib);
}

/* The next item inside an indefinite-length container: a break ends it. */
G_GNUC_NO_INLINE static CtReadStatus
next_in_indefinite (CtCborTokenizer  *self,
                    CtToken          *token,
                    GError          **error)
{
  CtTokenizer *tok = &self->parent;
  gsize pos = tok->pos;

  if (pos >= tok->len)
    return CT_READ_NEED_MORE;
  if (tok->buf[pos] == BREAK_BYTE)
    {
      if (self->top & KEY_PENDING)
        return corrupt (tok, pos, error,
                        "an indefinite-length map ends after a key, without its value");
      pop (self);
      token->type = CT_TOKEN_END;
      token->offset = pos;
      tok->pos = pos + 1;
      return CT_READ_OK;
    }
  if (self->top & INDEFINITE_MAP)
    self->top ^= KEY_PENDING;

  return read_item (self, token, pos, error);
}

static CtReadStatus
ct_cbor_tokenizer_next (CtTokenizer  *tok,
                        CtToken      *token,
                        GError      **error)
{
  CtCborTokenizer *self = (CtCborTokenizer *) tok;
  gsize pos = tok->pos;
  const guint8 *p;
  gsize avail;
  guint8 ib;
  guint info;

  /* Close a finished container, or count the item about to be read. */
  {
    guint64 top = self->top;

    if (top == 0)
      {
        pop (self);
        token->type = CT_TOKEN_END;
        token->offset = pos;
        return CT_READ_OK;
      }
    if (G_UNLIKELY (top & INDEFINITE))
      return next_in_indefinite (self, token, error);
    self->top = top - 1;
  }

  /* Fast path: the heads that make up nearly all of a trace (short keys and
   * strings, small maps, small integers, doubles, booleans). A chain of
   * tests in order of frequency, not a switch: the type of the next token
   * is hard to predict, and a mispredicted indirect jump through a switch
   * table costs more than these compares. Everything else, and text that is
   * not ASCII (to be checked as UTF-8), takes the general path. */
  avail = tok->len - pos;
  if (G_UNLIKELY (avail == 0))
    return CT_READ_NEED_MORE;
  p = tok->buf + pos;
  ib = p[0];
  info = ib & 0x1f;
  token->offset = pos;

  if ((guint8) (ib - 0x60) < 24)
    {
      gsize n = ib - 0x60;

      if (G_UNLIKELY (n >= avail))
        return CT_READ_NEED_MORE;
      if (G_LIKELY (is_ascii (p + 1, n, avail - 1)))
        {
          token->type = CT_TOKEN_STRING;
          token->s.str = (const char *) p + 1;
          token->s.len = n;
          token->s.negative = FALSE;
          tok->pos = pos + 1 + n;
          return CT_READ_OK;
        }
    }
  else if ((guint8) (ib - 0x80) < 0x38 && info < 24)
    {
      /* 0x80..0x97 arrays, 0xa0..0xb7 maps */
      gboolean is_map = ib >= 0xa0;

      if (G_LIKELY (self->depth < CT_MAX_NESTING))
        {
          push (self, is_map ? info * 2 : info);
          token->type = is_map ? CT_TOKEN_MAP_START : CT_TOKEN_ARRAY_START;
          tok->pos = pos + 1;
          return CT_READ_OK;
        }
    }
  else if (ib < 0x18)
    {
      token->type = CT_TOKEN_INT;
      token->i = ib;
      tok->pos = pos + 1;
      return CT_READ_OK;
    }
  else if (ib == 0x18 && avail >= 2)
    {
      token->type = CT_TOKEN_INT;
      token->i = p[1];
      tok->pos = pos + 2;
      return CT_READ_OK;
    }
  else if ((guint8) (ib - 0x20) < 24)
    {
      token->type = CT_TOKEN_INT;
      token->i = -1 - (gint64) info;
      tok->pos = pos + 1;
      return CT_READ_OK;
    }
  else if (ib == 0x19 && avail >= 3)
    {
      token->type = CT_TOKEN_INT;
      token->i = (p[1] << 8) | p[2];
      tok->pos = pos + 3;
      return CT_READ_OK;
    }
  else if (ib == 0x78 && avail >= 2 && p[1] <= avail - 2)
    {
      gsize n = p[1];

      if (G_LIKELY (is_ascii (p + 2, n, avail - 2)))
        {
          token->type = CT_TOKEN_STRING;
          token->s.str = (const char *) p + 2;
          token->s.len = n;
          token->s.negative = FALSE;
          tok->pos = pos + 2 + n;
          return CT_READ_OK;
        }
    }
  else if (ib == 0xfb && avail >= 9)
    {
      guint64 bits;

      memcpy (&bits, p + 1, 8);
      bits = GUINT64_FROM_BE (bits);
      token->type = CT_TOKEN_FLOAT;
      memcpy (&token->f, &bits, 8);
      tok->pos = pos + 9;
      return CT_READ_OK;
    }
  else if (ib == 0xf4 || ib == 0xf5)
    {
      token->type = CT_TOKEN_BOOL;
      token->b = ib == 0xf5;
      tok->pos = pos + 1;
      return CT_READ_OK;
    }
  else if (ib == 0xf6)
    {
      token->type = CT_TOKEN_NULL;
      tok->pos = pos + 1;
      return CT_READ_OK;
    }

  return read_item (self, token, pos, error);
}

static gboolean
ct_cbor_tokenizer_fast_decode (CtTokenizer *tok,
                               CtArena     *arena,
                               CtEvent     *event)
{
  gsize used = _ct_cbor_fast_decode (tok->buf + tok->pos, tok->buf + tok->len, arena, event);

  tok->pos += used;
  return used > 0;
}

static guint
ct_cbor_tokenizer_fast_batch (CtTokenizer *tok,
                              CtArena     *arena,
                              CtEvent     *events,
                              gsize       *starts,
                              guint        max)
{
  CtCborTokenizer *self = (CtCborTokenizer *) tok;
  gsize used;
  guint n;

  self->depth = 0;
  self->top = TOP_LEVEL;
  n = _ct_cbor_fast_decode_batch (tok->buf + tok->pos, tok->buf + tok->len, arena,
                                  events, starts, max, &used);
  for (guint i = 0; i < n; i++)
    starts[i] += tok->pos;
  tok->pos += used;
  return n;
}

static const CtStreamTokenizerClass ct_cbor_tokenizer_class = {
  .parent = {
    .begin_item = ct_cbor_tokenizer_begin_item,
    .next = ct_cbor_tokenizer_next,
  },
  .restart_item = ct_cbor_tokenizer_restart_item,
  /* CBOR items have no separators: an item start is an item start. */
  .seek_item = ct_cbor_tokenizer_restart_item,
  .fast_decode = ct_cbor_tokenizer_fast_decode,
  .fast_batch = ct_cbor_tokenizer_fast_batch,
};

CtTokenizer *
_ct_cbor_tokenizer_new (void)
{
  CtCborTokenizer *self = g_new0 (CtCborTokenizer, 1);

  self->parent.klass = &ct_cbor_tokenizer_class.parent;
  self->top = TOP_LEVEL;
  return &self->parent;
}
