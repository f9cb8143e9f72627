/* ct-example-recorder.c
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Records Trace Inspector's example trace with CtTracer.
 *
 * It plays a tiny interpreter running examples/sample/fibonacci.py: the
 * program's logic is written here in C, but every step lands on the real
 * line of the script (looked up by its text, so editing the script cannot
 * silently shift the trace), and the values and output are the ones Python
 * gives for it. The recording follows the pure-Python recorder's habits:
 * paths relative to the script's folder, the script as the first argument,
 * its locals after every step.
 *
 *   ct-example-recorder --out DIR [--format json|binary|binary-v0] [--script FILE]
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <codetrace.h>

#define RECORDED_PATH "fibonacci.py"

typedef struct
{
  CtTracer *tracer;
  char    **lines;

  gint64    t_int;
  gint64    t_float;
  gint64    t_bool;
  gint64    t_str;
  gint64    t_list;
  gint64    t_none;
  gint64    t_summary;

  gint64    f_fib;
  gint64    f_fib_fast;
  gint64    f_summarize;
  gint64    f_report;
  gint64    f_main;
} Interp;

/* The 1-based line whose text, without indentation, is `text`, searched
 * after line `after` (0: from the top). Exits when missing: the script and
 * this program disagree, and a trace pointing at wrong lines is worse than
 * no trace. */
static gint64
line_of (Interp     *in,
         const char *text,
         gint64      after)
{
  for (gint64 i = after; in->lines[i] != NULL; i++)
    {
      const char *s = in->lines[i];

      while (*s == ' ')
        s++;
      if (strcmp (s, text) == 0)
        return i + 1;
    }

  g_printerr ("ct-example-recorder: the script has no line \"%s\"\n", text);
  exit (EXIT_FAILURE);
}

static void
step (Interp *in,
      gint64  line)
{
  ct_tracer_step (in->tracer, RECORDED_PATH, line);
}

static gint64
function_id (Interp     *in,
             const char *name,
             const char *def)
{
  return ct_tracer_ensure_function_id (in->tracer, name, RECORDED_PATH, line_of (in, def, 0));
}

static CtValue *
int_value (Interp *in,
           gint64  i)
{
  return ct_tracer_int_value (in->tracer, i, in->t_int);
}

/* Python's ints have no size limit: beyond 64 bits they become BigInt. */
static CtValue *
u128_value (Interp            *in,
            unsigned __int128  v)
{
  guint8 magnitude[16];

  if (v <= G_MAXINT64)
    return int_value (in, (gint64) v);

  for (int i = 15; i >= 0; i--, v >>= 8)
    magnitude[i] = (guint8) v;
  return ct_tracer_bigint_value (in->tracer, magnitude, sizeof magnitude, FALSE, in->t_int);
}

static char *
u128_to_string (unsigned __int128 v)
{
  char buf[48];
  char *p = buf + sizeof buf - 1;

  *p = '\0';
  do
    {
      *--p = '0' + (int) (v % 10);
      v /= 10;
    }
  while (v != 0);
  return g_strdup (p);
}

/* Python's repr of a float: the shortest text that reads back the same. */
static char *
float_repr (double f)
{
  for (int precision = 1; precision <= 17; precision++)
    {
      g_autofree char *s = g_strdup_printf ("%.*g", precision, f);

      if (g_ascii_strtod (s, NULL) == f)
        return strpbrk (s, ".e") != NULL ? g_steal_pointer (&s) : g_strconcat (s, ".0", NULL);
    }
  return g_strdup_printf ("%.17g", f);
}

static CtValue *
list_value (Interp       *in,
            const gint64 *items,
            guint         n_items)
{
  g_autofree CtValue **elements = g_new (CtValue *, MAX (n_items, 1));

  for (guint i = 0; i < n_items; i++)
    elements[i] = int_value (in, items[i]);
  return ct_tracer_sequence_value (in->tracer, elements, n_items, FALSE, in->t_list);
}

static char *
list_repr (const gint64 *items,
           guint         n_items)
{
  GString *s = g_string_new ("[");

  for (guint i = 0; i < n_items; i++)
    g_string_append_printf (s, "%s%" G_GINT64_FORMAT, i > 0 ? ", " : "", items[i]);
  g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}

typedef struct
{
  gint64   count;
  gint64   total;
  double   mean;
  gboolean all_even;
} Summary;

static CtValue *
summary_value (Interp        *in,
               const Summary *summary)
{
  CtValue *fields[4];

  fields[0] = int_value (in, summary->count);
  fields[1] = int_value (in, summary->total);
  fields[2] = ct_tracer_float_value (in->tracer, summary->mean, in->t_float);
  fields[3] = ct_tracer_bool_value (in->tracer, summary->all_even, in->t_bool);
  return ct_tracer_struct_value (in->tracer, fields, G_N_ELEMENTS (fields), in->t_summary);
}

static char *
summary_repr (const Summary *summary)
{
  g_autofree char *mean = float_repr (summary->mean);

  return g_strdup_printf ("Summary(count=%" G_GINT64_FORMAT ", total=%" G_GINT64_FORMAT
                          ", mean=%s, all_even=%s)",
                          summary->count, summary->total, mean,
                          summary->all_even ? "True" : "False");
}

/* def fib(n) */
static gint64
run_fib (Interp *in,
         gint64  n)
{
  gint64 def = line_of (in, "def fib(n):", 0);
  gint64 result;
  CtTracerArg args[] = { { "n", 0, int_value (in, n) } };

  ct_tracer_call (in->tracer, in->f_fib, args, G_N_ELEMENTS (args));

  step (in, line_of (in, "if n < 2:", def));
  ct_tracer_value (in->tracer, "n", int_value (in, n));

  if (n < 2)
    {
      step (in, line_of (in, "return n", def));
      ct_tracer_value (in->tracer, "n", int_value (in, n));
      result = n;
    }
  else
    {
      step (in, line_of (in, "return fib(n - 1) + fib(n - 2)", def));
      ct_tracer_value (in->tracer, "n", int_value (in, n));
      result = run_fib (in, n - 1);
      result += run_fib (in, n - 2);
    }

  ct_tracer_return (in->tracer, int_value (in, result));
  return result;
}

/* def fib_fast(n) */
static unsigned __int128
run_fib_fast (Interp *in,
              gint64  n)
{
  gint64 def = line_of (in, "def fib_fast(n):", 0);
  gint64 init_line = line_of (in, "a, b = 0, 1", def);
  gint64 for_line = line_of (in, "for _ in range(n):", def);
  gint64 body_line = line_of (in, "a, b = b, a + b", def);
  unsigned __int128 a = 0, b = 1;
  CtTracerArg args[] = { { "n", 0, int_value (in, n) } };

  ct_tracer_call (in->tracer, in->f_fib_fast, args, G_N_ELEMENTS (args));

  step (in, init_line);
  ct_tracer_value (in->tracer, "n", int_value (in, n));

  for (gint64 i = 0; i < n; i++)
    {
      unsigned __int128 next = a + b;

      step (in, for_line);
      ct_tracer_value (in->tracer, "n", int_value (in, n));
      ct_tracer_value (in->tracer, "a", u128_value (in, a));
      ct_tracer_value (in->tracer, "b", u128_value (in, b));

      step (in, body_line);
      ct_tracer_value (in->tracer, "n", int_value (in, n));
      ct_tracer_value (in->tracer, "a", u128_value (in, a));
      ct_tracer_value (in->tracer, "b", u128_value (in, b));
      ct_tracer_value (in->tracer, "_", int_value (in, i));
      a = b;
      b = next;
    }

  step (in, line_of (in, "return a", def));
  ct_tracer_value (in->tracer, "n", int_value (in, n));
  ct_tracer_value (in->tracer, "a", u128_value (in, a));
  ct_tracer_value (in->tracer, "b", u128_value (in, b));

  ct_tracer_return (in->tracer, u128_value (in, a));
  return a;
}

/* def summarize(values) */
static Summary
run_summarize (Interp       *in,
               const gint64 *values,
               guint         n_values)
{
  gint64 def = line_of (in, "def summarize(values):", 0);
  Summary s = { n_values, 0, 0.0, TRUE };
  CtTracerArg args[] = { { "values", 0, list_value (in, values, n_values) } };

  ct_tracer_call (in->tracer, in->f_summarize, args, G_N_ELEMENTS (args));

  for (guint i = 0; i < n_values; i++)
    {
      s.total += values[i];
      s.all_even = s.all_even && values[i] % 2 == 0;
    }
  s.mean = (double) s.total / n_values;

  step (in, line_of (in, "total = sum(values)", def));
  ct_tracer_value (in->tracer, "values", list_value (in, values, n_values));

  step (in, line_of (in, "mean = total / len(values)", def));
  ct_tracer_value (in->tracer, "values", list_value (in, values, n_values));
  ct_tracer_value (in->tracer, "total", int_value (in, s.total));

  step (in, line_of (in, "all_even = all(v % 2 == 0 for v in values)", def));
  ct_tracer_value (in->tracer, "values", list_value (in, values, n_values));
  ct_tracer_value (in->tracer, "total", int_value (in, s.total));
  ct_tracer_value (in->tracer, "mean", ct_tracer_float_value (in->tracer, s.mean, in->t_float));

  step (in, line_of (in, "return Summary(len(values), total, mean, all_even)", def));
  ct_tracer_value (in->tracer, "values", list_value (in, values, n_values));
  ct_tracer_value (in->tracer, "total", int_value (in, s.total));
  ct_tracer_value (in->tracer, "mean", ct_tracer_float_value (in->tracer, s.mean, in->t_float));
  ct_tracer_value (in->tracer, "all_even", ct_tracer_bool_value (in->tracer, s.all_even, in->t_bool));

  ct_tracer_return (in->tracer, summary_value (in, &s));
  return s;
}

/* def report(label, value): `value` is already built, `text` is its str() */
static void
run_report (Interp     *in,
            const char *label,
            CtValue    *value,
            const char *text)
{
  gint64 def = line_of (in, "def report(label, value):", 0);
  g_autofree char *output = g_strdup_printf ("%s: %s\n", label, text);
  CtTracerArg args[] = {
    { "label", 0, ct_tracer_string_value (in->tracer, label, in->t_str) },
    { "value", 0, value },
  };

  ct_tracer_call (in->tracer, in->f_report, args, G_N_ELEMENTS (args));

  step (in, line_of (in, "print(f\"{label}: {value}\")", def));
  ct_tracer_event (in->tracer, CT_EVENT_LOG_WRITE, "", output);

  ct_tracer_return (in->tracer, ct_tracer_none_value (in->tracer, in->t_none));
}

/* def main() */
static void
run_main (Interp *in)
{
  gint64 def = line_of (in, "def main():", 0);
  gint64 values[7];
  Summary summary;
  unsigned __int128 big;
  g_autofree char *values_text = NULL;
  g_autofree char *summary_text = NULL;
  g_autofree char *big_text = NULL;

  ct_tracer_call (in->tracer, in->f_main, NULL, 0);

  step (in, line_of (in, "values = [fib(n) for n in range(7)]", def));
  for (guint n = 0; n < G_N_ELEMENTS (values); n++)
    values[n] = run_fib (in, n);

  step (in, line_of (in, "report(\"fib(0..6)\", values)", def));
  ct_tracer_value (in->tracer, "values", list_value (in, values, G_N_ELEMENTS (values)));
  values_text = list_repr (values, G_N_ELEMENTS (values));
  run_report (in, "fib(0..6)", list_value (in, values, G_N_ELEMENTS (values)), values_text);

  step (in, line_of (in, "summary = summarize(values)", def));
  ct_tracer_value (in->tracer, "values", list_value (in, values, G_N_ELEMENTS (values)));
  summary = run_summarize (in, values, G_N_ELEMENTS (values));

  step (in, line_of (in, "report(\"summary\", summary)", def));
  ct_tracer_value (in->tracer, "values", list_value (in, values, G_N_ELEMENTS (values)));
  ct_tracer_value (in->tracer, "summary", summary_value (in, &summary));
  summary_text = summary_repr (&summary);
  run_report (in, "summary", summary_value (in, &summary), summary_text);

  step (in, line_of (in, "big = fib_fast(100)", def));
  ct_tracer_value (in->tracer, "values", list_value (in, values, G_N_ELEMENTS (values)));
  ct_tracer_value (in->tracer, "summary", summary_value (in, &summary));
  big = run_fib_fast (in, 100);

  step (in, line_of (in, "report(\"fib(100)\", big)", def));
  ct_tracer_value (in->tracer, "values", list_value (in, values, G_N_ELEMENTS (values)));
  ct_tracer_value (in->tracer, "summary", summary_value (in, &summary));
  ct_tracer_value (in->tracer, "big", u128_value (in, big));
  big_text = u128_to_string (big);
  run_report (in, "fib(100)", u128_value (in, big), big_text);

  ct_tracer_return (in->tracer, ct_tracer_none_value (in->tracer, in->t_none));
}

/* The module: its statements, then main(). */
static void
run_module (Interp *in)
{
  static const char * const summary_fields[] = { "count", "total", "mean", "all_even" };
  gint64 summary_types[4];
  gint64 module;

  in->t_int = ct_tracer_ensure_type_id (in->tracer, CT_TYPE_KIND_INT, "int");
  in->t_float = ct_tracer_ensure_type_id (in->tracer, CT_TYPE_KIND_FLOAT, "float");
  in->t_bool = ct_tracer_ensure_type_id (in->tracer, CT_TYPE_KIND_BOOL, "bool");
  in->t_str = ct_tracer_ensure_type_id (in->tracer, CT_TYPE_KIND_STRING, "str");
  in->t_list = ct_tracer_ensure_type_id (in->tracer, CT_TYPE_KIND_SEQ, "list");
  in->t_none = ct_tracer_ensure_type_id (in->tracer, CT_TYPE_KIND_NONE, "NoneType");
  summary_types[0] = in->t_int;
  summary_types[1] = in->t_int;
  summary_types[2] = in->t_float;
  summary_types[3] = in->t_bool;
  in->t_summary = ct_tracer_ensure_struct_type_id (in->tracer, "Summary", summary_fields,
                                                   summary_types, G_N_ELEMENTS (summary_fields));

  /* Python's module code starts at line 1. */
  module = ct_tracer_ensure_function_id (in->tracer, "<module>", RECORDED_PATH, 1);
  ct_tracer_call (in->tracer, module, NULL, 0);

  step (in, line_of (in, "from dataclasses import dataclass", 0));
  step (in, line_of (in, "@dataclass", 0));
  in->f_fib = function_id (in, "fib", "def fib(n):");
  step (in, line_of (in, "def fib(n):", 0));
  in->f_fib_fast = function_id (in, "fib_fast", "def fib_fast(n):");
  step (in, line_of (in, "def fib_fast(n):", 0));
  in->f_summarize = function_id (in, "summarize", "def summarize(values):");
  step (in, line_of (in, "def summarize(values):", 0));
  in->f_report = function_id (in, "report", "def report(label, value):");
  step (in, line_of (in, "def report(label, value):", 0));
  in->f_main = function_id (in, "main", "def main():");
  step (in, line_of (in, "def main():", 0));
  step (in, line_of (in, "main()", line_of (in, "def main():", 0)));

  run_main (in);

  ct_tracer_return (in->tracer, ct_tracer_none_value (in->tracer, in->t_none));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *out_dir = NULL;
  g_autofree char *format = NULL;
  g_autofree char *script = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *script_dir = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CtTracer) tracer = NULL;
  CtEncoding encoding = CT_ENCODING_JSON;
  const char *recorded_args[] = { RECORDED_PATH, NULL };
  GOptionEntry entries[] = {
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out_dir, "Trace folder to write", "DIR" },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, "json (default), binary or binary-v0", "FORMAT" },
    { "script", 's', 0, G_OPTION_ARG_FILENAME, &script, "The script to interpret", "FILE" },
    { NULL }
  };
  Interp in = { 0 };

  context = g_option_context_new ("- record Trace Inspector's example trace");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("ct-example-recorder: %s\n", error->message);
      return EXIT_FAILURE;
    }

  if (out_dir == NULL)
    {
      g_printerr ("ct-example-recorder: --out DIR is required\n");
      return EXIT_FAILURE;
    }

  if (format != NULL && !ct_encoding_from_string (format, &encoding))
    {
      g_printerr ("ct-example-recorder: unknown format %s (json, binary, binary-v0)\n", format);
      return EXIT_FAILURE;
    }

#ifdef CT_EXAMPLE_SCRIPT
  if (script == NULL)
    script = g_strdup (CT_EXAMPLE_SCRIPT);
#endif
  if (script == NULL)
    {
      g_printerr ("ct-example-recorder: --script FILE is required\n");
      return EXIT_FAILURE;
    }

  if (!g_file_get_contents (script, &contents, NULL, &error))
    {
      g_printerr ("ct-example-recorder: %s\n", error->message);
      return EXIT_FAILURE;
    }
  in.lines = g_strsplit (contents, "\n", -1);

  /* As if `python3 fibonacci.py` ran in the script's folder. */
  script_dir = g_path_get_dirname (script);
  if (!g_path_is_absolute (script_dir))
    {
      g_autofree char *cwd = g_get_current_dir ();
      g_autofree char *joined = g_build_filename (cwd, script_dir, NULL);

      g_free (script_dir);
      script_dir = g_canonicalize_filename (joined, NULL);
    }

  tracer = ct_tracer_new ("ct-example-recorder", recorded_args);
  ct_tracer_set_workdir (tracer, script_dir);
  in.tracer = tracer;

  if (!ct_tracer_begin (tracer, out_dir, encoding, &error) ||
      !ct_tracer_capture_source_from (tracer, RECORDED_PATH, script, &error))
    {
      g_printerr ("ct-example-recorder: %s\n", error->message);
      g_strfreev (in.lines);
      return EXIT_FAILURE;
    }

  run_module (&in);
  g_strfreev (in.lines);

  if (!ct_tracer_finish (tracer, &error))
    {
      g_printerr ("ct-example-recorder: %s\n", error->message);
      return EXIT_FAILURE;
    }

  return EXIT_SUCCESS;
}
