/* inspector-window.c
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

#include "inspector-list-cells.h"
#include "inspector-window-private.h"

#define RECENT_APP_NAME "trace-inspector"
#define RECENT_APP_EXEC "trace-inspector %u"

G_DEFINE_FINAL_TYPE (InspectorWindow, inspector_window, ADW_TYPE_APPLICATION_WINDOW)

/* A name for a trace folder: "py-calc" for /…/py-calc, "py-calc/json" when
 * the folder is one encoding of a fixture (json/, v1/, v0/) */
static char *
display_name_for_path (const char *path)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *parent_base = NULL;

  if (g_str_has_suffix (path, "/trace.json") || g_str_has_suffix (path, "/trace.bin"))
    dir = g_path_get_dirname (path);
  else
    dir = g_strdup (path);

  base = g_path_get_basename (dir);
  if (!g_str_equal (base, "json") && !g_str_equal (base, "v0") && !g_str_equal (base, "v1"))
    return g_steal_pointer (&base);

  parent = g_path_get_dirname (dir);
  parent_base = g_path_get_basename (parent);
  return g_strdup_printf ("%s/%s", parent_base, base);
}

/* ---- recent traces ---- */

static void
rebuild_recent_menu (InspectorWindow *self)
{
  GtkRecentManager *manager = gtk_recent_manager_get_default ();
  GList *items = gtk_recent_manager_get_items (manager);
  GList *ours = NULL;
  guint limit = 10;
  guint n = 0;

  if (self->settings != NULL)
    limit = g_settings_get_uint (self->settings, "recent-limit");

  g_menu_remove_all (self->recent_menu);

  for (GList *l = items; l != NULL; l = l->next)
    if (gtk_recent_info_has_application (l->data, RECENT_APP_NAME))
      ours = g_list_prepend (ours, l->data);

  /* most recent first */
  {
    GList *sorted = NULL;

    for (GList *l = ours; l != NULL; l = l->next)
      {
        GList *pos = sorted;

        while (pos != NULL
               && g_date_time_compare (gtk_recent_info_get_modified (pos->data),
                                       gtk_recent_info_get_modified (l->data)) >= 0)
          pos = pos->next;
        sorted = g_list_insert_before (sorted, pos, l->data);
      }
    g_list_free (ours);
    ours = sorted;
  }

  for (GList *l = ours; l != NULL && n < limit; l = l->next)
    {
      const char *uri = gtk_recent_info_get_uri (l->data);
      g_autofree char *path = g_filename_from_uri (uri, NULL, NULL);
      g_autofree char *label = NULL;
      g_autoptr(GMenuItem) item = NULL;

      if (path == NULL || !g_file_test (path, G_FILE_TEST_EXISTS))
        continue;

      label = display_name_for_path (path);
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target (item, "win.open-recent", "s", path);
      g_menu_append_item (self->recent_menu, item);
      n++;
    }

  if (n == 0)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_("No Recent Traces"), "win.none");

      g_menu_append_item (self->recent_menu, item);
    }

  g_list_free (ours);
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
}

static void
add_to_recent (InspectorWindow *self,
               const char      *path)
{
  GtkRecentManager *manager = gtk_recent_manager_get_default ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *uri = g_file_get_uri (file);
  GtkRecentData data = {
    .display_name = NULL,
    .description = NULL,
    .mime_type = (char *) (g_file_test (path, G_FILE_TEST_IS_DIR) ? "inode/directory"
                                                                  : "application/octet-stream"),
    .app_name = (char *) RECENT_APP_NAME,
    .app_exec = (char *) RECENT_APP_EXEC,
    .groups = NULL,
    .is_private = FALSE,
  };

  gtk_recent_manager_add_full (manager, uri, &data);
}

/* ---- following the session ---- */

static void
update_page (InspectorWindow *self)
{
  const GError *error = inspector_session_get_error (self->session);

  if (error != NULL)
    {
      g_autofree char *description = NULL;
      const char *path = inspector_session_get_path (self->session);

      /* what went wrong names the file (and the event); else add the path */
      if (path == NULL || strstr (error->message, path) != NULL)
        description = g_markup_escape_text (error->message, -1);
      else
        description = g_markup_printf_escaped ("%s\n\n<small>%s</small>", error->message, path);
      adw_status_page_set_description (self->error_page, description);
      gtk_stack_set_visible_child_name (self->main_stack, "error");
    }
  else if (inspector_session_get_folder (self->session) == NULL)
    gtk_stack_set_visible_child_name (self->main_stack, "empty");
  else
    gtk_stack_set_visible_child_name (self->main_stack, "trace");

  adw_view_switcher_title_set_view_switcher_enabled (self->title_widget,
                                                     inspector_session_get_folder (self->session) != NULL
                                                     && error == NULL);
}

static void
update_title (InspectorWindow *self)
{
  const char *path = inspector_session_get_path (self->session);
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;

  if (path == NULL)
    {
      adw_view_switcher_title_set_title (self->title_widget, _("Trace Inspector"));
      gtk_window_set_title (GTK_WINDOW (self), _("Trace Inspector"));
      return;
    }

  name = display_name_for_path (path);
  adw_view_switcher_title_set_title (self->title_widget, name);
  /* Translators: the window title, %s is the trace's name */
  title = g_strdup_printf (_("%s — Trace Inspector"), name);
  gtk_window_set_title (GTK_WINDOW (self), title);
}

static void
update_position (InspectorWindow *self)
{
  CtModel *model = inspector_session_get_model (self->session);
  guint step = inspector_session_get_current_step (self->session);
  guint n_steps = inspector_session_get_n_steps (self->session);
  g_autofree char *subtitle = NULL;
  g_autofree char *location = NULL;

  if (model != NULL && step != CT_MODEL_NONE)
    {
      g_autofree char *path = NULL;
      g_autofree char *function = NULL;
      guint32 path_id, line, call;
      CtModelCall info;

      if (ct_model_get_step (model, step, &path_id, &line, &call))
        {
          path = ct_model_dup_path (model, path_id);
          if (call != CT_MODEL_NONE && ct_model_get_call (model, call, &info))
            function = ct_model_dup_function_name (model, info.function_id);
          /* Translators: the source panel's heading: file, line and function */
          location = g_strdup_printf (_("%s:%u — in %s"),
                                      path != NULL && path[0] != '\0' ? path : _("(no file)"),
                                      line, function != NULL ? function : _("<top level>"));
        }
      /* Translators: the header's subtitle, "Step 12 of 184" (steps count from 0) */
      subtitle = g_strdup_printf (inspector_session_get_loading (self->session)
                                  ? _("Step %u of %u so far")
                                  : _("Step %u of %u"),
                                  step, n_steps);
    }

  adw_view_switcher_title_set_subtitle (self->title_widget, subtitle);
  /* its tooltip shows the text (query-tooltip): setting one here would ask
   * the X server where the pointer is at every step */
  gtk_label_set_text (self->location_label, location != NULL ? location : "");
}

static void
update_loading (InspectorWindow *self)
{
  gboolean loading = inspector_session_get_loading (self->session);
  g_autofree char *text = NULL;
  guint n_steps = inspector_session_get_n_steps (self->session);

  gtk_revealer_set_reveal_child (self->loading_revealer, loading);
  gtk_progress_bar_set_fraction (self->progress_bar, inspector_session_get_fraction (self->session));
  text = g_strdup_printf (ngettext ("Loading… %u step", "Loading… %u steps", n_steps), n_steps);
  gtk_label_set_text (self->loading_label, text);
}

static void
update_warning (InspectorWindow *self)
{
  const char *warning = inspector_session_get_warning (self->session);
  gboolean show = warning != NULL && g_strcmp0 (warning, self->dismissed_warning) != 0;

  gtk_label_set_text (self->warning_label, warning != NULL ? warning : "");
  gtk_revealer_set_reveal_child (self->warning_revealer, show);
}

static void
session_changed_cb (InspectorWindow *self,
                    GParamSpec      *pspec,
                    InspectorSession *session)
{
  const char *name = pspec->name;

  if (g_str_equal (name, "error") || g_str_equal (name, "folder"))
    {
      update_page (self);
      update_title (self);
    }
  if (g_str_equal (name, "loading") || g_str_equal (name, "fraction") || g_str_equal (name, "n-steps"))
    update_loading (self);
  if (g_str_equal (name, "warning"))
    update_warning (self);
  if (g_str_equal (name, "current-step") || g_str_equal (name, "loading")
      || g_str_equal (name, "model") || (g_str_equal (name, "n-steps")))
    update_position (self);

  /* progress and the visible range do not change what can be done */
  if (!g_str_equal (name, "fraction") && !g_str_has_prefix (name, "visible-"))
    _inspector_window_actions_update (self);
}

/* ---- opening ---- */

void
inspector_window_open (InspectorWindow *self,
                       const char      *path)
{
  g_autofree char *canonical = NULL;

  g_return_if_fail (INSPECTOR_IS_WINDOW (self));
  g_return_if_fail (path != NULL);

  /* "a/../b" and "b" are the same trace (one window per trace) */
  canonical = g_canonicalize_filename (path, NULL);

  g_clear_pointer (&self->dismissed_warning, g_free);
  inspector_session_open (self->session, canonical);
  if (inspector_session_get_error (self->session) == NULL)
    add_to_recent (self, canonical);
  adw_view_stack_set_visible_child_name (self->view_stack, "inspect");
}

/* Opens in this window when it is empty, else in the app's window for the
 * trace (one window per trace) */
void
_inspector_window_open_in_app (InspectorWindow *self,
                               const char      *path)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (inspector_window_is_empty (self) || !INSPECTOR_IS_APPLICATION (app))
    inspector_window_open (self, path);
  else
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);

      inspector_application_open_trace (INSPECTOR_APPLICATION (app), file);
    }
}

static void
chooser_response_cb (InspectorWindow      *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        {
          if (self->settings != NULL)
            {
              g_autofree char *parent = g_path_get_dirname (path);

              g_settings_set_string (self->settings, "last-folder", parent);
            }
          _inspector_window_open_in_app (self, path);
        }
    }

  g_clear_object (&self->chooser);
}

void
_inspector_window_show_open_dialog (InspectorWindow *self)
{
  g_autofree char *last = NULL;

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
      return;
    }

  self->chooser = gtk_file_chooser_native_new (_("Open Trace Folder"),
                                               GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                               _("_Open"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);

  if (self->settings != NULL)
    last = g_settings_get_string (self->settings, "last-folder");
  if (last != NULL && last[0] != '\0' && g_file_test (last, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GFile) folder = g_file_new_for_path (last);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), folder, NULL);
    }

  g_signal_connect_object (self->chooser, "response",
                           G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static gboolean
drop_cb (InspectorWindow *self,
         const GValue    *value,
         double           x,
         double           y,
         GtkDropTarget   *target)
{
  GSList *files;
  gboolean first = TRUE;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  files = g_value_get_boxed (value);
  for (const GSList *l = files; l != NULL; l = l->next)
    {
      g_autofree char *path = g_file_get_path (l->data);
      GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

      if (path == NULL)
        continue;
      if (first)
        _inspector_window_open_in_app (self, path);
      else if (INSPECTOR_IS_APPLICATION (app))
        inspector_application_open_trace (INSPECTOR_APPLICATION (app), l->data);
      first = FALSE;
    }
  return !first;
}

/* ---- find ---- */

static void
search_activate_cb (InspectorWindow *self)
{
  _inspector_window_find (self, FALSE);
}

static void
search_previous_cb (InspectorWindow *self)
{
  _inspector_window_find (self, TRUE);
}

static gboolean
search_shift_return_cb (GtkWidget *widget,
                        GVariant  *args,
                        gpointer   user_data)
{
  _inspector_window_find (INSPECTOR_WINDOW (user_data), TRUE);
  return TRUE;
}

static void
search_changed_cb (InspectorWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  gtk_label_set_text (self->search_status, "");
  if (gtk_drop_down_get_selected (self->search_scope) == INSPECTOR_FIND_VARIABLES)
    inspector_variables_set_filter (self->variables, text);
}

static void
search_scope_changed_cb (InspectorWindow *self)
{
  static const char *placeholders[] = { N_("Function name"), N_("Text in the output"), N_("Variable name") };
  guint scope = gtk_drop_down_get_selected (self->search_scope);

  if (scope < G_N_ELEMENTS (placeholders))
    g_object_set (self->search_entry, "placeholder-text", _(placeholders[scope]), NULL);
  inspector_variables_set_filter (self->variables, NULL);
  search_changed_cb (self);
}

static void
search_mode_changed_cb (InspectorWindow *self)
{
  if (!gtk_search_bar_get_search_mode (self->search_bar))
    inspector_variables_set_filter (self->variables, NULL);
  else
    search_changed_cb (self);
}

/* ---- window ---- */

/* The timeline gets its natural height at first. A paned with no position
 * gives the end child only its minimum: so once the paned knows its size
 * (it notifies max-position while allocating), place the handle by hand;
 * the position is then set, and the timeline keeps its height as the
 * window resizes. */
static void
timeline_paned_max_position_cb (InspectorWindow *self,
                                GParamSpec      *pspec,
                                GtkPaned        *paned)
{
  gboolean position_set;
  int max_position, min, nat;

  g_object_get (paned, "position-set", &position_set, "max-position", &max_position, NULL);
  if (position_set || max_position <= 0 || !gtk_widget_get_visible (GTK_WIDGET (self->timeline)))
    return;

  gtk_widget_measure (GTK_WIDGET (self->timeline), GTK_ORIENTATION_VERTICAL, -1, &min, &nat, NULL, NULL);
  /* max-position leaves the timeline its minimum */
  if (max_position - (nat - min) > 0)
    gtk_paned_set_position (paned, max_position - (nat - min));
}

static gboolean
inspector_window_close_request (GtkWindow *window)
{
  InspectorWindow *self = INSPECTOR_WINDOW (window);

  inspector_session_cancel_load (self->session);

  if (self->settings != NULL)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
      g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
    }

  return GTK_WINDOW_CLASS (inspector_window_parent_class)->close_request (window);
}

static void
inspector_window_dispose (GObject *object)
{
  InspectorWindow *self = (InspectorWindow *) object;

  if (self->session != NULL)
    inspector_session_cancel_load (self->session);
  g_cancellable_cancel (self->find_cancellable);
  g_clear_object (&self->find_cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), INSPECTOR_TYPE_WINDOW);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  g_clear_object (&self->recent_menu);

  G_OBJECT_CLASS (inspector_window_parent_class)->dispose (object);
}

static void
inspector_window_finalize (GObject *object)
{
  InspectorWindow *self = (InspectorWindow *) object;

  g_clear_pointer (&self->dismissed_warning, g_free);

  G_OBJECT_CLASS (inspector_window_parent_class)->finalize (object);
}

static void
inspector_window_class_init (InspectorWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = inspector_window_dispose;
  object_class->finalize = inspector_window_finalize;
  window_class->close_request = inspector_window_close_request;

  g_type_ensure (INSPECTOR_TYPE_CALL_TREE);
  g_type_ensure (INSPECTOR_TYPE_DETAILS);
  g_type_ensure (INSPECTOR_TYPE_OUTPUT);
  g_type_ensure (INSPECTOR_TYPE_SOURCE_VIEW);
  g_type_ensure (INSPECTOR_TYPE_TIMELINE);
  g_type_ensure (INSPECTOR_TYPE_VARIABLES);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/traceinspector/TraceInspector/inspector-window.ui");
  gtk_widget_class_bind_template_child (widget_class, InspectorWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, InspectorWindow, title_widget);
  gtk_widget_class_bind_template_child (widget_class, InspectorWindow, recent_button);
  gtk_widget_class_bind_template_child (widget_class, InspectorWindow, empty_recent_button);
  gtk_widget_class_bind_template_child (widget_class, InspectorWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, InspectorWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, InspectorWindow, search_scope);
  gtk_widget_class_bind_template_child (widget_class, InspectorWindow, search_status);
  gtk_widget_class_bind_template_child (widget_class, InspectorWindow, warning_revealer);
  gtk_widget_class_bind_template_child (widget_class, InspectorWindow, warning_label);
  gtk_widget_class_bind_template_child (widget_class, InspectorWindow, loading_revealer);
  gtk_widget_class_bind_template_child (widget_class, InspectorWindow, loading_label);
  gtk_widget_class_bind_template_child (widget_class, InspectorWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, InspectorWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, InspectorWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, InspectorWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, InspectorWindow, timeline_paned);
  gtk_widget_class_bind_template_child (widget_class, InspectorWindow, location_label);
  gtk_widget_class_bind_template_child (widget_class, InspectorWindow, call_tree);
  gtk_widget_class_bind_template_child (widget_class, InspectorWindow, source_view);
  gtk_widget_class_bind_template_child (widget_class, InspectorWindow, timeline);
  gtk_widget_class_bind_template_child (widget_class, InspectorWindow, variables);
  gtk_widget_class_bind_template_child (widget_class, InspectorWindow, output);
  gtk_widget_class_bind_template_child (widget_class, InspectorWindow, details);
  inspector_list_cells_class_init (widget_class);

  _inspector_window_class_actions_init (widget_class);
}

static void
inspector_window_init (InspectorWindow *self)
{
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = inspector_settings_new_if_installed ();
  if (self->settings != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }

  g_signal_connect_object (self->timeline_paned, "notify::max-position",
                           G_CALLBACK (timeline_paned_max_position_cb), self, G_CONNECT_SWAPPED);

  self->session = inspector_session_new ();
  g_signal_connect_object (self->session, "notify",
                           G_CALLBACK (session_changed_cb), self, G_CONNECT_SWAPPED);
  inspector_call_tree_set_session (self->call_tree, self->session);
  inspector_source_view_set_session (self->source_view, self->session);
  inspector_timeline_set_session (self->timeline, self->session);
  inspector_variables_set_session (self->variables, self->session);
  inspector_output_set_session (self->output, self->session);
  inspector_details_set_session (self->details, self->session);

  /* Recent traces */
  self->recent_menu = g_menu_new ();
  gtk_menu_button_set_menu_model (self->recent_button, G_MENU_MODEL (self->recent_menu));
  gtk_menu_button_set_menu_model (self->empty_recent_button, G_MENU_MODEL (self->recent_menu));
  g_signal_connect_object (gtk_recent_manager_get_default (), "changed",
                           G_CALLBACK (rebuild_recent_menu), self, G_CONNECT_SWAPPED);
  rebuild_recent_menu (self);

  /* Drag and drop of trace folders and files */
  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (drop, "drop", G_CALLBACK (drop_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  /* Find */
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  g_signal_connect_object (self->search_entry, "activate",
                           G_CALLBACK (search_activate_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "next-match",
                           G_CALLBACK (search_activate_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "previous-match",
                           G_CALLBACK (search_previous_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "search-changed",
                           G_CALLBACK (search_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_scope, "notify::selected",
                           G_CALLBACK (search_scope_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled",
                           G_CALLBACK (search_mode_changed_cb), self, G_CONNECT_SWAPPED);
  {
    GtkEventController *keys = gtk_shortcut_controller_new ();

    /* Shift+Enter: previous match */
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Return, GDK_SHIFT_MASK),
                                                            gtk_callback_action_new (search_shift_return_cb, self, NULL)));
    gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);
  }

  update_page (self);
  update_title (self);
  update_loading (self);
  update_warning (self);
  update_position (self);
  _inspector_window_actions_update (self);
}

InspectorWindow *
inspector_window_new (InspectorApplication *application)
{
  return g_object_new (INSPECTOR_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

InspectorSession *
inspector_window_get_session (InspectorWindow *self)
{
  g_return_val_if_fail (INSPECTOR_IS_WINDOW (self), NULL);
  return self->session;
}

const char *
inspector_window_get_path (InspectorWindow *self)
{
  g_return_val_if_fail (INSPECTOR_IS_WINDOW (self), NULL);
  return inspector_session_get_path (self->session);
}

gboolean
inspector_window_is_empty (InspectorWindow *self)
{
  g_return_val_if_fail (INSPECTOR_IS_WINDOW (self), TRUE);
  return inspector_session_get_folder (self->session) == NULL;
}
