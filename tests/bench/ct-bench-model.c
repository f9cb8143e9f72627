/* ct-bench-model.c: speed and memory of CtModel (tests/bench/run-model-bench)
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "codetrace.h"
#include "ct-model.h"

/* Usage: ct-bench-model TRACE_FILE [N_QUERIES [N_VALUE_QUERIES]]
 * Prints key=value lines: times in seconds or microseconds, sizes in bytes. */

static double
now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static long
rss_kib (const char *field)
{
  g_autofree char *status = NULL;
  const char *p;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL)
      || (p = strstr (status, field)) == NULL)
    return -1;
  return strtol (p + strlen (field), NULL, 10);
}

static int
cmp_double (const void *a,
            const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
report (const char *name,
        double     *us,
        guint       n)
{
  if (n == 0)
    return;
  qsort (us, n, sizeof (double), cmp_double);
  printf ("%s_median_us=%.2f\n%s_p99_us=%.2f\n%s_n=%u\n",
          name, us[n / 2], name, us[MIN (n - 1, n * 99 / 100)], name, n);
}

typedef guint32 (*NavFunc) (CtModel *self,
                            guint32  step);

int
main (int    argc,
      char **argv)
{
  g_autoptr(CtModel) model = NULL;
  g_autoptr(GError) error = NULL;
  const char *file;
  guint n_queries, n_values;
  double t0, t_first = -1, t_load;
  guint32 n_steps, n_calls;
  GRand *rand;
  double *us;
  static const struct { const char *name; NavFunc func; } navs[] = {
    { "next_step", ct_model_next_step },
    { "previous_step", ct_model_previous_step },
    { "step_over", ct_model_step_over },
    { "step_over_backwards", ct_model_step_over_backwards },
    { "step_out", ct_model_step_out },
    { "step_out_backwards", ct_model_step_out_backwards },
    { "call_at", ct_model_call_at },
  };

  if (argc < 2)
    {
      fprintf (stderr, "usage: ct-bench-model TRACE_FILE [N_QUERIES [N_VALUE_QUERIES]]\n");
      return 2;
    }
  file = argv[1];
  n_queries = argc > 2 ? atoi (argv[2]) : 10000;
  n_values = argc > 3 ? atoi (argv[3]) : n_queries;

  /* Load in a worker, as the window does; poll for the first 1 % */
  {
    gboolean done = FALSE;
    GMainContext *context = g_main_context_default ();
    guint64 size;

    {
      g_autoptr(CtReader) reader = ct_reader_new (file, CT_READER_FLAGS_NONE, &error);

      if (reader == NULL)
        {
          fprintf (stderr, "%s\n", error->message);
          return 1;
        }
      size = ct_reader_get_size (reader);
    }
    printf ("file_bytes=%" G_GUINT64_FORMAT "\n", size);

    model = ct_model_new (file);
    t0 = now ();
    ct_model_load_async (model, CT_READER_FLAGS_NONE, NULL,
                         (GAsyncReadyCallback) (void (*) (void)) NULL, NULL);
    (void) context;
    (void) done;
    while (!ct_model_is_loaded (model))
      {
        if (t_first < 0 && ct_model_get_fraction (model) >= 0.01)
          {
            /* queryable: a step and its neighbours answer */
            guint32 n = ct_model_get_n_steps (model);

            if (n > 0 && ct_model_step_over (model, 0) != G_MAXUINT32 - 1)
              t_first = now () - t0;
          }
        g_usleep (200);
      }
    t_load = now () - t0;
  }

  n_steps = ct_model_get_n_steps (model);
  n_calls = ct_model_get_n_calls (model);
  printf ("steps=%u\ncalls=%u\nmax_depth=%u\n", n_steps, n_calls, ct_model_get_max_depth (model));
  printf ("load_s=%.3f\nfirst_1pct_queryable_ms=%.1f\n", t_load, t_first * 1e3);
  {
    gsize index = ct_model_get_index_size (model);
    double budget = 24.0 * n_steps + 64.0 * n_calls;

    printf ("index_bytes=%" G_GSIZE_FORMAT "\nindex_bytes_per_step=%.2f\nbudget_bytes=%.0f\nindex_within_budget=%s\n",
            index, n_steps ? (double) index / n_steps : 0.0, budget, index <= budget ? "yes" : "no");
  }
  printf ("rss_after_load_kib=%ld\n", rss_kib ("VmRSS:"));

  if (n_steps == 0)
    return 0;

  rand = g_rand_new_with_seed (42);
  us = g_new (double, MAX (n_queries, n_values) + 1);

  for (guint k = 0; k < G_N_ELEMENTS (navs); k++)
    {
      for (guint i = 0; i < n_queries; i++)
        {
          guint32 s = g_rand_int_range (rand, 0, n_steps);
          double a = now ();

          navs[k].func (model, s);
          us[i] = (now () - a) * 1e6;
        }
      report (navs[k].name, us, n_queries);
    }

  for (guint i = 0; i < n_queries; i++)
    {
      guint32 s = g_rand_int_range (rand, 0, n_steps);
      guint32 path, line;
      double a;

      ct_model_get_step (model, s, &path, &line, NULL);
      a = now ();
      ct_model_next_step_on_line (model, s, path, line);
      ct_model_previous_step_on_line (model, s, path, line);
      us[i] = (now () - a) * 1e6 / 2;
    }
  report ("step_on_line", us, n_queries);

  for (guint i = 0; i < n_queries; i++)
    {
      guint32 s = g_rand_int_range (rand, 0, n_steps);
      double a = now ();
      GArray *stack = ct_model_get_call_stack (model, s);

      us[i] = (now () - a) * 1e6;
      g_array_unref (stack);
    }
  report ("call_stack", us, n_queries);

  for (guint i = 0; i < n_values; i++)
    {
      guint32 s = g_rand_int_range (rand, 0, n_steps);
      double a = now ();
      GPtrArray *vars = ct_model_get_variables (model, s, &error);

      us[i] = (now () - a) * 1e6;
      if (vars == NULL)
        {
          fprintf (stderr, "variables at %u: %s\n", s, error->message);
          return 1;
        }
      g_ptr_array_unref (vars);
    }
  report ("variables", us, n_values);

  printf ("peak_rss_kib=%ld\n", rss_kib ("VmHWM:"));

  g_free (us);
  g_rand_free (rand);
  return 0;
}
