/* inspector-application.c
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

#include "inspector-application.h"
#include "inspector-window.h"

struct _InspectorApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (InspectorApplication, inspector_application, ADW_TYPE_APPLICATION)

/* ui/ (gnome.compile_resources with --manual-register) */
void inspector_register_resource (void);

void
inspector_init_resources (void)
{
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      inspector_register_resource ();
      g_once_init_leave (&initialized, 1);
    }
}

GSettings *
inspector_settings_new_if_installed (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source == NULL
      || (schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE)) == NULL)
    return NULL;
  return g_settings_new_full (schema, NULL, NULL);
}

static InspectorWindow *
find_empty_window (InspectorApplication *self)
{
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (INSPECTOR_IS_WINDOW (active) && inspector_window_is_empty (INSPECTOR_WINDOW (active)))
    return INSPECTOR_WINDOW (active);

  for (const GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (INSPECTOR_IS_WINDOW (l->data) && inspector_window_is_empty (l->data))
      return l->data;

  return NULL;
}

void
inspector_application_open_trace (InspectorApplication *self,
                                  GFile                *file)
{
  InspectorWindow *window = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (INSPECTOR_IS_APPLICATION (self));
  g_return_if_fail (G_IS_FILE (file));

  path = g_file_get_path (file);
  if (path == NULL)
    path = g_file_get_uri (file);
  else
    {
      char *canonical = g_canonicalize_filename (path, NULL);

      g_free (path);
      path = canonical;
    }

  /* One window per trace */
  for (const GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    {
      if (INSPECTOR_IS_WINDOW (l->data)
          && g_strcmp0 (inspector_window_get_path (l->data), path) == 0)
        {
          gtk_window_present (l->data);
          return;
        }
    }

  if ((window = find_empty_window (self)) == NULL)
    window = inspector_window_new (self);
  inspector_window_open (window, path);
  gtk_window_present (GTK_WINDOW (window));
}

static void
inspector_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (inspector_window_new (INSPECTOR_APPLICATION (app)));
  gtk_window_present (window);
}

static void
inspector_application_open (GApplication  *app,
                            GFile        **files,
                            int            n_files,
                            const char    *hint)
{
  for (int i = 0; i < n_files; i++)
    inspector_application_open_trace (INSPECTOR_APPLICATION (app), files[i]);
}

static void
apply_color_scheme (const char *name)
{
  AdwColorScheme scheme = ADW_COLOR_SCHEME_DEFAULT;

  if (g_strcmp0 (name, "light") == 0)
    scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_strcmp0 (name, "dark") == 0)
    scheme = ADW_COLOR_SCHEME_FORCE_DARK;
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), scheme);
}

static void
color_scheme_change_state (GSimpleAction *action,
                           GVariant      *state,
                           gpointer       user_data)
{
  InspectorApplication *self = user_data;
  const char *name = g_variant_get_string (state, NULL);

  if (!g_str_equal (name, "default") && !g_str_equal (name, "light") && !g_str_equal (name, "dark"))
    return;

  g_simple_action_set_state (action, state);
  apply_color_scheme (name);
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "color-scheme", name);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GtkApplication *app = user_data;
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (app));

  /* closing each window cancels its load and saves its size */
  for (const GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
}

static void
new_window_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  InspectorWindow *window = inspector_window_new (INSPECTOR_APPLICATION (user_data));

  gtk_window_present (GTK_WINDOW (window));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkApplication *app = user_data;
  static const char *developers[] = { "The Trace Inspector authors", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "application-name", _("Trace Inspector"),
                        "application-icon", APPLICATION_ID,
                        "developer-name", _("The Trace Inspector authors"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Step through program executions recorded by CodeTracer’s recorders."),
                        "website", "https://github.com/traceinspector/TraceInspector",
                        "issue-url", "https://github.com/traceinspector/TraceInspector/issues",
                        "copyright", "© 2026 The Trace Inspector authors",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: your names, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "new-window", new_window_activated },
  { "about", about_activated },
  { "color-scheme", NULL, "s", "'default'", color_scheme_change_state },
};

static void
inspector_application_startup (GApplication *app)
{
  InspectorApplication *self = INSPECTOR_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *new_window_accels[] = { "<Control>n", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };

  G_APPLICATION_CLASS (inspector_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.new-window", new_window_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", close_accels);

  if (self->settings != NULL)
    {
      g_autofree char *scheme = g_settings_get_string (self->settings, "color-scheme");

      g_action_group_change_action_state (G_ACTION_GROUP (app), "color-scheme",
                                          g_variant_new_string (scheme));
    }
}

static void
inspector_application_finalize (GObject *object)
{
  InspectorApplication *self = (InspectorApplication *) object;

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (inspector_application_parent_class)->finalize (object);
}

static void
inspector_application_class_init (InspectorApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = inspector_application_finalize;

  app_class->activate = inspector_application_activate;
  app_class->open = inspector_application_open;
  app_class->startup = inspector_application_startup;
}

static void
inspector_application_init (InspectorApplication *self)
{
  self->settings = inspector_settings_new_if_installed ();
}

InspectorApplication *
inspector_application_new (void)
{
  inspector_init_resources ();

  return g_object_new (INSPECTOR_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/traceinspector/TraceInspector",
                       NULL);
}

GSettings *
inspector_application_get_settings (InspectorApplication *self)
{
  g_return_val_if_fail (INSPECTOR_IS_APPLICATION (self), NULL);
  return self->settings;
}
