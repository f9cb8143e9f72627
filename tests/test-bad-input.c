/* test-bad-input.c
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Damaged and hostile input: every truncation point and many flipped bytes
 * of a small real trace in each encoding, wrong headers, and the broken
 * variants of gen_trace.py (wrong types, 100 000 levels of nesting, a 100 MB
 * string, invalid UTF-8, NaN, a cut file), plus the same deep nesting as CBOR
 * in a trace.bin v1 built here by hand. Nothing may crash or hang; errors
 * must say which file, which event and (for JSON) where. Event positions are
 * found independently, by scanning the JSON text here. */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <json-glib/json-glib.h>
#include <zstd.h>

#include "codetrace.h"
#include "ct-test-utils.h"

#define PYTHON "/usr/bin/python3"

#if defined(__SANITIZE_ADDRESS__)
# define UNDER_ASAN 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define UNDER_ASAN 1
# endif
#endif
#ifndef UNDER_ASAN
# define UNDER_ASAN 0
#endif

typedef CtTestDirFixture Fixture;

/* ---- helpers ---- */

typedef struct
{
  gboolean    opened;   /* ct_reader_new() succeeded */
  GError     *error;    /* from ct_reader_new() or ct_reader_next() (strict) */
  GError     *stop;     /* lenient: the stop error */
  GPtrArray  *lines;    /* the events read */
} ReadOutcome;

static void
read_outcome_clear (ReadOutcome *r)
{
  g_clear_error (&r->error);
  g_clear_error (&r->stop);
  g_clear_pointer (&r->lines, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ReadOutcome, read_outcome_clear)

/* Reads a whole trace and records what happened; never fails the test except
 * when lenient mode reports an error through ct_reader_next(). */
static void
read_outcome (const char    *path,
              CtReaderFlags  flags,
              ReadOutcome   *r)
{
  g_autoptr(CtReader) reader = NULL;
  const CtEvent *e;

  memset (r, 0, sizeof *r);
  r->lines = g_ptr_array_new_with_free_func (g_free);
  reader = ct_reader_new (path, flags, &r->error);
  if (reader == NULL)
    {
      g_assert_nonnull (r->error);
      return;
    }
  g_assert_no_error (r->error);
  r->opened = TRUE;
  while ((e = ct_reader_next (reader, &r->error)) != NULL)
    {
      g_assert_no_error (r->error);
      g_ptr_array_add (r->lines, ct_test_event_json (e));
    }
  if (flags & CT_READER_LENIENT)
    {
      g_assert_no_error (r->error);
      if (ct_reader_get_stop_error (reader) != NULL)
        r->stop = g_error_copy (ct_reader_get_stop_error (reader));
    }
  else
    g_assert_null (ct_reader_get_stop_error (reader));
  /* reading on after the end or an error gives nothing more */
  {
    g_autoptr(GError) again = NULL;

    g_assert_null (ct_reader_next (reader, &again));
    g_assert_no_error (again);
  }
}

static gboolean
message_has_event (const GError *error,
                   guint64       index)
{
  g_autofree char *word = g_strdup_printf ("event %" G_GUINT64_FORMAT " ", index);

  return strstr (error->message, word) != NULL;
}

/* The events read from a damaged copy are the first events of the whole one */
static void
assert_prefix (GPtrArray  *whole,
               GPtrArray  *part,
               const char *what)
{
  g_assert_cmpuint (part->len, <=, whole->len);
  for (guint i = 0; i < part->len; i++)
    if (strcmp (g_ptr_array_index (whole, i), g_ptr_array_index (part, i)) != 0)
      g_error ("%s: event %u is not the original's:\n  original: %s\n  read:     %s", what, i,
               (const char *) g_ptr_array_index (whole, i), (const char *) g_ptr_array_index (part, i));
}

/* An independent scanner of the top-level elements of a JSON array: the
 * [start, end) byte range of every complete element. Iterative, so 100 000
 * levels of nesting are fine. */
typedef struct
{
  gsize start;
  gsize end;
} Span;

static GArray *
json_spans (const char *data,
            gsize       len,
            gboolean   *out_closed)
{
  GArray *spans = g_array_new (FALSE, FALSE, sizeof (Span));
  gsize depth = 0, start = 0;
  gboolean in_string = FALSE, escape = FALSE, in_element = FALSE;

  *out_closed = FALSE;
  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (escape)
            escape = FALSE;
          else if (c == '\\')
            escape = TRUE;
          else if (c == '"')
            {
              in_string = FALSE;
              if (depth == 1 && in_element)
                {
                  Span s = { start, i + 1 };
                  g_array_append_val (spans, s);
                  in_element = FALSE;
                }
            }
          continue;
        }
      switch (c)
        {
        case '"':
          in_string = TRUE;
          if (depth == 1 && !in_element)
            {
              start = i;
              in_element = TRUE;
            }
          break;
        case '{':
        case '[':
          if (depth == 1 && !in_element)
            {
              start = i;
              in_element = TRUE;
            }
          depth++;
          break;
        case '}':
        case ']':
          g_assert_cmpuint (depth, >, 0);
          depth--;
          if (depth == 0)
            {
              *out_closed = TRUE;
              return spans;
            }
          if (depth == 1 && in_element)
            {
              Span s = { start, i + 1 };
              g_array_append_val (spans, s);
              in_element = FALSE;
            }
          break;
        default:
          break;
        }
    }
  return spans;
}

static guint
span_index_at (GArray *spans,
               gsize   offset)
{
  for (guint i = 0; i < spans->len; i++)
    {
      Span *s = &g_array_index (spans, Span, i);
      if (offset >= s->start && offset < s->end)
        return i;
    }
  g_error ("no event contains byte %" G_GSIZE_FORMAT, offset);
  return 0;
}

static guint
span_index_containing (const char *data,
                       GArray     *spans,
                       const char *needle)
{
  for (guint i = 0; i < spans->len; i++)
    {
      Span *s = &g_array_index (spans, Span, i);
      if (g_strstr_len (data + s->start, s->end - s->start, needle) != NULL)
        return i;
    }
  g_error ("no event contains %s", needle);
  return 0;
}

static void
write_bytes (const char *path,
             const char *data,
             gsize       len)
{
  /* plain stdio: thousands of copies are written, no fsync wanted (and
   * g_file_set_contents_full() without CONSISTENT does not truncate) */
  FILE *fp = fopen (path, "wb");

  g_assert_nonnull (fp);
  g_assert_cmpuint (fwrite (data, 1, len, fp), ==, len);
  g_assert_cmpint (fclose (fp), ==, 0);
}

/* gen_trace.py --events N --seed 1 --broken MODE OUT; the trace.json path,
 * or NULL after g_test_skip() (python3 or gen_trace.py missing) or after
 * failing the test (gen_trace.py failed) */
static char *
gen_broken (Fixture    *f,
            const char *mode,
            guint       n_events)
{
  g_autofree char *out = g_build_filename (f->dir, mode, NULL);

  if (!ct_test_gen_trace (out, n_events, 1, mode))
    return NULL;
  return g_build_filename (out, "trace.json", NULL);
}

static char *
read_text (const char *path,
           gsize      *len)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;

  g_file_get_contents (path, &data, len, &error);
  g_assert_no_error (error);
  return data;
}

/* Contract violations that should not stop the loop over every damaged
 * copy: counted by kind, the first example of each kept, and reported as
 * one test failure at the end. */
typedef struct
{
  GHashTable *counts;   /* kind -> count */
  GHashTable *examples; /* kind -> first example */
} Problems;

static void
problems_init (Problems *p)
{
  p->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  p->examples = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static void G_GNUC_PRINTF (3, 4)
problem (Problems   *p,
         const char *kind,
         const char *format,
         ...)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (p->counts, kind));
  va_list args;

  if (n == 0)
    {
      va_start (args, format);
      g_hash_table_insert (p->examples, g_strdup (kind), g_strdup_vprintf (format, args));
      va_end (args);
    }
  g_hash_table_insert (p->counts, g_strdup (kind), GUINT_TO_POINTER (n + 1));
}

static void
problems_finish (Problems *p)
{
  g_autoptr(GString) summary = g_string_new (NULL);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, p->counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_string_append_printf (summary, "%s%s: %u times, e.g. %s", summary->len > 0 ? "; " : "",
                              (const char *) key, GPOINTER_TO_UINT (value),
                              (const char *) g_hash_table_lookup (p->examples, key));
      g_test_message ("FAILED: %s: %u times, e.g. %s", (const char *) key, GPOINTER_TO_UINT (value),
                      (const char *) g_hash_table_lookup (p->examples, key));
    }
  if (summary->len > 0)
    g_test_fail_printf ("%s", summary->str);
  g_hash_table_unref (p->counts);
  g_hash_table_unref (p->examples);
}

/* ---- every truncation point ---- */

static void
truncate_all (Fixture    *f,
              const char *encoding_dir)
{
  g_autofree char *src = ct_test_require_fixture_trace_file ("py-calc", encoding_dir);
  g_autofree char *data = NULL;
  g_autofree char *cut_path = NULL;
  g_autoptr(GArray) spans = NULL;
  g_auto(ReadOutcome) whole = { 0 };
  gboolean is_json = strcmp (encoding_dir, "json") == 0;
  gboolean closed = FALSE;
  gsize len, close_end = 0;
  Problems problems;

  if (src == NULL)
    return;
  problems_init (&problems);
  data = read_text (src, &len);
  read_outcome (src, CT_READER_FLAGS_NONE, &whole);
  g_assert_no_error (whole.error);
  g_assert_cmpuint (whole.lines->len, ==, 29); /* fixtures README: py-calc */

  if (is_json)
    {
      spans = json_spans (data, len, &closed);
      g_assert_true (closed);
      g_assert_cmpuint (spans->len, ==, 29);
      close_end = (const char *) memchr (data + g_array_index (spans, Span, 28).end, ']',
                                         len - g_array_index (spans, Span, 28).end) - data + 1;
    }

  cut_path = g_build_filename (f->dir, is_json ? "trace.json" : "trace.bin", NULL);
  for (gsize cut = 0; cut < len; cut++)
    {
      g_auto(ReadOutcome) strict = { 0 };
      g_auto(ReadOutcome) lenient = { 0 };
      g_autofree char *what = g_strdup_printf ("%s cut at %" G_GSIZE_FORMAT, encoding_dir, cut);
      guint complete = 0;

      write_bytes (cut_path, data, cut);
      read_outcome (cut_path, CT_READER_FLAGS_NONE, &strict);
      read_outcome (cut_path, CT_READER_LENIENT, &lenient);

      if (is_json)
        {
          for (guint i = 0; i < spans->len; i++)
            if (g_array_index (spans, Span, i).end <= cut)
              complete++;
        }

      /* strict: an error naming the file, unless only trailing space was cut */
      if (is_json && cut >= close_end)
        {
          g_assert_no_error (strict.error);
          g_assert_cmpuint (strict.lines->len, ==, 29);
        }
      else
        {
          if (strict.error == NULL)
            g_error ("%s: read %u events without an error", what, strict.lines->len);
          if (strstr (strict.error->message, cut_path) == NULL)
            g_error ("%s: the error does not name the file: %s", what, strict.error->message);
          if (strict.opened && !message_has_event (strict.error, strict.lines->len))
            g_error ("%s: the error does not name event %u: %s", what, strict.lines->len,
                     strict.error->message);
          if (strict.opened)
            g_assert_true (strict.error->domain == CT_TRACE_ERROR);
        }
      assert_prefix (whole.lines, strict.lines, what);

      /* lenient: every complete event, then a clean stop */
      assert_prefix (whole.lines, lenient.lines, what);
      if (!lenient.opened)
        {
          /* only a file too short for its header may fail to open */
          g_assert_nonnull (strstr (lenient.error->message, cut_path));
          if (is_json || cut >= CT_BINARY_HEADER_SIZE)
            problem (&problems, "lenient reader refuses to open (no events, no clean stop)",
                     "%s: %s", what, lenient.error->message);
          continue;
        }
      if (is_json)
        {
          if (lenient.lines->len != complete)
            g_error ("%s: lenient read %u events, %u are complete", what, lenient.lines->len, complete);
          if (cut < close_end)
            {
              g_assert_nonnull (lenient.stop);
              g_assert_nonnull (strstr (lenient.stop->message, cut_path));
              g_assert_true (message_has_event (lenient.stop, complete));
            }
        }
      else
        {
          /* stopping early must be explained; a copy whose events are all
           * there (only the seek table cut) may read as whole */
          if (lenient.stop == NULL && lenient.lines->len < whole.lines->len)
            problem (&problems, "lenient read stops early without a stop error",
                     "%s: %u of %u events read, and no stop error", what,
                     lenient.lines->len, whole.lines->len);
          if (lenient.stop != NULL)
            {
              g_assert_nonnull (strstr (lenient.stop->message, cut_path));
              g_assert_true (message_has_event (lenient.stop, lenient.lines->len));
            }
          /* strict and lenient agree on what is readable before the damage */
          g_assert_cmpuint (lenient.lines->len, >=, strict.lines->len);
        }
    }
  problems_finish (&problems);
}

static void
test_truncate_json (Fixture       *f,
                    gconstpointer  data)
{
  truncate_all (f, "json");
}

static void
test_truncate_v1 (Fixture       *f,
                  gconstpointer  data)
{
  truncate_all (f, "v1");
}

static void
test_truncate_v0 (Fixture       *f,
                  gconstpointer  data)
{
  truncate_all (f, "v0");
}

/* ---- flipped bytes ---- */

static void
flip_all (Fixture    *f,
          const char *encoding_dir)
{
  static const guint8 masks[] = { 0xFF, 0x01, 0x80 };
  g_autofree char *src = ct_test_require_fixture_trace_file ("py-calc", encoding_dir);
  g_autofree char *data = NULL;
  g_autofree char *path = NULL;
  gsize len;
  guint n_errors = 0, n_ok = 0;

  if (src == NULL)
    return;
  data = read_text (src, &len);
  path = g_build_filename (f->dir, strcmp (encoding_dir, "json") == 0 ? "trace.json" : "trace.bin", NULL);

  for (gsize pos = 0; pos < len; pos++)
    for (guint m = 0; m < G_N_ELEMENTS (masks); m++)
      {
        g_auto(ReadOutcome) strict = { 0 };
        g_auto(ReadOutcome) lenient = { 0 };

        data[pos] ^= masks[m];
        write_bytes (path, data, len);
        data[pos] ^= masks[m];

        read_outcome (path, CT_READER_FLAGS_NONE, &strict);
        read_outcome (path, CT_READER_LENIENT, &lenient);

        if (strict.error != NULL)
          {
            n_errors++;
            if (strstr (strict.error->message, path) == NULL)
              g_error ("%s byte %" G_GSIZE_FORMAT " ^ 0x%02X: the error does not name the file: %s",
                       encoding_dir, pos, masks[m], strict.error->message);
            if (strict.opened && !message_has_event (strict.error, strict.lines->len))
              g_error ("%s byte %" G_GSIZE_FORMAT " ^ 0x%02X: the error does not name event %u: %s",
                       encoding_dir, pos, masks[m], strict.lines->len, strict.error->message);
          }
        else
          n_ok++;
        if (lenient.stop != NULL)
          g_assert_nonnull (strstr (lenient.stop->message, path));
        /* lenient reads at least what strict read before the damage */
        if (lenient.opened)
          g_assert_cmpuint (lenient.lines->len, >=, strict.lines->len);
      }
  g_test_message ("%s: %u damaged copies refused, %u read", encoding_dir, n_errors, n_ok);
  g_assert_cmpuint (n_errors, >, 0);
}

static void
test_flip_json (Fixture       *f,
                gconstpointer  data)
{
  flip_all (f, "json");
}

static void
test_flip_v1 (Fixture       *f,
              gconstpointer  data)
{
  flip_all (f, "v1");
}

static void
test_flip_v0 (Fixture       *f,
              gconstpointer  data)
{
  flip_all (f, "v0");
}

/* ---- headers ---- */

static void
test_wrong_header (Fixture       *f,
                   gconstpointer  data)
{
  static const char * const headers[] = {
    "\xC0\xDE\x72\xAC\xE2\x07\x00\x00",
    "\xC0\xDE\x72\xAC\xE2\x01\x00\x01",
    "\xC0\xDE\x72\xAC\xE2\x02",
    "\xC0\xDE\x72\xAC\xE2",
  };
  g_autofree char *v1 = ct_test_require_fixture_trace_file ("py-calc", "v1");
  g_autofree char *body = NULL;
  g_autofree char *path = NULL;
  gsize len;

  if (v1 == NULL)
    return;
  body = read_text (v1, &len);
  path = g_build_filename (f->dir, "trace.bin", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    for (guint lenient = 0; lenient < 2; lenient++)
      {
        g_autoptr(GByteArray) bytes = g_byte_array_new ();
        g_autoptr(GError) error = NULL;
        g_autoptr(CtReader) reader = NULL;
        gsize header_len = i < 2 ? 8 : i == 2 ? 6 : 5;

        g_byte_array_append (bytes, (const guint8 *) headers[i], header_len);
        if (i < 2)
          g_byte_array_append (bytes, (const guint8 *) body + 8, len - 8);
        write_bytes (path, (const char *) bytes->data, bytes->len);

        reader = ct_reader_new (path, lenient ? CT_READER_LENIENT : CT_READER_FLAGS_NONE, &error);
        g_assert_null (reader);
        g_test_message ("header %u: %s", i, error->message);
        g_assert_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_HEADER);
        g_assert_nonnull (strstr (error->message, path));
      }

  /* neither JSON nor a header at all */
  {
    static const char zip[] = "PK\x03\x04 not a trace";
    g_autoptr(GError) error = NULL;
    g_autoptr(CtReader) reader = NULL;

    write_bytes (path, zip, sizeof zip - 1);
    reader = ct_reader_new (path, CT_READER_LENIENT, &error);
    g_assert_null (reader);
    g_assert_error (error, CT_TRACE_ERROR, CT_TRACE_ERROR_HEADER);
    g_assert_nonnull (strstr (error->message, path));
  }
}

/* ---- gen_trace.py --broken ---- */

static void
test_unknown_variant (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *path = gen_broken (f, "unknown-variant", 300);
  g_autofree char *text = NULL;
  g_autoptr(GArray) spans = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CtReader) reader = NULL;
  const CtEvent *e;
  gboolean closed;
  gsize len;
  guint index, n = 0, n_unknown = 0;
  guint64 first = G_MAXUINT64;

  if (path == NULL)
    return;
  text = read_text (path, &len);
  spans = json_spans (text, len, &closed);
  g_assert_true (closed);
  index = span_index_containing (text, spans, "\"Frobnicate\"");

  reader = ct_reader_new (path, CT_READER_FLAGS_NONE, &error);
  g_assert_no_error (error);
  while ((e = ct_reader_next (reader, &error)) != NULL)
    {
      if (e->kind == CT_EVENT_UNKNOWN)
        {
          g_autofree char *json = ct_test_event_json (e);

          n_unknown++;
          g_assert_cmpuint (n, ==, index);
          g_assert_true (ct_str_equal (e->unknown.variant, "Frobnicate"));
          g_assert_cmpuint (e->deviations, ==, CT_DEVIATION_UNKNOWN_VARIANT);
          g_assert_cmpstr (json, ==, "{\"Frobnicate\":{\"path_id\":0,\"line\":1}}");
          g_assert_cmpuint (ct_reader_get_offset (reader), ==, g_array_index (spans, Span, index).start);
        }
      n++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, spans->len);
  g_assert_cmpuint (n_unknown, ==, 1);
  g_assert_cmpuint (ct_reader_get_deviation_count (reader, CT_DEVIATION_UNKNOWN_VARIANT, &first), ==, 1);
  g_assert_cmpuint (first, ==, index);
}

/* A broken trace.json whose event `index` (found independently) must stop
 * both readers with domain/code, the file name and "event N". */
static void
assert_stops_at (const char *path,
                 guint       index,
                 int         code,
                 GArray     *spans,
                 const char *text)
{
  g_auto(ReadOutcome) strict = { 0 };
  g_auto(ReadOutcome) lenient = { 0 };

  read_outcome (path, CT_READER_FLAGS_NONE, &strict);
  g_assert_true (strict.opened);
  g_assert_nonnull (strict.error);
  g_test_message ("strict: %s", strict.error->message);
  g_assert_error (strict.error, CT_TRACE_ERROR, code);
  g_assert_nonnull (strstr (strict.error->message, path));
  g_assert_true (message_has_event (strict.error, index));
  g_assert_cmpuint (strict.lines->len, ==, index);

  read_outcome (path, CT_READER_LENIENT, &lenient);
  g_assert_no_error (lenient.error);
  g_assert_cmpuint (lenient.lines->len, ==, index);
  g_assert_nonnull (lenient.stop);
  g_assert_error (lenient.stop, CT_TRACE_ERROR, code);
  g_assert_nonnull (strstr (lenient.stop->message, path));
  g_assert_true (message_has_event (lenient.stop, index));

  /* the events before it are the ones in the file (json-glib on each span) */
  for (guint i = 0; spans != NULL && i < index; i++)
    {
      Span *s = &g_array_index (spans, Span, i);
      g_autoptr(JsonParser) p1 = json_parser_new ();
      g_autoptr(JsonParser) p2 = json_parser_new ();
      g_autoptr(GError) error = NULL;

      json_parser_load_from_data (p1, text + s->start, s->end - s->start, &error);
      g_assert_no_error (error);
      json_parser_load_from_data (p2, g_ptr_array_index (lenient.lines, i), -1, &error);
      g_assert_no_error (error);
      if (!json_node_equal (json_parser_get_root (p1), json_parser_get_root (p2)))
        g_error ("event %u: %.*s read as %s", i, (int) (s->end - s->start), text + s->start,
                 (const char *) g_ptr_array_index (lenient.lines, i));
    }
}

static void
test_wrong_types (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = gen_broken (f, "wrong-types", 300);
  g_autofree char *text = NULL;
  g_autoptr(GArray) spans = NULL;
  gboolean closed;
  gsize len;

  if (path == NULL)
    return;
  text = read_text (path, &len);
  spans = json_spans (text, len, &closed);
  assert_stops_at (path, span_index_containing (text, spans, "\"path_id\":\"0\""),
                   CT_TRACE_ERROR_SCHEMA, spans, text);
}

static void
test_wrong_types_int (Fixture       *f,
                      gconstpointer  data)
{
  /* the second broken event alone: Int value with i "7" */
  g_autofree char *path = gen_broken (f, "wrong-types", 300);
  g_autofree char *text = NULL;
  g_autoptr(GArray) spans = NULL;
  g_autoptr(GString) fixed = NULL;
  gboolean closed;
  gsize len;
  guint step_index;
  Span *s;

  if (path == NULL)
    return;
  text = read_text (path, &len);
  spans = json_spans (text, len, &closed);
  step_index = span_index_containing (text, spans, "\"path_id\":\"0\"");
  /* replace the broken Step with a good one of the same length */
  s = &g_array_index (spans, Span, step_index);
  fixed = g_string_new_len (text, len);
  {
    const char good[] = "{\"Step\":{\"path_id\":0  ,\"line\":1  }}";
    g_assert_cmpuint (s->end - s->start, ==, strlen (good));
    memcpy (fixed->str + s->start, good, strlen (good));
  }
  write_bytes (path, fixed->str, fixed->len);
  assert_stops_at (path, span_index_containing (fixed->str, spans, "\"i\":\"7\""),
                   CT_TRACE_ERROR_SCHEMA, spans, fixed->str);
}

static void
test_deep_nesting_json (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *path = gen_broken (f, "deep-nesting", 300);
  g_autofree char *text = NULL;
  g_autoptr(GArray) spans = NULL;
  gboolean closed;
  gsize len;
  guint index = G_MAXUINT;

  if (path == NULL)
    return;
  text = read_text (path, &len);
  spans = json_spans (text, len, &closed);
  g_assert_true (closed);
  for (guint i = 0; i < spans->len; i++)
    if (g_array_index (spans, Span, i).end - g_array_index (spans, Span, i).start > 1000000)
      index = i;
  g_assert_cmpuint (index, !=, G_MAXUINT);
  assert_stops_at (path, index, CT_TRACE_ERROR_LIMIT, spans, text);
}

/* ---- trace.bin v1 built here: CBOR in a seekable zstd stream ---- */

static void
cbor_head (GByteArray *b,
           guint8      major,
           guint64     value)
{
  guint8 buf[9];
  gsize n;

  if (value < 24)
    {
      buf[0] = major << 5 | value;
      n = 1;
    }
  else if (value <= 0xFF)
    {
      buf[0] = major << 5 | 24;
      buf[1] = value;
      n = 2;
    }
  else if (value <= 0xFFFF)
    {
      buf[0] = major << 5 | 25;
      buf[1] = value >> 8;
      buf[2] = value;
      n = 3;
    }
  else
    {
      buf[0] = major << 5 | 26;
      for (int i = 0; i < 4; i++)
        buf[1 + i] = value >> (24 - 8 * i);
      n = 5;
    }
  g_byte_array_append (b, buf, n);
}

static void
cbor_text (GByteArray *b,
           const char *s)
{
  cbor_head (b, 3, strlen (s));
  g_byte_array_append (b, (const guint8 *) s, strlen (s));
}

static void
cbor_step (GByteArray *b,
           guint       line)
{
  cbor_head (b, 5, 1);
  cbor_text (b, "Step");
  cbor_head (b, 5, 2);
  cbor_text (b, "path_id");
  cbor_head (b, 0, 0);
  cbor_text (b, "line");
  cbor_head (b, 0, line);
}

/* {"Value":{"variable_id":0,"value": Sequence^depth(None)}}, with definite
 * or indefinite (0x9F ... 0xFF) element arrays */
static void
cbor_deep_value (GByteArray *b,
                 guint       depth,
                 gboolean    indefinite)
{
  static const guint8 indefinite_start = 0x9F, brk = 0xFF;

  cbor_head (b, 5, 1);
  cbor_text (b, "Value");
  cbor_head (b, 5, 2);
  cbor_text (b, "variable_id");
  cbor_head (b, 0, 0);
  cbor_text (b, "value");
  for (guint i = 0; i < depth; i++)
    {
      cbor_head (b, 5, 4);
      cbor_text (b, "kind");
      cbor_text (b, "Sequence");
      cbor_text (b, "elements");
      if (indefinite)
        g_byte_array_append (b, &indefinite_start, 1);
      else
        cbor_head (b, 4, 1);
    }
  cbor_head (b, 5, 2);
  cbor_text (b, "kind");
  cbor_text (b, "None");
  cbor_text (b, "type_id");
  cbor_head (b, 0, 11);
  for (guint i = 0; i < depth; i++)
    {
      if (indefinite)
        g_byte_array_append (b, &brk, 1);
      cbor_text (b, "is_slice");
      g_byte_array_append (b, (const guint8 *) "\xF4", 1);
      cbor_text (b, "type_id");
      cbor_head (b, 0, 4);
    }
}

static void
put_le32 (GByteArray *b,
          guint32     v)
{
  guint8 buf[4] = { v & 0xFF, (v >> 8) & 0xFF, (v >> 16) & 0xFF, v >> 24 };

  g_byte_array_append (b, buf, 4);
}

/* Header, frames of at most 2 MiB of CBOR, seek table (FORMAT.md 4). */
static void
write_v1 (const char *path,
          GByteArray *cbor)
{
  const gsize frame_max = 2 * 1024 * 1024;
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GArray) sizes = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint n_frames = 0;

  g_byte_array_append (out, CT_V1_HEADER, CT_BINARY_HEADER_SIZE);
  for (gsize off = 0; off < cbor->len; off += frame_max)
    {
      gsize chunk = MIN (frame_max, cbor->len - off);
      gsize bound = ZSTD_compressBound (chunk);
      g_autofree guint8 *buf = g_malloc (bound);
      gsize csize = ZSTD_compress (buf, bound, cbor->data + off, chunk, 3);
      guint32 c32, d32;

      g_assert_false (ZSTD_isError (csize));
      g_byte_array_append (out, buf, csize);
      c32 = csize;
      d32 = chunk;
      g_array_append_val (sizes, c32);
      g_array_append_val (sizes, d32);
      n_frames++;
    }
  put_le32 (out, 0x184D2A5E);
  put_le32 (out, n_frames * 8 + 9);
  for (guint i = 0; i < sizes->len; i++)
    put_le32 (out, g_array_index (sizes, guint32, i));
  put_le32 (out, n_frames);
  g_byte_array_append (out, (const guint8 *) "\0", 1);
  put_le32 (out, 0x8F92EAB1);
  write_bytes (path, (const char *) out->data, out->len);
}

static GByteArray *
deep_cbor_trace (guint    depth,
                 gboolean indefinite)
{
  GByteArray *b = g_byte_array_new ();

  cbor_head (b, 5, 1);
  cbor_text (b, "Path");
  cbor_text (b, "/a.rs");
  cbor_head (b, 5, 1);
  cbor_text (b, "VariableName");
  cbor_text (b, "x");
  cbor_step (b, 1);
  cbor_deep_value (b, depth, indefinite);
  cbor_step (b, 2);
  return b;
}

static char *
deep_json_line (guint depth)
{
  GString *s = g_string_new ("{\"Value\":{\"variable_id\":0,\"value\":");

  for (guint i = 0; i < depth; i++)
    g_string_append (s, "{\"kind\":\"Sequence\",\"elements\":[");
  g_string_append (s, "{\"kind\":\"None\",\"type_id\":11}");
  for (guint i = 0; i < depth; i++)
    g_string_append (s, "],\"is_slice\":false,\"type_id\":4}");
  g_string_append (s, "}}");
  return g_string_free (s, FALSE);
}

static void
test_deep_nesting_cbor (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "trace.bin", NULL);

  for (guint indefinite = 0; indefinite < 2; indefinite++)
    {
      /* First a shallow one, to show the file is right: it must read. */
      {
        g_autoptr(GByteArray) cbor = deep_cbor_trace (3, indefinite);
        g_auto(ReadOutcome) r = { 0 };
        g_autofree char *line = deep_json_line (3);

        write_v1 (path, cbor);
        read_outcome (path, CT_READER_FLAGS_NONE, &r);
        g_assert_no_error (r.error);
        g_assert_cmpuint (r.lines->len, ==, 5);
        g_assert_cmpstr (g_ptr_array_index (r.lines, 0), ==, "{\"Path\":\"/a.rs\"}");
        g_assert_cmpstr (g_ptr_array_index (r.lines, 3), ==, line);
        g_assert_cmpstr (g_ptr_array_index (r.lines, 4), ==, "{\"Step\":{\"path_id\":0,\"line\":2}}");

        /* and the independent decoder agrees that it is a valid v1 file */
        if (ct_test_get_shared_dir () != NULL && g_file_test (PYTHON, G_FILE_TEST_IS_EXECUTABLE))
          {
            g_autofree char *script = g_build_filename (ct_test_get_shared_dir (), "tools", "v1tojson.py", NULL);
            const char *argv[] = { PYTHON, script, path, NULL };

            ct_test_run_must_succeed (argv, "v1tojson.py refused the hand-made v1 file");
          }
      }

      /* 100 000 levels: refused with LIMIT at event 3, no stack overflow */
      {
        g_autoptr(GByteArray) cbor = deep_cbor_trace (100000, indefinite);
        g_auto(ReadOutcome) strict = { 0 };
        g_auto(ReadOutcome) lenient = { 0 };

        g_assert_cmpuint (cbor->len, >, 2 * 1024 * 1024); /* several frames */
        write_v1 (path, cbor);

        read_outcome (path, CT_READER_FLAGS_NONE, &strict);
        g_assert_true (strict.opened);
        g_assert_nonnull (strict.error);
        g_test_message ("%s", strict.error->message);
        g_assert_error (strict.error, CT_TRACE_ERROR, CT_TRACE_ERROR_LIMIT);
        g_assert_nonnull (strstr (strict.error->message, path));
        g_assert_true (message_has_event (strict.error, 3));
        g_assert_cmpuint (strict.lines->len, ==, 3);

        read_outcome (path, CT_READER_LENIENT, &lenient);
        g_assert_cmpuint (lenient.lines->len, ==, 3);
        g_assert_nonnull (lenient.stop);
        g_assert_error (lenient.stop, CT_TRACE_ERROR, CT_TRACE_ERROR_LIMIT);
        g_assert_true (message_has_event (lenient.stop, 3));
      }
    }
}

/* ---- 100 MB string ---- */

static void
test_huge_string (Fixture       *f,
                  gconstpointer  data)
{
  const gsize huge = 100 * 1024 * 1024;
  g_autofree char *path = gen_broken (f, "huge-string", 300);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtReader) reader = NULL;
  const CtEvent *e;
  guint n = 0, n_huge = 0;
  guint64 limit_kb = (UNDER_ASAN ? 1500 : 600) * 1024;
  guint64 hwm;

  if (path == NULL)
    return;

  /* measure this read only: reset the peak (Linux >= 4.0; in place, as
   * g_file_set_contents() would try a temporary file in /proc) */
  {
    FILE *fp = fopen ("/proc/self/clear_refs", "w");

    if (fp != NULL)
      {
        fputs ("5", fp);
        fclose (fp);
      }
  }

  reader = ct_reader_new (path, CT_READER_FLAGS_NONE, &error);
  g_assert_no_error (error);
  while ((e = ct_reader_next (reader, &error)) != NULL)
    {
      if (e->kind == CT_EVENT_VALUE && e->value.value->kind == CT_VALUE_STRING &&
          e->value.value->text.len > 1000)
        {
          const CtStr *t = &e->value.value->text;

          n_huge++;
          g_assert_cmpuint (t->len, ==, huge);
          for (gsize i = 0; i < t->len; i += 4093)
            g_assert_cmpint (t->str[i], ==, 'x');
          g_assert_cmpint (t->str[0], ==, 'x');
          g_assert_cmpint (t->str[t->len - 1], ==, 'x');
        }
      n++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (n_huge, ==, 1);
  g_assert_cmpuint (n, ==, 301);

  hwm = ct_test_peak_rss_kib ();
  g_test_message ("peak resident memory: %" G_GUINT64_FORMAT " MB (limit %" G_GUINT64_FORMAT " MB)",
                  hwm / 1024, limit_kb / 1024);
  if (hwm != 0)
    g_assert_cmpuint (hwm, <, limit_kb);
}

/* ---- invalid UTF-8, NaN, a cut file ---- */

static void
test_invalid_utf8 (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = gen_broken (f, "invalid-utf8", 300);
  g_autofree char *text = NULL;
  g_autoptr(GArray) spans = NULL;
  g_auto(ReadOutcome) strict = { 0 };
  g_autofree char *byte_word = NULL;
  const char *bad;
  gboolean closed;
  gsize len, bad_offset;
  guint index;

  if (path == NULL)
    return;
  text = read_text (path, &len);
  bad = memmem (text, len, "\xFF\xFE", 2);
  g_assert_nonnull (bad);
  bad_offset = bad - text;
  spans = json_spans (text, len, &closed);
  g_assert_true (closed);
  index = span_index_at (spans, bad_offset);

  assert_stops_at (path, index, CT_TRACE_ERROR_CORRUPT, spans, text);

  /* and the message names the offset of the bad byte */
  read_outcome (path, CT_READER_FLAGS_NONE, &strict);
  byte_word = g_strdup_printf ("byte %" G_GSIZE_FORMAT, bad_offset);
  g_test_message ("invalid UTF-8 at byte %" G_GSIZE_FORMAT ": %s", bad_offset, strict.error->message);
  g_assert_nonnull (strstr (strict.error->message, byte_word));
}

static void
test_nan_float (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = gen_broken (f, "nan-float", 300);
  g_autofree char *text = NULL;
  g_autoptr(GArray) spans = NULL;
  gboolean closed;
  gsize len;

  if (path == NULL)
    return;
  text = read_text (path, &len);
  spans = json_spans (text, len, &closed);
  assert_stops_at (path, span_index_containing (text, spans, "\"f\":NaN"),
                   CT_TRACE_ERROR_CORRUPT, spans, text);
}

static void
test_truncated (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = gen_broken (f, "truncated", 300);
  g_autofree char *text = NULL;
  g_autoptr(GArray) spans = NULL;
  gboolean closed;
  gsize len;

  if (path == NULL)
    return;
  text = read_text (path, &len);
  spans = json_spans (text, len, &closed);
  g_assert_false (closed);
  g_assert_cmpuint (spans->len, >, 100);
  /* every complete event is read, then the cut one stops both readers */
  assert_stops_at (path, spans->len, CT_TRACE_ERROR_TRUNCATED, spans, text);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/bad-input/" name, Fixture, NULL, ct_test_dir_fixture_setup, func, ct_test_dir_fixture_teardown)

  ADD ("wrong-header", test_wrong_header);
  ADD ("broken/unknown-variant", test_unknown_variant);
  ADD ("broken/wrong-types", test_wrong_types);
  ADD ("broken/wrong-types-int", test_wrong_types_int);
  ADD ("broken/deep-nesting", test_deep_nesting_json);
  ADD ("broken/deep-nesting-cbor", test_deep_nesting_cbor);
  ADD ("broken/huge-string", test_huge_string);
  ADD ("broken/invalid-utf8", test_invalid_utf8);
  ADD ("broken/nan-float", test_nan_float);
  ADD ("broken/truncated", test_truncated);
  ADD ("flip/json", test_flip_json);
  ADD ("flip/v1", test_flip_v1);
  ADD ("flip/v0", test_flip_v0);
  ADD ("truncate/json", test_truncate_json);
  ADD ("truncate/v1", test_truncate_v1);
  ADD ("truncate/v0", test_truncate_v0);

#undef ADD

  return g_test_run ();
}
