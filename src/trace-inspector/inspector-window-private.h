/* inspector-window-private.h: the window's parts, shared by its files and
 * the tests
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "inspector-call-tree.h"
#include "inspector-details.h"
#include "inspector-output.h"
#include "inspector-source-view.h"
#include "inspector-timeline.h"
#include "inspector-variables.h"
#include "inspector-window.h"

G_BEGIN_DECLS

typedef enum
{
  INSPECTOR_FIND_FUNCTIONS,
  INSPECTOR_FIND_OUTPUT,
  INSPECTOR_FIND_VARIABLES,
} InspectorFindScope;

struct _InspectorWindow
{
  AdwApplicationWindow  parent_instance;

  InspectorSession     *session;
  GSettings            *settings;
  GMenu                *recent_menu;
  GtkFileChooserNative *chooser;
  GCancellable         *find_cancellable;
  char                 *dismissed_warning;

  /* template */
  AdwHeaderBar         *header_bar;
  AdwViewSwitcherTitle *title_widget;
  GtkMenuButton        *recent_button;
  GtkMenuButton        *empty_recent_button;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkDropDown          *search_scope;
  GtkLabel             *search_status;
  GtkRevealer          *warning_revealer;
  GtkLabel             *warning_label;
  GtkRevealer          *loading_revealer;
  GtkLabel             *loading_label;
  GtkProgressBar       *progress_bar;
  GtkStack             *main_stack;
  AdwStatusPage        *error_page;
  AdwViewStack         *view_stack;
  GtkPaned             *timeline_paned;
  GtkLabel             *location_label;
  InspectorCallTree    *call_tree;
  InspectorSourceView  *source_view;
  InspectorTimeline    *timeline;
  InspectorVariables   *variables;
  InspectorOutput      *output;
  InspectorDetails     *details;
};

/* inspector-window-actions.c */
void _inspector_window_class_actions_init (GtkWidgetClass  *widget_class);
void _inspector_window_actions_update     (InspectorWindow *self);
void _inspector_window_find               (InspectorWindow *self,
                                           gboolean         backwards);

/* inspector-window.c */
void _inspector_window_show_open_dialog   (InspectorWindow *self);
void _inspector_window_open_in_app        (InspectorWindow *self,
                                           const char      *path);

G_END_DECLS
