/* ct-event.c: placeholder, being written */
#include "config.h"
typedef int ct_placeholder_ct_event;
