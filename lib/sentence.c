/* sentence.c — ct_sentences: the sentence splitter for scientific prose.
 *
 * One left-to-right pass over the bytes.  A candidate boundary is a run of
 * terminators (".", "?", "!", "...", "…"), optional closing quotes and
 * brackets, then whitespace and a word that may start a sentence.  The
 * candidate is dropped when the word before a lone "." is an abbreviation,
 * when the next word is lowercase, or when it sits inside a short "( ... )".
 * Citation markers (the protect spans) are opaque: nothing inside them ends
 * a sentence, and a marker that follows a sentence end is pulled into the
 * sentence before it.
 *
 * Every look-around is bounded by a constant (LOOK_*), so the whole pass is
 * linear in len, allocates nothing and only ever reads text[0..len).  Text
 * is arbitrary bytes: invalid UTF-8 and NUL bytes are just "other" bytes.
 */
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "citectx.h"

#define LOOK_TOKEN  24  /* longest abbreviation token looked back at */
#define LOOK_WORD   24  /* longest word looked at after a boundary */
#define PAREN_BACK  200 /* "(" older than this is not "short" */
#define PAREN_AHEAD 150 /* ")" must come within this many bytes */
#define NOPEN       16  /* remembered positions of open brackets */

/* What the next word says about a candidate boundary. */
enum next_kind {
	NX_LOWER,   /* plain lowercase word: never a sentence start */
	NX_NOSTART, /* ",;:)]}%.?!": cannot start a sentence */
	NX_STARTER, /* a common sentence-opening word ("The", "However") */
	NX_UPPER,   /* another capitalised word (maybe a name) */
	NX_OTHER    /* digit, bracket, quote, non-ASCII, "mRNA", "p53" */
};

/* How the word before a lone "." treats the boundary. */
enum abbr_kind {
	AB_NONE,   /* ordinary word: boundary */
	AB_STRONG, /* "Fig.", "e.g.", "vs.": never a boundary */
	AB_WEAK,   /* "et al.", "Inc.", "U.S.": only before a STARTER */
	AB_UNIT,   /* "min.", "h.": only before a capitalised word */
	AB_INITIAL /* "J.": see initial_boundary() */
};

enum term_kind { TM_PERIOD, TM_ELLIPSIS, TM_MARK };

/* Abbreviations after which a "." never ends a sentence: they are always
 * followed by a number, a name or more of the same sentence.  Matched
 * case-exactly, so both spellings are listed where both occur. */
static const char *const strong_abbr[] = {
    "Fig",  "Figs", "fig",  "figs", "Tab",  "Tabs",   "Eq",     "Eqs",
    "eq",   "eqs",  "Eqn",  "Eqns", "e.g",  "E.g",    "i.e",    "I.e",
    "vs",   "Vs",   "cf",   "Cf",   "viz",  "approx", "Approx", "ca",
    "no",   "No",   "Nos",  "nos",  "vol",  "Vol",    "vols",   "Vols",
    "pp",   "p",    "Dr",   "Drs",  "Mr",   "Mrs",    "Ms",     "Prof",
    "St",   "Mt",   "ref",  "Ref",  "refs", "Refs",   "suppl",  "Suppl",
    "supp", "Supp", "incl", "Incl", "Sect", "Sec",    "Ch",     "Chap",
    "Nr",   "Jan",  "Feb",  "Mar",  "Apr",  "Jun",    "Jul",    "Aug",
    "Sep",  "Sept", "Oct",  "Nov",  "Dec",
};

/* Abbreviations that also end sentences ("... by Smith et al. The ...").
 * "et al." is here by choice: real text puts a marker, a year or a verb
 * after it ("et al. [4] showed", "et al. (2004) found", "Smith et al.
 * Found" never), so a split only happens before a word that commonly
 * opens a sentence; a following name or capitalised noun stays joined.
 * "etc." is deliberately absent: it ends a sentence unless lowercase
 * follows, which the lowercase rule already covers. */
static const char *const weak_abbr[] = {
    "al",   "Inc", "Ltd", "Co",  "Corp",  "Jr",  "Sr",
    "resp", "spp", "sp",  "ssp", "subsp", "var", "cv",
};

/* Units of time: "for 30 min. The cells" ends a sentence, "max. 5" not. */
static const char *const unit_abbr[] = {
    "min", "mins", "max", "sec", "h",  "hr",  "hrs",
    "mo",  "mos",  "yr",  "yrs", "wk", "wks",
};

/* Words that commonly open a sentence of scientific prose; used where a
 * capitalised word alone is not enough evidence of a new sentence. */
static const char *const starters[] = {
    "A",
    "About",
    "Accordingly",
    "Additionally",
    "After",
    "All",
    "Also",
    "Although",
    "Among",
    "An",
    "And",
    "Another",
    "As",
    "At",
    "Based",
    "Because",
    "Before",
    "Both",
    "But",
    "By",
    "Collectively",
    "Consequently",
    "Conversely",
    "Data",
    "Despite",
    "During",
    "Each",
    "Even",
    "Finally",
    "First",
    "For",
    "From",
    "Further",
    "Furthermore",
    "Given",
    "He",
    "Hence",
    "Here",
    "How",
    "However",
    "If",
    "Importantly",
    "In",
    "Indeed",
    "Instead",
    "Interestingly",
    "It",
    "Its",
    "Likewise",
    "Many",
    "Moreover",
    "Most",
    "Nevertheless",
    "No",
    "Nonetheless",
    "Not",
    "Notably",
    "Of",
    "On",
    "One",
    "Only",
    "Other",
    "Our",
    "Overall",
    "Participants",
    "Patients",
    "Previous",
    "Recent",
    "Recently",
    "Results",
    "Second",
    "Several",
    "She",
    "Similar",
    "Similarly",
    "Since",
    "Some",
    "Specifically",
    "Studies",
    "Such",
    "Taken",
    "That",
    "The",
    "Their",
    "Then",
    "There",
    "These",
    "They",
    "This",
    "Those",
    "Though",
    "Three",
    "Thus",
    "To",
    "Together",
    "Two",
    "Under",
    "Unlike",
    "Using",
    "We",
    "What",
    "When",
    "Where",
    "Whereas",
    "Whether",
    "Which",
    "While",
    "With",
    "Within",
    "Without",
    "Yet",
};

/* Lowercase words that commonly stand before an initial ("by J. Smith"). */
static const char *const initial_lead[] = {
    "and", "by", "from", "of", "to", "with", "et", "in", "see", "dr",
};

/* Words that name a lettered item ("Arm B.", "Panel A.", "type I."), in
 * lowercase; a capital after them ends a sentence like any word. */
static const char *const label_words[] = {
    "arm",       "appendix", "box",      "category", "class", "cohort",
    "condition", "day",      "figure",   "form",     "grade", "group",
    "hepatitis", "level",    "model",    "option",   "panel", "part",
    "period",    "phase",    "schedule", "section",  "site",  "stage",
    "step",      "study",    "table",    "trial",    "type",  "version",
    "vitamin",   "zone",
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

struct scan {
	const char *t;
	size_t len;
	const struct ct_span *pr;
	size_t npr, pi;     /* protect spans; pi: first not yet passed */
	size_t open[NOPEN]; /* positions of unclosed "(" / "[" */
	size_t depth;       /* may exceed NOPEN; extra positions unknown */
	size_t sent;        /* first non-space of the current sentence */
};

static int is_upper(unsigned char c)
{
	return c >= 'A' && c <= 'Z';
}
static int is_lower(unsigned char c)
{
	return c >= 'a' && c <= 'z';
}
static int is_alpha(unsigned char c)
{
	return is_upper(c) || is_lower(c);
}
static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* Length in bytes of the whitespace character at pos, 0 when none: ASCII
 * space and controls, U+00A0, U+2000..U+200A and U+202F. */
static size_t ws_len(const struct scan *sc, size_t pos)
{
	const unsigned char *u = (const unsigned char *)sc->t;

	if (pos >= sc->len)
		return 0;
	if (u[pos] == ' ' || (u[pos] >= '\t' && u[pos] <= '\r'))
		return 1;
	if (u[pos] == 0xC2 && pos + 1 < sc->len && u[pos + 1] == 0xA0)
		return 2;
	if (u[pos] == 0xE2 && pos + 2 < sc->len && u[pos + 1] == 0x80 &&
	    ((u[pos + 2] >= 0x80 && u[pos + 2] <= 0x8A) || u[pos + 2] == 0xAF))
		return 3;
	return 0;
}

/* Whether a whitespace character ends just before pos. */
static int ws_before(const struct scan *sc, size_t pos)
{
	for (size_t n = 1; n <= 3 && n <= pos; n++)
		if (ws_len(sc, pos - n) == n)
			return 1;
	return 0;
}

static size_t skip_ws(const struct scan *sc, size_t pos)
{
	size_t n;

	while ((n = ws_len(sc, pos)) != 0)
		pos += n;
	return pos;
}

/* A protect span clamped to the text; invalid spans become empty. */
static size_t span_start(const struct scan *sc, size_t q)
{
	return sc->pr[q].start;
}

static size_t span_end(const struct scan *sc, size_t q)
{
	size_t s = sc->pr[q].start, e = sc->pr[q].end;

	if (s >= e || s >= sc->len)
		return 0;
	return e < sc->len ? e : sc->len;
}

/* Index of the first span from q on that ends after pos (npr when none).
 * Spans are sorted, so everything before it lies wholly before pos. */
static size_t span_from(const struct scan *sc, size_t q, size_t pos)
{
	while (q < sc->npr && span_end(sc, q) <= pos)
		q++;
	return q;
}

/* When pos lies inside a protect span, the span's end; else 0. */
static size_t prot_skip(struct scan *sc, size_t pos)
{
	sc->pi = span_from(sc, sc->pi, pos);
	if (sc->pi < sc->npr && span_start(sc, sc->pi) <= pos)
		return span_end(sc, sc->pi);
	return 0;
}

/* Length of the terminator at pos: 1 for ".?!", 3 for "…", else 0. */
static size_t term_len(const struct scan *sc, size_t pos)
{
	const unsigned char *u = (const unsigned char *)sc->t;

	if (pos >= sc->len)
		return 0;
	if (u[pos] == '.' || u[pos] == '?' || u[pos] == '!')
		return 1;
	if (u[pos] == 0xE2 && pos + 2 < sc->len && u[pos + 1] == 0x80 &&
	    u[pos + 2] == 0xA6)
		return 3;
	return 0;
}

/* Consumes the run of terminators at pos, stopping at lim (the next
 * protect span), and says what kind of end it is. */
static size_t term_run(const struct scan *sc, size_t pos, size_t lim, int *kind)
{
	size_t n, dots = 0, marks = 0, ell = 0;

	while (pos < lim && (n = term_len(sc, pos)) != 0 && pos + n <= lim) {
		if (n == 3)
			ell++;
		else if (sc->t[pos] == '.')
			dots++;
		else
			marks++;
		pos += n;
	}
	if (marks)
		*kind = TM_MARK;
	else if (ell || dots > 2)
		*kind = TM_ELLIPSIS;
	else
		*kind = TM_PERIOD;
	return pos;
}

/* Length of a closing quote or bracket at pos: "'`)]” ’ », else 0. */
static size_t closer_len(const struct scan *sc, size_t pos)
{
	const unsigned char *u = (const unsigned char *)sc->t;

	if (pos >= sc->len)
		return 0;
	if (u[pos] == '"' || u[pos] == '\'' || u[pos] == ')' || u[pos] == ']')
		return 1;
	if (u[pos] == 0xC2 && pos + 1 < sc->len && u[pos + 1] == 0xBB)
		return 2;
	if (u[pos] == 0xE2 && pos + 2 < sc->len && u[pos + 1] == 0x80 &&
	    (u[pos + 2] == 0x9D || u[pos + 2] == 0x99))
		return 3;
	return 0;
}

/* Consumes closers at pos up to lim; *nbr counts the ")" and "]". */
static size_t skip_closers(const struct scan *sc, size_t pos, size_t lim,
                           size_t *nbr)
{
	size_t n;

	*nbr = 0;
	while ((n = closer_len(sc, pos)) != 0 && pos + n <= lim) {
		if (sc->t[pos] == ')' || sc->t[pos] == ']')
			(*nbr)++;
		pos += n;
	}
	return pos;
}

/* Separators allowed between consecutive markers: space , ; - – */
static size_t skip_marker_gap(const struct scan *sc, size_t pos)
{
	const unsigned char *u = (const unsigned char *)sc->t;

	for (;;) {
		size_t n = ws_len(sc, pos);

		if (!n && pos < sc->len &&
		    (u[pos] == ',' || u[pos] == ';' || u[pos] == '-'))
			n = 1;
		if (!n && pos + 2 < sc->len && u[pos] == 0xE2 &&
		    u[pos + 1] == 0x80 && u[pos + 2] == 0x93)
			n = 3;
		if (!n)
			return pos;
		pos += n;
	}
}

/* A marker starting at j (glued to the terminator) or after whitespace
 * belongs to the sentence that just ended: returns the end of that marker
 * and of any markers chained to it ("[4], [5]", "4 , 5"), or j when no
 * marker follows.  q is the first span ending after j. */
static size_t absorb_markers(const struct scan *sc, size_t q, size_t j)
{
	size_t end = j, gap = skip_ws(sc, j);

	while (q < sc->npr && span_start(sc, q) >= end &&
	       span_start(sc, q) <= gap) {
		end = span_end(sc, q);
		gap = skip_marker_gap(sc, end);
		q = span_from(sc, q + 1, end);
	}
	return end;
}

static int in_table(const char *const *tab, size_t n, const char *s, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(tab[i]) == len && memcmp(tab[i], s, len) == 0)
			return 1;
	return 0;
}

/* "U.S", "a.m", "b.i.d", "Ph.D": letter groups of one or two separated by
 * single dots (the final dot is the terminator, not part of s). */
static int is_dotted(const char *s, size_t n)
{
	size_t run = 0, groups = 1;

	for (size_t i = 0; i < n; i++) {
		if (is_alpha((unsigned char)s[i])) {
			if (++run > 2)
				return 0;
		} else if (s[i] == '.' && run) {
			run = 0;
			groups++;
		} else {
			return 0;
		}
	}
	return run && groups >= 2;
}

/* Start of the token that ends at pos (the "."): back over non-space
 * bytes, stopping at an opening bracket or quote.  Returns pos when the
 * token is longer than any abbreviation. */
static size_t token_start(const struct scan *sc, size_t pos)
{
	size_t p = pos;

	while (p > 0 && pos - p < LOOK_TOKEN && !ws_before(sc, p) &&
	       !strchr("([{\"'", sc->t[p - 1] ? sc->t[p - 1] : ' '))
		p--;
	if (pos - p >= LOOK_TOKEN)
		return pos;
	return p;
}

/* An enumeration label: one or two digits that open the sentence or
 * follow ":" or ";" ("as follows: 1. Rest; 2. Ice").  Not an end. */
static int is_enum_label(const struct scan *sc, size_t ts, size_t te)
{
	size_t p;

	if (te - ts == 0 || te - ts > 2)
		return 0;
	for (p = ts; p < te; p++)
		if (!is_digit((unsigned char)sc->t[p]))
			return 0;
	if (sc->sent == ts)
		return 1;
	return ts >= 2 && ws_len(sc, ts - 1) == 1 &&
	       (sc->t[ts - 2] == ':' || sc->t[ts - 2] == ';');
}

static int classify_token(const char *s, size_t n)
{
	if (n == 0)
		return AB_NONE;
	if (n == 1 && is_upper((unsigned char)s[0]))
		return AB_INITIAL;
	if (in_table(strong_abbr, NELEM(strong_abbr), s, n))
		return AB_STRONG;
	if (in_table(weak_abbr, NELEM(weak_abbr), s, n))
		return AB_WEAK;
	if (in_table(unit_abbr, NELEM(unit_abbr), s, n))
		return AB_UNIT;
	if (is_dotted(s, n))
		return AB_WEAK;
	return AB_NONE;
}

/* Length of the ASCII-letter word at pos, or LOOK_WORD + 1 if longer. */
static size_t word_len(const struct scan *sc, size_t pos)
{
	size_t n = 0;

	while (pos + n < sc->len && n <= LOOK_WORD &&
	       is_alpha((unsigned char)sc->t[pos + n]))
		n++;
	return n;
}

/* A word starting lowercase is a sentence start only when it is mixed
 * like a gene or molecule name: "mRNA", "p53", "siRNA", "pH". */
static int lower_kind(const struct scan *sc, size_t k)
{
	for (size_t p = k; p < sc->len && p - k < LOOK_WORD; p++) {
		unsigned char c = (unsigned char)sc->t[p];

		if (is_upper(c) || is_digit(c))
			return NX_OTHER;
		if (!is_lower(c))
			break;
	}
	return NX_LOWER;
}

static int next_kind(const struct scan *sc, size_t k)
{
	const unsigned char *u = (const unsigned char *)sc->t;
	unsigned char c = u[k];

	if (is_lower(c))
		return lower_kind(sc, k);
	/* Latin-1 lowercase letters (U+00DF..U+00FF but not U+00F7) */
	if (c == 0xC3 && k + 1 < sc->len && u[k + 1] >= 0x9F &&
	    u[k + 1] != 0xB7)
		return NX_LOWER;
	if (is_upper(c))
		return in_table(starters, NELEM(starters), sc->t + k,
		                word_len(sc, k))
		           ? NX_STARTER
		           : NX_UPPER;
	if (c && strchr(",;:)]}%.?!", c))
		return NX_NOSTART;
	return NX_OTHER;
}

/* Whether the word of n letters at p is in tab, which is in lowercase;
 * the word may be capitalised ("Arm", "arm"). */
static int in_table_lc(const char *const *tab, size_t ntab, const char *p,
                       size_t n)
{
	char w[LOOK_WORD];

	if (n == 0 || n >= sizeof(w))
		return 0;
	memcpy(w, p, n);
	if (is_upper((unsigned char)w[0]))
		w[0] = (char)(w[0] - 'A' + 'a');
	return in_table(tab, ntab, w, n);
}

/* A single capital before "." is an initial ("J. Smith") or a sentence
 * ending in a letter ("vitamin D. The", "Arm B. Serious").  It ends the
 * sentence before a common opening word, after a word that names lettered
 * items ("Arm", "Panel", "type"), or after a lowercase word that does not
 * usually precede a name ("hepatitis", but not "by" or "and"); never when
 * another initial follows ("A. B. Jones").  Otherwise it is an initial. */
static int initial_boundary(const struct scan *sc, size_t ts, size_t k, int nk)
{
	size_t p, w;

	if (k + 1 < sc->len && is_upper((unsigned char)sc->t[k]) &&
	    sc->t[k + 1] == '.')
		return 0;
	if (nk == NX_STARTER)
		return 1;
	if (ts == 0 || ws_len(sc, ts - 1) != 1)
		return 0;
	p = ts - 1;
	for (w = 0;
	     p > 0 && w < LOOK_WORD && is_alpha((unsigned char)sc->t[p - 1]);
	     w++)
		p--;
	if (w == 0 || w == LOOK_WORD)
		return 0;
	if (in_table_lc(label_words, NELEM(label_words), sc->t + p, w))
		return 1;
	if (!is_lower((unsigned char)sc->t[p]))
		return 0;
	return !in_table(initial_lead, NELEM(initial_lead), sc->t + p, w);
}

/* Whether the terminator run at i (of the given kind) may end a sentence
 * whose next word, at k, is of kind nk. */
static int term_allows(const struct scan *sc, size_t i, int kind, size_t k,
                       int nk)
{
	size_t ts;

	if (kind == TM_MARK)
		return 1;
	if (kind == TM_ELLIPSIS) /* "[...]" is an elision, not an end */
		return (nk == NX_STARTER || nk == NX_UPPER) &&
		       !(i > 0 && (sc->t[i - 1] == '[' || sc->t[i - 1] == '('));
	ts = token_start(sc, i);
	if (is_enum_label(sc, ts, i))
		return 0;
	switch (classify_token(sc->t + ts, i - ts)) {
	case AB_STRONG:
		return 0;
	case AB_WEAK:
		return nk == NX_STARTER;
	case AB_UNIT:
		return nk == NX_STARTER || nk == NX_UPPER;
	case AB_INITIAL:
		return initial_boundary(sc, ts, k, nk);
	}
	return 1;
}

/* A boundary inside a recently opened "(" or "[" that closes soon after
 * is not taken: "(n = 5. ...)" stays one parenthesis. */
static int paren_blocks(const struct scan *sc, size_t i, size_t k, size_t depth)
{
	size_t nest = 0;

	if (depth == 0 || depth > NOPEN || i - sc->open[depth - 1] > PAREN_BACK)
		return 0;
	for (size_t p = k; p < sc->len && p - k < PAREN_AHEAD; p++) {
		char c = sc->t[p];

		if (c == '(' || c == '[') {
			nest++;
		} else if (c == ')' || c == ']') {
			if (!nest)
				return 1;
			nest--;
		}
	}
	return 0;
}

/* A parenthesis at k that closes soon and is then followed by the end of
 * a sentence ("... etc. (p. 105, [31])." or "... factor. (Lee et al.)
 * [37] .") is a trailing citation of the sentence before, not a sentence
 * of its own. */
static int trailing_paren(const struct scan *sc, size_t k)
{
	size_t nest = 0, p, q;

	if (sc->t[k] != '(')
		return 0;
	for (p = k; p < sc->len && p - k < PAREN_AHEAD; p++) {
		if (sc->t[p] == '(')
			nest++;
		else if (sc->t[p] == ')' && --nest == 0)
			break;
	}
	if (p >= sc->len || p - k >= PAREN_AHEAD)
		return 0;
	p = skip_ws(sc, p + 1);
	q = span_from(sc, sc->pi, p);
	while (q < sc->npr && span_start(sc, q) == p) {
		p = skip_ws(sc, span_end(sc, q));
		q = span_from(sc, q + 1, p);
	}
	return term_len(sc, p) != 0;
}

/* Decides the terminator run at i.  On a boundary returns 1 with *endp
 * the end of the sentence (after closers and absorbed markers) and *nextp
 * the start of the next one; otherwise returns 0 with *nextp the end of
 * the terminator run, where scanning resumes. */
static int is_boundary(const struct scan *sc, size_t i, size_t *endp,
                       size_t *nextp)
{
	size_t q = span_from(sc, sc->pi, i), lim, j, end, k, nbr;
	int kind, nk;

	lim = q < sc->npr ? span_start(sc, q) : sc->len;
	j = term_run(sc, i, lim, &kind);
	*nextp = j > i ? j : i + 1; /* a marker may start inside "…" */
	j = skip_closers(sc, j, lim, &nbr);
	end = absorb_markers(sc, q, j);
	if (end >= sc->len || !ws_len(sc, end))
		return 0;
	k = skip_ws(sc, end);
	if (k >= sc->len)
		return 0;
	nk = next_kind(sc, k);
	if (nk == NX_LOWER || nk == NX_NOSTART ||
	    !term_allows(sc, i, kind, k, nk) || trailing_paren(sc, k) ||
	    paren_blocks(sc, i, k, sc->depth > nbr ? sc->depth - nbr : 0))
		return 0;
	*endp = end;
	*nextp = k;
	return 1;
}

/* Tracks "(" and "[" outside markers for paren_blocks(). */
static void track_bracket(struct scan *sc, size_t pos)
{
	char c = sc->t[pos];

	if (c == '(' || c == '[') {
		if (sc->depth < NOPEN)
			sc->open[sc->depth] = pos;
		sc->depth++;
	} else if ((c == ')' || c == ']') && sc->depth) {
		sc->depth--;
	}
}

/* Appends text[s..e) trimmed of whitespace; empty sentences are dropped.
 * Returns 0, or CT_ELIMIT when out is full. */
static int emit(const struct scan *sc, size_t s, size_t e, struct ct_span *out,
                size_t max, size_t *n)
{
	s = skip_ws(sc, s);
	while (e > s && ws_before(sc, e)) {
		size_t w = 1;

		while (ws_len(sc, e - w) != w)
			w++;
		e -= w;
	}
	if (e <= s)
		return 0;
	if (*n >= max || *n >= INT_MAX)
		return CT_ELIMIT;
	out[*n].start = (uint32_t)s;
	out[*n].end = (uint32_t)e;
	(*n)++;
	return 0;
}

/* Contract in citectx.h.  Texts longer than UINT32_MAX bytes cannot be
 * described by struct ct_span and give CT_ELIMIT; spans of protect that
 * are empty or reach past len are clamped or ignored. */
int ct_sentences(const char *text, size_t len, const struct ct_span *protect,
                 size_t nprotect, struct ct_span *out, size_t max)
{
	struct scan sc = {text, len, protect, protect ? nprotect : 0,
	                  0,    {0}, 0,       0};
	size_t i = 0, start = 0, n = 0, end, next, skip;

	if (!text || len == 0)
		return 0;
	if (len > UINT32_MAX)
		return CT_ELIMIT;
	sc.sent = skip_ws(&sc, 0);
	while (i < len) {
		if ((skip = prot_skip(&sc, i)) != 0) {
			i = skip;
			continue;
		}
		if (!term_len(&sc, i)) {
			track_bracket(&sc, i++);
			continue;
		}
		if (!is_boundary(&sc, i, &end, &next)) {
			i = next;
			continue;
		}
		if (emit(&sc, start, end, out, max, &n))
			return CT_ELIMIT;
		sc.sent = start = i = next;
		sc.depth = 0;
	}
	if (emit(&sc, start, len, out, max, &n))
		return CT_ELIMIT;
	return (int)n;
}
