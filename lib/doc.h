/*
 * doc.h — the in-memory document model every reader produces.
 *
 * A struct doc owns all its strings (allocated from its arena) and arrays;
 * doc_release() frees everything at once.  Paragraph text is UTF-8 with
 * whitespace collapsed to single spaces; citation groups are byte spans
 * into that text.  References are in reference-list order, which is what
 * a range such as [14-19] counts over.
 */
#ifndef CT_DOC_H
#define CT_DOC_H
#include <stddef.h>
#include <stdint.h>

#include "citectx.h"
#include "mem.h"

/* Ceilings for one article: far above real articles (the corpus peaks
 * near 700 references and 4,000 citations), low enough to bound memory. */
#define DOC_REFS_MAX    20000
#define DOC_GROUPS_MAX  200000
#define DOC_PARAS_MAX   200000
#define DOC_AUTHORS_MAX 5000
/* References one citation group may cite: the corpus's largest group
 * cites 37, and a range "[1-200]" would otherwise make 200 statements of
 * one sentence.  Readers stop adding beyond it and count what they left
 * in doc.refs_cut; cite.c holds every reader to it. */
#define DOC_GROUP_REFS_MAX 100

struct doc_author {
	char *surname, *given, *orcid, *aff;
};

/* An editorial notice this article is: a retraction, correction or
 * expression of concern, naming the work it concerns. */
struct doc_notice {
	char *kind; /* "retraction", "correction", "expression-of-concern" */
	char *relation; /* JATS related-article-type as written, or NULL */
	char *doi, *pmid, *pmcid; /* the concerned work; at least one set */
};
#define DOC_NOTICES_MAX 64

struct doc_meta {
	char *doi, *pmid, *pmcid; /* normalised: doi lower-case, pmcid "PMCn" */
	char *title, *journal, *publisher, *volume, *issue, *pages, *pubtype;
	char *date, *abstract, *license, *keywords, *funding;
	int year;
	struct doc_author *authors;
	size_t nauthors, capauthors;
	struct doc_notice *notices;
	size_t nnotices, capnotices;
	/* An identifier from outside DOI/PMID/PMCID ("sha:HEX", "s2:ID",
	 * "chinaxiv:ID"), NULL when none; see link.h. */
	char *xid;
};

struct doc_ref {
	char *xml_id, *label, *raw, *title, *source, *volume, *fpage;
	char *doi, *pmid, *pmcid;
	char *authors; /* "Surname GI; Surname GI" in order */
	int year;
};

/* One in-text citation group: the marker span and the references it cites
 * (indices into doc.grefs[ref0 .. ref0+nref)). */
struct doc_group {
	uint32_t start, end;
	uint32_t ref0, nref;
};

struct doc_section {
	char *heading;
	int cls; /* enum ct_section */
};

struct doc_para {
	char *text;
	uint32_t len;
	uint32_t section; /* index into secs */
	uint32_t group0, ngroup;
};

struct doc {
	struct arena arena;
	const char *name; /* file name, for messages */
	struct doc_meta meta;
	struct doc_ref *refs;
	size_t nrefs, caprefs;
	struct doc_section *secs;
	size_t nsecs, capsecs;
	struct doc_para *paras;
	size_t nparas, capparas;
	struct doc_group *groups;
	size_t ngroups, capgroups;
	uint32_t *grefs;
	size_t ngrefs, capgrefs;
	/* The size of the file read (0: unknown; the ingest sets it), which
	 * bounds what the article may yield (cite.c), and the references
	 * left out of groups over DOC_GROUP_REFS_MAX by the reader. */
	size_t bytes;
	uint64_t refs_cut;
};

void doc_init(struct doc *d, const char *name);
void doc_release(struct doc *d);

/* Appends one zeroed element; returns NULL (and sets nothing) when the
 * array would pass max or memory runs out. */
void *doc_push(void **arr, size_t *n, size_t *cap, size_t size, size_t max);
#define DOC_PUSH(d, field, max)                                                \
	doc_push((void **)&(d)->field, &(d)->n##field, &(d)->cap##field,       \
	         sizeof(*(d)->field), (max))

char *doc_strdup(struct doc *d, const char *s, size_t n);

/* Section class from a JATS sec-type and/or a heading as written. */
int doc_section_class(const char *sec_type, const char *heading);

/* Identifier normalisation: return arena copies, or NULL when s holds no
 * valid identifier. */
char *doc_norm_doi(struct doc *d, const char *s);
char *doc_norm_pmid(struct doc *d, const char *s);
char *doc_norm_pmcid(struct doc *d, const char *s);

#endif
