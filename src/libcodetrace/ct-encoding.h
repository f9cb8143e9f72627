/* ct-encoding.h
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CT_ENCODING_UNKNOWN,
  CT_ENCODING_JSON,      /* trace.json */
  CT_ENCODING_BINARY_V1, /* trace.bin v1: CBOR in seekable zstd */
  CT_ENCODING_BINARY_V0, /* trace.bin v0: packed Cap'n Proto */
} CtEncoding;

#define CT_V1_HEADER ((const guint8 *) "\xC0\xDE\x72\xAC\xE2\x01\x00\x00")
#define CT_V0_HEADER ((const guint8 *) "\xC0\xDE\x72\xAC\xE2\x00\x00\x00")
#define CT_BINARY_HEADER_SIZE 8

/* "json", "binary" (v1) and "binary-v0", as the command line names them */
const char *ct_encoding_to_string   (CtEncoding   encoding);
gboolean    ct_encoding_from_string (const char  *str,
                                     CtEncoding  *out_encoding);
/* The file name a trace of this encoding has in a trace folder */
const char *ct_encoding_file_name   (CtEncoding   encoding);
/* By the header for trace.bin, by the first byte for JSON. */
CtEncoding  ct_encoding_detect_file (const char  *file_path,
                                     GError     **error);

G_END_DECLS
