/* test-reader.c
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Unit tests of the CtReader pull reader on small hand-written trace.json
 * files: every variant and value kind of FORMAT.md section 2 decoded into the
 * right CtEvent fields, the deviations of section 7, offsets, progress and the
 * strict and lenient handling of a truncated file. Every expectation is
 * written by hand here, never taken from the code under test. */

#include "config.h"

#include <math.h>
#include <string.h>

#include "codetrace.h"
#include "ct-test-utils.h"

typedef CtTestDirFixture Fixture;

/* ---- helpers ---- */

static char *
write_file (Fixture    *f,
            const char *name,
            const char *contents,
            gssize      len)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_file_set_contents (path, contents, len, &error);
  g_assert_no_error (error);
  return path;
}

/* "[\n" + events joined by ",\n" + "\n]\n"; *offsets (optional) gets the byte
 * offset of each event's first byte. */
static char *
build_trace (const char * const *events,
             guint               n_events,
             GArray            **offsets)
{
  GString *s = g_string_new ("[\n");

  if (offsets != NULL)
    *offsets = g_array_new (FALSE, FALSE, sizeof (guint64));
  for (guint i = 0; i < n_events; i++)
    {
      guint64 off;

      if (i > 0)
        g_string_append (s, ",\n");
      off = s->len;
      if (offsets != NULL)
        g_array_append_val (*offsets, off);
      g_string_append (s, events[i]);
    }
  g_string_append (s, "\n]\n");
  return g_string_free (s, FALSE);
}

static CtReader *
open_events (Fixture            *f,
             const char         *name,
             const char * const *events,
             guint               n_events,
             CtReaderFlags       flags)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = build_trace (events, n_events, NULL);
  g_autofree char *path = write_file (f, name, text, -1);
  CtReader *reader = ct_reader_new (path, flags, &error);

  g_assert_no_error (error);
  g_assert_nonnull (reader);
  g_assert_cmpint (ct_reader_get_encoding (reader), ==, CT_ENCODING_JSON);
  g_assert_cmpstr (ct_reader_get_path (reader), ==, path);
  return reader;
}

static const CtEvent *
next_ok (CtReader *reader)
{
  g_autoptr(GError) error = NULL;
  const CtEvent *event = ct_reader_next (reader, &error);

  g_assert_no_error (error);
  g_assert_nonnull (event);
  return event;
}

static void
assert_end (CtReader *reader)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (ct_reader_next (reader, &error));
  g_assert_no_error (error);
  g_assert_null (ct_reader_get_stop_error (reader));
  /* and it stays at the end */
  g_assert_null (ct_reader_next (reader, &error));
  g_assert_no_error (error);
}

#define assert_event_json(event, expected)                  \
  G_STMT_START                                              \
  {                                                         \
    g_autofree char *_json = ct_test_event_json (event);    \
    g_assert_cmpstr (_json, ==, (expected));                \
  }                                                         \
  G_STMT_END

#define assert_str(ctstr, expected)                         \
  G_STMT_START                                              \
  {                                                         \
    g_autofree char *_s = ct_str_dup (ctstr);               \
    g_assert_cmpuint ((ctstr).len, ==, strlen (expected));  \
    g_assert_cmpstr (_s, ==, (expected));                   \
  }                                                         \
  G_STMT_END

static void
assert_magnitude (const CtValue *value,
                  const char    *hex,
                  gboolean       negative)
{
  g_autoptr(GString) got = g_string_new (NULL);

  for (gsize i = 0; i < value->big.len; i++)
    g_string_append_printf (got, "%02x", value->big.magnitude[i]);
  g_assert_cmpstr (got->str, ==, hex);
  g_assert_cmpint (!!value->big.negative, ==, !!negative);
}

static const CtNode *
node_lookup (const CtNode *map,
             const char   *key)
{
  g_assert_nonnull (map);
  g_assert_cmpint (map->type, ==, CT_NODE_MAP);
  for (guint i = 0; i < map->c.n_items; i++)
    {
      const CtNode *k = &map->c.items[2 * i];

      g_assert_cmpint (k->type, ==, CT_NODE_STRING);
      if (k->s.len == strlen (key) && memcmp (k->s.str, key, k->s.len) == 0)
        return &map->c.items[2 * i + 1];
    }
  return NULL;
}

static void
assert_node_string (const CtNode *node,
                    const char   *expected)
{
  g_autofree char *s = NULL;

  g_assert_nonnull (node);
  g_assert_cmpint (node->type, ==, CT_NODE_STRING);
  s = g_strndup (node->s.str, node->s.len);
  g_assert_cmpstr (s, ==, expected);
}

/* ---- every variant ---- */

static const char * const all_variants[] = {
  /* 0 */ "{\"Path\":\"/home/user/a.py\"}",
  /* 1 */ "{\"Step\":{\"path_id\":0,\"line\":5}}",
  /* 2 */ "{\"VariableName\":\"x\"}",
  /* 3 */ "{\"Type\":{\"kind\":6,\"lang_type\":\"Point\",\"specific_info\":{\"kind\":\"Struct\",\"fields\":[{\"name\":\"x\",\"type_id\":0},{\"name\":\"y\",\"type_id\":1}]}}}",
  /* 4 */ "{\"Type\":{\"kind\":23,\"lang_type\":\"&Point\",\"specific_info\":{\"kind\":\"Pointer\",\"dereference_type_id\":3}}}",
  /* 5 */ "{\"Type\":{\"kind\":7,\"lang_type\":\"i64\",\"specific_info\":{\"kind\":\"None\"}}}",
  /* 6 */ "{\"Function\":{\"path_id\":0,\"line\":3,\"name\":\"main\"}}",
  /* 7 */ "{\"Call\":{\"function_id\":0,\"args\":[{\"variable_id\":0,\"value\":{\"kind\":\"Int\",\"i\":-42,\"type_id\":2}},{\"variable_id\":1,\"value\":{\"kind\":\"Bool\",\"b\":true,\"type_id\":4}}]}}",
  /* 8 */ "{\"Value\":{\"variable_id\":1,\"value\":{\"kind\":\"Float\",\"f\":1.5,\"type_id\":1}}}",
  /* 9 */ "{\"Return\":{\"return_value\":{\"kind\":\"None\",\"type_id\":11}}}",
  /* 10 */ "{\"Event\":{\"kind\":2,\"metadata\":\"fd=1\",\"content\":\"hello\\n\"}}",
  /* 11 */ "{\"Asm\":[\"mov rax, 1\",\"ret\"]}",
  /* 12 */ "{\"BindVariable\":{\"variable_id\":0,\"place\":1000}}",
  /* 13 */ "{\"Assignment\":{\"to\":0,\"pass_by\":\"Reference\",\"from\":{\"kind\":\"Simple\",\"0\":1}}}",
  /* 14 */ "{\"Assignment\":{\"to\":1,\"pass_by\":\"Value\",\"from\":{\"kind\":\"Compound\",\"0\":[0,1]}}}",
  /* 15 */ "{\"DropVariables\":[0,1]}",
  /* 16 */ "{\"CompoundValue\":{\"place\":7,\"value\":{\"kind\":\"Tuple\",\"elements\":[{\"kind\":\"Int\",\"i\":1,\"type_id\":2}],\"type_id\":9}}}",
  /* 17 */ "{\"CellValue\":{\"place\":8,\"value\":{\"kind\":\"String\",\"text\":\"cell\",\"type_id\":3}}}",
  /* 18 */ "{\"AssignCompoundItem\":{\"place\":7,\"index\":2,\"item_place\":9}}",
  /* 19 */ "{\"AssignCell\":{\"place\":8,\"new_value\":{\"kind\":\"Int\",\"i\":9,\"type_id\":2}}}",
  /* 20 */ "{\"VariableCell\":{\"variable_id\":1,\"place\":8}}",
  /* 21 */ "{\"DropVariable\":1}",
  /* 22 */ "{\"ThreadStart\":2}",
  /* 23 */ "{\"ThreadSwitch\":18446744073709551615}",
  /* 24 */ "{\"ThreadExit\":2}",
  /* 25 */ "\"DropLastStep\"",
};

static void
test_variants_all (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(CtReader) reader = open_events (f, "trace.json", all_variants,
                                            G_N_ELEMENTS (all_variants), CT_READER_FLAGS_NONE);
  const CtEvent *e;

  e = next_ok (reader);
  g_assert_cmpint (e->kind, ==, CT_EVENT_PATH);
  assert_str (e->name, "/home/user/a.py");

  e = next_ok (reader);
  g_assert_cmpint (e->kind, ==, CT_EVENT_STEP);
  g_assert_cmpint (e->step.path_id, ==, 0);
  g_assert_cmpint (e->step.line, ==, 5);

  e = next_ok (reader);
  g_assert_cmpint (e->kind, ==, CT_EVENT_VARIABLE_NAME);
  assert_str (e->name, "x");

  e = next_ok (reader);
  g_assert_cmpint (e->kind, ==, CT_EVENT_TYPE);
  g_assert_cmpuint (e->type.kind, ==, 6);
  assert_str (e->type.lang_type, "Point");
  g_assert_cmpint (e->type.info_kind, ==, CT_TYPE_INFO_STRUCT);
  g_assert_cmpuint (e->type.n_fields, ==, 2);
  assert_str (e->type.fields[0].name, "x");
  g_assert_cmpint (e->type.fields[0].type_id, ==, 0);
  assert_str (e->type.fields[1].name, "y");
  g_assert_cmpint (e->type.fields[1].type_id, ==, 1);

  e = next_ok (reader);
  g_assert_cmpint (e->kind, ==, CT_EVENT_TYPE);
  g_assert_cmpuint (e->type.kind, ==, 23);
  assert_str (e->type.lang_type, "&Point");
  g_assert_cmpint (e->type.info_kind, ==, CT_TYPE_INFO_POINTER);
  g_assert_cmpint (e->type.dereference_type_id, ==, 3);

  e = next_ok (reader);
  g_assert_cmpint (e->kind, ==, CT_EVENT_TYPE);
  g_assert_cmpuint (e->type.kind, ==, 7);
  assert_str (e->type.lang_type, "i64");
  g_assert_cmpint (e->type.info_kind, ==, CT_TYPE_INFO_NONE);
  g_assert_cmpuint (e->type.n_fields, ==, 0);

  e = next_ok (reader);
  g_assert_cmpint (e->kind, ==, CT_EVENT_FUNCTION);
  g_assert_cmpint (e->function.path_id, ==, 0);
  g_assert_cmpint (e->function.line, ==, 3);
  assert_str (e->function.name, "main");

  e = next_ok (reader);
  g_assert_cmpint (e->kind, ==, CT_EVENT_CALL);
  g_assert_cmpint (e->call.function_id, ==, 0);
  g_assert_cmpuint (e->call.n_args, ==, 2);
  g_assert_cmpint (e->call.args[0].variable_id, ==, 0);
  g_assert_cmpint (e->call.args[0].value->kind, ==, CT_VALUE_INT);
  g_assert_cmpint (e->call.args[0].value->i, ==, -42);
  g_assert_cmpint (e->call.args[0].value->type_id, ==, 2);
  g_assert_cmpint (e->call.args[1].variable_id, ==, 1);
  g_assert_cmpint (e->call.args[1].value->kind, ==, CT_VALUE_BOOL);
  g_assert_true (e->call.args[1].value->b);
  g_assert_cmpint (e->call.args[1].value->type_id, ==, 4);

  e = next_ok (reader);
  g_assert_cmpint (e->kind, ==, CT_EVENT_VALUE);
  g_assert_cmpint (e->value.variable_id, ==, 1);
  g_assert_cmpint (e->value.value->kind, ==, CT_VALUE_FLOAT);
  g_assert_cmpfloat (e->value.value->flt.f, ==, 1.5);
  g_assert_null (e->value.value->flt.text.str);
  g_assert_cmpint (e->value.value->type_id, ==, 1);

  e = next_ok (reader);
  g_assert_cmpint (e->kind, ==, CT_EVENT_RETURN);
  g_assert_cmpint (e->ret.return_value->kind, ==, CT_VALUE_NONE);
  g_assert_cmpint (e->ret.return_value->type_id, ==, 11);

  e = next_ok (reader);
  g_assert_cmpint (e->kind, ==, CT_EVENT_EVENT);
  g_assert_cmpuint (e->io.kind, ==, CT_EVENT_LOG_WRITE_OTHER);
  assert_str (e->io.metadata, "fd=1");
  assert_str (e->io.content, "hello\n");

  e = next_ok (reader);
  g_assert_cmpint (e->kind, ==, CT_EVENT_ASM);
  g_assert_cmpuint (e->asm_.n_lines, ==, 2);
  assert_str (e->asm_.lines[0], "mov rax, 1");
  assert_str (e->asm_.lines[1], "ret");

  e = next_ok (reader);
  g_assert_cmpint (e->kind, ==, CT_EVENT_BIND_VARIABLE);
  g_assert_cmpint (e->bind.variable_id, ==, 0);
  g_assert_cmpint (e->bind.place, ==, 1000);

  e = next_ok (reader);
  g_assert_cmpint (e->kind, ==, CT_EVENT_ASSIGNMENT);
  g_assert_cmpint (e->assignment.to, ==, 0);
  g_assert_true (e->assignment.by_reference);
  assert_node_string (node_lookup (e->assignment.from, "kind"), "Simple");
  g_assert_cmpint (node_lookup (e->assignment.from, "0")->type, ==, CT_NODE_INT);
  g_assert_cmpint (node_lookup (e->assignment.from, "0")->i, ==, 1);
  g_assert_cmpuint (e->deviations & CT_DEVIATION_ASSIGNMENT_SHAPE, ==, 0);

  e = next_ok (reader);
  g_assert_cmpint (e->kind, ==, CT_EVENT_ASSIGNMENT);
  g_assert_cmpint (e->assignment.to, ==, 1);
  g_assert_false (e->assignment.by_reference);
  assert_node_string (node_lookup (e->assignment.from, "kind"), "Compound");
  g_assert_cmpint (node_lookup (e->assignment.from, "0")->type, ==, CT_NODE_ARRAY);
  g_assert_cmpuint (node_lookup (e->assignment.from, "0")->c.n_items, ==, 2);
  g_assert_cmpuint (e->deviations & CT_DEVIATION_ASSIGNMENT_SHAPE, ==, 0);

  e = next_ok (reader);
  g_assert_cmpint (e->kind, ==, CT_EVENT_DROP_VARIABLES);
  g_assert_cmpuint (e->drop_variables.n_ids, ==, 2);
  g_assert_cmpint (e->drop_variables.ids[0], ==, 0);
  g_assert_cmpint (e->drop_variables.ids[1], ==, 1);

  e = next_ok (reader);
  g_assert_cmpint (e->kind, ==, CT_EVENT_COMPOUND_VALUE);
  g_assert_cmpint (e->place_value.place, ==, 7);
  g_assert_cmpint (e->place_value.value->kind, ==, CT_VALUE_TUPLE);
  g_assert_cmpuint (e->place_value.value->seq.n_items, ==, 1);
  g_assert_cmpint (e->place_value.value->seq.items[0].i, ==, 1);
  g_assert_cmpint (e->place_value.value->type_id, ==, 9);

  e = next_ok (reader);
  g_assert_cmpint (e->kind, ==, CT_EVENT_CELL_VALUE);
  g_assert_cmpint (e->place_value.place, ==, 8);
  g_assert_cmpint (e->place_value.value->kind, ==, CT_VALUE_STRING);
  assert_str (e->place_value.value->text, "cell");

  e = next_ok (reader);
  g_assert_cmpint (e->kind, ==, CT_EVENT_ASSIGN_COMPOUND_ITEM);
  g_assert_cmpint (e->assign_item.place, ==, 7);
  g_assert_cmpint (e->assign_item.index, ==, 2);
  g_assert_cmpint (e->assign_item.item_place, ==, 9);

  e = next_ok (reader);
  g_assert_cmpint (e->kind, ==, CT_EVENT_ASSIGN_CELL);
  g_assert_cmpint (e->place_value.place, ==, 8);
  g_assert_cmpint (e->place_value.value->kind, ==, CT_VALUE_INT);
  g_assert_cmpint (e->place_value.value->i, ==, 9);

  e = next_ok (reader);
  g_assert_cmpint (e->kind, ==, CT_EVENT_VARIABLE_CELL);
  g_assert_cmpint (e->bind.variable_id, ==, 1);
  g_assert_cmpint (e->bind.place, ==, 8);

  e = next_ok (reader);
  g_assert_cmpint (e->kind, ==, CT_EVENT_DROP_VARIABLE);
  g_assert_cmpint (e->variable_id, ==, 1);

  e = next_ok (reader);
  g_assert_cmpint (e->kind, ==, CT_EVENT_THREAD_START);
  g_assert_cmpuint (e->thread_id, ==, 2);

  e = next_ok (reader);
  g_assert_cmpint (e->kind, ==, CT_EVENT_THREAD_SWITCH);
  g_assert_cmpuint (e->thread_id, ==, G_MAXUINT64);

  e = next_ok (reader);
  g_assert_cmpint (e->kind, ==, CT_EVENT_THREAD_EXIT);
  g_assert_cmpuint (e->thread_id, ==, 2);

  e = next_ok (reader);
  g_assert_cmpint (e->kind, ==, CT_EVENT_DROP_LAST_STEP);
  g_assert_cmpuint (e->deviations, ==, 0);

  assert_end (reader);
  g_assert_cmpuint (ct_reader_get_deviations (reader), ==, 0);
}

/* The input lines are already what serde_json writes (compact, fields in
 * declaration order), so ct_event_append_json must give them back verbatim. */
static void
test_variants_json (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(CtReader) reader = open_events (f, "trace.json", all_variants,
                                            G_N_ELEMENTS (all_variants), CT_READER_FLAGS_NONE);

  for (guint i = 0; i < G_N_ELEMENTS (all_variants); i++)
    {
      const CtEvent *e = next_ok (reader);

      g_assert_cmpuint (ct_reader_get_index (reader), ==, i);
      assert_event_json (e, all_variants[i]);
    }
  assert_end (reader);
}

/* ---- every value kind ---- */

static const char * const all_values[] = {
  /* 0 */ "{\"Value\":{\"variable_id\":0,\"value\":{\"kind\":\"Int\",\"i\":-9223372036854775808,\"type_id\":0}}}",
  /* 1 */ "{\"Value\":{\"variable_id\":0,\"value\":{\"kind\":\"Float\",\"f\":-0.1,\"type_id\":1}}}",
  /* 2 */ "{\"Value\":{\"variable_id\":0,\"value\":{\"kind\":\"Bool\",\"b\":false,\"type_id\":2}}}",
  /* 3 */ "{\"Value\":{\"variable_id\":0,\"value\":{\"kind\":\"String\",\"text\":\"na\xc3\xafve \\\"q\\\"\\n\\t\\\\ \xe6\x97\xa5\",\"type_id\":3}}}",
  /* 4 */ "{\"Value\":{\"variable_id\":0,\"value\":{\"kind\":\"Sequence\",\"elements\":[{\"kind\":\"Int\",\"i\":1,\"type_id\":0},{\"kind\":\"Int\",\"i\":2,\"type_id\":0}],\"is_slice\":true,\"type_id\":4}}}",
  /* 5 */ "{\"Value\":{\"variable_id\":0,\"value\":{\"kind\":\"Tuple\",\"elements\":[{\"kind\":\"Int\",\"i\":3,\"type_id\":0},{\"kind\":\"String\",\"text\":\"t\",\"type_id\":3}],\"type_id\":6}}}",
  /* 6 */ "{\"Value\":{\"variable_id\":0,\"value\":{\"kind\":\"Struct\",\"field_values\":[{\"kind\":\"Int\",\"i\":4,\"type_id\":0},{\"kind\":\"Float\",\"f\":2.5,\"type_id\":1}],\"type_id\":5}}}",
  /* 7 */ "{\"Value\":{\"variable_id\":0,\"value\":{\"kind\":\"Variant\",\"discriminator\":\"Some\",\"contents\":{\"kind\":\"Int\",\"i\":5,\"type_id\":0},\"type_id\":7}}}",
  /* 8 */ "{\"Value\":{\"variable_id\":0,\"value\":{\"kind\":\"Reference\",\"dereferenced\":{\"kind\":\"Int\",\"i\":6,\"type_id\":0},\"address\":140737488355327,\"mutable\":true,\"type_id\":8}}}",
  /* 9 */ "{\"Value\":{\"variable_id\":0,\"value\":{\"kind\":\"Raw\",\"r\":\"<Object #1>\",\"type_id\":9}}}",
  /* 10 */ "{\"Value\":{\"variable_id\":0,\"value\":{\"kind\":\"Error\",\"msg\":\"could not read\",\"type_id\":10}}}",
  /* 11 */ "{\"Value\":{\"variable_id\":0,\"value\":{\"kind\":\"None\",\"type_id\":11}}}",
  /* 12 */ "{\"Value\":{\"variable_id\":0,\"value\":{\"kind\":\"Cell\",\"place\":1001}}}",
  /* 13 */ "{\"Value\":{\"variable_id\":0,\"value\":{\"kind\":\"BigInt\",\"b\":\"AQID/w==\",\"negative\":true,\"type_id\":12}}}",
  /* 14 */ "{\"Value\":{\"variable_id\":0,\"value\":{\"kind\":\"Char\",\"c\":\"z\",\"type_id\":13}}}",
  /* 15 */ "{\"Value\":{\"variable_id\":0,\"value\":{\"kind\":\"ValueRef\",\"ref_id\":5}}}",
  /* 16 */ "{\"Value\":{\"variable_id\":0,\"value\":{\"kind\":\"Sequence\",\"elements\":[],\"is_slice\":false,\"type_id\":4,\"ref_id\":5}}}",
  /* 17 */ "{\"Value\":{\"variable_id\":0,\"value\":{\"kind\":\"Variant\",\"discriminator\":\"None\",\"contents\":{\"kind\":\"None\",\"type_id\":11},\"type_id\":7}}}",
};

static void
test_values_all (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CtReader) reader = open_events (f, "trace.json", all_values,
                                            G_N_ELEMENTS (all_values), CT_READER_FLAGS_NONE);
  const CtEvent *e;
  const CtValue *v;

#define NEXT_VALUE(expected_kind)                               \
  e = next_ok (reader);                                         \
  g_assert_cmpint (e->kind, ==, CT_EVENT_VALUE);                \
  g_assert_cmpint (e->value.variable_id, ==, 0);                \
  v = e->value.value;                                           \
  g_assert_nonnull (v);                                         \
  g_assert_cmpint (v->kind, ==, (expected_kind))

  NEXT_VALUE (CT_VALUE_INT);
  g_assert_cmpint (v->i, ==, G_MININT64);
  g_assert_cmpuint (v->flags, ==, 0);
  g_assert_cmpint (v->type_id, ==, 0);
  g_assert_cmpuint (e->deviations, ==, 0);

  NEXT_VALUE (CT_VALUE_FLOAT);
  g_assert_cmpfloat (v->flt.f, ==, -0.1);
  g_assert_null (v->flt.text.str);
  g_assert_cmpint (v->type_id, ==, 1);

  NEXT_VALUE (CT_VALUE_BOOL);
  g_assert_false (v->b);
  g_assert_cmpint (v->type_id, ==, 2);

  NEXT_VALUE (CT_VALUE_STRING);
  assert_str (v->text, "na\xc3\xafve \"q\"\n\t\\ \xe6\x97\xa5");
  g_assert_cmpint (v->type_id, ==, 3);

  NEXT_VALUE (CT_VALUE_SEQUENCE);
  g_assert_true (v->seq.is_slice);
  g_assert_cmpuint (v->seq.n_items, ==, 2);
  g_assert_cmpint (v->seq.items[0].kind, ==, CT_VALUE_INT);
  g_assert_cmpint (v->seq.items[0].i, ==, 1);
  g_assert_cmpint (v->seq.items[1].i, ==, 2);
  g_assert_cmpint (v->type_id, ==, 4);

  NEXT_VALUE (CT_VALUE_TUPLE);
  g_assert_cmpuint (v->seq.n_items, ==, 2);
  g_assert_cmpint (v->seq.items[0].i, ==, 3);
  g_assert_cmpint (v->seq.items[1].kind, ==, CT_VALUE_STRING);
  assert_str (v->seq.items[1].text, "t");
  g_assert_cmpint (v->type_id, ==, 6);

  NEXT_VALUE (CT_VALUE_STRUCT);
  g_assert_cmpuint (v->seq.n_items, ==, 2);
  g_assert_cmpint (v->seq.items[0].i, ==, 4);
  g_assert_cmpint (v->seq.items[1].kind, ==, CT_VALUE_FLOAT);
  g_assert_cmpfloat (v->seq.items[1].flt.f, ==, 2.5);
  g_assert_cmpint (v->type_id, ==, 5);

  NEXT_VALUE (CT_VALUE_VARIANT);
  assert_str (v->variant.discriminator, "Some");
  g_assert_nonnull (v->variant.contents);
  g_assert_cmpint (v->variant.contents->kind, ==, CT_VALUE_INT);
  g_assert_cmpint (v->variant.contents->i, ==, 5);
  g_assert_cmpint (v->type_id, ==, 7);

  NEXT_VALUE (CT_VALUE_REFERENCE);
  g_assert_nonnull (v->ref.dereferenced);
  g_assert_cmpint (v->ref.dereferenced->i, ==, 6);
  g_assert_cmpuint (v->ref.address, ==, G_GUINT64_CONSTANT (140737488355327));
  g_assert_true (v->ref.mutable_);
  g_assert_cmpint (v->type_id, ==, 8);

  NEXT_VALUE (CT_VALUE_RAW);
  assert_str (v->text, "<Object #1>");
  g_assert_cmpint (v->type_id, ==, 9);

  NEXT_VALUE (CT_VALUE_ERROR);
  assert_str (v->text, "could not read");
  g_assert_cmpint (v->type_id, ==, 10);

  NEXT_VALUE (CT_VALUE_NONE);
  g_assert_cmpint (v->type_id, ==, 11);

  NEXT_VALUE (CT_VALUE_CELL);
  g_assert_cmpint (v->place, ==, 1001);

  NEXT_VALUE (CT_VALUE_BIGINT);
  assert_magnitude (v, "010203ff", TRUE);
  g_assert_cmpint (v->type_id, ==, 12);
  g_assert_cmpuint (e->deviations, ==, 0);

  NEXT_VALUE (CT_VALUE_CHAR);
  assert_str (v->text, "z");
  g_assert_cmpint (v->type_id, ==, 13);
  g_assert_cmpuint (e->deviations & CT_DEVIATION_NEWER_VALUE_KIND, !=, 0);

  NEXT_VALUE (CT_VALUE_VALUE_REF);
  g_assert_cmpuint (v->value_ref, ==, 5);
  g_assert_cmpuint (e->deviations & CT_DEVIATION_NEWER_VALUE_KIND, !=, 0);

  NEXT_VALUE (CT_VALUE_SEQUENCE);
  g_assert_cmpuint (v->flags & CT_VALUE_FLAG_HAS_REF_ID, !=, 0);
  g_assert_cmpuint (v->ref_id, ==, 5);
  g_assert_cmpuint (v->seq.n_items, ==, 0);
  g_assert_false (v->seq.is_slice);
  g_assert_cmpuint (e->deviations & CT_DEVIATION_NEWER_VALUE_KIND, !=, 0);

  NEXT_VALUE (CT_VALUE_VARIANT);
  assert_str (v->variant.discriminator, "None");
  g_assert_cmpint (v->variant.contents->kind, ==, CT_VALUE_NONE);

#undef NEXT_VALUE

  assert_end (reader);

  /* Newer kinds (Char, ValueRef, ref_id): events 14, 15 and 16 */
  {
    guint64 first = G_MAXUINT64;

    g_assert_cmpuint (ct_reader_get_deviation_count (reader, CT_DEVIATION_NEWER_VALUE_KIND, &first), ==, 3);
    g_assert_cmpuint (first, ==, 14);
    g_assert_cmpuint (ct_reader_get_deviations (reader), ==, CT_DEVIATION_NEWER_VALUE_KIND);
  }
}

static void
test_values_json (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(CtReader) reader = open_events (f, "trace.json", all_values,
                                            G_N_ELEMENTS (all_values), CT_READER_FLAGS_NONE);

  for (guint i = 0; i < G_N_ELEMENTS (all_values); i++)
    assert_event_json (next_ok (reader), all_values[i]);
  assert_end (reader);
}

/* ---- key order ---- */

static void
test_keys_any_order (Fixture       *f,
                     gconstpointer  data)
{
  static const char * const events[] = {
    "{\"Value\":{\"variable_id\":0,\"value\":{\"kind\":\"Int\",\"type_id\":7,\"i\":1}}}",
    "{\"Value\":{\"variable_id\":0,\"value\":{\"type_id\":7,\"i\":1,\"kind\":\"Int\"}}}",
    "{\"Value\":{\"value\":{\"i\":2,\"kind\":\"Int\",\"type_id\":7},\"variable_id\":3}}",
    "{\"Event\":{\"kind\":0,\"content\":\"out\",\"metadata\":\"\"}}",
    "{\"Step\":{\"line\":9,\"path_id\":1}}",
    "{\"Function\":{\"name\":\"f\",\"line\":2,\"path_id\":1}}",
    "{\"Type\":{\"specific_info\":{\"fields\":[{\"type_id\":0,\"name\":\"a\"}],\"kind\":\"Struct\"},\"lang_type\":\"S\",\"kind\":6}}",
    "{\"Value\":{\"variable_id\":0,\"value\":{\"type_id\":4,\"elements\":[{\"i\":5,\"type_id\":7,\"kind\":\"Int\"}],\"kind\":\"Sequence\",\"is_slice\":false}}}",
    "{\"Value\":{\"variable_id\":0,\"value\":{\"negative\":false,\"b\":\"AQ==\",\"type_id\":12,\"kind\":\"BigInt\"}}}",
  };
  static const char * const expected[] = {
    "{\"Value\":{\"variable_id\":0,\"value\":{\"kind\":\"Int\",\"i\":1,\"type_id\":7}}}",
    "{\"Value\":{\"variable_id\":0,\"value\":{\"kind\":\"Int\",\"i\":1,\"type_id\":7}}}",
    "{\"Value\":{\"variable_id\":3,\"value\":{\"kind\":\"Int\",\"i\":2,\"type_id\":7}}}",
    "{\"Event\":{\"kind\":0,\"metadata\":\"\",\"content\":\"out\"}}",
    "{\"Step\":{\"path_id\":1,\"line\":9}}",
    "{\"Function\":{\"path_id\":1,\"line\":2,\"name\":\"f\"}}",
    "{\"Type\":{\"kind\":6,\"lang_type\":\"S\",\"specific_info\":{\"kind\":\"Struct\",\"fields\":[{\"name\":\"a\",\"type_id\":0}]}}}",
    "{\"Value\":{\"variable_id\":0,\"value\":{\"kind\":\"Sequence\",\"elements\":[{\"kind\":\"Int\",\"i\":5,\"type_id\":7}],\"is_slice\":false,\"type_id\":4}}}",
    "{\"Value\":{\"variable_id\":0,\"value\":{\"kind\":\"BigInt\",\"b\":\"AQ==\",\"negative\":false,\"type_id\":12}}}",
  };
  g_autoptr(CtReader) reader = open_events (f, "trace.json", events, G_N_ELEMENTS (events),
                                            CT_READER_FLAGS_NONE);
  const CtEvent *e;

  for (guint i = 0; i < 3; i++)
    {
      e = next_ok (reader);
      g_assert_cmpint (e->kind, ==, CT_EVENT_VALUE);
      g_assert_cmpint (e->value.value->kind, ==, CT_VALUE_INT);
      g_assert_cmpint (e->value.value->i, ==, i < 2 ? 1 : 2);
      g_assert_cmpint (e->value.value->type_id, ==, 7);
      g_assert_cmpint (e->value.variable_id, ==, i < 2 ? 0 : 3);
      g_assert_null (e->value.value->extra);
      g_assert_cmpuint (e->deviations, ==, 0);
      assert_event_json (e, expected[i]);
    }

  e = next_ok (reader);
  g_assert_cmpint (e->kind, ==, CT_EVENT_EVENT);
  g_assert_cmpuint (e->io.kind, ==, CT_EVENT_LOG_WRITE);
  assert_str (e->io.content, "out");
  assert_str (e->io.metadata, "");
  assert_event_json (e, expected[3]);

  e = next_ok (reader);
  g_assert_cmpint (e->kind, ==, CT_EVENT_STEP);
  g_assert_cmpint (e->step.path_id, ==, 1);
  g_assert_cmpint (e->step.line, ==, 9);
  assert_event_json (e, expected[4]);

  e = next_ok (reader);
  g_assert_cmpint (e->kind, ==, CT_EVENT_FUNCTION);
  assert_str (e->function.name, "f");
  assert_event_json (e, expected[5]);

  e = next_ok (reader);
  g_assert_cmpint (e->kind, ==, CT_EVENT_TYPE);
  g_assert_cmpint (e->type.info_kind, ==, CT_TYPE_INFO_STRUCT);
  g_assert_cmpuint (e->type.n_fields, ==, 1);
  assert_str (e->type.fields[0].name, "a");
  assert_event_json (e, expected[6]);

  e = next_ok (reader);
  g_assert_cmpint (e->value.value->kind, ==, CT_VALUE_SEQUENCE);
  g_assert_cmpuint (e->value.value->seq.n_items, ==, 1);
  g_assert_cmpint (e->value.value->seq.items[0].i, ==, 5);
  assert_event_json (e, expected[7]);

  e = next_ok (reader);
  g_assert_cmpint (e->value.value->kind, ==, CT_VALUE_BIGINT);
  assert_magnitude (e->value.value, "01", FALSE);
  assert_event_json (e, expected[8]);

  assert_end (reader);
  g_assert_cmpuint (ct_reader_get_deviations (reader), ==, 0);
}

/* ---- DropLastStep and Variable ---- */

static void
test_drop_last_step_forms (Fixture       *f,
                           gconstpointer  data)
{
  static const char * const events[] = {
    "\"DropLastStep\"",
    "{\"DropLastStep\":null}",
    "{\"DropLastStep\" : null }",
  };
  g_autoptr(CtReader) reader = open_events (f, "trace.json", events, G_N_ELEMENTS (events),
                                            CT_READER_FLAGS_NONE);
  const CtEvent *e;
  guint64 first = G_MAXUINT64;

  e = next_ok (reader);
  g_assert_cmpint (e->kind, ==, CT_EVENT_DROP_LAST_STEP);
  g_assert_cmpuint (e->deviations, ==, 0);
  assert_event_json (e, "\"DropLastStep\"");

  for (guint i = 1; i < 3; i++)
    {
      e = next_ok (reader);
      g_assert_cmpint (e->kind, ==, CT_EVENT_DROP_LAST_STEP);
      g_assert_cmpuint (e->deviations, ==, CT_DEVIATION_DROP_LAST_STEP_MAP);
      /* serde writes the unit variant as a bare string */
      assert_event_json (e, "\"DropLastStep\"");
    }
  assert_end (reader);

  g_assert_cmpuint (ct_reader_get_deviation_count (reader, CT_DEVIATION_DROP_LAST_STEP_MAP, &first), ==, 2);
  g_assert_cmpuint (first, ==, 1);
}

static void
test_variable_legacy (Fixture       *f,
                      gconstpointer  data)
{
  static const char * const events[] = {
    "{\"VariableName\":\"a\"}",
    "{\"Variable\":\"b\"}",
    "{\"Variable\":\"\xc3\xa9t\xc3\xa9\"}",
  };
  g_autoptr(CtReader) reader = open_events (f, "trace.json", events, G_N_ELEMENTS (events),
                                            CT_READER_FLAGS_NONE);
  const CtEvent *e;
  guint64 first = G_MAXUINT64;

  e = next_ok (reader);
  g_assert_cmpint (e->kind, ==, CT_EVENT_VARIABLE_NAME);
  assert_str (e->name, "a");
  g_assert_cmpuint (e->deviations, ==, 0);

  e = next_ok (reader);
  g_assert_cmpint (e->kind, ==, CT_EVENT_VARIABLE);
  assert_str (e->name, "b");
  g_assert_cmpuint (e->deviations, ==, CT_DEVIATION_LEGACY_VARIABLE);
  /* kept as written, so a conversion does not change the stream */
  assert_event_json (e, events[1]);

  e = next_ok (reader);
  g_assert_cmpint (e->kind, ==, CT_EVENT_VARIABLE);
  assert_str (e->name, "\xc3\xa9t\xc3\xa9");
  assert_end (reader);

  g_assert_cmpuint (ct_reader_get_deviation_count (reader, CT_DEVIATION_LEGACY_VARIABLE, &first), ==, 2);
  g_assert_cmpuint (first, ==, 1);
}

/* ---- FORMAT.md section 7 ---- */

static void
test_deviation_big_int (Fixture       *f,
                        gconstpointer  data)
{
  static const char * const events[] = {
    "{\"Step\":{\"path_id\":0,\"line\":1}}",
    "{\"Value\":{\"variable_id\":0,\"value\":{\"kind\":\"Int\",\"i\":1208925819614629174706176,\"type_id\":0}}}",
    "{\"Value\":{\"variable_id\":0,\"value\":{\"kind\":\"Int\",\"i\":-1180591620717411303424,\"type_id\":0}}}",
    "{\"Value\":{\"variable_id\":0,\"value\":{\"kind\":\"Int\",\"i\":123456789012345678901234567890,\"type_id\":0}}}",
    "{\"Value\":{\"variable_id\":0,\"value\":{\"kind\":\"Int\",\"i\":18446744073709551615,\"type_id\":0}}}",
    "{\"Value\":{\"variable_id\":0,\"value\":{\"kind\":\"Int\",\"i\":9223372036854775808,\"type_id\":0}}}",
    "{\"Value\":{\"variable_id\":0,\"value\":{\"kind\":\"Int\",\"i\":-9223372036854775809,\"type_id\":0}}}",
    "{\"Value\":{\"variable_id\":0,\"value\":{\"kind\":\"Int\",\"i\":9223372036854775807,\"type_id\":0}}}",
    "{\"Call\":{\"function_id\":0,\"args\":[{\"variable_id\":1,\"value\":{\"kind\":\"Int\",\"i\":18446744073709551616,\"type_id\":0}}]}}",
  };
  static const struct
  {
    const char *hex;
    gboolean    negative;
  } magnitudes[] = {
    { "0100000000000000000000", FALSE },
    { "400000000000000000", TRUE },
    { "018ee90ff6c373e0ee4e3f0ad2", FALSE },
    { "ffffffffffffffff", FALSE },
    { "8000000000000000", FALSE },
    { "8000000000000001", TRUE },
  };
  g_autoptr(CtReader) reader = open_events (f, "trace.json", events, G_N_ELEMENTS (events),
                                            CT_READER_FLAGS_NONE);
  const CtEvent *e;
  guint64 first = G_MAXUINT64;

  e = next_ok (reader);
  g_assert_cmpuint (e->deviations, ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (magnitudes); i++)
    {
      const CtValue *v;

      e = next_ok (reader);
      v = e->value.value;
      g_assert_cmpint (v->kind, ==, CT_VALUE_INT);
      g_assert_cmpuint (v->flags & CT_VALUE_FLAG_INT_IS_BIG, !=, 0);
      g_assert_cmpuint (e->deviations, ==, CT_DEVIATION_BIG_INT);
      assert_magnitude (v, magnitudes[i].hex, magnitudes[i].negative);
      g_assert_cmpint (v->type_id, ==, 0);
      /* kept exact: the same decimal goes back out */
      assert_event_json (e, events[i + 1]);
    }

  e = next_ok (reader);
  g_assert_cmpuint (e->value.value->flags, ==, 0);
  g_assert_cmpint (e->value.value->i, ==, G_MAXINT64);
  g_assert_cmpuint (e->deviations, ==, 0);

  e = next_ok (reader);
  g_assert_cmpint (e->kind, ==, CT_EVENT_CALL);
  g_assert_cmpuint (e->call.args[0].value->flags & CT_VALUE_FLAG_INT_IS_BIG, !=, 0);
  assert_magnitude (e->call.args[0].value, "010000000000000000", FALSE);
  g_assert_cmpuint (e->deviations, ==, CT_DEVIATION_BIG_INT);
  assert_event_json (e, events[8]);

  assert_end (reader);
  g_assert_cmpuint (ct_reader_get_deviation_count (reader, CT_DEVIATION_BIG_INT, &first), ==, 7);
  g_assert_cmpuint (first, ==, 1);
  g_assert_cmpuint (ct_reader_get_deviations (reader), ==, CT_DEVIATION_BIG_INT);
}

static void
test_deviation_bool_as_int (Fixture       *f,
                            gconstpointer  data)
{
  static const char * const events[] = {
    "{\"Value\":{\"variable_id\":0,\"value\":{\"kind\":\"Int\",\"i\":5,\"type_id\":0}}}",
    "{\"Value\":{\"variable_id\":0,\"value\":{\"kind\":\"Int\",\"i\":true,\"type_id\":0}}}",
    "{\"Value\":{\"variable_id\":0,\"value\":{\"kind\":\"Int\",\"i\":false,\"type_id\":0}}}",
    "{\"Value\":{\"variable_id\":0,\"value\":{\"type_id\":2,\"i\":true,\"kind\":\"Int\"}}}",
  };
  g_autoptr(CtReader) reader = open_events (f, "trace.json", events, G_N_ELEMENTS (events),
                                            CT_READER_FLAGS_NONE);
  const CtEvent *e;
  guint64 first = G_MAXUINT64;

  e = next_ok (reader);
  g_assert_cmpuint (e->value.value->flags, ==, 0);

  e = next_ok (reader);
  g_assert_cmpint (e->value.value->kind, ==, CT_VALUE_INT);
  g_assert_cmpuint (e->value.value->flags & CT_VALUE_FLAG_INT_IS_BOOL, !=, 0);
  g_assert_cmpint (e->value.value->i, ==, 1);
  g_assert_cmpuint (e->deviations, ==, CT_DEVIATION_BOOL_AS_INT);
  assert_event_json (e, events[1]);

  e = next_ok (reader);
  g_assert_cmpuint (e->value.value->flags & CT_VALUE_FLAG_INT_IS_BOOL, !=, 0);
  g_assert_cmpint (e->value.value->i, ==, 0);
  assert_event_json (e, events[2]);

  e = next_ok (reader);
  g_assert_cmpuint (e->value.value->flags & CT_VALUE_FLAG_INT_IS_BOOL, !=, 0);
  g_assert_cmpint (e->value.value->i, ==, 1);
  g_assert_cmpint (e->value.value->type_id, ==, 2);
  assert_event_json (e, "{\"Value\":{\"variable_id\":0,\"value\":{\"kind\":\"Int\",\"i\":true,\"type_id\":2}}}");

  assert_end (reader);
  g_assert_cmpuint (ct_reader_get_deviation_count (reader, CT_DEVIATION_BOOL_AS_INT, &first), ==, 3);
  g_assert_cmpuint (first, ==, 1);
}

static void
test_deviation_float_forms (Fixture       *f,
                            gconstpointer  data)
{
  static const char * const events[] = {
    "{\"Value\":{\"variable_id\":0,\"value\":{\"kind\":\"Float\",\"f\":\"1.5\",\"type_id\":1}}}",
    "{\"Value\":{\"variable_id\":0,\"value\":{\"kind\":\"Float\",\"f\":\"NaN\",\"type_id\":1}}}",
    "{\"Value\":{\"variable_id\":0,\"value\":{\"kind\":\"Float\",\"f\":\"inf\",\"type_id\":1}}}",
    "{\"Value\":{\"variable_id\":0,\"value\":{\"kind\":\"Float\",\"f\":\"-inf\",\"type_id\":1}}}",
    "{\"Value\":{\"variable_id\":0,\"value\":{\"kind\":\"Float\",\"f\":null,\"type_id\":1}}}",
    "{\"Value\":{\"variable_id\":0,\"value\":{\"kind\":\"Float\",\"f\":0.25,\"type_id\":1}}}",
  };
  g_autoptr(CtReader) reader = open_events (f, "trace.json", events, G_N_ELEMENTS (events),
                                            CT_READER_FLAGS_NONE);
  const CtEvent *e;
  const CtValue *v;
  guint64 first = G_MAXUINT64;

  e = next_ok (reader);
  v = e->value.value;
  g_assert_cmpint (v->kind, ==, CT_VALUE_FLOAT);
  g_assert_cmpfloat (v->flt.f, ==, 1.5);
  assert_str (v->flt.text, "1.5");
  g_assert_cmpuint (e->deviations, ==, CT_DEVIATION_FLOAT_AS_STRING);
  assert_event_json (e, events[0]);

  e = next_ok (reader);
  v = e->value.value;
  g_assert_true (isnan (v->flt.f));
  assert_str (v->flt.text, "NaN");
  g_assert_cmpuint (v->flags & CT_VALUE_FLAG_FLOAT_NULL, ==, 0);
  assert_event_json (e, events[1]);

  e = next_ok (reader);
  v = e->value.value;
  g_assert_true (isinf (v->flt.f) && v->flt.f > 0);
  assert_str (v->flt.text, "inf");
  assert_event_json (e, events[2]);

  e = next_ok (reader);
  v = e->value.value;
  g_assert_true (isinf (v->flt.f) && v->flt.f < 0);
  assert_str (v->flt.text, "-inf");
  assert_event_json (e, events[3]);

  e = next_ok (reader);
  v = e->value.value;
  g_assert_true (isnan (v->flt.f));
  g_assert_cmpuint (v->flags & CT_VALUE_FLAG_FLOAT_NULL, !=, 0);
  g_assert_null (v->flt.text.str);
  g_assert_cmpuint (e->deviations, ==, CT_DEVIATION_FLOAT_NULL);
  assert_event_json (e, events[4]);

  e = next_ok (reader);
  g_assert_cmpuint (e->deviations, ==, 0);
  g_assert_cmpfloat (e->value.value->flt.f, ==, 0.25);

  assert_end (reader);
  g_assert_cmpuint (ct_reader_get_deviation_count (reader, CT_DEVIATION_FLOAT_AS_STRING, &first), ==, 4);
  g_assert_cmpuint (first, ==, 0);
  g_assert_cmpuint (ct_reader_get_deviation_count (reader, CT_DEVIATION_FLOAT_NULL, &first), ==, 1);
  g_assert_cmpuint (first, ==, 4);
  g_assert_cmpuint (ct_reader_get_deviations (reader), ==,
                    CT_DEVIATION_FLOAT_AS_STRING | CT_DEVIATION_FLOAT_NULL);
}

static void
test_deviation_assignment (Fixture       *f,
                           gconstpointer  data)
{
  static const char * const events[] = {
    "{\"Assignment\":{\"to\":0,\"pass_by\":\"Value\",\"from\":{\"kind\":\"Compound\",\"data\":[]}}}",
    "{\"Assignment\":{\"to\":2,\"pass_by\":\"Reference\",\"from\":{\"kind\":\"FunctionReturn\",\"data\":{\"x\":-1},\"call\":3}}}",
    "{\"BindVariable\":{\"variable_id\":0,\"place\":-1}}",
  };
  g_autoptr(CtReader) reader = open_events (f, "trace.json", events, G_N_ELEMENTS (events),
                                            CT_READER_FLAGS_NONE);
  const CtEvent *e;
  const CtNode *data_node;
  guint64 first = G_MAXUINT64;

  e = next_ok (reader);
  g_assert_cmpint (e->kind, ==, CT_EVENT_ASSIGNMENT);
  g_assert_cmpint (e->assignment.to, ==, 0);
  g_assert_false (e->assignment.by_reference);
  g_assert_nonnull (e->assignment.from);
  g_assert_cmpint (e->assignment.from->type, ==, CT_NODE_MAP);
  g_assert_cmpuint (e->assignment.from->c.n_items, ==, 2);
  assert_node_string (node_lookup (e->assignment.from, "kind"), "Compound");
  data_node = node_lookup (e->assignment.from, "data");
  g_assert_nonnull (data_node);
  g_assert_cmpint (data_node->type, ==, CT_NODE_ARRAY);
  g_assert_cmpuint (data_node->c.n_items, ==, 0);
  g_assert_cmpuint (e->deviations & CT_DEVIATION_ASSIGNMENT_SHAPE, !=, 0);
  assert_event_json (e, events[0]);

  e = next_ok (reader);
  g_assert_cmpint (e->assignment.to, ==, 2);
  g_assert_true (e->assignment.by_reference);
  assert_node_string (node_lookup (e->assignment.from, "kind"), "FunctionReturn");
  g_assert_cmpint (node_lookup (e->assignment.from, "call")->type, ==, CT_NODE_INT);
  g_assert_cmpint (node_lookup (e->assignment.from, "call")->i, ==, 3);
  g_assert_cmpint (node_lookup (node_lookup (e->assignment.from, "data"), "x")->i, ==, -1);
  g_assert_cmpuint (e->deviations & CT_DEVIATION_ASSIGNMENT_SHAPE, !=, 0);
  assert_event_json (e, events[1]);

  /* Ruby (2026): places of -1 are kept */
  e = next_ok (reader);
  g_assert_cmpint (e->kind, ==, CT_EVENT_BIND_VARIABLE);
  g_assert_cmpint (e->bind.place, ==, -1);
  assert_event_json (e, events[2]);

  assert_end (reader);
  g_assert_cmpuint (ct_reader_get_deviation_count (reader, CT_DEVIATION_ASSIGNMENT_SHAPE, &first), ==, 2);
  g_assert_cmpuint (first, ==, 0);
}

static void
test_deviation_unknown_variant (Fixture       *f,
                                gconstpointer  data)
{
  static const char * const events[] = {
    "{\"Step\":{\"path_id\":0,\"line\":1}}",
    "{\"Frobnicate\":{\"path_id\":0,\"deep\":[1,-2,2.5,\"x\\u00e9\",null,true,false,{\"k\":[]},18446744073709551615,123456789012345678901234567890]}}",
    "\"Twiddle\"",
    "{\"Frobnicate\":[]}",
    "{\"Step\":{\"path_id\":0,\"line\":2}}",
  };
  g_autoptr(CtReader) reader = open_events (f, "trace.json", events, G_N_ELEMENTS (events),
                                            CT_READER_FLAGS_NONE);
  const CtEvent *e;
  const CtNode *deep;
  guint64 first = G_MAXUINT64;

  e = next_ok (reader);
  g_assert_cmpint (e->kind, ==, CT_EVENT_STEP);

  e = next_ok (reader);
  g_assert_cmpint (e->kind, ==, CT_EVENT_UNKNOWN);
  assert_str (e->unknown.variant, "Frobnicate");
  g_assert_nonnull (e->unknown.payload);
  g_assert_cmpint (e->unknown.payload->type, ==, CT_NODE_MAP);
  g_assert_cmpuint (e->unknown.payload->c.n_items, ==, 2);
  g_assert_cmpint (node_lookup (e->unknown.payload, "path_id")->type, ==, CT_NODE_INT);
  deep = node_lookup (e->unknown.payload, "deep");
  g_assert_cmpint (deep->type, ==, CT_NODE_ARRAY);
  g_assert_cmpuint (deep->c.n_items, ==, 10);
  g_assert_cmpint (deep->c.items[1].type, ==, CT_NODE_INT);
  g_assert_cmpint (deep->c.items[1].i, ==, -2);
  g_assert_cmpint (deep->c.items[2].type, ==, CT_NODE_FLOAT);
  g_assert_cmpfloat (deep->c.items[2].f, ==, 2.5);
  assert_node_string (&deep->c.items[3], "x\xc3\xa9");
  g_assert_cmpint (deep->c.items[4].type, ==, CT_NODE_NULL);
  g_assert_cmpint (deep->c.items[5].type, ==, CT_NODE_BOOL);
  g_assert_true (deep->c.items[5].b);
  g_assert_cmpint (deep->c.items[8].type, ==, CT_NODE_UINT);
  g_assert_cmpuint (deep->c.items[8].u, ==, G_MAXUINT64);
  g_assert_cmpint (deep->c.items[9].type, ==, CT_NODE_BIGNUM);
  g_assert_cmpuint (e->deviations, ==, CT_DEVIATION_UNKNOWN_VARIANT);
  /* re-serialized identically (the \u00e9 escape becomes the UTF-8 byte
   * sequence, as serde_json writes it) */
  assert_event_json (e, "{\"Frobnicate\":{\"path_id\":0,\"deep\":[1,-2,2.5,\"x\xc3\xa9\",null,true,false,{\"k\":[]},18446744073709551615,123456789012345678901234567890]}}");

  e = next_ok (reader);
  g_assert_cmpint (e->kind, ==, CT_EVENT_UNKNOWN);
  assert_str (e->unknown.variant, "Twiddle");
  g_assert_null (e->unknown.payload);
  assert_event_json (e, events[2]);

  e = next_ok (reader);
  g_assert_cmpint (e->kind, ==, CT_EVENT_UNKNOWN);
  assert_event_json (e, events[3]);

  e = next_ok (reader);
  g_assert_cmpint (e->kind, ==, CT_EVENT_STEP);
  g_assert_cmpint (e->step.line, ==, 2);

  assert_end (reader);
  g_assert_cmpuint (ct_reader_get_deviation_count (reader, CT_DEVIATION_UNKNOWN_VARIANT, &first), ==, 3);
  g_assert_cmpuint (first, ==, 1);
}

static void
test_deviation_unknown_value_kind (Fixture       *f,
                                   gconstpointer  data)
{
  static const char * const events[] = {
    "{\"Value\":{\"variable_id\":4,\"value\":{\"kind\":\"Quux\",\"z\":[1,{\"q\":null}],\"type_id\":3}}}",
    "{\"Value\":{\"variable_id\":4,\"value\":{\"type_id\":3,\"kind\":\"Zork\",\"w\":\"s\"}}}",
    "{\"Return\":{\"return_value\":{\"kind\":\"Sequence\",\"elements\":[{\"kind\":\"Quux\",\"n\":1.25}],\"is_slice\":false,\"type_id\":4}}}",
  };
  g_autoptr(CtReader) reader = open_events (f, "trace.json", events, G_N_ELEMENTS (events),
                                            CT_READER_FLAGS_NONE);
  const CtEvent *e;
  const CtValue *v;
  guint64 first = G_MAXUINT64;

  e = next_ok (reader);
  g_assert_cmpint (e->kind, ==, CT_EVENT_VALUE);
  g_assert_cmpint (e->value.variable_id, ==, 4);
  v = e->value.value;
  g_assert_cmpint (v->kind, ==, CT_VALUE_UNKNOWN);
  g_assert_nonnull (v->unknown);
  g_assert_cmpuint (v->unknown->c.n_items, ==, 3);
  assert_node_string (node_lookup (v->unknown, "kind"), "Quux");
  g_assert_cmpint (node_lookup (v->unknown, "z")->type, ==, CT_NODE_ARRAY);
  g_assert_cmpint (node_lookup (v->unknown, "type_id")->i, ==, 3);
  g_assert_cmpuint (e->deviations, ==, CT_DEVIATION_UNKNOWN_VALUE_KIND);
  assert_event_json (e, events[0]);

  /* kept as written, key order included */
  e = next_ok (reader);
  v = e->value.value;
  g_assert_cmpint (v->kind, ==, CT_VALUE_UNKNOWN);
  assert_node_string (node_lookup (v->unknown, "kind"), "Zork");
  assert_event_json (e, events[1]);

  e = next_ok (reader);
  g_assert_cmpint (e->kind, ==, CT_EVENT_RETURN);
  v = e->ret.return_value;
  g_assert_cmpint (v->kind, ==, CT_VALUE_SEQUENCE);
  g_assert_cmpuint (v->seq.n_items, ==, 1);
  g_assert_cmpint (v->seq.items[0].kind, ==, CT_VALUE_UNKNOWN);
  assert_event_json (e, events[2]);

  assert_end (reader);
  g_assert_cmpuint (ct_reader_get_deviation_count (reader, CT_DEVIATION_UNKNOWN_VALUE_KIND, &first), ==, 3);
  g_assert_cmpuint (first, ==, 0);
}

static void
test_deviation_counts (Fixture       *f,
                       gconstpointer  data)
{
  /* index: deviations
   * 0 -, 1 BIG_INT, 2 BOOL_AS_INT, 3 -, 4 BIG_INT + FLOAT_AS_STRING (one event),
   * 5 UNKNOWN_VARIANT, 6 BOOL_AS_INT, 7 -, 8 FLOAT_NULL, 9 BIG_INT, 10 EXTRA_FIELDS */
  static const char * const events[] = {
    "{\"Step\":{\"path_id\":0,\"line\":1}}",
    "{\"Value\":{\"variable_id\":0,\"value\":{\"kind\":\"Int\",\"i\":99999999999999999999,\"type_id\":0}}}",
    "{\"Value\":{\"variable_id\":0,\"value\":{\"kind\":\"Int\",\"i\":true,\"type_id\":0}}}",
    "{\"Step\":{\"path_id\":0,\"line\":2}}",
    "{\"Call\":{\"function_id\":0,\"args\":[{\"variable_id\":0,\"value\":{\"kind\":\"Int\",\"i\":99999999999999999999,\"type_id\":0}},{\"variable_id\":1,\"value\":{\"kind\":\"Float\",\"f\":\"2.0\",\"type_id\":1}},{\"variable_id\":2,\"value\":{\"kind\":\"Int\",\"i\":-99999999999999999999,\"type_id\":0}}]}}",
    "{\"Frobnicate\":1}",
    "{\"Value\":{\"variable_id\":0,\"value\":{\"kind\":\"Int\",\"i\":false,\"type_id\":0}}}",
    "{\"Step\":{\"path_id\":0,\"line\":3}}",
    "{\"Value\":{\"variable_id\":0,\"value\":{\"kind\":\"Float\",\"f\":null,\"type_id\":1}}}",
    "{\"Return\":{\"return_value\":{\"kind\":\"Int\",\"i\":99999999999999999999,\"type_id\":0}}}",
    "{\"Step\":{\"path_id\":0,\"line\":4,\"column\":7}}",
  };
  g_autoptr(CtReader) reader = open_events (f, "trace.json", events, G_N_ELEMENTS (events),
                                            CT_READER_FLAGS_NONE);
  static const struct
  {
    CtDeviation deviation;
    guint64     count;
    guint64     first;
  } expected[] = {
    { CT_DEVIATION_BIG_INT, 3, 1 },
    { CT_DEVIATION_BOOL_AS_INT, 2, 2 },
    { CT_DEVIATION_FLOAT_AS_STRING, 1, 4 },
    { CT_DEVIATION_FLOAT_NULL, 1, 8 },
    { CT_DEVIATION_UNKNOWN_VARIANT, 1, 5 },
    { CT_DEVIATION_EXTRA_FIELDS, 1, 10 },
    { CT_DEVIATION_ASSIGNMENT_SHAPE, 0, 0 },
    { CT_DEVIATION_UNKNOWN_VALUE_KIND, 0, 0 },
    { CT_DEVIATION_LEGACY_VARIABLE, 0, 0 },
    { CT_DEVIATION_DROP_LAST_STEP_MAP, 0, 0 },
  };
  guint all = 0;
  const CtEvent *e;
  guint n = 0;

  while ((e = ct_reader_next (reader, NULL)) != NULL)
    {
      if (n == 4)
        g_assert_cmpuint (e->deviations, ==, CT_DEVIATION_BIG_INT | CT_DEVIATION_FLOAT_AS_STRING);
      if (n == 10)
        {
          g_assert_cmpuint (e->deviations, ==, CT_DEVIATION_EXTRA_FIELDS);
          g_assert_nonnull (e->extra);
          g_assert_cmpint (node_lookup (e->extra, "column")->i, ==, 7);
          /* unknown keys follow the known ones */
          assert_event_json (e, events[10]);
        }
      n++;
    }
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (events));
  g_assert_null (ct_reader_get_stop_error (reader));

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      guint64 first = G_MAXUINT64;
      guint64 count = ct_reader_get_deviation_count (reader, expected[i].deviation, &first);

      g_test_message ("%s", ct_deviation_describe (expected[i].deviation));
      g_assert_cmpuint (count, ==, expected[i].count);
      if (count > 0)
        {
          g_assert_cmpuint (first, ==, expected[i].first);
          all |= expected[i].deviation;
        }
    }
  g_assert_cmpuint (ct_reader_get_deviations (reader), ==, all);
}

/* ---- index, offset, progress ---- */

static void
test_position_offsets (Fixture       *f,
                       gconstpointer  data)
{
  /* Odd but valid whitespace between events: offsets must point at each
   * event's first byte. */
  static const char * const pieces[] = {
    "{\"Path\":\"p\"}",
    "{\"Step\":{\"path_id\":0,\"line\":1}}",
    "\"DropLastStep\"",
    "{ \"Step\" : { \"line\" : 2 , \"path_id\" : 0 } }",
    "{\"Value\":{\"variable_id\":0,\"value\":{\"kind\":\"String\",\"text\":\"\xe6\x97\xa5\xe6\x9c\xac ,]}\",\"type_id\":0}}}",
    "{\"DropLastStep\":null}",
  };
  static const char * const separators[] = {
    " \r\n\t [ \n",
    "\n,\n",
    ",",
    "  \t,\r\n\r\n   ",
    " , ",
    ",\n\n\n\n",
  };
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtReader) reader = NULL;
  g_autofree char *path = NULL;
  guint64 offsets[G_N_ELEMENTS (pieces)];

  for (guint i = 0; i < G_N_ELEMENTS (pieces); i++)
    {
      g_string_append (text, separators[i]);
      offsets[i] = text->len;
      g_string_append (text, pieces[i]);
    }
  g_string_append (text, " \n ] \n");

  path = write_file (f, "trace.json", text->str, text->len);
  reader = ct_reader_new (path, CT_READER_FLAGS_NONE, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (pieces); i++)
    {
      const CtEvent *e = next_ok (reader);

      g_assert_nonnull (e);
      g_assert_cmpuint (ct_reader_get_index (reader), ==, i);
      g_assert_cmpuint (ct_reader_get_offset (reader), ==, offsets[i]);
      g_assert_cmpint (ct_reader_get_frame (reader), ==, -1);
      /* the text at that offset is the event's first byte */
      g_assert_cmpint (text->str[ct_reader_get_offset (reader)], ==, pieces[i][0]);
    }
  assert_end (reader);
  g_assert_cmpuint (ct_reader_get_size (reader), ==, text->len);
}

static void
test_position_progress (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new ("[");
  g_autoptr(GError) error = NULL;
  g_autoptr(CtReader) reader = NULL;
  g_autofree char *path = NULL;
  const guint n_events = 50000;
  double last = 0.0;
  guint n = 0;
  gboolean saw_between = FALSE;

  /* Large enough (about 5 MB) to be read in several chunks. */
  for (guint i = 0; i < n_events; i++)
    g_string_append_printf (text, "%s{\"Value\":{\"variable_id\":%u,\"value\":{\"kind\":\"String\",\"text\":\"%08u\",\"type_id\":3}}}",
                            i > 0 ? ",\n" : "", i, i);
  g_string_append (text, "]\n");
  path = write_file (f, "trace.json", text->str, text->len);

  reader = ct_reader_new (path, CT_READER_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ct_reader_get_size (reader), ==, text->len);
  g_assert_cmpfloat (ct_reader_get_fraction (reader), >=, 0.0);
  g_assert_cmpfloat (ct_reader_get_fraction (reader), <, 1.0);

  for (;;)
    {
      const CtEvent *e = ct_reader_next (reader, &error);
      double fraction = ct_reader_get_fraction (reader);

      g_assert_no_error (error);
      g_assert_cmpfloat (fraction, >=, last);
      g_assert_cmpfloat (fraction, <=, 1.0);
      g_assert_cmpuint (ct_reader_get_position (reader), <=, ct_reader_get_size (reader));
      last = fraction;
      if (e == NULL)
        break;
      if (fraction > 0.0 && fraction < 1.0)
        saw_between = TRUE;
      g_assert_cmpuint (e->value.variable_id, ==, n);
      n++;
    }
  g_assert_cmpuint (n, ==, n_events);
  g_assert_true (saw_between);
  g_assert_cmpfloat (ct_reader_get_fraction (reader), ==, 1.0);
}

static void
test_empty_and_missing (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *empty = write_file (f, "trace.json", " [ ]\n", -1);
  g_autofree char *missing = g_build_filename (f->dir, "nothing", "trace.json", NULL);
  g_autoptr(CtReader) reader = NULL;
  CtReader *none;

  reader = ct_reader_new (empty, CT_READER_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_null (ct_reader_next (reader, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (ct_reader_get_fraction (reader), ==, 1.0);

  none = ct_reader_new (missing, CT_READER_FLAGS_NONE, &error);
  g_assert_null (none);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, missing));
}

/* ---- truncated input: strict and lenient ---- */

static const char * const truncated_events[] = {
  "{\"Path\":\"/a.py\"}",
  "{\"Step\":{\"path_id\":0,\"line\":1}}",
  "{\"VariableName\":\"x\"}",
  "{\"Value\":{\"variable_id\":0,\"value\":{\"kind\":\"Int\",\"i\":1,\"type_id\":0}}}",
  "\"DropLastStep\"",
  "{\"Value\":{\"variable_id\":0,\"value\":{\"kind\":\"Sequence\",\"elements\":[{\"kind\":\"Int\",\"i\":2,\"type_id\":0}],\"is_slice\":false,\"type_id\":1}}}",
};

/* The trace above cut in the middle of its last event ("...\"elements\":[{\"ki") */
static char *
write_truncated (Fixture  *f,
                 guint64  *out_last_offset,
                 gsize    *out_len)
{
  g_autoptr(GArray) offsets = NULL;
  g_autofree char *text = build_trace (truncated_events, G_N_ELEMENTS (truncated_events), &offsets);
  guint64 last = g_array_index (offsets, guint64, G_N_ELEMENTS (truncated_events) - 1);
  const char *cut = strstr (text + last, "[{\"ki");

  g_assert_nonnull (cut);
  *out_last_offset = last;
  *out_len = cut + 5 - text;
  return write_file (f, "trace.json", text, *out_len);
}

static void
test_truncated_strict (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtReader) reader = NULL;
  g_autofree char *path = NULL;
  g_autofree char *event_word = NULL;
  guint64 last_offset;
  gsize len;
  const CtEvent *e;
  guint n = 0;
  const char *byte;
  guint64 byte_offset;

  path = write_truncated (f, &last_offset, &len);
  reader = ct_reader_new (path, CT_READER_FLAGS_NONE, &error);
  g_assert_no_error (error);

  while ((e = ct_reader_next (reader, &error)) != NULL)
    {
      g_autofree char *json = ct_test_event_json (e);

      g_assert_cmpstr (json, ==, truncated_events[n]);
      n++;
    }
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (truncated_events) - 1);
  g_assert_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_TRUNCATED);
  g_test_message ("strict error: %s", error->message);
  g_assert_nonnull (strstr (error->message, path));
  event_word = g_strdup_printf ("event %u ", n);
  g_assert_nonnull (strstr (error->message, event_word));

  /* "byte N": somewhere in the cut event */
  byte = strstr (error->message, "byte ");
  g_assert_nonnull (byte);
  byte_offset = g_ascii_strtoull (byte + 5, NULL, 10);
  g_assert_cmpuint (byte_offset, >=, last_offset);
  g_assert_cmpuint (byte_offset, <=, len);

  /* the reader stays stopped, and strict mode keeps no stop error */
  g_clear_error (&error);
  g_assert_null (ct_reader_next (reader, &error));
  g_assert_no_error (error);
  g_assert_null (ct_reader_get_stop_error (reader));
}

static void
test_truncated_lenient (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtReader) reader = NULL;
  g_autofree char *path = NULL;
  g_autofree char *event_word = NULL;
  const GError *stop;
  guint64 last_offset;
  gsize len;
  const CtEvent *e;
  guint n = 0;

  path = write_truncated (f, &last_offset, &len);
  reader = ct_reader_new (path, CT_READER_LENIENT, &error);
  g_assert_no_error (error);

  while ((e = ct_reader_next (reader, &error)) != NULL)
    {
      g_autofree char *json = ct_test_event_json (e);

      g_assert_no_error (error);
      g_assert_cmpstr (json, ==, truncated_events[n]);
      g_assert_cmpuint (ct_reader_get_index (reader), ==, n);
      n++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (truncated_events) - 1);

  stop = ct_reader_get_stop_error (reader);
  g_assert_nonnull (stop);
  g_assert_error ((GError *) stop, CT_TRACE_ERROR, CT_TRACE_ERROR_TRUNCATED);
  g_test_message ("stop error: %s", stop->message);
  g_assert_nonnull (strstr (stop->message, path));
  event_word = g_strdup_printf ("event %u ", n);
  g_assert_nonnull (strstr (stop->message, event_word));
  g_assert_cmpfloat (ct_reader_get_fraction (reader), ==, 1.0);

  g_assert_null (ct_reader_next (reader, &error));
  g_assert_no_error (error);
}

/* Cut right after the closing brace of an event: that event is whole. */
static void
test_truncated_between_events (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GArray) offsets = NULL;
  g_autofree char *text = build_trace (truncated_events, G_N_ELEMENTS (truncated_events), &offsets);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CtReader) reader = NULL;
  guint64 end_of_4 = g_array_index (offsets, guint64, 4) + strlen (truncated_events[4]);
  guint n = 0;

  path = write_file (f, "trace.json", text, end_of_4);
  reader = ct_reader_new (path, CT_READER_LENIENT, &error);
  g_assert_no_error (error);
  while (ct_reader_next (reader, &error) != NULL)
    n++;
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 5);
  g_assert_nonnull (ct_reader_get_stop_error (reader));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/reader/" name, Fixture, NULL, ct_test_dir_fixture_setup, func, ct_test_dir_fixture_teardown)

  ADD ("variants/fields", test_variants_all);
  ADD ("variants/json", test_variants_json);
  ADD ("values/fields", test_values_all);
  ADD ("values/json", test_values_json);
  ADD ("keys/any-order", test_keys_any_order);
  ADD ("drop-last-step/forms", test_drop_last_step_forms);
  ADD ("variable/legacy", test_variable_legacy);
  ADD ("deviations/big-int", test_deviation_big_int);
  ADD ("deviations/bool-as-int", test_deviation_bool_as_int);
  ADD ("deviations/float-forms", test_deviation_float_forms);
  ADD ("deviations/assignment", test_deviation_assignment);
  ADD ("deviations/unknown-variant", test_deviation_unknown_variant);
  ADD ("deviations/unknown-value-kind", test_deviation_unknown_value_kind);
  ADD ("deviations/counts", test_deviation_counts);
  ADD ("position/offsets", test_position_offsets);
  ADD ("position/progress", test_position_progress);
  ADD ("empty-and-missing", test_empty_and_missing);
  ADD ("truncated/strict", test_truncated_strict);
  ADD ("truncated/lenient", test_truncated_lenient);
  ADD ("truncated/between-events", test_truncated_between_events);

#undef ADD

  return g_test_run ();
}
