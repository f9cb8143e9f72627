/* inspector-window-actions.c: the window's win.* and session.* actions
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

#include "inspector-window-private.h"

/* ---- session.* : navigation ---- */

#define NAV_ACTION(name, call)                                            \
  static void                                                             \
  name (GtkWidget  *widget,                                               \
        const char *action_name,                                          \
        GVariant   *param)                                                \
  {                                                                       \
    InspectorWindow *self = INSPECTOR_WINDOW (widget);                    \
                                                                          \
    if (!call (self->session))                                            \
      gtk_widget_error_bell (widget);                                     \
  }

NAV_ACTION (step_forward_action, inspector_session_step_forward)
NAV_ACTION (step_back_action, inspector_session_step_back)
NAV_ACTION (step_over_action, inspector_session_step_over)
NAV_ACTION (step_over_back_action, inspector_session_step_over_back)
NAV_ACTION (step_into_action, inspector_session_step_into)
NAV_ACTION (step_out_action, inspector_session_step_out)
NAV_ACTION (step_out_back_action, inspector_session_step_out_back)
NAV_ACTION (call_start_action, inspector_session_go_to_call_start)
NAV_ACTION (call_end_action, inspector_session_go_to_call_end)
NAV_ACTION (go_back_action, inspector_session_go_back)
NAV_ACTION (go_forward_action, inspector_session_go_forward)

static gboolean
current_line (InspectorWindow *self,
              guint32         *path_id,
              guint32         *line)
{
  CtModel *model = inspector_session_get_model (self->session);
  guint step = inspector_session_get_current_step (self->session);

  return model != NULL && step != CT_MODEL_NONE
         && ct_model_get_step (model, step, path_id, line, NULL);
}

static void
line_run_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  InspectorWindow *self = INSPECTOR_WINDOW (widget);
  gboolean next = g_str_has_prefix (action_name, "session.next-line-run");
  guint32 path_id, line;
  gboolean moved = FALSE;

  /* With a (path_id, line) parameter, the source view's line; else the
   * current step's */
  if (param != NULL)
    g_variant_get (param, "(uu)", &path_id, &line);
  else if (!current_line (self, &path_id, &line))
    {
      gtk_widget_error_bell (widget);
      return;
    }

  if (next)
    moved = inspector_session_next_line_run (self->session, path_id, line);
  else
    moved = inspector_session_previous_line_run (self->session, path_id, line);
  if (!moved)
    gtk_widget_error_bell (widget);
}

/* ---- win.* ---- */

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  _inspector_window_show_open_dialog (INSPECTOR_WINDOW (widget));
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  _inspector_window_open_in_app (INSPECTOR_WINDOW (widget), g_variant_get_string (param, NULL));
}

static void
cancel_load_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  inspector_session_cancel_load (INSPECTOR_WINDOW (widget)->session);
}

static void
dismiss_warning_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  InspectorWindow *self = INSPECTOR_WINDOW (widget);

  g_free (self->dismissed_warning);
  self->dismissed_warning = g_strdup (inspector_session_get_warning (self->session));
  gtk_revealer_set_reveal_child (self->warning_revealer, FALSE);
}

static void
show_details_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  InspectorWindow *self = INSPECTOR_WINDOW (widget);
  const char *page = adw_view_stack_get_visible_child_name (self->view_stack);

  adw_view_stack_set_visible_child_name (self->view_stack,
                                         g_strcmp0 (page, "details") == 0 ? "inspect" : "details");
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  InspectorWindow *self = INSPECTOR_WINDOW (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
find_next_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  _inspector_window_find (INSPECTOR_WINDOW (widget), g_str_equal (action_name, "win.find-previous"));
}

/* The go-to-step dialog */

static void
go_to_step_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        InspectorWindow  *self)
{
  GtkSpinButton *spin = GTK_SPIN_BUTTON (adw_message_dialog_get_extra_child (dialog));

  if (g_strcmp0 (response, "go") == 0)
    {
      gtk_spin_button_update (spin);
      inspector_session_set_current_step (self->session,
                                          (guint) gtk_spin_button_get_value_as_int (spin));
    }
}

static void
go_to_step_spin_activate_cb (GtkSpinButton    *spin,
                             AdwMessageDialog *dialog)
{
  adw_message_dialog_response (dialog, "go");
  gtk_window_close (GTK_WINDOW (dialog));
}

static void
go_to_step_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  InspectorWindow *self = INSPECTOR_WINDOW (widget);
  guint n_steps = inspector_session_get_n_steps (self->session);
  guint current = inspector_session_get_current_step (self->session);
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  GtkWidget *spin;

  if (n_steps == 0)
    return;

  /* A parameter goes there at once (tests, other panels) */
  if (param != NULL)
    {
      inspector_session_set_current_step (self->session, g_variant_get_uint32 (param));
      return;
    }

  /* Translators: steps count from 0 */
  body = g_strdup_printf (_("Enter a step number from 0 to %u."), n_steps - 1);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Go to Step"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "go", _("_Go"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "go",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "go");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  spin = gtk_spin_button_new_with_range (0, n_steps - 1, 1);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), current != CT_MODEL_NONE ? current : 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Step number"),
                                  -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), spin);

  g_signal_connect_object (dialog, "response", G_CALLBACK (go_to_step_response_cb), self, 0);
  g_signal_connect (spin, "activate", G_CALLBACK (go_to_step_spin_activate_cb), dialog);

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (spin);
}

/* ---- find ---- */

static void
set_find_status (InspectorWindow *self,
                 const char      *text)
{
  gtk_label_set_text (self->search_status, text);
}

static void
variable_history_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(InspectorWindow) self = user_data;
  g_autoptr(GArray) steps = NULL;
  g_autoptr(GError) error = NULL;
  gboolean backwards;
  guint current, target = CT_MODEL_NONE;

  steps = ct_model_variable_history_finish (CT_MODEL (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->session == NULL)
    return;
  if (steps == NULL)
    {
      set_find_status (self, error->message);
      return;
    }

  backwards = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (self), "find-backwards"));
  current = inspector_session_get_current_step (self->session);
  for (guint i = 0; i < steps->len; i++)
    {
      guint step = g_array_index (steps, guint32, backwards ? steps->len - 1 - i : i);

      if (current == CT_MODEL_NONE
          || (backwards ? step < current : step > current))
        {
          target = step;
          break;
        }
    }

  if (steps->len == 0)
    set_find_status (self, _("No such variable"));
  else if (target == CT_MODEL_NONE)
    set_find_status (self, backwards ? _("No earlier change") : _("No later change"));
  else
    {
      g_autofree char *text = g_strdup_printf (_("Changed at step %u"), target);

      inspector_session_set_current_step (self->session, target);
      set_find_status (self, text);
    }
}

void
_inspector_window_find (InspectorWindow *self,
                        gboolean         backwards)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  CtModel *model = inspector_session_get_model (self->session);
  gboolean found = FALSE;

  if (text == NULL || text[0] == '\0' || model == NULL)
    return;

  switch (gtk_drop_down_get_selected (self->search_scope))
    {
    case INSPECTOR_FIND_FUNCTIONS:
      found = inspector_call_tree_find (self->call_tree, text, backwards);
      set_find_status (self, found ? "" : _("No matching function"));
      break;

    case INSPECTOR_FIND_OUTPUT:
      found = inspector_output_find (self->output, text, backwards);
      set_find_status (self, found ? "" : _("Not in the output"));
      break;

    case INSPECTOR_FIND_VARIABLES:
      /* the steps where the variable changed */
      g_cancellable_cancel (self->find_cancellable);
      g_clear_object (&self->find_cancellable);
      self->find_cancellable = g_cancellable_new ();
      g_object_set_data (G_OBJECT (self), "find-backwards", GUINT_TO_POINTER (backwards));
      set_find_status (self, _("Searching…"));
      ct_model_variable_history_async (model, text, self->find_cancellable,
                                       variable_history_cb, g_object_ref (self));
      return;

    default:
      break;
    }

  if (!found)
    gtk_widget_error_bell (GTK_WIDGET (self));
}

/* ---- enabling ---- */

void
_inspector_window_actions_update (InspectorWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  CtModel *model = inspector_session_get_model (self->session);
  guint step = inspector_session_get_current_step (self->session);
  guint n_steps = inspector_session_get_n_steps (self->session);
  gboolean has_step = model != NULL && step != CT_MODEL_NONE;
  gboolean deeper = FALSE;
  guint call = inspector_session_get_current_call (self->session);
  CtModelCall info;

  if (has_step && step + 1 < n_steps && call != CT_MODEL_NONE && ct_model_get_call (model, call, &info))
    {
      guint next_call = ct_model_call_at (model, step + 1);
      CtModelCall next_info;

      deeper = next_call != CT_MODEL_NONE && ct_model_get_call (model, next_call, &next_info)
               && next_info.depth > info.depth;
    }

  gtk_widget_action_set_enabled (widget, "session.step-forward", has_step && step + 1 < n_steps);
  gtk_widget_action_set_enabled (widget, "session.step-back", has_step && step > 0);
  gtk_widget_action_set_enabled (widget, "session.step-over",
                                 has_step && ct_model_step_over (model, step) != CT_MODEL_NONE);
  gtk_widget_action_set_enabled (widget, "session.step-over-back",
                                 has_step && ct_model_step_over_backwards (model, step) != CT_MODEL_NONE);
  gtk_widget_action_set_enabled (widget, "session.step-into", deeper);
  gtk_widget_action_set_enabled (widget, "session.step-out",
                                 has_step && ct_model_step_out (model, step) != CT_MODEL_NONE);
  gtk_widget_action_set_enabled (widget, "session.step-out-back",
                                 has_step && ct_model_step_out_backwards (model, step) != CT_MODEL_NONE);
  gtk_widget_action_set_enabled (widget, "session.call-start", has_step && call != CT_MODEL_NONE);
  gtk_widget_action_set_enabled (widget, "session.call-end", has_step && call != CT_MODEL_NONE);
  gtk_widget_action_set_enabled (widget, "session.next-line-run", has_step);
  gtk_widget_action_set_enabled (widget, "session.previous-line-run", has_step);
  gtk_widget_action_set_enabled (widget, "session.go-back", inspector_session_can_go_back (self->session));
  gtk_widget_action_set_enabled (widget, "session.go-forward", inspector_session_can_go_forward (self->session));

  gtk_widget_action_set_enabled (widget, "win.go-to-step", n_steps > 0);
  gtk_widget_action_set_enabled (widget, "win.find", model != NULL);
  gtk_widget_action_set_enabled (widget, "win.find-next", model != NULL);
  gtk_widget_action_set_enabled (widget, "win.find-previous", model != NULL);
  gtk_widget_action_set_enabled (widget, "win.show-details",
                                 inspector_session_get_folder (self->session) != NULL);
  gtk_widget_action_set_enabled (widget, "win.cancel-load", inspector_session_get_loading (self->session));
}

void
_inspector_window_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "session.step-forward", NULL, step_forward_action);
  gtk_widget_class_install_action (widget_class, "session.step-back", NULL, step_back_action);
  gtk_widget_class_install_action (widget_class, "session.step-over", NULL, step_over_action);
  gtk_widget_class_install_action (widget_class, "session.step-over-back", NULL, step_over_back_action);
  gtk_widget_class_install_action (widget_class, "session.step-into", NULL, step_into_action);
  gtk_widget_class_install_action (widget_class, "session.step-out", NULL, step_out_action);
  gtk_widget_class_install_action (widget_class, "session.step-out-back", NULL, step_out_back_action);
  gtk_widget_class_install_action (widget_class, "session.call-start", NULL, call_start_action);
  gtk_widget_class_install_action (widget_class, "session.call-end", NULL, call_end_action);
  gtk_widget_class_install_action (widget_class, "session.next-line-run", NULL, line_run_action);
  gtk_widget_class_install_action (widget_class, "session.previous-line-run", NULL, line_run_action);
  /* with the (path_id, line) of a line in the source view */
  gtk_widget_class_install_action (widget_class, "session.next-line-run-at", "(uu)", line_run_action);
  gtk_widget_class_install_action (widget_class, "session.previous-line-run-at", "(uu)", line_run_action);
  gtk_widget_class_install_action (widget_class, "session.go-back", NULL, go_back_action);
  gtk_widget_class_install_action (widget_class, "session.go-forward", NULL, go_forward_action);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-load", NULL, cancel_load_action);
  gtk_widget_class_install_action (widget_class, "win.dismiss-warning", NULL, dismiss_warning_action);
  gtk_widget_class_install_action (widget_class, "win.show-details", NULL, show_details_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.find-next", NULL, find_next_action);
  gtk_widget_class_install_action (widget_class, "win.find-previous", NULL, find_next_action);
  gtk_widget_class_install_action (widget_class, "win.go-to-step", NULL, go_to_step_action);
  gtk_widget_class_install_action (widget_class, "win.go-to-step-number", "u", go_to_step_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F7, 0, "session.step-forward", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F7, GDK_SHIFT_MASK, "session.step-back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F8, 0, "session.step-over", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F8, GDK_SHIFT_MASK, "session.step-over-back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "session.step-into", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F12, 0, "session.step-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F12, GDK_SHIFT_MASK, "session.step-out-back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, GDK_ALT_MASK, "session.call-start", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_End, GDK_ALT_MASK, "session.call-end", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK, "session.next-line-run", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK, "session.previous-line-run", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "session.go-back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "session.go-forward", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK, "win.go-to-step", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "win.show-details", NULL);
}
