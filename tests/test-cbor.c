/* test-cbor.c
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

/* The CBOR tokenizer and emitter on hand-made bytes. Tokens are rendered as
 * a compact text so that each case reads as input -> expected tokens. */

typedef struct
{
  CtTokenizer *tok;
  CtArena     *arena;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->tok = _ct_cbor_tokenizer_new ();
  f->arena = ct_arena_new ();
  f->tok->arena = f->arena;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_free (f->tok);
  ct_arena_free (f->arena);
}

static void
feed (Fixture      *f,
      const guint8 *data,
      gsize         len,
      gboolean      eof)
{
  f->tok->buf = data;
  f->tok->len = len;
  f->tok->pos = 0;
  f->tok->eof = eof;
  f->tok->error_offset = G_MAXSIZE;
  ((const CtStreamTokenizerClass *) f->tok->klass)->restart_item (f->tok);
  ct_arena_reset (f->arena);
}

static void
append_hex (GString    *s,
            const char *data,
            gsize       len)
{
  for (gsize i = 0; i < len; i++)
    g_string_append_printf (s, "%02x", (guint8) data[i]);
}

static void
append_token (GString       *s,
              const CtToken *t)
{
  if (s->len > 0)
    g_string_append_c (s, ' ');

  switch (t->type)
    {
    case CT_TOKEN_MAP_START:
      g_string_append_c (s, '{');
      break;
    case CT_TOKEN_ARRAY_START:
      g_string_append_c (s, '[');
      break;
    case CT_TOKEN_END:
      g_string_append_c (s, ')');
      break;
    case CT_TOKEN_STRING:
      g_string_append_c (s, '"');
      g_string_append_len (s, t->s.str, t->s.len);
      g_string_append_c (s, '"');
      break;
    case CT_TOKEN_BYTES:
      g_string_append (s, "h'");
      append_hex (s, t->s.str, t->s.len);
      g_string_append_c (s, '\'');
      break;
    case CT_TOKEN_INT:
      g_string_append_printf (s, "%" G_GINT64_FORMAT, t->i);
      break;
    case CT_TOKEN_UINT:
      g_string_append_printf (s, "u%" G_GUINT64_FORMAT, t->u);
      break;
    case CT_TOKEN_BIGNUM:
      g_string_append (s, t->s.negative ? "-big:" : "+big:");
      append_hex (s, t->s.str, t->s.len);
      break;
    case CT_TOKEN_FLOAT:
      if (isnan (t->f))
        g_string_append (s, "f:nan");
      else
        g_string_append_printf (s, "f:%.17g", t->f);
      break;
    case CT_TOKEN_BOOL:
      g_string_append (s, t->b ? "true" : "false");
      break;
    case CT_TOKEN_NULL:
      g_string_append (s, "null");
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Tokenizes one whole item of a complete buffer. Returns the tokens, or on
 * failure NULL with *status and error set. */
static char *
tokenize_item (Fixture       *f,
               const guint8  *data,
               gsize          len,
               gboolean       eof,
               CtReadStatus  *status,
               GError       **error)
{
  g_autoptr(GString) s = g_string_new (NULL);
  int depth = 0;
  CtToken t;

  feed (f, data, len, eof);
  *status = f->tok->klass->begin_item (f->tok, error);
  if (*status != CT_READ_OK)
    return NULL;

  do
    {
      *status = ct_tokenizer_next (f->tok, &t, error);
      if (*status != CT_READ_OK)
        return NULL;
      append_token (s, &t);
      if (t.type == CT_TOKEN_MAP_START || t.type == CT_TOKEN_ARRAY_START)
        depth++;
      else if (t.type == CT_TOKEN_END)
        depth--;
      g_assert_cmpint (depth, >=, 0);
    }
  while (depth > 0);

  return g_string_free (g_steal_pointer (&s), FALSE);
}

typedef struct
{
  const char *hex;
  const char *tokens;
} Case;

static GBytes *
from_hex (const char *hex)
{
  GByteArray *a = g_byte_array_new ();

  for (const char *p = hex; *p != '\0';)
    {
      guint8 b;

      if (*p == ' ')
        {
          p++;
          continue;
        }
      g_assert_true (g_ascii_isxdigit (p[0]) && g_ascii_isxdigit (p[1]));
      b = (guint8) (g_ascii_xdigit_value (p[0]) << 4 | g_ascii_xdigit_value (p[1]));
      g_byte_array_append (a, &b, 1);
      p += 2;
    }
  return g_byte_array_free_to_bytes (a);
}

static void
check_cases (Fixture    *f,
             const Case *cases,
             gsize       n_cases)
{
  for (gsize i = 0; i < n_cases; i++)
    {
      g_autoptr(GBytes) bytes = from_hex (cases[i].hex);
      g_autoptr(GError) error = NULL;
      g_autofree char *tokens = NULL;
      CtReadStatus status;
      gsize len;
      const guint8 *data = g_bytes_get_data (bytes, &len);

      tokens = tokenize_item (f, data, len, TRUE, &status, &error);
      if (tokens == NULL)
        g_error ("%s: status %d: %s", cases[i].hex, status, error ? error->message : "no error");
      g_assert_no_error (error);
      if (g_strcmp0 (tokens, cases[i].tokens) != 0)
        g_error ("%s: got `%s`, expected `%s`", cases[i].hex, tokens, cases[i].tokens);
      /* The whole input is one item: nothing left over. */
      g_assert_cmpuint (f->tok->pos, ==, len);
    }
}

/* Expects the item to fail with the given error code at the given offset. */
static void
check_error (Fixture    *f,
             const char *hex,
             gint        code,
             gsize       offset)
{
  g_autoptr(GBytes) bytes = from_hex (hex);
  g_autoptr(GError) error = NULL;
  g_autofree char *tokens = NULL;
  CtReadStatus status;
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  tokens = tokenize_item (f, data, len, TRUE, &status, &error);
  if (tokens != NULL)
    g_error ("%s: expected an error, got `%s`", hex, tokens);
  if (status != CT_READ_ERROR)
    g_error ("%s: expected CT_READ_ERROR, got status %d", hex, status);
  g_assert_error (error, CT_TRACE_ERROR, code);
  g_assert_nonnull (error->message);
  g_assert_cmpstr (error->message, !=, "");
  if (f->tok->error_offset != offset)
    g_error ("%s: error offset %" G_GSIZE_FORMAT ", expected %" G_GSIZE_FORMAT " (%s)",
             hex, f->tok->error_offset, offset, error->message);
}

static void
check_need_more (Fixture    *f,
                 const char *hex)
{
  g_autoptr(GBytes) bytes = from_hex (hex);
  g_autoptr(GError) error = NULL;
  g_autofree char *tokens = NULL;
  CtReadStatus status;
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  tokens = tokenize_item (f, data, len, TRUE, &status, &error);
  g_assert_null (tokens);
  if (status != CT_READ_NEED_MORE)
    g_error ("%s: expected NEED_MORE, got %d (%s)", hex, status, error ? error->message : "");
  g_assert_no_error (error);
}

static void
test_heads (Fixture       *f,
            gconstpointer  data)
{
  static const Case cases[] = {
    { "00", "0" },
    { "17", "23" },
    { "1818", "24" },
    { "18ff", "255" },
    { "190100", "256" },
    { "19ffff", "65535" },
    { "1a00010000", "65536" },
    { "1affffffff", "4294967295" },
    { "1b0000000100000000", "4294967296" },
    { "1b7fffffffffffffff", "9223372036854775807" },
    { "1b8000000000000000", "u9223372036854775808" },
    { "1bffffffffffffffff", "u18446744073709551615" },
    /* Longer heads than needed are still valid CBOR. */
    { "1805", "5" },
    { "1b0000000000000005", "5" },
    { "20", "-1" },
    { "37", "-24" },
    { "3818", "-25" },
    { "38ff", "-256" },
    { "390100", "-257" },
    { "39ffff", "-65536" },
    { "3a00010000", "-65537" },
    { "3affffffff", "-4294967296" },
    { "3b0000000100000000", "-4294967297" },
    { "3b7fffffffffffffff", "-9223372036854775808" },
    /* Beyond gint64 on the negative side: magnitude n + 1. */
    { "3b8000000000000000", "-big:8000000000000001" },
    { "3bfffffffffffffffe", "-big:ffffffffffffffff" },
    { "3bffffffffffffffff", "-big:010000000000000000" },
  };

  check_cases (f, cases, G_N_ELEMENTS (cases));
}

static void
test_strings (Fixture       *f,
              gconstpointer  data)
{
  static const Case cases[] = {
    { "60", "\"\"" },
    { "6161", "\"a\"" },
    { "64 6b696e64", "\"kind\"" },
    { "780a 30313233343536373839", "\"0123456789\"" },
    { "79000141", "\"A\"" },
    { "7a0000000141", "\"A\"" },
    { "7b000000000000000141", "\"A\"" },
    { "62c3a9", "\"\xc3\xa9\"" },
    /* one-byte length, not ASCII: checked as UTF-8 */
    { "7819 c3a9 6161616161616161616161616161616161616161616161",
      "\"\xc3\xa9" "aaaaaaaaaaaaaaaaaaaaaaa\"" },
    { "64f09f9880", "\"\xf0\x9f\x98\x80\"" },
    { "63e282ac", "\"\xe2\x82\xac\"" },
    { "64f48fbfbf", "\"\xf4\x8f\xbf\xbf\"" },
    { "40", "h''" },
    { "43010203", "h'010203'" },
    { "5801ff", "h'ff'" },
    /* Indefinite-length strings: chunks concatenated. */
    { "7f 6161 6162 ff", "\"ab\"" },
    { "7f ff", "\"\"" },
    { "7f 60 60 ff", "\"\"" },
    { "7f 62c3a9 6161 ff", "\"\xc3\xa9" "a\"" },
    { "5f 4101 420203 ff", "h'010203'" },
    { "5f ff", "h''" },
  };
  g_autoptr(GError) error = NULL;
  static const guint8 nul[] = { 0x63, 'a', 0x00, 'b' };
  static const guint8 plain[] = { 0x65, 'h', 'e', 'l', 'l', 'o' };
  CtToken t;

  check_cases (f, cases, G_N_ELEMENTS (cases));

  /* U+0000 is a valid character in CBOR text. */
  feed (f, nul, sizeof nul, TRUE);
  g_assert_cmpint (ct_tokenizer_next (f->tok, &t, &error), ==, CT_READ_OK);
  g_assert_no_error (error);
  g_assert_cmpint (t.type, ==, CT_TOKEN_STRING);
  g_assert_cmpmem (t.s.str, t.s.len, "a\0b", 3);

  /* A definite string is not copied: it points into the buffer. */
  feed (f, plain, sizeof plain, TRUE);
  g_assert_cmpint (ct_tokenizer_next (f->tok, &t, &error), ==, CT_READ_OK);
  g_assert_true (t.s.str == (const char *) plain + 1);
  g_assert_cmpuint (t.s.len, ==, 5);
  g_assert_cmpuint (t.offset, ==, 0);
}

static void
test_invalid_utf8 (Fixture       *f,
                   gconstpointer  data)
{
  check_error (f, "62c328", CT_TRACE_ERROR_CORRUPT, 1);           /* bad continuation */
  check_error (f, "61ff", CT_TRACE_ERROR_CORRUPT, 1);
  check_error (f, "61fe", CT_TRACE_ERROR_CORRUPT, 1);
  check_error (f, "62c080", CT_TRACE_ERROR_CORRUPT, 1);           /* overlong NUL */
  check_error (f, "63e08080", CT_TRACE_ERROR_CORRUPT, 1);         /* overlong */
  check_error (f, "63eda080", CT_TRACE_ERROR_CORRUPT, 1);         /* surrogate */
  check_error (f, "64f4908080", CT_TRACE_ERROR_CORRUPT, 1);       /* above U+10FFFF */
  check_error (f, "64f8888080", CT_TRACE_ERROR_CORRUPT, 1);
  check_error (f, "61c3", CT_TRACE_ERROR_CORRUPT, 1);             /* cut sequence */
  check_error (f, "6261c3", CT_TRACE_ERROR_CORRUPT, 2);
  /* The bad byte in the tail after a run of ASCII words. */
  check_error (f, "6c 3031323334353637383961ff", CT_TRACE_ERROR_CORRUPT, 12);
  check_error (f, "82 6161 6180", CT_TRACE_ERROR_CORRUPT, 4);
  check_error (f, "7818 6161616161616161616161616161616161616161616161ff", CT_TRACE_ERROR_CORRUPT, 25);
  /* A chunk may not split a character. */
  check_error (f, "7f 61c3 61a9 ff", CT_TRACE_ERROR_CORRUPT, 2);
}

static void
test_containers (Fixture       *f,
                 gconstpointer  data)
{
  static const Case cases[] = {
    { "80", "[ )" },
    { "a0", "{ )" },
    { "820102", "[ 1 2 )" },
    { "a2 6161 01 6162 820203", "{ \"a\" 1 \"b\" [ 2 3 ) )" },
    { "a1 6153 a2 6470617468 00 646c696e65 182a", "{ \"S\" { \"path\" 0 \"line\" 42 ) )" },
    { "81 81 81 80", "[ [ [ [ ) ) ) )" },
    { "98 03 010203", "[ 1 2 3 )" },
    { "b9 0001 6161 f6", "{ \"a\" null )" },
    /* Indefinite lengths */
    { "9f ff", "[ )" },
    { "bf ff", "{ )" },
    { "9f 01 02 ff", "[ 1 2 )" },
    { "bf 6161 01 6162 9f ff ff", "{ \"a\" 1 \"b\" [ ) )" },
    { "9f 82 01 02 9f 03 ff ff", "[ [ 1 2 ) [ 3 ) )" },
    { "82 9f ff bf ff", "[ [ ) { ) )" },
    { "9f 7f 6161 ff 5f ff ff", "[ \"a\" h'' )" },
    { "6c 44726f704c61737453746570", "\"DropLastStep\"" },
  };

  check_cases (f, cases, G_N_ELEMENTS (cases));

  check_error (f, "bf 6161 ff", CT_TRACE_ERROR_CORRUPT, 3);   /* key without value */
  check_error (f, "ff", CT_TRACE_ERROR_CORRUPT, 0);           /* stray break */
  check_error (f, "82 01 ff", CT_TRACE_ERROR_CORRUPT, 2);     /* break in a definite array */
  check_error (f, "9f c6 ff", CT_TRACE_ERROR_CORRUPT, 2);     /* tag without item */
  check_error (f, "7f 4161 ff", CT_TRACE_ERROR_CORRUPT, 1);   /* byte chunk in text */
  check_error (f, "7f 7f ff ff", CT_TRACE_ERROR_CORRUPT, 1);  /* nested indefinite chunk */
  check_error (f, "5f 01 ff", CT_TRACE_ERROR_CORRUPT, 1);
}

static void
test_tags (Fixture       *f,
           gconstpointer  data)
{
  static const Case cases[] = {
    /* Tag 2: positive bignum, leading zeros stripped. */
    { "c2 49 010000000000000000", "+big:010000000000000000" },
    { "c2 4a 00010000000000000000", "+big:010000000000000000" },
    { "c2 4b 0100000000000000000001", "+big:0100000000000000000001" },
    /* Tag 3: -1 - n, magnitude n + 1, with carry. */
    { "c3 49 010000000000000000", "-big:010000000000000001" },
    { "c3 49 01ffffffffffffffff", "-big:020000000000000000" },
    { "c3 49 ffffffffffffffffff", "-big:01000000000000000000" },
    /* Bignums that fit 64 bits come out as ordinary integers. */
    { "c2 40", "0" },
    { "c2 42 0005", "5" },
    { "c2 48 ffffffffffffffff", "u18446744073709551615" },
    { "c3 40", "-1" },
    { "c3 41 05", "-6" },
    { "c3 48 7fffffffffffffff", "-9223372036854775808" },
    { "c3 48 8000000000000000", "-big:8000000000000001" },
    { "c3 48 ffffffffffffffff", "-big:010000000000000000" },
    /* Chunked byte string under a bignum tag */
    { "c2 5f 4101 4400000000 4400000000 ff", "+big:010000000000000000" },
    /* Other tags annotate the item that follows and are skipped. */
    { "c0 74 323031332d30332d32315432303a30343a30305a", "\"2013-03-21T20:04:00Z\"" },
    { "c1 1a514b67b0", "1363896240" },
    { "d8 20 6161", "\"a\"" },
    { "d9 d9f7 83 01 02 03", "[ 1 2 3 )" },
    { "c6 c6 c6 01", "1" },
    { "82 c6 01 c6 02", "[ 1 2 )" },
    { "db ffffffffffffffff 00", "0" },
  };

  check_cases (f, cases, G_N_ELEMENTS (cases));

  check_error (f, "c2 01", CT_TRACE_ERROR_CORRUPT, 1);
  check_error (f, "c3 6161", CT_TRACE_ERROR_CORRUPT, 1);
  check_error (f, "c6 ff", CT_TRACE_ERROR_CORRUPT, 1);
  check_error (f, "df 00", CT_TRACE_ERROR_CORRUPT, 0);
}

static void
test_floats (Fixture       *f,
             gconstpointer  data)
{
  static const struct
  {
    const char *hex;
    double      value;
  } cases[] = {
    { "f90000", 0.0 },
    { "f93c00", 1.0 },
    { "f93e00", 1.5 },
    { "f9c400", -4.0 },
    { "f97bff", 65504.0 },
    { "f90001", 5.9604644775390625e-08 },      /* smallest subnormal, 2^-24 */
    { "f903ff", 6.0975551605224609e-05 },      /* largest subnormal, 1023 * 2^-24 */
    { "f90400", 6.103515625e-05 },             /* smallest normal, 2^-14 */
    { "f93555", 0.333251953125 },
    { "f97c00", INFINITY },
    { "f9fc00", -INFINITY },
    { "fa3fc00000", 1.5 },
    { "fa47c35000", 100000.0 },
    { "fa7f7fffff", 3.4028234663852886e+38 },
    { "fa00000001", 1.4012984643248171e-45 },
    { "fa7f800000", INFINITY },
    { "faff800000", -INFINITY },
    { "fb3ff199999999999a", 1.1 },
    { "fb7e37e43c8800759c", 1.0e+300 },
    { "fbc010666666666666", -4.1 },
    { "fb0000000000000001", 4.9406564584124654e-324 },
    { "fb7ff0000000000000", INFINITY },
  };
  static const char *nans[] = { "f97e00", "f97c01", "f9fe00", "fa7fc00000", "fb7ff8000000000000" };
  g_autoptr(GError) error = NULL;
  CtToken t;

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = from_hex (cases[i].hex);
      gsize len;
      const guint8 *d = g_bytes_get_data (bytes, &len);

      feed (f, d, len, TRUE);
      g_assert_cmpint (ct_tokenizer_next (f->tok, &t, &error), ==, CT_READ_OK);
      g_assert_no_error (error);
      g_assert_cmpint (t.type, ==, CT_TOKEN_FLOAT);
      if (t.f != cases[i].value)
        g_error ("%s: got %.17g, expected %.17g", cases[i].hex, t.f, cases[i].value);
      g_assert_cmpuint (f->tok->pos, ==, len);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (nans); i++)
    {
      g_autoptr(GBytes) bytes = from_hex (nans[i]);
      gsize len;
      const guint8 *d = g_bytes_get_data (bytes, &len);

      feed (f, d, len, TRUE);
      g_assert_cmpint (ct_tokenizer_next (f->tok, &t, &error), ==, CT_READ_OK);
      g_assert_cmpint (t.type, ==, CT_TOKEN_FLOAT);
      g_assert_true (isnan (t.f));
    }

  /* Negative zero keeps its sign. */
  {
    static const guint8 nz[] = { 0xf9, 0x80, 0x00 };

    feed (f, nz, sizeof nz, TRUE);
    g_assert_cmpint (ct_tokenizer_next (f->tok, &t, &error), ==, CT_READ_OK);
    g_assert_true (t.f == 0.0 && signbit (t.f));
  }
}

static void
test_simple (Fixture       *f,
             gconstpointer  data)
{
  static const Case cases[] = {
    { "f4", "false" },
    { "f5", "true" },
    { "f6", "null" },
    { "f7", "null" },     /* undefined */
    { "83 f4 f5 f6", "[ false true null )" },
  };

  check_cases (f, cases, G_N_ELEMENTS (cases));

  check_error (f, "e0", CT_TRACE_ERROR_CORRUPT, 0);
  check_error (f, "f3", CT_TRACE_ERROR_CORRUPT, 0);
  check_error (f, "f820", CT_TRACE_ERROR_CORRUPT, 0);
  check_error (f, "f8ff", CT_TRACE_ERROR_CORRUPT, 0);
}

static void
test_reserved (Fixture       *f,
               gconstpointer  data)
{
  /* Additional information 28..30 is reserved in every major type. */
  for (guint major = 0; major < 8; major++)
    for (guint info = 28; info <= 30; info++)
      {
        char hex[3];

        g_snprintf (hex, sizeof hex, "%02x", major << 5 | info);
        check_error (f, hex, CT_TRACE_ERROR_CORRUPT, 0);
      }

  /* Indefinite length where there is no such thing */
  check_error (f, "1f", CT_TRACE_ERROR_CORRUPT, 0);
  check_error (f, "3f", CT_TRACE_ERROR_CORRUPT, 0);
  check_error (f, "83 01 02 1c", CT_TRACE_ERROR_CORRUPT, 3);
  check_error (f, "a1 6161 3d", CT_TRACE_ERROR_CORRUPT, 3);
}

static void
test_truncation (Fixture       *f,
                 gconstpointer  data)
{
  /* One item with every kind of token, cut at every byte: the tokenizer must
   * ask for more, never fail or read past the end. Each prefix is copied to
   * a buffer of exactly its size so that a sanitizer catches overreads. */
  g_autoptr(GBytes) bytes = from_hex (
    "a8"
    "6161 1b0000000100000000"
    "6162 3bffffffffffffffff"
    "6163 c3 49 010000000000000000"
    "6164 9f f93c00 fa3fc00000 fb3ff199999999999a ff"
    "6165 7f 62c3a9 6161 ff"
    "6166 bf 6178 c6 f5 ff"
    "6167 5f 4101 ff"
    "6168 a1 646b696e64 83 f6 f7 78 0a 30313233343536373839");
  g_autoptr(GError) error = NULL;
  g_autofree char *whole = NULL;
  CtReadStatus status;
  gsize len;
  const guint8 *d = g_bytes_get_data (bytes, &len);

  whole = tokenize_item (f, d, len, TRUE, &status, &error);
  g_assert_no_error (error);
  g_assert_nonnull (whole);

  for (gsize cut = 0; cut < len; cut++)
    {
      for (int eof = 0; eof <= 1; eof++)
        {
          guint8 *copy = g_memdup2 (d, cut);
          g_autofree char *tokens = NULL;

          tokens = tokenize_item (f, copy, cut, eof, &status, &error);
          g_assert_no_error (error);
          g_assert_null (tokens);
          if (cut == 0 && eof)
            g_assert_cmpint (status, ==, CT_READ_END);
          else
            g_assert_cmpint (status, ==, CT_READ_NEED_MORE);
          g_free (copy);
        }
    }

  /* Then, as the item stream does: restart and succeed with more bytes. */
  {
    guint8 *copy = g_memdup2 (d, len / 2);
    g_autofree char *again = NULL;

    g_assert_null (tokenize_item (f, copy, len / 2, FALSE, &status, &error));
    g_assert_cmpint (status, ==, CT_READ_NEED_MORE);
    g_free (copy);
    again = tokenize_item (f, d, len, TRUE, &status, &error);
    g_assert_cmpstr (again, ==, whole);
  }
}

static void
test_huge_lengths (Fixture       *f,
                   gconstpointer  data)
{
  /* Claimed lengths far beyond the input must not allocate or overflow:
   * they only mean the input is cut. */
  check_need_more (f, "5b 1000000000000000 0102");
  check_need_more (f, "7b 1000000000000000 6161");
  check_need_more (f, "7b ffffffffffffffff 6161");
  check_need_more (f, "5b fffffffffffffffe");
  check_need_more (f, "9b ffffffffffffffff 01 02 03");
  check_need_more (f, "bb ffffffffffffffff 6161 01");
  check_need_more (f, "bb 7fffffffffffffff 6161 01");
  check_need_more (f, "7f 7b ffffffffffffffff 61 ff");
  check_need_more (f, "5f 5b ffffffffffffffff ff");
  check_need_more (f, "c2 5b ffffffffffffffff 01");
  check_need_more (f, "c2");
  check_need_more (f, "c6 c6");
  check_need_more (f, "19 01");
  check_need_more (f, "78 05 6161");
  check_need_more (f, "78");
}

static void
test_nesting (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tokens = NULL;
  CtReadStatus status;

  for (int indefinite = 0; indefinite <= 1; indefinite++)
    {
      GByteArray *a = g_byte_array_new ();
      guint8 open = indefinite ? 0x9f : 0x81;
      guint8 zero = 0;
      guint8 brk = 0xff;

      /* Exactly CT_MAX_NESTING levels are accepted. */
      for (int i = 0; i < CT_MAX_NESTING; i++)
        g_byte_array_append (a, &open, 1);
      g_byte_array_append (a, &zero, 1);
      if (indefinite)
        for (int i = 0; i < CT_MAX_NESTING; i++)
          g_byte_array_append (a, &brk, 1);
      tokens = tokenize_item (f, a->data, a->len, TRUE, &status, &error);
      g_assert_no_error (error);
      g_assert_nonnull (tokens);
      g_clear_pointer (&tokens, g_free);
      g_byte_array_unref (a);

      /* One more is refused as a limit, where it opens. */
      a = g_byte_array_new ();
      for (int i = 0; i < CT_MAX_NESTING + 1; i++)
        g_byte_array_append (a, &open, 1);
      g_byte_array_append (a, &zero, 1);
      tokens = tokenize_item (f, a->data, a->len, TRUE, &status, &error);
      g_assert_null (tokens);
      g_assert_cmpint (status, ==, CT_READ_ERROR);
      g_assert_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_LIMIT);
      g_assert_cmpuint (f->tok->error_offset, ==, CT_MAX_NESTING);
      g_clear_error (&error);
      g_byte_array_unref (a);
    }

  /* Maps count too. */
  {
    GByteArray *a = g_byte_array_new ();
    static const guint8 level[] = { 0xa1, 0x61, 'k' };

    for (int i = 0; i < CT_MAX_NESTING + 1; i++)
      g_byte_array_append (a, level, sizeof level);
    tokens = tokenize_item (f, a->data, a->len, TRUE, &status, &error);
    g_assert_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_LIMIT);
    g_clear_error (&error);
    g_byte_array_unref (a);
  }
}

static void
test_item_sequence (Fixture       *f,
                    gconstpointer  data)
{
  /* Items back to back, as in the decompressed trace.bin payload. */
  g_autoptr(GBytes) bytes = from_hex ("a1 6450617468 6161  6c44726f704c61737453746570  01  9f ff");
  static const char *expected[] = { "{ \"Path\" \"a\" )", "\"DropLastStep\"", "1", "[ )" };
  g_autoptr(GError) error = NULL;
  gsize len;
  const guint8 *d = g_bytes_get_data (bytes, &len);
  gsize starts[] = { 0, 8, 21, 22 };
  CtToken t;

  feed (f, d, len, FALSE);
  for (gsize i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(GString) s = g_string_new (NULL);
      int depth = 0;

      g_assert_cmpint (f->tok->klass->begin_item (f->tok, &error), ==, CT_READ_OK);
      g_assert_cmpuint (f->tok->pos, ==, starts[i]);
      do
        {
          g_assert_cmpint (ct_tokenizer_next (f->tok, &t, &error), ==, CT_READ_OK);
          g_assert_no_error (error);
          append_token (s, &t);
          if (t.type == CT_TOKEN_MAP_START || t.type == CT_TOKEN_ARRAY_START)
            depth++;
          else if (t.type == CT_TOKEN_END)
            depth--;
        }
      while (depth > 0);
      g_assert_cmpstr (s->str, ==, expected[i]);
    }

  /* At the end of the buffer: more may come unless eof. */
  g_assert_cmpint (f->tok->klass->begin_item (f->tok, &error), ==, CT_READ_NEED_MORE);
  f->tok->eof = TRUE;
  g_assert_cmpint (f->tok->klass->begin_item (f->tok, &error), ==, CT_READ_END);
  g_assert_no_error (error);
}

static void
test_offsets (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GBytes) bytes = from_hex ("82 c6 1818 9f 6161 ff");
  g_autoptr(GError) error = NULL;
  gsize len;
  const guint8 *d = g_bytes_get_data (bytes, &len);
  gsize expected[] = { 0, 1, 4, 5, 7, 8 };
  CtToken t;

  feed (f, d, len, TRUE);
  for (gsize i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_assert_cmpint (ct_tokenizer_next (f->tok, &t, &error), ==, CT_READ_OK);
      g_assert_cmpuint (t.offset, ==, expected[i]);
    }
  g_assert_cmpint (t.type, ==, CT_TOKEN_END);
  g_assert_cmpuint (f->tok->pos, ==, len);
}

/* ---- emitter ---- */

static char *
to_hex (GByteArray *a)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < a->len; i++)
    g_string_append_printf (s, "%02x", a->data[i]);
  return g_string_free (s, FALSE);
}

#define CHECK_EMIT(call, expected_hex)                                  \
  G_STMT_START                                                          \
    {                                                                   \
      g_autofree char *hex_ = NULL;                                     \
      g_byte_array_set_size (out, 0);                                   \
      call;                                                             \
      hex_ = to_hex (out);                                              \
      if (g_strcmp0 (hex_, expected_hex) != 0)                          \
        g_error ("%s: got %s, expected %s", #call, hex_, expected_hex); \
    }                                                                   \
  G_STMT_END

static void
test_emitter_ints (void)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  CtEmitter *e = _ct_cbor_emitter_new (out);
  const CtEmitterClass *k = e->klass;

  CHECK_EMIT (k->int64 (e, 0), "00");
  CHECK_EMIT (k->int64 (e, 23), "17");
  CHECK_EMIT (k->int64 (e, 24), "1818");
  CHECK_EMIT (k->int64 (e, 255), "18ff");
  CHECK_EMIT (k->int64 (e, 256), "190100");
  CHECK_EMIT (k->int64 (e, 65535), "19ffff");
  CHECK_EMIT (k->int64 (e, 65536), "1a00010000");
  CHECK_EMIT (k->int64 (e, G_MAXUINT32), "1affffffff");
  CHECK_EMIT (k->int64 (e, (gint64) G_MAXUINT32 + 1), "1b0000000100000000");
  CHECK_EMIT (k->int64 (e, G_MAXINT64), "1b7fffffffffffffff");
  CHECK_EMIT (k->int64 (e, -1), "20");
  CHECK_EMIT (k->int64 (e, -24), "37");
  CHECK_EMIT (k->int64 (e, -25), "3818");
  CHECK_EMIT (k->int64 (e, -256), "38ff");
  CHECK_EMIT (k->int64 (e, -257), "390100");
  CHECK_EMIT (k->int64 (e, -65536), "39ffff");
  CHECK_EMIT (k->int64 (e, -65537), "3a00010000");
  CHECK_EMIT (k->int64 (e, -(gint64) G_MAXUINT32 - 1), "3affffffff");
  CHECK_EMIT (k->int64 (e, -(gint64) G_MAXUINT32 - 2), "3b0000000100000000");
  CHECK_EMIT (k->int64 (e, G_MININT64), "3b7fffffffffffffff");
  CHECK_EMIT (k->uint64 (e, 0), "00");
  CHECK_EMIT (k->uint64 (e, (guint64) G_MAXINT64 + 1), "1b8000000000000000");
  CHECK_EMIT (k->uint64 (e, G_MAXUINT64), "1bffffffffffffffff");

  _ct_emitter_free (e);
}

static void
test_emitter_bignum (void)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  CtEmitter *e = _ct_cbor_emitter_new (out);
  const CtEmitterClass *k = e->klass;
  static const guint8 two64[] = { 1, 0, 0, 0, 0, 0, 0, 0, 0 };
  static const guint8 two64_plus1[] = { 1, 0, 0, 0, 0, 0, 0, 0, 1 };
  static const guint8 two72[] = { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
  static const guint8 padded_five[] = { 0, 0, 5 };
  static const guint8 max64[] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

  CHECK_EMIT (k->bignum (e, FALSE, two64, sizeof two64), "c249010000000000000000");
  CHECK_EMIT (k->bignum (e, FALSE, two64_plus1, sizeof two64_plus1), "c249010000000000000001");
  /* -1 - n: n = 2^64 + 1 - 1 */
  CHECK_EMIT (k->bignum (e, TRUE, two64_plus1, sizeof two64_plus1), "c349010000000000000000");
  /* -2^72: n = 2^72 - 1, nine bytes of ff */
  CHECK_EMIT (k->bignum (e, TRUE, two72, sizeof two72), "c349ffffffffffffffffff");
  /* Within 64 bits: plain heads, as the reference writes them. */
  CHECK_EMIT (k->bignum (e, TRUE, two64, sizeof two64), "3bffffffffffffffff");
  CHECK_EMIT (k->bignum (e, FALSE, padded_five, sizeof padded_five), "05");
  CHECK_EMIT (k->bignum (e, TRUE, padded_five, sizeof padded_five), "24");
  CHECK_EMIT (k->bignum (e, FALSE, max64, sizeof max64), "1bffffffffffffffff");
  CHECK_EMIT (k->bignum (e, TRUE, max64, sizeof max64), "3bfffffffffffffffe");
  CHECK_EMIT (k->bignum (e, FALSE, NULL, 0), "00");

  _ct_emitter_free (e);
}

static void
test_emitter_other (void)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  CtEmitter *e = _ct_cbor_emitter_new (out);
  const CtEmitterClass *k = e->klass;
  g_autofree char *long_str = g_strnfill (300, 'x');
  g_autofree char *long_hex = NULL;

  /* f64 is always the 8-byte form, even when a shorter one is exact. */
  CHECK_EMIT (k->float64 (e, 1.0), "fb3ff0000000000000");
  CHECK_EMIT (k->float64 (e, 0.0), "fb0000000000000000");
  CHECK_EMIT (k->float64 (e, -0.0), "fb8000000000000000");
  CHECK_EMIT (k->float64 (e, 1.1), "fb3ff199999999999a");
  CHECK_EMIT (k->float64 (e, INFINITY), "fb7ff0000000000000");
  CHECK_EMIT (k->float64 (e, -INFINITY), "fbfff0000000000000");
  CHECK_EMIT (k->float64 (e, 4.9406564584124654e-324), "fb0000000000000001");
  g_byte_array_set_size (out, 0);
  k->float64 (e, NAN);
  g_assert_cmpuint (out->len, ==, 9);
  g_assert_cmpuint (out->data[0], ==, 0xfb);
  g_assert_cmpuint (out->data[1] & 0x7f, ==, 0x7f);

  CHECK_EMIT (k->boolean (e, FALSE), "f4");
  CHECK_EMIT (k->boolean (e, TRUE), "f5");
  CHECK_EMIT (k->null (e), "f6");
  CHECK_EMIT (k->string (e, "", 0), "60");
  CHECK_EMIT (k->string (e, "Step", 4), "6453746570");
  CHECK_EMIT (k->string (e, "\xc3\xa9", 2), "62c3a9");
  CHECK_EMIT (k->bytes (e, (const guint8 *) "\x01\x02", 2), "420102");
  CHECK_EMIT ((k->map_begin (e, 1), k->end (e)), "a1");
  CHECK_EMIT ((k->map_begin (e, 24), k->end (e)), "b818");
  CHECK_EMIT ((k->array_begin (e, 0), k->end (e)), "80");
  CHECK_EMIT ((k->array_begin (e, 1000), k->end (e)), "9903e8");
  CHECK_EMIT (k->end (e), "");

  g_byte_array_set_size (out, 0);
  k->string (e, long_str, 300);
  long_hex = to_hex (out);
  g_assert_true (g_str_has_prefix (long_hex, "79012c7878"));
  g_assert_cmpuint (out->len, ==, 303);

  /* A serde-shaped event: {"Step": {"path_id": 1, "line": 42}} */
  CHECK_EMIT ((k->map_begin (e, 1), k->string (e, "Step", 4), k->map_begin (e, 2),
               k->string (e, "path_id", 7), k->int64 (e, 1),
               k->string (e, "line", 4), k->int64 (e, 42), k->end (e), k->end (e)),
              "a16453746570a267706174685f696401646c696e65182a");
  _ct_emitter_free (e);
}

/* A top-level value reaches `out` whole, when it is complete; values
 * larger than the emitter's own buffer come out in order all the same. */
static void
test_emitter_staging (void)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  CtEmitter *e = _ct_cbor_emitter_new (out);
  const CtEmitterClass *k = e->klass;
  g_autofree char *big = g_malloc (10000);
  g_autoptr(GByteArray) expected = g_byte_array_new ();
  static const guint8 head[] = { 0x82, 0x79, 0x27, 0x10 };
  guint8 b;

  for (guint i = 0; i < 10000; i++)
    big[i] = (char) ('a' + i % 26);

  k->map_begin (e, 1);
  k->string (e, "k", 1);
  k->array_begin (e, 0);
  g_assert_cmpuint (out->len, ==, 0);
  k->end (e);
  g_assert_cmpuint (out->len, ==, 0);
  k->end (e);
  g_assert_cmpuint (out->len, ==, 4); /* a1 61 6b 80 */

  /* Bare scalars at the top level are whole values. */
  k->int64 (e, 7);
  g_assert_cmpuint (out->len, ==, 5);
  k->string (e, "DropLastStep", 12);
  g_assert_cmpuint (out->len, ==, 18);

  /* [big string, 2000 small ints]: beyond the buffer both ways */
  g_byte_array_set_size (out, 0);
  k->array_begin (e, 2);
  k->string (e, big, 10000);
  k->array_begin (e, 2000);
  for (guint i = 0; i < 2000; i++)
    k->int64 (e, i % 24);
  k->end (e);
  k->end (e);

  g_byte_array_append (expected, head, sizeof head);
  g_byte_array_append (expected, (const guint8 *) big, 10000);
  b = 0x99;
  g_byte_array_append (expected, &b, 1);
  b = 0x07;
  g_byte_array_append (expected, &b, 1);
  b = 0xd0;
  g_byte_array_append (expected, &b, 1);
  for (guint i = 0; i < 2000; i++)
    {
      b = i % 24;
      g_byte_array_append (expected, &b, 1);
    }
  g_assert_cmpmem (out->data, out->len, expected->data, expected->len);

  _ct_emitter_free (e);
}

/* Whatever the emitter writes, the tokenizer reads back. */
static void
test_roundtrip (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *tokens = NULL;
  CtEmitter *e = _ct_cbor_emitter_new (out);
  const CtEmitterClass *k = e->klass;
  static const guint8 big[] = { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0x2a };
  static const guint8 two64[] = { 1, 0, 0, 0, 0, 0, 0, 0, 0 };
  static const gint64 ints[] = { 0, 1, -1, 23, 24, -24, -25, 255, 256, -256, -257, 65535, 65536,
                                 G_MAXINT32, G_MININT32, G_MAXUINT32, -(gint64) G_MAXUINT32 - 1,
                                 G_MAXINT64, G_MININT64 };
  CtReadStatus status;

  k->array_begin (e, G_N_ELEMENTS (ints) + 7);
  for (gsize i = 0; i < G_N_ELEMENTS (ints); i++)
    k->int64 (e, ints[i]);
  k->uint64 (e, G_MAXUINT64);
  k->bignum (e, FALSE, big, sizeof big);
  k->bignum (e, TRUE, big, sizeof big);
  k->bignum (e, TRUE, two64, sizeof two64);
  k->float64 (e, -2.5);
  k->map_begin (e, 1);
  k->string (e, "k", 1);
  k->null (e);
  k->end (e);
  k->boolean (e, TRUE);
  k->end (e);

  tokens = tokenize_item (f, out->data, out->len, TRUE, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tokens, ==,
                   "[ 0 1 -1 23 24 -24 -25 255 256 -256 -257 65535 65536 "
                   "2147483647 -2147483648 4294967295 -4294967296 "
                   "9223372036854775807 -9223372036854775808 "
                   "u18446744073709551615 +big:0100000000000000002a -big:0100000000000000002a "
                   "-big:010000000000000000 f:-2.5 { \"k\" null ) true )");
  _ct_emitter_free (e);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/cbor/tokenizer/heads", test_heads);
  ADD ("/cbor/tokenizer/strings", test_strings);
  ADD ("/cbor/tokenizer/invalid-utf8", test_invalid_utf8);
  ADD ("/cbor/tokenizer/containers", test_containers);
  ADD ("/cbor/tokenizer/tags", test_tags);
  ADD ("/cbor/tokenizer/floats", test_floats);
  ADD ("/cbor/tokenizer/simple", test_simple);
  ADD ("/cbor/tokenizer/reserved", test_reserved);
  ADD ("/cbor/tokenizer/truncation", test_truncation);
  ADD ("/cbor/tokenizer/huge-lengths", test_huge_lengths);
  ADD ("/cbor/tokenizer/nesting", test_nesting);
  ADD ("/cbor/tokenizer/item-sequence", test_item_sequence);
  ADD ("/cbor/tokenizer/offsets", test_offsets);
  ADD ("/cbor/roundtrip", test_roundtrip);
  g_test_add_func ("/cbor/emitter/ints", test_emitter_ints);
  g_test_add_func ("/cbor/emitter/bignum", test_emitter_bignum);
  g_test_add_func ("/cbor/emitter/other", test_emitter_other);
  g_test_add_func ("/cbor/emitter/staging", test_emitter_staging);

  return g_test_run ();
}
