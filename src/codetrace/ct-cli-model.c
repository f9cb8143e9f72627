/* ct-cli-model.c: loading the model and printing its values for calls,
 * step and output
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ct-cli-private.h"

CtModel *
ct_cli_load_model (CtTraceFolder *folder,
                   gboolean       lenient)
{
  g_autoptr(CtModel) model = ct_model_new (ct_trace_folder_get_trace_file (folder));
  g_autoptr(GError) error = NULL;
  const GError *stop;

  if (!ct_model_load (model, lenient ? CT_READER_LENIENT : CT_READER_FLAGS_NONE, NULL, &error))
    {
      ct_cli_error ("%s", error->message);
      return NULL;
    }
  if ((stop = ct_model_get_stop_error (model)) != NULL)
    ct_cli_warning ("stopped early, after step %u: %s", ct_model_get_n_steps (model), stop->message);
  return g_steal_pointer (&model);
}

/* JSON string syntax, as serde_json writes it (no escaping of non-ASCII) */
void
ct_cli_append_json_string (GString    *out,
                           const char *text)
{
  g_string_append_c (out, '"');
  for (const guchar *p = (const guchar *) (text != NULL ? text : ""); *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        default:
          if (*p < 0x20)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, *p);
        }
    }
  g_string_append_c (out, '"');
}

/* {"name":…,"variable_id":…,"type":…,"value":<ValueRecord>} */
void
ct_cli_append_value_json (GString            *out,
                          const CtModelValue *value)
{
  g_string_append (out, "{\"name\":");
  if (value->name != NULL)
    ct_cli_append_json_string (out, value->name);
  else
    g_string_append (out, "null");
  g_string_append_printf (out, ",\"variable_id\":%" G_GINT64_FORMAT ",\"type\":", value->variable_id);
  if (value->type_name != NULL)
    ct_cli_append_json_string (out, value->type_name);
  else
    g_string_append (out, "null");
  g_string_append (out, ",\"value\":");
  g_string_append (out, value->value_json);
  g_string_append_c (out, '}');
}

/* name=value for people: the ValueRecord JSON is exact, if not pretty */
void
ct_cli_append_value_human (GString            *out,
                           const CtModelValue *value)
{
  if (value->name != NULL)
    g_string_append_printf (out, "%s = ", value->name);
  g_string_append (out, value->value_json);
  if (value->type_name != NULL)
    g_string_append_printf (out, " (%s)", value->type_name);
}
