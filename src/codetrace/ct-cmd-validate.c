/* ct-cmd-validate.c: `codetrace validate`, checks against runtime_tracing 0.15.0
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ct-cli-private.h"

/* Beyond this many problems of one kind only their number is printed: a
 * trace broken once is often broken the same way a million times. */
#define MAX_PRINTED_PER_KIND 20

static gboolean opt_lenient;
static gboolean opt_strict;

static const GOptionEntry entries[] = {
  { "lenient", 0, 0, G_OPTION_ARG_NONE, &opt_lenient,
    "Check the events up to damage in the trace and report where it stopped "
    "(the exit status is still 1)", NULL },
  { "strict", 0, 0, G_OPTION_ARG_NONE, &opt_strict,
    "Count deviations from 0.15.0 as errors", NULL },
  { NULL }
};

static const char description[] =
  "Errors (exit status 1):\n"
  "  read                reading stopped: truncated or corrupt trace\n"
  "  unbalanced-return   a Return with no open call\n"
  "  unknown-path        a path id used before its Path event\n"
  "  unknown-function    a function id used before its Function event\n"
  "  unknown-variable    a variable id used before its VariableName event\n"
  "  unknown-type        a type id (also in nested values and struct fields)\n"
  "                      used before its Type event\n"
  "  unknown-variant     an event variant 0.15.0 does not know\n"
  "  unknown-value-kind  a value kind 0.15.0 does not know\n"
  "\n"
  "Warnings (kind “deviation”): what real recorders write that runtime_tracing\n"
  "0.15.0 does not allow (FORMAT.md section 7: integers beyond 64 bits, booleans\n"
  "as Int, floats as strings, other Assignment shapes, ...). Every reader of this\n"
  "project opens such traces, so deviations alone leave the exit status 0;\n"
  "with --strict they are errors.\n"
  "\n"
  "Each problem is printed with its event index (from 0); beyond 20 of one kind\n"
  "only their number is printed.";

typedef struct
{
  guint64 counts[CT_CLI_N_PROBLEMS];
  guint64 n_errors;
  guint64 n_warnings;
} ValidateState;

static gboolean
is_error (CtCliProblem problem)
{
  return opt_strict || ct_cli_problem_is_error (problem);
}

static void
on_problem (CtCliProblem  problem,
            guint64       index,
            const char   *message,
            gpointer      user_data)
{
  ValidateState *state = user_data;

  if (is_error (problem))
    state->n_errors++;
  else
    state->n_warnings++;

  if (++state->counts[problem] <= MAX_PRINTED_PER_KIND)
    printf ("event #%" G_GUINT64_FORMAT ": %s: %s: %s\n",
            index, is_error (problem) ? "error" : "warning",
            ct_cli_problem_name (problem), message);
}

static void
print_collapsed (const ValidateState *state)
{
  for (guint p = 0; p < CT_CLI_N_PROBLEMS; p++)
    {
      guint64 n = state->counts[p];

      if (n <= MAX_PRINTED_PER_KIND)
        continue;

      if (p >= CT_CLI_PROBLEM_DEVIATION)
        printf ("%s: %s: %" G_GUINT64_FORMAT " more (%" G_GUINT64_FORMAT " in all)\n",
                ct_cli_problem_name (p), ct_cli_deviation_name (p - CT_CLI_PROBLEM_DEVIATION),
                n - MAX_PRINTED_PER_KIND, n);
      else
        printf ("%s: %" G_GUINT64_FORMAT " more (%" G_GUINT64_FORMAT " in all)\n",
                ct_cli_problem_name (p), n - MAX_PRINTED_PER_KIND, n);
    }
}

int
ct_cmd_validate (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CtTraceFolder) folder = NULL;
  g_autoptr(CtReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  CtCliValidator validator;
  CtCliProgress progress;
  ValidateState state = { { 0 } };
  const CtEvent *event;
  const GError *stop;
  guint64 n_events = 0;
  int exit_code;

  context = g_option_context_new ("TRACE");
  g_option_context_set_summary (context,
                                "Check a trace against runtime_tracing 0.15.0: every problem is listed\n"
                                "with its event index. Exit status 0 when there are no errors.");
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!ct_cli_parse (context, &argc, &argv, 1, &exit_code))
    return exit_code;

  if ((folder = ct_cli_open_folder (argv[0])) == NULL)
    return CT_CLI_EXIT_FAILURE;

  reader = ct_trace_folder_open_reader (folder,
                                        opt_lenient ? CT_READER_LENIENT : CT_READER_FLAGS_NONE,
                                        &error);
  if (reader != NULL)
    {
      ct_cli_validator_init (&validator, on_problem, &state);
      ct_cli_progress_init (&progress, reader, "validate", FALSE);

      while ((event = ct_reader_next (reader, &error)) != NULL)
        {
          ct_cli_validator_check (&validator, n_events, event);
          n_events++;
          ct_cli_progress_tick (&progress, n_events);
        }

      ct_cli_progress_clear (&progress);
      ct_cli_validator_clear (&validator);
    }

  /* Strict or lenient, damage is an error at the first event not read; a
   * trace file that cannot even be opened is damaged at event 0. */
  stop = (error != NULL || reader == NULL) ? error : ct_reader_get_stop_error (reader);
  if (stop != NULL)
    on_problem (CT_CLI_PROBLEM_READ, n_events, stop->message, &state);

  print_collapsed (&state);

  if (state.n_errors == 0 && state.n_warnings == 0)
    printf ("%s: %" G_GUINT64_FORMAT " events: valid\n",
            ct_trace_folder_get_trace_file (folder), n_events);
  else
    printf ("%s: %" G_GUINT64_FORMAT " events%s: %" G_GUINT64_FORMAT " error%s, %"
            G_GUINT64_FORMAT " warning%s\n",
            ct_trace_folder_get_trace_file (folder), n_events,
            stop != NULL ? " read" : "",
            state.n_errors, state.n_errors == 1 ? "" : "s",
            state.n_warnings, state.n_warnings == 1 ? "" : "s");

  fflush (stdout);

  return state.n_errors > 0 ? CT_CLI_EXIT_FAILURE : CT_CLI_EXIT_OK;
}
