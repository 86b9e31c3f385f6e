/* cmd_sentences.c — `citectx sentences [TEXT]`: the sentence splitter on
 * text given or on each line of stdin; one sentence per output line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define LINE_MAX_BYTES (1 << 20)
#define SENTS          4096

static int split_one(const char *text, size_t len, struct ct_span *sp)
{
	int n = ct_sentences(text, len, NULL, 0, sp, SENTS);

	if (n < 0)
		return 1;
	for (int i = 0; i < n; i++)
		printf("%.*s\n", (int)(sp[i].end - sp[i].start),
		       text + sp[i].start);
	return 0;
}

int cmd_sentences(struct cli *c)
{
	struct ct_span *sp = malloc(SENTS * sizeof(*sp));
	char *line = malloc(LINE_MAX_BYTES);
	int rc = 0;

	if (!sp || !line) {
		free(sp);
		free(line);
		return 1;
	}
	if (c->nargs) {
		for (int i = 0; i < c->nargs && !rc; i++)
			rc = split_one(c->args[i], strlen(c->args[i]), sp);
	} else {
		while (!rc && fgets(line, LINE_MAX_BYTES, stdin))
			rc = split_one(line, strcspn(line, "\n"), sp);
	}
	free(sp);
	free(line);
	return rc;
}
