/* test-json-tokenizer.c
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
#include "ct-test-utils.h"

/* The tokenizer is driven here the way ct-item-stream.c drives it:
 * begin_item(), then next() until the item's outermost value is complete
 * (the tests count the nesting, as the decoder knows the structure). */

typedef struct
{
  CtTokenizer *tok;
  CtArena     *arena;
  GString     *out;    /* tokens as text, see describe_token() */
  GError      *error;
  CtReadStatus status; /* of the last call */
} Run;

static const CtStreamTokenizerClass *
stream_class (CtTokenizer *tok)
{
  return (const CtStreamTokenizerClass *) tok->klass;
}

static void
describe_bytes (GString    *out,
                const char *str,
                gsize       len)
{
  gsize i;

  for (i = 0; i < len; i++)
    {
      guchar c = str[i];

      if (c >= 0x20 && c < 0x7f && c != '\\' && c != '"')
        g_string_append_c (out, c);
      else
        g_string_append_printf (out, "\\x%02x", c);
    }
}

/* A compact text for a token: { [ } ] for containers, s"..." strings (bytes
 * outside printable ASCII as \xNN), i42 u42 big-0a0b f<%.17g> true false
 * null. */
static void
describe_token (GString       *out,
                const CtToken *t,
                GArray        *stack)
{
  gsize i;

  if (out->len > 0)
    g_string_append_c (out, ' ');

  switch (t->type)
    {
    case CT_TOKEN_MAP_START:
      g_string_append_c (out, '{');
      g_array_append_val (stack, (gboolean) { TRUE });
      break;
    case CT_TOKEN_ARRAY_START:
      g_string_append_c (out, '[');
      g_array_append_val (stack, (gboolean) { FALSE });
      break;
    case CT_TOKEN_END:
      g_assert_cmpuint (stack->len, >, 0);
      g_string_append_c (out, g_array_index (stack, gboolean, stack->len - 1) ? '}' : ']');
      g_array_set_size (stack, stack->len - 1);
      break;
    case CT_TOKEN_STRING:
      g_string_append (out, "s\"");
      describe_bytes (out, t->s.str, t->s.len);
      g_string_append_c (out, '"');
      break;
    case CT_TOKEN_BYTES:
      g_string_append (out, "bytes");
      break;
    case CT_TOKEN_INT:
      g_string_append_printf (out, "i%" G_GINT64_FORMAT, t->i);
      break;
    case CT_TOKEN_UINT:
      g_string_append_printf (out, "u%" G_GUINT64_FORMAT, t->u);
      break;
    case CT_TOKEN_BIGNUM:
      g_string_append_printf (out, "big%s", t->s.negative ? "-" : "");
      for (i = 0; i < t->s.len; i++)
        g_string_append_printf (out, "%02x", (guchar) t->s.str[i]);
      break;
    case CT_TOKEN_FLOAT:
      g_string_append_printf (out, "f%.17g", t->f);
      break;
    case CT_TOKEN_BOOL:
      g_string_append (out, t->b ? "true" : "false");
      break;
    case CT_TOKEN_NULL:
      g_string_append (out, "null");
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
run_init (Run        *run,
          const char *text,
          gsize       len,
          gboolean    eof)
{
  memset (run, 0, sizeof *run);
  run->tok = _ct_json_tokenizer_new ();
  run->arena = ct_arena_new ();
  run->tok->buf = (const guint8 *) text;
  run->tok->len = len;
  run->tok->pos = 0;
  run->tok->eof = eof;
  run->tok->arena = run->arena;
  run->out = g_string_new (NULL);
}

static void
run_clear (Run *run)
{
  g_free (run->tok);
  ct_arena_free (run->arena);
  g_string_free (run->out, TRUE);
  g_clear_error (&run->error);
}

/* Reads one item's tokens into run->out. */
static CtReadStatus
run_item (Run *run)
{
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (gboolean));
  CtToken token;

  do
    {
      memset (&token, 0xaa, sizeof token);
      run->status = ct_tokenizer_next (run->tok, &token, &run->error);
      if (run->status != CT_READ_OK)
        return run->status;
      g_assert_cmpuint (token.offset, <, run->tok->len);
      describe_token (run->out, &token, stack);
    }
  while (stack->len > 0);

  return CT_READ_OK;
}

/* Reads all items; items are separated by " | " in run->out. Returns the
 * status that stopped it: CT_READ_END when all went well. */
static CtReadStatus
run_all (Run *run)
{
  guint n = 0;

  for (;;)
    {
      run->status = run->tok->klass->begin_item (run->tok, &run->error);
      if (run->status != CT_READ_OK)
        return run->status;
      if (n++ > 0)
        g_string_append (run->out, " |");
      ct_arena_reset (run->arena);
      if (run_item (run) != CT_READ_OK)
        return run->status;
    }
}

/* All tokens of a complete document, or fails the test. */
static char *
tokens_of (const char *text)
{
  Run run;
  char *ret;

  run_init (&run, text, strlen (text), TRUE);
  run_all (&run);
  g_assert_no_error (run.error);
  g_assert_cmpint (run.status, ==, CT_READ_END);
  g_assert_cmpuint (run.tok->pos, ==, strlen (text));
  ret = g_strdup (run.out->str);
  run_clear (&run);
  return ret;
}

/* The tokens of one value, wrapped in an event list. */
static char *
value_tokens (const char *value)
{
  g_autofree char *doc = g_strdup_printf ("[%s]", value);

  return tokens_of (doc);
}

#define assert_value(value, expected)                    \
  G_STMT_START                                           \
    {                                                    \
      g_autofree char *_got = value_tokens (value);      \
      g_assert_cmpstr (_got, ==, (expected));            \
    }                                                    \
  G_STMT_END

/* A complete document that must fail: checks the error domain and code, the
 * offset of the damage, and a word of the message. */
static void
assert_fails_len (const char *text,
                  gsize       len,
                  int         code,
                  gsize       offset,
                  const char *message_part)
{
  Run run;

  run_init (&run, text, len, TRUE);
  run_all (&run);
  if (run.status != CT_READ_ERROR)
    g_error ("expected an error for «%s», got status %d after %s", text, run.status, run.out->str);
  g_assert_error (run.error, CT_TRACE_ERROR, code);
  if (message_part != NULL && strstr (run.error->message, message_part) == NULL)
    g_error ("the error for «%s» is «%s», which does not mention «%s»",
             text, run.error->message, message_part);
  g_assert_cmpuint (run.tok->error_offset, ==, offset);
  run_clear (&run);
}

static void
assert_fails (const char *text,
              int         code,
              gsize       offset,
              const char *message_part)
{
  assert_fails_len (text, strlen (text), code, offset, message_part);
}

/* ---- tests ---- */

static const char pretty_doc[] =
  "[\n"
  "  {\n"
  "    \"Step\": {\n"
  "      \"path_id\": 1,\n"
  "      \"line\": 6\n"
  "    }\n"
  "  },\n"
  "  {\n"
  "    \"Value\": {\n"
  "      \"variable_id\": 3,\n"
  "      \"value\": {\n"
  "        \"kind\": \"Sequence\",\n"
  "        \"elements\": [\n"
  "          {\n"
  "            \"kind\": \"Int\",\n"
  "            \"i\": -7,\n"
  "            \"type_id\": 0\n"
  "          },\n"
  "          {\n"
  "            \"kind\": \"Float\",\n"
  "            \"f\": 2.5,\n"
  "            \"type_id\": 1\n"
  "          }\n"
  "        ],\n"
  "        \"is_slice\": false,\n"
  "        \"type_id\": 4\n"
  "      }\n"
  "    }\n"
  "  },\n"
  "  \"DropLastStep\",\n"
  "  {\n"
  "    \"DropLastStep\": null\n"
  "  },\n"
  "  {\n"
  "    \"Asm\": []\n"
  "  },\n"
  "  {\n"
  "    \"Type\": {\n"
  "      \"kind\": 7,\n"
  "      \"lang_type\": \"Integer\",\n"
  "      \"specific_info\": {}\n"
  "    }\n"
  "  }\n"
  "]\n";

static const char compact_doc[] =
  "[{\"Step\":{\"path_id\":1,\"line\":6}},"
  "{\"Value\":{\"variable_id\":3,\"value\":{\"kind\":\"Sequence\",\"elements\":"
  "[{\"kind\":\"Int\",\"i\":-7,\"type_id\":0},{\"kind\":\"Float\",\"f\":2.5,\"type_id\":1}],"
  "\"is_slice\":false,\"type_id\":4}}},"
  "\"DropLastStep\",{\"DropLastStep\":null},{\"Asm\":[]},"
  "{\"Type\":{\"kind\":7,\"lang_type\":\"Integer\",\"specific_info\":{}}}]";

static const char doc_tokens[] =
  "{ s\"Step\" { s\"path_id\" i1 s\"line\" i6 } } |"
  " { s\"Value\" { s\"variable_id\" i3 s\"value\" { s\"kind\" s\"Sequence\" s\"elements\""
  " [ { s\"kind\" s\"Int\" s\"i\" i-7 s\"type_id\" i0 }"
  " { s\"kind\" s\"Float\" s\"f\" f2.5 s\"type_id\" i1 } ]"
  " s\"is_slice\" false s\"type_id\" i4 } } } |"
  " s\"DropLastStep\" | { s\"DropLastStep\" null } | { s\"Asm\" [ ] } |"
  " { s\"Type\" { s\"kind\" i7 s\"lang_type\" s\"Integer\" s\"specific_info\" { } } }";

static void
test_events_pretty (void)
{
  g_autofree char *got = tokens_of (pretty_doc);

  g_assert_cmpstr (got, ==, doc_tokens);
}

static void
test_events_compact (void)
{
  g_autofree char *got = tokens_of (compact_doc);

  g_assert_cmpstr (got, ==, doc_tokens);
}

static void
test_event_list (void)
{
  g_autofree char *empty = tokens_of ("[]");
  g_autofree char *empty_ws = tokens_of (" \t\r\n[ \n ] \n\n");
  g_autofree char *one = tokens_of ("[1]");
  g_autofree char *scalars = tokens_of ("[ 1 , \"a\" ,true,false , null ]");

  g_assert_cmpstr (empty, ==, "");
  g_assert_cmpstr (empty_ws, ==, "");
  g_assert_cmpstr (one, ==, "i1");
  g_assert_cmpstr (scalars, ==, "i1 | s\"a\" | true | false | null");
}

static void
test_event_list_errors (void)
{
  Run run;

  assert_fails ("{\"Step\":{}}", CT_TRACE_ERROR_CORRUPT, 0, "expected '['");
  assert_fails ("[1 2]", CT_TRACE_ERROR_CORRUPT, 3, "expected ',' or ']' after an event");
  assert_fails ("[1,]", CT_TRACE_ERROR_CORRUPT, 3, "trailing comma");
  assert_fails ("[,1]", CT_TRACE_ERROR_CORRUPT, 1, "expected a value");
  assert_fails ("[1] x", CT_TRACE_ERROR_CORRUPT, 4, "after the end of the event list");
  assert_fails ("[] []", CT_TRACE_ERROR_CORRUPT, 3, "after the end of the event list");
  assert_fails ("[{\"Step\":1}}]", CT_TRACE_ERROR_CORRUPT, 11,
                "expected ',' or ']' after an event");

  /* Running out of input is not an error of the tokenizer: the item stream
   * turns CT_READ_NEED_MORE at the end of the input into a truncation. */
  run_init (&run, "", 0, TRUE);
  g_assert_cmpint (run_all (&run), ==, CT_READ_NEED_MORE);
  g_assert_no_error (run.error);
  run_clear (&run);

  run_init (&run, "[{\"a\":1},", 9, TRUE);
  g_assert_cmpint (run_all (&run), ==, CT_READ_NEED_MORE);
  g_assert_no_error (run.error);
  run_clear (&run);

  /* no ']' seen yet, or the rest of the input may hold more than
   * whitespace: the end is only certain at the end of the input */
  run_init (&run, "[1] ", 4, FALSE);
  g_assert_cmpint (run_all (&run), ==, CT_READ_NEED_MORE);
  g_assert_cmpstr (run.out->str, ==, "i1");
  run_clear (&run);
}

static void
test_strings (void)
{
  assert_value ("\"\"", "s\"\"");
  assert_value ("\"plain text / with slash\"", "s\"plain text / with slash\"");
  assert_value ("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "s\"\\x22\\x5c/\\x08\\x0c\\x0a\\x0d\\x09\"");
  assert_value ("\"a\\u0041\\u00e9\\u20AC\\u0000z\"",
                "s\"aA\\xc3\\xa9\\xe2\\x82\\xac\\x00z\"");
  /* U+1F600 as a surrogate pair, and raw */
  assert_value ("\"\\ud83d\\ude00\"", "s\"\\xf0\\x9f\\x98\\x80\"");
  assert_value ("\"\xf0\x9f\x98\x80 na\xc3\xafve\"", "s\"\\xf0\\x9f\\x98\\x80 na\\xc3\\xafve\"");
  assert_value ("\"\\uDBFF\\uDFFF\"", "s\"\\xf4\\x8f\\xbf\\xbf\"");
  /* escapes after a long plain part and plain after many escapes */
  assert_value ("\"0123456789abcdefghij\\n0123456789abcdefghij\"",
                "s\"0123456789abcdefghij\\x0a0123456789abcdefghij\"");
  /* DEL and every printable byte stand for themselves */
  assert_value ("\"\x7f ~}|{`_^]\"", "s\"\\x7f ~}|{`_^]\"");

  /* long strings with escapes far apart, and with plain text only */
  {
    g_autoptr(GString) json = g_string_new ("\"\\t");
    g_autoptr(GString) expected = g_string_new ("s\"\\x09");
    guint i;

    for (i = 0; i < 300; i++)
      {
        g_string_append_c (json, 'a' + i % 26);
        g_string_append_c (expected, 'a' + i % 26);
      }
    g_string_append (json, "\\\"\xc3\xa9");
    g_string_append (expected, "\\x22\\xc3\\xa9");
    for (i = 0; i < 300; i++)
      {
        g_string_append_c (json, 'A' + i % 26);
        g_string_append_c (expected, 'A' + i % 26);
      }
    g_string_append (json, "\\\\\"");
    g_string_append (expected, "\\x5c\"");
    assert_value (json->str, expected->str);

    /* without the escapes */
    g_string_assign (json, "\"");
    g_string_assign (expected, "s\"");
    for (i = 0; i < 1000; i++)
      {
        g_string_append (json, i % 100 == 0 ? "\xe2\x82\xac" : "x");
        g_string_append (expected, i % 100 == 0 ? "\\xe2\\x82\\xac" : "x");
      }
    g_string_append_c (json, '"');
    g_string_append_c (expected, '"');
    assert_value (json->str, expected->str);
  }
}

static void
test_strings_zero_copy (void)
{
  static const char text[] =
    "[\"no escapes here, long enough for the word loop\", \"with\\nescape\"]";
  Run run;
  CtToken token;

  run_init (&run, text, strlen (text), TRUE);
  g_assert_cmpint (run.tok->klass->begin_item (run.tok, NULL), ==, CT_READ_OK);
  g_assert_cmpint (ct_tokenizer_next (run.tok, &token, NULL), ==, CT_READ_OK);
  g_assert_cmpint (token.type, ==, CT_TOKEN_STRING);
  g_assert_true (token.s.str == text + 2);
  g_assert_cmpuint (token.s.len, ==, 46);
  g_assert_cmpuint (token.offset, ==, 1);

  g_assert_cmpint (run.tok->klass->begin_item (run.tok, NULL), ==, CT_READ_OK);
  g_assert_cmpint (ct_tokenizer_next (run.tok, &token, NULL), ==, CT_READ_OK);
  g_assert_cmpint (token.type, ==, CT_TOKEN_STRING);
  g_assert_cmpuint (token.s.len, ==, 11);
  g_assert_cmpmem (token.s.str, 11, "with\nescape", 11);
  g_assert_false (token.s.str >= text && token.s.str < text + sizeof text);
  g_assert_cmpuint (token.offset, ==, 51);
  run_clear (&run);
}

static void
test_string_errors (void)
{
  static const char ff_fe[] = "[{\"text\": \"ab\xff\xfe\"}]";

  assert_fails (ff_fe, CT_TRACE_ERROR_CORRUPT, 13, "invalid UTF-8 in a string");
  assert_fails ("[\"ab\\n\xff\"]", CT_TRACE_ERROR_CORRUPT, 6, "invalid UTF-8");
  /* overlong, surrogate, beyond U+10FFFF, stray continuation, cut sequence */
  assert_fails ("[\"\xc0\xaf\"]", CT_TRACE_ERROR_CORRUPT, 2, "invalid UTF-8");
  assert_fails ("[\"\xe0\x80\xaf\"]", CT_TRACE_ERROR_CORRUPT, 2, "invalid UTF-8");
  assert_fails ("[\"\xed\xa0\x80\"]", CT_TRACE_ERROR_CORRUPT, 2, "invalid UTF-8");
  assert_fails ("[\"\xf4\x90\x80\x80\"]", CT_TRACE_ERROR_CORRUPT, 2, "invalid UTF-8");
  assert_fails ("[\"a\x80\"]", CT_TRACE_ERROR_CORRUPT, 3, "invalid UTF-8");
  assert_fails ("[\"\xe2\x82\"]", CT_TRACE_ERROR_CORRUPT, 2, "invalid UTF-8");
  /* raw control characters */
  assert_fails ("[\"a\x01\"]", CT_TRACE_ERROR_CORRUPT, 3, "control character (0x01)");
  assert_fails ("[\"a\tb\"]", CT_TRACE_ERROR_CORRUPT, 3, "control character (0x09)");
  assert_fails ("[\"a\\n\nb\"]", CT_TRACE_ERROR_CORRUPT, 5, "control character (0x0A)");
  assert_fails_len ("[\"a\0b\"]", 7, CT_TRACE_ERROR_CORRUPT, 3, "control character (0x00)");
  /* escapes */
  assert_fails ("[\"\\x41\"]", CT_TRACE_ERROR_CORRUPT, 3, "invalid escape");
  assert_fails ("[\"\\u12\"]", CT_TRACE_ERROR_CORRUPT, 2, "four hex digits");
  assert_fails ("[\"\\u12g4\"]", CT_TRACE_ERROR_CORRUPT, 2, "four hex digits");
  assert_fails ("[\"\\ud83d\"]", CT_TRACE_ERROR_CORRUPT, 2, "lone UTF-16 surrogate");
  assert_fails ("[\"\\ud83dx\\ude00\"]", CT_TRACE_ERROR_CORRUPT, 2, "lone UTF-16 surrogate");
  assert_fails ("[\"\\ud83d\\u0041\"]", CT_TRACE_ERROR_CORRUPT, 2, "lone UTF-16 surrogate");
  assert_fails ("[\"ok \\ude00\"]", CT_TRACE_ERROR_CORRUPT, 5, "lone UTF-16 surrogate (\\uDE00)");
  /* keys are strings and are checked the same way */
  assert_fails ("[{\"k\xff\":1}]", CT_TRACE_ERROR_CORRUPT, 4, "invalid UTF-8");
}

static void
test_integers (void)
{
  assert_value ("0", "i0");
  assert_value ("-0", "i0");
  assert_value ("7", "i7");
  assert_value ("-7", "i-7");
  assert_value ("123456789012345678", "i123456789012345678");
  assert_value ("9223372036854775807", "i9223372036854775807");
  assert_value ("-9223372036854775808", "i-9223372036854775808");
  assert_value ("9223372036854775808", "u9223372036854775808");
  assert_value ("18446744073709551615", "u18446744073709551615");
  assert_value ("10000000000000000000", "u10000000000000000000");
  assert_value ("9999999999999999999", "u9999999999999999999");

  /* Beyond 64 bits: big-endian magnitudes computed with Python's
   * int.to_bytes(). 2**64, 2**63 + 1, 2**80, 2**70. */
  assert_value ("18446744073709551616", "big010000000000000000");
  assert_value ("99999999999999999999", "big056bc75e2d630fffff");
  assert_value ("-9223372036854775809", "big-8000000000000001");
  assert_value ("-18446744073709551615", "big-ffffffffffffffff");
  assert_value ("1208925819614629174706176", "big0100000000000000000000");
  assert_value ("-1180591620717411303424", "big-400000000000000000");
  assert_value ("123456789012345678901234567890", "big018ee90ff6c373e0ee4e3f0ad2");
  /* 10**100 + 7 */
  assert_value ("1000000000000000000000000000000000000000000000000000"
                "0000000000000000000000000000000000000000000000007",
                "big1249ad2594c37ceb0b2784c4ce0bf38ace408e211a7caab243"
                "08a82e8f10000000000000000000000007");

  /* as values inside an event */
  {
    g_autofree char *got =
      tokens_of ("[{\"kind\":\"Int\",\"i\":1208925819614629174706176,\"type_id\":0}]");

    g_assert_cmpstr (got, ==,
                     "{ s\"kind\" s\"Int\" s\"i\" big0100000000000000000000 s\"type_id\" i0 }");
  }
}

static void
test_number_errors (void)
{
  assert_fails ("[01]", CT_TRACE_ERROR_CORRUPT, 1, "must not start with the digit 0");
  assert_fails ("[-01]", CT_TRACE_ERROR_CORRUPT, 2, "must not start with the digit 0");
  assert_fails ("[00.5]", CT_TRACE_ERROR_CORRUPT, 1, "digit 0");
  assert_fails ("[+1]", CT_TRACE_ERROR_CORRUPT, 1, "expected a value, found '+'");
  assert_fails ("[.5]", CT_TRACE_ERROR_CORRUPT, 1, "expected a value, found '.'");
  assert_fails ("[1.]", CT_TRACE_ERROR_CORRUPT, 3, "a digit after its decimal point");
  assert_fails ("[1.e5]", CT_TRACE_ERROR_CORRUPT, 3, "a digit after its decimal point");
  assert_fails ("[1e]", CT_TRACE_ERROR_CORRUPT, 3, "a digit in its exponent");
  assert_fails ("[1e+]", CT_TRACE_ERROR_CORRUPT, 4, "a digit in its exponent");
  assert_fails ("[-]", CT_TRACE_ERROR_CORRUPT, 2, "'-' must be followed by a digit");
  assert_fails ("[- 1]", CT_TRACE_ERROR_CORRUPT, 2, "'-' must be followed by a digit");
  assert_fails ("[0x10]", CT_TRACE_ERROR_CORRUPT, 2, "expected ',' or ']' after an event");
  assert_fails ("[[1.5.3]]", CT_TRACE_ERROR_CORRUPT, 5, "expected ',' or ']' after an item");
  assert_fails ("[{\"f\": NaN}]", CT_TRACE_ERROR_CORRUPT, 7,
                "not valid JSON: NaN is not a JSON number");
  assert_fails ("[{\"f\": Infinity}]", CT_TRACE_ERROR_CORRUPT, 7, "Infinity is not a JSON number");
  assert_fails ("[{\"f\": -Infinity}]", CT_TRACE_ERROR_CORRUPT, 7,
                "-Infinity is not a JSON number");
  assert_fails ("[nan]", CT_TRACE_ERROR_CORRUPT, 1, "literal 'null'");
}

static void
test_huge_integer_limit (void)
{
  GString *doc = g_string_new ("[");
  guint i;

  g_string_append_c (doc, '1');
  for (i = 0; i < 20000; i++)
    g_string_append_c (doc, '0');
  g_string_append_c (doc, ']');
  assert_fails (doc->str, CT_TRACE_ERROR_LIMIT, 1, "20001 digits");
  g_string_free (doc, TRUE);
}

/* Parses text as a number and formats the double back. */
static char *
float_round_trip (const char *text,
                  double     *out_value)
{
  g_autofree char *doc = g_strdup_printf ("[%s]", text);
  Run run;
  CtToken token;
  char buf[40];

  run_init (&run, doc, strlen (doc), TRUE);
  g_assert_cmpint (run.tok->klass->begin_item (run.tok, NULL), ==, CT_READ_OK);
  g_assert_cmpint (ct_tokenizer_next (run.tok, &token, NULL), ==, CT_READ_OK);
  g_assert_cmpint (token.type, ==, CT_TOKEN_FLOAT);
  run_clear (&run);

  *out_value = token.f;
  if (!isfinite (token.f))
    return g_strdup ("inf");
  _ct_format_double (token.f, buf);
  return g_strdup (buf);
}

static void
test_floats (void)
{
  static const struct
  {
    const char *text;
    const char *formatted; /* serde_json's (ryu's) spelling */
  } cases[] = {
    { "0.1", "0.1" },
    { "1.5", "1.5" },
    { "-1.5", "-1.5" },
    { "1.0", "1.0" },
    { "1e16", "1e16" },
    { "1E16", "1e16" },
    { "1e15", "1000000000000000.0" },
    { "1.5e-7", "1.5e-7" },
    { "0.00015", "0.00015" },
    { "1e-5", "0.00001" },
    { "1e-6", "1e-6" },
    { "5e-324", "5e-324" },
    { "4.9406564584124654e-324", "5e-324" },
    { "2.2250738585072014e-308", "2.2250738585072014e-308" },
    { "1.7976931348623157e308", "1.7976931348623157e308" },
    { "-0.0", "-0.0" },
    { "0.0", "0.0" },
    { "0e10", "0.0" },
    { "123456789.0", "123456789.0" },
    { "0.3", "0.3" },
    { "0.30000000000000004", "0.30000000000000004" },
    { "0.1e1", "1.0" },
    { "100e-2", "1.0" },
    { "12345678901234567890.0", "1.2345678901234567e19" },
    { "9007199254740993.0", "9007199254740992.0" },
    { "-1.2345e100", "-1.2345e100" },
    { "3.141592653589793", "3.141592653589793" },
    { "2.5E+3", "2500.0" },
    { "1e-400", "0.0" },
    { "0.000000000000000000000000000001", "1e-30" },
    /* 2^-1074 .. powers of two, where the rounding interval is lopsided */
    { "9.5367431640625e-7", "9.5367431640625e-7" },
    { "8.98846567431158e307", "8.98846567431158e307" },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double value;
      g_autofree char *got = float_round_trip (cases[i].text, &value);

      g_assert_cmpstr (got, ==, cases[i].formatted);
      /* exact: the same double as the C library's correctly rounded strtod */
      g_assert_true (value == g_ascii_strtod (cases[i].text, NULL));
      g_assert_cmpint (!!signbit (value), ==, cases[i].text[0] == '-');
    }

  /* out of range: valid JSON, so an infinity rather than an error */
  {
    double value;
    g_autofree char *got = float_round_trip ("-1e400", &value);

    g_assert_cmpstr (got, ==, "inf");
    g_assert_true (isinf (value) && value < 0);
  }
}

static void
test_literals (void)
{
  assert_value ("[true,false,null]", "[ true false null ]");
  assert_fails ("[tru]", CT_TRACE_ERROR_CORRUPT, 1, "literal 'true'");
  assert_fails ("[falsy]", CT_TRACE_ERROR_CORRUPT, 1, "literal 'false'");
  assert_fails ("[nul]", CT_TRACE_ERROR_CORRUPT, 1, "literal 'null'");
  assert_fails ("[truex]", CT_TRACE_ERROR_CORRUPT, 5, "expected ',' or ']' after an event");
  assert_fails ("[True]", CT_TRACE_ERROR_CORRUPT, 1, "expected a value, found 'T'");
}

static void
test_structure_errors (void)
{
  assert_fails ("[{\"a\" 1}]", CT_TRACE_ERROR_CORRUPT, 6, "expected ':' after a key");
  assert_fails ("[{\"a\"\n\n1}]", CT_TRACE_ERROR_CORRUPT, 7, "expected ':' after a key");
  assert_fails ("[{\"a\":1 \"b\":2}]", CT_TRACE_ERROR_CORRUPT, 8,
                "expected ',' or '}' after a value in an object");
  assert_fails ("[{1:2}]", CT_TRACE_ERROR_CORRUPT, 2, "expected a key");
  assert_fails ("[{\"a\":1,}]", CT_TRACE_ERROR_CORRUPT, 8, "expected a key");
  assert_fails ("[{\"a\":}]", CT_TRACE_ERROR_CORRUPT, 6, "expected a value, found '}'");
  assert_fails ("[[1}]", CT_TRACE_ERROR_CORRUPT, 3,
                "expected ',' or ']' after an item of an array");
  assert_fails ("[{\"a\":1]]", CT_TRACE_ERROR_CORRUPT, 7, "expected ',' or '}'");
  assert_fails ("[[1,]]", CT_TRACE_ERROR_CORRUPT, 4, "expected a value, found ']'");
  assert_fails ("[[,]]", CT_TRACE_ERROR_CORRUPT, 2, "expected a value, found ','");
  assert_fails ("[{'a':1}]", CT_TRACE_ERROR_CORRUPT, 2, "expected a key");
  assert_fails ("[\xef\xbb\xbf" "1]", CT_TRACE_ERROR_CORRUPT, 1, "byte 0xEF");
}

static void
test_nesting_limit (void)
{
  GString *doc = g_string_new ("[");
  g_autofree char *got = NULL;
  guint i;

  /* 512 levels are fine */
  for (i = 0; i < CT_MAX_NESTING; i++)
    g_string_append_c (doc, '[');
  for (i = 0; i < CT_MAX_NESTING; i++)
    g_string_append_c (doc, ']');
  g_string_append_c (doc, ']');
  got = tokens_of (doc->str);
  g_assert_cmpuint (strlen (got), ==, CT_MAX_NESTING * 4 - 1);

  /* 600 are not, and say so without crashing */
  g_string_assign (doc, "[");
  for (i = 0; i < 600; i++)
    g_string_append (doc, "[");
  for (i = 0; i < 600; i++)
    g_string_append_c (doc, ']');
  g_string_append_c (doc, ']');
  assert_fails (doc->str, CT_TRACE_ERROR_LIMIT, 1 + CT_MAX_NESTING,
                "values nested deeper than 512 levels");

  /* maps count as well */
  g_string_assign (doc, "[");
  for (i = 0; i < 600; i++)
    g_string_append (doc, "{\"a\":");
  assert_fails (doc->str, CT_TRACE_ERROR_LIMIT, 1 + 5 * CT_MAX_NESTING,
                "values nested deeper than 512 levels");
  g_string_free (doc, TRUE);
}

/* Every prefix of a document is either complete or asks for more; never an
 * error, and never different tokens. */
static void
check_prefixes (const char *doc,
                gsize       len)
{
  g_autofree char *full = NULL;
  Run run;
  gsize k;

  run_init (&run, doc, len, TRUE);
  g_assert_cmpint (run_all (&run), ==, CT_READ_END);
  full = g_strdup (run.out->str);
  run_clear (&run);

  for (k = 0; k < len; k++)
    {
      run_init (&run, doc, k, FALSE);
      run_all (&run);
      g_assert_no_error (run.error);
      g_assert_cmpint (run.status, ==, CT_READ_NEED_MORE);
      g_assert_true (g_str_has_prefix (full, run.out->str));
      run_clear (&run);
    }
}

/* Drives the tokenizer as ct-item-stream.c does, with a buffer that grows by
 * one byte whenever an item runs past its end: on CT_READ_NEED_MORE the
 * position goes back to the item's first byte and restart_item() is called,
 * and the item is read again from there. */
static char *
read_byte_by_byte (const char *doc,
                   gsize       len,
                   guint      *n_retries)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (gboolean));
  CtTokenizer *tok = _ct_json_tokenizer_new ();
  CtArena *arena = ct_arena_new ();
  GError *error = NULL;
  CtReadStatus status;
  guint n_items = 0;

  *n_retries = 0;
  tok->buf = (const guint8 *) doc;
  tok->len = 0;
  tok->eof = FALSE;
  tok->arena = arena;

  for (;;)
    {
      gsize start = tok->pos;
      gsize out_len = out->len;

      status = tok->klass->begin_item (tok, &error);
      g_assert_no_error (error);
      if (status == CT_READ_NEED_MORE)
        {
          g_assert_cmpuint (tok->len, <, len);
          tok->pos = start;
          tok->len++;
          tok->eof = tok->len == len;
          (*n_retries)++;
          continue;
        }
      if (status == CT_READ_END)
        break;
      g_assert_cmpint (status, ==, CT_READ_OK);

      if (n_items++ > 0)
        g_string_append (out, " |");
      out_len = out->len;
      start = tok->pos;

      for (;;)
        {
          CtToken token;

          ct_arena_reset (arena);
          g_string_truncate (out, out_len);
          g_array_set_size (stack, 0);
          do
            {
              status = ct_tokenizer_next (tok, &token, &error);
              g_assert_no_error (error);
              if (status != CT_READ_OK)
                break;
              describe_token (out, &token, stack);
            }
          while (stack->len > 0);

          if (status == CT_READ_OK)
            break;
          g_assert_cmpint (status, ==, CT_READ_NEED_MORE);
          g_assert_cmpuint (tok->len, <, len);
          tok->pos = start;
          stream_class (tok)->restart_item (tok);
          tok->len++;
          tok->eof = tok->len == len;
          (*n_retries)++;
        }
    }

  g_assert_cmpuint (tok->pos, ==, len);
  g_free (tok);
  ct_arena_free (arena);
  return g_strdup (out->str);
}

static void
test_restart (void)
{
  static const char *docs[] = {
    pretty_doc,
    compact_doc,
    "[{\"text\":\"esc\\\"aped \\ud83d\\ude00 and \xc3\xa9\\u00e9\",\"n\":-1.5e-7,"
      "\"big\":1208925819614629174706176,\"u\":18446744073709551615,"
      "\"t\":true,\"f\":false,\"z\":null,\"raw\":\"\xf0\x9f\x98\x80\xe2\x82\xac\"}]",
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (docs); i++)
    {
      g_autofree char *full = tokens_of (docs[i]);
      g_autofree char *bytewise = NULL;
      guint n_retries;

      check_prefixes (docs[i], strlen (docs[i]));
      bytewise = read_byte_by_byte (docs[i], strlen (docs[i]), &n_retries);
      g_assert_cmpstr (bytewise, ==, full);
      /* it really was asked to wait for every byte */
      g_assert_cmpuint (n_retries, ==, strlen (docs[i]));
    }
}

/* Items longer than the tokenizer's internal batch of tokens, restarted in
 * the middle of a batch. */
static void
test_restart_long_item (void)
{
  GString *doc = g_string_new ("[{\"Asm\":[");
  g_autofree char *full = NULL;
  g_autofree char *bytewise = NULL;
  guint n_retries;
  guint i;

  for (i = 0; i < 100; i++)
    g_string_append_printf (doc, "%s\"insn %u\", %u", i > 0 ? "," : "", i, i * 1000);
  g_string_append (doc, "]}, {\"Step\":{\"path_id\":0,\"line\":1}}]");

  full = tokens_of (doc->str);
  g_assert_true (g_str_has_prefix (full, "{ s\"Asm\" [ s\"insn 0\" i0 s\"insn 1\" i1000 "));
  g_assert_true (g_str_has_suffix (full, "s\"insn 99\" i99000 ] } |"
                                         " { s\"Step\" { s\"path_id\" i0 s\"line\" i1 } }"));
  bytewise = read_byte_by_byte (doc->str, doc->len, &n_retries);
  g_assert_cmpstr (bytewise, ==, full);
  g_string_free (doc, TRUE);
}

/* Errors deep inside a long item come out although tokens before them were
 * already scanned ahead. */
static void
test_error_after_many_tokens (void)
{
  GString *doc = g_string_new ("[[");
  Run run;
  guint i;

  for (i = 0; i < 70; i++)
    g_string_append (doc, "1,");
  g_string_append (doc, "NaN]]");

  run_init (&run, doc->str, doc->len, TRUE);
  g_assert_cmpint (run_all (&run), ==, CT_READ_ERROR);
  g_assert_error (run.error, CT_TRACE_ERROR, CT_TRACE_ERROR_CORRUPT);
  g_assert_cmpuint (run.tok->error_offset, ==, 2 + 70 * 2);
  /* all 70 numbers came out before the error */
  g_assert_true (g_str_has_suffix (run.out->str, "i1 i1"));
  g_assert_cmpuint (strlen (run.out->str), ==, 1 + 70 * 3);
  run_clear (&run);
  g_string_free (doc, TRUE);
}

/* A decoder that gives up on an event after a few tokens: the next
 * begin_item() goes on with the next event, also when the rest of the
 * abandoned one arrives a byte at a time. */
static void
test_skip_unfinished_item (void)
{
  GString *doc = g_string_new ("[{\"Call\":{\"function_id\":1,\"args\":[");
  guint i;
  gsize len;

  for (i = 0; i < 80; i++)
    g_string_append_printf (doc,
                            "%s{\"variable_id\":%u,"
                            "\"value\":{\"kind\":\"None\",\"type_id\":[[{}]]}}",
                            i > 0 ? "," : "", i);
  g_string_append (doc, "]}},\n  {\"Step\":{\"path_id\":0,\"line\":1}}]");

  for (len = 0; len <= doc->len; len++)
    {
      CtTokenizer *tok = _ct_json_tokenizer_new ();
      g_autoptr(CtArena) arena = ct_arena_new ();
      g_autoptr(GString) out = g_string_new (NULL);
      g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (gboolean));
      CtToken token;
      CtReadStatus status;
      gsize start;

      tok->buf = (const guint8 *) doc->str;
      tok->len = len;
      tok->eof = len == doc->len;
      tok->arena = arena;

      status = tok->klass->begin_item (tok, NULL);
      if (status == CT_READ_NEED_MORE)
        goto next;
      g_assert_cmpint (status, ==, CT_READ_OK);

      /* take three tokens of the Call, or as many as there are */
      for (i = 0; i < 3; i++)
        {
          status = ct_tokenizer_next (tok, &token, NULL);
          if (status == CT_READ_NEED_MORE)
            goto next;
          g_assert_cmpint (status, ==, CT_READ_OK);
        }

      /* skipping the rest: more input keeps being asked for, then the Step */
      start = tok->pos;
      status = tok->klass->begin_item (tok, NULL);
      if (status == CT_READ_NEED_MORE)
        {
          g_assert_cmpuint (tok->pos, ==, start);
          g_assert_false (tok->eof);
          /* and asking again with the same input gives the same answer */
          g_assert_cmpint (tok->klass->begin_item (tok, NULL), ==, CT_READ_NEED_MORE);
          goto next;
        }
      g_assert_cmpint (status, ==, CT_READ_OK);
      do
        {
          status = ct_tokenizer_next (tok, &token, NULL);
          if (status == CT_READ_NEED_MORE)
            goto next;
          g_assert_cmpint (status, ==, CT_READ_OK);
          describe_token (out, &token, stack);
        }
      while (stack->len > 0);
      g_assert_cmpstr (out->str, ==, "{ s\"Step\" { s\"path_id\" i0 s\"line\" i1 } }");

      status = tok->klass->begin_item (tok, NULL);
      g_assert_cmpint (status, ==, len == doc->len ? CT_READ_END : CT_READ_NEED_MORE);

    next:
      g_free (tok);
    }
  g_string_free (doc, TRUE);
}

/* After a jump into the middle of the list, the first item has no ','
 * before it. */
static void
test_seek (void)
{
  static const char tail[] = "  {\"Step\":{\"path_id\":0,\"line\":1}},\n  \"DropLastStep\"\n]\n";
  Run run;

  run_init (&run, tail, strlen (tail), TRUE);
  stream_class (run.tok)->seek_item (run.tok);
  g_assert_cmpint (run_all (&run), ==, CT_READ_END);
  g_assert_no_error (run.error);
  g_assert_cmpstr (run.out->str, ==,
                   "{ s\"Step\" { s\"path_id\" i0 s\"line\" i1 } } | s\"DropLastStep\"");
  run_clear (&run);
}

static void
test_magnitudes (void)
{
  static const struct
  {
    const char   *decimal;
    const guint8 *magnitude;
    gsize         len;
  } cases[] = {
    { "0", (const guint8 *) "\x00", 1 },
    { "255", (const guint8 *) "\xff", 1 },
    { "256", (const guint8 *) "\x01\x00", 2 },
    { "1000000000", (const guint8 *) "\x3b\x9a\xca\x00", 4 },
    { "18446744073709551616", (const guint8 *) "\x01\x00\x00\x00\x00\x00\x00\x00\x00", 9 },
    { "123456789012345678901234567890",
      (const guint8 *) "\x01\x8e\xe9\x0f\xf6\xc3\x73\xe0\xee\x4e\x3f\x0a\xd2", 13 },
  };
  g_autoptr(CtArena) arena = ct_arena_new ();
  GString *digits;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize len;
      guint8 *m = _ct_decimal_to_magnitude (cases[i].decimal, strlen (cases[i].decimal),
                                            arena, &len);
      g_autofree char *back = _ct_magnitude_to_decimal (cases[i].magnitude, cases[i].len);

      g_assert_cmpmem (m, len, cases[i].magnitude, cases[i].len);
      g_assert_cmpstr (back, ==, cases[i].decimal);
    }

  /* zero spelled as nothing or as zero bytes; leading zero bytes */
  {
    g_autofree char *a = _ct_magnitude_to_decimal (NULL, 0);
    g_autofree char *b = _ct_magnitude_to_decimal ((const guint8 *) "\0\0\0", 3);
    g_autofree char *c = _ct_magnitude_to_decimal ((const guint8 *) "\0\0\x01\x00", 4);

    g_assert_cmpstr (a, ==, "0");
    g_assert_cmpstr (b, ==, "0");
    g_assert_cmpstr (c, ==, "256");
  }

  /* hundreds of digits: a round trip */
  digits = g_string_new ("9");
  for (i = 0; i < 700; i++)
    g_string_append_c (digits, '0' + (i * 7 + 3) % 10);
  {
    gsize len;
    guint8 *m = _ct_decimal_to_magnitude (digits->str, digits->len, arena, &len);
    g_autofree char *back = _ct_magnitude_to_decimal (m, len);

    g_assert_cmpuint (m[0], !=, 0);
    g_assert_cmpuint (len, ==, 292); /* ceil (701 * log2 (10) / 8) */
    g_assert_cmpstr (back, ==, digits->str);
  }
  g_string_free (digits, TRUE);
}

/* Every trace.json of the shared fixtures reads to its end. */
static void
test_fixtures (void)
{
  g_autofree char *fixtures = ct_test_require_fixtures ();
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint n_read = 0;

  if (fixtures == NULL)
    return;

  dir = g_dir_open (fixtures, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixtures, name, "json", "trace.json", NULL);
      g_autofree char *text = NULL;
      gsize len;
      Run run;

      if (!g_file_get_contents (path, &text, &len, NULL))
        continue;

      run_init (&run, text, len, TRUE);
      run_all (&run);
      if (run.status != CT_READ_END)
        g_error ("%s: %s at byte %" G_GSIZE_FORMAT, path,
                 run.error ? run.error->message : "ran out of input", run.tok->error_offset);
      g_assert_cmpuint (run.tok->pos, ==, len);
      if (strcmp (name, "py-bigint") == 0)
        {
          g_assert_nonnull (strstr (run.out->str, "s\"i\" big0100000000000000000000"));
          g_assert_nonnull (strstr (run.out->str, "s\"i\" big-400000000000000000"));
        }
      run_clear (&run);
      n_read++;
    }
  g_assert_cmpuint (n_read, >=, 10);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json-tokenizer/events/pretty", test_events_pretty);
  g_test_add_func ("/json-tokenizer/events/compact", test_events_compact);
  g_test_add_func ("/json-tokenizer/event-list", test_event_list);
  g_test_add_func ("/json-tokenizer/event-list/errors", test_event_list_errors);
  g_test_add_func ("/json-tokenizer/strings", test_strings);
  g_test_add_func ("/json-tokenizer/strings/zero-copy", test_strings_zero_copy);
  g_test_add_func ("/json-tokenizer/strings/errors", test_string_errors);
  g_test_add_func ("/json-tokenizer/integers", test_integers);
  g_test_add_func ("/json-tokenizer/integers/limit", test_huge_integer_limit);
  g_test_add_func ("/json-tokenizer/numbers/errors", test_number_errors);
  g_test_add_func ("/json-tokenizer/floats", test_floats);
  g_test_add_func ("/json-tokenizer/literals", test_literals);
  g_test_add_func ("/json-tokenizer/structure/errors", test_structure_errors);
  g_test_add_func ("/json-tokenizer/nesting-limit", test_nesting_limit);
  g_test_add_func ("/json-tokenizer/restart", test_restart);
  g_test_add_func ("/json-tokenizer/restart/long-item", test_restart_long_item);
  g_test_add_func ("/json-tokenizer/error-after-many-tokens", test_error_after_many_tokens);
  g_test_add_func ("/json-tokenizer/skip-unfinished-item", test_skip_unfinished_item);
  g_test_add_func ("/json-tokenizer/seek", test_seek);
  g_test_add_func ("/json-tokenizer/magnitudes", test_magnitudes);
  g_test_add_func ("/json-tokenizer/fixtures", test_fixtures);

  return g_test_run ();
}
