/* t_json.c — the JSON reader (json.h): hostile input is refused with the
 * right code and position, and the accessors answer "absent" for
 * missing or mistyped values. */
#include <string.h>

#include "harness.h"
#include "citectx.h"
#include "json.h"

/* n '[' then n ']': the innermost array is at depth n - 1. */
static int parse_nested(size_t n)
{
	char s[2 * (JSON_DEPTH_MAX + 8)];
	struct json_doc *j = NULL;
	int rc;

	if (2 * n > sizeof(s))
		return -1000;
	memset(s, '[', n);
	memset(s + n, ']', n);
	rc = json_doc_parse(s, 2 * n, "deep", &j, NULL);
	json_doc_free(j);
	return rc;
}

TEST(t_json_hostile)
{
	struct json_doc *j = NULL;
	const char *nul = "{\"t\":\"a\\u0000b\",\"n\":7}";
	struct ct_error err = {0};
	char deep[400];
	int64_t v;

	CHECK_EQ_INT(json_doc_parse("[1,", 3, "b", &j, NULL), CT_EPARSE);
	CHECK_EQ_INT(json_doc_parse("{\"a\":1,\"a\":2}", 13, "b", &j, NULL),
		     CT_EPARSE);
	memset(deep, '[', 200);
	memset(deep + 200, ']', 200);
	CHECK_EQ_INT(json_doc_parse(deep, sizeof(deep), "b", &j, &err), CT_EPARSE);
	CHECK_EQ_STR(err.msg, "b: nested deeper than 64");
	CHECK_EQ_INT(parse_nested(JSON_DEPTH_MAX + 1), 0);
	CHECK_EQ_INT(parse_nested(JSON_DEPTH_MAX + 2), CT_EPARSE);
	CHECK_EQ_INT(json_doc_parse(nul, strlen(nul), "b", &j, NULL), CT_EPARSE);
	CHECK_EQ_INT(json_doc_parse("\"\xff\"", 3, "b", &j, NULL), CT_EPARSE);
	CHECK(j == NULL);
	/* the position of the error: line and column */
	CHECK_EQ_INT(json_doc_parse("{\n  \"a\": tru }", 14, "body", &j, &err),
		     CT_EPARSE);
	CHECK(strncmp(err.msg, "body: line 2 column ", 20) == 0);
	CHECK(j == NULL);
	CHECK_EQ_INT(json_doc_parse("{\"n\":7,\"s\":\"x\"}", 15, "b", &j, NULL), 0);
	CHECK_EQ_INT(json_int_strict(json_get(json_root(j), "n"), &v), 0);
	CHECK_EQ_INT(v, 7);
	CHECK_EQ_INT(json_int_strict(json_get(json_root(j), "s"), &v), CT_EUSAGE);
	CHECK_EQ_STR(json_str(json_get(json_root(j), "s")), "x");
	CHECK(json_get(json_root(j), "missing") == NULL && json_str(NULL) == NULL);
	json_doc_free(j);
}

static const char doc_text[] =
	"{\"z\":1,\"a\":2.5,\"m\":[null,true,false,\"2017\",7.9],\"o\":{}}";

TEST(t_json_accessors)
{
	struct json_doc *j = NULL;
	json_val *r, *m, *val = NULL;
	const char *want[] = {"z", "a", "m", "o"};
	int64_t v = -1;
	double x = 0;
	size_t i;

	CHECK_EQ_INT(json_doc_parse(doc_text, strlen(doc_text), "d", &j, NULL), 0);
	r = json_root(j);
	m = json_get(r, "m");
	/* members in document order, not sorted or hashed */
	for (i = 0; json_member(r, i, &val); i++)
		CHECK(i < 4 && strcmp(json_member(r, i, &val), want[i]) == 0);
	CHECK_EQ_INT(i, 4);
	CHECK(json_member(m, 0, &val) == NULL && json_member(NULL, 0, &val) == NULL);
	CHECK(json_member(r, 2, &val) && val == m);
	/* kinds */
	CHECK(json_val_is_object(r) && json_val_is_object(json_get(r, "o")));
	CHECK(!json_val_is_object(m) && !json_val_is_object(NULL));
	CHECK(json_val_is_array(m) && !json_val_is_array(r));
	CHECK(json_val_is_null(json_at(m, 0)) && !json_val_is_null(NULL));
	CHECK(json_val_is_true(json_at(m, 1)) && !json_val_is_true(json_at(m, 2)));
	CHECK(!json_val_is_true(NULL));
	/* numbers: strict integers, reals, the lenient reader */
	CHECK_EQ_INT(json_num(json_get(r, "a"), &x), 0);
	CHECK(x == 2.5);
	CHECK_EQ_INT(json_num(json_get(r, "z"), &x), 0);
	CHECK(x == 1.0);
	CHECK_EQ_INT(json_num(json_at(m, 3), &x), CT_EUSAGE);
	CHECK_EQ_INT(json_num(NULL, &x), CT_EUSAGE);
	CHECK_EQ_INT(json_int_strict(json_get(r, "a"), &v), CT_EUSAGE);
	CHECK_EQ_INT(json_int_strict(json_at(m, 3), &v), CT_EUSAGE);
	CHECK_EQ_INT(json_int_strict(NULL, &v), CT_EUSAGE);
	CHECK_EQ_INT(v, -1);
	CHECK_EQ_INT(json_int(json_at(m, 3)), 2017);
	CHECK_EQ_INT(json_int(json_at(m, 4)), 7);
	CHECK_EQ_INT(json_len(m), 5);
	CHECK(json_at(m, 5) == NULL && json_len(r) == 0);
	json_doc_free(j);
}
