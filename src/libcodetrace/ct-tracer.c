/* ct-tracer.c
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "ct-tracer.h"

#include "ct-arena.h"
#include "ct-codec-private.h"
#include "ct-error.h"
#include "ct-writer.h"

typedef enum
{
  STATE_IDLE,
  STATE_RECORDING,
  STATE_DONE,
} TracerState;

typedef struct
{
  gint64 path_id;
  gint64 line;
} FunctionSite;

struct _CtTracer
{
  GObject      parent_instance;

  char        *program;
  char       **args;
  char        *workdir;
  char        *trace_dir;
  CtEncoding   encoding;

  TracerState  state;
  CtWriter    *writer;
  GError      *error;
  guint64      n_events;

  /* Interned names. paths owns its strings; path_ids borrows them as keys. */
  GPtrArray   *paths;
  GHashTable  *path_ids;
  GArray      *functions; /* FunctionSite by FunctionId, for the Step of a Call */
  GHashTable  *function_ids;
  GHashTable  *type_ids;
  guint        n_types;
  GHashTable  *variable_ids;
  guint        n_variables;
  GHashTable  *captured;

  /* Calls open in the recorded program, to catch a Return without a Call. */
  guint        depth;
  gboolean     started; /* a Step or a Call has been recorded */

  /* Values built by the constructors; see "Values" in ct-tracer.h. */
  CtArena     *values;
  gboolean     values_consumed;
  GArray      *scratch_args; /* CtFullValue, reused by every Call */
};

G_DEFINE_FINAL_TYPE (CtTracer, ct_tracer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PROGRAM,
  PROP_ARGS,
  PROP_WORKDIR,
  PROP_TRACE_DIR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ct_tracer_finalize (GObject *object)
{
  CtTracer *self = (CtTracer *) object;

  /* A writer dropped unfinished deletes its temporary file: an abandoned
   * recording leaves no damaged trace behind. */
  g_clear_object (&self->writer);
  g_clear_error (&self->error);
  g_clear_pointer (&self->program, g_free);
  g_clear_pointer (&self->args, g_strfreev);
  g_clear_pointer (&self->workdir, g_free);
  g_clear_pointer (&self->trace_dir, g_free);
  g_clear_pointer (&self->path_ids, g_hash_table_unref);
  g_clear_pointer (&self->paths, g_ptr_array_unref);
  g_clear_pointer (&self->functions, g_array_unref);
  g_clear_pointer (&self->function_ids, g_hash_table_unref);
  g_clear_pointer (&self->type_ids, g_hash_table_unref);
  g_clear_pointer (&self->variable_ids, g_hash_table_unref);
  g_clear_pointer (&self->captured, g_hash_table_unref);
  g_clear_pointer (&self->values, ct_arena_free);
  g_clear_pointer (&self->scratch_args, g_array_unref);

  G_OBJECT_CLASS (ct_tracer_parent_class)->finalize (object);
}

static void
ct_tracer_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  CtTracer *self = CT_TRACER (object);

  switch (prop_id)
    {
    case PROP_PROGRAM:
      g_value_set_string (value, self->program);
      break;

    case PROP_ARGS:
      g_value_set_boxed (value, self->args);
      break;

    case PROP_WORKDIR:
      g_value_set_string (value, self->workdir);
      break;

    case PROP_TRACE_DIR:
      g_value_set_string (value, self->trace_dir);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ct_tracer_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  CtTracer *self = CT_TRACER (object);

  switch (prop_id)
    {
    case PROP_PROGRAM:
      g_free (self->program);
      self->program = g_value_dup_string (value);
      break;

    case PROP_ARGS:
      g_strfreev (self->args);
      self->args = g_value_dup_boxed (value);
      break;

    case PROP_WORKDIR:
      ct_tracer_set_workdir (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ct_tracer_class_init (CtTracerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ct_tracer_finalize;
  object_class->get_property = ct_tracer_get_property;
  object_class->set_property = ct_tracer_set_property;

  properties[PROP_PROGRAM] =
    g_param_spec_string ("program", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_ARGS] =
    g_param_spec_boxed ("args", NULL, NULL,
                        G_TYPE_STRV,
                        (G_PARAM_READWRITE |
                         G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_WORKDIR] =
    g_param_spec_string ("workdir", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_TRACE_DIR] =
    g_param_spec_string ("trace-dir", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ct_tracer_init (CtTracer *self)
{
  self->paths = g_ptr_array_new_with_free_func (g_free);
  self->path_ids = g_hash_table_new (g_str_hash, g_str_equal);
  self->functions = g_array_new (FALSE, FALSE, sizeof (FunctionSite));
  self->function_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->type_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->variable_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->captured = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->values = ct_arena_new ();
  self->scratch_args = g_array_new (FALSE, FALSE, sizeof (CtFullValue));
}

/**
 * ct_tracer_new:
 * @program: the recorded program, for trace_metadata.json
 * @args: (nullable): its arguments
 *
 * Returns: (transfer full): a tracer, not recording yet
 */
CtTracer *
ct_tracer_new (const char         *program,
               const char * const *args)
{
  static const char * const no_args[] = { NULL };

  g_return_val_if_fail (program != NULL, NULL);

  return g_object_new (CT_TYPE_TRACER,
                       "program", program,
                       "args", args != NULL ? args : no_args,
                       NULL);
}

const char *
ct_tracer_get_program (CtTracer *self)
{
  g_return_val_if_fail (CT_IS_TRACER (self), NULL);

  return self->program;
}

const char * const *
ct_tracer_get_args (CtTracer *self)
{
  g_return_val_if_fail (CT_IS_TRACER (self), NULL);

  return (const char * const *) self->args;
}

const char *
ct_tracer_get_workdir (CtTracer *self)
{
  g_return_val_if_fail (CT_IS_TRACER (self), NULL);

  return self->workdir;
}

void
ct_tracer_set_workdir (CtTracer   *self,
                       const char *workdir)
{
  g_return_if_fail (CT_IS_TRACER (self));

  if (g_strcmp0 (self->workdir, workdir) == 0)
    return;

  g_free (self->workdir);
  self->workdir = g_strdup (workdir);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKDIR]);
}

const char *
ct_tracer_get_trace_dir (CtTracer *self)
{
  g_return_val_if_fail (CT_IS_TRACER (self), NULL);

  return self->trace_dir;
}

CtEncoding
ct_tracer_get_encoding (CtTracer *self)
{
  g_return_val_if_fail (CT_IS_TRACER (self), CT_ENCODING_UNKNOWN);

  return self->encoding;
}

const GError *
ct_tracer_get_error (CtTracer *self)
{
  g_return_val_if_fail (CT_IS_TRACER (self), NULL);

  return self->error;
}

guint64
ct_tracer_get_n_events (CtTracer *self)
{
  g_return_val_if_fail (CT_IS_TRACER (self), 0);

  return self->n_events;
}

guint
ct_tracer_get_depth (CtTracer *self)
{
  g_return_val_if_fail (CT_IS_TRACER (self), 0);

  return self->depth;
}

static inline CtStr
str_of (const char *s)
{
  return (CtStr) { s, strlen (s) };
}

/* Writes one event. After the first failure nothing more is written: the
 * stream would have a hole, and ct_tracer_finish() reports the error. */
static gboolean
emit (CtTracer      *self,
      const CtEvent *event)
{
  g_autoptr(GError) error = NULL;

  g_assert (self->state == STATE_RECORDING);

  if (self->error != NULL)
    return FALSE;

  if (!ct_writer_write (self->writer, event, &error))
    {
      self->error = g_steal_pointer (&error);
      return FALSE;
    }

  self->n_events++;
  return TRUE;
}

/* The values just recorded may be freed by the next constructor call. */
static inline void
mark_values_consumed (CtTracer *self)
{
  self->values_consumed = TRUE;
}

/* Freeing lazily, in the next constructor rather than right after an event
 * is written, lets a caller build several values first and record them one
 * by one. */
static inline void
prepare_values (CtTracer *self)
{
  if (self->values_consumed)
    {
      ct_arena_reset (self->values);
      self->values_consumed = FALSE;
    }
}

gboolean
ct_tracer_begin (CtTracer    *self,
                 const char  *trace_dir,
                 CtEncoding   encoding,
                 GError     **error)
{
  g_autofree char *trace_file = NULL;
  CtWriter *writer;

  g_return_val_if_fail (CT_IS_TRACER (self), FALSE);
  g_return_val_if_fail (trace_dir != NULL, FALSE);
  g_return_val_if_fail (encoding == CT_ENCODING_JSON ||
                        encoding == CT_ENCODING_BINARY_V1 ||
                        encoding == CT_ENCODING_BINARY_V0, FALSE);
  g_return_val_if_fail (self->state == STATE_IDLE, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_mkdir_with_parents (trace_dir, 0755) != 0)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   "Cannot create the trace folder %s: %s",
                   trace_dir, g_strerror (errsv));
      return FALSE;
    }

  trace_file = g_build_filename (trace_dir, ct_encoding_file_name (encoding), NULL);
  writer = ct_writer_new (trace_file, encoding, error);
  if (writer == NULL)
    return FALSE;

  self->writer = writer;
  self->encoding = encoding;
  self->trace_dir = g_strdup (trace_dir);
  self->state = STATE_RECORDING;

  if (self->workdir == NULL)
    {
      self->workdir = g_get_current_dir ();
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKDIR]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRACE_DIR]);

  return TRUE;
}

/* ---- interning ---- */

gint64
ct_tracer_ensure_path_id (CtTracer   *self,
                          const char *path)
{
  CtEvent event = { 0 };
  gpointer id;
  char *copy;

  g_return_val_if_fail (CT_IS_TRACER (self), -1);
  g_return_val_if_fail (path != NULL, -1);
  g_return_val_if_fail (self->state == STATE_RECORDING, -1);

  if (g_hash_table_lookup_extended (self->path_ids, path, NULL, &id))
    return GPOINTER_TO_UINT (id);

  copy = g_strdup (path);
  id = GUINT_TO_POINTER (self->paths->len);
  g_ptr_array_add (self->paths, copy);
  g_hash_table_insert (self->path_ids, copy, id);

  event.kind = CT_EVENT_PATH;
  event.name = str_of (copy);
  emit (self, &event);

  return GPOINTER_TO_UINT (id);
}

gint64
ct_tracer_ensure_function_id (CtTracer   *self,
                              const char *name,
                              const char *path,
                              gint64      line)
{
  CtEvent event = { 0 };
  FunctionSite site;
  g_autofree char *key = NULL;
  gpointer id;

  g_return_val_if_fail (CT_IS_TRACER (self), -1);
  g_return_val_if_fail (name != NULL, -1);
  g_return_val_if_fail (path != NULL, -1);
  g_return_val_if_fail (self->state == STATE_RECORDING, -1);

  /* Two functions of one name (methods of different classes, the same
   * helper in two files) are told apart by where they are defined. */
  site.path_id = ct_tracer_ensure_path_id (self, path);
  site.line = line;
  key = g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT ":%s",
                         site.path_id, line, name);

  if (g_hash_table_lookup_extended (self->function_ids, key, NULL, &id))
    return GPOINTER_TO_UINT (id);

  id = GUINT_TO_POINTER (self->functions->len);
  g_array_append_val (self->functions, site);
  g_hash_table_insert (self->function_ids, g_steal_pointer (&key), id);

  event.kind = CT_EVENT_FUNCTION;
  event.function.path_id = site.path_id;
  event.function.line = line;
  event.function.name = str_of (name);
  emit (self, &event);

  return GPOINTER_TO_UINT (id);
}

/* Looks the type up; when new, gives it the next id and returns TRUE so the
 * caller records its Type event. */
static gboolean
intern_type (CtTracer   *self,
             CtTypeKind  kind,
             const char *lang_type,
             gint64     *out_id)
{
  g_autofree char *key = g_strdup_printf ("%u:%s", (guint) kind, lang_type);
  gpointer id;

  if (g_hash_table_lookup_extended (self->type_ids, key, NULL, &id))
    {
      *out_id = GPOINTER_TO_UINT (id);
      return FALSE;
    }

  *out_id = self->n_types++;
  g_hash_table_insert (self->type_ids, g_steal_pointer (&key), GUINT_TO_POINTER (*out_id));
  return TRUE;
}

gint64
ct_tracer_ensure_type_id (CtTracer   *self,
                          CtTypeKind  kind,
                          const char *lang_type)
{
  CtEvent event = { 0 };
  gint64 id;

  g_return_val_if_fail (CT_IS_TRACER (self), -1);
  g_return_val_if_fail ((guint) kind < CT_N_TYPE_KINDS, -1);
  g_return_val_if_fail (lang_type != NULL, -1);
  g_return_val_if_fail (self->state == STATE_RECORDING, -1);

  if (!intern_type (self, kind, lang_type, &id))
    return id;

  event.kind = CT_EVENT_TYPE;
  event.type.kind = kind;
  event.type.lang_type = str_of (lang_type);
  event.type.info_kind = CT_TYPE_INFO_NONE;
  emit (self, &event);

  return id;
}

gint64
ct_tracer_ensure_struct_type_id (CtTracer           *self,
                                 const char         *lang_type,
                                 const char * const *field_names,
                                 const gint64       *field_type_ids,
                                 guint               n_fields)
{
  CtEvent event = { 0 };
  g_autofree CtFieldType *fields = NULL;
  gint64 id;

  g_return_val_if_fail (CT_IS_TRACER (self), -1);
  g_return_val_if_fail (lang_type != NULL, -1);
  g_return_val_if_fail (n_fields == 0 || (field_names != NULL && field_type_ids != NULL), -1);
  g_return_val_if_fail (self->state == STATE_RECORDING, -1);

  for (guint i = 0; i < n_fields; i++)
    {
      g_return_val_if_fail (field_names[i] != NULL, -1);
      /* a registration comes before its first use, also inside a Type */
      g_return_val_if_fail (field_type_ids[i] >= 0 && field_type_ids[i] < self->n_types, -1);
    }

  if (!intern_type (self, CT_TYPE_KIND_STRUCT, lang_type, &id))
    return id;

  fields = g_new0 (CtFieldType, MAX (n_fields, 1));
  for (guint i = 0; i < n_fields; i++)
    {
      fields[i].name = str_of (field_names[i]);
      fields[i].type_id = field_type_ids[i];
    }

  event.kind = CT_EVENT_TYPE;
  event.type.kind = CT_TYPE_KIND_STRUCT;
  event.type.lang_type = str_of (lang_type);
  event.type.info_kind = CT_TYPE_INFO_STRUCT;
  event.type.fields = fields;
  event.type.n_fields = n_fields;
  emit (self, &event);

  return id;
}

gint64
ct_tracer_ensure_pointer_type_id (CtTracer   *self,
                                  const char *lang_type,
                                  gint64      dereference_type_id)
{
  CtEvent event = { 0 };
  gint64 id;

  g_return_val_if_fail (CT_IS_TRACER (self), -1);
  g_return_val_if_fail (lang_type != NULL, -1);
  g_return_val_if_fail (self->state == STATE_RECORDING, -1);
  g_return_val_if_fail (dereference_type_id >= 0 && dereference_type_id < self->n_types, -1);

  if (!intern_type (self, CT_TYPE_KIND_POINTER, lang_type, &id))
    return id;

  event.kind = CT_EVENT_TYPE;
  event.type.kind = CT_TYPE_KIND_POINTER;
  event.type.lang_type = str_of (lang_type);
  event.type.info_kind = CT_TYPE_INFO_POINTER;
  event.type.dereference_type_id = dereference_type_id;
  emit (self, &event);

  return id;
}

gint64
ct_tracer_ensure_variable_id (CtTracer   *self,
                              const char *name)
{
  CtEvent event = { 0 };
  gpointer id;

  g_return_val_if_fail (CT_IS_TRACER (self), -1);
  g_return_val_if_fail (name != NULL, -1);
  g_return_val_if_fail (self->state == STATE_RECORDING, -1);

  if (g_hash_table_lookup_extended (self->variable_ids, name, NULL, &id))
    return GPOINTER_TO_UINT (id);

  id = GUINT_TO_POINTER (self->n_variables++);
  g_hash_table_insert (self->variable_ids, g_strdup (name), id);

  event.kind = CT_EVENT_VARIABLE_NAME;
  event.name = str_of (name);
  emit (self, &event);

  return GPOINTER_TO_UINT (id);
}

/* ---- events ---- */

gboolean
ct_tracer_step_path_id (CtTracer *self,
                        gint64    path_id,
                        gint64    line)
{
  CtEvent event = { 0 };

  g_return_val_if_fail (CT_IS_TRACER (self), FALSE);
  g_return_val_if_fail (self->state == STATE_RECORDING, FALSE);
  g_return_val_if_fail (path_id >= 0 && path_id < self->paths->len, FALSE);

  /* A Step before any Call opens the implicit top-level call. */
  if (!self->started)
    {
      self->started = TRUE;
      self->depth = 1;
    }

  event.kind = CT_EVENT_STEP;
  event.step.path_id = path_id;
  event.step.line = line;
  return emit (self, &event);
}

gboolean
ct_tracer_step (CtTracer   *self,
                const char *path,
                gint64      line)
{
  gint64 path_id;

  g_return_val_if_fail (CT_IS_TRACER (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (self->state == STATE_RECORDING, FALSE);

  path_id = ct_tracer_ensure_path_id (self, path);
  return ct_tracer_step_path_id (self, path_id, line);
}

gboolean
ct_tracer_call (CtTracer          *self,
                gint64             function_id,
                const CtTracerArg *args,
                guint              n_args)
{
  const FunctionSite *site;
  CtFullValue *full;
  CtEvent event = { 0 };
  gboolean first;

  g_return_val_if_fail (CT_IS_TRACER (self), FALSE);
  g_return_val_if_fail (self->state == STATE_RECORDING, FALSE);
  g_return_val_if_fail (function_id >= 0 && function_id < self->functions->len, FALSE);
  g_return_val_if_fail (n_args == 0 || args != NULL, FALSE);

  for (guint i = 0; i < n_args; i++)
    {
      g_return_val_if_fail (args[i].value != NULL, FALSE);
      g_return_val_if_fail (args[i].name != NULL ||
                            (args[i].variable_id >= 0 &&
                             args[i].variable_id < self->n_variables), FALSE);
    }

  /* Names are registered before the Call that uses them. */
  g_array_set_size (self->scratch_args, n_args);
  full = (CtFullValue *) (gpointer) self->scratch_args->data;
  for (guint i = 0; i < n_args; i++)
    {
      full[i].variable_id = args[i].name != NULL
                            ? ct_tracer_ensure_variable_id (self, args[i].name)
                            : args[i].variable_id;
      full[i].value = (CtValue *) args[i].value;
    }

  site = &g_array_index (self->functions, FunctionSite, function_id);
  first = !self->started;
  self->started = TRUE;

  /* A Step at the function's own line is the callee's first step (the rule
   * of FORMAT.md section 3). Not for the very first event, though: a Step
   * there would open an implicit top-level call around this one. */
  if (!first)
    {
      event.kind = CT_EVENT_STEP;
      event.step.path_id = site->path_id;
      event.step.line = site->line;
      emit (self, &event);
    }

  memset (&event, 0, sizeof event);
  event.kind = CT_EVENT_CALL;
  event.call.function_id = function_id;
  event.call.args = full;
  event.call.n_args = n_args;
  emit (self, &event);
  self->depth++;

  /* The arguments are also the variables of that first step. Without a
   * Step (first event) they would belong to no step at all; the Call's
   * own args say it then. */
  if (!first)
    {
      for (guint i = 0; i < n_args; i++)
        {
          memset (&event, 0, sizeof event);
          event.kind = CT_EVENT_VALUE;
          event.value = full[i];
          emit (self, &event);
        }
    }

  mark_values_consumed (self);
  return self->error == NULL;
}

gboolean
ct_tracer_return (CtTracer      *self,
                  const CtValue *return_value)
{
  CtEvent event = { 0 };

  g_return_val_if_fail (CT_IS_TRACER (self), FALSE);
  g_return_val_if_fail (self->state == STATE_RECORDING, FALSE);
  g_return_val_if_fail (return_value != NULL, FALSE);
  g_return_val_if_fail (self->depth > 0, FALSE);

  self->depth--;

  event.kind = CT_EVENT_RETURN;
  event.ret.return_value = (CtValue *) return_value;
  emit (self, &event);

  mark_values_consumed (self);
  return self->error == NULL;
}

gboolean
ct_tracer_value_id (CtTracer      *self,
                    gint64         variable_id,
                    const CtValue *value)
{
  CtEvent event = { 0 };

  g_return_val_if_fail (CT_IS_TRACER (self), FALSE);
  g_return_val_if_fail (self->state == STATE_RECORDING, FALSE);
  g_return_val_if_fail (variable_id >= 0 && variable_id < self->n_variables, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  event.kind = CT_EVENT_VALUE;
  event.value.variable_id = variable_id;
  event.value.value = (CtValue *) value;
  emit (self, &event);

  mark_values_consumed (self);
  return self->error == NULL;
}

gboolean
ct_tracer_value (CtTracer      *self,
                 const char    *name,
                 const CtValue *value)
{
  gint64 variable_id;

  g_return_val_if_fail (CT_IS_TRACER (self), FALSE);
  g_return_val_if_fail (self->state == STATE_RECORDING, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  variable_id = ct_tracer_ensure_variable_id (self, name);
  return ct_tracer_value_id (self, variable_id, value);
}

gboolean
ct_tracer_event (CtTracer       *self,
                 CtEventLogKind  kind,
                 const char     *metadata,
                 const char     *content)
{
  CtEvent event = { 0 };

  g_return_val_if_fail (CT_IS_TRACER (self), FALSE);
  g_return_val_if_fail (self->state == STATE_RECORDING, FALSE);
  g_return_val_if_fail ((guint) kind < CT_N_EVENT_LOG_KINDS, FALSE);
  g_return_val_if_fail (content != NULL, FALSE);

  event.kind = CT_EVENT_EVENT;
  event.io.kind = kind;
  event.io.metadata = str_of (metadata != NULL ? metadata : "");
  event.io.content = str_of (content);
  return emit (self, &event);
}

gboolean
ct_tracer_drop_last_step (CtTracer *self)
{
  CtEvent event = { 0 };

  g_return_val_if_fail (CT_IS_TRACER (self), FALSE);
  g_return_val_if_fail (self->state == STATE_RECORDING, FALSE);

  event.kind = CT_EVENT_DROP_LAST_STEP;
  return emit (self, &event);
}

static gboolean
emit_thread_event (CtTracer    *self,
                   CtEventKind  kind,
                   guint64      thread_id)
{
  CtEvent event = { 0 };

  event.kind = kind;
  event.thread_id = thread_id;
  return emit (self, &event);
}

gboolean
ct_tracer_thread_start (CtTracer *self,
                        guint64   thread_id)
{
  g_return_val_if_fail (CT_IS_TRACER (self), FALSE);
  g_return_val_if_fail (self->state == STATE_RECORDING, FALSE);

  return emit_thread_event (self, CT_EVENT_THREAD_START, thread_id);
}

gboolean
ct_tracer_thread_switch (CtTracer *self,
                         guint64   thread_id)
{
  g_return_val_if_fail (CT_IS_TRACER (self), FALSE);
  g_return_val_if_fail (self->state == STATE_RECORDING, FALSE);

  return emit_thread_event (self, CT_EVENT_THREAD_SWITCH, thread_id);
}

gboolean
ct_tracer_thread_exit (CtTracer *self,
                       guint64   thread_id)
{
  g_return_val_if_fail (CT_IS_TRACER (self), FALSE);
  g_return_val_if_fail (self->state == STATE_RECORDING, FALSE);

  return emit_thread_event (self, CT_EVENT_THREAD_EXIT, thread_id);
}

/* ---- values ---- */

static CtValue *
new_value (CtTracer    *self,
           CtValueKind  kind,
           gint64       type_id)
{
  CtValue *value;

  prepare_values (self);
  value = ct_arena_new0 (self->values, CtValue, 1);
  value->kind = kind;
  value->type_id = type_id;
  return value;
}

static inline gboolean
type_id_is_valid (CtTracer *self,
                  gint64    type_id)
{
  return type_id >= 0 && type_id < self->n_types;
}

static CtStr
arena_str (CtTracer   *self,
           const char *s)
{
  gsize len = strlen (s);

  return (CtStr) { ct_arena_strndup (self->values, s, len), len };
}

CtValue *
ct_tracer_int_value (CtTracer *self,
                     gint64    i,
                     gint64    type_id)
{
  CtValue *value;

  g_return_val_if_fail (CT_IS_TRACER (self), NULL);
  g_return_val_if_fail (type_id_is_valid (self, type_id), NULL);

  value = new_value (self, CT_VALUE_INT, type_id);
  value->i = i;
  return value;
}

CtValue *
ct_tracer_float_value (CtTracer *self,
                       double    f,
                       gint64    type_id)
{
  CtValue *value;

  g_return_val_if_fail (CT_IS_TRACER (self), NULL);
  g_return_val_if_fail (type_id_is_valid (self, type_id), NULL);

  value = new_value (self, CT_VALUE_FLOAT, type_id);
  value->flt.f = f;
  return value;
}

CtValue *
ct_tracer_bool_value (CtTracer *self,
                      gboolean  b,
                      gint64    type_id)
{
  CtValue *value;

  g_return_val_if_fail (CT_IS_TRACER (self), NULL);
  g_return_val_if_fail (type_id_is_valid (self, type_id), NULL);

  value = new_value (self, CT_VALUE_BOOL, type_id);
  value->b = !!b;
  return value;
}

static CtValue *
text_value (CtTracer    *self,
            CtValueKind  kind,
            const char  *text,
            gint64       type_id)
{
  CtValue *value = new_value (self, kind, type_id);

  value->text = arena_str (self, text);
  return value;
}

CtValue *
ct_tracer_string_value (CtTracer   *self,
                        const char *text,
                        gint64      type_id)
{
  g_return_val_if_fail (CT_IS_TRACER (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (type_id_is_valid (self, type_id), NULL);

  return text_value (self, CT_VALUE_STRING, text, type_id);
}

CtValue *
ct_tracer_raw_value (CtTracer   *self,
                     const char *raw,
                     gint64      type_id)
{
  g_return_val_if_fail (CT_IS_TRACER (self), NULL);
  g_return_val_if_fail (raw != NULL, NULL);
  g_return_val_if_fail (type_id_is_valid (self, type_id), NULL);

  return text_value (self, CT_VALUE_RAW, raw, type_id);
}

CtValue *
ct_tracer_error_value (CtTracer   *self,
                       const char *message,
                       gint64      type_id)
{
  g_return_val_if_fail (CT_IS_TRACER (self), NULL);
  g_return_val_if_fail (message != NULL, NULL);
  g_return_val_if_fail (type_id_is_valid (self, type_id), NULL);

  return text_value (self, CT_VALUE_ERROR, message, type_id);
}

CtValue *
ct_tracer_none_value (CtTracer *self,
                      gint64    type_id)
{
  g_return_val_if_fail (CT_IS_TRACER (self), NULL);
  g_return_val_if_fail (type_id_is_valid (self, type_id), NULL);

  return new_value (self, CT_VALUE_NONE, type_id);
}

static CtValue *
compound_value (CtTracer        *self,
                CtValueKind      kind,
                CtValue * const *elements,
                guint            n_elements,
                gint64           type_id)
{
  CtValue *value = new_value (self, kind, type_id);

  value->seq.items = ct_arena_new0 (self->values, CtValue, MAX (n_elements, 1));
  value->seq.n_items = n_elements;
  for (guint i = 0; i < n_elements; i++)
    value->seq.items[i] = *elements[i];

  return value;
}

static gboolean
elements_are_valid (CtValue * const *elements,
                    guint            n_elements)
{
  if (n_elements > 0 && elements == NULL)
    return FALSE;

  for (guint i = 0; i < n_elements; i++)
    if (elements[i] == NULL)
      return FALSE;

  return TRUE;
}

CtValue *
ct_tracer_sequence_value (CtTracer        *self,
                          CtValue * const *elements,
                          guint            n_elements,
                          gboolean         is_slice,
                          gint64           type_id)
{
  CtValue *value;

  g_return_val_if_fail (CT_IS_TRACER (self), NULL);
  g_return_val_if_fail (elements_are_valid (elements, n_elements), NULL);
  g_return_val_if_fail (type_id_is_valid (self, type_id), NULL);

  value = compound_value (self, CT_VALUE_SEQUENCE, elements, n_elements, type_id);
  value->seq.is_slice = !!is_slice;
  return value;
}

CtValue *
ct_tracer_tuple_value (CtTracer        *self,
                       CtValue * const *elements,
                       guint            n_elements,
                       gint64           type_id)
{
  g_return_val_if_fail (CT_IS_TRACER (self), NULL);
  g_return_val_if_fail (elements_are_valid (elements, n_elements), NULL);
  g_return_val_if_fail (type_id_is_valid (self, type_id), NULL);

  return compound_value (self, CT_VALUE_TUPLE, elements, n_elements, type_id);
}

CtValue *
ct_tracer_struct_value (CtTracer        *self,
                        CtValue * const *field_values,
                        guint            n_fields,
                        gint64           type_id)
{
  g_return_val_if_fail (CT_IS_TRACER (self), NULL);
  g_return_val_if_fail (elements_are_valid (field_values, n_fields), NULL);
  g_return_val_if_fail (type_id_is_valid (self, type_id), NULL);

  return compound_value (self, CT_VALUE_STRUCT, field_values, n_fields, type_id);
}

CtValue *
ct_tracer_variant_value (CtTracer      *self,
                         const char    *discriminator,
                         const CtValue *contents,
                         gint64         type_id)
{
  CtValue *value;

  g_return_val_if_fail (CT_IS_TRACER (self), NULL);
  g_return_val_if_fail (discriminator != NULL, NULL);
  g_return_val_if_fail (contents != NULL, NULL);
  g_return_val_if_fail (type_id_is_valid (self, type_id), NULL);

  value = new_value (self, CT_VALUE_VARIANT, type_id);
  value->variant.discriminator = arena_str (self, discriminator);
  value->variant.contents = ct_arena_new0 (self->values, CtValue, 1);
  *value->variant.contents = *contents;
  return value;
}

CtValue *
ct_tracer_reference_value (CtTracer      *self,
                           const CtValue *dereferenced,
                           guint64        address,
                           gboolean       mutable_,
                           gint64         type_id)
{
  CtValue *value;

  g_return_val_if_fail (CT_IS_TRACER (self), NULL);
  g_return_val_if_fail (dereferenced != NULL, NULL);
  g_return_val_if_fail (type_id_is_valid (self, type_id), NULL);

  value = new_value (self, CT_VALUE_REFERENCE, type_id);
  value->ref.dereferenced = ct_arena_new0 (self->values, CtValue, 1);
  *value->ref.dereferenced = *dereferenced;
  value->ref.address = address;
  value->ref.mutable_ = !!mutable_;
  return value;
}

/* magnitude must already be in the arena, or be copied (copy = TRUE) */
static CtValue *
bigint_value (CtTracer     *self,
              const guint8 *magnitude,
              gsize         len,
              gboolean      negative,
              gboolean      copy,
              gint64        type_id)
{
  CtValue *value;
  guint8 *bytes = NULL;

  /* The format's magnitude has no leading zero bytes, and zero has no sign. */
  while (len > 0 && magnitude[0] == 0)
    {
      magnitude++;
      len--;
    }

  value = new_value (self, CT_VALUE_BIGINT, type_id);
  if (copy && len > 0)
    {
      bytes = ct_arena_alloc (self->values, len);
      memcpy (bytes, magnitude, len);
      magnitude = bytes;
    }
  value->big.magnitude = len > 0 ? magnitude : NULL;
  value->big.len = len;
  value->big.negative = len > 0 && negative;
  return value;
}

CtValue *
ct_tracer_bigint_value (CtTracer     *self,
                        const guint8 *magnitude,
                        gsize         len,
                        gboolean      negative,
                        gint64        type_id)
{
  g_return_val_if_fail (CT_IS_TRACER (self), NULL);
  g_return_val_if_fail (len == 0 || magnitude != NULL, NULL);
  g_return_val_if_fail (type_id_is_valid (self, type_id), NULL);

  return bigint_value (self, magnitude, len, negative, TRUE, type_id);
}

CtValue *
ct_tracer_bigint_value_from_string (CtTracer   *self,
                                    const char *decimal,
                                    gint64      type_id)
{
  const char *digits;
  gboolean negative = FALSE;
  gsize n_digits;
  guint8 *magnitude;
  gsize len = 0;

  g_return_val_if_fail (CT_IS_TRACER (self), NULL);
  g_return_val_if_fail (decimal != NULL, NULL);
  g_return_val_if_fail (type_id_is_valid (self, type_id), NULL);

  digits = decimal;
  if (*digits == '-' || *digits == '+')
    negative = *digits++ == '-';

  n_digits = strlen (digits);
  if (n_digits == 0 || strspn (digits, "0123456789") != n_digits)
    return NULL;

  /* Reset the arena first if due, so the magnitude survives new_value(). */
  prepare_values (self);

  magnitude = _ct_decimal_to_magnitude (digits, n_digits, self->values, &len);
  return bigint_value (self, magnitude, len, negative, FALSE, type_id);
}

/* ---- sources ---- */

/* Where a recorded path's copy goes under files/: the absolute path without
 * its leading slash, or the relative path as written. NULL for a path that
 * would leave files/. */
static char *
files_relative_path (const char *recorded_path)
{
  g_auto(GStrv) parts = g_strsplit (recorded_path, "/", -1);
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] == '\0' || strcmp (parts[i], ".") == 0)
        continue;
      if (strcmp (parts[i], "..") == 0)
        return NULL;
      g_ptr_array_add (kept, parts[i]);
    }

  if (kept->len == 0)
    return NULL;

  g_ptr_array_add (kept, NULL);
  return g_build_filenamev ((char **) kept->pdata);
}

gboolean
ct_tracer_capture_source_from (CtTracer    *self,
                               const char  *recorded_path,
                               const char  *source_file,
                               GError     **error)
{
  g_autofree char *relative = NULL;
  g_autofree char *dest_path = NULL;
  g_autofree char *dest_dir = NULL;
  g_autoptr(GFile) source = NULL;
  g_autoptr(GFile) dest = NULL;

  g_return_val_if_fail (CT_IS_TRACER (self), FALSE);
  g_return_val_if_fail (recorded_path != NULL, FALSE);
  g_return_val_if_fail (source_file != NULL, FALSE);
  g_return_val_if_fail (self->state == STATE_RECORDING, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_hash_table_contains (self->captured, recorded_path))
    return TRUE;

  relative = files_relative_path (recorded_path);
  if (relative == NULL)
    {
      g_set_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_UNSAFE_PATH,
                   "Cannot capture %s: the path would leave the trace folder's files/",
                   recorded_path);
      return FALSE;
    }

  dest_path = g_build_filename (self->trace_dir, "files", relative, NULL);
  dest_dir = g_path_get_dirname (dest_path);
  if (g_mkdir_with_parents (dest_dir, 0755) != 0)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   "Cannot create %s: %s", dest_dir, g_strerror (errsv));
      return FALSE;
    }

  source = g_file_new_for_path (source_file);
  dest = g_file_new_for_path (dest_path);
  if (!g_file_copy (source, dest,
                    G_FILE_COPY_OVERWRITE | G_FILE_COPY_TARGET_DEFAULT_PERMS,
                    NULL, NULL, NULL, error))
    return FALSE;

  g_hash_table_add (self->captured, g_strdup (recorded_path));
  return TRUE;
}

gboolean
ct_tracer_capture_source (CtTracer    *self,
                          const char  *path,
                          GError     **error)
{
  return ct_tracer_capture_source_from (self, path, path, error);
}

/* ---- finishing ---- */

static char *
metadata_json (CtTracer *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "workdir");
  json_builder_add_string_value (builder, self->workdir != NULL ? self->workdir : "");
  json_builder_set_member_name (builder, "program");
  json_builder_add_string_value (builder, self->program != NULL ? self->program : "");
  json_builder_set_member_name (builder, "args");
  json_builder_begin_array (builder);
  for (guint i = 0; self->args != NULL && self->args[i] != NULL; i++)
    json_builder_add_string_value (builder, self->args[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

static char *
paths_json (CtTracer *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < self->paths->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (self->paths, i));
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

/* Writes contents to a new temporary file in dir and returns its path. */
static char *
write_temporary (const char  *dir,
                 const char  *name,
                 const char  *contents,
                 GError     **error)
{
  g_autofree char *tmpl = g_strdup_printf (".%s-XXXXXX", name);
  g_autofree char *path = g_build_filename (dir, tmpl, NULL);
  gsize len = strlen (contents);
  gsize done = 0;
  int fd;

  fd = g_mkstemp_full (path, O_WRONLY, 0644);
  if (fd < 0)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   "Cannot create a temporary file in %s: %s", dir, g_strerror (errsv));
      return NULL;
    }

  while (done < len)
    {
      gssize n = write (fd, contents + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int errsv = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                       "Cannot write %s: %s", path, g_strerror (errsv));
          close (fd);
          g_unlink (path);
          return NULL;
        }
      done += n;
    }

  if (close (fd) != 0)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   "Cannot write %s: %s", path, g_strerror (errsv));
      g_unlink (path);
      return NULL;
    }

  return g_steal_pointer (&path);
}

static gboolean
move_into_place (const char  *tmp_path,
                 const char  *dir,
                 const char  *name,
                 GError     **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  if (g_rename (tmp_path, path) != 0)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   "Cannot write %s: %s", path, g_strerror (errsv));
      g_unlink (tmp_path);
      return FALSE;
    }

  return TRUE;
}

gboolean
ct_tracer_finish (CtTracer  *self,
                  GError   **error)
{
  g_autofree char *metadata = NULL;
  g_autofree char *paths = NULL;
  g_autofree char *metadata_tmp = NULL;
  g_autofree char *paths_tmp = NULL;
  g_autofree char *stale = NULL;
  g_autoptr(CtWriter) writer = NULL;

  g_return_val_if_fail (CT_IS_TRACER (self), FALSE);
  g_return_val_if_fail (self->state == STATE_RECORDING, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  self->state = STATE_DONE;
  writer = g_steal_pointer (&self->writer);

  if (self->error != NULL)
    {
      ct_writer_abort (writer);
      g_propagate_error (error, g_error_copy (self->error));
      return FALSE;
    }

  /* The side files are written aside first and moved in only once the
   * trace file is in place, so a failure at any point leaves the folder's
   * older contents consistent rather than mixing old and new files. */
  metadata = metadata_json (self);
  paths = paths_json (self);

  if (!(metadata_tmp = write_temporary (self->trace_dir, "trace_metadata.json", metadata, error)) ||
      !(paths_tmp = write_temporary (self->trace_dir, "trace_paths.json", paths, error)))
    {
      if (metadata_tmp != NULL)
        g_unlink (metadata_tmp);
      ct_writer_abort (writer);
      return FALSE;
    }

  if (!ct_writer_finish (writer, error))
    {
      g_unlink (metadata_tmp);
      g_unlink (paths_tmp);
      return FALSE;
    }

  if (!move_into_place (metadata_tmp, self->trace_dir, "trace_metadata.json", error))
    {
      g_unlink (paths_tmp);
      return FALSE;
    }

  if (!move_into_place (paths_tmp, self->trace_dir, "trace_paths.json", error))
    return FALSE;

  /* A reader given both trace.json and trace.bin picks the binary one, so
   * an older recording of the other kind would hide this one. */
  stale = g_build_filename (self->trace_dir,
                            self->encoding == CT_ENCODING_JSON ? "trace.bin" : "trace.json",
                            NULL);
  if (g_unlink (stale) != 0 && errno != ENOENT)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   "Cannot remove the older %s: %s", stale, g_strerror (errsv));
      return FALSE;
    }

  return TRUE;
}

void
ct_tracer_abort (CtTracer *self)
{
  g_autoptr(CtWriter) writer = NULL;

  g_return_if_fail (CT_IS_TRACER (self));

  if (self->state != STATE_RECORDING)
    return;

  self->state = STATE_DONE;
  writer = g_steal_pointer (&self->writer);
  ct_writer_abort (writer);
}
