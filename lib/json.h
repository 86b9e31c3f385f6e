/*
 * json.h — reading JSON (the writer is jw.h): the project's only door to
 * the JSON library (jansson).  Parses untrusted JSON (S2ORC / CORD-19
 * files, HTTP request bodies, the documents the server renders) into a
 * read-only tree of opaque values.
 *
 * Values and the strings they return belong to the struct json_doc and
 * stay valid until json_doc_free().  Every accessor accepts NULL and a
 * value of the wrong kind, and then answers "absent" (NULL, 0 or
 * CT_EUSAGE), so that readers can walk optional members without checking
 * each step.  Input size is bounded by the caller (the server's
 * SRV_BODY_MAX, CT_FILE_MAX in ingest_walk.c); nesting by JSON_DEPTH_MAX.
 */
#ifndef CT_JSON_H
#define CT_JSON_H
#include <stddef.h>
#include <stdint.h>

#include "citectx.h"

/* Deepest nesting accepted: the root is depth 0, "[[1]]" is depth 2. */
#define JSON_DEPTH_MAX 64

struct json_doc;
typedef struct json_val json_val;

/* Parses len bytes; name is used in error messages.  Malformed JSON
 * (including duplicate keys, invalid UTF-8 and "\u0000") is CT_EPARSE
 * with "name: line L column C: what" in err; nesting deeper than
 * JSON_DEPTH_MAX is CT_EPARSE too (one answer whatever the depth).  *out
 * is NULL on error. */
int json_doc_parse(const char *data, size_t len, const char *name,
                   struct json_doc **out, struct ct_error *err);
void json_doc_free(struct json_doc *doc);
/* The top value; NULL for a NULL doc. */
json_val *json_root(struct json_doc *doc);

/* Kinds: 1 when v is of that kind, 0 otherwise (and for NULL). */
int json_val_is_object(json_val *v);
int json_val_is_array(json_val *v);
int json_val_is_null(json_val *v);
int json_val_is_true(json_val *v);

/* Member of an object, NULL when absent or v is not an object. */
json_val *json_get(json_val *v, const char *key);
/* Array length (0 for a non-array) and element i (NULL past the end). */
size_t json_len(json_val *v);
json_val *json_at(json_val *v, size_t i);
/* The i-th member of an object in document order: its key, and its value
 * in *val; NULL (and *val untouched) past the end or when v is not an
 * object.  O(i): for a full walk use json_iter. */
const char *json_member(json_val *v, size_t i, json_val **val);
/* Object members in document order: it = json_iter(obj); while (it)
 * { json_iter_key(it); json_iter_val(it); it = json_iter_next(obj, it); } */
void *json_iter(json_val *v);
void *json_iter_next(json_val *v, void *it);
const char *json_iter_key(void *it);
json_val *json_iter_val(void *it);

/* A string's bytes (valid UTF-8, NUL-terminated and NUL-free, since the
 * parser refuses "\u0000") and length; NULL / 0 for anything else. */
const char *json_str(json_val *v);
size_t json_str_len(json_val *v);
/* Lenient, for metadata: an integer, a real (truncated) or a string of
 * digits ("2017"); 0 when none of these. */
int64_t json_int(json_val *v);
/* Strict, for input that must be an integer: its value into *out and 0;
 * CT_EUSAGE (and *out untouched) for anything else, "7" and 7.0 too. */
int json_int_strict(json_val *v, int64_t *out);
/* A number (integer or real) into *out and 0; CT_EUSAGE (and *out
 * untouched) for anything else. */
int json_num(json_val *v, double *out);

#endif
