/* ct-v0-source.c: placeholder, being written */
#include "config.h"
typedef int ct_placeholder_ct_v0_source;
