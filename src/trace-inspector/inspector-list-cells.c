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

/* What a cell shows: the item it was last bound to and the notify
 * handlers that keep it up to date */
typedef struct
{
  GObject *item;
  gulong   handlers[2];
} CellBinding;

static void
cell_binding_free (gpointer data)
{
  CellBinding *binding = data;

  for (guint i = 0; i < G_N_ELEMENTS (binding->handlers); i++)
    g_clear_signal_handler (&binding->handlers[i], binding->item);
  g_clear_object (&binding->item);
  g_free (binding);
}

/* Shows `item` in `cell`: calls `update` now (with the pspec of
 * `property`) and whenever `property` or `other_property` (or NULL)
 * changes.
 *
 * GTK 4.8 unbinds and binds a row again whenever its selection changes,
 * even for the same item: so the panels' unbind does nothing, and a cell
 * remembers the item it shows and does nothing when bound to it again. */
void
inspector_list_cells_show (GtkWidget           *cell,
                           gpointer             item,
                           InspectorCellUpdate  update,
                           const char          *property,
                           const char          *other_property)
{
  const char *properties[] = { property, other_property };
  CellBinding *binding;

  g_return_if_fail (GTK_IS_WIDGET (cell));
  g_return_if_fail (item == NULL || G_IS_OBJECT (item));
  g_return_if_fail (update != NULL && property != NULL);

  binding = g_object_get_data (G_OBJECT (cell), "inspector-cell-binding");
  if (item == NULL || (binding != NULL && binding->item == item))
    return;

  binding = g_new0 (CellBinding, 1);
  binding->item = g_object_ref (item);
  g_object_set_data_full (G_OBJECT (cell), "inspector-cell-binding", binding, cell_binding_free);

  update (item, g_object_class_find_property (G_OBJECT_GET_CLASS (item), property), cell);
  for (guint i = 0; i < G_N_ELEMENTS (properties); i++)
    {
      g_autofree char *signal = NULL;

      if (properties[i] == NULL)
        continue;
      signal = g_strconcat ("notify::", properties[i], NULL);
      binding->handlers[i] = g_signal_connect (item, signal, G_CALLBACK (update), cell);
    }
}

/* The item of a tree list's row (owned), or NULL */
gpointer
inspector_list_cells_get_item (GtkListItem *list_item)
{
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);

  return row != NULL ? gtk_tree_list_row_get_item (row) : NULL;
}

/* The child of the GtkTreeExpander that is `list_item`'s child, after
 * pointing the expander at the item's row. Only when the row changed:
 * setting one makes the expander build its indentation again. */
GtkWidget *
inspector_list_cells_expander_child (GtkListItem *list_item)
{
  GtkTreeExpander *expander = GTK_TREE_EXPANDER (gtk_list_item_get_child (list_item));
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);

  if (gtk_tree_expander_get_list_row (expander) != row)
    gtk_tree_expander_set_list_row (expander, row);
  return gtk_tree_expander_get_child (expander);
}
