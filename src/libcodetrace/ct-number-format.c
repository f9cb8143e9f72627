/* ct-number-format.c
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ct-codec-private.h"

/* ---- doubles, spelled the way serde_json (through ryu) spells them ----
 *
 * Traces written by the inspector must be byte-identical to what the Rust
 * reference writes, so a float needs the same digits (the shortest that read
 * back to the same double, the closest to the exact value among those) and
 * the same layout (ryu's format64: "1.0", "0.001", "1e16", "1.5e-7").
 *
 * Values in the usual range are worked out exactly with 128-bit integers
 * (a third of a microsecond each). Everything else asks the C library:
 * "%.*e" is correctly rounded and strtod() is exact, so the fewest
 * significant digits that read back can be found by trying a few lengths
 * (a few microseconds). */

/* g_ascii_formatd() wants the precision spelled out in the format. */
static const char * const exp_formats[17] = {
  "%.0e", "%.1e", "%.2e", "%.3e", "%.4e", "%.5e", "%.6e", "%.7e", "%.8e",
  "%.9e", "%.10e", "%.11e", "%.12e", "%.13e", "%.14e", "%.15e", "%.16e",
};

/* Splits "d.ddde[+-]x" into its digits and the decimal exponent of the first
 * digit. Returns the number of digits. */
static int
split_exp_text (const char *text,
                char       *digits,
                int        *exp10)
{
  const char *p = text;
  int n = 0;

  for (; *p != '\0' && *p != 'e' && *p != 'E'; p++)
    if (*p >= '0' && *p <= '9')
      digits[n++] = *p;
  digits[n] = '\0';
  *exp10 = (*p != '\0') ? atoi (p + 1) : 0;
  return n;
}

static gboolean
digits_round_trip (const char *digits,
                   int         exp10,
                   double      value)
{
  char text[48];

  g_snprintf (text, sizeof text, "%c.%se%d", digits[0], digits + 1, exp10);
  return g_ascii_strtod (text, NULL) == value;
}

/* Whether p significant digits can spell value: the correctly rounded
 * p-digit decimal, or failing that its neighbour above. The neighbour matters
 * at powers of two, where the gap to the next double up is twice the gap
 * down: the rounding interval is lopsided, so the closest p-digit decimal
 * (below) can miss while the one above hits, and ryu finds that one. Fills
 * digits (NUL-terminated) and *exp10, the decimal exponent of the first
 * digit, and returns the number of digits, or 0 if p digits cannot do. */
static int
try_precision (double  value,
               int     p,
               char   *digits,
               int    *exp10)
{
  char text[48];
  char up[24];
  double back;
  int up_exp;
  int n;
  int i;

  g_ascii_formatd (text, sizeof text, exp_formats[p - 1], value);
  n = split_exp_text (text, digits, exp10);
  back = g_ascii_strtod (text, NULL);
  if (back == value)
    return n;
  if (back > value)
    return 0;

  up_exp = *exp10;
  memcpy (up, digits, n + 1);
  for (i = n - 1; i >= 0 && up[i] == '9'; i--)
    up[i] = '0';
  if (i >= 0)
    up[i]++;
  else
    {
      /* 99..9 + 1 = 100..0: the exponent goes one up */
      memmove (up + 1, up, n + 1);
      up[0] = '1';
      up[n] = '\0';
      up_exp++;
    }
  if (!digits_round_trip (up, up_exp, value))
    return 0;
  memcpy (digits, up, n + 1);
  *exp10 = up_exp;
  return n;
}

#ifdef __SIZEOF_INT128__

typedef unsigned __int128 guint128;

/* The common case, exactly and without the C library: value in [1e-3, 2^53),
 * which covers what programs usually print. Returns 0 for other values.
 *
 * value = m * 2^e exactly, and it reads back from every decimal strictly
 * between the midpoints to its neighbours (and from the midpoints too when m
 * is even: strtod() rounds ties to even). In units of 2^(e-2) the value and
 * the midpoints are the integers 4m, 4m + 2 and 4m - 2 (4m - 1 when m is a
 * power of two: the double below is closer). Scaled by 10^j these decide
 * exactly which j-fraction-digit decimals read back; 128 bits hold them in
 * this range. The fewest digits come from dropping digits while a candidate
 * remains, and among the candidates the one closest to the value is taken,
 * as ryu does. */
static int
shortest_digits_exact (double  value,
                       char   *digits,
                       int    *exp10)
{
  union { double d; guint64 bits; } u = { value };
  guint64 m = (u.bits & G_GUINT64_CONSTANT (0xfffffffffffff)) |
              (G_GUINT64_CONSTANT (1) << 52);
  int e = (int) ((u.bits >> 52) & 0x7ff) - 1075;
  gboolean inclusive = (m & 1) == 0;
  guint64 x = 4 * m;
  guint64 lower = m == (G_GUINT64_CONSTANT (1) << 52) ? x - 1 : x - 2;
  guint64 upper = x + 2;
  int shift = 2 - e;  /* the unit 2^(e-2) is 2^-shift */
  int est;
  int j0;
  guint128 scale = 1;
  guint128 den;
  guint128 lo_n, hi_n;
  guint128 num;
  guint128 rem;
  guint64 lo, hi;
  int level = 0;
  guint64 d;
  char tmp[24];
  int n;
  int i;

  if (!(value >= 1e-3 && value < 9007199254740992.0))
    return 0;

  /* about 18 significant digits at the finest scale, fewer than 2^64 */
  est = (int) floor (log10 (value));
  j0 = 17 - est;
  for (i = 0; i < j0; i++)
    scale *= 10;
  g_assert (shift >= 2 && shift <= 64);
  den = (guint128) 1 << shift;

  /* candidates D * 10^-j0 that read back: lo <= D <= hi */
  lo_n = (guint128) lower * scale;
  hi_n = (guint128) upper * scale;
  if (inclusive)
    {
      lo = (guint64) ((lo_n + den - 1) >> shift);
      hi = (guint64) (hi_n >> shift);
    }
  else
    {
      lo = (guint64) (lo_n >> shift) + 1;
      hi = (guint64) ((hi_n + den - 1) >> shift) - 1;
    }

  /* log10() can round up just below a power of ten, and then there are too
   * few digits to hold a candidate: leave that to the slow path */
  if (lo > hi)
    return 0;

  /* drop digits while some candidate remains */
  for (;;)
    {
      guint64 lo_next = inclusive ? (lo + 9) / 10 : (lo - 1) / 10 + 1;
      guint64 hi_next = hi / 10;

      if (lo_next > hi_next)
        break;
      lo = lo_next;
      hi = hi_next;
      level++;
    }

  /* the candidate closest to the value; on a tie the even one, as ryu and
   * printf() round */
  for (i = 0; i < level; i++)
    den *= 10;
  num = (guint128) x * scale;
  rem = num % den;
  d = (guint64) (num / den);
  if (rem * 2 > den || (rem * 2 == den && (d & 1) != 0))
    d++;
  d = CLAMP (d, lo, hi);

  n = 0;
  while (d > 0)
    {
      tmp[n++] = (char) ('0' + d % 10);
      d /= 10;
    }
  for (i = 0; i < n; i++)
    digits[i] = tmp[n - 1 - i];
  digits[n] = '\0';
  *exp10 = level - j0 + n - 1;
  return n;
}

#endif

/* Finds the shortest digit string that reads back as value (value > 0 and
 * finite), ryu's answer. Fills digits (NUL-terminated, no trailing zeros) and
 * returns their number; *exp10 is the decimal exponent of the first digit. */
static int
shortest_digits (double  value,
                 char   *digits,
                 int    *exp10)
{
  int n = 0;

#ifdef __SIZEOF_INT128__
  n = shortest_digits_exact (value, digits, exp10);
  if (n > 0)
    return n;
#endif

  if (value >= DBL_MIN)
    {
      /* A normal double reads back from an interval at most 2^-52 of it
       * wide, narrower than the gap between neighbouring 15-digit decimals
       * there. So at most one 15-digit decimal reads back, and when one does
       * it is the shortest spelling, padded with zeros. Otherwise 16 digits
       * may do (the closest, as ryu picks), and 17 always do. */
      n = try_precision (value, 15, digits, exp10);
      if (n == 0)
        n = try_precision (value, 16, digits, exp10);
      if (n == 0)
        n = try_precision (value, 17, digits, exp10);
    }
  else
    {
      /* Subnormals have fewer significant bits, and the shortest spelling
       * can have any length. If p digits can spell the value then so can
       * p + 1 (the closest p + 1 digit decimal is at least as close as the
       * p-digit one), so search for the fewest. */
      char probe[24];
      int probe_exp;
      int lo = 1;
      int hi = 17;

      while (lo < hi)
        {
          int mid = (lo + hi) / 2;
          int m = try_precision (value, mid, probe, &probe_exp);

          if (m > 0)
            {
              hi = mid;
              n = m;
              memcpy (digits, probe, m + 1);
              *exp10 = probe_exp;
            }
          else
            lo = mid + 1;
        }

      /* 17 digits always suffice; the search never probed them */
      if (n == 0)
        n = try_precision (value, 17, digits, exp10);
    }
  g_assert (n > 0);

  /* Trailing zeros (padding of a shorter spelling, or from a carry) are not
   * significant. */
  while (n > 1 && digits[n - 1] == '0')
    digits[--n] = '\0';
  return n;
}

gsize
_ct_format_double (double  value,
                   char   *buf)
{
  char digits[24];
  char *out = buf;
  int n_digits;
  int exp10; /* of the first digit */
  int kk;    /* digits before the decimal point, ryu's "kk" */
  int i;

  g_assert (isfinite (value));

  if (signbit (value))
    {
      *out++ = '-';
      value = -value;
    }

  if (value == 0.0)
    {
      memcpy (out, "0.0", 4);
      return (out - buf) + 3;
    }

  n_digits = shortest_digits (value, digits, &exp10);
  kk = exp10 + 1;

  if (kk >= n_digits && kk <= 16)
    {
      /* an integral value: digits, zeros, ".0" */
      memcpy (out, digits, n_digits);
      out += n_digits;
      for (i = n_digits; i < kk; i++)
        *out++ = '0';
      *out++ = '.';
      *out++ = '0';
    }
  else if (kk > 0 && kk <= 16)
    {
      memcpy (out, digits, kk);
      out += kk;
      *out++ = '.';
      memcpy (out, digits + kk, n_digits - kk);
      out += n_digits - kk;
    }
  else if (kk > -5 && kk <= 0)
    {
      *out++ = '0';
      *out++ = '.';
      for (i = kk; i < 0; i++)
        *out++ = '0';
      memcpy (out, digits, n_digits);
      out += n_digits;
    }
  else
    {
      *out++ = digits[0];
      if (n_digits > 1)
        {
          *out++ = '.';
          memcpy (out, digits + 1, n_digits - 1);
          out += n_digits - 1;
        }
      out += g_snprintf (out, 8, "e%d", kk - 1);
    }

  *out = '\0';
  return out - buf;
}

/* ---- integers beyond 64 bits ----
 *
 * Python recorders write them as plain JSON numbers; CBOR and BigInt values
 * carry a big-endian magnitude. Schoolbook conversion in base 10^9 limbs is
 * quadratic, which is fine for the sizes that occur (Python itself refuses to
 * print integers of more than 4300 digits by default); the JSON tokenizer
 * bounds the length it accepts. */

#define LIMB_BASE 1000000000u /* 10^9 fits a guint32 */

static const guint32 powers_of_ten[10] = {
  1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000,
};

/* Zero comes out as the single byte 0x00 (length 1): never an empty
 * magnitude, so callers need not special-case a zero length. */
guint8 *
_ct_decimal_to_magnitude (const char *digits,
                          gsize       n_digits,
                          CtArena    *arena,
                          gsize      *out_len)
{
  gsize max_limbs = n_digits / 9 + 2;
  guint32 *limbs;
  gsize n_limbs = 0;
  gsize i = 0;
  guint8 *result;
  gsize n_bytes;
  gsize j;
  gsize k;

  g_assert (out_len != NULL);

  limbs = g_new (guint32, max_limbs);

  while (i < n_digits)
    {
      /* the first chunk takes the odd digits, so the rest are 9 long */
      gsize chunk_len = (i == 0 && n_digits % 9 != 0) ? n_digits % 9 : 9;
      guint64 carry = 0;

      for (j = 0; j < chunk_len; j++)
        {
          g_assert (digits[i + j] >= '0' && digits[i + j] <= '9');
          carry = carry * 10 + (guint) (digits[i + j] - '0');
        }
      i += chunk_len;

      for (j = 0; j < n_limbs; j++)
        {
          guint64 t = (guint64) limbs[j] * powers_of_ten[chunk_len] + carry;

          limbs[j] = (guint32) t;
          carry = t >> 32;
        }
      if (carry != 0)
        limbs[n_limbs++] = (guint32) carry;
    }

  /* most significant limb first, then drop leading zero bytes */
  n_bytes = n_limbs * 4;
  if (n_bytes == 0)
    n_bytes = 1;
  result = arena != NULL ? ct_arena_alloc (arena, n_bytes) : g_malloc (n_bytes);

  k = 0;
  for (j = n_limbs; j > 0; j--)
    {
      guint32 limb = limbs[j - 1];
      int shift;

      for (shift = 24; shift >= 0; shift -= 8)
        {
          guint8 byte = (guint8) (limb >> shift);

          if (k == 0 && byte == 0)
            continue;
          result[k++] = byte;
        }
    }
  if (k == 0)
    result[k++] = 0;

  g_free (limbs);
  *out_len = k;
  return result;
}

char *
_ct_magnitude_to_decimal (const guint8 *magnitude,
                          gsize         len)
{
  guint32 *limbs;
  guint32 *chunks;
  gsize n_limbs;
  gsize n_chunks = 0;
  GString *out;
  gsize i;

  while (len > 0 && magnitude[0] == 0)
    {
      magnitude++;
      len--;
    }
  if (len == 0)
    return g_strdup ("0");

  /* big-endian bytes to little-endian base 2^32 limbs */
  n_limbs = (len + 3) / 4;
  limbs = g_new0 (guint32, n_limbs);
  for (i = 0; i < len; i++)
    {
      gsize bit = (len - 1 - i) * 8;

      limbs[bit / 32] |= (guint32) magnitude[i] << (bit % 32);
    }

  /* log10(2^32) < 9.64, so each limb yields at most 1.08 chunks of 9 */
  chunks = g_new (guint32, n_limbs * 2 + 1);
  while (n_limbs > 0)
    {
      guint64 rem = 0;

      for (i = n_limbs; i > 0; i--)
        {
          guint64 cur = (rem << 32) | limbs[i - 1];

          limbs[i - 1] = (guint32) (cur / LIMB_BASE);
          rem = cur % LIMB_BASE;
        }
      chunks[n_chunks++] = (guint32) rem;
      while (n_limbs > 0 && limbs[n_limbs - 1] == 0)
        n_limbs--;
    }

  out = g_string_sized_new (n_chunks * 9 + 1);
  g_string_append_printf (out, "%u", chunks[n_chunks - 1]);
  for (i = n_chunks - 1; i > 0; i--)
    g_string_append_printf (out, "%09u", chunks[i - 1]);

  g_free (limbs);
  g_free (chunks);
  return g_string_free (out, FALSE);
}
