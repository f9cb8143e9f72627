/* test-fixtures.c
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Every shared fixture (real recorder output) read in every encoding it has.
 * The oracles are independent of the code under test:
 *  - the event counts of the fixtures README table;
 *  - the fixture's trace.json parsed with json-glib, compared event by event
 *    with our compact line parsed the same way (key order irrelevant);
 *  - the same comparison done by Python's json module, which keeps integers
 *    beyond 64 bits exact (json-glib does not);
 *  - for trace.bin copies (made by other encoders from json/), the same
 *    ct_event_append_json bytes as the JSON copy. */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "codetrace.h"
#include "ct-test-utils.h"

#define PYTHON "/usr/bin/python3"

/* One row of the fixtures README table, in one of its encodings */
typedef struct
{
  const CtTestFixture *row;
  const char          *encoding;
} Case;

static GHashTable *fixture_table;

/* ---- helpers ---- */

static guint64
row_count (const CtTestFixture *row,
           const char          *column)
{
  guint64 value;

  g_assert_true (ct_test_fixture_get_count (row, column, &value));
  return value;
}

static const char *
row_deviations (const CtTestFixture *row)
{
  const char *cell = ct_test_fixture_get (row, "deviations from 0.15.0");

  g_assert_nonnull (cell);
  return cell;
}

typedef struct
{
  GPtrArray  *lines;  /* of char*, or NULL when not kept */
  guint64     n_events;
  guint64     kinds[CT_N_EVENT_KINDS];
  guint       deviations;
  guint64     deviation_counts[CT_N_DEVIATIONS];
  CtEncoding  encoding;
} ReadResult;

static void
read_result_clear (ReadResult *r)
{
  g_clear_pointer (&r->lines, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ReadResult, read_result_clear)

/* Reads a whole trace strictly; fails the test on any error. */
static void
read_trace (const char *path,
            gboolean    keep_lines,
            ReadResult *r)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtReader) reader = NULL;
  const CtEvent *e;

  memset (r, 0, sizeof *r);
  if (keep_lines)
    r->lines = g_ptr_array_new_with_free_func (g_free);

  reader = ct_reader_new (path, CT_READER_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reader);
  r->encoding = ct_reader_get_encoding (reader);

  while ((e = ct_reader_next (reader, &error)) != NULL)
    {
      g_assert_cmpuint (ct_reader_get_index (reader), ==, r->n_events);
      g_assert_cmpint ((int) e->kind, <, CT_N_EVENT_KINDS);
      r->kinds[e->kind]++;
      if (keep_lines)
        g_ptr_array_add (r->lines, ct_test_event_json (e));
      r->n_events++;
    }
  if (error != NULL)
    g_test_message ("reading %s: %s", path, error->message);
  g_assert_no_error (error);
  g_assert_null (ct_reader_get_stop_error (reader));
  g_assert_cmpfloat (ct_reader_get_fraction (reader), ==, 1.0);

  r->deviations = ct_reader_get_deviations (reader);
  for (guint bit = 0; bit < CT_N_DEVIATIONS; bit++)
    r->deviation_counts[bit] = ct_reader_get_deviation_count (reader, 1u << bit, NULL);
}

/* The README's count columns that are plain event-kind counts (FORMAT.md 3) */
static void
assert_kind_counts (const CtTestFixture *row,
                    const ReadResult    *r)
{
  g_assert_cmpuint (r->n_events, ==, row_count (row, "events"));
  g_assert_cmpuint (r->kinds[CT_EVENT_STEP] - r->kinds[CT_EVENT_DROP_LAST_STEP], ==, row_count (row, "steps"));
  g_assert_cmpuint (r->kinds[CT_EVENT_RETURN], ==, row_count (row, "returns"));
  g_assert_cmpuint (r->kinds[CT_EVENT_EVENT], ==, row_count (row, "io_events"));
  g_assert_cmpuint (r->kinds[CT_EVENT_PATH], ==, row_count (row, "paths"));
  g_assert_cmpuint (r->kinds[CT_EVENT_FUNCTION], ==, row_count (row, "functions"));
  g_assert_cmpuint (r->kinds[CT_EVENT_TYPE], ==, row_count (row, "types"));
  g_assert_cmpuint (r->kinds[CT_EVENT_VARIABLE_NAME] + r->kinds[CT_EVENT_VARIABLE], ==,
                    row_count (row, "variable_names"));
  g_assert_cmpuint (r->kinds[CT_EVENT_VALUE], ==, row_count (row, "values"));
  /* calls: Call events, plus the implicit top-level call when a Step comes
   * first (always so in these real traces) */
  g_assert_cmpuint (r->kinds[CT_EVENT_CALL], <=, row_count (row, "calls"));
  g_assert_cmpuint (r->kinds[CT_EVENT_CALL] + 1, >=, row_count (row, "calls"));
}

/* the independent oracle, in Python: exact integers, bool != int */
static const char python_compare[] =
  "import json, sys\n"
  "src = json.load(open(sys.argv[1], encoding='utf-8'))\n"
  "lines = open(sys.argv[2], encoding='utf-8').read().split('\\n')\n"
  "if lines and lines[-1] == '': lines.pop()\n"
  "def norm(e):\n"
  "    return 'DropLastStep' if e == {'DropLastStep': None} else e\n"
  "def same(a, b):\n"
  "    if isinstance(a, bool) or isinstance(b, bool):\n"
  "        return type(a) is type(b) and a == b\n"
  "    if isinstance(a, (int, float)) and isinstance(b, (int, float)):\n"
  "        return a == b or (a != a and b != b)\n"
  "    if isinstance(a, dict) and isinstance(b, dict):\n"
  "        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)\n"
  "    if isinstance(a, list) and isinstance(b, list):\n"
  "        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))\n"
  "    return type(a) is type(b) and a == b\n"
  "if len(src) != len(lines):\n"
  "    sys.exit('%d events in the trace, %d lines' % (len(src), len(lines)))\n"
  "for i, (a, line) in enumerate(zip(src, lines)):\n"
  "    if not same(norm(a), json.loads(line)):\n"
  "        sys.exit('event %d differs:\\n  trace.json: %s\\n  ours:       %s' % (i, json.dumps(a), line))\n";

static void
python_oracle (const char *trace_json,
               GPtrArray  *lines)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtTestTempDir) tmp = NULL;
  g_autofree char *lines_path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  int status = 0;
  const char *argv[] = { PYTHON, "-c", python_compare, trace_json, NULL, NULL };

  if (!g_file_test (PYTHON, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_message ("%s is missing: no Python oracle", PYTHON);
      return;
    }
  tmp = ct_test_temp_dir_new ();
  lines_path = g_build_filename (tmp->path, "lines.json", NULL);
  for (guint i = 0; i < lines->len; i++)
    {
      g_string_append (text, g_ptr_array_index (lines, i));
      g_string_append_c (text, '\n');
    }
  g_file_set_contents (lines_path, text->str, text->len, &error);
  g_assert_no_error (error);
  argv[4] = lines_path;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_clear_pointer (&tmp, ct_test_temp_dir_free);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("Python oracle: %s differs from our events: %s", trace_json, err);
}

/* ---- the tests ---- */

static void
test_fixture (gconstpointer data)
{
  const Case *c = data;
  g_autofree char *json_path = NULL;
  g_autofree char *path = NULL;
  g_auto(ReadResult) json = { 0 };
  g_auto(ReadResult) other = { 0 };
  g_autofree char *fixtures = ct_test_require_fixtures ();

  if (fixtures == NULL)
    return;
  json_path = ct_test_fixture_trace_file (c->row->name, "json");
  path = ct_test_fixture_trace_file (c->row->name, c->encoding);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *msg = g_strdup_printf ("%s is missing", path);
      g_test_fail_printf ("%s", msg);
      return;
    }

  read_trace (json_path, TRUE, &json);
  g_assert_cmpint (json.encoding, ==, CT_ENCODING_JSON);
  assert_kind_counts (c->row, &json);

  if (strcmp (c->encoding, "json") == 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      JsonArray *array;

      /* json-glib: each event's line equals the event as parsed from
       * trace.json, whatever the key order */
      json_parser_load_from_mapped_file (parser, json_path, &error);
      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));
      array = json_node_get_array (json_parser_get_root (parser));
      g_assert_cmpuint (json_array_get_length (array), ==, json.lines->len);
      for (guint i = 0; i < json.lines->len; i++)
        {
          g_autoptr(JsonParser) line_parser = json_parser_new ();
          g_autoptr(JsonNode) want = ct_test_json_event_normalize (json_array_get_element (array, i));
          const char *line = g_ptr_array_index (json.lines, i);

          json_parser_load_from_data (line_parser, line, -1, &error);
          g_assert_no_error (error);
          if (!json_node_equal (want, json_parser_get_root (line_parser)))
            {
              g_autofree char *want_text = json_to_string (want, FALSE);
              g_error ("%s: event %u differs:\n  trace.json: %s\n  ours:       %s",
                       json_path, i, want_text, line);
            }
        }

      python_oracle (json_path, json.lines);
      return;
    }

  /* trace.bin: the same events as the JSON copy, byte for byte */
  read_trace (path, TRUE, &other);
  g_assert_cmpint (other.encoding, ==,
                   strcmp (c->encoding, "v1") == 0 ? CT_ENCODING_BINARY_V1 : CT_ENCODING_BINARY_V0);
  assert_kind_counts (c->row, &other);
  g_assert_cmpuint (other.lines->len, ==, json.lines->len);
  for (guint i = 0; i < json.lines->len; i++)
    {
      const char *a = g_ptr_array_index (json.lines, i);
      const char *b = g_ptr_array_index (other.lines, i);

      if (strcmp (a, b) != 0)
        g_error ("%s: event %u differs from the JSON copy:\n  json: %s\n  %s:   %s",
                 path, i, a, c->encoding, b);
    }
}

/* The deviations column of the README, e.g. "Int value beyond i64 x28",
 * against the reader's deviation counts (events that have each). */
static void
test_deviations (gconstpointer data)
{
  const Case *c = data;
  g_autofree char *path = NULL;
  g_auto(ReadResult) r = { 0 };
  guint64 expected[CT_N_DEVIATIONS] = { 0 };
  const char *cell;
  g_auto(GStrv) groups = NULL;
  g_autofree char *fixtures = ct_test_require_fixtures ();

  if (fixtures == NULL)
    return;
  path = ct_test_fixture_trace_file (c->row->name, c->encoding);
  read_trace (path, FALSE, &r);

  cell = row_deviations (c->row);
  if (strcmp (cell, "none") != 0)
    {
      groups = g_strsplit (cell, ";", -1);
      for (guint i = 0; groups[i] != NULL; i++)
        {
          const char *group = g_strstrip (groups[i]);
          const char *x = strrchr (group, 'x');
          guint64 n;
          guint bit;

          g_assert_nonnull (x);
          n = g_ascii_strtoull (x + 1, NULL, 10);
          if (g_str_has_prefix (group, "Int value beyond i64"))
            bit = g_bit_nth_lsf (CT_DEVIATION_BIG_INT, -1);
          else if (g_str_has_prefix (group, "Int value whose i is a bool"))
            bit = g_bit_nth_lsf (CT_DEVIATION_BOOL_AS_INT, -1);
          else if (g_str_has_prefix (group, "Assignment.from"))
            bit = g_bit_nth_lsf (CT_DEVIATION_ASSIGNMENT_SHAPE, -1);
          else
            g_error ("unknown deviation group in the README: %s", group);
          expected[bit] += n;
        }
    }

  for (guint bit = 0; bit < CT_N_DEVIATIONS; bit++)
    {
      /* extra keys are allowed by 0.15.0's serde (it ignores them) and
       * negative places are Ruby's; the README does not count those */
      if ((1u << bit) == CT_DEVIATION_EXTRA_FIELDS || (1u << bit) == CT_DEVIATION_NEGATIVE_ID)
        continue;
      g_test_message ("%s: %" G_GUINT64_FORMAT " events", ct_deviation_describe (1u << bit),
                      r.deviation_counts[bit]);
      g_assert_cmpuint (r.deviation_counts[bit], ==, expected[bit]);
    }
}

static void
test_large (void)
{
  g_autofree char *path = NULL;
  g_auto(ReadResult) r = { 0 };
  g_autofree char *fixtures = ct_test_require_fixtures ();
  const CtTestFixture *row;

  if (fixtures == NULL)
    return;
  row = g_hash_table_lookup (fixture_table, "large/py-loop-1e6");
  g_assert_nonnull (row);

  path = ct_test_fixture_trace_file (row->name, "v1");
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_test_skip ("large/py-loop-1e6/v1/trace.bin is missing");
      return;
    }
  read_trace (path, FALSE, &r);
  g_assert_cmpint (r.encoding, ==, CT_ENCODING_BINARY_V1);
  g_assert_cmpuint (r.n_events, ==, 1000549);
  assert_kind_counts (row, &r);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  GPtrArray *cases;

  g_test_init (&argc, &argv, NULL);

  fixture_table = ct_test_load_fixture_table (NULL, &error);
  if (fixture_table == NULL)
    {
      g_test_message ("no fixture table: %s", error->message);
      ct_test_add_skip ("/fixtures/missing",
                        "CT_SHARED_DIR is not set or has no fixtures/README.md: the shared fixtures are missing");
      return g_test_run ();
    }

  cases = g_ptr_array_new ();
  names = ct_test_fixture_names (fixture_table, FALSE);
  for (guint i = 0; names[i] != NULL; i++)
    {
      const CtTestFixture *row = g_hash_table_lookup (fixture_table, names[i]);

      for (guint e = 0; row->encodings[e] != NULL; e++)
        {
          Case *c = g_new0 (Case, 1);
          g_autofree char *test_path = NULL;

          c->row = row;
          c->encoding = row->encodings[e];
          g_ptr_array_add (cases, c);
          test_path = g_strdup_printf ("/fixtures/events/%s/%s", row->name, c->encoding);
          g_test_add_data_func (test_path, c, test_fixture);
          if (strcmp (c->encoding, "v0") != 0)
            {
              g_autofree char *dev_path = g_strdup_printf ("/fixtures/deviations/%s/%s", row->name, c->encoding);
              g_test_add_data_func (dev_path, c, test_deviations);
            }
        }
    }
  g_test_add_func ("/fixtures/large/py-loop-1e6/v1", test_large);

  {
    int ret = g_test_run ();

    g_ptr_array_set_free_func (cases, g_free);
    g_ptr_array_unref (cases);
    g_hash_table_unref (fixture_table);
    return ret;
  }
}
