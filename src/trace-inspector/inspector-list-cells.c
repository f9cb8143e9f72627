/* inspector-list-cells.c
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

#include "inspector-list-cells.h"

gboolean
inspector_list_cells_query_tooltip (GtkWidget  *widget,
                                    int         x,
                                    int         y,
                                    gboolean    keyboard_mode,
                                    GtkTooltip *tooltip,
                                    gpointer    user_data)
{
  const char *text = NULL;

  if (GTK_IS_INSCRIPTION (widget))
    text = gtk_inscription_get_text (GTK_INSCRIPTION (widget));
  else if (GTK_IS_LABEL (widget))
    text = gtk_label_get_text (GTK_LABEL (widget));

  if (text == NULL || text[0] == '\0')
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

void
inspector_list_cells_class_init (GtkWidgetClass *widget_class)
{
  g_return_if_fail (GTK_IS_WIDGET_CLASS (widget_class));

  gtk_widget_class_bind_template_callback (widget_class, inspector_list_cells_query_tooltip);
}

/* A cell's inscription. GtkInscription's size does not depend on its text,
 * so setting the text of a bound row does not lay the list out again. */
GtkWidget *
inspector_list_cells_inscription_new (guint       nat_chars,
                                      gboolean    end_aligned,
                                      const char *css_class,
                                      gboolean    tooltip)
{
  GtkWidget *inscription = gtk_inscription_new (NULL);

  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (inscription), nat_chars);
  if (end_aligned)
    gtk_inscription_set_xalign (GTK_INSCRIPTION (inscription), 1.0);
  else
    gtk_inscription_set_text_overflow (GTK_INSCRIPTION (inscription),
                                       GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  if (css_class != NULL)
    gtk_widget_add_css_class (inscription, css_class);
  if (tooltip)
    {
      gtk_widget_set_has_tooltip (inscription, TRUE);
      g_signal_connect (inscription, "query-tooltip",
                        G_CALLBACK (inspector_list_cells_query_tooltip), NULL);
    }
  return inscription;
}

static void
cell_binding_free (gpointer data)
{
  InspectorCellBinding *binding = data;

  for (guint i = 0; i < G_N_ELEMENTS (binding->handlers); i++)
    g_clear_signal_handler (&binding->handlers[i], binding->item);
  g_clear_object (&binding->item);
  g_free (binding);
}

/* GTK 4.8 unbinds and binds a row again whenever its selection changes,
 * even for the same item: so the panels' unbind does nothing, and a cell
 * remembers the item it shows and only changes when bound to another one.
 *
 * Points `cell` at `item`: NULL when it shows it already, else the new
 * binding, for the caller to show the item and connect its handlers to. */
InspectorCellBinding *
inspector_list_cells_rebind (GtkWidget *cell,
                             gpointer   item)
{
  InspectorCellBinding *binding = g_object_get_data (G_OBJECT (cell), "inspector-cell-binding");

  g_return_val_if_fail (G_IS_OBJECT (item), NULL);

  if (binding != NULL && binding->item == item)
    return NULL;

  binding = g_new0 (InspectorCellBinding, 1);
  binding->item = g_object_ref (item);
  g_object_set_data_full (G_OBJECT (cell), "inspector-cell-binding", binding, cell_binding_free);
  return binding;
}

/* The item of a tree list's row (owned), or NULL */
gpointer
inspector_list_cells_get_item (GtkListItem *list_item)
{
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);

  return row != NULL ? gtk_tree_list_row_get_item (row) : NULL;
}
