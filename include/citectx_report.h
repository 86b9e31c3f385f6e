/*
 * citectx_report.h — reports as results (part of the public API, next to
 * citectx.h): the report of one work (SPEC §4), its reference list and
 * the most-cited works, each loaded once into a struct that JSON, text
 * and the HTML pages are all rendered from.
 *
 * Ownership: ct_*_load allocates the result; every string and array in
 * it belongs to the result and stays valid until its ct_*_free (which
 * accepts NULL).  A result is read-only: renders take it const and may
 * run from several threads at once.  NULL strings stand for absent
 * values.  The ct_*_write_* renders append to out and return 0 or the
 * buffer's error.
 */
#ifndef CITECTX_REPORT_H
#define CITECTX_REPORT_H

#include "citectx.h"

/* Affiliations numbered per author; more are left out. */
#define CT_AUTHOR_AFFS_MAX 16

/* A work named in a result, with its public ID (work_id_string: DOI,
 * else pmid:N, PMCID, citectx:N). */
struct ct_work_ref {
	struct ct_work_brief w;
	const char *id;
};

/* An author as the full text lists them. */
struct ct_author {
	const char *name; /* "Given Surname" (or the surname alone, or "") */
	const char *surname, *given, *orcid;
	const char *aff;              /* one affiliation a line, as stored */
	int affn[CT_AUTHOR_AFFS_MAX]; /* 1-based into ct_report.affs */
	int naffn;
};

/* A paragraph of the abstract: heading NULL when it has none. */
struct ct_abstract_section {
	const char *heading, *text;
};

/* Another identifier of the work: "doi:..." versions (preprint /
 * published; version NULL when not a version), "sha:", "s2:", ... */
struct ct_alias {
	const char *id, *version;
};

/* One reference of a list, in order.  cited 0: not linked to a work
 * (w's fields are then 0 / NULL). */
struct ct_ref {
	int64_t pos; /* 0-based */
	const char *label, *raw;
	int64_t cited;
	struct ct_work_ref work;
	int indexed;
	int64_t citing_pubs;
	int64_t tallies[CT_TYPE_COUNT]; /* the linked work's statements */
};

/* A work linked to the report's: a related work (n = shared citations
 * or references) or an editorial notice (kind, relation; n 0). */
struct ct_work_link {
	struct ct_work_ref work;
	int64_t n;
	const char *kind, *relation;
};

struct ct_work_links {
	struct ct_work_link *v;
	size_t n, cap;
};

/* A sentence of the extractive summary, with the work that wrote it and
 * a link to it for people (doi.org, PubMed or PMC; "" when none). */
struct ct_summary_point {
	int64_t statement;
	int type;
	double confidence;
	int section_class;
	const char *sentence; /* the citing sentence alone, as written */
	struct ct_work_brief citing;
	const char *citing_id, *link;
};

struct ct_summary {
	struct ct_summary_point *v;
	size_t n;
};

/* Where people read the work: doi.org, PubMed, PMC, Europe PMC (NULL
 * when the work has no such identifier). */
struct ct_work_urls {
	const char *doi, *pubmed, *pmc, *europepmc;
};

struct ct_refs {
	struct ct_ref *v;
	size_t n;
};

/* The report of one work. */
struct ct_report {
	struct ct_work_ref work;
	const char *journal, *publisher, *volume, *issue, *pages, *pubtype;
	const char *date, *keywords, *funding, *abstract, *license;
	const char *ref_authors; /* "Surname GI; ..." of a work not indexed */
	int indexed;
	struct ct_work_urls urls;
	/* the abstract by paragraph; keywords, funders, ref_authors as items */
	struct ct_abstract_section *abstract_sections;
	size_t nabstract_sections;
	const char **keyword_list, **funders, **ref_names;
	size_t nkeyword_list, nfunders, nref_names;
	struct ct_author *authors;
	size_t nauthors;
	const char **affs; /* distinct affiliations, numbered from 1 */
	size_t naffs;
	struct ct_alias *aliases;
	size_t naliases;
	int64_t citing, nrefs;
	/* the newest statements; its facets, unfiltered, are the tallies */
	struct ct_page page;
	const char *headline; /* the summary's one line on page's facets */
	struct ct_summary summary;
	struct ct_refs refs;
	struct ct_work_links cocited, coupled, notices, concerns;
};

/* The report of work; CT_ENOTFOUND when there is no such work. */
int ct_report_load(struct ct_index *idx, int64_t work, struct ct_report **out,
                   struct ct_error *err);
void ct_report_free(struct ct_report *r);
int ct_report_write_json(const struct ct_report *r, struct ct_buf *out);
int ct_report_write_text(const struct ct_report *r, struct ct_buf *out);

/* A work's reference list, each with the work it links to. */
int ct_refs_load(struct ct_index *idx, int64_t work, struct ct_refs **out,
                 struct ct_error *err);
void ct_refs_free(struct ct_refs *r);
int ct_refs_write_json(const struct ct_refs *r, struct ct_buf *out);
int ct_refs_write_text(const struct ct_refs *r, struct ct_buf *out);

/* The n most-cited works, by citing publications, then id. */
struct ct_top_work {
	struct ct_work_ref work;
	int64_t citing_pubs, statements;
};

struct ct_top {
	struct ct_top_work *v;
	size_t n;
};

int ct_top_load(struct ct_index *idx, int n, struct ct_top **out,
                struct ct_error *err);
void ct_top_free(struct ct_top *t);
int ct_top_write_json(const struct ct_top *t, struct ct_buf *out);
int ct_top_write_text(const struct ct_top *t, struct ct_buf *out);

/* The works a query finds (ct_find_json, citectx.h, says how a query is
 * read): match names what the query was ("words", "doi", "pmid", "pmcid",
 * "id"), total counts the works matching, v holds the first limit of
 * them, best first. */
struct ct_found_work {
	struct ct_work_ref work;
	const char *journal;
	const char **authors; /* "Surname Given", in order */
	size_t nauthors;
	const char *author_list; /* the same as stored: "A; B; ..." */
	int indexed;
	int64_t citing_pubs, statements;
	int64_t tallies[CT_TYPE_COUNT];
};

struct ct_found {
	const char *query, *match;
	int64_t total;
	struct ct_found_work *v;
	size_t n;
};

/* The works query finds, at most limit (1 to CT_FIND_LIMIT_MAX);
 * CT_EUSAGE / CT_ELIMIT as ct_find_json. */
int ct_found_load(struct ct_index *idx, const char *query, int limit,
                  struct ct_found **out, struct ct_error *err);
void ct_found_free(struct ct_found *f);
int ct_found_write_json(const struct ct_found *f, struct ct_buf *out);
int ct_found_write_text(const struct ct_found *f, struct ct_buf *out);

#endif
