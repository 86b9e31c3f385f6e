/* text.c — whitespace-collapsing text collection (see text.h). */
#include <string.h>

#include "buf.h"
#include "doc.h"
#include "text.h"

void textb_init(struct textb *t)
{
	memset(t, 0, sizeof(*t));
}

void textb_release(struct textb *t)
{
	ct_buf_release(&t->b);
}

void textb_reset(struct textb *t)
{
	ct_buf_reset(&t->b);
	t->space = 0;
	t->rc = 0;
}

void textb_space(struct textb *t)
{
	if (t->b.len)
		t->space = 1;
}

void textb_flush_space(struct textb *t)
{
	if (t->space && !t->rc)
		t->rc = ct_buf_putc(&t->b, ' ');
	t->space = 0;
}

/* Length of a whitespace sequence at s: ASCII space, tab, CR, LF, and the
 * UTF-8 no-break (U+00A0), thin/hair/narrow spaces (U+2002-200A, U+202F). */
static int ws_len(const unsigned char *s)
{
	if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		return 1;
	if (s[0] == 0xC2 && s[1] == 0xA0)
		return 2;
	if (s[0] == 0xE2 && s[1] == 0x80 && s[2] >= 0x82 && s[2] <= 0x8A)
		return 3;
	if (s[0] == 0xE2 && s[1] == 0x80 && s[2] == 0xAF)
		return 3;
	return 0;
}

void textb_add(struct textb *t, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p && !t->rc) {
		int w = ws_len(p);
		const unsigned char *q = p;

		if (w) {
			textb_space(t);
			p += w;
			continue;
		}
		/* the visible run: only a control byte, a space or the lead
		 * byte of one of the wide spaces can begin whitespace (or end
		 * the string), and one ASCII space between two visible bytes
		 * is its own collapsed form, so the run goes on across it
		 * (one buffer append per line instead of one per word) */
		for (;;) {
			unsigned char c = *q;

			if (c > ' ' && c != 0xC2 && c != 0xE2) {
				q++;
			} else if (!c) {
				break;
			} else if (c == ' ') {
				if (q[1] <= ' ' || q[1] == 0xC2 || q[1] == 0xE2)
					break;
				q += 2;
			} else if (ws_len(q)) {
				break;
			} else {
				q++;
			}
		}
		textb_flush_space(t);
		if (!t->rc)
			t->rc = ct_buf_put(&t->b, p, (size_t)(q - p));
		p = q;
	}
}

void textb_node(struct textb *t, xml_node *n)
{
	for (xml_node *c = xml_child(n); c; c = xml_next(c)) {
		if (xml_is_text(c))
			textb_add(t, xml_text(c));
		else if (xml_is_elem(c))
			textb_node(t, c);
	}
}

char *textb_node_dup(struct doc *d, xml_node *n)
{
	struct textb t;
	char *s = NULL;

	if (!n)
		return NULL;
	textb_init(&t);
	textb_node(&t, n);
	if (!t.rc && t.b.len)
		s = doc_strdup(d, t.b.ptr, t.b.len);
	textb_release(&t);
	return s;
}
