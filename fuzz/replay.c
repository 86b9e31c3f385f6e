/* replay.c — a main() for a libFuzzer target built without libFuzzer:
 * runs LLVMFuzzerTestOneInput once on each file named, so that `make
 * test` replays seeds and former crashes under the ordinary ASan/UBSan
 * build.  Exit status 1 when a file cannot be read (a finding aborts). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

static int replay(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *data = NULL;
	long n;
	int rc = 1;

	if (f && !fseek(f, 0, SEEK_END) && (n = ftell(f)) >= 0 &&
	    !fseek(f, 0, SEEK_SET) && (data = malloc((size_t)n + 1)) &&
	    fread(data, 1, (size_t)n, f) == (size_t)n) {
		LLVMFuzzerTestOneInput(data, (size_t)n);
		rc = 0;
	}
	if (rc)
		fprintf(stderr, "replay: %s: cannot read\n", path);
	free(data);
	if (f)
		fclose(f);
	return rc;
}

int main(int argc, char **argv)
{
	int rc = 0;

	for (int i = 1; i < argc; i++)
		rc |= replay(argv[i]);
	printf("replay: %d inputs\n", argc - 1);
	return rc;
}
