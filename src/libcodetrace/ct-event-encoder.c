/* ct-event-encoder.c: placeholder, being written */
#include "config.h"
typedef int ct_placeholder_ct_event_encoder;
