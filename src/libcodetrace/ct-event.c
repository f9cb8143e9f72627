/* ct-event.c
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ct-event.h"

/* Spelled as the format spells them: these are the JSON/CBOR variant names. */
typedef struct
{
  const char *name;
  gsize       len;
} Name;

#define NAME(s) { s, sizeof (s) - 1 }

static const Name event_kinds[CT_N_EVENT_KINDS] = {
  [CT_EVENT_STEP] = NAME ("Step"),
  [CT_EVENT_PATH] = NAME ("Path"),
  [CT_EVENT_VARIABLE_NAME] = NAME ("VariableName"),
  [CT_EVENT_VARIABLE] = NAME ("Variable"),
  [CT_EVENT_TYPE] = NAME ("Type"),
  [CT_EVENT_VALUE] = NAME ("Value"),
  [CT_EVENT_FUNCTION] = NAME ("Function"),
  [CT_EVENT_CALL] = NAME ("Call"),
  [CT_EVENT_RETURN] = NAME ("Return"),
  [CT_EVENT_EVENT] = NAME ("Event"),
  [CT_EVENT_ASM] = NAME ("Asm"),
  [CT_EVENT_BIND_VARIABLE] = NAME ("BindVariable"),
  [CT_EVENT_ASSIGNMENT] = NAME ("Assignment"),
  [CT_EVENT_DROP_VARIABLES] = NAME ("DropVariables"),
  [CT_EVENT_COMPOUND_VALUE] = NAME ("CompoundValue"),
  [CT_EVENT_CELL_VALUE] = NAME ("CellValue"),
  [CT_EVENT_ASSIGN_COMPOUND_ITEM] = NAME ("AssignCompoundItem"),
  [CT_EVENT_ASSIGN_CELL] = NAME ("AssignCell"),
  [CT_EVENT_VARIABLE_CELL] = NAME ("VariableCell"),
  [CT_EVENT_DROP_VARIABLE] = NAME ("DropVariable"),
  [CT_EVENT_THREAD_START] = NAME ("ThreadStart"),
  [CT_EVENT_THREAD_EXIT] = NAME ("ThreadExit"),
  [CT_EVENT_THREAD_SWITCH] = NAME ("ThreadSwitch"),
  [CT_EVENT_DROP_LAST_STEP] = NAME ("DropLastStep"),
  [CT_EVENT_UNKNOWN] = NAME ("(unknown)"),
};

static const Name value_kinds[CT_N_VALUE_KINDS] = {
  [CT_VALUE_INT] = NAME ("Int"),
  [CT_VALUE_FLOAT] = NAME ("Float"),
  [CT_VALUE_BOOL] = NAME ("Bool"),
  [CT_VALUE_STRING] = NAME ("String"),
  [CT_VALUE_SEQUENCE] = NAME ("Sequence"),
  [CT_VALUE_TUPLE] = NAME ("Tuple"),
  [CT_VALUE_STRUCT] = NAME ("Struct"),
  [CT_VALUE_VARIANT] = NAME ("Variant"),
  [CT_VALUE_REFERENCE] = NAME ("Reference"),
  [CT_VALUE_RAW] = NAME ("Raw"),
  [CT_VALUE_ERROR] = NAME ("Error"),
  [CT_VALUE_NONE] = NAME ("None"),
  [CT_VALUE_CELL] = NAME ("Cell"),
  [CT_VALUE_BIGINT] = NAME ("BigInt"),
  [CT_VALUE_CHAR] = NAME ("Char"),
  [CT_VALUE_VALUE_REF] = NAME ("ValueRef"),
  [CT_VALUE_UNKNOWN] = NAME ("(unknown)"),
};

static const char * const type_kind_names[CT_N_TYPE_KINDS] = {
  "Seq", "Set", "HashSet", "OrderedSet", "Array", "Varargs", "Struct", "Int",
  "Float", "String", "CString", "Char", "Bool", "Literal", "Ref", "Recursion",
  "Raw", "Enum", "Enum16", "Enum32", "C", "TableKind", "Union", "Pointer",
  "Error", "FunctionKind", "TypeValue", "Tuple", "Variant", "Html", "None",
  "NonExpanded", "Any", "Slice",
};

static const char * const event_log_kind_names[CT_N_EVENT_LOG_KINDS] = {
  "Write", "WriteFile", "WriteOther", "Read", "ReadFile", "ReadOther",
  "ReadDir", "OpenDir", "CloseDir", "Socket", "Open", "Error",
  "TraceLogEvent", "EvmEvent",
};

const char *
ct_event_kind_name (CtEventKind kind)
{
  if ((guint) kind >= CT_N_EVENT_KINDS)
    return "(invalid)";
  return event_kinds[kind].name;
}

static gboolean
lookup_name (const Name *names,
             guint       n_names,
             guint       skip,
             const char *name,
             gsize       len,
             guint      *out)
{
  for (guint i = 0; i < n_names; i++)
    {
      if (i == skip || names[i].len != len)
        continue;
      if (memcmp (names[i].name, name, len) == 0)
        {
          *out = i;
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
ct_event_kind_from_name (const char  *name,
                         gsize        len,
                         CtEventKind *out_kind)
{
  guint k;

  /* The common variants first: this runs once per event. */
  if (len == 4 && memcmp (name, "Step", 4) == 0)
    {
      *out_kind = CT_EVENT_STEP;
      return TRUE;
    }
  if (len == 5 && memcmp (name, "Value", 5) == 0)
    {
      *out_kind = CT_EVENT_VALUE;
      return TRUE;
    }
  if (!lookup_name (event_kinds, CT_N_EVENT_KINDS, CT_EVENT_UNKNOWN, name, len, &k))
    return FALSE;
  *out_kind = k;
  return TRUE;
}

const char *
ct_value_kind_name (CtValueKind kind)
{
  if ((guint) kind >= CT_N_VALUE_KINDS)
    return "(invalid)";
  return value_kinds[kind].name;
}

gboolean
ct_value_kind_from_name (const char  *name,
                         gsize        len,
                         CtValueKind *out_kind)
{
  guint k;

  if (!lookup_name (value_kinds, CT_N_VALUE_KINDS, CT_VALUE_UNKNOWN, name, len, &k))
    return FALSE;
  *out_kind = k;
  return TRUE;
}

const char *
ct_type_kind_name (guint type_kind)
{
  return type_kind < CT_N_TYPE_KINDS ? type_kind_names[type_kind] : "(unknown)";
}

const char *
ct_event_log_kind_name (guint event_log_kind)
{
  return event_log_kind < CT_N_EVENT_LOG_KINDS ? event_log_kind_names[event_log_kind] : "(unknown)";
}

const char *
ct_deviation_describe (CtDeviation deviation)
{
  switch (deviation)
    {
    case CT_DEVIATION_BIG_INT:
      return "Int value beyond 64 bits";
    case CT_DEVIATION_BOOL_AS_INT:
      return "Int value whose i is a boolean";
    case CT_DEVIATION_FLOAT_AS_STRING:
      return "Float value whose f is a string";
    case CT_DEVIATION_FLOAT_NULL:
      return "Float value whose f is null (NaN)";
    case CT_DEVIATION_ASSIGNMENT_SHAPE:
      return "Assignment.from in a newer recorder's shape";
    case CT_DEVIATION_UNKNOWN_VARIANT:
      return "unknown event variant";
    case CT_DEVIATION_UNKNOWN_VALUE_KIND:
      return "unknown value kind";
    case CT_DEVIATION_NEWER_VALUE_KIND:
      return "value kind or field of a newer format (Char, ValueRef, ref_id)";
    case CT_DEVIATION_EXTRA_FIELDS:
      return "unknown fields in a known record";
    case CT_DEVIATION_LEGACY_VARIABLE:
      return "legacy Variable event";
    case CT_DEVIATION_DROP_LAST_STEP_MAP:
      return "DropLastStep written as a map";
    case CT_DEVIATION_UNKNOWN_ENUM:
      return "TypeKind or EventLogKind number out of range";
    case CT_DEVIATION_NEGATIVE_ID:
      return "negative id or index";
    case CT_DEVIATION_NONE:
    default:
      return "(none)";
    }
}

gboolean
ct_str_equal (CtStr       a,
              const char *nul_terminated)
{
  gsize len = strlen (nul_terminated);

  return a.len == len && (len == 0 || memcmp (a.str, nul_terminated, len) == 0);
}

char *
ct_str_dup (CtStr s)
{
  return g_strndup (s.str != NULL ? s.str : "", s.len);
}
