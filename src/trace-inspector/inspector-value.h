/* inspector-value.h
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "inspector-session.h"

G_BEGIN_DECLS

typedef enum
{
  INSPECTOR_VALUE_ROLE_VARIABLE,  /* a variable at the current step */
  INSPECTOR_VALUE_ROLE_ARGUMENTS, /* the group row of the current call's args */
  INSPECTOR_VALUE_ROLE_ARGUMENT,  /* one arg, inside the group */
  INSPECTOR_VALUE_ROLE_RETURN,    /* the return value of a call that just returned */
  INSPECTOR_VALUE_ROLE_MEMBER,    /* a field, element or referent inside a value */
} InspectorValueRole;

#define INSPECTOR_TYPE_VALUE (inspector_value_get_type ())

G_DECLARE_FINAL_TYPE (InspectorValue, inspector_value, INSPECTOR, VALUE, GObject)

/* One row of the variables tree. With `compare`, `changed` says whether the
 * value differs from `previous_json` (NULL: it was not there). Properties (read-only): name, text (the
 * value, one line), type-name, changed (differs from the previous step),
 * expandable, role. Children are made when first asked for. */
InspectorValue     *inspector_value_new               (InspectorSession   *session,
                                                       const char         *name,
                                                       const char         *type_name,
                                                       const char         *value_json,
                                                       gboolean            compare,
                                                       const char         *previous_json,
                                                       InspectorValueRole  role);
/* A row that only groups others (the call's arguments) */
InspectorValue     *inspector_value_new_group         (const char         *name,
                                                       const char         *text,
                                                       GListModel         *children,
                                                       InspectorValueRole  role);
const char         *inspector_value_get_name          (InspectorValue     *self);
const char         *inspector_value_get_text          (InspectorValue     *self);
const char         *inspector_value_get_type_name     (InspectorValue     *self);
const char         *inspector_value_get_json          (InspectorValue     *self);
gboolean            inspector_value_get_changed       (InspectorValue     *self);
gboolean            inspector_value_get_expandable    (InspectorValue     *self);
InspectorValueRole  inspector_value_get_role          (InspectorValue     *self);
/* new reference or NULL */
GListModel         *inspector_value_dup_children      (InspectorValue     *self);
/* Takes the name, value and role of `other`, the row at the same place at
 * another step, so that a list keeps its row (and the widgets that show
 * it): FALSE, and nothing changes, when either has children to show, but
 * for group rows whose children all fit one by one (then replace the row).
 * Lists filtered by name must filter again. */
gboolean            inspector_value_update            (InspectorValue     *self,
                                                       InspectorValue     *other);

/* Formatting helpers, also used by the call tree */

/* value_json with integers beyond 64 bits turned into JSON strings, so that
 * json-glib keeps their digits */
char               *inspector_value_quote_big_ints    (const char         *json);
JsonNode           *inspector_value_parse             (const char         *json);
/* One line, at most max_chars characters (then "…") */
char               *inspector_value_format            (InspectorSession   *session,
                                                       JsonNode           *value,
                                                       guint               max_chars);
char               *inspector_value_format_json       (InspectorSession   *session,
                                                       const char         *value_json,
                                                       guint               max_chars);

G_END_DECLS
