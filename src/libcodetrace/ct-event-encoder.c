/* ct-event-encoder.c
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ct-codec-private.h"

/* Writes a CtEvent through an emitter in the shape serde gives the
 * reference's types: struct fields in declaration order, internally tagged
 * enums with "kind" first, DropLastStep as a bare string. Unknown keys a
 * reader kept (`extra`) follow the known ones, so nothing is lost between
 * JSON and v1. Values that came in a deviating form (a boolean Int, a float
 * spelled as a string) go out in that same form. */

#define KEY(em, lit) (em)->klass->string ((em), (lit), sizeof (lit) - 1)

static inline void
emit_str (CtEmitter *em,
          CtStr      s)
{
  em->klass->string (em, s.str != NULL ? s.str : "", s.len);
}

static inline void
emit_int (CtEmitter *em,
          gint64     i)
{
  em->klass->int64 (em, i);
}

static inline guint
extra_count (const CtNode *extra)
{
  return extra != NULL ? extra->c.n_items : 0;
}

static void
emit_extra_entries (CtEmitter    *em,
                    const CtNode *extra)
{
  if (extra == NULL)
    return;
  for (guint i = 0; i < extra->c.n_items; i++)
    {
      _ct_node_encode (&extra->c.items[2 * i], em);
      _ct_node_encode (&extra->c.items[2 * i + 1], em);
    }
}

void
_ct_node_encode (const CtNode *node,
                 CtEmitter    *em)
{
  switch (node->type)
    {
    case CT_NODE_NULL:
      em->klass->null (em);
      break;
    case CT_NODE_BOOL:
      em->klass->boolean (em, node->b);
      break;
    case CT_NODE_INT:
      em->klass->int64 (em, node->i);
      break;
    case CT_NODE_UINT:
      em->klass->uint64 (em, node->u);
      break;
    case CT_NODE_BIGNUM:
      em->klass->bignum (em, node->s.negative, (const guint8 *) node->s.str, node->s.len);
      break;
    case CT_NODE_FLOAT:
      em->klass->float64 (em, node->f);
      break;
    case CT_NODE_STRING:
      em->klass->string (em, node->s.str, node->s.len);
      break;
    case CT_NODE_BYTES:
      em->klass->bytes (em, (const guint8 *) node->s.str, node->s.len);
      break;
    case CT_NODE_ARRAY:
      em->klass->array_begin (em, node->c.n_items);
      for (guint i = 0; i < node->c.n_items; i++)
        _ct_node_encode (&node->c.items[i], em);
      em->klass->end (em);
      break;
    case CT_NODE_MAP:
      em->klass->map_begin (em, node->c.n_items);
      for (guint i = 0; i < 2 * node->c.n_items; i++)
        _ct_node_encode (&node->c.items[i], em);
      em->klass->end (em);
      break;
    default:
      em->klass->null (em);
      break;
    }
}

static void
emit_base64 (CtEmitter    *em,
             const guint8 *data,
             gsize         len)
{
  static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  char stack_buf[128];
  gsize out_len = (len + 2) / 3 * 4;
  char *out = out_len <= sizeof stack_buf ? stack_buf : g_malloc (out_len);
  gsize o = 0, i = 0;

  for (; i + 2 < len; i += 3)
    {
      guint32 v = (guint32) data[i] << 16 | (guint32) data[i + 1] << 8 | data[i + 2];
      out[o++] = alphabet[(v >> 18) & 63];
      out[o++] = alphabet[(v >> 12) & 63];
      out[o++] = alphabet[(v >> 6) & 63];
      out[o++] = alphabet[v & 63];
    }
  if (i < len)
    {
      guint32 v = (guint32) data[i] << 16 | (i + 1 < len ? (guint32) data[i + 1] << 8 : 0);
      out[o++] = alphabet[(v >> 18) & 63];
      out[o++] = alphabet[(v >> 12) & 63];
      out[o++] = i + 1 < len ? alphabet[(v >> 6) & 63] : '=';
      out[o++] = '=';
    }

  em->klass->string (em, out, o);
  if (out != stack_buf)
    g_free (out);
}

static void
emit_value_list (CtEmitter     *em,
                 const CtValue *items,
                 guint          n)
{
  em->klass->array_begin (em, n);
  for (guint i = 0; i < n; i++)
    _ct_value_encode (&items[i], em);
  em->klass->end (em);
}

void
_ct_value_encode (const CtValue *v,
                  CtEmitter     *em)
{
  guint n_fields;
  gboolean has_ref_id = (v->flags & CT_VALUE_FLAG_HAS_REF_ID) != 0;

  if (v->kind == CT_VALUE_UNKNOWN)
    {
      _ct_node_encode (v->unknown, em);
      return;
    }

  switch (v->kind)
    {
    case CT_VALUE_INT:
    case CT_VALUE_FLOAT:
    case CT_VALUE_BOOL:
    case CT_VALUE_STRING:
    case CT_VALUE_RAW:
    case CT_VALUE_ERROR:
    case CT_VALUE_CHAR:
    case CT_VALUE_TUPLE:
    case CT_VALUE_STRUCT:
      n_fields = 3;
      break;
    case CT_VALUE_SEQUENCE:
    case CT_VALUE_VARIANT:
    case CT_VALUE_BIGINT:
      n_fields = 4;
      break;
    case CT_VALUE_REFERENCE:
      n_fields = 5;
      break;
    case CT_VALUE_NONE:
    case CT_VALUE_CELL:
    case CT_VALUE_VALUE_REF:
      n_fields = 2;
      break;
    case CT_VALUE_UNKNOWN:
    case CT_N_VALUE_KINDS:
    default:
      g_assert_not_reached ();
    }

  em->klass->map_begin (em, n_fields + (has_ref_id ? 1 : 0) + extra_count (v->extra));
  KEY (em, "kind");
  {
    const char *name = ct_value_kind_name (v->kind);
    em->klass->string (em, name, strlen (name));
  }

  switch (v->kind)
    {
    case CT_VALUE_INT:
      KEY (em, "i");
      if (v->flags & CT_VALUE_FLAG_INT_IS_BIG)
        em->klass->bignum (em, v->big.negative, v->big.magnitude, v->big.len);
      else if (v->flags & CT_VALUE_FLAG_INT_IS_BOOL)
        em->klass->boolean (em, v->i != 0);
      else
        emit_int (em, v->i);
      break;
    case CT_VALUE_FLOAT:
      KEY (em, "f");
      if (v->flt.text.str != NULL)
        emit_str (em, v->flt.text);
      else if (v->flags & CT_VALUE_FLAG_FLOAT_NULL)
        em->klass->null (em);
      else
        em->klass->float64 (em, v->flt.f);
      break;
    case CT_VALUE_BOOL:
      KEY (em, "b");
      em->klass->boolean (em, v->b);
      break;
    case CT_VALUE_STRING:
      KEY (em, "text");
      emit_str (em, v->text);
      break;
    case CT_VALUE_RAW:
      KEY (em, "r");
      emit_str (em, v->text);
      break;
    case CT_VALUE_ERROR:
      KEY (em, "msg");
      emit_str (em, v->text);
      break;
    case CT_VALUE_CHAR:
      KEY (em, "c");
      emit_str (em, v->text);
      break;
    case CT_VALUE_SEQUENCE:
      KEY (em, "elements");
      emit_value_list (em, v->seq.items, v->seq.n_items);
      KEY (em, "is_slice");
      em->klass->boolean (em, v->seq.is_slice);
      break;
    case CT_VALUE_TUPLE:
      KEY (em, "elements");
      emit_value_list (em, v->seq.items, v->seq.n_items);
      break;
    case CT_VALUE_STRUCT:
      KEY (em, "field_values");
      emit_value_list (em, v->seq.items, v->seq.n_items);
      break;
    case CT_VALUE_VARIANT:
      KEY (em, "discriminator");
      emit_str (em, v->variant.discriminator);
      KEY (em, "contents");
      _ct_value_encode (v->variant.contents, em);
      break;
    case CT_VALUE_REFERENCE:
      KEY (em, "dereferenced");
      _ct_value_encode (v->ref.dereferenced, em);
      KEY (em, "address");
      if (v->ref.address > G_MAXINT64)
        em->klass->uint64 (em, v->ref.address);
      else
        emit_int (em, (gint64) v->ref.address);
      KEY (em, "mutable");
      em->klass->boolean (em, v->ref.mutable_);
      break;
    case CT_VALUE_CELL:
      KEY (em, "place");
      emit_int (em, v->place);
      break;
    case CT_VALUE_BIGINT:
      KEY (em, "b");
      emit_base64 (em, v->big.magnitude, v->big.len);
      KEY (em, "negative");
      em->klass->boolean (em, v->big.negative);
      break;
    case CT_VALUE_VALUE_REF:
      KEY (em, "ref_id");
      em->klass->uint64 (em, v->value_ref);
      break;
    case CT_VALUE_NONE:
    case CT_VALUE_UNKNOWN:
    case CT_N_VALUE_KINDS:
    default:
      break;
    }

  if (v->kind != CT_VALUE_CELL && v->kind != CT_VALUE_VALUE_REF)
    {
      KEY (em, "type_id");
      emit_int (em, v->type_id);
    }
  if (has_ref_id)
    {
      KEY (em, "ref_id");
      em->klass->uint64 (em, v->ref_id);
    }
  emit_extra_entries (em, v->extra);
  em->klass->end (em);
}

static void
emit_full_value (CtEmitter         *em,
                 const CtFullValue *fv)
{
  em->klass->map_begin (em, 2);
  KEY (em, "variable_id");
  emit_int (em, fv->variable_id);
  KEY (em, "value");
  _ct_value_encode (fv->value, em);
  em->klass->end (em);
}

/* Opens the payload map of a record with n known fields plus the kept
 * unknown ones. */
static inline void
record_begin (CtEmitter     *em,
              const CtEvent *e,
              guint          n_fields)
{
  em->klass->map_begin (em, n_fields + extra_count (e->extra));
}

static inline void
record_end (CtEmitter     *em,
            const CtEvent *e)
{
  emit_extra_entries (em, e->extra);
  em->klass->end (em);
}

void
_ct_event_encode (const CtEvent *e,
                  CtEmitter     *em)
{
  const char *name;

  if (e->kind == CT_EVENT_DROP_LAST_STEP)
    {
      KEY (em, "DropLastStep");
      return;
    }

  if (e->kind == CT_EVENT_UNKNOWN)
    {
      if (e->unknown.payload == NULL)
        {
          emit_str (em, e->unknown.variant);
          return;
        }
      em->klass->map_begin (em, 1);
      emit_str (em, e->unknown.variant);
      _ct_node_encode (e->unknown.payload, em);
      em->klass->end (em);
      return;
    }

  em->klass->map_begin (em, 1);
  name = ct_event_kind_name (e->kind);
  em->klass->string (em, name, strlen (name));

  switch (e->kind)
    {
    case CT_EVENT_STEP:
      record_begin (em, e, 2);
      KEY (em, "path_id");
      emit_int (em, e->step.path_id);
      KEY (em, "line");
      emit_int (em, e->step.line);
      record_end (em, e);
      break;
    case CT_EVENT_PATH:
    case CT_EVENT_VARIABLE_NAME:
    case CT_EVENT_VARIABLE:
      emit_str (em, e->name);
      break;
    case CT_EVENT_TYPE:
      record_begin (em, e, 3);
      KEY (em, "kind");
      emit_int (em, e->type.kind);
      KEY (em, "lang_type");
      emit_str (em, e->type.lang_type);
      KEY (em, "specific_info");
      switch (e->type.info_kind)
        {
        case CT_TYPE_INFO_STRUCT:
          em->klass->map_begin (em, 2);
          KEY (em, "kind");
          KEY (em, "Struct");
          KEY (em, "fields");
          em->klass->array_begin (em, e->type.n_fields);
          for (guint i = 0; i < e->type.n_fields; i++)
            {
              em->klass->map_begin (em, 2);
              KEY (em, "name");
              emit_str (em, e->type.fields[i].name);
              KEY (em, "type_id");
              emit_int (em, e->type.fields[i].type_id);
              em->klass->end (em);
            }
          em->klass->end (em);
          em->klass->end (em);
          break;
        case CT_TYPE_INFO_POINTER:
          em->klass->map_begin (em, 2);
          KEY (em, "kind");
          KEY (em, "Pointer");
          KEY (em, "dereference_type_id");
          emit_int (em, e->type.dereference_type_id);
          em->klass->end (em);
          break;
        case CT_TYPE_INFO_NONE:
        default:
          em->klass->map_begin (em, 1);
          KEY (em, "kind");
          KEY (em, "None");
          em->klass->end (em);
          break;
        }
      record_end (em, e);
      break;
    case CT_EVENT_VALUE:
      record_begin (em, e, 2);
      KEY (em, "variable_id");
      emit_int (em, e->value.variable_id);
      KEY (em, "value");
      _ct_value_encode (e->value.value, em);
      record_end (em, e);
      break;
    case CT_EVENT_FUNCTION:
      record_begin (em, e, 3);
      KEY (em, "path_id");
      emit_int (em, e->function.path_id);
      KEY (em, "line");
      emit_int (em, e->function.line);
      KEY (em, "name");
      emit_str (em, e->function.name);
      record_end (em, e);
      break;
    case CT_EVENT_CALL:
      record_begin (em, e, 2);
      KEY (em, "function_id");
      emit_int (em, e->call.function_id);
      KEY (em, "args");
      em->klass->array_begin (em, e->call.n_args);
      for (guint i = 0; i < e->call.n_args; i++)
        emit_full_value (em, &e->call.args[i]);
      em->klass->end (em);
      record_end (em, e);
      break;
    case CT_EVENT_RETURN:
      record_begin (em, e, 1);
      KEY (em, "return_value");
      _ct_value_encode (e->ret.return_value, em);
      record_end (em, e);
      break;
    case CT_EVENT_EVENT:
      record_begin (em, e, 3);
      KEY (em, "kind");
      emit_int (em, e->io.kind);
      KEY (em, "metadata");
      emit_str (em, e->io.metadata);
      KEY (em, "content");
      emit_str (em, e->io.content);
      record_end (em, e);
      break;
    case CT_EVENT_ASM:
      em->klass->array_begin (em, e->asm_.n_lines);
      for (guint i = 0; i < e->asm_.n_lines; i++)
        emit_str (em, e->asm_.lines[i]);
      em->klass->end (em);
      break;
    case CT_EVENT_BIND_VARIABLE:
    case CT_EVENT_VARIABLE_CELL:
      record_begin (em, e, 2);
      KEY (em, "variable_id");
      emit_int (em, e->bind.variable_id);
      KEY (em, "place");
      emit_int (em, e->bind.place);
      record_end (em, e);
      break;
    case CT_EVENT_ASSIGNMENT:
      record_begin (em, e, 3);
      KEY (em, "to");
      emit_int (em, e->assignment.to);
      KEY (em, "pass_by");
      if (e->assignment.by_reference)
        KEY (em, "Reference");
      else
        KEY (em, "Value");
      KEY (em, "from");
      _ct_node_encode (e->assignment.from, em);
      record_end (em, e);
      break;
    case CT_EVENT_DROP_VARIABLES:
      em->klass->array_begin (em, e->drop_variables.n_ids);
      for (guint i = 0; i < e->drop_variables.n_ids; i++)
        emit_int (em, e->drop_variables.ids[i]);
      em->klass->end (em);
      break;
    case CT_EVENT_COMPOUND_VALUE:
    case CT_EVENT_CELL_VALUE:
    case CT_EVENT_ASSIGN_CELL:
      record_begin (em, e, 2);
      KEY (em, "place");
      emit_int (em, e->place_value.place);
      if (e->kind == CT_EVENT_ASSIGN_CELL)
        KEY (em, "new_value");
      else
        KEY (em, "value");
      _ct_value_encode (e->place_value.value, em);
      record_end (em, e);
      break;
    case CT_EVENT_ASSIGN_COMPOUND_ITEM:
      record_begin (em, e, 3);
      KEY (em, "place");
      emit_int (em, e->assign_item.place);
      KEY (em, "index");
      emit_int (em, e->assign_item.index);
      KEY (em, "item_place");
      emit_int (em, e->assign_item.item_place);
      record_end (em, e);
      break;
    case CT_EVENT_DROP_VARIABLE:
      emit_int (em, e->variable_id);
      break;
    case CT_EVENT_THREAD_START:
    case CT_EVENT_THREAD_EXIT:
    case CT_EVENT_THREAD_SWITCH:
      if (e->thread_id > G_MAXINT64)
        em->klass->uint64 (em, e->thread_id);
      else
        emit_int (em, (gint64) e->thread_id);
      break;
    case CT_EVENT_DROP_LAST_STEP:
    case CT_EVENT_UNKNOWN:
    case CT_N_EVENT_KINDS:
    default:
      g_assert_not_reached ();
    }

  em->klass->end (em);
}

void
ct_event_append_json (const CtEvent *event,
                      GByteArray    *out)
{
  /* One emitter per thread, reused: dump calls this ten million times. */
  static GPrivate emitter_key = G_PRIVATE_INIT ((GDestroyNotify) _ct_emitter_free);
  CtEmitter *em = g_private_get (&emitter_key);

  if (em == NULL)
    {
      em = _ct_json_emitter_new (out);
      g_private_set (&emitter_key, em);
    }
  em->out = out;
  _ct_event_encode (event, em);
  em->out = NULL;
}
