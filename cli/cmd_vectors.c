/* cmd_vectors.c — `vectors TEXT -o FILE`: in-domain word vectors learned
 * from plain text (one paragraph or sentence a line) for the classifier's
 * dense features (`train --vectors FILE`). */
#include <stdio.h>

#include "cli.h"

int cmd_vectors(struct cli *c)
{
	struct ct_error err = {0};
	struct ct_vectors *v = NULL;
	int rc;

	if (c->nargs != 1 || !c->output)
		return cli_usage(c, "give one text file and -o FILE");
	rc = ct_vectors_learn(c->args[0], (size_t)c->vocab, (size_t)c->dim, &v,
	                      &err);
	if (!rc)
		rc = ct_vectors_save(v, c->output, &err);
	if (!rc)
		printf("wrote %s\n", c->output);
	ct_vectors_free(v);
	return rc ? cli_fail(&err) : 0;
}
