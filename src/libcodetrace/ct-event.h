/* ct-event.h
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "ct-node.h"

G_BEGIN_DECLS

/* The C model of one `TraceLowLevelEvent` (FORMAT.md section 2).
 *
 * Events are plain structs, not GObjects: a reader hands out one event at a
 * time, and everything it points to (strings, nested values, generic trees)
 * lives in the reader's CtArena or input buffer until the next event is read.
 * Strings are length-delimited and NOT necessarily NUL-terminated. */

typedef struct
{
  const char *str;
  gsize       len;
} CtStr;

#define CT_STR_INIT(s) ((CtStr) { (s), sizeof (s) - 1 })

typedef enum
{
  CT_EVENT_STEP,
  CT_EVENT_PATH,
  CT_EVENT_VARIABLE_NAME,
  CT_EVENT_VARIABLE, /* legacy spelling of VariableName */
  CT_EVENT_TYPE,
  CT_EVENT_VALUE,
  CT_EVENT_FUNCTION,
  CT_EVENT_CALL,
  CT_EVENT_RETURN,
  CT_EVENT_EVENT,
  CT_EVENT_ASM,
  CT_EVENT_BIND_VARIABLE,
  CT_EVENT_ASSIGNMENT,
  CT_EVENT_DROP_VARIABLES,
  CT_EVENT_COMPOUND_VALUE,
  CT_EVENT_CELL_VALUE,
  CT_EVENT_ASSIGN_COMPOUND_ITEM,
  CT_EVENT_ASSIGN_CELL,
  CT_EVENT_VARIABLE_CELL,
  CT_EVENT_DROP_VARIABLE,
  CT_EVENT_THREAD_START,
  CT_EVENT_THREAD_EXIT,
  CT_EVENT_THREAD_SWITCH,
  CT_EVENT_DROP_LAST_STEP,
  CT_EVENT_UNKNOWN, /* a variant this library does not know: kept as a tree */
  CT_N_EVENT_KINDS
} CtEventKind;

typedef enum
{
  CT_VALUE_INT,
  CT_VALUE_FLOAT,
  CT_VALUE_BOOL,
  CT_VALUE_STRING,
  CT_VALUE_SEQUENCE,
  CT_VALUE_TUPLE,
  CT_VALUE_STRUCT,
  CT_VALUE_VARIANT,
  CT_VALUE_REFERENCE,
  CT_VALUE_RAW,
  CT_VALUE_ERROR,
  CT_VALUE_NONE,
  CT_VALUE_CELL,
  CT_VALUE_BIGINT,
  CT_VALUE_CHAR,      /* later format versions */
  CT_VALUE_VALUE_REF, /* later format versions */
  CT_VALUE_UNKNOWN,   /* unknown kind: the whole record kept as a tree */
  CT_N_VALUE_KINDS
} CtValueKind;

#define CT_N_TYPE_KINDS      34
#define CT_N_EVENT_LOG_KINDS 14

typedef enum
{
  CT_EVENT_LOG_WRITE = 0,
  CT_EVENT_LOG_WRITE_FILE = 1,
  CT_EVENT_LOG_WRITE_OTHER = 2,
  CT_EVENT_LOG_READ = 3,
  CT_EVENT_LOG_READ_FILE = 4,
  CT_EVENT_LOG_READ_OTHER = 5,
  CT_EVENT_LOG_READ_DIR = 6,
  CT_EVENT_LOG_OPEN_DIR = 7,
  CT_EVENT_LOG_CLOSE_DIR = 8,
  CT_EVENT_LOG_SOCKET = 9,
  CT_EVENT_LOG_OPEN = 10,
  CT_EVENT_LOG_ERROR = 11,
  CT_EVENT_LOG_TRACE_LOG_EVENT = 12,
  CT_EVENT_LOG_EVM_EVENT = 13,
} CtEventLogKind;

/* What real recorders write that runtime_tracing 0.15.0 does not allow
 * (FORMAT.md section 7), and what a reader had to keep in a generic form.
 * Each event carries the set found inside it. */
typedef enum
{
  CT_DEVIATION_NONE = 0,
  CT_DEVIATION_BIG_INT = 1 << 0,           /* Int beyond 64 bits */
  CT_DEVIATION_BOOL_AS_INT = 1 << 1,       /* {"kind":"Int","i":true} */
  CT_DEVIATION_FLOAT_AS_STRING = 1 << 2,   /* "f": "1.5" */
  CT_DEVIATION_FLOAT_NULL = 1 << 3,        /* "f": null (serde_json's NaN) */
  CT_DEVIATION_ASSIGNMENT_SHAPE = 1 << 4,  /* Assignment.from not Simple/Compound ids */
  CT_DEVIATION_UNKNOWN_VARIANT = 1 << 5,   /* event variant kept as a tree */
  CT_DEVIATION_UNKNOWN_VALUE_KIND = 1 << 6,/* value kind kept as a tree */
  CT_DEVIATION_NEWER_VALUE_KIND = 1 << 7,  /* Char / ValueRef / ref_id */
  CT_DEVIATION_EXTRA_FIELDS = 1 << 8,      /* unknown keys in a known record, kept */
  CT_DEVIATION_LEGACY_VARIABLE = 1 << 9,   /* "Variable" instead of "VariableName" */
  CT_DEVIATION_DROP_LAST_STEP_MAP = 1 << 10, /* {"DropLastStep": null} */
  CT_DEVIATION_UNKNOWN_ENUM = 1 << 11,     /* TypeKind / EventLogKind number out of range */
  CT_DEVIATION_NEGATIVE_ID = 1 << 12,      /* an id or line outside its Rust type */
  CT_N_DEVIATIONS = 13
} CtDeviation;

typedef struct _CtValue CtValue;

typedef enum
{
  CT_VALUE_FLAG_NONE = 0,
  CT_VALUE_FLAG_HAS_REF_ID = 1 << 0,   /* compound value carries a ref_id */
  CT_VALUE_FLAG_INT_IS_BOOL = 1 << 1,  /* Int whose `i` was a boolean */
  CT_VALUE_FLAG_INT_IS_BIG = 1 << 2,   /* Int whose `i` did not fit 64 bits: see big */
  CT_VALUE_FLAG_FLOAT_NULL = 1 << 3,   /* Float whose `f` was null */
} CtValueFlags;

struct _CtValue
{
  CtValueKind  kind;
  CtValueFlags flags;
  gint64       type_id; /* all kinds but Cell, ValueRef and Unknown */
  guint64      ref_id;  /* when CT_VALUE_FLAG_HAS_REF_ID */
  union
  {
    /* Int; Bool-as-Int keeps i = 0/1. Int beyond 64 bits (INT_IS_BIG) and
     * BigInt use `big`. */
    gint64 i;
    struct
    {
      double f;
      CtStr  text; /* original spelling when `f` was a string, else {NULL,0} */
    } flt;
    gboolean b;
    CtStr    text; /* String (text), Raw (r), Error (msg), Char (c) */
    struct
    {
      CtValue *items;
      guint    n_items;
      gboolean is_slice; /* Sequence only */
    } seq;               /* Sequence (elements), Tuple (elements), Struct (field_values) */
    struct
    {
      CtStr    discriminator;
      CtValue *contents;
    } variant;
    struct
    {
      CtValue *dereferenced;
      guint64  address;
      gboolean mutable_;
    } ref;
    gint64 place; /* Cell */
    struct
    {
      const guint8 *magnitude; /* big-endian, no leading zero bytes */
      gsize         len;
      gboolean      negative;
    } big; /* BigInt, and Int with CT_VALUE_FLAG_INT_IS_BIG */
    guint64 value_ref; /* ValueRef.ref_id */
    CtNode *unknown;   /* CT_VALUE_UNKNOWN: the whole record */
  };
  CtNode *extra; /* unknown keys of a known record (a map node), or NULL */
};

typedef struct
{
  gint64   variable_id;
  CtValue *value;
} CtFullValue;

typedef struct
{
  CtStr  name;
  gint64 type_id;
} CtFieldType;

typedef enum
{
  CT_TYPE_INFO_NONE,
  CT_TYPE_INFO_STRUCT,
  CT_TYPE_INFO_POINTER,
} CtTypeInfoKind;

typedef struct _CtEvent CtEvent;

struct _CtEvent
{
  CtEventKind kind;
  guint       deviations; /* CtDeviation flags found in this event */
  union
  {
    struct
    {
      gint64 path_id;
      gint64 line;
    } step;
    CtStr name; /* Path, VariableName, Variable */
    struct
    {
      guint          kind; /* TypeKind number */
      CtStr          lang_type;
      CtTypeInfoKind info_kind;
      CtFieldType   *fields; /* Struct */
      guint          n_fields;
      gint64         dereference_type_id; /* Pointer */
    } type;
    CtFullValue value; /* Value */
    struct
    {
      gint64 path_id;
      gint64 line;
      CtStr  name;
    } function;
    struct
    {
      gint64       function_id;
      CtFullValue *args;
      guint        n_args;
    } call;
    struct
    {
      CtValue *return_value;
    } ret;
    struct
    {
      guint kind; /* EventLogKind JSON number (CtEventLogKind) */
      CtStr metadata;
      CtStr content;
    } io;
    struct
    {
      CtStr *lines;
      guint  n_lines;
    } asm_;
    struct
    {
      gint64 variable_id;
      gint64 place;
    } bind; /* BindVariable, VariableCell */
    struct
    {
      gint64  to;
      gboolean by_reference; /* pass_by */
      CtNode *from;          /* RValue, kept as a tree: recorders disagree on its shape */
    } assignment;
    struct
    {
      gint64 *ids;
      guint   n_ids;
    } drop_variables;
    struct
    {
      gint64   place;
      CtValue *value;
    } place_value; /* CompoundValue, CellValue, AssignCell (new_value) */
    struct
    {
      gint64 place;
      gint64 index;
      gint64 item_place;
    } assign_item;
    gint64  variable_id; /* DropVariable */
    guint64 thread_id;   /* ThreadStart, ThreadExit, ThreadSwitch */
    struct
    {
      CtStr   variant; /* variant name */
      CtNode *payload; /* NULL for a bare string variant */
    } unknown;
  };
  CtNode *extra; /* unknown keys inside a known record's payload (map), or NULL */
};

const char *ct_event_kind_name       (CtEventKind    kind);
gboolean    ct_event_kind_from_name  (const char    *name,
                                      gsize          len,
                                      CtEventKind   *out_kind);
const char *ct_value_kind_name       (CtValueKind    kind);
gboolean    ct_value_kind_from_name  (const char    *name,
                                      gsize          len,
                                      CtValueKind   *out_kind);
const char *ct_type_kind_name        (guint          type_kind);
const char *ct_event_log_kind_name   (guint          event_log_kind);
const char *ct_deviation_describe    (CtDeviation    deviation);

/* The event as one compact JSON value, exactly as serde_json writes it
 * (field order of FORMAT.md), appended to out: `codetrace dump` prints one
 * per line, and the same event gives the same bytes from any encoding. */
void        ct_event_append_json     (const CtEvent *event,
                                      GByteArray    *out);

gboolean    ct_str_equal             (CtStr          a,
                                      const char    *nul_terminated);
char       *ct_str_dup               (CtStr          s);

G_END_DECLS
