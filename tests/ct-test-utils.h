/* ct-test-utils.h: helpers shared by the tests
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "codetrace.h"

G_BEGIN_DECLS

/* ------------------------------------------------------------------------
 * Shared fixtures (env CT_SHARED_DIR, set by tests/meson.build)
 *
 * Layout: $CT_SHARED_DIR/fixtures/<name>/<encoding dir>/ with encoding dirs
 * "json", "v1" and "v0", and large/<name>/v1/ for the big ones. The fixture
 * README's table is the oracle for counts: read it with
 * ct_test_load_fixture_table(), never compute expectations with the code
 * under test.
 * ------------------------------------------------------------------------ */

/* $CT_SHARED_DIR, or NULL when unset or not a folder */
const char  *ct_test_get_shared_dir      (void);
/* $CT_SHARED_DIR/fixtures (newly allocated), or NULL after calling
 * g_test_skip() with a message saying what is missing. A test does
 * `if (dir == NULL) return;`. */
char        *ct_test_require_fixtures    (void);
/* $CT_SHARED_DIR/fixtures/<name>/<encoding_dir>, whether or not it exists */
char        *ct_test_fixture_dir         (const char  *name,
                                          const char  *encoding_dir);
/* The same folder (newly allocated), or NULL after calling g_test_skip()
 * with a message saying what is missing: the shared fixtures or that
 * folder. A test does `if (dir == NULL) return;`. */
char        *ct_test_require_fixture_dir (const char  *name,
                                          const char  *encoding_dir);
/* The trace file in that folder, whether or not it exists: trace.json in
 * "json", trace.bin in the others */
char        *ct_test_fixture_trace_file  (const char  *name,
                                          const char  *encoding_dir);
/* The same file (newly allocated), or NULL after calling g_test_skip() with
 * a message saying what is missing. */
char        *ct_test_require_fixture_trace_file (const char *name,
                                          const char  *encoding_dir);
/* Registers a test at `test_path` that only skips, saying `reason`: for
 * the tests that cannot even be listed, e.g. without a fixture table. */
void         ct_test_add_skip            (const char  *test_path,
                                          const char  *reason);

/* One row of the README table. */
typedef struct
{
  char       *name;       /* "py-calc", "large/py-loop-1e6" */
  char      **encodings;  /* encoding dirs: "json", "v1", "v0" */
  GHashTable *columns;    /* column header -> cell text, every column */
} CtTestFixture;

/* The count columns of the README table and of `codetrace info --json`, in
 * FORMAT.md section 3 order; NULL-terminated. */
extern const char * const ct_test_count_keys[];

/* Parses the table of $CT_SHARED_DIR/fixtures/README.md (or `readme_path`
 * when not NULL): fixture name -> CtTestFixture*, owned by the table. */
GHashTable  *ct_test_load_fixture_table  (const char  *readme_path,
                                          GError     **error);
/* Sorted fixture names of a table; large/ ones only when asked. Free with
 * g_strfreev(). */
char       **ct_test_fixture_names       (GHashTable  *table,
                                          gboolean     include_large);
const char  *ct_test_fixture_get         (const CtTestFixture *fixture,
                                          const char  *column);
/* A numeric cell; FALSE when the column is missing or not a number. */
gboolean     ct_test_fixture_get_count   (const CtTestFixture *fixture,
                                          const char  *column,
                                          guint64     *out_value);
gboolean     ct_test_fixture_has_encoding (const CtTestFixture *fixture,
                                          const char  *encoding_dir);
/* TRUE when the "deviations from 0.15.0" cell is "none" */
gboolean     ct_test_fixture_is_clean    (const CtTestFixture *fixture);
/* "json" -> "json", "v1" -> "binary", "v0" -> "binary-v0": the names the
 * command line uses. NULL for anything else. */
const char  *ct_test_encoding_name       (const char  *encoding_dir);

/* ------------------------------------------------------------------------
 * Running programs
 * ------------------------------------------------------------------------ */

typedef struct
{
  int     exit_status; /* exit code, or -1 when killed by a signal */
  int     term_signal; /* the signal when killed, else 0 */
  GBytes *out;         /* everything written on stdout */
  GBytes *err;         /* everything written on stderr */
  char   *out_text;    /* the same, NUL-terminated (binary data may hide behind a NUL) */
  char   *err_text;
  char   *description; /* private: see ct_test_run_describe() */
} CtTestRun;

/* Runs argv (argv[0] a path or a name looked up in PATH) to the end,
 * capturing its output. NULL with an error only when it cannot be started. */
CtTestRun   *ct_test_run                 (const char * const *argv,
                                          GError     **error);
/* $CT_CODETRACE, or NULL after g_test_skip() when unset. */
const char  *ct_test_require_codetrace   (void);
/* Runs $CT_CODETRACE with the arguments (NULL-terminated). Fails the test
 * when it cannot be started; call ct_test_require_codetrace() first. */
CtTestRun   *ct_test_run_codetrace       (const char  *first_arg,
                                          ...) G_GNUC_NULL_TERMINATED;
CtTestRun   *ct_test_run_codetrace_argv  (const char * const *args);
/* Runs argv to the end; aborts the test (g_error()) with the formatted
 * message, the command line, its exit status and its stderr when it cannot
 * be started or does not exit with 0. */
void         ct_test_run_must_succeed    (const char * const *argv,
                                          const char  *format,
                                          ...) G_GNUC_PRINTF (2, 3);
void         ct_test_run_free            (CtTestRun   *run);
/* For failure messages: the command line, its exit status and the start of
 * its stderr; owned by the run */
const char  *ct_test_run_describe        (CtTestRun   *run);

/* VmHWM (peak resident memory) of this process in KiB, from
 * /proc/self/status; 0 when that cannot be read. */
guint64      ct_test_peak_rss_kib        (void);

/* Writes a synthetic trace folder with $CT_SHARED_DIR/tools/gen_trace.py
 * (`broken_mode` NULL for a clean one). FALSE after g_test_skip() when
 * python3 or the tool is missing; fails the test when the tool fails. */
gboolean     ct_test_gen_trace           (const char  *out_dir,
                                          guint        n_events,
                                          guint        seed,
                                          const char  *broken_mode);

/* ------------------------------------------------------------------------
 * Files
 * ------------------------------------------------------------------------ */

typedef struct
{
  char *path;
} CtTestTempDir;

/* A new empty folder under the temp dir; freeing it deletes the whole tree
 * (read-only folders included). */
CtTestTempDir *ct_test_temp_dir_new      (void);
void         ct_test_temp_dir_free       (CtTestTempDir *dir);
/* rm -rf, never following symlinks; TRUE when nothing is left */
gboolean     ct_test_remove_tree         (const char  *path);
/* Sorted names in a folder (not recursive); NULL when it cannot be read */
char       **ct_test_list_dir            (const char  *path);
/* Whole file contents; fails the test when unreadable */
GBytes      *ct_test_read_file           (const char  *path);

/* A g_test_add() fixture holding a fresh temporary folder. A test file
 * does `typedef CtTestDirFixture Fixture;` and registers its tests with
 * g_test_add (path, Fixture, data, ct_test_dir_fixture_setup, test,
 * ct_test_dir_fixture_teardown). */
typedef struct
{
  char *dir; /* a new empty folder under the temp dir */
} CtTestDirFixture;

/* Makes f->dir, named after the test program (ct-test-reader-XXXXXX). */
void         ct_test_dir_fixture_setup   (CtTestDirFixture *f,
                                          gconstpointer     data);
/* Deletes f->dir and everything in it (read-only folders included); fails
 * the test when anything is left. */
void         ct_test_dir_fixture_teardown (CtTestDirFixture *f,
                                          gconstpointer     data);

/* ------------------------------------------------------------------------
 * Events
 * ------------------------------------------------------------------------ */

/* The event's compact JSON line (ct_event_append_json()), NUL-terminated;
 * free with g_free(). */
char        *ct_test_event_json          (const CtEvent *event);

/* ------------------------------------------------------------------------
 * JSON comparison independent of key order and formatting
 * ------------------------------------------------------------------------ */

/* A canonical text of a JSON tree: object members sorted by key (bytewise),
 * no spaces, integers in decimal, doubles with 17 significant digits and a
 * marker so that 1 and 1.0 differ, strings with minimal escapes. Two trees
 * are equal when their canonical texts are. */
char        *ct_test_json_canonical      (JsonNode    *node);
/* The canonical text of one JSON document, or NULL with an error. */
char        *ct_test_json_canonical_from_data (const char *data,
                                          gssize       len,
                                          GError     **error);
/* The root of a JSON file parsed by json-glib (a copy: free with
 * json_node_unref()); fails the test when it cannot be read or parsed. */
JsonNode    *ct_test_json_load_file      (const char  *path);
/* {"DropLastStep": null} and "DropLastStep" are the same event: a new
 * string node "DropLastStep" for the first form, else a new reference to
 * `node`. Free with json_node_unref(). */
JsonNode    *ct_test_json_event_normalize (JsonNode   *node);

/* Every event of a trace as one pass of a CtReader reports it. */
typedef struct
{
  GArray  *offsets;  /* guint64, by event index */
  GArray  *frames;   /* gint64 */
  GArray  *line_at;  /* gsize: where each event's JSON starts in text, then the end */
  GString *text;
} CtTestRecording;

/* One sequential pass of `reader`: every event's offset, frame and
 * ct_event_append_json() line. Free with ct_test_recording_clear(). */
void         ct_test_record_events       (CtReader              *reader,
                                          CtTestRecording       *rec);
void         ct_test_recording_clear     (CtTestRecording       *rec);
/* The next n events `reader` gives are events i, i+1... of the recording
 * (same index, offset, frame and line); past the last event it must give
 * NULL with no error and no stop error. */
void         ct_test_expect_events       (CtReader              *reader,
                                          const CtTestRecording *rec,
                                          guint64                i,
                                          guint64                n);
/* ct_reader_seek() to event i as recorded, then ct_test_expect_events(). */
void         ct_test_seek_and_expect     (CtReader              *reader,
                                          const CtTestRecording *rec,
                                          guint64                i,
                                          guint64                n);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CtTestRun, ct_test_run_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CtTestTempDir, ct_test_temp_dir_free)

G_END_DECLS
