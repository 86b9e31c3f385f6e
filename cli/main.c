/* main.c — citectx's command table and option parser. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const struct command {
	const char *name;
	int (*fn)(struct cli *c);
	const char *usage;
} commands[] = {
	{"ingest", cmd_ingest, "ingest PATH...      index articles (files, folders, .tar.gz)"},
	{"report", cmd_report, "report ID           the report of one work"},
	{"statements", cmd_statements, "statements ID [facets]  citation statements about a work"},
	{"search", cmd_search, "search QUERY [facets]   search all citation statements"},
	{"refs", cmd_refs, "refs ID             a work's reference list, linked"},
	{"top", cmd_top, "top [--limit N]     the most-cited works"},
	{"check", cmd_check, "check               integrity check of the index"},
	{"sentences", cmd_sentences, "sentences [TEXT]    split text (or stdin) into sentences"},
	{"classify", cmd_classify, "classify [TEXT] [--explain] [--model M]  label statements (or stdin lines)"},
	{"train", cmd_train, "train TSV -o MODEL [--silver ROWS --group-by pmcid]  train a classifier model"},
	{"eval", cmd_eval, "eval TSV [--model M] [--folds K --group-by COL [--silver ROWS]]  P/R/F1, macro-F1"},
	{"reclassify", cmd_reclassify, "reclassify [--model M]  relabel the index's statements"},
	{"linkeval", cmd_linkeval, "linkeval [N]        measure linking by fields (N mistakes shown)"},
	{"cite", cmd_cite, "cite ID --format F  bibtex | ris | csl-json | apa [--base-url URL]"},
	{"serve", cmd_serve, "serve [--port N] [--bind ADDR] [--threads N] [--base-url URL]  HTTP API + web pages"},
	{"silver", cmd_silver, "silver pool | silver rows KEYS.tsv... [-o FILE]  silver labels: sample pool, training rows"},
	{"vectors", cmd_vectors, "vectors TEXT -o FILE [--dim D --vocab V]  learn word vectors (train/eval --vectors FILE)"},
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage_all(FILE *f)
{
	fprintf(f, "usage: citectx [--db PATH] COMMAND [ARGS] [--json]\n\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  citectx %s\n", commands[i].usage);
	fprintf(f, "\nfacets: --type T --section S --from-year Y --to-year Y "
		   "--citing ID\n        --pubtype P --self only|exclude --journal-self only|exclude\n        --sort relevance|newest|oldest|confidence "
		   "--limit N --cursor C\n");
}

int cli_exit(int code)
{
	switch (code) {
	case 0:
		return 0;
	case CT_EUSAGE:
	case CT_ENOTFOUND:
	case CT_EPARSE:
	case CT_EFORMAT:
	case CT_ELIMIT:
		return 2;
	default:
		return 1;
	}
}

int cli_fail(const struct ct_error *err)
{
	fprintf(stderr, "citectx: %s\n", err->msg[0] ? err->msg
						       : ct_strerror(err->code));
	return cli_exit(err->code);
}

int cli_usage(const struct cli *c, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "citectx %s: ", c->cmd ? c->cmd : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 2;
}

int cli_open(struct cli *c, int flags, struct ct_index **idx)
{
	struct ct_error err = {0};
	const char *db = c->db ? c->db : getenv("CITECTX_DB");
	int rc = ct_open(db && *db ? db : "citectx.db", flags, idx, &err);

	return rc ? cli_fail(&err) : 0;
}

int cli_write(const struct ct_buf *b)
{
	if (b->len && fwrite(b->ptr, 1, b->len, stdout) != b->len)
		return 1;
	return fflush(stdout) ? 1 : 0;
}

int cli_resolve_citing(struct cli *c, struct ct_index *idx)
{
	struct ct_error err = {0};

	if (!c->citing_id)
		return 0;
	if (ct_resolve(idx, c->citing_id, &c->q.citing, &err))
		return cli_fail(&err);
	return 0;
}

/* ---- options ---------------------------------------------------------- */

static int opt_mask(struct cli *c, const char *v, unsigned *mask,
		    int (*parse)(const char *), const char *what)
{
	int k = parse(v);

	if (k < 0)
		return cli_usage(c, "%s: unknown %s", v, what);
	*mask |= 1u << k;
	return 0;
}

static int opt_int(struct cli *c, const char *name, const char *v, int lo,
		   int hi, int *out)
{
	char *end;
	long n = strtol(v, &end, 10);

	if (!*v || *end || n < lo || n > hi)
		return cli_usage(c, "--%s %s: expected a number from %d to %d",
				 name, v, lo, hi);
	*out = (int)n;
	return 0;
}

static int opt_double(struct cli *c, const char *name, const char *v,
		      double hi, double *out)
{
	char *end;
	double x = strtod(v, &end);

	if (!*v || *end || !(x >= 0 && x <= hi))
		return cli_usage(c, "--%s %s: expected a number from 0 to %g",
				 name, v, hi);
	*out = x;
	return 0;
}

static int opt_sort(struct cli *c, const char *v)
{
	static const char *const sorts[] = {"relevance", "newest", "oldest",
		"confidence"};

	for (int i = 0; i < 4; i++)
		if (!strcmp(v, sorts[i])) {
			c->q.sort = i;
			return 0;
		}
	return cli_usage(c, "--sort %s: expected relevance, newest, oldest or "
			 "confidence", v);
}

static int opt_pubtype(struct cli *c, const char *v)
{
	if (c->q.npubtypes == CT_PUBTYPES_MAX)
		return cli_usage(c, "--pubtype %s: at most %d values", v,
				 CT_PUBTYPES_MAX);
	c->q.pubtypes[c->q.npubtypes++] = v;
	return 0;
}

static int opt_journal_self(struct cli *c, const char *v)
{
	int k = ct_self_parse(v);

	if (k < 0)
		return cli_usage(c, "--journal-self %s: expected only or exclude", v);
	c->q.journal_self = k;
	return 0;
}

static int opt_self(struct cli *c, const char *v)
{
	if (!strcmp(v, "only"))
		c->q.self = CT_SELF_ONLY;
	else if (!strcmp(v, "exclude"))
		c->q.self = CT_SELF_EXCLUDE;
	else
		return cli_usage(c, "--self %s: expected only or exclude", v);
	return 0;
}

/* One option with its value; name has dashes as underscores. */
static int opt_apply(struct cli *c, const char *name, const char *v)
{
	if (!strcmp(name, "db"))
		c->db = v;
	else if (!strcmp(name, "type"))
		return opt_mask(c, v, &c->q.type_mask, ct_type_parse, "type");
	else if (!strcmp(name, "section"))
		return opt_mask(c, v, &c->q.section_mask, ct_section_parse,
				"section");
	else if (!strcmp(name, "from_year"))
		return opt_int(c, name, v, 1, 9999, &c->q.from_year);
	else if (!strcmp(name, "to_year"))
		return opt_int(c, name, v, 1, 9999, &c->q.to_year);
	else if (!strcmp(name, "limit"))
		return opt_int(c, name, v, 1, CT_LIMIT_MAX, &c->q.limit);
	else if (!strcmp(name, "sort"))
		return opt_sort(c, v);
	else if (!strcmp(name, "cursor"))
		c->q.cursor = v;
	else if (!strcmp(name, "citing"))
		c->citing_id = v;
	else if (!strcmp(name, "pubtype"))
		return opt_pubtype(c, v);
	else if (!strcmp(name, "self"))
		return opt_self(c, v);
	else if (!strcmp(name, "journal_self"))
		return opt_journal_self(c, v);
	else if (!strcmp(name, "model"))
		c->model_path = v;
	else if (!strcmp(name, "output"))
		c->output = v;
	else if (!strcmp(name, "group_by"))
		c->group_by = v;
	else if (!strcmp(name, "name"))
		c->name = v;
	else if (!strcmp(name, "lambda"))
		return opt_double(c, name, v, 100, &c->lambda);
	else if (!strcmp(name, "cw_power"))
		return opt_double(c, name, v, 4, &c->cw_power);
	else if (!strcmp(name, "nb_beta"))
		return opt_double(c, name, v, 100, &c->nb_beta);
	else if (!strcmp(name, "silver"))
		c->silver_path = v;
	else if (!strcmp(name, "silver_weight"))
		return opt_double(c, name, v, 100, &c->silver_weight);
	else if (!strcmp(name, "min_precision"))
		return opt_double(c, name, v, 1, &c->min_precision);
	else if (!strcmp(name, "folds"))
		return opt_int(c, name, v, 2, 1000, &c->folds);
	else if (!strcmp(name, "format"))
		c->format = v;
	else if (!strcmp(name, "base_url"))
		c->base_url = v;
	else if (!strcmp(name, "port"))
		return (c->port_set = 1, opt_int(c, name, v, 0, 65535, &c->port));
	else if (!strcmp(name, "bind"))
		c->bind = v;
	else if (!strcmp(name, "threads"))
		return opt_int(c, name, v, 1, 256, &c->threads);
	else if (!strcmp(name, "vectors"))
		c->vectors_path = v;
	else if (!strcmp(name, "dim"))
		return opt_int(c, name, v, 2, 128, &c->dim);
	else if (!strcmp(name, "vocab"))
		return opt_int(c, name, v, 100, 200000, &c->vocab);
	else
		return cli_usage(c, "--%s: unknown option", name);
	return 0;
}

static int parse_args(struct cli *c, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		char name[32];
		const char *a = argv[i], *eq, *v;
		size_t n;

		if (!strcmp(a, "-o"))
			a = "--output";
		if (strncmp(a, "--", 2) || !a[2]) {
			if (!c->cmd)
				c->cmd = a;
			else if (c->nargs < CLI_ARGS_MAX)
				c->args[c->nargs++] = a;
			else
				return cli_usage(c, "too many arguments");
			continue;
		}
		if (!strcmp(a, "--json")) {
			c->json = 1;
			continue;
		}
		if (!strcmp(a, "--explain")) {
			c->explain = 1;
			continue;
		}
		eq = strchr(a, '=');
		n = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
		if (n >= sizeof(name))
			return cli_usage(c, "%s: unknown option", a);
		memcpy(name, a + 2, n);
		name[n] = '\0';
		for (char *p = name; *p; p++)
			if (*p == '-')
				*p = '_';
		if (!eq && i + 1 >= argc)
			return cli_usage(c, "%s needs a value", a);
		v = eq ? eq + 1 : argv[++i];
		if (opt_apply(c, name, v))
			return 2;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static struct cli c;

	c.prog = argv[0];
	c.lambda = c.cw_power = c.min_precision = c.nb_beta = -1;
	c.silver_weight = -1;
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
			 !strcmp(argv[1], "help"))) {
		usage_all(stdout);
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "--version")) {
		printf("citectx %s\n", CT_VERSION);
		return 0;
	}
	if (parse_args(&c, argc, argv))
		return 2;
	if (!c.cmd) {
		usage_all(stderr);
		return 2;
	}
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (!strcmp(c.cmd, commands[i].name))
			return commands[i].fn(&c);
	fprintf(stderr, "citectx: %s: unknown command (see citectx --help)\n",
		c.cmd);
	return 2;
}
