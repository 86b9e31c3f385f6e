/*
 * forms.c — what keeps other sites from writing with our users' cookies
 * (issue 19): origin checks and form tokens, the pre-session cookie of
 * the sign-in forms, cookie attributes and the client address behind a
 * proxy.  (Safe redirect targets are page.c's page_redirect.)
 *
 * Form tokens are signed, not stored: a token is a keyed BLAKE2b hash
 * (users.c) of what it is bound to — the session cookie's value when one
 * is sent, else the pre-session cookie's — under a key drawn when the
 * server starts.  A page from another origin can neither read our
 * HttpOnly cookies nor our pages, so it cannot make the token; the key
 * keeps a token from being made out of a cookie value an attacker planted
 * (a sibling origin can set cookies for our host, so a plain double
 * submit would not do).  Nothing is written per form, so pages stay
 * reads; a restart makes open forms stale (403: reload and send again).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "page.h"

#define SESSION_COOKIE "ct_session"
#define PRE_COOKIE     "ct_pre"
#define PRE_BYTES      16   /* pre-session id: 128 random bits, hex */
#define BINDING_MAX    160  /* "s:" or "p:" + a cookie value we made */
#define FORWARDED_MAX  1024 /* an X-Forwarded-For header we look at */

/* The forms that need a token before anyone is signed in: a forged
 * sign-in would sign the victim into the attacker's account (login
 * CSRF), and what they do then is recorded there. */
static const char *const pre_session_forms[] = {"/account/login",
                                                "/account/signup"};

/* The value of cookie name in a Cookie header, into the arena; NULL when
 * absent, empty or too long to be one of ours. */
static const char *cookie_get(struct req *rq, const char *name)
{
	size_t n = strlen(name), len;

	for (const char *p = rq->cookie; p && *p;) {
		p += strspn(p, " ;");
		if (!strncmp(p, name, n) && p[n] == '=') {
			len = strcspn(p + n + 1, "; ");
			return len && len < BINDING_MAX - 2
			           ? arena_strndup(&rq->a, p + n + 1, len)
			           : NULL;
		}
		p += strcspn(p, ";");
	}
	return NULL;
}

/* What this request's form token is bound to: "s:" + the session cookie,
 * else "p:" + the pre-session cookie, else NULL. */
static int binding(struct req *rq, char out[BINDING_MAX])
{
	const char *s = cookie_get(rq, SESSION_COOKIE);
	const char *p = s ? NULL : cookie_get(rq, PRE_COOKIE);

	if (!s && !p)
		return 0;
	snprintf(out, BINDING_MAX, "%s:%s", s ? "s" : "p", s ? s : p);
	return 1;
}

const char *forms_token(struct req *rq)
{
	char b[BINDING_MAX], tok[CT_FORM_TOKEN_SIZE];

	if (!binding(rq, b))
		return NULL;
	ct_form_token(rq->srv->form_key, b, tok);
	return arena_strndup(&rq->a, tok, strlen(tok));
}

const char *forms_cookie_attrs(const struct req *rq)
{
	return rq->srv->secure_cookies
	           ? "; Path=/; HttpOnly; SameSite=Lax; Secure"
	           : "; Path=/; HttpOnly; SameSite=Lax";
}

/* A signed-out page gets a pre-session cookie (for the rest of the
 * browser session) and its forms a token bound to it. */
static const char *pre_session(struct req *rq, struct resp *rs)
{
	char id[2 * PRE_BYTES + 1], cookie[128];

	ct_random_hex(id, sizeof(id), PRE_BYTES);
	snprintf(cookie, sizeof(cookie), PRE_COOKIE "=%s%s", id,
	         forms_cookie_attrs(rq));
	rs->set_cookie = arena_strndup(&rq->a, cookie, strlen(cookie));
	/* the token must be bound to the new cookie, not the absent one */
	snprintf(cookie, sizeof(cookie), PRE_COOKIE "=%s", id);
	rq->cookie = arena_strndup(&rq->a, cookie, strlen(cookie));
	return forms_token(rq);
}

void forms_field(struct ct_buf *b, struct req *rq, struct resp *rs)
{
	const char *t = forms_token(rq);

	if (!t && !rs->set_cookie)
		t = pre_session(rq, rs);
	ct_buf_puts(b, "<input type=\"hidden\" name=\"csrf\" value=\"");
	html_esc(b, t ? t : "");
	ct_buf_puts(b, "\">");
}

/* ---- the checks
 * ------------------------------------------------------------------- */

/* The scheme://host[:port] prefix of url, as its length (0: none). */
static size_t origin_len(const char *url)
{
	const char *p = strstr(url, "://");

	return p ? (size_t)(p + 3 - url) + strcspn(p + 3, "/?#") : 0;
}

/* Origin names us: its host[:port] is the Host the request was sent to,
 * or it is the origin of the public base URL (behind a proxy). */
static int origin_ours(const struct req *rq)
{
	const char *o = rq->origin, *hp = strstr(o, "://");
	size_t bl = origin_len(rq->srv->base_url);

	if (bl && strlen(o) == bl && !strncasecmp(o, rq->srv->base_url, bl))
		return 1;
	return hp && rq->host &&
	       (!strncmp(o, "http://", 7) || !strncmp(o, "https://", 8)) &&
	       !strcasecmp(hp + 3, rq->host);
}

/* Sec-Fetch-Site (sent by current browsers) must say same-origin, or none
 * (typed or bookmarked); a same-site page on another port or subdomain is
 * another origin and refused.  Origin, when sent, must be ours.  Neither
 * sent: not a browser, or an old one — the form token decides. */
static int origin_ok(const struct req *rq)
{
	const char *sfs = rq->sec_fetch_site;

	if (sfs && strcasecmp(sfs, "same-origin") && strcasecmp(sfs, "none"))
		return 0;
	return !rq->origin || origin_ours(rq);
}

static int is_pre_session_form(const char *path)
{
	for (size_t i = 0;
	     i < sizeof(pre_session_forms) / sizeof(pre_session_forms[0]); i++)
		if (!strcmp(path, pre_session_forms[i]))
			return 1;
	return 0;
}

static int refuse(struct req *rq, struct resp *rs, int form, const char *why)
{
	if (form)
		return page_error(rq, rs, 403, why);
	return resp_error(rs, 403, "forbidden",
	                  "%s; scripts sign in with "
	                  "'Authorization: Bearer TOKEN' instead of a cookie",
	                  why);
}

static int unsafe_method(const char *m)
{
	return strcmp(m, "GET") && strcmp(m, "HEAD") && strcmp(m, "OPTIONS");
}

int forms_guard(struct req *rq, struct resp *rs)
{
	int form = strncmp(rq->path, "/api/", 5) != 0;
	int session = cookie_get(rq, SESSION_COOKIE) != NULL;
	char b[BINDING_MAX];
	const char *token;

	if (!unsafe_method(rq->method) ||
	    (rq->authorization && !strncmp(rq->authorization, "Bearer ", 7)))
		return 0;
	/* an anonymous API call has no authority a forger could borrow */
	if (!form && !session)
		return 0;
	if (!origin_ok(rq))
		return refuse(rq, rs, form,
		              "This request came from another site "
		              "or origin and was refused.");
	if (!session && !(form && is_pre_session_form(rq->path)))
		return 0; /* nobody signed in: the handler sends to sign-in */
	if (form && req_form(rq))
		return page_error(rq, rs, 413, "Too many form fields.");
	token = form ? req_param(rq, "csrf") : rq->csrf_header;
	if (!binding(rq, b) || !ct_form_token_ok(rq->srv->form_key, b, token))
		return refuse(
		    rq, rs, form,
		    form
		        ? "This form has expired or was not sent from our "
		          "page: "
		          "reload the page and send it again (cookies must be "
		          "on)."
		        : "A cookie-authenticated write needs the X-CSRF-Token "
		          "header of our pages");
	return 0;
}

/* ---- the client behind a proxy
 * -------------------------------------------------- */

void forms_client(struct req *rq)
{
	const char *x = rq->forwarded_for, *last;
	char addr[64];
	unsigned char bin[16];
	size_t n;

	if (!rq->srv || !rq->srv->trust_proxy || !x ||
	    strlen(x) > FORWARDED_MAX)
		return;
	last = strrchr(x, ',');
	last = last ? last + 1 : x;
	last += strspn(last, " \t");
	n = strcspn(last, " \t");
	if (!n || n >= sizeof(addr))
		return;
	memcpy(addr, last, n);
	addr[n] = '\0';
	/* only an address: anything else is ignored, not logged as a name */
	if (inet_pton(AF_INET, addr, bin) == 1 ||
	    inet_pton(AF_INET6, addr, bin) == 1)
		rq->client = arena_strndup(&rq->a, addr, n);
}
