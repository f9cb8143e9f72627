/* inspector-call-list.c
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

#include "inspector-call-list.h"

struct _InspectorCallList
{
  GObject           parent_instance;

  InspectorSession *session;
  guint             parent_call;
  guint             n_items; /* children known to the model */
  GArray           *ids;     /* guint32 child call ids found so far, ascending */
  GPtrArray        *nodes;   /* InspectorCallNode* made on demand, or NULL */
  guint32           cursor;  /* next child to walk to, CT_MODEL_NONE at the end */
  guint             started : 1;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (InspectorCallList, inspector_call_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static CtModel *
get_model (InspectorCallList *self)
{
  return inspector_session_get_model (self->session);
}

/* Walks the sibling links until `position` is known (or the chain ends).
 * Expanding a call with many children asks for the first rows only, so
 * the walk goes as far as the user looks. */
static void
walk_to (InspectorCallList *self,
         guint              position)
{
  CtModel *model = get_model (self);
  CtModelCall c;

  if (model == NULL)
    return;

  if (self->cursor == CT_MODEL_NONE)
    {
      /* The first walk, or a load may have linked more children since */
      if (self->ids->len > 0)
        {
          guint32 last = g_array_index (self->ids, guint32, self->ids->len - 1);

          if (self->ids->len > position || !ct_model_get_call (model, last, &c))
            return;
          self->cursor = c.next_sibling;
        }
      else if (self->parent_call == CT_MODEL_NONE)
        self->cursor = ct_model_get_first_root_call (model);
      else if (ct_model_get_call (model, self->parent_call, &c))
        self->cursor = c.first_child;
    }

  while (self->ids->len <= position && self->cursor != CT_MODEL_NONE)
    {
      guint32 id = self->cursor;

      if (!ct_model_get_call (model, id, &c))
        {
          self->cursor = CT_MODEL_NONE;
          break;
        }
      g_array_append_val (self->ids, id);
      g_ptr_array_add (self->nodes, NULL);
      self->cursor = c.next_sibling;
    }
}

/* How many children the model has now */
static guint
count_children (InspectorCallList *self)
{
  CtModel *model = get_model (self);

  if (model == NULL)
    return 0;
  if (self->parent_call != CT_MODEL_NONE)
    return ct_model_get_n_children (model, self->parent_call);

  /* root calls have no count query: walk them all (there are few) */
  walk_to (self, G_MAXUINT - 1);
  return self->ids->len;
}

static void
ensure_started (InspectorCallList *self)
{
  if (self->started)
    return;
  self->started = TRUE;
  /* The first count: nobody has seen the list yet, so no signal */
  self->n_items = count_children (self);
}

static GType
inspector_call_list_get_item_type (GListModel *model)
{
  return INSPECTOR_TYPE_CALL_NODE;
}

static guint
inspector_call_list_get_n_items (GListModel *model)
{
  InspectorCallList *self = INSPECTOR_CALL_LIST (model);

  ensure_started (self);
  return self->n_items;
}

static gpointer
inspector_call_list_get_item (GListModel *model,
                              guint       position)
{
  InspectorCallList *self = INSPECTOR_CALL_LIST (model);
  InspectorCallNode *node;

  ensure_started (self);
  if (position >= self->n_items)
    return NULL;
  walk_to (self, position);
  if (position >= self->ids->len)
    return NULL;

  node = g_ptr_array_index (self->nodes, position);
  if (node == NULL)
    {
      node = inspector_call_node_new (self->session, g_array_index (self->ids, guint32, position));
      g_ptr_array_index (self->nodes, position) = node;
    }
  return g_object_ref (node);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = inspector_call_list_get_item_type;
  iface->get_n_items = inspector_call_list_get_n_items;
  iface->get_item = inspector_call_list_get_item;
}

static void
inspector_call_list_finalize (GObject *object)
{
  InspectorCallList *self = (InspectorCallList *) object;

  g_clear_object (&self->session);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->nodes, g_ptr_array_unref);

  G_OBJECT_CLASS (inspector_call_list_parent_class)->finalize (object);
}

static void
inspector_call_list_class_init (InspectorCallListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = inspector_call_list_finalize;
}

static void
unref_node (gpointer data)
{
  if (data != NULL)
    g_object_unref (data);
}

static void
inspector_call_list_init (InspectorCallList *self)
{
  self->ids = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->nodes = g_ptr_array_new_with_free_func (unref_node);
  self->cursor = CT_MODEL_NONE;
}

InspectorCallList *
inspector_call_list_new (InspectorSession *session,
                         guint             parent)
{
  InspectorCallList *self;

  g_return_val_if_fail (INSPECTOR_IS_SESSION (session), NULL);

  self = g_object_new (INSPECTOR_TYPE_CALL_LIST, NULL);
  self->session = g_object_ref (session);
  self->parent_call = parent;
  return self;
}

guint
inspector_call_list_get_parent (InspectorCallList *self)
{
  g_return_val_if_fail (INSPECTOR_IS_CALL_LIST (self), CT_MODEL_NONE);
  return self->parent_call;
}

static guint
search (InspectorCallList *self,
        guint              call)
{
  guint lo = 0, hi = self->ids->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      guint32 id = g_array_index (self->ids, guint32, mid);

      if (id == call)
        return mid;
      if (id < call)
        lo = mid + 1;
      else
        hi = mid;
    }
  return G_MAXUINT;
}

guint
inspector_call_list_find (InspectorCallList *self,
                          guint              call)
{
  g_return_val_if_fail (INSPECTOR_IS_CALL_LIST (self), G_MAXUINT);

  ensure_started (self);

  /* Ids ascend: walk until the call, or a later sibling, is known */
  while (self->ids->len < self->n_items
         && (self->ids->len == 0 || g_array_index (self->ids, guint32, self->ids->len - 1) < call))
    {
      guint len = self->ids->len;

      walk_to (self, MIN (self->n_items - 1, len + 1023));
      if (self->ids->len == len)
        break;
    }
  return search (self, call);
}

void
inspector_call_list_refresh (InspectorCallList *self)
{
  guint n;

  g_return_if_fail (INSPECTOR_IS_CALL_LIST (self));

  if (!self->started)
    return;

  n = count_children (self);
  if (n > self->n_items)
    {
      guint old = self->n_items;

      self->n_items = n;
      g_list_model_items_changed (G_LIST_MODEL (self), old, 0, n - old);
    }

  for (guint i = 0; i < self->nodes->len; i++)
    {
      InspectorCallNode *node = g_ptr_array_index (self->nodes, i);
      const CtModelCall *info;
      gboolean had_children;

      if (node == NULL)
        continue;
      info = inspector_call_node_get_info (node);
      if (info->flags & (CT_MODEL_CALL_RETURNED | CT_MODEL_CALL_UNFINISHED))
        continue;
      had_children = info->first_child != CT_MODEL_NONE;
      if (inspector_call_node_refresh (node)
          && !had_children && inspector_call_node_get_info (node)->first_child != CT_MODEL_NONE)
        /* it can be expanded now: let the tree ask again */
        g_list_model_items_changed (G_LIST_MODEL (self), i, 1, 1);
    }
}
