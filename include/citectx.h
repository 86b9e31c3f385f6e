/*
 * citectx.h — the one public header of libcitectx, the smart citation index.
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
 * usage was wrong, 1: anything else); status and http are the HTTP status
 * and the API's error code ("internal" answers 500 with the text when the
 * error has no message). */
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

/* ---- users: accounts, API tokens, ratings, flags, follows ------------- */
/* Every call that changes user data takes the acting user's id and only
 * ever touches rows of that user: no call can change or read another
 * user's ratings, flags, follows or tokens (other users' ratings are only
 * seen as averages, flags as public annotations of a statement).
 * Passwords are stored as Argon2id hashes (libsodium crypto_pwhash_str),
 * tokens only as a hash of the token. */
#define CT_USERNAME_MAX 40
#define CT_PASSWORD_MIN 8
#define CT_PASSWORD_MAX 256
#define CT_TOKEN_SIZE   72 /* "ctx_" + 64 hex digits + NUL, rounded up */
/* Login rate limit: this many failures for one name from one client
 * (an IP), or 4x from one client over any names, within CT_LOGIN_WINDOW
 * seconds refuse that client's further attempts with CT_ERATE.  Other
 * clients are never limited by them: failures sent by someone else cannot
 * lock a user out (issue 19). */
#define CT_LOGIN_FAILURES_MAX 5
#define CT_LOGIN_WINDOW       900
/* Sign-ups: at most this many accounts per client per CT_SIGNUP_WINDOW
 * seconds (CT_ERATE beyond); a flood of accounts from one address would
 * otherwise make rating averages (CT_RATINGS_SHOWN) appear at will. */
#define CT_SIGNUPS_MAX   10
#define CT_SIGNUP_WINDOW 3600
/* Tokens expire CT_TOKEN_TTL seconds after creation unless made with a
 * shorter life; a user holds at most CT_TOKENS_MAX (sessions included):
 * making one more revokes the oldest. */
#define CT_TOKEN_TTL  (90 * 24 * 3600)
#define CT_TOKENS_MAX 20
/* An Argon2id hash string (crypto_pwhash_STRBYTES, checked in users.c). */
#define CT_PWHASH_SIZE 128
/* Form tokens (CSRF): a server key and the tokens made with it. */
#define CT_FORM_KEY_SIZE   32
#define CT_FORM_TOKEN_SIZE 65 /* 64 hex digits + NUL */

struct ct_user {
	int64_t id;
	char name[CT_USERNAME_MAX + 1];
};

/* A new account (name: 1-40 of [A-Za-z0-9._-]; password 8-256 bytes).
 * CT_EUSAGE for a bad name or password, CT_EEXIST when the name is taken
 * (names compare case-insensitively). */
int ct_user_create(struct ct_index *idx, const char *name, const char *password,
                   struct ct_user *u, struct ct_error *err);
/* Checks name and password and issues a new token (label: what it is
 * for, e.g. "web session").  client names the caller (an IP) for the rate
 * limit.  CT_EAUTH on a wrong name or password, CT_ERATE when limited. */
int ct_login(struct ct_index *idx, const char *name, const char *password,
             const char *client, const char *label, struct ct_user *u,
             char token[CT_TOKEN_SIZE], struct ct_error *err);
/* A new token for user; its secret is only ever returned here. */
int ct_token_create(struct ct_index *idx, int64_t user, const char *label,
                    char token[CT_TOKEN_SIZE], int64_t *token_id,
                    struct ct_error *err);
/* The user a token belongs to; CT_EAUTH when unknown or revoked. */
int ct_token_user(struct ct_index *idx, const char *token, struct ct_user *u,
                  struct ct_error *err);
/* Revokes token_id if it is user's (CT_ENOTFOUND otherwise), or, with
 * token_id 0, the token whose secret is given. */
int ct_token_revoke(struct ct_index *idx, int64_t user, int64_t token_id,
                    const char *secret, struct ct_error *err);
/* {"data": [{"id", "label", "created", "expires"}]}: the user's own
 * live tokens, never their secrets. */
int ct_tokens_json(struct ct_index *idx, int64_t user, struct ct_buf *out,
                   struct ct_error *err);

/* The same steps split so that a server hashes and verifies passwords
 * (about 0.1 s of Argon2id each) outside its one writer's lock, and only
 * the short writes run under it:
 *   sign-up: ct_signup_check (read) -> ct_password_hash (no index) ->
 *            ct_user_insert (write);
 *   login:   ct_login_check (read; verifies) -> ct_login_record (write)
 *            -> ct_token_issue (write). */

/* CT_EUSAGE with a message for a bad name or a refused password (too
 * short or long, or one of the most common passwords), CT_EEXIST when the
 * name is taken, CT_ERATE when client made CT_SIGNUPS_MAX accounts within
 * CT_SIGNUP_WINDOW (*retry_after: seconds until it may again; may be
 * NULL). */
int ct_signup_check(struct ct_index *idx, const char *name,
                    const char *password, const char *client,
                    int64_t *retry_after, struct ct_error *err);
/* The Argon2id hash string of password into hash. */
int ct_password_hash(const char *password, char hash[CT_PWHASH_SIZE],
                     struct ct_error *err);
/* Inserts the account (hash from ct_password_hash) and counts the sign-up
 * against client; CT_EEXIST when the name was taken meanwhile. */
int ct_user_insert(struct ct_index *idx, const char *name, const char *hash,
                   const char *client, struct ct_user *u, struct ct_error *err);
/* Verifies name and password for client: 0 and u filled when right,
 * CT_EAUTH when wrong, CT_ERATE when client is limited for that name or
 * overall (nothing verified then).  Only reads the index. */
int ct_login_check(struct ct_index *idx, const char *name, const char *password,
                   const char *client, struct ct_user *u, struct ct_error *err);
/* Records the outcome of ct_login_check (ok: 1 when right) for the limit;
 * a success clears that client's failures for that name. */
int ct_login_record(struct ct_index *idx, const char *name, const char *client,
                    int ok, struct ct_error *err);
/* A new token living ttl seconds (0 or over CT_TOKEN_TTL: CT_TOKEN_TTL);
 * revokes the user's expired tokens and, past CT_TOKENS_MAX, the oldest.
 * *expires (may be NULL) gets its expiry (Unix time). */
int ct_token_issue(struct ct_index *idx, int64_t user, const char *label,
                   int64_t ttl, char token[CT_TOKEN_SIZE], int64_t *token_id,
                   int64_t *expires, struct ct_error *err);

/* ---- form tokens (CSRF) -------------------------------------------------
 * A form token is a keyed BLAKE2b hash, under a key the server draws at
 * start, of what the form is bound to (the session token, or a
 * pre-session id for the sign-in forms).  Nothing is stored: a token is
 * checked by making it again and comparing in constant time. */
void ct_form_key_new(unsigned char key[CT_FORM_KEY_SIZE]);
/* n random bytes as 2n hex digits + NUL into out (cap >= 2n + 1). */
void ct_random_hex(char *out, size_t cap, size_t n);
void ct_form_token(const unsigned char key[CT_FORM_KEY_SIZE],
                   const char *binding, char out[CT_FORM_TOKEN_SIZE]);
/* 1 when token is the form token of binding. */
int ct_form_token_ok(const unsigned char key[CT_FORM_KEY_SIZE],
                     const char *binding, const char *token);

/* ---- the secret feed URL ------------------------------------------------
 * A user's feed can be read without signing in through a secret URL
 * (feed readers send no cookies or headers): the secret is shown once
 * when made, the index keeps only its hash; making a new one or revoking
 * stops the old URL. */
#define CT_FEED_KEY_SIZE 72 /* "ctf_" + 64 hex digits + NUL, rounded up */
/* A new feed secret for user (replacing any earlier one). */
int ct_feed_key_new(struct ct_index *idx, int64_t user,
                    char secret[CT_FEED_KEY_SIZE], struct ct_error *err);
int ct_feed_key_revoke(struct ct_index *idx, int64_t user,
                       struct ct_error *err);
/* The user whose feed secret this is; CT_EAUTH when unknown or revoked. */
int ct_feed_key_user(struct ct_index *idx, const char *secret,
                     struct ct_user *u, struct ct_error *err);
/* When user's feed secret was made (Unix time), 0 when there is none. */
int64_t ct_feed_key_created(struct ct_index *idx, int64_t user);
/* {"data": [{"id", "title", "overall", "novelty", "significance",
 * "rigour", "updated"}]}: the works user rated, newest first. */
int ct_user_ratings_json(struct ct_index *idx, int64_t user, struct ct_buf *out,
                         struct ct_error *err);
/* {"data": [{"id", "title", "flag", "statement", "label", "comment",
 * "created"}]}: user's flags, newest first (id, title: the cited work;
 * id null when the reference is not linked). */
int ct_user_flags_json(struct ct_index *idx, int64_t user, struct ct_buf *out,
                       struct ct_error *err);

enum ct_rating_aspect {
	CT_RATE_OVERALL,
	CT_RATE_NOVELTY,
	CT_RATE_SIGNIFICANCE,
	CT_RATE_RIGOUR,
	CT_RATE_COUNT
};
#define CT_RATINGS_SHOWN 3 /* averages appear once this many users rated */
const char *ct_rating_aspect_name(int aspect);
/* Sets user's rating of work: each score 1..5, or 0 = not given (overall
 * must be given).  Replaces the user's previous rating of that work. */
int ct_rate(struct ct_index *idx, int64_t user, int64_t work,
            const int scores[CT_RATE_COUNT], struct ct_error *err);
int ct_rating_delete(struct ct_index *idx, int64_t user, int64_t work,
                     struct ct_error *err);
/* {"count": N, "average": {"overall": 4.2, ...} or null while N < 3,
 *  "mine": {...} or null}; user 0 = nobody signed in. */
int ct_ratings_json(struct ct_index *idx, int64_t work, int64_t user,
                    struct ct_buf *out, struct ct_error *err);

/* Flags a statement's classification as wrong: label is the type the user
 * thinks right (enum ct_type).  One flag per user and statement; a new
 * one replaces it.  CT_ENOTFOUND for an unknown statement. */
int ct_flag(struct ct_index *idx, int64_t user, int64_t statement, int label,
            const char *comment, int64_t *flag_id, struct ct_error *err);
/* Deletes flag_id if it is user's; CT_ENOTFOUND otherwise. */
int ct_flag_delete(struct ct_index *idx, int64_t user, int64_t flag_id,
                   struct ct_error *err);
/* {"data": [{"id", "statement", "user", "label", "comment", "created"}]}
 * for one statement (statement > 0) or for the statements about work. */
int ct_flags_json(struct ct_index *idx, int64_t statement, int64_t work,
                  struct ct_buf *out, struct ct_error *err);

/* Follows work: new statements about it appear in the user's feed.
 * Following twice is no error. */
int ct_follow(struct ct_index *idx, int64_t user, int64_t work,
              struct ct_error *err);
int ct_unfollow(struct ct_index *idx, int64_t user, int64_t work,
                struct ct_error *err);
/* {"data": [{"id", "title", "since"}]}, or with work > 0 whether the user
 * follows it: {"following": true}. */
int ct_follows_json(struct ct_index *idx, int64_t user, int64_t work,
                    struct ct_buf *out, struct ct_error *err);
/* An Atom feed of the statements indexed about the user's followed works
 * since they followed them, newest first; links start with base_url. */
int ct_feed_atom(struct ct_index *idx, const struct ct_user *u,
                 const char *base_url, struct ct_buf *out,
                 struct ct_error *err);

/* ---- user records as structs ---------------------------------------------
 * What the *_json calls above write, as structs: the HTML pages render
 * from the same struct the JSON is written from.  A list and its strings
 * live until its release (release accepts a zeroed or released list); a
 * load that fails leaves a released list.  Their strings are valid UTF-8
 * (an invalid byte read as U+FFFD, as the JSON holds it), the feed's
 * excepted.  The *_to_json calls write the JSON documents described
 * above and return 0, or the buffer's error. */

struct ct_token_item {
	int64_t id;
	const char *label;
	int64_t created, expires; /* Unix time */
};
struct ct_tokens {
	struct ct_token_item *items; /* oldest first */
	size_t n;
	void *arena;
};
/* user's live tokens, never their secrets. */
int ct_tokens_load(struct ct_index *idx, int64_t user, struct ct_tokens *out,
                   struct ct_error *err);
void ct_tokens_release(struct ct_tokens *t);
int ct_tokens_to_json(const struct ct_tokens *t, struct ct_buf *out);

/* A work's ratings: no memory to release. */
struct ct_ratings {
	int64_t count; /* users who rated the work */
	/* count >= CT_RATINGS_SHOWN; then each aspect's average to 4
	 * significant digits, as the JSON has it (0: nobody gave it) */
	int has_average;
	double average[CT_RATE_COUNT];
	int has_mine; /* the user rated the work: mine holds 1..5, 0 = none */
	int mine[CT_RATE_COUNT];
};
/* user 0 = nobody signed in (has_mine 0). */
int ct_ratings_load(struct ct_index *idx, int64_t work, int64_t user,
                    struct ct_ratings *out, struct ct_error *err);
int ct_ratings_to_json(const struct ct_ratings *r, struct ct_buf *out);

/* One work a user rated (ct_user_ratings_json). */
struct ct_rating_item {
	struct ct_work_brief work;
	int scores[CT_RATE_COUNT]; /* 1..5, 0 = not given */
	int64_t updated;
};
struct ct_user_ratings {
	struct ct_rating_item *items; /* newest first */
	size_t n;
	void *arena;
};
int ct_user_ratings_load(struct ct_index *idx, int64_t user,
                         struct ct_user_ratings *out, struct ct_error *err);
void ct_user_ratings_release(struct ct_user_ratings *r);
int ct_user_ratings_to_json(const struct ct_user_ratings *r,
                            struct ct_buf *out);

/* One flag.  In the flags of a statement or work (ct_flags_load) user
 * names who flagged; in a user's flags (ct_user_flags_load) work is the
 * statement's cited work (id 0 when the reference is not linked). */
struct ct_flag_item {
	int64_t id, statement;
	int label;           /* enum ct_type */
	const char *comment; /* NULL when none */
	int64_t created;
	const char *user;
	struct ct_work_brief work;
};
struct ct_flags {
	struct ct_flag_item *items;
	size_t n;
	void *arena;
};
/* The flags of statement (> 0) or of the statements about work, by
 * statement. */
int ct_flags_load(struct ct_index *idx, int64_t statement, int64_t work,
                  struct ct_flags *out, struct ct_error *err);
/* user's flags, newest first. */
int ct_user_flags_load(struct ct_index *idx, int64_t user, struct ct_flags *out,
                       struct ct_error *err);
void ct_flags_release(struct ct_flags *f);
/* The document of ct_flags_json, of ct_user_flags_json. */
int ct_flags_to_json(const struct ct_flags *f, struct ct_buf *out);
int ct_user_flags_to_json(const struct ct_flags *f, struct ct_buf *out);

struct ct_follow_item {
	struct ct_work_brief work;
	int64_t since; /* when the user followed it (Unix time) */
};
struct ct_follows {
	struct ct_follow_item *items; /* oldest first */
	size_t n;
	int64_t work; /* as loaded: > 0, items holds that work if followed */
	void *arena;
};
/* The works user follows, or with work > 0 whether they follow it. */
int ct_follows_load(struct ct_index *idx, int64_t user, int64_t work,
                    struct ct_follows *out, struct ct_error *err);
void ct_follows_release(struct ct_follows *f);
/* {"data": [...]}, or {"following": ...} when loaded for one work. */
int ct_follows_to_json(const struct ct_follows *f, struct ct_buf *out);

/* One statement of a user's feed. */
struct ct_feed_entry {
	int64_t statement;
	int type, section_class;
	double confidence;
	const char *text;             /* the statement's context */
	int64_t sent_start, sent_end; /* the citing sentence in text */
	struct ct_work_brief citing, cited;
};
struct ct_feed {
	struct ct_feed_entry *items; /* newest first */
	size_t n;
	void *arena;
};
int ct_feed_load(struct ct_index *idx, int64_t user, struct ct_feed *out,
                 struct ct_error *err);
void ct_feed_release(struct ct_feed *f);
/* The Atom document of ct_feed_atom, for u. */
int ct_feed_to_atom(const struct ct_feed *f, const struct ct_user *u,
                    const char *base_url, struct ct_buf *out);

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

/* ---- sentence splitting (exposed for tools and tests) ------------------- */

/* Splits text[0..len) into sentences of scientific prose.  protect holds
 * nprotect sorted, non-overlapping spans (citation markers) that never
 * contain a boundary; a marker that directly follows a sentence end
 * ("... disease. [4] Next", "... disease.4 Next") belongs to the sentence
 * before it.  Spans exclude leading and trailing whitespace.  Writes at most
 * max spans to out and returns their count, or CT_ELIMIT when there are
 * more than max sentences. */
int ct_sentences(const char *text, size_t len, const struct ct_span *protect,
                 size_t nprotect, struct ct_span *out, size_t max);

/* ---- classification (supporting / contrasting / mentioning) ------------
 * A model labels one citation statement for one cited reference: the
 * statement text (previous + citing + next sentence), the byte offsets of
 * the citing sentence, the marker of the cited reference in it (NULL when
 * unknown) and the section class (-1 when unknown).  Confidence is a
 * calibrated probability that the label is right; scores are the
 * calibrated probabilities of supporting, contrasting and mentioning.
 * A model is immutable once made and may be shared between threads. */
struct ct_model;

struct ct_label {
	int type; /* enum ct_type; CT_TYPE_UNCLASSIFIED when no usable text */
	double confidence;
	double
	    scores[3]; /* indexed by CT_TYPE_SUPPORTING..CT_TYPE_MENTIONING */
};

/* The model shipped with the program (models/default.model, compiled in).
 * CT_ENOTFOUND when this build carries none. */
int ct_model_default(struct ct_model **out, struct ct_error *err);
int ct_model_load(const char *path, struct ct_model **out,
                  struct ct_error *err);
int ct_model_save(const struct ct_model *m, const char *path,
                  struct ct_error *err);
void ct_model_free(struct ct_model *m);
/* The model's name, stored with every label it gives. */
const char *ct_model_name(const struct ct_model *m);
/* Re-scores the probe statements recorded in the model when it was
 * trained; CT_ECORRUPT (with the first difference in err) when a score
 * moved, i.e. the features or the file no longer match the training. */
int ct_model_selfcheck(const struct ct_model *m, struct ct_error *err);

int ct_classify(const struct ct_model *m, const char *text, size_t sent_start,
                size_t sent_end, const char *marker, int section_class,
                struct ct_label *out);
/* ct_classify, then appends to out the features that moved the decision,
 * strongest first, one "  +0.812  name" line each (at most nmax). */
int ct_classify_explain(const struct ct_model *m, const char *text,
                        size_t sent_start, size_t sent_end, const char *marker,
                        int section_class, struct ct_label *lab, size_t nmax,
                        struct ct_buf *out);

/* A label as one JSON line: {"type", "confidence", "scores": {...}} and,
 * when given, "model" and "explain" (the CLI's `classify --json` and the
 * API's POST /api/v1/classify print the same shape). */
int ct_label_json(struct ct_buf *b, const struct ct_label *l, const char *model,
                  const char *explain);

/* Labelled statements: a TSV whose header names at least `label` and
 * `sentence`, optionally `marker` and a grouping column (e.g. `pmcid`).
 * Labels are supporting / contrasting / mentioning (or positive /
 * negative / neutral). */
struct ct_dataset;
/* In-domain word vectors (lib/vectors.h), learned by `citectx vectors`
 * from plain text and carried inside a model trained with them. */
struct ct_vectors;
int ct_dataset_read(const char *path, const char *group_col,
                    struct ct_dataset **out, struct ct_error *err);
size_t ct_dataset_size(const struct ct_dataset *d);
/* Appends the silver rows of path (the TSV `citectx silver rows` writes:
 * label, sentence, marker, pmcid, section_class) to d.  Silver rows are
 * trained on (weighted) and never scored: evaluation folds are made of
 * d's expert rows, and a silver row never trains the fold that holds its
 * paper.  *n receives the number of rows added. */
int ct_dataset_add_silver(struct ct_dataset *d, const char *path, size_t *n,
                          struct ct_error *err);
void ct_dataset_free(struct ct_dataset *d);

struct ct_train_opts {
	int inner_folds;      /* for calibration, thresholds, selection; 5 */
	double min_precision; /* asked of supporting and contrasting; 0.8 */
	unsigned seed;        /* fold shuffling; fixed for reproducibility */
	const char *name;     /* the model's name; NULL = a default */
	const char *note;     /* recorded in the model; NULL = none */
	double lambda;        /* L2 strength; < 0 = chosen on inner folds */
	double cw_power;      /* class weight (n/n_c)^p; < 0 = chosen */
	/* in-domain word vectors for dense features (borrowed; must outlive
	 * the models trained); NULL = none */
	const struct ct_vectors *vectors;
	/* naive-Bayes scaled L2 (after NBSVM, Wang and Manning 2012): the
	 * weight of feature j for class c is penalised by lambda / (nb_beta +
	 * |r_jc|)^2, r_jc the log-ratio of j's presence in class c's training
	 * rows against the others'; <= 0 = plain L2 */
	double nb_beta;
	/* weight of each silver row against an expert row's 1; < 0 = chosen
	 * on the inner folds (scored on expert rows only) */
	double silver_weight;
	/* multiplies the silver weight of silver rows labelled mentioning
	 * (the annotator's least precise label: it called a third of the
	 * experts' contrasting rows mentioning); < 0 = chosen on the inner
	 * folds */
	double silver_mentioning;
};
#define CT_TRAIN_OPTS_INIT                                                     \
	{                                                                      \
		5, 0, 20240611u, NULL, NULL, -1, -1, NULL, 1.0, -1, 1.0        \
	}

/* Learns word vectors from the text file at path (one paragraph or
 * sentence a line): vocab words, dim dimensions (0: the defaults, 20,000
 * and 64).  Deterministic. */
int ct_vectors_learn(const char *path, size_t vocab, size_t dim,
                     struct ct_vectors **out, struct ct_error *err);
/* Reads a vectors file, or the vectors a model file carries (so that
 * `eval --folds K --vectors models/default.model` cross-validates with
 * the shipped model's vectors). */
int ct_vectors_load(const char *path, struct ct_vectors **out,
                    struct ct_error *err);
int ct_vectors_save(const struct ct_vectors *v, const char *path,
                    struct ct_error *err);
void ct_vectors_free(struct ct_vectors *v);

/* Trains a model on every row of d: hyper-parameters, calibration and
 * thresholds are chosen on inner folds (grouped when d has groups). */
int ct_train(const struct ct_dataset *d, const struct ct_train_opts *o,
             struct ct_model **out, struct ct_error *err);

struct ct_eval {
	size_t n;
	int64_t confusion[3][CT_TYPE_COUNT]; /* [gold][predicted] */
	double precision[3], recall[3], f1[3];
	double accuracy, macro_f1, ece;
	double f1_lo, f1_hi; /* bootstrap 95% interval of macro-F1 (by paper
	                        when grouped); 0 when not computed */
	/* ECE: 10 equal-width bins of confidence */
	int64_t bin_n[10];
	double bin_conf[10], bin_right[10];
};

/* Scores model m on d. */
int ct_eval_model(const struct ct_model *m, const struct ct_dataset *d,
                  struct ct_eval *ev, struct ct_error *err);
/* k-fold cross-validation (grouped when d has groups): a model is trained
 * on each k-1 folds with ct_train (its own inner folds) and scored on the
 * fold left out. */
int ct_eval_cv(const struct ct_dataset *d, int k, const struct ct_train_opts *o,
               struct ct_eval *ev, struct ct_error *err);
/* The evaluation as text; its last line is "macro-F1 0.NNN". */
int ct_eval_text(const struct ct_eval *ev, struct ct_buf *out);

/* The model ingest classifies with (borrowed; must outlive idx).  Without
 * one, ingest uses the default model. */
void ct_use_model(struct ct_index *idx, const struct ct_model *m);
/* Relabels every statement of the index with m, without re-reading
 * articles; *n receives the number relabelled. */
int ct_reclassify(struct ct_index *idx, const struct ct_model *m, uint64_t *n,
                  struct ct_error *err);
/* ---- silver labels (docs/LABELLING.md) ----------------------------------
 * Machine-annotated statements of an indexed corpus are kept as keys, not
 * text: the citing article's PMCID, the locator of the citing sentence
 * (ct_silver_key) and the target marker.  ct_silver_walk visits the
 * index's statements once per (article, sentence, marker): statements of
 * one marker that cites a range ("[3-6]") share one label. */
struct ct_silver_stmt {
	int64_t id;
	const char *pmcid, *marker, *section; /* marker, section may be NULL */
	int section_class, type;
	double confidence;
	const char *text; /* previous + citing + next sentence */
	size_t sent_start, sent_end, len;
	char key[17]; /* ct_silver_key of the citing sentence */
};
/* The locator of a sentence: 16 hex digits of FNV-1a 64 over its ASCII
 * letters and digits lower-cased and its non-ASCII bytes (spacing and
 * punctuation are not part of it, so re-extraction with other spacing
 * finds the same key). */
void ct_silver_key(const char *s, size_t n, char out[17]);
/* A marker for comparison: its bytes without white space, at most
 * cap - 1 of them. */
void ct_silver_marker(const char *m, char *out, size_t cap);
/* Calls fn for each distinct (article, sentence, marker) of the index, in
 * statement order; a non-zero return from fn stops the walk and is
 * returned. */
int ct_silver_walk(struct ct_index *idx,
                   int (*fn)(void *ctx, const struct ct_silver_stmt *s),
                   void *ctx, struct ct_error *err);

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

#endif
