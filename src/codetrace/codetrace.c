/* codetrace.c: the command line tool's entry point
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "ct-cli-private.h"

typedef struct
{
  const char *name;
  int       (*run) (int    argc,
                    char **argv);
  const char *summary;
} CtCliCommand;

static const CtCliCommand commands[] = {
  { "info", ct_cmd_info, "Show a trace's program, encoding and event counts" },
  { "dump", ct_cmd_dump, "Print every event as one compact JSON line" },
  { "convert", ct_cmd_convert, "Write a copy of a trace folder in another encoding" },
  { "validate", ct_cmd_validate, "Check a trace against runtime_tracing 0.15.0" },
  { "calls", ct_cmd_calls, "Print the call tree with args and return values" },
  { "step", ct_cmd_step, "Print a step: its line, call stack and variables" },
  { "output", ct_cmd_output, "Print the I/O events with their step numbers" },
};

static void
print_usage (FILE *out)
{
  fputs ("Usage:\n"
         "  codetrace COMMAND [OPTION…] TRACE…\n"
         "\n"
         "Commands:\n", out);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-10s%s\n", commands[i].name, commands[i].summary);
  fputs ("\n"
         "TRACE is a trace folder, or the trace.json / trace.bin in it.\n"
         "Run “codetrace COMMAND --help” for the options of a command.\n"
         "\n"
         "Exit status: 0 success, 1 bad trace or failure, 2 usage error.\n", out);
}

int
main (int    argc,
      char **argv)
{
  const char *name;

  /* The locale for GOptionContext's messages and file name charset; numbers
   * stay in C format, as the JSON output and the tests expect. */
  setlocale (LC_ALL, "");
  setlocale (LC_NUMERIC, "C");

  if (argc < 2)
    {
      print_usage (stderr);
      return CT_CLI_EXIT_USAGE;
    }

  name = argv[1];

  if (strcmp (name, "--help") == 0 || strcmp (name, "-h") == 0 || strcmp (name, "help") == 0)
    {
      print_usage (stdout);
      return CT_CLI_EXIT_OK;
    }

  if (strcmp (name, "--version") == 0)
    {
      printf ("codetrace %s\n", PACKAGE_VERSION);
      return CT_CLI_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (strcmp (name, commands[i].name) == 0)
        {
          g_autofree char *prgname = g_strdup_printf ("codetrace %s", name);

          /* GOptionContext puts the program name in each command's usage */
          g_set_prgname (prgname);
          return commands[i].run (argc - 1, argv + 1);
        }
    }

  ct_cli_error ("unknown command “%s”", name);
  print_usage (stderr);
  return CT_CLI_EXIT_USAGE;
}
