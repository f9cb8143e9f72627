/* inspector-call-tree.c
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

#include "inspector-call-list.h"
#include "inspector-call-node.h"
#include "inspector-call-tree.h"
#include "inspector-list-cells.h"

struct _InspectorCallTree
{
  GtkWidget           parent_instance;

  InspectorSession   *session;
  GSignalGroup       *session_signals;

  GtkTreeListModel   *tree_model;
  InspectorCallList  *roots;
  GHashTable         *lists; /* live InspectorCallList (weak) */

  /* template */
  GtkColumnView      *column_view;
  GtkSingleSelection *selection;

  GtkAdjustment      *vadjustment; /* the scrolled window's, owned */
  double              row_height; /* as of the list's last layout, or 0 */
  guint               laid_out_rows; /* the rows the list had then */
  guint               setting_upper : 1;

  /* Cells of rows far out of view, not bound yet: GtkListItem → CellBind
   * (see bind_or_defer()) */
  GHashTable         *pending;
  /* The row the list was asked to scroll to by item, until the list's
   * next allocation: it moves its rows there before its adjustment */
  guint               scroll_target;

  /* Group rows that following the current call expanded (GtkTreeListRow,
   * owned): closed again when following opens another group elsewhere, so
   * that after many jumps the tree does not hold a row per child of every
   * group. A group the user expands is not in here. */
  GPtrArray          *auto_expanded;
  guint               collapse_tick;
  guint               collapse_idle;
  GtkTreeListRow     *collapse_revealed;

  guint               following : 1;
  guint               allocating : 1;
  guint               bind_after_allocate : 1;
};

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (InspectorCallTree, inspector_call_tree, GTK_TYPE_WIDGET)

static void
list_finalized_cb (gpointer  data,
                   GObject  *where_the_object_was)
{
  InspectorCallTree *self = data;

  g_hash_table_remove (self->lists, where_the_object_was);
}

static void
forget_lists (InspectorCallTree *self)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->lists);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_object_weak_unref (key, list_finalized_cb, self);
  g_hash_table_remove_all (self->lists);
}

/* ------------------------------------------------------------------------
 * Cells: made and bound here rather than by GtkBuilderListItemFactory
 * templates, because a jump rebinds a screenful of rows in one frame and
 * a template's expressions watch three objects per cell.
 *
 * A cell binds again only when its node changes and follows its node's
 * properties (inspector_list_cells_show()): the node changes while the
 * trace loads, and its args and return value arrive after the frame.
 * ------------------------------------------------------------------------ */

static gboolean
unfinished_query_tooltip_cb (GtkWidget  *widget,
                             int         x,
                             int         y,
                             gboolean    keyboard_mode,
                             GtkTooltip *tooltip,
                             gpointer    user_data)
{
  gtk_tooltip_set_text (tooltip, _("Unfinished: the call had not returned when the trace ended"));
  return TRUE;
}

static void
function_setup_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   InspectorCallTree        *self)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *name = inspector_list_cells_inscription_new (16, FALSE, NULL, FALSE);
  GtkWidget *unfinished = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_add_css_class (unfinished, "warning");
  gtk_widget_set_visible (unfinished, FALSE);
  /* a tooltip on demand: setting one asks the X server where the pointer is */
  gtk_widget_set_has_tooltip (unfinished, TRUE);
  g_signal_connect (unfinished, "query-tooltip", G_CALLBACK (unfinished_query_tooltip_cb), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (unfinished),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Unfinished call"),
                                  -1);

  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), unfinished);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), box);
  gtk_list_item_set_child (list_item, expander);
}

static void
function_update (gpointer    node,
                 GParamSpec *pspec,
                 gpointer    box)
{
  gtk_inscription_set_text (GTK_INSCRIPTION (gtk_widget_get_first_child (box)),
                            inspector_call_node_get_function (node));
  gtk_widget_set_visible (gtk_widget_get_last_child (box),
                          inspector_call_node_get_unfinished (node));
}

static void
function_bind (GtkListItem *list_item)
{
  g_autoptr(InspectorCallNode) node = inspector_list_cells_get_item (list_item);

  inspector_list_cells_show (inspector_list_cells_expander_child (list_item), node,
                             function_update, "function", "unfinished");
}

static void
text_update (gpointer    node,
             GParamSpec *pspec,
             gpointer    inscription)
{
  g_autofree char *text = NULL;

  /* the property: "" until decoded, then it notifies */
  g_object_get (node, pspec->name, &text, NULL);
  gtk_inscription_set_text (inscription, text);
}

static void
text_bind (GtkListItem *list_item,
           const char  *property)
{
  g_autoptr(InspectorCallNode) node = inspector_list_cells_get_item (list_item);

  inspector_list_cells_show (gtk_list_item_get_child (list_item), node,
                             text_update, property, NULL);
}

static void
args_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               InspectorCallTree        *self)
{
  gtk_list_item_set_child (list_item, inspector_list_cells_inscription_new (12, FALSE, "monospace", TRUE));
}

static void
args_bind (GtkListItem *list_item)
{
  text_bind (list_item, "args");
}

static void
return_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 InspectorCallTree        *self)
{
  gtk_list_item_set_child (list_item, inspector_list_cells_inscription_new (8, FALSE, "monospace", TRUE));
}

static void
return_bind (GtkListItem *list_item)
{
  text_bind (list_item, "return-value");
}

static void
steps_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                InspectorCallTree        *self)
{
  GtkWidget *inscription = inspector_list_cells_inscription_new (7, TRUE, "numeric", FALSE);

  gtk_widget_add_css_class (inscription, "dim-label");
  gtk_list_item_set_child (list_item, inscription);
}

static void
steps_bind (GtkListItem *list_item)
{
  text_bind (list_item, "steps");
}

/* ------------------------------------------------------------------------
 * Binding only the rows near the view
 *
 * GTK 4.8's GtkListView keeps 200 rows around its anchor whatever its
 * height, and a jump far away rebinds all of them: a few dozen show, the
 * rest only cost (text set, indentation rebuilt, rows measured and
 * snapshotted again). Cells of rows more than a quarter of a page out of
 * view keep what they showed and are bound once scrolling brings them
 * near: the adjustment's value-changed comes before the frame.
 * ------------------------------------------------------------------------ */

typedef void (*CellBind) (GtkListItem *list_item);

static gboolean
position_near_view (InspectorCallTree *self,
                    guint              position)
{
  GtkAdjustment *adjustment = self->vadjustment;
  double value, page, top;

  /* not laid out yet: no view to be far from */
  if (adjustment == NULL || self->row_height <= 0
      || (page = gtk_adjustment_get_page_size (adjustment)) <= 0)
    return TRUE;

  /* The list scrolls by item in its next allocation, and brings the rows
   * near the target into use first: bound now, they need not wait for
   * the adjustment and a second allocation (see request_bind_pending()). */
  if (self->scroll_target != G_MAXUINT
      && ABS ((double) position - (double) self->scroll_target) * self->row_height <= page * 5 / 4)
    return TRUE;

  /* a margin for rows whose height differs from the others; scrolling
   * binds the rows it brings in before the frame that shows them */
  value = gtk_adjustment_get_value (adjustment);
  top = position * self->row_height;
  return top + self->row_height >= value - page / 4 && top <= value + page * 5 / 4;
}

static void
bind_or_defer (InspectorCallTree *self,
               GtkListItem       *list_item,
               CellBind           bind)
{
  if (position_near_view (self, gtk_list_item_get_position (list_item)))
    {
      g_hash_table_remove (self->pending, list_item);
      bind (list_item);
    }
  else
    g_hash_table_insert (self->pending, list_item, bind);
}

/* Binds the waiting cells that the view has come near */
static void
bind_pending (InspectorCallTree *self)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GtkListItem *list_item = key;
      CellBind bind = (CellBind) value;

      if (!position_near_view (self, gtk_list_item_get_position (list_item)))
        continue;
      g_hash_table_iter_remove (&iter);
      bind (list_item);
    }
}

/* The list moves its adjustment while it is allocated (clamping the value
 * when rows close, the page size when the window grows): cells bound then
 * would change after their row has been allocated, and would be painted
 * unallocated. So they wait for the end of the call tree's allocation,
 * which then allocates them again. */
static void
request_bind_pending (InspectorCallTree *self)
{
  if (g_hash_table_size (self->pending) == 0)
    return;
  if (self->allocating)
    self->bind_after_allocate = TRUE;
  else
    bind_pending (self);
}

static void
function_bind_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  InspectorCallTree        *self)
{
  bind_or_defer (self, list_item, function_bind);
}

static void
args_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              InspectorCallTree        *self)
{
  bind_or_defer (self, list_item, args_bind);
}

static void
return_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                InspectorCallTree        *self)
{
  bind_or_defer (self, list_item, return_bind);
}

static void
steps_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               InspectorCallTree        *self)
{
  bind_or_defer (self, list_item, steps_bind);
}

static void
cell_unbind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                InspectorCallTree        *self)
{
  /* nothing: the next bind sees whether the node changed (see above) */
}

static void
cell_teardown_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  InspectorCallTree        *self)
{
  g_hash_table_remove (self->pending, list_item);
}

/* ------------------------------------------------------------------------
 * The tree
 * ------------------------------------------------------------------------ */

static GListModel *
create_children_cb (gpointer item,
                    gpointer user_data)
{
  InspectorCallTree *self = user_data;
  InspectorCallNode *node = item;
  const CtModelCall *info = inspector_call_node_get_info (node);
  InspectorCallList *list;

  if (self->session == NULL)
    return NULL;

  if (inspector_call_node_is_group (node))
    list = inspector_call_list_new_for_group (self->session, node);
  else if (info->first_child != CT_MODEL_NONE)
    list = inspector_call_list_new (self->session, info->id);
  else
    return NULL;

  g_hash_table_add (self->lists, list);
  g_object_weak_ref (G_OBJECT (list), list_finalized_cb, self);
  return G_LIST_MODEL (list);
}

/* The list sets its adjustment's upper to rows × row height (or to its
 * page, when the rows are fewer) when it lays out; between an expansion and
 * the next layout, upper / rows is wrong */
static void
vadjustment_changed_cb (InspectorCallTree *self,
                        GtkAdjustment     *adjustment)
{
  guint n_rows = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  double upper = gtk_adjustment_get_upper (adjustment);

  if (self->setting_upper)
    return;
  /* the list's upper is at least its page: rows shorter than the view say
   * nothing of their height */
  if (n_rows > 0 && upper > gtk_adjustment_get_page_size (adjustment))
    self->row_height = upper / n_rows;
  self->laid_out_rows = n_rows;
  request_bind_pending (self);
}

static void
vadjustment_value_changed_cb (InspectorCallTree *self)
{
  request_bind_pending (self);
}

static gboolean
row_in_view (InspectorCallTree *self,
             guint              position)
{
  GtkAdjustment *adjustment = self->vadjustment;
  double value, top;

  if (adjustment == NULL || self->row_height <= 0
      || position >= g_list_model_get_n_items (G_LIST_MODEL (self->selection)))
    return FALSE;

  value = gtk_adjustment_get_value (adjustment);
  top = position * self->row_height;
  return top >= value && top + self->row_height <= value + gtk_adjustment_get_page_size (adjustment);
}

/* Brings the row at `position` into view. The rows are all as high, so
 * the list's adjustment says where each one is: a row in view stays put
 * (scrolling makes GTK 4.8 rebind the rows around it, even when nothing
 * moves), and a row out of view comes to the middle, so that stepping
 * down a long list scrolls once per half page rather than at every row. */
static void
scroll_to (InspectorCallTree *self,
           guint              position)
{
  GtkAdjustment *adjustment = self->vadjustment;
  guint n_rows = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  double page;

  if (adjustment == NULL || n_rows == 0 || position >= n_rows || row_in_view (self, position))
    return;
  page = gtk_adjustment_get_page_size (adjustment);

  /* Rows that came since the list's last layout have no height in its
   * own tree until the next one, and it finds the row at a value in that
   * tree: a value would land as many rows further on. */
  if (self->row_height > 0 && page > 0 && n_rows == self->laid_out_rows)
    {
      double height = n_rows * self->row_height;
      double value = position * self->row_height - (page - self->row_height) / 2;

      /* the list takes the new upper at its next layout: set it now, so
       * that the value is not clamped to the old one */
      if (gtk_adjustment_get_upper (adjustment) < height)
        {
          self->setting_upper = TRUE;
          gtk_adjustment_set_upper (adjustment, height);
          self->setting_upper = FALSE;
        }
      gtk_adjustment_set_value (adjustment, CLAMP (value, 0, MAX (0, height - page)));
      return;
    }

  /* not laid out yet, or rows came since: the list's action scrolls to
   * the item itself (gtk_column_view_scroll_to() is GTK 4.12) */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_VIEW (child))
        {
          self->scroll_target = position;
          gtk_widget_activate_action (child, "list.scroll-to-item", "u", position);
          break;
        }
    }
}

static gboolean
reveal_call (InspectorCallTree *self,
             guint              call,
             gboolean           scroll);

gboolean
inspector_call_tree_reveal_call (InspectorCallTree *self,
                                 guint              call)
{
  g_return_val_if_fail (INSPECTOR_IS_CALL_TREE (self), FALSE);

  return reveal_call (self, call, TRUE);
}

static void
add_path (GHashTable     *path,
          GtkTreeListRow *row)
{
  for (GtkTreeListRow *r = row != NULL ? g_object_ref (row) : NULL, *parent; r != NULL; r = parent)
    {
      parent = gtk_tree_list_row_get_parent (r);
      g_hash_table_add (path, r);
      g_object_unref (r);
    }
}

/* Closes the group rows that following expanded and that hold neither
 * `row` nor `keep`; innermost first, so that each still has its row when
 * it closes. */
static void
collapse_groups_off_path (InspectorCallTree *self,
                          GtkTreeListRow    *row,
                          GtkTreeListRow    *keep)
{
  g_autoptr(GHashTable) path = g_hash_table_new (NULL, NULL);

  add_path (path, row);
  add_path (path, keep);

  for (guint i = self->auto_expanded->len; i > 0; i--)
    {
      GtkTreeListRow *group = g_ptr_array_index (self->auto_expanded, i - 1);

      if (g_hash_table_contains (path, group))
        continue;
      if (gtk_tree_list_row_get_expanded (group))
        gtk_tree_list_row_set_expanded (group, FALSE);
      g_ptr_array_remove_index (self->auto_expanded, i - 1);
    }
}

/* Keeps the path of the row that following revealed when it opened a
 * group (the view was scrolled to it) as well as the selected one's: a
 * step out to the caller before the idle must not close the group of the
 * callee that is on screen. */
static gboolean
collapse_idle_cb (gpointer data)
{
  InspectorCallTree *self = data;
  GtkTreeListRow *selected = gtk_single_selection_get_selected_item (self->selection);
  g_autoptr(GtkTreeListRow) revealed = g_steal_pointer (&self->collapse_revealed);
  GtkTreeListRow *anchor = revealed != NULL ? revealed : selected;

  self->collapse_idle = 0;
  if (anchor != NULL)
    {
      gboolean was_following = self->following;
      guint before = gtk_tree_list_row_get_position (anchor);
      guint after;

      self->following = TRUE;
      collapse_groups_off_path (self, selected, revealed);
      self->following = was_following;

      /* Rows closed above the revealed one: the view moves up by as much,
       * now rather than at the list's next layout, so that what is on
       * screen stays put and row_in_view() is right until then (a step
       * out just after a jump would scroll far away otherwise). */
      after = gtk_tree_list_row_get_position (anchor);
      if (after < before && self->row_height > 0)
        gtk_adjustment_set_value (self->vadjustment,
                                  MAX (0, gtk_adjustment_get_value (self->vadjustment)
                                          - (before - after) * self->row_height));
    }
  return G_SOURCE_REMOVE;
}

/* Runs in the update phase of the frame that shows the new position: the
 * idle it adds runs once that frame is laid out and painted. */
static gboolean
collapse_tick_cb (GtkWidget     *widget,
                  GdkFrameClock *frame_clock,
                  gpointer       user_data)
{
  InspectorCallTree *self = INSPECTOR_CALL_TREE (widget);

  self->collapse_tick = 0;
  if (self->collapse_idle == 0)
    self->collapse_idle = g_idle_add_full (G_PRIORITY_LOW, collapse_idle_cb, self, NULL);
  return G_SOURCE_REMOVE;
}

/* Closes the groups off the current call's path, after the next frame.
 * Closing a group removes its rows from the list, and GTK 4.8 destroys
 * the row widgets of removed items rather than reusing them: closed while
 * the list still shows it, a group costs a whole new set of row widgets
 * (tens of ms); closed once the list has moved its rows to the new place,
 * almost nothing. */
static void
schedule_collapse (InspectorCallTree *self)
{
  if (self->collapse_tick != 0 || self->collapse_idle != 0)
    return;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->collapse_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), collapse_tick_cb, NULL, NULL);
  else
    self->collapse_idle = g_idle_add_full (G_PRIORITY_LOW, collapse_idle_cb, self, NULL);
}

/* Expands the call's callers (and the groups that hold it) and selects its
 * row; scrolls to it when `scroll`. Called with `following` set: rows that
 * open or close above the selected one move it, and GtkSingleSelection
 * reports that as a change of selection, which is not the user's. */
static gboolean
reveal_call_following (InspectorCallTree *self,
                       guint              call,
                       gboolean           scroll)
{
  g_autoptr(GArray) path = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GtkTreeListRow) row = NULL;
  CtModel *model;
  CtModelCall info;
  guint position;
  gboolean opened_group = FALSE;

  if (self->session == NULL || self->tree_model == NULL
      || (model = inspector_session_get_model (self->session)) == NULL)
    return FALSE;

  /* The call and its callers, innermost first */
  for (guint32 id = call; id != CT_MODEL_NONE; id = info.parent)
    {
      if (!ct_model_get_call (model, id, &info))
        return FALSE;
      g_array_append_val (path, id);
    }

  for (guint i = path->len; i > 0; i--)
    {
      guint32 id = g_array_index (path, guint32, i - 1);
      GListModel *children = G_LIST_MODEL (self->roots);

      /* down to the call's row, through the group rows that hold it */
      for (;;)
        {
          g_autoptr(InspectorCallNode) node = NULL;
          GtkTreeListRow *next;
          guint pos;

          if (row != NULL)
            {
              if (!gtk_tree_list_row_get_expanded (row))
                {
                  g_autoptr(InspectorCallNode) above = gtk_tree_list_row_get_item (row);

                  if (inspector_call_node_is_group (above))
                    {
                      g_ptr_array_add (self->auto_expanded, g_object_ref (row));
                      opened_group = TRUE;
                    }
                  gtk_tree_list_row_set_expanded (row, TRUE);
                }
              children = gtk_tree_list_row_get_children (row);
            }
          if (!INSPECTOR_IS_CALL_LIST (children)
              || (pos = inspector_call_list_find (INSPECTOR_CALL_LIST (children), id)) == G_MAXUINT)
            return FALSE;
          if (row == NULL)
            next = gtk_tree_list_model_get_child_row (self->tree_model, pos);
          else
            next = gtk_tree_list_row_get_child_row (row, pos);

          g_clear_object (&row);
          if ((row = next) == NULL)
            return FALSE;
          node = gtk_tree_list_row_get_item (row);
          if (!inspector_call_node_is_group (node))
            break;
        }
    }

  if (row == NULL)
    return FALSE;

  /* Only when a group opened: a return to the caller keeps the callee's
   * group open (stepping through a loop would close and open it at every
   * iteration). */
  if (opened_group)
    {
      g_set_object (&self->collapse_revealed, row);
      schedule_collapse (self);
    }

  position = gtk_tree_list_row_get_position (row);
  gtk_single_selection_set_selected (self->selection, position);
  if (scroll)
    scroll_to (self, position);

  return TRUE;
}

static gboolean
reveal_call (InspectorCallTree *self,
             guint              call,
             gboolean           scroll)
{
  gboolean was_following = self->following;
  gboolean ret;

  self->following = TRUE;
  ret = reveal_call_following (self, call, scroll);
  self->following = was_following;
  return ret;
}

static void
follow_current_call (InspectorCallTree *self)
{
  guint call;

  if (self->session == NULL)
    return;

  call = inspector_session_get_current_call (self->session);
  if (call == CT_MODEL_NONE)
    {
      self->following = TRUE;
      gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
      self->following = FALSE;
      return;
    }

  /* Already there? Back in the caller of the selected call? */
  {
    g_autoptr(GtkTreeListRow) row = gtk_single_selection_get_selected_item (self->selection) != NULL
      ? g_object_ref (gtk_single_selection_get_selected_item (self->selection)) : NULL;

    if (row != NULL)
      {
        g_autoptr(InspectorCallNode) node = gtk_tree_list_row_get_item (row);

        if (node != NULL && inspector_call_node_get_call (node) == call)
          return;

        /* A return to the caller selects the caller's row, but the view
         * stays on the callee while it shows: stepping through a loop that
         * calls something would otherwise swing the list between the
         * caller, far above, and each callee at every iteration. */
        if (node != NULL && inspector_call_node_get_info (node)->parent == call
            && row_in_view (self, gtk_tree_list_row_get_position (row)))
          {
            reveal_call (self, call, FALSE);
            return;
          }
      }
  }

  reveal_call (self, call, TRUE);
}

static void
selection_changed_cb (InspectorCallTree  *self,
                      GParamSpec         *pspec,
                      GtkSingleSelection *selection)
{
  GtkTreeListRow *row;
  g_autoptr(InspectorCallNode) node = NULL;

  if (self->following || self->session == NULL)
    return;

  row = gtk_single_selection_get_selected_item (selection);
  if (row == NULL || (node = gtk_tree_list_row_get_item (row)) == NULL
      || inspector_call_node_is_group (node))
    return;

  inspector_session_go_to_call (self->session, inspector_call_node_get_call (node));
}

static void
rebuild (InspectorCallTree *self)
{
  CtModel *model = self->session != NULL ? inspector_session_get_model (self->session) : NULL;

  self->following = TRUE;
  gtk_single_selection_set_model (self->selection, NULL);
  self->following = FALSE;
  if (self->auto_expanded != NULL)
    g_ptr_array_set_size (self->auto_expanded, 0);
  g_clear_object (&self->collapse_revealed);
  g_clear_object (&self->tree_model);
  g_clear_object (&self->roots);
  forget_lists (self);

  if (model == NULL)
    return;

  self->roots = inspector_call_list_new (self->session, CT_MODEL_NONE);
  self->tree_model = gtk_tree_list_model_new (g_object_ref (G_LIST_MODEL (self->roots)),
                                              FALSE, FALSE,
                                              create_children_cb, self, NULL);
  self->following = TRUE;
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->tree_model));
  self->following = FALSE;

  follow_current_call (self);
}

static void
refresh (InspectorCallTree *self)
{
  GHashTableIter iter;
  gpointer key;
  g_autoptr(GPtrArray) lists = g_ptr_array_new_with_free_func (g_object_unref);

  if (self->roots == NULL)
    return;

  inspector_call_list_refresh (self->roots);

  /* refreshing can change the tree, and with it the live lists */
  g_hash_table_iter_init (&iter, self->lists);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (lists, g_object_ref (key));
  for (guint i = 0; i < lists->len; i++)
    inspector_call_list_refresh (g_ptr_array_index (lists, i));

  follow_current_call (self);
}

static void
session_model_changed_cb (InspectorCallTree *self)
{
  rebuild (self);
}

static void
session_current_call_changed_cb (InspectorCallTree *self)
{
  follow_current_call (self);
}

static void
session_n_steps_changed_cb (InspectorCallTree *self)
{
  refresh (self);
}

static void
session_loading_changed_cb (InspectorCallTree *self)
{
  refresh (self);
}

static gboolean
function_matches (const char *name,
                  const char *needle)
{
  g_autofree char *folded = NULL;

  if (name == NULL)
    return FALSE;
  folded = g_utf8_casefold (name, -1);
  return strstr (folded, needle) != NULL;
}

gboolean
inspector_call_tree_find (InspectorCallTree *self,
                          const char        *text,
                          gboolean           backwards)
{
  g_autoptr(GHashTable) functions = NULL;
  g_autofree char *needle = NULL;
  CtModel *model;
  guint n_calls, start;
  gboolean top_level_matches;

  g_return_val_if_fail (INSPECTOR_IS_CALL_TREE (self), FALSE);

  if (self->session == NULL || text == NULL || text[0] == '\0'
      || (model = inspector_session_get_model (self->session)) == NULL
      || (n_calls = ct_model_get_n_calls (model)) == 0)
    return FALSE;

  needle = g_utf8_casefold (text, -1);
  functions = g_hash_table_new (NULL, NULL);
  for (guint fid = 0; ; fid++)
    {
      g_autofree char *name = ct_model_dup_function_name (model, fid);

      if (name == NULL)
        break;
      if (function_matches (name, needle))
        g_hash_table_add (functions, GUINT_TO_POINTER (fid + 1));
    }
  top_level_matches = function_matches (_("<top level>"), needle);
  if (g_hash_table_size (functions) == 0 && !top_level_matches)
    return FALSE;

  start = inspector_session_get_current_call (self->session);
  if (start == CT_MODEL_NONE)
    start = backwards ? 0 : n_calls - 1;

  for (guint k = 1; k <= n_calls; k++)
    {
      guint id = backwards ? (start + n_calls - (k % n_calls)) % n_calls : (start + k) % n_calls;
      CtModelCall info;
      gboolean match;

      if (!ct_model_get_call (model, id, &info))
        continue;
      if (info.function_id == CT_MODEL_NONE)
        match = top_level_matches;
      else
        match = g_hash_table_contains (functions, GUINT_TO_POINTER (info.function_id + 1));
      if (match && info.first_step != CT_MODEL_NONE)
        {
          if (!inspector_session_go_to_call (self->session, id))
            inspector_call_tree_reveal_call (self, id);
          return TRUE;
        }
    }
  return FALSE;
}

static void
inspector_call_tree_dispose (GObject *object)
{
  InspectorCallTree *self = (InspectorCallTree *) object;

  if (self->selection != NULL)
    gtk_single_selection_set_model (self->selection, NULL);
  if (self->collapse_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->collapse_tick);
  self->collapse_tick = 0;
  g_clear_handle_id (&self->collapse_idle, g_source_remove);
  g_clear_object (&self->collapse_revealed);
  g_clear_pointer (&self->auto_expanded, g_ptr_array_unref);
  g_clear_object (&self->tree_model);
  g_clear_object (&self->roots);
  forget_lists (self);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->session);

  gtk_widget_dispose_template (GTK_WIDGET (self), INSPECTOR_TYPE_CALL_TREE);
  /* the template's unnamed root box */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (inspector_call_tree_parent_class)->dispose (object);
}

static void
inspector_call_tree_finalize (GObject *object)
{
  InspectorCallTree *self = (InspectorCallTree *) object;

  g_clear_pointer (&self->lists, g_hash_table_unref);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_object (&self->vadjustment);

  G_OBJECT_CLASS (inspector_call_tree_parent_class)->finalize (object);
}

static void
inspector_call_tree_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  InspectorCallTree *self = INSPECTOR_CALL_TREE (object);

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
inspector_call_tree_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  InspectorCallTree *self = INSPECTOR_CALL_TREE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      inspector_call_tree_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GtkSizeRequestMode
inspector_call_tree_get_request_mode (GtkWidget *widget)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  return child != NULL ? gtk_widget_get_request_mode (child) : GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

static void
inspector_call_tree_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  if (child != NULL)
    gtk_widget_measure (child, orientation, for_size, minimum, natural, minimum_baseline, natural_baseline);
}

static void
inspector_call_tree_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  InspectorCallTree *self = INSPECTOR_CALL_TREE (widget);
  GtkWidget *child = gtk_widget_get_first_child (widget);

  if (child == NULL)
    return;

  self->allocating = TRUE;
  gtk_widget_allocate (child, width, height, baseline, NULL);
  self->allocating = FALSE;
  self->scroll_target = G_MAXUINT;

  /* see request_bind_pending(): the rows bound now are allocated again */
  if (self->bind_after_allocate)
    {
      self->bind_after_allocate = FALSE;
      bind_pending (self);
      gtk_widget_allocate (child, width, height, baseline, NULL);
    }
}

static void
inspector_call_tree_class_init (InspectorCallTreeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = inspector_call_tree_dispose;
  object_class->finalize = inspector_call_tree_finalize;
  object_class->get_property = inspector_call_tree_get_property;
  object_class->set_property = inspector_call_tree_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         INSPECTOR_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (INSPECTOR_TYPE_CALL_NODE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/traceinspector/TraceInspector/inspector-call-tree.ui");
  gtk_widget_class_bind_template_child (widget_class, InspectorCallTree, column_view);
  gtk_widget_class_bind_template_child (widget_class, InspectorCallTree, selection);
  gtk_widget_class_bind_template_callback (widget_class, selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, function_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, function_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, args_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, args_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, return_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, return_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, steps_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, steps_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, cell_unbind_cb);
  gtk_widget_class_bind_template_callback (widget_class, cell_teardown_cb);

  widget_class->get_request_mode = inspector_call_tree_get_request_mode;
  widget_class->measure = inspector_call_tree_measure;
  widget_class->size_allocate = inspector_call_tree_size_allocate;
  gtk_widget_class_set_css_name (widget_class, "callTree");
}

static void
inspector_call_tree_init (InspectorCallTree *self)
{
  self->lists = g_hash_table_new (NULL, NULL);
  self->pending = g_hash_table_new (NULL, NULL);
  self->scroll_target = G_MAXUINT;
  self->auto_expanded = g_ptr_array_new_with_free_func (g_object_unref);

  gtk_widget_init_template (GTK_WIDGET (self));
  /* the scrolled window's: it gives it to the column view once, when the
   * template is built (looking it up is a property get) */
  self->vadjustment = g_object_ref (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->column_view)));
  g_signal_connect_object (self->vadjustment,
                           "changed", G_CALLBACK (vadjustment_changed_cb), self, G_CONNECT_SWAPPED);
  /* after the list has moved its rows */
  g_signal_connect_object (self->vadjustment,
                           "value-changed", G_CALLBACK (vadjustment_value_changed_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);

  self->session_signals = g_signal_group_new (INSPECTOR_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::model",
                                 G_CALLBACK (session_model_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::current-call",
                                 G_CALLBACK (session_current_call_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::n-steps",
                                 G_CALLBACK (session_n_steps_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::loading",
                                 G_CALLBACK (session_loading_changed_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
inspector_call_tree_new (void)
{
  return g_object_new (INSPECTOR_TYPE_CALL_TREE, NULL);
}

InspectorSession *
inspector_call_tree_get_session (InspectorCallTree *self)
{
  g_return_val_if_fail (INSPECTOR_IS_CALL_TREE (self), NULL);
  return self->session;
}

void
inspector_call_tree_set_session (InspectorCallTree *self,
                                 InspectorSession  *session)
{
  g_return_if_fail (INSPECTOR_IS_CALL_TREE (self));
  g_return_if_fail (!session || INSPECTOR_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;

  g_signal_group_set_target (self->session_signals, session);
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

GtkSingleSelection *
inspector_call_tree_get_selection (InspectorCallTree *self)
{
  g_return_val_if_fail (INSPECTOR_IS_CALL_TREE (self), NULL);
  return self->selection;
}
