/* ingest_walk.c — finding the inputs: files, folders (walked in name
 * order), archives streamed through libarchive (gzip inflated here), and
 * the reader table that turns one file's bytes into a job (see
 * ingest_int.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <zlib.h>

#include "article.h"
#include "buf.h"
#include "cite.h"
#include "err.h"
#include "ingest_int.h"
#include "jats.h"
#include "json.h"
#include "md.h"
#include "refparse.h"
#include "s2orc.h"
#include "tei.h"
#include "xml.h"

/* The largest article file we read: PMC's biggest .nxml are near 10 MB. */
#define CT_FILE_MAX    ((size_t)128 << 20)
#define WALK_DEPTH_MAX 64

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

enum kind { K_NONE, K_XML, K_JSON, K_MD, K_CSV, K_ARCHIVE, K_GZ };

static enum kind kind_of(const char *name)
{
	if (ends_with(name, ".tar.gz") || ends_with(name, ".tgz") ||
	    ends_with(name, ".tar"))
		return K_ARCHIVE;
	if (ends_with(name, ".gz"))
		return K_GZ;
	if (ends_with(name, ".nxml") || ends_with(name, ".xml"))
		return K_XML;
	if (ends_with(name, ".json"))
		return K_JSON;
	if (ends_with(name, ".md"))
		return K_MD;
	if (ends_with(name, ".csv"))
		return K_CSV;
	return K_NONE;
}

/* --part k/n (ct_ingest_part): whether this run takes the article named
 * name by its base name (a file's or an archive member's, so that
 * machines that see the files under other folders agree).  The
 * shares are FNV-1a's hash of the name modulo n: fixed by the name alone,
 * disjoint, and together every article.  Metadata tables (.csv) belong to
 * every share: their rows fill works any share may hold. */
static int in_part(const struct ingest *g, const char *name)
{
	const char *base = strrchr(name, '/');
	uint64_t h = 14695981039346656037ull;

	if (g->idx->part_n <= 1 || kind_of(name) == K_CSV)
		return 1;
	for (const char *p = base ? base + 1 : name; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	return h % g->idx->part_n == g->idx->part_k - 1;
}

/* Inside folders and archives a file is ours by its kind, except Markdown:
 * only ChinaXiv-*.md there (a folder's README.md is not an article);
 * a Markdown file named on the command line is always read. */
static int walked_kind(const char *name)
{
	const char *base = strrchr(name, '/');
	enum kind k = kind_of(name);

	base = base ? base + 1 : name;
	if (k == K_MD && strncmp(base, "ChinaXiv-", 9))
		return K_NONE;
	return k;
}

/* XML is JATS unless its root says TEI (GROBID). */
static int read_xml(const char *name, const char *data, size_t len,
                    struct doc *d, struct ct_error *e)
{
	struct xml_doc *x = NULL;
	int rc = xml_doc_parse(data, len, name, &x, e);

	if (!rc)
		rc = strcmp(xml_name(xml_root(x)), "TEI") ? jats_read(x, d, e)
		                                          : tei_read(x, d, e);
	xml_doc_free(x);
	return rc;
}

static int read_json(const char *name, const char *data, size_t len,
                     struct doc *d, struct ct_error *e)
{
	struct json_doc *j = NULL;
	int rc = json_doc_parse(data, len, name, &j, e);

	if (!rc)
		rc = s2orc_read(j, d, e);
	json_doc_free(j);
	return rc;
}

static int read_md(const char *name, const char *data, size_t len,
                   struct doc *d, struct ct_error *e)
{
	return md_read(data, len, d, e);
}

typedef int (*reader_fn)(const char *name, const char *data, size_t len,
                         struct doc *d, struct ct_error *e);

static const reader_fn readers[] = {
    [K_XML] = read_xml,
    [K_JSON] = read_json,
    [K_MD] = read_md,
};

/* ---- the reader's side: one file's bytes to a job ---------------------- */

static void read_article(struct ingest *g, struct job *j, enum kind k,
                         const char *data, size_t len)
{
	const char *name = j->name;
	int rc;

	if (len == 0)
		rc = err_set(&j->e, CT_EPARSE, "%s: empty file", name);
	else if (k >= sizeof(readers) / sizeof(*readers) || !readers[k])
		rc =
		    err_set(&j->e, CT_EFORMAT, "%s: not an article file", name);
	else
		rc = readers[k](name, data, len, &j->d, &j->e);
	if (!rc)
		refparse_doc(&j->d); /* references given as bare text */
	if (!rc) {
		char note[600];

		j->d.bytes = len;
		rc = cite_extract(&j->d, &j->s, &j->e);
		if (!rc && cite_bounds_note(&j->d, &j->s, note, sizeof(note)))
			j->note = strdup(note);
	}
	if (!rc && article_prepare(&j->d, &j->prep))
		rc = err_set(&j->e, CT_ENOMEM, "%s: out of memory", name);
	if (!rc && g->model && j->s.n) {
		j->labels = malloc(j->s.n * sizeof(*j->labels));
		if (!j->labels)
			rc = err_set(&j->e, CT_ENOMEM, "%s: out of memory",
			             name);
		else
			article_classify(&j->d, &j->s, g->model, j->labels);
	}
	j->rc = rc;
}

void ingest_read(struct ingest *g, struct job *j)
{
	read_article(g, j, kind_of(j->name), j->data.ptr ? j->data.ptr : "",
	             j->data.len);
	ct_buf_release(&j->data);
}

/* One file's bytes through the pipeline.  Returns nonzero only when the
 * index failed; a bad article becomes a failure.  With workers, the job
 * takes a copy of the bytes to a worker (ingest_workers.c). */
static int ingest_bytes(struct ingest *g, const char *name, const char *data,
                        size_t len)
{
	enum kind k = kind_of(name);
	struct job *j =
	    ingest_job_new(k == K_CSV && len ? J_CSV : J_ARTICLE, name, 1, 1);

	if (!j)
		return err_set(g->err, CT_ENOMEM, "%s: out of memory", name);
	if (g->wk) {
		if (ct_buf_put(&j->data, data, len)) {
			ingest_job_free(j);
			return err_set(g->err, CT_ENOMEM, "%s: out of memory",
			               name);
		}
		return ingest_workers_submit(g, j, j->kind == J_ARTICLE);
	}
	if (j->kind == J_CSV) {
		if (ct_buf_put(&j->data, data, len)) {
			ingest_job_free(j);
			return err_set(g->err, CT_ENOMEM, "%s: out of memory",
			               name);
		}
	} else {
		read_article(g, j, k, data, len);
	}
	return ingest_submit(g, j);
}

/* ---- archives ------------------------------------------------------------ */

static int open_regular(const char *path, int nofollow, int *fd,
                        struct ct_error *e);

static int read_entry(struct archive *a, struct archive_entry *ent,
                      struct ct_buf *b, const char *name, struct ct_error *e)
{
	char chunk[65536];
	la_ssize_t n;

	ct_buf_reset(b);
	if (archive_entry_size_is_set(ent) &&
	    (uint64_t)archive_entry_size(ent) > CT_FILE_MAX)
		return err_set(e, CT_ELIMIT, "%s: larger than %zu MB", name,
		               CT_FILE_MAX >> 20);
	while ((n = archive_read_data(a, chunk, sizeof(chunk))) > 0) {
		if (b->len + (size_t)n > CT_FILE_MAX)
			return err_set(e, CT_ELIMIT, "%s: larger than %zu MB",
			               name, CT_FILE_MAX >> 20);
		if (ct_buf_put(b, chunk, (size_t)n))
			return err_set(e, CT_ENOMEM, "%s: out of memory", name);
	}
	if (n < 0)
		return err_set(e, CT_EIO, "%s: %s", name,
		               archive_error_string(a));
	return 0;
}

/* ---- gzip, inflated by us -------------------------------------------------
 *
 * libarchive's gzip filter inflates 64 KB of output at a time and drops
 * the whole block when the input ends inside it: a truncated .tar.gz lost
 * the entries of its last 64 KB, and a small one all of them.  The
 * archive's bytes reach libarchive through gz_read instead: a gzip file
 * (1f 8b) is inflated here, member after member, and where the input ends
 * early or the data is corrupt the stream simply ends there, so libarchive
 * reads every whole entry before the damage and reports the entry cut
 * short; anything else passes through unchanged to libarchive's own
 * filters (bzip2, xz, a plain tar). */
struct gz_src {
	int fd;
	int gz;         /* inflating; else passing through */
	int started;    /* inflateInit done */
	int member_end; /* the last member ended: another may follow */
	int eof;
	const char *damage; /* why the stream ended early, or NULL */
	z_stream z;
	unsigned char in[65536], out[65536];
};

/* Refills the input; 0 at the file's end, -1 on a read error. */
static ssize_t gz_fill(struct gz_src *s)
{
	ssize_t n = read(s->fd, s->in, sizeof(s->in));

	if (n > 0) {
		s->z.next_in = s->in;
		s->z.avail_in = (uInt)n;
	}
	return n;
}

/* One inflate step; sets eof / damage when the stream is over. */
static void gz_step(struct gz_src *s)
{
	int r;

	if (s->z.avail_in == 0) {
		ssize_t n = gz_fill(s);

		if (n <= 0) {
			s->eof = 1;
			if (!s->member_end)
				s->damage = n < 0 ? "read error"
				                  : "truncated gzip input";
			return;
		}
	}
	if (s->member_end) { /* a next member, or trailing bytes: the end */
		if (s->z.next_in[0] != 0x1f) {
			s->eof = 1;
			return;
		}
		inflateReset(&s->z);
		s->member_end = 0;
	}
	r = inflate(&s->z, Z_NO_FLUSH);
	if (r == Z_STREAM_END) {
		s->member_end = 1;
	} else if (r != Z_OK && r != Z_BUF_ERROR) {
		s->eof = 1;
		s->damage = "corrupt gzip data";
	}
}

static la_ssize_t gz_read(struct archive *a, void *arg, const void **buf)
{
	struct gz_src *s = arg;

	*buf = s->out;
	if (!s->gz) {
		ssize_t n = read(s->fd, s->out, sizeof(s->out));

		if (n < 0)
			archive_set_error(a, errno, "%s", strerror(errno));
		return n;
	}
	s->z.next_out = s->out;
	s->z.avail_out = sizeof(s->out);
	while (s->z.avail_out == sizeof(s->out) && !s->eof)
		gz_step(s);
	return (la_ssize_t)(sizeof(s->out) - s->z.avail_out);
}

/* Starts reading fd: gzip or not, by its first two bytes. */
static int gz_open(struct gz_src *s, int fd)
{
	ssize_t n;

	memset(s, 0, sizeof(*s));
	s->fd = fd;
	n = gz_fill(s);
	if (n < 0)
		return CT_EIO;
	s->gz = n >= 2 && s->in[0] == 0x1f && s->in[1] == 0x8b;
	if (!s->gz) { /* pass through from the start */
		if (lseek(fd, 0, SEEK_SET) < 0)
			return CT_EIO;
		return 0;
	}
	/* 16 + MAX_WBITS: a gzip header and trailer, no zlib wrapper */
	if (inflateInit2(&s->z, 16 + MAX_WBITS) != Z_OK)
		return CT_ENOMEM;
	s->started = 1;
	return 0;
}

static void gz_close(struct gz_src *s)
{
	if (s->started)
		inflateEnd(&s->z);
	s->started = 0;
}

static int archive_entries(struct ingest *g, struct archive *a,
                           const char *path, int raw, const struct gz_src *src)
{
	struct archive_entry *ent;
	struct ct_buf b = CT_BUF_INIT, name = CT_BUF_INIT;
	int r, rc = 0;

	while (!rc && (r = archive_read_next_header(a, &ent)) == ARCHIVE_OK) {
		const char *en = raw ? "" : archive_entry_pathname(ent);
		struct ct_error e = {0};

		if (!raw && (archive_entry_filetype(ent) != AE_IFREG ||
		             walked_kind(en) == K_NONE ||
		             kind_of(en) >= K_ARCHIVE || !in_part(g, en)))
			continue;
		ct_buf_reset(&name);
		if (raw) {
			ct_buf_put(&name, path, strlen(path) - 3);
		} else {
			ct_buf_printf(&name, "%s:%s", path, en);
		}
		if (read_entry(a, ent, &b, name.ptr, &e))
			rc = ingest_submit_fail(g, name.ptr, e.msg, 1, 1);
		else if (raw && src->damage) /* the one file is cut short */
			rc = ingest_submit_fail(
			    g, name.ptr,
			    err_set(&e, CT_EIO, "%s: %s", path, src->damage)
			        ? e.msg
			        : "",
			    1, 1);
		else
			rc = ingest_bytes(g, name.ptr, b.ptr ? b.ptr : "",
			                  b.len);
	}
	if (!rc &&
	    ((r != ARCHIVE_EOF && r != ARCHIVE_OK) || (!raw && src->damage))) {
		char msg[600];

		snprintf(msg, sizeof(msg), "%s: damaged archive: %s%s%s", path,
		         src->damage ? src->damage : "",
		         src->damage && r != ARCHIVE_EOF ? ", " : "",
		         r != ARCHIVE_EOF ? archive_error_string(a) : "");
		rc = ingest_submit_fail(g, path, msg, 0, 0);
	}
	ct_buf_release(&b);
	ct_buf_release(&name);
	return rc;
}

static int ingest_archive(struct ingest *g, const char *path, int raw,
                          int nofollow)
{
	struct archive *a;
	struct ct_error e = {0};
	struct gz_src *src;
	int rc, fd;

	if (open_regular(path, nofollow, &fd, &e))
		return ingest_submit_fail(g, path, e.msg, 1, 0);
	src = malloc(sizeof(*src));
	a = src ? archive_read_new() : NULL;
	if (!a || (rc = gz_open(src, fd)) != 0) {
		if (src)
			gz_close(src);
		free(src);
		archive_read_free(a);
		close(fd);
		return err_set(g->err, CT_ENOMEM, "%s: out of memory", path);
	}
	archive_read_support_filter_all(a);
	if (raw) {
		archive_read_support_format_raw(a);
	} else {
		archive_read_support_format_tar(a);
		archive_read_support_format_gnutar(a);
	}
	if (archive_read_open(a, src, NULL, gz_read, NULL) != ARCHIVE_OK) {
		char msg[600];

		snprintf(msg, sizeof(msg), "%s: cannot open archive: %s%s%s",
		         path, src->damage ? src->damage : "",
		         src->damage ? ", " : "", archive_error_string(a));
		rc = ingest_submit_fail(g, path, msg, 0, 0);
	} else {
		rc = archive_entries(g, a, path, raw, src);
	}
	archive_read_free(a);
	gz_close(src);
	free(src);
	close(fd);
	return rc;
}

/* ---- files and folders ----------------------------------------------------
 *
 * Only regular files are read (issue 19): a FIFO named *.nxml hung the
 * ingest, and /dev/zero behind a link was read to CT_FILE_MAX.  Inside a
 * folder a symbolic link is never followed (a link to its own folder made
 * the walk ingest one article 32 times): it is named as a failure when it
 * looks like ours (an article's name, or a folder behind it), like a FIFO,
 * device or socket with an article's name; other entries are not ours and
 * are passed over as before.  A path named on the command line is
 * followed.  The file is opened without blocking and checked again once
 * open (fstat), so a file swapped for a FIFO or a link between the
 * listing and the read is refused too. */

static const char *type_name(mode_t m)
{
	return S_ISLNK(m)    ? "a symbolic link, not followed"
	       : S_ISFIFO(m) ? "a FIFO"
	       : S_ISCHR(m)  ? "a character device"
	       : S_ISBLK(m)  ? "a block device"
	       : S_ISSOCK(m) ? "a socket"
	                     : "not a regular file";
}

/* Opens path for reading when it is a regular file; nofollow: not
 * through a symbolic link. */
static int open_regular(const char *path, int nofollow, int *fd,
                        struct ct_error *e)
{
	struct stat sb;

	*fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC |
	                     (nofollow ? O_NOFOLLOW : 0));
	if (*fd < 0)
		return err_set(e, CT_EIO, "%s: %s", path,
		               errno == ELOOP && nofollow
		                   ? "a symbolic link, not followed"
		                   : strerror(errno));
	if (fstat(*fd, &sb) || !S_ISREG(sb.st_mode)) {
		close(*fd);
		*fd = -1;
		return err_set(e, CT_EFORMAT, "%s: skipped: %s", path,
		               type_name(sb.st_mode));
	}
	return 0;
}

static int read_file(const char *path, int nofollow, struct ct_buf *b,
                     struct ct_error *e)
{
	FILE *f;
	char chunk[65536];
	size_t n;
	int rc = 0, fd;
	struct stat sb;

	if ((rc = open_regular(path, nofollow, &fd, e)) != 0)
		return rc;
	if (fstat(fd, &sb) == 0 && (uint64_t)sb.st_size > CT_FILE_MAX) {
		close(fd);
		return err_set(e, CT_ELIMIT, "%s: larger than %zu MB", path,
		               CT_FILE_MAX >> 20);
	}
	f = fdopen(fd, "rb");
	if (!f) {
		close(fd);
		return err_set(e, CT_ENOMEM, "%s: out of memory", path);
	}
	while (!rc && (n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (b->len + n > CT_FILE_MAX)
			rc = err_set(e, CT_ELIMIT, "%s: larger than %zu MB",
			             path, CT_FILE_MAX >> 20);
		else if (ct_buf_put(b, chunk, n))
			rc = err_set(e, CT_ENOMEM, "%s: out of memory", path);
	}
	if (!rc && ferror(f))
		rc = err_set(e, CT_EIO, "%s: %s", path, strerror(errno));
	fclose(f);
	return rc;
}

static int ingest_file(struct ingest *g, const char *path, int nofollow)
{
	struct ct_buf b = CT_BUF_INIT;
	struct ct_error e = {0};
	int rc = 0;

	switch (kind_of(path)) {
	case K_ARCHIVE:
		return ingest_archive(g, path, 0, nofollow);
	case K_GZ:
		return in_part(g, path) ? ingest_archive(g, path, 1, nofollow)
		                        : 0;
	case K_NONE:
		return ingest_submit_fail(
		    g, path,
		    "not an article file (.nxml, .xml, "
		    ".tei.xml, .json, .md, .csv, .tar.gz)",
		    1, 0);
	default:
		break;
	}
	if (!in_part(g, path))
		return 0;
	if (read_file(path, nofollow, &b, &e))
		rc = ingest_submit_fail(g, path, e.msg, 1, 1);
	else
		rc = ingest_bytes(g, path, b.ptr ? b.ptr : "", b.len);
	ct_buf_release(&b);
	return rc;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int ingest_dir(struct ingest *g, const char *path, int depth)
{
	DIR *dir = opendir(path);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;

	if (!dir) {
		char msg[600];

		snprintf(msg, sizeof(msg), "%s: %s", path, strerror(errno));
		return ingest_submit_fail(g, path, msg, 0, 0);
	}
	while ((de = readdir(dir))) {
		char **slot;

		if (de->d_name[0] == '.')
			continue;
		slot = doc_push((void **)&names, &n, &cap, sizeof(*slot),
		                10000000);
		if (slot && asprintf(slot, "%s/%s", path, de->d_name) < 0)
			*slot = NULL;
		if (!slot || !*slot) {
			rc = err_set(g->err, CT_ENOMEM, "%s: out of memory",
			             path);
			break;
		}
	}
	closedir(dir);
	if (names)
		qsort(names, n, sizeof(*names), name_cmp);
	for (size_t i = 0; i < n && names[i]; i++) {
		if (!rc)
			rc = ingest_any(g, names[i], depth + 1);
		free(names[i]);
	}
	free(names);
	return rc;
}

/* An entry of a folder that is not a regular file or a folder: named as
 * a failure when it looks like ours (see above), else passed over. */
static int ingest_special(struct ingest *g, const char *path,
                          const struct stat *sb)
{
	struct stat to;
	char msg[600];

	if (walked_kind(path) == K_NONE &&
	    !(S_ISLNK(sb->st_mode) && stat(path, &to) == 0 &&
	      S_ISDIR(to.st_mode)))
		return 0;
	snprintf(msg, sizeof(msg), "%s: skipped: %s", path,
	         type_name(sb->st_mode));
	return ingest_submit_fail(g, path, msg, 1, 0);
}

int ingest_any(struct ingest *g, const char *path, int depth)
{
	struct stat sb;

	/* a path given is followed; inside a folder nothing is (lstat) */
	if ((depth ? lstat(path, &sb) : stat(path, &sb)) != 0) {
		char msg[600];

		snprintf(msg, sizeof(msg), "%s: %s", path, strerror(errno));
		return ingest_submit_fail(g, path, msg, 1, 0);
	}
	if (S_ISDIR(sb.st_mode))
		return depth < WALK_DEPTH_MAX ? ingest_dir(g, path, depth) : 0;
	if (!S_ISREG(sb.st_mode) && depth > 0)
		return ingest_special(g, path, &sb);
	if (depth > 0 && walked_kind(path) == K_NONE)
		return 0; /* in a folder, other files are not ours */
	return ingest_file(g, path, depth > 0);
}
