/* inspector-timeline.c: placeholder until the panel lands
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "inspector-timeline.h"

struct _InspectorTimeline
{
  GtkWidget         parent_instance;
  InspectorSession *session;
};

enum { PROP_0, PROP_SESSION, N_PROPS };
static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (InspectorTimeline, inspector_timeline, GTK_TYPE_WIDGET)

static void
inspector_timeline_dispose (GObject *object)
{
  InspectorTimeline *self = (InspectorTimeline *) object;

  g_clear_object (&self->session);
  G_OBJECT_CLASS (inspector_timeline_parent_class)->dispose (object);
}

static void
inspector_timeline_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  InspectorTimeline *self = (InspectorTimeline *) object;

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
inspector_timeline_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  InspectorTimeline *self = (InspectorTimeline *) object;

  switch (prop_id)
    {
    case PROP_SESSION:
      inspector_timeline_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inspector_timeline_class_init (InspectorTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = inspector_timeline_dispose;
  object_class->get_property = inspector_timeline_get_property;
  object_class->set_property = inspector_timeline_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, INSPECTOR_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
inspector_timeline_init (InspectorTimeline *self)
{
}

GtkWidget *
inspector_timeline_new (void)
{
  return g_object_new (INSPECTOR_TYPE_TIMELINE, NULL);
}

InspectorSession *
inspector_timeline_get_session (InspectorTimeline *self)
{
  g_return_val_if_fail (INSPECTOR_IS_TIMELINE (self), NULL);
  return self->session;
}

void
inspector_timeline_set_session (InspectorTimeline      *self,
                                InspectorSession *session)
{
  g_return_if_fail (INSPECTOR_IS_TIMELINE (self));

  if (g_set_object (&self->session, session))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}
