/* ct-encoding.c
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "ct-encoding.h"
#include "ct-error.h"

const char *
ct_encoding_to_string (CtEncoding encoding)
{
  switch (encoding)
    {
    case CT_ENCODING_JSON:
      return "json";
    case CT_ENCODING_BINARY_V1:
      return "binary";
    case CT_ENCODING_BINARY_V0:
      return "binary-v0";
    case CT_ENCODING_UNKNOWN:
    default:
      return "unknown";
    }
}

gboolean
ct_encoding_from_string (const char *str,
                         CtEncoding *out_encoding)
{
  if (g_strcmp0 (str, "json") == 0)
    *out_encoding = CT_ENCODING_JSON;
  else if (g_strcmp0 (str, "binary") == 0 || g_strcmp0 (str, "binary-v1") == 0)
    *out_encoding = CT_ENCODING_BINARY_V1;
  else if (g_strcmp0 (str, "binary-v0") == 0)
    *out_encoding = CT_ENCODING_BINARY_V0;
  else
    return FALSE;
  return TRUE;
}

const char *
ct_encoding_file_name (CtEncoding encoding)
{
  return encoding == CT_ENCODING_JSON ? "trace.json" : "trace.bin";
}

CtEncoding
ct_encoding_detect_file (const char  *file_path,
                         GError     **error)
{
  guint8 head[CT_BINARY_HEADER_SIZE];
  gssize n = 0;
  int fd;

  fd = g_open (file_path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "%s: %s", file_path, g_strerror (saved));
      return CT_ENCODING_UNKNOWN;
    }

  while (n < (gssize) sizeof head)
    {
      gssize r = read (fd, head + n, sizeof head - n);
      if (r < 0 && errno == EINTR)
        continue;
      if (r <= 0)
        break;
      n += r;
    }
  close (fd);

  if (n >= 5 && memcmp (head, CT_V1_HEADER, 5) == 0)
    {
      if (n < CT_BINARY_HEADER_SIZE)
        {
          g_set_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_HEADER,
                       "%s: only %d bytes long, shorter than the 8-byte trace.bin header",
                       file_path, (int) n);
          return CT_ENCODING_UNKNOWN;
        }
      if (memcmp (head, CT_V1_HEADER, CT_BINARY_HEADER_SIZE) == 0)
        return CT_ENCODING_BINARY_V1;
      if (memcmp (head, CT_V0_HEADER, CT_BINARY_HEADER_SIZE) == 0)
        return CT_ENCODING_BINARY_V0;
      g_set_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_HEADER,
                   "%s: unknown trace.bin version (header bytes 5-7 are %02X %02X %02X; "
                   "known are 01 00 00 and 00 00 00)",
                   file_path, head[5], head[6], head[7]);
      return CT_ENCODING_UNKNOWN;
    }

  /* JSON: the first non-space byte is `[`. Only the first few bytes are
   * looked at; the reader reports anything wrong later, with its offset. */
  for (gssize i = 0; i < n; i++)
    {
      if (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' || head[i] == '\t')
        continue;
      if (head[i] == '[')
        return CT_ENCODING_JSON;
      break;
    }

  if (n == 0 || g_str_has_suffix (file_path, ".json"))
    {
      /* An empty or odd trace.json: let the JSON reader give the exact error. */
      if (g_str_has_suffix (file_path, ".json"))
        return CT_ENCODING_JSON;
    }

  g_set_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_HEADER,
               "%s: not a trace: neither a JSON array nor a trace.bin header "
               "(C0 DE 72 AC E2 ...) at byte 0",
               file_path);
  return CT_ENCODING_UNKNOWN;
}
