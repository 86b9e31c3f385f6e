/*
 * cli.h — what the subcommands share: parsed options, output, exit codes.
 * Exit codes: 0 success, 2 bad usage or input, 1 any other failure.
 */
#ifndef CT_CLI_H
#define CT_CLI_H
#include "citectx.h"

#define CLI_ARGS_MAX 4096

struct cli {
	const char *prog, *cmd;
	const char *db;
	int json;
	int help; /* --help / -h: the command's usage, nothing run */
	struct ct_query q;
	const char *args[CLI_ARGS_MAX];
	int nargs;
	const char *citing_id; /* --citing, resolved by the command */
	/* classify / train / eval / reclassify */
	const char *model_path, *output, *group_by, *name;
	int folds, explain;
	int inner_folds; /* train / eval --inner-folds K; 0: the default */
	double lambda, cw_power, min_precision; /* < 0: not given */
	double nb_beta;           /* < 0: not given; 0: plain L2 */
	const char *silver_path;  /* train / eval --silver ROWS.tsv */
	double silver_weight;     /* < 0: chosen on inner folds */
	double silver_mentioning; /* < 0: chosen on inner folds */
	const char *format;       /* cite --format */
	const char *base_url;     /* cite, serve: the public URL of the pages */
	const char *bind;         /* serve --bind ADDR */
	int port, port_set;       /* serve --port (0: any free port) */
	int threads;              /* serve --threads (0: one per CPU) */
	int trust_proxy; /* serve --trust-proxy: X-Forwarded-For is the client
	                  */
	int print;       /* pg-init --print: the DDL, nothing run */
	int utf8;        /* check --utf8: every stored text, too */
	int citus;       /* pg-init --citus: distribute on a Citus cluster */
	const char *fdw; /* pg-init --fdw URL,...: partition over shards */
	int request_ms;  /* serve --request-timeout (0: the default) */
	/* vectors / train / eval --vectors */
	const char *vectors_path;
	int dim, vocab;
	/* ingest --part K/N; --workers N (0: not given) */
	const char *part;
	const char *staging; /* ingest --staging PATH (into PostgreSQL) */
	int workers;
};

/* Prints "citectx: msg" for err on stderr and returns the exit code
 * (ct_exit_code: the error table's column). */
int cli_fail(const struct ct_error *err);
int cli_usage(const struct cli *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Opens the index named by --db, $CITECTX_DB or ./citectx.db. */
/* flags: CT_OPEN_* (1 is CT_OPEN_READONLY) */
int cli_open(struct cli *c, int flags, struct ct_index **idx);
/* The exit status of commands whose index did not open (cli_open's
 * non-zero rc): 2, or 3 (CT_ENOTSUP) for a command the index's backend
 * (PostgreSQL) cannot do yet. */
int cli_open_failed(int rc);
/* Writes the buffer to stdout; 1 on a write error, or (with a one-line
 * message, nothing written) when appending to b failed (its sticky
 * error: out of memory, over its ceiling). */
int cli_write(const struct ct_buf *b);
/* Resolves --citing into c->q.citing. */
int cli_resolve_citing(struct cli *c, struct ct_index *idx);

int cmd_ingest(struct cli *c);
int cmd_report(struct cli *c);
int cmd_statements(struct cli *c);
int cmd_search(struct cli *c);
int cmd_refs(struct cli *c);
int cmd_check(struct cli *c);
int cmd_pg_init(struct cli *c);
int cmd_pg_load(struct cli *c);
int cmd_top(struct cli *c);
int cmd_sentences(struct cli *c);
int cmd_classify(struct cli *c);
int cmd_train(struct cli *c);
int cmd_eval(struct cli *c);
int cmd_reclassify(struct cli *c);
int cmd_linkeval(struct cli *c);
int cmd_cite(struct cli *c);
int cmd_serve(struct cli *c);
int cmd_vectors(struct cli *c);
int cmd_silver(struct cli *c);
int cmd_find(struct cli *c);

#endif
