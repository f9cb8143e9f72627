/* ct-json-tokenizer.c
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "ct-codec-private.h"
#include "ct-error.h"

/* Tokens of a trace.json: one JSON array whose items are the events.
 *
 * A trace.json can be several gigabytes, and reading it is the slowest part
 * of opening a trace, so this is a hand-written scanner rather than
 * json-glib: tokens are scanned ahead in batches by one loop whose position
 * in the code is the parser state, strings without escapes are handed out
 * in place and are looked at eight bytes at a time, and small integers are
 * converted while they are scanned. It still checks everything
 * strict JSON requires (serde_json reads these files too, so anything it
 * would refuse is reported), including UTF-8.
 *
 * The item stream rewinds to the first byte of an event when the buffer ends
 * inside it, so running out of input anywhere only has to say so
 * (CT_READ_NEED_MORE): nothing is kept from an unfinished token. */

/* Integers longer than this are refused rather than converted, since the
 * conversion is quadratic. Python, the only writer of such numbers, refuses to
 * print more than 4300 digits by default. */
#define MAX_BIG_DIGITS 10000

typedef enum
{
  STATE_VALUE,       /* a value comes next: item start, after ':', after ',' in an array */
  STATE_KEY,         /* a key comes next: after ',' in an object */
  STATE_MAP_FIRST,   /* after '{': a key or '}' */
  STATE_ARRAY_FIRST, /* after '[': a value or ']' */
  STATE_AFTER_KEY,   /* ':' and then a value */
  STATE_AFTER_VALUE, /* ',' or the closing bracket */
  STATE_DONE,        /* the item is complete */
} State;

typedef struct
{
  CtTokenizer parent;
  State       state;
  guint       depth;
  gboolean    started; /* the event list's '[' is behind us */
  gboolean    ended;   /* ... and so is its ']' */
  gboolean    at_item; /* after a seek: an event starts at pos, no ',' before it */
  /* tokens scanned ahead of the decoder, all of the current item;
   * ready[i_ready] is the next to hand out */
  guint       n_ready;
  guint       i_ready;
  CtToken     ready[32];
  guint8      is_map[CT_MAX_NESTING];
} CtJsonTokenizer;

/* JSON whitespace: space, tab, newline, carriage return. */
static const guint8 ws_table[256] = {
  [' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1,
};

/* Bytes that stand for themselves inside a string: printable ASCII except
 * '"' and '\\'. Control characters, escapes and UTF-8 sequences leave the
 * fast loop. */
#define R16(v) v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v
static const guint8 plain_table[256] = {
  R16 (0), R16 (0),
  /* 0x20 */ 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  R16 (1), R16 (1),
  /* 0x50 */ 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
  R16 (1), R16 (1),
  R16 (0), R16 (0), R16 (0), R16 (0), R16 (0), R16 (0), R16 (0), R16 (0),
};
#undef R16

/* Eight bytes at p as one little-endian word (the buffer has no alignment). */
static inline guint64
load_u64 (const guint8 *p)
{
  guint64 v;

  memcpy (&v, p, sizeof v);
  return GUINT64_FROM_LE (v);
}

#define ONES  G_GUINT64_CONSTANT (0x0101010101010101)
#define HIGHS G_GUINT64_CONSTANT (0x8080808080808080)

/* The high bit of each byte of v that is '"', '\\', a control character or
 * part of a UTF-8 sequence, i.e. not plain_table[]. Borrows can set bits
 * above the first such byte, never below it, so only the lowest set bit is
 * exact, and it is the only one used. */
static inline guint64
special_bytes (guint64 v)
{
  guint64 quote = v ^ (ONES * '"');
  guint64 backslash = v ^ (ONES * '\\');

  return (((quote - ONES) & ~quote) |
          ((backslash - ONES) & ~backslash) |
          ((v - ONES * 0x20) & ~v) |
          v) & HIGHS;
}

/* Like special_bytes(), for '"' and '\\' only. */
static inline guint64
quote_or_backslash_bytes (guint64 v)
{
  guint64 quote = v ^ (ONES * '"');
  guint64 backslash = v ^ (ONES * '\\');

  return (((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash)) & HIGHS;
}

/* The index of the byte of the lowest high bit in mask. */
static inline gsize
special_index (guint64 mask)
{
  return (gsize) __builtin_ctzll (mask) / 8;
}

/* Exactly representable powers of ten, for the fast float path. */
static const double exact_powers_of_ten[23] = {
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

#define IS_DIGIT(c) ((guint) ((c) - '0') < 10)

/* Skips whitespace. Compact files have none between tokens, pretty-printed
 * ones a space after each ':' and a newline and a short indentation before
 * each key and item. A plain loop measured as fast as looking at 8 or 16
 * bytes at a time for runs this short. */
static inline G_ALWAYS_INLINE const guint8 *
skip_ws (const guint8 *p,
         const guint8 *end)
{
  while (p < end && ws_table[*p])
    p++;
  return p;
}

/* Skips whitespace; running out of input means the caller needs more. */
#define SKIP_WS(p, end)                       \
  G_STMT_START                                \
    {                                         \
      (p) = skip_ws ((p), (end));             \
      if (G_UNLIKELY ((p) == (end)))          \
        return CT_READ_NEED_MORE;             \
    }                                         \
  G_STMT_END

/* Error paths stay out of line, so that the scanning code around them keeps
 * its registers. */
static G_GNUC_NO_INLINE CtReadStatus G_GNUC_PRINTF (5, 6)
fail (CtJsonTokenizer  *self,
      const guint8     *where,
      GError          **error,
      CtTraceError      code,
      const char       *format,
      ...)
{
  va_list args;

  self->parent.error_offset = where - self->parent.buf;
  if (error != NULL)
    {
      va_start (args, format);
      g_propagate_error (error, g_error_new_valist (CT_TRACE_ERROR, code, format, args));
      va_end (args);
    }
  return CT_READ_ERROR;
}

/* "<expected>, found 'x'" (or "byte 0xNN" for what is not printable). */
static G_GNUC_NO_INLINE CtReadStatus
fail_found (CtJsonTokenizer  *self,
            const guint8     *where,
            GError          **error,
            const char       *expected)
{
  guint8 c = *where;

  if (c > 0x20 && c < 0x7f)
    return fail (self, where, error, CT_TRACE_ERROR_CORRUPT, "%s, found '%c'", expected, c);
  return fail (self, where, error, CT_TRACE_ERROR_CORRUPT, "%s, found byte 0x%02X", expected, c);
}

/* Length of the UTF-8 sequence at p (2 to 4), 0 when the input ends inside
 * a sequence that is valid so far, -1 when it is not valid UTF-8 (overlong
 * forms, surrogates and code points past U+10FFFF included). p[0] >= 0x80. */
static inline int
utf8_sequence (const guint8 *p,
               const guint8 *end)
{
  guint c = p[0];
  gsize avail = end - p;
  guint lo = 0x80;
  guint hi = 0xbf;
  gsize n;
  gsize i;

  if (c < 0xc2)
    return -1;
  else if (c < 0xe0)
    n = 2;
  else if (c < 0xf0)
    {
      n = 3;
      if (c == 0xe0)
        lo = 0xa0;
      else if (c == 0xed)
        hi = 0x9f;
    }
  else if (c < 0xf5)
    {
      n = 4;
      if (c == 0xf0)
        lo = 0x90;
      else if (c == 0xf4)
        hi = 0x8f;
    }
  else
    return -1;

  if (avail < 2)
    return 0;
  if (p[1] < lo || p[1] > hi)
    return -1;
  for (i = 2; i < n; i++)
    {
      if (i >= avail)
        return 0;
      if ((p[i] & 0xc0) != 0x80)
        return -1;
    }
  return (int) n;
}

static int
hex4 (const guint8 *p)
{
  int value = 0;
  int i;

  for (i = 0; i < 4; i++)
    {
      guint c = p[i];
      int d;

      if (IS_DIGIT (c))
        d = c - '0';
      else if (c >= 'a' && c <= 'f')
        d = c - 'a' + 10;
      else if (c >= 'A' && c <= 'F')
        d = c - 'A' + 10;
      else
        return -1;
      value = value * 16 + d;
    }
  return value;
}

/* The slow path of scan_string(): a string with at least one escape, at
 * `esc`. The unescaped text goes into the arena; it is never longer than the
 * escaped one. */
static CtReadStatus
scan_escaped_string (CtJsonTokenizer  *self,
                     const guint8    **pp,
                     const guint8     *start,
                     const guint8     *esc,
                     const guint8     *end,
                     CtToken          *token,
                     GError          **error)
{
  const guint8 *q = esc;
  const guint8 *r;
  guint8 *text;
  guint8 *o;

  /* Find the closing quote first, so that the rest need not check for the
   * end of the input. Only quotes and backslashes matter here; strings with
   * escapes can be long (a captured file's text), so look at words. */
  while (q < end)
    {
      guint64 mask;

      if (*q == '"')
        break;
      if (*q == '\\')
        {
          q += 2;
          continue;
        }
      q++;
      while (end - q >= 8 && (mask = quote_or_backslash_bytes (load_u64 (q))) == 0)
        q += 8;
    }
  if (q >= end)
    return CT_READ_NEED_MORE;

  text = ct_arena_alloc (self->parent.arena, (q - start) + 1);
  memcpy (text, start, esc - start);
  o = text + (esc - start);

  for (r = esc; r < q;)
    {
      guint c = *r;

      if (c == '\\')
        {
          int cp;

          switch (r[1])
            {
            case '"': *o++ = '"'; r += 2; continue;
            case '\\': *o++ = '\\'; r += 2; continue;
            case '/': *o++ = '/'; r += 2; continue;
            case 'b': *o++ = '\b'; r += 2; continue;
            case 'f': *o++ = '\f'; r += 2; continue;
            case 'n': *o++ = '\n'; r += 2; continue;
            case 'r': *o++ = '\r'; r += 2; continue;
            case 't': *o++ = '\t'; r += 2; continue;
            case 'u':
              break;
            default:
              return fail_found (self, r + 1, error,
                                 "invalid escape in a string: expected one of "
                                 "\" \\ / b f n r t u after the backslash");
            }

          if (q - r < 6 || (cp = hex4 (r + 2)) < 0)
            return fail (self, r, error, CT_TRACE_ERROR_CORRUPT,
                         "invalid \\u escape in a string: it needs four hex digits");

          if (cp >= 0xd800 && cp <= 0xdbff)
            {
              int low;

              /* a UTF-16 surrogate pair spells one code point past U+FFFF */
              if (q - r < 12 || r[6] != '\\' || r[7] != 'u' ||
                  (low = hex4 (r + 8)) < 0xdc00 || low > 0xdfff)
                return fail (self, r, error, CT_TRACE_ERROR_CORRUPT,
                             "a lone UTF-16 surrogate (\\u%04X) in a string", cp);
              cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
              r += 12;
            }
          else if (cp >= 0xdc00 && cp <= 0xdfff)
            return fail (self, r, error, CT_TRACE_ERROR_CORRUPT,
                         "a lone UTF-16 surrogate (\\u%04X) in a string", cp);
          else
            r += 6;

          o += g_unichar_to_utf8 (cp, (char *) o);
        }
      else if (c >= 0x80)
        {
          int n = utf8_sequence (r, q);

          if (n <= 0)
            return fail (self, r, error, CT_TRACE_ERROR_CORRUPT, "invalid UTF-8 in a string");
          memcpy (o, r, n);
          o += n;
          r += n;
        }
      else if (c < 0x20)
        return fail (self, r, error, CT_TRACE_ERROR_CORRUPT,
                     "a raw control character (0x%02X) in a string; JSON needs it escaped", c);
      else
        *o++ = *r++;
    }

  *o = '\0';
  token->type = CT_TOKEN_STRING;
  token->s.str = (const char *) text;
  token->s.len = o - text;
  *pp = q + 1;
  return CT_READ_OK;
}

/* A string at *pp (its opening quote). Without escapes the token points
 * into the buffer: most strings are keys and short names, and copying them
 * would cost more than scanning them. */
static inline G_ALWAYS_INLINE CtReadStatus
scan_string (CtJsonTokenizer  *self,
             const guint8    **pp,
             const guint8     *end,
             CtToken          *token,
             GError          **error)
{
  const guint8 *start = *pp + 1;
  const guint8 *p = start;

  for (;;)
    {
      guint c;

      /* Eight bytes at a time while no byte needs a closer look. */
      while (end - p >= 8)
        {
          guint64 mask = special_bytes (load_u64 (p));

          if (mask != 0)
            {
              p += special_index (mask);
              goto look;
            }
          p += 8;
        }
      while (p < end && plain_table[*p])
        p++;
      if (G_UNLIKELY (p == end))
        return CT_READ_NEED_MORE;

    look:
      c = *p;
      if (G_LIKELY (c == '"'))
        break;

      if (c >= 0x80)
        {
          int n = utf8_sequence (p, end);

          if (n > 0)
            {
              p += n;
              continue;
            }
          if (n == 0)
            return CT_READ_NEED_MORE;
          return fail (self, p, error, CT_TRACE_ERROR_CORRUPT, "invalid UTF-8 in a string");
        }

      if (c == '\\')
        return scan_escaped_string (self, pp, start, p, end, token, error);

      return fail (self, p, error, CT_TRACE_ERROR_CORRUPT,
                   "a raw control character (0x%02X) in a string; JSON needs it escaped", c);
    }

  token->type = CT_TOKEN_STRING;
  token->s.str = (const char *) start;
  token->s.len = p - start;
  *pp = p + 1;
  return CT_READ_OK;
}

/* The fraction and exponent of a number whose integer digits are
 * [int_start, int_end), int_end at the '.', 'e' or 'E'. *pp (the number's
 * start) moves past the number only when it is complete. */
static CtReadStatus
scan_float (CtJsonTokenizer  *self,
            const guint8    **pp,
            const guint8     *int_end,
            const guint8     *int_start,
            gboolean          negative,
            const guint8     *end,
            CtToken          *token,
            GError          **error)
{
  const guint8 *num_start = *pp;
  const guint8 *p = int_end;
  const guint8 *frac_start = p;
  const guint8 *frac_end = p;
  gboolean exp_negative = FALSE;
  gint64 exp = 0;
  double value;

  if (*p == '.')
    {
      p++;
      if (p == end)
        return CT_READ_NEED_MORE;
      if (!IS_DIGIT (*p))
        return fail (self, p, error, CT_TRACE_ERROR_CORRUPT,
                     "not valid JSON: a number needs a digit after its decimal point");
      frac_start = p;
      while (p < end && IS_DIGIT (*p))
        p++;
      frac_end = p;
      if (p == end)
        return CT_READ_NEED_MORE;
    }

  if (*p == 'e' || *p == 'E')
    {
      p++;
      if (p == end)
        return CT_READ_NEED_MORE;
      if (*p == '+' || *p == '-')
        {
          exp_negative = (*p == '-');
          p++;
          if (p == end)
            return CT_READ_NEED_MORE;
        }
      if (!IS_DIGIT (*p))
        return fail (self, p, error, CT_TRACE_ERROR_CORRUPT,
                     "not valid JSON: a number needs a digit in its exponent");
      while (p < end && IS_DIGIT (*p))
        {
          /* past this the value is 0 or infinite anyway */
          if (exp < 1000000)
            exp = exp * 10 + (*p - '0');
          p++;
        }
      if (p == end)
        return CT_READ_NEED_MORE;
      if (exp_negative)
        exp = -exp;
    }

  /* Fast path (Clinger): up to 2^53 the digits are an exact double, and so
   * are 10^0..10^22, so one multiplication or division rounds correctly. */
  if ((int_end - int_start) + (frac_end - frac_start) <= 19)
    {
      guint64 m = 0;
      const guint8 *d;
      gint64 e10 = exp - (frac_end - frac_start);

      for (d = int_start; d < int_end; d++)
        m = m * 10 + (*d - '0');
      for (d = frac_start; d < frac_end; d++)
        m = m * 10 + (*d - '0');

      if (m <= (G_GUINT64_CONSTANT (1) << 53) && e10 >= -22 && e10 <= 22)
        {
          value = (double) m;
          if (e10 < 0)
            value /= exact_powers_of_ten[-e10];
          else
            value *= exact_powers_of_ten[e10];
          token->f = negative ? -value : value;
          goto done;
        }
    }

  /* Everything else goes through the C library, which rounds correctly;
   * g_ascii_strtod() ignores the locale. It wants a NUL-terminated string.
   * Values beyond the double range become infinities (as in Python's json)
   * rather than errors: the number itself is valid JSON. */
  {
    gsize len = p - num_start;
    char small[64];
    char *text = len < sizeof small ? small : g_malloc (len + 1);

    memcpy (text, num_start, len);
    text[len] = '\0';
    token->f = g_ascii_strtod (text, NULL);
    if (text != small)
      g_free (text);
  }

done:
  token->type = CT_TOKEN_FLOAT;
  *pp = p;
  return CT_READ_OK;
}

/* A number at *pp ('-' or a digit). Most are small ids, converted as they
 * are scanned. */
static inline G_ALWAYS_INLINE CtReadStatus
scan_number (CtJsonTokenizer  *self,
             const guint8    **pp,
             const guint8     *end,
             CtToken          *token,
             GError          **error)
{
  const guint8 *p = *pp;
  const guint8 *int_start;
  gboolean negative = FALSE;
  guint64 v;
  gsize n_digits;

  if (*p == '-')
    {
      negative = TRUE;
      p++;
      if (p == end)
        return CT_READ_NEED_MORE;
      if (!IS_DIGIT (*p))
        {
          if (*p == 'I')
            return fail (self, *pp, error, CT_TRACE_ERROR_CORRUPT,
                         "not valid JSON: -Infinity is not a JSON number");
          return fail (self, p, error, CT_TRACE_ERROR_CORRUPT,
                       "not valid JSON: a '-' must be followed by a digit");
        }
    }

  int_start = p;
  v = *p++ - '0';
  if (v == 0)
    {
      if (p < end && IS_DIGIT (*p))
        return fail (self, int_start, error, CT_TRACE_ERROR_CORRUPT,
                     "not valid JSON: a number must not start with the digit 0");
    }
  else
    {
      /* Wraps after 19 digits; n_digits tells when it did. */
      while (p < end && IS_DIGIT (*p))
        v = v * 10 + (*p++ - '0');
    }

  if (G_UNLIKELY (p == end))
    return CT_READ_NEED_MORE;
  if (*p == '.' || *p == 'e' || *p == 'E')
    return scan_float (self, pp, p, int_start, negative, end, token, error);

  n_digits = p - int_start;
  if (G_UNLIKELY (n_digits >= 20))
    {
      gboolean fits = FALSE;

      if (n_digits == 20)
        {
          /* 20 digits fit a guint64 up to 18446744073709551615 */
          guint64 first = 0;
          guint last = int_start[19] - '0';
          gsize i;

          for (i = 0; i < 19; i++)
            first = first * 10 + (int_start[i] - '0');
          fits = first < G_MAXUINT64 / 10 ||
                 (first == G_MAXUINT64 / 10 && last <= G_MAXUINT64 % 10);
        }

      if (!fits)
        {
          gsize len;

          if (n_digits > MAX_BIG_DIGITS)
            return fail (self, *pp, error, CT_TRACE_ERROR_LIMIT,
                         "an integer of %" G_GSIZE_FORMAT " digits; at most %d are accepted",
                         n_digits, MAX_BIG_DIGITS);
          token->type = CT_TOKEN_BIGNUM;
          token->s.str = (const char *) _ct_decimal_to_magnitude ((const char *) int_start,
                                                                  n_digits,
                                                                  self->parent.arena,
                                                                  &len);
          token->s.len = len;
          token->s.negative = negative;
          *pp = p;
          return CT_READ_OK;
        }
    }

  if (!negative)
    {
      if (v <= G_MAXINT64)
        {
          token->type = CT_TOKEN_INT;
          token->i = (gint64) v;
        }
      else
        {
          token->type = CT_TOKEN_UINT;
          token->u = v;
        }
    }
  else if (v <= (guint64) G_MAXINT64)
    {
      /* "-0" is the integer 0 */
      token->type = CT_TOKEN_INT;
      token->i = -(gint64) v;
    }
  else if (v == (guint64) G_MAXINT64 + 1)
    {
      token->type = CT_TOKEN_INT;
      token->i = G_MININT64;
    }
  else
    {
      /* below G_MININT64: only a bignum holds it */
      gsize len;

      token->type = CT_TOKEN_BIGNUM;
      token->s.str = (const char *) _ct_decimal_to_magnitude ((const char *) int_start,
                                                              n_digits,
                                                              self->parent.arena,
                                                              &len);
      token->s.len = len;
      token->s.negative = TRUE;
    }

  *pp = p;
  return CT_READ_OK;
}

/* true, false or null at p; n is the literal's length. */
static inline CtReadStatus
scan_literal (CtJsonTokenizer  *self,
              const guint8     *p,
              const guint8     *end,
              const char       *word,
              gsize             n,
              GError          **error)
{
  gsize avail = end - p;

  if (G_LIKELY (avail >= n))
    {
      if (memcmp (p, word, n) == 0)
        return CT_READ_OK;
    }
  else if (memcmp (p, word, avail) == 0)
    return CT_READ_NEED_MORE;

  return fail (self, p, error, CT_TRACE_ERROR_CORRUPT,
               "not valid JSON: expected the literal '%s'", word);
}

/* Scans tokens of the current item into self->ready until the batch is
 * full, the item is complete, or something stops it (the end of the input,
 * an error). Each label below is one state; leaving the loop records the
 * label as self->state with the position reached, so that the next batch
 * carries on from there. Nothing is recorded from a token that did not
 * complete: a batch that stopped on CT_READ_NEED_MORE or an error after
 * some tokens just scans the same failure again when those are used up. */
static CtReadStatus
scan_tokens (CtJsonTokenizer  *self,
             GError          **error)
{
  CtTokenizer *tok = &self->parent;
  const guint8 *buf = tok->buf;
  const guint8 *p = buf + tok->pos;
  const guint8 *end = buf + tok->len;
  CtToken *t = self->ready;
  CtToken *t_end = self->ready + G_N_ELEMENTS (self->ready);
  guint depth = self->depth;
  CtReadStatus status = CT_READ_OK;
  State state;

#define SUSPEND(st)      \
  G_STMT_START           \
    {                    \
      state = (st);      \
      goto suspend;      \
    }                    \
  G_STMT_END
#define STOP(st, status_) \
  G_STMT_START            \
    {                     \
      status = (status_); \
      SUSPEND (st);       \
    }                     \
  G_STMT_END
#define WS_OR_STOP(st)                       \
  G_STMT_START                               \
    {                                        \
      p = skip_ws (p, end);                  \
      if (G_UNLIKELY (p == end))             \
        STOP (st, CT_READ_NEED_MORE);        \
    }                                        \
  G_STMT_END

  switch (self->state)
    {
    case STATE_VALUE: goto value;
    case STATE_KEY: goto key;
    case STATE_AFTER_KEY: goto after_key;
    case STATE_MAP_FIRST: goto map_first;
    case STATE_ARRAY_FIRST: goto array_first;
    case STATE_AFTER_VALUE: goto after_value;
    case STATE_DONE:
    default:
      /* The decoder knows where an event ends; asking past it is a bug. */
      return fail (self, p, error, CT_TRACE_ERROR_CORRUPT,
                   "internal error: a token was asked for past the end of an event");
    }

value:
  if (G_UNLIKELY (t == t_end))
    SUSPEND (STATE_VALUE);
  WS_OR_STOP (STATE_VALUE);
value_here:
  t->offset = p - buf;
  switch (*p)
    {
    case '"':
      status = scan_string (self, &p, end, t, error);
      if (G_UNLIKELY (status != CT_READ_OK))
        SUSPEND (STATE_VALUE);
      t++;
      goto after_value;

    case '-':
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      status = scan_number (self, &p, end, t, error);
      if (G_UNLIKELY (status != CT_READ_OK))
        SUSPEND (STATE_VALUE);
      t++;
      goto after_value;

    case '{':
      if (G_UNLIKELY (depth >= CT_MAX_NESTING))
        goto too_deep;
      self->is_map[depth++] = TRUE;
      t->type = CT_TOKEN_MAP_START;
      t++;
      p++;
      goto map_first;

    case '[':
      if (G_UNLIKELY (depth >= CT_MAX_NESTING))
        goto too_deep;
      self->is_map[depth++] = FALSE;
      t->type = CT_TOKEN_ARRAY_START;
      t++;
      p++;
      goto array_first;

    case 't':
      status = scan_literal (self, p, end, "true", 4, error);
      if (G_UNLIKELY (status != CT_READ_OK))
        SUSPEND (STATE_VALUE);
      t->type = CT_TOKEN_BOOL;
      t->b = TRUE;
      t++;
      p += 4;
      goto after_value;

    case 'f':
      status = scan_literal (self, p, end, "false", 5, error);
      if (G_UNLIKELY (status != CT_READ_OK))
        SUSPEND (STATE_VALUE);
      t->type = CT_TOKEN_BOOL;
      t->b = FALSE;
      t++;
      p += 5;
      goto after_value;

    case 'n':
      status = scan_literal (self, p, end, "null", 4, error);
      if (G_UNLIKELY (status != CT_READ_OK))
        SUSPEND (STATE_VALUE);
      t->type = CT_TOKEN_NULL;
      t++;
      p += 4;
      goto after_value;

    case 'N':
      status = fail (self, p, error, CT_TRACE_ERROR_CORRUPT,
                     "not valid JSON: NaN is not a JSON number");
      SUSPEND (STATE_VALUE);

    case 'I':
      status = fail (self, p, error, CT_TRACE_ERROR_CORRUPT,
                     "not valid JSON: Infinity is not a JSON number");
      SUSPEND (STATE_VALUE);

    default:
      status = fail_found (self, p, error, "expected a value");
      SUSPEND (STATE_VALUE);
    }

after_value:
  if (depth == 0)
    SUSPEND (STATE_DONE);
  WS_OR_STOP (STATE_AFTER_VALUE);
  if (*p == ',')
    {
      p++;
      if (self->is_map[depth - 1])
        goto key;
      goto value;
    }
  if (self->is_map[depth - 1])
    {
      if (G_LIKELY (*p == '}'))
        goto close;
      status = fail_found (self, p, error, "expected ',' or '}' after a value in an object");
      SUSPEND (STATE_AFTER_VALUE);
    }
  if (G_LIKELY (*p == ']'))
    goto close;
  status = fail_found (self, p, error, "expected ',' or ']' after an item of an array");
  SUSPEND (STATE_AFTER_VALUE);

close:
  /* p is at the bracket that closes the innermost container */
  if (G_UNLIKELY (t == t_end))
    SUSPEND (STATE_AFTER_VALUE);
  t->type = CT_TOKEN_END;
  t->offset = p - buf;
  t++;
  p++;
  depth--;
  goto after_value;

map_first:
  if (G_UNLIKELY (t == t_end))
    SUSPEND (STATE_MAP_FIRST);
  WS_OR_STOP (STATE_MAP_FIRST);
  if (*p == '}')
    goto close;
  goto key_here;

array_first:
  if (G_UNLIKELY (t == t_end))
    SUSPEND (STATE_ARRAY_FIRST);
  WS_OR_STOP (STATE_ARRAY_FIRST);
  if (*p == ']')
    goto close;
  goto value_here;

key:
  if (G_UNLIKELY (t == t_end))
    SUSPEND (STATE_KEY);
  WS_OR_STOP (STATE_KEY);
key_here:
  if (G_UNLIKELY (*p != '"'))
    {
      status = fail_found (self, p, error,
                           "expected a key (a string in double quotes) in an object");
      SUSPEND (STATE_KEY);
    }
  t->offset = p - buf;
  status = scan_string (self, &p, end, t, error);
  if (G_UNLIKELY (status != CT_READ_OK))
    SUSPEND (STATE_KEY);
  t++;

after_key:
  WS_OR_STOP (STATE_AFTER_KEY);
  if (G_UNLIKELY (*p != ':'))
    {
      status = fail_found (self, p, error, "expected ':' after a key");
      SUSPEND (STATE_AFTER_KEY);
    }
  p++;
  goto value;

too_deep:
  status = fail (self, p, error, CT_TRACE_ERROR_LIMIT,
                 "values nested deeper than %d levels", CT_MAX_NESTING);
  SUSPEND (STATE_VALUE);

suspend:
  self->state = state;
  self->depth = depth;
  self->i_ready = 0;
  self->n_ready = t - self->ready;
  tok->pos = p - buf;
  return status;

#undef WS_OR_STOP
#undef STOP
#undef SUSPEND
}

/* Scanning many tokens per call keeps the scanner's state in registers and
 * its branches predictable; handing out one is then a copy. */
static G_GNUC_NO_INLINE CtReadStatus
next_batch (CtJsonTokenizer  *self,
            CtToken          *token,
            GError          **error)
{
  GError *local_error = NULL;
  CtReadStatus status;

  status = scan_tokens (self, &local_error);
  if (self->n_ready > 0)
    {
      /* what stopped the batch comes back when the scan resumes */
      if (G_UNLIKELY (local_error != NULL))
        g_error_free (local_error);
      *token = self->ready[0];
      self->i_ready = 1;
      return CT_READ_OK;
    }

  if (local_error != NULL)
    g_propagate_error (error, local_error);
  return status;
}

static CtReadStatus
json_next (CtTokenizer  *tok,
           CtToken      *token,
           GError      **error)
{
  CtJsonTokenizer *self = (CtJsonTokenizer *) tok;

  if (G_LIKELY (self->i_ready < self->n_ready))
    {
      *token = self->ready[self->i_ready++];
      return CT_READ_OK;
    }
  return next_batch (self, token, error);
}

static void
json_restart_item (CtTokenizer *tok)
{
  CtJsonTokenizer *self = (CtJsonTokenizer *) tok;

  self->depth = 0;
  self->state = STATE_VALUE;
  self->n_ready = self->i_ready = 0;
}

/* Moves past the list's '[' or the ',' after an event. Nothing is recorded
 * until an item or the end is found, so that a retry after
 * CT_READ_NEED_MORE starts over cleanly. */
static inline CtReadStatus
find_item (CtJsonTokenizer  *self,
           GError          **error)
{
  CtTokenizer *tok = &self->parent;
  const guint8 *buf = tok->buf;
  const guint8 *end = buf + tok->len;
  const guint8 *p;

  p = buf + tok->pos;
  SKIP_WS (p, end);

  if (self->at_item)
    {
      /* Random access put us on an event's first byte. */
      self->at_item = FALSE;
      json_restart_item (tok);
      tok->pos = p - buf;
      return CT_READ_OK;
    }

  if (!self->started)
    {
      if (*p != '[')
        return fail_found (self, p, error,
                           "a trace.json must be a JSON array of events: expected '['");
      p++;
      SKIP_WS (p, end);
      if (*p == ']')
        goto end_of_list;
    }
  else
    {
      if (*p == ']')
        goto end_of_list;
      if (*p != ',')
        return fail_found (self, p, error, "expected ',' or ']' after an event");
      p++;
      SKIP_WS (p, end);
      if (*p == ']')
        return fail (self, p, error, CT_TRACE_ERROR_CORRUPT,
                     "expected an event after ',', found ']' (a trailing comma is not valid JSON)");
    }

  self->started = TRUE;
  json_restart_item (tok);
  tok->pos = p - buf;
  return CT_READ_OK;

end_of_list:
  /* Only whitespace may follow, up to the very end of the input. */
  p++;
  while (p < end && ws_table[*p])
    p++;
  if (p < end)
    return fail_found (self, p, error,
                       "expected nothing but whitespace after the end of the event list");
  if (!tok->eof)
    return CT_READ_NEED_MORE;

  self->started = TRUE;
  self->ended = TRUE;
  tok->pos = p - buf;
  return CT_READ_END;
}

/* The decoder may stop before the end of an event (when it gives up on
 * it): the rest is skipped first, so that reading can go on with the next
 * one. On CT_READ_NEED_MORE the skipping is undone, for the retry. */
static G_GNUC_NO_INLINE CtReadStatus
skip_rest_and_find_item (CtJsonTokenizer  *self,
                         GError          **error)
{
  guint8 saved_is_map[CT_MAX_NESTING];
  State saved_state = self->state;
  guint saved_depth = self->depth;
  gsize saved_pos = self->parent.pos;
  CtReadStatus status = CT_READ_OK;

  memcpy (saved_is_map, self->is_map, saved_depth);
  while (self->state != STATE_DONE && status == CT_READ_OK)
    status = scan_tokens (self, error);
  self->n_ready = self->i_ready = 0;

  if (status == CT_READ_OK)
    status = find_item (self, error);

  if (status == CT_READ_NEED_MORE)
    {
      self->state = saved_state;
      self->depth = saved_depth;
      memcpy (self->is_map, saved_is_map, saved_depth);
      self->parent.pos = saved_pos;
    }
  return status;
}

static CtReadStatus
json_begin_item (CtTokenizer  *tok,
                 GError      **error)
{
  CtJsonTokenizer *self = (CtJsonTokenizer *) tok;

  if (G_UNLIKELY (self->ended))
    return CT_READ_END;
  if (G_UNLIKELY (self->started && !self->at_item && self->state != STATE_DONE))
    return skip_rest_and_find_item (self, error);
  return find_item (self, error);
}

static void
json_seek_item (CtTokenizer *tok)
{
  CtJsonTokenizer *self = (CtJsonTokenizer *) tok;

  self->started = TRUE;
  self->ended = FALSE;
  self->at_item = TRUE;
  json_restart_item (tok);
}

static gboolean
json_fast_decode (CtTokenizer *tok,
                  CtArena     *arena,
                  CtEvent     *event)
{
  CtJsonTokenizer *self = (CtJsonTokenizer *) tok;
  gsize used = _ct_json_fast_decode (tok->buf + tok->pos, tok->buf + tok->len, arena, event);

  if (used == 0)
    return FALSE;
  /* The whole item is behind us, as if the scanner had read it. */
  tok->pos += used;
  self->state = STATE_DONE;
  self->depth = 0;
  self->n_ready = self->i_ready = 0;
  return TRUE;
}

static const CtStreamTokenizerClass json_tokenizer_class = {
  .parent = {
    .begin_item = json_begin_item,
    .next = json_next,
  },
  .restart_item = json_restart_item,
  .seek_item = json_seek_item,
  .fast_decode = json_fast_decode,
};

CtTokenizer *
_ct_json_tokenizer_new (void)
{
  CtJsonTokenizer *self = g_new0 (CtJsonTokenizer, 1);

  self->parent.klass = &json_tokenizer_class.parent;
  self->state = STATE_VALUE;
  return &self->parent;
}
