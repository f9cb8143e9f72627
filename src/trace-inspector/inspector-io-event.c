/* inspector-io-event.c
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

#include "inspector-io-event.h"

struct _InspectorIoEvent
{
  GObject  parent_instance;

  guint    index;
  guint    step;
  guint    kind;
  char    *metadata;
  char    *content;
  char    *content_line;
  char    *step_text;
};

enum {
  PROP_0,
  PROP_INDEX,
  PROP_STEP,
  PROP_STEP_TEXT,
  PROP_KIND,
  PROP_KIND_NAME,
  PROP_METADATA,
  PROP_CONTENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (InspectorIoEvent, inspector_io_event, G_TYPE_OBJECT)

const char *
inspector_io_event_kind_name (guint kind)
{
  static const char * const names[] = {
    "Write", "WriteFile", "WriteOther", "Read", "ReadFile", "ReadOther", "ReadDir",
    "OpenDir", "CloseDir", "Socket", "Open", "Error", "TraceLogEvent", "EvmEvent",
  };

  if (kind < G_N_ELEMENTS (names))
    return names[kind];
  return "?";
}

static void
inspector_io_event_finalize (GObject *object)
{
  InspectorIoEvent *self = (InspectorIoEvent *) object;

  g_clear_pointer (&self->metadata, g_free);
  g_clear_pointer (&self->content, g_free);
  g_clear_pointer (&self->content_line, g_free);
  g_clear_pointer (&self->step_text, g_free);

  G_OBJECT_CLASS (inspector_io_event_parent_class)->finalize (object);
}

static void
inspector_io_event_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  InspectorIoEvent *self = INSPECTOR_IO_EVENT (object);

  switch (prop_id)
    {
    case PROP_INDEX:
      g_value_set_uint (value, self->index);
      break;

    case PROP_STEP:
      g_value_set_uint (value, self->step);
      break;

    case PROP_STEP_TEXT:
      g_value_set_string (value, self->step_text);
      break;

    case PROP_KIND:
      g_value_set_uint (value, self->kind);
      break;

    case PROP_KIND_NAME:
      g_value_set_string (value, inspector_io_event_kind_name (self->kind));
      break;

    case PROP_METADATA:
      g_value_set_string (value, self->metadata);
      break;

    case PROP_CONTENT:
      g_value_set_string (value, self->content_line);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inspector_io_event_class_init (InspectorIoEventClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = inspector_io_event_finalize;
  object_class->get_property = inspector_io_event_get_property;

  properties[PROP_INDEX] =
    g_param_spec_uint ("index", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STEP] =
    g_param_spec_uint ("step", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STEP_TEXT] =
    g_param_spec_string ("step-text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND] =
    g_param_spec_uint ("kind", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND_NAME] =
    g_param_spec_string ("kind-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_METADATA] =
    g_param_spec_string ("metadata", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONTENT] =
    g_param_spec_string ("content", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
inspector_io_event_init (InspectorIoEvent *self)
{
}

InspectorIoEvent *
inspector_io_event_new (guint       index,
                        guint       step,
                        guint       kind,
                        const char *metadata,
                        const char *content)
{
  InspectorIoEvent *self = g_object_new (INSPECTOR_TYPE_IO_EVENT, NULL);
  GString *line;

  self->index = index;
  self->step = step;
  self->kind = kind;
  /* a program may print anything: keep it displayable */
  self->metadata = g_utf8_make_valid (metadata != NULL ? metadata : "", -1);
  self->content = g_utf8_make_valid (content != NULL ? content : "", -1);
  self->step_text = step == G_MAXUINT32 ? g_strdup ("–") : g_strdup_printf ("%u", step);

  /* one line: newlines shown as ⏎ */
  line = g_string_new (NULL);
  for (const char *p = self->content; *p != '\0'; p++)
    {
      if (*p == '\n')
        g_string_append (line, "⏎");
      else if (*p == '\t' || *p == '\r')
        g_string_append_c (line, ' ');
      else
        g_string_append_c (line, *p);
    }
  self->content_line = g_string_free (line, FALSE);

  return self;
}

guint
inspector_io_event_get_index (InspectorIoEvent *self)
{
  g_return_val_if_fail (INSPECTOR_IS_IO_EVENT (self), 0);
  return self->index;
}

guint
inspector_io_event_get_step (InspectorIoEvent *self)
{
  g_return_val_if_fail (INSPECTOR_IS_IO_EVENT (self), G_MAXUINT32);
  return self->step;
}

guint
inspector_io_event_get_kind (InspectorIoEvent *self)
{
  g_return_val_if_fail (INSPECTOR_IS_IO_EVENT (self), 0);
  return self->kind;
}

const char *
inspector_io_event_get_content (InspectorIoEvent *self)
{
  g_return_val_if_fail (INSPECTOR_IS_IO_EVENT (self), NULL);
  return self->content;
}

const char *
inspector_io_event_get_metadata (InspectorIoEvent *self)
{
  g_return_val_if_fail (INSPECTOR_IS_IO_EVENT (self), NULL);
  return self->metadata;
}
