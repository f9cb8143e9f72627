/* ct-node.h
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A generic data tree in the common model of JSON and CBOR. It keeps what the
 * typed model cannot: unknown event variants, unknown value kinds, recorder
 * specific shapes (Assignment.from) and unknown keys, so that converting
 * between JSON and trace.bin v1 loses nothing. Nodes live in a CtArena. */

typedef enum
{
  CT_NODE_NULL,
  CT_NODE_BOOL,
  CT_NODE_INT,    /* fits gint64 */
  CT_NODE_UINT,   /* > G_MAXINT64, fits guint64 */
  CT_NODE_BIGNUM, /* beyond 64 bits: sign + big-endian magnitude */
  CT_NODE_FLOAT,
  CT_NODE_STRING,
  CT_NODE_BYTES,
  CT_NODE_ARRAY,
  CT_NODE_MAP,    /* children alternate key, value; keys are CT_NODE_STRING */
} CtNodeType;

typedef struct _CtNode CtNode;

struct _CtNode
{
  CtNodeType type;
  union
  {
    gboolean b;
    gint64   i;
    guint64  u;
    double   f;
    struct
    {
      const char *str; /* not NUL-terminated; bytes for CT_NODE_BYTES/BIGNUM */
      gsize       len;
      gboolean    negative; /* CT_NODE_BIGNUM */
    } s;
    struct
    {
      CtNode *items; /* for maps: 2 * n_items nodes, key then value */
      guint   n_items; /* for maps: number of entries */
    } c;
  };
};

const CtNode *ct_node_map_lookup (const CtNode *map,
                                  const char   *key);

G_END_DECLS
