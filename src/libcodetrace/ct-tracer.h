/* ct-tracer.h: being written */
#pragma once
#include <glib.h>
