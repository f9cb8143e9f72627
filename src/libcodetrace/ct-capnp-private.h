/* ct-capnp-private.h
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <string.h>

#include <gio/gio.h>

#include "ct-codec-private.h"

G_BEGIN_DECLS

/* The parts of the Cap'n Proto wire format that the trace.bin v0 reader
 * (ct-v0-source.c) and writer (ct-v0-sink.c) share: pointer words, the
 * packed encoding, and the layout of every struct of the v0 schema.
 *
 * We implement the format ourselves because libcapnp is C++ and the library
 * is plain C. The layout below is what `capnp compile -ocapnp
 * tests/data/trace-v0.capnp` prints; test-v0.c checks it against Debian's
 * capnp tool in both directions. The functions are in ct-capnp.c. */

#define CT_CAPNP_WORD 8

/* ---- pointer words ---- */

typedef enum
{
  CT_CAPNP_PTR_STRUCT = 0,
  CT_CAPNP_PTR_LIST = 1,
  CT_CAPNP_PTR_FAR = 2,
  CT_CAPNP_PTR_OTHER = 3, /* capabilities: never valid in a trace */
} CtCapnpPointerKind;

typedef enum
{
  CT_CAPNP_ELEM_VOID = 0,
  CT_CAPNP_ELEM_BIT = 1,
  CT_CAPNP_ELEM_BYTE = 2,
  CT_CAPNP_ELEM_TWO_BYTES = 3,
  CT_CAPNP_ELEM_FOUR_BYTES = 4,
  CT_CAPNP_ELEM_EIGHT_BYTES = 5,
  CT_CAPNP_ELEM_POINTER = 6,
  CT_CAPNP_ELEM_COMPOSITE = 7,
} CtCapnpElementSize;

/* Near pointer offsets are signed 30-bit word counts, far-pointer landing
 * pad offsets unsigned 29-bit, and a list counts at most 2^29 - 1 elements
 * (words, for composite lists). */
#define CT_CAPNP_MAX_LIST_COUNT   ((1u << 29) - 1)
#define CT_CAPNP_MAX_FAR_OFFSET   ((1u << 29) - 1)

static inline guint64
_ct_capnp_read_word (const guint8 *p)
{
  guint64 w;

  /* memcpy: callers pass mapped or buffered bytes of any alignment */
  memcpy (&w, p, sizeof w);
  return GUINT64_FROM_LE (w);
}

static inline void
_ct_capnp_write_word (guint8  *p,
                      guint64  w)
{
  w = GUINT64_TO_LE (w);
  memcpy (p, &w, sizeof w);
}

static inline CtCapnpPointerKind
_ct_capnp_pointer_kind (guint64 ptr)
{
  return (CtCapnpPointerKind) (ptr & 3);
}

/* Struct and list pointers: the signed word offset from the end of the
 * pointer to the start of the target. */
static inline gint32
_ct_capnp_pointer_offset (guint64 ptr)
{
  return ((gint32) (guint32) ptr) >> 2;
}

static inline guint16
_ct_capnp_struct_data_words (guint64 ptr)
{
  return (guint16) (ptr >> 32);
}

static inline guint16
_ct_capnp_struct_ptr_count (guint64 ptr)
{
  return (guint16) (ptr >> 48);
}

static inline CtCapnpElementSize
_ct_capnp_list_element_size (guint64 ptr)
{
  return (CtCapnpElementSize) ((ptr >> 32) & 7);
}

/* elements, or words after the tag for composite lists */
static inline guint32
_ct_capnp_list_count (guint64 ptr)
{
  return (guint32) (ptr >> 35);
}

static inline gboolean
_ct_capnp_far_is_double (guint64 ptr)
{
  return (ptr >> 2) & 1;
}

static inline guint32
_ct_capnp_far_pad_offset (guint64 ptr)
{
  return ((guint32) ptr) >> 3;
}

static inline guint32
_ct_capnp_far_segment (guint64 ptr)
{
  return (guint32) (ptr >> 32);
}

static inline guint64
_ct_capnp_make_struct_pointer (gint32  offset,
                               guint16 data_words,
                               guint16 ptr_count)
{
  return ((guint64) ((guint32) offset << 2))
         | ((guint64) data_words << 32)
         | ((guint64) ptr_count << 48);
}

static inline guint64
_ct_capnp_make_list_pointer (gint32             offset,
                             CtCapnpElementSize element_size,
                             guint32            count)
{
  return CT_CAPNP_PTR_LIST
         | ((guint64) ((guint32) offset << 2))
         | ((guint64) element_size << 32)
         | ((guint64) count << 35);
}

static inline guint64
_ct_capnp_make_far_pointer (guint32 segment,
                            guint32 pad_offset)
{
  return CT_CAPNP_PTR_FAR
         | ((guint64) pad_offset << 3)
         | ((guint64) segment << 32);
}

/* ---- the v0 schema's layout (tests/data/trace-v0.capnp) ----
 *
 * Sizes are data words / pointer count. Union tags are 16-bit and their
 * offsets are in bytes of the data section. Every id is a one-field struct
 * (1 data word, 0 pointers) whose value is the Int64 (UInt64 for ThreadId)
 * at byte 0; PathBuf is 0 data words and 1 pointer (the Text). */

#define CT_CAPNP_ID_DATA_WORDS        1
#define CT_CAPNP_ID_PTRS              0

/* Trace: events @0 List(TraceEvent) */
#define CT_CAPNP_TRACE_DATA_WORDS     0
#define CT_CAPNP_TRACE_PTRS           1
#define CT_CAPNP_TRACE_PTR_EVENTS     0

/* TraceEvent: an unnamed union; every variant but dropLastStep (Void) is
 * pointer 0. The tags are the ordinals. */
#define CT_CAPNP_EVENT_DATA_WORDS     1
#define CT_CAPNP_EVENT_PTRS           1
#define CT_CAPNP_EVENT_TAG_BYTE       0
#define CT_CAPNP_EVENT_PTR_PAYLOAD    0

typedef enum
{
  CT_CAPNP_EVENT_STEP = 0,
  CT_CAPNP_EVENT_PATH = 1,
  CT_CAPNP_EVENT_VARIABLE_NAME = 2,
  CT_CAPNP_EVENT_VARIABLE = 3,
  CT_CAPNP_EVENT_TYPE = 4,
  CT_CAPNP_EVENT_VALUE = 5,
  CT_CAPNP_EVENT_FUNCTION = 6,
  CT_CAPNP_EVENT_CALL = 7,
  CT_CAPNP_EVENT_RETURN = 8,
  CT_CAPNP_EVENT_EVENT = 9,
  CT_CAPNP_EVENT_ASM = 10,
  CT_CAPNP_EVENT_BIND_VARIABLE = 11,
  CT_CAPNP_EVENT_ASSIGNMENT = 12,
  CT_CAPNP_EVENT_DROP_VARIABLES = 13,
  CT_CAPNP_EVENT_COMPOUND_VALUE = 14,
  CT_CAPNP_EVENT_CELL_VALUE = 15,
  CT_CAPNP_EVENT_ASSIGN_COMPOUND_ITEM = 16,
  CT_CAPNP_EVENT_ASSIGN_CELL = 17,
  CT_CAPNP_EVENT_VARIABLE_CELL = 18,
  CT_CAPNP_EVENT_DROP_VARIABLE = 19,
  CT_CAPNP_EVENT_DROP_LAST_STEP = 20,
  CT_CAPNP_EVENT_THREAD_START = 21,
  CT_CAPNP_EVENT_THREAD_EXIT = 22,
  CT_CAPNP_EVENT_THREAD_SWITCH = 23,
  CT_CAPNP_N_EVENT_TAGS
} CtCapnpEventTag;

/* Step: pathId, line */
#define CT_CAPNP_STEP_DATA_WORDS      0
#define CT_CAPNP_STEP_PTRS            2
/* FunctionDescription: pathId, line, name */
#define CT_CAPNP_FUNCTION_DATA_WORDS  0
#define CT_CAPNP_FUNCTION_PTRS        3
/* FullValue: variableId, value */
#define CT_CAPNP_FULL_VALUE_DATA_WORDS 0
#define CT_CAPNP_FULL_VALUE_PTRS      2
/* Call: functionId, args List(FullValue) */
#define CT_CAPNP_CALL_DATA_WORDS      0
#define CT_CAPNP_CALL_PTRS            2
/* Return: returnValue */
#define CT_CAPNP_RETURN_DATA_WORDS    0
#define CT_CAPNP_RETURN_PTRS          1
/* IoEvent: kind (UInt16 enum at byte 0); pointer 0 = content, 1 = metadata */
#define CT_CAPNP_IO_DATA_WORDS        1
#define CT_CAPNP_IO_PTRS              2
#define CT_CAPNP_IO_PTR_CONTENT       0
#define CT_CAPNP_IO_PTR_METADATA      1
/* VariableAtPlace (bindVariable, variableCell): variableId, place */
#define CT_CAPNP_VAR_PLACE_DATA_WORDS 0
#define CT_CAPNP_VAR_PLACE_PTRS       2
/* ValueAtPlace (compoundValue, cellValue) and AssignCell: place, value */
#define CT_CAPNP_VALUE_PLACE_DATA_WORDS 0
#define CT_CAPNP_VALUE_PLACE_PTRS     2
/* AssignCompoundItem: pointers place, itemPlace; index Int64 at byte 0 */
#define CT_CAPNP_ASSIGN_ITEM_DATA_WORDS 1
#define CT_CAPNP_ASSIGN_ITEM_PTRS     2
/* Assignment: pointers to, from (RValue); passBy (UInt16 enum) at byte 0 */
#define CT_CAPNP_ASSIGNMENT_DATA_WORDS 1
#define CT_CAPNP_ASSIGNMENT_PTRS      2
/* RValue: tag at byte 0; 0 simple (VariableId), 1 compound (List(VariableId)) */
#define CT_CAPNP_RVALUE_DATA_WORDS    1
#define CT_CAPNP_RVALUE_PTRS          1
#define CT_CAPNP_RVALUE_SIMPLE        0
#define CT_CAPNP_RVALUE_COMPOUND      1
/* TypeDescription: kind (UInt16 enum at byte 0); langType, specificInfo */
#define CT_CAPNP_TYPE_DATA_WORDS      1
#define CT_CAPNP_TYPE_PTRS            2
/* TypeInfo: tag at byte 0; 0 none, 1 struct (fields List(FieldType)),
 * 2 pointer (dereferenceTypeId); both groups use pointer 0 */
#define CT_CAPNP_TYPE_INFO_DATA_WORDS 1
#define CT_CAPNP_TYPE_INFO_PTRS       1
#define CT_CAPNP_TYPE_INFO_NONE       0
#define CT_CAPNP_TYPE_INFO_STRUCT     1
#define CT_CAPNP_TYPE_INFO_POINTER    2
/* FieldType: name, typeId */
#define CT_CAPNP_FIELD_DATA_WORDS     0
#define CT_CAPNP_FIELD_PTRS           2

/* Value (ValueRecord): 3 data words, 3 pointers. The payload scalar of
 * every group (i, f, the Bools b/isSlice/mutable/negative at bit 0) is at
 * byte 0, the tag at byte 8, Reference.address at byte 16. Pointer 0 is the
 * group's first pointer field; typeId is the group's last pointer. */
#define CT_CAPNP_VALUE_DATA_WORDS     3
#define CT_CAPNP_VALUE_PTRS           3
#define CT_CAPNP_VALUE_SCALAR_BYTE    0
#define CT_CAPNP_VALUE_TAG_BYTE       8
#define CT_CAPNP_VALUE_ADDRESS_BYTE   16

typedef enum
{
  CT_CAPNP_VALUE_INT = 0,       /* i; typeId ptr 0 */
  CT_CAPNP_VALUE_FLOAT = 1,     /* f; typeId ptr 0 */
  CT_CAPNP_VALUE_BOOL = 2,      /* b; typeId ptr 0 */
  CT_CAPNP_VALUE_STRING = 3,    /* text ptr 0; typeId ptr 1 */
  CT_CAPNP_VALUE_SEQUENCE = 4,  /* elements ptr 0; isSlice; typeId ptr 1 */
  CT_CAPNP_VALUE_TUPLE = 5,     /* elements ptr 0; typeId ptr 1 */
  CT_CAPNP_VALUE_STRUCT = 6,    /* fieldValues ptr 0; typeId ptr 1 */
  CT_CAPNP_VALUE_VARIANT = 7,   /* discriminator ptr 0; contents ptr 1; typeId ptr 2 */
  CT_CAPNP_VALUE_REFERENCE = 8, /* dereferenced ptr 0; address; mutable; typeId ptr 1 */
  CT_CAPNP_VALUE_RAW = 9,       /* r ptr 0; typeId ptr 1 */
  CT_CAPNP_VALUE_ERROR = 10,    /* msg ptr 0; typeId ptr 1 */
  CT_CAPNP_VALUE_NONE = 11,     /* typeId ptr 0 */
  CT_CAPNP_VALUE_CELL = 12,     /* place ptr 0 */
  CT_CAPNP_VALUE_BIGINT = 13,   /* b List(UInt8) ptr 0; negative; typeId ptr 1 */
  CT_CAPNP_N_VALUE_TAGS
} CtCapnpValueTag;

/* EventLogKind: the capnp ordinals differ from the JSON numbers
 * (FORMAT.md section 5). Both directions map through the names; numbers
 * beyond the known ones map to themselves (unknown stays unknown). */
guint        _ct_capnp_event_log_kind_from_ordinal (guint16  ordinal);
guint16      _ct_capnp_event_log_kind_to_ordinal   (guint    json_kind);

/* UTF-8 validation that, unlike g_utf8_validate_len(), lets NUL bytes
 * through: JSON can carry "\u0000" and v0 must read back what it wrote. */
gboolean     _ct_capnp_utf8_validate               (const char    *str,
                                                    gsize          len,
                                                    gsize         *bad_offset);

/* ---- packed encoding ---- */

/* Streams words into packed bytes, handed to `write` in large blocks. Runs
 * of zero or literal words stop at the end of each _write() call, which the
 * encoding allows; for the same reason, packed pieces of whole words can be
 * concatenated, which the v0 writer does. */
typedef struct _CtCapnpPacker CtCapnpPacker;

typedef gboolean (*CtCapnpWriteFunc) (gpointer       user_data,
                                      const guint8  *data,
                                      gsize          len,
                                      GError       **error);

CtCapnpPacker *_ct_capnp_packer_new   (CtCapnpWriteFunc  write,
                                       gpointer          user_data);
/* a CtCapnpWriteFunc for a GOutputStream passed as user_data */
gboolean       _ct_capnp_write_to_stream (gpointer       stream,
                                          const guint8  *data,
                                          gsize          len,
                                          GError       **error);
gboolean       _ct_capnp_packer_write (CtCapnpPacker  *self,
                                       const guint8   *words,
                                       gsize           n_bytes,
                                       GError        **error);
gboolean       _ct_capnp_packer_flush (CtCapnpPacker  *self,
                                       GError        **error);
guint64        _ct_capnp_packer_get_bytes_written (CtCapnpPacker *self);
void           _ct_capnp_packer_free  (CtCapnpPacker  *self);

/* Unpacks a packed stream read from a file descriptor (not owned), a chunk
 * at a time. */
typedef struct _CtCapnpUnpacker CtCapnpUnpacker;

CtCapnpUnpacker *_ct_capnp_unpacker_new    (int               fd,
                                            guint64           base_offset);
/* Unpacks up to out_cap bytes (a multiple of 8) into out. *out_len < out_cap
 * only at the end of the input, where *out_len may be 0. A tag group cut
 * short by the end of the input is CT_TRACE_ERROR_TRUNCATED, reported only
 * once everything before it has been handed out: a reader of a cut file
 * gets every word that is there before the error. */
gboolean         _ct_capnp_unpacker_read   (CtCapnpUnpacker  *self,
                                            guint8           *out,
                                            gsize             out_cap,
                                            gsize            *out_len,
                                            GError          **error);
/* packed bytes consumed so far, plus base_offset */
guint64          _ct_capnp_unpacker_get_position (CtCapnpUnpacker *self);
void             _ct_capnp_unpacker_free   (CtCapnpUnpacker  *self);

/* ---- test hooks ---- */

/* The v0 writer starts a new content segment when the current one would
 * grow beyond this many words (default and maximum: the far-pointer limit,
 * 2^29 - 1 words). Tests lower it to exercise multi-segment output. */
void _ct_v0_sink_set_segment_limit     (CtWriterBackend *sink,
                                        guint32          words);
/* The v0 reader unpacks this many bytes at a time (default 1 MiB, rounded
 * to whole words); tests lower it so that events straddle chunks. */
void _ct_v0_backend_set_chunk_size     (CtReaderBackend *backend,
                                        gsize            chunk_size);
/* Messages up to this size (default 16 MiB) unpack into memory, larger ones
 * into a temporary file; applies to backends created afterwards. */
void _ct_v0_backend_set_in_memory_limit (gsize           bytes);

G_END_DECLS
