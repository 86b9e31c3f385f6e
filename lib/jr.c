/* jr.c — reading JSON through jansson (see jr.h).  struct jr is jansson's
 * json_t under our name, so no jansson type leaves this file. */
#include <jansson.h>
#include <string.h>

#include "err.h"
#include "jr.h"

static const json_t *J(const struct jr *j)
{
	return (const json_t *)j;
}

/* Nesting deeper than JR_DEPTH_MAX is refused after parsing: jansson's
 * own ceiling (2048) already bounds its stack. */
static int depth_ok(const json_t *j, int depth)
{
	if (depth > JR_DEPTH_MAX)
		return 0;
	for (size_t i = 0; json_is_array(j) && i < json_array_size(j); i++)
		if (!depth_ok(json_array_get(j, i), depth + 1))
			return 0;
	for (void *it = json_is_object(j) ? json_object_iter((json_t *)j) : NULL;
	     it; it = json_object_iter_next((json_t *)j, it))
		if (!depth_ok(json_object_iter_value(it), depth + 1))
			return 0;
	return 1;
}

int jr_parse(const char *s, size_t n, struct jr **out, struct ct_error *err)
{
	json_error_t e;
	json_t *j = json_loadb(s, n, JSON_REJECT_DUPLICATES, &e);

	*out = NULL;
	if (!j)
		return err_set(err, CT_EPARSE, "body: line %d column %d: %s",
			       e.line, e.column, e.text);
	if (!depth_ok(j, 0)) {
		json_decref(j);
		return err_set(err, CT_ELIMIT, "body: nested deeper than %d",
			       JR_DEPTH_MAX);
	}
	*out = (struct jr *)j;
	return 0;
}

void jr_free(struct jr *root)
{
	json_decref((json_t *)root);
}

const struct jr *jr_get(const struct jr *obj, const char *k)
{
	return json_is_object(J(obj)) ? (const struct jr *)json_object_get(J(obj), k)
				      : NULL;
}

const char *jr_str(const struct jr *j)
{
	const char *s = json_string_value(J(j));

	/* jansson keeps "\u0000" inside strings; C callers would cut there */
	return s && strlen(s) == json_string_length(J(j)) ? s : NULL;
}

int jr_int(const struct jr *j, int64_t *v)
{
	if (!json_is_integer(J(j)))
		return CT_EUSAGE;
	*v = (int64_t)json_integer_value(J(j));
	return 0;
}

int jr_num(const struct jr *j, double *v)
{
	if (!json_is_number(J(j)))
		return CT_EUSAGE;
	*v = json_number_value(J(j));
	return 0;
}

int jr_is_true(const struct jr *j)
{
	return json_is_true(J(j));
}

int jr_is_null(const struct jr *j)
{
	return json_is_null(J(j));
}

int jr_is_array(const struct jr *j)
{
	return json_is_array(J(j));
}

int jr_is_object(const struct jr *j)
{
	return json_is_object(J(j));
}

size_t jr_len(const struct jr *arr)
{
	return json_is_array(J(arr)) ? json_array_size(J(arr)) : 0;
}

const struct jr *jr_at(const struct jr *arr, size_t i)
{
	return (const struct jr *)json_array_get(J(arr), i);
}

const char *jr_member(const struct jr *obj, size_t i, const struct jr **val)
{
	json_t *o = (json_t *)J(obj);
	void *it = json_is_object(o) ? json_object_iter(o) : NULL;

	for (; it && i; i--)
		it = json_object_iter_next(o, it);
	if (!it)
		return NULL;
	*val = (const struct jr *)json_object_iter_value(it);
	return json_object_iter_key(it);
}
