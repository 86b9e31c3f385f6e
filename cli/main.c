/* main.c — citectx's command table and option parser. */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "testhooks.h"

/* What every read command takes, named once for the help texts. */
#define FACETS_HELP                                                            \
	"  --type T        supporting, contrasting, mentioning, unclassified " \
	"(repeatable)\n"                                                       \
	"  --section S     introduction, methods, results, discussion, other " \
	"(repeatable)\n"                                                       \
	"  --from-year Y   --to-year Y   citing years, inclusive\n"            \
	"  --citing ID     statements made by one citing work\n"               \
	"  --pubtype P     publication type of the citing work (repeatable)\n" \
	"  --self only|exclude   --journal-self only|exclude\n"                \
	"  --sort relevance|newest|oldest|confidence\n"                        \
	"  --limit N       at most 1000 a page   --cursor C   the next page\n" \
	"  --json          one JSON document\n"                                \
	"Values are case-insensitive; a unique prefix is enough (--type "      \
	"support).\n"

static const struct command {
	const char *name;
	int (*fn)(struct cli *c);
	const char *usage;
} commands[] = {
    {"ingest", cmd_ingest,
     "ingest PATH...      index articles (files, folders, .tar.gz)"},
    {"report", cmd_report, "report ID           the report of one work"},
    {"statements", cmd_statements,
     "statements ID [QUERY] [facets]  citation statements about a work"},
    {"search", cmd_search,
     "search QUERY [facets]   search all citation statements"},
    {"refs", cmd_refs, "refs ID             a work's reference list, linked"},
    {"top", cmd_top, "top [--limit N]     the most-cited works"},
    {"check", cmd_check, "check [--utf8]      integrity check of the index"},
    {"sentences", cmd_sentences,
     "sentences [TEXT]    split text (or stdin) into sentences"},
    {"classify", cmd_classify,
     "classify [TEXT] [--explain] [--model M]  label statements (or stdin "
     "lines)"},
    {"train", cmd_train,
     "train TSV -o MODEL [--silver ROWS --group-by pmcid]  train a classifier "
     "model"},
    {"eval", cmd_eval,
     "eval TSV [--model M] [--folds K --group-by COL [--silver ROWS]]  P/R/F1, "
     "macro-F1"},
    {"reclassify", cmd_reclassify,
     "reclassify [--model M]  relabel the index's statements"},
    {"linkeval", cmd_linkeval,
     "linkeval [N]        measure linking by fields (N mistakes shown)"},
    {"cite", cmd_cite,
     "cite ID --format F  bibtex | ris | csl-json | apa [--base-url URL]"},
    {"serve", cmd_serve,
     "serve [--port N] [--bind ADDR] [--threads N] [--base-url URL] "
     "[--trust-proxy] [--request-timeout MS]  HTTP API + web pages"},
    {"silver", cmd_silver,
     "silver pool | silver rows KEYS.tsv... [-o FILE]  silver labels: sample "
     "pool, training rows"},
    {"find", cmd_find,
     "find QUERY [--limit N]  a work by DOI, PMID, PMCID, or by title, author, "
     "journal words"},
    {"pg-init", cmd_pg_init,
     "pg-init --db postgresql://...  [--citus | --fdw URL,...] [--print]  "
     "make a PostgreSQL database a citectx index (distributed layout; "
     "--citus: distribute it on a Citus coordinator; --fdw: partition it "
     "over shard servers)"},
    {"pg-load", cmd_pg_load,
     "pg-load FROM.db --db postgresql://...  copy an SQLite index into an "
     "empty PostgreSQL one"},
    {"vectors", cmd_vectors,
     "vectors TEXT -o FILE [--dim D --vocab V]  learn word vectors (train/eval "
     "--vectors FILE)"},
};

/* What `citectx help COMMAND` and `citectx COMMAND --help` add to the
 * command's usage line: its options and what they mean.  A command with
 * no line here has only its usage line. */
static const struct {
	const char *name, *detail;
} details[] = {
    {"ingest",
     "JATS/PMC XML, GROBID TEI, S2ORC and CORD-19 JSON with "
     "metadata.csv, Markdown;\nfiles, folders, .tar.gz and .gz.  Bad "
     "files are named and skipped.\n  --model M   classify with model "
     "file M\n  --json      the summary as JSON\n"
     "  --part K/N  only the K-th of N shares of the articles (by file "
     "name), for\n              ingests on separate machines\n"
     "  --workers N into PostgreSQL: N threads parse and classify, one "
     "stores\n              (the same index as with one); from 2, two "
     "connections ship\n"
     "  --staging P into PostgreSQL: the staging index's path (also "
     "$CITECTX_STAGING)\n"
     "--db postgresql://...: stored through an SQLite staging index "
     "(kept, by default\nin ${XDG_STATE_HOME:-~/.local/state}/citectx/), "
     "each batch shipped into the\nPostgreSQL index in one transaction "
     "as it commits; a re-run resumes.\n"},
    {"report", "ID: a DOI, doi:..., pmid:N, pmcid:PMCN or PMCN (also sha:, "
               "s2:, cord:, chinaxiv:, citectx:N).\n  --json      the report "
               "as JSON\n"},
    {"statements", FACETS_HELP},
    {"search", "QUERY: words, \"phrases\", prefix*, AND, OR, NOT, "
               "parentheses.\n" FACETS_HELP},
    {"refs", "  --json      the list as JSON\n"},
    {"top", "  --limit N   how many (default 10, at most 1000)\n  --json\n"},
    {"check", "SQLite's and FTS5's integrity checks and citectx's own "
              "invariants.\n  --utf8      also every stored text: values that "
              "are not valid UTF-8\n              are counted and named (a "
              "warning, not a failure)\n"},
    {"classify", "  --model M   a model file (default: the model compiled "
                 "in)\n  --explain   the features behind each label\n"
                 "  --json\n"},
    {"train", "  -o MODEL    the model file to write\n  --group-by COL   "
              "folds by this column\n  --silver ROWS    silver rows (needs "
              "--group-by)\n  --vectors FILE   word vectors   --name N   the "
              "model's name\n  --lambda X  --cw-power X  --nb-beta X  "
              "--silver-weight X  --min-precision X\n  --silver-mentioning X"
              "  the silver weight's multiplier for silver rows labelled\n"
              "              mentioning (default 1)   --inner-folds K "
              "(default 5)\n"},
    {"eval", "  --model M   score a model file; without it, cross-validate\n"
             "  --folds K   --group-by COL   --silver ROWS   --vectors FILE\n"
             "  --lambda X  --cw-power X  --nb-beta X  --silver-weight X  "
             "--min-precision X\n  --silver-mentioning X  --inner-folds K\n"
             "  --json\n"},
    {"cite", "  --format F      bibtex (default), ris, csl-json or apa\n"
             "  --base-url URL  link to the report at URL/works/ID (or "
             "$CITECTX_URL)\n"},
    {"find", "QUERY: a DOI (bare, doi:, https://doi.org/...), pmid:N or N, "
             "PMCN or pmcid:PMCN\ngoes to its work; other words (a title, "
             "authors' surnames, a journal; a year\nnext to them filters by "
             "year) list works by relevance and citations.\n  --limit N   how "
             "many (default 10, at most 100)\n  --json\n"},
    {"serve", "  --port N        0: any free port   --bind ADDR   default "
              "127.0.0.1\n  --threads N     requests reading the index at once "
              "(default one per\n                  CPU)\n"
              "  --request-timeout MS  one request's time limit (default "
              "2000): past it,\n                  503 with Retry-After\n"
              "  --base-url URL  the public URL, for links in feeds and "
              "citations\n                  (https: Secure cookies)\n"
              "  --trust-proxy   behind a reverse proxy: the client address "
              "is the last\n                  X-Forwarded-For address "
              "(login and sign-up limits)\n"},
    {"pg-load", "All rows of every table, with their ids, in one transaction "
                "(all or nothing),\nthrough binary COPY; an empty database "
                "gets pg-init's schema first, one\nthat holds rows is refused. "
                "Text that is not valid UTF-8 is repaired (U+FFFD)\nand "
                "counted.  The summary goes to stderr.\n  --json      the "
                "summary as JSON, on stdout\n"},
    {"pg-init", "The tables, indexes and sequences in one transaction; a "
                "database that already\nholds a citectx index is refused.\n"
                "  --citus     on a Citus coordinator, also distribute them: "
                "reference tables,\n              then each big table on its "
                "key, colocated (docs/SCALING.md)\n  --fdw URL,...  "
                "partition each big table by hash on its key over these\n"
                "              PostgreSQL servers with postgres_fdw (the "
                "test lane L2,\n              docs/SCALING.md): their "
                "tables on them, foreign partitions here\n"
                "  --print     the DDL "
                "(with --citus, and the Citus calls), nothing run\n"
                "  --json      the summary as JSON\n"},
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage_all(FILE *f)
{
	fprintf(f, "usage: citectx [--db PATH] COMMAND [ARGS] [--json]\n\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  citectx %s\n", commands[i].usage);
	fprintf(
	    f, "\nfacets: --type T --section S --from-year Y --to-year Y "
	       "--citing ID\n        --pubtype P --self only|exclude "
	       "--journal-self only|exclude\n        --sort "
	       "relevance|newest|oldest|confidence "
	       "--limit N --cursor C\n        --group sentence|statement "
	       "(one item per citing sentence, the default, or per statement)\n"
	       "\n`citectx help COMMAND` or `citectx COMMAND --help` says "
	       "more.\n");
}

/* The name in a table (its first member a const char *name, stride bytes
 * apart) nearest s by edit distance (insertions, deletions,
 * substitutions, a swap of neighbours), when at most 2 and less than half
 * of s; NULL otherwise.  For "did you mean" on a mistyped command or
 * option. */
static const char *nearest(const char *s, size_t n, const void *table,
                           size_t count, size_t stride)
{
	const char *best = NULL;
	size_t bestd = 3;

	if (n > 30)
		return NULL;
	for (size_t k = 0; k < count; k++) {
		const char *t =
		    *(const char *const *)((const char *)table + k * stride);
		size_t m = strlen(t), d[32][32];

		if (m > 30)
			continue;
		for (size_t i = 0; i <= n; i++)
			for (size_t j = 0; j <= m; j++) {
				size_t v = i && j ? d[i - 1][j - 1] +
				                        (s[i - 1] != t[j - 1])
				                  : i + j;

				if (i && d[i - 1][j] + 1 < v)
					v = d[i - 1][j] + 1;
				if (j && d[i][j - 1] + 1 < v)
					v = d[i][j - 1] + 1;
				if (i > 1 && j > 1 && s[i - 1] == t[j - 2] &&
				    s[i - 2] == t[j - 1] &&
				    d[i - 2][j - 2] + 1 < v)
					v = d[i - 2][j - 2] + 1;
				d[i][j] = v;
			}
		if (d[n][m] < bestd && 2 * d[n][m] < n)
			bestd = d[n][m], best = t;
	}
	return best;
}

static const struct command *command_find(const char *name)
{
	for (size_t i = 0; name && i < NCOMMANDS; i++)
		if (!strcmp(name, commands[i].name))
			return &commands[i];
	return NULL;
}

/* `citectx help [COMMAND]`, `citectx COMMAND --help`: to stdout, exit 0;
 * an unknown command is an error that lists the known ones. */
static int help(const char *name)
{
	const struct command *cmd = command_find(name);

	if (!name) {
		usage_all(stdout);
		return 0;
	}
	if (!cmd) {
		fprintf(stderr,
		        "citectx help: %s: unknown command; commands:", name);
		for (size_t i = 0; i < NCOMMANDS; i++)
			fprintf(stderr, " %s", commands[i].name);
		fputc('\n', stderr);
		return 2;
	}
	printf("usage: citectx [--db PATH] %s\n", cmd->usage);
	for (size_t i = 0; i < sizeof(details) / sizeof(*details); i++)
		if (!strcmp(details[i].name, name))
			printf("\n%s", details[i].detail);
	return 0;
}

/* ---- options ---------------------------------------------------------- */

/* What an option takes: nothing (a flag set to 1), a string kept as
 * typed, or a number checked against [lo, hi]. */
enum opt_kind { OPT_FLAG, OPT_STR, OPT_INT, OPT_DOUBLE };

/* One option of any command but the facets (lib/facets.c's table, which
 * the HTTP parameters share): its name as typed after "--", what it
 * takes, the field of struct cli it sets and, for a number, its range.
 * set: a field set to 1 when the option is given at all (0: none). */
static const struct option {
	const char *name;
	enum opt_kind kind;
	size_t field, set;
	double lo, hi;
} options[] = {
/* clang-format off */
#define FLAG(n, f)        {n, OPT_FLAG, offsetof(struct cli, f), 0, 0, 0}
#define STR(n, f)         {n, OPT_STR, offsetof(struct cli, f), 0, 0, 0}
#define INT(n, f, lo, hi) {n, OPT_INT, offsetof(struct cli, f), 0, lo, hi}
#define DOUBLE(n, f, hi)  {n, OPT_DOUBLE, offsetof(struct cli, f), 0, 0, hi}
    /* clang-format on */
    FLAG("json", json),
    FLAG("explain", explain),
    FLAG("help", help),
    FLAG("trust-proxy", trust_proxy),
    FLAG("print", print),
    FLAG("citus", citus),
    FLAG("utf8", utf8),
    STR("db", db),
    STR("citing", citing_id),
    STR("model", model_path),
    STR("output", output),
    STR("group-by", group_by),
    STR("name", name),
    STR("silver", silver_path),
    STR("format", format),
    STR("base-url", base_url),
    STR("bind", bind),
    STR("vectors", vectors_path),
    STR("part", part),
    STR("fdw", fdw),
    STR("staging", staging),
    DOUBLE("lambda", lambda, 100),
    DOUBLE("cw-power", cw_power, 4),
    DOUBLE("nb-beta", nb_beta, 100),
    DOUBLE("silver-weight", silver_weight, 100),
    DOUBLE("silver-mentioning", silver_mentioning, 1),
    DOUBLE("min-precision", min_precision, 1),
    INT("folds", folds, 2, 1000),
    INT("inner-folds", inner_folds, 2, 20),
    {"port", OPT_INT, offsetof(struct cli, port),
     offsetof(struct cli, port_set), 0, 65535},
    INT("threads", threads, 1, 256),
    INT("request-timeout", request_ms, 1, 600000),
    INT("dim", dim, 2, 128),
    INT("vocab", vocab, 100, 200000),
    INT("workers", workers, 1, CT_INGEST_WORKERS_MAX),
#undef FLAG
#undef STR
#undef INT
#undef DOUBLE
};

/* Whether s[0..n) is name, '_' taken as '-' (--group_by works too). */
static int opt_is(const char *name, const char *s, size_t n)
{
	size_t i = 0;

	for (; i < n && name[i]; i++)
		if (name[i] != (s[i] == '_' ? '-' : s[i]))
			return 0;
	return i == n && !name[i];
}

static const struct option *option_find(const char *s, size_t n)
{
	for (size_t i = 0; i < sizeof(options) / sizeof(*options); i++)
		if (opt_is(options[i].name, s, n))
			return &options[i];
	return NULL;
}

static int opt_int(struct cli *c, const struct option *o, const char *v,
                   int *out)
{
	char *end;
	long n = strtol(v, &end, 10);

	if (!*v || *end || n < o->lo || n > o->hi)
		return cli_usage(c, "--%s %s: expected a number from %d to %d",
		                 o->name, v, (int)o->lo, (int)o->hi);
	*out = (int)n;
	return 0;
}

static int opt_double(struct cli *c, const struct option *o, const char *v,
                      double *out)
{
	char *end;
	double x = strtod(v, &end);

	if (!*v || *end || !(x >= o->lo && x <= o->hi))
		return cli_usage(c, "--%s %s: expected a number from %g to %g",
		                 o->name, v, o->lo, o->hi);
	*out = x;
	return 0;
}

/* Option o with its value v (NULL for a flag). */
static int opt_set(struct cli *c, const struct option *o, const char *v)
{
	char *f = (char *)c + o->field;

	if (o->set)
		*(int *)((char *)c + o->set) = 1;
	switch (o->kind) {
	case OPT_FLAG:
		*(int *)f = 1;
		return 0;
	case OPT_STR:
		*(const char **)f = v;
		return 0;
	case OPT_INT:
		return opt_int(c, o, v, (int *)f);
	case OPT_DOUBLE:
		return opt_double(c, o, v, (double *)f);
	}
	return 0;
}

/* A facet (the table in lib/facets.c, shared with the HTTP parameters);
 * 1 when name is not one. */
static int opt_facet(struct cli *c, const char *name, const char *v)
{
	struct ct_error err = {0};
	int rc = ct_query_set(&c->q, name, v, CT_STYLE_CLI, &err);

	return rc < 0 ? cli_usage(c, "%s", err.msg) : rc;
}

/* A facet's name (with '_'), as ct_query_set takes it. */
static int is_facet(const char *name)
{
	for (size_t i = 0; ct_facet_name(i); i++)
		if (!strcmp(name, ct_facet_name(i)))
			return 1;
	return 0;
}

/* An option that is neither an option nor a facet: said so, with the
 * nearest of both as a guess (name: the option with '_' for '-'). */
static int opt_unknown(struct cli *c, const char *opt, size_t n,
                       const char *name)
{
	const char *fn[64], *near;
	size_t nf = 0;
	char guess[40];

	while (nf < 64 && (fn[nf] = ct_facet_name(nf)))
		nf++;
	near = nearest(opt, n, options, sizeof(options) / sizeof(*options),
	               sizeof(*options));
	if (!near && (near = nearest(name, n, fn, nf, sizeof(*fn)))) {
		snprintf(guess, sizeof(guess), "%s", near);
		for (char *p = guess; *p; p++)
			if (*p == '_')
				*p = '-';
		near = guess;
	}
	if (near)
		return cli_usage(c,
		                 "--%.*s: unknown option; did you mean --%s?",
		                 (int)n, opt, near);
	return cli_usage(c, "--%.*s: unknown option", (int)n, opt);
}

/* "--name=value", "--name value" or "--flag" at argv[*i] (a, after the
 * -o / -h aliases); *i moves past a value taken from the next word. */
static int opt_parse(struct cli *c, const char *a, int argc, char **argv,
                     int *i)
{
	const char *eq = strchr(a, '='), *v;
	size_t n = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
	const struct option *o = option_find(a + 2, n);
	char name[32];
	int rc;

	if (o && o->kind == OPT_FLAG && !eq)
		return opt_set(c, o, NULL);
	if (n >= sizeof(name))
		return cli_usage(c, "%s: unknown option", a);
	memcpy(name, a + 2, n); /* the facets' names have '_' for '-' */
	name[n] = '\0';
	for (char *p = name; *p; p++)
		if (*p == '-')
			*p = '_';
	if (!o && !is_facet(name))
		return opt_unknown(c, a + 2, n, name);
	if (!eq && *i + 1 >= argc)
		return cli_usage(c, "%s needs a value", a);
	v = eq ? eq + 1 : argv[++*i];
	if ((rc = opt_facet(c, name, v)) != 1)
		return rc;
	if (!o || o->kind == OPT_FLAG)
		return opt_unknown(c, a + 2, n, name);
	return opt_set(c, o, v);
}

static int parse_args(struct cli *c, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-o"))
			a = "--output";
		if (!strcmp(a, "-h"))
			a = "--help";
		if (strncmp(a, "--", 2) || !a[2]) {
			if (!c->cmd)
				c->cmd = a;
			else if (c->nargs < CLI_ARGS_MAX)
				c->args[c->nargs++] = a;
			else
				return cli_usage(c, "too many arguments");
			continue;
		}
		if (opt_parse(c, a, argc, argv, &i))
			return 2;
	}
	return 0;
}

/* A note the library's test hooks say (testhooks.h), on stderr. */
static void say_line(const char *line)
{
	fprintf(stderr, "%s\n", line);
}

/* The test hooks from the environment, before any thread starts:
 * CITECTX_INGEST_BATCH=N (batches of N articles at most),
 * CITECTX_PG_SHIP_HOLD=N:open|before|after (a batch held 300 s) and
 * CITECTX_LINKEVAL_MEM_KB=N (linkeval's records in memory on
 * PostgreSQL: N KiB at most). */
static void test_hooks(void)
{
	const char *b = getenv("CITECTX_INGEST_BATCH");

	ct_test_hooks.batch_articles = b ? atoi(b) : 0;
	ct_test_hooks.ship_hold = getenv("CITECTX_PG_SHIP_HOLD");
	ct_test_hooks.say = say_line;
	b = getenv("CITECTX_LINKEVAL_MEM_KB");
	ct_test_hooks.linkeval_mem_kb = b ? atol(b) : 0;
}

int main(int argc, char **argv)
{
	static struct cli c;
	const struct command *cmd;
	struct ct_error err = {0};

	test_hooks();
	c.prog = argv[0];
	c.lambda = c.cw_power = c.min_precision = c.nb_beta = -1;
	c.silver_weight = -1;
	c.silver_mentioning = 1;
	if (argc > 1 && !strcmp(argv[1], "--version")) {
		printf("citectx %s\n", CT_VERSION);
		return 0;
	}
	if (parse_args(&c, argc, argv))
		return 2;
	if (c.cmd && !strcmp(c.cmd, "help"))
		return help(c.nargs ? c.args[0] : NULL);
	if (c.help)
		return help(c.cmd);
	if (!c.cmd) {
		usage_all(stderr);
		return 2;
	}
	if (!(cmd = command_find(c.cmd))) {
		const char *near = nearest(c.cmd, strlen(c.cmd), commands,
		                           NCOMMANDS, sizeof(*commands));

		if (near)
			fprintf(stderr,
			        "citectx: %s: unknown command; did you mean "
			        "%s? (see "
			        "citectx help)\n",
			        c.cmd, near);
		else
			fprintf(
			    stderr,
			    "citectx: %s: unknown command (see citectx help)\n",
			    c.cmd);
		return 2;
	}
	if (ct_query_check(&c.q, CT_STYLE_CLI, &err))
		return cli_usage(&c, "%s", err.msg);
	return cmd->fn(&c);
}
