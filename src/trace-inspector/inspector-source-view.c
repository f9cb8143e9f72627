/* inspector-source-view.c: placeholder until the panel lands
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "inspector-source-view.h"

struct _InspectorSourceView
{
  GtkWidget         parent_instance;
  InspectorSession *session;
};

enum { PROP_0, PROP_SESSION, N_PROPS };
static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (InspectorSourceView, inspector_source_view, GTK_TYPE_WIDGET)

static void
inspector_source_view_dispose (GObject *object)
{
  InspectorSourceView *self = (InspectorSourceView *) object;

  g_clear_object (&self->session);
  G_OBJECT_CLASS (inspector_source_view_parent_class)->dispose (object);
}

static void
inspector_source_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  InspectorSourceView *self = (InspectorSourceView *) object;

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
inspector_source_view_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  InspectorSourceView *self = (InspectorSourceView *) object;

  switch (prop_id)
    {
    case PROP_SESSION:
      inspector_source_view_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inspector_source_view_class_init (InspectorSourceViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = inspector_source_view_dispose;
  object_class->get_property = inspector_source_view_get_property;
  object_class->set_property = inspector_source_view_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, INSPECTOR_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
inspector_source_view_init (InspectorSourceView *self)
{
}

GtkWidget *
inspector_source_view_new (void)
{
  return g_object_new (INSPECTOR_TYPE_SOURCE_VIEW, NULL);
}

InspectorSession *
inspector_source_view_get_session (InspectorSourceView *self)
{
  g_return_val_if_fail (INSPECTOR_IS_SOURCE_VIEW (self), NULL);
  return self->session;
}

void
inspector_source_view_set_session (InspectorSourceView      *self,
                                InspectorSession *session)
{
  g_return_if_fail (INSPECTOR_IS_SOURCE_VIEW (self));

  if (g_set_object (&self->session, session))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}
