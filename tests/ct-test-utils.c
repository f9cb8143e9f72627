#include "config.h"
#include "ct-test-utils.h"
