/* inspector-variables.c
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

#include <glib/gi18n.h>

#include "inspector-list-cells.h"
#include "inspector-value.h"
#include "inspector-variables.h"

struct _InspectorVariables
{
  GtkWidget           parent_instance;

  InspectorSession   *session;
  GSignalGroup       *session_signals;
  guint               shown_step;

  /* template */
  GListStore         *rows;
  GtkFilterListModel *filtered;
  GtkStringFilter    *filter;
  GtkColumnView      *column_view;
  GtkLabel           *status_label;

  GtkTreeListModel   *tree;
};

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (InspectorVariables, inspector_variables, GTK_TYPE_WIDGET)

/* ------------------------------------------------------------------------
 * Cells (see inspector-list-cells.c): each follows its value's notify
 * signals, as the values of the rows that stay take their new text in
 * place.
 * ------------------------------------------------------------------------ */

static void
name_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               InspectorVariables       *self)
{
  GtkWidget *expander = gtk_tree_expander_new ();

  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander),
                               inspector_list_cells_inscription_new (10, FALSE, NULL, TRUE));
  gtk_list_item_set_child (list_item, expander);
}

static void
name_update (gpointer    value,
             GParamSpec *pspec,
             gpointer    inscription)
{
  gtk_inscription_set_text (inscription, inspector_value_get_name (value));
}

static void
name_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              InspectorVariables       *self)
{
  g_autoptr(InspectorValue) value = inspector_list_cells_get_item (list_item);

  inspector_list_cells_show (inspector_list_cells_expander_child (list_item), value,
                             name_update, "name", NULL);
}

static void
value_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                InspectorVariables       *self)
{
  gtk_list_item_set_child (list_item, inspector_list_cells_inscription_new (16, FALSE, "monospace", TRUE));
}

static void
value_update (gpointer    value,
              GParamSpec *pspec,
              gpointer    inscription)
{
  gtk_inscription_set_text (GTK_INSCRIPTION (inscription), inspector_value_get_text (value));
  /* the highlight of a value that changed since the previous step */
  if (inspector_value_get_changed (value))
    gtk_widget_add_css_class (inscription, "changed");
  else
    gtk_widget_remove_css_class (inscription, "changed");
}

static void
value_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               InspectorVariables       *self)
{
  g_autoptr(InspectorValue) value = inspector_list_cells_get_item (list_item);

  inspector_list_cells_show (gtk_list_item_get_child (list_item), value,
                             value_update, "text", "changed");
}

static void
type_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               InspectorVariables       *self)
{
  gtk_list_item_set_child (list_item, inspector_list_cells_inscription_new (8, FALSE, "dim-label", FALSE));
}

static void
type_update (gpointer    value,
             GParamSpec *pspec,
             gpointer    inscription)
{
  gtk_inscription_set_text (inscription, inspector_value_get_type_name (value));
}

static void
type_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              InspectorVariables       *self)
{
  g_autoptr(InspectorValue) value = inspector_list_cells_get_item (list_item);

  inspector_list_cells_show (gtk_list_item_get_child (list_item), value,
                             type_update, "type-name", NULL);
}

/* ------------------------------------------------------------------------
 * The rows
 * ------------------------------------------------------------------------ */

static GListModel *
create_children_cb (gpointer item,
                    gpointer user_data)
{
  return inspector_value_dup_children (INSPECTOR_VALUE (item));
}

static void
set_status (InspectorVariables *self,
            const char         *text)
{
  gtk_label_set_text (self->status_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL);
}

/* The call that returned just before `step`: the outermost call open at
 * step - 1 that is not a caller of `step` */
static guint
returned_call (CtModel *model,
               guint    step)
{
  g_autoptr(GArray) stack = NULL;
  guint returned = CT_MODEL_NONE;
  guint call;

  if (step == 0 || step == CT_MODEL_NONE)
    return CT_MODEL_NONE;

  stack = ct_model_get_call_stack (model, step);
  call = ct_model_call_at (model, step - 1);
  while (call != CT_MODEL_NONE)
    {
      CtModelCall info;
      gboolean open_at_step = FALSE;

      for (guint i = 0; stack != NULL && i < stack->len; i++)
        if (g_array_index (stack, guint32, i) == call)
          open_at_step = TRUE;
      if (open_at_step || !ct_model_get_call (model, call, &info))
        break;
      returned = call;
      call = info.parent;
    }
  return returned;
}

static void
append_arguments (InspectorVariables *self,
                  GPtrArray          *rows,
                  CtModel            *model,
                  guint               call)
{
  g_autoptr(GPtrArray) args = NULL;
  g_autoptr(GListStore) children = NULL;
  g_autoptr(InspectorValue) group = NULL;
  g_autofree char *function = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GString) summary = g_string_new (NULL);
  CtModelCall info;

  if (call == CT_MODEL_NONE || !ct_model_get_call (model, call, &info))
    return;
  if ((args = ct_model_get_call_args (model, call, NULL)) == NULL || args->len == 0)
    return;

  children = g_list_store_new (INSPECTOR_TYPE_VALUE);
  for (guint i = 0; i < args->len; i++)
    {
      CtModelValue *arg = g_ptr_array_index (args, i);
      g_autoptr(InspectorValue) row = NULL;

      row = inspector_value_new (self->session, arg->name, arg->type_name, arg->value_json,
                                 FALSE, NULL, INSPECTOR_VALUE_ROLE_ARGUMENT);
      g_list_store_append (children, row);
      g_string_append_printf (summary, "%s%s=%s", i > 0 ? ", " : "",
                              arg->name != NULL ? arg->name : "?",
                              inspector_value_get_text (row));
    }

  function = ct_model_dup_function_name (model, info.function_id);
  /* the value column: the call, "foo(n=1)" */
  text = g_strdup_printf ("%s(%s)", function != NULL ? function : "?", summary->str);
  /* Translators: the group row of the current call's arguments */
  group = inspector_value_new_group (_("Arguments"), text, G_LIST_MODEL (children),
                                     INSPECTOR_VALUE_ROLE_ARGUMENTS);
  g_ptr_array_add (rows, g_steal_pointer (&group));
}

static void
append_return_value (InspectorVariables *self,
                     GPtrArray          *rows,
                     CtModel            *model,
                     guint               step)
{
  g_autoptr(CtModelValue) value = NULL;
  g_autoptr(InspectorValue) row = NULL;
  g_autofree char *function = NULL;
  g_autofree char *name = NULL;
  CtModelCall info;
  guint call;

  if ((call = returned_call (model, step)) == CT_MODEL_NONE
      || !ct_model_get_call (model, call, &info)
      || !(info.flags & CT_MODEL_CALL_RETURNED)
      || (value = ct_model_get_return_value (model, call, NULL)) == NULL)
    return;

  function = ct_model_dup_function_name (model, info.function_id);
  /* Translators: the row of the value a call just returned */
  name = g_strdup_printf (_("%s returned"), function != NULL ? function : "?");
  row = inspector_value_new (self->session, name, value->type_name, value->value_json,
                             FALSE, NULL, INSPECTOR_VALUE_ROLE_RETURN);
  g_ptr_array_add (rows, g_steal_pointer (&row));
}

/* Shows `fresh`: the rows that stay (nothing to expand in them) take
 * their new names and values in place, so that GTK keeps their widgets
 * (making a row's widgets costs far more than changing its text); the
 * rest is replaced in one change. */
static void
show_rows (InspectorVariables *self,
           GPtrArray          *fresh)
{
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  guint kept = 0;

  while (kept < n_old && kept < fresh->len)
    {
      g_autoptr(InspectorValue) row = g_list_model_get_item (G_LIST_MODEL (self->rows), kept);

      if (!inspector_value_update (row, g_ptr_array_index (fresh, kept)))
        break;
      kept++;
    }

  if (kept < n_old || kept < fresh->len)
    g_list_store_splice (self->rows, kept, n_old - kept,
                         fresh->pdata + kept, fresh->len - kept);

  /* the filter does not watch the names that changed in place */
  if (kept > 0 && gtk_string_filter_get_search (self->filter) != NULL)
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
update (InspectorVariables *self)
{
  g_autoptr(GPtrArray) variables = NULL;
  g_autoptr(GPtrArray) previous = NULL;
  g_autoptr(GPtrArray) fresh = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) previous_by_name = NULL;
  g_autoptr(GError) error = NULL;
  CtModel *model;
  guint step;

  set_status (self, NULL);

  if (self->session == NULL
      || (model = inspector_session_get_model (self->session)) == NULL
      || (step = inspector_session_get_current_step (self->session)) == CT_MODEL_NONE)
    {
      self->shown_step = CT_MODEL_NONE;
      g_list_store_remove_all (self->rows);
      return;
    }

  self->shown_step = step;

  if ((variables = ct_model_get_variables (model, step, &error)) == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Cannot read the values at step %u: %s"),
                                                  step, error->message);

      g_list_store_remove_all (self->rows);
      set_status (self, message);
      return;
    }

  previous_by_name = g_hash_table_new (g_str_hash, g_str_equal);
  if (step > 0 && (previous = ct_model_get_variables (model, step - 1, NULL)) != NULL)
    {
      for (guint i = 0; i < previous->len; i++)
        {
          CtModelValue *value = g_ptr_array_index (previous, i);

          if (value->name != NULL)
            g_hash_table_insert (previous_by_name, value->name, value->value_json);
        }
    }

  for (guint i = 0; i < variables->len; i++)
    {
      CtModelValue *value = g_ptr_array_index (variables, i);
      g_autoptr(InspectorValue) row = NULL;
      const char *previous_json = NULL;

      if (value->name != NULL)
        previous_json = g_hash_table_lookup (previous_by_name, value->name);
      row = inspector_value_new (self->session,
                                 value->name != NULL ? value->name : "?",
                                 value->type_name,
                                 value->value_json,
                                 step > 0,
                                 previous_json,
                                 INSPECTOR_VALUE_ROLE_VARIABLE);
      g_ptr_array_add (fresh, g_steal_pointer (&row));
    }

  append_arguments (self, fresh, model, inspector_session_get_current_call (self->session));
  append_return_value (self, fresh, model, step);
  show_rows (self, fresh);

  if (g_list_model_get_n_items (G_LIST_MODEL (self->rows)) == 0)
    set_status (self, _("No values were recorded at this step"));
}

static void
session_step_changed_cb (InspectorVariables *self)
{
  if (self->session != NULL
      && inspector_session_get_current_step (self->session) == self->shown_step
      && g_list_model_get_n_items (G_LIST_MODEL (self->rows)) > 0)
    return;
  update (self);
}

static void
session_loading_changed_cb (InspectorVariables *self)
{
  /* the values of the last loaded step may have been incomplete */
  update (self);
}

static void
inspector_variables_dispose (GObject *object)
{
  InspectorVariables *self = (InspectorVariables *) object;

  g_clear_object (&self->session_signals);
  g_clear_object (&self->session);
  g_clear_object (&self->tree);

  gtk_widget_dispose_template (GTK_WIDGET (self), INSPECTOR_TYPE_VARIABLES);
  /* the template's unnamed root box */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (inspector_variables_parent_class)->dispose (object);
}

static void
inspector_variables_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  InspectorVariables *self = INSPECTOR_VARIABLES (object);

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
inspector_variables_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  InspectorVariables *self = INSPECTOR_VARIABLES (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      inspector_variables_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inspector_variables_class_init (InspectorVariablesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = inspector_variables_dispose;
  object_class->get_property = inspector_variables_get_property;
  object_class->set_property = inspector_variables_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         INSPECTOR_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (INSPECTOR_TYPE_VALUE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/traceinspector/TraceInspector/inspector-variables.ui");
  gtk_widget_class_bind_template_child (widget_class, InspectorVariables, rows);
  gtk_widget_class_bind_template_child (widget_class, InspectorVariables, filtered);
  gtk_widget_class_bind_template_child (widget_class, InspectorVariables, filter);
  gtk_widget_class_bind_template_child (widget_class, InspectorVariables, column_view);
  gtk_widget_class_bind_template_child (widget_class, InspectorVariables, status_label);
  inspector_list_cells_class_init (widget_class);
  gtk_widget_class_bind_template_callback (widget_class, name_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, name_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, value_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, value_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, type_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, type_bind_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "variables");
}

static void
inspector_variables_init (InspectorVariables *self)
{
  g_autoptr(GtkSingleSelection) selection = NULL;

  self->shown_step = CT_MODEL_NONE;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->tree = gtk_tree_list_model_new (g_object_ref (G_LIST_MODEL (self->filtered)),
                                        FALSE, FALSE, create_children_cb, NULL, NULL);
  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->tree)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));

  self->session_signals = g_signal_group_new (INSPECTOR_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::current-step",
                                 G_CALLBACK (session_step_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::model",
                                 G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::loading",
                                 G_CALLBACK (session_loading_changed_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
inspector_variables_new (void)
{
  return g_object_new (INSPECTOR_TYPE_VARIABLES, NULL);
}

InspectorSession *
inspector_variables_get_session (InspectorVariables *self)
{
  g_return_val_if_fail (INSPECTOR_IS_VARIABLES (self), NULL);
  return self->session;
}

void
inspector_variables_set_session (InspectorVariables *self,
                                 InspectorSession   *session)
{
  g_return_if_fail (INSPECTOR_IS_VARIABLES (self));
  g_return_if_fail (!session || INSPECTOR_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;

  g_signal_group_set_target (self->session_signals, session);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

GListModel *
inspector_variables_get_rows (InspectorVariables *self)
{
  g_return_val_if_fail (INSPECTOR_IS_VARIABLES (self), NULL);
  return G_LIST_MODEL (self->rows);
}

GListModel *
inspector_variables_get_filtered_rows (InspectorVariables *self)
{
  g_return_val_if_fail (INSPECTOR_IS_VARIABLES (self), NULL);
  return G_LIST_MODEL (self->filtered);
}

void
inspector_variables_set_filter (InspectorVariables *self,
                                const char         *text)
{
  g_return_if_fail (INSPECTOR_IS_VARIABLES (self));

  gtk_string_filter_set_search (self->filter, text != NULL && text[0] != '\0' ? text : NULL);
}

GtkTreeListModel *
inspector_variables_get_tree (InspectorVariables *self)
{
  g_return_val_if_fail (INSPECTOR_IS_VARIABLES (self), NULL);
  return self->tree;
}
