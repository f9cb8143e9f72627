/* test-cli.c: the `codetrace` tool, driven as a user would
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "ct-test-utils.h"

/* name -> CtTestFixture: the fixture README's table, the oracle for counts */
static GHashTable *fixture_table;

/* small, clean fixtures whose dump is compared with their trace.json */
static const char * const oracle_fixtures[] = {
  "py-calc", "py-exceptions", "rb0915-addition", "rb0915-more_types", "example-ruby-flow_test",
};

static const char * const broken_modes[] = {
  "truncated", "unbalanced-return", "unknown-path", "unknown-variant",
  "wrong-types", "invalid-utf8", "nan-float",
};

static const CtTestFixture *
lookup_fixture (gconstpointer data)
{
  const CtTestFixture *fixture = g_hash_table_lookup (fixture_table, data);

  g_assert_nonnull (fixture);
  return fixture;
}

static gboolean
require_all (void)
{
  g_autofree char *fixtures = ct_test_require_fixtures ();

  return fixtures != NULL && ct_test_require_codetrace () != NULL;
}

static CtTestRun *
run_ok (const char *first_arg,
        ...) G_GNUC_NULL_TERMINATED;

/* Runs codetrace and asserts exit status 0. */
static CtTestRun *
run_ok (const char *first_arg,
        ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  CtTestRun *run;
  va_list ap;

  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  run = ct_test_run_codetrace_argv ((const char * const *) args->pdata);
  if (run->exit_status != 0)
    g_error ("%s", ct_test_run_describe (run));

  return run;
}

static GBytes *
dump (const char *trace)
{
  g_autoptr(CtTestRun) run = run_ok ("dump", trace, NULL);

  return g_bytes_ref (run->out);
}

static void
assert_same_bytes (GBytes     *expected,
                   GBytes     *actual,
                   const char *what)
{
  if (!g_bytes_equal (expected, actual))
    {
      gsize len_a, len_b, i;
      const char *a = g_bytes_get_data (expected, &len_a);
      const char *b = g_bytes_get_data (actual, &len_b);

      for (i = 0; i < MIN (len_a, len_b) && a[i] == b[i]; i++)
        ;
      g_error ("%s: outputs differ at byte %" G_GSIZE_FORMAT " (sizes %" G_GSIZE_FORMAT
               " and %" G_GSIZE_FORMAT "): …%.80s… vs …%.80s…",
               what, i, len_a, len_b, a + (i > 20 ? i - 20 : 0), b + (i > 20 ? i - 20 : 0));
    }
}

static guint64
count_lines (GBytes *bytes)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  guint64 n = 0;

  for (gsize i = 0; i < len; i++)
    n += data[i] == '\n';

  return n;
}

/* ------------------------------------------------------------------------
 * usage
 * ------------------------------------------------------------------------ */

static void
assert_usage_error (const char * const *args)
{
  g_autoptr(CtTestRun) run = ct_test_run_codetrace_argv (args);

  g_test_message ("%s", ct_test_run_describe (run));
  g_assert_cmpint (run->exit_status, ==, 2);
  g_assert_nonnull (strstr (run->err_text, "codetrace"));
  g_assert_cmpstr (run->out_text, ==, "");
}

static void
test_usage (void)
{
  g_autoptr(CtTestRun) help = NULL;
  g_autoptr(CtTestRun) validate_help = NULL;
  g_autoptr(CtTestRun) missing = NULL;

  if (ct_test_require_codetrace () == NULL)
    return;

  assert_usage_error ((const char *[]) { NULL });
  assert_usage_error ((const char *[]) { "frobnicate", NULL });
  assert_usage_error ((const char *[]) { "info", NULL });
  assert_usage_error ((const char *[]) { "info", "--bogus", "x", NULL });
  assert_usage_error ((const char *[]) { "info", "a", "b", NULL });
  assert_usage_error ((const char *[]) { "dump", NULL });
  assert_usage_error ((const char *[]) { "validate", "--nope", "x", NULL });
  assert_usage_error ((const char *[]) { "convert", "a", NULL });
  assert_usage_error ((const char *[]) { "convert", "a", "b", NULL });
  assert_usage_error ((const char *[]) { "convert", "a", "b", "--to", "yaml", NULL });

  help = run_ok ("--help", NULL);
  g_assert_nonnull (strstr (help->out_text, "convert"));
  g_clear_pointer (&help, ct_test_run_free);

  for (guint i = 0; i < 4; i++)
    {
      const char *commands[] = { "info", "dump", "convert", "validate" };

      help = run_ok (commands[i], "--help", NULL);
      g_assert_nonnull (strstr (help->out_text, "Usage"));
      g_clear_pointer (&help, ct_test_run_free);
    }

  /* the choice about deviations is documented */
  validate_help = run_ok ("validate", "--help", NULL);
  g_assert_nonnull (strstr (validate_help->out_text, "deviation"));

  /* a missing trace is a failure, not a usage error */
  missing = ct_test_run_codetrace ("info", "/nonexistent/trace", NULL);
  g_assert_cmpint (missing->exit_status, ==, 1);
  g_assert_true (g_str_has_prefix (missing->err_text, "codetrace: "));
}

/* ------------------------------------------------------------------------
 * info
 * ------------------------------------------------------------------------ */

static JsonObject *
info_json (const char *trace)
{
  g_autoptr(CtTestRun) run = run_ok ("info", "--json", trace, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_data (parser, run->out_text, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));

  return json_object_ref (json_node_get_object (root));
}

static void
assert_counts (const CtTestFixture *fixture,
               JsonObject          *info,
               const char          *where)
{
  for (guint i = 0; ct_test_count_keys[i] != NULL; i++)
    {
      const char *key = ct_test_count_keys[i];
      guint64 expected;
      gint64 actual;

      g_assert_true (ct_test_fixture_get_count (fixture, key, &expected));
      g_assert_true (json_object_has_member (info, key));
      actual = json_object_get_int_member (info, key);
      if (actual < 0 || (guint64) actual != expected)
        g_error ("%s: %s is %" G_GINT64_FORMAT ", the README says %" G_GUINT64_FORMAT,
                 where, key, actual, expected);
    }
}

static void
assert_metadata (JsonObject *info,
                 const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "trace_metadata.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *expected_args = NULL;
  g_autofree char *actual_args = NULL;
  JsonObject *metadata;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  metadata = json_node_get_object (json_parser_get_root (parser));

  g_assert_cmpstr (json_object_get_string_member (info, "program"), ==,
                   json_object_get_string_member (metadata, "program"));
  g_assert_cmpstr (json_object_get_string_member (info, "workdir"), ==,
                   json_object_get_string_member (metadata, "workdir"));
  expected_args = ct_test_json_canonical (json_object_get_member (metadata, "args"));
  actual_args = ct_test_json_canonical (json_object_get_member (info, "args"));
  g_assert_cmpstr (actual_args, ==, expected_args);
}

static void
test_info_json (gconstpointer data)
{
  const CtTestFixture *fixture;

  if (!require_all ())
    return;

  fixture = lookup_fixture (data);
  for (guint e = 0; fixture->encodings[e] != NULL; e++)
    {
      const char *enc = fixture->encodings[e];
      g_autofree char *dir = ct_test_fixture_dir (fixture->name, enc);
      g_autofree char *where = g_strdup_printf ("%s/%s", fixture->name, enc);
      g_autoptr(JsonObject) info = info_json (dir);
      g_autoptr(CtTestRun) human = NULL;

      /* exactly the counts plus these four */
      g_assert_cmpuint (json_object_get_size (info), ==,
                        g_strv_length ((char **) ct_test_count_keys) + 4);
      g_assert_cmpstr (json_object_get_string_member (info, "encoding"), ==,
                       ct_test_encoding_name (enc));
      assert_counts (fixture, info, where);
      assert_metadata (info, dir);

      human = run_ok ("info", dir, NULL);
      g_assert_nonnull (strstr (human->out_text, "events:"));
      g_assert_nonnull (strstr (human->out_text, "max_depth:"));
    }
}

static void
test_info_large (void)
{
  const char * const large[] = { "large/py-loop-1e6", "large/rb0915-loop-1e6" };

  if (!require_all ())
    return;

  for (guint i = 0; i < G_N_ELEMENTS (large); i++)
    {
      const CtTestFixture *fixture = g_hash_table_lookup (fixture_table, large[i]);
      g_autofree char *dir = NULL;
      g_autoptr(JsonObject) info = NULL;

      if (fixture == NULL)
        {
          g_test_skip ("large fixtures are not in the README table");
          return;
        }

      dir = ct_test_fixture_dir (fixture->name, "v1");
      info = info_json (dir);
      g_assert_cmpstr (json_object_get_string_member (info, "encoding"), ==, "binary");
      assert_counts (fixture, info, large[i]);
    }
}

/* ------------------------------------------------------------------------
 * dump
 * ------------------------------------------------------------------------ */

static void
test_dump_encodings (gconstpointer data)
{
  const CtTestFixture *fixture;
  g_autoptr(GBytes) reference = NULL;
  g_autofree char *json_dir = NULL;
  guint64 n_events;

  if (!require_all ())
    return;

  fixture = lookup_fixture (data);
  g_assert_true (ct_test_fixture_has_encoding (fixture, "json"));
  json_dir = ct_test_fixture_dir (fixture->name, "json");
  reference = dump (json_dir);

  g_assert_true (ct_test_fixture_get_count (fixture, "events", &n_events));
  g_assert_cmpuint (count_lines (reference), ==, n_events);

  for (guint e = 0; fixture->encodings[e] != NULL; e++)
    {
      g_autofree char *dir = ct_test_fixture_dir (fixture->name, fixture->encodings[e]);
      g_autofree char *where = g_strdup_printf ("%s: json vs %s",
                                                fixture->name, fixture->encodings[e]);
      g_autoptr(GBytes) other = dump (dir);

      assert_same_bytes (reference, other, where);
    }
}

/* serde writes the unit variant as a bare string; recorders may write the
 * map form, which readers also accept (FORMAT.md section 2) */
static JsonNode *
normalize_event (JsonNode *event)
{
  if (JSON_NODE_HOLDS_OBJECT (event))
    {
      JsonObject *object = json_node_get_object (event);

      if (json_object_get_size (object) == 1 && json_object_has_member (object, "DropLastStep"))
        {
          JsonNode *bare = json_node_new (JSON_NODE_VALUE);

          json_node_set_string (bare, "DropLastStep");
          return bare;
        }
    }

  return json_node_ref (event);
}

/* The expectation comes from json-glib's reading of trace.json, not from
 * libcodetrace: each dumped line must be the same JSON tree as the event. */
static void
test_dump_oracle (gconstpointer data)
{
  const char *name = data;
  g_autofree char *dir = NULL;
  g_autofree char *trace = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) dumped = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  JsonArray *events;

  if (!require_all ())
    return;

  dir = ct_test_fixture_dir (name, "json");
  trace = g_build_filename (dir, "trace.json", NULL);
  json_parser_load_from_file (parser, trace, &error);
  g_assert_no_error (error);
  events = json_node_get_array (json_parser_get_root (parser));

  dumped = dump (dir);
  text = g_strndup (g_bytes_get_data (dumped, NULL), g_bytes_get_size (dumped));
  lines = g_strsplit (text, "\n", -1);
  /* the last line ends with \n: one empty piece after it */
  g_assert_cmpuint (g_strv_length (lines), ==, json_array_get_length (events) + 1);
  g_assert_cmpstr (lines[json_array_get_length (events)], ==, "");

  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      g_autoptr(JsonNode) expected_node = normalize_event (json_array_get_element (events, i));
      g_autofree char *expected = ct_test_json_canonical (expected_node);
      g_autofree char *actual = ct_test_json_canonical_from_data (lines[i], -1, &error);

      g_assert_no_error (error);
      /* compact: no whitespace between tokens outside strings */
      g_assert_null (strstr (lines[i], "\": "));
      g_assert_null (strstr (lines[i], ", \""));
      if (g_strcmp0 (expected, actual) != 0)
        g_error ("%s event #%u:\n  trace.json %s\n  dump       %s\n  (line %s)",
                 name, i, expected, actual, lines[i]);
    }
}

/* ------------------------------------------------------------------------
 * convert
 * ------------------------------------------------------------------------ */

static void
assert_same_tree (const char *a,
                  const char *b)
{
  g_auto(GStrv) names_a = ct_test_list_dir (a);
  g_auto(GStrv) names_b = ct_test_list_dir (b);

  g_assert_nonnull (names_a);
  g_assert_nonnull (names_b);
  g_assert_cmpstrv (names_a, names_b);

  for (guint i = 0; names_a[i] != NULL; i++)
    {
      g_autofree char *path_a = g_build_filename (a, names_a[i], NULL);
      g_autofree char *path_b = g_build_filename (b, names_a[i], NULL);

      if (g_file_test (path_a, G_FILE_TEST_IS_DIR))
        {
          assert_same_tree (path_a, path_b);
        }
      else
        {
          g_autoptr(GBytes) bytes_a = ct_test_read_file (path_a);
          g_autoptr(GBytes) bytes_b = ct_test_read_file (path_b);

          assert_same_bytes (bytes_a, bytes_b, path_b);
        }
    }
}

/* convert `src` (a fixture copy or an earlier result) to `to`, and check the
 * new folder: one trace file of the right name, side files as they were */
static char *
convert_checked (const char *src,
                 const char *parent,
                 const char *out_name,
                 const char *to)
{
  g_autofree char *out = g_build_filename (parent, out_name, NULL);
  g_autoptr(CtTestRun) run = run_ok ("convert", src, out, "--to", to, NULL);
  g_autofree char *json = g_build_filename (out, "trace.json", NULL);
  g_autofree char *bin = g_build_filename (out, "trace.bin", NULL);
  g_autoptr(JsonObject) info = NULL;

  g_assert_true (g_file_test (strcmp (to, "json") == 0 ? json : bin, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (strcmp (to, "json") == 0 ? bin : json, G_FILE_TEST_EXISTS));

  for (guint i = 0; i < 2; i++)
    {
      const char *side[] = { "trace_metadata.json", "trace_paths.json" };
      g_autofree char *a = g_build_filename (src, side[i], NULL);
      g_autofree char *b = g_build_filename (out, side[i], NULL);
      g_autoptr(GBytes) bytes_a = ct_test_read_file (a);
      g_autoptr(GBytes) bytes_b = ct_test_read_file (b);

      assert_same_bytes (bytes_a, bytes_b, b);
    }

  {
    g_autofree char *files_a = g_build_filename (src, "files", NULL);
    g_autofree char *files_b = g_build_filename (out, "files", NULL);

    if (g_file_test (files_a, G_FILE_TEST_IS_DIR))
      assert_same_tree (files_a, files_b);
    else
      g_assert_false (g_file_test (files_b, G_FILE_TEST_EXISTS));
  }

  info = info_json (out);
  g_assert_cmpstr (json_object_get_string_member (info, "encoding"), ==, to);

  return g_steal_pointer (&out);
}

static void
assert_chain (const char *fixture_dir,
              GBytes     *reference,
              const char *parent,
              const char *first,
              const char *second,
              const char *where)
{
  g_autofree char *name_a = g_strdup_printf ("%s-to-%s", where, first);
  g_autofree char *name_b = g_strdup_printf ("%s-to-%s-to-%s", where, first, second);
  g_autofree char *a = convert_checked (fixture_dir, parent, name_a, first);
  g_autofree char *b = convert_checked (a, parent, name_b, second);
  g_autoptr(GBytes) dump_a = dump (a);
  g_autoptr(GBytes) dump_b = dump (b);

  assert_same_bytes (reference, dump_a, name_a);
  assert_same_bytes (reference, dump_b, name_b);
}

static void
test_convert_roundtrip (gconstpointer data)
{
  const CtTestFixture *fixture;
  g_autoptr(CtTestTempDir) tmp = NULL;
  g_autofree char *json_dir = NULL;
  g_autoptr(GBytes) reference = NULL;
  g_auto(GStrv) left = NULL;

  if (!require_all ())
    return;

  fixture = lookup_fixture (data);
  tmp = ct_test_temp_dir_new ();
  json_dir = ct_test_fixture_dir (fixture->name, "json");
  reference = dump (json_dir);

  assert_chain (json_dir, reference, tmp->path, "binary", "json", "json");

  /* only 0.15.0-clean traces fit v0 (the fixtures with a v0/ copy) */
  if (ct_test_fixture_has_encoding (fixture, "v0"))
    {
      g_autofree char *v1_dir = ct_test_fixture_dir (fixture->name, "v1");

      assert_chain (json_dir, reference, tmp->path, "binary-v0", "json", "json");
      assert_chain (v1_dir, reference, tmp->path, "binary-v0", "binary", "v1");
    }

  /* nothing but the finished folders: no temporary ones left */
  left = ct_test_list_dir (tmp->path);
  for (guint i = 0; left[i] != NULL; i++)
    g_assert_null (strstr (left[i], ".tmp-"));
}

static void
test_convert_existing (void)
{
  g_autoptr(CtTestTempDir) tmp = NULL;
  g_autofree char *src = NULL;
  g_autofree char *out = NULL;
  g_autofree char *marker = NULL;
  g_autofree char *trace = NULL;
  g_autoptr(CtTestRun) refused = NULL;
  g_autoptr(CtTestRun) forced = NULL;
  g_autoptr(GBytes) reference = NULL;
  g_autoptr(GBytes) converted = NULL;
  g_auto(GStrv) out_entries = NULL;
  g_auto(GStrv) left = NULL;
  g_autoptr(GError) error = NULL;

  if (!require_all ())
    return;

  tmp = ct_test_temp_dir_new ();
  src = ct_test_fixture_dir ("py-calc", "json");
  out = g_build_filename (tmp->path, "out", NULL);
  marker = g_build_filename (out, "marker", NULL);
  g_assert_cmpint (g_mkdir (out, 0755), ==, 0);
  g_file_set_contents (marker, "keep me", -1, &error);
  g_assert_no_error (error);

  refused = ct_test_run_codetrace ("convert", src, out, "--to", "binary", NULL);
  g_test_message ("%s", ct_test_run_describe (refused));
  g_assert_true (refused->exit_status == 1 || refused->exit_status == 2);
  g_assert_true (g_str_has_prefix (refused->err_text, "codetrace: "));
  out_entries = ct_test_list_dir (out);
  g_assert_cmpstrv (out_entries, ((const char * const[]) { "marker", NULL }));
  left = ct_test_list_dir (tmp->path);
  g_assert_cmpstrv (left, ((const char * const[]) { "out", NULL }));
  g_clear_pointer (&left, g_strfreev);

  forced = run_ok ("convert", "--force", src, out, "--to", "binary", NULL);
  g_assert_false (g_file_test (marker, G_FILE_TEST_EXISTS));
  trace = g_build_filename (out, "trace.bin", NULL);
  g_assert_true (g_file_test (trace, G_FILE_TEST_IS_REGULAR));
  reference = dump (src);
  converted = dump (out);
  assert_same_bytes (reference, converted, out);

  /* the old folder was deleted, the temporary one renamed */
  left = ct_test_list_dir (tmp->path);
  g_assert_cmpstrv (left, ((const char * const[]) { "out", NULL }));
}

static void
test_convert_failure (void)
{
  g_autoptr(CtTestTempDir) tmp = NULL;
  g_autofree char *src = NULL;
  g_autofree char *truncated = NULL;
  g_autofree char *outs = NULL;
  g_autofree char *out = NULL;
  g_autofree char *existing = NULL;
  g_autofree char *marker = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) left = NULL;
  g_auto(GStrv) kept = NULL;

  if (!require_all ())
    return;

  tmp = ct_test_temp_dir_new ();
  src = g_build_filename (tmp->path, "unknown-variant", NULL);
  truncated = g_build_filename (tmp->path, "truncated", NULL);
  if (!ct_test_gen_trace (src, 500, 1, "unknown-variant")
      || !ct_test_gen_trace (truncated, 500, 1, "truncated"))
    return;

  outs = g_build_filename (tmp->path, "outs", NULL);
  out = g_build_filename (outs, "new", NULL);
  g_assert_cmpint (g_mkdir (outs, 0755), ==, 0);

  /* v0 has no place for an unknown variant: the writer fails mid-way */
  {
    g_autoptr(CtTestRun) run = ct_test_run_codetrace ("convert", src, out, "--to", "binary-v0",
                                                      NULL);

    g_test_message ("%s", ct_test_run_describe (run));
    g_assert_cmpint (run->exit_status, ==, 1);
    g_assert_true (g_str_has_prefix (run->err_text, "codetrace: "));
  }

  /* the reader fails mid-way */
  {
    g_autoptr(CtTestRun) run = ct_test_run_codetrace ("convert", truncated, out, "--to", "binary",
                                                      NULL);

    g_test_message ("%s", ct_test_run_describe (run));
    g_assert_cmpint (run->exit_status, ==, 1);
  }

  left = ct_test_list_dir (outs);
  g_assert_cmpstrv (left, ((const char * const[]) { NULL }));

  /* a failed --force leaves the old folder as it was */
  existing = g_build_filename (outs, "existing", NULL);
  marker = g_build_filename (existing, "marker", NULL);
  g_assert_cmpint (g_mkdir (existing, 0755), ==, 0);
  g_file_set_contents (marker, "keep me", -1, &error);
  g_assert_no_error (error);
  {
    g_autoptr(CtTestRun) run = ct_test_run_codetrace ("convert", "--force", src, existing,
                                                      "--to", "binary-v0", NULL);

    g_assert_cmpint (run->exit_status, ==, 1);
  }
  g_clear_pointer (&left, g_strfreev);
  left = ct_test_list_dir (outs);
  g_assert_cmpstrv (left, ((const char * const[]) { "existing", NULL }));
  kept = ct_test_list_dir (existing);
  g_assert_cmpstrv (kept, ((const char * const[]) { "marker", NULL }));
}

/* ------------------------------------------------------------------------
 * validate
 * ------------------------------------------------------------------------ */

static void
test_validate_fixture (gconstpointer data)
{
  const CtTestFixture *fixture;

  if (!require_all ())
    return;

  fixture = lookup_fixture (data);
  for (guint e = 0; fixture->encodings[e] != NULL; e++)
    {
      g_autofree char *dir = ct_test_fixture_dir (fixture->name, fixture->encodings[e]);
      g_autoptr(CtTestRun) run = ct_test_run_codetrace ("validate", dir, NULL);

      g_test_message ("%s", ct_test_run_describe (run));
      g_assert_cmpint (run->exit_status, ==, 0);
      g_assert_null (strstr (run->out_text, ": error: "));
      /* deviations are listed as warnings, and only where there are some */
      if (ct_test_fixture_is_clean (fixture))
        g_assert_null (strstr (run->out_text, "deviation"));
      else
        g_assert_nonnull (strstr (run->out_text, "warning: deviation"));
    }
}

static void
test_validate_generated (void)
{
  g_autoptr(CtTestTempDir) tmp = NULL;
  g_autoptr(CtTestRun) run = NULL;

  if (ct_test_require_codetrace () == NULL)
    return;

  tmp = ct_test_temp_dir_new ();
  if (!ct_test_gen_trace (tmp->path, 500, 1, NULL))
    return;

  run = ct_test_run_codetrace ("validate", tmp->path, NULL);
  g_test_message ("%s", ct_test_run_describe (run));
  g_assert_cmpint (run->exit_status, ==, 0);
}

/* The index of the broken event, found in the generated file itself:
 * gen_trace.py writes "[", then one event per line. */
static guint64
broken_event_index (const char *trace_json,
                    const char *mode)
{
  g_autoptr(GBytes) bytes = ct_test_read_file (trace_json);
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  const char *needle = NULL;
  const char *found;
  guint64 newlines = 0;

  if (strcmp (mode, "truncated") == 0)
    found = data + len; /* the last, cut, line */
  else
    {
      if (strcmp (mode, "unbalanced-return") == 0)
        needle = "{\"Return\"";
      else if (strcmp (mode, "unknown-path") == 0)
        needle = "\"path_id\":103,";
      else if (strcmp (mode, "unknown-variant") == 0)
        needle = "\"Frobnicate\"";
      else if (strcmp (mode, "wrong-types") == 0)
        needle = "\"path_id\":\"0\"";
      else if (strcmp (mode, "invalid-utf8") == 0)
        needle = "\xff\xfe";
      else if (strcmp (mode, "nan-float") == 0)
        needle = "NaN";
      else
        g_assert_not_reached ();

      found = g_strstr_len (data, len, needle);
      g_assert_nonnull (found);
    }

  for (const char *p = data; p < found; p++)
    newlines += *p == '\n';

  /* the first line is "[" */
  return newlines - 1;
}

static void
test_validate_broken (gconstpointer data)
{
  const char *mode = data;
  g_autoptr(CtTestTempDir) tmp = NULL;
  g_autofree char *trace = NULL;
  g_autofree char *expected = NULL;
  guint64 index;

  if (ct_test_require_codetrace () == NULL)
    return;

  tmp = ct_test_temp_dir_new ();
  if (!ct_test_gen_trace (tmp->path, 500, 1, mode))
    return;

  trace = g_build_filename (tmp->path, "trace.json", NULL);
  index = broken_event_index (trace, mode);
  expected = g_strdup_printf ("event #%" G_GUINT64_FORMAT ": error", index);

  for (guint lenient = 0; lenient < 2; lenient++)
    {
      g_autoptr(CtTestRun) run = lenient
        ? ct_test_run_codetrace ("validate", "--lenient", tmp->path, NULL)
        : ct_test_run_codetrace ("validate", tmp->path, NULL);

      g_test_message ("%s\n%s", ct_test_run_describe (run), run->out_text);
      g_assert_cmpint (run->exit_status, ==, 1);
      if (strstr (run->out_text, expected) == NULL)
        g_error ("%s: “%s” not in the output:\n%s", mode, expected, run->out_text);
    }
}

/* ------------------------------------------------------------------------ */

static void
skip_without_fixtures (gconstpointer data)
{
  g_test_skip (data);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/usage", test_usage);

  for (guint i = 0; i < G_N_ELEMENTS (broken_modes); i++)
    {
      g_autofree char *path = g_strdup_printf ("/cli/validate/broken/%s", broken_modes[i]);

      g_test_add_data_func (path, broken_modes[i], test_validate_broken);
    }
  g_test_add_func ("/cli/validate/generated", test_validate_generated);

  /* the per-fixture cases come from the README table; without it they
   * cannot even be named */
  if (ct_test_get_shared_dir () != NULL)
    fixture_table = ct_test_load_fixture_table (NULL, &error);

  if (fixture_table == NULL)
    {
      g_autofree char *message = g_strdup_printf ("fixture table unavailable: %s",
                                                  error != NULL ? error->message
                                                                : "CT_SHARED_DIR is not set");

      g_test_add_data_func_full ("/cli/fixtures", g_steal_pointer (&message),
                                 skip_without_fixtures, g_free);
      return g_test_run ();
    }

  g_test_add_func ("/cli/convert/existing", test_convert_existing);
  g_test_add_func ("/cli/convert/failure", test_convert_failure);
  g_test_add_func ("/cli/info/large", test_info_large);

  for (guint i = 0; i < G_N_ELEMENTS (oracle_fixtures); i++)
    {
      g_autofree char *path = g_strdup_printf ("/cli/dump/oracle/%s", oracle_fixtures[i]);

      g_test_add_data_func (path, oracle_fixtures[i], test_dump_oracle);
    }

  names = ct_test_fixture_names (fixture_table, FALSE);
  for (guint i = 0; names[i] != NULL; i++)
    {
      const CtTestFixture *fixture = g_hash_table_lookup (fixture_table, names[i]);
      const struct
      {
        const char *prefix;
        GTestDataFunc func;
      } cases[] = {
        { "/cli/info/json/", test_info_json },
        { "/cli/dump/encodings/", test_dump_encodings },
        { "/cli/convert/roundtrip/", test_convert_roundtrip },
        { "/cli/validate/fixture/", test_validate_fixture },
      };

      for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
        {
          g_autofree char *path = g_strconcat (cases[c].prefix, fixture->name, NULL);

          g_test_add_data_func (path, fixture->name, cases[c].func);
        }
    }

  return g_test_run ();
}
