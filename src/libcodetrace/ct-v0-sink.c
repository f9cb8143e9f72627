/* ct-v0-sink.c
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "ct-capnp-private.h"
#include "ct-error.h"

/* Writes trace.bin v0: ONE packed Cap'n Proto message holding every event
 * (FORMAT.md section 5), in bounded memory.
 *
 * The events list must be a single composite list whose size is only known
 * at the end, and a message is written segment by segment, so the events
 * cannot simply stream out. Instead:
 *
 *   segment 0     root pointer, Trace struct, the events list's tag, then one
 *                 2-word element per event (the union tag, and a far pointer
 *                 to the event's payload)
 *   segments 1..  each event's payload, behind a landing pad; a new segment
 *                 starts before one would pass the far-pointer reach (2^29
 *                 words)
 *
 * The elements and the payloads are packed as they come into two scratch
 * files: packed pieces of whole words concatenate into a valid packed
 * stream, so finish() only packs the segment table and the head of segment
 * 0 (which depend on the counts), then copies the two files after them.
 * Memory holds one event's words and the list of segment sizes (one per
 * 4 GiB of payload); the scratch files are about as large as the output,
 * and are unlinked as soon as they are created, so nothing is left behind. */

/* The composite list's word count is 29 bits and each element is 2 words. */
#define MAX_EVENTS          (CT_CAPNP_MAX_LIST_COUNT / 2)
#define MAX_SEGMENT_WORDS   ((guint32) CT_CAPNP_MAX_FAR_OFFSET)
#define COPY_CHUNK          (1024 * 1024)
#define KEEP_BUFFER_WORDS   (1024 * 1024)

typedef struct _CtV0Sink CtV0Sink;

/* A packed scratch file */
typedef struct
{
  CtV0Sink      *sink;
  int            fd;
  CtCapnpPacker *packer;
} Scratch;

struct _CtV0Sink
{
  CtWriterBackend  parent;

  GOutputStream   *out;
  char            *tmp_dir;
  Scratch          elements; /* segment 0's event elements */
  Scratch          content;  /* the content segments, back to back */
  gboolean         broken;   /* a scratch file failed: refuse further writes */

  guint64          n_events;
  GArray          *seg_words; /* guint32, the closed content segments */
  guint32          cur_words; /* words in the open content segment */
  guint32          seg_limit;

  /* the event being built: its landing pad is word 0 */
  guint8          *buf;
  gsize            n_words;
  gsize            cap_words;
};

/* ---- building one event ---- */

static gsize
b_alloc (CtV0Sink *self,
         gsize     words)
{
  gsize at = self->n_words;

  if (self->n_words + words > self->cap_words)
    {
      gsize cap = MAX (self->cap_words * 2, self->n_words + words);

      cap = MAX (cap, 256);
      self->buf = g_realloc (self->buf, cap * CT_CAPNP_WORD);
      self->cap_words = cap;
    }
  memset (self->buf + at * CT_CAPNP_WORD, 0, words * CT_CAPNP_WORD);
  self->n_words += words;
  return at;
}

static inline void
b_word (CtV0Sink *self,
        gsize     idx,
        guint64   value)
{
  _ct_capnp_write_word (self->buf + idx * CT_CAPNP_WORD, value);
}

static inline void
b_u16 (CtV0Sink *self,
       gsize     word,
       guint     byte,
       guint16   value)
{
  guint8 *p = self->buf + word * CT_CAPNP_WORD + byte;

  p[0] = value & 0xff;
  p[1] = value >> 8;
}

static inline void
b_bit0 (CtV0Sink *self,
        gsize     word,
        gboolean  value)
{
  guint8 *p = self->buf + word * CT_CAPNP_WORD;

  p[0] = (p[0] & ~1) | (value ? 1 : 0);
}

/* A new struct for the pointer at word ptr; returns its first word. Every
 * pointer of an event points forward, so offsets are never negative. */
static gsize
b_struct (CtV0Sink *self,
          gsize     ptr,
          guint16   data_words,
          guint16   n_ptrs)
{
  gsize s = b_alloc (self, data_words + n_ptrs);

  b_word (self, ptr, _ct_capnp_make_struct_pointer (s - ptr - 1, data_words, n_ptrs));
  return s;
}

/* A composite list of `count` structs; returns the first element's word. */
static gsize
b_struct_list (CtV0Sink *self,
               gsize     ptr,
               guint32   count,
               guint16   data_words,
               guint16   n_ptrs)
{
  gsize per = data_words + n_ptrs;
  gsize tag = b_alloc (self, 1 + count * per);

  b_word (self, ptr, _ct_capnp_make_list_pointer (tag - ptr - 1, CT_CAPNP_ELEM_COMPOSITE,
                                                  count * per));
  b_word (self, tag, _ct_capnp_make_struct_pointer ((gint32) count, data_words, n_ptrs));
  return tag + 1;
}

static void
b_id (CtV0Sink *self,
      gsize     ptr,
      guint64   value)
{
  gsize s = b_struct (self, ptr, CT_CAPNP_ID_DATA_WORDS, CT_CAPNP_ID_PTRS);

  b_word (self, s, value);
}

static void
b_bytes (CtV0Sink     *self,
         gsize         ptr,
         const guint8 *data,
         gsize         len,
         gboolean      nul)
{
  gsize count = len + (nul ? 1 : 0);
  gsize at = b_alloc (self, (count + 7) / 8);

  b_word (self, ptr, _ct_capnp_make_list_pointer (at - ptr - 1, CT_CAPNP_ELEM_BYTE, count));
  if (len > 0)
    memcpy (self->buf + at * CT_CAPNP_WORD, data, len);
}

static gboolean
check_count (gsize        count,
             const char  *what,
             GError     **error)
{
  if (count > CT_CAPNP_MAX_LIST_COUNT)
    {
      g_set_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_LIMIT,
                   "%s of %" G_GSIZE_FORMAT " elements exceeds Cap'n Proto's list limit "
                   "of %u", what, count, CT_CAPNP_MAX_LIST_COUNT);
      return FALSE;
    }
  return TRUE;
}

/* Cap'n Proto Text: the bytes and a NUL (CtStr has none). */
static gboolean
b_text (CtV0Sink     *self,
        gsize         ptr,
        CtStr         s,
        GError      **error)
{
  if (!check_count (s.len + 1, "Text", error))
    return FALSE;
  b_bytes (self, ptr, (const guint8 *) s.str, s.len, TRUE);
  return TRUE;
}

static gboolean
unsupported (GError     **error,
             const char  *format,
             ...) G_GNUC_PRINTF (2, 3);

static gboolean
unsupported (GError     **error,
             const char  *format,
             ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_UNSUPPORTED,
               "%s cannot be written in trace.bin v0", what);
  return FALSE;
}

/* ---- values ---- */

static gboolean write_value_at (CtV0Sink       *self,
                                gsize           s,
                                const CtValue  *v,
                                guint           depth,
                                guint          *changes,
                                GError        **error);

static gboolean
write_value_ptr (CtV0Sink       *self,
                 gsize           ptr,
                 const CtValue  *v,
                 guint           depth,
                 guint          *changes,
                 GError        **error)
{
  gsize s;

  /* a null pointer reads back as the default value (Int 0) */
  if (v == NULL)
    return TRUE;
  s = b_struct (self, ptr, CT_CAPNP_VALUE_DATA_WORDS, CT_CAPNP_VALUE_PTRS);
  return write_value_at (self, s, v, depth, changes, error);
}

static gboolean
write_value_list (CtV0Sink       *self,
                  gsize           ptr,
                  const CtValue  *items,
                  guint           n_items,
                  guint           depth,
                  guint          *changes,
                  GError        **error)
{
  gsize per = CT_CAPNP_VALUE_DATA_WORDS + CT_CAPNP_VALUE_PTRS;
  gsize first;

  if (!check_count ((gsize) n_items * per, "Value list", error))
    return FALSE;
  first = b_struct_list (self, ptr, n_items, CT_CAPNP_VALUE_DATA_WORDS, CT_CAPNP_VALUE_PTRS);
  for (guint i = 0; i < n_items; i++)
    {
      if (!write_value_at (self, first + i * per, &items[i], depth + 2, changes, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_bigint (CtV0Sink       *self,
              gsize           s,
              const CtValue  *v,
              GError        **error)
{
  gsize ptrs = s + CT_CAPNP_VALUE_DATA_WORDS;

  if (!check_count (v->big.len, "BigInt magnitude", error))
    return FALSE;
  b_u16 (self, s + 1, 0, CT_CAPNP_VALUE_BIGINT);
  b_bit0 (self, s, v->big.negative);
  b_bytes (self, ptrs, v->big.magnitude, v->big.len, FALSE);
  b_id (self, ptrs + 1, v->type_id);
  return TRUE;
}

/* Fills the Value struct at word s. The words of the struct: data 0 holds
 * the scalar, data 1 the tag, data 2 Reference.address; then 3 pointers
 * (see ct-capnp-private.h). */
static gboolean
write_value_at (CtV0Sink       *self,
                gsize           s,
                const CtValue  *v,
                guint           depth,
                guint          *changes,
                GError        **error)
{
  gsize tag_word = s + CT_CAPNP_VALUE_TAG_BYTE / CT_CAPNP_WORD;
  gsize ptrs = s + CT_CAPNP_VALUE_DATA_WORDS;
  guint64 bits;

  if (depth > CT_MAX_NESTING)
    {
      g_set_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_LIMIT,
                   "Values nested deeper than %d levels", CT_MAX_NESTING);
      return FALSE;
    }

  if (v->flags & CT_VALUE_FLAG_HAS_REF_ID)
    *changes |= CT_DEVIATION_NEWER_VALUE_KIND;
  if (v->extra != NULL)
    *changes |= CT_DEVIATION_EXTRA_FIELDS;

  switch (v->kind)
    {
    case CT_VALUE_INT:
      if (v->flags & CT_VALUE_FLAG_INT_IS_BIG)
        {
          /* v0 has no wide Int, but has BigInt with the same meaning */
          *changes |= CT_DEVIATION_BIG_INT;
          return write_bigint (self, s, v, error);
        }
      if (v->flags & CT_VALUE_FLAG_INT_IS_BOOL)
        *changes |= CT_DEVIATION_BOOL_AS_INT;
      b_u16 (self, tag_word, 0, CT_CAPNP_VALUE_INT);
      b_word (self, s, (guint64) v->i);
      b_id (self, ptrs, v->type_id);
      return TRUE;

    case CT_VALUE_FLOAT:
      if (v->flt.text.str != NULL)
        *changes |= CT_DEVIATION_FLOAT_AS_STRING;
      if (v->flags & CT_VALUE_FLAG_FLOAT_NULL)
        *changes |= CT_DEVIATION_FLOAT_NULL;
      b_u16 (self, tag_word, 0, CT_CAPNP_VALUE_FLOAT);
      memcpy (&bits, &v->flt.f, sizeof bits);
      b_word (self, s, bits);
      b_id (self, ptrs, v->type_id);
      return TRUE;

    case CT_VALUE_BOOL:
      b_u16 (self, tag_word, 0, CT_CAPNP_VALUE_BOOL);
      b_bit0 (self, s, v->b);
      b_id (self, ptrs, v->type_id);
      return TRUE;

    case CT_VALUE_STRING:
    case CT_VALUE_RAW:
    case CT_VALUE_ERROR:
      b_u16 (self, tag_word, 0, v->kind == CT_VALUE_STRING ? CT_CAPNP_VALUE_STRING :
                                v->kind == CT_VALUE_RAW ? CT_CAPNP_VALUE_RAW :
                                CT_CAPNP_VALUE_ERROR);
      if (!b_text (self, ptrs, v->text, error))
        return FALSE;
      b_id (self, ptrs + 1, v->type_id);
      return TRUE;

    case CT_VALUE_SEQUENCE:
    case CT_VALUE_TUPLE:
    case CT_VALUE_STRUCT:
      b_u16 (self, tag_word, 0, v->kind == CT_VALUE_SEQUENCE ? CT_CAPNP_VALUE_SEQUENCE :
                                v->kind == CT_VALUE_TUPLE ? CT_CAPNP_VALUE_TUPLE :
                                CT_CAPNP_VALUE_STRUCT);
      if (v->kind == CT_VALUE_SEQUENCE)
        b_bit0 (self, s, v->seq.is_slice);
      if (!write_value_list (self, ptrs, v->seq.items, v->seq.n_items, depth, changes, error))
        return FALSE;
      b_id (self, ptrs + 1, v->type_id);
      return TRUE;

    case CT_VALUE_VARIANT:
      b_u16 (self, tag_word, 0, CT_CAPNP_VALUE_VARIANT);
      if (!b_text (self, ptrs, v->variant.discriminator, error) ||
          !write_value_ptr (self, ptrs + 1, v->variant.contents, depth + 1, changes, error))
        return FALSE;
      b_id (self, ptrs + 2, v->type_id);
      return TRUE;

    case CT_VALUE_REFERENCE:
      b_u16 (self, tag_word, 0, CT_CAPNP_VALUE_REFERENCE);
      b_bit0 (self, s, v->ref.mutable_);
      b_word (self, s + CT_CAPNP_VALUE_ADDRESS_BYTE / CT_CAPNP_WORD, v->ref.address);
      if (!write_value_ptr (self, ptrs, v->ref.dereferenced, depth + 1, changes, error))
        return FALSE;
      b_id (self, ptrs + 1, v->type_id);
      return TRUE;

    case CT_VALUE_NONE:
      b_u16 (self, tag_word, 0, CT_CAPNP_VALUE_NONE);
      b_id (self, ptrs, v->type_id);
      return TRUE;

    case CT_VALUE_CELL:
      b_u16 (self, tag_word, 0, CT_CAPNP_VALUE_CELL);
      b_id (self, ptrs, v->place);
      return TRUE;

    case CT_VALUE_BIGINT:
      return write_bigint (self, s, v, error);

    case CT_VALUE_CHAR:
      return unsupported (error, "A Char value");

    case CT_VALUE_VALUE_REF:
      return unsupported (error, "A ValueRef value");

    case CT_VALUE_UNKNOWN:
    case CT_N_VALUE_KINDS:
    default:
      return unsupported (error, "A value of unknown kind");
    }
}

/* ---- events ---- */

static gboolean
node_to_id (const CtNode *node,
            gint64       *out)
{
  if (node->type == CT_NODE_INT)
    {
      *out = node->i;
      return TRUE;
    }
  if (node->type == CT_NODE_UINT && node->u <= G_MAXINT64)
    {
      *out = (gint64) node->u;
      return TRUE;
    }
  return FALSE;
}

static gboolean
node_is_string (const CtNode *node,
                const char   *str)
{
  return node != NULL && node->type == CT_NODE_STRING &&
         node->s.len == strlen (str) && memcmp (node->s.str, str, node->s.len) == 0;
}

/* Assignment.from, as {"kind":"Simple","0":id} or {"kind":"Compound",
 * "0":[ids]}. The Ruby recorder's {"kind":"Compound","data":[ids]} carries
 * the same thing under another key: written, and reported as a change. */
static gboolean
write_rvalue (CtV0Sink      *self,
              gsize          ptr,
              const CtNode  *from,
              guint         *changes,
              GError       **error)
{
  const CtNode *kind = ct_node_map_lookup (from, "kind");
  const CtNode *payload = ct_node_map_lookup (from, "0");
  guint expected_entries = 2;
  gboolean simple;
  gsize r;

  if (from == NULL || from->type != CT_NODE_MAP ||
      !(node_is_string (kind, "Simple") || node_is_string (kind, "Compound")))
    {
      if (kind != NULL && kind->type == CT_NODE_STRING)
        return unsupported (error, "An Assignment whose RValue is of kind \"%.*s\"",
                            (int) MIN (kind->s.len, 64), kind->s.str);
      return unsupported (error, "An Assignment whose RValue is neither Simple nor Compound");
    }
  simple = node_is_string (kind, "Simple");
  if (payload == NULL && (payload = ct_node_map_lookup (from, "data")) != NULL)
    *changes |= CT_DEVIATION_ASSIGNMENT_SHAPE;
  if (payload == NULL)
    expected_entries = 1;
  if (from->c.n_items != expected_entries)
    *changes |= CT_DEVIATION_ASSIGNMENT_SHAPE;

  r = b_struct (self, ptr, CT_CAPNP_RVALUE_DATA_WORDS, CT_CAPNP_RVALUE_PTRS);
  if (simple)
    {
      gint64 id;

      if (payload == NULL || !node_to_id (payload, &id))
        return unsupported (error, "An Assignment whose Simple RValue is not a variable id");
      b_u16 (self, r, 0, CT_CAPNP_RVALUE_SIMPLE);
      b_id (self, r + CT_CAPNP_RVALUE_DATA_WORDS, id);
    }
  else
    {
      gsize first;

      if (payload == NULL || payload->type != CT_NODE_ARRAY)
        return unsupported (error, "An Assignment whose Compound RValue is not a list of "
                            "variable ids");
      if (!check_count (payload->c.n_items, "Compound RValue", error))
        return FALSE;
      b_u16 (self, r, 0, CT_CAPNP_RVALUE_COMPOUND);
      first = b_struct_list (self, r + CT_CAPNP_RVALUE_DATA_WORDS, payload->c.n_items,
                             CT_CAPNP_ID_DATA_WORDS, CT_CAPNP_ID_PTRS);
      for (guint i = 0; i < payload->c.n_items; i++)
        {
          gint64 id;

          if (!node_to_id (&payload->c.items[i], &id))
            return unsupported (error, "An Assignment whose Compound RValue is not a list "
                                "of variable ids");
          b_word (self, first + i, (guint64) id);
        }
    }

  return TRUE;
}

static gboolean
write_type (CtV0Sink       *self,
            const CtEvent  *event,
            GError        **error)
{
  gsize s;
  gsize info;

  if (event->type.kind > G_MAXUINT16)
    return unsupported (error, "TypeKind %u", event->type.kind);

  s = b_struct (self, 0, CT_CAPNP_TYPE_DATA_WORDS, CT_CAPNP_TYPE_PTRS);
  b_u16 (self, s, 0, event->type.kind);
  if (!b_text (self, s + 1, event->type.lang_type, error))
    return FALSE;
  info = b_struct (self, s + 2, CT_CAPNP_TYPE_INFO_DATA_WORDS, CT_CAPNP_TYPE_INFO_PTRS);

  switch (event->type.info_kind)
    {
    case CT_TYPE_INFO_NONE:
      b_u16 (self, info, 0, CT_CAPNP_TYPE_INFO_NONE);
      return TRUE;

    case CT_TYPE_INFO_STRUCT:
      {
        gsize per = CT_CAPNP_FIELD_DATA_WORDS + CT_CAPNP_FIELD_PTRS;
        gsize first;

        if (!check_count ((gsize) event->type.n_fields * per, "Struct type fields", error))
          return FALSE;
        b_u16 (self, info, 0, CT_CAPNP_TYPE_INFO_STRUCT);
        first = b_struct_list (self, info + 1, event->type.n_fields,
                               CT_CAPNP_FIELD_DATA_WORDS, CT_CAPNP_FIELD_PTRS);
        for (guint i = 0; i < event->type.n_fields; i++)
          {
            if (!b_text (self, first + i * per, event->type.fields[i].name, error))
              return FALSE;
            b_id (self, first + i * per + 1, event->type.fields[i].type_id);
          }
        return TRUE;
      }

    case CT_TYPE_INFO_POINTER:
      b_u16 (self, info, 0, CT_CAPNP_TYPE_INFO_POINTER);
      b_id (self, info + 1, event->type.dereference_type_id);
      return TRUE;

    default:
      return unsupported (error, "A type's specific_info of kind %u", event->type.info_kind);
    }
}

/* Builds the event's payload behind a landing pad at word 0. Sets *tag;
 * leaves n_words at 0 when the variant has no payload (dropLastStep). */
static gboolean
build_event (CtV0Sink       *self,
             const CtEvent  *event,
             guint16        *tag,
             guint          *changes,
             GError        **error)
{
  gsize s;

  if (event->kind != CT_EVENT_DROP_LAST_STEP && event->kind != CT_EVENT_UNKNOWN)
    b_alloc (self, 1);

  if (event->extra != NULL)
    *changes |= CT_DEVIATION_EXTRA_FIELDS;

  switch (event->kind)
    {
    case CT_EVENT_STEP:
      *tag = CT_CAPNP_EVENT_STEP;
      s = b_struct (self, 0, CT_CAPNP_STEP_DATA_WORDS, CT_CAPNP_STEP_PTRS);
      b_id (self, s, event->step.path_id);
      b_id (self, s + 1, event->step.line);
      return TRUE;

    case CT_EVENT_PATH:
      *tag = CT_CAPNP_EVENT_PATH;
      s = b_struct (self, 0, 0, 1);
      return b_text (self, s, event->name, error);

    case CT_EVENT_VARIABLE_NAME:
      *tag = CT_CAPNP_EVENT_VARIABLE_NAME;
      return b_text (self, 0, event->name, error);

    case CT_EVENT_VARIABLE:
      /* v0 has the legacy variant too: keep it */
      *tag = CT_CAPNP_EVENT_VARIABLE;
      return b_text (self, 0, event->name, error);

    case CT_EVENT_TYPE:
      *tag = CT_CAPNP_EVENT_TYPE;
      return write_type (self, event, error);

    case CT_EVENT_VALUE:
      *tag = CT_CAPNP_EVENT_VALUE;
      s = b_struct (self, 0, CT_CAPNP_FULL_VALUE_DATA_WORDS, CT_CAPNP_FULL_VALUE_PTRS);
      b_id (self, s, event->value.variable_id);
      return write_value_ptr (self, s + 1, event->value.value, 3, changes, error);

    case CT_EVENT_FUNCTION:
      *tag = CT_CAPNP_EVENT_FUNCTION;
      s = b_struct (self, 0, CT_CAPNP_FUNCTION_DATA_WORDS, CT_CAPNP_FUNCTION_PTRS);
      b_id (self, s, event->function.path_id);
      b_id (self, s + 1, event->function.line);
      return b_text (self, s + 2, event->function.name, error);

    case CT_EVENT_CALL:
      {
        gsize per = CT_CAPNP_FULL_VALUE_DATA_WORDS + CT_CAPNP_FULL_VALUE_PTRS;
        gsize first;

        *tag = CT_CAPNP_EVENT_CALL;
        if (!check_count ((gsize) event->call.n_args * per, "Call arguments", error))
          return FALSE;
        s = b_struct (self, 0, CT_CAPNP_CALL_DATA_WORDS, CT_CAPNP_CALL_PTRS);
        b_id (self, s, event->call.function_id);
        first = b_struct_list (self, s + 1, event->call.n_args,
                               CT_CAPNP_FULL_VALUE_DATA_WORDS, CT_CAPNP_FULL_VALUE_PTRS);
        for (guint i = 0; i < event->call.n_args; i++)
          {
            b_id (self, first + i * per, event->call.args[i].variable_id);
            if (!write_value_ptr (self, first + i * per + 1, event->call.args[i].value, 5,
                                  changes, error))
              return FALSE;
          }
        return TRUE;
      }

    case CT_EVENT_RETURN:
      *tag = CT_CAPNP_EVENT_RETURN;
      s = b_struct (self, 0, CT_CAPNP_RETURN_DATA_WORDS, CT_CAPNP_RETURN_PTRS);
      return write_value_ptr (self, s, event->ret.return_value, 3, changes, error);

    case CT_EVENT_EVENT:
      *tag = CT_CAPNP_EVENT_EVENT;
      if (event->io.kind > G_MAXUINT16)
        return unsupported (error, "EventLogKind %u", event->io.kind);
      s = b_struct (self, 0, CT_CAPNP_IO_DATA_WORDS, CT_CAPNP_IO_PTRS);
      b_u16 (self, s, 0, _ct_capnp_event_log_kind_to_ordinal (event->io.kind));
      return b_text (self, s + 1 + CT_CAPNP_IO_PTR_CONTENT, event->io.content, error) &&
             b_text (self, s + 1 + CT_CAPNP_IO_PTR_METADATA, event->io.metadata, error);

    case CT_EVENT_ASM:
      {
        gsize first;

        *tag = CT_CAPNP_EVENT_ASM;
        if (!check_count (event->asm_.n_lines, "Asm", error))
          return FALSE;
        first = b_alloc (self, event->asm_.n_lines);
        b_word (self, 0, _ct_capnp_make_list_pointer (first - 1, CT_CAPNP_ELEM_POINTER,
                                                      event->asm_.n_lines));
        for (guint i = 0; i < event->asm_.n_lines; i++)
          {
            if (!b_text (self, first + i, event->asm_.lines[i], error))
              return FALSE;
          }
        return TRUE;
      }

    case CT_EVENT_BIND_VARIABLE:
    case CT_EVENT_VARIABLE_CELL:
      *tag = event->kind == CT_EVENT_BIND_VARIABLE ? CT_CAPNP_EVENT_BIND_VARIABLE
                                                   : CT_CAPNP_EVENT_VARIABLE_CELL;
      s = b_struct (self, 0, CT_CAPNP_VAR_PLACE_DATA_WORDS, CT_CAPNP_VAR_PLACE_PTRS);
      b_id (self, s, event->bind.variable_id);
      b_id (self, s + 1, event->bind.place);
      return TRUE;

    case CT_EVENT_ASSIGNMENT:
      *tag = CT_CAPNP_EVENT_ASSIGNMENT;
      s = b_struct (self, 0, CT_CAPNP_ASSIGNMENT_DATA_WORDS, CT_CAPNP_ASSIGNMENT_PTRS);
      b_u16 (self, s, 0, event->assignment.by_reference ? 1 : 0);
      b_id (self, s + 1, event->assignment.to);
      return write_rvalue (self, s + 2, event->assignment.from, changes, error);

    case CT_EVENT_DROP_VARIABLES:
      {
        gsize first;

        *tag = CT_CAPNP_EVENT_DROP_VARIABLES;
        if (!check_count (event->drop_variables.n_ids, "DropVariables", error))
          return FALSE;
        first = b_struct_list (self, 0, event->drop_variables.n_ids,
                               CT_CAPNP_ID_DATA_WORDS, CT_CAPNP_ID_PTRS);
        for (guint i = 0; i < event->drop_variables.n_ids; i++)
          b_word (self, first + i, (guint64) event->drop_variables.ids[i]);
        return TRUE;
      }

    case CT_EVENT_COMPOUND_VALUE:
    case CT_EVENT_CELL_VALUE:
    case CT_EVENT_ASSIGN_CELL:
      *tag = event->kind == CT_EVENT_COMPOUND_VALUE ? CT_CAPNP_EVENT_COMPOUND_VALUE :
             event->kind == CT_EVENT_CELL_VALUE ? CT_CAPNP_EVENT_CELL_VALUE :
             CT_CAPNP_EVENT_ASSIGN_CELL;
      s = b_struct (self, 0, CT_CAPNP_VALUE_PLACE_DATA_WORDS, CT_CAPNP_VALUE_PLACE_PTRS);
      b_id (self, s, event->place_value.place);
      return write_value_ptr (self, s + 1, event->place_value.value, 3, changes, error);

    case CT_EVENT_ASSIGN_COMPOUND_ITEM:
      *tag = CT_CAPNP_EVENT_ASSIGN_COMPOUND_ITEM;
      s = b_struct (self, 0, CT_CAPNP_ASSIGN_ITEM_DATA_WORDS, CT_CAPNP_ASSIGN_ITEM_PTRS);
      b_word (self, s, (guint64) event->assign_item.index);
      b_id (self, s + 1, event->assign_item.place);
      b_id (self, s + 2, event->assign_item.item_place);
      return TRUE;

    case CT_EVENT_DROP_VARIABLE:
      *tag = CT_CAPNP_EVENT_DROP_VARIABLE;
      b_id (self, 0, event->variable_id);
      return TRUE;

    case CT_EVENT_THREAD_START:
    case CT_EVENT_THREAD_EXIT:
    case CT_EVENT_THREAD_SWITCH:
      *tag = event->kind == CT_EVENT_THREAD_START ? CT_CAPNP_EVENT_THREAD_START :
             event->kind == CT_EVENT_THREAD_EXIT ? CT_CAPNP_EVENT_THREAD_EXIT :
             CT_CAPNP_EVENT_THREAD_SWITCH;
      b_id (self, 0, event->thread_id);
      return TRUE;

    case CT_EVENT_DROP_LAST_STEP:
      *tag = CT_CAPNP_EVENT_DROP_LAST_STEP;
      return TRUE;

    case CT_EVENT_UNKNOWN:
      return unsupported (error, "The event variant \"%.*s\"",
                          (int) MIN (event->unknown.variant.len, 64),
                          event->unknown.variant.str != NULL ? event->unknown.variant.str : "");

    case CT_N_EVENT_KINDS:
    default:
      return unsupported (error, "An event of unknown kind %d", event->kind);
    }
}

/* ---- scratch files ---- */

static gboolean
scratch_error (CtV0Sink    *self,
               int          saved_errno,
               const char  *doing,
               GError     **error)
{
  self->broken = TRUE;
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               "Cannot %s the trace.bin v0 scratch file in %s: %s",
               doing, self->tmp_dir, g_strerror (saved_errno));
  return FALSE;
}

/* CtCapnpWriteFunc */
static gboolean
scratch_write (gpointer       user_data,
               const guint8  *data,
               gsize          len,
               GError       **error)
{
  Scratch *scratch = user_data;

  while (len > 0)
    {
      gssize n = write (scratch->fd, data, len);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          return scratch_error (scratch->sink, errno, "write", error);
        }
      data += n;
      len -= n;
    }
  return TRUE;
}

static gboolean
scratch_open (CtV0Sink  *self,
              Scratch   *scratch,
              GError   **error)
{
  g_autofree char *path = g_build_filename (self->tmp_dir, "codetrace-v0-XXXXXX", NULL);

  scratch->sink = self;
  scratch->fd = g_mkstemp (path);
  if (scratch->fd < 0)
    return scratch_error (self, errno, "create", error);
  /* unlinked at once: freed with the sink, and never left behind */
  g_unlink (path);
  scratch->packer = _ct_capnp_packer_new (scratch_write, scratch);
  return TRUE;
}

static void
scratch_close (Scratch *scratch)
{
  g_clear_pointer (&scratch->packer, _ct_capnp_packer_free);
  if (scratch->fd >= 0)
    close (scratch->fd);
  scratch->fd = -1;
}

/* Flushes the scratch file's packer and copies the whole file to out. */
static gboolean
scratch_copy (CtV0Sink  *self,
              Scratch   *scratch,
              guint8    *chunk,
              GError   **error)
{
  guint64 expected;
  guint64 done = 0;

  if (!_ct_capnp_packer_flush (scratch->packer, error))
    return FALSE;
  expected = _ct_capnp_packer_get_bytes_written (scratch->packer);
  if (lseek (scratch->fd, 0, SEEK_SET) != 0)
    return scratch_error (self, errno, "rewind", error);

  while (done < expected)
    {
      gssize got = read (scratch->fd, chunk, MIN (COPY_CHUNK, expected - done));

      if (got < 0)
        {
          if (errno == EINTR)
            continue;
          return scratch_error (self, errno, "read", error);
        }
      if (got == 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "The trace.bin v0 scratch file in %s is shorter than written",
                       self->tmp_dir);
          return FALSE;
        }
      if (!g_output_stream_write_all (self->out, chunk, got, NULL, NULL, error))
        return FALSE;
      done += got;
    }

  return TRUE;
}

/* ---- the backend ---- */

static gboolean
ct_v0_sink_write (CtWriterBackend  *backend,
                  const CtEvent    *event,
                  guint            *changes,
                  GError          **error)
{
  CtV0Sink *self = (CtV0Sink *) backend;
  guint8 element[2 * CT_CAPNP_WORD];
  guint16 tag = 0;
  guint found = 0;
  guint64 far = 0;

  *changes = 0;

  if (self->broken)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "The trace.bin v0 writer failed earlier");
      return FALSE;
    }
  if (self->n_events >= MAX_EVENTS)
    {
      g_set_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_LIMIT,
                   "trace.bin v0 holds at most %u events (Cap'n Proto list limit)",
                   MAX_EVENTS);
      return FALSE;
    }

  self->n_words = 0;
  if (!build_event (self, event, &tag, &found, error))
    return FALSE;

  if (self->n_words > 0)
    {
      if (self->n_words > MAX_SEGMENT_WORDS)
        {
          g_set_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_LIMIT,
                       "An event of %" G_GSIZE_FORMAT " bytes is larger than a trace.bin "
                       "v0 segment can hold", self->n_words * CT_CAPNP_WORD);
          return FALSE;
        }
      /* the event stays within one segment: its own pointers are near */
      if (self->cur_words > 0 && (guint64) self->cur_words + self->n_words > self->seg_limit)
        {
          g_array_append_val (self->seg_words, self->cur_words);
          self->cur_words = 0;
        }
      far = _ct_capnp_make_far_pointer (self->seg_words->len + 1, self->cur_words);
      if (!_ct_capnp_packer_write (self->content.packer, self->buf,
                                   self->n_words * CT_CAPNP_WORD, error))
        return FALSE;
      self->cur_words += self->n_words;
    }

  _ct_capnp_write_word (element, tag);
  _ct_capnp_write_word (element + CT_CAPNP_WORD, far);
  if (!_ct_capnp_packer_write (self->elements.packer, element, sizeof element, error))
    return FALSE;
  self->n_events++;

  /* one huge event should not pin its buffer for the rest of the trace */
  if (self->cap_words > KEEP_BUFFER_WORDS)
    {
      g_clear_pointer (&self->buf, g_free);
      self->cap_words = 0;
    }

  *changes = found;
  return TRUE;
}

static gboolean
ct_v0_sink_finish (CtWriterBackend  *backend,
                   GError          **error)
{
  CtV0Sink *self = (CtV0Sink *) backend;
  g_autoptr(GByteArray) head = g_byte_array_new ();
  g_autofree guint8 *chunk = NULL;
  CtCapnpPacker *packer;
  guint32 n_segments;
  guint8 word[CT_CAPNP_WORD];
  gboolean ok;

  if (self->broken)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "The trace.bin v0 writer failed earlier");
      return FALSE;
    }

  if (self->cur_words > 0)
    {
      g_array_append_val (self->seg_words, self->cur_words);
      self->cur_words = 0;
    }
  n_segments = 1 + self->seg_words->len;

  /* segment table: count - 1, each size, padded to a word */
  {
    guint32 le = GUINT32_TO_LE (n_segments - 1);
    guint32 seg0 = GUINT32_TO_LE ((guint32) (3 + 2 * self->n_events));

    g_byte_array_append (head, (guint8 *) &le, 4);
    g_byte_array_append (head, (guint8 *) &seg0, 4);
    for (guint i = 0; i < self->seg_words->len; i++)
      {
        guint32 w = GUINT32_TO_LE (g_array_index (self->seg_words, guint32, i));

        g_byte_array_append (head, (guint8 *) &w, 4);
      }
    if (head->len % CT_CAPNP_WORD != 0)
      {
        static const guint8 zeros[4] = { 0, };

        g_byte_array_append (head, zeros, 4);
      }
  }

  /* segment 0: root -> Trace -> events (composite list of TraceEvent) */
  _ct_capnp_write_word (word, _ct_capnp_make_struct_pointer (0, CT_CAPNP_TRACE_DATA_WORDS,
                                                             CT_CAPNP_TRACE_PTRS));
  g_byte_array_append (head, word, sizeof word);
  _ct_capnp_write_word (word, _ct_capnp_make_list_pointer (0, CT_CAPNP_ELEM_COMPOSITE,
                                                           2 * self->n_events));
  g_byte_array_append (head, word, sizeof word);
  _ct_capnp_write_word (word, _ct_capnp_make_struct_pointer ((gint32) self->n_events,
                                                             CT_CAPNP_EVENT_DATA_WORDS,
                                                             CT_CAPNP_EVENT_PTRS));
  g_byte_array_append (head, word, sizeof word);

  /* the head, then the two packed scratch files as they are */
  chunk = g_malloc (COPY_CHUNK);
  packer = _ct_capnp_packer_new (_ct_capnp_write_to_stream, self->out);
  ok = _ct_capnp_packer_write (packer, head->data, head->len, error) &&
       _ct_capnp_packer_flush (packer, error) &&
       scratch_copy (self, &self->elements, chunk, error) &&
       scratch_copy (self, &self->content, chunk, error) &&
       g_output_stream_flush (self->out, NULL, error);
  _ct_capnp_packer_free (packer);

  /* a second finish() would write a second message */
  self->broken = TRUE;
  return ok;
}

static void
ct_v0_sink_free (CtWriterBackend *backend)
{
  CtV0Sink *self = (CtV0Sink *) backend;

  if (self == NULL)
    return;
  scratch_close (&self->elements);
  scratch_close (&self->content);
  g_clear_pointer (&self->seg_words, g_array_unref);
  g_free (self->buf);
  g_free (self->tmp_dir);
  g_free (self);
}

static const CtWriterBackendClass ct_v0_sink_class = {
  .write = ct_v0_sink_write,
  .finish = ct_v0_sink_finish,
  .free = ct_v0_sink_free,
};

void
_ct_v0_sink_set_segment_limit (CtWriterBackend *sink,
                               guint32          words)
{
  CtV0Sink *self = (CtV0Sink *) sink;

  g_return_if_fail (sink->klass == &ct_v0_sink_class);

  self->seg_limit = CLAMP (words, 1, MAX_SEGMENT_WORDS);
}

CtWriterBackend *
_ct_v0_sink_new (GOutputStream  *out,
                 const char     *tmp_dir,
                 GError        **error)
{
  CtV0Sink *self = g_new0 (CtV0Sink, 1);

  self->parent.klass = &ct_v0_sink_class;
  self->out = out;
  self->tmp_dir = g_strdup (tmp_dir != NULL ? tmp_dir : g_get_tmp_dir ());
  self->seg_words = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->seg_limit = MAX_SEGMENT_WORDS;

  self->elements.fd = self->content.fd = -1;

  if (!scratch_open (self, &self->elements, error) ||
      !scratch_open (self, &self->content, error))
    {
      ct_v0_sink_free (&self->parent);
      return NULL;
    }

  return &self->parent;
}
