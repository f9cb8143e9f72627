/* ct-json-tokenizer.c: placeholder, being written */
#include "config.h"
typedef int ct_placeholder_ct_json_tokenizer;
