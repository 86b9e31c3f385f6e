/*
 * facets.c — the facets of a query by name, and the named value sets a
 * person types (type, section, sort, self, citation format): one table
 * that the CLI's options and the HTTP API's and pages' parameters are all
 * parsed with, so that they accept the same values and refuse them with
 * the same explanation.
 *
 * Values are matched case-insensitively, and an unambiguous prefix is
 * enough ("support", "Discussion", "conf"): people type what they see in
 * the report, capitals and all.  What is refused lists what is accepted.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "citectx.h"
#include "err.h"

/* Shown values are cut here: an error stays one readable line. */
#define SHOWN_MAX 80

static const char *const sort_names[] = {"relevance", "newest", "oldest",
                                         "confidence"};

const char *ct_sort_name(int s)
{
	return s >= 0 && s < (int)(sizeof(sort_names) / sizeof(*sort_names))
	           ? sort_names[s]
	           : NULL;
}

/* The citation formats' names and media types (export.c renders them). */
static const struct {
	const char *name, *media;
} cite_formats[CT_CITE_COUNT] = {
    [CT_CITE_BIBTEX] = {"bibtex", "application/x-bibtex"},
    [CT_CITE_RIS] = {"ris", "application/x-research-info-systems"},
    [CT_CITE_CSL_JSON] = {"csl-json",
                          "application/vnd.citationstyles.csl+json"},
    [CT_CITE_APA] = {"apa", "text/x-bibliography"},
};

int ct_cite_format_parse(const char *name)
{
	for (int i = 0; name && i < CT_CITE_COUNT; i++)
		if (!strcmp(name, cite_formats[i].name))
			return i;
	return -1;
}

const char *ct_cite_format_name(int f)
{
	return f >= 0 && f < CT_CITE_COUNT ? cite_formats[f].name : NULL;
}

const char *ct_cite_media_type(int f)
{
	return f >= 0 && f < CT_CITE_COUNT ? cite_formats[f].media : NULL;
}

int ct_cite_format_for_media(const char *media)
{
	for (int i = 0; media && i < CT_CITE_COUNT; i++)
		if (!strcmp(media, cite_formats[i].media))
			return i;
	return -1;
}

static const char *self_name(int s)
{
	return s == CT_SELF_ONLY      ? "only"
	       : s == CT_SELF_EXCLUDE ? "exclude"
	                              : NULL;
}

static const char *group_name(int g)
{
	return g == CT_GROUP_SENTENCE    ? "sentence"
	       : g == CT_GROUP_STATEMENT ? "statement"
	                                 : NULL;
}

/* A value set: the values first .. count-1, named by name(). */
static const struct value_set {
	int first, count;
	const char *(*name)(int);
} sets[CT_ENUM_COUNT] = {
    [CT_ENUM_TYPE] = {0, CT_TYPE_COUNT, ct_type_name},
    [CT_ENUM_SECTION] = {0, CT_SEC_COUNT, ct_section_name},
    [CT_ENUM_SORT] = {0, 4, ct_sort_name},
    [CT_ENUM_SELF] = {CT_SELF_ONLY, CT_SELF_EXCLUDE + 1, self_name},
    [CT_ENUM_CITE] = {0, CT_CITE_COUNT, ct_cite_format_name},
    [CT_ENUM_GROUP] = {CT_GROUP_SENTENCE, CT_GROUP_STATEMENT + 1, group_name},
};

void ct_enum_list(int kind, struct ct_buf *out)
{
	const struct value_set *e = &sets[kind];

	for (int i = e->first; i < e->count; i++)
		ct_buf_printf(out, "%s%s",
		              i == e->first       ? ""
		              : i + 1 == e->count ? " or "
		                                  : ", ",
		              e->name(i));
}

/* The value s names: an exact match (any case), else the one value s is
 * a prefix of; -1 when none, -2 when several. */
static int enum_match(const struct value_set *e, const char *s)
{
	size_t n = strlen(s);
	int found = -1;

	for (int i = e->first; i < e->count; i++)
		if (!strcasecmp(s, e->name(i)))
			return i;
	for (int i = e->first; n && i < e->count; i++)
		if (!strncasecmp(s, e->name(i), n))
			found = found == -1 ? i : -2;
	return found;
}

int ct_enum_parse(int kind, const char *label, const char *s, int *out,
                  struct ct_error *err)
{
	struct ct_buf list = CT_BUF_INIT;
	size_t ll = strlen(label);
	int v =
	    kind >= 0 && kind < CT_ENUM_COUNT ? enum_match(&sets[kind], s) : -1;

	if (v >= 0) {
		*out = v;
		return 0;
	}
	if (kind >= 0 && kind < CT_ENUM_COUNT)
		ct_enum_list(kind, &list);
	err_set(err, CT_EUSAGE, "%s%s%.*s: %sexpected %s", label,
	        ll && label[ll - 1] == '=' ? "" : " ", SHOWN_MAX, s,
	        v == -2 ? "ambiguous; " : "", list.ptr ? list.ptr : "?");
	ct_buf_release(&list);
	return CT_EUSAGE;
}

/* ---- facets by name ------------------------------------------------------ */

enum facet_kind { F_MASK, F_ENUM, F_INT, F_STR, F_PUBTYPE };

static const struct facet {
	const char *name;   /* as a parameter: underscores */
	int kind, set;      /* set: enum ct_enum_kind for F_MASK, F_ENUM */
	size_t off;         /* the field of struct ct_query */
	int lo, hi;         /* F_INT */
	const char *expect; /* F_INT: what a good value looks like */
	int optional;       /* CT_STYLE_PARAM/TEXT: "" means not given */
} facets[] = {
    {"type", F_MASK, CT_ENUM_TYPE, offsetof(struct ct_query, type_mask), 0, 0,
     NULL, 0},
    {"section", F_MASK, CT_ENUM_SECTION,
     offsetof(struct ct_query, section_mask), 0, 0, NULL, 0},
    {"from_year", F_INT, 0, offsetof(struct ct_query, from_year), 1, 9999,
     "a year like 2015", 1},
    {"to_year", F_INT, 0, offsetof(struct ct_query, to_year), 1, 9999,
     "a year like 2015", 1},
    {"limit", F_INT, 0, offsetof(struct ct_query, limit), 1, CT_LIMIT_MAX, NULL,
     0},
    {"sort", F_ENUM, CT_ENUM_SORT, offsetof(struct ct_query, sort), 0, 0, NULL,
     0},
    {"cursor", F_STR, 0, offsetof(struct ct_query, cursor), 0, 0, NULL, 1},
    {"pubtype", F_PUBTYPE, 0, 0, 0, 0, NULL, 1},
    {"self", F_ENUM, CT_ENUM_SELF, offsetof(struct ct_query, self), 0, 0, NULL,
     1},
    {"journal_self", F_ENUM, CT_ENUM_SELF,
     offsetof(struct ct_query, journal_self), 0, 0, NULL, 1},
    /* issue 16: one item per citing sentence (the default) or statement */
    {"group", F_ENUM, CT_ENUM_GROUP, offsetof(struct ct_query, group), 0, 0,
     NULL, 1},
};

#define NFACETS (sizeof(facets) / sizeof(*facets))

/* The option as the user wrote it: "--from-year", "from_year=", "from
 * year" (label holds at least 32 bytes). */
static const char *label_of(const char *name, int style, char *label)
{
	size_t n = 0;

	if (style == CT_STYLE_CLI)
		label[n++] = '-', label[n++] = '-';
	for (const char *p = name; *p && n < 28; p++)
		label[n++] = *p != '_'                ? *p
		             : style == CT_STYLE_CLI  ? '-'
		             : style == CT_STYLE_TEXT ? ' '
		                                      : '_';
	if (style == CT_STYLE_PARAM)
		label[n++] = '=';
	label[n] = '\0';
	return label;
}

static const struct facet *facet_find(const char *name)
{
	for (size_t i = 0; i < NFACETS; i++) {
		const char *a = facets[i].name, *b = name;

		while (*a && (*a == *b || (*a == '_' && *b == '-')))
			a++, b++;
		if (!*a && !*b)
			return &facets[i];
	}
	return NULL;
}

static int set_int(const struct facet *f, const char *label, const char *v,
                   int *out, struct ct_error *err)
{
	char *end;
	long n = strtol(v, &end, 10);
	size_t ll = strlen(label);
	const char *sep = ll && label[ll - 1] == '=' ? "" : " ";

	if (!*v || *end || n < f->lo || n > f->hi) {
		if (f->expect)
			return err_set(err, CT_EUSAGE, "%s%s%.*s: expected %s",
			               label, sep, SHOWN_MAX, v, f->expect);
		return err_set(err, CT_EUSAGE,
		               "%s%s%.*s: expected a number from "
		               "%d to %d",
		               label, sep, SHOWN_MAX, v, f->lo, f->hi);
	}
	*out = (int)n;
	return 0;
}

const char *ct_facet_name(size_t i)
{
	return i < sizeof(facets) / sizeof(*facets) ? facets[i].name : NULL;
}

int ct_query_set(struct ct_query *q, const char *name, const char *v, int style,
                 struct ct_error *err)
{
	const struct facet *f = facet_find(name);
	char label[32];
	int x, rc;

	if (!f)
		return 1;
	if (!*v && f->optional && style != CT_STYLE_CLI)
		return 0;
	label_of(f->name, style, label);
	switch (f->kind) {
	case F_MASK:
		if ((rc = ct_enum_parse(f->set, label, v, &x, err)))
			return rc;
		*(unsigned *)(void *)((char *)q + f->off) |= 1u << x;
		return 0;
	case F_ENUM:
		return ct_enum_parse(f->set, label, v,
		                     (int *)(void *)((char *)q + f->off), err);
	case F_INT:
		return set_int(f, label, v, (int *)(void *)((char *)q + f->off),
		               err);
	case F_STR:
		*(const char **)(void *)((char *)q + f->off) = *v ? v : NULL;
		return 0;
	default: /* F_PUBTYPE */
		if (q->npubtypes == CT_PUBTYPES_MAX)
			return err_set(err, CT_EUSAGE, "%s: at most %d values",
			               label, CT_PUBTYPES_MAX);
		q->pubtypes[q->npubtypes++] = v;
		return 0;
	}
}

int ct_query_check(const struct ct_query *q, int style, struct ct_error *err)
{
	char from[32], to[32];
	const char *sep = style == CT_STYLE_PARAM ? "" : " ";

	if (!q->from_year || !q->to_year || q->from_year <= q->to_year)
		return 0;
	return err_set(err, CT_EUSAGE,
	               "%s%s%d is after %s%s%d: give the earlier "
	               "year first",
	               label_of("from_year", style, from), sep, q->from_year,
	               label_of("to_year", style, to), sep, q->to_year);
}

/* ---- the filters in words ------------------------------------------------ */

static void describe_one(struct ct_buf *out, int style, const char *name,
                         const char *value)
{
	char label[32];

	if (out->len)
		ct_buf_puts(out, style == CT_STYLE_CLI ? " " : ", ");
	ct_buf_printf(out, "%s%s%s", label_of(name, style, label),
	              style == CT_STYLE_PARAM ? "" : " ", value);
}

static void describe_mask(struct ct_buf *out, int style, const char *name,
                          unsigned mask, const char *(*vname)(int), int n)
{
	for (int i = 0; i < n; i++)
		if (mask & (1u << i))
			describe_one(out, style, name, vname(i));
}

void ct_query_describe(const struct ct_query *q, int style, struct ct_buf *out)
{
	struct ct_buf b = CT_BUF_INIT;
	char y[16];

	describe_mask(&b, style, "type", q->type_mask, ct_type_name,
	              CT_TYPE_COUNT);
	describe_mask(&b, style, "section", q->section_mask, ct_section_name,
	              CT_SEC_COUNT);
	if (q->from_year && snprintf(y, sizeof(y), "%d", q->from_year) > 0)
		describe_one(&b, style, "from_year", y);
	if (q->to_year && snprintf(y, sizeof(y), "%d", q->to_year) > 0)
		describe_one(&b, style, "to_year", y);
	for (int i = 0; i < q->npubtypes && i < CT_PUBTYPES_MAX; i++)
		describe_one(&b, style, "pubtype", q->pubtypes[i]);
	if (self_name(q->self))
		describe_one(&b, style, "self", self_name(q->self));
	if (self_name(q->journal_self))
		describe_one(&b, style, "journal_self",
		             self_name(q->journal_self));
	if (b.len)
		ct_buf_put(out, b.ptr, b.len);
	ct_buf_release(&b);
}
