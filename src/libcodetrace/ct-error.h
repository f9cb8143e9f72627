/* ct-error.h
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CT_TRACE_ERROR (ct_trace_error_quark ())

typedef enum
{
  CT_TRACE_ERROR_TRUNCATED = 1, /* the input ends inside an event or container */
  CT_TRACE_ERROR_CORRUPT,       /* not valid JSON / CBOR / zstd / Cap'n Proto */
  CT_TRACE_ERROR_SCHEMA,        /* valid syntax, but not a trace event */
  CT_TRACE_ERROR_HEADER,        /* unknown or damaged trace.bin header */
  CT_TRACE_ERROR_LIMIT,         /* nesting or size beyond what we accept */
  CT_TRACE_ERROR_UNSUPPORTED,   /* cannot be written in the target encoding */
  CT_TRACE_ERROR_NOT_FOUND,     /* no trace in the folder */
  CT_TRACE_ERROR_UNSAFE_PATH,   /* a path that would leave the trace folder */
  CT_TRACE_ERROR_INVALID,       /* a semantic problem found by validation */
} CtTraceError;

GQuark ct_trace_error_quark (void);

G_END_DECLS
