/* ct-test-utils.c: helpers shared by the tests
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ct-test-utils.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

const char * const ct_test_count_keys[] = {
  "events", "steps", "calls", "returns", "unfinished_calls", "max_depth",
  "io_events", "paths", "functions", "types", "variable_names", "values",
  NULL
};

/* ------------------------------------------------------------------------
 * Fixtures
 * ------------------------------------------------------------------------ */

/* `path` when g_file_test (path, test), else NULL after freeing it and
 * calling g_test_skip() with "<what><path> is missing" */
static char *
require_path (char       *path,
              GFileTest   test,
              const char *what)
{
  if (!g_file_test (path, test))
    {
      g_autofree char *message = g_strdup_printf ("%s%s is missing", what, path);

      g_test_skip (message);
      g_free (path);
      return NULL;
    }

  return path;
}

const char *
ct_test_get_shared_dir (void)
{
  const char *dir = g_getenv ("CT_SHARED_DIR");

  if (dir == NULL || *dir == '\0' || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    return NULL;

  return dir;
}

char *
ct_test_require_fixtures (void)
{
  const char *shared = ct_test_get_shared_dir ();

  if (shared == NULL)
    {
      g_test_skip ("shared fixtures not found: set CT_SHARED_DIR to the folder holding fixtures/");
      return NULL;
    }

  return require_path (g_build_filename (shared, "fixtures", NULL), G_FILE_TEST_IS_DIR,
                       "shared fixtures not found: ");
}

char *
ct_test_fixture_dir (const char *name,
                     const char *encoding_dir)
{
  const char *shared = ct_test_get_shared_dir ();

  return g_build_filename (shared != NULL ? shared : ".", "fixtures", name, encoding_dir, NULL);
}

char *
ct_test_require_fixture_dir (const char *name,
                             const char *encoding_dir)
{
  g_autofree char *fixtures = ct_test_require_fixtures ();

  if (fixtures == NULL)
    return NULL;

  return require_path (ct_test_fixture_dir (name, encoding_dir), G_FILE_TEST_IS_DIR,
                       "fixture folder ");
}

char *
ct_test_fixture_trace_file (const char *name,
                            const char *encoding_dir)
{
  g_autofree char *dir = ct_test_fixture_dir (name, encoding_dir);

  return g_build_filename (dir, g_strcmp0 (encoding_dir, "json") == 0 ? "trace.json" : "trace.bin",
                           NULL);
}

char *
ct_test_require_fixture_trace_file (const char *name,
                                    const char *encoding_dir)
{
  g_autofree char *dir = ct_test_require_fixture_dir (name, encoding_dir);

  if (dir == NULL)
    return NULL;

  return require_path (ct_test_fixture_trace_file (name, encoding_dir), G_FILE_TEST_IS_REGULAR, "");
}

static void
skip_test (gconstpointer data)
{
  g_test_skip (data);
}

void
ct_test_add_skip (const char *test_path,
                  const char *reason)
{
  g_test_add_data_func_full (test_path, g_strdup (reason), skip_test, g_free);
}

static void
fixture_free (gpointer data)
{
  CtTestFixture *fixture = data;

  g_free (fixture->name);
  g_strfreev (fixture->encodings);
  g_hash_table_unref (fixture->columns);
  g_free (fixture);
}

/* "| a | b |" -> {"a", "b"}; NULL for a line that is not a table row */
static char **
split_row (const char *line)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (line));
  g_auto(GStrv) parts = NULL;
  GPtrArray *cells;
  guint n;

  if (trimmed[0] != '|')
    return NULL;

  parts = g_strsplit (trimmed, "|", -1);
  n = g_strv_length (parts);
  cells = g_ptr_array_new ();

  /* the pieces before the first and after the last '|' are empty */
  for (guint i = 1; i + 1 < n || (i + 1 == n && parts[i][0] != '\0'); i++)
    g_ptr_array_add (cells, g_strstrip (g_strdup (parts[i])));
  g_ptr_array_add (cells, NULL);

  return (char **) g_ptr_array_free (cells, FALSE);
}

static gboolean
is_separator_row (char **cells)
{
  for (guint i = 0; cells[i] != NULL; i++)
    {
      if (cells[i][0] == '\0' || strspn (cells[i], "-:") != strlen (cells[i]))
        return FALSE;
    }

  return TRUE;
}

GHashTable *
ct_test_load_fixture_table (const char  *readme_path,
                            GError     **error)
{
  g_autoptr(GHashTable) table = NULL;
  g_autofree char *default_path = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) header = NULL;

  if (readme_path == NULL)
    {
      const char *shared = ct_test_get_shared_dir ();

      if (shared == NULL)
        {
          g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                               "CT_SHARED_DIR is not set");
          return NULL;
        }
      readme_path = default_path = g_build_filename (shared, "fixtures", "README.md", NULL);
    }

  if (!g_file_get_contents (readme_path, &contents, NULL, error))
    return NULL;

  table = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, fixture_free);
  lines = g_strsplit (contents, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cells = split_row (lines[i]);
      CtTestFixture *fixture;
      const char *encodings;

      if (cells == NULL)
        {
          /* a table ended */
          g_clear_pointer (&header, g_strfreev);
          continue;
        }

      /* only the table whose first column is "fixture" holds the counts */
      if (header == NULL)
        {
          if (g_strcmp0 (cells[0], "fixture") == 0)
            header = g_steal_pointer (&cells);
          else
            header = g_strdupv ((char **) (const char * const[]) { "", NULL });
          continue;
        }

      if (g_strcmp0 (header[0], "fixture") != 0 || is_separator_row (cells))
        continue;

      if (g_strv_length (cells) != g_strv_length (header))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s:%u: %u cells in a row of a %u column table",
                       readme_path, i + 1, g_strv_length (cells), g_strv_length (header));
          return NULL;
        }

      fixture = g_new0 (CtTestFixture, 1);
      fixture->name = g_strdup (cells[0]);
      fixture->columns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      for (guint c = 0; header[c] != NULL; c++)
        g_hash_table_insert (fixture->columns, g_strdup (header[c]), g_strdup (cells[c]));

      encodings = g_hash_table_lookup (fixture->columns, "encodings");
      fixture->encodings = g_strsplit (encodings != NULL ? encodings : "", ",", -1);
      for (guint e = 0; fixture->encodings[e] != NULL; e++)
        g_strstrip (fixture->encodings[e]);

      g_hash_table_replace (table, fixture->name, fixture);
    }

  if (g_hash_table_size (table) == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s: no table with a “fixture” column", readme_path);
      return NULL;
    }

  return g_steal_pointer (&table);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

char **
ct_test_fixture_names (GHashTable *table,
                       gboolean    include_large)
{
  GPtrArray *names = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (include_large || !g_str_has_prefix (key, "large/"))
        g_ptr_array_add (names, g_strdup (key));
    }

  g_ptr_array_sort (names, compare_strings);
  g_ptr_array_add (names, NULL);

  return (char **) g_ptr_array_free (names, FALSE);
}

const char *
ct_test_fixture_get (const CtTestFixture *fixture,
                     const char          *column)
{
  return g_hash_table_lookup (fixture->columns, column);
}

gboolean
ct_test_fixture_get_count (const CtTestFixture *fixture,
                           const char          *column,
                           guint64             *out_value)
{
  const char *cell = ct_test_fixture_get (fixture, column);

  return cell != NULL && g_ascii_string_to_unsigned (cell, 10, 0, G_MAXUINT64, out_value, NULL);
}

gboolean
ct_test_fixture_has_encoding (const CtTestFixture *fixture,
                              const char          *encoding_dir)
{
  return g_strv_contains ((const char * const *) fixture->encodings, encoding_dir);
}

gboolean
ct_test_fixture_is_clean (const CtTestFixture *fixture)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, fixture->columns);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (g_str_has_prefix (key, "deviations"))
        return g_strcmp0 (value, "none") == 0;
    }

  return FALSE;
}

const char *
ct_test_encoding_name (const char *encoding_dir)
{
  if (g_strcmp0 (encoding_dir, "json") == 0)
    return "json";
  if (g_strcmp0 (encoding_dir, "v1") == 0)
    return "binary";
  if (g_strcmp0 (encoding_dir, "v0") == 0)
    return "binary-v0";
  return NULL;
}

/* ------------------------------------------------------------------------
 * Running programs
 * ------------------------------------------------------------------------ */

CtTestRun *
ct_test_run (const char * const  *argv,
             GError             **error)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(CtTestRun) run = g_new0 (CtTestRun, 1);
  g_autofree char *command = g_strjoinv (" ", (char **) argv);
  const char *data;
  gsize len;

  process = g_subprocess_newv (argv,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               error);
  if (process == NULL)
    return NULL;

  if (!g_subprocess_communicate (process, NULL, NULL, &run->out, &run->err, error))
    return NULL;

  if (g_subprocess_get_if_exited (process))
    {
      run->exit_status = g_subprocess_get_exit_status (process);
    }
  else
    {
      run->exit_status = -1;
      run->term_signal = g_subprocess_get_term_sig (process);
    }

  /* two statements each: argument evaluation order is unspecified */
  data = g_bytes_get_data (run->out, &len);
  run->out_text = data != NULL ? g_strndup (data, len) : g_strdup ("");
  data = g_bytes_get_data (run->err, &len);
  run->err_text = data != NULL ? g_strndup (data, len) : g_strdup ("");
  run->description = g_strdup_printf ("`%s` exited with %d (signal %d); stderr: %.2000s",
                                      command, run->exit_status, run->term_signal,
                                      run->err_text);

  return g_steal_pointer (&run);
}

const char *
ct_test_require_codetrace (void)
{
  const char *path = g_getenv ("CT_CODETRACE");

  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("the codetrace binary was not found: set CT_CODETRACE to its path");
      return NULL;
    }

  return path;
}

CtTestRun *
ct_test_run_codetrace_argv (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  CtTestRun *run;

  g_ptr_array_add (argv, (gpointer) g_getenv ("CT_CODETRACE"));
  g_assert_nonnull (argv->pdata[0]);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  run = ct_test_run ((const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  return run;
}

CtTestRun *
ct_test_run_codetrace (const char *first_arg,
                       ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  return ct_test_run_codetrace_argv ((const char * const *) args->pdata);
}

void
ct_test_run_must_succeed (const char * const *argv,
                          const char         *format,
                          ...)
{
  g_autoptr(CtTestRun) run = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *what = NULL;
  va_list ap;

  va_start (ap, format);
  what = g_strdup_vprintf (format, ap);
  va_end (ap);

  run = ct_test_run (argv, &error);
  if (run == NULL)
    g_error ("%s: %s cannot be started: %s", what, argv[0], error->message);
  if (run->exit_status != 0)
    g_error ("%s: %s", what, ct_test_run_describe (run));
}

void
ct_test_run_free (CtTestRun *run)
{
  if (run == NULL)
    return;

  g_clear_pointer (&run->out, g_bytes_unref);
  g_clear_pointer (&run->err, g_bytes_unref);
  g_free (run->out_text);
  g_free (run->err_text);
  g_free (run->description);
  g_free (run);
}

const char *
ct_test_run_describe (CtTestRun *run)
{
  return run->description;
}

guint64
ct_test_peak_rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;

  line = strstr (status, "VmHWM:");
  if (line == NULL)
    return 0;

  return g_ascii_strtoull (line + strlen ("VmHWM:"), NULL, 10);
}

gboolean
ct_test_gen_trace (const char *out_dir,
                   guint       n_events,
                   guint       seed,
                   const char *broken_mode)
{
  const char *shared = ct_test_get_shared_dir ();
  g_autofree char *tool = NULL;
  g_autofree char *python = NULL;
  g_autofree char *events = g_strdup_printf ("%u", n_events);
  g_autofree char *seed_text = g_strdup_printf ("%u", seed);
  g_autoptr(CtTestRun) run = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[10];
  guint n = 0;

  if (shared == NULL)
    {
      g_test_skip ("gen_trace.py not found: set CT_SHARED_DIR");
      return FALSE;
    }

  tool = g_build_filename (shared, "tools", "gen_trace.py", NULL);
  /* Debian's interpreter first: the tools README asks for it */
  python = g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE)
           ? g_strdup ("/usr/bin/python3") : g_find_program_in_path ("python3");
  if (python == NULL || !g_file_test (tool, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("python3 or tools/gen_trace.py is missing");
      return FALSE;
    }

  argv[n++] = python;
  argv[n++] = tool;
  argv[n++] = "--events";
  argv[n++] = events;
  argv[n++] = "--seed";
  argv[n++] = seed_text;
  if (broken_mode != NULL)
    {
      argv[n++] = "--broken";
      argv[n++] = broken_mode;
    }
  argv[n++] = out_dir;
  argv[n] = NULL;

  run = ct_test_run (argv, &error);
  g_assert_no_error (error);
  if (run->exit_status != 0)
    {
      g_test_fail_printf ("%s", ct_test_run_describe (run));
      return FALSE;
    }

  return TRUE;
}

/* ------------------------------------------------------------------------
 * Files
 * ------------------------------------------------------------------------ */

CtTestTempDir *
ct_test_temp_dir_new (void)
{
  g_autoptr(GError) error = NULL;
  CtTestTempDir *dir = g_new0 (CtTestTempDir, 1);

  dir->path = g_dir_make_tmp ("ct-test-XXXXXX", &error);
  g_assert_no_error (error);

  return dir;
}

void
ct_test_temp_dir_free (CtTestTempDir *dir)
{
  if (dir == NULL)
    return;

  if (!ct_test_remove_tree (dir->path))
    g_test_message ("could not delete %s", dir->path);

  g_free (dir->path);
  g_free (dir);
}

gboolean
ct_test_remove_tree (const char *path)
{
  GStatBuf st;
  gboolean ok = TRUE;

  if (g_lstat (path, &st) != 0)
    return errno == ENOENT;

  if (S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) dir = NULL;
      const char *name;

      /* copies of the read-only fixtures keep their modes */
      if ((st.st_mode & S_IRWXU) != S_IRWXU)
        g_chmod (path, (st.st_mode & 07777) | S_IRWXU);

      dir = g_dir_open (path, 0, NULL);
      if (dir == NULL)
        return FALSE;

      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          ok &= ct_test_remove_tree (child);
        }

      return ok && g_rmdir (path) == 0;
    }

  return g_unlink (path) == 0;
}

char **
ct_test_list_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  GPtrArray *names;
  const char *name;

  if (dir == NULL)
    return NULL;

  names = g_ptr_array_new ();
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_strings);
  g_ptr_array_add (names, NULL);

  return (char **) g_ptr_array_free (names, FALSE);
}

GBytes *
ct_test_read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, len);
}

void
ct_test_dir_fixture_setup (CtTestDirFixture *f,
                           gconstpointer     data)
{
  const char *prgname = g_get_prgname ();
  g_autofree char *program = g_path_get_basename (prgname != NULL ? prgname : "test");
  g_autofree char *name_template = NULL;
  g_autoptr(GError) error = NULL;

  /* "test-reader" -> "ct-test-reader-XXXXXX" */
  name_template = g_strdup_printf ("ct-%s-XXXXXX", program);
  f->dir = g_dir_make_tmp (name_template, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->dir);
}

void
ct_test_dir_fixture_teardown (CtTestDirFixture *f,
                              gconstpointer     data)
{
  g_assert_true (ct_test_remove_tree (f->dir));
  g_clear_pointer (&f->dir, g_free);
}

/* ------------------------------------------------------------------------
 * Events
 * ------------------------------------------------------------------------ */

char *
ct_test_event_json (const CtEvent *event)
{
  GByteArray *out = g_byte_array_new ();

  ct_event_append_json (event, out);
  g_byte_array_append (out, (const guint8 *) "", 1);

  return (char *) g_byte_array_free (out, FALSE);
}

/* ------------------------------------------------------------------------
 * Canonical JSON
 * ------------------------------------------------------------------------ */

static void
append_string (GString    *out,
               const char *str)
{
  g_string_append_c (out, '"');
  for (const char *p = str; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) c);
        }
      else if (c < 0x20)
        {
          g_string_append_printf (out, "\\u%04x", c);
        }
      else
        {
          g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  return strcmp (a, b);
}

static void
append_canonical (GString  *out,
                  JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(GList) members = json_object_get_members (object);
        gboolean first = TRUE;

        members = g_list_sort (members, compare_keys);
        g_string_append_c (out, '{');
        for (const GList *l = members; l != NULL; l = l->next)
          {
            if (!first)
              g_string_append_c (out, ',');
            first = FALSE;
            append_string (out, l->data);
            g_string_append_c (out, ':');
            append_canonical (out, json_object_get_member (object, l->data));
          }
        g_string_append_c (out, '}');
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            append_canonical (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
      }
      break;

    case JSON_NODE_NULL:
      g_string_append (out, "null");
      break;

    case JSON_NODE_VALUE:
    default:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
          break;

        case G_TYPE_DOUBLE:
          {
            char buf[G_ASCII_DTOSTR_BUF_SIZE];

            g_ascii_formatd (buf, sizeof buf, "%.17g", json_node_get_double (node));
            g_string_append (out, buf);
            /* keeps 1.0 apart from 1 */
            if (strpbrk (buf, ".eEn") == NULL)
              g_string_append (out, ".0");
          }
          break;

        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          break;

        case G_TYPE_STRING:
          append_string (out, json_node_get_string (node));
          break;

        default:
          g_string_append_printf (out, "<%s>", g_type_name (json_node_get_value_type (node)));
          break;
        }
      break;
    }
}

char *
ct_test_json_canonical (JsonNode *node)
{
  GString *out = g_string_new (NULL);

  append_canonical (out, node);

  return g_string_free (out, FALSE);
}

char *
ct_test_json_canonical_from_data (const char  *data,
                                  gssize       len,
                                  GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();

  if (!json_parser_load_from_data (parser, data, len, error))
    return NULL;

  return ct_test_json_canonical (json_parser_get_root (parser));
}

JsonNode *
ct_test_json_load_file (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);

  return json_node_copy (json_parser_get_root (parser));
}

JsonNode *
ct_test_json_event_normalize (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      JsonNode *payload;

      if (json_object_get_size (object) == 1 &&
          (payload = json_object_get_member (object, "DropLastStep")) != NULL &&
          JSON_NODE_HOLDS_NULL (payload))
        {
          JsonNode *name = json_node_new (JSON_NODE_VALUE);

          json_node_set_string (name, "DropLastStep");
          return name;
        }
    }

  return json_node_ref (node);
}

/* ---- random access through the public reader ---- */


void
ct_test_recording_clear (CtTestRecording *rec)
{
  g_array_unref (rec->offsets);
  g_array_unref (rec->frames);
  g_array_unref (rec->line_at);
  g_string_free (rec->text, TRUE);
}

void
ct_test_record_events (CtReader        *reader,
                       CtTestRecording *rec)
{
  g_autoptr(GByteArray) line = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  const CtEvent *event;

  rec->offsets = g_array_new (FALSE, FALSE, sizeof (guint64));
  rec->frames = g_array_new (FALSE, FALSE, sizeof (gint64));
  rec->line_at = g_array_new (FALSE, FALSE, sizeof (gsize));
  rec->text = g_string_new (NULL);
  while ((event = ct_reader_next (reader, &error)) != NULL)
    {
      guint64 offset = ct_reader_get_offset (reader);
      gint64 frame = ct_reader_get_frame (reader);

      g_assert_cmpuint (ct_reader_get_index (reader), ==, rec->offsets->len);
      g_array_append_val (rec->offsets, offset);
      g_array_append_val (rec->frames, frame);
      g_array_append_val (rec->line_at, rec->text->len);
      g_byte_array_set_size (line, 0);
      ct_event_append_json (event, line);
      g_string_append_len (rec->text, (const char *) line->data, line->len);
    }
  g_assert_no_error (error);
  g_assert_null (ct_reader_get_stop_error (reader));
  g_array_append_val (rec->line_at, rec->text->len);
}

/* Reads n events on from event i (just sought) and checks they are events
 * i, i + 1, ... as recorded, and past the last one that the reader ends. */
void
ct_test_expect_events (CtReader              *reader,
                       const CtTestRecording *rec,
                       guint64                i,
                       guint64                n)
{
  g_autoptr(GByteArray) line = g_byte_array_new ();
  guint64 count = rec->offsets->len;

  for (guint64 j = i; j < i + n; j++)
    {
      g_autoptr(GError) error = NULL;
      const CtEvent *event = ct_reader_next (reader, &error);
      gsize at, len;

      g_assert_no_error (error);
      if (j >= count)
        {
          g_assert_null (event);
          g_assert_null (ct_reader_get_stop_error (reader));
          return;
        }
      if (event == NULL)
        g_error ("event %" G_GUINT64_FORMAT " (read on from %" G_GUINT64_FORMAT "): the reader stopped",
                 j, i);
      g_assert_cmpuint (ct_reader_get_index (reader), ==, j);
      g_assert_cmpuint (ct_reader_get_offset (reader), ==, g_array_index (rec->offsets, guint64, j));
      g_assert_cmpint (ct_reader_get_frame (reader), ==, g_array_index (rec->frames, gint64, j));

      g_byte_array_set_size (line, 0);
      ct_event_append_json (event, line);
      at = g_array_index (rec->line_at, gsize, j);
      len = g_array_index (rec->line_at, gsize, j + 1) - at;
      if (line->len != len || memcmp (line->data, rec->text->str + at, len) != 0)
        g_error ("event %" G_GUINT64_FORMAT " (read on from %" G_GUINT64_FORMAT "): %.*s, expected %.*s",
                 j, i, (int) line->len, (const char *) line->data, (int) len, rec->text->str + at);
    }
}

void
ct_test_seek_and_expect (CtReader              *reader,
                         const CtTestRecording *rec,
                         guint64                i,
                         guint64                n)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ct_reader_seek (reader, i, g_array_index (rec->offsets, guint64, i), &error));
  g_assert_no_error (error);
  ct_test_expect_events (reader, rec, i, n);
}

/* Goes back and forth through a trace with ct_reader_seek, the way the
 * model's second reader does, and checks every event read against one
 * sequential pass. */
