/* test-tracer.c
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>

#include <json-glib/json-glib.h>

#include <codetrace.h>

#include "ct-test-utils.h"

/* Every recording below keeps its own list of the events it expects, each
 * written out by hand as the JSON the format defines (FORMAT.md section 2),
 * and compares it with what a CtReader reads back: the tracer's output is
 * never the reference. */

typedef struct
{
  CtEventKind kind;
  char       *json;
} Expected;

static void
expected_clear (gpointer data)
{
  Expected *e = data;

  g_free (e->json);
}

static GArray *
expected_new (void)
{
  GArray *a = g_array_new (FALSE, TRUE, sizeof (Expected));

  g_array_set_clear_func (a, expected_clear);
  return a;
}

static void
expect (GArray      *expected,
        CtEventKind  kind,
        const char  *json)
{
  Expected e = { kind, g_strdup (json) };

  g_array_append_val (expected, e);
}

/* ---- helpers ---- */

static const CtEncoding encodings[] = {
  CT_ENCODING_JSON,
  CT_ENCODING_BINARY_V1,
  CT_ENCODING_BINARY_V0,
};

static guint
count_dir_entries (const char *path)
{
  g_auto(GStrv) names = ct_test_list_dir (path);

  g_assert_nonnull (names);
  return g_strv_length (names);
}

/* Parses a JSON value (possibly a bare string, as DropLastStep is). */
static JsonNode *
parse_json_value (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *wrapped = g_strdup_printf ("[%s]", json);
  JsonArray *array;

  json_parser_load_from_data (parser, wrapped, -1, &error);
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  return json_node_copy (json_array_get_element (array, 0));
}

static void
assert_json_equal (const char *actual,
                   const char *expected,
                   guint       index)
{
  g_autoptr(JsonNode) a = parse_json_value (actual);
  g_autoptr(JsonNode) e = parse_json_value (expected);

  if (!json_node_equal (a, e))
    g_error ("event %u: read %s, expected %s", index, actual, expected);
}

/* Reads the whole trace and checks it against the expectations, event by
 * event: kind first, then every field through the event's JSON form. */
static void
assert_trace_equals (const char *trace_file,
                     GArray     *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtReader) reader = ct_reader_new (trace_file, CT_READER_FLAGS_NONE, &error);
  const CtEvent *event;
  guint i = 0;

  g_assert_no_error (error);
  g_assert_nonnull (reader);

  while ((event = ct_reader_next (reader, &error)) != NULL)
    {
      g_autofree char *json = ct_test_event_json (event);
      const Expected *e;

      if (i >= expected->len)
        g_error ("event %u: unexpected %s", i, json);
      e = &g_array_index (expected, Expected, i);
      if (event->kind != e->kind)
        g_error ("event %u: read %s, expected %s", i, json, e->json);
      g_assert_cmpuint (event->deviations, ==, 0);
      assert_json_equal (json, e->json, i);
      i++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (i, ==, expected->len);
}

static void
assert_paths_file (const char         *trace_dir,
                   const char * const *paths)
{
  g_autofree char *file = g_build_filename (trace_dir, "trace_paths.json", NULL);
  g_autoptr(JsonNode) root = ct_test_json_load_file (file);
  JsonArray *array;

  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  array = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (array), ==, g_strv_length ((char **) paths));
  for (guint i = 0; paths[i] != NULL; i++)
    g_assert_cmpstr (json_array_get_string_element (array, i), ==, paths[i]);
}

static void
assert_metadata_file (const char         *trace_dir,
                      const char         *workdir,
                      const char         *program,
                      const char * const *args)
{
  g_autofree char *file = g_build_filename (trace_dir, "trace_metadata.json", NULL);
  g_autoptr(JsonNode) root = ct_test_json_load_file (file);
  JsonObject *object;
  JsonArray *array;

  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "workdir"), ==, workdir);
  g_assert_cmpstr (json_object_get_string_member (object, "program"), ==, program);
  array = json_object_get_array_member (object, "args");
  g_assert_nonnull (array);
  g_assert_cmpuint (json_array_get_length (array), ==, g_strv_length ((char **) args));
  for (guint i = 0; args[i] != NULL; i++)
    g_assert_cmpstr (json_array_get_string_element (array, i), ==, args[i]);
}

static void
assert_same_file_contents (const char *a,
                           const char *b)
{
  g_autoptr(GBytes) ca = ct_test_read_file (a);
  g_autoptr(GBytes) cb = ct_test_read_file (b);

  g_assert_cmpmem (g_bytes_get_data (ca, NULL), g_bytes_get_size (ca),
                   g_bytes_get_data (cb, NULL), g_bytes_get_size (cb));
}

/* ---- the main scenario, in every encoding ---- */


static void
record_scenario (CtTracer *tracer,
                 GArray   *expected)
{
  static const char * const point_fields[] = { "x", "y" };
  static const char * const other_fields[] = { "z" };
  static const guint8 padded[] = { 0, 0, 1, 2 };
  gint64 point_types[2];
  gint64 other_types[1];
  CtValue *a, *b, *c;
  CtValue *items[2];

#define EXPECT_INT_TYPE(kind, lang, id) \
  expect (expected, CT_EVENT_TYPE, "{\"Type\":{\"kind\":" #kind ",\"lang_type\":\"" lang "\"," \
          "\"specific_info\":{\"kind\":\"None\"}}}"); \
  g_assert_cmpint (ct_tracer_ensure_type_id (tracer, kind, lang), ==, id)

  /* Types: one event each on first use, none afterwards. */
  EXPECT_INT_TYPE (7, "int", 0);
  EXPECT_INT_TYPE (8, "float", 1);
  EXPECT_INT_TYPE (12, "bool", 2);
  EXPECT_INT_TYPE (9, "str", 3);
  EXPECT_INT_TYPE (0, "list", 4);
  EXPECT_INT_TYPE (30, "NoneType", 5);
  g_assert_cmpint (ct_tracer_ensure_type_id (tracer, CT_TYPE_KIND_INT, "int"), ==, 0);

  point_types[0] = 0;
  point_types[1] = 1;
  expect (expected, CT_EVENT_TYPE,
          "{\"Type\":{\"kind\":6,\"lang_type\":\"Point\",\"specific_info\":{\"kind\":\"Struct\","
          "\"fields\":[{\"name\":\"x\",\"type_id\":0},{\"name\":\"y\",\"type_id\":1}]}}}");
  g_assert_cmpint (ct_tracer_ensure_struct_type_id (tracer, "Point", point_fields, point_types, 2), ==, 6);
  other_types[0] = 3;
  g_assert_cmpint (ct_tracer_ensure_struct_type_id (tracer, "Point", other_fields, other_types, 1), ==, 6);

  expect (expected, CT_EVENT_TYPE,
          "{\"Type\":{\"kind\":23,\"lang_type\":\"int *\",\"specific_info\":{\"kind\":\"Pointer\","
          "\"dereference_type_id\":0}}}");
  g_assert_cmpint (ct_tracer_ensure_pointer_type_id (tracer, "int *", 0), ==, 7);
  EXPECT_INT_TYPE (27, "tuple", 8);
  EXPECT_INT_TYPE (28, "Option", 9);
  /* the same name with another kind is another type */
  EXPECT_INT_TYPE (16, "int", 10);
#undef EXPECT_INT_TYPE

  /* The first Step opens the implicit top-level call. */
  g_assert_cmpuint (ct_tracer_get_depth (tracer), ==, 0);
  expect (expected, CT_EVENT_PATH, "{\"Path\":\"/src/demo.py\"}");
  expect (expected, CT_EVENT_STEP, "{\"Step\":{\"path_id\":0,\"line\":1}}");
  g_assert_true (ct_tracer_step (tracer, "/src/demo.py", 1));
  g_assert_cmpuint (ct_tracer_get_depth (tracer), ==, 1);

  /* Two values built before either is recorded stay valid. */
  a = ct_tracer_int_value (tracer, 42, 0);
  b = ct_tracer_string_value (tracer, "h\xc3\xa9llo \"q\"\n\t", 3);
  expect (expected, CT_EVENT_VARIABLE_NAME, "{\"VariableName\":\"x\"}");
  expect (expected, CT_EVENT_VALUE, "{\"Value\":{\"variable_id\":0,\"value\":" "{\"kind\":\"Int\",\"i\":42,\"type_id\":0}}}");
  g_assert_true (ct_tracer_value (tracer, "x", a));
  expect (expected, CT_EVENT_VARIABLE_NAME, "{\"VariableName\":\"s\"}");
  expect (expected, CT_EVENT_VALUE,
          "{\"Value\":{\"variable_id\":1,\"value\":{\"kind\":\"String\","
          "\"text\":\"h\\u00e9llo \\\"q\\\"\\n\\t\",\"type_id\":3}}}");
  g_assert_true (ct_tracer_value (tracer, "s", b));
  g_assert_cmpint (ct_tracer_ensure_variable_id (tracer, "x"), ==, 0);

  /* Functions are told apart by name, path and line. */
  expect (expected, CT_EVENT_FUNCTION, "{\"Function\":{\"path_id\":0,\"line\":10,\"name\":\"square\"}}");
  g_assert_cmpint (ct_tracer_ensure_function_id (tracer, "square", "/src/demo.py", 10), ==, 0);
  g_assert_cmpint (ct_tracer_ensure_function_id (tracer, "square", "/src/demo.py", 10), ==, 0);
  expect (expected, CT_EVENT_PATH, "{\"Path\":\"/src/lib/util.py\"}");
  expect (expected, CT_EVENT_FUNCTION, "{\"Function\":{\"path_id\":1,\"line\":3,\"name\":\"helper\"}}");
  g_assert_cmpint (ct_tracer_ensure_function_id (tracer, "helper", "/src/lib/util.py", 3), ==, 1);
  expect (expected, CT_EVENT_FUNCTION, "{\"Function\":{\"path_id\":1,\"line\":20,\"name\":\"square\"}}");
  g_assert_cmpint (ct_tracer_ensure_function_id (tracer, "square", "/src/lib/util.py", 20), ==, 2);
  g_assert_cmpint (ct_tracer_ensure_path_id (tracer, "/src/lib/util.py"), ==, 1);

  /* A call: its name registered first, a Step at the function's own line,
   * the Call, then the arguments as the new step's variables. */
  {
    CtTracerArg args[] = { { "n", 0, ct_tracer_int_value (tracer, 7, 0) } };

    expect (expected, CT_EVENT_VARIABLE_NAME, "{\"VariableName\":\"n\"}");
    expect (expected, CT_EVENT_STEP, "{\"Step\":{\"path_id\":0,\"line\":10}}");
    expect (expected, CT_EVENT_CALL,
            "{\"Call\":{\"function_id\":0,\"args\":[{\"variable_id\":2,\"value\":" "{\"kind\":\"Int\",\"i\":7,\"type_id\":0}}]}}");
    expect (expected, CT_EVENT_VALUE, "{\"Value\":{\"variable_id\":2,\"value\":" "{\"kind\":\"Int\",\"i\":7,\"type_id\":0}}}");
    g_assert_true (ct_tracer_call (tracer, 0, args, G_N_ELEMENTS (args)));
    g_assert_cmpuint (ct_tracer_get_depth (tracer), ==, 2);
  }

  expect (expected, CT_EVENT_STEP, "{\"Step\":{\"path_id\":0,\"line\":11}}");
  g_assert_true (ct_tracer_step (tracer, "/src/demo.py", 11));

  /* Every value kind. */
  expect (expected, CT_EVENT_VARIABLE_NAME, "{\"VariableName\":\"flag\"}");
  expect (expected, CT_EVENT_VALUE, "{\"Value\":{\"variable_id\":3,\"value\":{\"kind\":\"Bool\",\"b\":true,\"type_id\":2}}}");
  g_assert_true (ct_tracer_value (tracer, "flag", ct_tracer_bool_value (tracer, 7, 2)));

  expect (expected, CT_EVENT_VARIABLE_NAME, "{\"VariableName\":\"ratio\"}");
  expect (expected, CT_EVENT_VALUE, "{\"Value\":{\"variable_id\":4,\"value\":{\"kind\":\"Float\",\"f\":2.5,\"type_id\":1}}}");
  g_assert_true (ct_tracer_value (tracer, "ratio", ct_tracer_float_value (tracer, 2.5, 1)));

  items[0] = ct_tracer_int_value (tracer, 1, 0);
  items[1] = ct_tracer_int_value (tracer, 2, 0);
  expect (expected, CT_EVENT_VARIABLE_NAME, "{\"VariableName\":\"items\"}");
  expect (expected, CT_EVENT_VALUE,
          "{\"Value\":{\"variable_id\":5,\"value\":{\"kind\":\"Sequence\",\"elements\":["
          "{\"kind\":\"Int\",\"i\":1,\"type_id\":0},{\"kind\":\"Int\",\"i\":2,\"type_id\":0}],"
          "\"is_slice\":false,\"type_id\":4}}}");
  g_assert_true (ct_tracer_value (tracer, "items", ct_tracer_sequence_value (tracer, items, 2, FALSE, 4)));

  items[0] = ct_tracer_int_value (tracer, 3, 0);
  items[1] = ct_tracer_float_value (tracer, 0.5, 1);
  c = ct_tracer_struct_value (tracer, items, 2, 6);
  expect (expected, CT_EVENT_VARIABLE_NAME, "{\"VariableName\":\"point\"}");
  expect (expected, CT_EVENT_VALUE,
          "{\"Value\":{\"variable_id\":6,\"value\":{\"kind\":\"Struct\",\"field_values\":["
          "{\"kind\":\"Int\",\"i\":3,\"type_id\":0},{\"kind\":\"Float\",\"f\":0.5,\"type_id\":1}],"
          "\"type_id\":6}}}");
  g_assert_true (ct_tracer_value (tracer, "point", c));

  expect (expected, CT_EVENT_VARIABLE_NAME, "{\"VariableName\":\"nothing\"}");
  expect (expected, CT_EVENT_VALUE, "{\"Value\":{\"variable_id\":7,\"value\":{\"kind\":\"None\",\"type_id\":5}}}");
  g_assert_true (ct_tracer_value (tracer, "nothing", ct_tracer_none_value (tracer, 5)));

  expect (expected, CT_EVENT_VARIABLE_NAME, "{\"VariableName\":\"big\"}");
  expect (expected, CT_EVENT_VALUE,
          "{\"Value\":{\"variable_id\":8,\"value\":{\"kind\":\"BigInt\","
          "\"b\":\"AY7pD/bDc+DuTj8K0g==\",\"negative\":true,\"type_id\":0}}}");
  a = ct_tracer_bigint_value_from_string (tracer, "-123456789012345678901234567890", 0);
  g_assert_nonnull (a);
  g_assert_true (ct_tracer_value (tracer, "big", a));
  g_assert_null (ct_tracer_bigint_value_from_string (tracer, "12a", 0));
  g_assert_null (ct_tracer_bigint_value_from_string (tracer, "-", 0));

  expect (expected, CT_EVENT_VARIABLE_NAME, "{\"VariableName\":\"small\"}");
  expect (expected, CT_EVENT_VALUE,
          "{\"Value\":{\"variable_id\":9,\"value\":{\"kind\":\"BigInt\","
          "\"b\":\"AQI=\",\"negative\":false,\"type_id\":0}}}");
  g_assert_true (ct_tracer_value (tracer, "small",
                                  ct_tracer_bigint_value (tracer, padded, sizeof padded, FALSE, 0)));

  items[0] = ct_tracer_int_value (tracer, 1, 0);
  items[1] = ct_tracer_string_value (tracer, "a", 3);
  expect (expected, CT_EVENT_VARIABLE_NAME, "{\"VariableName\":\"pair\"}");
  expect (expected, CT_EVENT_VALUE,
          "{\"Value\":{\"variable_id\":10,\"value\":{\"kind\":\"Tuple\",\"elements\":["
          "{\"kind\":\"Int\",\"i\":1,\"type_id\":0},{\"kind\":\"String\",\"text\":\"a\",\"type_id\":3}],"
          "\"type_id\":8}}}");
  g_assert_true (ct_tracer_value (tracer, "pair", ct_tracer_tuple_value (tracer, items, 2, 8)));

  expect (expected, CT_EVENT_VARIABLE_NAME, "{\"VariableName\":\"opt\"}");
  expect (expected, CT_EVENT_VALUE,
          "{\"Value\":{\"variable_id\":11,\"value\":{\"kind\":\"Variant\",\"discriminator\":\"Some\","
          "\"contents\":{\"kind\":\"Int\",\"i\":5,\"type_id\":0},\"type_id\":9}}}");
  g_assert_true (ct_tracer_value (tracer, "opt",
                                  ct_tracer_variant_value (tracer, "Some",
                                                           ct_tracer_int_value (tracer, 5, 0), 9)));

  expect (expected, CT_EVENT_VARIABLE_NAME, "{\"VariableName\":\"ptr\"}");
  expect (expected, CT_EVENT_VALUE,
          "{\"Value\":{\"variable_id\":12,\"value\":{\"kind\":\"Reference\","
          "\"dereferenced\":{\"kind\":\"Int\",\"i\":42,\"type_id\":0},\"address\":4096,"
          "\"mutable\":true,\"type_id\":7}}}");
  g_assert_true (ct_tracer_value (tracer, "ptr",
                                  ct_tracer_reference_value (tracer, ct_tracer_int_value (tracer, 42, 0),
                                                             4096, TRUE, 7)));

  expect (expected, CT_EVENT_VARIABLE_NAME, "{\"VariableName\":\"raw\"}");
  expect (expected, CT_EVENT_VALUE,
          "{\"Value\":{\"variable_id\":13,\"value\":{\"kind\":\"Raw\",\"r\":\"<object at 0x10>\",\"type_id\":3}}}");
  g_assert_true (ct_tracer_value (tracer, "raw", ct_tracer_raw_value (tracer, "<object at 0x10>", 3)));

  expect (expected, CT_EVENT_VARIABLE_NAME, "{\"VariableName\":\"err\"}");
  expect (expected, CT_EVENT_VALUE,
          "{\"Value\":{\"variable_id\":14,\"value\":{\"kind\":\"Error\",\"msg\":\"boom\",\"type_id\":3}}}");
  g_assert_true (ct_tracer_value (tracer, "err", ct_tracer_error_value (tracer, "boom", 3)));

  /* Nested compounds: the inner values live as long as the outer one. */
  items[0] = ct_tracer_int_value (tracer, 1, 0);
  a = ct_tracer_sequence_value (tracer, items, 1, TRUE, 4);
  items[0] = ct_tracer_int_value (tracer, 9, 0);
  items[1] = ct_tracer_float_value (tracer, -1.25, 1);
  b = ct_tracer_struct_value (tracer, items, 2, 6);
  items[0] = a;
  items[1] = b;
  expect (expected, CT_EVENT_VARIABLE_NAME, "{\"VariableName\":\"nested\"}");
  expect (expected, CT_EVENT_VALUE,
          "{\"Value\":{\"variable_id\":15,\"value\":{\"kind\":\"Sequence\",\"elements\":["
          "{\"kind\":\"Sequence\",\"elements\":[{\"kind\":\"Int\",\"i\":1,\"type_id\":0}],"
          "\"is_slice\":true,\"type_id\":4},"
          "{\"kind\":\"Struct\",\"field_values\":[{\"kind\":\"Int\",\"i\":9,\"type_id\":0},"
          "{\"kind\":\"Float\",\"f\":-1.25,\"type_id\":1}],\"type_id\":6}],"
          "\"is_slice\":false,\"type_id\":4}}}");
  g_assert_true (ct_tracer_value (tracer, "nested", ct_tracer_sequence_value (tracer, items, 2, FALSE, 4)));

  /* by id: no registration */
  expect (expected, CT_EVENT_VALUE, "{\"Value\":{\"variable_id\":0,\"value\":" "{\"kind\":\"Int\",\"i\":-5,\"type_id\":0}}}");
  g_assert_true (ct_tracer_value_id (tracer, 0, ct_tracer_int_value (tracer, -5, 0)));

  /* I/O events */
  expect (expected, CT_EVENT_EVENT, "{\"Event\":{\"kind\":0,\"metadata\":\"\",\"content\":\"hello\\n\"}}");
  g_assert_true (ct_tracer_event (tracer, CT_EVENT_LOG_WRITE, "", "hello\n"));
  expect (expected, CT_EVENT_EVENT, "{\"Event\":{\"kind\":4,\"metadata\":\"/etc/hosts\",\"content\":\"data\"}}");
  g_assert_true (ct_tracer_event (tracer, CT_EVENT_LOG_READ_FILE, "/etc/hosts", "data"));
  expect (expected, CT_EVENT_EVENT, "{\"Event\":{\"kind\":2,\"metadata\":\"\",\"content\":\"to stderr\"}}");
  g_assert_true (ct_tracer_event (tracer, CT_EVENT_LOG_WRITE_OTHER, NULL, "to stderr"));
  expect (expected, CT_EVENT_EVENT, "{\"Event\":{\"kind\":13,\"metadata\":\"m\",\"content\":\"\"}}");
  g_assert_true (ct_tracer_event (tracer, CT_EVENT_LOG_EVM_EVENT, "m", ""));

  expect (expected, CT_EVENT_RETURN, "{\"Return\":{\"return_value\":" "{\"kind\":\"Int\",\"i\":49,\"type_id\":0}}}");
  g_assert_true (ct_tracer_return (tracer, ct_tracer_int_value (tracer, 49, 0)));
  g_assert_cmpuint (ct_tracer_get_depth (tracer), ==, 1);

  /* An argument given by variable id */
  {
    CtTracerArg args[] = { { NULL, 0, ct_tracer_raw_value (tracer, "r", 3) } };

    expect (expected, CT_EVENT_STEP, "{\"Step\":{\"path_id\":1,\"line\":3}}");
    expect (expected, CT_EVENT_CALL,
            "{\"Call\":{\"function_id\":1,\"args\":[{\"variable_id\":0,\"value\":"
            "{\"kind\":\"Raw\",\"r\":\"r\",\"type_id\":3}}]}}");
    expect (expected, CT_EVENT_VALUE,
            "{\"Value\":{\"variable_id\":0,\"value\":{\"kind\":\"Raw\",\"r\":\"r\",\"type_id\":3}}}");
    g_assert_true (ct_tracer_call (tracer, 1, args, G_N_ELEMENTS (args)));
  }

  expect (expected, CT_EVENT_STEP, "{\"Step\":{\"path_id\":1,\"line\":4}}");
  g_assert_true (ct_tracer_step_path_id (tracer, 1, 4));
  expect (expected, CT_EVENT_DROP_LAST_STEP, "\"DropLastStep\"");
  g_assert_true (ct_tracer_drop_last_step (tracer));
  expect (expected, CT_EVENT_STEP, "{\"Step\":{\"path_id\":1,\"line\":5}}");
  g_assert_true (ct_tracer_step (tracer, "/src/lib/util.py", 5));

  expect (expected, CT_EVENT_THREAD_START, "{\"ThreadStart\":2}");
  g_assert_true (ct_tracer_thread_start (tracer, 2));
  expect (expected, CT_EVENT_THREAD_SWITCH, "{\"ThreadSwitch\":2}");
  g_assert_true (ct_tracer_thread_switch (tracer, 2));
  expect (expected, CT_EVENT_THREAD_EXIT, "{\"ThreadExit\":2}");
  g_assert_true (ct_tracer_thread_exit (tracer, 2));
  expect (expected, CT_EVENT_THREAD_SWITCH, "{\"ThreadSwitch\":1}");
  g_assert_true (ct_tracer_thread_switch (tracer, 1));

  /* no arguments */
  expect (expected, CT_EVENT_STEP, "{\"Step\":{\"path_id\":1,\"line\":20}}");
  expect (expected, CT_EVENT_CALL, "{\"Call\":{\"function_id\":2,\"args\":[]}}");
  g_assert_true (ct_tracer_call (tracer, 2, NULL, 0));
  g_assert_cmpuint (ct_tracer_get_depth (tracer), ==, 3);
  expect (expected, CT_EVENT_RETURN, "{\"Return\":{\"return_value\":{\"kind\":\"None\",\"type_id\":5}}}");
  g_assert_true (ct_tracer_return (tracer, ct_tracer_none_value (tracer, 5)));

  /* The trace ends with two calls open (top-level and helper). */
  g_assert_cmpuint (ct_tracer_get_depth (tracer), ==, 2);
}

static void
test_record (gconstpointer data)
{
  CtEncoding encoding = GPOINTER_TO_INT (data);
  static const char * const args[] = { "demo.py", "--fast", NULL };
  static const char * const paths[] = { "/src/demo.py", "/src/lib/util.py", NULL };
  g_autoptr(CtTestTempDir) tmp = ct_test_temp_dir_new ();
  g_autofree char *trace_dir = g_build_filename (tmp->path, "nested", "trace", NULL);
  g_autofree char *trace_file = NULL;
  g_autofree char *metadata_file = NULL;
  g_autofree char *cwd = g_get_current_dir ();
  g_autoptr(CtTracer) tracer = ct_tracer_new ("demo-program", args);
  g_autoptr(GArray) expected = expected_new ();
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (ct_tracer_get_program (tracer), ==, "demo-program");
  g_assert_cmpstrv (ct_tracer_get_args (tracer), args);

  g_assert_true (ct_tracer_begin (tracer, trace_dir, encoding, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (ct_tracer_get_trace_dir (tracer), ==, trace_dir);
  g_assert_cmpint (ct_tracer_get_encoding (tracer), ==, encoding);
  g_assert_cmpstr (ct_tracer_get_workdir (tracer), ==, cwd);

  record_scenario (tracer, expected);
  g_assert_null (ct_tracer_get_error (tracer));
  g_assert_cmpuint (ct_tracer_get_n_events (tracer), ==, expected->len);

  /* Nothing is in place before finishing. */
  trace_file = g_build_filename (trace_dir, ct_encoding_file_name (encoding), NULL);
  metadata_file = g_build_filename (trace_dir, "trace_metadata.json", NULL);
  g_assert_false (g_file_test (trace_file, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (metadata_file, G_FILE_TEST_EXISTS));

  g_assert_true (ct_tracer_finish (tracer, &error));
  g_assert_no_error (error);

  g_assert_cmpint (ct_encoding_detect_file (trace_file, &error), ==, encoding);
  g_assert_no_error (error);
  assert_trace_equals (trace_file, expected);
  assert_paths_file (trace_dir, paths);
  assert_metadata_file (trace_dir, cwd, "demo-program", args);
  /* trace file, metadata and paths: no temporary file left behind */
  g_assert_cmpuint (count_dir_entries (trace_dir), ==, 3);
}

/* ---- smaller behaviours ---- */

/* A Call as the very first event opens the top-level call itself: no Step
 * before it (which would open an implicit call around it) and no Values
 * (they would belong to no step). */
static void
test_first_call (void)
{
  g_autoptr(CtTestTempDir) tmp = ct_test_temp_dir_new ();
  g_autofree char *trace_file = g_build_filename (tmp->path, "trace.json", NULL);
  g_autoptr(CtTracer) tracer = ct_tracer_new ("prog", NULL);
  g_autoptr(GArray) expected = expected_new ();
  g_autoptr(GError) error = NULL;
  static const char * const no_args[] = { NULL };
  static const char * const paths[] = { "main.rb", NULL };
  gint64 main_id;

  g_assert_true (ct_tracer_begin (tracer, tmp->path, CT_ENCODING_JSON, &error));
  g_assert_no_error (error);
  ct_tracer_set_workdir (tracer, "/home/user/demo");

  expect (expected, CT_EVENT_TYPE, "{\"Type\":{\"kind\":7,\"lang_type\":\"Integer\",\"specific_info\":{\"kind\":\"None\"}}}");
  g_assert_cmpint (ct_tracer_ensure_type_id (tracer, CT_TYPE_KIND_INT, "Integer"), ==, 0);
  expect (expected, CT_EVENT_PATH, "{\"Path\":\"main.rb\"}");
  expect (expected, CT_EVENT_FUNCTION, "{\"Function\":{\"path_id\":0,\"line\":1,\"name\":\"<main>\"}}");
  main_id = ct_tracer_ensure_function_id (tracer, "<main>", "main.rb", 1);
  g_assert_cmpint (main_id, ==, 0);

  {
    CtTracerArg args[] = { { "argc", 0, ct_tracer_int_value (tracer, 1, 0) } };

    expect (expected, CT_EVENT_VARIABLE_NAME, "{\"VariableName\":\"argc\"}");
    expect (expected, CT_EVENT_CALL,
            "{\"Call\":{\"function_id\":0,\"args\":[{\"variable_id\":0,\"value\":"
            "{\"kind\":\"Int\",\"i\":1,\"type_id\":0}}]}}");
    g_assert_true (ct_tracer_call (tracer, main_id, args, 1));
  }
  g_assert_cmpuint (ct_tracer_get_depth (tracer), ==, 1);

  expect (expected, CT_EVENT_STEP, "{\"Step\":{\"path_id\":0,\"line\":2}}");
  g_assert_true (ct_tracer_step (tracer, "main.rb", 2));
  g_assert_cmpuint (ct_tracer_get_depth (tracer), ==, 1);
  expect (expected, CT_EVENT_RETURN, "{\"Return\":{\"return_value\":" "{\"kind\":\"Int\",\"i\":0,\"type_id\":0}}}");
  g_assert_true (ct_tracer_return (tracer, ct_tracer_int_value (tracer, 0, 0)));
  g_assert_cmpuint (ct_tracer_get_depth (tracer), ==, 0);

  /* A Return with no open call is a programming error. */
  g_test_expect_message (NULL, G_LOG_LEVEL_CRITICAL, "*depth > 0*");
  g_assert_false (ct_tracer_return (tracer, ct_tracer_int_value (tracer, 0, 0)));
  g_test_assert_expected_messages ();

  /* So are ids that were never given out. */
  g_test_expect_message (NULL, G_LOG_LEVEL_CRITICAL, "*function_id*");
  g_assert_false (ct_tracer_call (tracer, 5, NULL, 0));
  g_test_assert_expected_messages ();
  g_test_expect_message (NULL, G_LOG_LEVEL_CRITICAL, "*type_id*");
  g_assert_null (ct_tracer_int_value (tracer, 0, 3));
  g_test_assert_expected_messages ();

  g_assert_true (ct_tracer_finish (tracer, &error));
  g_assert_no_error (error);
  assert_trace_equals (trace_file, expected);
  assert_paths_file (tmp->path, paths);
  assert_metadata_file (tmp->path, "/home/user/demo", "prog", no_args);
}

static void
test_capture_source (void)
{
  g_autoptr(CtTestTempDir) tmp = ct_test_temp_dir_new ();
  g_autofree char *trace_dir = g_build_filename (tmp->path, "trace", NULL);
  g_autofree char *src_dir = g_build_filename (tmp->path, "src", NULL);
  g_autofree char *source = g_build_filename (src_dir, "prog.py", NULL);
  g_autofree char *abs_copy = NULL;
  g_autofree char *rel_copy = NULL;
  g_autofree char *resolved = NULL;
  g_autoptr(CtTracer) tracer = ct_tracer_new ("prog", NULL);
  g_autoptr(CtTraceFolder) folder = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (src_dir, 0755), ==, 0);
  g_file_set_contents (source, "print('hi')\n", -1, &error);
  g_assert_no_error (error);

  g_assert_true (ct_tracer_begin (tracer, trace_dir, CT_ENCODING_BINARY_V1, &error));
  g_assert_no_error (error);
  ct_tracer_step (tracer, source, 1);
  ct_tracer_step (tracer, "rel/prog.py", 1);

  /* absolute: files/<path without the leading slash> */
  g_assert_true (ct_tracer_capture_source (tracer, source, &error));
  g_assert_no_error (error);
  abs_copy = g_build_filename (trace_dir, "files", source + 1, NULL);
  assert_same_file_contents (abs_copy, source);
  /* again: nothing to do */
  g_assert_true (ct_tracer_capture_source (tracer, source, &error));
  g_assert_no_error (error);

  /* relative: files/<path> */
  g_assert_true (ct_tracer_capture_source_from (tracer, "rel/prog.py", source, &error));
  g_assert_no_error (error);
  rel_copy = g_build_filename (trace_dir, "files", "rel", "prog.py", NULL);
  assert_same_file_contents (rel_copy, source);

  /* never outside files/ */
  g_assert_false (ct_tracer_capture_source_from (tracer, "../evil.py", source, &error));
  g_assert_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_UNSAFE_PATH);
  g_clear_error (&error);
  g_assert_false (ct_tracer_capture_source_from (tracer, "/a/../../evil.py", source, &error));
  g_assert_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_UNSAFE_PATH);
  g_clear_error (&error);

  /* A missing source is reported and the recording goes on. */
  g_assert_false (ct_tracer_capture_source (tracer, "/nonexistent/x.py", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (ct_tracer_get_error (tracer));
  g_assert_true (ct_tracer_step (tracer, "rel/prog.py", 2));

  g_assert_true (ct_tracer_finish (tracer, &error));
  g_assert_no_error (error);

  /* and a reader finds them where it looks */
  folder = ct_trace_folder_open (trace_dir, &error);
  g_assert_no_error (error);
  resolved = ct_trace_folder_resolve_source (folder, source, &error);
  g_assert_no_error (error);
  assert_same_file_contents (resolved, source);
  g_clear_pointer (&resolved, g_free);
  resolved = ct_trace_folder_resolve_source (folder, "rel/prog.py", &error);
  g_assert_no_error (error);
  assert_same_file_contents (resolved, source);
}

/* Recording a JSON trace into a folder holding an older trace.bin (or the
 * reverse) must not leave the older one there: readers prefer trace.bin. */
static void
test_replaces_other_encoding (void)
{
  g_autoptr(CtTestTempDir) tmp = ct_test_temp_dir_new ();
  g_autofree char *json = g_build_filename (tmp->path, "trace.json", NULL);
  g_autofree char *bin = g_build_filename (tmp->path, "trace.bin", NULL);
  static const CtEncoding order[] = { CT_ENCODING_JSON, CT_ENCODING_BINARY_V1, CT_ENCODING_JSON, CT_ENCODING_BINARY_V0 };

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      g_autoptr(CtTracer) tracer = ct_tracer_new ("prog", NULL);
      g_autoptr(GError) error = NULL;

      g_assert_true (ct_tracer_begin (tracer, tmp->path, order[i], &error));
      g_assert_true (ct_tracer_step (tracer, "a.c", (gint64) i + 1));
      g_assert_true (ct_tracer_finish (tracer, &error));
      g_assert_no_error (error);

      g_assert_cmpint (g_file_test (json, G_FILE_TEST_EXISTS), ==, order[i] == CT_ENCODING_JSON);
      g_assert_cmpint (g_file_test (bin, G_FILE_TEST_EXISTS), ==, order[i] != CT_ENCODING_JSON);
      g_assert_cmpuint (count_dir_entries (tmp->path), ==, 3);
    }
}

/* An abandoned recording leaves nothing behind. */
static void
test_abort (void)
{
  g_autoptr(CtTestTempDir) tmp = ct_test_temp_dir_new ();

  for (guint i = 0; i < G_N_ELEMENTS (encodings); i++)
    {
      g_autoptr(CtTracer) tracer = ct_tracer_new ("prog", NULL);
      g_autoptr(GError) error = NULL;

      g_assert_true (ct_tracer_begin (tracer, tmp->path, encodings[i], &error));
      for (guint j = 0; j < 1000; j++)
        ct_tracer_step (tracer, "a.c", j);
      if (i == 0)
        ct_tracer_abort (tracer);
      /* otherwise: dropped without finishing */
      g_clear_object (&tracer);
      g_assert_cmpuint (count_dir_entries (tmp->path), ==, 0);
    }
}

static void
test_begin_error (void)
{
  g_autoptr(CtTestTempDir) tmp = ct_test_temp_dir_new ();
  g_autofree char *file = g_build_filename (tmp->path, "file", NULL);
  g_autofree char *below = g_build_filename (file, "trace", NULL);
  g_autoptr(CtTracer) tracer = ct_tracer_new ("prog", NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (file, "", 0, &error);
  g_assert_no_error (error);

  g_assert_false (ct_tracer_begin (tracer, below, CT_ENCODING_JSON, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == G_IO_ERROR);
}

/* A write failure (here the file size limit) stops the recording without
 * aborting the program; finish reports it and leaves no trace file. */
/* The scratch folder of a test that runs a subprocess: main() makes the
 * base folder once and the subprocess inherits it through the environment,
 * set before any thread exists. */
static char *
subprocess_dir (const char *name)
{
  const char *base = g_getenv ("CT_TEST_TRACER_DIR");

  g_assert_nonnull (base);
  return g_build_filename (base, name, NULL);
}

static void
io_error_subprocess (void)
{
  g_autofree char *tmp = subprocess_dir ("io-error");
  g_autoptr(CtTracer) tracer = ct_tracer_new ("prog", NULL);
  g_autoptr(GError) error = NULL;
  struct rlimit limit = { 64 * 1024, 64 * 1024 };
  gboolean failed = FALSE;
  guint i;

  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);

  g_assert_true (ct_tracer_begin (tracer, tmp, CT_ENCODING_JSON, &error));
  g_assert_no_error (error);
  for (i = 0; i < 1000000 && !failed; i++)
    failed = !ct_tracer_step (tracer, "/src/some/long/path/to/a/file.c", i);

  g_assert_true (failed);
  g_assert_nonnull (ct_tracer_get_error (tracer));
  /* later calls do nothing */
  g_assert_false (ct_tracer_step (tracer, "/src/x.c", 1));
  g_assert_cmpint (ct_tracer_ensure_variable_id (tracer, "v"), ==, 0);

  g_assert_false (ct_tracer_finish (tracer, &error));
  g_assert_nonnull (error);
}

static void
test_io_error (void)
{
  g_autofree char *tmp = NULL;

  if (g_test_subprocess ())
    {
      io_error_subprocess ();
      return;
    }

  tmp = subprocess_dir ("io-error");
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  g_assert_cmpuint (count_dir_entries (tmp), ==, 0);

  ct_test_remove_tree (tmp);
}

/* ---- streaming ---- */

#define STREAM_STEPS  1000000
#define STREAM_WARMUP 100000

static void
record_steps (CtTracer *tracer,
              guint     from,
              guint     to)
{
  for (guint i = from; i < to; i++)
    {
      g_assert_true (ct_tracer_step_path_id (tracer, i % 3, 1 + i % 200));
      g_assert_true (ct_tracer_value_id (tracer, 0, ct_tracer_int_value (tracer, i, 0)));
    }
}

/* In a subprocess, so that the peak it measures is its own. */
static void
streaming_subprocess (CtEncoding encoding)
{
  const char *format = ct_encoding_to_string (encoding);
  g_autofree char *tmp = subprocess_dir (format);
  g_autoptr(CtTracer) tracer = ct_tracer_new ("prog", NULL);
  g_autoptr(GError) error = NULL;
  guint64 before, after;


  g_assert_true (ct_tracer_begin (tracer, tmp, encoding, &error));
  g_assert_no_error (error);
  ct_tracer_ensure_type_id (tracer, CT_TYPE_KIND_INT, "int");
  ct_tracer_ensure_variable_id (tracer, "i");
  ct_tracer_ensure_path_id (tracer, "/src/a.c");
  ct_tracer_ensure_path_id (tracer, "/src/b.c");
  ct_tracer_ensure_path_id (tracer, "/src/c.c");

  /* The first part brings every buffer (writer, compressor, arena) to its
   * working size; after that nothing may grow with the trace. */
  record_steps (tracer, 0, STREAM_WARMUP);
  before = ct_test_peak_rss_kib ();
  g_assert_cmpuint (before, >, 0);
  record_steps (tracer, STREAM_WARMUP, STREAM_STEPS);
  g_assert_true (ct_tracer_finish (tracer, &error));
  g_assert_no_error (error);
  after = ct_test_peak_rss_kib ();
  g_assert_cmpuint (after, >, 0);

  /* on stderr: the parent passes it through, outside the TAP stream */
  g_printerr ("%s: peak RSS %" G_GUINT64_FORMAT " KiB after %u steps, %" G_GUINT64_FORMAT
              " KiB after %u steps and finish\n",
              format, before, STREAM_WARMUP, after, STREAM_STEPS);
  /* The 900 000 steps after the warm-up are about 55 MB of events; what
   * may still come on top of the warm-up's peak is the writer's bounded
   * queue filling up when its compressor thread falls behind (v1: up to
   * three 2 MiB frames in flight), which depends on the machine's load. */
  g_assert_cmpuint (after, <, before + 8 * 1024);
}

static void
test_streaming (gconstpointer data)
{
  CtEncoding encoding = GPOINTER_TO_INT (data);
  g_autofree char *tmp = NULL;
  g_autofree char *trace_file = NULL;
  g_autoptr(CtReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  const CtEvent *event;
  guint64 steps = 0, values = 0, i = 0;

  if (g_test_subprocess ())
    {
      streaming_subprocess (encoding);
      return;
    }

  tmp = subprocess_dir (ct_encoding_to_string (encoding));
  trace_file = g_build_filename (tmp, ct_encoding_file_name (encoding), NULL);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();

  /* and the trace holds them all */
  reader = ct_reader_new (trace_file, CT_READER_FLAGS_NONE, &error);
  g_assert_no_error (error);
  while ((event = ct_reader_next (reader, &error)) != NULL)
    {
      if (event->kind == CT_EVENT_STEP)
        {
          g_assert_cmpint (event->step.path_id, ==, steps % 3);
          g_assert_cmpint (event->step.line, ==, 1 + steps % 200);
          steps++;
        }
      else if (event->kind == CT_EVENT_VALUE)
        {
          g_assert_cmpint (event->value.value->i, ==, values);
          values++;
        }
      i++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (steps, ==, STREAM_STEPS);
  g_assert_cmpuint (values, ==, STREAM_STEPS);
  g_assert_cmpuint (i, ==, 2 * STREAM_STEPS + 5);

  ct_test_remove_tree (tmp);
}

/* ---- the example trace made at build time ---- */

typedef struct
{
  GPtrArray *json;       /* every event as JSON */
  guint      kinds[CT_N_EVENT_KINDS];
  guint      value_kinds[CT_N_VALUE_KINDS];
  GPtrArray *writes;     /* Write contents */
  guint      max_depth;
} ExampleSummary;

static void
note_value_kinds (ExampleSummary *s,
                  const CtValue  *value)
{
  s->value_kinds[value->kind]++;
  if (value->kind == CT_VALUE_SEQUENCE || value->kind == CT_VALUE_TUPLE || value->kind == CT_VALUE_STRUCT)
    for (guint i = 0; i < value->seq.n_items; i++)
      note_value_kinds (s, &value->seq.items[i]);
}

static void
read_example (const char     *trace_file,
              gint64          n_lines,
              ExampleSummary *s)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtReader) reader = ct_reader_new (trace_file, CT_READER_FLAGS_NONE, &error);
  g_autoptr(GArray) functions = g_array_new (FALSE, FALSE, sizeof (gint64) * 2);
  const CtEvent *event;
  CtEventKind previous = CT_EVENT_UNKNOWN;
  gint64 last_step[2] = { -1, -1 };
  guint depth = 0;

  g_assert_no_error (error);
  s->json = g_ptr_array_new_with_free_func (g_free);
  s->writes = g_ptr_array_new_with_free_func (g_free);

  while ((event = ct_reader_next (reader, &error)) != NULL)
    {
      g_assert_cmpuint (event->deviations, ==, 0);
      g_ptr_array_add (s->json, ct_test_event_json (event));
      s->kinds[event->kind]++;

      switch ((int) event->kind)
        {
        case CT_EVENT_STEP:
          g_assert_cmpint (event->step.path_id, ==, 0);
          g_assert_cmpint (event->step.line, >=, 1);
          g_assert_cmpint (event->step.line, <=, n_lines);
          last_step[0] = event->step.path_id;
          last_step[1] = event->step.line;
          break;

        case CT_EVENT_FUNCTION:
          {
            gint64 site[2] = { event->function.path_id, event->function.line };

            g_array_append_val (functions, site);
          }
          break;

        case CT_EVENT_CALL:
          {
            const gint64 *site;

            g_assert_cmpint (event->call.function_id, <, functions->len);
            site = &g_array_index (functions, gint64, event->call.function_id * 2);
            /* Every call but the first comes right after a Step at the
             * function's own line. */
            if (s->kinds[CT_EVENT_CALL] > 1)
              {
                g_assert_cmpint (previous, ==, CT_EVENT_STEP);
                g_assert_cmpint (last_step[0], ==, site[0]);
                g_assert_cmpint (last_step[1], ==, site[1]);
              }
            for (guint i = 0; i < event->call.n_args; i++)
              note_value_kinds (s, event->call.args[i].value);
            depth++;
            s->max_depth = MAX (s->max_depth, depth);
          }
          break;

        case CT_EVENT_RETURN:
          g_assert_cmpuint (depth, >, 0);
          depth--;
          note_value_kinds (s, event->ret.return_value);
          break;

        case CT_EVENT_VALUE:
          note_value_kinds (s, event->value.value);
          break;

        case CT_EVENT_EVENT:
          g_assert_cmpuint (event->io.kind, ==, CT_EVENT_LOG_WRITE);
          g_ptr_array_add (s->writes, ct_str_dup (event->io.content));
          break;

        default:
          break;
        }

      previous = event->kind;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (depth, ==, 0);
}

static void
example_summary_clear (ExampleSummary *s)
{
  g_clear_pointer (&s->json, g_ptr_array_unref);
  g_clear_pointer (&s->writes, g_ptr_array_unref);
}

static void
test_example_trace (void)
{
  const char *build_root = g_getenv ("CT_BUILD_ROOT");
  const char *source_root = g_getenv ("CT_SOURCE_ROOT");
  static const char * const expected_writes[] = {
    "fib(0..6): [0, 1, 1, 2, 3, 5, 8]\n",
    "summary: Summary(count=7, total=20, mean=2.857142857142857, all_even=False)\n",
    "fib(100): 354224848179261915075\n",
    NULL
  };
  static const char * const paths[] = { "fibonacci.py", NULL };
  static const char * const args[] = { "fibonacci.py", NULL };
  static const CtValueKind wanted[] = {
    CT_VALUE_INT, CT_VALUE_FLOAT, CT_VALUE_BOOL, CT_VALUE_STRING,
    CT_VALUE_SEQUENCE, CT_VALUE_STRUCT, CT_VALUE_NONE, CT_VALUE_BIGINT,
  };
  g_autofree char *dir = NULL;
  g_autofree char *trace_file = NULL;
  g_autofree char *script = NULL;
  g_autofree char *script_dir = NULL;
  g_autofree char *script_text = NULL;
  g_autofree char *recorder = NULL;
  g_autofree char *resolved = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(CtTraceFolder) folder = NULL;
  g_autoptr(GError) error = NULL;
  ExampleSummary s = { 0 };

  if (build_root == NULL || source_root == NULL)
    {
      g_test_skip ("CT_BUILD_ROOT and CT_SOURCE_ROOT are not set");
      return;
    }

  dir = g_build_filename (build_root, "data", "examples", "fibonacci", NULL);
  trace_file = g_build_filename (dir, "trace.json", NULL);
  script = g_build_filename (source_root, "examples", "sample", "fibonacci.py", NULL);
  if (!g_file_test (trace_file, G_FILE_TEST_EXISTS))
    g_error ("%s is missing: the build did not record the example trace "
             "(subdir('examples') and subdir('data/examples') in meson.build)", trace_file);

  g_file_get_contents (script, &script_text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (script_text, "\n", -1);

  read_example (trace_file, g_strv_length (lines), &s);

  /* fib(0) .. fib(6) make 59 calls; <module>, main, summarize, fib_fast and
   * three report calls 7 more; all of them return. */
  g_assert_cmpuint (s.kinds[CT_EVENT_CALL], ==, 66);
  g_assert_cmpuint (s.kinds[CT_EVENT_RETURN], ==, 66);
  g_assert_cmpuint (s.max_depth, ==, 8);
  g_assert_cmpuint (s.kinds[CT_EVENT_PATH], ==, 1);
  g_assert_cmpuint (s.kinds[CT_EVENT_FUNCTION], ==, 6);
  g_assert_cmpuint (s.kinds[CT_EVENT_STEP], >, 300);
  for (guint i = 0; i < G_N_ELEMENTS (wanted); i++)
    if (s.value_kinds[wanted[i]] == 0)
      g_error ("the example has no %s value", ct_value_kind_name (wanted[i]));
  g_assert_cmpuint (s.writes->len, ==, 3);
  for (guint i = 0; expected_writes[i] != NULL; i++)
    g_assert_cmpstr (g_ptr_array_index (s.writes, i), ==, expected_writes[i]);

  assert_paths_file (dir, paths);
  script_dir = g_path_get_dirname (script);
  {
    g_autofree char *canonical = g_canonicalize_filename (script_dir, NULL);

    assert_metadata_file (dir, canonical, "ct-example-recorder", args);
  }

  /* the source is in the folder, and the folder opens */
  folder = ct_trace_folder_open (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ct_trace_folder_get_encoding (folder), ==, CT_ENCODING_JSON);
  resolved = ct_trace_folder_resolve_source (folder, "fibonacci.py", &error);
  g_assert_no_error (error);
  assert_same_file_contents (resolved, script);

  /* The recorder gives the same events in the binary encodings. */
  recorder = g_build_filename (build_root, "examples", "ct-example-recorder", NULL);
  for (guint e = 1; e < G_N_ELEMENTS (encodings); e++)
    {
      g_autoptr(CtTestTempDir) tmp = ct_test_temp_dir_new ();
      g_autofree char *out = g_build_filename (tmp->path, "fibonacci", NULL);
      g_autofree char *bin = g_build_filename (out, "trace.bin", NULL);
      const char *argv[] = {
        recorder, "--script", script, "--out", out,
        "--format", ct_encoding_to_string (encodings[e]), NULL
      };
      int status;
      ExampleSummary other = { 0 };

      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error);
      g_assert_no_error (error);
      g_spawn_check_wait_status (status, &error);
      g_assert_no_error (error);
      g_assert_cmpint (ct_encoding_detect_file (bin, &error), ==, encodings[e]);

      read_example (bin, g_strv_length (lines), &other);
      g_assert_cmpuint (other.json->len, ==, s.json->len);
      for (guint i = 0; i < s.json->len; i++)
        g_assert_cmpstr (g_ptr_array_index (other.json, i), ==, g_ptr_array_index (s.json, i));

      example_summary_clear (&other);
    }

  example_summary_clear (&s);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(CtTestTempDir) scratch = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("CT_TEST_TRACER_DIR") == NULL)
    {
      scratch = ct_test_temp_dir_new ();
      g_setenv ("CT_TEST_TRACER_DIR", scratch->path, TRUE);
    }

  for (guint i = 0; i < G_N_ELEMENTS (encodings); i++)
    {
      g_autofree char *record = g_strdup_printf ("/tracer/record/%s", ct_encoding_to_string (encodings[i]));
      g_autofree char *stream = g_strdup_printf ("/tracer/streaming/%s", ct_encoding_to_string (encodings[i]));

      g_test_add_data_func (record, GINT_TO_POINTER (encodings[i]), test_record);
      g_test_add_data_func (stream, GINT_TO_POINTER (encodings[i]), test_streaming);
    }
  g_test_add_func ("/tracer/first-call", test_first_call);
  g_test_add_func ("/tracer/capture-source", test_capture_source);
  g_test_add_func ("/tracer/replaces-other-encoding", test_replaces_other_encoding);
  g_test_add_func ("/tracer/abort", test_abort);
  g_test_add_func ("/tracer/begin-error", test_begin_error);
  g_test_add_func ("/tracer/io-error", test_io_error);
  g_test_add_func ("/tracer/example-trace", test_example_trace);

  ret = g_test_run ();

  g_clear_pointer (&scratch, ct_test_temp_dir_free);

  return ret;
}
