/* ct-v1-source.c: placeholder, being written */
#include "config.h"
typedef int ct_placeholder_ct_v1_source;
