/* ct-cli-validator.c: the semantic checks of `codetrace validate`
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "ct-cli-private.h"

/* Deviations the reader had to keep as trees: 0.15.0 cannot read them at all,
 * so they are errors with a kind of their own, not deviation warnings. */
#define UNREADABLE_DEVIATIONS (CT_DEVIATION_UNKNOWN_VARIANT | CT_DEVIATION_UNKNOWN_VALUE_KIND)

static const char * const problem_names[] = {
  [CT_CLI_PROBLEM_READ] = "read",
  [CT_CLI_PROBLEM_UNBALANCED_RETURN] = "unbalanced-return",
  [CT_CLI_PROBLEM_UNKNOWN_PATH] = "unknown-path",
  [CT_CLI_PROBLEM_UNKNOWN_FUNCTION] = "unknown-function",
  [CT_CLI_PROBLEM_UNKNOWN_VARIABLE] = "unknown-variable",
  [CT_CLI_PROBLEM_UNKNOWN_TYPE] = "unknown-type",
  [CT_CLI_PROBLEM_UNKNOWN_VARIANT] = "unknown-variant",
  [CT_CLI_PROBLEM_UNKNOWN_VALUE_KIND] = "unknown-value-kind",
};

const char *
ct_cli_problem_name (CtCliProblem problem)
{
  if (problem >= CT_CLI_PROBLEM_DEVIATION)
    return "deviation";

  return problem_names[problem];
}

gboolean
ct_cli_problem_is_error (CtCliProblem problem)
{
  return problem < CT_CLI_PROBLEM_DEVIATION;
}

void
ct_cli_validator_init (CtCliValidator   *validator,
                       CtCliProblemFunc  func,
                       gpointer          user_data)
{
  *validator = (CtCliValidator) { 0 };
  ct_cli_counts_init (&validator->counts);
  validator->func = func;
  validator->user_data = user_data;
  validator->scratch = g_string_new (NULL);
  validator->pending = g_ptr_array_new ();
}

void
ct_cli_validator_clear (CtCliValidator *validator)
{
  if (validator->scratch != NULL)
    g_string_free (validator->scratch, TRUE);
  g_clear_pointer (&validator->pending, g_ptr_array_unref);
  validator->scratch = NULL;
}

static void G_GNUC_PRINTF (3, 4)
report (CtCliValidator *validator,
        CtCliProblem    problem,
        const char     *format,
        ...)
{
  va_list args;

  va_start (args, format);
  g_string_vprintf (validator->scratch, format, args);
  va_end (args);

  validator->func (problem, validator->index, validator->scratch->str, validator->user_data);
}

/* Ids count from 0 in order of registration, and a registration always comes
 * before the first use (FORMAT.md section 3). */
static void
check_id (CtCliValidator *validator,
          CtCliProblem    problem,
          const CtEvent  *event,
          const char     *field,
          gint64          id,
          guint64         n_registered,
          const char     *registrations)
{
  if (id >= 0 && (guint64) id < n_registered)
    return;

  report (validator, problem,
          "%s %s %" G_GINT64_FORMAT " was never registered (%" G_GUINT64_FORMAT " %s so far)",
          ct_event_kind_name (event->kind), field, id, n_registered, registrations);
}

static void
check_variable (CtCliValidator *validator,
                const CtEvent  *event,
                const char     *field,
                gint64          variable_id)
{
  check_id (validator, CT_CLI_PROBLEM_UNKNOWN_VARIABLE, event, field, variable_id,
            validator->n_variable_names, "variable names");
}

static void
check_type (CtCliValidator *validator,
            const CtEvent  *event,
            const char     *field,
            gint64          type_id)
{
  check_id (validator, CT_CLI_PROBLEM_UNKNOWN_TYPE, event, field, type_id,
            validator->n_types, "types");
}

/* Walks a value and everything nested in it. Iterative: a recorder can nest
 * values as deep as the reader accepts, deeper than a C stack should go. */
static void
check_value (CtCliValidator *validator,
             const CtEvent  *event,
             const CtValue  *root)
{
  GPtrArray *pending = validator->pending;

  if (root == NULL)
    return;

  g_ptr_array_set_size (pending, 0);
  g_ptr_array_add (pending, (gpointer) root);

  while (pending->len > 0)
    {
      const CtValue *value = g_ptr_array_steal_index_fast (pending, pending->len - 1);

      switch (value->kind)
        {
        case CT_VALUE_UNKNOWN:
          if (!validator->saw_unknown_kind)
            {
              const CtNode *kind = ct_node_map_lookup (value->unknown, "kind");

              validator->saw_unknown_kind = TRUE;
              if (kind != NULL && kind->type == CT_NODE_STRING)
                {
                  g_autofree char *name = g_strndup (kind->s.str, kind->s.len);

                  report (validator, CT_CLI_PROBLEM_UNKNOWN_VALUE_KIND,
                          "%s holds a value of unknown kind “%s”",
                          ct_event_kind_name (event->kind), name);
                }
              else
                {
                  report (validator, CT_CLI_PROBLEM_UNKNOWN_VALUE_KIND,
                          "%s holds a value without a known kind",
                          ct_event_kind_name (event->kind));
                }
            }
          continue;

        case CT_VALUE_CELL:
        case CT_VALUE_VALUE_REF:
          /* the only kinds without a type_id */
          continue;

        case CT_VALUE_SEQUENCE:
        case CT_VALUE_TUPLE:
        case CT_VALUE_STRUCT:
          for (guint i = 0; i < value->seq.n_items; i++)
            g_ptr_array_add (pending, &value->seq.items[i]);
          break;

        case CT_VALUE_VARIANT:
          if (value->variant.contents != NULL)
            g_ptr_array_add (pending, value->variant.contents);
          break;

        case CT_VALUE_REFERENCE:
          if (value->ref.dereferenced != NULL)
            g_ptr_array_add (pending, value->ref.dereferenced);
          break;

        case CT_VALUE_INT:
        case CT_VALUE_FLOAT:
        case CT_VALUE_BOOL:
        case CT_VALUE_STRING:
        case CT_VALUE_RAW:
        case CT_VALUE_ERROR:
        case CT_VALUE_NONE:
        case CT_VALUE_BIGINT:
        case CT_VALUE_CHAR:
        case CT_N_VALUE_KINDS:
        default:
          break;
        }

      check_type (validator, event, "type_id", value->type_id);
    }
}

static void
check_full_value (CtCliValidator    *validator,
                  const CtEvent     *event,
                  const CtFullValue *full)
{
  check_variable (validator, event, "variable_id", full->variable_id);
  check_value (validator, event, full->value);
}

/* RValue as the documentation writes it: {"kind":"Simple","0":id} or
 * {"kind":"Compound","0":[ids]}. Other shapes are a deviation the reader
 * already flags. */
static void
check_rvalue (CtCliValidator *validator,
              const CtEvent  *event,
              const CtNode   *from)
{
  const CtNode *kind;
  const CtNode *ids;

  if (from == NULL || from->type != CT_NODE_MAP)
    return;

  kind = ct_node_map_lookup (from, "kind");
  ids = ct_node_map_lookup (from, "0");
  if (kind == NULL || kind->type != CT_NODE_STRING || ids == NULL)
    return;

  if (ids->type == CT_NODE_INT)
    {
      check_variable (validator, event, "from", ids->i);
    }
  else if (ids->type == CT_NODE_ARRAY)
    {
      for (guint i = 0; i < ids->c.n_items; i++)
        if (ids->c.items[i].type == CT_NODE_INT)
          check_variable (validator, event, "from", ids->c.items[i].i);
    }
}

static void
check_registrations (CtCliValidator *validator,
                     const CtEvent  *event)
{
  switch (event->kind)
    {
    case CT_EVENT_PATH:
      validator->n_paths++;
      break;

    case CT_EVENT_VARIABLE_NAME:
    case CT_EVENT_VARIABLE:
      validator->n_variable_names++;
      break;

    case CT_EVENT_FUNCTION:
      check_id (validator, CT_CLI_PROBLEM_UNKNOWN_PATH, event, "path_id",
                event->function.path_id, validator->n_paths, "paths");
      validator->n_functions++;
      break;

    case CT_EVENT_TYPE:
      /* registered first: a struct may hold fields of its own type */
      validator->n_types++;
      for (guint i = 0; i < event->type.n_fields; i++)
        check_type (validator, event, "field type_id", event->type.fields[i].type_id);
      if (event->type.info_kind == CT_TYPE_INFO_POINTER)
        check_type (validator, event, "dereference_type_id", event->type.dereference_type_id);
      break;

    default:
      break;
    }
}

static void
check_uses (CtCliValidator *validator,
            const CtEvent  *event)
{
  switch (event->kind)
    {
    case CT_EVENT_STEP:
      check_id (validator, CT_CLI_PROBLEM_UNKNOWN_PATH, event, "path_id",
                event->step.path_id, validator->n_paths, "paths");
      break;

    case CT_EVENT_VALUE:
      check_full_value (validator, event, &event->value);
      break;

    case CT_EVENT_CALL:
      check_id (validator, CT_CLI_PROBLEM_UNKNOWN_FUNCTION, event, "function_id",
                event->call.function_id, validator->n_functions, "functions");
      for (guint i = 0; i < event->call.n_args; i++)
        check_full_value (validator, event, &event->call.args[i]);
      break;

    case CT_EVENT_RETURN:
      check_value (validator, event, event->ret.return_value);
      break;

    case CT_EVENT_BIND_VARIABLE:
    case CT_EVENT_VARIABLE_CELL:
      check_variable (validator, event, "variable_id", event->bind.variable_id);
      break;

    case CT_EVENT_ASSIGNMENT:
      check_variable (validator, event, "to", event->assignment.to);
      check_rvalue (validator, event, event->assignment.from);
      break;

    case CT_EVENT_DROP_VARIABLES:
      for (guint i = 0; i < event->drop_variables.n_ids; i++)
        check_variable (validator, event, "variable id", event->drop_variables.ids[i]);
      break;

    case CT_EVENT_DROP_VARIABLE:
      check_variable (validator, event, "variable id", event->variable_id);
      break;

    case CT_EVENT_COMPOUND_VALUE:
    case CT_EVENT_CELL_VALUE:
    case CT_EVENT_ASSIGN_CELL:
      check_value (validator, event, event->place_value.value);
      break;

    case CT_EVENT_UNKNOWN:
      {
        g_autofree char *name = ct_str_dup (event->unknown.variant);

        report (validator, CT_CLI_PROBLEM_UNKNOWN_VARIANT,
                "unknown event variant “%s”", name);
      }
      break;

    default:
      break;
    }
}

void
ct_cli_validator_check (CtCliValidator *validator,
                        guint64         index,
                        const CtEvent  *event)
{
  validator->index = index;
  validator->saw_unknown_kind = FALSE;

  if (!ct_cli_counts_add (&validator->counts, event))
    report (validator, CT_CLI_PROBLEM_UNBALANCED_RETURN, "Return with no open call");

  check_registrations (validator, event);
  check_uses (validator, event);

  /* an unknown kind inside a tree (an unknown variant's payload, ...) is
   * only known from the reader's flag */
  if ((event->deviations & CT_DEVIATION_UNKNOWN_VALUE_KIND) != 0
      && !validator->saw_unknown_kind && event->kind != CT_EVENT_UNKNOWN)
    report (validator, CT_CLI_PROBLEM_UNKNOWN_VALUE_KIND,
            "%s holds a value of unknown kind", ct_event_kind_name (event->kind));

  for (guint bit = 0; bit < CT_N_DEVIATIONS; bit++)
    {
      guint deviation = 1u << bit;

      if ((event->deviations & deviation) != 0 && (deviation & UNREADABLE_DEVIATIONS) == 0)
        report (validator, CT_CLI_PROBLEM_DEVIATION + bit, "%s: %s",
                ct_event_kind_name (event->kind), ct_cli_deviation_name (bit));
    }
}
