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

/* What a group row keeps for the list of its children (qdata): the
 * children index it shares, and how many children its place holds */
#define CHILDREN_KEY "inspector-call-list-children"
#define SPAN_KEY     "inspector-call-list-span"

/* The children of one call as walked so far: shared by the call's list and
 * the lists of its groups, so that the sibling links are walked once. The
 * main thread owns the fields; a walk thread holds a reference (atomic, as
 * the task may drop it in the thread) and reads parent_call only. */
typedef struct
{
  guint    parent_call;
  GArray  *ids;        /* guint32 child call ids found so far, ascending */
  guint32  cursor;     /* next child to walk to, CT_MODEL_NONE at the end */
  guint    n_children; /* the count, as of counted_calls */
  guint    counted_calls;
  guint    counted : 1;
  guint    final : 1;  /* the call returned: the count will not change */
  guint    walking : 1; /* a thread walks the links (walk_in_thread) */
} Children;

struct _InspectorCallList
{
  GObject           parent_instance;

  InspectorSession *session;
  Children         *children;
  guint             first;   /* the first child the list shows */
  guint             limit;   /* at most this many (G_MAXUINT: all) */
  guint             span;    /* children per row: 1, or a power of GROUP_SIZE */
  guint             n_items; /* rows known to the model */
  GPtrArray        *nodes;   /* InspectorCallNode* made on demand, or NULL */
  guint             started : 1;
  guint             is_group : 1;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (InspectorCallList, inspector_call_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
children_clear (gpointer data)
{
  Children *children = data;

  g_clear_pointer (&children->ids, g_array_unref);
}

static Children *
children_new (guint parent_call)
{
  Children *children = g_atomic_rc_box_new0 (Children);

  children->parent_call = parent_call;
  children->ids = g_array_new (FALSE, FALSE, sizeof (guint32));
  children->cursor = CT_MODEL_NONE;
  return children;
}

static Children *
children_ref (Children *children)
{
  return g_atomic_rc_box_acquire (children);
}

static void
children_unref (Children *children)
{
  g_atomic_rc_box_release_full (children, children_clear);
}

static CtModel *
get_model (InspectorCallList *self)
{
  return inspector_session_get_model (self->session);
}

/* Walks the sibling links until child `position` is known (or the chain
 * ends). Expanding a call with many children asks for the first rows only,
 * so the walk goes as far as the user looks. */
static void
walk_to (CtModel  *model,
         Children *children,
         guint     position)
{
  CtModelCall c;

  if (model == NULL || children->ids->len > position)
    return;

  if (children->cursor == CT_MODEL_NONE)
    {
      /* The first walk, or a load may have linked more children since */
      if (children->ids->len > 0)
        {
          guint32 last = g_array_index (children->ids, guint32, children->ids->len - 1);

          if (!ct_model_get_call (model, last, &c))
            return;
          children->cursor = c.next_sibling;
        }
      else if (children->parent_call == CT_MODEL_NONE)
        children->cursor = ct_model_get_first_root_call (model);
      else if (ct_model_get_call (model, children->parent_call, &c))
        children->cursor = c.first_child;
    }

  while (children->ids->len <= position && children->cursor != CT_MODEL_NONE)
    {
      guint32 id = children->cursor;

      if (!ct_model_get_call (model, id, &c))
        {
          children->cursor = CT_MODEL_NONE;
          break;
        }
      g_array_append_val (children->ids, id);
      children->cursor = c.next_sibling;
    }
}

/* A big call's children are walked in a thread as soon as its list is
 * grouped: finding a call deep in it (following the current step there)
 * then needs no walk of hundreds of thousands of links on the main thread.
 * The main thread may walk meanwhile: the result only adds what it lacks. */
typedef struct
{
  CtModel  *model;
  Children *children;
  guint     start;     /* the index of the first id walked */
  guint32   first;     /* its id, or CT_MODEL_NONE to start at the first child */
  GArray   *ids;
} WalkData;

static void
walk_data_free (gpointer data)
{
  WalkData *walk = data;

  g_clear_object (&walk->model);
  g_clear_pointer (&walk->children, children_unref);
  g_clear_pointer (&walk->ids, g_array_unref);
  g_free (walk);
}

static void
walk_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  WalkData *walk = task_data;
  guint32 id = walk->first;
  CtModelCall c;

  if (id == CT_MODEL_NONE)
    {
      if (walk->children->parent_call == CT_MODEL_NONE)
        id = ct_model_get_first_root_call (walk->model);
      else if (ct_model_get_call (walk->model, walk->children->parent_call, &c))
        id = c.first_child;
    }
  while (id != CT_MODEL_NONE && ct_model_get_call (walk->model, id, &c))
    {
      g_array_append_val (walk->ids, id);
      id = c.next_sibling;
    }
  g_task_return_boolean (task, TRUE);
}

static void
walk_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  WalkData *walk = g_task_get_task_data (G_TASK (result));
  Children *children = walk->children;
  guint end = walk->start + walk->ids->len;

  children->walking = FALSE;
  if (children->ids->len >= walk->start && children->ids->len < end)
    {
      g_array_append_vals (children->ids,
                           &g_array_index (walk->ids, guint32, children->ids->len - walk->start),
                           end - children->ids->len);
      /* at the end of the chain: a load may link more (see walk_to) */
      children->cursor = CT_MODEL_NONE;
    }
}

static void
walk_in_thread (CtModel  *model,
                Children *children)
{
  g_autoptr(GTask) task = NULL;
  WalkData *walk;

  if (model == NULL || children->walking)
    return;

  walk = g_new0 (WalkData, 1);
  walk->model = g_object_ref (model);
  walk->children = children_ref (children);
  walk->start = children->ids->len;
  walk->first = CT_MODEL_NONE;
  walk->ids = g_array_new (FALSE, FALSE, sizeof (guint32));
  if (children->ids->len > 0)
    {
      CtModelCall c;

      if (!ct_model_get_call (model, g_array_index (children->ids, guint32, children->ids->len - 1), &c)
          || (walk->first = c.next_sibling) == CT_MODEL_NONE)
        {
          walk_data_free (walk);
          return;
        }
    }

  children->walking = TRUE;
  task = g_task_new (NULL, NULL, walk_done, NULL);
  g_task_set_source_tag (task, walk_in_thread);
  g_task_set_name (task, "[inspector] call children");
  g_task_set_task_data (task, walk, walk_data_free);
  g_task_run_in_thread (task, walk_thread);
}

/* How many children the model has now: counted again only when the model
 * has more calls, and never again once the call has returned */
static guint
count_children (InspectorCallList *self)
{
  Children *children = self->children;
  CtModel *model = get_model (self);
  guint n_calls;

  if (model == NULL)
    return 0;

  n_calls = ct_model_get_n_calls (model);
  if (children->counted && (children->final || children->counted_calls == n_calls))
    return children->n_children;

  if (children->parent_call == CT_MODEL_NONE)
    {
      /* root calls have no count query: walk them all (there are few) */
      walk_to (model, children, G_MAXUINT - 1);
      children->n_children = children->ids->len;
      children->final = ct_model_is_loaded (model);
    }
  else
    {
      CtModelCall c;

      /* the flags first: a call that returned has all its children */
      children->final = ct_model_get_call (model, children->parent_call, &c)
                        && (c.flags & (CT_MODEL_CALL_RETURNED | CT_MODEL_CALL_UNFINISHED)) != 0;
      children->n_children = ct_model_get_n_children (model, children->parent_call);
    }
  children->counted = TRUE;
  children->counted_calls = n_calls;
  return children->n_children;
}

/* The children this list shows */
static guint
count_range (InspectorCallList *self)
{
  guint n = count_children (self);

  if (n <= self->first)
    return 0;
  return MIN (n - self->first, self->limit);
}

/* Children per row for `n` children: one, or groups so that no level has
 * more than GROUP_SIZE rows */
static guint
span_for (guint n)
{
  guint span = 1;

  while ((n - 1) / span + 1 > INSPECTOR_CALL_LIST_GROUP_SIZE
         && span <= G_MAXUINT / INSPECTOR_CALL_LIST_GROUP_SIZE)
    span *= INSPECTOR_CALL_LIST_GROUP_SIZE;
  return span;
}

static guint
rows_for (guint n,
          guint span)
{
  return n == 0 ? 0 : (n - 1) / span + 1;
}

static void
ensure_started (InspectorCallList *self)
{
  guint n;

  if (self->started)
    return;
  self->started = TRUE;

  /* The first count: nobody has seen the list yet, so no signal */
  n = count_range (self);
  if (!self->is_group)
    self->span = span_for (n);
  self->n_items = rows_for (n, self->span);
  if (!self->is_group && self->span > 1)
    walk_in_thread (get_model (self), self->children);
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

  if (position < self->nodes->len && (node = g_ptr_array_index (self->nodes, position)) != NULL)
    return g_object_ref (node);

  if (self->span > 1)
    {
      /* a group: its children are walked when it is expanded */
      guint first = self->first + position * self->span;
      guint n = count_range (self);
      guint size = MIN (self->span, self->first + n - first);

      node = inspector_call_node_new_group (self->session, self->children->parent_call,
                                            first, size);
      g_object_set_data_full (G_OBJECT (node), CHILDREN_KEY,
                              children_ref (self->children),
                              (GDestroyNotify) children_unref);
      g_object_set_data (G_OBJECT (node), SPAN_KEY, GUINT_TO_POINTER (self->span));
    }
  else
    {
      guint child = self->first + position;

      walk_to (get_model (self), self->children, child);
      if (child >= self->children->ids->len)
        return NULL;
      node = inspector_call_node_new (self->session,
                                      g_array_index (self->children->ids, guint32, child));
    }

  if (position >= self->nodes->len)
    g_ptr_array_set_size (self->nodes, position + 1);
  g_ptr_array_index (self->nodes, position) = node;
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
  g_clear_pointer (&self->children, children_unref);
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
  self->nodes = g_ptr_array_new_with_free_func (unref_node);
  self->limit = G_MAXUINT;
  self->span = 1;
}

InspectorCallList *
inspector_call_list_new (InspectorSession *session,
                         guint             parent)
{
  InspectorCallList *self;

  g_return_val_if_fail (INSPECTOR_IS_SESSION (session), NULL);

  self = g_object_new (INSPECTOR_TYPE_CALL_LIST, NULL);
  self->session = g_object_ref (session);
  self->children = children_new (parent);
  return self;
}

InspectorCallList *
inspector_call_list_new_for_group (InspectorSession  *session,
                                   InspectorCallNode *group)
{
  InspectorCallList *self;
  Children *children;
  guint parent, first, size;

  g_return_val_if_fail (INSPECTOR_IS_SESSION (session), NULL);
  g_return_val_if_fail (INSPECTOR_IS_CALL_NODE (group), NULL);

  if (!inspector_call_node_get_group (group, &parent, &first, &size))
    return NULL;

  self = g_object_new (INSPECTOR_TYPE_CALL_LIST, NULL);
  self->session = g_object_ref (session);
  children = g_object_get_data (G_OBJECT (group), CHILDREN_KEY);
  self->children = children != NULL ? children_ref (children) : children_new (parent);
  self->is_group = TRUE;
  self->first = first;
  /* the group's place, not its size: the last group grows while loading */
  self->limit = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (group), SPAN_KEY));
  if (self->limit == 0)
    self->limit = MAX (size, 1);
  self->span = MAX (1, self->limit / INSPECTOR_CALL_LIST_GROUP_SIZE);
  return self;
}

guint
inspector_call_list_get_parent (InspectorCallList *self)
{
  g_return_val_if_fail (INSPECTOR_IS_CALL_LIST (self), CT_MODEL_NONE);
  return self->children->parent_call;
}

gboolean
inspector_call_list_is_grouped (InspectorCallList *self)
{
  g_return_val_if_fail (INSPECTOR_IS_CALL_LIST (self), FALSE);

  ensure_started (self);
  return self->span > 1;
}

static guint
search (GArray *ids,
        guint   call)
{
  guint lo = 0, hi = ids->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      guint32 id = g_array_index (ids, guint32, mid);

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
  Children *children;
  CtModel *model;
  guint end, child;

  g_return_val_if_fail (INSPECTOR_IS_CALL_LIST (self), G_MAXUINT);

  ensure_started (self);
  children = self->children;
  model = get_model (self);
  end = self->first + count_range (self);

  /* Ids ascend: walk until the call, or a later sibling, is known */
  while (children->ids->len < end
         && (children->ids->len == 0
             || g_array_index (children->ids, guint32, children->ids->len - 1) < call))
    {
      guint len = children->ids->len;

      walk_to (model, children, MIN (end - 1, len + 1023));
      if (children->ids->len == len)
        break;
    }

  child = search (children->ids, call);
  if (child == G_MAXUINT || child < self->first || child >= end)
    return G_MAXUINT;
  return (child - self->first) / self->span;
}

void
inspector_call_list_refresh (InspectorCallList *self)
{
  guint n, span, n_items;

  g_return_if_fail (INSPECTOR_IS_CALL_LIST (self));

  if (!self->started)
    return;

  n = count_range (self);
  span = self->is_group ? self->span : span_for (n);
  n_items = rows_for (n, span);

  if (span != self->span)
    {
      /* grew past GROUP_SIZE while loading: the rows become groups */
      guint old = self->n_items;

      self->span = span;
      self->n_items = n_items;
      g_ptr_array_set_size (self->nodes, 0);
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old, n_items);
      if (span > 1)
        walk_in_thread (get_model (self), self->children);
      return;
    }

  if (span > 1)
    {
      /* the groups from the last one shown on grow while loading */
      for (guint i = self->n_items > 0 ? self->n_items - 1 : 0; i < MIN (n_items, self->nodes->len); i++)
        {
          InspectorCallNode *group = g_ptr_array_index (self->nodes, i);

          if (group != NULL)
            inspector_call_node_set_group_size (group, MIN (span, n - i * span));
        }

      /* walk the children the load linked since */
      if (!self->is_group)
        walk_in_thread (get_model (self), self->children);
    }

  if (n_items > self->n_items)
    {
      guint old = self->n_items;

      self->n_items = n_items;
      g_list_model_items_changed (G_LIST_MODEL (self), old, 0, n_items - old);
    }

  if (span > 1)
    return;

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
