/* test-trace-folder.c
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* CtTraceFolder on the shared fixtures and on folders made here: which trace
 * file is used, the side files (every metadata key kept), and resolving
 * recorded source paths under files/ without ever leaving the folder.
 * Expectations come from parsing the side files with json-glib and from the
 * file system, never from the code under test. */

#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "codetrace.h"
#include "ct-test-utils.h"

/* f->dir: a fresh temporary folder */
typedef CtTestDirFixture Fixture;

/* ---- helpers ---- */

/* Copies a folder (files, folders and symlinks as links), writable. */
static void
copy_tree (const char *src,
           const char *dst)
{
  struct stat st;

  g_assert_cmpint (g_lstat (src, &st), ==, 0);
  if (S_ISLNK (st.st_mode))
    {
      g_autofree char *target = g_file_read_link (src, NULL);

      g_assert_nonnull (target);
      g_assert_cmpint (symlink (target, dst), ==, 0);
    }
  else if (S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) dir = g_dir_open (src, 0, NULL);
      const char *name;

      g_assert_nonnull (dir);
      g_assert_cmpint (g_mkdir_with_parents (dst, 0755), ==, 0);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *s = g_build_filename (src, name, NULL);
          g_autofree char *d = g_build_filename (dst, name, NULL);

          copy_tree (s, d);
        }
    }
  else
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *contents = NULL;
      gsize len;

      g_file_get_contents (src, &contents, &len, &error);
      g_assert_no_error (error);
      g_file_set_contents (dst, contents, len, &error);
      g_assert_no_error (error);
    }
}

static void
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

/* Same inode: robust against symlinks and spelling of the path. */
static gboolean
same_file (const char *a,
           const char *b)
{
  struct stat sa, sb;

  if (a == NULL || b == NULL || g_stat (a, &sa) != 0 || g_stat (b, &sb) != 0)
    return FALSE;
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

#define assert_same_file(a, b)                                              \
  G_STMT_START                                                              \
  {                                                                         \
    if (!same_file ((a), (b)))                                              \
      g_error ("%s:%d: %s and %s are not the same file",                    \
               __FILE__, __LINE__, (a) ? (a) : "(null)", (b) ? (b) : "(null)"); \
  }                                                                         \
  G_STMT_END

static gboolean
warnings_mention (CtTraceFolder *folder,
                  const char    *word1,
                  const char    *word2)
{
  const char * const *warnings = ct_trace_folder_get_warnings (folder);

  for (guint i = 0; warnings[i] != NULL; i++)
    if (strstr (warnings[i], word1) != NULL && (word2 == NULL || strstr (warnings[i], word2) != NULL))
      return TRUE;
  return FALSE;
}

/* Compares the folder's side files with what json-glib reads from them. */
static void
assert_side_files (CtTraceFolder *folder,
                   const char    *dir)
{
  g_autofree char *meta_path = g_build_filename (dir, "trace_metadata.json", NULL);
  g_autofree char *paths_path = g_build_filename (dir, "trace_paths.json", NULL);
  g_autoptr(JsonNode) meta = ct_test_json_load_file (meta_path);
  g_autoptr(JsonNode) paths = ct_test_json_load_file (paths_path);
  JsonObject *expected = json_node_get_object (meta);
  JsonObject *got = ct_trace_folder_get_metadata (folder);
  JsonArray *args = json_object_get_array_member (expected, "args");
  JsonArray *path_array = json_node_get_array (paths);
  const char * const *got_args = ct_trace_folder_get_args (folder);
  const char * const *got_paths = ct_trace_folder_get_paths (folder);
  g_autoptr(GList) members = NULL;

  g_assert_nonnull (got);
  g_assert_cmpuint (json_object_get_size (got), ==, json_object_get_size (expected));
  members = json_object_get_members (expected);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *want = json_object_get_member (expected, l->data);
      JsonNode *have = json_object_get_member (got, l->data);

      g_test_message ("metadata key %s", (const char *) l->data);
      g_assert_nonnull (have);
      g_assert_true (json_node_equal (want, have));
    }

  g_assert_cmpstr (ct_trace_folder_get_program (folder), ==,
                   json_object_get_string_member (expected, "program"));
  g_assert_cmpstr (ct_trace_folder_get_workdir (folder), ==,
                   json_object_get_string_member (expected, "workdir"));
  g_assert_cmpuint (g_strv_length ((char **) got_args), ==, json_array_get_length (args));
  for (guint i = 0; i < json_array_get_length (args); i++)
    g_assert_cmpstr (got_args[i], ==, json_array_get_string_element (args, i));

  g_assert_cmpuint (g_strv_length ((char **) got_paths), ==, json_array_get_length (path_array));
  for (guint i = 0; i < json_array_get_length (path_array); i++)
    g_assert_cmpstr (got_paths[i], ==, json_array_get_string_element (path_array, i));
}

/* A small trace folder: trace.json plus the side files */
static void
make_small_folder (const char *dir,
                   const char *metadata)
{
  write_file (dir, "trace.json",
              "[\n{\"Path\":\"\"},\n{\"Path\":\"/src/a.py\"},\n"
              "{\"Step\":{\"path_id\":1,\"line\":1}}\n]\n");
  write_file (dir, "trace_metadata.json",
              metadata != NULL ? metadata
                               : "{\"workdir\":\"/src\",\"program\":\"/src/a.py\",\"args\":[\"/src/a.py\"]}");
  write_file (dir, "trace_paths.json", "[\"\",\"/src/a.py\"]");
}

/* ---- opening ---- */

static void
test_open_fixture_json (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *dir = ct_test_require_fixture_dir ("py-calc", "json");
  g_autofree char *trace = NULL;
  g_autoptr(CtTraceFolder) folder = NULL;
  g_autoptr(CtReader) reader = NULL;
  g_autoptr(GError) error = NULL;

  if (dir == NULL)
    return;
  trace = g_build_filename (dir, "trace.json", NULL);

  folder = ct_trace_folder_open (dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (folder);
  assert_same_file (ct_trace_folder_get_dir (folder), dir);
  g_assert_true (g_path_is_absolute (ct_trace_folder_get_dir (folder)));
  assert_same_file (ct_trace_folder_get_trace_file (folder), trace);
  g_assert_true (g_str_has_suffix (ct_trace_folder_get_trace_file (folder), "/trace.json"));
  g_assert_cmpint (ct_trace_folder_get_encoding (folder), ==, CT_ENCODING_JSON);
  g_assert_false (ct_trace_folder_has_both (folder));
  g_assert_cmpuint (g_strv_length ((char **) ct_trace_folder_get_warnings (folder)), ==, 0);
  assert_side_files (folder, dir);

  /* FORMAT.md 7: path 0 is "" */
  g_assert_cmpstr (ct_trace_folder_get_paths (folder)[0], ==, "");

  reader = ct_trace_folder_open_reader (folder, CT_READER_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reader);
  g_assert_cmpint (ct_reader_get_encoding (reader), ==, CT_ENCODING_JSON);
  assert_same_file (ct_reader_get_path (reader), trace);
}

static void
test_open_fixture_binary (Fixture       *f,
                          gconstpointer  data)
{
  static const struct
  {
    const char *encoding_dir;
    CtEncoding  encoding;
  } cases[] = {
    { "v1", CT_ENCODING_BINARY_V1 },
    { "v0", CT_ENCODING_BINARY_V0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *dir = ct_test_require_fixture_dir ("rb0915-addition", cases[i].encoding_dir);
      g_autofree char *trace = NULL;
      g_autoptr(CtTraceFolder) folder = NULL;
      g_autoptr(GError) error = NULL;

      if (dir == NULL)
        return;
      trace = g_build_filename (dir, "trace.bin", NULL);
      folder = ct_trace_folder_open (dir, &error);
      g_assert_no_error (error);
      assert_same_file (ct_trace_folder_get_dir (folder), dir);
      assert_same_file (ct_trace_folder_get_trace_file (folder), trace);
      g_assert_cmpint (ct_trace_folder_get_encoding (folder), ==, cases[i].encoding);
      g_assert_false (ct_trace_folder_has_both (folder));
      assert_side_files (folder, dir);
    }
}

/* `path` may name the trace file itself */
static void
test_open_file_directly (Fixture       *f,
                         gconstpointer  data)
{
  static const char * const cases[][2] = {
    { "json", "trace.json" },
    { "v1", "trace.bin" },
    { "v0", "trace.bin" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *dir = ct_test_require_fixture_dir ("py-calc", cases[i][0]);
      g_autofree char *trace = NULL;
      g_autoptr(CtTraceFolder) folder = NULL;
      g_autoptr(GError) error = NULL;

      if (dir == NULL)
        return;
      trace = g_build_filename (dir, cases[i][1], NULL);
      folder = ct_trace_folder_open (trace, &error);
      g_assert_no_error (error);
      assert_same_file (ct_trace_folder_get_dir (folder), dir);
      assert_same_file (ct_trace_folder_get_trace_file (folder), trace);
      g_assert_cmpint (ct_trace_folder_get_encoding (folder), ==,
                       i == 0 ? CT_ENCODING_JSON : i == 1 ? CT_ENCODING_BINARY_V1 : CT_ENCODING_BINARY_V0);
      assert_side_files (folder, dir);
    }

  /* a relative spelling works as well */
  {
    g_autofree char *dir = ct_test_require_fixture_dir ("py-calc", "json");
    g_autofree char *cwd = g_get_current_dir ();
    g_autoptr(CtTraceFolder) folder = NULL;
    g_autoptr(GError) error = NULL;

    if (dir == NULL)
      return;
    g_assert_cmpint (g_chdir (dir), ==, 0);
    folder = ct_trace_folder_open ("trace.json", &error);
    g_assert_cmpint (g_chdir (cwd), ==, 0);
    g_assert_no_error (error);
    g_assert_true (g_path_is_absolute (ct_trace_folder_get_dir (folder)));
    assert_same_file (ct_trace_folder_get_dir (folder), dir);
  }
}

static void
test_metadata_extra_keys (Fixture       *f,
                          gconstpointer  data)
{
  static const char metadata[] =
    "{\n"
    "  \"workdir\": \"/home/user/demo/ruby\",\n"
    "  \"program\": \"/home/user/demo/ruby/x.rb\",\n"
    "  \"args\": [\"--fast\", \"in put\"],\n"
    "  \"recorder\": {\"name\": \"codetracer-ruby-recorder\", \"version\": \"0.9.1\"},\n"
    "  \"process_exit_status\": 1,\n"
    "  \"trace_filter\": null,\n"
    "  \"exit_reason\": \"exception\",\n"
    "  \"tags\": [1, 2.5, true, {\"k\": []}]\n"
    "}\n";
  g_autoptr(CtTraceFolder) folder = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *meta;

  make_small_folder (f->dir, metadata);
  folder = ct_trace_folder_open (f->dir, &error);
  g_assert_no_error (error);
  assert_side_files (folder, f->dir);

  meta = ct_trace_folder_get_metadata (folder);
  g_assert_cmpuint (json_object_get_size (meta), ==, 8);
  g_assert_true (json_object_has_member (meta, "recorder"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (meta, "recorder"), "name"),
                   ==, "codetracer-ruby-recorder");
  g_assert_cmpint (json_object_get_int_member (meta, "process_exit_status"), ==, 1);
  g_assert_true (json_object_get_null_member (meta, "trace_filter"));
  g_assert_cmpuint (g_strv_length ((char **) ct_trace_folder_get_warnings (folder)), ==, 0);
}

static void
test_metadata_missing (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(CtTraceFolder) folder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *meta = g_build_filename (f->dir, "trace_metadata.json", NULL);
  g_autofree char *paths = g_build_filename (f->dir, "trace_paths.json", NULL);

  make_small_folder (f->dir, NULL);
  g_assert_cmpint (g_unlink (meta), ==, 0);
  g_assert_cmpint (g_unlink (paths), ==, 0);

  folder = ct_trace_folder_open (f->dir, &error);
  g_assert_no_error (error);
  g_assert_null (ct_trace_folder_get_metadata (folder));
  g_assert_null (ct_trace_folder_get_program (folder));
  g_assert_null (ct_trace_folder_get_workdir (folder));
  g_assert_nonnull (ct_trace_folder_get_args (folder));
  g_assert_null (ct_trace_folder_get_args (folder)[0]);
  g_assert_nonnull (ct_trace_folder_get_paths (folder));
  g_assert_null (ct_trace_folder_get_paths (folder)[0]);
  g_assert_true (warnings_mention (folder, "trace_metadata.json", NULL));
  g_assert_true (warnings_mention (folder, "trace_paths.json", NULL));

  /* damaged side files are warnings too, not errors */
  write_file (f->dir, "trace_metadata.json", "{\"workdir\": ");
  write_file (f->dir, "trace_paths.json", "{}");
  g_clear_object (&folder);
  folder = ct_trace_folder_open (f->dir, &error);
  g_assert_no_error (error);
  g_assert_null (ct_trace_folder_get_program (folder));
  g_assert_true (warnings_mention (folder, "trace_metadata.json", NULL));
  g_assert_true (warnings_mention (folder, "trace_paths.json", NULL));
}

/* Both trace.json and trace.bin: the binary wins, and the folder says so. */
static void
test_both_encodings (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *json_dir = ct_test_require_fixture_dir ("py-calc", "json");
  g_autofree char *v1_dir = ct_test_require_fixture_dir ("py-calc", "v1");
  g_autofree char *src = NULL;
  g_autofree char *dst = NULL;
  g_autofree char *bin = NULL;
  g_autoptr(CtTraceFolder) folder = NULL;
  g_autoptr(CtReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  if (json_dir == NULL || v1_dir == NULL)
    return;
  dst = g_build_filename (f->dir, "both", NULL);
  copy_tree (json_dir, dst);
  src = g_build_filename (v1_dir, "trace.bin", NULL);
  bin = g_build_filename (dst, "trace.bin", NULL);
  copy_tree (src, bin);

  folder = ct_trace_folder_open (dst, &error);
  g_assert_no_error (error);
  g_assert_true (ct_trace_folder_has_both (folder));
  g_assert_cmpint (ct_trace_folder_get_encoding (folder), ==, CT_ENCODING_BINARY_V1);
  assert_same_file (ct_trace_folder_get_trace_file (folder), bin);
  g_assert_true (warnings_mention (folder, "trace.bin", "trace.json"));
  assert_side_files (folder, dst);

  reader = ct_trace_folder_open_reader (folder, CT_READER_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ct_reader_get_encoding (reader), ==, CT_ENCODING_BINARY_V1);
  while (ct_reader_next (reader, &error) != NULL)
    n++;
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 29); /* fixtures README: py-calc has 29 events */
}

static void
test_errors (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (f->dir, "no-such-folder", NULL);
  g_autofree char *empty = g_build_filename (f->dir, "empty", NULL);
  g_autofree char *bad = g_build_filename (f->dir, "bad", NULL);
  CtTraceFolder *folder;
  GError *error = NULL;

  folder = ct_trace_folder_open (missing, &error);
  g_assert_null (folder);
  g_assert_nonnull (error);
  g_test_message ("missing folder: %s", error->message);
  g_assert_nonnull (strstr (error->message, missing));
  g_clear_error (&error);

  /* a folder with side files but no trace */
  g_assert_cmpint (g_mkdir (empty, 0755), ==, 0);
  write_file (empty, "trace_metadata.json", "{\"workdir\":\"/\",\"program\":\"p\",\"args\":[]}");
  folder = ct_trace_folder_open (empty, &error);
  g_assert_null (folder);
  g_assert_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_NOT_FOUND);
  g_test_message ("no trace: %s", error->message);
  g_assert_nonnull (strstr (error->message, "empty"));
  g_clear_error (&error);

  /* a trace.bin of an unknown version */
  g_assert_cmpint (g_mkdir (bad, 0755), ==, 0);
  {
    g_autofree char *path = g_build_filename (bad, "trace.bin", NULL);

    g_file_set_contents (path, "\xC0\xDE\x72\xAC\xE2\x07\x00\x00\x28\xb5\x2f\xfd", 12, &error);
    g_assert_no_error (error);
    folder = ct_trace_folder_open (bad, &error);
    g_assert_null (folder);
    g_assert_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_HEADER);
    g_assert_nonnull (strstr (error->message, path));
    g_clear_error (&error);
  }
}

/* ---- resolve_source ---- */

static CtTraceFolder *
open_copy (Fixture    *f,
           const char *name,
           char      **out_dir)
{
  g_autofree char *src = ct_test_require_fixture_dir (name, "json");
  g_autoptr(GError) error = NULL;
  CtTraceFolder *folder;

  if (src == NULL)
    return NULL;
  *out_dir = g_build_filename (f->dir, name, NULL);
  copy_tree (src, *out_dir);
  folder = ct_trace_folder_open (*out_dir, &error);
  g_assert_no_error (error);
  return folder;
}

static void
assert_resolves_to (CtTraceFolder *folder,
                    const char    *recorded,
                    const char    *expected_file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *got = ct_trace_folder_resolve_source (folder, recorded, &error);
  g_autofree char *want_contents = NULL;
  g_autofree char *got_contents = NULL;

  g_test_message ("resolve %s -> %s", recorded, got ? got : "(null)");
  g_assert_no_error (error);
  g_assert_nonnull (got);
  assert_same_file (got, expected_file);
  g_assert_true (g_file_get_contents (expected_file, &want_contents, NULL, NULL));
  g_assert_true (g_file_get_contents (got, &got_contents, NULL, NULL));
  g_assert_cmpstr (got_contents, ==, want_contents);
}

static void
assert_resolve_fails (CtTraceFolder *folder,
                      const char    *recorded,
                      int            code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *got = ct_trace_folder_resolve_source (folder, recorded, &error);

  g_test_message ("resolve %s -> %s (%s)", recorded, got ? got : "(null)",
                  error ? error->message : "no error");
  g_assert_null (got);
  g_assert_error (error, CT_TRACE_ERROR, code);
}

static void
test_resolve_fixtures (Fixture       *f,
                       gconstpointer  data)
{
  static const char * const names[] = {
    "example-ruby-flow_test", "py-bigint", "py-calc", "py-classes_methods", "py-exceptions",
    "py-generators_async", "py-recursion", "py-value_capture_all", "py0825-value_capture_all",
    "rb-classes", "rb-control_flow", "rb0915-addition", "rb0915-blocks_procs_lambdas",
    "rb0915-collections_extras", "rb0915-control_flow", "rb0915-exceptions", "rb0915-more_types",
    "rb0915-nested_calls",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *dir = ct_test_require_fixture_dir (names[i], "json");
      g_autofree char *paths_file = NULL;
      g_autoptr(JsonNode) paths = NULL;
      g_autoptr(CtTraceFolder) folder = NULL;
      g_autoptr(GError) error = NULL;
      JsonArray *array;

      if (dir == NULL)
        return;
      paths_file = g_build_filename (dir, "trace_paths.json", NULL);
      paths = ct_test_json_load_file (paths_file);
      array = json_node_get_array (paths);
      folder = ct_trace_folder_open (dir, &error);
      g_assert_no_error (error);

      for (guint j = 0; j < json_array_get_length (array); j++)
        {
          const char *recorded = json_array_get_string_element (array, j);
          g_autofree char *expected = NULL;

          if (recorded[0] == '\0')
            {
              /* path 0, the <top-level> function's: no source */
              assert_resolve_fails (folder, recorded, CT_TRACE_ERROR_NOT_FOUND);
              continue;
            }
          /* README: files/<absolute path without the leading slash>, and for
           * Python traces files/<relative path> as well */
          expected = g_build_filename (dir, "files", recorded, NULL);
          g_assert_true (g_file_test (expected, G_FILE_TEST_IS_REGULAR));
          assert_resolves_to (folder, recorded, expected);
        }
    }
}

static void
test_resolve_absolute_and_relative (Fixture       *f,
                                    gconstpointer  data)
{
  g_autofree char *dir = ct_test_require_fixture_dir ("py-calc", "json");
  g_autofree char *abs_copy = NULL;
  g_autofree char *rel_copy = NULL;
  g_autoptr(CtTraceFolder) folder = NULL;
  g_autoptr(GError) error = NULL;

  if (dir == NULL)
    return;
  abs_copy = g_build_filename (dir, "files", "home", "user", "demo", "python", "calc.py", NULL);
  rel_copy = g_build_filename (dir, "files", "calc.py", NULL);
  folder = ct_trace_folder_open (dir, &error);
  g_assert_no_error (error);

  assert_resolves_to (folder, "/home/user/demo/python/calc.py", abs_copy);
  assert_resolves_to (folder, "calc.py", rel_copy);
  assert_resolves_to (folder, "./calc.py", rel_copy);
  assert_resolves_to (folder, "/home/user/demo/python//calc.py", abs_copy);
}

/* Without files/calc.py, "calc.py" is found beside the traced program
 * (args[0]) mirrored under files/ (FORMAT.md 7). */
static void
test_resolve_relative_via_program (Fixture       *f,
                                   gconstpointer  data)
{
  g_autofree char *src = ct_test_require_fixture_dir ("py-calc", "json");
  g_autofree char *dir = NULL;
  g_autofree char *top = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(CtTraceFolder) folder = NULL;
  g_autoptr(GError) error = NULL;

  if (src == NULL)
    return;
  dir = g_build_filename (f->dir, "py-calc", NULL);
  copy_tree (src, dir);
  top = g_build_filename (dir, "files", "calc.py", NULL);
  g_assert_cmpint (g_unlink (top), ==, 0);
  expected = g_build_filename (dir, "files", "home", "user", "demo", "python", "calc.py", NULL);

  folder = ct_trace_folder_open (dir, &error);
  g_assert_no_error (error);
  assert_resolves_to (folder, "calc.py", expected);
}

static void
test_resolve_dotdot (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *dir = NULL;
  g_autoptr(CtTraceFolder) folder = open_copy (f, "py-calc", &dir);
  g_autofree char *meta_copy = NULL;

  if (folder == NULL)
    return;
  assert_resolve_fails (folder, "../../etc/passwd", CT_TRACE_ERROR_UNSAFE_PATH);
  assert_resolve_fails (folder, "/home/user/../../../etc/passwd", CT_TRACE_ERROR_UNSAFE_PATH);
  assert_resolve_fails (folder, "../trace_metadata.json", CT_TRACE_ERROR_UNSAFE_PATH);
  assert_resolve_fails (folder, "home/..", CT_TRACE_ERROR_UNSAFE_PATH);

  /* even when the target exists inside the folder */
  meta_copy = g_build_filename (dir, "files", "..", "trace_metadata.json", NULL);
  g_assert_true (g_file_test (meta_copy, G_FILE_TEST_IS_REGULAR));
  assert_resolve_fails (folder, "../trace_metadata.json", CT_TRACE_ERROR_UNSAFE_PATH);
}

static void
test_resolve_symlink_out (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *dir = NULL;
  g_autoptr(CtTraceFolder) folder = open_copy (f, "py-calc", &dir);
  g_autofree char *evil = NULL;
  g_autofree char *evil_rel = NULL;
  g_autofree char *evil_dir = NULL;
  g_autofree char *alias = NULL;
  g_autofree char *outside = NULL;
  g_autofree char *depth = NULL;

  if (folder == NULL)
    return;
  g_assert_true (g_file_test ("/etc/passwd", G_FILE_TEST_IS_REGULAR));

  /* absolute link to a host file */
  evil = g_build_filename (dir, "files", "evil.py", NULL);
  g_assert_cmpint (symlink ("/etc/passwd", evil), ==, 0);
  /* relative link climbing out of the folder, to a file beside it */
  outside = g_build_filename (f->dir, "secret.txt", NULL);
  write_file (f->dir, "secret.txt", "not part of the trace\n");
  evil_rel = g_build_filename (dir, "files", "home", "user", "demo", "python", "secret.py", NULL);
  depth = g_strdup ("../../../../../../secret.txt");
  g_assert_cmpint (symlink (depth, evil_rel), ==, 0);
  g_assert_true (same_file (evil_rel, outside));
  /* a linked folder */
  evil_dir = g_build_filename (dir, "files", "home", "user", "etc", NULL);
  g_assert_cmpint (symlink ("/etc", evil_dir), ==, 0);
  /* a link that stays inside files/ is fine */
  alias = g_build_filename (dir, "files", "alias.py", NULL);
  g_assert_cmpint (symlink ("calc.py", alias), ==, 0);

  assert_resolve_fails (folder, "evil.py", CT_TRACE_ERROR_UNSAFE_PATH);
  assert_resolve_fails (folder, "/evil.py", CT_TRACE_ERROR_UNSAFE_PATH);
  assert_resolve_fails (folder, "/home/user/demo/python/secret.py", CT_TRACE_ERROR_UNSAFE_PATH);
  assert_resolve_fails (folder, "secret.py", CT_TRACE_ERROR_UNSAFE_PATH);
  assert_resolve_fails (folder, "/home/user/etc/passwd", CT_TRACE_ERROR_UNSAFE_PATH);

  {
    g_autofree char *calc = g_build_filename (dir, "files", "calc.py", NULL);
    assert_resolves_to (folder, "alias.py", calc);
  }
}

/* files/ itself a link to a host folder: nothing under it may be served. */
static void
test_resolve_files_dir_symlink (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (f->dir, "t", NULL);
  g_autofree char *files = g_build_filename (dir, "files", NULL);
  g_autoptr(CtTraceFolder) folder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *got = NULL;

  g_assert_true (g_file_test ("/etc/passwd", G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
  make_small_folder (dir, NULL);
  g_assert_cmpint (symlink ("/etc", files), ==, 0);

  folder = ct_trace_folder_open (dir, &error);
  g_assert_no_error (error);
  got = ct_trace_folder_resolve_source (folder, "/passwd", &error);
  g_test_message ("resolve /passwd with files -> /etc: %s", got ? got : error->message);
  g_assert_null (got);
  g_assert_nonnull (error);
  g_assert_true (g_error_matches (error, CT_TRACE_ERROR, CT_TRACE_ERROR_UNSAFE_PATH) ||
                 g_error_matches (error, CT_TRACE_ERROR, CT_TRACE_ERROR_NOT_FOUND));
}

static void
test_resolve_not_captured (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *dir = ct_test_require_fixture_dir ("py-calc", "json");
  g_autoptr(CtTraceFolder) folder = NULL;
  g_autoptr(GError) error = NULL;

  if (dir == NULL)
    return;
  folder = ct_trace_folder_open (dir, &error);
  g_assert_no_error (error);

  g_assert_true (g_file_test ("/etc/passwd", G_FILE_TEST_IS_REGULAR));
  assert_resolve_fails (folder, "/home/user/demo/python/other.py", CT_TRACE_ERROR_NOT_FOUND);
  assert_resolve_fails (folder, "nothere.py", CT_TRACE_ERROR_NOT_FOUND);
  assert_resolve_fails (folder, "", CT_TRACE_ERROR_NOT_FOUND);
  /* a folder is not a source file */
  assert_resolve_fails (folder, "/home/user", CT_TRACE_ERROR_NOT_FOUND);
  /* never the host's own file */
  assert_resolve_fails (folder, "/etc/passwd", CT_TRACE_ERROR_NOT_FOUND);
}

static void
test_resolve_no_files_dir (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *src = ct_test_require_fixture_dir ("py-calc", "json");
  g_autofree char *dir = NULL;
  g_autoptr(CtTraceFolder) folder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *files = NULL;

  if (src == NULL)
    return;
  dir = g_build_filename (f->dir, "py-calc", NULL);
  copy_tree (src, dir);
  files = g_build_filename (dir, "files", NULL);
  g_assert_true (ct_test_remove_tree (files));

  folder = ct_trace_folder_open (dir, &error);
  g_assert_no_error (error);

  /* /etc/passwd exists here, and must still not be returned */
  g_assert_true (g_file_test ("/etc/passwd", G_FILE_TEST_IS_REGULAR));
  assert_resolve_fails (folder, "/etc/passwd", CT_TRACE_ERROR_NOT_FOUND);
  assert_resolve_fails (folder, "calc.py", CT_TRACE_ERROR_NOT_FOUND);
  assert_resolve_fails (folder, "/home/user/demo/python/calc.py", CT_TRACE_ERROR_NOT_FOUND);
  /* trace.json is in the folder, but it is not a captured source */
  assert_resolve_fails (folder, "trace.json", CT_TRACE_ERROR_NOT_FOUND);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/trace-folder/" name, Fixture, NULL, ct_test_dir_fixture_setup, func, ct_test_dir_fixture_teardown)

  ADD ("open/fixture-json", test_open_fixture_json);
  ADD ("open/fixture-binary", test_open_fixture_binary);
  ADD ("open/file-directly", test_open_file_directly);
  ADD ("open/both-encodings", test_both_encodings);
  ADD ("open/errors", test_errors);
  ADD ("metadata/extra-keys", test_metadata_extra_keys);
  ADD ("metadata/missing", test_metadata_missing);
  ADD ("resolve/fixtures", test_resolve_fixtures);
  ADD ("resolve/absolute-and-relative", test_resolve_absolute_and_relative);
  ADD ("resolve/relative-via-program", test_resolve_relative_via_program);
  ADD ("resolve/dotdot", test_resolve_dotdot);
  ADD ("resolve/symlink-out", test_resolve_symlink_out);
  ADD ("resolve/not-captured", test_resolve_not_captured);
  ADD ("resolve/no-files-dir", test_resolve_no_files_dir);
  ADD ("resolve/files-dir-symlink", test_resolve_files_dir_symlink);

#undef ADD

  return g_test_run ();
}
