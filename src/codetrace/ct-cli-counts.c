/* ct-cli-counts.c: the event counts of FORMAT.md section 3, in one pass
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ct-cli-private.h"

/* The order `info --json` prints them in, which is FORMAT.md's order. */
static const char * const count_keys[CT_CLI_N_COUNTS] = {
  "events", "steps", "calls", "returns", "unfinished_calls", "max_depth",
  "io_events", "paths", "functions", "types", "variable_names", "values",
};

void
ct_cli_counts_init (CtCliCounts *counts)
{
  *counts = (CtCliCounts) { 0 };
}

static void
open_call (CtCliCounts *counts)
{
  counts->calls++;
  counts->depth++;
  counts->max_depth = MAX (counts->max_depth, counts->depth);
}

gboolean
ct_cli_counts_add (CtCliCounts   *counts,
                   const CtEvent *event)
{
  gboolean balanced = TRUE;

  counts->events++;

  switch (event->kind)
    {
    case CT_EVENT_STEP:
      counts->steps++;
      /* Recorders start the top-level code without a Call: its first Step
       * opens an implicit call, which then never returns. */
      if (!counts->seen_call)
        {
          counts->seen_call = TRUE;
          open_call (counts);
        }
      break;

    case CT_EVENT_DROP_LAST_STEP:
      counts->steps--;
      break;

    case CT_EVENT_CALL:
      counts->seen_call = TRUE;
      open_call (counts);
      break;

    case CT_EVENT_RETURN:
      counts->returns++;
      if (counts->depth > 0)
        counts->depth--;
      else
        balanced = FALSE;
      break;

    case CT_EVENT_EVENT:
      counts->io_events++;
      break;

    case CT_EVENT_PATH:
      counts->paths++;
      break;

    case CT_EVENT_FUNCTION:
      counts->functions++;
      break;

    case CT_EVENT_TYPE:
      counts->types++;
      break;

    case CT_EVENT_VARIABLE_NAME:
    case CT_EVENT_VARIABLE:
      counts->variable_names++;
      break;

    case CT_EVENT_VALUE:
      counts->values++;
      break;

    case CT_EVENT_ASM:
    case CT_EVENT_BIND_VARIABLE:
    case CT_EVENT_ASSIGNMENT:
    case CT_EVENT_DROP_VARIABLES:
    case CT_EVENT_COMPOUND_VALUE:
    case CT_EVENT_CELL_VALUE:
    case CT_EVENT_ASSIGN_COMPOUND_ITEM:
    case CT_EVENT_ASSIGN_CELL:
    case CT_EVENT_VARIABLE_CELL:
    case CT_EVENT_DROP_VARIABLE:
    case CT_EVENT_THREAD_START:
    case CT_EVENT_THREAD_EXIT:
    case CT_EVENT_THREAD_SWITCH:
    case CT_EVENT_UNKNOWN:
    case CT_N_EVENT_KINDS:
    default:
      break;
    }

  return balanced;
}

void
ct_cli_counts_finish (CtCliCounts *counts)
{
  counts->unfinished_calls = counts->depth;
}

const char *
ct_cli_counts_key (guint i)
{
  g_return_val_if_fail (i < CT_CLI_N_COUNTS, NULL);

  return count_keys[i];
}

gint64
ct_cli_counts_get (const CtCliCounts *counts,
                   guint              i)
{
  switch (i)
    {
    case 0: return (gint64) counts->events;
    case 1: return counts->steps;
    case 2: return (gint64) counts->calls;
    case 3: return (gint64) counts->returns;
    case 4: return (gint64) counts->unfinished_calls;
    case 5: return (gint64) counts->max_depth;
    case 6: return (gint64) counts->io_events;
    case 7: return (gint64) counts->paths;
    case 8: return (gint64) counts->functions;
    case 9: return (gint64) counts->types;
    case 10: return (gint64) counts->variable_names;
    case 11: return (gint64) counts->values;
    default: g_return_val_if_reached (0);
    }
}
