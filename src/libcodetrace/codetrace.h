/* codetrace.h: the public headers of libcodetrace
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-arena.h"
#include "ct-encoding.h"
#include "ct-error.h"
#include "ct-event.h"
#include "ct-node.h"
#include "ct-reader.h"
#include "ct-trace-folder.h"
#include "ct-tracer.h"
#include "ct-writer.h"
