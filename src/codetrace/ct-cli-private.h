/* ct-cli-private.h: what the files of the `codetrace` tool share
 *
 * Copyright 2026 The Trace Inspector authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stdio.h>

#include "codetrace.h"
#include "ct-model.h"

G_BEGIN_DECLS

/* Exit statuses: scripts tell a bad trace from a mistyped command. */
typedef enum
{
  CT_CLI_EXIT_OK = 0,
  CT_CLI_EXIT_FAILURE = 1, /* bad trace, or any runtime failure */
  CT_CLI_EXIT_USAGE = 2,   /* unknown command or option, missing arguments */
} CtCliExit;

/* The commands: argv[0] is the command name, the rest its arguments. Each
 * returns a CtCliExit. */
int            ct_cmd_info                  (int             argc,
                                             char          **argv);
int            ct_cmd_dump                  (int             argc,
                                             char          **argv);
int            ct_cmd_convert               (int             argc,
                                             char          **argv);
int            ct_cmd_validate              (int             argc,
                                             char          **argv);
int            ct_cmd_calls                 (int             argc,
                                             char          **argv);
int            ct_cmd_step                  (int             argc,
                                             char          **argv);
int            ct_cmd_output                (int             argc,
                                             char          **argv);

/* ct-cli-model.c */

/* Loads the whole model (lenient: up to damage, with a warning); NULL after
 * printing the error. */
CtModel       *ct_cli_load_model            (CtTraceFolder  *folder,
                                             gboolean        lenient);
void           ct_cli_append_json_string    (GString        *out,
                                             const char     *text);
void           ct_cli_append_value_json     (GString        *out,
                                             const CtModelValue *value);
void           ct_cli_append_value_human    (GString        *out,
                                             const CtModelValue *value);

/* ct-cli-common.c */

/* "codetrace: " + message on stderr. Raw UTF-8: the messages quote paths and
 * trace content, which must not be mangled by the locale's charset. */
void           ct_cli_error                 (const char     *format,
                                             ...) G_GNUC_PRINTF (1, 2);
void           ct_cli_warning               (const char     *format,
                                             ...) G_GNUC_PRINTF (1, 2);
/* Parses one command's options. Returns FALSE when the command must stop;
 * *exit_code then says how (usage errors print the help on stderr). On
 * success argv holds exactly the positional arguments, argv[0] excluded. */
gboolean       ct_cli_parse                 (GOptionContext *context,
                                             int            *argc,
                                             char         ***argv,
                                             int             n_positional,
                                             int            *exit_code);
/* Opens TRACE (a folder or its trace file) and says on stderr what the folder
 * lacks; NULL after printing the error. */
CtTraceFolder *ct_cli_open_folder           (const char     *path);
CtReader      *ct_cli_open_reader           (CtTraceFolder  *folder,
                                             gboolean        lenient);
/* In lenient mode: where the reader stopped (after n_events whole events),
 * as a warning, if it did. */
void           ct_cli_warn_stop             (CtReader       *reader,
                                             guint64         n_events);
/* One line per deviation seen by the reader (FORMAT.md section 7). */
void           ct_cli_print_deviations      (FILE           *out,
                                             const char     *prefix,
                                             CtReader       *reader);
/* Bit `bit` of CtDeviation, named for humans */
const char    *ct_cli_deviation_name        (guint           bit);
/* Writes all of `data` or fails with errno in the error. */
gboolean       ct_cli_write_all             (FILE           *out,
                                             const void     *data,
                                             gsize           len,
                                             GError        **error);

/* ct-cli-counts.c: the counting rules of FORMAT.md section 3 */

typedef struct
{
  guint64  events;
  gint64   steps; /* signed: a stray DropLastStep may come before any Step */
  guint64  calls;
  guint64  returns;
  guint64  unfinished_calls;
  guint64  max_depth;
  guint64  io_events;
  guint64  paths;
  guint64  functions;
  guint64  types;
  guint64  variable_names;
  guint64  values;

  /* state of the walk */
  guint64  depth;
  gboolean seen_call;
} CtCliCounts;

#define CT_CLI_N_COUNTS 12

void           ct_cli_counts_init           (CtCliCounts    *counts);
/* Returns FALSE for a Return with no open call (it is counted anyway). */
gboolean       ct_cli_counts_add            (CtCliCounts    *counts,
                                             const CtEvent  *event);
void           ct_cli_counts_finish         (CtCliCounts    *counts);
/* The i-th count (0 .. CT_CLI_N_COUNTS-1) in the order and with the key
 * names `info --json` uses. */
const char    *ct_cli_counts_key            (guint           i);
gint64         ct_cli_counts_get            (const CtCliCounts *counts,
                                             guint           i);

/* ct-cli-progress.c: a progress line on stderr for long runs */

typedef struct
{
  CtReader *reader;
  char     *what;
  gboolean  enabled;
  gboolean  shown;
  gint64    start_time;
  gint64    next_time;
} CtCliProgress;

/* Shown only when stderr is a terminal; `quiet` suppresses it too (dump to
 * the same terminal would interleave with it). */
void           ct_cli_progress_init         (CtCliProgress  *progress,
                                             CtReader       *reader,
                                             const char     *what,
                                             gboolean        quiet);
void           ct_cli_progress_update       (CtCliProgress  *progress,
                                             guint64         n_events);
void           ct_cli_progress_clear        (CtCliProgress  *progress);

/* Cheap enough for every event: only every 4096th looks at the clock. */
static inline void
ct_cli_progress_tick (CtCliProgress *progress,
                      guint64        n_events)
{
  if (G_UNLIKELY ((n_events & 0xfff) == 0) && progress->enabled)
    ct_cli_progress_update (progress, n_events);
}

/* ct-cli-interrupt.c: Ctrl-C while convert has a temporary folder */

void           ct_cli_interrupt_catch       (void);
gboolean       ct_cli_interrupted           (void);
/* Dies of the caught signal, after the caller cleaned up, so that the shell
 * sees the usual status. Returns when nothing was caught. */
void           ct_cli_interrupt_reraise     (void);

/* ct-cli-fs.c: folders for convert */

/* Copies a regular file byte for byte (new permissions, not the source's:
 * fixtures are read-only and the copy must stay deletable); refuses a
 * symlink that resolves outside `root`. */
gboolean       ct_cli_copy_file             (const char     *src,
                                             const char     *dest,
                                             const char     *root,
                                             GError        **error);
/* Copies the tree under src_dir into dest_dir (created). Symlinks are
 * followed only when they stay inside `root`; others are skipped with a
 * warning. */
gboolean       ct_cli_copy_tree             (const char     *src_dir,
                                             const char     *dest_dir,
                                             const char     *root,
                                             GError        **error);
/* rm -rf that never follows symlinks and copes with read-only folders */
gboolean       ct_cli_remove_tree           (const char     *path,
                                             GError        **error);

/* ct-cli-validator.c: the checks of `validate` */

typedef enum
{
  CT_CLI_PROBLEM_READ,              /* truncation or corruption: reading stopped */
  CT_CLI_PROBLEM_UNBALANCED_RETURN,
  CT_CLI_PROBLEM_UNKNOWN_PATH,
  CT_CLI_PROBLEM_UNKNOWN_FUNCTION,
  CT_CLI_PROBLEM_UNKNOWN_VARIABLE,
  CT_CLI_PROBLEM_UNKNOWN_TYPE,
  CT_CLI_PROBLEM_UNKNOWN_VARIANT,
  CT_CLI_PROBLEM_UNKNOWN_VALUE_KIND,
  CT_CLI_PROBLEM_DEVIATION,         /* + bit number of the CtDeviation */
  CT_CLI_N_PROBLEMS = CT_CLI_PROBLEM_DEVIATION + CT_N_DEVIATIONS,
} CtCliProblem;

typedef void (*CtCliProblemFunc) (CtCliProblem  problem,
                                  guint64       index,
                                  const char   *message,
                                  gpointer      user_data);

typedef struct
{
  CtCliCounts       counts;
  guint64           n_paths;
  guint64           n_functions;
  guint64           n_types;
  guint64           n_variable_names;
  CtCliProblemFunc  func;
  gpointer          user_data;
  /* per event scratch */
  guint64           index;
  GString          *scratch;
  GPtrArray        *pending; /* values still to walk */
  gboolean          saw_unknown_kind;
} CtCliValidator;

void           ct_cli_validator_init        (CtCliValidator *validator,
                                             CtCliProblemFunc func,
                                             gpointer        user_data);
void           ct_cli_validator_check       (CtCliValidator *validator,
                                             guint64         index,
                                             const CtEvent  *event);
void           ct_cli_validator_clear       (CtCliValidator *validator);
/* "unknown-path", "deviation", ... as printed */
const char    *ct_cli_problem_name          (CtCliProblem    problem);
/* Deviations are warnings unless --strict; the rest are errors. */
gboolean       ct_cli_problem_is_error      (CtCliProblem    problem);

G_END_DECLS
