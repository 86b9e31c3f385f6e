/* json.c — the only file that includes jansson (see json.h).  json_val is
 * jansson's json_t under our name, so no jansson type leaves this file. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "err.h"
#include "json.h"

struct json_doc {
	json_t *root;
};

/* jansson values are our opaque json_val: one cast each way. */
static json_t *J(json_val *v)
{
	return (json_t *)v;
}

static json_val *V(json_t *j)
{
	return (json_val *)j;
}

/* Nesting deeper than JSON_DEPTH_MAX is refused after parsing, so the
 * recursion here is at most JSON_DEPTH_MAX + 1 deep; jansson's own
 * ceiling (JSON_PARSER_MAX_DEPTH, 2048) already bounds its parser. */
static int depth_ok(json_t *j, int depth)
{
	size_t n = json_is_array(j) ? json_array_size(j) : 0;

	if (depth > JSON_DEPTH_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!depth_ok(json_array_get(j, i), depth + 1))
			return 0;
	for (void *it = json_is_object(j) ? json_object_iter(j) : NULL; it;
	     it = json_object_iter_next(j, it))
		if (!depth_ok(json_object_iter_value(it), depth + 1))
			return 0;
	return 1;
}

int json_doc_parse(const char *data, size_t len, const char *name,
                   struct json_doc **out, struct ct_error *err)
{
	json_error_t e;
	struct json_doc *d;
	json_t *root;

	*out = NULL;
	/* No JSON_ALLOW_NUL: "\u0000" is refused, so every string a caller
	 * gets is NUL-free and can be used as a C string.  jansson also
	 * rejects invalid UTF-8. */
	root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &e);
	if (!root)
		return err_set(err, CT_EPARSE, "%s: line %d column %d: %s",
		               name, e.line, e.column, e.text);
	/* a malformed document, whatever the depth: jansson's own ceiling
	 * answers a parse error, so ours does too (HTTP: 400 at any depth;
	 * it was 413 up to 2,048 levels and 400 beyond) */
	if (!depth_ok(root, 0)) {
		json_decref(root);
		return err_set(err, CT_EPARSE, "%s: nested deeper than %d",
		               name, JSON_DEPTH_MAX);
	}
	d = malloc(sizeof(*d));
	if (!d) {
		json_decref(root);
		return err_set(err, CT_ENOMEM, "%s: out of memory", name);
	}
	d->root = root;
	*out = d;
	return 0;
}

void json_doc_free(struct json_doc *doc)
{
	if (!doc)
		return;
	json_decref(doc->root);
	free(doc);
}

json_val *json_root(struct json_doc *doc)
{
	return doc ? V(doc->root) : NULL;
}

int json_val_is_object(json_val *v)
{
	return v && json_is_object(J(v));
}

int json_val_is_array(json_val *v)
{
	return v && json_is_array(J(v));
}

int json_val_is_null(json_val *v)
{
	return v && json_is_null(J(v));
}

int json_val_is_true(json_val *v)
{
	return v && json_is_true(J(v));
}

json_val *json_get(json_val *v, const char *key)
{
	return v && json_is_object(J(v)) ? V(json_object_get(J(v), key)) : NULL;
}

size_t json_len(json_val *v)
{
	return v && json_is_array(J(v)) ? json_array_size(J(v)) : 0;
}

json_val *json_at(json_val *v, size_t i)
{
	return v && json_is_array(J(v)) ? V(json_array_get(J(v), i)) : NULL;
}

const char *json_member(json_val *v, size_t i, json_val **val)
{
	void *it = json_iter(v);

	for (; it && i; i--)
		it = json_object_iter_next(J(v), it);
	if (!it)
		return NULL;
	*val = V(json_object_iter_value(it));
	return json_object_iter_key(it);
}

void *json_iter(json_val *v)
{
	return v && json_is_object(J(v)) ? json_object_iter(J(v)) : NULL;
}

void *json_iter_next(json_val *v, void *it)
{
	return it ? json_object_iter_next(J(v), it) : NULL;
}

const char *json_iter_key(void *it)
{
	return it ? json_object_iter_key(it) : NULL;
}

json_val *json_iter_val(void *it)
{
	return it ? V(json_object_iter_value(it)) : NULL;
}

const char *json_str(json_val *v)
{
	return v && json_is_string(J(v)) ? json_string_value(J(v)) : NULL;
}

size_t json_str_len(json_val *v)
{
	return v && json_is_string(J(v)) ? json_string_length(J(v)) : 0;
}

int64_t json_int(json_val *v)
{
	const char *s;
	char *end;
	long long n;

	if (!v)
		return 0;
	if (json_is_integer(J(v)))
		return (int64_t)json_integer_value(J(v));
	if (json_is_real(J(v)))
		return (int64_t)json_real_value(J(v));
	s = json_str(v);
	if (!s)
		return 0;
	n = strtoll(s, &end, 10);
	return end != s && *end == '\0' ? (int64_t)n : 0;
}

int json_int_strict(json_val *v, int64_t *out)
{
	if (!v || !json_is_integer(J(v)))
		return CT_EUSAGE;
	*out = (int64_t)json_integer_value(J(v));
	return 0;
}

int json_num(json_val *v, double *out)
{
	if (!v || !json_is_number(J(v)))
		return CT_EUSAGE;
	*out = json_number_value(J(v));
	return 0;
}
