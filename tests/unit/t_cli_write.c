/* t_cli_write.c — the CLI never prints a cut document (issue 17 item 3):
 * cli_write, which every command's output goes through, prints a buffer
 * whose append failed as one line on stderr and nothing on stdout, and
 * exits 1; a whole buffer is printed as it is. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "../../cli/cli.h"
#include "buf.h"

/* What cli_write(b) returns, and the bytes it wrote to stdout (into
 * out[cap]); stderr is set aside too. */
static int written(const struct ct_buf *b, char *out, size_t cap, size_t *n)
{
	char path[] = "/tmp/citectx-unit-cliw.XXXXXX";
	int fd = mkstemp(path), saved_out, saved_err, rc;
	ssize_t got;

	*n = 0;
	CHECK(fd >= 0);
	if (fd < 0)
		return -1;
	fflush(stdout);
	fflush(stderr);
	saved_out = dup(1);
	saved_err = dup(2);
	dup2(fd, 1);
	dup2(fd, 2); /* the message too: read apart below by its prefix */
	rc = cli_write(b);
	fflush(stdout);
	fflush(stderr);
	dup2(saved_out, 1);
	dup2(saved_err, 2);
	close(saved_out);
	close(saved_err);
	got = pread(fd, out, cap - 1, 0);
	*n = got > 0 ? (size_t)got : 0;
	out[*n] = '\0';
	close(fd);
	unlink(path);
	return rc;
}

TEST(t_cli_write_refuses_cut)
{
	struct ct_buf b = CT_BUF_INIT;
	char out[256];
	size_t n;

	/* whole: printed as it is */
	CHECK_EQ_INT(ct_buf_puts(&b, "1 statement\n[supporting 0.90]\n"), 0);
	CHECK_EQ_INT(written(&b, out, sizeof(out), &n), 0);
	CHECK_EQ_STR(out, "1 statement\n[supporting 0.90]\n");
	/* cut at its ceiling mid-document: nothing of it is printed */
	ct_buf_reset(&b);
	ct_buf_limit(&b, 16);
	ct_buf_puts(&b, "1 statement\n");
	CHECK(ct_buf_puts(&b, "[supporting 0.90]\n") != 0);
	CHECK_EQ_INT(written(&b, out, sizeof(out), &n), 1);
	CHECK(strstr(out, "1 statement") == NULL);
	CHECK(!strncmp(out, "citectx: writing the output failed: ", 36));
	ct_buf_release(&b);
}
