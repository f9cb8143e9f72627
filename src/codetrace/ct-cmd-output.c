/* ct-cmd-output.c: `codetrace output`, the I/O events and their steps
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>

#include "ct-cli-private.h"

static gboolean opt_json;
static gboolean opt_lenient;
static gboolean opt_text;

static const GOptionEntry entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json,
    "One JSON object per I/O event: step, kind, metadata, content", NULL },
  { "text", 0, 0, G_OPTION_ARG_NONE, &opt_text,
    "Only what the program printed (Write and WriteOther contents), as is", NULL },
  { "lenient", 0, 0, G_OPTION_ARG_NONE, &opt_lenient,
    "Read up to damage in the trace instead of failing", NULL },
  { NULL }
};

int
ct_cmd_output (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CtTraceFolder) folder = NULL;
  g_autoptr(CtModel) model = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  guint n;
  int exit_code;

  context = g_option_context_new ("TRACE");
  g_option_context_set_summary (context,
                                "Print the I/O events (Event records) with the step each belongs to:\n"
                                "STEP<tab>KIND<tab>CONTENT, the content escaped as a JSON string.\n"
                                "STEP is - for an event before the first step.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!ct_cli_parse (context, &argc, &argv, 1, &exit_code))
    return exit_code;

  if ((folder = ct_cli_open_folder (argv[0])) == NULL
      || (model = ct_cli_load_model (folder, opt_lenient)) == NULL)
    return CT_CLI_EXIT_FAILURE;

  n = ct_model_get_n_io (model);
  for (guint i = 0; i < n; i++)
    {
      CtModelIo io;

      ct_model_get_io (model, i, &io);
      if (opt_text)
        {
          if (io.kind == CT_EVENT_LOG_WRITE || io.kind == CT_EVENT_LOG_WRITE_OTHER)
            g_string_append (out, io.content);
          continue;
        }
      if (opt_json)
        {
          g_string_append (out, "{\"step\":");
          if (io.step == CT_MODEL_NONE)
            g_string_append (out, "null");
          else
            g_string_append_printf (out, "%u", io.step);
          g_string_append (out, ",\"kind\":");
          ct_cli_append_json_string (out, ct_event_log_kind_name (io.kind));
          g_string_append (out, ",\"metadata\":");
          ct_cli_append_json_string (out, io.metadata);
          g_string_append (out, ",\"content\":");
          ct_cli_append_json_string (out, io.content);
          g_string_append (out, "}\n");
        }
      else
        {
          if (io.step == CT_MODEL_NONE)
            g_string_append (out, "-");
          else
            g_string_append_printf (out, "%u", io.step);
          g_string_append_printf (out, "\t%s\t", ct_event_log_kind_name (io.kind));
          ct_cli_append_json_string (out, io.content);
          g_string_append_c (out, '\n');
        }
    }

  if (!ct_cli_write_all (stdout, out->str, out->len, &error)
      || fflush (stdout) != 0 || ferror (stdout))
    {
      ct_cli_error ("cannot write the output: %s", error != NULL ? error->message : g_strerror (errno));
      return CT_CLI_EXIT_FAILURE;
    }
  return CT_CLI_EXIT_OK;
}
