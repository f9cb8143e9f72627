/* ct-bench-read.c: read every event of a trace into the C model, and time it
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "codetrace.h"

/* Usage: ct-bench-read [--kinds] TRACE_FILE
 *
 * Opens trace.json, trace.bin v1 or trace.bin v0 with ct_reader_new(), pulls
 * every event and touches it (counts its kind, sums its ids, lines and string
 * lengths, so the work cannot be optimised away), then prints one line:
 *
 *   events=N seconds=S bytes=B mb_per_s=X peak_rss_kb=K encoding=E checksum=C
 *
 * bytes is the size of the file, MB is 10^6 bytes, peak_rss_kb is VmHWM from
 * /proc/self/status. With --kinds, one "kind=NAME count=N" line per kind seen
 * follows. Exit status 1 if the trace cannot be read to its end. */

static guint64
peak_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;

  line = strstr (status, "VmHWM:");
  if (line == NULL)
    return 0;

  return g_ascii_strtoull (line + strlen ("VmHWM:"), NULL, 10);
}

static guint64
touch_str (CtStr s)
{
  return s.len + (s.len > 0 ? (guchar) s.str[0] : 0);
}

static guint64
touch_value (const CtValue *value)
{
  if (value == NULL)
    return 0;

  switch (value->kind)
    {
    case CT_VALUE_INT:
      return (guint64) value->i + (guint64) value->type_id;
    case CT_VALUE_STRING:
    case CT_VALUE_RAW:
    case CT_VALUE_ERROR:
    case CT_VALUE_CHAR:
      return touch_str (value->text) + (guint64) value->type_id;
    case CT_VALUE_SEQUENCE:
    case CT_VALUE_TUPLE:
    case CT_VALUE_STRUCT:
      return value->seq.n_items + (guint64) value->type_id;
    default:
      return (guint64) value->kind + (guint64) value->type_id;
    }
}

static guint64
touch_event (const CtEvent *event)
{
  switch (event->kind)
    {
    case CT_EVENT_STEP:
      return (guint64) event->step.path_id + (guint64) event->step.line;
    case CT_EVENT_PATH:
    case CT_EVENT_VARIABLE_NAME:
    case CT_EVENT_VARIABLE:
      return touch_str (event->name);
    case CT_EVENT_TYPE:
      return event->type.kind + touch_str (event->type.lang_type);
    case CT_EVENT_VALUE:
      return (guint64) event->value.variable_id + touch_value (event->value.value);
    case CT_EVENT_FUNCTION:
      return (guint64) event->function.line + touch_str (event->function.name);
    case CT_EVENT_CALL:
      return (guint64) event->call.function_id + event->call.n_args;
    case CT_EVENT_RETURN:
      return touch_value (event->ret.return_value);
    case CT_EVENT_EVENT:
      return event->io.kind + touch_str (event->io.content);
    default:
      return event->kind;
    }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(CtReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  guint64 counts[CT_N_EVENT_KINDS] = { 0 };
  const CtEvent *event;
  gboolean show_kinds = FALSE;
  const char *path;
  guint64 n_events = 0;
  guint64 checksum = 0;
  guint64 size;
  gint64 start;
  double seconds;

  if (argc == 3 && strcmp (argv[1], "--kinds") == 0)
    show_kinds = TRUE;
  else if (argc != 2 || argv[1][0] == '-')
    {
      fprintf (stderr, "Usage: %s [--kinds] TRACE_FILE\n", argv[0]);
      return 2;
    }
  path = argv[argc - 1];

  start = g_get_monotonic_time ();

  reader = ct_reader_new (path, CT_READER_FLAGS_NONE, &error);
  if (reader == NULL)
    {
      fprintf (stderr, "ct-bench-read: %s\n", error->message);
      return 1;
    }

  while ((event = ct_reader_next (reader, &error)) != NULL)
    {
      counts[event->kind < CT_N_EVENT_KINDS ? event->kind : CT_EVENT_UNKNOWN]++;
      checksum += touch_event (event);
      n_events++;
    }

  if (error != NULL)
    {
      fprintf (stderr, "ct-bench-read: %s\n", error->message);
      return 1;
    }

  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  size = ct_reader_get_size (reader);

  printf ("events=%" G_GUINT64_FORMAT " seconds=%.3f bytes=%" G_GUINT64_FORMAT
          " mb_per_s=%.1f peak_rss_kb=%" G_GUINT64_FORMAT " encoding=%s"
          " checksum=%" G_GUINT64_FORMAT "\n",
          n_events, seconds, size,
          seconds > 0 ? size / 1e6 / seconds : 0.0,
          peak_rss_kb (),
          ct_encoding_to_string (ct_reader_get_encoding (reader)),
          checksum);

  if (show_kinds)
    for (guint kind = 0; kind < CT_N_EVENT_KINDS; kind++)
      if (counts[kind] > 0)
        printf ("kind=%s count=%" G_GUINT64_FORMAT "\n",
                ct_event_kind_name (kind), counts[kind]);

  return 0;
}
