/* ct-error.c
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ct-error.h"

G_DEFINE_QUARK (ct-trace-error-quark, ct_trace_error)
