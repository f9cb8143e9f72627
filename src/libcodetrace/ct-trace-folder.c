/* ct-trace-folder.c
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "ct-error.h"
#include "ct-trace-folder.h"

struct _CtTraceFolder
{
  GObject     parent_instance;

  char       *dir;
  char       *files_dir_real; /* realpath of files/, NULL when absent */
  char       *trace_file;
  CtEncoding  encoding;
  gboolean    has_both;
  JsonObject *metadata;
  char       *program;
  char       *workdir;
  GStrv       args;
  GStrv       paths;
  GPtrArray  *warnings;
};

G_DEFINE_FINAL_TYPE (CtTraceFolder, ct_trace_folder, G_TYPE_OBJECT)

static void
ct_trace_folder_finalize (GObject *object)
{
  CtTraceFolder *self = (CtTraceFolder *) object;

  g_clear_pointer (&self->dir, g_free);
  g_clear_pointer (&self->files_dir_real, free);
  g_clear_pointer (&self->trace_file, g_free);
  g_clear_pointer (&self->metadata, json_object_unref);
  g_clear_pointer (&self->program, g_free);
  g_clear_pointer (&self->workdir, g_free);
  g_clear_pointer (&self->args, g_strfreev);
  g_clear_pointer (&self->paths, g_strfreev);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);

  G_OBJECT_CLASS (ct_trace_folder_parent_class)->finalize (object);
}

static void
ct_trace_folder_class_init (CtTraceFolderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ct_trace_folder_finalize;
}

static void
ct_trace_folder_init (CtTraceFolder *self)
{
  self->warnings = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->warnings, NULL);
}

static void G_GNUC_PRINTF (2, 3)
add_warning (CtTraceFolder *self,
             const char    *format,
             ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_insert (self->warnings, self->warnings->len - 1, g_strdup_vprintf (format, args));
  va_end (args);
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static GStrv
string_array (JsonArray *array,
              gboolean  *all_strings)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n = json_array_get_length (array);

  *all_strings = TRUE;
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (node));
      else
        {
          /* Keep ids aligned: a PathId is an index into this array. */
          g_strv_builder_add (builder, "");
          *all_strings = FALSE;
        }
    }
  return g_strv_builder_end (builder);
}

static void
load_metadata (CtTraceFolder *self)
{
  g_autofree char *path = g_build_filename (self->dir, "trace_metadata.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;
  JsonNode *args;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      add_warning (self, "%s is missing: program, arguments and working folder are unknown", path);
      return;
    }
  if (!json_parser_load_from_mapped_file (parser, path, &error))
    {
      add_warning (self, "%s: %s", path, error->message);
      return;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      add_warning (self, "%s: not a JSON object", path);
      return;
    }

  /* Every key is kept: recorders add their own (recorder, exit status...). */
  self->metadata = json_object_ref (json_node_get_object (root));
  self->program = g_strdup (member_string (self->metadata, "program"));
  self->workdir = g_strdup (member_string (self->metadata, "workdir"));
  args = json_object_get_member (self->metadata, "args");
  if (args != NULL && JSON_NODE_HOLDS_ARRAY (args))
    {
      gboolean ok;
      self->args = string_array (json_node_get_array (args), &ok);
      if (!ok)
        add_warning (self, "%s: args holds values that are not strings", path);
    }
}

static void
load_paths (CtTraceFolder *self)
{
  g_autofree char *path = g_build_filename (self->dir, "trace_paths.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;
  gboolean ok;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      add_warning (self, "%s is missing", path);
      return;
    }
  if (!json_parser_load_from_mapped_file (parser, path, &error))
    {
      add_warning (self, "%s: %s", path, error->message);
      return;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      add_warning (self, "%s: not a JSON array", path);
      return;
    }
  self->paths = string_array (json_node_get_array (root), &ok);
  if (!ok)
    add_warning (self, "%s: holds values that are not strings", path);
}

CtTraceFolder *
ct_trace_folder_open (const char  *path,
                      GError     **error)
{
  g_autoptr(CtTraceFolder) self = NULL;
  g_autofree char *json_path = NULL;
  g_autofree char *bin_path = NULL;
  g_autofree char *files_dir = NULL;
  gboolean has_json, has_bin;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (CT_TYPE_TRACE_FOLDER, NULL);

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      self->dir = g_canonicalize_filename (path, NULL);
      json_path = g_build_filename (self->dir, "trace.json", NULL);
      bin_path = g_build_filename (self->dir, "trace.bin", NULL);
      has_json = g_file_test (json_path, G_FILE_TEST_IS_REGULAR);
      has_bin = g_file_test (bin_path, G_FILE_TEST_IS_REGULAR);
      if (!has_json && !has_bin)
        {
          g_set_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_NOT_FOUND,
                       "%s: no trace.json or trace.bin in this folder", self->dir);
          return NULL;
        }
      /* FORMAT.md: prefer the binary when both are there, and say so. */
      self->has_both = has_json && has_bin;
      self->trace_file = g_strdup (has_bin ? bin_path : json_path);
      if (self->has_both)
        add_warning (self, "%s has both trace.bin and trace.json; reading trace.bin", self->dir);
    }
  else if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      self->trace_file = g_canonicalize_filename (path, NULL);
      self->dir = g_path_get_dirname (self->trace_file);
    }
  else
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "%s: no such file or folder", path);
      return NULL;
    }

  self->encoding = ct_encoding_detect_file (self->trace_file, error);
  if (self->encoding == CT_ENCODING_UNKNOWN)
    return NULL;

  files_dir = g_build_filename (self->dir, "files", NULL);
  self->files_dir_real = realpath (files_dir, NULL);
  if (self->files_dir_real != NULL)
    {
      /* files/ itself may be a link; it must still lead to a folder inside
       * the trace folder, or every "captured" source would be a host file. */
      g_autofree char *dir_real = realpath (self->dir, NULL);
      gsize len = dir_real != NULL ? strlen (dir_real) : 0;

      if (dir_real == NULL || strncmp (self->files_dir_real, dir_real, len) != 0 ||
          self->files_dir_real[len] != '/' ||
          !g_file_test (self->files_dir_real, G_FILE_TEST_IS_DIR))
        {
          add_warning (self, "%s leads out of the trace folder; its sources are not shown", files_dir);
          g_clear_pointer (&self->files_dir_real, free);
        }
    }

  load_metadata (self);
  load_paths (self);

  return g_steal_pointer (&self);
}

const char *
ct_trace_folder_get_dir (CtTraceFolder *self)
{
  g_return_val_if_fail (CT_IS_TRACE_FOLDER (self), NULL);
  return self->dir;
}

const char *
ct_trace_folder_get_trace_file (CtTraceFolder *self)
{
  g_return_val_if_fail (CT_IS_TRACE_FOLDER (self), NULL);
  return self->trace_file;
}

CtEncoding
ct_trace_folder_get_encoding (CtTraceFolder *self)
{
  g_return_val_if_fail (CT_IS_TRACE_FOLDER (self), CT_ENCODING_UNKNOWN);
  return self->encoding;
}

gboolean
ct_trace_folder_has_both (CtTraceFolder *self)
{
  g_return_val_if_fail (CT_IS_TRACE_FOLDER (self), FALSE);
  return self->has_both;
}

JsonObject *
ct_trace_folder_get_metadata (CtTraceFolder *self)
{
  g_return_val_if_fail (CT_IS_TRACE_FOLDER (self), NULL);
  return self->metadata;
}

const char *
ct_trace_folder_get_program (CtTraceFolder *self)
{
  g_return_val_if_fail (CT_IS_TRACE_FOLDER (self), NULL);
  return self->program;
}

const char *
ct_trace_folder_get_workdir (CtTraceFolder *self)
{
  g_return_val_if_fail (CT_IS_TRACE_FOLDER (self), NULL);
  return self->workdir;
}

const char * const *
ct_trace_folder_get_args (CtTraceFolder *self)
{
  static const char * const empty[] = { NULL };

  g_return_val_if_fail (CT_IS_TRACE_FOLDER (self), NULL);
  return self->args != NULL ? (const char * const *) self->args : empty;
}

const char * const *
ct_trace_folder_get_paths (CtTraceFolder *self)
{
  static const char * const empty[] = { NULL };

  g_return_val_if_fail (CT_IS_TRACE_FOLDER (self), NULL);
  return self->paths != NULL ? (const char * const *) self->paths : empty;
}

const char * const *
ct_trace_folder_get_warnings (CtTraceFolder *self)
{
  g_return_val_if_fail (CT_IS_TRACE_FOLDER (self), NULL);
  return (const char * const *) self->warnings->pdata;
}

/* TRUE when `relative` has no `..` component and is not absolute, so that
 * joining it under files/ cannot climb out. */
static gboolean
is_contained (const char *relative)
{
  g_auto(GStrv) parts = NULL;

  if (g_path_is_absolute (relative))
    return FALSE;
  parts = g_strsplit (relative, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (strcmp (parts[i], "..") == 0)
      return FALSE;
  return TRUE;
}

/* Looks for files/<relative>; *unsafe is set when it exists but a symlink
 * leads outside files/. */
static char *
try_candidate (CtTraceFolder *self,
               const char    *relative,
               gboolean      *unsafe)
{
  g_autofree char *candidate = NULL;
  g_autofree char *real = NULL;
  gsize root_len;

  while (relative[0] == '/')
    relative++;
  if (relative[0] == '\0' || !is_contained (relative))
    return NULL;

  candidate = g_build_filename (self->dir, "files", relative, NULL);
  real = realpath (candidate, NULL);
  if (real == NULL)
    return NULL;

  root_len = strlen (self->files_dir_real);
  if (strncmp (real, self->files_dir_real, root_len) != 0 || real[root_len] != '/')
    {
      *unsafe = TRUE;
      return NULL;
    }
  if (!g_file_test (real, G_FILE_TEST_IS_REGULAR))
    return NULL;
  return g_steal_pointer (&candidate);
}

char *
ct_trace_folder_resolve_source (CtTraceFolder  *self,
                                const char     *recorded_path,
                                GError        **error)
{
  g_autoptr(GPtrArray) bases = g_ptr_array_new_with_free_func (g_free);
  gboolean unsafe = FALSE;
  char *found;

  g_return_val_if_fail (CT_IS_TRACE_FOLDER (self), NULL);
  g_return_val_if_fail (recorded_path != NULL, NULL);

  if (recorded_path[0] == '\0')
    {
      g_set_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_NOT_FOUND,
                   "the empty path names no source file");
      return NULL;
    }

  {
    g_auto(GStrv) parts = g_strsplit (recorded_path, "/", -1);
    for (guint i = 0; parts[i] != NULL; i++)
      if (strcmp (parts[i], "..") == 0)
        {
          g_set_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_UNSAFE_PATH,
                       "%s: refusing a recorded path with \"..\" in it", recorded_path);
          return NULL;
        }
  }

  if (self->files_dir_real == NULL)
    {
      g_set_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_NOT_FOUND,
                   "%s was not captured: the trace has no files/ folder", recorded_path);
      return NULL;
    }

  /* Absolute: files/<path>. Relative (Python recorders): files/<path>, then
   * the traced program's folder (args[0]), the program's and the workdir,
   * each mirrored under files/. */
  if ((found = try_candidate (self, recorded_path, &unsafe)) != NULL)
    return found;

  if (!g_path_is_absolute (recorded_path))
    {
      if (self->args != NULL && self->args[0] != NULL && g_path_is_absolute (self->args[0]))
        g_ptr_array_add (bases, g_path_get_dirname (self->args[0]));
      if (self->program != NULL && g_path_is_absolute (self->program))
        g_ptr_array_add (bases, g_path_get_dirname (self->program));
      if (self->workdir != NULL && g_path_is_absolute (self->workdir))
        g_ptr_array_add (bases, g_strdup (self->workdir));

      for (guint i = 0; i < bases->len; i++)
        {
          g_autofree char *joined = g_build_filename (g_ptr_array_index (bases, i), recorded_path, NULL);
          if ((found = try_candidate (self, joined, &unsafe)) != NULL)
            return found;
        }
    }

  if (unsafe)
    g_set_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_UNSAFE_PATH,
                 "%s: its copy under files/ is a link that leads out of the trace folder",
                 recorded_path);
  else
    g_set_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_NOT_FOUND,
                 "%s was not captured in the trace's files/ folder", recorded_path);
  return NULL;
}

CtReader *
ct_trace_folder_open_reader (CtTraceFolder  *self,
                             CtReaderFlags   flags,
                             GError        **error)
{
  g_return_val_if_fail (CT_IS_TRACE_FOLDER (self), NULL);
  return ct_reader_new (self->trace_file, flags, error);
}
