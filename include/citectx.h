/*
 * citectx.h — the public header of libcitectx, the smart citation index
 *
 * What it owns: an index handle (struct ct_index, one SQLite file) and the
 * calls that fill it from article files (ingest) and read it back (works,
 * statements, references, reports).  The library never prints and never
 * exits; every fallible call returns 0 or a negative CT_E* code and, when
 * given a struct ct_error, a one-line message naming the input at fault.
 *
 * Ownership: strings returned inside result structs belong to the result
 * and stay valid until its *_release call.  Handles are not thread-safe;
 * open one per thread.
 */
#ifndef CITECTX_H
#define CITECTX_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#define CT_VERSION "0.1.0"

/* The error table: X(name, value, exit, status, http, text).  Codes are
 * negative.  exit is the command line's exit code (2: the input or the
 * usage was wrong, 1: anything else, the index's backend not able to do
 * it yet (PostgreSQL) and a server out of reach among it); status and http are
 * the HTTP status and the API's error code ("internal" answers 500 with the
 * text when the error has no message). */
#define CT_ERRNO_MAP(X)                                                        \
	X(CT_OK, 0, 0, 200, "ok", "success")                                   \
	X(CT_ENOMEM, -1, 1, 500, "internal", "out of memory")                  \
	X(CT_EIO, -2, 1, 500, "internal", "input/output error")                \
	X(CT_EPARSE, -3, 2, 400, "bad_request", "malformed input")             \
	X(CT_ELIMIT, -4, 2, 413, "too_large", "input exceeds a limit")         \
	X(CT_ENOTFOUND, -5, 2, 404, "not_found", "not found")                  \
	X(CT_EUSAGE, -6, 2, 400, "bad_request", "bad usage")                   \
	X(CT_EDB, -7, 1, 500, "internal", "index database error")              \
	X(CT_ECORRUPT, -8, 1, 500, "internal", "index integrity check failed") \
	X(CT_EFORMAT, -9, 2, 400, "bad_request", "unsupported input format")   \
	X(CT_ESCHEMA, -10, 1, 500, "internal",                                 \
	  "index schema is newer than this program")                           \
	X(CT_EBUSY, -11, 1, 503, "busy",                                       \
	  "index busy: another writer holds it, try again")                    \
	X(CT_EUNAVAIL, -12, 1, 503, "unavailable",                             \
	  "a server holding the index cannot be reached, try again later")     \
	X(CT_ENOTSUP, -13, 1, 501, "not_implemented",                          \
	  "not available on this index's backend yet")                         \
	X(CT_EEXIST, -20, 1, 409, "conflict", "already exists")                \
	X(CT_EAUTH, -21, 1, 401, "unauthorized", "authentication failed")      \
	X(CT_ERATE, -22, 1, 429, "rate_limited",                               \
	  "too many attempts, try again later")

enum ct_errno {
#define CT_X(n, v, exit, status, http, s) n = v,
	CT_ERRNO_MAP(CT_X)
#undef CT_X
};

const char *ct_strerror(int code);
/* The command line's exit code for code (0 for 0; 1 for a code not in
 * the table). */
int ct_exit_code(int code);
/* The HTTP status for code, and its API error name in *name (500 and
 * "internal" for a code not in the table). */
int ct_http_status(int code, const char **name);

/* An error report: code plus one line of text ("file: problem"). */
struct ct_error {
	int code;
	char msg[512];
};

/* ---- growable byte buffer (always NUL-terminated) ----------------------
 * Errors are sticky (SQLite's sqlite3_str, curl's dynbuf): the first append
 * that fails (CT_ENOMEM, or CT_ELIMIT past the buffer's ceiling) is kept in
 * err and every later append refuses with the same code and writes
 * nothing, so a writer of a document appends freely and checks once, at
 * the end, with ct_buf_error.  A failed buffer holds a cut prefix of the
 * document: never use it as the document.  ct_buf_reset and
 * ct_buf_release empty the buffer and clear err; the ceiling stays. */
struct ct_buf {
	char *ptr;
	size_t len, cap;
	size_t limit; /* ceiling of len set by the owner; 0: the default */
	int err;      /* the first failure, 0 while none */
};
#define CT_BUF_INIT                                                            \
	{                                                                      \
		NULL, 0, 0, 0, 0                                               \
	}
void ct_buf_release(struct ct_buf *b);
/* Each returns 0, or the buffer's (sticky) error. */
int ct_buf_put(struct ct_buf *b, const void *p, size_t n);
int ct_buf_puts(struct ct_buf *b, const char *s);
int ct_buf_printf(struct ct_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void ct_buf_reset(struct ct_buf *b);
/* Sets the ceiling of b's length to bytes (at most the library's own,
 * 256 MiB; 0 restores that): an append past it fails with CT_ELIMIT. */
void ct_buf_limit(struct ct_buf *b, size_t bytes);
/* 0, or the first failure of an append to b (sticky, see above). */
int ct_buf_error(const struct ct_buf *b);

/* ---- the index ---------------------------------------------------------- */
struct ct_index;

enum { CT_OPEN_READONLY = 1 };
/* ct_open flag for long-lived handles (the server's, a benchmark's): keep
 * the search cache, the facet values of every statement in memory (about
 * 20 bytes each), loaded at the first full-text search and reloaded when
 * the index changes, so that a search with facets steps only the
 * full-text matches.  Same results as without; one-shot commands should
 * not set it (loading costs more than one search). */
enum { CT_OPEN_SEARCH_CACHE = 2 };

/* ct_open flag for a process that will write much (ingest), on its first
 * ct_open: the page cache (160 MB) in one mapping of huge pages, resident
 * from the start, which one-shot readers should not pay for. */
enum { CT_OPEN_BULK = 4 };

/* ct_open flag for a developer: time every SQL statement the handle
 * runs (SQLite's profile trace, which costs a little on each).  At
 * ct_close the profile goes to the function ct_sql_profile_use set (the
 * CLI prints it under CITECTX_SQL_PROFILE=1; docs/BENCHMARKS.md). */
enum { CT_OPEN_SQL_PROFILE = 8 };

/* Opens (creating and migrating when needed) the index at path. */
int ct_open(const char *path, int flags, struct ct_index **out,
            struct ct_error *err);
void ct_close(struct ct_index *idx);

/* One statement's share of a profile: its SQL text, the seconds it ran,
 * how many times it ran. */
struct ct_sql_time {
	const char *sql;
	double seconds;
	int64_t runs;
};

/* A handle's SQL profile (CT_OPEN_SQL_PROFILE): the page cache's counts
 * at the close (hit, miss, write, spill: SQLITE_DBSTATUS_CACHE_*) and
 * every statement, the longest first.  Valid during the call only. */
struct ct_sql_profile {
	int cache[4];
	size_t n;
	const struct ct_sql_time *v;
};

typedef void (*ct_sql_profile_fn)(void *arg, const struct ct_sql_profile *p);

/* fn(arg, profile) is called once, at ct_close, when idx was opened with
 * CT_OPEN_SQL_PROFILE (none without a function, or out of memory). */
void ct_sql_profile_use(struct ct_index *idx, ct_sql_profile_fn fn, void *arg);
/* A read snapshot: every read between begin and end sees the index as it
 * was at the first of them, under one lock instead of one per statement
 * (what a request of the HTTP server is).  Writes through another handle
 * meanwhile are not seen until end.  Nesting is not supported. */
int ct_snapshot_begin(struct ct_index *idx, struct ct_error *err);
void ct_snapshot_end(struct ct_index *idx);

/* A deadline for idx's reads: once *at has passed (a ct_clock_ns() time;
 * 0: none), the statement running stops and fails, and so does every
 * later one, until *at moves; a wait for the write lock ends too.  *at is
 * read atomically at each look, so another thread may bring it forward
 * (the server does, for every request in flight, on shutdown).  SQLite
 * looks every thousand or so steps of its virtual machine, also between
 * FTS5's page reads: a statement runs at most about 0.3 s past *at (the
 * prefix merge of `a* OR ... OR z*` on the corpus).  at NULL removes the
 * limit (the default: the CLI has none); the pointer is borrowed until
 * then or ct_close.  Exempt: ending a snapshot, and loading the search
 * cache (the index's work, bounded by its size, shared by the requests
 * that follow), unless *at is CT_DEADLINE_NOW (shutdown). */
void ct_deadline_use(struct ct_index *idx, const _Atomic int64_t *at);
/* A deadline long past that stops even the exempt work. */
#define CT_DEADLINE_NOW 1
/* 1 when the deadline stopped a statement or a wait of idx since the last
 * call (which clears it): the failure the caller saw is "out of time". */
int ct_deadline_hit(struct ct_index *idx);
/* CLOCK_MONOTONIC in nanoseconds: the clock of ct_deadline_use. */
int64_t ct_clock_ns(void);

/* ---- ingest ------------------------------------------------------------- */
struct ct_failure {
	char *file, *error;
};

/* Where one ct_ingest_path call's time went, for a developer asking which
 * side of the queue is the longer one (the CLI prints it under
 * CITECTX_INGEST_TIMES=1; docs/BENCHMARKS.md).  Each call starts it anew. */
struct ct_ingest_thread_times {
	double cpu;        /* seconds on a core */
	double queue_wait; /* seconds waiting on the queue */
	double core_wait;  /* seconds runnable but waiting for a core (Linux) */
};

struct ct_ingest_ckpt_time {
	int copied, frames; /* WAL pages copied into the database, of */
	double seconds;
};

/* checkpoints recorded one by one (a batch each: the corpus takes ~30) */
#define CT_INGEST_CKPTS_MAX 1024

struct ct_ingest_times {
	int threaded; /* the reader and the store ran apart: both measured */
	struct ct_ingest_thread_times reader, store;
	int commits;
	double commit_s; /* the store's seconds in commits */
	double ckwait_s; /* the store's seconds waiting for a checkpoint */
	double tail_s;   /* seconds from the pipeline's end to the return */
	size_t nckpts;   /* checkpoints done; the first ones in ckpts */
	struct ct_ingest_ckpt_time ckpts[CT_INGEST_CKPTS_MAX];
};

struct ct_ingest_stats {
	uint64_t files, articles, references, statements;
	size_t nfailures, capfailures;
	struct ct_failure *failures;
	double seconds;
	uint64_t bytes_done, bytes_total; /* for progress */
	/* Articles stored with something left out by the bounds per article
	 * (statements over a limit, citing sentences cut to a window; file
	 * is the article, error says what), and files skipped without being
	 * failures. */
	size_t nwarnings, capwarnings;
	struct ct_failure *warnings;
	struct ct_ingest_times times; /* the last ct_ingest_path's */
	/* with workers (ct_ingest_workers): how many there were, and the
	 * article files each one parsed */
	int nworkers;
	uint64_t worker_files[64]; /* CT_INGEST_WORKERS_MAX */
};

/* Called after each file or archive member; may be NULL. */
typedef void (*ct_progress_fn)(void *ctx, const struct ct_ingest_stats *st,
                               const char *current);

/* Ingests one path (file, folder walked recursively, .tar.gz / .tgz / .gz).
 * Files that fail are recorded in st->failures and skipped; the return is
 * an error only when the index itself failed. */
int ct_ingest_path(struct ct_index *idx, const char *path,
                   struct ct_ingest_stats *st, ct_progress_fn fn, void *ctx,
                   struct ct_error *err);
void ct_ingest_stats_release(struct ct_ingest_stats *st);
/* Later ingests into idx take only the k-th (1..n) of n shares of the
 * article files (`ingest --part k/N`, to ingest on separate machines):
 * a file belongs to one share, fixed by its base name alone (FNV-1a hash
 * modulo n); metadata tables (.csv) belong to every share.  n 1: all.
 * CT_EUSAGE unless 1 <= k <= n <= CT_INGEST_PARTS_MAX. */
#define CT_INGEST_PARTS_MAX 1024
int ct_ingest_part(struct ct_index *idx, unsigned k, unsigned n,
                   struct ct_error *err);
/* Later ingests into idx read with n worker threads (`ingest --workers
 * N`): each parses, extracts and classifies the articles it takes, and
 * hands them to the one store thread in the order of the walk, so the
 * index is the same as with one (n 1: the walk reads alone).  CT_EUSAGE
 * unless 1 <= n <= CT_INGEST_WORKERS_MAX. */
#define CT_INGEST_WORKERS_MAX 64
int ct_ingest_workers(struct ct_index *idx, int n, struct ct_error *err);

/* ---- identifiers -------------------------------------------------------- */
/* Resolves a user-given ID (bare DOI, doi:, pmid:, pmcid:, PMCnnn) to the
 * work's internal id.  CT_EUSAGE for a malformed ID, CT_ENOTFOUND when no
 * work has it. */
int ct_resolve(struct ct_index *idx, const char *id, int64_t *work,
               struct ct_error *err);
/* IDs that name a work and that a user who typed id (which did not
 * resolve) may have meant: a bare number as pmid: or pmcid:PMC, "PMID
 * 123", a DOI inside a link or with the punctuation of a sentence around
 * it.  ct_resolve's "no such work" and "not a DOI" messages end with them
 * ("; did you mean pmid:1202204?"); pages link them. */
#define CT_SUGGEST_MAX 3
#define CT_ID_MAX      320
struct ct_suggestions {
	size_t n;
	char id[CT_SUGGEST_MAX][CT_ID_MAX];
	int64_t work[CT_SUGGEST_MAX];
};
void ct_suggest(struct ct_index *idx, const char *id,
                struct ct_suggestions *sg);

/* A byte range [start, end) of a text. */
struct ct_span {
	uint32_t start, end;
};

/* ---- queries ------------------------------------------------------------ */
enum ct_section {
	CT_SEC_INTRODUCTION,
	CT_SEC_METHODS,
	CT_SEC_RESULTS,
	CT_SEC_DISCUSSION,
	CT_SEC_OTHER,
	CT_SEC_COUNT
};
enum ct_type {
	CT_TYPE_SUPPORTING,
	CT_TYPE_CONTRASTING,
	CT_TYPE_MENTIONING,
	CT_TYPE_UNCLASSIFIED,
	CT_TYPE_COUNT
};
enum ct_sort {
	CT_SORT_RELEVANCE,
	CT_SORT_NEWEST,
	CT_SORT_OLDEST,
	CT_SORT_CONFIDENCE
};

const char *ct_section_name(int sec);
const char *ct_type_name(int type);
int ct_section_parse(const char *s); /* -1 when unknown */
int ct_type_parse(const char *s);    /* -1 when unknown */

#define CT_LIMIT_DEFAULT 25
#define CT_LIMIT_MAX     1000
/* Distinct values of the pubtype filter one query may name. */
#define CT_PUBTYPES_MAX 16
/* ct_query.self: every statement, self-citations only, or none of them. */
enum ct_self { CT_SELF_ANY, CT_SELF_ONLY, CT_SELF_EXCLUDE };

/* What one item of a page is (ct_query.group).  CT_GROUP_SENTENCE, the
 * default: a card per citing sentence of one citing article, listed once
 * however many works it cites there (or, in a work's list, however many
 * times it cites that work); the card shows the statement of the
 * sentence that ranks first under the query, with every statement of the
 * sentence in cites.  CT_GROUP_STATEMENT: one item per statement (the
 * shape before issue 16). */
enum ct_group { CT_GROUP_SENTENCE, CT_GROUP_STATEMENT };

/* Filters shared by `statements` and `search`.  Masks have bit (1<<enum). */
struct ct_query {
	int64_t cited;          /* work id, 0 = any */
	int64_t citing;         /* work id, 0 = any */
	const char *text;       /* a search (docs/HTTP-API.md), NULL = none */
	unsigned type_mask;     /* 0 = all */
	unsigned section_mask;  /* 0 = all */
	int from_year, to_year; /* 0 = open */
	int sort;               /* enum ct_sort */
	int limit;              /* 1..CT_LIMIT_MAX */
	const char *cursor;     /* NULL = first page */
	/* publication types of the citing work (works.pubtype), any of */
	const char *pubtypes[CT_PUBTYPES_MAX];
	int npubtypes;    /* 0 = all */
	int self;         /* enum ct_self */
	int journal_self; /* enum ct_self: cited in the citer's journal */
	int group;        /* enum ct_group */
};

/* "only" / "exclude" as enum ct_self; -1 when unknown. */
int ct_self_parse(const char *s);

/* ---- facets by name (facets.c): the one table the CLI options and the
 * HTTP query parameters are parsed with ------------------------------- */
/* The named value sets a user may type: each parses case-insensitively
 * and accepts an unambiguous prefix ("support" is supporting,
 * "Discussion" discussion); an unknown or ambiguous value is an error
 * that lists the valid ones. */
enum ct_enum_kind {
	CT_ENUM_TYPE,    /* enum ct_type */
	CT_ENUM_SECTION, /* enum ct_section */
	CT_ENUM_SORT,    /* enum ct_sort */
	CT_ENUM_SELF,    /* enum ct_self: only, exclude */
	CT_ENUM_CITE,    /* enum ct_cite_format */
	CT_ENUM_GROUP,   /* enum ct_group: sentence, statement */
	CT_ENUM_COUNT
};
/* How a message names an option: "--from-year 2015" (CLI), "from_year=2015"
 * (API), "from year 2015" (pages, for people). */
enum ct_facet_style { CT_STYLE_CLI, CT_STYLE_PARAM, CT_STYLE_TEXT };
/* The value of s in kind, or CT_EUSAGE with "LABEL S: expected a, b or c"
 * ("ambiguous; expected ..." for a prefix of several; LABEL as given, e.g.
 * "--type" or "type="). */
int ct_enum_parse(int kind, const char *label, const char *s, int *out,
                  struct ct_error *err);
/* Appends the valid values of kind: "a, b, c or d". */
void ct_enum_list(int kind, struct ct_buf *out);
/* The name of sort order s ("relevance", ...), NULL when out of range. */
const char *ct_sort_name(int s);
/* Sets the facet called name (type, section, from_year, to_year, limit,
 * sort, cursor, pubtype, self, journal_self, group; '-' and '_' alike)
 * in q from
 * value, which must outlive q.  Returns 0 when set, 1 when name is not
 * one of these facets (q untouched), CT_EUSAGE with a message naming the
 * option (in style) and what it accepts.  With CT_STYLE_PARAM an empty
 * value of an optional facet means "not given" (an empty form field). */
int ct_query_set(struct ct_query *q, const char *name, const char *value,
                 int style, struct ct_error *err);
/* The name of facet i (with '_'), NULL past the last: for "did you
 * mean" on a mistyped option. */
const char *ct_facet_name(size_t i);
/* Checks what no single facet can: a from-year after the to-year
 * (CT_EUSAGE naming both, in style). */
int ct_query_check(const struct ct_query *q, int style, struct ct_error *err);
/* Appends the filters of q in style ("--type supporting --from-year 2015",
 * "type supporting, from year 2015"); nothing when q has none.  Not the
 * cited or citing work, nor the text, nor sort, limit and cursor. */
void ct_query_describe(const struct ct_query *q, int style, struct ct_buf *out);

struct ct_work_brief {
	int64_t id;
	const char *doi, *pmid, *pmcid, *title;
	int year;
};

/* One work a citing sentence cites there, with its own label: an item of
 * a card's cites (ct_statement.cites), in the order of the sentence. */
struct ct_cite {
	int64_t statement;
	struct ct_work_brief work; /* work.id 0: the reference is not linked */
	const char *reference; /* the reference's text as written, or NULL */
	const char *marker, *model;
	int type;
	double confidence;
	int self, journal_self;
	int match; /* this statement passes every filter of the query */
};

struct ct_statement {
	int64_t id;
	struct ct_work_brief citing, cited;
	const char *section, *marker, *text;
	int section_class, type, dups;
	double confidence;
	int self;
	uint32_t sent_start, sent_end; /* byte offsets of the citing sentence */
	const char *pubtype; /* of the citing work, NULL when unknown */
	/* byte spans of text that the search query matched (nmatches 0
	 * without a text query), in order, not overlapping */
	const struct ct_span *matches;
	size_t nmatches;
	int journal_self;  /* cited in the citer's own journal */
	const char *model; /* the model that gave the label, NULL when none */
	/* CT_GROUP_SENTENCE: every statement of the citing sentence (this
	 * one among them), ncites >= 1; NULL and 0 per statement */
	const struct ct_cite *cites;
	size_t ncites;
	const char *reference; /* the cited reference's text as written */
};

struct ct_facet {
	const char *value;
	int64_t count;
};

struct ct_page {
	struct ct_statement *items;
	size_t n;
	int64_t facet_type[CT_TYPE_COUNT];
	int64_t facet_section[CT_SEC_COUNT];
	struct ct_facet *facet_year; /* sorted by year */
	size_t nyears;
	int64_t self_true, self_false;
	char *next; /* cursor for the next page, NULL at the end */
	void *arena;
	struct ct_facet *facet_pubtype; /* by count, then name */
	size_t npubtypes;
	/* the items of every page: sentences (CT_GROUP_SENTENCE) or
	 * statements; the facets count the same items, each value counting
	 * what selecting it instead returns (a sentence counts once under
	 * each type that one of its statements has) */
	int64_t total;
	int64_t jself_true, jself_false;
	int64_t statements; /* statements matching every filter, all pages */
	int group;          /* enum ct_group of the items */
};

int ct_query_statements(struct ct_index *idx, const struct ct_query *q,
                        struct ct_page *page, struct ct_error *err);
void ct_page_release(struct ct_page *page);
int ct_page_json(const struct ct_page *page, struct ct_buf *out);
/* The page as text for a terminal: its counts and facets, then a card
 * per item (the statement, and each work its sentence cites with its
 * label), then the cursor of the next page.  0 or the buffer's error. */
int ct_page_text(const struct ct_page *page, struct ct_buf *out);

/* ---- reports ------------------------------------------------------------ */
/* The report of one work as JSON (SPEC §4) or as text for a terminal. */
int ct_report_json(struct ct_index *idx, int64_t work, struct ct_buf *out,
                   struct ct_error *err);
int ct_report_text(struct ct_index *idx, int64_t work, struct ct_buf *out,
                   struct ct_error *err);
/* A work's reference list, each with the work it links to. */
int ct_refs_json(struct ct_index *idx, int64_t work, struct ct_buf *out,
                 struct ct_error *err);
int ct_refs_text(struct ct_index *idx, int64_t work, struct ct_buf *out,
                 struct ct_error *err);

/* The n most-cited works (by citing publications), as JSON or text. */
int ct_top_json(struct ct_index *idx, int n, struct ct_buf *out,
                struct ct_error *err);
int ct_top_text(struct ct_index *idx, int n, struct ct_buf *out,
                struct ct_error *err);

/* ---- finding works (issue 16) ------------------------------------------ */
/* Bytes of one query; works listed per call. */
#define CT_FIND_QUERY_MAX 512
#define CT_FIND_LIMIT_MAX 100

/* Finds works from what a person types: a DOI (bare, doi:, https://doi.org/
 * or http://dx.doi.org/...), pmid:N, PMCnnn or pmcid:PMCnnn, another ID of
 * ct_resolve, digits that are a PMID, or else words of a title, authors'
 * names, a journal or keywords (a year next to them filters by year).  An
 * identifier gives its work alone (none when unknown); words give up to
 * limit works ranked by relevance and citing publications.  What the
 * user typed never reaches FTS5 as syntax.  JSON: {"query", "match":
 * "doi"|"pmid"|"pmcid"|"id"|"words", "total", "data": [{"id", "doi",
 * "pmid", "pmcid", "title", "year", "journal", "authors": [{"name"}],
 * "indexed", "citing_publications", "statements_total", "tallies"}]}.
 * CT_EUSAGE for a query without a word or a malformed identifier,
 * CT_ELIMIT for one too long. */
int ct_find_json(struct ct_index *idx, const char *query, int limit,
                 struct ct_buf *out, struct ct_error *err);
int ct_find_text(struct ct_index *idx, const char *query, int limit,
                 struct ct_buf *out, struct ct_error *err);

/* ---- tallies and citation export ---------------------------------------- */
/* What a badge shows: citing publications, statements, and per type. */
struct ct_tallies {
	int64_t citing_publications, statements_total;
	int64_t by_type[CT_TYPE_COUNT];
};

/* Fills t for work (two indexed reads, no statement text).  CT_ENOTFOUND
 * when no such work. */
int ct_tallies_get(struct ct_index *idx, int64_t work, struct ct_tallies *t,
                   struct ct_error *err);

enum ct_cite_format {
	CT_CITE_BIBTEX,
	CT_CITE_RIS,
	CT_CITE_CSL_JSON,
	CT_CITE_APA,
	CT_CITE_COUNT
};

/* "bibtex", "ris", "csl-json", "apa" to enum ct_cite_format; -1 unknown. */
int ct_cite_format_parse(const char *name);
const char *ct_cite_format_name(int format);
/* The media type of a format (application/x-bibtex, ...). */
const char *ct_cite_media_type(int format);
/* The format served for a media type (exact match, no parameters); -1. */
int ct_cite_format_for_media(const char *media);

/* Appends the citation of work in format to out: the record, with CSL
 * types (article-journal, ...), and in a note field the tallies and, when
 * link_base is not NULL, the report's URL (link_base + "/works/" + ID).
 * Output is valid for its format whatever the record holds (BibTeX braces
 * balanced and specials escaped, RIS one tag per line, JSON valid UTF-8). */
int ct_cite(struct ct_index *idx, int64_t work, int format,
            const char *link_base, struct ct_buf *out, struct ct_error *err);

/* ---- integrity ---------------------------------------------------------- */
/* Runs SQLite's and FTS5's integrity checks and our invariants; on failure
 * CT_ECORRUPT with the first problem in err. */
int ct_check(struct ct_index *idx, struct ct_buf *report, struct ct_error *err);
/* Every stored text value valid UTF-8 without NUL (what PostgreSQL
 * takes)?  Those that are not are counted (*bad) and named in report, a
 * finding rather than a failure (check --utf8; issue 18).  0, or the
 * store's error. */
int ct_check_text(struct ct_index *idx, struct ct_buf *report, int64_t *bad,
                  struct ct_error *err);

/* ---- linking quality ----------------------------------------------------- */
/* Measures linking by fields on the index itself: every reference that
 * carries a DOI or PMID, whose work (as the identifier says) is mentioned
 * by at least one other reference, is linked again with its identifiers
 * hidden and its own matching record left out; the result is compared
 * with the identifier's work.  The threshold is chosen on one half of the
 * citing articles (the lowest reaching precision >= min_precision) and
 * measured on the other half, both ways (grouped 2-fold cross-validation),
 * and the production threshold is measured on everything.  Writes a text
 * report with up to `mistakes` examples of wrong and missed links. */
int ct_linkeval(struct ct_index *idx, double min_precision, int mistakes,
                struct ct_buf *out, struct ct_error *err);

/* The rest of the public API, in headers of their own: each includes
 * this one, and this one includes them last, so that either order works. */
#include "citectx_users.h"    /* accounts, tokens, ratings, flags, follows */
#include "citectx_classify.h" /* sentences, classification, silver labels */

#endif
