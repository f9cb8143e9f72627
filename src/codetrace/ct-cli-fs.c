/* ct-cli-fs.c: copying and removing folder trees for convert
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "ct-cli-private.h"

static gboolean
set_errno_error (GError     **error,
                 int          errsv,
                 const char  *what,
                 const char  *path)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
               "%s %s: %s", what, path, g_strerror (errsv));
  return FALSE;
}

/* TRUE when `path` (symlinks resolved) is `root_real` or below it. */
static gboolean
stays_inside (const char *path,
              const char *root_real,
              char      **out_real)
{
  g_autofree char *real = realpath (path, NULL);
  gsize len = strlen (root_real);
  gboolean inside;

  if (real == NULL)
    return FALSE;

  inside = strncmp (real, root_real, len) == 0 && (real[len] == '/' || real[len] == '\0');
  if (inside && out_real != NULL)
    *out_real = g_steal_pointer (&real);

  return inside;
}

static gboolean
copy_regular (const char  *src,
              const char  *dest,
              GError     **error)
{
  g_autoptr(GFile) src_file = g_file_new_for_path (src);
  g_autoptr(GFile) dest_file = g_file_new_for_path (dest);

  /* default permissions: the fixtures are read-only, a copy must not be */
  return g_file_copy (src_file, dest_file,
                      G_FILE_COPY_TARGET_DEFAULT_PERMS,
                      NULL, NULL, NULL, error);
}

gboolean
ct_cli_copy_file (const char  *src,
                  const char  *dest,
                  const char  *root,
                  GError     **error)
{
  g_autofree char *root_real = realpath (root, NULL);

  if (root_real == NULL)
    return set_errno_error (error, errno, "cannot resolve", root);

  if (!stays_inside (src, root_real, NULL))
    {
      g_set_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_UNSAFE_PATH,
                   "%s is a symbolic link that leaves the trace folder", src);
      return FALSE;
    }

  return copy_regular (src, dest, error);
}

static gboolean
copy_tree_real (const char  *src_dir,
                const char  *dest_dir,
                const char  *root_real,
                GError     **error)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (g_mkdir (dest_dir, 0777) != 0 && errno != EEXIST)
    return set_errno_error (error, errno, "cannot create", dest_dir);

  dir = g_dir_open (src_dir, 0, error);
  if (dir == NULL)
    return FALSE;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *src = g_build_filename (src_dir, name, NULL);
      g_autofree char *dest = g_build_filename (dest_dir, name, NULL);
      GStatBuf st;

      if (ct_cli_interrupted ())
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "interrupted");
          return FALSE;
        }

      if (g_lstat (src, &st) != 0)
        return set_errno_error (error, errno, "cannot read", src);

      if (S_ISLNK (st.st_mode))
        {
          g_autofree char *target = NULL;

          /* A link may point anywhere on the recording machine: copying
           * what it points to outside the folder would leak host files into
           * the new trace. Linked folders could loop, so they are skipped
           * too. */
          if (!stays_inside (src, root_real, &target))
            {
              ct_cli_warning ("skipped %s: a symbolic link that leaves the trace folder "
                              "or points nowhere", src);
              continue;
            }

          if (g_stat (target, &st) != 0 || !S_ISREG (st.st_mode))
            {
              ct_cli_warning ("skipped %s: a symbolic link to a folder", src);
              continue;
            }

          if (!copy_regular (target, dest, error))
            return FALSE;
        }
      else if (S_ISDIR (st.st_mode))
        {
          if (!copy_tree_real (src, dest, root_real, error))
            return FALSE;
        }
      else if (S_ISREG (st.st_mode))
        {
          if (!copy_regular (src, dest, error))
            return FALSE;
        }
      else
        {
          ct_cli_warning ("skipped %s: not a regular file or folder", src);
        }
    }

  return TRUE;
}

gboolean
ct_cli_copy_tree (const char  *src_dir,
                  const char  *dest_dir,
                  const char  *root,
                  GError     **error)
{
  g_autofree char *root_real = realpath (root, NULL);

  if (root_real == NULL)
    return set_errno_error (error, errno, "cannot resolve", root);

  return copy_tree_real (src_dir, dest_dir, root_real, error);
}

gboolean
ct_cli_remove_tree (const char  *path,
                    GError     **error)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    {
      if (errno == ENOENT)
        return TRUE;
      return set_errno_error (error, errno, "cannot remove", path);
    }

  if (S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) dir = NULL;
      const char *name;

      /* a copy of read-only fixtures has read-only folders: their entries
       * can only go once the folder is writable */
      if ((st.st_mode & S_IRWXU) != S_IRWXU)
        g_chmod (path, (st.st_mode & 07777) | S_IRWXU);

      dir = g_dir_open (path, 0, error);
      if (dir == NULL)
        return FALSE;

      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (!ct_cli_remove_tree (child, error))
            return FALSE;
        }

      if (g_rmdir (path) != 0)
        return set_errno_error (error, errno, "cannot remove", path);
    }
  else if (g_unlink (path) != 0)
    {
      return set_errno_error (error, errno, "cannot remove", path);
    }

  return TRUE;
}
