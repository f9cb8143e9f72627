/* test-roundtrip.c
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Writing with CtWriter and reading back: JSON -> v1 -> JSON, JSON -> v0 ->
 * JSON and v1 -> v0 -> v1 keep every event (same ct_event_append_json line),
 * on every fixture and on synthetic traces from gen_trace.py. What we write
 * is also checked with independent tools: v1tojson.py (and Python's json
 * module) must decode our trace.bin to the source's events, `zstd -dc` must
 * accept its zstd stream, json-glib must parse our trace.json to the source's
 * trees. Then the writer's atomicity. */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "codetrace.h"
#include "ct-test-utils.h"

#define PYTHON "/usr/bin/python3"

typedef CtTestDirFixture Fixture;

typedef struct
{
  char     *name;      /* fixture name, or NULL for a generated trace */
  gboolean  clean;     /* README deviations column is "none" */
  gboolean  has_v1;
  guint     seed;      /* generated traces */
} Case;

/* ---- helpers ---- */

static char *
subdir (Fixture    *f,
        const char *name)
{
  char *path = g_build_filename (f->dir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (path, 0755), ==, 0);
  return path;
}

/* The sorted names in a folder, joined by spaces */
static char *
joined_listing (const char *path)
{
  g_auto(GStrv) names = ct_test_list_dir (path);

  g_assert_nonnull (names);
  return g_strjoinv (" ", names);
}

/* Every event of a trace as its compact JSON line; fails the test on error. */
static GPtrArray *
read_lines (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtReader) reader = ct_reader_new (path, CT_READER_FLAGS_NONE, &error);
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  const CtEvent *e;

  g_assert_no_error (error);
  while ((e = ct_reader_next (reader, &error)) != NULL)
    g_ptr_array_add (lines, ct_test_event_json (e));
  g_assert_no_error (error);
  return lines;
}

static void
assert_same_lines (GPtrArray  *want,
                   GPtrArray  *got,
                   const char *what)
{
  for (guint i = 0; i < MIN (want->len, got->len); i++)
    {
      const char *a = g_ptr_array_index (want, i);
      const char *b = g_ptr_array_index (got, i);

      if (strcmp (a, b) != 0)
        g_error ("%s: event %u differs:\n  before: %s\n  after:  %s", what, i, a, b);
    }
  if (want->len != got->len)
    g_error ("%s: %u events before, %u after", what, want->len, got->len);
}

/* Reads src and writes every event to dst in `encoding`. */
static void
convert (const char *src,
         const char *dst,
         CtEncoding  encoding)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtReader) reader = ct_reader_new (src, CT_READER_FLAGS_NONE, &error);
  g_autoptr(CtWriter) writer = NULL;
  const CtEvent *e;
  guint64 n = 0;

  g_assert_no_error (error);
  writer = ct_writer_new (dst, encoding, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ct_writer_get_encoding (writer), ==, encoding);
  while ((e = ct_reader_next (reader, &error)) != NULL)
    {
      if (!ct_writer_write (writer, e, &error))
        g_error ("writing %s: %s", dst, error->message);
      n++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (ct_writer_get_n_events (writer), ==, n);
  ct_writer_finish (writer, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (dst, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (ct_encoding_detect_file (dst, NULL), ==, encoding);
}

static char *
tool (const char *name)
{
  return g_build_filename (ct_test_get_shared_dir (), "tools", name, NULL);
}

static JsonArray *
parse_array (JsonParser *parser,
             const char *data,
             gssize      len)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, data, len, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));
  return json_node_get_array (json_parser_get_root (parser));
}

/* Both documents are JSON arrays of the same events (json-glib trees,
 * object key order irrelevant). */
static void
assert_same_json_events (const char *source_path,
                         const char *data,
                         gssize      len,
                         const char *what)
{
  g_autoptr(JsonParser) p1 = json_parser_new ();
  g_autoptr(JsonParser) p2 = json_parser_new ();
  g_autoptr(GBytes) source = ct_test_read_file (source_path);
  gsize source_len;
  const char *source_data = g_bytes_get_data (source, &source_len);
  JsonArray *a, *b;

  a = parse_array (p1, source_data, source_len);
  b = parse_array (p2, data, len);
  g_assert_cmpuint (json_array_get_length (a), ==, json_array_get_length (b));
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      g_autoptr(JsonNode) x = ct_test_json_event_normalize (json_array_get_element (a, i));
      g_autoptr(JsonNode) y = ct_test_json_event_normalize (json_array_get_element (b, i));

      if (!json_node_equal (x, y))
        {
          g_autofree char *xs = json_to_string (x, FALSE);
          g_autofree char *ys = json_to_string (y, FALSE);
          g_error ("%s: event %u differs:\n  source: %s\n  ours:   %s", what, i, xs, ys);
        }
    }
}

/* Exact comparison in Python (integers beyond 64 bits, bool != int). */
static const char python_compare[] =
  "import json, sys\n"
  "a = json.load(open(sys.argv[1], encoding='utf-8'))\n"
  "b = json.load(open(sys.argv[2], encoding='utf-8'))\n"
  "def norm(e):\n"
  "    return 'DropLastStep' if e == {'DropLastStep': None} else e\n"
  "def same(x, y):\n"
  "    if isinstance(x, bool) or isinstance(y, bool):\n"
  "        return type(x) is type(y) and x == y\n"
  "    if isinstance(x, (int, float)) and isinstance(y, (int, float)):\n"
  "        return x == y or (x != x and y != y)\n"
  "    if isinstance(x, dict) and isinstance(y, dict):\n"
  "        return x.keys() == y.keys() and all(same(x[k], y[k]) for k in x)\n"
  "    if isinstance(x, list) and isinstance(y, list):\n"
  "        return len(x) == len(y) and all(same(p, q) for p, q in zip(x, y))\n"
  "    return type(x) is type(y) and x == y\n"
  "if len(a) != len(b):\n"
  "    sys.exit('%d events in the source, %d decoded' % (len(a), len(b)))\n"
  "for i, (x, y) in enumerate(zip(a, b)):\n"
  "    if not same(norm(x), norm(y)):\n"
  "        sys.exit('event %d differs:\\n  source:  %s\\n  decoded: %s' % (i, json.dumps(x), json.dumps(y)))\n";

/* Our trace.bin v1, decoded by v1tojson.py, gives the source's events. */
static void
check_v1_with_oracle (Fixture    *f,
                      const char *source_json,
                      const char *v1_path)
{
  g_autofree char *script = tool ("v1tojson.py");
  g_autofree char *out_dir = subdir (f, "oracle");
  g_autofree char *decoded_path = g_build_filename (out_dir, "decoded.json", NULL);
  g_autofree char *decoded = NULL;
  gsize decoded_len;
  const char *argv[] = { PYTHON, script, v1_path, decoded_path, NULL };
  const char *cmp_argv[] = { PYTHON, "-c", python_compare, source_json, decoded_path, NULL };

  if (!g_file_test (PYTHON, G_FILE_TEST_IS_EXECUTABLE) || !g_file_test (script, G_FILE_TEST_IS_REGULAR))
    {
      g_test_message ("no Python or v1tojson.py: the independent v1 decoder was not run");
      return;
    }
  ct_test_run_must_succeed (argv, "v1tojson.py refused our %s", v1_path);
  g_assert_true (g_file_get_contents (decoded_path, &decoded, &decoded_len, NULL));
  assert_same_json_events (source_json, decoded, decoded_len, "v1tojson.py on our trace.bin");

  ct_test_run_must_succeed (cmp_argv, "v1tojson.py on our %s, compared in Python", v1_path);
  ct_test_remove_tree (out_dir);
}

/* The v1 file minus its header is a zstd stream any decoder reads. */
static void
check_v1_with_zstd (Fixture    *f,
                    const char *v1_path)
{
  g_autofree char *zstd = g_find_program_in_path ("zstd");
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *body_path = g_build_filename (f->dir, "body.zst", NULL);
  const char *contents;
  gsize len;
  g_autoptr(GError) error = NULL;

  if (zstd == NULL)
    {
      g_test_message ("zstd is not installed: the zstd check was not run");
      return;
    }
  bytes = ct_test_read_file (v1_path);
  contents = g_bytes_get_data (bytes, &len);
  g_assert_cmpuint (len, >=, CT_BINARY_HEADER_SIZE);
  g_assert_cmpmem (contents, CT_BINARY_HEADER_SIZE, CT_V1_HEADER, CT_BINARY_HEADER_SIZE);
  g_file_set_contents (body_path, contents + CT_BINARY_HEADER_SIZE, len - CT_BINARY_HEADER_SIZE, &error);
  g_assert_no_error (error);
  {
    const char *argv[] = { zstd, "-dc", "-q", body_path, NULL };

    ct_test_run_must_succeed (argv, "zstd -dc refused the body of %s", v1_path);
  }
  g_unlink (body_path);
}

/* The full set of checks for one source trace.json. */
static void
roundtrip_trace (Fixture    *f,
                 const char *source_json,
                 const char *source_v1,  /* an existing v1 of the same trace, or NULL */
                 gboolean    clean)
{
  g_autoptr(GPtrArray) source = read_lines (source_json);
  g_autofree char *d_v1 = subdir (f, "v1");
  g_autofree char *d_json = subdir (f, "json");
  g_autofree char *d_json2 = subdir (f, "json2");
  g_autofree char *v1 = g_build_filename (d_v1, "trace.bin", NULL);
  g_autofree char *json = g_build_filename (d_json, "trace.json", NULL);
  g_autofree char *json2 = g_build_filename (d_json2, "trace.json", NULL);

  g_assert_cmpuint (source->len, >, 0);

  /* JSON -> JSON: json-glib reads our file as the source's events */
  convert (source_json, json, CT_ENCODING_JSON);
  {
    g_autoptr(GPtrArray) back = read_lines (json);
    g_autofree char *data = NULL;
    gsize len;

    assert_same_lines (source, back, "JSON -> JSON");
    g_assert_true (g_file_get_contents (json, &data, &len, NULL));
    assert_same_json_events (source_json, data, len, "our trace.json parsed by json-glib");
  }

  /* JSON -> v1 -> JSON */
  convert (source_json, v1, CT_ENCODING_BINARY_V1);
  {
    g_autoptr(GPtrArray) mid = read_lines (v1);
    g_autoptr(GPtrArray) back = NULL;

    assert_same_lines (source, mid, "JSON -> v1");
    convert (v1, json2, CT_ENCODING_JSON);
    back = read_lines (json2);
    assert_same_lines (source, back, "JSON -> v1 -> JSON");
  }
  check_v1_with_oracle (f, source_json, v1);
  check_v1_with_zstd (f, v1);

  if (!clean)
    return;

  /* JSON -> v0 -> JSON */
  {
    g_autofree char *d_v0 = subdir (f, "v0");
    g_autofree char *d_json3 = subdir (f, "json3");
    g_autofree char *v0 = g_build_filename (d_v0, "trace.bin", NULL);
    g_autofree char *json3 = g_build_filename (d_json3, "trace.json", NULL);
    g_autoptr(GPtrArray) mid = NULL;
    g_autoptr(GPtrArray) back = NULL;

    convert (source_json, v0, CT_ENCODING_BINARY_V0);
    mid = read_lines (v0);
    assert_same_lines (source, mid, "JSON -> v0");
    convert (v0, json3, CT_ENCODING_JSON);
    back = read_lines (json3);
    assert_same_lines (source, back, "JSON -> v0 -> JSON");
  }

  /* v1 -> v0 -> v1, from the given v1 (made by another encoder) or ours */
  {
    const char *start = source_v1 != NULL ? source_v1 : v1;
    g_autofree char *d_v0 = subdir (f, "v0b");
    g_autofree char *d_v1 = subdir (f, "v1b");
    g_autofree char *v0 = g_build_filename (d_v0, "trace.bin", NULL);
    g_autofree char *v1b = g_build_filename (d_v1, "trace.bin", NULL);
    g_autoptr(GPtrArray) first = read_lines (start);
    g_autoptr(GPtrArray) mid = NULL;
    g_autoptr(GPtrArray) back = NULL;

    assert_same_lines (source, first, "the v1 copy");
    convert (start, v0, CT_ENCODING_BINARY_V0);
    mid = read_lines (v0);
    assert_same_lines (first, mid, "v1 -> v0");
    convert (v0, v1b, CT_ENCODING_BINARY_V1);
    back = read_lines (v1b);
    assert_same_lines (first, back, "v1 -> v0 -> v1");
    check_v1_with_oracle (f, source_json, v1b);
  }
}

/* ---- the round trips ---- */

static void
test_fixture (Fixture       *f,
              gconstpointer  data)
{
  const Case *c = data;
  g_autofree char *json = NULL;
  g_autofree char *v1 = NULL;
  g_autofree char *fixtures = ct_test_require_fixtures ();

  if (fixtures == NULL)
    return;
  json = ct_test_fixture_trace_file (c->name, "json");
  if (c->has_v1)
    v1 = ct_test_fixture_trace_file (c->name, "v1");
  roundtrip_trace (f, json, v1, c->clean);
}

static void
test_generated (Fixture       *f,
                gconstpointer  data)
{
  const Case *c = data;
  g_autofree char *dir = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CtReader) reader = NULL;
  guint kinds[CT_N_EVENT_KINDS] = { 0 };
  guint values[CT_N_VALUE_KINDS] = { 0 };
  const CtEvent *e;

  dir = g_build_filename (f->dir, "gen", NULL);
  if (!ct_test_gen_trace (dir, 3000, c->seed, NULL))
    return;
  json = g_build_filename (dir, "trace.json", NULL);

  /* the generated trace has every variant and value kind it claims to */
  reader = ct_reader_new (json, CT_READER_FLAGS_NONE, &error);
  g_assert_no_error (error);
  while ((e = ct_reader_next (reader, &error)) != NULL)
    {
      kinds[e->kind]++;
      if (e->kind == CT_EVENT_VALUE)
        values[e->value.value->kind]++;
    }
  g_assert_no_error (error);
  for (guint k = 0; k < CT_N_EVENT_KINDS; k++)
    {
      /* gen_trace.py writes no legacy Variable and no unknown variant */
      if (k == CT_EVENT_VARIABLE || k == CT_EVENT_UNKNOWN)
        continue;
      g_test_message ("%s: %u", ct_event_kind_name (k), kinds[k]);
      g_assert_cmpuint (kinds[k], >, 0);
    }
  for (guint k = 0; k <= CT_VALUE_BIGINT; k++)
    {
      g_test_message ("%s values: %u", ct_value_kind_name (k), values[k]);
      g_assert_cmpuint (values[k], >, 0);
    }

  roundtrip_trace (f, json, NULL, TRUE);
}

/* ---- writer atomicity ---- */

static const char small_trace[] =
  "[\n"
  "{\"Path\":\"/a.rs\"},\n"
  "{\"Function\":{\"path_id\":0,\"line\":1,\"name\":\"main\"}},\n"
  "{\"Call\":{\"function_id\":0,\"args\":[]}},\n"
  "{\"Step\":{\"path_id\":0,\"line\":2}},\n"
  "{\"VariableName\":\"x\"},\n"
  "{\"Value\":{\"variable_id\":0,\"value\":{\"kind\":\"Int\",\"i\":7,\"type_id\":0}}},\n"
  "{\"Frobnicate\":{\"x\":1}},\n"
  "{\"Return\":{\"return_value\":{\"kind\":\"None\",\"type_id\":0}}}\n"
  "]\n";

static char *
write_small_trace (Fixture *f)
{
  g_autofree char *dir = subdir (f, "src");
  char *path = g_build_filename (dir, "trace.json", NULL);

  g_assert_true (g_file_set_contents (path, small_trace, -1, NULL));
  return path;
}

static void
test_writer_dropped (Fixture       *f,
                     gconstpointer  data)
{
  static const CtEncoding encodings[] = { CT_ENCODING_JSON, CT_ENCODING_BINARY_V1, CT_ENCODING_BINARY_V0 };
  g_autofree char *src = write_small_trace (f);

  for (guint i = 0; i < G_N_ELEMENTS (encodings); i++)
    for (guint mode = 0; mode < 2; mode++)
      {
        g_autofree char *dir = subdir (f, "out");
        g_autofree char *dst = g_build_filename (dir, ct_encoding_file_name (encodings[i]), NULL);
        g_autoptr(GError) error = NULL;
        g_autoptr(CtReader) reader = ct_reader_new (src, CT_READER_FLAGS_NONE, &error);
        g_autofree char *listing = NULL;
        CtWriter *writer;
        const CtEvent *e;

        g_assert_no_error (error);
        writer = ct_writer_new (dst, encodings[i], &error);
        g_assert_no_error (error);
        /* the first five events, all writable everywhere */
        for (guint n = 0; n < 5 && (e = ct_reader_next (reader, &error)) != NULL; n++)
          {
            ct_writer_write (writer, e, &error);
            g_assert_no_error (error);
          }
        g_assert_false (g_file_test (dst, G_FILE_TEST_EXISTS));

        if (mode == 1)
          {
            ct_writer_abort (writer);
            listing = joined_listing (dir);
            g_assert_cmpstr (listing, ==, "");
            /* an aborted writer refuses to finish */
            g_assert_false (ct_writer_finish (writer, &error));
            g_assert_nonnull (error);
            g_clear_pointer (&listing, g_free);
          }
        g_object_unref (writer);

        /* no trace file and no temporary file left */
        listing = joined_listing (dir);
        g_test_message ("%s, %s: left [%s]", ct_encoding_to_string (encodings[i]),
                        mode == 0 ? "dropped" : "aborted", listing);
        g_assert_cmpstr (listing, ==, "");
        g_assert_true (ct_test_remove_tree (dir));
      }
}

static void
test_writer_unsupported_v0 (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *src = write_small_trace (f);
  g_autofree char *dir = subdir (f, "out");
  g_autofree char *dst = g_build_filename (dir, "trace.bin", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtReader) reader = ct_reader_new (src, CT_READER_FLAGS_NONE, &error);
  g_autofree char *listing = NULL;
  CtWriter *writer;
  const CtEvent *e;
  guint n = 0;
  gboolean failed = FALSE;

  g_assert_no_error (error);
  writer = ct_writer_new (dst, CT_ENCODING_BINARY_V0, &error);
  g_assert_no_error (error);
  while ((e = ct_reader_next (reader, NULL)) != NULL)
    {
      if (!ct_writer_write (writer, e, &error))
        {
          failed = TRUE;
          break;
        }
      n++;
    }
  g_assert_true (failed);
  g_assert_cmpuint (n, ==, 6); /* the Frobnicate event */
  g_assert_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_UNSUPPORTED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, dst));
  g_assert_nonnull (strstr (error->message, "event 6"));
  g_assert_nonnull (strstr (error->message, "Frobnicate"));
  g_clear_error (&error);

  /* a failed writer does not finish */
  g_assert_false (ct_writer_finish (writer, &error));
  g_assert_nonnull (error);
  g_assert_false (g_file_test (dst, G_FILE_TEST_EXISTS));
  g_object_unref (writer);

  listing = joined_listing (dir);
  g_assert_cmpstr (listing, ==, "");
}

static void
test_writer_replace_at_end (Fixture       *f,
                            gconstpointer  data)
{
  static const CtEncoding encodings[] = { CT_ENCODING_JSON, CT_ENCODING_BINARY_V1, CT_ENCODING_BINARY_V0 };
  static const char old_contents[] = "[{\"Path\":\"old\"}]\n";
  g_autofree char *src = write_small_trace (f);

  for (guint i = 0; i < G_N_ELEMENTS (encodings); i++)
    for (guint mode = 0; mode < 2; mode++)
      {
        g_autofree char *dir = subdir (f, "out");
        g_autofree char *dst = g_build_filename (dir, ct_encoding_file_name (encodings[i]), NULL);
        g_autoptr(GError) error = NULL;
        g_autoptr(CtReader) reader = ct_reader_new (src, CT_READER_FLAGS_NONE, &error);
        g_autoptr(CtWriter) writer = NULL;
        g_autofree char *contents = NULL;
        g_autofree char *listing = NULL;
        const CtEvent *e;
        guint n = 0;

        g_assert_no_error (error);
        g_assert_true (g_file_set_contents (dst, old_contents, -1, NULL));

        writer = ct_writer_new (dst, encodings[i], &error);
        g_assert_no_error (error);
        while ((e = ct_reader_next (reader, &error)) != NULL)
          {
            if (e->kind == CT_EVENT_UNKNOWN)
              continue; /* v0 cannot hold it */
            ct_writer_write (writer, e, &error);
            g_assert_no_error (error);
            n++;

            /* the old file is untouched while writing */
            g_assert_true (g_file_get_contents (dst, &contents, NULL, NULL));
            g_assert_cmpstr (contents, ==, old_contents);
            g_clear_pointer (&contents, g_free);
          }
        g_assert_no_error (error);

        if (mode == 1)
          {
            /* an abandoned export leaves the old file as it was */
            ct_writer_abort (writer);
            g_assert_true (g_file_get_contents (dst, &contents, NULL, NULL));
            g_assert_cmpstr (contents, ==, old_contents);
            listing = joined_listing (dir);
            g_assert_cmpstr (listing, ==, ct_encoding_file_name (encodings[i]));
            g_assert_true (ct_test_remove_tree (dir));
            continue;
          }

        ct_writer_finish (writer, &error);
        g_assert_no_error (error);
        g_assert_cmpuint (ct_writer_get_n_events (writer), ==, n);

        /* replaced as a whole, nothing else left in the folder */
        listing = joined_listing (dir);
        g_assert_cmpstr (listing, ==, ct_encoding_file_name (encodings[i]));
        {
          g_autoptr(GPtrArray) lines = read_lines (dst);
          g_autoptr(GPtrArray) want = read_lines (src);

          g_ptr_array_remove_index (want, 6); /* Frobnicate */
          assert_same_lines (want, lines, "the replaced file");
        }

        /* finishing twice is refused and changes nothing */
        g_assert_false (ct_writer_finish (writer, &error));
        g_assert_nonnull (error);
        g_clear_error (&error);
        g_clear_object (&writer);
        g_free (listing);
        listing = joined_listing (dir);
        g_assert_cmpstr (listing, ==, ct_encoding_file_name (encodings[i]));
        g_assert_true (ct_test_remove_tree (dir));
      }
}

/* ---- registration ---- */

/* Every fixture but the large/ ones, from the fixtures README table */
static GPtrArray *
load_cases (void)
{
  g_autoptr(GHashTable) table = ct_test_load_fixture_table (NULL, NULL);
  g_auto(GStrv) names = NULL;
  GPtrArray *cases = g_ptr_array_new ();

  if (table == NULL)
    return cases;
  names = ct_test_fixture_names (table, FALSE);
  for (guint i = 0; names[i] != NULL; i++)
    {
      const CtTestFixture *fixture = g_hash_table_lookup (table, names[i]);
      Case *c = g_new0 (Case, 1);

      c->name = g_strdup (names[i]);
      c->clean = ct_test_fixture_is_clean (fixture);
      c->has_v1 = ct_test_fixture_has_encoding (fixture, "v1");
      g_ptr_array_add (cases, c);
    }
  return cases;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) cases = NULL;
  static Case generated[] = { { NULL, TRUE, FALSE, 1 }, { NULL, TRUE, FALSE, 2 }, { NULL, TRUE, FALSE, 7 } };

  g_test_init (&argc, &argv, NULL);

  cases = load_cases ();
  if (cases->len == 0)
    ct_test_add_skip ("/roundtrip/fixture/missing",
                      "CT_SHARED_DIR is not set or has no fixtures/README.md: the shared fixtures are missing");
  for (guint i = 0; i < cases->len; i++)
    {
      Case *c = g_ptr_array_index (cases, i);
      g_autofree char *path = g_strdup_printf ("/roundtrip/fixture/%s", c->name);

      g_test_add (path, Fixture, c, ct_test_dir_fixture_setup, test_fixture, ct_test_dir_fixture_teardown);
    }
  for (guint i = 0; i < G_N_ELEMENTS (generated); i++)
    {
      g_autofree char *path = g_strdup_printf ("/roundtrip/generated/seed-%u", generated[i].seed);

      g_test_add (path, Fixture, &generated[i], ct_test_dir_fixture_setup, test_generated, ct_test_dir_fixture_teardown);
    }

  g_test_add ("/roundtrip/writer/dropped", Fixture, NULL, ct_test_dir_fixture_setup, test_writer_dropped, ct_test_dir_fixture_teardown);
  g_test_add ("/roundtrip/writer/unsupported-v0", Fixture, NULL, ct_test_dir_fixture_setup, test_writer_unsupported_v0, ct_test_dir_fixture_teardown);
  g_test_add ("/roundtrip/writer/replace-at-end", Fixture, NULL, ct_test_dir_fixture_setup, test_writer_replace_at_end, ct_test_dir_fixture_teardown);

  return g_test_run ();
}
