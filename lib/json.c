/* json.c — the only file that includes jansson (see json.h). */
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

int json_doc_parse(const char *data, size_t len, const char *name,
		   struct json_doc **out, struct ct_error *err)
{
	json_error_t e;
	struct json_doc *d;
	json_t *root;

	*out = NULL;
	/* jansson bounds nesting itself (JSON_PARSER_MAX_DEPTH, 2048) and
	 * rejects invalid UTF-8; NUL bytes inside strings stay rejected. */
	root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &e);
	if (!root)
		return err_set(err, CT_EPARSE, "%s:%d: %s", name, e.line, e.text);
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
