/* ct-cmd-convert.c: `codetrace convert`, a trace folder in another encoding
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "ct-cli-private.h"

static char *opt_to;
static gboolean opt_force;
static gboolean opt_lenient;

static const GOptionEntry entries[] = {
  { "to", 't', 0, G_OPTION_ARG_STRING, &opt_to,
    "Encoding of the new trace: json, binary (v1) or binary-v0", "ENCODING" },
  { "force", 'f', 0, G_OPTION_ARG_NONE, &opt_force,
    "Replace OUT if it exists", NULL },
  { "lenient", 0, 0, G_OPTION_ARG_NONE, &opt_lenient,
    "Convert the events up to damage in the trace instead of failing", NULL },
  { NULL }
};

/* The side files go over as they are: only the event stream is re-encoded. */
static const char * const side_files[] = { "trace_metadata.json", "trace_paths.json" };

static gboolean
copy_side_files (CtTraceFolder  *folder,
                 const char     *dest_dir,
                 GError        **error)
{
  const char *src_dir = ct_trace_folder_get_dir (folder);
  g_autofree char *files = g_build_filename (src_dir, "files", NULL);
  g_autofree char *dest_files = g_build_filename (dest_dir, "files", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (side_files); i++)
    {
      g_autofree char *src = g_build_filename (src_dir, side_files[i], NULL);
      g_autofree char *dest = g_build_filename (dest_dir, side_files[i], NULL);

      /* a missing one was already reported when the folder was opened */
      if (!g_file_test (src, G_FILE_TEST_EXISTS))
        continue;

      if (!ct_cli_copy_file (src, dest, src_dir, error))
        return FALSE;
    }

  if (g_file_test (files, G_FILE_TEST_IS_DIR)
      && !ct_cli_copy_tree (files, dest_files, src_dir, error))
    return FALSE;

  return TRUE;
}

static void
report_changes (CtWriter   *writer,
                const char *encoding_name)
{
  guint changes = ct_writer_get_changes (writer);

  for (guint bit = 0; bit < CT_N_DEVIATIONS; bit++)
    {
      guint64 first = 0;
      guint64 n;

      if ((changes & (1u << bit)) == 0)
        continue;

      n = ct_writer_get_change_count (writer, (CtDeviation) (1u << bit), &first);
      ct_cli_warning ("%s cannot hold %s: %" G_GUINT64_FORMAT " event%s changed, first #%"
                      G_GUINT64_FORMAT,
                      encoding_name, ct_cli_deviation_name (bit), n, n == 1 ? "" : "s", first);
    }
}

static gboolean
write_events (CtTraceFolder  *folder,
              const char     *dest_dir,
              CtEncoding      encoding,
              GError        **error)
{
  g_autoptr(CtReader) reader = NULL;
  g_autoptr(CtWriter) writer = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *trace_file = NULL;
  CtCliProgress progress;
  const CtEvent *event;
  guint64 n_events = 0;

  reader = ct_trace_folder_open_reader (folder,
                                        opt_lenient ? CT_READER_LENIENT : CT_READER_FLAGS_NONE,
                                        error);
  if (reader == NULL)
    return FALSE;

  trace_file = g_build_filename (dest_dir, ct_encoding_file_name (encoding), NULL);
  writer = ct_writer_new (trace_file, encoding, error);
  if (writer == NULL)
    return FALSE;

  ct_cli_progress_init (&progress, reader, "convert", FALSE);

  while ((event = ct_reader_next (reader, &local_error)) != NULL)
    {
      if (!ct_writer_write (writer, event, &local_error))
        {
          /* the writer's messages name the temporary file: say what it was for */
          g_prefix_error (&local_error, "cannot convert to %s: ", ct_encoding_to_string (encoding));
          break;
        }

      n_events++;
      ct_cli_progress_tick (&progress, n_events);

      if (ct_cli_interrupted ())
        {
          g_set_error_literal (&local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "interrupted");
          break;
        }
    }

  ct_cli_progress_clear (&progress);

  /* a reader error, a writer error, or an interruption */
  if (local_error != NULL || !ct_writer_finish (writer, &local_error))
    {
      ct_writer_abort (writer);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  ct_cli_print_deviations (stderr, "codetrace: warning: the source has ", reader);
  report_changes (writer, ct_encoding_to_string (encoding));
  ct_cli_warn_stop (reader, n_events);

  return TRUE;
}

/* rename() that fails instead of replacing what appeared at `to` meanwhile */
static int
rename_noreplace (const char *from,
                  const char *to)
{
  if (renameat2 (AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
    return 0;

  if (errno != EINVAL && errno != ENOSYS)
    return -1;

  /* file systems without RENAME_NOREPLACE: check, then rename */
  if (g_file_test (to, G_FILE_TEST_EXISTS))
    {
      errno = EEXIST;
      return -1;
    }

  return g_rename (from, to);
}

/* Puts the finished folder `tmp` at `out`. With an existing `out` (--force),
 * the two are swapped in one step where the file system can, so that `out`
 * is never missing; else the old one moves aside first. The old folder is
 * deleted last. */
static gboolean
move_into_place (const char  *tmp,
                 const char  *out,
                 gboolean     replace,
                 GError     **error)
{
  g_autofree char *aside = NULL;
  g_autoptr(GError) local_error = NULL;
  int errsv;

  if (!replace)
    {
      if (rename_noreplace (tmp, out) == 0)
        return TRUE;
      goto fail;
    }

  if (renameat2 (AT_FDCWD, tmp, AT_FDCWD, out, RENAME_EXCHANGE) == 0)
    {
      /* `tmp` now holds the old folder */
      if (!ct_cli_remove_tree (tmp, &local_error))
        ct_cli_warning ("the replaced folder could not be deleted: %s", local_error->message);
      return TRUE;
    }

  if (errno != EINVAL && errno != ENOSYS)
    goto fail;

  /* an empty folder reserves the name; rename() may replace an empty one */
  aside = g_strconcat (out, ".old-XXXXXX", NULL);
  if (g_mkdtemp_full (aside, 0700) == NULL || g_rename (out, aside) != 0)
    goto fail_aside;

  if (g_rename (tmp, out) != 0)
    {
      errsv = errno;
      g_rename (aside, out);
      errno = errsv;
      goto fail_aside;
    }

  if (!ct_cli_remove_tree (aside, &local_error))
    ct_cli_warning ("the replaced folder could not be deleted: %s", local_error->message);

  return TRUE;

fail_aside:
  errsv = errno;
  if (aside != NULL)
    g_rmdir (aside);
  errno = errsv;

fail:
  errsv = errno;
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
               "cannot move the new trace to %s: %s", out, g_strerror (errsv));
  return FALSE;
}

/* OUT inside the source folder would copy the temporary folder into itself. */
static gboolean
check_out (CtTraceFolder *folder,
           const char    *out,
           const char    *parent)
{
  g_autofree char *src_real = realpath (ct_trace_folder_get_dir (folder), NULL);
  g_autofree char *parent_real = realpath (parent, NULL);
  GStatBuf st;

  if (parent_real == NULL)
    {
      ct_cli_error ("cannot write into %s: %s", parent, g_strerror (errno));
      return FALSE;
    }

  if (src_real != NULL && g_str_has_prefix (parent_real, src_real)
      && (parent_real[strlen (src_real)] == '/' || parent_real[strlen (src_real)] == '\0'))
    {
      ct_cli_error ("%s is inside the trace folder %s", out, src_real);
      return FALSE;
    }

  if (g_lstat (out, &st) == 0)
    {
      if (!opt_force)
        {
          ct_cli_error ("%s already exists (use --force to replace it)", out);
          return FALSE;
        }

      if (!S_ISDIR (st.st_mode))
        {
          ct_cli_error ("%s exists and is not a folder: not replacing it", out);
          return FALSE;
        }
    }

  return TRUE;
}

int
ct_cmd_convert (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CtTraceFolder) folder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *tmp = NULL;
  CtEncoding encoding;
  int exit_code;

  context = g_option_context_new ("TRACE OUT");
  g_option_context_set_summary (context,
                                "Write a complete new trace folder OUT with the events of TRACE in another\n"
                                "encoding. trace_metadata.json, trace_paths.json and files/ are copied as\n"
                                "they are. OUT appears only once complete: a failure leaves nothing behind.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!ct_cli_parse (context, &argc, &argv, 2, &exit_code))
    return exit_code;

  if (opt_to == NULL)
    {
      ct_cli_error ("--to is required (json, binary or binary-v0); "
                    "see “codetrace convert --help”");
      return CT_CLI_EXIT_USAGE;
    }

  if (!ct_encoding_from_string (opt_to, &encoding) || encoding == CT_ENCODING_UNKNOWN)
    {
      ct_cli_error ("unknown encoding “%s” (json, binary or binary-v0)", opt_to);
      return CT_CLI_EXIT_USAGE;
    }

  if ((folder = ct_cli_open_folder (argv[0])) == NULL)
    return CT_CLI_EXIT_FAILURE;

  out = g_canonicalize_filename (argv[1], NULL);
  parent = g_path_get_dirname (out);

  if (!check_out (folder, out, parent))
    return CT_CLI_EXIT_FAILURE;

  ct_cli_interrupt_catch ();

  tmp = g_strconcat (out, ".tmp-XXXXXX", NULL);
  if (g_mkdtemp_full (tmp, 0777) == NULL)
    {
      ct_cli_error ("cannot create a folder beside %s: %s", out, g_strerror (errno));
      return CT_CLI_EXIT_FAILURE;
    }

  if (!copy_side_files (folder, tmp, &error)
      || !write_events (folder, tmp, encoding, &error)
      || !move_into_place (tmp, out, opt_force, &error))
    {
      g_autoptr(GError) remove_error = NULL;

      ct_cli_error ("%s", error->message);
      if (!ct_cli_remove_tree (tmp, &remove_error))
        ct_cli_warning ("%s", remove_error->message);
      ct_cli_interrupt_reraise ();
      return CT_CLI_EXIT_FAILURE;
    }

  return CT_CLI_EXIT_OK;
}
