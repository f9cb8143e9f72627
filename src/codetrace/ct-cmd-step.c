/* ct-cmd-step.c: `codetrace step`, one step and its variables
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <stdlib.h>

#include "ct-cli-private.h"

static gboolean opt_json;
static gboolean opt_lenient;

static const GOptionEntry entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json,
    "Print the step as one JSON object", NULL },
  { "lenient", 0, 0, G_OPTION_ARG_NONE, &opt_lenient,
    "Read up to damage in the trace instead of failing", NULL },
  { NULL }
};

int
ct_cmd_step (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CtTraceFolder) folder = NULL;
  g_autoptr(CtModel) model = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) variables = NULL;
  g_autoptr(GArray) stack = NULL;
  g_autofree char *path = NULL;
  guint32 path_id, line, call;
  guint64 step;
  char *end = NULL;
  int exit_code;

  context = g_option_context_new ("TRACE N");
  g_option_context_set_summary (context,
                                "Print step N (from 0): its path and line, the call stack (innermost\n"
                                "first) and the variables there with their decoded values.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!ct_cli_parse (context, &argc, &argv, 2, &exit_code))
    return exit_code;

  step = g_ascii_strtoull (argv[1], &end, 10);
  if (end == argv[1] || *end != '\0' || step >= CT_MODEL_NONE)
    {
      ct_cli_error ("“%s” is not a step number", argv[1]);
      return CT_CLI_EXIT_USAGE;
    }

  if ((folder = ct_cli_open_folder (argv[0])) == NULL
      || (model = ct_cli_load_model (folder, opt_lenient)) == NULL)
    return CT_CLI_EXIT_FAILURE;

  if (!ct_model_get_step (model, (guint32) step, &path_id, &line, &call))
    {
      ct_cli_error ("no step %" G_GUINT64_FORMAT ": the trace has %u steps",
                    step, ct_model_get_n_steps (model));
      return CT_CLI_EXIT_FAILURE;
    }
  if ((variables = ct_model_get_variables (model, (guint32) step, &error)) == NULL)
    {
      ct_cli_error ("%s", error->message);
      return CT_CLI_EXIT_FAILURE;
    }
  path = ct_model_dup_path (model, path_id);
  stack = ct_model_get_call_stack (model, (guint32) step);

  if (opt_json)
    {
      g_string_append_printf (out, "{\"step\":%" G_GUINT64_FORMAT ",\"path_id\":%u,\"path\":", step, path_id);
      if (path != NULL)
        ct_cli_append_json_string (out, path);
      else
        g_string_append (out, "null");
      g_string_append_printf (out, ",\"line\":%u,\"call_stack\":[", line);
      for (guint i = 0; i < stack->len; i++)
        {
          guint32 id = g_array_index (stack, guint32, i);
          CtModelCall c;
          g_autofree char *function = NULL;

          ct_model_get_call (model, id, &c);
          function = ct_model_dup_function_name (model, c.function_id);
          g_string_append_printf (out, "%s{\"id\":%u,\"function\":", i > 0 ? "," : "", id);
          ct_cli_append_json_string (out, function);
          g_string_append_printf (out, ",\"depth\":%u}", c.depth);
        }
      g_string_append (out, "],\"variables\":[");
      for (guint i = 0; i < variables->len; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          ct_cli_append_value_json (out, g_ptr_array_index (variables, i));
        }
      g_string_append (out, "]}\n");
    }
  else
    {
      g_string_append_printf (out, "step %" G_GUINT64_FORMAT ": %s:%u\ncall stack:\n",
                              step, path != NULL ? path : "?", line);
      for (guint i = 0; i < stack->len; i++)
        {
          CtModelCall c;
          g_autofree char *function = NULL;

          ct_model_get_call (model, g_array_index (stack, guint32, i), &c);
          function = ct_model_dup_function_name (model, c.function_id);
          g_string_append_printf (out, "  #%u %s\n", c.id, function != NULL ? function : "?");
        }
      g_string_append (out, "variables:\n");
      for (guint i = 0; i < variables->len; i++)
        {
          g_string_append (out, "  ");
          ct_cli_append_value_human (out, g_ptr_array_index (variables, i));
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
