/*
 * json.h — the project's only door to the JSON library (jansson).  Parses
 * untrusted JSON into a read-only tree of opaque values.
 *
 * Values and the strings they return belong to the struct json_doc and
 * stay valid until json_doc_free().  Every accessor accepts NULL and a
 * value of the wrong kind, and then answers "absent" (NULL, 0), so that
 * readers can walk optional members without checking each step.
 */
#ifndef CT_JSON_H
#define CT_JSON_H
#include <stddef.h>
#include <stdint.h>

#include "citectx.h"

struct json_doc;
typedef struct json_val json_val;

/* Parses len bytes; name is used in error messages.  On malformed input
 * returns CT_EPARSE with "name:line: what" in err. */
int json_doc_parse(const char *data, size_t len, const char *name,
		   struct json_doc **out, struct ct_error *err);
void json_doc_free(struct json_doc *doc);
json_val *json_root(struct json_doc *doc);

/* Member of an object, NULL when absent or v is not an object. */
json_val *json_get(json_val *v, const char *key);
/* Array length (0 for a non-array) and element i (NULL past the end). */
size_t json_len(json_val *v);
json_val *json_at(json_val *v, size_t i);
/* Object members, in no promised order: it = json_iter(obj); while (it)
 * { json_iter_key(it); json_iter_val(it); it = json_iter_next(obj, it); } */
void *json_iter(json_val *v);
void *json_iter_next(json_val *v, void *it);
const char *json_iter_key(void *it);
json_val *json_iter_val(void *it);

/* A string's bytes (UTF-8, NUL-terminated) and length; NULL / 0 else. */
const char *json_str(json_val *v);
size_t json_str_len(json_val *v);
/* An integer, or a string of digits ("2017"); 0 when neither. */
int64_t json_int(json_val *v);

#endif
