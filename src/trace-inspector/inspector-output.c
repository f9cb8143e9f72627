/* inspector-output.c
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

#include "inspector-io-list.h"
#include "inspector-list-cells.h"
#include "inspector-output.h"

struct _InspectorOutput
{
  GtkWidget           parent_instance;

  InspectorSession   *session;
  GSignalGroup       *session_signals;
  InspectorIoList    *events;
  gsize               output_len;

  /* template */
  GtkStack           *stack;
  GtkTextView        *text_view;
  GtkTextBuffer      *buffer;
  GtkTextTag         *future_tag;
  GtkColumnView      *column_view;
  GtkSingleSelection *selection;
};

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (InspectorOutput, inspector_output, GTK_TYPE_WIDGET)

static void
update_output_text (InspectorOutput *self)
{
  g_autofree char *text = NULL;
  CtModel *model;

  model = self->session != NULL ? inspector_session_get_model (self->session) : NULL;
  if (model != NULL)
    {
      g_autofree char *raw = ct_model_dup_output (model, CT_MODEL_NONE);

      /* a program may print anything; the buffer takes UTF-8 only */
      if (raw != NULL)
        text = g_utf8_make_valid (raw, -1);
    }

  if (text == NULL)
    text = g_strdup ("");
  if (strlen (text) == self->output_len)
    return;

  self->output_len = strlen (text);
  gtk_text_buffer_set_text (self->buffer, text, -1);
}

static void
update_output_position (InspectorOutput *self)
{
  g_autofree char *before = NULL;
  GtkTextIter start, split, end;
  CtModel *model;
  guint step;

  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  gtk_text_buffer_remove_tag (self->buffer, self->future_tag, &start, &end);

  if (self->session == NULL
      || (model = inspector_session_get_model (self->session)) == NULL
      || (step = inspector_session_get_current_step (self->session)) == CT_MODEL_NONE)
    return;

  /* What was printed up to the current step, then what comes later, dimmed */
  {
    g_autofree char *raw = ct_model_dup_output (model, step);

    if (raw == NULL)
      return;
    before = g_utf8_make_valid (raw, -1);
  }
  gtk_text_buffer_get_iter_at_offset (self->buffer, &split, g_utf8_strlen (before, -1));
  gtk_text_buffer_apply_tag (self->buffer, self->future_tag, &split, &end);
  gtk_text_buffer_place_cursor (self->buffer, &split);
  gtk_text_view_scroll_to_iter (self->text_view, &split, 0.1, FALSE, 0, 0);
}

static void
rebuild (InspectorOutput *self)
{
  g_clear_object (&self->events);
  self->output_len = G_MAXSIZE;

  if (self->session != NULL && inspector_session_get_model (self->session) != NULL)
    self->events = inspector_io_list_new (self->session);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->events));

  update_output_text (self);
  update_output_position (self);
}

static void
session_n_steps_changed_cb (InspectorOutput *self)
{
  if (self->events != NULL)
    inspector_io_list_refresh (self->events);
  update_output_text (self);
  update_output_position (self);
}

void
inspector_output_activate (InspectorOutput *self,
                           guint            position)
{
  g_autoptr(InspectorIoEvent) event = NULL;
  guint step;

  g_return_if_fail (INSPECTOR_IS_OUTPUT (self));

  if (self->session == NULL || self->events == NULL
      || (event = g_list_model_get_item (G_LIST_MODEL (self->events), position)) == NULL)
    return;

  step = inspector_io_event_get_step (event);
  if (step != G_MAXUINT32)
    inspector_session_set_current_step (self->session, step);
}

static void
activate_cb (InspectorOutput *self,
             guint            position,
             GtkColumnView   *column_view)
{
  inspector_output_activate (self, position);
}

static void
scroll_to (InspectorOutput *self,
           guint            position)
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
inspector_output_find (InspectorOutput *self,
                       const char      *text,
                       gboolean         backwards)
{
  g_autofree char *needle = NULL;
  CtModel *model;
  guint n, start;

  g_return_val_if_fail (INSPECTOR_IS_OUTPUT (self), FALSE);

  if (self->session == NULL || self->events == NULL || text == NULL || text[0] == '\0'
      || (model = inspector_session_get_model (self->session)) == NULL
      || (n = g_list_model_get_n_items (G_LIST_MODEL (self->events))) == 0)
    return FALSE;

  needle = g_utf8_casefold (text, -1);
  start = gtk_single_selection_get_selected (self->selection);
  if (start == GTK_INVALID_LIST_POSITION)
    start = backwards ? 0 : n - 1;

  for (guint k = 1; k <= n; k++)
    {
      guint i = backwards ? (start + n - (k % n)) % n : (start + k) % n;
      g_autofree char *folded = NULL;
      CtModelIo io;

      if (!ct_model_get_io (model, i, &io) || io.content == NULL)
        continue;
      folded = g_utf8_casefold (io.content, -1);
      if (strstr (folded, needle) != NULL)
        {
          gtk_stack_set_visible_child_name (self->stack, "events");
          gtk_single_selection_set_selected (self->selection, i);
          scroll_to (self, i);
          inspector_output_activate (self, i);
          return TRUE;
        }
    }
  return FALSE;
}

static void
inspector_output_dispose (GObject *object)
{
  InspectorOutput *self = (InspectorOutput *) object;

  if (self->selection != NULL)
    gtk_single_selection_set_model (self->selection, NULL);
  g_clear_object (&self->events);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->session);

  gtk_widget_dispose_template (GTK_WIDGET (self), INSPECTOR_TYPE_OUTPUT);
  /* the template's unnamed root box */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (inspector_output_parent_class)->dispose (object);
}

static void
inspector_output_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  InspectorOutput *self = INSPECTOR_OUTPUT (object);

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
inspector_output_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  InspectorOutput *self = INSPECTOR_OUTPUT (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      inspector_output_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inspector_output_class_init (InspectorOutputClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = inspector_output_dispose;
  object_class->get_property = inspector_output_get_property;
  object_class->set_property = inspector_output_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         INSPECTOR_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (INSPECTOR_TYPE_IO_EVENT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/traceinspector/TraceInspector/inspector-output.ui");
  gtk_widget_class_bind_template_child (widget_class, InspectorOutput, stack);
  gtk_widget_class_bind_template_child (widget_class, InspectorOutput, text_view);
  gtk_widget_class_bind_template_child (widget_class, InspectorOutput, buffer);
  gtk_widget_class_bind_template_child (widget_class, InspectorOutput, future_tag);
  gtk_widget_class_bind_template_child (widget_class, InspectorOutput, column_view);
  gtk_widget_class_bind_template_child (widget_class, InspectorOutput, selection);
  gtk_widget_class_bind_template_callback (widget_class, activate_cb);
  inspector_list_cells_class_init (widget_class);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "output");
}

static void
inspector_output_init (InspectorOutput *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->session_signals = g_signal_group_new (INSPECTOR_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::model",
                                 G_CALLBACK (rebuild), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::n-steps",
                                 G_CALLBACK (session_n_steps_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::loading",
                                 G_CALLBACK (session_n_steps_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::current-step",
                                 G_CALLBACK (update_output_position), self, G_CONNECT_SWAPPED);
}

GtkWidget *
inspector_output_new (void)
{
  return g_object_new (INSPECTOR_TYPE_OUTPUT, NULL);
}

InspectorSession *
inspector_output_get_session (InspectorOutput *self)
{
  g_return_val_if_fail (INSPECTOR_IS_OUTPUT (self), NULL);
  return self->session;
}

void
inspector_output_set_session (InspectorOutput  *self,
                              InspectorSession *session)
{
  g_return_if_fail (INSPECTOR_IS_OUTPUT (self));
  g_return_if_fail (!session || INSPECTOR_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;

  g_signal_group_set_target (self->session_signals, session);
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

GtkSingleSelection *
inspector_output_get_selection (InspectorOutput *self)
{
  g_return_val_if_fail (INSPECTOR_IS_OUTPUT (self), NULL);
  return self->selection;
}
