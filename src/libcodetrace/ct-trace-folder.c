/* ct-trace-folder.c: placeholder, being written */
#include "config.h"
typedef int ct_placeholder_ct_trace_folder;
