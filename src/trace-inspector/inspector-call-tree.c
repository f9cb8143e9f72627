/* inspector-call-tree.c
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

#include <string.h>

#include <glib/gi18n.h>

#include "inspector-call-list.h"
#include "inspector-call-node.h"
#include "inspector-call-tree.h"

struct _InspectorCallTree
{
  GtkWidget           parent_instance;

  InspectorSession   *session;
  GSignalGroup       *session_signals;

  GtkTreeListModel   *tree_model;
  InspectorCallList  *roots;
  GHashTable         *lists; /* live InspectorCallList (weak) */

  /* template */
  GtkColumnView      *column_view;
  GtkSingleSelection *selection;

  guint               following : 1;
};

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (InspectorCallTree, inspector_call_tree, GTK_TYPE_WIDGET)

static void
list_finalized_cb (gpointer  data,
                   GObject  *where_the_object_was)
{
  InspectorCallTree *self = data;

  g_hash_table_remove (self->lists, where_the_object_was);
}

static void
forget_lists (InspectorCallTree *self)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->lists);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_object_weak_unref (key, list_finalized_cb, self);
  g_hash_table_remove_all (self->lists);
}

static GListModel *
create_children_cb (gpointer item,
                    gpointer user_data)
{
  InspectorCallTree *self = user_data;
  InspectorCallNode *node = item;
  const CtModelCall *info = inspector_call_node_get_info (node);
  InspectorCallList *list;

  if (info->first_child == CT_MODEL_NONE || self->session == NULL)
    return NULL;

  list = inspector_call_list_new (self->session, info->id);
  g_hash_table_add (self->lists, list);
  g_object_weak_ref (G_OBJECT (list), list_finalized_cb, self);
  return G_LIST_MODEL (list);
}

static void
scroll_to (InspectorCallTree *self,
           guint              position)
{
  /* gtk_column_view_scroll_to() is GTK 4.12; 4.8 has the list's action */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_VIEW (child))
        {
          gtk_widget_activate_action (child, "list.scroll-to-item", "u", position);
          break;
        }
    }
}

gboolean
inspector_call_tree_reveal_call (InspectorCallTree *self,
                                 guint              call)
{
  g_autoptr(GArray) path = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GtkTreeListRow) row = NULL;
  CtModel *model;
  CtModelCall info;
  guint position;

  g_return_val_if_fail (INSPECTOR_IS_CALL_TREE (self), FALSE);

  if (self->session == NULL || self->tree_model == NULL
      || (model = inspector_session_get_model (self->session)) == NULL)
    return FALSE;

  /* The call and its callers, innermost first */
  for (guint32 id = call; id != CT_MODEL_NONE; id = info.parent)
    {
      if (!ct_model_get_call (model, id, &info))
        return FALSE;
      g_array_append_val (path, id);
    }

  for (guint i = path->len; i > 0; i--)
    {
      guint32 id = g_array_index (path, guint32, i - 1);
      GtkTreeListRow *next;

      if (row == NULL)
        {
          guint pos = inspector_call_list_find (self->roots, id);

          if (pos == G_MAXUINT)
            return FALSE;
          next = gtk_tree_list_model_get_child_row (self->tree_model, pos);
        }
      else
        {
          GListModel *children;
          guint pos;

          gtk_tree_list_row_set_expanded (row, TRUE);
          children = gtk_tree_list_row_get_children (row);
          if (!INSPECTOR_IS_CALL_LIST (children)
              || (pos = inspector_call_list_find (INSPECTOR_CALL_LIST (children), id)) == G_MAXUINT)
            return FALSE;
          next = gtk_tree_list_row_get_child_row (row, pos);
        }

      g_clear_object (&row);
      if ((row = next) == NULL)
        return FALSE;
    }

  if (row == NULL)
    return FALSE;

  position = gtk_tree_list_row_get_position (row);
  self->following = TRUE;
  gtk_single_selection_set_selected (self->selection, position);
  self->following = FALSE;
  scroll_to (self, position);

  return TRUE;
}

static void
follow_current_call (InspectorCallTree *self)
{
  guint call;

  if (self->session == NULL)
    return;

  call = inspector_session_get_current_call (self->session);
  if (call == CT_MODEL_NONE)
    {
      self->following = TRUE;
      gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
      self->following = FALSE;
      return;
    }

  /* Already there? */
  {
    g_autoptr(GtkTreeListRow) row = gtk_single_selection_get_selected_item (self->selection) != NULL
      ? g_object_ref (gtk_single_selection_get_selected_item (self->selection)) : NULL;

    if (row != NULL)
      {
        g_autoptr(InspectorCallNode) node = gtk_tree_list_row_get_item (row);

        if (node != NULL && inspector_call_node_get_call (node) == call)
          return;
      }
  }

  inspector_call_tree_reveal_call (self, call);
}

static void
selection_changed_cb (InspectorCallTree  *self,
                      GParamSpec         *pspec,
                      GtkSingleSelection *selection)
{
  GtkTreeListRow *row;
  g_autoptr(InspectorCallNode) node = NULL;

  if (self->following || self->session == NULL)
    return;

  row = gtk_single_selection_get_selected_item (selection);
  if (row == NULL || (node = gtk_tree_list_row_get_item (row)) == NULL)
    return;

  inspector_session_go_to_call (self->session, inspector_call_node_get_call (node));
}

static void
rebuild (InspectorCallTree *self)
{
  CtModel *model = self->session != NULL ? inspector_session_get_model (self->session) : NULL;

  self->following = TRUE;
  gtk_single_selection_set_model (self->selection, NULL);
  self->following = FALSE;
  g_clear_object (&self->tree_model);
  g_clear_object (&self->roots);
  forget_lists (self);

  if (model == NULL)
    return;

  self->roots = inspector_call_list_new (self->session, CT_MODEL_NONE);
  self->tree_model = gtk_tree_list_model_new (g_object_ref (G_LIST_MODEL (self->roots)),
                                              FALSE, FALSE,
                                              create_children_cb, self, NULL);
  self->following = TRUE;
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->tree_model));
  self->following = FALSE;

  follow_current_call (self);
}

static void
refresh (InspectorCallTree *self)
{
  GHashTableIter iter;
  gpointer key;
  g_autoptr(GPtrArray) lists = g_ptr_array_new_with_free_func (g_object_unref);

  if (self->roots == NULL)
    return;

  inspector_call_list_refresh (self->roots);

  /* refreshing can change the tree, and with it the live lists */
  g_hash_table_iter_init (&iter, self->lists);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (lists, g_object_ref (key));
  for (guint i = 0; i < lists->len; i++)
    inspector_call_list_refresh (g_ptr_array_index (lists, i));

  follow_current_call (self);
}

static void
session_model_changed_cb (InspectorCallTree *self)
{
  rebuild (self);
}

static void
session_current_call_changed_cb (InspectorCallTree *self)
{
  follow_current_call (self);
}

static void
session_n_steps_changed_cb (InspectorCallTree *self)
{
  refresh (self);
}

static void
session_loading_changed_cb (InspectorCallTree *self)
{
  refresh (self);
}

static gboolean
function_matches (const char *name,
                  const char *needle)
{
  g_autofree char *folded = NULL;

  if (name == NULL)
    return FALSE;
  folded = g_utf8_casefold (name, -1);
  return strstr (folded, needle) != NULL;
}

gboolean
inspector_call_tree_find (InspectorCallTree *self,
                          const char        *text,
                          gboolean           backwards)
{
  g_autoptr(GHashTable) functions = NULL;
  g_autofree char *needle = NULL;
  CtModel *model;
  guint n_calls, start;
  gboolean top_level_matches;

  g_return_val_if_fail (INSPECTOR_IS_CALL_TREE (self), FALSE);

  if (self->session == NULL || text == NULL || text[0] == '\0'
      || (model = inspector_session_get_model (self->session)) == NULL
      || (n_calls = ct_model_get_n_calls (model)) == 0)
    return FALSE;

  needle = g_utf8_casefold (text, -1);
  functions = g_hash_table_new (NULL, NULL);
  for (guint fid = 0; ; fid++)
    {
      g_autofree char *name = ct_model_dup_function_name (model, fid);

      if (name == NULL)
        break;
      if (function_matches (name, needle))
        g_hash_table_add (functions, GUINT_TO_POINTER (fid + 1));
    }
  top_level_matches = function_matches (_("<top level>"), needle);
  if (g_hash_table_size (functions) == 0 && !top_level_matches)
    return FALSE;

  start = inspector_session_get_current_call (self->session);
  if (start == CT_MODEL_NONE)
    start = backwards ? 0 : n_calls - 1;

  for (guint k = 1; k <= n_calls; k++)
    {
      guint id = backwards ? (start + n_calls - (k % n_calls)) % n_calls : (start + k) % n_calls;
      CtModelCall info;
      gboolean match;

      if (!ct_model_get_call (model, id, &info))
        continue;
      if (info.function_id == CT_MODEL_NONE)
        match = top_level_matches;
      else
        match = g_hash_table_contains (functions, GUINT_TO_POINTER (info.function_id + 1));
      if (match && info.first_step != CT_MODEL_NONE)
        {
          if (!inspector_session_go_to_call (self->session, id))
            inspector_call_tree_reveal_call (self, id);
          return TRUE;
        }
    }
  return FALSE;
}

static void
inspector_call_tree_dispose (GObject *object)
{
  InspectorCallTree *self = (InspectorCallTree *) object;

  if (self->selection != NULL)
    gtk_single_selection_set_model (self->selection, NULL);
  g_clear_object (&self->tree_model);
  g_clear_object (&self->roots);
  forget_lists (self);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->session);

  gtk_widget_dispose_template (GTK_WIDGET (self), INSPECTOR_TYPE_CALL_TREE);
  /* the template's unnamed root box */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (inspector_call_tree_parent_class)->dispose (object);
}

static void
inspector_call_tree_finalize (GObject *object)
{
  InspectorCallTree *self = (InspectorCallTree *) object;

  g_clear_pointer (&self->lists, g_hash_table_unref);

  G_OBJECT_CLASS (inspector_call_tree_parent_class)->finalize (object);
}

static void
inspector_call_tree_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  InspectorCallTree *self = INSPECTOR_CALL_TREE (object);

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
inspector_call_tree_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  InspectorCallTree *self = INSPECTOR_CALL_TREE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      inspector_call_tree_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inspector_call_tree_class_init (InspectorCallTreeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = inspector_call_tree_dispose;
  object_class->finalize = inspector_call_tree_finalize;
  object_class->get_property = inspector_call_tree_get_property;
  object_class->set_property = inspector_call_tree_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         INSPECTOR_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (INSPECTOR_TYPE_CALL_NODE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/traceinspector/TraceInspector/inspector-call-tree.ui");
  gtk_widget_class_bind_template_child (widget_class, InspectorCallTree, column_view);
  gtk_widget_class_bind_template_child (widget_class, InspectorCallTree, selection);
  gtk_widget_class_bind_template_callback (widget_class, selection_changed_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "callTree");
}

static void
inspector_call_tree_init (InspectorCallTree *self)
{
  self->lists = g_hash_table_new (NULL, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->session_signals = g_signal_group_new (INSPECTOR_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::model",
                                 G_CALLBACK (session_model_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::current-call",
                                 G_CALLBACK (session_current_call_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::n-steps",
                                 G_CALLBACK (session_n_steps_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::loading",
                                 G_CALLBACK (session_loading_changed_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
inspector_call_tree_new (void)
{
  return g_object_new (INSPECTOR_TYPE_CALL_TREE, NULL);
}

InspectorSession *
inspector_call_tree_get_session (InspectorCallTree *self)
{
  g_return_val_if_fail (INSPECTOR_IS_CALL_TREE (self), NULL);
  return self->session;
}

void
inspector_call_tree_set_session (InspectorCallTree *self,
                                 InspectorSession  *session)
{
  g_return_if_fail (INSPECTOR_IS_CALL_TREE (self));
  g_return_if_fail (!session || INSPECTOR_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;

  g_signal_group_set_target (self->session_signals, session);
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

GtkSingleSelection *
inspector_call_tree_get_selection (InspectorCallTree *self)
{
  g_return_val_if_fail (INSPECTOR_IS_CALL_TREE (self), NULL);
  return self->selection;
}
