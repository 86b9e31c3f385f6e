/* t_facets.c — the facets by name (lib/facets.c): enum values in any case
 * and by unique prefix, refusals that list the valid values, the year
 * range, and the filters in words. */
#include <string.h>

#include "citectx.h"
#include "harness.h"

TEST(t_facets_enum_prefix_and_case)
{
	struct ct_error err = {0};
	int v = -1;

	CHECK_EQ_INT(ct_enum_parse(CT_ENUM_TYPE, "--type", "support", &v, &err), 0);
	CHECK_EQ_INT(v, CT_TYPE_SUPPORTING);
	CHECK_EQ_INT(ct_enum_parse(CT_ENUM_SECTION, "--section", "Discussion", &v,
				   &err), 0);
	CHECK_EQ_INT(v, CT_SEC_DISCUSSION);
	CHECK_EQ_INT(ct_enum_parse(CT_ENUM_SORT, "sort=", "CONF", &v, &err), 0);
	CHECK_EQ_INT(v, CT_SORT_CONFIDENCE);
	CHECK_EQ_INT(ct_enum_parse(CT_ENUM_SELF, "--self", "o", &v, &err), 0);
	CHECK_EQ_INT(v, CT_SELF_ONLY);
	CHECK_EQ_INT(ct_enum_parse(CT_ENUM_CITE, "--format", "csl", &v, &err), 0);
	CHECK_EQ_INT(v, CT_CITE_CSL_JSON);
	/* unknown: the valid values, in the option's own spelling */
	CHECK_EQ_INT(ct_enum_parse(CT_ENUM_TYPE, "--type", "supports", &v, &err),
		     CT_EUSAGE);
	CHECK_EQ_STR(err.msg, "--type supports: expected supporting, contrasting, "
			      "mentioning or unclassified");
	CHECK_EQ_INT(ct_enum_parse(CT_ENUM_SECTION, "section=", "", &v, &err),
		     CT_EUSAGE);
	CHECK_EQ_STR(err.msg, "section=: expected introduction, methods, "
			      "results, discussion or other");
	/* "any" is the absence of the self filter, not one of its values */
	CHECK_EQ_INT(ct_enum_parse(CT_ENUM_SELF, "--self", "any", &v, &err),
		     CT_EUSAGE);
}

TEST(t_facets_set_check_describe)
{
	struct ct_query q = {0};
	struct ct_error err = {0};
	struct ct_buf b = CT_BUF_INIT;

	CHECK_EQ_INT(ct_query_set(&q, "type", "MENT", CT_STYLE_PARAM, &err), 0);
	CHECK_EQ_INT(ct_query_set(&q, "from-year", "2015", CT_STYLE_CLI, &err), 0);
	CHECK_EQ_INT(ct_query_set(&q, "to_year", "", CT_STYLE_PARAM, &err), 0);
	CHECK_EQ_INT(q.to_year, 0); /* an empty form field is no filter */
	CHECK_EQ_INT(ct_query_set(&q, "to_year", "", CT_STYLE_CLI, &err),
		     CT_EUSAGE);
	CHECK_EQ_INT(ct_query_set(&q, "model", "x", CT_STYLE_CLI, &err), 1);
	CHECK_EQ_INT(ct_query_set(&q, "limit", "0", CT_STYLE_PARAM, &err),
		     CT_EUSAGE);
	CHECK_EQ_STR(err.msg, "limit=0: expected a number from 1 to 1000");
	CHECK_EQ_INT(ct_query_check(&q, CT_STYLE_CLI, &err), 0);
	q.to_year = 2010;
	CHECK_EQ_INT(ct_query_check(&q, CT_STYLE_TEXT, &err), CT_EUSAGE);
	CHECK_EQ_STR(err.msg, "from year 2015 is after to year 2010: give the "
			      "earlier year first");
	q.to_year = 0;
	q.self = CT_SELF_EXCLUDE;
	ct_query_describe(&q, CT_STYLE_CLI, &b);
	CHECK_EQ_STR(b.ptr, "--type mentioning --from-year 2015 --self exclude");
	ct_buf_release(&b);
	b = (struct ct_buf)CT_BUF_INIT;
	ct_query_describe(&q, CT_STYLE_TEXT, &b);
	CHECK_EQ_STR(b.ptr, "type mentioning, from year 2015, self exclude");
	ct_buf_release(&b);
}
