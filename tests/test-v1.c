/* test-v1.c
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <zstd.h>

#include "ct-codec-private.h"
#include "ct-encoding.h"
#include "ct-error.h"
#include "ct-reader.h"
#include "ct-test-utils.h"

/* trace.bin v1 through the backend (ct-v1-source.c) and the sink
 * (ct-v1-sink.c): every shared fixture end to end, what we write checked by
 * the independent tools (zstd, v1tojson.py), and damaged files. */

#define FRAME_SIZE CT_V1_FRAME_SIZE
/* The frames of the fixtures' trace.bin (json2v1.py, as zeekstd) */
#define REFERENCE_FRAME_SIZE (2 * 1024 * 1024)

static const char *
shared_dir (void)
{
  const char *dir = g_getenv ("CT_SHARED_DIR");

  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    return NULL;
  return dir;
}

#define REQUIRE_SHARED(dir)                                                      \
  G_STMT_START                                                                   \
    {                                                                            \
      if ((dir = shared_dir ()) == NULL)                                         \
        {                                                                        \
          g_test_skip ("CT_SHARED_DIR is not set or not a folder: no fixtures"); \
          return;                                                                \
        }                                                                        \
    }                                                                            \
  G_STMT_END

/* name ("py-calc", "large/py-loop-1e6") -> events, from the fixtures'
 * README table. */
static GHashTable *
load_event_counts (const char *dir)
{
  g_autofree char *readme = g_build_filename (dir, "fixtures", "README.md", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  GHashTable *counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_file_get_contents (readme, &text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cells = NULL;
      guint64 events;

      if (!g_str_has_prefix (lines[i], "| "))
        continue;
      cells = g_strsplit (lines[i], "|", -1);
      if (g_strv_length (cells) < 6)
        continue;
      g_strstrip (cells[1]);
      g_strstrip (cells[4]);
      if (!g_ascii_string_to_unsigned (cells[4], 10, 0, G_MAXUINT64, &events, NULL))
        continue;
      g_hash_table_insert (counts, g_strdup (cells[1]), GSIZE_TO_POINTER ((gsize) events));
    }
  return counts;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Every fixture with a v1 trace.bin: names relative to fixtures/. */
static GPtrArray *
list_fixtures (const char *dir)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *subdirs[] = { "", "large" };

  for (guint s = 0; s < G_N_ELEMENTS (subdirs); s++)
    {
      g_autofree char *path = g_build_filename (dir, "fixtures", subdirs[s], NULL);
      g_autoptr(GDir) d = g_dir_open (path, 0, NULL);
      const char *name;

      if (d == NULL)
        continue;
      while ((name = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *rel = s == 0 ? g_strdup (name) : g_strconcat (subdirs[s], "/", name, NULL);
          g_autofree char *bin = g_build_filename (dir, "fixtures", rel, "v1", "trace.bin", NULL);

          if (g_file_test (bin, G_FILE_TEST_IS_REGULAR))
            g_ptr_array_add (names, g_steal_pointer (&rel));
        }
    }
  g_ptr_array_sort (names, compare_names);
  return names;
}

static char *
fixture_bin (const char *dir,
             const char *name)
{
  return g_build_filename (dir, "fixtures", name, "v1", "trace.bin", NULL);
}

/* Opens a trace.bin as the reader does: header checked, fd after it. */
static CtReaderBackend *
open_backend (const char  *path,
              gboolean     strict,
              GError     **error)
{
  guint8 header[CT_BINARY_HEADER_SIZE];
  struct stat st;
  int fd = g_open (path, O_RDONLY, 0);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (fstat (fd, &st), ==, 0);
  if (st.st_size < CT_BINARY_HEADER_SIZE)
    {
      close (fd);
      g_set_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_HEADER, "no header");
      return NULL;
    }
  g_assert_cmpint (read (fd, header, sizeof header), ==, sizeof header);
  g_assert_cmpmem (header, sizeof header, CT_V1_HEADER, CT_BINARY_HEADER_SIZE);
  return _ct_v1_backend_new (fd, st.st_size, strict, error);
}

typedef struct
{
  guint64  n_events;
  guint64  last_offset;
  gint64   last_frame;
  guint64  position;
  GError  *error;      /* how reading stopped, or NULL at a clean end */
  guint64  error_offset;
  gint64   error_frame;
  GString *json;       /* every event as JSON, one per line, if asked for */
} ReadResult;

static void
read_result_clear (ReadResult *r)
{
  g_clear_error (&r->error);
  if (r->json != NULL)
    g_string_free (r->json, TRUE);
  memset (r, 0, sizeof *r);
}

/* Reads the whole file through the backend, checking what every event
 * reports on the way: offsets grow, frames grow and contain the offset
 * (frames are frame_size apart unless it is 0). */
static gboolean
read_all (const char *path,
          gboolean    strict,
          gboolean    want_json,
          gsize       frame_size,
          ReadResult *r)
{
  g_autoptr(CtArena) arena = ct_arena_new ();
  g_autoptr(GByteArray) line = g_byte_array_new ();
  CtReaderBackend *backend;
  guint64 prev_position = 0;

  memset (r, 0, sizeof *r);
  r->last_frame = -1;
  if (want_json)
    r->json = g_string_new (NULL);

  backend = open_backend (path, strict, &r->error);
  if (backend == NULL)
    return FALSE;

  for (;;)
    {
      CtEvent event;
      guint64 offset = G_MAXUINT64;
      gint64 frame = -2;
      CtReadStatus status;

      status = backend->klass->next (backend, arena, &event, &offset, &frame, &r->error);
      if (status == CT_READ_END)
        {
          g_assert_no_error (r->error);
          break;
        }
      if (status == CT_READ_ERROR)
        {
          g_assert_nonnull (r->error);
          r->error_offset = offset;
          r->error_frame = frame;
          break;
        }
      g_assert_cmpint (status, ==, CT_READ_OK);
      g_assert_no_error (r->error);

      if (r->n_events > 0)
        {
          g_assert_cmpuint (offset, >, r->last_offset);
          g_assert_cmpint (frame, >=, r->last_frame);
        }
      g_assert_cmpint (frame, >=, 0);
      if (frame_size != 0)
        g_assert_cmpint (frame, ==, (gint64) (offset / frame_size));
      r->last_offset = offset;
      r->last_frame = frame;
      r->n_events++;

      g_assert_cmpuint (backend->klass->position (backend), >=, prev_position);
      prev_position = backend->klass->position (backend);

      if (want_json)
        {
          g_byte_array_set_size (line, 0);
          ct_event_append_json (&event, line);
          g_string_append_len (r->json, (const char *) line->data, line->len);
          g_string_append_c (r->json, '\n');
        }
    }

  r->position = backend->klass->position (backend);
  backend->klass->free (backend);
  return r->error == NULL;
}

static void
test_fixtures_read (void)
{
  const char *dir;
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(GPtrArray) names = NULL;

  REQUIRE_SHARED (dir);
  counts = load_event_counts (dir);
  names = list_fixtures (dir);
  g_assert_cmpuint (names->len, >, 0);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = names->pdata[i];
      g_autofree char *path = fixture_bin (dir, name);
      gpointer expected;
      GStatBuf st;

      g_assert_cmpint (g_stat (path, &st), ==, 0);
      if (!g_hash_table_lookup_extended (counts, name, NULL, &expected))
        g_error ("%s: not in the fixtures README", name);

      for (int strict = 1; strict >= 0; strict--)
        {
          ReadResult r;

          if (!read_all (path, strict, FALSE, REFERENCE_FRAME_SIZE, &r))
            g_error ("%s (strict %d): %s (offset %" G_GUINT64_FORMAT ", frame %" G_GINT64_FORMAT ")",
                     name, strict, r.error->message, r.error_offset, r.error_frame);
          g_test_message ("%s: %" G_GUINT64_FORMAT " events, last in frame %" G_GINT64_FORMAT,
                          name, r.n_events, r.last_frame);
          g_assert_cmpuint (r.n_events, ==, GPOINTER_TO_SIZE (expected));
          g_assert_cmpuint (r.position, ==, (guint64) st.st_size);
          read_result_clear (&r);
        }
    }
}

/* The whole payload through libzstd's streaming decoder (the frames carry
 * no content size). */
static guint8 *
zstd_decompress_all (const guint8 *data,
                     gsize         len,
                     gsize        *out_len)
{
  ZSTD_DStream *ds = ZSTD_createDStream ();
  GByteArray *out = g_byte_array_new ();
  ZSTD_inBuffer in = { data, len, 0 };
  gsize r = 0;

  while (in.pos < in.size)
    {
      ZSTD_outBuffer o;
      guint old = out->len;

      g_byte_array_set_size (out, old + 1024 * 1024);
      o.dst = out->data + old;
      o.size = 1024 * 1024;
      o.pos = 0;
      r = ZSTD_decompressStream (ds, &o, &in);
      g_assert_false (ZSTD_isError (r));
      g_byte_array_set_size (out, old + o.pos);
    }
  g_assert_cmpuint (r, ==, 0);
  ZSTD_freeDStream (ds);
  *out_len = out->len;
  return g_byte_array_free (out, FALSE);
}

/* A raw token walk over the decompressed payload, without the event
 * decoder: the tokenizer alone must find one item per event. */
static void
test_fixtures_token_walk (void)
{
  const char *dir;
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(GPtrArray) names = NULL;

  REQUIRE_SHARED (dir);
  counts = load_event_counts (dir);
  names = list_fixtures (dir);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = names->pdata[i];
      g_autofree char *path = fixture_bin (dir, name);
      g_autofree char *data = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(CtArena) arena = ct_arena_new ();
      CtTokenizer *tok;
      guint8 *plain;
      gsize len;
      gsize plain_len;
      guint64 n_items = 0;

      /* The large ones are covered by test_fixtures_read. */
      if (g_str_has_prefix (name, "large/"))
        continue;

      g_file_get_contents (path, &data, &len, &error);
      g_assert_no_error (error);
      plain = zstd_decompress_all ((const guint8 *) data + 8, len - 8, &plain_len);

      tok = _ct_cbor_tokenizer_new ();
      tok->buf = plain;
      tok->len = plain_len;
      tok->eof = TRUE;
      tok->arena = arena;
      while (tok->klass->begin_item (tok, &error) == CT_READ_OK)
        {
          int depth = 0;
          CtToken t;

          ct_arena_reset (arena);
          do
            {
              g_assert_cmpint (ct_tokenizer_next (tok, &t, &error), ==, CT_READ_OK);
              if (t.type == CT_TOKEN_MAP_START || t.type == CT_TOKEN_ARRAY_START)
                depth++;
              else if (t.type == CT_TOKEN_END)
                depth--;
            }
          while (depth > 0);
          n_items++;
        }
      g_assert_no_error (error);
      g_assert_cmpuint (tok->pos, ==, plain_len);
      g_assert_cmpuint (n_items, ==, GPOINTER_TO_SIZE (g_hash_table_lookup (counts, name)));
      g_free (tok);
      g_free (plain);
    }
}

/* ---- writing ---- */

/* Copies every event of `in` into a new trace.bin at `out` through the sink. */
static void
rewrite (const char *in,
         const char *out,
         guint64    *n_events)
{
  g_autoptr(CtArena) arena = ct_arena_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (out);
  g_autoptr(GFileOutputStream) stream = NULL;
  CtReaderBackend *backend = open_backend (in, TRUE, &error);
  CtWriterBackend *sink;

  g_assert_no_error (error);
  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (G_OUTPUT_STREAM (stream), CT_V1_HEADER, CT_BINARY_HEADER_SIZE, NULL, NULL, &error);
  g_assert_no_error (error);
  sink = _ct_v1_sink_new (G_OUTPUT_STREAM (stream));

  *n_events = 0;
  for (;;)
    {
      CtEvent event;
      guint64 offset;
      gint64 frame;
      guint changes = 0xdead;
      CtReadStatus status = backend->klass->next (backend, arena, &event, &offset, &frame, &error);

      g_assert_no_error (error);
      if (status == CT_READ_END)
        break;
      g_assert_true (sink->klass->write (sink, &event, &changes, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (changes, ==, 0xdead); /* v1 changes nothing */
      (*n_events)++;
    }

  g_assert_true (sink->klass->finish (sink, &error));
  g_assert_no_error (error);
  sink->klass->free (sink);
  backend->klass->free (backend);
  g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &error);
  g_assert_no_error (error);
}

typedef struct
{
  guint32 compressed;
  guint32 decompressed;
} Entry;

/* Parses the seek table independently of ct-v1-source.c and checks that it
 * accounts for every byte of the file. */
static GArray *
check_seek_table (const guint8 *data,
                  gsize         len,
                  guint64      *payload_size)
{
  GArray *entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  guint32 n_frames, magic, frame_size;
  guint64 compressed = 0, decompressed = 0;
  gsize table_at;

  g_assert_cmpuint (len, >=, 8 + 8 + 9);
  memcpy (&n_frames, data + len - 9, 4);
  n_frames = GUINT32_FROM_LE (n_frames);
  g_assert_cmpuint (data[len - 5], ==, 0); /* descriptor: no checksums */
  memcpy (&magic, data + len - 4, 4);
  g_assert_cmphex (GUINT32_FROM_LE (magic), ==, 0x8F92EAB1);
  table_at = len - (8 + 8 * (gsize) n_frames + 9);
  memcpy (&magic, data + table_at, 4);
  g_assert_cmphex (GUINT32_FROM_LE (magic), ==, 0x184D2A5E);
  memcpy (&frame_size, data + table_at + 4, 4);
  g_assert_cmpuint (GUINT32_FROM_LE (frame_size), ==, 8 * n_frames + 9);

  for (guint32 i = 0; i < n_frames; i++)
    {
      Entry e;

      memcpy (&e, data + table_at + 8 + 8 * (gsize) i, 8);
      e.compressed = GUINT32_FROM_LE (e.compressed);
      e.decompressed = GUINT32_FROM_LE (e.decompressed);
      /* Each entry is one whole zstd frame of that size. */
      g_assert_cmpuint (ZSTD_findFrameCompressedSize (data + 8 + compressed, e.compressed), ==, e.compressed);
      compressed += e.compressed;
      decompressed += e.decompressed;
      g_array_append_val (entries, e);
    }
  g_assert_cmpuint (8 + compressed, ==, table_at);
  *payload_size = decompressed;
  return entries;
}

static gboolean
run (const char * const *argv,
     char              **out,
     int                *status)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                              out, NULL, status, &error);

  if (!ok)
    g_test_message ("cannot run %s: %s", argv[0], error->message);
  return ok;
}

/* Decompressed payload of a v1 file by the zstd tool, or NULL without it. */
static GBytes *
zstd_tool_decompress (const char *path,
                      const char *tmp_dir)
{
  g_autofree char *data = NULL;
  g_autofree char *payload = g_build_filename (tmp_dir, "payload.zst", NULL);
  g_autofree char *plain = g_build_filename (tmp_dir, "payload", NULL);
  g_autofree char *zstd = g_find_program_in_path ("zstd");
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "zstd", "-d", "-q", "-f", payload, "-o", plain, NULL };
  char *contents;
  gsize len;
  int status;

  if (zstd == NULL)
    return NULL;
  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  g_file_set_contents (payload, data + 8, len - 8, &error);
  g_assert_no_error (error);
  if (!run (argv, NULL, &status))
    return NULL;
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("zstd cannot read %s: %s", path, error->message);
  g_file_get_contents (plain, &contents, &len, &error);
  g_assert_no_error (error);
  g_unlink (plain);
  g_unlink (payload);
  return g_bytes_new_take (contents, len);
}

/* v1tojson.py's JSON for a file, or NULL when Python with its modules is
 * not there. */
static char *
v1tojson (const char *dir,
          const char *path)
{
  g_autofree char *tool = g_build_filename (dir, "tools", "v1tojson.py", NULL);
  const char *check[] = { "/usr/bin/python3", "-c", "import cbor2, zstandard", NULL };
  const char *argv[] = { "/usr/bin/python3", tool, path, NULL };
  char *out = NULL;
  int status;

  if (!g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE) ||
      !run (check, NULL, &status) || !g_spawn_check_wait_status (status, NULL))
    return NULL;
  g_assert_true (run (argv, &out, &status));
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("v1tojson.py cannot read %s", path);
  return out;
}

static gboolean
json_same (const char *a,
           const char *b)
{
  g_autoptr(JsonParser) pa = json_parser_new ();
  g_autoptr(JsonParser) pb = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (a, b) == 0)
    return TRUE;
  json_parser_load_from_data (pa, a, -1, &error);
  g_assert_no_error (error);
  json_parser_load_from_data (pb, b, -1, &error);
  g_assert_no_error (error);
  return json_node_equal (json_parser_get_root (pa), json_parser_get_root (pb));
}

static void
test_write_fixtures (void)
{
  const char *dir;
  g_autoptr(GPtrArray) names = NULL;
  g_autofree char *tmp_dir = NULL;
  g_autoptr(GError) error = NULL;
  gboolean have_tools = TRUE;

  REQUIRE_SHARED (dir);
  names = list_fixtures (dir);
  tmp_dir = g_dir_make_tmp ("test-v1-XXXXXX", &error);
  g_assert_no_error (error);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = names->pdata[i];
      g_autofree char *in = fixture_bin (dir, name);
      g_autofree char *out = g_build_filename (tmp_dir, "trace.bin", NULL);
      g_autofree char *data = NULL;
      g_autoptr(GArray) entries = NULL;
      g_autoptr(GBytes) plain = NULL;
      ReadResult before, after;
      guint64 n_written, payload_size;
      gsize len;

      /* py-loop-1e7 would only repeat py-loop-1e6 ten times slower. */
      if (g_str_equal (name, "large/py-loop-1e7"))
        continue;

      rewrite (in, out, &n_written);

      /* Our own reader gives back the same events. */
      g_assert_true (read_all (in, TRUE, TRUE, REFERENCE_FRAME_SIZE, &before));
      if (!read_all (out, TRUE, TRUE, FRAME_SIZE, &after))
        g_error ("%s rewritten: %s", name, after.error->message);
      g_assert_cmpuint (after.n_events, ==, n_written);
      g_assert_cmpuint (after.n_events, ==, before.n_events);
      if (!g_str_equal (after.json->str, before.json->str))
        g_error ("%s: rewritten, it reads back as other events", name);

      /* The seek table covers the file; frames are exactly FRAME_SIZE but the last. */
      g_file_get_contents (out, &data, &len, &error);
      g_assert_no_error (error);
      g_assert_cmpmem (data, 8, CT_V1_HEADER, 8);
      entries = check_seek_table ((const guint8 *) data, len, &payload_size);
      g_assert_cmpuint (entries->len, >=, 1);
      for (guint k = 0; k + 1 < entries->len; k++)
        g_assert_cmpuint (g_array_index (entries, Entry, k).decompressed, ==, FRAME_SIZE);
      g_assert_cmpuint (g_array_index (entries, Entry, entries->len - 1).decompressed, <=, FRAME_SIZE);
      g_assert_cmpuint (after.last_frame, ==, entries->len - 1);
      g_test_message ("%s: %u frames, %" G_GUINT64_FORMAT " bytes of CBOR, %" G_GSIZE_FORMAT " in the file",
                      name, entries->len, payload_size, len);

      /* Any zstd decoder reads it as one stream. */
      plain = zstd_tool_decompress (out, tmp_dir);
      if (plain != NULL)
        g_assert_cmpuint (g_bytes_get_size (plain), ==, payload_size);
      else
        have_tools = FALSE;

      /* The independent decoder reads the same events as from the fixture
       * (small fixtures only: it is slow). */
      if (!g_str_has_prefix (name, "large/"))
        {
          g_autofree char *ours = v1tojson (dir, out);
          g_autofree char *theirs = v1tojson (dir, in);

          if (ours != NULL)
            {
              /* Same events; key order may differ where the fixture kept a
               * recorder's own order (deviating traces). */
              if (!json_same (ours, theirs))
                g_error ("%s: v1tojson.py reads other events from our file than from the fixture", name);
            }
          else
            have_tools = FALSE;
        }

      read_result_clear (&before);
      read_result_clear (&after);
      g_unlink (out);
    }

  g_rmdir (tmp_dir);
  if (!have_tools)
    g_test_incomplete ("zstd or /usr/bin/python3 with cbor2 and zstandard missing: "
                       "output not checked by the independent tools");
}

static void
test_write_empty (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GArray) entries = NULL;
  g_autofree char *tmp_dir = g_dir_make_tmp ("test-v1-XXXXXX", &error);
  g_autofree char *path = g_build_filename (tmp_dir, "trace.bin", NULL);
  CtWriterBackend *sink;
  const guint8 *data;
  guint64 payload_size;
  gsize len;
  ReadResult r;
  const char *dir;

  g_output_stream_write_all (stream, CT_V1_HEADER, CT_BINARY_HEADER_SIZE, NULL, NULL, &error);
  sink = _ct_v1_sink_new (stream);
  g_assert_true (sink->klass->finish (sink, &error));
  g_assert_no_error (error);
  sink->klass->free (sink);
  g_output_stream_close (stream, NULL, &error);

  data = g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (stream));
  len = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream));

  /* One empty frame, like the reference. */
  entries = check_seek_table (data, len, &payload_size);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpuint (payload_size, ==, 0);

  g_file_set_contents (path, (const char *) data, len, &error);
  g_assert_no_error (error);
  for (int strict = 0; strict <= 1; strict++)
    {
      g_assert_true (read_all (path, strict, FALSE, FRAME_SIZE, &r));
      g_assert_cmpuint (r.n_events, ==, 0);
      g_assert_cmpuint (r.position, ==, len);
      read_result_clear (&r);
    }

  if ((dir = shared_dir ()) != NULL)
    {
      g_autofree char *json = v1tojson (dir, path);

      if (json != NULL)
        g_assert_cmpstr (json, ==, "[\n]\n");
    }

  g_unlink (path);
  g_rmdir (tmp_dir);
}

/* Dropping a sink without finishing it stops its worker and leaks nothing. */
static void
test_write_abandon (void)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(CtArena) arena = ct_arena_new ();
  g_autoptr(GError) error = NULL;
  CtWriterBackend *sink = _ct_v1_sink_new (stream);
  CtEvent event;
  g_autofree char *text = g_strnfill (100000, 'x');

  memset (&event, 0, sizeof event);
  event.kind = CT_EVENT_PATH;
  event.name.str = text;
  event.name.len = 100000;
  for (int i = 0; i < 200; i++)
    g_assert_true (sink->klass->write (sink, &event, NULL, &error));
  sink->klass->free (sink);
}

/* The output fails (no space): the worker's error comes back from write()
 * or finish(), and nothing hangs or leaks. */
static void
test_write_error (void)
{
  static guint8 room[1000];
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new (room, sizeof room, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_malloc (100000);
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  CtWriterBackend *sink = _ct_v1_sink_new (stream);
  CtEvent event;
  gboolean ok = TRUE;

  for (guint i = 0; i < 100000; i++)
    text[i] = (char) g_rand_int_range (rand, 'a', 'z' + 1);
  memset (&event, 0, sizeof event);
  event.kind = CT_EVENT_PATH;
  event.name.str = text;
  event.name.len = 100000;
  for (guint i = 0; i < 200 && ok; i++)
    ok = sink->klass->write (sink, &event, NULL, &error);
  if (ok)
    ok = sink->klass->finish (sink, &error);
  g_assert_false (ok);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  sink->klass->free (sink);
}

/* ---- damaged files ---- */

typedef struct
{
  char   *tmp_dir;
  char   *source;    /* a multi-frame trace of ours */
  guint8 *data;
  gsize   len;
  guint64 n_events;
  GArray *entries;
  gsize   table_at;
} Damage;

/* A synthetic trace of about 9 MB of CBOR (five frames) in twenty thousand
 * events, with text random enough not to compress away, so that damage
 * lands in real compressed data and each read is quick. */
static void
damage_set_up (Damage        *d,
               gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autofree char *text = g_malloc (2000);
  CtWriterBackend *sink;
  guint64 payload_size;

  memset (d, 0, sizeof *d);
  d->tmp_dir = g_dir_make_tmp ("test-v1-XXXXXX", &error);
  g_assert_no_error (error);
  d->source = g_build_filename (d->tmp_dir, "source.bin", NULL);

  file = g_file_new_for_path (d->source);
  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (G_OUTPUT_STREAM (stream), CT_V1_HEADER, CT_BINARY_HEADER_SIZE, NULL, NULL, &error);
  sink = _ct_v1_sink_new (G_OUTPUT_STREAM (stream));
  for (guint i = 0; i < 10000; i++)
    {
      CtEvent event;
      guint n = g_rand_int_range (rand, 100, 1700);

      for (guint k = 0; k < n; k++)
        text[k] = (char) g_rand_int_range (rand, 'a', 'z' + 1);
      memset (&event, 0, sizeof event);
      event.kind = CT_EVENT_PATH;
      event.name.str = text;
      event.name.len = n;
      g_assert_true (sink->klass->write (sink, &event, NULL, &error));

      memset (&event, 0, sizeof event);
      event.kind = CT_EVENT_STEP;
      event.step.path_id = i;
      event.step.line = g_rand_int_range (rand, 1, 100000);
      g_assert_true (sink->klass->write (sink, &event, NULL, &error));
      d->n_events += 2;
    }
  g_assert_true (sink->klass->finish (sink, &error));
  g_assert_no_error (error);
  sink->klass->free (sink);
  g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &error);
  g_assert_no_error (error);

  g_file_get_contents (d->source, (char **) &d->data, &d->len, &error);
  g_assert_no_error (error);
  d->entries = check_seek_table (d->data, d->len, &payload_size);
  g_assert_cmpuint (d->entries->len, >=, 4);
  d->table_at = d->len - (8 + 8 * d->entries->len + 9);
}

static void
damage_tear_down (Damage        *d,
                  gconstpointer  user_data)
{
  if (d->tmp_dir != NULL)
    {
      g_autoptr(GDir) dir = g_dir_open (d->tmp_dir, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (d->tmp_dir, name, NULL);
          g_unlink (path);
        }
      g_rmdir (d->tmp_dir);
    }
  g_free (d->tmp_dir);
  g_free (d->source);
  g_free (d->data);
  if (d->entries != NULL)
    g_array_unref (d->entries);
}

/* Writes a variant of the source file: the first `len` bytes, with `patch`
 * applied at `at`. */
static char *
variant (Damage       *d,
         gsize         len,
         gsize         at,
         const void   *patch,
         gsize         patch_len)
{
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *copy = g_memdup2 (d->data, d->len);
  char *path = g_build_filename (d->tmp_dir, "damaged.bin", NULL);

  if (patch != NULL)
    memcpy (copy + at, patch, patch_len);
  g_file_set_contents (path, (const char *) copy, len, &error);
  g_assert_no_error (error);
  return path;
}

static guint64
frame_start (Damage *d,
             guint   k)
{
  guint64 at = 8;

  for (guint i = 0; i < k; i++)
    at += g_array_index (d->entries, Entry, i).compressed;
  return at;
}

static void
put_le32 (guint8  *p,
          guint32  v)
{
  v = GUINT32_TO_LE (v);
  memcpy (p, &v, 4);
}

static void
test_damage_truncated (Damage        *d,
                       gconstpointer  user_data)
{
  gsize cuts[] = {
    8,                                   /* header only */
    9,
    frame_start (d, 0) + 3,              /* inside frame 0's magic */
    frame_start (d, 1) + 1000,           /* inside frame 1 */
    frame_start (d, 2),                  /* at a frame boundary */
    d->len / 2,
    d->table_at,                         /* seek table gone */
    d->table_at + 10,                    /* inside the seek table */
    d->len - 1,                          /* footer cut */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
    {
      g_autofree char *path = variant (d, cuts[i], 0, NULL, 0);
      ReadResult r;

      /* Strict: no seek table, refused up front with its offset. */
      g_assert_false (read_all (path, TRUE, FALSE, FRAME_SIZE, &r));
      g_assert_cmpuint (r.n_events, ==, 0);
      g_assert_true (r.error->domain == CT_TRACE_ERROR);
      g_test_message ("cut at %" G_GSIZE_FORMAT ", strict: %s", cuts[i], r.error->message);
      g_assert_nonnull (strstr (r.error->message, "offset"));
      read_result_clear (&r);

      /* Lenient: stream what is there, then say it is cut. A cut between
       * zstd frames is a whole zstd stream: it ends cleanly unless an event
       * was cut with it. */
      if (read_all (path, FALSE, FALSE, FRAME_SIZE, &r))
        {
          g_assert_true (cuts[i] == 8 || cuts[i] == frame_start (d, 2) || cuts[i] == d->table_at);
          g_assert_cmpuint (r.n_events, <=, d->n_events);
          if (cuts[i] == d->table_at)
            g_assert_cmpuint (r.n_events, ==, d->n_events);
        }
      else
        {
          g_test_message ("cut at %" G_GSIZE_FORMAT ", after %" G_GUINT64_FORMAT " events: %s",
                          cuts[i], r.n_events, r.error->message);
          g_assert_error (r.error, CT_TRACE_ERROR, CT_TRACE_ERROR_TRUNCATED);
          if (cuts[i] < d->table_at)
            g_assert_cmpuint (r.n_events, <, d->n_events);
          else
            g_assert_cmpuint (r.n_events, ==, d->n_events);
          if (cuts[i] >= frame_start (d, 2))
            g_assert_cmpuint (r.n_events, >, 0);
        }
      read_result_clear (&r);
    }
}

static void
test_damage_frames (Damage        *d,
                    gconstpointer  user_data)
{
  static const guint8 junk[] = { 0x13, 0x37, 0xc0, 0xde };
  guint64 frame2 = frame_start (d, 2);

  /* A broken frame magic: zstd refuses frame 2; events of frames 0 and 1
   * come first, then an error naming frame 2 and its offset. */
  for (int strict = 1; strict >= 0; strict--)
    {
      g_autofree char *path = variant (d, d->len, frame2, junk, sizeof junk);
      g_autofree char *offset = g_strdup_printf ("%" G_GUINT64_FORMAT, frame2);
      ReadResult r;

      g_assert_false (read_all (path, strict, FALSE, FRAME_SIZE, &r));
      g_test_message ("strict %d: %s", strict, r.error->message);
      g_assert_error (r.error, CT_TRACE_ERROR, CT_TRACE_ERROR_CORRUPT);
      g_assert_nonnull (strstr (r.error->message, "frame 2"));
      g_assert_nonnull (strstr (r.error->message, offset));
      g_assert_cmpint (r.error_frame, ==, 2);
      g_assert_cmpuint (r.error_offset, ==, 2 * FRAME_SIZE);
      g_assert_cmpuint (r.n_events, >, 0);
      g_assert_cmpuint (r.last_offset, <, 2 * FRAME_SIZE);
      read_result_clear (&r);
    }

  /* Bytes flipped inside frames: errors or different events, never a crash. */
  for (guint k = 0; k < d->entries->len; k++)
    {
      guint64 at = frame_start (d, k);
      guint32 size = g_array_index (d->entries, Entry, k).compressed;

      for (guint j = 1; j <= 4; j++)
        {
          gsize pos = at + (size * j) / 5;
          guint8 flipped = d->data[pos] ^ 0x5a;
          g_autofree char *path = variant (d, d->len, pos, &flipped, 1);

          for (int strict = 1; strict >= 0; strict--)
            {
              ReadResult r;

              if (!read_all (path, strict, FALSE, 0, &r))
                g_assert_true (r.error->domain == CT_TRACE_ERROR);
              read_result_clear (&r);
            }
        }
    }
}

static void
test_damage_seek_table (Damage        *d,
                        gconstpointer  user_data)
{
  gsize entries_at = d->table_at + 8;
  guint32 c0 = g_array_index (d->entries, Entry, 0).compressed;
  guint32 c1 = g_array_index (d->entries, Entry, 1).compressed;
  guint32 d0 = g_array_index (d->entries, Entry, 0).decompressed;
  struct
  {
    const char *what;
    gsize       at;
    guint8      bytes[12];
    gsize       n;
    gboolean    lenient_reads; /* the plain zstd stream is intact */
    gint        strict_code;
  } cases[] = {
    { "footer magic", d->len - 4, { 0, 0, 0, 0 }, 4, TRUE, CT_TRACE_ERROR_CORRUPT },
    { "skippable magic", d->table_at, { 0x50, 0x2a, 0x4d, 0x18 }, 4, TRUE, CT_TRACE_ERROR_CORRUPT },
    { "frame count", d->len - 9, { 0xff, 0, 0, 0 }, 4, TRUE, CT_TRACE_ERROR_CORRUPT },
    { "huge frame count", d->len - 9, { 0xff, 0xff, 0xff, 0xff }, 4, TRUE, CT_TRACE_ERROR_CORRUPT },
    { "reserved descriptor bits", d->len - 5, { 0x04 }, 1, TRUE, CT_TRACE_ERROR_CORRUPT },
    { "compressed size", entries_at, { 0 }, 4, TRUE, CT_TRACE_ERROR_CORRUPT },
    { "4 GiB frame", entries_at + 4, { 0xff, 0xff, 0xff, 0xff }, 4, TRUE, CT_TRACE_ERROR_LIMIT },
    { "frame size", entries_at + 4, { 0 }, 4, TRUE, CT_TRACE_ERROR_CORRUPT },
    { "frame sizes shifted", entries_at, { 0 }, 12, FALSE, CT_TRACE_ERROR_CORRUPT },
  };

  /* compressed size of frame 0 off by one: sizes no longer add up */
  put_le32 (cases[5].bytes, c0 + 1);
  /* frame 0 claims one byte less than it holds */
  put_le32 (cases[7].bytes, d0 - 1);
  /* frame 0 one byte longer, frame 1 one shorter: the sum is right but the
   * frames are cut in the wrong places */
  put_le32 (cases[8].bytes, c0 + 1);
  put_le32 (cases[8].bytes + 4, d0);
  put_le32 (cases[8].bytes + 8, c1 - 1);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = variant (d, d->len, cases[i].at, cases[i].bytes, cases[i].n);
      ReadResult r;

      g_assert_false (read_all (path, TRUE, FALSE, FRAME_SIZE, &r));
      g_test_message ("%s, strict: %s", cases[i].what, r.error->message);
      g_assert_error (r.error, CT_TRACE_ERROR, cases[i].strict_code);
      g_assert_nonnull (strstr (r.error->message, "offset"));
      g_assert_cmpuint (r.n_events, ==, 0);
      read_result_clear (&r);

      if (cases[i].lenient_reads)
        {
          if (!read_all (path, FALSE, FALSE, FRAME_SIZE, &r))
            g_error ("%s, lenient: %s", cases[i].what, r.error->message);
          g_assert_cmpuint (r.n_events, ==, d->n_events);
        }
      else
        {
          g_assert_false (read_all (path, FALSE, FALSE, FRAME_SIZE, &r));
          g_test_message ("%s, lenient: %s", cases[i].what, r.error->message);
          g_assert_error (r.error, CT_TRACE_ERROR, CT_TRACE_ERROR_CORRUPT);
        }
      read_result_clear (&r);
    }
}

/* No seek table at all, and one with per-frame checksums: both read. */
static void
test_seek_table_variants (Damage        *d,
                          gconstpointer  user_data)
{
  g_autoptr(GByteArray) with_checksums = g_byte_array_new ();
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  guint8 b[4];
  ReadResult r;

  /* Without a seek table: strict refuses, lenient streams, counting frames
   * as it goes. */
  path = variant (d, d->table_at, 0, NULL, 0);
  g_assert_false (read_all (path, TRUE, FALSE, FRAME_SIZE, &r));
  read_result_clear (&r);
  g_assert_true (read_all (path, FALSE, FALSE, FRAME_SIZE, &r));
  g_assert_cmpuint (r.n_events, ==, d->n_events);
  g_assert_cmpint (r.last_frame, ==, d->entries->len - 1);
  read_result_clear (&r);
  g_clear_pointer (&path, g_free);

  /* Checksum flag: 12-byte entries. */
  g_byte_array_append (with_checksums, d->data, d->table_at);
  put_le32 (b, 0x184D2A5E);
  g_byte_array_append (with_checksums, b, 4);
  put_le32 (b, 12 * d->entries->len + 9);
  g_byte_array_append (with_checksums, b, 4);
  for (guint k = 0; k < d->entries->len; k++)
    {
      g_byte_array_append (with_checksums, d->data + d->table_at + 8 + 8 * k, 8);
      put_le32 (b, 0x12345678);
      g_byte_array_append (with_checksums, b, 4);
    }
  put_le32 (b, d->entries->len);
  g_byte_array_append (with_checksums, b, 4);
  b[0] = 0x80;
  g_byte_array_append (with_checksums, b, 1);
  put_le32 (b, 0x8F92EAB1);
  g_byte_array_append (with_checksums, b, 4);
  path = g_build_filename (d->tmp_dir, "checksums.bin", NULL);
  g_file_set_contents (path, (const char *) with_checksums->data, with_checksums->len, &error);
  g_assert_no_error (error);
  for (int strict = 1; strict >= 0; strict--)
    {
      g_assert_true (read_all (path, strict, FALSE, FRAME_SIZE, &r));
      g_assert_cmpuint (r.n_events, ==, d->n_events);
      g_assert_cmpuint (r.position, ==, with_checksums->len);
      read_result_clear (&r);
    }
}

/* ---- random access ---- */

typedef struct
{
  GArray    *offsets; /* guint64 */
  GArray    *frames;  /* gint64 */
  GPtrArray *json;
} Listing;

static void
listing_clear (Listing *l)
{
  g_array_unref (l->offsets);
  g_array_unref (l->frames);
  g_ptr_array_unref (l->json);
}

/* The next event as (offset, frame, JSON), or FALSE at the end. */
static gboolean
next_event (CtReaderBackend *backend,
            CtArena         *arena,
            guint64         *offset,
            gint64          *frame,
            char           **json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) line = g_byte_array_new ();
  CtEvent event;
  CtReadStatus status = backend->klass->next (backend, arena, &event, offset, frame, &error);

  g_assert_no_error (error);
  if (status == CT_READ_END)
    return FALSE;
  g_assert_cmpint (status, ==, CT_READ_OK);
  ct_event_append_json (&event, line);
  *json = g_strndup ((const char *) line->data, line->len);
  return TRUE;
}

static void
list_events (CtReaderBackend *backend,
             Listing         *l)
{
  g_autoptr(CtArena) arena = ct_arena_new ();
  guint64 offset;
  gint64 frame;
  char *json;

  l->offsets = g_array_new (FALSE, FALSE, sizeof (guint64));
  l->frames = g_array_new (FALSE, FALSE, sizeof (gint64));
  l->json = g_ptr_array_new_with_free_func (g_free);
  while (next_event (backend, arena, &offset, &frame, &json))
    {
      g_array_append_val (l->offsets, offset);
      g_array_append_val (l->frames, frame);
      g_ptr_array_add (l->json, json);
    }
}

/* Jumps to events in an order that goes back and forth across frames and
 * checks that each, and the two after it, read as in a sequential pass. */
static void
check_seeks (const char *path,
             gboolean    strict,
             guint64     end_offset)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtArena) arena = ct_arena_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  CtReaderBackend *backend = open_backend (path, strict, &error);
  Listing l;
  guint n;

  g_assert_no_error (error);
  g_assert_nonnull (backend->klass->seek);
  list_events (backend, &l);
  n = l.json->len;
  g_assert_cmpuint (n, >, 100);

  for (guint round = 0; round < 40; round++)
    {
      guint i;

      switch (round)
        {
        case 0: i = n - 1; break;
        case 1: i = 0; break;
        case 2: i = n / 2; break;
        case 3: i = n / 2 - 1; break;
        default: i = g_rand_int_range (rand, 0, n); break;
        }

      g_assert_true (backend->klass->seek (backend, g_array_index (l.offsets, guint64, i), &error));
      g_assert_no_error (error);
      for (guint j = i; j < MIN (i + 3, n); j++)
        {
          g_autofree char *json = NULL;
          guint64 offset;
          gint64 frame;

          g_assert_true (next_event (backend, arena, &offset, &frame, &json));
          g_assert_cmpuint (offset, ==, g_array_index (l.offsets, guint64, j));
          g_assert_cmpint (frame, ==, g_array_index (l.frames, gint64, j));
          g_assert_cmpstr (json, ==, l.json->pdata[j]);
        }
    }

  /* At the very end: nothing more. Beyond it: refused. */
  {
    guint64 offset;
    gint64 frame;
    char *json;

    g_assert_true (backend->klass->seek (backend, end_offset, &error));
    g_assert_false (next_event (backend, arena, &offset, &frame, &json));
    g_assert_false (backend->klass->seek (backend, end_offset + 1, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
    /* and a good seek after a failed one */
    g_assert_true (backend->klass->seek (backend, g_array_index (l.offsets, guint64, 1), &error));
    g_assert_true (next_event (backend, arena, &offset, &frame, &json));
    g_assert_cmpstr (json, ==, l.json->pdata[1]);
    g_free (json);
  }

  listing_clear (&l);
  backend->klass->free (backend);
}

static void
test_seek (Damage        *d,
           gconstpointer  user_data)
{
  g_autofree char *no_table = NULL;
  g_autofree char *damaged = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CtArena) arena = ct_arena_new ();
  static const guint8 junk[] = { 0x13, 0x37, 0xc0, 0xde };
  guint64 payload_size = 0;
  CtReaderBackend *backend;
  Listing l;

  for (guint k = 0; k < d->entries->len; k++)
    payload_size += g_array_index (d->entries, Entry, k).decompressed;

  /* With the seek table (frames decompressed ahead from where we jump) */
  check_seeks (d->source, TRUE, payload_size);
  check_seeks (d->source, FALSE, payload_size);

  /* Without: the stream is decompressed again up to the target. */
  no_table = g_build_filename (d->tmp_dir, "no-table.bin", NULL);
  g_file_set_contents (no_table, (const char *) d->data, d->table_at, &error);
  g_assert_no_error (error);
  check_seeks (no_table, FALSE, payload_size);

  /* Reading stopped at a damaged frame; a jump back reads again. */
  damaged = variant (d, d->len, frame_start (d, 3), junk, sizeof junk);
  backend = open_backend (damaged, TRUE, &error);
  g_assert_no_error (error);
  for (;;)
    {
      CtEvent event;
      guint64 offset;
      gint64 frame;
      CtReadStatus status = backend->klass->next (backend, arena, &event, &offset, &frame, &error);

      if (status == CT_READ_ERROR)
        break;
      g_assert_cmpint (status, ==, CT_READ_OK);
    }
  g_assert_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_CORRUPT);
  g_clear_error (&error);
  {
    CtReaderBackend *good = open_backend (d->source, TRUE, &error);
    guint64 offset;
    gint64 frame;
    char *json;

    list_events (good, &l);
    good->klass->free (good);
    g_assert_true (backend->klass->seek (backend, g_array_index (l.offsets, guint64, 10), &error));
    g_assert_true (next_event (backend, arena, &offset, &frame, &json));
    g_assert_cmpstr (json, ==, l.json->pdata[10]);
    g_free (json);
    listing_clear (&l);
  }
  backend->klass->free (backend);
}

/* ---- random access through the public reader ---- */

static void
check_public_seeks (const char    *path,
                    CtReaderFlags  flags,
                    guint          n_random)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtReader) first = ct_reader_new (path, flags, &error);
  g_autoptr(CtReader) reader = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  guint64 count, stride, from;
  CtTestRecording rec;

  g_assert_no_error (error);
  ct_test_record_events (first, &rec);
  count = rec.offsets->len;
  if (count == 0)
    {
      ct_test_recording_clear (&rec);
      return;
    }

  /* a reader that seeks before it reads anything */
  reader = ct_reader_new (path, flags, &error);
  g_assert_no_error (error);

  /* the first and the last event, and back */
  ct_test_seek_and_expect (reader, &rec, 0, 3);
  ct_test_seek_and_expect (reader, &rec, count - 1, 3);
  ct_test_seek_and_expect (reader, &rec, 0, 3);

  for (guint k = 0; k < n_random; k++)
    ct_test_seek_and_expect (reader, &rec, (guint64) (g_rand_double (rand) * count), 3);

  /* backwards, across frames */
  stride = MAX (count / 97, 1);
  for (gint64 i = count - 1; i >= 0; i -= stride)
    ct_test_seek_and_expect (reader, &rec, i, 2);

  /* the last event of each frame, which may run into the next one */
  for (guint64 i = 0; i + 1 < count; i++)
    if (g_array_index (rec.frames, gint64, i) != g_array_index (rec.frames, gint64, i + 1))
      ct_test_seek_and_expect (reader, &rec, i, 2);

  /* the reader that read to the end goes back */
  ct_test_seek_and_expect (first, &rec, count / 2, 3);

  /* reading on after a seek goes on to the end of the trace, and random
   * access works again after that */
  from = (guint64) (g_rand_double (rand) * count / 2);
  ct_test_seek_and_expect (reader, &rec, from, count - from + 1);
  for (guint k = 0; k < 100; k++)
    ct_test_seek_and_expect (reader, &rec, (guint64) (g_rand_double (rand) * count), 3);
  ct_test_seek_and_expect (reader, &rec, 0, count + 1);

  ct_test_recording_clear (&rec);
}

static void
test_seek_fixtures (void)
{
  const char *dir;
  g_autoptr(GPtrArray) names = NULL;

  REQUIRE_SHARED (dir);
  names = list_fixtures (dir);
  g_assert_cmpuint (names->len, >, 0);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = names->pdata[i];
      g_autofree char *path = fixture_bin (dir, name);

      /* of the large ones, one is enough to cross many frames */
      if (g_str_has_prefix (name, "large/") && strcmp (name, "large/py-loop-1e6") != 0)
        continue;
      g_test_message ("%s", name);
      if (!g_str_has_prefix (name, "large/"))
        check_public_seeks (path, CT_READER_FLAGS_NONE, 2000);
      /* as the model's second reader opens it */
      check_public_seeks (path, CT_READER_LENIENT, 2000);
    }
}

/* Random access on our multi-frame trace, whose events often run from one
 * frame into the next; and on damage met only there. */
static void
test_seek_damage (Damage        *d,
                  gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtReader) good = NULL;
  static const guint8 junk[] = { 0x13, 0x37, 0xc0, 0xde };
  guint64 in_frame[5] = { 0, };
  guint64 last_in_frame1 = 0;
  CtTestRecording rec;

  check_public_seeks (d->source, CT_READER_FLAGS_NONE, 2000);
  check_public_seeks (d->source, CT_READER_LENIENT, 2000);

  good = ct_reader_new (d->source, CT_READER_FLAGS_NONE, &error);
  g_assert_no_error (error);
  ct_test_record_events (good, &rec);
  for (guint64 i = rec.offsets->len; i-- > 0;)
    {
      gint64 frame = g_array_index (rec.frames, gint64, i);

      if (frame < (gint64) G_N_ELEMENTS (in_frame))
        in_frame[frame] = i;  /* ends as the first event of the frame */
      if (frame == 1 && last_in_frame1 == 0)
        last_in_frame1 = i;
    }
  g_assert_cmpuint (in_frame[3], >, 0);

  /* A damaged frame fails only the reads that reach it. */
  for (int lenient = 0; lenient <= 1; lenient++)
    {
      g_autofree char *damaged = variant (d, d->len, frame_start (d, 3), junk, sizeof junk);
      g_autoptr(CtReader) reader = ct_reader_new (damaged, lenient ? CT_READER_LENIENT : CT_READER_FLAGS_NONE, &error);
      guint64 i = in_frame[3] + 2;
      const CtEvent *event;

      g_assert_no_error (error);
      ct_test_seek_and_expect (reader, &rec, in_frame[1] + 5, 3);
      g_assert_true (ct_reader_seek (reader, i, g_array_index (rec.offsets, guint64, i), &error));
      g_assert_no_error (error);
      event = ct_reader_next (reader, &error);
      g_assert_null (event);
      if (lenient)
        {
          const GError *stop = ct_reader_get_stop_error (reader);

          g_assert_no_error (error);
          g_assert_nonnull (stop);
          g_assert_true (stop->domain == CT_TRACE_ERROR);
          g_assert_nonnull (strstr (stop->message, "frame 3"));
        }
      else
        {
          g_assert_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_CORRUPT);
          g_assert_nonnull (strstr (error->message, "frame 3"));
          g_clear_error (&error);
        }
      /* the frames around it still read */
      ct_test_seek_and_expect (reader, &rec, in_frame[2], 3);
      ct_test_seek_and_expect (reader, &rec, in_frame[4], 3);
    }

  /* A seek table entry that says one byte more or less than its frame
   * holds: found out when reading reaches the frame's end. */
  for (int delta = -1; delta <= 1; delta += 2)
    {
      const Entry *e = &g_array_index (d->entries, Entry, 1);
      gsize at = d->table_at + 8 + 8 * 1 + 4;
      guint8 patch[4];
      g_autofree char *lying = NULL;
      g_autoptr(CtReader) reader = NULL;
      const CtEvent *event;
      guint64 n = 0;

      put_le32 (patch, e->decompressed + delta);
      lying = variant (d, d->len, at, patch, sizeof patch);
      reader = ct_reader_new (lying, CT_READER_FLAGS_NONE, &error);
      g_assert_no_error (error);
      /* inside the frame, short of its end: as it should be */
      ct_test_seek_and_expect (reader, &rec, in_frame[1], 3);
      g_assert_true (ct_reader_seek (reader, last_in_frame1, g_array_index (rec.offsets, guint64, last_in_frame1), &error));
      g_assert_no_error (error);
      while ((event = ct_reader_next (reader, &error)) != NULL)
        n++;
      g_assert_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_CORRUPT);
      g_assert_nonnull (strstr (error->message, "seek table entry"));
      g_test_message ("table entry %+d: %s (after %" G_GUINT64_FORMAT " events)", delta, error->message, n);
      g_clear_error (&error);
    }

  ct_test_recording_clear (&rec);
}

/* Inputs that are not what they claim, built by hand. */
static void
test_hostile (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp_dir = g_dir_make_tmp ("test-v1-XXXXXX", &error);
  g_autofree char *path = g_build_filename (tmp_dir, "trace.bin", NULL);
  g_autoptr(GByteArray) file = g_byte_array_new ();
  ReadResult r;
  guint8 b[4];
  /* A zstd frame header claiming 4 GiB of content (Frame_Content_Size
   * of 4 bytes), then one raw block of 3 bytes. */
  static const guint8 liar[] = {
    0x28, 0xb5, 0x2f, 0xfd,   /* magic */
    0xa0,                     /* descriptor: FCS 4 bytes, single segment */
    0xff, 0xff, 0xff, 0xff,   /* 4 GiB - 1 */
    0x19, 0x00, 0x00,         /* last raw block, 3 bytes */
    0x01, 0x02, 0x03,
  };
  static const guint8 garbage[] = "this is not zstd at all";

  /* Header only: no frames, which no writer makes (an empty trace is one
   * empty frame), so the file was cut. Lenient reads nothing and says why;
   * strict wants a table. */
  g_byte_array_append (file, CT_V1_HEADER, 8);
  g_file_set_contents (path, (const char *) file->data, file->len, &error);
  g_assert_false (read_all (path, FALSE, FALSE, FRAME_SIZE, &r));
  g_assert_cmpuint (r.n_events, ==, 0);
  g_assert_nonnull (r.error);
  read_result_clear (&r);
  g_assert_false (read_all (path, TRUE, FALSE, FRAME_SIZE, &r));
  read_result_clear (&r);

  /* Not zstd */
  g_byte_array_append (file, garbage, sizeof garbage);
  g_file_set_contents (path, (const char *) file->data, file->len, &error);
  g_assert_false (read_all (path, FALSE, FALSE, FRAME_SIZE, &r));
  g_assert_error (r.error, CT_TRACE_ERROR, CT_TRACE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (r.error->message, "frame 0"));
  read_result_clear (&r);

  /* The lying frame, with a seek table that says 3 bytes. */
  g_byte_array_set_size (file, 8);
  g_byte_array_append (file, liar, sizeof liar);
  put_le32 (b, 0x184D2A5E);
  g_byte_array_append (file, b, 4);
  put_le32 (b, 8 + 9);
  g_byte_array_append (file, b, 4);
  put_le32 (b, sizeof liar);
  g_byte_array_append (file, b, 4);
  put_le32 (b, 3);
  g_byte_array_append (file, b, 4);
  put_le32 (b, 1);
  g_byte_array_append (file, b, 4);
  b[0] = 0;
  g_byte_array_append (file, b, 1);
  put_le32 (b, 0x8F92EAB1);
  g_byte_array_append (file, b, 4);
  g_file_set_contents (path, (const char *) file->data, file->len, &error);
  for (int strict = 1; strict >= 0; strict--)
    {
      g_assert_false (read_all (path, strict, FALSE, FRAME_SIZE, &r));
      g_test_message ("lying frame, strict %d: %s", strict, r.error->message);
      g_assert_true (r.error->domain == CT_TRACE_ERROR);
      read_result_clear (&r);
    }

  /* The same without its seek table: streamed, and still refused. */
  g_byte_array_set_size (file, 8 + sizeof liar);
  g_file_set_contents (path, (const char *) file->data, file->len, &error);
  g_assert_false (read_all (path, FALSE, FALSE, FRAME_SIZE, &r));
  g_test_message ("lying frame, streamed: %s", r.error->message);
  g_assert_true (r.error->domain == CT_TRACE_ERROR);
  read_result_clear (&r);

  g_unlink (path);
  g_rmdir (tmp_dir);
}

/* ---- frames of every size: events across frame boundaries ---- */

/* The CBOR payload of `events` (written by our sink into normal frames),
 * framed again into zstd frames of the given sizes, in turn, with a seek
 * table: a layout where nearly every event crosses a frame, and some span
 * many frames. */
static char *
write_reframed (const char   *dir,
                const guint8 *payload,
                gsize         payload_len,
                const gsize  *sizes,
                guint         n_sizes,
                GArray       *frame_starts)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GByteArray) table = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, "reframed.bin", NULL);
  guint8 b[4];
  guint n_frames = 0;

  g_byte_array_append (out, (const guint8 *) CT_V1_HEADER, CT_BINARY_HEADER_SIZE);
  for (gsize at = 0, k = 0; at < payload_len; k++)
    {
      gsize len = MIN (sizes[k % n_sizes], payload_len - at);
      gsize bound = ZSTD_compressBound (len);
      guint old = out->len;
      gsize r;
      guint64 start = at;

      g_byte_array_set_size (out, old + bound);
      r = ZSTD_compress (out->data + old, bound, payload + at, len, 3);
      g_assert_false (ZSTD_isError (r));
      g_byte_array_set_size (out, old + r);
      put_le32 (b, r);
      g_byte_array_append (table, b, 4);
      put_le32 (b, len);
      g_byte_array_append (table, b, 4);
      g_array_append_val (frame_starts, start);
      at += len;
      n_frames++;
    }
  put_le32 (b, 0x184D2A5E);
  g_byte_array_append (out, b, 4);
  put_le32 (b, table->len + 9);
  g_byte_array_append (out, b, 4);
  g_byte_array_append (out, table->data, table->len);
  put_le32 (b, n_frames);
  g_byte_array_append (out, b, 4);
  b[0] = 0;
  g_byte_array_append (out, b, 1);
  put_le32 (b, 0x8F92EAB1);
  g_byte_array_append (out, b, 4);

  g_file_set_contents (path, (const char *) out->data, out->len, &error);
  g_assert_no_error (error);
  return path;
}

static gint64
frame_holding (GArray  *frame_starts,
               guint64  offset)
{
  gint64 k = -1;

  for (guint i = 0; i < frame_starts->len && g_array_index (frame_starts, guint64, i) <= offset; i++)
    k = i;
  return k;
}

static void
test_frame_boundaries (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-v1-frames-XXXXXX", &error);
  g_autofree char *source = NULL;
  g_autofree guint8 *data = NULL;
  g_autofree guint8 *payload = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autofree char *text = g_malloc (70000);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;
  CtWriterBackend *sink;
  CtReaderBackend *backend;
  Listing expected;
  gsize len, payload_len;
  /* 1-byte frames, frames that end inside a field, and frames larger than
   * several events, in turn */
  static const gsize sizes[] = { 1, 3, 7, 2, 29, 1, 500, 5, 16 * 1024, 1, 1, 4093, 70 * 1024 };

  g_assert_no_error (error);
  source = g_build_filename (dir, "source.bin", NULL);
  file = g_file_new_for_path (source);
  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (G_OUTPUT_STREAM (stream), CT_V1_HEADER, CT_BINARY_HEADER_SIZE, NULL, NULL, &error);
  g_assert_no_error (error);
  sink = _ct_v1_sink_new (G_OUTPUT_STREAM (stream));
  /* The fast-path kinds (Step, Int/String/Raw values, Call, Return) with
   * the general ones (Path), short and long: a String of 60 000 bytes
   * spans many frames of every size above. */
  for (guint i = 0; i < 3000; i++)
    {
      CtEvent event;
      CtValue value;
      CtValue arg_value;
      CtFullValue arg;
      guint n = g_rand_int_range (rand, 0, 10) == 0 ? g_rand_int_range (rand, 1000, 60000)
                                                    : g_rand_int_range (rand, 0, 40);

      for (guint k = 0; k < n; k++)
        text[k] = (char) g_rand_int_range (rand, ' ', '~' + 1);

      memset (&event, 0, sizeof event);
      memset (&value, 0, sizeof value);
      switch (i % 6)
        {
        case 0:
          event.kind = CT_EVENT_PATH;
          event.name.str = text;
          event.name.len = n;
          break;
        case 1:
          event.kind = CT_EVENT_STEP;
          event.step.path_id = i % 7;
          event.step.line = g_rand_int (rand);
          break;
        case 2:
          event.kind = CT_EVENT_VALUE;
          event.value.variable_id = i % 13;
          event.value.value = &value;
          value.kind = CT_VALUE_STRING;
          value.text.str = text;
          value.text.len = n;
          value.type_id = 2;
          break;
        case 3:
          event.kind = CT_EVENT_VALUE;
          event.value.variable_id = i;
          event.value.value = &value;
          value.kind = CT_VALUE_INT;
          /* Shift while unsigned: a left shift of a negative value is
           * undefined. */
          value.i = (gint64) ((guint64) g_rand_int (rand) << (i % 31))
                    * (i % 2 ? -1 : 1);
          value.type_id = 1;
          break;
        case 4:
          memset (&arg_value, 0, sizeof arg_value);
          arg_value.kind = CT_VALUE_RAW;
          arg_value.text.str = text;
          arg_value.text.len = MIN (n, 300);
          arg.variable_id = 3;
          arg.value = &arg_value;
          event.kind = CT_EVENT_CALL;
          event.call.function_id = i % 5;
          event.call.args = &arg;
          event.call.n_args = 1;
          break;
        default:
          event.kind = CT_EVENT_RETURN;
          event.ret.return_value = &value;
          value.kind = CT_VALUE_NONE;
          value.type_id = 0;
          break;
        }
      g_assert_true (sink->klass->write (sink, &event, NULL, &error));
      g_assert_no_error (error);
    }
  g_assert_true (sink->klass->finish (sink, &error));
  sink->klass->free (sink);
  g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &error);
  g_assert_no_error (error);

  /* What a plain sequential read of the source gives */
  backend = open_backend (source, TRUE, &error);
  g_assert_no_error (error);
  list_events (backend, &expected);
  backend->klass->free (backend);
  g_assert_cmpuint (expected.json->len, ==, 3000);

  g_file_get_contents (source, (char **) &data, &len, &error);
  g_assert_no_error (error);
  payload = zstd_decompress_all (data + CT_BINARY_HEADER_SIZE, len - CT_BINARY_HEADER_SIZE, &payload_len);
  /* the decompressed stream ends with the seek table's skippable frame,
   * which zstd skips: payload is the CBOR alone */

  for (guint layout = 0; layout < G_N_ELEMENTS (sizes); layout++)
    {
      g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (guint64));
      g_autofree char *path = write_reframed (dir, payload, payload_len, sizes + layout,
                                              G_N_ELEMENTS (sizes) - layout, starts);

      /* Through the public reader (batches, frames borrowed from the
       * worker, stitching across boundaries) */
      for (int lenient = 0; lenient <= 1; lenient++)
        {
          g_autoptr(CtReader) reader = ct_reader_new (path, lenient ? CT_READER_LENIENT : CT_READER_FLAGS_NONE,
                                                      &error);
          g_autoptr(GByteArray) line = g_byte_array_new ();
          const CtEvent *event;
          guint i = 0;

          g_assert_no_error (error);
          while ((event = ct_reader_next (reader, &error)) != NULL)
            {
              g_assert_cmpuint (i, <, expected.json->len);
              g_byte_array_set_size (line, 0);
              ct_event_append_json (event, line);
              g_byte_array_append (line, (const guint8 *) "", 1);
              g_assert_cmpstr ((const char *) line->data, ==, expected.json->pdata[i]);
              g_assert_cmpuint (ct_reader_get_offset (reader), ==, g_array_index (expected.offsets, guint64, i));
              g_assert_cmpint (ct_reader_get_frame (reader), ==,
                               frame_holding (starts, ct_reader_get_offset (reader)));
              i++;
            }
          g_assert_no_error (error);
          g_assert_null (ct_reader_get_stop_error (reader));
          g_assert_cmpuint (i, ==, expected.json->len);
        }

      /* Random access, then reading on from there to the end: the cache's
       * copying reads hand over to the worker's borrowed frames. */
      {
        g_autoptr(CtReader) reader = ct_reader_new (path, CT_READER_FLAGS_NONE, &error);
        g_autoptr(GByteArray) line = g_byte_array_new ();
        const CtEvent *event;
        guint from[] = { 2999, 1500, 7, 2000 };

        g_assert_no_error (error);
        for (guint f = 0; f < G_N_ELEMENTS (from); f++)
          {
            guint i = from[f];

            g_assert_true (ct_reader_seek (reader, i, g_array_index (expected.offsets, guint64, i), &error));
            g_assert_no_error (error);
            while ((event = ct_reader_next (reader, &error)) != NULL)
              {
                g_byte_array_set_size (line, 0);
                ct_event_append_json (event, line);
                g_byte_array_append (line, (const guint8 *) "", 1);
                g_assert_cmpstr ((const char *) line->data, ==, expected.json->pdata[i]);
                g_assert_cmpuint (ct_reader_get_offset (reader), ==, g_array_index (expected.offsets, guint64, i));
                i++;
              }
            g_assert_no_error (error);
            g_assert_cmpuint (i, ==, expected.json->len);
          }
      }
      g_unlink (path);
    }

  listing_clear (&expected);
  g_unlink (source);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/v1/fixtures/read", test_fixtures_read);
  g_test_add_func ("/v1/fixtures/token-walk", test_fixtures_token_walk);
  g_test_add_func ("/v1/write/fixtures", test_write_fixtures);
  g_test_add_func ("/v1/write/empty", test_write_empty);
  g_test_add_func ("/v1/write/abandon", test_write_abandon);
  g_test_add_func ("/v1/write/error", test_write_error);
  g_test_add ("/v1/damage/truncated", Damage, NULL, damage_set_up, test_damage_truncated, damage_tear_down);
  g_test_add ("/v1/damage/frames", Damage, NULL, damage_set_up, test_damage_frames, damage_tear_down);
  g_test_add ("/v1/damage/seek-table", Damage, NULL, damage_set_up, test_damage_seek_table, damage_tear_down);
  g_test_add ("/v1/seek-table-variants", Damage, NULL, damage_set_up, test_seek_table_variants, damage_tear_down);
  g_test_add ("/v1/seek", Damage, NULL, damage_set_up, test_seek, damage_tear_down);
  g_test_add_func ("/v1/hostile", test_hostile);
  g_test_add_func ("/v1/frame-boundaries", test_frame_boundaries);
  g_test_add_func ("/v1/seek/fixtures", test_seek_fixtures);
  g_test_add ("/v1/seek/damage", Damage, NULL, damage_set_up, test_seek_damage, damage_tear_down);

  return g_test_run ();
}
