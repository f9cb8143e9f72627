/* inspector-details.c
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * This program is free software: you can redistribute it and/or modify
 * it under the terms of the GNU General Public License as published by
 * the Free Software Foundation, either version 3 of the License, or
 * (at your option) any later version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "inspector-details.h"

struct _InspectorDetails
{
  GtkWidget           parent_instance;

  InspectorSession   *session;
  GSignalGroup       *session_signals;
  GPtrArray          *groups;
  GHashTable         *values; /* row title -> GtkLabel */

  /* template */
  AdwPreferencesPage *page;
};

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (InspectorDetails, inspector_details, GTK_TYPE_WIDGET)

static AdwPreferencesGroup *
add_group (InspectorDetails *self,
           const char       *title)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());

  adw_preferences_group_set_title (group, title);
  adw_preferences_page_add (self->page, group);
  g_ptr_array_add (self->groups, group);
  return group;
}

static void
add_row (InspectorDetails    *self,
         AdwPreferencesGroup *group,
         const char          *title,
         const char          *value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value != NULL && value[0] != '\0' ? value : "—");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 60);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "details-value");
  gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  adw_preferences_group_add (group, row);

  g_hash_table_insert (self->values, g_strdup (title), label);
}

static void
set_value (InspectorDetails *self,
           const char       *title,
           const char       *value)
{
  GtkLabel *label = g_hash_table_lookup (self->values, title);

  if (label != NULL)
    gtk_label_set_text (label, value != NULL && value[0] != '\0' ? value : "—");
}

static char *
format_count (guint n)
{
  return g_strdup_printf ("%u", n);
}

static void
update_counts (InspectorDetails *self)
{
  CtModel *model;
  g_autofree char *steps = NULL;
  g_autofree char *calls = NULL;
  g_autofree char *unfinished = NULL;
  g_autofree char *depth = NULL;
  g_autofree char *io = NULL;
  g_autofree char *index = NULL;

  if (self->session == NULL || (model = inspector_session_get_model (self->session)) == NULL)
    return;

  steps = format_count (ct_model_get_n_steps (model));
  calls = format_count (ct_model_get_n_calls (model));
  unfinished = ct_model_is_loaded (model)
    ? format_count (ct_model_get_n_unfinished_calls (model))
    : g_strdup (_("(loading)"));
  depth = format_count (ct_model_get_max_depth (model));
  io = format_count (ct_model_get_n_io (model));
  index = g_format_size (ct_model_get_index_size (model));

  set_value (self, _("Steps"), steps);
  set_value (self, _("Calls"), calls);
  set_value (self, _("Unfinished calls"), unfinished);
  set_value (self, _("Deepest nesting"), depth);
  set_value (self, _("Input and output events"), io);
  set_value (self, _("Index in memory"), index);
}

static char *
node_to_text (JsonNode *node)
{
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return json_to_string (node, FALSE);
}

static void
rebuild (InspectorDetails *self)
{
  CtTraceFolder *folder;
  AdwPreferencesGroup *group;
  JsonObject *metadata;
  const char * const *warnings;
  g_autofree char *args = NULL;
  g_autofree char *recorder = NULL;
  const char *encoding_name;

  for (guint i = 0; i < self->groups->len; i++)
    adw_preferences_page_remove (self->page, g_ptr_array_index (self->groups, i));
  g_ptr_array_set_size (self->groups, 0);
  g_hash_table_remove_all (self->values);

  if (self->session == NULL || (folder = inspector_session_get_folder (self->session)) == NULL)
    return;

  metadata = ct_trace_folder_get_metadata (folder);

  group = add_group (self, _("Program"));
  add_row (self, group, _("Program"), ct_trace_folder_get_program (folder));
  if (ct_trace_folder_get_args (folder) != NULL)
    args = g_strjoinv (" ", (char **) ct_trace_folder_get_args (folder));
  add_row (self, group, _("Arguments"), args);
  add_row (self, group, _("Working folder"), ct_trace_folder_get_workdir (folder));

  group = add_group (self, _("Recording"));
  add_row (self, group, _("Trace folder"), ct_trace_folder_get_dir (folder));
  add_row (self, group, _("Trace file"), ct_trace_folder_get_trace_file (folder));
  switch (ct_trace_folder_get_encoding (folder))
    {
    case CT_ENCODING_JSON:
      encoding_name = _("JSON (trace.json)");
      break;
    case CT_ENCODING_BINARY_V1:
      encoding_name = _("Binary version 1: CBOR in seekable Zstandard (trace.bin)");
      break;
    case CT_ENCODING_BINARY_V0:
      encoding_name = _("Binary version 0: packed Cap’n Proto (trace.bin)");
      break;
    default:
      encoding_name = _("Unknown");
      break;
    }
  add_row (self, group, _("Encoding"), encoding_name);
  if (ct_trace_folder_has_both (folder))
    add_row (self, group, _("Note"),
             _("The folder holds both trace.json and trace.bin; trace.bin is shown"));
  if (metadata != NULL && json_object_has_member (metadata, "recorder"))
    recorder = node_to_text (json_object_get_member (metadata, "recorder"));
  add_row (self, group, _("Recorder"), recorder != NULL ? recorder : _("Not recorded"));

  group = add_group (self, _("Counts"));
  add_row (self, group, _("Steps"), NULL);
  add_row (self, group, _("Calls"), NULL);
  add_row (self, group, _("Unfinished calls"), NULL);
  add_row (self, group, _("Deepest nesting"), NULL);
  add_row (self, group, _("Input and output events"), NULL);
  add_row (self, group, _("Index in memory"), NULL);
  update_counts (self);

  group = add_group (self, _("Metadata"));
  adw_preferences_group_set_description (group, _("Every key of trace_metadata.json"));
  if (metadata != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (metadata);

      for (const GList *l = members; l != NULL; l = l->next)
        {
          g_autofree char *text = node_to_text (json_object_get_member (metadata, l->data));

          add_row (self, group, l->data, text);
        }
    }
  else
    add_row (self, group, _("trace_metadata.json"), _("Missing"));

  warnings = ct_trace_folder_get_warnings (folder);
  if (warnings != NULL && warnings[0] != NULL)
    {
      group = add_group (self, _("Warnings"));
      for (guint i = 0; warnings[i] != NULL; i++)
        {
          g_autofree char *title = g_strdup_printf (_("Warning %u"), i + 1);

          add_row (self, group, title, warnings[i]);
        }
    }
}

static void
inspector_details_dispose (GObject *object)
{
  InspectorDetails *self = (InspectorDetails *) object;

  g_clear_object (&self->session_signals);
  g_clear_object (&self->session);

  gtk_widget_dispose_template (GTK_WIDGET (self), INSPECTOR_TYPE_DETAILS);
  /* the template's unnamed root box */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (inspector_details_parent_class)->dispose (object);
}

static void
inspector_details_finalize (GObject *object)
{
  InspectorDetails *self = (InspectorDetails *) object;

  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_pointer (&self->values, g_hash_table_unref);

  G_OBJECT_CLASS (inspector_details_parent_class)->finalize (object);
}

static void
inspector_details_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  InspectorDetails *self = INSPECTOR_DETAILS (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inspector_details_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  InspectorDetails *self = INSPECTOR_DETAILS (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      inspector_details_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inspector_details_class_init (InspectorDetailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = inspector_details_dispose;
  object_class->finalize = inspector_details_finalize;
  object_class->get_property = inspector_details_get_property;
  object_class->set_property = inspector_details_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         INSPECTOR_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/traceinspector/TraceInspector/inspector-details.ui");
  gtk_widget_class_bind_template_child (widget_class, InspectorDetails, page);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "details");
}

static void
inspector_details_init (InspectorDetails *self)
{
  self->groups = g_ptr_array_new ();
  self->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->session_signals = g_signal_group_new (INSPECTOR_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::folder",
                                 G_CALLBACK (rebuild), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::n-steps",
                                 G_CALLBACK (update_counts), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::loading",
                                 G_CALLBACK (update_counts), self, G_CONNECT_SWAPPED);
}

GtkWidget *
inspector_details_new (void)
{
  return g_object_new (INSPECTOR_TYPE_DETAILS, NULL);
}

InspectorSession *
inspector_details_get_session (InspectorDetails *self)
{
  g_return_val_if_fail (INSPECTOR_IS_DETAILS (self), NULL);
  return self->session;
}

void
inspector_details_set_session (InspectorDetails *self,
                               InspectorSession *session)
{
  g_return_if_fail (INSPECTOR_IS_DETAILS (self));
  g_return_if_fail (!session || INSPECTOR_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;

  g_signal_group_set_target (self->session_signals, session);
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

const char *
inspector_details_lookup (InspectorDetails *self,
                          const char       *title)
{
  GtkLabel *label;

  g_return_val_if_fail (INSPECTOR_IS_DETAILS (self), NULL);

  if ((label = g_hash_table_lookup (self->values, title)) == NULL)
    return NULL;
  return gtk_label_get_text (label);
}
