/* ct-v0-sink.c: placeholder, being written */
#include "config.h"
typedef int ct_placeholder_ct_v0_sink;
