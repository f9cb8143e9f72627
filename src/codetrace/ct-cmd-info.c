/* ct-cmd-info.c: `codetrace info`, what a trace holds
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include "ct-cli-private.h"

static gboolean opt_json;
static gboolean opt_lenient;

static const GOptionEntry entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json,
    "Print the counts as one JSON object (the keys of FORMAT.md section 3, "
    "plus encoding, program, args and workdir)", NULL },
  { "lenient", 0, 0, G_OPTION_ARG_NONE, &opt_lenient,
    "Count up to damage in the trace instead of failing, and say where it stopped", NULL },
  { NULL }
};

static void
print_json (CtTraceFolder     *folder,
            const CtCliCounts *counts)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  const char * const *args = ct_trace_folder_get_args (folder);
  const char *program = ct_trace_folder_get_program (folder);
  const char *workdir = ct_trace_folder_get_workdir (folder);

  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "encoding");
  json_builder_add_string_value (builder,
                                 ct_encoding_to_string (ct_trace_folder_get_encoding (folder)));

  json_builder_set_member_name (builder, "program");
  if (program != NULL)
    json_builder_add_string_value (builder, program);
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "args");
  json_builder_begin_array (builder);
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    json_builder_add_string_value (builder, args[i]);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "workdir");
  if (workdir != NULL)
    json_builder_add_string_value (builder, workdir);
  else
    json_builder_add_null_value (builder);

  for (guint i = 0; i < CT_CLI_N_COUNTS; i++)
    {
      json_builder_set_member_name (builder, ct_cli_counts_key (i));
      json_builder_add_int_value (builder, ct_cli_counts_get (counts, i));
    }

  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, NULL);

  fputs (text, stdout);
  fputc ('\n', stdout);
}

/* Shell-like quoting, but only where an argument needs it to be read back. */
static void
append_arg (GString    *out,
            const char *arg)
{
  gboolean plain = arg[0] != '\0';

  for (const char *p = arg; *p != '\0' && plain; p++)
    plain = g_ascii_isalnum (*p) || strchr ("_-./,:=+@%", *p) != NULL || (guchar) *p >= 0x80;

  if (out->len > 0)
    g_string_append_c (out, ' ');

  if (plain)
    {
      g_string_append (out, arg);
    }
  else
    {
      g_autofree char *quoted = g_shell_quote (arg);

      g_string_append (out, quoted);
    }
}

static void
add_line (GPtrArray  *lines,
          const char *key,
          char       *value)
{
  g_ptr_array_add (lines, g_strdup (key));
  g_ptr_array_add (lines, value);
}

static void
print_human (CtTraceFolder     *folder,
             CtReader          *reader,
             const CtCliCounts *counts,
             guint64            n_events)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) args_line = g_string_new (NULL);
  const char * const *args = ct_trace_folder_get_args (folder);
  const char *program = ct_trace_folder_get_program (folder);
  const char *workdir = ct_trace_folder_get_workdir (folder);
  JsonObject *metadata = ct_trace_folder_get_metadata (folder);
  const GError *stop = ct_reader_get_stop_error (reader);
  int width = 0;

  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    append_arg (args_line, args[i]);

  add_line (lines, "trace", g_strdup (ct_trace_folder_get_trace_file (folder)));
  add_line (lines, "encoding",
            g_strdup (ct_encoding_to_string (ct_trace_folder_get_encoding (folder))));
  add_line (lines, "program", g_strdup (program != NULL ? program : "(unknown)"));
  add_line (lines, "args", g_strdup (args_line->str));
  add_line (lines, "workdir", g_strdup (workdir != NULL ? workdir : "(unknown)"));

  /* recorders add keys of their own (recorder, process_exit_status, ...):
   * show them as they are */
  if (metadata != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (metadata);

      for (const GList *l = members; l != NULL; l = l->next)
        {
          const char *key = l->data;
          JsonNode *node = json_object_get_member (metadata, key);

          if (strcmp (key, "program") == 0 || strcmp (key, "args") == 0
              || strcmp (key, "workdir") == 0)
            continue;

          if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
            add_line (lines, key, g_strdup (json_node_get_string (node)));
          else
            add_line (lines, key, json_to_string (node, FALSE));
        }
    }

  for (guint i = 0; i < CT_CLI_N_COUNTS; i++)
    add_line (lines, ct_cli_counts_key (i),
              g_strdup_printf ("%" G_GINT64_FORMAT, ct_cli_counts_get (counts, i)));

  if (stop != NULL)
    add_line (lines, "stopped",
              g_strdup_printf ("at event #%" G_GUINT64_FORMAT ": %s", n_events, stop->message));

  for (guint i = 0; i < lines->len; i += 2)
    width = MAX (width, (int) strlen (g_ptr_array_index (lines, i)));

  for (guint i = 0; i < lines->len; i += 2)
    printf ("%s:%*s %s\n",
            (const char *) g_ptr_array_index (lines, i),
            width - (int) strlen (g_ptr_array_index (lines, i)), "",
            (const char *) g_ptr_array_index (lines, i + 1));

  ct_cli_print_deviations (stdout, "warning: ", reader);
}

static CtCliCounts *progress_counts;
static CtCliProgress *progress_state;

static void
count_event (const CtEvent *event,
             gpointer       user_data)
{
  ct_cli_counts_add (progress_counts, event);
  ct_cli_progress_tick (progress_state, progress_counts->events);
}

int
ct_cmd_info (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CtTraceFolder) folder = NULL;
  g_autoptr(CtReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CtModel) model = NULL;
  CtCliProgress progress;
  CtCliCounts counts;
  int exit_code;

  context = g_option_context_new ("TRACE");
  g_option_context_set_summary (context,
                                "Show the program, encoding and event counts of a trace.\n"
                                "The counts follow FORMAT.md section 3, so that every tool agrees.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!ct_cli_parse (context, &argc, &argv, 1, &exit_code))
    return exit_code;

  if ((folder = ct_cli_open_folder (argv[0])) == NULL
      || (reader = ct_cli_open_reader (folder, opt_lenient)) == NULL)
    return CT_CLI_EXIT_FAILURE;

  ct_cli_counts_init (&counts);
  ct_cli_progress_init (&progress, reader, "info", FALSE);

  /* one pass: the model is built while the events are counted */
  progress_counts = &counts;
  progress_state = &progress;
  model = ct_model_new (ct_trace_folder_get_trace_file (folder));
  if (!ct_model_load_from_reader (model, reader, count_event, NULL, NULL, &error))
    {
      ct_cli_progress_clear (&progress);
      ct_cli_error ("%s", error->message);
      return CT_CLI_EXIT_FAILURE;
    }

  ct_cli_progress_clear (&progress);

  ct_cli_counts_finish (&counts);
  /* the call counts are the model's (FORMAT.md section 3) */
  counts.calls = ct_model_get_n_calls (model);
  counts.max_depth = ct_model_get_max_depth (model);
  counts.unfinished_calls = ct_model_get_n_unfinished_calls (model);

  if (opt_json)
    {
      /* stdout holds exactly the documented keys: the rest goes to stderr */
      print_json (folder, &counts);
      ct_cli_print_deviations (stderr, "codetrace: warning: ", reader);
      ct_cli_warn_stop (reader, counts.events);
    }
  else
    {
      print_human (folder, reader, &counts, counts.events);
    }

  if (fflush (stdout) != 0 || ferror (stdout))
    {
      ct_cli_error ("cannot write the output: %s", g_strerror (errno));
      return CT_CLI_EXIT_FAILURE;
    }

  return CT_CLI_EXIT_OK;
}
