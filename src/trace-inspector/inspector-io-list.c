/* inspector-io-list.c
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

#include "inspector-io-list.h"

struct _InspectorIoList
{
  GObject           parent_instance;

  InspectorSession *session;
  guint             n_items;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (InspectorIoList, inspector_io_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
inspector_io_list_get_item_type (GListModel *model)
{
  return INSPECTOR_TYPE_IO_EVENT;
}

static guint
inspector_io_list_get_n_items (GListModel *model)
{
  return INSPECTOR_IO_LIST (model)->n_items;
}

static gpointer
inspector_io_list_get_item (GListModel *model,
                            guint       position)
{
  InspectorIoList *self = INSPECTOR_IO_LIST (model);
  CtModel *ct_model = inspector_session_get_model (self->session);
  CtModelIo io;

  if (position >= self->n_items || ct_model == NULL
      || !ct_model_get_io (ct_model, position, &io))
    return NULL;

  return inspector_io_event_new (position, io.step, io.kind, io.metadata, io.content);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = inspector_io_list_get_item_type;
  iface->get_n_items = inspector_io_list_get_n_items;
  iface->get_item = inspector_io_list_get_item;
}

static void
inspector_io_list_finalize (GObject *object)
{
  InspectorIoList *self = (InspectorIoList *) object;

  g_clear_object (&self->session);

  G_OBJECT_CLASS (inspector_io_list_parent_class)->finalize (object);
}

static void
inspector_io_list_class_init (InspectorIoListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = inspector_io_list_finalize;
}

static void
inspector_io_list_init (InspectorIoList *self)
{
}

InspectorIoList *
inspector_io_list_new (InspectorSession *session)
{
  InspectorIoList *self;

  g_return_val_if_fail (INSPECTOR_IS_SESSION (session), NULL);

  self = g_object_new (INSPECTOR_TYPE_IO_LIST, NULL);
  self->session = g_object_ref (session);
  inspector_io_list_refresh (self);
  return self;
}

void
inspector_io_list_refresh (InspectorIoList *self)
{
  CtModel *model;
  guint n, old;

  g_return_if_fail (INSPECTOR_IS_IO_LIST (self));

  model = inspector_session_get_model (self->session);
  n = model != NULL ? ct_model_get_n_io (model) : 0;
  if (n == self->n_items)
    return;

  old = self->n_items;
  self->n_items = n;
  if (n > old)
    g_list_model_items_changed (G_LIST_MODEL (self), old, 0, n - old);
  else
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old, n);
}
