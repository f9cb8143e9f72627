/* test-v0.c
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "ct-arena.h"
#include "ct-capnp-private.h"
#include "ct-encoding.h"
#include "ct-error.h"
#include "ct-event.h"
#include "ct-reader.h"
#include "ct-test-utils.h"
#include "ct-writer.h"

/* trace.bin v0 (packed Cap'n Proto), tested against three independent
 * references: the fixtures' trace.json (parsed here with json-glib),
 * Debian's `capnp decode` with tests/data/trace-v0.capnp, and messages
 * crafted word by word below. */

#define CAPNP_TOOL "/usr/bin/capnp"

/* ------------------------------------------------------------------------
 * Files and backends
 * ------------------------------------------------------------------------ */

static char *
temp_path (const char *name)
{
  static char *dir = NULL;

  if (dir == NULL)
    {
      g_autoptr(GError) error = NULL;

      dir = g_dir_make_tmp ("test-v0-XXXXXX", &error);
      g_assert_no_error (error);
    }
  return g_build_filename (dir, name, NULL);
}

static void
remove_temp_dir (void)
{
  g_autofree char *probe = temp_path ("x");
  g_autofree char *dir = g_path_get_dirname (probe);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

/* A new file each time, without fsync: thousands are written and thrown
 * away here. (Truncating in place makes ext4 flush on close, and GLib
 * 2.74's g_file_set_contents_full() without flags does not truncate.) */
static void
write_file (const char   *path,
            const guint8 *data,
            gsize         len)
{
  int fd;

  g_unlink (path);
  fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

  g_assert_cmpint (fd, >=, 0);
  while (len > 0)
    {
      gssize n = write (fd, data, len);

      g_assert_cmpint (n, >, 0);
      data += n;
      len -= n;
    }
  g_assert_cmpint (close (fd), ==, 0);
}

/* Opens a trace.bin the way CtReader does: check the header, hand over the
 * descriptor positioned after it. */
static CtReaderBackend *
open_v0 (const char  *path,
         GError     **error)
{
  guint8 header[CT_BINARY_HEADER_SIZE];
  struct stat st;
  int fd;

  fd = open (path, O_RDONLY | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (fstat (fd, &st), ==, 0);
  g_assert_cmpint (read (fd, header, sizeof header), ==, sizeof header);
  g_assert_cmpmem (header, sizeof header, CT_V0_HEADER, CT_BINARY_HEADER_SIZE);
  return _ct_v0_backend_new (fd, st.st_size, error);
}

static CtReaderBackend *
open_v0_bytes (const guint8  *data,
               gsize          len,
               GError       **error)
{
  g_autofree char *path = temp_path ("in.bin");

  write_file (path, data, len);
  return open_v0 (path, error);
}

/* header + packed message, from words per segment */
static GBytes *
pack_segments (GPtrArray *segments)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GByteArray) table = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  CtCapnpPacker *packer;
  guint32 le;

  g_output_stream_write_all (out, CT_V0_HEADER, CT_BINARY_HEADER_SIZE, NULL, NULL, &error);
  g_assert_no_error (error);

  le = GUINT32_TO_LE (segments->len - 1);
  g_byte_array_append (table, (guint8 *) &le, 4);
  for (guint i = 0; i < segments->len; i++)
    {
      GArray *seg = g_ptr_array_index (segments, i);

      le = GUINT32_TO_LE (seg->len);
      g_byte_array_append (table, (guint8 *) &le, 4);
    }
  if (table->len % 8 != 0)
    g_byte_array_append (table, (const guint8 *) "\0\0\0\0", 4);

  packer = _ct_capnp_packer_new (_ct_capnp_write_to_stream, out);
  _ct_capnp_packer_write (packer, table->data, table->len, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < segments->len; i++)
    {
      GArray *seg = g_ptr_array_index (segments, i);

      for (guint w = 0; w < seg->len; w++)
        {
          guint8 word[8];

          _ct_capnp_write_word (word, g_array_index (seg, guint64, w));
          _ct_capnp_packer_write (packer, word, 8, &error);
          g_assert_no_error (error);
        }
    }
  _ct_capnp_packer_flush (packer, &error);
  g_assert_no_error (error);
  _ct_capnp_packer_free (packer);
  g_output_stream_close (out, NULL, NULL);

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

/* ------------------------------------------------------------------------
 * Writing
 * ------------------------------------------------------------------------ */

/* Writes the events with the v0 sink; returns the whole trace.bin. Each
 * event must be accepted; *changes collects the CtDeviation flags. */
static GBytes *
write_events (const CtEvent *events,
              guint          n_events,
              guint32        segment_limit,
              guint         *changes)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp_dir = temp_path ("");
  CtWriterBackend *sink;

  g_output_stream_write_all (out, CT_V0_HEADER, CT_BINARY_HEADER_SIZE, NULL, NULL, &error);
  g_assert_no_error (error);

  sink = _ct_v0_sink_new (out, tmp_dir, &error);
  g_assert_no_error (error);
  if (segment_limit > 0)
    _ct_v0_sink_set_segment_limit (sink, segment_limit);

  if (changes != NULL)
    *changes = 0;
  for (guint i = 0; i < n_events; i++)
    {
      guint c = 0;

      if (!sink->klass->write (sink, &events[i], &c, &error))
        g_error ("event %u: %s", i, error->message);
      if (changes != NULL)
        *changes |= c;
    }
  sink->klass->finish (sink, &error);
  g_assert_no_error (error);
  sink->klass->free (sink);
  g_output_stream_close (out, NULL, NULL);

  /* nothing left behind in tmp_dir */
  {
    g_autoptr(GDir) d = g_dir_open (tmp_dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (d)) != NULL)
      g_assert_false (g_str_has_prefix (name, "codetrace-v0-"));
  }

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

/* Runs `capnp decode --packed` on a trace.bin; NULL (and a test message)
 * when the tool is not installed. */
static char *
capnp_decode (GBytes *trace_bin)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *schema = NULL;
  g_autofree char *input = temp_path ("decode.in");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *source_root = g_getenv ("CT_SOURCE_ROOT");
  gsize len;
  const guint8 *data = g_bytes_get_data (trace_bin, &len);

  if (!g_file_test (CAPNP_TOOL, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_message ("%s not installed: capnp decode check skipped", CAPNP_TOOL);
      return NULL;
    }
  schema = g_build_filename (source_root != NULL ? source_root : ".", "tests", "data",
                             "trace-v0.capnp", NULL);
  if (!g_file_test (schema, G_FILE_TEST_EXISTS))
    {
      g_test_message ("%s not found (set CT_SOURCE_ROOT): capnp decode check skipped",
                      schema);
      return NULL;
    }

  g_assert_cmpuint (len, >=, CT_BINARY_HEADER_SIZE);
  write_file (input, data + CT_BINARY_HEADER_SIZE, len - CT_BINARY_HEADER_SIZE);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_stdin_file_path (launcher, input);
  process = g_subprocess_launcher_spawn (launcher, &error, CAPNP_TOOL, "decode", "--packed",
                                         "--short", schema, "Trace", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    g_error ("capnp decode failed: %s", err);

  return g_steal_pointer (&out);
}

/* The reverse: `capnp encode --packed` of a text message, as a trace.bin.
 * Call after capnp_decode() returned non-NULL. */
static GBytes *
capnp_encode (const char *text)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) input = g_bytes_new (text, strlen (text));
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  g_autoptr(GByteArray) bin = g_byte_array_new ();
  const char *source_root = g_getenv ("CT_SOURCE_ROOT");
  g_autofree char *schema = g_build_filename (source_root != NULL ? source_root : ".", "tests",
                                              "data", "trace-v0.capnp", NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  process = g_subprocess_launcher_spawn (launcher, &error, CAPNP_TOOL, "encode", "--packed",
                                         schema, "Trace", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate (process, input, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    g_error ("capnp encode failed: %.*s", (int) g_bytes_get_size (err),
             (const char *) g_bytes_get_data (err, NULL));

  g_byte_array_append (bin, CT_V0_HEADER, CT_BINARY_HEADER_SIZE);
  g_byte_array_append (bin, g_bytes_get_data (out, NULL), g_bytes_get_size (out));
  return g_byte_array_free_to_bytes (g_steal_pointer (&bin));
}

/* ------------------------------------------------------------------------
 * Comparing with trace.json
 * ------------------------------------------------------------------------ */

static const char * const event_names[CT_N_EVENT_KINDS] = {
  [CT_EVENT_STEP] = "Step",
  [CT_EVENT_PATH] = "Path",
  [CT_EVENT_VARIABLE_NAME] = "VariableName",
  [CT_EVENT_VARIABLE] = "Variable",
  [CT_EVENT_TYPE] = "Type",
  [CT_EVENT_VALUE] = "Value",
  [CT_EVENT_FUNCTION] = "Function",
  [CT_EVENT_CALL] = "Call",
  [CT_EVENT_RETURN] = "Return",
  [CT_EVENT_EVENT] = "Event",
  [CT_EVENT_ASM] = "Asm",
  [CT_EVENT_BIND_VARIABLE] = "BindVariable",
  [CT_EVENT_ASSIGNMENT] = "Assignment",
  [CT_EVENT_DROP_VARIABLES] = "DropVariables",
  [CT_EVENT_COMPOUND_VALUE] = "CompoundValue",
  [CT_EVENT_CELL_VALUE] = "CellValue",
  [CT_EVENT_ASSIGN_COMPOUND_ITEM] = "AssignCompoundItem",
  [CT_EVENT_ASSIGN_CELL] = "AssignCell",
  [CT_EVENT_VARIABLE_CELL] = "VariableCell",
  [CT_EVENT_DROP_VARIABLE] = "DropVariable",
  [CT_EVENT_THREAD_START] = "ThreadStart",
  [CT_EVENT_THREAD_EXIT] = "ThreadExit",
  [CT_EVENT_THREAD_SWITCH] = "ThreadSwitch",
  [CT_EVENT_DROP_LAST_STEP] = "DropLastStep",
  [CT_EVENT_UNKNOWN] = "(unknown)",
};

static const char * const value_names[CT_N_VALUE_KINDS] = {
  [CT_VALUE_INT] = "Int",
  [CT_VALUE_FLOAT] = "Float",
  [CT_VALUE_BOOL] = "Bool",
  [CT_VALUE_STRING] = "String",
  [CT_VALUE_SEQUENCE] = "Sequence",
  [CT_VALUE_TUPLE] = "Tuple",
  [CT_VALUE_STRUCT] = "Struct",
  [CT_VALUE_VARIANT] = "Variant",
  [CT_VALUE_REFERENCE] = "Reference",
  [CT_VALUE_RAW] = "Raw",
  [CT_VALUE_ERROR] = "Error",
  [CT_VALUE_NONE] = "None",
  [CT_VALUE_CELL] = "Cell",
  [CT_VALUE_BIGINT] = "BigInt",
  [CT_VALUE_CHAR] = "Char",
  [CT_VALUE_VALUE_REF] = "ValueRef",
  [CT_VALUE_UNKNOWN] = "(unknown)",
};

/* where a JSON comparison is, for failure messages */
static const char *json_where;
static guint json_index;

#define EXPECT(cond) \
  G_STMT_START { \
    if (!(cond)) \
      g_error ("%s event #%u: expected %s", json_where, json_index, #cond); \
  } G_STMT_END

static gboolean
str_is (CtStr       s,
        const char *expected)
{
  return s.len == strlen (expected) && memcmp (s.str, expected, s.len) == 0;
}

static gint64
member_int (JsonObject *o,
            const char *name)
{
  EXPECT (json_object_has_member (o, name));
  return json_object_get_int_member (o, name);
}

static const char *
member_str (JsonObject *o,
            const char *name)
{
  EXPECT (json_object_has_member (o, name));
  return json_object_get_string_member (o, name);
}

static void check_value_json (const CtValue *v,
                              JsonNode      *node);

static void
check_values_json (const CtValue *items,
                   guint          n_items,
                   JsonArray     *array)
{
  EXPECT (n_items == json_array_get_length (array));
  for (guint i = 0; i < n_items; i++)
    check_value_json (&items[i], json_array_get_element (array, i));
}

static void
check_value_json (const CtValue *v,
                  JsonNode      *node)
{
  JsonObject *o = json_node_get_object (node);
  const char *kind = member_str (o, "kind");

  EXPECT (v != NULL);
  if (g_strcmp0 (value_names[v->kind], kind) != 0)
    g_error ("%s event #%u: value kind %s, expected %s", json_where, json_index,
             value_names[v->kind], kind);
  if (v->kind != CT_VALUE_CELL)
    EXPECT (v->type_id == member_int (o, "type_id"));

  switch (v->kind)
    {
    case CT_VALUE_INT:
      EXPECT (v->i == member_int (o, "i"));
      break;

    case CT_VALUE_FLOAT:
      if (json_object_get_null_member (o, "f"))
        EXPECT (isnan (v->flt.f));
      else
        EXPECT (v->flt.f == json_object_get_double_member (o, "f"));
      break;

    case CT_VALUE_BOOL:
      EXPECT (!!v->b == json_object_get_boolean_member (o, "b"));
      break;

    case CT_VALUE_STRING:
      EXPECT (str_is (v->text, member_str (o, "text")));
      break;

    case CT_VALUE_RAW:
      EXPECT (str_is (v->text, member_str (o, "r")));
      break;

    case CT_VALUE_ERROR:
      EXPECT (str_is (v->text, member_str (o, "msg")));
      break;

    case CT_VALUE_SEQUENCE:
      EXPECT (!!v->seq.is_slice == json_object_get_boolean_member (o, "is_slice"));
      check_values_json (v->seq.items, v->seq.n_items,
                         json_object_get_array_member (o, "elements"));
      break;

    case CT_VALUE_TUPLE:
      check_values_json (v->seq.items, v->seq.n_items,
                         json_object_get_array_member (o, "elements"));
      break;

    case CT_VALUE_STRUCT:
      check_values_json (v->seq.items, v->seq.n_items,
                         json_object_get_array_member (o, "field_values"));
      break;

    case CT_VALUE_VARIANT:
      EXPECT (str_is (v->variant.discriminator, member_str (o, "discriminator")));
      check_value_json (v->variant.contents, json_object_get_member (o, "contents"));
      break;

    case CT_VALUE_REFERENCE:
      EXPECT ((gint64) v->ref.address == member_int (o, "address"));
      EXPECT (!!v->ref.mutable_ == json_object_get_boolean_member (o, "mutable"));
      check_value_json (v->ref.dereferenced, json_object_get_member (o, "dereferenced"));
      break;

    case CT_VALUE_NONE:
      break;

    case CT_VALUE_CELL:
      EXPECT (v->place == member_int (o, "place"));
      break;

    case CT_VALUE_BIGINT:
      {
        gsize len = 0;
        g_autofree guint8 *mag = g_base64_decode (member_str (o, "b"), &len);
        const guint8 *p = mag;

        while (len > 0 && *p == 0)
          {
            p++;
            len--;
          }
        EXPECT (len == v->big.len);
        EXPECT (len == 0 || memcmp (p, v->big.magnitude, len) == 0);
        EXPECT (!!v->big.negative == json_object_get_boolean_member (o, "negative"));
      }
      break;

    default:
      g_error ("%s event #%u: unexpected value kind %d", json_where, json_index, v->kind);
    }
}

static void
check_full_value_json (const CtFullValue *fv,
                       JsonObject        *o)
{
  EXPECT (fv->variable_id == member_int (o, "variable_id"));
  check_value_json (fv->value, json_object_get_member (o, "value"));
}

static void
check_event_json (const CtEvent *ev,
                  JsonNode      *node)
{
  const char *variant;
  JsonNode *payload = NULL;
  JsonObject *o = NULL;

  if (JSON_NODE_HOLDS_VALUE (node))
    {
      variant = json_node_get_string (node);
    }
  else
    {
      JsonObject *outer = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (outer);

      EXPECT (g_list_length (members) == 1);
      variant = members->data;
      payload = json_object_get_member (outer, variant);
      if (JSON_NODE_HOLDS_OBJECT (payload))
        o = json_node_get_object (payload);
    }

  if (g_strcmp0 (event_names[ev->kind], variant) != 0)
    g_error ("%s event #%u: %s, expected %s", json_where, json_index,
             event_names[ev->kind], variant);

  switch (ev->kind)
    {
    case CT_EVENT_STEP:
      EXPECT (ev->step.path_id == member_int (o, "path_id"));
      EXPECT (ev->step.line == member_int (o, "line"));
      break;

    case CT_EVENT_PATH:
    case CT_EVENT_VARIABLE_NAME:
    case CT_EVENT_VARIABLE:
      EXPECT (str_is (ev->name, json_node_get_string (payload)));
      break;

    case CT_EVENT_TYPE:
      {
        JsonObject *info = json_object_get_object_member (o, "specific_info");
        const char *info_kind = member_str (info, "kind");

        EXPECT ((gint64) ev->type.kind == member_int (o, "kind"));
        EXPECT (str_is (ev->type.lang_type, member_str (o, "lang_type")));
        if (g_str_equal (info_kind, "None"))
          EXPECT (ev->type.info_kind == CT_TYPE_INFO_NONE);
        else if (g_str_equal (info_kind, "Pointer"))
          {
            EXPECT (ev->type.info_kind == CT_TYPE_INFO_POINTER);
            EXPECT (ev->type.dereference_type_id == member_int (info, "dereference_type_id"));
          }
        else
          {
            JsonArray *fields = json_object_get_array_member (info, "fields");

            EXPECT (ev->type.info_kind == CT_TYPE_INFO_STRUCT);
            EXPECT (ev->type.n_fields == json_array_get_length (fields));
            for (guint i = 0; i < ev->type.n_fields; i++)
              {
                JsonObject *f = json_array_get_object_element (fields, i);

                EXPECT (str_is (ev->type.fields[i].name, member_str (f, "name")));
                EXPECT (ev->type.fields[i].type_id == member_int (f, "type_id"));
              }
          }
      }
      break;

    case CT_EVENT_VALUE:
      check_full_value_json (&ev->value, o);
      break;

    case CT_EVENT_FUNCTION:
      EXPECT (ev->function.path_id == member_int (o, "path_id"));
      EXPECT (ev->function.line == member_int (o, "line"));
      EXPECT (str_is (ev->function.name, member_str (o, "name")));
      break;

    case CT_EVENT_CALL:
      {
        JsonArray *args = json_object_get_array_member (o, "args");

        EXPECT (ev->call.function_id == member_int (o, "function_id"));
        EXPECT (ev->call.n_args == json_array_get_length (args));
        for (guint i = 0; i < ev->call.n_args; i++)
          check_full_value_json (&ev->call.args[i], json_array_get_object_element (args, i));
      }
      break;

    case CT_EVENT_RETURN:
      check_value_json (ev->ret.return_value, json_object_get_member (o, "return_value"));
      break;

    case CT_EVENT_EVENT:
      EXPECT ((gint64) ev->io.kind == member_int (o, "kind"));
      EXPECT (str_is (ev->io.metadata, member_str (o, "metadata")));
      EXPECT (str_is (ev->io.content, member_str (o, "content")));
      break;

    case CT_EVENT_DROP_LAST_STEP:
      break;

    default:
      /* the fixtures hold no other variants (checked by the count below) */
      g_error ("%s event #%u: unexpected %s", json_where, json_index, event_names[ev->kind]);
    }
}

/* Reads every event of a v0 trace.bin and compares it with trace.json. */
static void
check_fixture (const char *name,
               gsize       chunk_size)
{
  g_autofree char *shared = g_strdup (g_getenv ("CT_SHARED_DIR"));
  g_autofree char *bin = g_build_filename (shared, "fixtures", name, "v0", "trace.bin", NULL);
  g_autofree char *json = g_build_filename (shared, "fixtures", name, "json", "trace.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(CtArena) arena = ct_arena_new ();
  g_autoptr(GError) error = NULL;
  CtReaderBackend *backend;
  JsonArray *expected;
  guint64 last_offset = 0;
  guint n = 0;

  json_parser_load_from_file (parser, json, &error);
  g_assert_no_error (error);
  expected = json_node_get_array (json_parser_get_root (parser));

  backend = open_v0 (bin, &error);
  g_assert_no_error (error);
  if (chunk_size > 0)
    _ct_v0_backend_set_chunk_size (backend, chunk_size);

  json_where = name;
  for (;;)
    {
      CtEvent event;
      guint64 offset = 0;
      gint64 frame = 0;
      CtReadStatus status;

      ct_arena_reset (arena);
      status = backend->klass->next (backend, arena, &event, &offset, &frame, &error);
      g_assert_no_error (error);
      if (status == CT_READ_END)
        break;
      g_assert_cmpint (status, ==, CT_READ_OK);
      g_assert_cmpint (frame, ==, -1);
      /* events are elements of one list: offsets grow */
      g_assert_cmpuint (offset, >, last_offset);
      last_offset = offset;
      g_assert_cmpuint (n, <, json_array_get_length (expected));
      json_index = n;
      check_event_json (&event, json_array_get_element (expected, n));
      n++;
    }

  g_assert_cmpuint (n, ==, json_array_get_length (expected));
  {
    struct stat st;

    g_assert_cmpint (stat (bin, &st), ==, 0);
    g_assert_cmpuint (backend->klass->position (backend), ==, st.st_size);
  }
  backend->klass->free (backend);
}

static char **
v0_fixture_names (void)
{
  const char *shared = g_getenv ("CT_SHARED_DIR");
  g_autofree char *dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) d = NULL;
  const char *name;

  if (shared == NULL || !g_file_test (shared, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("shared fixtures not found: set CT_SHARED_DIR to the folder holding fixtures/");
      return NULL;
    }
  dir = g_build_filename (shared, "fixtures", NULL);
  d = g_dir_open (dir, 0, NULL);
  if (d == NULL)
    {
      g_test_skip ("shared fixtures not found: CT_SHARED_DIR has no fixtures/");
      return NULL;
    }
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *bin = g_build_filename (dir, name, "v0", "trace.bin", NULL);

      if (g_file_test (bin, G_FILE_TEST_EXISTS))
        g_ptr_array_add (names, g_strdup (name));
    }
  if (names->len == 0)
    {
      g_test_skip ("no fixture has a v0/trace.bin");
      return NULL;
    }
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

static void
test_fixtures (void)
{
  g_auto(GStrv) names = v0_fixture_names ();

  if (names == NULL)
    return;
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_test_message ("fixture %s", names[i]);
      check_fixture (names[i], 0);
    }
}

/* The same through the temporary-file path, unpacking a few words at a
 * time so that every structure straddles chunks. */
static void
test_fixtures_chunked (void)
{
  static const gsize chunks[] = { 8, 24, 4096 };
  g_auto(GStrv) names = v0_fixture_names ();

  if (names == NULL)
    return;
  _ct_v0_backend_set_in_memory_limit (0);
  for (guint i = 0; names[i] != NULL; i++)
    check_fixture (names[i], chunks[i % G_N_ELEMENTS (chunks)]);
  _ct_v0_backend_set_in_memory_limit (16 * 1024 * 1024);
}

/* Our writer's output for the fixtures' events decodes with capnp exactly
 * as the fixtures themselves do. */
static void
test_fixtures_rewrite (void)
{
  g_auto(GStrv) names = v0_fixture_names ();
  const char *shared = g_getenv ("CT_SHARED_DIR");

  if (names == NULL)
    return;
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *bin = g_build_filename (shared, "fixtures", names[i], "v0", "trace.bin",
                                               NULL);
      g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
      g_autoptr(CtArena) arena = ct_arena_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) original = NULL;
      g_autoptr(GBytes) ours = NULL;
      g_autofree char *tmp_dir = temp_path ("");
      g_autofree char *text_original = NULL;
      g_autofree char *text_ours = NULL;
      g_autofree char *contents = NULL;
      gsize len;
      CtReaderBackend *backend;
      CtWriterBackend *sink;

      backend = open_v0 (bin, &error);
      g_assert_no_error (error);
      g_output_stream_write_all (out, CT_V0_HEADER, CT_BINARY_HEADER_SIZE, NULL, NULL, &error);
      sink = _ct_v0_sink_new (out, tmp_dir, &error);
      g_assert_no_error (error);
      /* small segments: many far pointers */
      _ct_v0_sink_set_segment_limit (sink, 4096);

      for (;;)
        {
          CtEvent event;
          guint64 offset;
          gint64 frame;
          guint changes = 0;

          ct_arena_reset (arena);
          if (backend->klass->next (backend, arena, &event, &offset, &frame, &error) != CT_READ_OK)
            break;
          g_assert_true (sink->klass->write (sink, &event, &changes, &error));
          g_assert_no_error (error);
          g_assert_cmpuint (changes, ==, 0);
        }
      g_assert_no_error (error);
      g_assert_true (sink->klass->finish (sink, &error));
      sink->klass->free (sink);
      backend->klass->free (backend);
      g_output_stream_close (out, NULL, NULL);
      ours = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));

      g_file_get_contents (bin, &contents, &len, &error);
      g_assert_no_error (error);
      original = g_bytes_new (contents, len);

      text_original = capnp_decode (original);
      text_ours = capnp_decode (ours);
      if (text_original == NULL)
        return;
      g_assert_cmpstr (text_ours, ==, text_original);
    }
}

/* ------------------------------------------------------------------------
 * Hand-made events
 * ------------------------------------------------------------------------ */

static CtValue *
val (CtArena     *a,
     CtValueKind  kind,
     gint64       type_id)
{
  CtValue *v = ct_arena_new0 (a, CtValue, 1);

  v->kind = kind;
  v->type_id = type_id;
  return v;
}

static CtValue *
val_int (CtArena *a,
         gint64   i,
         gint64   type_id)
{
  CtValue *v = val (a, CT_VALUE_INT, type_id);

  v->i = i;
  return v;
}

static CtValue *
val_text (CtArena     *a,
          CtValueKind  kind,
          const char  *text,
          gsize        len)
{
  CtValue *v = val (a, kind, 9);

  v->text.str = text;
  v->text.len = len;
  return v;
}

static CtValue *
val_seq (CtArena     *a,
         CtValueKind  kind,
         guint        n,
         ...)
{
  CtValue *v = val (a, kind, 4);
  va_list args;

  v->seq.n_items = n;
  v->seq.items = n > 0 ? ct_arena_new0 (a, CtValue, n) : NULL;
  va_start (args, n);
  for (guint i = 0; i < n; i++)
    v->seq.items[i] = *va_arg (args, CtValue *);
  va_end (args);
  return v;
}

static CtNode *
node_map (CtArena *a,
          guint    n_entries)
{
  CtNode *map = ct_arena_new0 (a, CtNode, 1);

  map->type = CT_NODE_MAP;
  map->c.n_items = n_entries;
  map->c.items = ct_arena_new0 (a, CtNode, 2 * n_entries);
  return map;
}

static void
node_string (CtNode     *node,
             const char *str)
{
  node->type = CT_NODE_STRING;
  node->s.str = str;
  node->s.len = strlen (str);
}

/* {"kind": kind, key: payload} */
static CtNode *
rvalue (CtArena    *a,
        const char *kind,
        const char *key,
        CtNode     *payload)
{
  CtNode *map = node_map (a, 2);

  node_string (&map->c.items[0], "kind");
  node_string (&map->c.items[1], kind);
  node_string (&map->c.items[2], key);
  map->c.items[3] = *payload;
  return map;
}

static CtNode *
node_int (CtArena *a,
          gint64   i)
{
  CtNode *n = ct_arena_new0 (a, CtNode, 1);

  n->type = CT_NODE_INT;
  n->i = i;
  return n;
}

static CtNode *
node_ints (CtArena *a,
           guint    n,
           ...)
{
  CtNode *array = ct_arena_new0 (a, CtNode, 1);
  va_list args;

  array->type = CT_NODE_ARRAY;
  array->c.n_items = n;
  array->c.items = ct_arena_new0 (a, CtNode, n);
  va_start (args, n);
  for (guint i = 0; i < n; i++)
    {
      array->c.items[i].type = CT_NODE_INT;
      array->c.items[i].i = va_arg (args, gint64);
    }
  va_end (args);
  return array;
}

static const guint8 two_pow_72[] = { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 };

/* Every variant, every value kind, every EventLogKind. */
static GArray *
make_all_events (CtArena *a)
{
  GArray *events = g_array_new (FALSE, TRUE, sizeof (CtEvent));
  CtEvent e;
  CtValue *v;

#define ADD() G_STMT_START { g_array_append_val (events, e); memset (&e, 0, sizeof e); } G_STMT_END

  memset (&e, 0, sizeof e);
  e.kind = CT_EVENT_PATH;
  e.name = CT_STR_INIT ("/home/user/demo/a.py");
  ADD ();
  e.kind = CT_EVENT_PATH;
  e.name = CT_STR_INIT ("");
  ADD ();
  e.kind = CT_EVENT_VARIABLE_NAME;
  e.name = CT_STR_INIT ("x");
  ADD ();
  e.kind = CT_EVENT_VARIABLE;
  e.name = CT_STR_INIT ("legacy_name");
  ADD ();
  e.kind = CT_EVENT_TYPE;
  e.type.kind = 7;
  e.type.lang_type = CT_STR_INIT ("int");
  e.type.info_kind = CT_TYPE_INFO_NONE;
  ADD ();
  e.kind = CT_EVENT_TYPE;
  e.type.kind = 6;
  e.type.lang_type = CT_STR_INIT ("Point");
  e.type.info_kind = CT_TYPE_INFO_STRUCT;
  e.type.n_fields = 2;
  e.type.fields = ct_arena_new0 (a, CtFieldType, 2);
  e.type.fields[0].name = CT_STR_INIT ("x");
  e.type.fields[0].type_id = 0;
  e.type.fields[1].name = CT_STR_INIT ("y_coordinate");
  e.type.fields[1].type_id = 1;
  ADD ();
  e.kind = CT_EVENT_TYPE;
  e.type.kind = 23;
  e.type.lang_type = CT_STR_INIT ("*int");
  e.type.info_kind = CT_TYPE_INFO_POINTER;
  e.type.dereference_type_id = 0;
  ADD ();
  e.kind = CT_EVENT_FUNCTION;
  e.function.path_id = 0;
  e.function.line = 3;
  e.function.name = CT_STR_INIT ("main");
  ADD ();
  e.kind = CT_EVENT_STEP;
  e.step.path_id = 0;
  e.step.line = 5;
  ADD ();
  e.kind = CT_EVENT_CALL;
  e.call.function_id = 0;
  e.call.n_args = 2;
  e.call.args = ct_arena_new0 (a, CtFullValue, 2);
  e.call.args[0].variable_id = 0;
  e.call.args[0].value = val_int (a, 42, 0);
  e.call.args[1].variable_id = 1;
  e.call.args[1].value = val_text (a, CT_VALUE_STRING, "h\xc3\xa9llo", 6);
  ADD ();
  e.kind = CT_EVENT_CALL;
  e.call.function_id = 1;
  ADD ();

  /* a Sequence of every scalar kind, and a Tuple */
  v = val (a, CT_VALUE_FLOAT, 2);
  v->flt.f = 2.5;
  {
    CtValue *b = val (a, CT_VALUE_BOOL, 3);
    CtValue *none = val (a, CT_VALUE_NONE, 5);
    CtValue *cell = val (a, CT_VALUE_CELL, 0);
    CtValue *nan = val (a, CT_VALUE_FLOAT, 2);

    b->b = TRUE;
    cell->place = -7;
    nan->flt.f = NAN;
    e.kind = CT_EVENT_VALUE;
    e.value.variable_id = 0;
    e.value.value = val_seq (a, CT_VALUE_SEQUENCE, 7, val_int (a, G_MININT64, 0), v, b, none,
                             cell, nan,
                             val_seq (a, CT_VALUE_TUPLE, 2,
                                      val_text (a, CT_VALUE_RAW, "<raw>", 5),
                                      val_text (a, CT_VALUE_ERROR, "boom", 4)));
    e.value.value->seq.is_slice = TRUE;
    ADD ();
  }

  /* Struct { Variant Some(Reference -> Int 7) }, String with a NUL */
  {
    CtValue *ref = val (a, CT_VALUE_REFERENCE, 6);
    CtValue *variant = val (a, CT_VALUE_VARIANT, 7);

    ref->ref.dereferenced = val_int (a, 7, 0);
    ref->ref.address = G_GUINT64_CONSTANT (0xdeadbeefcafe);
    ref->ref.mutable_ = TRUE;
    variant->variant.discriminator = CT_STR_INIT ("Some");
    variant->variant.contents = ref;
    e.kind = CT_EVENT_VALUE;
    e.value.variable_id = 1;
    e.value.value = val_seq (a, CT_VALUE_STRUCT, 3, variant,
                             val_text (a, CT_VALUE_STRING, "a\0b", 3),
                             val_seq (a, CT_VALUE_SEQUENCE, 0));
    ADD ();
  }

  /* BigInt: 2^72, negative; and zero */
  v = val (a, CT_VALUE_BIGINT, 8);
  v->big.magnitude = two_pow_72;
  v->big.len = sizeof two_pow_72;
  v->big.negative = TRUE;
  e.kind = CT_EVENT_VALUE;
  e.value.variable_id = 2;
  e.value.value = v;
  ADD ();
  e.kind = CT_EVENT_VALUE;
  e.value.variable_id = 2;
  e.value.value = val (a, CT_VALUE_BIGINT, 8);
  ADD ();

  /* nested 200 deep: JSON depth 3 + 2 * 200, within CT_MAX_NESTING */
  v = val_int (a, 1, 0);
  for (guint i = 0; i < 200; i++)
    v = val_seq (a, i % 2 ? CT_VALUE_TUPLE : CT_VALUE_SEQUENCE, 1, v);
  e.kind = CT_EVENT_VALUE;
  e.value.variable_id = 3;
  e.value.value = v;
  ADD ();

  e.kind = CT_EVENT_RETURN;
  e.ret.return_value = val_int (a, -1, 0);
  ADD ();

  for (guint k = 0; k < CT_N_EVENT_LOG_KINDS; k++)
    {
      e.kind = CT_EVENT_EVENT;
      e.io.kind = k;
      e.io.metadata = k % 2 ? CT_STR_INIT ("meta") : CT_STR_INIT ("");
      e.io.content = CT_STR_INIT ("content\n");
      ADD ();
    }

  e.kind = CT_EVENT_ASM;
  e.asm_.n_lines = 3;
  e.asm_.lines = ct_arena_new0 (a, CtStr, 3);
  e.asm_.lines[0] = CT_STR_INIT ("mov rax, rbx");
  e.asm_.lines[1] = CT_STR_INIT ("");
  e.asm_.lines[2] = CT_STR_INIT ("ret");
  ADD ();
  e.kind = CT_EVENT_ASM;
  ADD ();
  e.kind = CT_EVENT_BIND_VARIABLE;
  e.bind.variable_id = 0;
  e.bind.place = 5;
  ADD ();
  e.kind = CT_EVENT_ASSIGNMENT;
  e.assignment.to = 1;
  e.assignment.from = rvalue (a, "Simple", "0", node_int (a, 0));
  ADD ();
  e.kind = CT_EVENT_ASSIGNMENT;
  e.assignment.to = 2;
  e.assignment.by_reference = TRUE;
  e.assignment.from = rvalue (a, "Compound", "0", node_ints (a, 3, (gint64) 0, (gint64) 1,
                                                             (gint64) 2));
  ADD ();
  e.kind = CT_EVENT_DROP_VARIABLES;
  e.drop_variables.n_ids = 2;
  e.drop_variables.ids = ct_arena_new0 (a, gint64, 2);
  e.drop_variables.ids[0] = 0;
  e.drop_variables.ids[1] = 1;
  ADD ();
  e.kind = CT_EVENT_COMPOUND_VALUE;
  e.place_value.place = 3;
  e.place_value.value = val_seq (a, CT_VALUE_SEQUENCE, 0);
  ADD ();
  e.kind = CT_EVENT_CELL_VALUE;
  e.place_value.place = 4;
  e.place_value.value = val_int (a, 5, 0);
  ADD ();
  e.kind = CT_EVENT_ASSIGN_COMPOUND_ITEM;
  e.assign_item.place = 3;
  e.assign_item.index = 0;
  e.assign_item.item_place = 4;
  ADD ();
  e.kind = CT_EVENT_ASSIGN_CELL;
  e.place_value.place = 4;
  e.place_value.value = val (a, CT_VALUE_FLOAT, 2);
  e.place_value.value->flt.f = -0.0;
  ADD ();
  e.kind = CT_EVENT_VARIABLE_CELL;
  e.bind.variable_id = 1;
  e.bind.place = 4;
  ADD ();
  e.kind = CT_EVENT_DROP_VARIABLE;
  e.variable_id = 1;
  ADD ();
  e.kind = CT_EVENT_THREAD_START;
  e.thread_id = 1;
  ADD ();
  e.kind = CT_EVENT_THREAD_SWITCH;
  e.thread_id = G_MAXUINT64;
  ADD ();
  e.kind = CT_EVENT_THREAD_EXIT;
  e.thread_id = 1;
  ADD ();
  e.kind = CT_EVENT_DROP_LAST_STEP;
  ADD ();
  e.kind = CT_EVENT_STEP;
  e.step.path_id = 1;
  e.step.line = -1;
  ADD ();

#undef ADD
  return events;
}

static void assert_values_equal (const CtValue *a,
                                 const CtValue *b);

static gboolean compare_floats_by_value;

static void
assert_str_equal (CtStr a,
                  CtStr b)
{
  g_assert_cmpmem (a.str, a.len, b.str, b.len);
}

static void
assert_values_equal (const CtValue *a,
                     const CtValue *b)
{
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_cmpstr (value_names[a->kind], ==, value_names[b->kind]);
  if (a->kind != CT_VALUE_CELL)
    g_assert_cmpint (a->type_id, ==, b->type_id);

  switch (a->kind)
    {
    case CT_VALUE_INT:
      g_assert_cmpint (a->i, ==, b->i);
      break;

    case CT_VALUE_FLOAT:
      /* bit for bit (-0.0, NaN), except through capnp's text form, which
       * spells -0.0 as "-0" (read back as 0) and has one NaN */
      if (compare_floats_by_value)
        g_assert_true (a->flt.f == b->flt.f || (isnan (a->flt.f) && isnan (b->flt.f)));
      else
        g_assert_cmpmem (&a->flt.f, sizeof (double), &b->flt.f, sizeof (double));
      break;

    case CT_VALUE_BOOL:
      g_assert_cmpint (!!a->b, ==, !!b->b);
      break;

    case CT_VALUE_STRING:
    case CT_VALUE_RAW:
    case CT_VALUE_ERROR:
      assert_str_equal (a->text, b->text);
      break;

    case CT_VALUE_SEQUENCE:
    case CT_VALUE_TUPLE:
    case CT_VALUE_STRUCT:
      g_assert_cmpint (!!a->seq.is_slice, ==, !!b->seq.is_slice);
      g_assert_cmpuint (a->seq.n_items, ==, b->seq.n_items);
      for (guint i = 0; i < a->seq.n_items; i++)
        assert_values_equal (&a->seq.items[i], &b->seq.items[i]);
      break;

    case CT_VALUE_VARIANT:
      assert_str_equal (a->variant.discriminator, b->variant.discriminator);
      assert_values_equal (a->variant.contents, b->variant.contents);
      break;

    case CT_VALUE_REFERENCE:
      g_assert_cmpuint (a->ref.address, ==, b->ref.address);
      g_assert_cmpint (!!a->ref.mutable_, ==, !!b->ref.mutable_);
      assert_values_equal (a->ref.dereferenced, b->ref.dereferenced);
      break;

    case CT_VALUE_NONE:
      break;

    case CT_VALUE_CELL:
      g_assert_cmpint (a->place, ==, b->place);
      break;

    case CT_VALUE_BIGINT:
      g_assert_cmpmem (a->big.magnitude, a->big.len, b->big.magnitude, b->big.len);
      g_assert_cmpint (!!a->big.negative, ==, !!b->big.negative);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
assert_nodes_equal (const CtNode *a,
                    const CtNode *b)
{
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_cmpint (a->type, ==, b->type);
  switch (a->type)
    {
    case CT_NODE_INT:
      g_assert_cmpint (a->i, ==, b->i);
      break;

    case CT_NODE_STRING:
      g_assert_cmpmem (a->s.str, a->s.len, b->s.str, b->s.len);
      break;

    case CT_NODE_ARRAY:
      g_assert_cmpuint (a->c.n_items, ==, b->c.n_items);
      for (guint i = 0; i < a->c.n_items; i++)
        assert_nodes_equal (&a->c.items[i], &b->c.items[i]);
      break;

    case CT_NODE_MAP:
      g_assert_cmpuint (a->c.n_items, ==, b->c.n_items);
      for (guint i = 0; i < 2 * a->c.n_items; i++)
        assert_nodes_equal (&a->c.items[i], &b->c.items[i]);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
assert_events_equal (const CtEvent *a,
                     const CtEvent *b)
{
  g_assert_cmpstr (event_names[a->kind], ==, event_names[b->kind]);

  switch (a->kind)
    {
    case CT_EVENT_STEP:
      g_assert_cmpint (a->step.path_id, ==, b->step.path_id);
      g_assert_cmpint (a->step.line, ==, b->step.line);
      break;

    case CT_EVENT_PATH:
    case CT_EVENT_VARIABLE_NAME:
    case CT_EVENT_VARIABLE:
      assert_str_equal (a->name, b->name);
      break;

    case CT_EVENT_TYPE:
      g_assert_cmpuint (a->type.kind, ==, b->type.kind);
      assert_str_equal (a->type.lang_type, b->type.lang_type);
      g_assert_cmpint (a->type.info_kind, ==, b->type.info_kind);
      g_assert_cmpuint (a->type.n_fields, ==, b->type.n_fields);
      for (guint i = 0; i < a->type.n_fields; i++)
        {
          assert_str_equal (a->type.fields[i].name, b->type.fields[i].name);
          g_assert_cmpint (a->type.fields[i].type_id, ==, b->type.fields[i].type_id);
        }
      if (a->type.info_kind == CT_TYPE_INFO_POINTER)
        g_assert_cmpint (a->type.dereference_type_id, ==, b->type.dereference_type_id);
      break;

    case CT_EVENT_VALUE:
      g_assert_cmpint (a->value.variable_id, ==, b->value.variable_id);
      assert_values_equal (a->value.value, b->value.value);
      break;

    case CT_EVENT_FUNCTION:
      g_assert_cmpint (a->function.path_id, ==, b->function.path_id);
      g_assert_cmpint (a->function.line, ==, b->function.line);
      assert_str_equal (a->function.name, b->function.name);
      break;

    case CT_EVENT_CALL:
      g_assert_cmpint (a->call.function_id, ==, b->call.function_id);
      g_assert_cmpuint (a->call.n_args, ==, b->call.n_args);
      for (guint i = 0; i < a->call.n_args; i++)
        {
          g_assert_cmpint (a->call.args[i].variable_id, ==, b->call.args[i].variable_id);
          assert_values_equal (a->call.args[i].value, b->call.args[i].value);
        }
      break;

    case CT_EVENT_RETURN:
      assert_values_equal (a->ret.return_value, b->ret.return_value);
      break;

    case CT_EVENT_EVENT:
      g_assert_cmpuint (a->io.kind, ==, b->io.kind);
      assert_str_equal (a->io.metadata, b->io.metadata);
      assert_str_equal (a->io.content, b->io.content);
      break;

    case CT_EVENT_ASM:
      g_assert_cmpuint (a->asm_.n_lines, ==, b->asm_.n_lines);
      for (guint i = 0; i < a->asm_.n_lines; i++)
        assert_str_equal (a->asm_.lines[i], b->asm_.lines[i]);
      break;

    case CT_EVENT_BIND_VARIABLE:
    case CT_EVENT_VARIABLE_CELL:
      g_assert_cmpint (a->bind.variable_id, ==, b->bind.variable_id);
      g_assert_cmpint (a->bind.place, ==, b->bind.place);
      break;

    case CT_EVENT_ASSIGNMENT:
      g_assert_cmpint (a->assignment.to, ==, b->assignment.to);
      g_assert_cmpint (!!a->assignment.by_reference, ==, !!b->assignment.by_reference);
      assert_nodes_equal (a->assignment.from, b->assignment.from);
      break;

    case CT_EVENT_DROP_VARIABLES:
      g_assert_cmpmem (a->drop_variables.ids, a->drop_variables.n_ids * sizeof (gint64),
                       b->drop_variables.ids, b->drop_variables.n_ids * sizeof (gint64));
      break;

    case CT_EVENT_COMPOUND_VALUE:
    case CT_EVENT_CELL_VALUE:
    case CT_EVENT_ASSIGN_CELL:
      g_assert_cmpint (a->place_value.place, ==, b->place_value.place);
      assert_values_equal (a->place_value.value, b->place_value.value);
      break;

    case CT_EVENT_ASSIGN_COMPOUND_ITEM:
      g_assert_cmpint (a->assign_item.place, ==, b->assign_item.place);
      g_assert_cmpint (a->assign_item.index, ==, b->assign_item.index);
      g_assert_cmpint (a->assign_item.item_place, ==, b->assign_item.item_place);
      break;

    case CT_EVENT_DROP_VARIABLE:
      g_assert_cmpint (a->variable_id, ==, b->variable_id);
      break;

    case CT_EVENT_THREAD_START:
    case CT_EVENT_THREAD_EXIT:
    case CT_EVENT_THREAD_SWITCH:
      g_assert_cmpuint (a->thread_id, ==, b->thread_id);
      break;

    case CT_EVENT_DROP_LAST_STEP:
      break;

    default:
      g_assert_not_reached ();
    }
}

/* Reads trace.bin back and compares every event with `expected`. */
static void
read_back (GBytes        *trace_bin,
           const CtEvent *expected,
           guint          n_expected,
           gsize          chunk_size)
{
  g_autoptr(CtArena) arena = ct_arena_new ();
  g_autoptr(GError) error = NULL;
  CtReaderBackend *backend;
  gsize len;
  const guint8 *data = g_bytes_get_data (trace_bin, &len);
  guint n = 0;

  backend = open_v0_bytes (data, len, &error);
  g_assert_no_error (error);
  if (chunk_size > 0)
    _ct_v0_backend_set_chunk_size (backend, chunk_size);

  for (;;)
    {
      CtEvent event;
      guint64 offset;
      gint64 frame;
      CtReadStatus status;

      ct_arena_reset (arena);
      status = backend->klass->next (backend, arena, &event, &offset, &frame, &error);
      g_assert_no_error (error);
      if (status == CT_READ_END)
        break;
      g_assert_cmpuint (n, <, n_expected);
      assert_events_equal (&expected[n], &event);
      n++;
    }
  g_assert_cmpuint (n, ==, n_expected);
  g_assert_cmpuint (backend->klass->position (backend), ==, len);
  backend->klass->free (backend);
}

static void
test_roundtrip_all (void)
{
  g_autoptr(CtArena) arena = ct_arena_new ();
  g_autoptr(GArray) events = make_all_events (arena);
  g_autoptr(GBytes) bin = NULL;
  g_autofree char *decoded = NULL;
  guint changes = 0;
  static const char * const mentions[] = {
    "path = (p = \"/home/user/demo/a.py\")",
    "variableName = \"x\"",
    "variable = \"legacy_name\"",
    "specificInfo = (struct = (fields = [(name = \"x\", typeId = (i = 0)), "
      "(name = \"y_coordinate\", typeId = (i = 1))]))",
    "specificInfo = (pointer = (dereferenceTypeId = (i = 0)))",
    "kind = pointer",
    "function = (pathId = (i = 0), line = (l = 3), name = \"main\")",
    "args = [(variableId = (i = 0), value = (int = (i = 42, typeId = (i = 0)))), "
      "(variableId = (i = 1), value = (string = (text = \"h",
    "isSlice = true",
    "float = (f = 2.5",
    "bool = (b = true",
    "cell = (place = (p = -7))",
    "raw = (r = \"<raw>\"",
    "error = (msg = \"boom\"",
    "variant = (discriminator = \"Some\", contents = (reference = (dereferenced = "
      "(int = (i = 7, typeId = (i = 0))), mutable = true, typeId = (i = 6), "
      "address = 244837814094590)",
    "string = (text = \"a\\000b\"",
    "bigint = (b = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0], negative = true, typeId = (i = 8))",
    "return = (returnValue = (int = (i = -1",
    "kind = write,", "kind = writeFile,", "kind = writeOther,", "kind = read,",
    "kind = readFile,", "kind = readOther,", "kind = readDir,", "kind = openDir,",
    "kind = closeDir,", "kind = socket,", "kind = open,", "kind = error,",
    "kind = traceLogEvent,", "kind = evmEvent,",
    "asm = [\"mov rax, rbx\", \"\", \"ret\"]",
    "bindVariable = (variableId = (i = 0), place = (p = 5))",
    "assignment = (to = (i = 1), passBy = value, from = (simple = (i = 0)))",
    "assignment = (to = (i = 2), passBy = reference, from = (compound = [(i = 0), (i = 1), "
      "(i = 2)]))",
    "dropVariables = [(i = 0), (i = 1)]",
    "compoundValue = (place = (p = 3), value = (sequence = (elements = []",
    "cellValue = (place = (p = 4)",
    "assignCompoundItem = (place = (p = 3), index = 0, itemPlace = (p = 4))",
    "assignCell = (place = (p = 4), newValue = (float = (f = -0",
    "variableCell = (variableId = (i = 1), place = (p = 4))",
    "dropVariable = (i = 1)",
    "threadStart = (i = 1)",
    "threadSwitch = (i = 18446744073709551615)",
    "threadExit = (i = 1)",
    "dropLastStep = void",
    "step = (pathId = (i = 1), line = (l = -1))",
  };

  bin = write_events ((CtEvent *) events->data, events->len, 0, &changes);
  g_assert_cmpuint (changes, ==, 0);
  read_back (bin, (CtEvent *) events->data, events->len, 0);
  read_back (bin, (CtEvent *) events->data, events->len, 16);

  decoded = capnp_decode (bin);
  if (decoded == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (mentions); i++)
    {
      if (strstr (decoded, mentions[i]) == NULL)
        g_error ("capnp decode output lacks %s:\n%.4000s", mentions[i], decoded);
    }

  /* and capnp's own encoding of the same text (its layout, one segment)
   * reads back as the same events: the reader does not only know our
   * writer */
  {
    g_autoptr(GBytes) theirs = capnp_encode (decoded);

    compare_floats_by_value = TRUE;
    read_back (theirs, (CtEvent *) events->data, events->len, 0);
    compare_floats_by_value = FALSE;
  }
}

/* What v0 can only approximate is written approximately, and said so. */
static void
test_write_deviations (void)
{
  g_autoptr(CtArena) arena = ct_arena_new ();
  CtEvent in[7] = { 0, };
  CtEvent out[7] = { 0, };
  g_autoptr(GBytes) bin = NULL;
  static const guint expected_changes[7] = {
    CT_DEVIATION_BOOL_AS_INT,
    CT_DEVIATION_BIG_INT,
    CT_DEVIATION_FLOAT_AS_STRING,
    CT_DEVIATION_NEWER_VALUE_KIND,
    CT_DEVIATION_EXTRA_FIELDS,
    CT_DEVIATION_EXTRA_FIELDS,
    CT_DEVIATION_ASSIGNMENT_SHAPE,
  };
  CtValue *v;
  guint all = 0;

  for (guint i = 0; i < 6; i++)
    {
      in[i].kind = out[i].kind = CT_EVENT_VALUE;
      in[i].value.variable_id = out[i].value.variable_id = i;
    }

  /* bool as Int -> Int 0/1 */
  v = val_int (arena, 1, 3);
  v->flags = CT_VALUE_FLAG_INT_IS_BOOL;
  in[0].value.value = v;
  out[0].value.value = val_int (arena, 1, 3);

  /* Int beyond 64 bits -> BigInt */
  v = val (arena, CT_VALUE_INT, 0);
  v->flags = CT_VALUE_FLAG_INT_IS_BIG;
  v->big.magnitude = two_pow_72;
  v->big.len = sizeof two_pow_72;
  v->big.negative = TRUE;
  in[1].value.value = v;
  v = val (arena, CT_VALUE_BIGINT, 0);
  v->big.magnitude = two_pow_72;
  v->big.len = sizeof two_pow_72;
  v->big.negative = TRUE;
  out[1].value.value = v;

  /* "f": "1.5" -> 1.5 */
  v = val (arena, CT_VALUE_FLOAT, 2);
  v->flt.f = 1.5;
  v->flt.text = CT_STR_INIT ("1.5");
  in[2].value.value = v;
  v = val (arena, CT_VALUE_FLOAT, 2);
  v->flt.f = 1.5;
  out[2].value.value = v;

  /* ref_id dropped */
  v = val_seq (arena, CT_VALUE_SEQUENCE, 1, val_int (arena, 1, 0));
  v->flags = CT_VALUE_FLAG_HAS_REF_ID;
  v->ref_id = 77;
  in[3].value.value = v;
  out[3].value.value = val_seq (arena, CT_VALUE_SEQUENCE, 1, val_int (arena, 1, 0));

  /* extra keys on a value, then on an event, dropped */
  v = val_int (arena, 5, 0);
  v->extra = node_map (arena, 1);
  node_string (&v->extra->c.items[0], "note");
  node_string (&v->extra->c.items[1], "x");
  in[4].value.value = v;
  out[4].value.value = val_int (arena, 5, 0);
  in[5].value.value = val_int (arena, 6, 0);
  in[5].extra = v->extra;
  out[5].value.value = val_int (arena, 6, 0);

  /* the Ruby recorder's {"kind":"Compound","data":[...]} */
  in[6].kind = out[6].kind = CT_EVENT_ASSIGNMENT;
  in[6].assignment.to = out[6].assignment.to = 3;
  in[6].assignment.from = rvalue (arena, "Compound", "data",
                                  node_ints (arena, 2, (gint64) 1, (gint64) 2));
  out[6].assignment.from = rvalue (arena, "Compound", "0",
                                   node_ints (arena, 2, (gint64) 1, (gint64) 2));

  for (guint i = 0; i < G_N_ELEMENTS (in); i++)
    {
      g_autoptr(GBytes) one = NULL;
      guint changes = 0;

      one = write_events (&in[i], 1, 0, &changes);
      g_assert_cmphex (changes, ==, expected_changes[i]);
      all |= changes;
    }

  bin = write_events (in, G_N_ELEMENTS (in), 0, NULL);
  read_back (bin, out, G_N_ELEMENTS (out), 0);
  g_assert_cmphex (all, !=, 0);
}

/* Events v0 cannot hold fail with UNSUPPORTED, naming what; the writer
 * carries on with the next event. */
static void
test_write_unsupported (void)
{
  g_autoptr(CtArena) arena = ct_arena_new ();
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bin = NULL;
  g_autofree char *tmp_dir = temp_path ("");
  CtWriterBackend *sink;
  CtEvent bad[7] = { 0, };
  CtEvent good = { 0, };
  static const char * const names[7] = {
    "Frobnicate", "Char", "ValueRef", "unknown kind", "FunctionReturn",
    "not a variable id", "nested deeper",
  };
  CtValue *v;
  CtNode *call;

  bad[0].kind = CT_EVENT_UNKNOWN;
  bad[0].unknown.variant = CT_STR_INIT ("Frobnicate");
  for (guint i = 1; i < 4; i++)
    bad[i].kind = CT_EVENT_VALUE;
  v = val (arena, CT_VALUE_CHAR, 0);
  v->text = CT_STR_INIT ("c");
  bad[1].value.value = val_seq (arena, CT_VALUE_TUPLE, 2, val_int (arena, 1, 0), v);
  bad[2].value.value = val (arena, CT_VALUE_VALUE_REF, 0);
  bad[3].value.value = val (arena, CT_VALUE_UNKNOWN, 0);
  bad[3].value.value->unknown = node_map (arena, 0);
  bad[4].kind = CT_EVENT_ASSIGNMENT;
  call = node_map (arena, 1);
  node_string (&call->c.items[0], "call");
  node_string (&call->c.items[1], "x");
  bad[4].assignment.from = rvalue (arena, "FunctionReturn", "data", call);
  bad[5].kind = CT_EVENT_ASSIGNMENT;
  {
    CtNode s = { 0, };

    node_string (&s, "seven");
    bad[5].assignment.from = rvalue (arena, "Simple", "0", &s);
  }
  /* 300 nested Sequences: JSON depth 603 */
  v = val_int (arena, 1, 0);
  for (guint i = 0; i < 300; i++)
    v = val_seq (arena, CT_VALUE_SEQUENCE, 1, v);
  bad[6].kind = CT_EVENT_RETURN;
  bad[6].ret.return_value = v;

  good.kind = CT_EVENT_STEP;
  good.step.path_id = 1;
  good.step.line = 2;

  g_output_stream_write_all (out, CT_V0_HEADER, CT_BINARY_HEADER_SIZE, NULL, NULL, &error);
  sink = _ct_v0_sink_new (out, tmp_dir, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      guint changes = 0;

      g_assert_true (sink->klass->write (sink, &good, &changes, &error));
      g_assert_false (sink->klass->write (sink, &bad[i], &changes, &error));
      g_assert_error (error, CT_TRACE_ERROR,
                      (gint) (i == 6 ? CT_TRACE_ERROR_LIMIT : CT_TRACE_ERROR_UNSUPPORTED));
      if (strstr (error->message, names[i]) == NULL)
        g_error ("error message lacks “%s”: %s", names[i], error->message);
      g_clear_error (&error);
    }
  g_assert_true (sink->klass->finish (sink, &error));
  sink->klass->free (sink);
  g_output_stream_close (out, NULL, NULL);
  bin = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));

  {
    CtEvent expected[G_N_ELEMENTS (bad)];

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      expected[i] = good;
    read_back (bin, expected, G_N_ELEMENTS (bad), 0);
  }
}

/* Count the segments of a trace.bin by unpacking its first word. */
static guint
count_segments (GBytes *bin)
{
  g_autofree char *path = temp_path ("segments.bin");
  g_autoptr(GError) error = NULL;
  CtCapnpUnpacker *unpacker;
  guint8 word[8];
  gsize got = 0;
  gsize len;
  const guint8 *data = g_bytes_get_data (bin, &len);
  int fd;

  write_file (path, data + CT_BINARY_HEADER_SIZE, len - CT_BINARY_HEADER_SIZE);
  fd = open (path, O_RDONLY | O_CLOEXEC);
  unpacker = _ct_capnp_unpacker_new (fd, 0);
  _ct_capnp_unpacker_read (unpacker, word, 8, &got, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (got, ==, 8);
  _ct_capnp_unpacker_free (unpacker);
  close (fd);
  return (word[0] | (word[1] << 8) | (word[2] << 16) | ((guint) word[3] << 24)) + 1;
}

static void
test_multi_segment (void)
{
  g_autoptr(CtArena) arena = ct_arena_new ();
  g_autoptr(GArray) all = make_all_events (arena);
  g_autoptr(GArray) events = g_array_new (FALSE, TRUE, sizeof (CtEvent));
  g_autoptr(GBytes) bin = NULL;
  g_autofree char *decoded = NULL;
  g_autofree char *big = g_strnfill (20000, 'z');
  CtEvent e = { 0, };
  guint n_segments;

  /* the every-variant set three times, with one event larger than a
   * whole segment in between */
  for (guint r = 0; r < 3; r++)
    {
      g_array_append_vals (events, all->data, all->len);
      e.kind = CT_EVENT_VALUE;
      e.value.value = val_text (arena, CT_VALUE_STRING, big, 20000);
      g_array_append_val (events, e);
    }

  bin = write_events ((CtEvent *) events->data, events->len, 200, NULL);
  n_segments = count_segments (bin);
  g_test_message ("%u events in %u segments", events->len, n_segments);
  g_assert_cmpuint (n_segments, >, 10);
  /* capnp's own reader refuses more than 512 */
  g_assert_cmpuint (n_segments, <, 512);

  read_back (bin, (CtEvent *) events->data, events->len, 0);
  _ct_v0_backend_set_in_memory_limit (0);
  read_back (bin, (CtEvent *) events->data, events->len, 64);
  _ct_v0_backend_set_in_memory_limit (16 * 1024 * 1024);

  decoded = capnp_decode (bin);
  if (decoded != NULL)
    {
      g_assert_nonnull (strstr (decoded, "dropLastStep = void"));
      g_assert_nonnull (strstr (decoded, "zzzzzzzzzzzzzzzzzzzzzzzz\""));
    }
}

static void
test_empty (void)
{
  g_autoptr(GBytes) bin = write_events (NULL, 0, 0, NULL);
  g_autofree char *decoded = NULL;

  read_back (bin, NULL, 0, 0);
  decoded = capnp_decode (bin);
  if (decoded != NULL)
    g_assert_cmpstr (g_strstrip (decoded), ==, "(events = [])");
}

/* ------------------------------------------------------------------------
 * Bad input
 * ------------------------------------------------------------------------ */

/* Reads everything; returns the first error (NULL when none). At most
 * `max_events` are tried, so that garbage claiming 2^28 events ends. */
static GError *
read_all (const guint8 *data,
          gsize         len,
          guint         max_events,
          guint        *n_ok)
{
  g_autoptr(CtArena) arena = ct_arena_new ();
  GError *error = NULL;
  CtReaderBackend *backend;

  *n_ok = 0;
  backend = open_v0_bytes (data, len, &error);
  if (backend == NULL)
    {
      g_assert_nonnull (error);
      return error;
    }

  for (guint i = 0; i < max_events; i++)
    {
      CtEvent event;
      guint64 offset;
      gint64 frame;
      CtReadStatus status;

      ct_arena_reset (arena);
      status = backend->klass->next (backend, arena, &event, &offset, &frame, &error);
      if (status == CT_READ_END)
        break;
      if (status == CT_READ_ERROR)
        {
          g_assert_nonnull (error);
          break;
        }
      g_assert_cmpint (status, ==, CT_READ_OK);
      (*n_ok)++;
    }
  g_assert_cmpuint (backend->klass->position (backend), <=, len);
  backend->klass->free (backend);
  return error;
}

static GBytes *
small_fixture (void)
{
  const char *shared = g_getenv ("CT_SHARED_DIR");
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  gsize len;

  if (shared == NULL)
    {
      g_test_skip ("shared fixtures not found: set CT_SHARED_DIR");
      return NULL;
    }
  path = g_build_filename (shared, "fixtures", "py-calc", "v0", "trace.bin", NULL);
  if (!g_file_get_contents (path, &contents, &len, NULL))
    {
      g_test_skip ("fixture py-calc/v0/trace.bin not found");
      return NULL;
    }
  return g_bytes_new_take (g_steal_pointer (&contents), len);
}

static void
test_truncated (void)
{
  g_autoptr(GBytes) bin = small_fixture ();
  gsize len;
  const guint8 *data;

  if (bin == NULL)
    return;
  data = g_bytes_get_data (bin, &len);
  for (gsize cut = CT_BINARY_HEADER_SIZE; cut < len; cut++)
    {
      g_autoptr(GError) error = NULL;
      guint n_ok;

      error = read_all (data, cut, G_MAXUINT, &n_ok);
      if (error == NULL)
        g_error ("trace.bin cut at %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT
                 " bytes read without error (%u events)", cut, len, n_ok);
      g_assert_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_TRUNCATED);
      g_assert_nonnull (strstr (error->message, "byte"));
      if (cut == len - 1)
        g_test_message ("cut at %" G_GSIZE_FORMAT ": %s", cut, error->message);
    }
}

/* Every byte flipped, three ways: whatever happens, no crash, no hang, and
 * a CtTraceError when something is refused. */
static void
test_flipped (void)
{
  static const guint8 masks[] = { 0xff, 0x01, 0x80, 0x10 };
  g_autoptr(GBytes) bin = small_fixture ();
  g_autofree guint8 *copy = NULL;
  guint n_errors = 0;
  guint n_clean = 0;
  gsize len;
  const guint8 *data;

  if (bin == NULL)
    return;
  data = g_bytes_get_data (bin, &len);
  copy = g_memdup2 (data, len);
  for (gsize at = CT_BINARY_HEADER_SIZE; at < len; at++)
    {
      for (guint m = 0; m < G_N_ELEMENTS (masks); m++)
        {
          g_autoptr(GError) error = NULL;
          guint n_ok;

          copy[at] ^= masks[m];
          /* the temporary-file path for a quarter of them */
          if (m == 3)
            _ct_v0_backend_set_in_memory_limit (0);
          error = read_all (copy, len, 100000, &n_ok);
          _ct_v0_backend_set_in_memory_limit (16 * 1024 * 1024);
          copy[at] ^= masks[m];
          if (error != NULL)
            {
              g_assert_true (error->domain == CT_TRACE_ERROR);
              g_assert_cmpstr (error->message, !=, "");
              n_errors++;
            }
          else
            n_clean++;
        }
    }
  g_test_message ("%u refused, %u read (values changed)", n_errors, n_clean);
}

/* Builds crafted messages word by word. */
typedef struct
{
  GPtrArray *segments; /* GArray of guint64 */
} Msg;

static Msg *
msg_new (guint n_segments)
{
  Msg *m = g_new0 (Msg, 1);

  m->segments = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  for (guint i = 0; i < n_segments; i++)
    g_ptr_array_add (m->segments, g_array_new (FALSE, TRUE, sizeof (guint64)));
  return m;
}

static void
msg_free (Msg *m)
{
  g_ptr_array_unref (m->segments);
  g_free (m);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Msg, msg_free)

/* appends `n` zero words to a segment, returns the index of the first */
static guint
msg_alloc (Msg   *m,
           guint  seg,
           guint  n)
{
  GArray *a = g_ptr_array_index (m->segments, seg);
  guint at = a->len;

  g_array_set_size (a, a->len + n);
  return at;
}

static void
msg_set (Msg     *m,
         guint    seg,
         guint    at,
         guint64  word)
{
  g_array_index ((GArray *) g_ptr_array_index (m->segments, seg), guint64, at) = word;
}

static guint64
struct_ptr (guint from,
            guint to,
            guint data_words,
            guint n_ptrs)
{
  return _ct_capnp_make_struct_pointer ((gint32) to - (gint32) from - 1, data_words, n_ptrs);
}

/* Segment 0: root -> Trace -> events composite list of n_events elements
 * (1 data word, 1 pointer each). Returns the word of element 0. */
static guint
msg_events (Msg   *m,
            guint  n_events)
{
  guint root = msg_alloc (m, 0, 3 + 2 * n_events);

  msg_set (m, 0, root, struct_ptr (root, root + 1, 0, 1));
  msg_set (m, 0, root + 1, _ct_capnp_make_list_pointer (0, CT_CAPNP_ELEM_COMPOSITE,
                                                        2 * n_events));
  msg_set (m, 0, root + 2, _ct_capnp_make_struct_pointer (n_events, 1, 1));
  return root + 3;
}

static GError *
read_msg (Msg   *m,
          guint *n_ok)
{
  g_autoptr(GBytes) bin = pack_segments (m->segments);
  gsize len;
  const guint8 *data = g_bytes_get_data (bin, &len);

  return read_all (data, len, G_MAXUINT, n_ok);
}

static void
expect_error (Msg        *m,
              guint       n_ok_expected,
              gint        code,
              const char *fragment)
{
  g_autoptr(GError) error = NULL;
  guint n_ok = 0;

  error = read_msg (m, &n_ok);
  g_assert_error (error, CT_TRACE_ERROR, code);
  g_test_message ("%s", error->message);
  if (fragment != NULL && strstr (error->message, fragment) == NULL)
    g_error ("error message lacks “%s”: %s", fragment, error->message);
  g_assert_cmpuint (n_ok, ==, n_ok_expected);
}

/* A Step event: payload struct with two id structs. Returns the payload. */
static void
msg_step (Msg   *m,
          guint  elem_seg,
          guint  elem,
          gint64 path_id,
          gint64 line)
{
  guint s = msg_alloc (m, elem_seg, 4);

  msg_set (m, elem_seg, elem, CT_CAPNP_EVENT_STEP);
  msg_set (m, elem_seg, elem + 1, struct_ptr (elem + 1, s, 0, 2));
  msg_set (m, elem_seg, s, struct_ptr (s, s + 2, 1, 0));
  msg_set (m, elem_seg, s + 1, struct_ptr (s + 1, s + 3, 1, 0));
  msg_set (m, elem_seg, s + 2, (guint64) path_id);
  msg_set (m, elem_seg, s + 3, (guint64) line);
}

static void
test_crafted_valid (void)
{
  g_autoptr(Msg) m = msg_new (3);
  g_autoptr(GBytes) bin = NULL;
  g_autoptr(CtArena) arena = ct_arena_new ();
  g_autoptr(GError) error = NULL;
  CtReaderBackend *backend;
  CtEvent ev;
  guint64 offset;
  gint64 frame;
  gsize len;
  const guint8 *data;
  guint e = msg_events (m, 3);
  guint pad, s;

  /* 0: a near Step */
  msg_step (m, 0, e, 3, 4);

  /* 1: a Step behind a single far pointer, pad in segment 1 */
  msg_set (m, 0, e + 2, CT_CAPNP_EVENT_STEP);
  pad = msg_alloc (m, 1, 1);
  msg_set (m, 0, e + 3, _ct_capnp_make_far_pointer (1, pad));
  s = msg_alloc (m, 1, 4);
  msg_set (m, 1, pad, struct_ptr (pad, s, 0, 2));
  msg_set (m, 1, s, struct_ptr (s, s + 2, 1, 0));
  msg_set (m, 1, s + 1, struct_ptr (s + 1, s + 3, 1, 0));
  msg_set (m, 1, s + 2, 5);
  msg_set (m, 1, s + 3, 6);

  /* 2: a Step behind a double-far pointer: pad in segment 1 pointing at
   * the struct's start in segment 2 */
  msg_set (m, 0, e + 4, CT_CAPNP_EVENT_STEP);
  pad = msg_alloc (m, 1, 2);
  msg_set (m, 0, e + 5, _ct_capnp_make_far_pointer (1, pad) | 4);
  s = msg_alloc (m, 2, 4);
  msg_set (m, 1, pad, _ct_capnp_make_far_pointer (2, s));
  msg_set (m, 1, pad + 1, _ct_capnp_make_struct_pointer (0, 0, 2));
  msg_set (m, 2, s, struct_ptr (s, s + 2, 1, 0));
  msg_set (m, 2, s + 1, struct_ptr (s + 1, s + 3, 1, 0));
  msg_set (m, 2, s + 2, 7);
  msg_set (m, 2, s + 3, 8);

  bin = pack_segments (m->segments);
  data = g_bytes_get_data (bin, &len);
  backend = open_v0_bytes (data, len, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_cmpint (backend->klass->next (backend, arena, &ev, &offset, &frame, &error),
                       ==, CT_READ_OK);
      g_assert_no_error (error);
      g_assert_cmpint (ev.kind, ==, CT_EVENT_STEP);
      g_assert_cmpint (ev.step.path_id, ==, 3 + 2 * i);
      g_assert_cmpint (ev.step.line, ==, 4 + 2 * i);
    }
  g_assert_cmpint (backend->klass->next (backend, arena, &ev, &offset, &frame, &error),
                   ==, CT_READ_END);
  backend->klass->free (backend);

  /* capnp agrees */
  {
    g_autofree char *decoded = capnp_decode (bin);

    if (decoded != NULL)
      g_assert_nonnull (strstr (decoded, "(step = (pathId = (i = 7), line = (l = 8)))"));
  }
}

static void
test_crafted_pointers (void)
{
  /* the events list beyond its segment */
  {
    g_autoptr(Msg) m = msg_new (1);
    guint e = msg_events (m, 1);

    msg_step (m, 0, e, 1, 1);
    msg_set (m, 0, 1, _ct_capnp_make_list_pointer (1000, CT_CAPNP_ELEM_COMPOSITE, 2));
    expect_error (m, 0, CT_TRACE_ERROR_CORRUPT, "segment");
  }
  /* an event's payload beyond its segment, after a good event */
  {
    g_autoptr(Msg) m = msg_new (1);
    guint e = msg_events (m, 2);

    msg_step (m, 0, e, 1, 1);
    msg_step (m, 0, e + 2, 1, 1);
    msg_set (m, 0, e + 3, _ct_capnp_make_struct_pointer (5000, 0, 2));
    expect_error (m, 1, CT_TRACE_ERROR_CORRUPT, "outside");
  }
  /* a negative offset before the segment start */
  {
    g_autoptr(Msg) m = msg_new (1);
    guint e = msg_events (m, 1);

    msg_step (m, 0, e, 1, 1);
    msg_set (m, 0, e + 1, _ct_capnp_make_struct_pointer (-100, 0, 2));
    expect_error (m, 0, CT_TRACE_ERROR_CORRUPT, "outside");
  }
  /* a far pointer whose pad is itself a far pointer to itself */
  {
    g_autoptr(Msg) m = msg_new (2);
    guint e = msg_events (m, 1);
    guint pad = msg_alloc (m, 1, 1);

    msg_set (m, 0, e, CT_CAPNP_EVENT_STEP);
    msg_set (m, 0, e + 1, _ct_capnp_make_far_pointer (1, pad));
    msg_set (m, 1, pad, _ct_capnp_make_far_pointer (1, pad));
    expect_error (m, 0, CT_TRACE_ERROR_CORRUPT, "landing pad");
  }
  /* a double-far pad that does not start with a far pointer */
  {
    g_autoptr(Msg) m = msg_new (2);
    guint e = msg_events (m, 1);
    guint pad = msg_alloc (m, 1, 2);

    msg_set (m, 0, e, CT_CAPNP_EVENT_STEP);
    msg_set (m, 0, e + 1, _ct_capnp_make_far_pointer (1, pad) | 4);
    msg_set (m, 1, pad, _ct_capnp_make_struct_pointer (0, 0, 2));
    msg_set (m, 1, pad + 1, _ct_capnp_make_struct_pointer (0, 0, 2));
    expect_error (m, 0, CT_TRACE_ERROR_CORRUPT, "Double-far");
  }
  /* far pointers to a segment that does not exist, and past a segment */
  {
    g_autoptr(Msg) m = msg_new (2);
    guint e = msg_events (m, 2);

    msg_alloc (m, 1, 1);
    msg_set (m, 0, e, CT_CAPNP_EVENT_STEP);
    msg_set (m, 0, e + 1, _ct_capnp_make_far_pointer (7, 0));
    expect_error (m, 0, CT_TRACE_ERROR_CORRUPT, "segment 7");
    msg_set (m, 0, e + 1, _ct_capnp_make_far_pointer (1, 1));
    expect_error (m, 0, CT_TRACE_ERROR_CORRUPT, "outside segment 1");
  }
  /* a capability pointer */
  {
    g_autoptr(Msg) m = msg_new (1);
    guint e = msg_events (m, 1);

    msg_set (m, 0, e, CT_CAPNP_EVENT_STEP);
    msg_set (m, 0, e + 1, 3);
    expect_error (m, 0, CT_TRACE_ERROR_CORRUPT, "Capability");
  }
  /* a list where a struct belongs */
  {
    g_autoptr(Msg) m = msg_new (1);
    guint e = msg_events (m, 1);

    msg_set (m, 0, e, CT_CAPNP_EVENT_STEP);
    msg_set (m, 0, e + 1, _ct_capnp_make_list_pointer (0, CT_CAPNP_ELEM_BYTE, 0));
    expect_error (m, 0, CT_TRACE_ERROR_CORRUPT, "struct");
  }
  /* a composite list claiming more than its words */
  {
    g_autoptr(Msg) m = msg_new (1);
    guint e = msg_events (m, 1);

    msg_step (m, 0, e, 1, 1);
    msg_set (m, 0, 2, _ct_capnp_make_struct_pointer (1000, 1, 1));
    expect_error (m, 0, CT_TRACE_ERROR_CORRUPT, "elements");
  }
}

static void
test_crafted_schema (void)
{
  /* an event variant from a newer schema */
  {
    g_autoptr(Msg) m = msg_new (1);
    guint e = msg_events (m, 2);

    msg_step (m, 0, e, 1, 1);
    msg_set (m, 0, e + 2, 30);
    expect_error (m, 1, CT_TRACE_ERROR_SCHEMA, "discriminant 30");
  }
  /* a value kind from a newer schema */
  {
    g_autoptr(Msg) m = msg_new (1);
    guint e = msg_events (m, 1);
    guint fv = msg_alloc (m, 0, 2);
    guint v = msg_alloc (m, 0, 6);

    msg_set (m, 0, e, CT_CAPNP_EVENT_RETURN);
    msg_set (m, 0, e + 1, struct_ptr (e + 1, fv, 0, 1));
    msg_set (m, 0, fv, struct_ptr (fv, v, 3, 3));
    msg_set (m, 0, v + 1, 14);
    expect_error (m, 0, CT_TRACE_ERROR_SCHEMA, "discriminant 14");
  }
  /* text without its NUL, text that is not UTF-8 */
  {
    g_autoptr(Msg) m = msg_new (1);
    guint e = msg_events (m, 1);
    guint t = msg_alloc (m, 0, 1);

    msg_set (m, 0, e, CT_CAPNP_EVENT_VARIABLE_NAME);
    msg_set (m, 0, e + 1, _ct_capnp_make_list_pointer (t - e - 2, CT_CAPNP_ELEM_BYTE, 3));
    msg_set (m, 0, t, 0x636261); /* "abc" */
    expect_error (m, 0, CT_TRACE_ERROR_CORRUPT, "NUL");
    msg_set (m, 0, t, 0x00fe61); /* "a\xfe" + NUL */
    expect_error (m, 0, CT_TRACE_ERROR_CORRUPT, "UTF-8");
  }
}

/* Value struct (3 data words, 3 pointers) at `v` whose pointer 1 (Variant
 * contents) points to `target`. */
static void
msg_variant (Msg   *m,
             guint  v,
             guint  target)
{
  msg_set (m, 0, v + 1, CT_CAPNP_VALUE_VARIANT);
  msg_set (m, 0, v + 4, struct_ptr (v + 4, target, 3, 3));
}

static void
test_crafted_limits (void)
{
  /* a Variant that contains itself */
  {
    g_autoptr(Msg) m = msg_new (1);
    guint e = msg_events (m, 1);
    guint r = msg_alloc (m, 0, 1);
    guint v = msg_alloc (m, 0, 6);

    msg_set (m, 0, e, CT_CAPNP_EVENT_RETURN);
    msg_set (m, 0, e + 1, struct_ptr (e + 1, r, 0, 1));
    msg_set (m, 0, r, struct_ptr (r, v, 3, 3));
    msg_variant (m, v, v);
    expect_error (m, 0, CT_TRACE_ERROR_LIMIT, NULL);
  }
  /* 600 nested Variants, no sharing: too deep */
  {
    g_autoptr(Msg) m = msg_new (1);
    guint e = msg_events (m, 1);
    guint r = msg_alloc (m, 0, 1);
    guint first = msg_alloc (m, 0, 600 * 6);

    msg_set (m, 0, e, CT_CAPNP_EVENT_RETURN);
    msg_set (m, 0, e + 1, struct_ptr (e + 1, r, 0, 1));
    msg_set (m, 0, r, struct_ptr (r, first, 3, 3));
    for (guint i = 0; i + 1 < 600; i++)
      msg_variant (m, first + 6 * i, first + 6 * (i + 1));
    expect_error (m, 0, CT_TRACE_ERROR_LIMIT, "nested deeper");
  }
  /* 2000 events sharing one Sequence of 500 elements: amplification */
  {
    g_autoptr(Msg) m = msg_new (1);
    guint n = 2000;
    guint e = msg_events (m, n);
    guint r = msg_alloc (m, 0, 1);
    guint v = msg_alloc (m, 0, 6);
    guint list = msg_alloc (m, 0, 1 + 500 * 6);

    msg_set (m, 0, r, struct_ptr (r, v, 3, 3));
    msg_set (m, 0, v + 1, CT_CAPNP_VALUE_SEQUENCE);
    msg_set (m, 0, v + 3, _ct_capnp_make_list_pointer (list - v - 4, CT_CAPNP_ELEM_COMPOSITE,
                                                       500 * 6));
    msg_set (m, 0, list, _ct_capnp_make_struct_pointer (500, 3, 3));
    for (guint i = 0; i < n; i++)
      {
        msg_set (m, 0, e + 2 * i, CT_CAPNP_EVENT_RETURN);
        msg_set (m, 0, e + 2 * i + 1, struct_ptr (e + 2 * i + 1, r, 0, 1));
      }
    {
      g_autoptr(GError) error = NULL;
      guint n_ok = 0;

      error = read_msg (m, &n_ok);
      g_assert_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_LIMIT);
      g_assert_nonnull (strstr (error->message, "traversal"));
      g_test_message ("%u events read before: %s", n_ok, error->message);
      g_assert_cmpuint (n_ok, <, 20);
    }
  }
  /* a list of 2^29 - 1 empty structs */
  {
    g_autoptr(Msg) m = msg_new (1);
    guint e = msg_events (m, 1);
    guint list = msg_alloc (m, 0, 1);

    msg_set (m, 0, e, CT_CAPNP_EVENT_DROP_VARIABLES);
    msg_set (m, 0, e + 1, _ct_capnp_make_list_pointer (list - e - 2, CT_CAPNP_ELEM_COMPOSITE,
                                                       0));
    msg_set (m, 0, list, _ct_capnp_make_struct_pointer ((1 << 29) - 1, 0, 0));
    expect_error (m, 0, CT_TRACE_ERROR_LIMIT, "traversal");
  }
  /* a segment table claiming far more than the file holds */
  {
    static const guint8 bad[] = {
      0xC0, 0xDE, 0x72, 0xAC, 0xE2, 0x00, 0x00, 0x00,
      0xe0, 0xff, 0xff, 0xff, /* one segment of 0xffffff00 words */
    };
    g_autoptr(GError) error = NULL;
    guint n_ok;

    error = read_all (bad, sizeof bad, G_MAXUINT, &n_ok);
    g_assert_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_TRUNCATED);
  }
}

/* ------------------------------------------------------------------------
 * Scale
 * ------------------------------------------------------------------------ */

static void
test_large (void)
{
  guint n = g_test_slow () ? 1000000 : 100000;
  g_autoptr(CtArena) arena = ct_arena_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) out = NULL;
  g_autofree char *path = temp_path ("large.bin");
  g_autofree char *tmp_dir = temp_path ("");
  CtWriterBackend *sink;
  CtReaderBackend *backend;
  CtValue *values[3];
  CtEvent ev = { 0, };
  gint64 t0, t1, t2;
  guint count = 0;

  values[0] = val_int (arena, 12345, 0);
  values[1] = val_text (arena, CT_VALUE_STRING, "a somewhat longer string value", 30);
  values[2] = val_seq (arena, CT_VALUE_SEQUENCE, 3, values[0], values[0], values[0]);

  file = g_file_new_for_path (path);
  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (G_OUTPUT_STREAM (out), CT_V0_HEADER, CT_BINARY_HEADER_SIZE,
                             NULL, NULL, &error);
  t0 = g_get_monotonic_time ();
  sink = _ct_v0_sink_new (G_OUTPUT_STREAM (out), tmp_dir, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      guint changes;

      if (i % 4 == 0)
        {
          ev.kind = CT_EVENT_STEP;
          ev.step.path_id = 1;
          ev.step.line = i;
        }
      else
        {
          ev.kind = CT_EVENT_VALUE;
          ev.value.variable_id = i % 4;
          ev.value.value = values[i % 3];
        }
      g_assert_true (sink->klass->write (sink, &ev, &changes, &error));
    }
  g_assert_true (sink->klass->finish (sink, &error));
  sink->klass->free (sink);
  g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error);
  g_assert_no_error (error);
  t1 = g_get_monotonic_time ();

  _ct_v0_backend_set_in_memory_limit (0);
  backend = open_v0 (path, &error);
  _ct_v0_backend_set_in_memory_limit (16 * 1024 * 1024);
  g_assert_no_error (error);
  for (;;)
    {
      guint64 offset;
      gint64 frame;
      CtReadStatus status;

      ct_arena_reset (arena);
      status = backend->klass->next (backend, arena, &ev, &offset, &frame, &error);
      g_assert_no_error (error);
      if (status == CT_READ_END)
        break;
      if (count % 4 == 0)
        g_assert_cmpint (ev.step.line, ==, count);
      count++;
    }
  backend->klass->free (backend);
  t2 = g_get_monotonic_time ();
  g_assert_cmpuint (count, ==, n);

  {
    struct stat st;

    g_assert_cmpint (stat (path, &st), ==, 0);
    g_test_message ("%u events: wrote %.1f MB in %.2f s, read in %.2f s", n,
                    st.st_size / 1e6, (t1 - t0) / 1e6, (t2 - t1) / 1e6);
  }
  g_unlink (path);
}

/* ------------------------------------------------------------------------
 * Random access through the public reader
 * ------------------------------------------------------------------------ */

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

  /* backwards */
  stride = MAX (count / 97, 1);
  for (gint64 i = count - 1; i >= 0; i -= stride)
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
  g_auto(GStrv) names = v0_fixture_names ();

  if (names == NULL)
    return;
  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *shared = g_getenv ("CT_SHARED_DIR");
      g_autofree char *bin = g_build_filename (shared, "fixtures", names[i], "v0", "trace.bin", NULL);

      g_test_message ("fixture %s", names[i]);
      check_public_seeks (bin, CT_READER_FLAGS_NONE, 2000);
      /* the message unpacked into a temporary file, not memory */
      _ct_v0_backend_set_in_memory_limit (0);
      check_public_seeks (bin, CT_READER_LENIENT, 2000);
      _ct_v0_backend_set_in_memory_limit (16 * 1024 * 1024);
    }
}

/* A million real events (large/py-loop-1e6, written as v0 by our writer):
 * a message of about 100 MB, unpacked on demand; seeks ahead unpack up to
 * the event, seeks back use what was unpacked. */
static void
test_seek_large (void)
{
  const char *shared = g_getenv ("CT_SHARED_DIR");
  g_autofree char *v1 = NULL;
  g_autofree char *v0 = temp_path ("py-loop-1e6.bin");
  g_autoptr(GError) error = NULL;
  g_autoptr(CtReader) in = NULL;
  g_autoptr(CtWriter) out = NULL;
  g_autoptr(CtReader) reader = NULL;
  const CtEvent *event;
  guint64 last = 0;

  if (shared == NULL)
    {
      g_test_skip ("shared fixtures not found: set CT_SHARED_DIR");
      return;
    }
  v1 = g_build_filename (shared, "fixtures", "large", "py-loop-1e6", "v1", "trace.bin", NULL);
  if (!g_file_test (v1, G_FILE_TEST_IS_REGULAR))
    {
      g_test_skip ("no large/py-loop-1e6/v1/trace.bin in the shared fixtures");
      return;
    }

  in = ct_reader_new (v1, CT_READER_FLAGS_NONE, &error);
  g_assert_no_error (error);
  out = ct_writer_new (v0, CT_ENCODING_BINARY_V0, &error);
  g_assert_no_error (error);
  while ((event = ct_reader_next (in, &error)) != NULL)
    g_assert_true (ct_writer_write (out, event, &error));
  g_assert_no_error (error);
  g_assert_true (ct_writer_finish (out, &error));
  g_assert_no_error (error);

  /* Straight from opening to the last event, then back to the first. */
  {
    g_autoptr(CtReader) probe = ct_reader_new (v0, CT_READER_FLAGS_NONE, &error);
    guint64 n = 0;

    g_assert_no_error (error);
    while (ct_reader_next (probe, &error) != NULL)
      {
        last = ct_reader_get_offset (probe);
        n++;
      }
    g_assert_no_error (error);
    g_assert_cmpuint (n, ==, ct_writer_get_n_events (out));

    reader = ct_reader_new (v0, CT_READER_FLAGS_NONE, &error);
    g_assert_no_error (error);
    g_assert_true (ct_reader_seek (reader, n - 1, last, &error));
    g_assert_nonnull (ct_reader_next (reader, &error));
    g_assert_cmpuint (ct_reader_get_index (reader), ==, n - 1);
    g_assert_cmpuint (ct_reader_get_offset (reader), ==, last);
    g_assert_null (ct_reader_next (reader, &error));
    g_assert_no_error (error);
  }

  check_public_seeks (v0, CT_READER_LENIENT, 2000);
  g_unlink (v0);
}

/* Offsets that are no event's: refused, and the reader goes on as before. */
static void
test_seek_bad_offset (void)
{
  g_auto(GStrv) names = v0_fixture_names ();
  const char *shared = g_getenv ("CT_SHARED_DIR");
  g_autofree char *bin = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CtReader) reader = NULL;
  guint64 offsets[3];

  if (names == NULL)
    return;
  bin = g_build_filename (shared, "fixtures", names[0], "v0", "trace.bin", NULL);
  reader = ct_reader_new (bin, CT_READER_FLAGS_NONE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (offsets); i++)
    {
      g_assert_nonnull (ct_reader_next (reader, &error));
      offsets[i] = ct_reader_get_offset (reader);
    }

  {
    const guint64 bad[] = { 0, offsets[0] - 8, offsets[1] + 8, offsets[1] - 1, G_MAXUINT64 };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_assert_false (ct_reader_seek (reader, 1, bad[i], &error));
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
        g_clear_error (&error);
      }
  }
  /* still after event 2 */
  g_assert_nonnull (ct_reader_next (reader, &error));
  g_assert_cmpuint (ct_reader_get_offset (reader), >, offsets[2]);
  g_assert_true (ct_reader_seek (reader, 1, offsets[1], &error));
  g_assert_nonnull (ct_reader_next (reader, &error));
  g_assert_cmpuint (ct_reader_get_offset (reader), ==, offsets[1]);
}

int
main (int    argc,
      char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/v0/fixtures/read", test_fixtures);
  g_test_add_func ("/v0/fixtures/read-chunked", test_fixtures_chunked);
  g_test_add_func ("/v0/fixtures/rewrite", test_fixtures_rewrite);
  g_test_add_func ("/v0/write/all-variants", test_roundtrip_all);
  g_test_add_func ("/v0/write/deviations", test_write_deviations);
  g_test_add_func ("/v0/write/unsupported", test_write_unsupported);
  g_test_add_func ("/v0/write/multi-segment", test_multi_segment);
  g_test_add_func ("/v0/write/empty", test_empty);
  g_test_add_func ("/v0/bad/truncated", test_truncated);
  g_test_add_func ("/v0/bad/flipped", test_flipped);
  g_test_add_func ("/v0/crafted/valid", test_crafted_valid);
  g_test_add_func ("/v0/crafted/pointers", test_crafted_pointers);
  g_test_add_func ("/v0/crafted/schema", test_crafted_schema);
  g_test_add_func ("/v0/crafted/limits", test_crafted_limits);
  g_test_add_func ("/v0/large", test_large);
  g_test_add_func ("/v0/seek/fixtures", test_seek_fixtures);
  g_test_add_func ("/v0/seek/large", test_seek_large);
  g_test_add_func ("/v0/seek/bad-offset", test_seek_bad_offset);

  ret = g_test_run ();
  remove_temp_dir ();
  return ret;
}
