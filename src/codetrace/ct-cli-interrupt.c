/* ct-cli-interrupt.c: Ctrl-C must not leave convert's temporary folder behind
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>

#include "ct-cli-private.h"

static volatile sig_atomic_t caught_signal;

static void
on_signal (int signum)
{
  caught_signal = signum;
}

void
ct_cli_interrupt_catch (void)
{
  struct sigaction action;

  memset (&action, 0, sizeof action);
  action.sa_handler = on_signal;
  sigemptyset (&action.sa_mask);

  sigaction (SIGINT, &action, NULL);
  sigaction (SIGTERM, &action, NULL);
  sigaction (SIGHUP, &action, NULL);
}

gboolean
ct_cli_interrupted (void)
{
  return caught_signal != 0;
}

void
ct_cli_interrupt_reraise (void)
{
  int signum = caught_signal;

  if (signum == 0)
    return;

  signal (signum, SIG_DFL);
  raise (signum);
}
