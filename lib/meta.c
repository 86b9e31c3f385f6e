/* meta.c — CORD-19 metadata.csv rows (see meta.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "doc.h"
#include "err.h"
#include "link.h"
#include "meta.h"
#include "store_ingest.h"

#define CSV_FIELDS_MAX 64
#define CSV_FIELD_MAX  (1 << 20)

/* One CSV record (RFC 4180: quoted fields, "" inside quotes, newlines in
 * quotes) from s[*pos..len); fields are NUL-terminated copies in b. */
struct csv_row {
	struct ct_buf b;
	size_t off[CSV_FIELDS_MAX];
	int n;
};

static int csv_next(const char *s, size_t len, size_t *pos, struct csv_row *r)
{
	size_t i = *pos;
	int q = 0;

	ct_buf_reset(&r->b);
	r->n = 0;
	if (i >= len)
		return 0;
	r->off[r->n++] = 0;
	for (; i < len; i++) {
		char c = s[i];

		if (q && c == '"' && i + 1 < len && s[i + 1] == '"') {
			i++;
		} else if (c == '"') {
			q = !q;
			continue;
		} else if (!q && (c == ',' || c == '\n')) {
			if (ct_buf_putc(&r->b, '\0'))
				return CT_ENOMEM;
			if (c == '\n')
				break;
			if (r->n == CSV_FIELDS_MAX)
				return CT_ELIMIT;
			r->off[r->n++] = r->b.len;
			continue;
		} else if (!q && c == '\r') {
			continue;
		}
		if (ct_buf_putc(&r->b, c))
			return CT_ENOMEM;
	}
	if (i == len && ct_buf_putc(&r->b, '\0'))
		return CT_ENOMEM;
	*pos = i + 1;
	return 1;
}

static const char *col(const struct csv_row *r, int k)
{
	return k >= 0 && k < r->n && r->b.ptr[r->off[k]] ? r->b.ptr + r->off[k]
	                                                 : NULL;
}

enum {
	C_UID,
	C_SHA,
	C_TITLE,
	C_DOI,
	C_PMCID,
	C_PMID,
	C_LICENSE,
	C_ABSTRACT,
	C_TIME,
	C_AUTHORS,
	C_JOURNAL,
	C_PDF,
	C_N
};

static const char *const col_names[C_N] = {
    "cord_uid",     "sha",       "title",   "doi",
    "pmcid",        "pubmed_id", "license", "abstract",
    "publish_time", "authors",   "journal", "pdf_json_files"};

/* "document_parses/pdf_json/<sha>.json; ..." or "<sha>; <sha>": each
 * SHA-1 becomes the alias "sha:<sha>" of work w. */
static int row_aliases(struct store *st, int64_t *w, const char *list)
{
	int rc = 0;

	for (const char *p = list; p && *p && !rc;) {
		size_t n = strcspn(p, ";");
		const char *a = p, *e = p + n, *sl = memrchr(p, '/', n);
		char xid[64];

		if (sl)
			a = sl + 1;
		while (a < e && *a == ' ')
			a++;
		if (e - a > 5 && !strncmp(e - 5, ".json", 5))
			e -= 5;
		if (e - a == 40) {
			snprintf(xid, sizeof(xid), "sha:%.40s", a);
			rc = link_alias(st, xid, w);
		}
		p += n + (p[n] ? 1 : 0);
	}
	return rc;
}

static int row_apply(struct store *st, const struct csv_row *r, const int *k,
                     struct doc *d)
{
	struct link_ids ids = {doc_norm_doi(d, col(r, k[C_DOI])),
	                       doc_norm_pmid(d, col(r, k[C_PMID])),
	                       doc_norm_pmcid(d, col(r, k[C_PMCID])),
	                       NULL,
	                       NULL,
	                       NULL,
	                       0,
	                       NULL};
	char uid[64];
	const char *t = col(r, k[C_TIME]);
	int64_t w = 0, year = t ? atoi(t) : 0;
	struct store_csv_fill fill;
	int rc;

	snprintf(uid, sizeof(uid), "cord:%.40s",
	         col(r, k[C_UID]) ? col(r, k[C_UID]) : "");
	ids.xid = col(r, k[C_UID]) ? uid : NULL;
	rc = link_work(st, &ids, &w);
	if (!rc && w)
		rc = row_aliases(st, &w, col(r, k[C_SHA]));
	if (!rc && w)
		rc = row_aliases(st, &w, col(r, k[C_PDF]));
	if (rc || !w)
		return rc;
	/* w is the survivor of any merge */
	fill = (struct store_csv_fill){
	    col(r, k[C_TITLE]),      col(r, k[C_JOURNAL]), t,
	    col(r, k[C_ABSTRACT]),   col(r, k[C_LICENSE]), col(r, k[C_AUTHORS]),
	    year > 0 ? (int)year : 0};
	return store_work_fill_csv(st, w, &fill, NULL);
}

static int header(const struct csv_row *r, int *k)
{
	for (int c = 0; c < C_N; c++) {
		k[c] = -1;
		for (int i = 0; i < r->n; i++)
			if (!strcmp(r->b.ptr + r->off[i], col_names[c]))
				k[c] = i;
	}
	return k[C_UID] >= 0 && k[C_SHA] >= 0;
}

int meta_csv_ingest(struct store *st, const char *name, const char *data,
                    size_t len, uint64_t *rows, struct ct_error *err)
{
	struct csv_row r = {CT_BUF_INIT, {0}, 0};
	int k[C_N], got, rc = 0;
	size_t pos = 0;

	*rows = 0;
	got = csv_next(data, len, &pos, &r);
	if (got <= 0 || !header(&r, k)) {
		ct_buf_release(&r.b);
		return err_set(err, CT_EFORMAT,
		               "%s: not a CORD-19 metadata.csv "
		               "(no cord_uid and sha columns)",
		               name);
	}
	while (!rc && (got = csv_next(data, len, &pos, &r)) == 1) {
		struct doc d;

		doc_init(&d, name);
		rc = row_apply(st, &r, k, &d);
		doc_release(&d);
		(*rows)++;
	}
	ct_buf_release(&r.b);
	if (rc)
		return err_set(err, CT_EDB, "%s: storing row %llu: %s", name,
		               (unsigned long long)*rows, store_errmsg(st));
	if (got < 0)
		return err_set(err, got, "%s: row %llu: %s", name,
		               (unsigned long long)*rows + 1, ct_strerror(got));
	return 0;
}
