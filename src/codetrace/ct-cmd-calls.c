/* ct-cmd-calls.c: `codetrace calls`, the call tree
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
static int opt_depth;

static const GOptionEntry entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json,
    "Print one JSON object per call, in the order the calls started", NULL },
  { "depth", 0, 0, G_OPTION_ARG_INT, &opt_depth,
    "Only calls at most N deep (1 = the root calls)", "N" },
  { "lenient", 0, 0, G_OPTION_ARG_NONE, &opt_lenient,
    "Show the calls up to damage in the trace instead of failing", NULL },
  { NULL }
};

static void
append_step (GString *out,
             guint32  step)
{
  if (step == CT_MODEL_NONE)
    g_string_append (out, "null");
  else
    g_string_append_printf (out, "%u", step);
}

static gboolean
print_call (CtModel     *model,
            guint32      id,
            GString     *out,
            GError     **error)
{
  g_autoptr(GPtrArray) args = NULL;
  g_autoptr(CtModelValue) ret = NULL;
  g_autofree char *function = NULL;
  CtModelCall call;

  ct_model_get_call (model, id, &call);
  function = ct_model_dup_function_name (model, call.function_id);
  if ((args = ct_model_get_call_args (model, id, error)) == NULL)
    return FALSE;
  if ((call.flags & CT_MODEL_CALL_RETURNED)
      && (ret = ct_model_get_return_value (model, id, error)) == NULL)
    return FALSE;

  g_string_set_size (out, 0);
  if (opt_json)
    {
      g_string_append_printf (out, "{\"id\":%u,\"function\":", id);
      ct_cli_append_json_string (out, function != NULL ? function : "");
      g_string_append (out, ",\"function_id\":");
      append_step (out, call.function_id);
      g_string_append (out, ",\"parent\":");
      append_step (out, call.parent);
      g_string_append_printf (out, ",\"depth\":%u,\"first_step\":", call.depth);
      append_step (out, call.first_step);
      g_string_append (out, ",\"last_step\":");
      append_step (out, call.last_step);
      g_string_append_printf (out, ",\"children\":%u,\"unfinished\":%s,\"args\":[",
                              ct_model_get_n_children (model, id),
                              (call.flags & CT_MODEL_CALL_UNFINISHED) ? "true" : "false");
      for (guint i = 0; i < args->len; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          ct_cli_append_value_json (out, g_ptr_array_index (args, i));
        }
      g_string_append (out, "],\"return_value\":");
      if (ret != NULL)
        g_string_append (out, ret->value_json);
      else
        g_string_append (out, "null");
      g_string_append (out, "}\n");
    }
  else
    {
      for (guint i = 1; i < call.depth; i++)
        g_string_append (out, "  ");
      g_string_append_printf (out, "%s(", function != NULL ? function : "?");
      for (guint i = 0; i < args->len; i++)
        {
          if (i > 0)
            g_string_append (out, ", ");
          ct_cli_append_value_human (out, g_ptr_array_index (args, i));
        }
      g_string_append_c (out, ')');
      if (ret != NULL)
        g_string_append_printf (out, " -> %s", ret->value_json);
      if (call.first_step != CT_MODEL_NONE)
        g_string_append_printf (out, "  steps %u..%u", call.first_step, call.last_step);
      else
        g_string_append (out, "  no steps");
      g_string_append_printf (out, ", %u children", ct_model_get_n_children (model, id));
      if (call.flags & CT_MODEL_CALL_UNFINISHED)
        g_string_append (out, ", unfinished");
      g_string_append_c (out, '\n');
    }

  return ct_cli_write_all (stdout, out->str, out->len, error);
}

int
ct_cmd_calls (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CtTraceFolder) folder = NULL;
  g_autoptr(CtModel) model = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  guint32 n_calls;
  int exit_code;

  context = g_option_context_new ("TRACE");
  g_option_context_set_summary (context,
                                "Print the call tree: function, args, return value, first and last\n"
                                "step, number of children, and whether the call never returned.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!ct_cli_parse (context, &argc, &argv, 1, &exit_code))
    return exit_code;

  if ((folder = ct_cli_open_folder (argv[0])) == NULL
      || (model = ct_cli_load_model (folder, opt_lenient)) == NULL)
    return CT_CLI_EXIT_FAILURE;

  /* Calls are numbered in the order they started, which is the tree's
   * pre-order (per thread), so no recursion is needed. */
  n_calls = ct_model_get_n_calls (model);
  for (guint32 id = 0; id < n_calls; id++)
    {
      CtModelCall call;

      ct_model_get_call (model, id, &call);
      if (opt_depth > 0 && call.depth > (guint) opt_depth)
        continue;
      if (!print_call (model, id, out, &error))
        {
          ct_cli_error ("%s", error->message);
          return CT_CLI_EXIT_FAILURE;
        }
    }

  if (fflush (stdout) != 0 || ferror (stdout))
    {
      ct_cli_error ("cannot write the output: %s", g_strerror (errno));
      return CT_CLI_EXIT_FAILURE;
    }
  return CT_CLI_EXIT_OK;
}
