/* ct-cli-progress.c: the progress line on stderr during long runs
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <unistd.h>

#include "ct-cli-private.h"

/* at most 10 refreshes a second: more only costs time and flickers */
#define REFRESH_INTERVAL_US (G_USEC_PER_SEC / 10)
/* a run shorter than this never shows a line at all */
#define FIRST_DELAY_US (G_USEC_PER_SEC / 2)

void
ct_cli_progress_init (CtCliProgress *progress,
                      CtReader      *reader,
                      const char    *what,
                      gboolean       quiet)
{
  *progress = (CtCliProgress) { 0 };
  progress->reader = reader;
  progress->what = g_strdup (what);
  /* Only a terminal can take \r redraws; a log file would fill with them. */
  progress->enabled = !quiet && isatty (STDERR_FILENO);
  progress->start_time = g_get_monotonic_time ();
  progress->next_time = progress->start_time + FIRST_DELAY_US;
}

static void
format_count (char    *buf,
              gsize    size,
              double   n)
{
  if (n >= 1e6)
    g_snprintf (buf, size, "%.1f M", n / 1e6);
  else if (n >= 1e4)
    g_snprintf (buf, size, "%.0f k", n / 1e3);
  else
    g_snprintf (buf, size, "%.0f", n);
}

void
ct_cli_progress_update (CtCliProgress *progress,
                        guint64        n_events)
{
  gint64 now;
  double seconds;
  char events[32];
  char rate[32];

  if (!progress->enabled)
    return;

  now = g_get_monotonic_time ();
  if (now < progress->next_time)
    return;

  progress->next_time = now + REFRESH_INTERVAL_US;
  seconds = (now - progress->start_time) / (double) G_USEC_PER_SEC;
  format_count (events, sizeof events, (double) n_events);
  format_count (rate, sizeof rate, seconds > 0 ? n_events / seconds : 0);

  /* \033[K clears what a longer previous line left behind */
  fprintf (stderr, "\r%s: %5.1f%%, %s events, %s events/s\033[K",
           progress->what,
           100.0 * ct_reader_get_fraction (progress->reader),
           events, rate);
  fflush (stderr);
  progress->shown = TRUE;
}

void
ct_cli_progress_clear (CtCliProgress *progress)
{
  if (progress->shown)
    {
      fputs ("\r\033[K", stderr);
      fflush (stderr);
      progress->shown = FALSE;
    }

  g_clear_pointer (&progress->what, g_free);
}
