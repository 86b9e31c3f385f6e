/*
 * h_account_pages.c — the account page and the HTML forms that write:
 * sign up, sign in, sign out, new API token, rate, flag, follow.
 *
 * Forms post application/x-www-form-urlencoded and answer 303 See Other
 * back to the page (post/redirect/get), so they work without JavaScript.
 * The session is a token in an HttpOnly, SameSite=Lax cookie (Secure under
 * an https base URL) living as long as the cookie; signing out revokes it
 * in the index, not only in the browser.  Every form carries a form token
 * (forms.c checks it before any handler here runs).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "page.h"

#define SESSION_MAX_AGE (30 * 24 * 3600)

/* The lists below are read from the user records (citectx.h); one that
 * cannot be read shows as empty. */

static void token_list(struct ct_buf *b, struct req *rq, struct resp *rs)
{
	struct ct_tokens t;

	ct_tokens_load(rq->idx, rq->user.id, &t, NULL);
	ct_buf_puts(b, "<h2>Sessions and API tokens</h2><ul class=\"tokens\">");
	for (size_t i = 0; i < t.n; i++) {
		ct_buf_printf(b, "<li>#%" PRId64 " ", t.items[i].id);
		html_esc(b, t.items[i].label);
		ct_buf_printf(b,
		              " <time data-t=\"%" PRId64 "\"></time>, expires "
		              "<time data-t=\"%" PRId64 "\"></time></li>",
		              t.items[i].created, t.items[i].expires);
	}
	ct_buf_printf(b,
	              "</ul><p class=\"note\">API tokens expire after %d "
	              "days; you can hold %d (sessions included): a new one "
	              "revokes the oldest.</p><form method=\"post\" "
	              "action=\"/account/tokens\">",
	              CT_TOKEN_TTL / 86400, CT_TOKENS_MAX);
	forms_field(b, rq, rs);
	ct_buf_puts(
	    b, "<input name=\"label\" maxlength=\"100\" placeholder=\"what "
	       "the token is for\" aria-label=\"token label\"> <button>New "
	       "API token</button></form>");
	ct_tokens_release(&t);
}

/* A link to a work's report: its title, or its id. */
static void work_link(struct ct_buf *b, const struct ct_work_brief *w)
{
	char id[400];

	page_work_id(w, id, sizeof(id));
	ct_buf_puts(b, "<a href=\"");
	page_work_url(b, id);
	ct_buf_puts(b, "\">");
	html_esc(b, w->title && *w->title ? w->title : id);
	ct_buf_puts(b, "</a>");
}

static void follow_list(struct ct_buf *b, struct req *rq)
{
	struct ct_follows f;

	ct_follows_load(rq->idx, rq->user.id, 0, &f, NULL);
	ct_buf_puts(b, "<h2>Following</h2><ul class=\"follows\">");
	for (size_t i = 0; i < f.n; i++) {
		ct_buf_puts(b, "<li>");
		work_link(b, &f.items[i].work);
		ct_buf_puts(b, "</li>");
	}
	if (!f.n)
		ct_buf_puts(
		    b, "<li class=\"empty\">Nothing yet: use “Follow” on a "
		       "report.</li>");
	ct_buf_puts(b, "</ul>");
	ct_follows_release(&f);
}

/* The secret feed URL: shown once when made (only its hash is kept),
 * then when it was made, with the buttons that replace or revoke it. */
static void feed_section(struct ct_buf *b, struct req *rq, struct resp *rs,
                         const char *fresh)
{
	int64_t made = ct_feed_key_created(rq->idx, rq->user.id);

	ct_buf_puts(b,
	            "<h2 id=\"feed\">Feed</h2><p>New statements about the "
	            "works you follow, as an Atom feed a feed reader can "
	            "subscribe to. Its URL is secret: whoever has it can read "
	            "the feed (and nothing else).</p>");
	if (fresh) {
		ct_buf_puts(
		    b, "<p class=\"feedurl\">Your feed URL (shown only now: "
		       "copy it into your reader): <code>");
		html_esc(b, fresh);
		ct_buf_puts(b, "</code></p>");
	} else if (made) {
		ct_buf_printf(b,
		              "<p class=\"feedmade\">You made a feed URL "
		              "<time data-t=\"%" PRId64 "\"></time>.</p>",
		              made);
	}
	ct_buf_puts(b, "<form method=\"post\" action=\"/account/feed\" "
	               "class=\"feed\">");
	forms_field(b, rq, rs);
	ct_buf_printf(b,
	              "<input type=\"hidden\" name=\"action\" value=\"new\">"
	              "<button>%s</button></form>",
	              made || fresh ? "Make a new feed URL (the old one stops)"
	                            : "Make a feed URL");
	if (made || fresh) {
		ct_buf_puts(b, "<form method=\"post\" action=\"/account/feed\" "
		               "class=\"feedrevoke\">");
		forms_field(b, rq, rs);
		ct_buf_puts(
		    b, "<input type=\"hidden\" name=\"action\" value=\""
		       "revoke\"><button>Revoke the feed URL</button></form>");
	}
}

static void rating_list(struct ct_buf *b, struct req *rq)
{
	struct ct_user_ratings r;

	ct_user_ratings_load(rq->idx, rq->user.id, &r, NULL);
	ct_buf_puts(b, "<h2>Your ratings</h2><ul class=\"myratings\">");
	for (size_t i = 0; i < r.n; i++) {
		ct_buf_puts(b, "<li>");
		work_link(b, &r.items[i].work);
		for (int a = 0; a < CT_RATE_COUNT; a++)
			if (r.items[i].scores[a])
				ct_buf_printf(b, " · %s %d",
				              ct_rating_aspect_name(a),
				              r.items[i].scores[a]);
		ct_buf_puts(b, "</li>");
	}
	if (!r.n)
		ct_buf_puts(b, "<li class=\"empty\">None yet.</li>");
	ct_buf_puts(b, "</ul>");
	ct_user_ratings_release(&r);
}

/* "Statement #N about WORK": linked to the statement on the report of
 * the work it cites, when its reference is linked. */
static void flag_about(struct ct_buf *b, const struct ct_flag_item *f)
{
	char id[400];

	ct_buf_puts(b, "<li>Statement ");
	if (!f->work.id) {
		ct_buf_printf(b, "#%" PRId64 " about an unlinked reference",
		              f->statement);
		return;
	}
	page_work_id(&f->work, id, sizeof(id));
	ct_buf_puts(b, "<a href=\"");
	page_work_url(b, id);
	ct_buf_printf(b, "#s%" PRId64 "\">#%" PRId64 "</a> about ",
	              f->statement, f->statement);
	work_link(b, &f->work);
}

static void flag_list(struct ct_buf *b, struct req *rq)
{
	struct ct_flags f;

	ct_user_flags_load(rq->idx, rq->user.id, &f, NULL);
	ct_buf_puts(b, "<h2>Your flags</h2><ul class=\"myflags\">");
	for (size_t i = 0; i < f.n; i++) {
		const struct ct_flag_item *x = &f.items[i];

		flag_about(b, x);
		ct_buf_puts(b, ": it is <b>");
		html_esc(b, ct_type_name(x->label));
		ct_buf_puts(b, "</b>");
		if (x->comment && *x->comment) {
			ct_buf_puts(b, " (“");
			html_esc(b, x->comment);
			ct_buf_puts(b, "”)");
		}
		ct_buf_puts(b, "</li>");
	}
	if (!f.n)
		ct_buf_puts(b, "<li class=\"empty\">None yet.</li>");
	ct_buf_puts(b, "</ul>");
	ct_flags_release(&f);
}

static void sign_forms(struct ct_buf *b, struct req *rq, struct resp *rs)
{
	const char *next = req_param(rq, "next");
	static const char *const forms[][3] = {
	    {"login", "Sign in", "current-password"},
	    {"signup", "Create an account", "new-password"},
	};

	for (int i = 0; i < 2; i++) {
		ct_buf_printf(
		    b,
		    "<form method=\"post\" class=\"acct %s\" action=\""
		    "/account/%s\"><h2>%s</h2><input type=\"hidden\" "
		    "name=\"next\" value=\"",
		    forms[i][0], forms[i][0], forms[i][1]);
		html_esc(b, next ? next : "/account");
		ct_buf_puts(b, "\">");
		forms_field(b, rq, rs);
		ct_buf_printf(
		    b,
		    "<label>Username <input name=\"username\" "
		    "required maxlength=\"%d\" autocomplete=\"username\">"
		    "</label><label>Password <input type=\"password\" "
		    "name=\"password\" required minlength=\"%d\" "
		    "autocomplete=\"%s\"></label><button>%s</button></form>",
		    CT_USERNAME_MAX, CT_PASSWORD_MIN, forms[i][2], forms[i][1]);
	}
}

/* The account page; msg (an error), token (a new API token) and feed (a
 * new feed URL) may be NULL: secrets are shown once, when made. */
static int account_page(struct req *rq, struct resp *rs, int status,
                        const char *msg, const char *token, const char *feed)
{
	struct ct_buf b = CT_BUF_INIT;

	page_begin(&b, rq, "Account");
	ct_buf_puts(&b, "<section class=\"card account\">");
	if (msg) {
		ct_buf_puts(&b, "<p class=\"err\" role=\"alert\">");
		html_esc(&b, msg);
		ct_buf_puts(&b, "</p>");
	}
	if (!rq->user.id) {
		sign_forms(&b, rq, rs);
	} else {
		ct_buf_puts(&b, "<h1>Signed in as <span class=\"who\">");
		html_esc(&b, rq->user.name);
		ct_buf_puts(
		    &b, "</span></h1><form method=\"post\" action=\"/account/"
		        "logout\">");
		forms_field(&b, rq, rs);
		ct_buf_puts(&b, "<button>Sign out</button></form>");
		if (token) {
			ct_buf_puts(&b,
			            "<p class=\"newtoken\">Your new API token "
			            "(shown only now): <code>");
			html_esc(&b, token);
			ct_buf_printf(&b, "</code>; it expires in %d days.</p>",
			              CT_TOKEN_TTL / 86400);
		}
		token_list(&b, rq, rs);
		follow_list(&b, rq);
		feed_section(&b, rq, rs, feed);
		rating_list(&b, rq);
		flag_list(&b, rq);
	}
	ct_buf_puts(&b, "</section>");
	page_end(&b, rs);
	rs->status = status;
	rs->no_etag = 1;
	ct_buf_release(&b);
	return 0;
}

int h_page_account(struct req *rq, struct resp *rs)
{
	auth_user(rq);
	return account_page(rq, rs, 200, NULL, NULL, NULL);
}

/* ---- sign up, in, out
 * ------------------------------------------------------------- */

static int sign(struct req *rq, struct resp *rs, int signup)
{
	struct cred_op op = {.label = "web session", .ttl = SESSION_MAX_AGE};
	struct resp err = {0};
	char cookie[200];

	if (req_form(rq))
		return page_error(rq, rs, 413, "Too many form fields.");
	op.name = req_param(rq, "username");
	op.password = req_param(rq, "password");
	if (account_op(rq, &op, signup)) {
		resp_ct_error(&err, &op.err);
		ct_buf_release(&err.body);
		account_retry(rq, rs, &op);
		return account_page(rq, rs, err.status, op.err.msg, NULL, NULL);
	}
	snprintf(cookie, sizeof(cookie), "ct_session=%s%s; Max-Age=%d",
	         op.token, forms_cookie_attrs(rq), SESSION_MAX_AGE);
	rs->set_cookie = arena_strndup(&rq->a, cookie, strlen(cookie));
	return page_redirect(rq, rs, req_param(rq, "next"));
}

int h_form_signup(struct req *rq, struct resp *rs)
{
	return sign(rq, rs, 1);
}

int h_form_login(struct req *rq, struct resp *rs)
{
	return sign(rq, rs, 0);
}

struct logout_op {
	int64_t user;
	const char *secret;
};

static int do_logout(struct ct_index *w, void *ctx)
{
	struct logout_op *op = ctx;

	return ct_token_revoke(w, op->user, 0, op->secret, NULL);
}

int h_form_logout(struct req *rq, struct resp *rs)
{
	struct logout_op op;

	if (!auth_user(rq)) {
		op.user = rq->user.id;
		op.secret = session_token(rq);
		with_writer(rq, do_logout, &op);
	}
	rs->set_cookie =
	    rq->srv->secure_cookies
	        ? "ct_session=; Path=/; HttpOnly; SameSite=Lax; Secure; "
	          "Max-Age=0"
	        : "ct_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0";
	return page_redirect(rq, rs, "/");
}

struct newtoken_op {
	int64_t user;
	const char *label;
	char token[CT_TOKEN_SIZE];
};

static int do_newtoken(struct ct_index *w, void *ctx)
{
	struct newtoken_op *op = ctx;

	return ct_token_issue(w, op->user, op->label, 0, op->token, NULL, NULL,
	                      NULL);
}

int h_form_token(struct req *rq, struct resp *rs)
{
	struct newtoken_op op = {0};
	const char *label;

	if (auth_user(rq))
		return page_redirect(rq, rs, "/account");
	if (req_form(rq))
		return page_error(rq, rs, 413, "Too many form fields.");
	label = req_param(rq, "label");
	op.user = rq->user.id;
	op.label = label && *label && strlen(label) <= 100 ? label : "api";
	if (with_writer(rq, do_newtoken, &op))
		return page_error(rq, rs, 500, "The token could not be made.");
	return account_page(rq, rs, 200, NULL, op.token, NULL);
}

/* New feed URL (action=new) or none (action=revoke). */
int h_form_feed(struct req *rq, struct resp *rs)
{
	char secret[CT_FEED_KEY_SIZE];
	const char *action;
	struct ct_buf url = CT_BUF_INIT;
	int revoke, rc;

	if (auth_user(rq))
		return page_redirect(rq, rs, "/account");
	if (req_form(rq))
		return page_error(rq, rs, 413, "Too many form fields.");
	action = req_param(rq, "action");
	revoke = action && !strcmp(action, "revoke");
	if (feed_url_write(rq, revoke, secret, NULL) && !revoke)
		return page_error(rq, rs, 500,
		                  "The feed URL could not be made.");
	if (revoke)
		return page_redirect(rq, rs, "/account#feed");
	feed_url(&url, rq, secret);
	rc = account_page(rq, rs, 200, NULL, NULL, url.ptr);
	ct_buf_release(&url);
	return rc;
}

/* ---- rate, flag, follow
 * ------------------------------------------------------------- */

/* Signed in, the form read and the work resolved; else a page said why. */
static int form_start(struct req *rq, struct resp *rs, int64_t *work)
{
	struct ct_buf next = CT_BUF_INIT;
	int rc;

	if (req_form(rq))
		return page_error(rq, rs, 413, "Too many form fields.");
	if (req_work(rq, rs, work))
		return page_no_work(rq, rs, rq->route_id);
	if (!auth_user(rq))
		return 0;
	ct_buf_puts(&next, "/account?next=");
	page_work_url(&next, rq->route_id);
	rc = page_redirect(rq, rs, next.ptr);
	ct_buf_release(&next);
	return rc;
}

/* Back to the report (at anchor), or the write's error as a page. */
static int form_done(struct req *rq, struct resp *rs, const char *anchor)
{
	struct ct_buf to = CT_BUF_INIT;
	int rc;

	if (rs->status >= 400) {
		char msg[600];

		/* the write set a JSON error: show its message */
		resp_message(rs, msg, sizeof(msg));
		ct_buf_reset(&rs->body);
		return page_error(rq, rs, rs->status, msg);
	}
	page_work_url(&to, rq->route_id);
	ct_buf_puts(&to, anchor);
	rc = page_redirect(rq, rs, to.ptr);
	ct_buf_release(&to);
	return rc;
}

/* A score from a form field into *out: 0 when empty, else the number as
 * typed (ct_rate refuses one out of range, naming the range); non-zero
 * when it is not a number. */
static int score_of(const char *v, int *out)
{
	char *end;
	long n;

	*out = 0;
	if (!v || !*v)
		return 0;
	n = strtol(v, &end, 10);
	if (*end || n < -99 || n > 99)
		return 1;
	*out = (int)n;
	return 0;
}

int h_form_rate(struct req *rq, struct resp *rs)
{
	int scores[CT_RATE_COUNT];
	int64_t work;

	if (form_start(rq, rs, &work))
		return 0;
	for (int i = 0; i < CT_RATE_COUNT; i++) {
		const char *name = ct_rating_aspect_name(i),
		           *v = req_param(rq, name);
		char msg[160];

		if (score_of(v, &scores[i])) {
			snprintf(msg, sizeof(msg),
			         "%s “%.40s”: a rating is a number "
			         "from 1 to 5",
			         name, v);
			return page_error(rq, rs, 400, msg);
		}
	}
	rating_write(rq, rs, work, scores, 0);
	return form_done(rq, rs, "#rate");
}

int h_form_flag(struct req *rq, struct resp *rs)
{
	const char *sid;
	char anchor[40];
	int64_t work, id, s;

	if (form_start(rq, rs, &work))
		return 0;
	sid = req_param(rq, "statement");
	s = sid ? strtoll(sid, NULL, 10) : 0;
	flag_write(rq, rs, s, req_param(rq, "label"), req_param(rq, "comment"),
	           &id);
	snprintf(anchor, sizeof(anchor), "#s%" PRId64, s);
	return form_done(rq, rs, anchor);
}

int h_form_follow(struct req *rq, struct resp *rs)
{
	const char *action = NULL;
	int64_t work;

	if (form_start(rq, rs, &work))
		return 0;
	action = req_param(rq, "action");
	follow_write(rq, rs, work, action && !strcmp(action, "unfollow"));
	return form_done(rq, rs, "#rate");
}
