/*
 * meta.h — CORD-19 metadata.csv: each row enriches the work it names.
 *
 * A row names a work by its DOI, PMID, PMCID and the SHA-1 of its PDF
 * parses ("sha" column and pdf_json_files, the paper_id of the CORD-19
 * JSON, see s2orc.h) and cord_uid; these identifiers join on one work
 * (merging works they show to be one) and the row fills what the work
 * lacks: title, year and date, journal, abstract, licence, authors.  A
 * row ingested before its JSON waits as a work that the JSON then finds.
 * Rows take no savepoint: a row the index fails to store fails the
 * ingest, whose open batch is then rolled back whole (ingest_pipeline.c).
 */
#ifndef CT_META_H
#define CT_META_H
#include <stddef.h>
#include <stdint.h>

#include "store.h"

/* CT_EFORMAT when the header lacks cord_uid and sha; *rows counts rows
 * applied.  CT_EDB only when the index failed. */
int meta_csv_ingest(struct store *st, const char *name, const char *data,
                    size_t len, uint64_t *rows, struct ct_error *err);

#endif
