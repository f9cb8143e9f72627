/* inspector-list-cells.h
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Helpers for the cells of the list factories in the ui/ templates.
 *
 * Tooltips. A cell that binds "tooltip-text" sets it on every bind, and on
 * X11 each gtk_widget_set_tooltip_text() asks the server where the pointer
 * is (a round trip): a list that rebinds 30 rows a frame waits on 60 of
 * them. Cells instead set has-tooltip and connect
 *
 *   <signal name="query-tooltip" handler="inspector_list_cells_query_tooltip"/>
 *
 * which shows the cell's own text (GtkInscription or GtkLabel) when the
 * pointer rests on it. Templates that use it call
 * inspector_list_cells_class_init() from their class_init. */
/* Called as (item, pspec, cell): shows `item`'s property in `cell` */
typedef void (*InspectorCellUpdate) (gpointer    item,
                                     GParamSpec *pspec,
                                     gpointer    cell);

void     inspector_list_cells_class_init    (GtkWidgetClass *widget_class);
GtkWidget *inspector_list_cells_inscription_new (guint           nat_chars,
                                                 gboolean        end_aligned,
                                                 const char     *css_class,
                                                 gboolean        tooltip);
void     inspector_list_cells_show          (GtkWidget           *cell,
                                             gpointer             item,
                                             InspectorCellUpdate  update,
                                             const char          *property,
                                             const char          *other_property);
gpointer inspector_list_cells_get_item      (GtkListItem    *list_item);
GtkWidget *inspector_list_cells_expander_child (GtkListItem *list_item);
gboolean inspector_list_cells_query_tooltip (GtkWidget      *widget,
                                             int             x,
                                             int             y,
                                             gboolean        keyboard_mode,
                                             GtkTooltip     *tooltip,
                                             gpointer        user_data);

G_END_DECLS
