/* inspector-value.c
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

#include "inspector-value.h"

/* ---- formatting ---- */

char *
inspector_value_quote_big_ints (const char *json)
{
  GString *out;
  const char *p = json;

  g_return_val_if_fail (json != NULL, NULL);

  out = g_string_sized_new (strlen (json) + 8);
  while (*p != '\0')
    {
      if (*p == '"')
        {
          const char *start = p++;

          while (*p != '\0' && *p != '"')
            p += (*p == '\\' && p[1] != '\0') ? 2 : 1;
          if (*p == '"')
            p++;
          g_string_append_len (out, start, p - start);
        }
      else if (*p == '-' || g_ascii_isdigit (*p))
        {
          const char *start = p;
          gboolean integer = TRUE;
          guint digits = 0;

          if (*p == '-')
            p++;
          while (g_ascii_isdigit (*p) || *p == '.' || *p == 'e' || *p == 'E'
                 || ((*p == '+' || *p == '-') && (p[-1] == 'e' || p[-1] == 'E')))
            {
              if (g_ascii_isdigit (*p))
                digits++;
              else
                integer = FALSE;
              p++;
            }
          /* 18 digits always fit a gint64; longer ones may not */
          if (integer && digits > 18)
            {
              g_string_append_c (out, '"');
              g_string_append_len (out, start, p - start);
              g_string_append_c (out, '"');
            }
          else
            g_string_append_len (out, start, p - start);
        }
      else
        g_string_append_c (out, *p++);
    }

  return g_string_free (out, FALSE);
}

JsonNode *
inspector_value_parse (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *quoted = NULL;
  JsonNode *root;

  if (json == NULL)
    return NULL;

  quoted = inspector_value_quote_big_ints (json);
  if (!json_parser_load_from_data (parser, quoted, -1, NULL))
    return NULL;
  if ((root = json_parser_get_root (parser)) == NULL)
    return NULL;
  return json_node_ref (root);
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gint64
member_int (JsonObject *object,
            const char *name,
            gint64      fallback)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    return fallback;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  return fallback;
}

static gboolean
member_bool (JsonObject *object,
             const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node) != 0;
  return FALSE;
}

static JsonArray *
member_array (JsonObject *object,
              const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_ARRAY)
    return NULL;
  return json_node_get_array (node);
}

static void
append_quoted (GString    *out,
               const char *text,
               char        quote)
{
  g_string_append_c (out, quote);
  for (const char *p = text; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '\n': g_string_append (out, "\\n"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\\': g_string_append (out, "\\\\"); break;
        default:
          if (*p == quote)
            {
              g_string_append_c (out, '\\');
              g_string_append_c (out, *p);
            }
          else if ((guchar) *p < 0x20)
            g_string_append_printf (out, "\\x%02x", (guchar) *p);
          else
            g_string_append_c (out, *p);
        }
    }
  g_string_append_c (out, quote);
}

/* Base64 big-endian magnitude to decimal digits */
static void
append_big_int (GString    *out,
                const char *base64,
                gboolean    negative)
{
  g_autofree guchar *bytes = NULL;
  g_autoptr(GString) digits = g_string_new (NULL);
  gsize len = 0;
  gsize start = 0;

  bytes = g_base64_decode (base64, &len);
  while (start < len && bytes[start] == 0)
    start++;
  if (start == len)
    {
      g_string_append_c (out, '0');
      return;
    }

  /* Repeated division by 10 of the big-endian number in bytes[start..len) */
  while (start < len)
    {
      guint rem = 0;

      for (gsize i = start; i < len; i++)
        {
          guint cur = (rem << 8) | bytes[i];

          bytes[i] = cur / 10;
          rem = cur % 10;
        }
      g_string_append_c (digits, '0' + rem);
      while (start < len && bytes[start] == 0)
        start++;
    }

  if (negative)
    g_string_append_c (out, '-');
  for (gssize i = digits->len - 1; i >= 0; i--)
    g_string_append_c (out, digits->str[i]);
}

static void
append_scalar (GString  *out,
               JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    g_string_append (out, "null");
  else if (JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    {
      g_autofree char *text = json_to_string (node, FALSE);

      g_string_append (out, text);
    }
  else if (json_node_get_value_type (node) == G_TYPE_STRING)
    g_string_append (out, json_node_get_string (node));
  else if (json_node_get_value_type (node) == G_TYPE_INT64)
    g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
  else if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
  else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append (out, g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node)));
    }
}

static char **
field_names_for (InspectorSession *session,
                 JsonObject       *object)
{
  if (session == NULL)
    return NULL;
  return inspector_session_dup_field_names (session, member_int (object, "type_id", -1));
}

static void format_value (InspectorSession *session,
                          GString          *out,
                          JsonNode         *node,
                          gsize             limit);

static void
format_items (InspectorSession *session,
              GString          *out,
              JsonArray        *items,
              char            **names,
              const char       *open,
              const char       *close,
              gsize             limit)
{
  guint n = items != NULL ? json_array_get_length (items) : 0;

  g_string_append (out, open);
  for (guint i = 0; i < n; i++)
    {
      if (out->len > limit)
        {
          g_string_append (out, "…");
          break;
        }
      if (i > 0)
        g_string_append (out, ", ");
      if (names != NULL && i < g_strv_length (names))
        g_string_append_printf (out, "%s: ", names[i]);
      format_value (session, out, json_array_get_element (items, i), limit);
    }
  g_string_append (out, close);
}

static void
format_value (InspectorSession *session,
              GString          *out,
              JsonNode         *node,
              gsize             limit)
{
  JsonObject *object;
  const char *kind;

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_OBJECT)
    {
      append_scalar (out, node);
      return;
    }

  object = json_node_get_object (node);
  kind = member_string (object, "kind");
  if (kind == NULL)
    kind = "";

  if (g_str_equal (kind, "Int"))
    {
      JsonNode *i = json_object_get_member (object, "i");

      append_scalar (out, i);
    }
  else if (g_str_equal (kind, "Float"))
    {
      JsonNode *f = json_object_get_member (object, "f");

      if (f == NULL || JSON_NODE_HOLDS_NULL (f))
        g_string_append (out, "NaN");
      else
        append_scalar (out, f);
    }
  else if (g_str_equal (kind, "Bool"))
    g_string_append (out, member_bool (object, "b") ? "true" : "false");
  else if (g_str_equal (kind, "String"))
    append_quoted (out, member_string (object, "text") ?: "", '"');
  else if (g_str_equal (kind, "Char"))
    append_quoted (out, member_string (object, "c") ?: "", '\'');
  else if (g_str_equal (kind, "Raw"))
    g_string_append (out, member_string (object, "r") ?: "");
  else if (g_str_equal (kind, "Error"))
    g_string_append_printf (out, _("error: %s"), member_string (object, "msg") ?: "");
  else if (g_str_equal (kind, "None"))
    g_string_append (out, "None");
  else if (g_str_equal (kind, "BigInt"))
    append_big_int (out, member_string (object, "b") ?: "", member_bool (object, "negative"));
  else if (g_str_equal (kind, "Sequence"))
    format_items (session, out, member_array (object, "elements"), NULL, "[", "]", limit);
  else if (g_str_equal (kind, "Tuple"))
    format_items (session, out, member_array (object, "elements"), NULL, "(", ")", limit);
  else if (g_str_equal (kind, "Struct"))
    {
      g_auto(GStrv) names = field_names_for (session, object);
      g_autofree char *type_name = NULL;

      if (session != NULL)
        type_name = inspector_session_dup_type_name (session, member_int (object, "type_id", -1));
      if (type_name != NULL && type_name[0] != '\0')
        {
          g_string_append (out, type_name);
          g_string_append_c (out, ' ');
        }
      format_items (session, out, member_array (object, "field_values"), names, "{", "}", limit);
    }
  else if (g_str_equal (kind, "Variant"))
    {
      g_string_append (out, member_string (object, "discriminator") ?: "?");
      g_string_append_c (out, '(');
      format_value (session, out, json_object_get_member (object, "contents"), limit);
      g_string_append_c (out, ')');
    }
  else if (g_str_equal (kind, "Reference"))
    {
      g_string_append (out, member_bool (object, "mutable") ? "&mut " : "&");
      format_value (session, out, json_object_get_member (object, "dereferenced"), limit);
    }
  else if (g_str_equal (kind, "Cell"))
    {
      g_autofree char *place = g_strdup_printf ("%" G_GINT64_FORMAT, member_int (object, "place", -1));

      /* Translators: a Cell value, %s is its place number */
      g_string_append_printf (out, _("cell %s"), place);
    }
  else if (g_str_equal (kind, "ValueRef"))
    {
      g_autofree char *ref = g_strdup_printf ("%" G_GINT64_FORMAT, member_int (object, "ref_id", -1));

      /* Translators: a reference to another value, %s is its id */
      g_string_append_printf (out, _("→ value %s"), ref);
    }
  else
    {
      g_autofree char *text = json_to_string (node, FALSE);

      /* Unknown kinds are shown as such */
      g_string_append_printf (out, _("%s (unknown kind): %s"), kind, text);
    }
}

char *
inspector_value_format (InspectorSession *session,
                        JsonNode         *value,
                        guint             max_chars)
{
  g_autoptr(GString) out = g_string_new (NULL);
  gsize max_bytes = (gsize) max_chars * 4;

  format_value (session, out, value, max_bytes);

  /* one line, at most max_chars characters */
  for (char *p = out->str; *p != '\0'; p++)
    if (*p == '\n' || *p == '\r')
      *p = ' ';
  if (g_utf8_strlen (out->str, -1) > max_chars)
    {
      const char *cut = g_utf8_offset_to_pointer (out->str, max_chars);

      g_string_truncate (out, cut - out->str);
      g_string_append (out, "…");
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
inspector_value_format_json (InspectorSession *session,
                             const char       *value_json,
                             guint             max_chars)
{
  g_autoptr(JsonNode) node = inspector_value_parse (value_json);

  if (node == NULL)
    return g_strdup (value_json != NULL ? value_json : "");
  return inspector_value_format (session, node, max_chars);
}

/* ---- the row object ---- */

#define TEXT_MAX_CHARS 300

struct _InspectorValue
{
  GObject             parent_instance;

  InspectorSession   *session;
  char               *name;
  char               *text;
  char               *type_name;
  char               *json;
  JsonNode           *node;
  JsonNode           *previous; /* the same place at the previous step, or NULL */
  GListModel         *children;
  InspectorValueRole  role;
  guint               changed : 1;
  guint               has_previous : 1;
};

enum {
  PROP_0,
  PROP_NAME,
  PROP_TEXT,
  PROP_TYPE_NAME,
  PROP_CHANGED,
  PROP_EXPANDABLE,
  PROP_ROLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (InspectorValue, inspector_value, G_TYPE_OBJECT)

static void
inspector_value_finalize (GObject *object)
{
  InspectorValue *self = (InspectorValue *) object;

  g_clear_object (&self->session);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->type_name, g_free);
  g_clear_pointer (&self->json, g_free);
  g_clear_pointer (&self->node, json_node_unref);
  g_clear_pointer (&self->previous, json_node_unref);
  g_clear_object (&self->children);

  G_OBJECT_CLASS (inspector_value_parent_class)->finalize (object);
}

static void
inspector_value_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  InspectorValue *self = INSPECTOR_VALUE (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;

    case PROP_TYPE_NAME:
      g_value_set_string (value, self->type_name);
      break;

    case PROP_CHANGED:
      g_value_set_boolean (value, self->changed);
      break;

    case PROP_EXPANDABLE:
      g_value_set_boolean (value, inspector_value_get_expandable (self));
      break;

    case PROP_ROLE:
      g_value_set_uint (value, self->role);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inspector_value_class_init (InspectorValueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = inspector_value_finalize;
  object_class->get_property = inspector_value_get_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TYPE_NAME] =
    g_param_spec_string ("type-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHANGED] =
    g_param_spec_boolean ("changed", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EXPANDABLE] =
    g_param_spec_boolean ("expandable", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ROLE] =
    g_param_spec_uint ("role", NULL, NULL, 0, INSPECTOR_VALUE_ROLE_MEMBER, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
inspector_value_init (InspectorValue *self)
{
}

static const char *
node_kind (JsonNode *node)
{
  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_OBJECT)
    return "";
  return member_string (json_node_get_object (node), "kind") ?: "";
}

static InspectorValue *
value_new_from_node (InspectorSession   *session,
                     const char         *name,
                     const char         *type_name,
                     JsonNode           *node,
                     JsonNode           *previous,
                     gboolean            has_previous,
                     InspectorValueRole  role)
{
  InspectorValue *self = g_object_new (INSPECTOR_TYPE_VALUE, NULL);

  self->session = session != NULL ? g_object_ref (session) : NULL;
  self->name = g_strdup (name);
  self->role = role;
  self->node = node != NULL ? json_node_ref (node) : NULL;
  self->previous = previous != NULL ? json_node_ref (previous) : NULL;
  self->has_previous = has_previous;
  self->text = inspector_value_format (session, node, TEXT_MAX_CHARS);

  if (type_name != NULL)
    self->type_name = g_strdup (type_name);
  else if (session != NULL && node != NULL && JSON_NODE_TYPE (node) == JSON_NODE_OBJECT)
    self->type_name = inspector_session_dup_type_name (session,
                                                       member_int (json_node_get_object (node),
                                                                   "type_id", -1));
  if (self->type_name == NULL)
    self->type_name = g_strdup (node_kind (node));

  /* Changed: it differs from the same place at the previous step, or it
   * was not there (only when there is a previous step to compare with). */
  if (has_previous)
    self->changed = previous == NULL || node == NULL || !json_node_equal (node, previous);

  return self;
}

InspectorValue *
inspector_value_new (InspectorSession   *session,
                     const char         *name,
                     const char         *type_name,
                     const char         *value_json,
                     gboolean            compare,
                     const char         *previous_json,
                     InspectorValueRole  role)
{
  g_autoptr(JsonNode) node = inspector_value_parse (value_json);
  g_autoptr(JsonNode) previous = inspector_value_parse (previous_json);
  InspectorValue *self;

  self = value_new_from_node (session, name, type_name, node, previous, compare, role);
  self->json = g_strdup (value_json);
  return self;
}

InspectorValue *
inspector_value_new_group (const char         *name,
                           const char         *text,
                           GListModel         *children,
                           InspectorValueRole  role)
{
  InspectorValue *self = g_object_new (INSPECTOR_TYPE_VALUE, NULL);

  self->name = g_strdup (name);
  self->text = g_strdup (text);
  self->type_name = g_strdup ("");
  self->role = role;
  self->children = children != NULL ? g_object_ref (children) : NULL;
  return self;
}

const char *
inspector_value_get_name (InspectorValue *self)
{
  g_return_val_if_fail (INSPECTOR_IS_VALUE (self), NULL);
  return self->name;
}

const char *
inspector_value_get_text (InspectorValue *self)
{
  g_return_val_if_fail (INSPECTOR_IS_VALUE (self), NULL);
  return self->text;
}

const char *
inspector_value_get_type_name (InspectorValue *self)
{
  g_return_val_if_fail (INSPECTOR_IS_VALUE (self), NULL);
  return self->type_name;
}

const char *
inspector_value_get_json (InspectorValue *self)
{
  g_return_val_if_fail (INSPECTOR_IS_VALUE (self), NULL);
  return self->json;
}

static gboolean
takes_in_place (InspectorValue *self,
                InspectorValue *other)
{
  /* a group row (the arguments): its rows must fit one by one */
  if (self->children != NULL || other->children != NULL)
    {
      guint n;

      if (!G_IS_LIST_STORE (self->children) || !G_IS_LIST_STORE (other->children)
          || (n = g_list_model_get_n_items (self->children)) != g_list_model_get_n_items (other->children))
        return FALSE;
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(InspectorValue) a = g_list_model_get_item (self->children, i);
          g_autoptr(InspectorValue) b = g_list_model_get_item (other->children, i);

          if (!takes_in_place (a, b))
            return FALSE;
        }
      return TRUE;
    }

  /* an expanded row keeps the children it was shown with */
  return !inspector_value_get_expandable (self) && !inspector_value_get_expandable (other);
}

static void
take (InspectorValue *self,
      InspectorValue *other)
{
  gboolean name_changed = g_strcmp0 (self->name, other->name) != 0;
  gboolean role_changed = self->role != other->role;
  gboolean text_changed = g_strcmp0 (self->text, other->text) != 0;
  gboolean type_changed = g_strcmp0 (self->type_name, other->type_name) != 0;
  gboolean changed_changed = self->changed != other->changed;

  if (self->children != NULL)
    for (guint i = 0; i < g_list_model_get_n_items (self->children); i++)
      {
        g_autoptr(InspectorValue) a = g_list_model_get_item (self->children, i);
        g_autoptr(InspectorValue) b = g_list_model_get_item (other->children, i);

        take (a, b);
      }

  g_set_object (&self->session, other->session);
  g_free (self->name);
  self->name = g_strdup (other->name);
  self->role = other->role;
  g_free (self->text);
  self->text = g_strdup (other->text);
  g_free (self->type_name);
  self->type_name = g_strdup (other->type_name);
  g_free (self->json);
  self->json = g_strdup (other->json);
  g_clear_pointer (&self->node, json_node_unref);
  self->node = other->node != NULL ? json_node_ref (other->node) : NULL;
  g_clear_pointer (&self->previous, json_node_unref);
  self->previous = other->previous != NULL ? json_node_ref (other->previous) : NULL;
  self->has_previous = other->has_previous;
  self->changed = other->changed;

  g_object_freeze_notify (G_OBJECT (self));
  if (name_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
  if (role_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROLE]);
  if (text_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
  if (type_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TYPE_NAME]);
  if (changed_changed)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANGED]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
inspector_value_update (InspectorValue *self,
                        InspectorValue *other)
{
  g_return_val_if_fail (INSPECTOR_IS_VALUE (self), FALSE);
  g_return_val_if_fail (INSPECTOR_IS_VALUE (other), FALSE);

  if (!takes_in_place (self, other))
    return FALSE;
  take (self, other);
  return TRUE;
}

gboolean
inspector_value_get_changed (InspectorValue *self)
{
  g_return_val_if_fail (INSPECTOR_IS_VALUE (self), FALSE);
  return self->changed;
}

InspectorValueRole
inspector_value_get_role (InspectorValue *self)
{
  g_return_val_if_fail (INSPECTOR_IS_VALUE (self), 0);
  return self->role;
}

/* The nested values of a node: (name, node) pairs */
static JsonArray *
node_items (InspectorValue  *self,
            JsonNode        *node,
            char          ***names_out,
            gboolean        *single_out,
            JsonNode       **single_node)
{
  JsonObject *object;
  const char *kind = node_kind (node);

  *names_out = NULL;
  *single_out = FALSE;
  *single_node = NULL;

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_OBJECT)
    return NULL;
  object = json_node_get_object (node);

  if (g_str_equal (kind, "Sequence") || g_str_equal (kind, "Tuple"))
    return member_array (object, "elements");
  if (g_str_equal (kind, "Struct"))
    {
      *names_out = field_names_for (self->session, object);
      return member_array (object, "field_values");
    }
  if (g_str_equal (kind, "Variant"))
    {
      *single_out = TRUE;
      *single_node = json_object_get_member (object, "contents");
    }
  else if (g_str_equal (kind, "Reference"))
    {
      *single_out = TRUE;
      *single_node = json_object_get_member (object, "dereferenced");
    }
  return NULL;
}

gboolean
inspector_value_get_expandable (InspectorValue *self)
{
  g_auto(GStrv) names = NULL;
  JsonArray *items;
  JsonNode *single = NULL;
  gboolean is_single;

  g_return_val_if_fail (INSPECTOR_IS_VALUE (self), FALSE);

  if (self->children != NULL)
    return g_list_model_get_n_items (self->children) > 0;

  items = node_items (self, self->node, &names, &is_single, &single);
  if (is_single)
    return single != NULL && JSON_NODE_TYPE (single) == JSON_NODE_OBJECT;
  return items != NULL && json_array_get_length (items) > 0;
}

/* ---- lazy children: a GListModel over a JSON array ---- */

#define INSPECTOR_TYPE_VALUE_LIST (inspector_value_list_get_type ())
G_DECLARE_FINAL_TYPE (InspectorValueList, inspector_value_list, INSPECTOR, VALUE_LIST, GObject)

struct _InspectorValueList
{
  GObject           parent_instance;
  InspectorSession *session;
  JsonArray        *items;
  JsonArray        *previous; /* or NULL */
  char            **names;
  JsonNode         *single;   /* Variant contents / Reference referent */
  JsonNode         *single_previous;
  const char       *single_name;
  gboolean          has_previous;
};

static GType
inspector_value_list_get_item_type (GListModel *model)
{
  return INSPECTOR_TYPE_VALUE;
}

static guint
inspector_value_list_get_n_items (GListModel *model)
{
  InspectorValueList *self = INSPECTOR_VALUE_LIST (model);

  if (self->single != NULL)
    return 1;
  return self->items != NULL ? json_array_get_length (self->items) : 0;
}

static gpointer
inspector_value_list_get_item (GListModel *model,
                               guint       position)
{
  InspectorValueList *self = INSPECTOR_VALUE_LIST (model);
  g_autofree char *index_name = NULL;
  JsonNode *previous = NULL;
  const char *name;

  if (self->single != NULL)
    {
      if (position > 0)
        return NULL;
      return value_new_from_node (self->session, self->single_name, NULL, self->single,
                                  self->single_previous, self->has_previous,
                                  INSPECTOR_VALUE_ROLE_MEMBER);
    }

  if (self->items == NULL || position >= json_array_get_length (self->items))
    return NULL;

  if (self->names != NULL && position < g_strv_length (self->names))
    name = self->names[position];
  else
    name = index_name = g_strdup_printf ("%u", position);

  if (self->previous != NULL && position < json_array_get_length (self->previous))
    previous = json_array_get_element (self->previous, position);

  return value_new_from_node (self->session, name, NULL,
                              json_array_get_element (self->items, position),
                              previous, self->has_previous,
                              INSPECTOR_VALUE_ROLE_MEMBER);
}

static void
inspector_value_list_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = inspector_value_list_get_item_type;
  iface->get_n_items = inspector_value_list_get_n_items;
  iface->get_item = inspector_value_list_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (InspectorValueList, inspector_value_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      inspector_value_list_iface_init))

static void
inspector_value_list_finalize (GObject *object)
{
  InspectorValueList *self = (InspectorValueList *) object;

  g_clear_object (&self->session);
  g_clear_pointer (&self->items, json_array_unref);
  g_clear_pointer (&self->previous, json_array_unref);
  g_clear_pointer (&self->names, g_strfreev);
  g_clear_pointer (&self->single, json_node_unref);
  g_clear_pointer (&self->single_previous, json_node_unref);

  G_OBJECT_CLASS (inspector_value_list_parent_class)->finalize (object);
}

static void
inspector_value_list_class_init (InspectorValueListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = inspector_value_list_finalize;
}

static void
inspector_value_list_init (InspectorValueList *self)
{
}

GListModel *
inspector_value_dup_children (InspectorValue *self)
{
  InspectorValueList *list;
  g_auto(GStrv) names = NULL;
  g_auto(GStrv) previous_names = NULL;
  JsonArray *items;
  JsonArray *previous_items = NULL;
  JsonNode *single = NULL;
  JsonNode *previous_single = NULL;
  gboolean is_single, previous_is_single;

  g_return_val_if_fail (INSPECTOR_IS_VALUE (self), NULL);

  if (self->children != NULL)
    return g_object_ref (self->children);

  if (!inspector_value_get_expandable (self))
    return NULL;

  items = node_items (self, self->node, &names, &is_single, &single);
  if (self->previous != NULL && g_str_equal (node_kind (self->node), node_kind (self->previous)))
    previous_items = node_items (self, self->previous, &previous_names,
                                 &previous_is_single, &previous_single);

  list = g_object_new (INSPECTOR_TYPE_VALUE_LIST, NULL);
  list->session = self->session != NULL ? g_object_ref (self->session) : NULL;
  list->has_previous = self->has_previous;
  if (is_single)
    {
      list->single = json_node_ref (single);
      list->single_previous = previous_single != NULL ? json_node_ref (previous_single) : NULL;
      list->single_name = g_str_equal (node_kind (self->node), "Reference") ? "*" : "";
      if (list->single_name[0] == '\0')
        {
          JsonObject *object = json_node_get_object (self->node);

          list->single_name = g_intern_string (member_string (object, "discriminator") ?: "?");
        }
    }
  else
    {
      list->items = json_array_ref (items);
      list->previous = previous_items != NULL ? json_array_ref (previous_items) : NULL;
      list->names = g_steal_pointer (&names);
    }

  return G_LIST_MODEL (list);
}
