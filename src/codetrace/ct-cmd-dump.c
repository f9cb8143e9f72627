/* ct-cmd-dump.c: `codetrace dump`, one compact JSON line per event
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <unistd.h>

#include "ct-cli-private.h"

/* Output goes out in writes of about this size: one syscall per thousands
 * of events is what makes dumping ten million events quick. */
#define BATCH_SIZE (1024 * 1024)

static gboolean opt_lenient;

static const GOptionEntry entries[] = {
  { "lenient", 0, 0, G_OPTION_ARG_NONE, &opt_lenient,
    "Print the events up to damage in the trace instead of failing, "
    "and say where it stopped", NULL },
  { NULL }
};

int
ct_cmd_dump (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CtTraceFolder) folder = NULL;
  g_autoptr(CtReader) reader = NULL;
  g_autoptr(GByteArray) buffer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) write_error = NULL;
  CtCliProgress progress;
  const CtEvent *event;
  guint64 n_events = 0;
  int exit_code;

  context = g_option_context_new ("TRACE");
  g_option_context_set_summary (context,
                                "Print every event of a trace as one compact JSON line, as serde_json\n"
                                "writes it: the same bytes whatever the encoding of the trace.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!ct_cli_parse (context, &argc, &argv, 1, &exit_code))
    return exit_code;

  if ((folder = ct_cli_open_folder (argv[0])) == NULL
      || (reader = ct_cli_open_reader (folder, opt_lenient)) == NULL)
    return CT_CLI_EXIT_FAILURE;

  buffer = g_byte_array_sized_new (BATCH_SIZE + 64 * 1024);

  /* a progress line on the terminal the events scroll on would garble both */
  ct_cli_progress_init (&progress, reader, "dump", isatty (STDOUT_FILENO));

  while ((event = ct_reader_next (reader, &error)) != NULL)
    {
      ct_event_append_json (event, buffer);
      g_byte_array_append (buffer, (const guint8 *) "\n", 1);
      n_events++;

      if (buffer->len >= BATCH_SIZE)
        {
          if (!ct_cli_write_all (stdout, buffer->data, buffer->len, &write_error))
            break;
          g_byte_array_set_size (buffer, 0);
        }

      ct_cli_progress_tick (&progress, n_events);
    }

  ct_cli_progress_clear (&progress);

  /* what was read before an error is good: it goes out first */
  if (write_error == NULL)
    ct_cli_write_all (stdout, buffer->data, buffer->len, &write_error);

  if (write_error == NULL && fflush (stdout) != 0)
    g_set_error (&write_error, G_IO_ERROR, g_io_error_from_errno (errno),
                 "cannot write the output: %s", g_strerror (errno));

  if (write_error != NULL)
    {
      ct_cli_error ("%s", write_error->message);
      return CT_CLI_EXIT_FAILURE;
    }

  if (error != NULL)
    {
      ct_cli_error ("%s", error->message);
      return CT_CLI_EXIT_FAILURE;
    }

  ct_cli_warn_stop (reader, n_events);

  return CT_CLI_EXIT_OK;
}
