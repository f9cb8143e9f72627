/* test-json-emitter.c
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

/* The expected texts below are what serde_json::to_string() writes for the
 * same values: compact, its string escapes, ryu's floats, null for NaN. */

typedef struct
{
  GByteArray *out;
  CtEmitter  *emitter;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->out = g_byte_array_new ();
  f->emitter = _ct_json_emitter_new (f->out);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  _ct_emitter_free (f->emitter);
  g_byte_array_unref (f->out);
}

/* Compares the output so far and empties it. */
static void
assert_output (Fixture    *f,
               const char *expected)
{
  g_autofree char *got = g_strndup ((const char *) f->out->data, f->out->len);

  g_assert_cmpstr (got, ==, expected);
  g_assert_cmpuint (f->out->len, ==, strlen (expected));
  g_byte_array_set_size (f->out, 0);
}

#define E(f) ((f)->emitter)
#define K(f) ((f)->emitter->klass)

static void
emit_str (Fixture    *f,
          const char *s)
{
  K (f)->string (E (f), s, strlen (s));
}

static void
test_step (Fixture       *f,
           gconstpointer  data)
{
  K (f)->map_begin (E (f), 1);
  emit_str (f, "Step");
  K (f)->map_begin (E (f), 2);
  emit_str (f, "path_id");
  K (f)->int64 (E (f), 1);
  emit_str (f, "line");
  K (f)->int64 (E (f), 6);
  K (f)->end (E (f));
  K (f)->end (E (f));
  assert_output (f, "{\"Step\":{\"path_id\":1,\"line\":6}}");

  /* the unit variant is a bare string; top-level values get no separator
   * (the sink writes the event list's punctuation) */
  emit_str (f, "DropLastStep");
  emit_str (f, "DropLastStep");
  assert_output (f, "\"DropLastStep\"\"DropLastStep\"");
}

static void
test_containers (Fixture       *f,
                 gconstpointer  data)
{
  K (f)->array_begin (E (f), 4);
  K (f)->array_begin (E (f), 0);
  K (f)->end (E (f));
  K (f)->map_begin (E (f), 0);
  K (f)->end (E (f));
  K (f)->array_begin (E (f), 2);
  K (f)->int64 (E (f), 1);
  K (f)->array_begin (E (f), 1);
  K (f)->int64 (E (f), 2);
  K (f)->end (E (f));
  K (f)->end (E (f));
  K (f)->map_begin (E (f), 2);
  emit_str (f, "a");
  K (f)->array_begin (E (f), 2);
  K (f)->map_begin (E (f), 1);
  emit_str (f, "b");
  K (f)->null (E (f));
  K (f)->end (E (f));
  K (f)->map_begin (E (f), 0);
  K (f)->end (E (f));
  K (f)->end (E (f));
  emit_str (f, "c");
  K (f)->map_begin (E (f), 1);
  emit_str (f, "d");
  K (f)->array_begin (E (f), 0);
  K (f)->end (E (f));
  K (f)->end (E (f));
  K (f)->end (E (f));
  K (f)->end (E (f));
  assert_output (f, "[[],{},[1,[2]],{\"a\":[{\"b\":null},{}],\"c\":{\"d\":[]}}]");
}

static void
test_scalars (Fixture       *f,
              gconstpointer  data)
{
  K (f)->map_begin (E (f), 8);
  emit_str (f, "t");
  K (f)->boolean (E (f), TRUE);
  emit_str (f, "f");
  K (f)->boolean (E (f), FALSE);
  emit_str (f, "n");
  K (f)->null (E (f));
  emit_str (f, "zero");
  K (f)->int64 (E (f), 0);
  emit_str (f, "min");
  K (f)->int64 (E (f), G_MININT64);
  emit_str (f, "max");
  K (f)->int64 (E (f), G_MAXINT64);
  emit_str (f, "umax");
  K (f)->uint64 (E (f), G_MAXUINT64);
  emit_str (f, "neg");
  K (f)->int64 (E (f), -42);
  K (f)->end (E (f));
  assert_output (f, "{\"t\":true,\"f\":false,\"n\":null,\"zero\":0,"
                    "\"min\":-9223372036854775808,\"max\":9223372036854775807,"
                    "\"umax\":18446744073709551615,\"neg\":-42}");

  K (f)->uint64 (E (f), 0);
  assert_output (f, "0");
}

static void
test_escapes (Fixture       *f,
              gconstpointer  data)
{
  static const char raw[] =
    "q\" b\\ s/ \b\f\n\r\t \x01\x1f\x7f \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80 <>&'";
  static const char nul[] = "a\0b";

  emit_str (f, raw);
  assert_output (f, "\"q\\\" b\\\\ s/ \\b\\f\\n\\r\\t \\u0001\\u001f\x7f "
                    "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80 <>&'\"");

  K (f)->string (E (f), nul, 3);
  assert_output (f, "\"a\\u0000b\"");

  /* every control character */
  {
    char all[32];
    GString *expected = g_string_new ("\"");
    guint i;

    for (i = 0; i < 32; i++)
      {
        all[i] = (char) i;
        switch (i)
          {
          case '\b': g_string_append (expected, "\\b"); break;
          case '\f': g_string_append (expected, "\\f"); break;
          case '\n': g_string_append (expected, "\\n"); break;
          case '\r': g_string_append (expected, "\\r"); break;
          case '\t': g_string_append (expected, "\\t"); break;
          default: g_string_append_printf (expected, "\\u%04x", i); break;
          }
      }
    g_string_append_c (expected, '"');
    K (f)->string (E (f), all, 32);
    assert_output (f, expected->str);
    g_string_free (expected, TRUE);
  }

  /* long runs with an escape at either end */
  {
    GString *s = g_string_new ("\n");
    g_autofree char *expected = NULL;
    guint i;

    for (i = 0; i < 1000; i++)
      g_string_append_c (s, 'a' + i % 26);
    g_string_append_c (s, '"');
    expected = g_strdup_printf ("\"\\n%.*s\\\"\"", 1000, s->str + 1);
    K (f)->string (E (f), s->str, s->len);
    assert_output (f, expected);
    g_string_free (s, TRUE);
  }

  emit_str (f, "");
  assert_output (f, "\"\"");
}

static void
test_floats (Fixture       *f,
             gconstpointer  data)
{
  static const struct
  {
    double      value;
    const char *text;
  } cases[] = {
    { 0.0, "0.0" },
    { -0.0, "-0.0" },
    { 1.0, "1.0" },
    { -1.0, "-1.0" },
    { 0.1, "0.1" },
    { 0.3, "0.3" },
    { 0.1 + 0.2, "0.30000000000000004" },
    { 1.5, "1.5" },
    { 2.5, "2.5" },
    { 100.0, "100.0" },
    { 123456789.0, "123456789.0" },
    { 1e15, "1000000000000000.0" },
    { 1e16, "1e16" },
    { 1.5e16, "1.5e16" },
    { 12345678901234567.0, "1.2345678901234568e16" },
    { 1234567890123456.7, "1234567890123456.8" },
    { 1e-5, "0.00001" },
    { 1.5e-5, "0.000015" },
    { 1e-6, "1e-6" },
    { 1.5e-7, "1.5e-7" },
    { 5e-324, "5e-324" },
    { 2.2250738585072014e-308, "2.2250738585072014e-308" },
    { 1.7976931348623157e308, "1.7976931348623157e308" },
    { -1.2345e100, "-1.2345e100" },
    { 3.141592653589793, "3.141592653589793" },
    { 9007199254740992.0, "9007199254740992.0" },
    { 0.5982143526629812, "0.5982143526629812" },
    { 1.0 / 3.0, "0.3333333333333333" },
    { 2.0 / 3.0, "0.6666666666666666" },
    /* exactly between two shortest candidates: the even one, like ryu */
    { 1059438285926254.25, "1059438285926254.2" },
    { 562949953421311.25, "562949953421311.25" },
    { 4503599627370495.5, "4503599627370495.5" },
    { 9007199254740991.0, "9007199254740991.0" },
    { 0.001, "0.001" },
    { 0.0009765625, "0.0009765625" },
    { 0.1 + 0.7, "0.7999999999999999" },
    /* powers of two, where only the digits above the value are short */
    { 9.5367431640625e-7, "9.5367431640625e-7" },
    { 8.98846567431158e307, "8.98846567431158e307" },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char buf[40];
      gsize len = _ct_format_double (cases[i].value, buf);

      g_assert_cmpstr (buf, ==, cases[i].text);
      g_assert_cmpuint (len, ==, strlen (cases[i].text));

      K (f)->float64 (E (f), cases[i].value);
      assert_output (f, cases[i].text);
      /* and back: the shortest digits still read as the same double */
      g_assert_true (g_ascii_strtod (buf, NULL) == cases[i].value);
    }

  /* NaN and the infinities: serde_json writes null */
  K (f)->array_begin (E (f), 4);
  K (f)->float64 (E (f), NAN);
  K (f)->float64 (E (f), INFINITY);
  K (f)->float64 (E (f), -INFINITY);
  K (f)->float64 (E (f), 0.5);
  K (f)->end (E (f));
  assert_output (f, "[null,null,null,0.5]");
}

/* The shortest spelling, checked on many doubles: it must read back, and
 * the closest decimal with one digit less must not. (Powers of two are left
 * out: there a shorter decimal above the value can read back while the
 * closest one does not; the cases above cover them.) */
static void
test_floats_shortest (Fixture       *f,
                      gconstpointer  data)
{
  GRand *rand = g_rand_new_with_seed (42);
  guint i;

  for (i = 0; i < 20000; i++)
    {
      union { guint64 bits; double d; } u;
      char buf[40];
      char digits[40];
      const char *p;
      gsize n = 0;
      gsize first = 0;

      u.bits = ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);
      if (!isfinite (u.d) || (u.bits & G_GUINT64_CONSTANT (0xfffffffffffff)) == 0)
        continue;
      _ct_format_double (u.d, buf);
      g_assert_true (g_ascii_strtod (buf, NULL) == u.d);

      /* significant digits: no leading or trailing zeros */
      for (p = buf; *p != '\0' && *p != 'e'; p++)
        if (g_ascii_isdigit (*p))
          digits[n++] = *p;
      while (n > 0 && digits[n - 1] == '0')
        n--;
      while (first < n && digits[first] == '0')
        first++;
      g_assert_cmpuint (n - first, >=, 1);
      g_assert_cmpuint (n - first, <=, 17);

      if (n - first > 1)
        {
          g_autofree char *format = g_strdup_printf ("%%.%de", (int) (n - first) - 2);
          char shorter[40];

          g_ascii_formatd (shorter, sizeof shorter, format, u.d);
          if (g_ascii_strtod (shorter, NULL) == u.d)
            g_error ("%s is not the shortest spelling: %s reads back too", buf, shorter);
        }
    }
  g_rand_free (rand);
}

static void
test_bignum (Fixture       *f,
             gconstpointer  data)
{
  /* 2^80 and 2^70, big-endian (Python's int.to_bytes) */
  static const guint8 two_80[] = { 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
  static const guint8 two_70[] = { 0x40, 0, 0, 0, 0, 0, 0, 0, 0 };
  static const guint8 zero[] = { 0 };

  K (f)->array_begin (E (f), 4);
  K (f)->bignum (E (f), FALSE, two_80, sizeof two_80);
  K (f)->bignum (E (f), TRUE, two_70, sizeof two_70);
  K (f)->bignum (E (f), TRUE, zero, sizeof zero);
  K (f)->bignum (E (f), FALSE, NULL, 0);
  K (f)->end (E (f));
  assert_output (f, "[1208925819614629174706176,-1180591620717411303424,0,0]");
}

static void
test_bytes (Fixture       *f,
            gconstpointer  data)
{
  K (f)->map_begin (E (f), 2);
  emit_str (f, "b");
  K (f)->bytes (E (f), (const guint8 *) "\x01\x02\xff\x00", 4);
  emit_str (f, "e");
  K (f)->bytes (E (f), NULL, 0);
  K (f)->end (E (f));
  assert_output (f, "{\"b\":[1,2,255,0],\"e\":[]}");
}

static void
test_deep (Fixture       *f,
           gconstpointer  data)
{
  GString *expected = g_string_new (NULL);
  guint depth = CT_MAX_NESTING + 8;
  guint i;

  for (i = 0; i < depth; i++)
    {
      K (f)->map_begin (E (f), 1);
      emit_str (f, "k");
      g_string_append (expected, "{\"k\":");
    }
  K (f)->int64 (E (f), 1);
  g_string_append_c (expected, '1');
  for (i = 0; i < depth; i++)
    {
      K (f)->end (E (f));
      g_string_append_c (expected, '}');
    }
  assert_output (f, expected->str);
  g_string_free (expected, TRUE);
}

/* Tokens of a JSON document fed straight to the emitter. */
static CtReadStatus
transcode (const char  *text,
           gsize        len,
           GByteArray  *out,
           GError     **error)
{
  CtTokenizer *tok = _ct_json_tokenizer_new ();
  CtEmitter *emitter = _ct_json_emitter_new (out);
  g_autoptr(CtArena) arena = ct_arena_new ();
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (guint));
  CtReadStatus status;
  guint n_items = 0;

  tok->buf = (const guint8 *) text;
  tok->len = len;
  tok->eof = TRUE;
  tok->arena = arena;

  g_byte_array_append (out, (const guint8 *) "[", 1);
  while ((status = tok->klass->begin_item (tok, error)) == CT_READ_OK)
    {
      if (n_items++ > 0)
        g_byte_array_append (out, (const guint8 *) ",", 1);
      ct_arena_reset (arena);
      do
        {
          CtToken t;

          status = ct_tokenizer_next (tok, &t, error);
          if (status != CT_READ_OK)
            goto out;
          switch (t.type)
            {
            case CT_TOKEN_MAP_START:
              emitter->klass->map_begin (emitter, 0);
              g_array_append_val (stack, t.type);
              break;
            case CT_TOKEN_ARRAY_START:
              emitter->klass->array_begin (emitter, 0);
              g_array_append_val (stack, t.type);
              break;
            case CT_TOKEN_END:
              emitter->klass->end (emitter);
              g_array_set_size (stack, stack->len - 1);
              break;
            case CT_TOKEN_STRING:
              emitter->klass->string (emitter, t.s.str, t.s.len);
              break;
            case CT_TOKEN_BYTES:
              emitter->klass->bytes (emitter, (const guint8 *) t.s.str, t.s.len);
              break;
            case CT_TOKEN_INT:
              emitter->klass->int64 (emitter, t.i);
              break;
            case CT_TOKEN_UINT:
              emitter->klass->uint64 (emitter, t.u);
              break;
            case CT_TOKEN_BIGNUM:
              emitter->klass->bignum (emitter, t.s.negative, (const guint8 *) t.s.str, t.s.len);
              break;
            case CT_TOKEN_FLOAT:
              emitter->klass->float64 (emitter, t.f);
              break;
            case CT_TOKEN_BOOL:
              emitter->klass->boolean (emitter, t.b);
              break;
            case CT_TOKEN_NULL:
              emitter->klass->null (emitter);
              break;
            default:
              g_assert_not_reached ();
            }
        }
      while (stack->len > 0);
    }
  g_byte_array_append (out, (const guint8 *) "]", 1);

out:
  g_free (tok);
  _ct_emitter_free (emitter);
  return status;
}

static void
test_transcode (Fixture       *f,
                gconstpointer  data)
{
  static const char pretty[] =
    "[\n"
    "  {\n"
    "    \"Value\": {\n"
    "      \"variable_id\": 3,\n"
    "      \"value\": {\n"
    "        \"kind\": \"Struct\",\n"
    "        \"field_values\": [\n"
    "          { \"kind\": \"Int\", \"i\": 1208925819614629174706176, \"type_id\": 0 },\n"
    "          { \"kind\": \"Float\", \"f\": 1E+16, \"type_id\": 1 },\n"
    "          { \"kind\": \"Float\", \"f\": 0.000001, \"type_id\": 1 },\n"
    "          { \"kind\": \"String\",\n"
    "            \"text\": \"tab\\there \\u00e9\\/\\ud83d\\ude00\", \"type_id\": 3 },\n"
    "          { \"kind\": \"Int\", \"i\": true, \"type_id\": 0 }\n"
    "        ],\n"
    "        \"type_id\": 5\n"
    "      }\n"
    "    }\n"
    "  },\n"
    "  \"DropLastStep\"\n"
    "]\n";
  static const char compact[] =
    "[{\"Value\":{\"variable_id\":3,\"value\":{\"kind\":\"Struct\",\"field_values\":["
    "{\"kind\":\"Int\",\"i\":1208925819614629174706176,\"type_id\":0},"
    "{\"kind\":\"Float\",\"f\":1e16,\"type_id\":1},"
    "{\"kind\":\"Float\",\"f\":1e-6,\"type_id\":1},"
    "{\"kind\":\"String\",\"text\":\"tab\\there \xc3\xa9/\xf0\x9f\x98\x80\",\"type_id\":3},"
    "{\"kind\":\"Int\",\"i\":true,\"type_id\":0}],\"type_id\":5}}},\"DropLastStep\"]";
  GError *error = NULL;

  g_assert_cmpint (transcode (pretty, strlen (pretty), f->out, &error), ==, CT_READ_END);
  g_assert_no_error (error);
  assert_output (f, compact);

  /* compact serde_json output is a fixed point */
  g_assert_cmpint (transcode (compact, strlen (compact), f->out, &error), ==, CT_READ_END);
  g_assert_no_error (error);
  assert_output (f, compact);
}

/* The fixture traces, transcoded to compact JSON, are the same JSON (by
 * json-glib, compared independently of formatting), and transcoding the
 * result again changes nothing. */
static void
test_fixtures (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *fixtures = ct_test_require_fixtures ();
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint n_done = 0;

  if (fixtures == NULL)
    return;

  dir = g_dir_open (fixtures, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixtures, name, "json", "trace.json", NULL);
      g_autofree char *text = NULL;
      g_autofree char *canon_in = NULL;
      g_autofree char *canon_out = NULL;
      g_autoptr(GByteArray) again = g_byte_array_new ();
      GError *error = NULL;
      gsize len;

      if (!g_file_get_contents (path, &text, &len, NULL))
        continue;
      /* json-glib reads integers beyond 64 bits differently */
      if (strcmp (name, "py-bigint") == 0)
        continue;

      g_assert_cmpint (transcode (text, len, f->out, &error), ==, CT_READ_END);
      g_assert_no_error (error);
      g_assert_cmpint (transcode ((const char *) f->out->data, f->out->len, again, &error),
                       ==, CT_READ_END);
      g_assert_no_error (error);
      g_assert_cmpmem (again->data, again->len, f->out->data, f->out->len);

      canon_in = ct_test_json_canonical_from_data (text, len, &error);
      g_assert_no_error (error);
      canon_out = ct_test_json_canonical_from_data ((const char *) f->out->data, f->out->len,
                                                    &error);
      g_assert_no_error (error);
      g_assert_cmpstr (canon_out, ==, canon_in);

      g_byte_array_set_size (f->out, 0);
      n_done++;
    }
  g_assert_cmpuint (n_done, >=, 10);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/json-emitter/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("step", test_step);
  ADD ("containers", test_containers);
  ADD ("scalars", test_scalars);
  ADD ("escapes", test_escapes);
  ADD ("floats", test_floats);
  ADD ("floats/shortest", test_floats_shortest);
  ADD ("bignum", test_bignum);
  ADD ("bytes", test_bytes);
  ADD ("deep", test_deep);
  ADD ("transcode", test_transcode);
  ADD ("fixtures", test_fixtures);

#undef ADD

  return g_test_run ();
}
