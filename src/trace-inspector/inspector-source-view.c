/* inspector-source-view.c
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ct-error.h"
#include "ct-trace-folder.h"

#include "inspector-source-view.h"
#include "inspector-value.h"

/* The sources of the trace, one tab per file, read only from the trace
 * folder's files/ (ct_trace_folder_resolve_source), never from the host.
 *
 * In the file of the current step: the step's line is highlighted (a tag
 * and the cursor) and scrolled to, the lines the current call ran carry a
 * source mark, the gutter shows how many steps ran each line (clicking a
 * line number goes to its next run, Shift+click to the previous one), and
 * the current step's variables are drawn dimmed after the line that last
 * mentions them. GtkSourceView 5.6 has no annotations, so a small
 * GtkSourceView subclass draws them in snapshot_layer(). */

#define RAN_CATEGORY       "inspector-ran"
#define CURRENT_TAG        "inspector-current-line"
#define MAX_RAN_JUMPS      64
#define MAX_SCAN_LINES     200
#define MAX_VALUE_CHARS    60
#define RECOUNT_INTERVAL   500

enum {
  LINE_RAN = 1 << 0,
  LINE_CURRENT = 1 << 1,
};

/* ------------------------------------------------------------------------
 * InspectorSourceText: a GtkSourceView that draws "name = value" after
 * line ends
 * ------------------------------------------------------------------------ */

#define INSPECTOR_TYPE_SOURCE_TEXT (inspector_source_text_get_type ())
G_DECLARE_FINAL_TYPE (InspectorSourceText, inspector_source_text,
                      INSPECTOR, SOURCE_TEXT, GtkSourceView)

struct _InspectorSourceText
{
  GtkSourceView  parent_instance;
  GHashTable    *annotations; /* 1-based line -> text */
};

G_DEFINE_FINAL_TYPE (InspectorSourceText, inspector_source_text, GTK_SOURCE_TYPE_VIEW)

static void
inspector_source_text_snapshot_layer (GtkTextView      *text_view,
                                      GtkTextViewLayer  layer,
                                      GtkSnapshot      *snapshot)
{
  InspectorSourceText *self = (InspectorSourceText *) text_view;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (text_view);
  g_autoptr(PangoLayout) layout = NULL;
  PangoAttrList *attrs;
  GdkRectangle visible;
  GHashTableIter iter;
  gpointer key, value;
  GdkRGBA color;

  GTK_TEXT_VIEW_CLASS (inspector_source_text_parent_class)->snapshot_layer (text_view,
                                                                            layer,
                                                                            snapshot);

  if (layer != GTK_TEXT_VIEW_LAYER_ABOVE_TEXT || g_hash_table_size (self->annotations) == 0)
    return;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (text_view)), &color);
  G_GNUC_END_IGNORE_DEPRECATIONS
  color.alpha *= 0.55;

  layout = gtk_widget_create_pango_layout (GTK_WIDGET (text_view), NULL);
  attrs = pango_attr_list_new ();
  pango_attr_list_insert (attrs, pango_attr_style_new (PANGO_STYLE_ITALIC));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);

  gtk_text_view_get_visible_rect (text_view, &visible);

  g_hash_table_iter_init (&iter, self->annotations);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint line = GPOINTER_TO_UINT (key);
      GtkTextIter line_end;
      GdkRectangle location;
      int y, height, text_width, text_height;

      if (!gtk_text_buffer_get_iter_at_line (buffer, &line_end, line - 1))
        continue;
      gtk_text_view_get_line_yrange (text_view, &line_end, &y, &height);
      if (y + height < visible.y || y > visible.y + visible.height)
        continue;
      if (!gtk_text_iter_ends_line (&line_end))
        gtk_text_iter_forward_to_line_end (&line_end);
      gtk_text_view_get_iter_location (text_view, &line_end, &location);

      pango_layout_set_text (layout, value, -1);
      pango_layout_get_pixel_size (layout, &text_width, &text_height);

      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot,
                              &GRAPHENE_POINT_INIT (location.x + 3 * MAX (location.width, 8),
                                                    y + (height - text_height) / 2));
      gtk_snapshot_append_layout (snapshot, layout, &color);
      gtk_snapshot_restore (snapshot);
    }
}

static void
inspector_source_text_finalize (GObject *object)
{
  InspectorSourceText *self = (InspectorSourceText *) object;

  g_clear_pointer (&self->annotations, g_hash_table_unref);

  G_OBJECT_CLASS (inspector_source_text_parent_class)->finalize (object);
}

static void
inspector_source_text_class_init (InspectorSourceTextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkTextViewClass *text_view_class = GTK_TEXT_VIEW_CLASS (klass);

  object_class->finalize = inspector_source_text_finalize;
  text_view_class->snapshot_layer = inspector_source_text_snapshot_layer;
}

static void
inspector_source_text_init (InspectorSourceText *self)
{
  self->annotations = g_hash_table_new_full (NULL, NULL, NULL, g_free);
}

static void
inspector_source_text_set_annotations (InspectorSourceText *self,
                                       GHashTable          *annotations)
{
  g_hash_table_remove_all (self->annotations);
  if (annotations != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, annotations);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (self->annotations, key, g_strdup (value));
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ------------------------------------------------------------------------
 * InspectorHitsRenderer: steps per line in the gutter
 * ------------------------------------------------------------------------ */

#define INSPECTOR_TYPE_HITS_RENDERER (inspector_hits_renderer_get_type ())
G_DECLARE_FINAL_TYPE (InspectorHitsRenderer, inspector_hits_renderer,
                      INSPECTOR, HITS_RENDERER, GtkSourceGutterRenderer)

struct _InspectorHitsRenderer
{
  GtkSourceGutterRenderer  parent_instance;
  GArray                  *counts; /* guint32 per line, [line - 1] */
  GArray                  *flags;  /* guint8 per line: LINE_RAN, LINE_CURRENT */
  guint                    max_chars;
  PangoLayout             *layout;
  GdkRGBA                  fg;
  GdkRGBA                  accent;
};

G_DEFINE_FINAL_TYPE (InspectorHitsRenderer, inspector_hits_renderer,
                     GTK_SOURCE_TYPE_GUTTER_RENDERER)

static void
format_count (guint32  count,
              char    *buf,
              gsize    size)
{
  if (count < 100000)
    g_snprintf (buf, size, "%u", count);
  else if (count < 1000000)
    g_snprintf (buf, size, "%uk", count / 1000);
  else if (count < 10000000)
    g_snprintf (buf, size, "%.1fM", count / 1e6);
  else if (count < 1000000000)
    g_snprintf (buf, size, "%uM", count / 1000000);
  else
    g_snprintf (buf, size, "%.1fG", count / 1e9);
}

static guint
get_line_flags (InspectorHitsRenderer *self,
                guint                  line) /* 0-based */
{
  return line < self->flags->len ? g_array_index (self->flags, guint8, line) : 0;
}

static void
inspector_hits_renderer_begin (GtkSourceGutterRenderer *renderer,
                               GtkSourceGutterLines    *lines)
{
  InspectorHitsRenderer *self = (InspectorHitsRenderer *) renderer;
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());

  g_clear_object (&self->layout);
  self->layout = gtk_widget_create_pango_layout (GTK_WIDGET (renderer), NULL);

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (renderer)), &self->fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  self->accent = dark ? (GdkRGBA) { 0.471, 0.682, 0.929, 1 } : (GdkRGBA) { 0.110, 0.443, 0.847, 1 };
}

static void
inspector_hits_renderer_snapshot_line (GtkSourceGutterRenderer *renderer,
                                       GtkSnapshot             *snapshot,
                                       GtkSourceGutterLines    *lines,
                                       guint                    line)
{
  InspectorHitsRenderer *self = (InspectorHitsRenderer *) renderer;
  guint32 count = line < self->counts->len ? g_array_index (self->counts, guint32, line) : 0;
  guint flags = get_line_flags (self, line);
  int y, height, text_width, text_height;
  int width = gtk_widget_get_width (GTK_WIDGET (renderer));
  int xpad = gtk_source_gutter_renderer_get_xpad (renderer);
  GdkRGBA color;
  char text[32];

  if (count == 0 && flags == 0)
    return;

  gtk_source_gutter_lines_get_line_yrange (lines, line,
                                           GTK_SOURCE_GUTTER_RENDERER_ALIGNMENT_MODE_FIRST,
                                           &y, &height);

  if (flags & (LINE_RAN | LINE_CURRENT))
    {
      GdkRGBA bar = self->accent;

      bar.alpha = (flags & LINE_CURRENT) ? 1.0 : 0.55;
      gtk_snapshot_append_color (snapshot, &bar,
                                 &GRAPHENE_RECT_INIT (0, y, (flags & LINE_CURRENT) ? 4 : 3,
                                                      height));
    }

  if (count == 0 || self->layout == NULL)
    return;

  format_count (count, text, sizeof text);
  pango_layout_set_text (self->layout, text, -1);
  pango_layout_get_pixel_size (self->layout, &text_width, &text_height);

  color = self->fg;
  color.alpha *= (flags & (LINE_RAN | LINE_CURRENT)) ? 0.9 : 0.45;

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot,
                          &GRAPHENE_POINT_INIT (width - text_width - xpad,
                                                y + (height - text_height) / 2));
  gtk_snapshot_append_layout (snapshot, self->layout, &color);
  gtk_snapshot_restore (snapshot);
}

static void
inspector_hits_renderer_end (GtkSourceGutterRenderer *renderer)
{
  InspectorHitsRenderer *self = (InspectorHitsRenderer *) renderer;

  g_clear_object (&self->layout);
}

static void
inspector_hits_renderer_measure (GtkWidget      *widget,
                                 GtkOrientation  orientation,
                                 int             for_size,
                                 int            *minimum,
                                 int            *natural,
                                 int            *minimum_baseline,
                                 int            *natural_baseline)
{
  InspectorHitsRenderer *self = (InspectorHitsRenderer *) widget;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      g_autofree char *digits = g_strnfill (MAX (self->max_chars, 1), '0');
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, digits);
      int text_width;
      int xpad = gtk_source_gutter_renderer_get_xpad (GTK_SOURCE_GUTTER_RENDERER (self));

      pango_layout_get_pixel_size (layout, &text_width, NULL);
      *minimum = *natural = text_width + 8 + 2 * xpad;
    }
  else
    {
      *minimum = *natural = 0;
    }
}

static void
inspector_hits_renderer_finalize (GObject *object)
{
  InspectorHitsRenderer *self = (InspectorHitsRenderer *) object;

  g_clear_pointer (&self->counts, g_array_unref);
  g_clear_pointer (&self->flags, g_array_unref);
  g_clear_object (&self->layout);

  G_OBJECT_CLASS (inspector_hits_renderer_parent_class)->finalize (object);
}

static void
inspector_hits_renderer_class_init (InspectorHitsRendererClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkSourceGutterRendererClass *renderer_class = GTK_SOURCE_GUTTER_RENDERER_CLASS (klass);

  object_class->finalize = inspector_hits_renderer_finalize;
  widget_class->measure = inspector_hits_renderer_measure;
  renderer_class->begin = inspector_hits_renderer_begin;
  renderer_class->snapshot_line = inspector_hits_renderer_snapshot_line;
  renderer_class->end = inspector_hits_renderer_end;
}

static void
inspector_hits_renderer_init (InspectorHitsRenderer *self)
{
  self->counts = g_array_new (FALSE, TRUE, sizeof (guint32));
  self->flags = g_array_new (FALSE, TRUE, sizeof (guint8));
  self->max_chars = 1;
  gtk_source_gutter_renderer_set_xpad (GTK_SOURCE_GUTTER_RENDERER (self), 4);
}

static void
inspector_hits_renderer_set_counts (InspectorHitsRenderer *self,
                                    GArray                *counts)
{
  guint max_chars = 1;

  g_array_set_size (self->counts, 0);
  g_array_append_vals (self->counts, counts->data, counts->len);

  for (guint i = 0; i < counts->len; i++)
    {
      char text[32];

      format_count (g_array_index (counts, guint32, i), text, sizeof text);
      max_chars = MAX (max_chars, strlen (text));
    }
  if (max_chars != self->max_chars)
    {
      self->max_chars = max_chars;
      gtk_widget_queue_resize (GTK_WIDGET (self));
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ------------------------------------------------------------------------
 * InspectorSourceView
 * ------------------------------------------------------------------------ */

typedef struct
{
  guint32                path_id;
  char                  *recorded_path;
  char                  *file;        /* the copy under files/, NULL when not captured */
  GtkWidget             *child;       /* the page's child; owns this struct */
  InspectorSourceText   *view;        /* NULL for a placeholder */
  GtkSourceBuffer       *buffer;
  InspectorHitsRenderer *hits;
  GtkTextTag            *current_tag;
  guint                  counted_steps; /* n-steps when the hits were counted */
  guint32                ran_call;      /* the call whose lines are marked */
  gboolean               ran_stale;     /* the counts changed since */
  guint                  current_line;  /* 1-based, 0 when none */
  guint                  scroll_tick_id;
  guint                  scroll_frames; /* frames left to get the current line in view */
} SourceTab;

struct _InspectorSourceView
{
  GtkWidget         parent_instance;

  InspectorSession *session;
  GSignalGroup     *session_signals;
  CtModel          *model;

  GtkStack         *stack;
  AdwStatusPage    *empty_page;
  AdwTabBar        *tab_bar;
  AdwTabView       *tab_view;

  GHashTable       *tabs;         /* path_id + 1 -> page child */
  guint32           current_path; /* the path of the current step's tab */
  guint             recount_id;
};

enum { PROP_0, PROP_SESSION, N_PROPS };
static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (InspectorSourceView, inspector_source_view, GTK_TYPE_WIDGET)

G_DEFINE_QUARK (inspector-source-tab, source_tab)

static void
source_tab_free (gpointer data)
{
  SourceTab *tab = data;

  g_free (tab->recorded_path);
  g_free (tab->file);
  g_free (tab);
}

static SourceTab *
get_tab_for_child (GtkWidget *child)
{
  return child ? g_object_get_qdata (G_OBJECT (child), source_tab_quark ()) : NULL;
}

static SourceTab *
lookup_tab (InspectorSourceView *self,
            guint32              path_id)
{
  return get_tab_for_child (g_hash_table_lookup (self->tabs, GUINT_TO_POINTER (path_id + 1)));
}

static SourceTab *
get_visible_tab (InspectorSourceView *self)
{
  AdwTabPage *page = adw_tab_view_get_selected_page (self->tab_view);

  return page ? get_tab_for_child (adw_tab_page_get_child (page)) : NULL;
}

static gboolean
is_dark (void)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

static void
apply_style (SourceTab *tab)
{
  GtkSourceStyleSchemeManager *manager = gtk_source_style_scheme_manager_get_default ();
  GtkSourceStyleScheme *scheme;
  g_autoptr(GtkSourceMarkAttributes) attributes = NULL;
  gboolean dark = is_dark ();
  GdkRGBA current = { 0.208, 0.518, 0.894, dark ? 0.35 : 0.22 }; /* blue 3 */
  GdkRGBA ran = { 0.208, 0.518, 0.894, dark ? 0.10 : 0.07 };

  if (tab->buffer == NULL)
    return;

  scheme = gtk_source_style_scheme_manager_get_scheme (manager, dark ? "Adwaita-dark" : "Adwaita");
  if (scheme != NULL)
    gtk_source_buffer_set_style_scheme (tab->buffer, scheme);

  g_object_set (tab->current_tag, "paragraph-background-rgba", &current, NULL);

  attributes = gtk_source_mark_attributes_new ();
  gtk_source_mark_attributes_set_background (attributes, &ran);
  gtk_source_view_set_mark_attributes (GTK_SOURCE_VIEW (tab->view), RAN_CATEGORY, attributes, 0);
}

static void
on_dark_changed (InspectorSourceView *self)
{
  GHashTableIter iter;
  gpointer child;

  if (self->tabs == NULL)
    return;

  g_hash_table_iter_init (&iter, self->tabs);
  while (g_hash_table_iter_next (&iter, NULL, &child))
    apply_style (get_tab_for_child (child));
}

static void mark_ran_lines (InspectorSourceView *self,
                            SourceTab           *tab,
                            guint32              call_id);

/* Steps per line, from the model's line index */
static void
count_hits (InspectorSourceView *self,
            SourceTab           *tab)
{
  g_autoptr(GArray) counts = NULL;
  guint n_lines;

  if (tab->buffer == NULL || self->model == NULL)
    return;

  tab->counted_steps = inspector_session_get_n_steps (self->session);
  n_lines = gtk_text_buffer_get_line_count (GTK_TEXT_BUFFER (tab->buffer));
  counts = g_array_sized_new (FALSE, TRUE, sizeof (guint32), n_lines);
  for (guint line = 1; line <= n_lines; line++)
    {
      g_autoptr(GArray) steps = ct_model_get_line_steps (self->model, tab->path_id, line);
      guint32 count = steps->len;

      g_array_append_val (counts, count);
    }
  inspector_hits_renderer_set_counts (tab->hits, counts);

  /* lines that had no steps yet may have been run by the marked call */
  tab->ran_stale = TRUE;
  if (tab->ran_call != CT_MODEL_NONE)
    mark_ran_lines (self, tab, tab->ran_call);
}

static void
recount_all (InspectorSourceView *self)
{
  GHashTableIter iter;
  gpointer child;
  guint n_steps = self->session ? inspector_session_get_n_steps (self->session) : 0;

  g_hash_table_iter_init (&iter, self->tabs);
  while (g_hash_table_iter_next (&iter, NULL, &child))
    {
      SourceTab *tab = get_tab_for_child (child);

      if (tab->counted_steps != n_steps)
        count_hits (self, tab);
    }
}

static gboolean
recount_timeout (gpointer user_data)
{
  InspectorSourceView *self = user_data;

  self->recount_id = 0;
  recount_all (self);
  return G_SOURCE_REMOVE;
}

static void
set_line_flag (SourceTab *tab,
               guint      line, /* 1-based */
               guint8     flag,
               gboolean   on)
{
  GArray *flags = tab->hits->flags;
  guint8 *value;

  if (line == 0)
    return;
  if (line > flags->len)
    {
      if (!on)
        return;
      g_array_set_size (flags, line);
    }
  value = &g_array_index (flags, guint8, line - 1);
  *value = on ? (*value | flag) : (*value & ~flag);
}

/* The first step of `call` itself (not of a callee) on (path, line), or
 * CT_MODEL_NONE. Skips callees' subtrees; gives up after MAX_RAN_JUMPS. */
static gboolean
call_ran_line (CtModel           *model,
               const CtModelCall *call,
               guint32            path_id,
               guint32            line)
{
  guint32 after = call->first_step == 0 ? CT_MODEL_NONE : call->first_step - 1;

  for (guint jumps = 0; jumps < MAX_RAN_JUMPS; jumps++)
    {
      guint32 step = ct_model_next_step_on_line (model, after, path_id, line);
      guint32 step_call, child;
      CtModelCall c;

      if (step == CT_MODEL_NONE || step > call->last_step)
        return FALSE;
      if (!ct_model_get_step (model, step, NULL, NULL, &step_call))
        return FALSE;
      if (step_call == call->id)
        return TRUE;

      /* a callee ran it: skip that callee's subtree */
      child = step_call;
      while (child != CT_MODEL_NONE && ct_model_get_call (model, child, &c) && c.parent != call->id)
        child = c.parent;
      if (child == CT_MODEL_NONE || c.parent != call->id || c.last_step == CT_MODEL_NONE)
        return FALSE;
      after = c.last_step;
    }
  return FALSE;
}

static void
mark_ran_lines (InspectorSourceView *self,
                SourceTab           *tab,
                guint32              call_id)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (tab->buffer);
  GtkTextIter start, end;
  CtModelCall call;
  gboolean have_call;

  if (tab->buffer == NULL || (tab->ran_call == call_id && !tab->ran_stale))
    return;
  tab->ran_call = call_id;
  tab->ran_stale = FALSE;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_source_buffer_remove_source_marks (tab->buffer, &start, &end, RAN_CATEGORY);
  for (guint i = 0; i < tab->hits->flags->len; i++)
    g_array_index (tab->hits->flags, guint8, i) &= ~LINE_RAN;

  have_call = call_id != CT_MODEL_NONE && self->model != NULL &&
              ct_model_get_call (self->model, call_id, &call) &&
              call.first_step != CT_MODEL_NONE;

  if (have_call)
    {
      for (guint i = 0; i < tab->hits->counts->len; i++)
        {
          guint line = i + 1;
          GtkTextIter iter;

          if (g_array_index (tab->hits->counts, guint32, i) == 0)
            continue;
          if (!call_ran_line (self->model, &call, tab->path_id, line))
            continue;
          set_line_flag (tab, line, LINE_RAN, TRUE);
          gtk_text_buffer_get_iter_at_line (buffer, &iter, i);
          gtk_source_buffer_create_source_mark (tab->buffer, NULL, RAN_CATEGORY, &iter);
        }
    }
  gtk_widget_queue_draw (GTK_WIDGET (tab->hits));
}

/* ------------------------------------------------------------------------
 * Values at the end of lines
 * ------------------------------------------------------------------------ */

static char *
dup_line_text (GtkTextBuffer *buffer,
               guint          line) /* 1-based */
{
  GtkTextIter start, end;

  if (!gtk_text_buffer_get_iter_at_line (buffer, &start, line - 1))
    return NULL;
  end = start;
  if (!gtk_text_iter_ends_line (&end))
    gtk_text_iter_forward_to_line_end (&end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static inline gboolean
is_word_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '$' || c == '@' || (guchar) c >= 0x80;
}

static gboolean
mentions (const char *text,
          const char *name)
{
  gsize len = strlen (name);

  if (len == 0)
    return FALSE;
  for (const char *p = strstr (text, name); p != NULL; p = strstr (p + 1, name))
    {
      if ((p == text || !is_word_char (p[-1])) && !is_word_char (p[len]))
        return TRUE;
    }
  return FALSE;
}

static void
update_annotations (InspectorSourceView *self,
                    SourceTab           *tab,
                    guint32              step,
                    guint32              line,
                    guint32              call_id)
{
  g_autoptr(GHashTable) annotations = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr(GHashTable) line_texts = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr(GPtrArray) values = NULL;
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (tab->buffer);
  guint lowest = line > MAX_SCAN_LINES ? line - MAX_SCAN_LINES : 1;
  CtModelCall call;

  if (step != CT_MODEL_NONE)
    values = ct_model_get_variables (self->model, step, NULL);

  /* look for the variables' lines inside the current call only */
  if (call_id != CT_MODEL_NONE &&
      ct_model_get_call (self->model, call_id, &call) &&
      call.first_step != CT_MODEL_NONE)
    {
      guint32 first_path, first_line;

      if (ct_model_get_step (self->model, call.first_step, &first_path, &first_line, NULL) &&
          first_path == tab->path_id && first_line <= line)
        lowest = MAX (lowest, first_line > 1 ? first_line - 1 : 1);
    }

  for (guint i = 0; values != NULL && i < values->len; i++)
    {
      const CtModelValue *value = g_ptr_array_index (values, i);
      g_autofree char *formatted = NULL;
      guint target = line;
      char *existing;

      if (value->name == NULL)
        continue;

      for (guint l = line; l >= lowest && l > 0; l--)
        {
          const char *text = g_hash_table_lookup (line_texts, GUINT_TO_POINTER (l));

          if (text == NULL)
            {
              text = dup_line_text (buffer, l);
              if (text == NULL)
                break;
              g_hash_table_insert (line_texts, GUINT_TO_POINTER (l), (char *) text);
            }
          if (mentions (text, value->name))
            {
              target = l;
              break;
            }
        }

      formatted = inspector_value_format_json (self->session, value->value_json, MAX_VALUE_CHARS);
      existing = g_hash_table_lookup (annotations, GUINT_TO_POINTER (target));
      if (existing != NULL)
        g_hash_table_insert (annotations, GUINT_TO_POINTER (target),
                             g_strdup_printf ("%s   %s = %s", existing, value->name, formatted));
      else
        g_hash_table_insert (annotations, GUINT_TO_POINTER (target),
                             g_strdup_printf ("%s = %s", value->name, formatted));
    }

  inspector_source_text_set_annotations (tab->view, annotations);
}

/* ------------------------------------------------------------------------
 * Tabs
 * ------------------------------------------------------------------------ */

/* The range of a 1-based line with its newline: what the current line's
 * tag covers */
static gboolean
get_line_range (SourceTab   *tab,
                guint        line,
                GtkTextIter *start,
                GtkTextIter *end)
{
  if (line == 0 || !gtk_text_buffer_get_iter_at_line (GTK_TEXT_BUFFER (tab->buffer), start, line - 1))
    return FALSE;
  *end = *start;
  if (!gtk_text_iter_ends_line (end))
    gtk_text_iter_forward_to_line_end (end);
  gtk_text_iter_forward_char (end);
  return TRUE;
}

/* Takes the current line's tag off. Only off that line: a change of tags
 * makes the text view lay out again every line in the range, and over
 * the whole buffer that was most of the cost of drawing a step. */
static void
unmark_current_line (SourceTab *tab)
{
  GtkTextIter start, end;

  if (get_line_range (tab, tab->current_line, &start, &end))
    gtk_text_buffer_remove_tag (GTK_TEXT_BUFFER (tab->buffer), tab->current_tag, &start, &end);
  set_line_flag (tab, tab->current_line, LINE_CURRENT, FALSE);
  tab->current_line = 0;
}

static void
clear_current (InspectorSourceView *self,
               SourceTab           *tab)
{
  if (tab == NULL || tab->buffer == NULL)
    return;

  unmark_current_line (tab);
  inspector_source_text_set_annotations (tab->view, NULL);
  mark_ran_lines (self, tab, CT_MODEL_NONE);
}

static gboolean
activate_line (InspectorSourceView *self,
               SourceTab           *tab,
               guint                line,
               gboolean             backwards)
{
  if (self->session == NULL || tab == NULL || line == 0)
    return FALSE;

  if (backwards)
    return inspector_session_previous_line_run (self->session, tab->path_id, line);
  else
    return inspector_session_next_line_run (self->session, tab->path_id, line);
}

static void
on_gutter_pressed (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   GtkWidget       *gutter)
{
  InspectorSourceView *self;
  GtkTextView *view = GTK_TEXT_VIEW (gtk_source_gutter_get_view (GTK_SOURCE_GUTTER (gutter)));
  GdkModifierType state;
  GtkTextIter iter;
  int bx, by;
  SourceTab *tab;

  self = (InspectorSourceView *) gtk_widget_get_ancestor (GTK_WIDGET (view),
                                                          INSPECTOR_TYPE_SOURCE_VIEW);
  tab = get_tab_for_child (gtk_widget_get_parent (GTK_WIDGET (view)));
  if (self == NULL || tab == NULL)
    return;

  state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  gtk_text_view_window_to_buffer_coords (view, GTK_TEXT_WINDOW_LEFT, x, y, &bx, &by);
  gtk_text_view_get_line_at_y (view, &iter, by, NULL);

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  activate_line (self, tab, gtk_text_iter_get_line (&iter) + 1, (state & GDK_SHIFT_MASK) != 0);
}

static void
line_run_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  InspectorSourceView *self = (InspectorSourceView *) widget;
  SourceTab *tab = get_visible_tab (self);
  GtkTextIter iter;

  if (tab == NULL || tab->buffer == NULL)
    return;

  gtk_text_buffer_get_iter_at_mark (GTK_TEXT_BUFFER (tab->buffer), &iter,
                                    gtk_text_buffer_get_insert (GTK_TEXT_BUFFER (tab->buffer)));
  activate_line (self, tab, gtk_text_iter_get_line (&iter) + 1,
                 g_str_equal (action_name, "source.previous-line-run"));
}

static GtkWidget *
create_placeholder (const char   *recorded_path,
                    const GError *error)
{
  GtkWidget *page = adw_status_page_new ();
  g_autofree char *description = NULL;
  const char *title;

  if (recorded_path == NULL || recorded_path[0] == '\0')
    {
      title = _("No source");
      description = g_strdup (_("This step has no source file."));
    }
  else if (g_error_matches (error, CT_TRACE_ERROR, CT_TRACE_ERROR_UNSAFE_PATH))
    {
      g_autofree char *escaped = g_markup_escape_text (recorded_path, -1);

      title = _("Source not shown");
      description = g_strdup_printf (_("The recorded path <b>%s</b> leads outside the "
                                       "trace folder."), escaped);
    }
  else
    {
      g_autofree char *escaped = g_markup_escape_text (recorded_path, -1);

      title = _("Source not captured");
      description = g_strdup_printf (_("The trace has no copy of <b>%s</b> in its "
                                       "<tt>files/</tt> folder. Only sources stored with "
                                       "the trace are shown."), escaped);
    }

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), "text-x-generic-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (page), title);
  adw_status_page_set_description (ADW_STATUS_PAGE (page), description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (page),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  return page;
}

static GtkWidget *
create_source_view (SourceTab  *tab,
                    const char *contents,
                    gsize       length)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  g_autofree char *basename = g_path_get_basename (tab->recorded_path);
  g_autofree char *label = NULL;
  GtkSourceLanguage *language;
  GtkSourceGutter *gutter;
  GtkGesture *click;
  GtkWidget *scroller;
  GtkTextIter start;

  language = gtk_source_language_manager_guess_language (languages, basename, NULL);
  tab->buffer = language ? gtk_source_buffer_new_with_language (language)
                         : gtk_source_buffer_new (NULL);
  gtk_source_buffer_set_highlight_matching_brackets (tab->buffer, FALSE);
  gtk_text_buffer_set_enable_undo (GTK_TEXT_BUFFER (tab->buffer), FALSE);

  if (g_utf8_validate_len (contents, length, NULL))
    gtk_text_buffer_set_text (GTK_TEXT_BUFFER (tab->buffer), contents, length);
  else
    {
      g_autofree char *valid = g_utf8_make_valid (contents, length);

      gtk_text_buffer_set_text (GTK_TEXT_BUFFER (tab->buffer), valid, -1);
    }
  gtk_text_buffer_get_start_iter (GTK_TEXT_BUFFER (tab->buffer), &start);
  gtk_text_buffer_place_cursor (GTK_TEXT_BUFFER (tab->buffer), &start);

  tab->current_tag = gtk_text_buffer_create_tag (GTK_TEXT_BUFFER (tab->buffer), CURRENT_TAG, NULL);

  tab->view = g_object_new (INSPECTOR_TYPE_SOURCE_TEXT,
                            "buffer", tab->buffer,
                            "editable", FALSE,
                            "monospace", TRUE,
                            "show-line-numbers", TRUE,
                            "highlight-current-line", FALSE,
                            "cursor-visible", TRUE,
                            "left-margin", 6,
                            "top-margin", 4,
                            "bottom-margin", 4,
                            NULL);
  g_object_unref (tab->buffer); /* the view holds it */

  label = g_strdup_printf (_("Source of %s"), tab->recorded_path);
  gtk_accessible_update_property (GTK_ACCESSIBLE (tab->view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_READ_ONLY, TRUE,
                                  -1);

  gutter = gtk_source_view_get_gutter (GTK_SOURCE_VIEW (tab->view), GTK_TEXT_WINDOW_LEFT);
  tab->hits = g_object_new (INSPECTOR_TYPE_HITS_RENDERER, NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (tab->hits), _("Steps that ran the line"));
  gtk_source_gutter_insert (gutter, GTK_SOURCE_GUTTER_RENDERER (tab->hits), -30);
  gtk_widget_set_tooltip_text (GTK_WIDGET (gutter),
                               _("Steps per line. Click a line number for its next run, "
                                 "Shift+click for the previous one."));

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect_object (click, "pressed", G_CALLBACK (on_gutter_pressed), gutter, 0);
  gtk_widget_add_controller (GTK_WIDGET (gutter), GTK_EVENT_CONTROLLER (click));

  scroller = gtk_scrolled_window_new ();
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_widget_set_hexpand (scroller, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (tab->view));

  apply_style (tab);
  return scroller;
}

static SourceTab *
ensure_tab (InspectorSourceView *self,
            guint32              path_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *title = NULL;
  CtTraceFolder *folder;
  SourceTab *tab;
  AdwTabPage *page;
  gsize length = 0;

  if ((tab = lookup_tab (self, path_id)))
    return tab;

  tab = g_new0 (SourceTab, 1);
  tab->path_id = path_id;
  tab->ran_call = CT_MODEL_NONE;
  tab->recorded_path = ct_model_dup_path (self->model, path_id);
  if (tab->recorded_path == NULL)
    tab->recorded_path = g_strdup ("");

  folder = inspector_session_get_folder (self->session);
  if (tab->recorded_path[0] != '\0' && folder != NULL)
    tab->file = ct_trace_folder_resolve_source (folder, tab->recorded_path, &error);

  if (tab->file != NULL && !g_file_get_contents (tab->file, &contents, &length, &error))
    g_clear_pointer (&tab->file, g_free);

  if (tab->file != NULL)
    tab->child = create_source_view (tab, contents, length);
  else
    tab->child = create_placeholder (tab->recorded_path, error);

  g_object_set_qdata_full (G_OBJECT (tab->child), source_tab_quark (), tab, source_tab_free);
  g_hash_table_insert (self->tabs, GUINT_TO_POINTER (path_id + 1), tab->child);

  if (tab->recorded_path[0] != '\0')
    title = g_path_get_basename (tab->recorded_path);
  else
    title = g_strdup (_("(no file)"));
  page = adw_tab_view_append (self->tab_view, tab->child);
  adw_tab_page_set_title (page, title);
  adw_tab_page_set_tooltip (page, tab->recorded_path);
  if (tab->file == NULL)
    {
      g_autoptr(GIcon) icon = g_themed_icon_new ("dialog-question-symbolic");

      adw_tab_page_set_icon (page, icon);
    }

  gtk_stack_set_visible_child_name (self->stack, "tabs");

  count_hits (self, tab);
  return tab;
}

static void
on_page_detached (InspectorSourceView *self,
                  AdwTabPage          *page,
                  int                  position)
{
  GtkWidget *child = adw_tab_page_get_child (page);
  SourceTab *tab = get_tab_for_child (child);

  if (self->tabs == NULL)
    return;

  if (tab != NULL &&
      g_hash_table_lookup (self->tabs, GUINT_TO_POINTER (tab->path_id + 1)) == child)
    g_hash_table_remove (self->tabs, GUINT_TO_POINTER (tab->path_id + 1));

  if (adw_tab_view_get_n_pages (self->tab_view) == 0)
    gtk_stack_set_visible_child_name (self->stack, "empty");
}

static void
on_selected_page_changed (InspectorSourceView *self)
{
  SourceTab *tab = get_visible_tab (self);

  if (tab != NULL && tab->counted_steps != inspector_session_get_n_steps (self->session))
    count_hits (self, tab);
}

static void
close_all_tabs (InspectorSourceView *self)
{
  while (adw_tab_view_get_n_pages (self->tab_view) > 0)
    adw_tab_view_close_page (self->tab_view, adw_tab_view_get_nth_page (self->tab_view, 0));
  g_hash_table_remove_all (self->tabs);
  self->current_path = CT_MODEL_NONE;
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

static gboolean
current_line_in_view (SourceTab *tab)
{
  GdkRectangle visible, location;
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_mark (GTK_TEXT_BUFFER (tab->buffer), &iter,
                                    gtk_text_buffer_get_insert (GTK_TEXT_BUFFER (tab->buffer)));
  gtk_text_view_get_visible_rect (GTK_TEXT_VIEW (tab->view), &visible);
  gtk_text_view_get_iter_location (GTK_TEXT_VIEW (tab->view), &iter, &location);
  return location.y >= visible.y && location.y + location.height <= visible.y + visible.height;
}

/* GtkTextView scrolls with estimated heights for lines it has not laid
 * out yet, so a far jump may land short: try again on the next frames. */
static gboolean
scroll_tick (GtkWidget     *widget,
             GdkFrameClock *frame_clock,
             gpointer       user_data)
{
  SourceTab *tab = get_tab_for_child (gtk_widget_get_parent (widget));

  if (tab == NULL || tab->scroll_frames == 0 || current_line_in_view (tab))
    {
      if (tab != NULL)
        {
          tab->scroll_frames = 0;
          tab->scroll_tick_id = 0;
        }
      return G_SOURCE_REMOVE;
    }

  tab->scroll_frames--;
  gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (tab->view),
                                gtk_text_buffer_get_insert (GTK_TEXT_BUFFER (tab->buffer)),
                                0.2, FALSE, 0, 0);
  return G_SOURCE_CONTINUE;
}

static void
scroll_to_current (SourceTab *tab)
{
  GtkTextMark *insert = gtk_text_buffer_get_insert (GTK_TEXT_BUFFER (tab->buffer));

  gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (tab->view), insert, 0.2, FALSE, 0, 0);

  tab->scroll_frames = 10;
  if (tab->scroll_tick_id == 0)
    tab->scroll_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (tab->view),
                                                        scroll_tick, NULL, NULL);
}

static void
update_current (InspectorSourceView *self)
{
  guint32 step, path_id, line, call;
  SourceTab *tab, *previous;
  GtkTextIter start, end;
  AdwTabPage *page;

  step = self->session ? inspector_session_get_current_step (self->session) : CT_MODEL_NONE;
  previous = self->current_path != CT_MODEL_NONE ? lookup_tab (self, self->current_path) : NULL;

  if (self->model == NULL || step == CT_MODEL_NONE ||
      !ct_model_get_step (self->model, step, &path_id, &line, &call))
    {
      clear_current (self, previous);
      self->current_path = CT_MODEL_NONE;
      return;
    }

  tab = ensure_tab (self, path_id);
  if (tab != previous)
    clear_current (self, previous);
  self->current_path = path_id;

  page = adw_tab_view_get_page (self->tab_view, tab->child);
  if (adw_tab_view_get_selected_page (self->tab_view) != page)
    adw_tab_view_set_selected_page (self->tab_view, page);

  if (tab->buffer == NULL)
    return;

  /* the current line: a tag over it and the cursor at its start */
  if (line != tab->current_line)
    {
      unmark_current_line (tab);
      if (get_line_range (tab, line, &start, &end))
        {
          gtk_text_buffer_apply_tag (GTK_TEXT_BUFFER (tab->buffer), tab->current_tag, &start, &end);
          tab->current_line = line;
          set_line_flag (tab, line, LINE_CURRENT, TRUE);
        }
    }
  if (tab->current_line != 0 && get_line_range (tab, tab->current_line, &start, &end))
    {
      GtkTextBuffer *buffer = GTK_TEXT_BUFFER (tab->buffer);
      GtkTextIter insert, bound;

      /* moving the cursor, even onto itself, makes the view redraw it */
      gtk_text_buffer_get_iter_at_mark (buffer, &insert, gtk_text_buffer_get_insert (buffer));
      gtk_text_buffer_get_iter_at_mark (buffer, &bound, gtk_text_buffer_get_selection_bound (buffer));
      if (!gtk_text_iter_equal (&insert, &start) || !gtk_text_iter_equal (&bound, &start))
        gtk_text_buffer_place_cursor (buffer, &start);
      scroll_to_current (tab);
    }

  mark_ran_lines (self, tab, call);
  update_annotations (self, tab, step, line, call);
  gtk_widget_queue_draw (GTK_WIDGET (tab->hits));
}

/* ------------------------------------------------------------------------
 * Session
 * ------------------------------------------------------------------------ */

static void
reset_model (InspectorSourceView *self)
{
  CtModel *model = self->session ? inspector_session_get_model (self->session) : NULL;

  if (model == self->model)
    return;

  close_all_tabs (self);
  g_set_object (&self->model, model);
}

static void
on_model_changed (InspectorSourceView *self)
{
  reset_model (self);
  update_current (self);
}

static void
on_loading_changed (InspectorSourceView *self)
{
  reset_model (self);
  g_clear_handle_id (&self->recount_id, g_source_remove);
  recount_all (self);
  update_current (self);
}

static void
on_n_steps_changed (InspectorSourceView *self)
{
  reset_model (self);
  if (self->recount_id == 0 && g_hash_table_size (self->tabs) > 0)
    self->recount_id = g_timeout_add (RECOUNT_INTERVAL, recount_timeout, self);
}

static void
on_session_bind (InspectorSourceView *self,
                 InspectorSession    *session,
                 GSignalGroup        *group)
{
  reset_model (self);
  update_current (self);
}

/* ------------------------------------------------------------------------
 * GObject
 * ------------------------------------------------------------------------ */

static void
inspector_source_view_dispose (GObject *object)
{
  InspectorSourceView *self = (InspectorSourceView *) object;
  GtkWidget *child;

  g_clear_handle_id (&self->recount_id, g_source_remove);
  if (self->session_signals != NULL)
    g_signal_group_set_target (self->session_signals, NULL);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->session);
  g_clear_object (&self->model);

  if (self->tab_view != NULL)
    g_signal_handlers_disconnect_by_data (self->tab_view, self);
  self->tab_view = NULL;
  self->tab_bar = NULL;
  self->empty_page = NULL;
  self->stack = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  g_clear_pointer (&self->tabs, g_hash_table_unref);

  G_OBJECT_CLASS (inspector_source_view_parent_class)->dispose (object);
}

static void
inspector_source_view_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  InspectorSourceView *self = (InspectorSourceView *) object;

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
inspector_source_view_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  InspectorSourceView *self = (InspectorSourceView *) object;

  switch (prop_id)
    {
    case PROP_SESSION:
      inspector_source_view_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inspector_source_view_class_init (InspectorSourceViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = inspector_source_view_dispose;
  object_class->get_property = inspector_source_view_get_property;
  object_class->set_property = inspector_source_view_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         INSPECTOR_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "sourcepanel");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

  /* the cursor line's next / previous run, as a click on its number */
  gtk_widget_class_install_action (widget_class, "source.next-line-run", NULL, line_run_action);
  gtk_widget_class_install_action (widget_class, "source.previous-line-run", NULL, line_run_action);
}

static void
inspector_source_view_init (InspectorSourceView *self)
{
  GtkWidget *box;

  self->tabs = g_hash_table_new (NULL, NULL);
  self->current_path = CT_MODEL_NONE;

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_parent (GTK_WIDGET (self->stack), GTK_WIDGET (self));

  self->empty_page = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->empty_page, "text-x-generic-symbolic");
  adw_status_page_set_title (self->empty_page, _("No source"));
  adw_status_page_set_description (self->empty_page,
                                   _("The current step's source file shows here."));
  gtk_widget_add_css_class (GTK_WIDGET (self->empty_page), "compact");
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->empty_page), "empty");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  self->tab_view = ADW_TAB_VIEW (adw_tab_view_new ());
  /* only tab switching: Ctrl+Home/End and Alt+digits stay with the text
   * view and the window */
  adw_tab_view_set_shortcuts (self->tab_view,
                              ADW_TAB_VIEW_SHORTCUT_CONTROL_TAB |
                              ADW_TAB_VIEW_SHORTCUT_CONTROL_SHIFT_TAB |
                              ADW_TAB_VIEW_SHORTCUT_CONTROL_PAGE_UP |
                              ADW_TAB_VIEW_SHORTCUT_CONTROL_PAGE_DOWN);
  gtk_widget_set_vexpand (GTK_WIDGET (self->tab_view), TRUE);
  self->tab_bar = ADW_TAB_BAR (adw_tab_bar_new ());
  adw_tab_bar_set_autohide (self->tab_bar, FALSE);
  adw_tab_bar_set_view (self->tab_bar, self->tab_view);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->tab_bar));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->tab_view));
  gtk_stack_add_named (self->stack, box, "tabs");
  gtk_stack_set_visible_child_name (self->stack, "empty");

  g_signal_connect_object (self->tab_view, "page-detached",
                           G_CALLBACK (on_page_detached), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tab_view, "notify::selected-page",
                           G_CALLBACK (on_selected_page_changed), self, G_CONNECT_SWAPPED);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Source"),
                                  -1);

  self->session_signals = g_signal_group_new (INSPECTOR_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::current-step",
                                 G_CALLBACK (update_current), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::model",
                                 G_CALLBACK (on_model_changed), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::folder",
                                 G_CALLBACK (on_model_changed), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::loading",
                                 G_CALLBACK (on_loading_changed), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::n-steps",
                                 G_CALLBACK (on_n_steps_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session_signals, "bind",
                           G_CALLBACK (on_session_bind), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (on_dark_changed), self, G_CONNECT_SWAPPED);
}

GtkWidget *
inspector_source_view_new (void)
{
  return g_object_new (INSPECTOR_TYPE_SOURCE_VIEW, NULL);
}

InspectorSession *
inspector_source_view_get_session (InspectorSourceView *self)
{
  g_return_val_if_fail (INSPECTOR_IS_SOURCE_VIEW (self), NULL);

  return self->session;
}

void
inspector_source_view_set_session (InspectorSourceView *self,
                                   InspectorSession    *session)
{
  g_return_if_fail (INSPECTOR_IS_SOURCE_VIEW (self));
  g_return_if_fail (!session || INSPECTOR_IS_SESSION (session));

  if (g_set_object (&self->session, session))
    {
      g_signal_group_set_target (self->session_signals, session);
      if (session == NULL)
        {
          reset_model (self);
          update_current (self);
        }
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
    }
}

guint
inspector_source_view_get_visible_path (InspectorSourceView *self)
{
  SourceTab *tab;

  g_return_val_if_fail (INSPECTOR_IS_SOURCE_VIEW (self), CT_MODEL_NONE);

  tab = get_visible_tab (self);
  return tab ? tab->path_id : CT_MODEL_NONE;
}

GtkWidget *
inspector_source_view_get_visible_child (InspectorSourceView *self)
{
  SourceTab *tab;

  g_return_val_if_fail (INSPECTOR_IS_SOURCE_VIEW (self), NULL);

  tab = get_visible_tab (self);
  return tab ? tab->child : NULL;
}

GtkSourceView *
inspector_source_view_get_visible_view (InspectorSourceView *self)
{
  SourceTab *tab;

  g_return_val_if_fail (INSPECTOR_IS_SOURCE_VIEW (self), NULL);

  tab = get_visible_tab (self);
  return tab && tab->view ? GTK_SOURCE_VIEW (tab->view) : NULL;
}

guint
inspector_source_view_get_highlighted_line (InspectorSourceView *self)
{
  SourceTab *tab;
  GtkTextIter iter, end;
  guint line;

  g_return_val_if_fail (INSPECTOR_IS_SOURCE_VIEW (self), 0);

  tab = get_visible_tab (self);
  if (tab == NULL || tab->buffer == NULL)
    return 0;

  /* read it back from the buffer, not from our bookkeeping */
  gtk_text_buffer_get_start_iter (GTK_TEXT_BUFFER (tab->buffer), &iter);
  if (!gtk_text_iter_starts_tag (&iter, tab->current_tag) &&
      !gtk_text_iter_forward_to_tag_toggle (&iter, tab->current_tag))
    return 0;
  line = gtk_text_iter_get_line (&iter) + 1;

  /* one line only: a tag left on a line before would show two */
  end = iter;
  if (gtk_text_iter_forward_to_tag_toggle (&end, tab->current_tag)
      && gtk_text_iter_forward_to_tag_toggle (&end, tab->current_tag))
    return G_MAXUINT;
  return line;
}

guint
inspector_source_view_get_hit_count (InspectorSourceView *self,
                                     guint                line)
{
  SourceTab *tab;

  g_return_val_if_fail (INSPECTOR_IS_SOURCE_VIEW (self), 0);

  tab = get_visible_tab (self);
  if (tab == NULL || tab->hits == NULL || line == 0 || line > tab->hits->counts->len)
    return 0;
  return g_array_index (tab->hits->counts, guint32, line - 1);
}

gboolean
inspector_source_view_get_line_ran (InspectorSourceView *self,
                                    guint                line)
{
  SourceTab *tab;
  g_autoptr(GSList) marks = NULL;

  g_return_val_if_fail (INSPECTOR_IS_SOURCE_VIEW (self), FALSE);

  tab = get_visible_tab (self);
  if (tab == NULL || tab->buffer == NULL || line == 0)
    return FALSE;
  marks = gtk_source_buffer_get_source_marks_at_line (tab->buffer, line - 1, RAN_CATEGORY);
  return marks != NULL;
}

const char *
inspector_source_view_get_annotation (InspectorSourceView *self,
                                      guint                line)
{
  SourceTab *tab;

  g_return_val_if_fail (INSPECTOR_IS_SOURCE_VIEW (self), NULL);

  tab = get_visible_tab (self);
  if (tab == NULL || tab->view == NULL)
    return NULL;
  return g_hash_table_lookup (tab->view->annotations, GUINT_TO_POINTER (line));
}

gboolean
inspector_source_view_activate_line (InspectorSourceView *self,
                                     guint                line,
                                     gboolean             backwards)
{
  g_return_val_if_fail (INSPECTOR_IS_SOURCE_VIEW (self), FALSE);

  return activate_line (self, get_visible_tab (self), line, backwards);
}
