/*
 * ingest.c — paths in, articles stored: files, folders (walked in name
 * order), and archives streamed through libarchive, never unpacked to
 * disk.  A bad file is recorded as a failure and skipped; only a failure
 * of the index itself stops the run.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include <archive.h>
#include <archive_entry.h>

#include "article.h"
#include "buf.h"
#include "cite.h"
#include "err.h"
#include "index.h"
#include "jats.h"
#include "json.h"
#include "md.h"
#include "meta.h"
#include "refparse.h"
#include "s2orc.h"
#include "tei.h"
#include "xml.h"

/* The largest article file we read: PMC's biggest .nxml are near 10 MB. */
#define CT_FILE_MAX ((size_t)128 << 20)
#define FAILURES_MAX 100000
#define WALK_DEPTH_MAX 64

/* Articles are committed in batches: a commit per article rewrote the
 * same B-tree and FTS5 pages thousands of times (a third of ingest time
 * went to WAL writes).  A batch closes after BATCH_ARTICLES articles or
 * BATCH_SECONDS, so a crash loses at most that much work, never
 * consistency: each article sits in its own savepoint. */
#define BATCH_ARTICLES 200
#define BATCH_SECONDS 1.0

struct ingest {
	struct ct_index *idx;
	struct ct_ingest_stats *st;
	ct_progress_fn fn;
	void *ctx;
	struct ct_error *err;
	struct timespec t0;
	int batched;		/* articles in the open transaction */
	double batch_start;
};

static double since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) +
	       (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void fail(struct ingest *g, const char *file, const char *msg)
{
	struct ct_ingest_stats *st = g->st;
	struct ct_failure *f = doc_push((void **)&st->failures, &st->nfailures,
					&st->capfailures, sizeof(*f),
					FAILURES_MAX);

	if (!f)
		return;
	f->file = strdup(file);
	f->error = strdup(msg);
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

enum kind { K_NONE, K_XML, K_JSON, K_MD, K_CSV, K_ARCHIVE, K_GZ };

static enum kind kind_of(const char *name)
{
	if (ends_with(name, ".tar.gz") || ends_with(name, ".tgz") ||
	    ends_with(name, ".tar"))
		return K_ARCHIVE;
	if (ends_with(name, ".gz"))
		return K_GZ;
	if (ends_with(name, ".nxml") || ends_with(name, ".xml"))
		return K_XML;
	if (ends_with(name, ".json"))
		return K_JSON;
	if (ends_with(name, ".md"))
		return K_MD;
	if (ends_with(name, ".csv"))
		return K_CSV;
	return K_NONE;
}

static int batch_end(struct ingest *g)
{
	struct store *st = g->idx->st;

	g->batched = 0;
	if (!store_in_transaction(st))
		return 0;
	if (store_commit(st) == 0)
		return 0;
	store_rollback(st);
	return err_set(g->err, CT_EDB, "%s: commit: %s", g->idx->path,
		       store_errmsg(st));
}

static int batch_next(struct ingest *g)
{
	struct store *st = g->idx->st;
	int rc = 0;

	if (g->batched >= BATCH_ARTICLES ||
	    (g->batched && since(&g->t0) - g->batch_start > BATCH_SECONDS))
		rc = batch_end(g);
	if (!rc && !store_in_transaction(st)) {
		if (store_begin(st))
			return err_set(g->err, CT_EDB, "%s: %s", g->idx->path,
				       store_errmsg(st));
		g->batch_start = since(&g->t0);
	}
	g->batched++;
	return rc;
}

/* Inside folders and archives a file is ours by its kind, except Markdown:
 * only ChinaXiv-*.md there (a folder's README.md is not an article);
 * a Markdown file named on the command line is always read. */
static int walked_kind(const char *name)
{
	const char *base = strrchr(name, '/');
	enum kind k = kind_of(name);

	base = base ? base + 1 : name;
	if (k == K_MD && strncmp(base, "ChinaXiv-", 9))
		return K_NONE;
	return k;
}

/* XML is JATS unless its root says TEI (GROBID). */
static int read_xml(const char *name, const char *data, size_t len,
		    struct doc *d, struct ct_error *e)
{
	struct xml_doc *x = NULL;
	int rc = xml_doc_parse(data, len, name, &x, e);

	if (!rc)
		rc = strcmp(xml_name(xml_root(x)), "TEI") ? jats_read(x, d, e)
							  : tei_read(x, d, e);
	xml_doc_free(x);
	return rc;
}

static int read_json(const char *name, const char *data, size_t len,
		     struct doc *d, struct ct_error *e)
{
	struct json_doc *j = NULL;
	int rc = json_doc_parse(data, len, name, &j, e);

	if (!rc)
		rc = s2orc_read(j, d, e);
	json_doc_free(j);
	return rc;
}

static int read_md(const char *name, const char *data, size_t len,
		   struct doc *d, struct ct_error *e)
{
	return md_read(data, len, d, e);
}

typedef int (*reader_fn)(const char *name, const char *data, size_t len,
			 struct doc *d, struct ct_error *e);

static const reader_fn readers[] = {
	[K_XML] = read_xml,
	[K_JSON] = read_json,
	[K_MD] = read_md,
};

/* Counts one stored article, or records why it failed.  Returns nonzero
 * only when the index itself failed (CT_EDB from the store). */
static int account(struct ingest *g, const char *name, int rc,
		   const struct ct_error *e, const struct article_counts *cnt)
{
	if (rc == CT_EDB) {
		*g->err = *e;
		return rc;
	}
	if (rc) {
		fail(g, name, e->msg);
	} else {
		g->st->articles++;
		g->st->references += cnt->references;
		g->st->statements += cnt->statements;
	}
	return 0;
}

/* A CORD-19 metadata.csv: rows enrich the works they name. */
static int ingest_csv(struct ingest *g, const char *name, const char *data,
		      size_t len)
{
	struct ct_error e = {0};
	uint64_t rows = 0;
	int rc = batch_next(g);

	if (rc)
		return rc;
	rc = meta_csv_ingest(g->idx->st, name, data, len, &rows, &e);
	if (rc == CT_EDB) {
		*g->err = e;
		return rc;
	}
	if (rc)
		fail(g, name, e.msg);
	return 0;
}

/* One article's bytes through the pipeline.  Returns nonzero only when the
 * index failed; a bad article becomes a failure. */
static int ingest_bytes(struct ingest *g, const char *name, const char *data,
			size_t len)
{
	struct ct_error e = {0};
	struct stmts s = {0};
	struct article_counts cnt = {0};
	enum kind k = kind_of(name);
	struct doc d;
	int rc;

	if (k == K_CSV && len)
		return ingest_csv(g, name, data, len);
	doc_init(&d, name);
	if (len == 0)
		rc = err_set(&e, CT_EPARSE, "%s: empty file", name);
	else if (k >= sizeof(readers) / sizeof(*readers) || !readers[k])
		rc = err_set(&e, CT_EFORMAT, "%s: not an article file", name);
	else
		rc = readers[k](name, data, len, &d, &e);
	if (!rc)
		refparse_doc(&d); /* references given as bare text */
	if (!rc)
		rc = cite_extract(&d, &s, &e);
	if (!rc && (rc = batch_next(g)) != 0)
		goto out; /* the index failed; g->err says how */
	if (!rc)
		rc = article_store(g->idx->st, &d, &s, name, index_model(g->idx),
				   &cnt, &e);
	rc = account(g, name, rc, &e, &cnt);
out:
	cite_release(&s);
	doc_release(&d);
	return rc;
}

static void progress(struct ingest *g, const char *name)
{
	g->st->seconds = since(&g->t0);
	if (g->fn)
		g->fn(g->ctx, g->st, name);
}

/* ---- archives ------------------------------------------------------------ */

static int read_entry(struct archive *a, struct archive_entry *ent,
		      struct ct_buf *b, const char *name, struct ct_error *e)
{
	char chunk[65536];
	la_ssize_t n;

	ct_buf_reset(b);
	if (archive_entry_size_is_set(ent) &&
	    (uint64_t)archive_entry_size(ent) > CT_FILE_MAX)
		return err_set(e, CT_ELIMIT, "%s: larger than %zu MB", name,
			       CT_FILE_MAX >> 20);
	while ((n = archive_read_data(a, chunk, sizeof(chunk))) > 0) {
		if (b->len + (size_t)n > CT_FILE_MAX)
			return err_set(e, CT_ELIMIT, "%s: larger than %zu MB", name,
				       CT_FILE_MAX >> 20);
		if (ct_buf_put(b, chunk, (size_t)n))
			return err_set(e, CT_ENOMEM, "%s: out of memory", name);
	}
	if (n < 0)
		return err_set(e, CT_EIO, "%s: %s", name, archive_error_string(a));
	return 0;
}

static int archive_entries(struct ingest *g, struct archive *a,
			   const char *path, int raw)
{
	struct archive_entry *ent;
	struct ct_buf b = CT_BUF_INIT, name = CT_BUF_INIT;
	int r, rc = 0;

	while (!rc && (r = archive_read_next_header(a, &ent)) == ARCHIVE_OK) {
		const char *en = raw ? "" : archive_entry_pathname(ent);
		struct ct_error e = {0};

		if (!raw && (archive_entry_filetype(ent) != AE_IFREG ||
			     walked_kind(en) == K_NONE || kind_of(en) >= K_ARCHIVE))
			continue;
		ct_buf_reset(&name);
		if (raw) {
			ct_buf_put(&name, path, strlen(path) - 3);
		} else {
			ct_buf_printf(&name, "%s:%s", path, en);
		}
		g->st->files++;
		if (read_entry(a, ent, &b, name.ptr, &e))
			fail(g, name.ptr, e.msg);
		else
			rc = ingest_bytes(g, name.ptr, b.ptr, b.len);
		progress(g, name.ptr);
	}
	if (!rc && r != ARCHIVE_EOF && r != ARCHIVE_OK) {
		char msg[600];

		snprintf(msg, sizeof(msg), "%s: damaged archive: %s", path,
			 archive_error_string(a));
		fail(g, path, msg);
	}
	ct_buf_release(&b);
	ct_buf_release(&name);
	return rc;
}

static int ingest_archive(struct ingest *g, const char *path, int raw)
{
	struct archive *a = archive_read_new();
	int rc;

	if (!a)
		return err_set(g->err, CT_ENOMEM, "%s: out of memory", path);
	archive_read_support_filter_all(a);
	if (raw) {
		archive_read_support_format_raw(a);
	} else {
		archive_read_support_format_tar(a);
		archive_read_support_format_gnutar(a);
	}
	if (archive_read_open_filename(a, path, 65536) != ARCHIVE_OK) {
		char msg[600];

		snprintf(msg, sizeof(msg), "%s: cannot open archive: %s", path,
			 archive_error_string(a));
		fail(g, path, msg);
		archive_read_free(a);
		return 0;
	}
	rc = archive_entries(g, a, path, raw);
	archive_read_free(a);
	return rc;
}

/* ---- files and folders ---------------------------------------------------- */

static int read_file(const char *path, struct ct_buf *b, struct ct_error *e)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;
	int rc = 0;

	struct stat sb;

	if (!f)
		return err_set(e, CT_EIO, "%s: %s", path, strerror(errno));
	if (fstat(fileno(f), &sb) == 0 && (uint64_t)sb.st_size > CT_FILE_MAX) {
		fclose(f);
		return err_set(e, CT_ELIMIT, "%s: larger than %zu MB", path,
			       CT_FILE_MAX >> 20);
	}
	while (!rc && (n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (b->len + n > CT_FILE_MAX)
			rc = err_set(e, CT_ELIMIT, "%s: larger than %zu MB", path,
				     CT_FILE_MAX >> 20);
		else if (ct_buf_put(b, chunk, n))
			rc = err_set(e, CT_ENOMEM, "%s: out of memory", path);
	}
	if (!rc && ferror(f))
		rc = err_set(e, CT_EIO, "%s: %s", path, strerror(errno));
	fclose(f);
	return rc;
}

static int ingest_file(struct ingest *g, const char *path)
{
	struct ct_buf b = CT_BUF_INIT;
	struct ct_error e = {0};
	int rc = 0;

	switch (kind_of(path)) {
	case K_ARCHIVE:
		return ingest_archive(g, path, 0);
	case K_GZ:
		return ingest_archive(g, path, 1);
	case K_NONE:
		g->st->files++;
		fail(g, path, "not an article file (.nxml, .xml, .tei.xml, .json, .md, .csv, .tar.gz)");
		return 0;
	default:
		break;
	}
	g->st->files++;
	if (read_file(path, &b, &e))
		fail(g, path, e.msg);
	else
		rc = ingest_bytes(g, path, b.ptr ? b.ptr : "", b.len);
	ct_buf_release(&b);
	progress(g, path);
	return rc;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int ingest_any(struct ingest *g, const char *path, int depth);

static int ingest_dir(struct ingest *g, const char *path, int depth)
{
	DIR *dir = opendir(path);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;

	if (!dir) {
		char msg[600];

		snprintf(msg, sizeof(msg), "%s: %s", path, strerror(errno));
		fail(g, path, msg);
		return 0;
	}
	while ((de = readdir(dir))) {
		char **slot;

		if (de->d_name[0] == '.')
			continue;
		slot = doc_push((void **)&names, &n, &cap, sizeof(*slot), 10000000);
		if (slot && asprintf(slot, "%s/%s", path, de->d_name) < 0)
			*slot = NULL;
		if (!slot || !*slot) {
			rc = err_set(g->err, CT_ENOMEM, "%s: out of memory", path);
			break;
		}
	}
	closedir(dir);
	if (names)
		qsort(names, n, sizeof(*names), name_cmp);
	for (size_t i = 0; i < n && names[i]; i++) {
		if (!rc)
			rc = ingest_any(g, names[i], depth + 1);
		free(names[i]);
	}
	free(names);
	return rc;
}

static int ingest_any(struct ingest *g, const char *path, int depth)
{
	struct stat sb;

	if (stat(path, &sb) != 0) {
		char msg[600];

		snprintf(msg, sizeof(msg), "%s: %s", path, strerror(errno));
		g->st->files++;
		fail(g, path, msg);
		return 0;
	}
	if (S_ISDIR(sb.st_mode))
		return depth < WALK_DEPTH_MAX ? ingest_dir(g, path, depth) : 0;
	if (depth > 0 && walked_kind(path) == K_NONE)
		return 0; /* in a folder, other files are not ours */
	return ingest_file(g, path);
}

int ct_ingest_path(struct ct_index *idx, const char *path,
		   struct ct_ingest_stats *st, ct_progress_fn fn, void *ctx,
		   struct ct_error *err)
{
	struct ingest g = {.idx = idx, .st = st, .fn = fn, .ctx = ctx, .err = err};
	struct timespec t0;
	double before = st->seconds;
	int rc;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	g.t0 = t0;
	g.t0.tv_sec -= (time_t)before;
	rc = ingest_any(&g, path, 0);
	if (rc)
		store_rollback(idx->st);
	else
		rc = batch_end(&g);
	st->seconds = since(&g.t0);
	return rc;
}

void ct_ingest_stats_release(struct ct_ingest_stats *st)
{
	for (size_t i = 0; i < st->nfailures; i++) {
		free(st->failures[i].file);
		free(st->failures[i].error);
	}
	free(st->failures);
	memset(st, 0, sizeof(*st));
}
