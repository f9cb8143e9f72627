/* ct-v0-source.c
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <sys/mman.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "ct-capnp-private.h"
#include "ct-encoding.h"
#include "ct-error.h"

/* Reads trace.bin v0: one packed Cap'n Proto message (FORMAT.md section 5).
 *
 * A message is addressed by pointers that may jump anywhere in it, so it
 * cannot be decoded as a stream; but v0 traces can be gigabytes, so it is
 * not loaded into memory either. The packed input is unpacked, lazily and in
 * file order, into an unlinked temporary file that is mapped once at its
 * final size: an event's bytes are unpacked when a pointer first reaches
 * them, pages are file-backed (the kernel can always evict them), and the
 * process's memory stays at one chunk plus one event's arena. Small
 * messages skip the file and unpack into a malloc'ed buffer the same way.
 *
 * Every pointer is checked against its segment before it is followed, and
 * everything an event reads is charged against a traversal budget, so that
 * a crafted message (pointer cycles, one subtree shared by every event, a
 * list of a billion empty structs) fails cleanly instead of hanging or
 * exhausting memory.
 *
 * Random access: every event is one element of the events list, so the
 * offset next() reports for an event (its struct's byte offset) gives its
 * index. A seek only moves the walk there; the next next() unpacks what it
 * needs, so going back costs nothing and going ahead unpacks up to the
 * event, as reading on would. */

#define DEFAULT_CHUNK_SIZE   (1024 * 1024)
#define IN_MEMORY_LIMIT      (16 * 1024 * 1024)
#define DROP_INTERVAL        (16 * 1024 * 1024)
/* Random access touches a few pages per seek, anywhere in the message, and
 * the kernel maps the pages around each one too: a few hundred KiB of
 * resident size a seek, measured on py-loop-1e6. */
#define DROP_SEEKS           128
/* Far beyond what any writer produces (ours starts a segment per 4 GiB),
 * but it bounds the segment table we keep in memory. */
#define MAX_SEGMENTS         (1u << 20)
/* A tag byte 0x00 and a count byte unpack to at most 256 zero words. */
#define MAX_UNPACK_RATIO     1024

/* A struct: its data section (bytes, which may be shorter or longer than
 * the schema's: missing fields read as zero) and pointer section. */
typedef struct
{
  guint32 seg;
  guint64 data;       /* byte offset in the message */
  guint32 data_bytes;
  guint64 ptrs;       /* byte offset of the pointer section */
  guint16 n_ptrs;
} Obj;

/* A list viewed as a list of structs, which is how Cap'n Proto lets a
 * reader see a list of any element size but bits. */
typedef struct
{
  guint32            seg;
  guint64            start;      /* byte offset of element 0 */
  guint32            count;
  CtCapnpElementSize elem;
  guint32            step;       /* bytes from one element to the next */
  guint32            data_bytes; /* per element, struct view */
  guint16            n_ptrs;     /* per element, struct view */
} List;

typedef struct
{
  CtReaderBackend  parent;

  int              fd;
  guint64          file_size;
  CtCapnpUnpacker *unpacker;

  /* the unpacked message: segment table then segments, valid up to
   * `unpacked` */
  int              tmp_fd;    /* -1 when the message is in `heap` */
  guint8          *heap;
  guint8          *map;
  guint64          map_size;
  guint64          unpacked;
  guint64          dropped_at;
  guint            seeks_since_drop;
  gboolean         random_access;
  guint8          *chunk;
  gsize            chunk_size;

  guint32          n_segments;
  guint64         *seg_start; /* byte offset of each segment */
  guint32         *seg_words;
  guint64          total_words;

  List             events;
  guint32          next_index;
  gboolean         at_end;

  GError          *open_error;    /* the message could not be opened */

  guint64          budget;        /* words this event may still read */
  guint64          global_budget; /* words all events together may still read */
  guint64          walk_budget;   /* global_budget at the start of a walk */
  guint64          error_offset;
} CtV0Source;

static gsize in_memory_limit = IN_MEMORY_LIMIT;

/* ---- errors ---- */

G_GNUC_PRINTF (5, 6)
static gboolean
fail (CtV0Source    *self,
      GError       **error,
      CtTraceError   code,
      guint64        offset,
      const char    *format,
      ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  self->error_offset = offset;
  g_set_error (error, CT_TRACE_ERROR, code,
               "%s (at byte %" G_GUINT64_FORMAT " of the unpacked Cap'n Proto message)",
               what, offset);
  return FALSE;
}

/* ---- the unpacked message ---- */

static gboolean
write_all (int            fd,
           const guint8  *buf,
           gsize          len,
           GError       **error)
{
  while (len > 0)
    {
      gssize n = write (fd, buf, len);

      if (n < 0)
        {
          int saved_errno = errno;

          if (saved_errno == EINTR)
            continue;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       "Cannot write the unpacked trace to a temporary file: %s",
                       g_strerror (saved_errno));
          return FALSE;
        }
      buf += n;
      len -= n;
    }

  return TRUE;
}

/* Unpacks until the first `end` bytes of the message are available. */
static gboolean
ensure (CtV0Source  *self,
        guint64      end,
        GError     **error)
{
  if (G_LIKELY (end <= self->unpacked))
    return TRUE;

  g_assert (end <= self->map_size);

  while (self->unpacked < end)
    {
      gsize want = MIN (self->chunk_size, self->map_size - self->unpacked);
      guint8 *dest = self->tmp_fd < 0 ? self->heap + self->unpacked : self->chunk;
      gsize got = 0;

      if (!_ct_capnp_unpacker_read (self->unpacker, dest, want, &got, error))
        {
          self->error_offset = self->unpacked;
          return FALSE;
        }
      if (got == 0)
        {
          self->error_offset = self->unpacked;
          g_set_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_TRUNCATED,
                       "Packed Cap'n Proto data ends at byte %" G_GUINT64_FORMAT
                       " of trace.bin, but the message is %" G_GUINT64_FORMAT
                       " bytes long and only %" G_GUINT64_FORMAT " were unpacked",
                       _ct_capnp_unpacker_get_position (self->unpacker),
                       self->map_size, self->unpacked);
          return FALSE;
        }
      if (self->tmp_fd >= 0 && !write_all (self->tmp_fd, self->chunk, got, error))
        return FALSE;
      self->unpacked += got;
    }

  return TRUE;
}

static inline guint64
word_at (CtV0Source *self,
         guint64     offset)
{
  return _ct_capnp_read_word (self->map + offset);
}

static gboolean
charge (CtV0Source  *self,
        guint64      words,
        guint64      offset,
        GError     **error)
{
  if (words > self->budget)
    return fail (self, error, CT_TRACE_ERROR_LIMIT, offset,
                 "Cap'n Proto traversal limit exceeded: one event reads more words than "
                 "the whole message holds (%" G_GUINT64_FORMAT "); its pointers share "
                 "or loop", self->total_words);
  if (words > self->global_budget)
    return fail (self, error, CT_TRACE_ERROR_LIMIT, offset,
                 "Cap'n Proto traversal limit exceeded: the events read so far cover "
                 "the %" G_GUINT64_FORMAT "-word message more than twice; they share "
                 "their contents", self->total_words);
  self->budget -= words;
  self->global_budget -= words;
  return TRUE;
}

/* ---- pointers ---- */

/* Follows the pointer word at byte `at` (already unpacked). On return *ptr
 * is the word that describes the target (for far pointers, the landing
 * pad's), or 0 for a null pointer; *seg and *word locate the target: a
 * struct's first word, a list's first element or, for composite lists,
 * its tag. *word is relative to the segment and only known to be >= 0;
 * callers check the end against the target's size. */
static gboolean
follow (CtV0Source  *self,
        guint32      from_seg,
        guint64      at,
        guint64     *ptr,
        guint32     *seg,
        guint64     *word,
        GError     **error)
{
  guint64 w = word_at (self, at);
  gint64 target;

  *ptr = 0;
  if (w == 0)
    return TRUE;

  switch (_ct_capnp_pointer_kind (w))
    {
    case CT_CAPNP_PTR_STRUCT:
    case CT_CAPNP_PTR_LIST:
      target = (gint64) ((at - self->seg_start[from_seg]) / CT_CAPNP_WORD) + 1
               + _ct_capnp_pointer_offset (w);
      if (target < 0 || (guint64) target > self->seg_words[from_seg])
        return fail (self, error, CT_TRACE_ERROR_CORRUPT, at,
                     "Pointer points outside its segment %u", from_seg);
      *ptr = w;
      *seg = from_seg;
      *word = target;
      return TRUE;

    case CT_CAPNP_PTR_FAR:
      {
        guint32 pad_seg = _ct_capnp_far_segment (w);
        guint64 pad = _ct_capnp_far_pad_offset (w);
        gboolean is_double = _ct_capnp_far_is_double (w);
        guint64 pad_words = is_double ? 2 : 1;
        guint64 pad_at;
        guint64 p0;

        if (pad_seg >= self->n_segments)
          return fail (self, error, CT_TRACE_ERROR_CORRUPT, at,
                       "Far pointer to segment %u, but the message has %u segments",
                       pad_seg, self->n_segments);
        if (pad + pad_words > self->seg_words[pad_seg])
          return fail (self, error, CT_TRACE_ERROR_CORRUPT, at,
                       "Far pointer's landing pad at word %" G_GUINT64_FORMAT
                       " lies outside segment %u (%u words)",
                       pad, pad_seg, self->seg_words[pad_seg]);

        pad_at = self->seg_start[pad_seg] + pad * CT_CAPNP_WORD;
        if (!charge (self, pad_words, at, error) ||
            !ensure (self, pad_at + pad_words * CT_CAPNP_WORD, error))
          return FALSE;
        p0 = word_at (self, pad_at);

        if (!is_double)
          {
            /* The pad is an ordinary pointer; a far pointer here could
             * chain (or loop) forever, so the format forbids it. */
            if (_ct_capnp_pointer_kind (p0) != CT_CAPNP_PTR_STRUCT &&
                _ct_capnp_pointer_kind (p0) != CT_CAPNP_PTR_LIST)
              return fail (self, error, CT_TRACE_ERROR_CORRUPT, pad_at,
                           "Far pointer's landing pad is not a struct or list pointer "
                           "(far pointer at byte %" G_GUINT64_FORMAT ")", at);
            if (p0 == 0)
              return TRUE;
            target = (gint64) pad + 1 + _ct_capnp_pointer_offset (p0);
            if (target < 0 || (guint64) target > self->seg_words[pad_seg])
              return fail (self, error, CT_TRACE_ERROR_CORRUPT, pad_at,
                           "Landing pad points outside its segment %u", pad_seg);
            *ptr = p0;
            *seg = pad_seg;
            *word = target;
            return TRUE;
          }
        else
          {
            /* Double-far: the pad's first word is a far pointer to where
             * the object starts, its second the object's tag. */
            guint64 tag = word_at (self, pad_at + CT_CAPNP_WORD);
            guint32 obj_seg = _ct_capnp_far_segment (p0);
            guint64 obj_word = _ct_capnp_far_pad_offset (p0);

            if (_ct_capnp_pointer_kind (p0) != CT_CAPNP_PTR_FAR ||
                _ct_capnp_far_is_double (p0))
              return fail (self, error, CT_TRACE_ERROR_CORRUPT, pad_at,
                           "Double-far landing pad does not start with a single far "
                           "pointer (far pointer at byte %" G_GUINT64_FORMAT ")", at);
            if (_ct_capnp_pointer_kind (tag) != CT_CAPNP_PTR_STRUCT &&
                _ct_capnp_pointer_kind (tag) != CT_CAPNP_PTR_LIST)
              return fail (self, error, CT_TRACE_ERROR_CORRUPT, pad_at + CT_CAPNP_WORD,
                           "Double-far landing pad's tag is not a struct or list pointer");
            if (obj_seg >= self->n_segments || obj_word > self->seg_words[obj_seg])
              return fail (self, error, CT_TRACE_ERROR_CORRUPT, pad_at,
                           "Double-far landing pad points to word %" G_GUINT64_FORMAT
                           " of segment %u, which does not exist", obj_word, obj_seg);
            if (tag == 0)
              return TRUE;
            *ptr = tag;
            *seg = obj_seg;
            *word = obj_word;
            return TRUE;
          }
      }

    case CT_CAPNP_PTR_OTHER:
    default:
      return fail (self, error, CT_TRACE_ERROR_CORRUPT, at,
                   "Capability pointer (0x%016" G_GINT64_MODIFIER "x) where trace data "
                   "belongs", w);
    }
}

static inline void
obj_clear (Obj *o)
{
  memset (o, 0, sizeof *o);
}

/* Pointer `idx` of `parent` as a struct. A null or missing pointer gives
 * the empty struct, whose fields all read as their defaults. */
static gboolean
get_struct (CtV0Source  *self,
            const Obj   *parent,
            guint        idx,
            Obj         *out,
            GError     **error)
{
  guint64 at = parent->ptrs + (guint64) idx * CT_CAPNP_WORD;
  guint64 ptr;
  guint32 seg;
  guint64 word;
  guint64 words;

  obj_clear (out);
  if (idx >= parent->n_ptrs)
    return TRUE;
  if (!follow (self, parent->seg, at, &ptr, &seg, &word, error))
    return FALSE;
  if (ptr == 0)
    return TRUE;
  if (_ct_capnp_pointer_kind (ptr) != CT_CAPNP_PTR_STRUCT)
    return fail (self, error, CT_TRACE_ERROR_CORRUPT, at,
                 "List pointer where a struct belongs");

  words = (guint64) _ct_capnp_struct_data_words (ptr) + _ct_capnp_struct_ptr_count (ptr);
  if (word + words > self->seg_words[seg])
    return fail (self, error, CT_TRACE_ERROR_CORRUPT, at,
                 "Struct of %" G_GUINT64_FORMAT " words runs past the end of segment %u",
                 words, seg);

  out->seg = seg;
  out->data = self->seg_start[seg] + word * CT_CAPNP_WORD;
  out->data_bytes = _ct_capnp_struct_data_words (ptr) * CT_CAPNP_WORD;
  out->ptrs = out->data + out->data_bytes;
  out->n_ptrs = _ct_capnp_struct_ptr_count (ptr);

  return charge (self, MAX (words, 1), at, error) &&
         ensure (self, out->data + words * CT_CAPNP_WORD, error);
}

/* Pointer `idx` of `parent` as a list. With `lazy`, the list's bytes are
 * neither unpacked nor charged: the events list, which is walked one
 * element at a time. */
static gboolean
get_list (CtV0Source  *self,
          const Obj   *parent,
          guint        idx,
          gboolean     lazy,
          List        *out,
          GError     **error)
{
  static const guint8 elem_bits[] = { 0, 1, 8, 16, 32, 64, 64, 0 };
  guint64 at = parent->ptrs + (guint64) idx * CT_CAPNP_WORD;
  guint64 ptr;
  guint32 seg;
  guint64 word;
  guint64 words;
  guint64 cost;
  guint64 begin;

  memset (out, 0, sizeof *out);
  if (idx >= parent->n_ptrs)
    return TRUE;
  if (!follow (self, parent->seg, at, &ptr, &seg, &word, error))
    return FALSE;
  if (ptr == 0)
    return TRUE;
  if (_ct_capnp_pointer_kind (ptr) != CT_CAPNP_PTR_LIST)
    return fail (self, error, CT_TRACE_ERROR_CORRUPT, at,
                 "Struct pointer where a list belongs");

  out->seg = seg;
  out->elem = _ct_capnp_list_element_size (ptr);
  begin = self->seg_start[seg] + word * CT_CAPNP_WORD;

  if (out->elem == CT_CAPNP_ELEM_COMPOSITE)
    {
      guint64 tag;
      guint64 per;
      guint32 count;

      words = _ct_capnp_list_count (ptr);
      if (word + 1 + words > self->seg_words[seg])
        return fail (self, error, CT_TRACE_ERROR_CORRUPT, at,
                     "List of %" G_GUINT64_FORMAT " words runs past the end of segment %u",
                     words, seg);
      if (!ensure (self, begin + CT_CAPNP_WORD, error))
        return FALSE;
      tag = word_at (self, begin);
      if (_ct_capnp_pointer_kind (tag) != CT_CAPNP_PTR_STRUCT)
        return fail (self, error, CT_TRACE_ERROR_CORRUPT, begin,
                     "Composite list's tag word is not a struct tag");
      /* the tag's offset field counts the elements */
      count = ((guint32) tag) >> 2;
      per = (guint64) _ct_capnp_struct_data_words (tag) + _ct_capnp_struct_ptr_count (tag);
      if ((guint64) count * per > words)
        return fail (self, error, CT_TRACE_ERROR_CORRUPT, begin,
                     "Composite list claims %u elements of %" G_GUINT64_FORMAT
                     " words in %" G_GUINT64_FORMAT " words", count, per, words);
      out->count = count;
      out->start = begin + CT_CAPNP_WORD;
      out->step = per * CT_CAPNP_WORD;
      out->data_bytes = _ct_capnp_struct_data_words (tag) * CT_CAPNP_WORD;
      out->n_ptrs = _ct_capnp_struct_ptr_count (tag);
      words += 1;
      /* empty elements cost nothing to store; charge them anyway so that
       * a list of 2^29 of them cannot make us allocate for each */
      cost = per == 0 ? words + count : words;
    }
  else
    {
      out->count = _ct_capnp_list_count (ptr);
      words = ((guint64) out->count * elem_bits[out->elem] + 63) / 64;
      if (word + words > self->seg_words[seg])
        return fail (self, error, CT_TRACE_ERROR_CORRUPT, at,
                     "List of %u elements runs past the end of segment %u",
                     out->count, seg);
      out->start = begin;
      out->step = elem_bits[out->elem] / 8;
      if (out->elem == CT_CAPNP_ELEM_POINTER)
        {
          out->data_bytes = 0;
          out->n_ptrs = 1;
        }
      else
        {
          out->data_bytes = out->step;
          out->n_ptrs = 0;
        }
      cost = out->elem == CT_CAPNP_ELEM_VOID ? out->count : words;
    }

  if (lazy)
    return TRUE;

  return charge (self, MAX (cost, 1), at, error) &&
         ensure (self, begin + words * CT_CAPNP_WORD, error);
}

static gboolean
check_struct_list (CtV0Source  *self,
                   const List  *list,
                   const Obj   *parent,
                   guint        idx,
                   GError     **error)
{
  if (list->count > 0 && list->elem == CT_CAPNP_ELEM_BIT)
    return fail (self, error, CT_TRACE_ERROR_CORRUPT,
                 parent->ptrs + (guint64) idx * CT_CAPNP_WORD,
                 "List of bits where a list of structs belongs");
  return TRUE;
}

static inline void
list_element (const List *list,
              guint32     i,
              Obj        *out)
{
  out->seg = list->seg;
  out->data = list->start + (guint64) i * list->step;
  out->data_bytes = list->data_bytes;
  out->ptrs = out->data + list->data_bytes;
  out->n_ptrs = list->n_ptrs;
}

/* ---- fields ---- */

static inline guint64
u64_field (CtV0Source *self,
           const Obj  *o,
           guint       byte)
{
  if (byte + 8 > o->data_bytes)
    return 0;
  return word_at (self, o->data + byte);
}

static inline guint16
u16_field (CtV0Source *self,
           const Obj  *o,
           guint       byte)
{
  if (byte + 2 > o->data_bytes)
    return 0;
  return (guint16) self->map[o->data + byte] | ((guint16) self->map[o->data + byte + 1] << 8);
}

static inline gboolean
bool_field (CtV0Source *self,
            const Obj  *o,
            guint       bit)
{
  if (bit / 8 >= o->data_bytes)
    return FALSE;
  return (self->map[o->data + bit / 8] >> (bit % 8)) & 1;
}

/* A one-field id struct (PathId, Line, Place, TypeId...): its Int64. */
static gboolean
get_id (CtV0Source  *self,
        const Obj   *parent,
        guint        idx,
        gint64      *out,
        GError     **error)
{
  Obj o;

  if (!get_struct (self, parent, idx, &o, error))
    return FALSE;
  *out = (gint64) u64_field (self, &o, 0);
  return TRUE;
}

/* Ids that are usize in the reference (path, function, variable and type
 * ids): flag negative ones as a deviation, the way the JSON reader does. */
static gboolean
get_unsigned_id (CtV0Source  *self,
                 const Obj   *parent,
                 guint        idx,
                 gint64      *out,
                 guint       *deviations,
                 GError     **error)
{
  if (!get_id (self, parent, idx, out, error))
    return FALSE;
  if (*out < 0)
    *deviations |= CT_DEVIATION_NEGATIVE_ID;
  return TRUE;
}

static gboolean
get_text (CtV0Source  *self,
          const Obj   *parent,
          guint        idx,
          CtStr       *out,
          GError     **error)
{
  guint64 at = parent->ptrs + (guint64) idx * CT_CAPNP_WORD;
  const char *str;
  gsize bad;
  List list;

  out->str = "";
  out->len = 0;
  if (!get_list (self, parent, idx, FALSE, &list, error))
    return FALSE;
  if (list.count == 0 && list.elem == CT_CAPNP_ELEM_VOID)
    return TRUE;
  if (list.elem != CT_CAPNP_ELEM_BYTE)
    return fail (self, error, CT_TRACE_ERROR_CORRUPT, at,
                 "Text is a list of element size %u, not of bytes", list.elem);
  str = (const char *) self->map + list.start;
  if (list.count == 0 || str[list.count - 1] != '\0')
    return fail (self, error, CT_TRACE_ERROR_CORRUPT, list.start,
                 "Text is not NUL-terminated");
  if (!_ct_capnp_utf8_validate (str, list.count - 1, &bad))
    return fail (self, error, CT_TRACE_ERROR_CORRUPT, list.start + bad,
                 "Text is not valid UTF-8");

  out->str = str;
  out->len = list.count - 1;
  return TRUE;
}

static gpointer
alloc_array (CtV0Source  *self,
             CtArena     *arena,
             gsize        count,
             gsize        size,
             guint64      offset,
             GError     **error)
{
  if (count == 0)
    return NULL;
  if (count > G_MAXSIZE / size)
    {
      fail (self, error, CT_TRACE_ERROR_LIMIT, offset, "List of %" G_GSIZE_FORMAT
            " elements is too large", count);
      return NULL;
    }
  return ct_arena_alloc0 (arena, count * size);
}

/* ---- values ---- */

static gboolean read_value (CtV0Source  *self,
                            CtArena     *arena,
                            const Obj   *v,
                            guint        depth,
                            CtValue     *out,
                            guint       *deviations,
                            GError     **error);

/* depth counts containers the way the JSON form nests them (FORMAT.md
 * section 2), so that any trace this reader accepts can be converted to
 * JSON and read back within the same CT_MAX_NESTING. */
static gboolean
read_value_ptr (CtV0Source  *self,
                CtArena     *arena,
                const Obj   *parent,
                guint        idx,
                guint        depth,
                CtValue    **out,
                guint       *deviations,
                GError     **error)
{
  Obj o;

  if (!get_struct (self, parent, idx, &o, error))
    return FALSE;
  *out = ct_arena_new0 (arena, CtValue, 1);
  return read_value (self, arena, &o, depth, *out, deviations, error);
}

static gboolean
read_value_list (CtV0Source  *self,
                 CtArena     *arena,
                 const Obj   *parent,
                 guint        idx,
                 guint        depth,
                 CtValue    **items,
                 guint       *n_items,
                 guint       *deviations,
                 GError     **error)
{
  List list;

  if (!get_list (self, parent, idx, FALSE, &list, error) ||
      !check_struct_list (self, &list, parent, idx, error))
    return FALSE;

  *n_items = list.count;
  *items = alloc_array (self, arena, list.count, sizeof (CtValue), list.start, error);
  if (list.count > 0 && *items == NULL)
    return FALSE;

  for (guint32 i = 0; i < list.count; i++)
    {
      Obj o;

      list_element (&list, i, &o);
      /* an array and then a map per element */
      if (!read_value (self, arena, &o, depth + 2, &(*items)[i], deviations, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
read_value (CtV0Source  *self,
            CtArena     *arena,
            const Obj   *v,
            guint        depth,
            CtValue     *out,
            guint       *deviations,
            GError     **error)
{
  guint16 tag = u16_field (self, v, CT_CAPNP_VALUE_TAG_BYTE);
  guint64 scalar = u64_field (self, v, CT_CAPNP_VALUE_SCALAR_BYTE);
  gboolean flag = bool_field (self, v, CT_CAPNP_VALUE_SCALAR_BYTE * 8);
  guint type_ptr = 1;

  memset (out, 0, sizeof *out);

  if (depth > CT_MAX_NESTING)
    return fail (self, error, CT_TRACE_ERROR_LIMIT, v->data,
                 "Values nested deeper than %d levels", CT_MAX_NESTING);

  switch (tag)
    {
    case CT_CAPNP_VALUE_INT:
      out->kind = CT_VALUE_INT;
      out->i = (gint64) scalar;
      type_ptr = 0;
      break;

    case CT_CAPNP_VALUE_FLOAT:
      out->kind = CT_VALUE_FLOAT;
      memcpy (&out->flt.f, &scalar, sizeof (double));
      type_ptr = 0;
      break;

    case CT_CAPNP_VALUE_BOOL:
      out->kind = CT_VALUE_BOOL;
      out->b = flag;
      type_ptr = 0;
      break;

    case CT_CAPNP_VALUE_STRING:
      out->kind = CT_VALUE_STRING;
      if (!get_text (self, v, 0, &out->text, error))
        return FALSE;
      break;

    case CT_CAPNP_VALUE_SEQUENCE:
    case CT_CAPNP_VALUE_TUPLE:
    case CT_CAPNP_VALUE_STRUCT:
      out->kind = tag == CT_CAPNP_VALUE_SEQUENCE ? CT_VALUE_SEQUENCE :
                  tag == CT_CAPNP_VALUE_TUPLE ? CT_VALUE_TUPLE : CT_VALUE_STRUCT;
      if (!read_value_list (self, arena, v, 0, depth, &out->seq.items, &out->seq.n_items,
                            deviations, error))
        return FALSE;
      out->seq.is_slice = tag == CT_CAPNP_VALUE_SEQUENCE && flag;
      break;

    case CT_CAPNP_VALUE_VARIANT:
      out->kind = CT_VALUE_VARIANT;
      if (!get_text (self, v, 0, &out->variant.discriminator, error) ||
          !read_value_ptr (self, arena, v, 1, depth + 1, &out->variant.contents,
                           deviations, error))
        return FALSE;
      type_ptr = 2;
      break;

    case CT_CAPNP_VALUE_REFERENCE:
      out->kind = CT_VALUE_REFERENCE;
      if (!read_value_ptr (self, arena, v, 0, depth + 1, &out->ref.dereferenced,
                           deviations, error))
        return FALSE;
      out->ref.address = u64_field (self, v, CT_CAPNP_VALUE_ADDRESS_BYTE);
      out->ref.mutable_ = flag;
      break;

    case CT_CAPNP_VALUE_RAW:
    case CT_CAPNP_VALUE_ERROR:
      out->kind = tag == CT_CAPNP_VALUE_RAW ? CT_VALUE_RAW : CT_VALUE_ERROR;
      if (!get_text (self, v, 0, &out->text, error))
        return FALSE;
      break;

    case CT_CAPNP_VALUE_NONE:
      out->kind = CT_VALUE_NONE;
      type_ptr = 0;
      break;

    case CT_CAPNP_VALUE_CELL:
      out->kind = CT_VALUE_CELL;
      return get_id (self, v, 0, &out->place, error);

    case CT_CAPNP_VALUE_BIGINT:
      {
        List bytes;
        const guint8 *mag;
        gsize len;

        out->kind = CT_VALUE_BIGINT;
        if (!get_list (self, v, 0, FALSE, &bytes, error))
          return FALSE;
        if (bytes.count > 0 && bytes.elem != CT_CAPNP_ELEM_BYTE)
          return fail (self, error, CT_TRACE_ERROR_CORRUPT, v->ptrs,
                       "BigInt bytes are a list of element size %u, not of bytes",
                       bytes.elem);
        mag = self->map + bytes.start;
        len = bytes.count;
        /* the model keeps no leading zero bytes */
        while (len > 0 && mag[0] == 0)
          {
            mag++;
            len--;
          }
        out->big.magnitude = len > 0 ? mag : NULL;
        out->big.len = len;
        out->big.negative = flag;
      }
      break;

    default:
      return fail (self, error, CT_TRACE_ERROR_SCHEMA, v->data + CT_CAPNP_VALUE_TAG_BYTE,
                   "Unknown ValueRecord kind (union discriminant %u): the trace was "
                   "written with a newer schema", tag);
    }

  return get_unsigned_id (self, v, type_ptr, &out->type_id, deviations, error);
}

/* ---- events ---- */

static gboolean
read_full_value (CtV0Source   *self,
                 CtArena      *arena,
                 const Obj    *o,
                 guint         depth,
                 CtFullValue  *out,
                 guint        *deviations,
                 GError      **error)
{
  return get_unsigned_id (self, o, 0, &out->variable_id, deviations, error) &&
         read_value_ptr (self, arena, o, 1, depth, &out->value, deviations, error);
}

static gboolean
read_type (CtV0Source  *self,
           CtArena     *arena,
           const Obj   *o,
           CtEvent     *event,
           GError     **error)
{
  Obj info;
  guint16 tag;

  event->type.kind = u16_field (self, o, 0);
  if (event->type.kind >= CT_N_TYPE_KINDS)
    event->deviations |= CT_DEVIATION_UNKNOWN_ENUM;
  if (!get_text (self, o, 0, &event->type.lang_type, error) ||
      !get_struct (self, o, 1, &info, error))
    return FALSE;

  tag = u16_field (self, &info, 0);
  switch (tag)
    {
    case CT_CAPNP_TYPE_INFO_NONE:
      event->type.info_kind = CT_TYPE_INFO_NONE;
      return TRUE;

    case CT_CAPNP_TYPE_INFO_STRUCT:
      {
        List fields;

        event->type.info_kind = CT_TYPE_INFO_STRUCT;
        if (!get_list (self, &info, 0, FALSE, &fields, error) ||
            !check_struct_list (self, &fields, &info, 0, error))
          return FALSE;
        event->type.n_fields = fields.count;
        event->type.fields = alloc_array (self, arena, fields.count, sizeof (CtFieldType),
                                          fields.start, error);
        if (fields.count > 0 && event->type.fields == NULL)
          return FALSE;
        for (guint32 i = 0; i < fields.count; i++)
          {
            Obj f;

            list_element (&fields, i, &f);
            if (!get_text (self, &f, 0, &event->type.fields[i].name, error) ||
                !get_unsigned_id (self, &f, 1, &event->type.fields[i].type_id,
                                  &event->deviations, error))
              return FALSE;
          }
        return TRUE;
      }

    case CT_CAPNP_TYPE_INFO_POINTER:
      event->type.info_kind = CT_TYPE_INFO_POINTER;
      return get_unsigned_id (self, &info, 0, &event->type.dereference_type_id,
                              &event->deviations, error);

    default:
      return fail (self, error, CT_TRACE_ERROR_SCHEMA, info.data,
                   "Unknown TypeSpecificInfo kind (union discriminant %u): the trace was "
                   "written with a newer schema", tag);
    }
}

static CtNode *
string_node (CtNode     *node,
             const char *str)
{
  node->type = CT_NODE_STRING;
  node->s.str = str;
  node->s.len = strlen (str);
  return node;
}

/* Assignment.from as the documented JSON form: {"kind":"Simple","0":id} or
 * {"kind":"Compound","0":[ids]}. */
static gboolean
read_rvalue (CtV0Source  *self,
             CtArena     *arena,
             const Obj   *o,
             CtNode     **out,
             guint       *deviations,
             GError     **error)
{
  CtNode *map = ct_arena_new0 (arena, CtNode, 1);
  CtNode *items = ct_arena_new0 (arena, CtNode, 4);
  guint16 tag = u16_field (self, o, 0);

  map->type = CT_NODE_MAP;
  map->c.items = items;
  map->c.n_items = 2;
  string_node (&items[0], "kind");
  string_node (&items[2], "0");

  if (tag == CT_CAPNP_RVALUE_SIMPLE)
    {
      string_node (&items[1], "Simple");
      items[3].type = CT_NODE_INT;
      if (!get_unsigned_id (self, o, 0, &items[3].i, deviations, error))
        return FALSE;
    }
  else if (tag == CT_CAPNP_RVALUE_COMPOUND)
    {
      List ids;

      string_node (&items[1], "Compound");
      if (!get_list (self, o, 0, FALSE, &ids, error) ||
          !check_struct_list (self, &ids, o, 0, error))
        return FALSE;
      items[3].type = CT_NODE_ARRAY;
      items[3].c.n_items = ids.count;
      items[3].c.items = alloc_array (self, arena, ids.count, sizeof (CtNode), ids.start, error);
      if (ids.count > 0 && items[3].c.items == NULL)
        return FALSE;
      for (guint32 i = 0; i < ids.count; i++)
        {
          Obj id;

          list_element (&ids, i, &id);
          items[3].c.items[i].type = CT_NODE_INT;
          items[3].c.items[i].i = (gint64) u64_field (self, &id, 0);
          if (items[3].c.items[i].i < 0)
            *deviations |= CT_DEVIATION_NEGATIVE_ID;
        }
    }
  else
    return fail (self, error, CT_TRACE_ERROR_SCHEMA, o->data,
                 "Unknown RValue kind (union discriminant %u): the trace was written "
                 "with a newer schema", tag);

  *out = map;
  return TRUE;
}

static gboolean
read_event (CtV0Source  *self,
            CtArena     *arena,
            const Obj   *elem,
            CtEvent     *event,
            GError     **error)
{
  guint16 tag = u16_field (self, elem, CT_CAPNP_EVENT_TAG_BYTE);
  guint *dev = &event->deviations;
  Obj o;

  /* every variant but dropLastStep (Void) and the two bare Texts is a
   * struct behind pointer 0 */
  switch (tag)
    {
    case CT_CAPNP_EVENT_VARIABLE_NAME:
    case CT_CAPNP_EVENT_VARIABLE:
    case CT_CAPNP_EVENT_ASM:
    case CT_CAPNP_EVENT_DROP_VARIABLES:
    case CT_CAPNP_EVENT_DROP_LAST_STEP:
      obj_clear (&o);
      break;

    default:
      if (tag >= CT_CAPNP_N_EVENT_TAGS)
        return fail (self, error, CT_TRACE_ERROR_SCHEMA, elem->data,
                     "Unknown TraceLowLevelEvent variant (union discriminant %u): the "
                     "trace was written with a newer schema", tag);
      if (!get_struct (self, elem, CT_CAPNP_EVENT_PTR_PAYLOAD, &o, error))
        return FALSE;
      break;
    }

  switch (tag)
    {
    case CT_CAPNP_EVENT_STEP:
      event->kind = CT_EVENT_STEP;
      return get_unsigned_id (self, &o, 0, &event->step.path_id, dev, error) &&
             get_id (self, &o, 1, &event->step.line, error);

    case CT_CAPNP_EVENT_PATH:
      event->kind = CT_EVENT_PATH;
      return get_text (self, &o, 0, &event->name, error);

    case CT_CAPNP_EVENT_VARIABLE_NAME:
      event->kind = CT_EVENT_VARIABLE_NAME;
      return get_text (self, elem, CT_CAPNP_EVENT_PTR_PAYLOAD, &event->name, error);

    case CT_CAPNP_EVENT_VARIABLE:
      event->kind = CT_EVENT_VARIABLE;
      *dev |= CT_DEVIATION_LEGACY_VARIABLE;
      return get_text (self, elem, CT_CAPNP_EVENT_PTR_PAYLOAD, &event->name, error);

    case CT_CAPNP_EVENT_TYPE:
      event->kind = CT_EVENT_TYPE;
      return read_type (self, arena, &o, event, error);

    case CT_CAPNP_EVENT_VALUE:
      event->kind = CT_EVENT_VALUE;
      return read_full_value (self, arena, &o, 3, &event->value, dev, error);

    case CT_CAPNP_EVENT_FUNCTION:
      event->kind = CT_EVENT_FUNCTION;
      return get_unsigned_id (self, &o, 0, &event->function.path_id, dev, error) &&
             get_id (self, &o, 1, &event->function.line, error) &&
             get_text (self, &o, 2, &event->function.name, error);

    case CT_CAPNP_EVENT_CALL:
      {
        List args;

        event->kind = CT_EVENT_CALL;
        if (!get_unsigned_id (self, &o, 0, &event->call.function_id, dev, error) ||
            !get_list (self, &o, 1, FALSE, &args, error) ||
            !check_struct_list (self, &args, &o, 1, error))
          return FALSE;
        event->call.n_args = args.count;
        event->call.args = alloc_array (self, arena, args.count, sizeof (CtFullValue),
                                        args.start, error);
        if (args.count > 0 && event->call.args == NULL)
          return FALSE;
        for (guint32 i = 0; i < args.count; i++)
          {
            Obj arg;

            list_element (&args, i, &arg);
            /* {"Call": {"args": [{"value": {...}}]}} */
            if (!read_full_value (self, arena, &arg, 5, &event->call.args[i], dev, error))
              return FALSE;
          }
        return TRUE;
      }

    case CT_CAPNP_EVENT_RETURN:
      event->kind = CT_EVENT_RETURN;
      return read_value_ptr (self, arena, &o, 0, 3, &event->ret.return_value, dev, error);

    case CT_CAPNP_EVENT_EVENT:
      {
        guint16 ordinal = u16_field (self, &o, 0);

        event->kind = CT_EVENT_EVENT;
        event->io.kind = _ct_capnp_event_log_kind_from_ordinal (ordinal);
        if (event->io.kind >= CT_N_EVENT_LOG_KINDS)
          *dev |= CT_DEVIATION_UNKNOWN_ENUM;
        return get_text (self, &o, CT_CAPNP_IO_PTR_METADATA, &event->io.metadata, error) &&
               get_text (self, &o, CT_CAPNP_IO_PTR_CONTENT, &event->io.content, error);
      }

    case CT_CAPNP_EVENT_ASM:
      {
        List lines;

        event->kind = CT_EVENT_ASM;
        if (!get_list (self, elem, CT_CAPNP_EVENT_PTR_PAYLOAD, FALSE, &lines, error) ||
            !check_struct_list (self, &lines, elem, CT_CAPNP_EVENT_PTR_PAYLOAD, error))
          return FALSE;
        event->asm_.n_lines = lines.count;
        event->asm_.lines = alloc_array (self, arena, lines.count, sizeof (CtStr),
                                         lines.start, error);
        if (lines.count > 0 && event->asm_.lines == NULL)
          return FALSE;
        for (guint32 i = 0; i < lines.count; i++)
          {
            Obj line;

            list_element (&lines, i, &line);
            if (!get_text (self, &line, 0, &event->asm_.lines[i], error))
              return FALSE;
          }
        return TRUE;
      }

    case CT_CAPNP_EVENT_BIND_VARIABLE:
    case CT_CAPNP_EVENT_VARIABLE_CELL:
      event->kind = tag == CT_CAPNP_EVENT_BIND_VARIABLE ? CT_EVENT_BIND_VARIABLE
                                                        : CT_EVENT_VARIABLE_CELL;
      return get_unsigned_id (self, &o, 0, &event->bind.variable_id, dev, error) &&
             get_id (self, &o, 1, &event->bind.place, error);

    case CT_CAPNP_EVENT_ASSIGNMENT:
      {
        guint16 pass_by = u16_field (self, &o, 0);
        Obj from;

        event->kind = CT_EVENT_ASSIGNMENT;
        if (pass_by > 1)
          return fail (self, error, CT_TRACE_ERROR_SCHEMA, o.data,
                       "Unknown PassBy value %u: the trace was written with a newer schema",
                       pass_by);
        event->assignment.by_reference = pass_by == 1;
        return get_unsigned_id (self, &o, 0, &event->assignment.to, dev, error) &&
               get_struct (self, &o, 1, &from, error) &&
               read_rvalue (self, arena, &from, &event->assignment.from, dev, error);
      }

    case CT_CAPNP_EVENT_DROP_VARIABLES:
      {
        List ids;

        event->kind = CT_EVENT_DROP_VARIABLES;
        if (!get_list (self, elem, CT_CAPNP_EVENT_PTR_PAYLOAD, FALSE, &ids, error) ||
            !check_struct_list (self, &ids, elem, CT_CAPNP_EVENT_PTR_PAYLOAD, error))
          return FALSE;
        event->drop_variables.n_ids = ids.count;
        event->drop_variables.ids = alloc_array (self, arena, ids.count, sizeof (gint64),
                                                 ids.start, error);
        if (ids.count > 0 && event->drop_variables.ids == NULL)
          return FALSE;
        for (guint32 i = 0; i < ids.count; i++)
          {
            Obj id;

            list_element (&ids, i, &id);
            event->drop_variables.ids[i] = (gint64) u64_field (self, &id, 0);
            if (event->drop_variables.ids[i] < 0)
              *dev |= CT_DEVIATION_NEGATIVE_ID;
          }
        return TRUE;
      }

    case CT_CAPNP_EVENT_COMPOUND_VALUE:
    case CT_CAPNP_EVENT_CELL_VALUE:
    case CT_CAPNP_EVENT_ASSIGN_CELL:
      event->kind = tag == CT_CAPNP_EVENT_COMPOUND_VALUE ? CT_EVENT_COMPOUND_VALUE :
                    tag == CT_CAPNP_EVENT_CELL_VALUE ? CT_EVENT_CELL_VALUE :
                    CT_EVENT_ASSIGN_CELL;
      return get_id (self, &o, 0, &event->place_value.place, error) &&
             read_value_ptr (self, arena, &o, 1, 3, &event->place_value.value, dev, error);

    case CT_CAPNP_EVENT_ASSIGN_COMPOUND_ITEM:
      event->kind = CT_EVENT_ASSIGN_COMPOUND_ITEM;
      event->assign_item.index = (gint64) u64_field (self, &o, 0);
      if (event->assign_item.index < 0)
        *dev |= CT_DEVIATION_NEGATIVE_ID;
      return get_id (self, &o, 0, &event->assign_item.place, error) &&
             get_id (self, &o, 1, &event->assign_item.item_place, error);

    case CT_CAPNP_EVENT_DROP_VARIABLE:
      event->kind = CT_EVENT_DROP_VARIABLE;
      event->variable_id = (gint64) u64_field (self, &o, 0);
      if (event->variable_id < 0)
        *dev |= CT_DEVIATION_NEGATIVE_ID;
      return TRUE;

    case CT_CAPNP_EVENT_THREAD_START:
    case CT_CAPNP_EVENT_THREAD_EXIT:
    case CT_CAPNP_EVENT_THREAD_SWITCH:
      event->kind = tag == CT_CAPNP_EVENT_THREAD_START ? CT_EVENT_THREAD_START :
                    tag == CT_CAPNP_EVENT_THREAD_EXIT ? CT_EVENT_THREAD_EXIT :
                    CT_EVENT_THREAD_SWITCH;
      event->thread_id = u64_field (self, &o, 0);
      return TRUE;

    case CT_CAPNP_EVENT_DROP_LAST_STEP:
      event->kind = CT_EVENT_DROP_LAST_STEP;
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

/* ---- the backend ---- */

/* The pages read so far are file-backed and may be needed again (pointers
 * can go backwards, seeks anywhere): dropping them only lowers our resident
 * size, the kernel maps them again from the page cache (or reads them back)
 * when they are touched. */
static void
drop_pages (CtV0Source *self)
{
  gsize page = sysconf (_SC_PAGESIZE);
  gsize len = self->unpacked / page * page;

  madvise (self->map, len, MADV_DONTNEED);
  self->dropped_at = self->unpacked;
  self->seeks_since_drop = 0;
}

static CtReadStatus
ct_v0_source_next (CtReaderBackend  *backend,
                   CtArena          *arena,
                   CtEvent          *event,
                   guint64          *offset,
                   gint64           *frame,
                   GError          **error)
{
  CtV0Source *self = (CtV0Source *) backend;
  Obj elem;

  /* the previous event's data goes, as in the other backends */
  ct_arena_reset (arena);
  *frame = -1;
  memset (event, 0, sizeof *event);

  if (self->open_error != NULL)
    {
      *offset = self->error_offset;
      g_propagate_error (error, g_error_copy (self->open_error));
      return CT_READ_ERROR;
    }

  if (self->next_index >= self->events.count)
    {
      self->at_end = TRUE;
      *offset = self->map_size;
      return CT_READ_END;
    }

  list_element (&self->events, self->next_index, &elem);
  /* an event that fails is skipped: the next call tries the next one */
  self->next_index++;
  *offset = elem.data;

  /* no legitimate event reads more than the whole message */
  self->budget = self->total_words + 8;
  if (!charge (self, MAX (self->events.step / CT_CAPNP_WORD, 1), elem.data, error) ||
      !ensure (self, elem.data + self->events.step, error) ||
      !read_event (self, arena, &elem, event, error))
    {
      *offset = self->error_offset;
      return CT_READ_ERROR;
    }

  if (self->tmp_fd >= 0 && self->unpacked - self->dropped_at >= DROP_INTERVAL)
    drop_pages (self);

  return CT_READ_OK;
}

static guint64
ct_v0_source_position (CtReaderBackend *backend)
{
  CtV0Source *self = (CtV0Source *) backend;

  if (self->at_end)
    return self->file_size;
  return _ct_capnp_unpacker_get_position (self->unpacker);
}

static void
ct_v0_source_free (CtReaderBackend *backend)
{
  CtV0Source *self = (CtV0Source *) backend;

  if (self == NULL)
    return;
  if (self->tmp_fd >= 0)
    {
      if (self->map != NULL)
        munmap (self->map, self->map_size);
      close (self->tmp_fd);
    }
  g_clear_error (&self->open_error);
  g_free (self->heap);
  g_free (self->chunk);
  g_free (self->seg_start);
  g_free (self->seg_words);
  _ct_capnp_unpacker_free (self->unpacker);
  if (self->fd >= 0)
    close (self->fd);
  g_free (self);
}

static gboolean
ct_v0_source_seek (CtReaderBackend  *backend,
                   guint64           offset,
                   GError          **error)
{
  CtV0Source *self = (CtV0Source *) backend;
  guint64 index;

  if (self->open_error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->open_error));
      return FALSE;
    }

  /* next() reports the end of the list as the message's size */
  if (offset == self->map_size)
    {
      index = self->events.count;
    }
  else if (self->events.step == 0 || offset < self->events.start ||
           (offset - self->events.start) % self->events.step != 0 ||
           (offset - self->events.start) / self->events.step >= self->events.count)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "no event starts at byte %" G_GUINT64_FORMAT " of the unpacked Cap'n Proto message "
                   "(its %u events are %u bytes apart from byte %" G_GUINT64_FORMAT ")",
                   offset, self->events.count, self->events.step, self->events.start);
      return FALSE;
    }
  else
    {
      index = (offset - self->events.start) / self->events.step;
    }

  self->next_index = index;
  self->at_end = FALSE;
  /* The global budget bounds the work of one walk through the list, so
   * that events sharing their contents cannot make a read quadratic. A
   * seek starts a new walk, whose reads the caller asked for again. */
  self->global_budget = self->walk_budget;

  /* Reads no longer go in file order: no more read-ahead for them, nor
   * early eviction of the pages read. */
  if (self->tmp_fd >= 0 && !self->random_access)
    {
      madvise (self->map, self->map_size, MADV_NORMAL);
      self->random_access = TRUE;
    }
  if (self->tmp_fd >= 0 && ++self->seeks_since_drop >= DROP_SEEKS)
    drop_pages (self);

  return TRUE;
}

static const CtReaderBackendClass ct_v0_source_class = {
  .next = ct_v0_source_next,
  .position = ct_v0_source_position,
  .free = ct_v0_source_free,
  .seek = ct_v0_source_seek,
};

void
_ct_v0_backend_set_chunk_size (CtReaderBackend *backend,
                               gsize            chunk_size)
{
  CtV0Source *self = (CtV0Source *) backend;

  g_return_if_fail (backend->klass == &ct_v0_source_class);

  chunk_size = MAX (chunk_size / CT_CAPNP_WORD, 1) * CT_CAPNP_WORD;
  self->chunk = g_realloc (self->chunk, chunk_size);
  self->chunk_size = chunk_size;
}

void
_ct_v0_backend_set_in_memory_limit (gsize bytes)
{
  in_memory_limit = bytes;
}

/* The unpacked message is about three times the packed file. /var/tmp is
 * the place for large temporary files and normally on disk, where /tmp is
 * often in RAM; an explicit $TMPDIR wins. */
static gboolean
open_unpack_file (CtV0Source  *self,
                  GError     **error)
{
  const char *dirs[2] = { NULL, g_get_tmp_dir () };

  if (g_getenv ("TMPDIR") == NULL && access ("/var/tmp", W_OK) == 0)
    dirs[0] = "/var/tmp";

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = NULL;
      int saved_errno;

      if (dirs[i] == NULL)
        continue;
      path = g_build_filename (dirs[i], "codetrace-v0-XXXXXX", NULL);
      self->tmp_fd = g_mkstemp (path);
      if (self->tmp_fd >= 0)
        {
          /* unlinked at once: nothing is left behind, even after a crash */
          g_unlink (path);
          return TRUE;
        }

      saved_errno = errno;
      if (i + 1 == G_N_ELEMENTS (dirs))
        {
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       "Cannot create a temporary file in %s to unpack trace.bin into: %s",
                       dirs[i], g_strerror (saved_errno));
          return FALSE;
        }
    }

  g_assert_not_reached ();
}

/* Reads the segment table and prepares the place the message unpacks to. */
static gboolean
open_message (CtV0Source  *self,
              GError     **error)
{
  guint8 first[CT_CAPNP_WORD];
  g_autofree guint8 *table = NULL;
  guint64 n_segments;
  guint64 table_bytes;
  guint64 packed_bytes;
  guint64 total;
  gsize got = 0;

  if (!_ct_capnp_unpacker_read (self->unpacker, first, sizeof first, &got, error))
    return FALSE;
  if (got < sizeof first)
    {
      g_set_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_TRUNCATED,
                   "trace.bin ends at byte %" G_GUINT64_FORMAT
                   ", before the Cap'n Proto segment table",
                   _ct_capnp_unpacker_get_position (self->unpacker));
      return FALSE;
    }

  n_segments = (guint64) (first[0] | (first[1] << 8) | (first[2] << 16) |
                          ((guint32) first[3] << 24)) + 1;
  if (n_segments > MAX_SEGMENTS)
    {
      g_set_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_CORRUPT,
                   "Cap'n Proto segment table claims %" G_GUINT64_FORMAT
                   " segments (at most %u accepted)", n_segments, MAX_SEGMENTS);
      return FALSE;
    }

  table_bytes = (4 + 4 * n_segments + 7) / 8 * 8;
  table = g_malloc (table_bytes);
  memcpy (table, first, sizeof first);
  if (table_bytes > sizeof first)
    {
      if (!_ct_capnp_unpacker_read (self->unpacker, table + sizeof first,
                                    table_bytes - sizeof first, &got, error))
        return FALSE;
      if (got < table_bytes - sizeof first)
        {
          g_set_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_TRUNCATED,
                       "trace.bin ends at byte %" G_GUINT64_FORMAT
                       ", inside the Cap'n Proto segment table",
                       _ct_capnp_unpacker_get_position (self->unpacker));
          return FALSE;
        }
    }

  self->n_segments = n_segments;
  self->seg_start = g_new (guint64, n_segments);
  self->seg_words = g_new (guint32, n_segments);
  total = table_bytes;
  for (guint32 i = 0; i < n_segments; i++)
    {
      const guint8 *p = table + 4 + 4 * i;

      self->seg_words[i] = p[0] | (p[1] << 8) | (p[2] << 16) | ((guint32) p[3] << 24);
      self->seg_start[i] = total;
      total += (guint64) self->seg_words[i] * CT_CAPNP_WORD;
      self->total_words += self->seg_words[i];
    }

  packed_bytes = self->file_size > CT_BINARY_HEADER_SIZE
                 ? self->file_size - CT_BINARY_HEADER_SIZE : 0;
  if (total / MAX_UNPACK_RATIO > packed_bytes + 1)
    {
      /* a cut file or a damaged table: the former is far more common */
      g_set_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_TRUNCATED,
                   "trace.bin is truncated or its Cap'n Proto segment table is damaged: "
                   "the table describes a message of %" G_GUINT64_FORMAT " bytes, more "
                   "than the %" G_GUINT64_FORMAT " packed bytes after byte 8 can hold",
                   total, packed_bytes);
      return FALSE;
    }
  if (total > G_MAXSIZE)
    {
      g_set_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_LIMIT,
                   "Cap'n Proto message of %" G_GUINT64_FORMAT " bytes is too large for "
                   "this system's address space", total);
      return FALSE;
    }
  if (self->seg_words[0] == 0)
    {
      g_set_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_CORRUPT,
                   "Cap'n Proto segment 0 is empty: the message has no root");
      return FALSE;
    }

  self->map_size = total;
  if (total <= in_memory_limit)
    {
      self->heap = g_malloc (total);
      self->map = self->heap;
      memcpy (self->heap, table, table_bytes);
    }
  else
    {
      void *map;

      if (!open_unpack_file (self, error))
        return FALSE;

      /* Mapped at its final size while still empty: only the prefix that
       * ensure() has written is ever touched. */
      map = mmap (NULL, total, PROT_READ, MAP_SHARED, self->tmp_fd, 0);
      if (map == MAP_FAILED)
        {
          int saved_errno = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       "Cannot map the unpacked trace (%" G_GUINT64_FORMAT " bytes): %s",
                       total, g_strerror (saved_errno));
          return FALSE;
        }
      self->map = map;
      madvise (self->map, total, MADV_SEQUENTIAL);
      if (!write_all (self->tmp_fd, table, table_bytes, error))
        return FALSE;
    }
  self->unpacked = table_bytes;

  return TRUE;
}

static gboolean
open_events (CtV0Source  *self,
             GError     **error)
{
  Obj root_holder = { 0, };
  Obj trace;

  root_holder.seg = 0;
  root_holder.data = self->seg_start[0];
  root_holder.ptrs = self->seg_start[0];
  root_holder.n_ptrs = 1;

  self->budget = self->global_budget = G_MAXUINT64;
  if (!ensure (self, self->seg_start[0] + CT_CAPNP_WORD, error) ||
      !get_struct (self, &root_holder, 0, &trace, error) ||
      !get_list (self, &trace, CT_CAPNP_TRACE_PTR_EVENTS, TRUE, &self->events, error) ||
      !check_struct_list (self, &self->events, &trace, CT_CAPNP_TRACE_PTR_EVENTS, error))
    return FALSE;

  /* Empty elements cost no bytes: a few bytes could then claim 2^29 events.
   * Writers give every event its tag word. */
  if (self->events.count > 0 && self->events.step == 0)
    return fail (self, error, CT_TRACE_ERROR_CORRUPT, self->events.start,
                 "The events list has %u elements of size zero", self->events.count);

  /* Legitimate events together read each word once at most; the slack
   * covers far-pointer pads and empty events. */
  self->global_budget = 2 * self->total_words + 8 * (guint64) self->events.count + 1024;
  self->walk_budget = self->global_budget;
  return TRUE;
}

CtReaderBackend *
_ct_v0_backend_new (int       fd,
                    guint64   file_size,
                    GError  **error)
{
  CtV0Source *self = g_new0 (CtV0Source, 1);

  self->parent.klass = &ct_v0_source_class;
  self->fd = fd;
  self->tmp_fd = -1;
  self->file_size = file_size;
  self->unpacker = _ct_capnp_unpacker_new (fd, CT_BINARY_HEADER_SIZE);
  self->chunk_size = DEFAULT_CHUNK_SIZE;
  self->chunk = g_malloc (self->chunk_size);

  /* A damaged or cut message still opens; the first next() reports why it
   * has no events, as the other backends do for damage in their first
   * event, so that a lenient reader stops cleanly instead of refusing. */
  if (!open_message (self, &self->open_error) || !open_events (self, &self->open_error))
    memset (&self->events, 0, sizeof self->events);

  return &self->parent;
}
