/* ct-node.c
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ct-node.h"

const CtNode *
ct_node_map_lookup (const CtNode *map,
                    const char   *key)
{
  gsize key_len;

  if (map == NULL || map->type != CT_NODE_MAP)
    return NULL;

  key_len = strlen (key);
  for (guint i = 0; i < map->c.n_items; i++)
    {
      const CtNode *k = &map->c.items[2 * i];

      if (k->type == CT_NODE_STRING && k->s.len == key_len &&
          memcmp (k->s.str, key, key_len) == 0)
        return &map->c.items[2 * i + 1];
    }

  return NULL;
}
