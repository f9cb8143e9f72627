/* ct-cli-common.c: messages, option parsing and opening traces for all commands
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "ct-cli-private.h"

static void
print_message (const char *prefix,
               const char *format,
               va_list     args)
{
  g_autofree char *message = g_strdup_vprintf (format, args);

  /* One write per line keeps messages whole when stderr is shared. */
  g_autofree char *line = g_strconcat ("codetrace: ", prefix, message, "\n", NULL);

  fputs (line, stderr);
  fflush (stderr);
}

void
ct_cli_error (const char *format,
              ...)
{
  va_list args;

  va_start (args, format);
  print_message ("", format, args);
  va_end (args);
}

void
ct_cli_warning (const char *format,
                ...)
{
  va_list args;

  va_start (args, format);
  print_message ("warning: ", format, args);
  va_end (args);
}

gboolean
ct_cli_parse (GOptionContext   *context,
              int              *argc,
              char           ***argv,
              int               n_positional,
              int              *exit_code)
{
  g_autoptr(GError) error = NULL;

  /* --help prints on stdout and exits 0 inside the parser, as GLib tools do */
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      ct_cli_error ("%s", error->message);
      goto usage;
    }

  if (*argc - 1 < n_positional)
    {
      ct_cli_error ("missing arguments");
      goto usage;
    }

  if (*argc - 1 > n_positional)
    {
      ct_cli_error ("unexpected argument “%s”", (*argv)[n_positional + 1]);
      goto usage;
    }

  /* a bare "-" is left alone by the parser; no command reads stdin */
  for (int i = 1; i < *argc; i++)
    {
      if ((*argv)[i][0] == '-' && (*argv)[i][1] == '\0')
        {
          ct_cli_error ("reading a trace from standard input is not supported");
          goto usage;
        }
    }

  (*argc)--;
  (*argv)++;
  return TRUE;

usage:
  {
    g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

    fputs (help, stderr);
    *exit_code = CT_CLI_EXIT_USAGE;
    return FALSE;
  }
}

CtTraceFolder *
ct_cli_open_folder (const char *path)
{
  g_autoptr(CtTraceFolder) folder = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *warnings;

  folder = ct_trace_folder_open (path, &error);
  if (folder == NULL)
    {
      ct_cli_error ("%s", error->message);
      return NULL;
    }

  /* these include the choice between trace.json and trace.bin when a
   * folder has both */
  warnings = ct_trace_folder_get_warnings (folder);
  for (guint i = 0; warnings != NULL && warnings[i] != NULL; i++)
    ct_cli_warning ("%s", warnings[i]);

  return g_steal_pointer (&folder);
}

CtReader *
ct_cli_open_reader (CtTraceFolder *folder,
                    gboolean       lenient)
{
  g_autoptr(GError) error = NULL;
  CtReader *reader;

  reader = ct_trace_folder_open_reader (folder,
                                        lenient ? CT_READER_LENIENT : CT_READER_FLAGS_NONE,
                                        &error);
  if (reader == NULL)
    ct_cli_error ("%s", error->message);

  return reader;
}

void
ct_cli_warn_stop (CtReader *reader,
                  guint64   n_events)
{
  const GError *stop = ct_reader_get_stop_error (reader);

  if (stop != NULL)
    ct_cli_warning ("stopped early, at event #%" G_GUINT64_FORMAT ": %s",
                    n_events, stop->message);
}

const char *
ct_cli_deviation_name (guint bit)
{
  const char *name = ct_deviation_describe ((CtDeviation) (1u << bit));

  return name != NULL ? name : "deviation from 0.15.0";
}

void
ct_cli_print_deviations (FILE       *out,
                         const char *prefix,
                         CtReader   *reader)
{
  guint found = ct_reader_get_deviations (reader);

  for (guint bit = 0; bit < CT_N_DEVIATIONS; bit++)
    {
      guint64 first = 0;
      guint64 n;

      if ((found & (1u << bit)) == 0)
        continue;

      n = ct_reader_get_deviation_count (reader, (CtDeviation) (1u << bit), &first);
      fprintf (out, "%s%s: %" G_GUINT64_FORMAT " event%s, first #%" G_GUINT64_FORMAT "\n",
               prefix, ct_cli_deviation_name (bit), n, n == 1 ? "" : "s", first);
    }
}

gboolean
ct_cli_write_all (FILE        *out,
                  const void  *data,
                  gsize        len,
                  GError     **error)
{
  if (len > 0 && fwrite (data, 1, len, out) != len)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   "cannot write the output: %s", g_strerror (errsv));
      return FALSE;
    }

  return TRUE;
}
