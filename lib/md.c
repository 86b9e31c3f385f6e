/* md.c — the Markdown article reader (see md.h). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "err.h"
#include "marks.h"
#include "md.h"
#include "refparse.h"

#define MD_MARKS_MAX 100000
#define MD_RANGE_MAX 200

struct md {
	struct doc *d;
	struct ct_buf para; /* the block being gathered, whitespace collapsed */
	struct mark *m;
	size_t nm, capm;
	uint32_t sec;
	int mode; /* 0 front matter, 1 prose, 2 references */
	int pass; /* 0 reads the references, 1 the prose that cites them */
	int titled;
	int rc;
};

static int ref_by_label(const struct doc *d, long n)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%ld", n);
	for (size_t i = 0; i < d->nrefs; i++)
		if (d->refs[i].label && !strcmp(d->refs[i].label, buf))
			return (int)i;
	return -1;
}

static int add_mark(struct md *t, uint32_t a, uint32_t b, long n)
{
	struct mark *m = DOC_PUSH(t, m, MD_MARKS_MAX);

	if (!m)
		return CT_ELIMIT;
	*m = (struct mark){a, b, ref_by_label(t->d, n)};
	return 0;
}

/* "[1]", "[2, 5-7]" at text[a..b): marks for every number and range. */
static int bracket_marks(struct md *t, const char *s, uint32_t a, uint32_t b)
{
	const char *p = s + a + 1, *end = s + b - 1;
	long prev = -1;
	int dash = 0, rc = 0;

	while (p < end && !rc) {
		if (isdigit((unsigned char)*p)) {
			long n = strtol(p, (char **)&p, 10);

			if (dash && prev >= 0 && n > prev &&
			    n - prev <= MD_RANGE_MAX)
				for (long k = prev + 1; k < n && !rc; k++)
					rc = add_mark(t, a, b, k);
			if (!rc)
				rc = add_mark(t, a, b, n);
			prev = n;
			dash = 0;
		} else {
			dash |= *p == '-' || (unsigned char)*p == 0xE2;
			p++;
		}
	}
	return rc;
}

/* A bracket holding only digits, spaces, commas and dashes. */
static size_t citation_len(const char *s)
{
	size_t i = 1;
	int digits = 0;

	for (; s[i] && s[i] != ']' && i < 40; i++) {
		unsigned char c = (unsigned char)s[i];

		if (isdigit(c))
			digits = 1;
		else if (!strchr(" ,-", c) && c != 0xE2 && c != 0x80 &&
		         (c < 0x90 || c > 0x94))
			return 0;
	}
	return s[i] == ']' && digits ? i + 1 : 0;
}

static void flush_para(struct md *t)
{
	const char *s = t->para.ptr;
	size_t n = t->para.len;

	t->nm = 0;
	if (!n || t->rc || t->pass == 0) {
		ct_buf_reset(&t->para);
		return;
	}
	for (size_t i = 0; i < n && !t->rc; i++) {
		size_t k = s[i] == '[' ? citation_len(s + i) : 0;

		if (k) {
			t->rc =
			    bracket_marks(t, s, (uint32_t)i, (uint32_t)(i + k));
			i += k - 1;
		}
	}
	if (!t->rc)
		t->rc = marks_para(t->d, t->sec, s, n, t->m, t->nm);
	ct_buf_reset(&t->para);
}

/* Appends a line to the block, collapsing runs of white space. */
static void para_line(struct md *t, const char *s, size_t n)
{
	for (size_t i = 0; i < n && !t->rc; i++) {
		int sp = s[i] == ' ' || s[i] == '\t' || s[i] == '\r';

		if (sp && (!t->para.len || t->para.ptr[t->para.len - 1] == ' '))
			continue;
		t->rc = ct_buf_putc(&t->para, sp ? ' ' : s[i]);
	}
	if (t->para.len && t->para.ptr[t->para.len - 1] != ' ' && !t->rc)
		t->rc = ct_buf_putc(&t->para, ' ');
}

/* Length of an entry's number with its punctuation: "[12]", "12.",
 * "12．" (full-width stop); 0 when the line is no entry.  The line is
 * s[0..n), not NUL-terminated: the last line of the input ends at the
 * end of the buffer (fuzz_md found a strspn reading past it). */
static size_t entry_label(const char *s, size_t n, size_t *digits)
{
	size_t o = n && s[0] == '[' ? 1 : 0, k = 0;

	while (o + k < n && k <= 4 && s[o + k] >= '0' && s[o + k] <= '9')
		k++;
	*digits = k;
	if (k == 0 || k > 4 || o + k >= n)
		return 0;
	if (o && s[o + k] == ']')
		return o + k + 1;
	if (!o && s[k] == '.')
		return k + 1;
	if (!o && n >= k + 3 && !memcmp(s + k, "\xEF\xBC\x8E", 3))
		return k + 3;
	return 0;
}

static void add_ref(struct md *t, const char *s, size_t n)
{
	struct doc *d = t->d;
	struct doc_ref *r = DOC_PUSH(d, refs, DOC_REFS_MAX);
	size_t k, skip = entry_label(s, n, &k);

	if (!r) {
		t->rc = CT_ELIMIT;
		return;
	}
	while (skip < n && s[skip] == ' ')
		skip++;
	while (n > skip && (s[n - 1] == ' ' || s[n - 1] == '\r'))
		n--;
	r->label = doc_strdup(d, s + (s[0] == '[' ? 1 : 0), k);
	r->raw = doc_strdup(d, s + skip, n - skip);
	refparse_fill(d, r);
}

static void heading(struct md *t, const char *s, size_t n)
{
	char *h;

	flush_para(t);
	while (n && (*s == '#' || *s == ' '))
		s++, n--;
	h = doc_strdup(t->d, s, n);
	if (!h) {
		t->rc = CT_ENOMEM;
		return;
	}
	if (!t->titled) {
		t->titled = 1;
		t->d->meta.title = h;
		return;
	}
	t->mode = strncasecmp(h, "reference", 9) ? 1 : 2;
	if (t->mode == 1 && t->pass == 1)
		t->rc =
		    marks_section(t->d, h, doc_section_class(NULL, h), &t->sec);
}

static void line(struct md *t, const char *s, size_t n)
{
	size_t k;

	if (n && s[0] == '#') {
		heading(t, s, n);
	} else if (n == 0 || (n == 1 && s[0] == '\r')) {
		flush_para(t);
	} else if (t->mode == 2 && entry_label(s, n, &k)) {
		if (t->pass == 0)
			add_ref(t, s, n);
	} else if (t->mode == 1 && t->pass == 1 && s[0] != '<' &&
	           !(n >= 2 && s[0] == '!' && s[1] == '[')) {
		para_line(t, s, n);
	}
}

static void md_identity(struct doc *d)
{
	const char *p = d->name ? strstr(d->name, "ChinaXiv-") : NULL;
	char buf[64];
	size_t n;

	if (!p)
		return;
	p += 9;
	n = strspn(p, "0123456789.");
	if (n < 6 || n > 40)
		return;
	snprintf(buf, sizeof(buf), "chinaxiv:%.*s", (int)n, p);
	d->meta.xid = doc_strdup(d, buf, strlen(buf));
	d->meta.year = (p[0] - '0') * 1000 + (p[1] - '0') * 100 +
	               (p[2] - '0') * 10 + (p[3] - '0');
	d->meta.pubtype = doc_strdup(d, "preprint", 8);
}

int md_read(const char *data, size_t len, struct doc *d, struct ct_error *err)
{
	struct md t = {.d = d};

	t.rc = marks_section(d, NULL, CT_SEC_OTHER, &t.sec);
	for (t.pass = 0; t.pass < 2 && !t.rc; t.pass++) {
		t.mode = t.titled = 0;
		for (size_t i = 0; i < len && !t.rc;) {
			const char *nl = memchr(data + i, '\n', len - i);
			size_t n = nl ? (size_t)(nl - data) - i : len - i;

			line(&t, data + i, n);
			i += n + 1;
		}
		flush_para(&t);
	}
	ct_buf_release(&t.para);
	free(t.m);
	if (t.rc)
		return err_set(err, t.rc, "%s: %s while reading Markdown",
		               d->name, ct_strerror(t.rc));
	if (!d->meta.title)
		return err_set(err, CT_EPARSE,
		               "%s: no \"# title\" line: not a "
		               "Markdown article",
		               d->name);
	md_identity(d);
	return 0;
}
