/* inspector-call-node.c
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

#include "inspector-call-node.h"
#include "inspector-value.h"

#define SUMMARY_MAX_CHARS 160
/* Decoding the args and return values the rows asked for: at most this
 * long at a time, between frames */
#define DECODE_SLICE_USEC 4000
/* ... newest first, and forgetting the oldest past this many (rows
 * scrolled past ask again when they show again) */
#define DECODE_QUEUE_MAX  256

struct _InspectorCallNode
{
  GObject           parent_instance;

  InspectorSession *session;
  CtModelCall       info;
  char             *function;
  char             *args;
  char             *return_value;
  char             *steps;

  /* a group row (InspectorCallList): children [group_first, group_first +
   * group_size) of group_parent */
  guint             group_parent;
  guint             group_first;
  guint             group_size;
  guint             is_group : 1;
  guint             decode_queued : 1;
};

/* Nodes whose args or return value a row asked for (GWeakRef*: a node
 * that nothing else holds any more is not worth decoding, and must not
 * keep its session alive) */
static GQueue decode_queue = G_QUEUE_INIT;
static guint  decode_source;

enum {
  PROP_0,
  PROP_CALL,
  PROP_FUNCTION,
  PROP_ARGS,
  PROP_RETURN_VALUE,
  PROP_STEPS,
  PROP_UNFINISHED,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (InspectorCallNode, inspector_call_node, G_TYPE_OBJECT)

static CtModel *
get_model (InspectorCallNode *self)
{
  return inspector_session_get_model (self->session);
}

static gboolean
is_running (InspectorCallNode *self)
{
  return !self->is_group
         && (self->info.flags & (CT_MODEL_CALL_RETURNED | CT_MODEL_CALL_UNFINISHED)) == 0;
}

static char *
format_steps (const CtModelCall *info)
{
  if (info->first_step == CT_MODEL_NONE)
    return g_strdup (_("no steps"));
  if (info->last_step == CT_MODEL_NONE || info->last_step == info->first_step)
    return g_strdup_printf ("%u", info->first_step);
  return g_strdup_printf ("%u – %u", info->first_step, info->last_step);
}

static void
inspector_call_node_finalize (GObject *object)
{
  InspectorCallNode *self = (InspectorCallNode *) object;

  g_clear_object (&self->session);
  g_clear_pointer (&self->function, g_free);
  g_clear_pointer (&self->args, g_free);
  g_clear_pointer (&self->return_value, g_free);
  g_clear_pointer (&self->steps, g_free);

  G_OBJECT_CLASS (inspector_call_node_parent_class)->finalize (object);
}

/* What get_return_value () answers without decoding */
static gboolean
needs_decoding_return (InspectorCallNode *self)
{
  return !self->is_group && !is_running (self)
         && !(self->info.flags & CT_MODEL_CALL_UNFINISHED);
}

static gboolean
decode_queued_cb (gpointer data)
{
  gint64 deadline = g_get_monotonic_time () + DECODE_SLICE_USEC;
  GWeakRef *ref;

  while ((ref = g_queue_pop_tail (&decode_queue)) != NULL)
    {
      InspectorCallNode *self = g_weak_ref_get (ref);
      gboolean had_args, had_return;

      g_weak_ref_clear (ref);
      g_free (ref);
      if (self == NULL)
        continue;

      had_args = self->args != NULL;
      had_return = self->return_value != NULL;
      self->decode_queued = FALSE;
      inspector_call_node_get_args (self);
      inspector_call_node_get_return_value (self);
      g_object_freeze_notify (G_OBJECT (self));
      if (!had_args)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARGS]);
      if (!had_return && self->return_value != NULL)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETURN_VALUE]);
      g_object_thaw_notify (G_OBJECT (self));
      g_object_unref (self);

      if (g_get_monotonic_time () >= deadline)
        return G_SOURCE_CONTINUE;
    }

  decode_source = 0;
  return G_SOURCE_REMOVE;
}

/* The properties, which list rows bind, do not decode: a jump rebinds a
 * screenful of rows at once, and decoding their values from the trace
 * would hold that frame. They answer "" and queue the node; the values
 * follow right after the frame (in an idle, below GDK's paint priority). */
static const char *
pending_text (InspectorCallNode *self)
{
  if (!self->decode_queued)
    {
      GWeakRef *ref = g_new0 (GWeakRef, 1);

      self->decode_queued = TRUE;
      g_weak_ref_init (ref, self);
      g_queue_push_tail (&decode_queue, ref);
      if (decode_queue.length > DECODE_QUEUE_MAX)
        {
          GWeakRef *oldest_ref = g_queue_pop_head (&decode_queue);
          InspectorCallNode *oldest = g_weak_ref_get (oldest_ref);

          if (oldest != NULL)
            {
              oldest->decode_queued = FALSE;
              g_object_unref (oldest);
            }
          g_weak_ref_clear (oldest_ref);
          g_free (oldest_ref);
        }
      if (decode_source == 0)
        {
          decode_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, decode_queued_cb, NULL, NULL);
          g_source_set_name_by_id (decode_source, "[inspector] call values");
        }
    }
  return "";
}

static void
inspector_call_node_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  InspectorCallNode *self = INSPECTOR_CALL_NODE (object);

  switch (prop_id)
    {
    case PROP_CALL:
      g_value_set_uint (value, self->info.id);
      break;

    case PROP_FUNCTION:
      g_value_set_string (value, self->function);
      break;

    case PROP_ARGS:
      g_value_set_string (value, self->args != NULL || self->is_group
                                 ? inspector_call_node_get_args (self) : pending_text (self));
      break;

    case PROP_RETURN_VALUE:
      g_value_set_string (value, self->return_value != NULL || !needs_decoding_return (self)
                                 ? inspector_call_node_get_return_value (self) : pending_text (self));
      break;

    case PROP_STEPS:
      g_value_set_string (value, self->steps);
      break;

    case PROP_UNFINISHED:
      g_value_set_boolean (value, inspector_call_node_get_unfinished (self));
      break;

    case PROP_RUNNING:
      g_value_set_boolean (value, is_running (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inspector_call_node_class_init (InspectorCallNodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = inspector_call_node_finalize;
  object_class->get_property = inspector_call_node_get_property;

  properties[PROP_CALL] =
    g_param_spec_uint ("call", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FUNCTION] =
    g_param_spec_string ("function", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ARGS] =
    g_param_spec_string ("args", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RETURN_VALUE] =
    g_param_spec_string ("return-value", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STEPS] =
    g_param_spec_string ("steps", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNFINISHED] =
    g_param_spec_boolean ("unfinished", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
inspector_call_node_init (InspectorCallNode *self)
{
}

InspectorCallNode *
inspector_call_node_new (InspectorSession *session,
                         guint             call)
{
  InspectorCallNode *self;
  CtModel *model;

  g_return_val_if_fail (INSPECTOR_IS_SESSION (session), NULL);

  self = g_object_new (INSPECTOR_TYPE_CALL_NODE, NULL);
  self->session = g_object_ref (session);
  self->info.id = call;
  self->info.first_step = CT_MODEL_NONE;
  self->info.function_id = CT_MODEL_NONE;

  model = get_model (self);
  if (model != NULL && ct_model_get_call (model, call, &self->info))
    {
      self->function = ct_model_dup_function_name (model, self->info.function_id);
    }
  if (self->function == NULL)
    self->function = g_strdup (_("<top level>"));
  self->steps = format_steps (&self->info);

  return self;
}

static char *
format_group (guint first,
              guint size)
{
  /* Translators: a row that holds the calls first to last of a call's
     children (counted from 0), e.g. "calls 1000–1999" */
  return g_strdup_printf (_("calls %u–%u"), first, first + MAX (size, 1) - 1);
}

InspectorCallNode *
inspector_call_node_new_group (InspectorSession *session,
                               guint             parent,
                               guint             first,
                               guint             size)
{
  InspectorCallNode *self;

  g_return_val_if_fail (INSPECTOR_IS_SESSION (session), NULL);

  self = g_object_new (INSPECTOR_TYPE_CALL_NODE, NULL);
  self->session = g_object_ref (session);
  self->is_group = TRUE;
  self->group_parent = parent;
  self->group_first = first;
  self->group_size = size;
  self->info.id = CT_MODEL_NONE;
  self->info.function_id = CT_MODEL_NONE;
  self->info.parent = parent;
  self->info.first_step = CT_MODEL_NONE;
  self->info.last_step = CT_MODEL_NONE;
  self->info.first_child = CT_MODEL_NONE;
  self->info.next_sibling = CT_MODEL_NONE;
  self->function = format_group (first, size);
  self->steps = g_strdup ("");

  return self;
}

gboolean
inspector_call_node_is_group (InspectorCallNode *self)
{
  g_return_val_if_fail (INSPECTOR_IS_CALL_NODE (self), FALSE);
  return self->is_group;
}

gboolean
inspector_call_node_get_group (InspectorCallNode *self,
                               guint             *parent,
                               guint             *first,
                               guint             *size)
{
  g_return_val_if_fail (INSPECTOR_IS_CALL_NODE (self), FALSE);

  if (!self->is_group)
    return FALSE;
  if (parent != NULL)
    *parent = self->group_parent;
  if (first != NULL)
    *first = self->group_first;
  if (size != NULL)
    *size = self->group_size;
  return TRUE;
}

void
inspector_call_node_set_group_size (InspectorCallNode *self,
                                    guint              size)
{
  g_return_if_fail (INSPECTOR_IS_CALL_NODE (self));
  g_return_if_fail (self->is_group);

  if (size == self->group_size)
    return;
  self->group_size = size;
  g_free (self->function);
  self->function = format_group (self->group_first, size);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FUNCTION]);
}

guint
inspector_call_node_get_call (InspectorCallNode *self)
{
  g_return_val_if_fail (INSPECTOR_IS_CALL_NODE (self), CT_MODEL_NONE);
  return self->info.id;
}

const CtModelCall *
inspector_call_node_get_info (InspectorCallNode *self)
{
  g_return_val_if_fail (INSPECTOR_IS_CALL_NODE (self), NULL);
  return &self->info;
}

const char *
inspector_call_node_get_function (InspectorCallNode *self)
{
  g_return_val_if_fail (INSPECTOR_IS_CALL_NODE (self), NULL);
  return self->function;
}

const char *
inspector_call_node_get_args (InspectorCallNode *self)
{
  g_return_val_if_fail (INSPECTOR_IS_CALL_NODE (self), NULL);

  if (self->args == NULL && self->is_group)
    self->args = g_strdup ("");

  if (self->args == NULL)
    {
      g_autoptr(GPtrArray) args = NULL;
      g_autoptr(GString) text = g_string_new (NULL);
      CtModel *model = get_model (self);

      if (model != NULL)
        args = ct_model_get_call_args (model, self->info.id, NULL);
      for (guint i = 0; args != NULL && i < args->len; i++)
        {
          CtModelValue *arg = g_ptr_array_index (args, i);
          g_autofree char *value = inspector_value_format_json (self->session, arg->value_json,
                                                                SUMMARY_MAX_CHARS);

          if (text->len > SUMMARY_MAX_CHARS)
            {
              g_string_append (text, ", …");
              break;
            }
          if (i > 0)
            g_string_append (text, ", ");
          g_string_append_printf (text, "%s=%s", arg->name != NULL ? arg->name : "?", value);
        }
      self->args = g_string_free (g_steal_pointer (&text), FALSE);
    }

  return self->args;
}

const char *
inspector_call_node_get_return_value (InspectorCallNode *self)
{
  g_return_val_if_fail (INSPECTOR_IS_CALL_NODE (self), NULL);

  if (self->is_group)
    return "";
  if (self->info.flags & CT_MODEL_CALL_UNFINISHED)
    return _("did not return");
  if (is_running (self))
    return "…";

  if (self->return_value == NULL)
    {
      g_autoptr(CtModelValue) value = NULL;
      CtModel *model = get_model (self);

      if (model != NULL)
        value = ct_model_get_return_value (model, self->info.id, NULL);
      if (value != NULL)
        self->return_value = inspector_value_format_json (self->session, value->value_json,
                                                          SUMMARY_MAX_CHARS);
      else
        self->return_value = g_strdup ("");
    }

  return self->return_value;
}

gboolean
inspector_call_node_get_unfinished (InspectorCallNode *self)
{
  g_return_val_if_fail (INSPECTOR_IS_CALL_NODE (self), FALSE);
  return (self->info.flags & CT_MODEL_CALL_UNFINISHED) != 0;
}

gboolean
inspector_call_node_refresh (InspectorCallNode *self)
{
  CtModelCall info;
  CtModel *model;
  gboolean flags_changed;

  g_return_val_if_fail (INSPECTOR_IS_CALL_NODE (self), FALSE);

  if (self->is_group)
    return FALSE;

  memset (&info, 0, sizeof info);
  model = get_model (self);
  if (model == NULL || !ct_model_get_call (model, self->info.id, &info))
    return FALSE;
  if (memcmp (&info, &self->info, sizeof info) == 0)
    return FALSE;

  flags_changed = info.flags != self->info.flags;
  self->info = info;

  g_object_freeze_notify (G_OBJECT (self));
  g_free (self->steps);
  self->steps = format_steps (&self->info);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEPS]);
  if (flags_changed)
    {
      g_clear_pointer (&self->return_value, g_free);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETURN_VALUE]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNFINISHED]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
    }
  g_object_thaw_notify (G_OBJECT (self));

  return TRUE;
}
