/*
 * http.h — what server.c hands a handler and what a handler hands back.
 *
 * server.c (the only file that knows libmicrohttpd) fills a struct req
 * per request: method, decoded path, query parameters (repeatable, in
 * order), the headers handlers need, the body (bounded by SRV_BODY_MAX),
 * a read connection to the index that belongs to this request's worker,
 * and per-request memory (req->a, ceiling SRV_REQ_MEM_MAX).  A handler
 * fills struct resp: status, media type, body and a few headers.
 * Everything in req lives until the response is sent; strings a handler
 * puts in resp must live as long (allocate them from req->a).
 *
 * Handlers use only citectx.h, these helpers and the JSON reader.
 */
#ifndef CT_HTTP_H
#define CT_HTTP_H
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "citectx.h"
#include "mem.h"

/* Limits: each a named ceiling (SPEC §5: every buffer, time and
 * connection is bounded). */
#define SRV_BODY_MAX        (256 * 1024) /* request body: 500 ids, a text */
#define SRV_PARAMS_MAX      64           /* query or form parameters */
#define SRV_REQ_MEM_MAX     (8 * 1024 * 1024)  /* per-request arena */
#define SRV_RESP_MAX        (32 * 1024 * 1024) /* one response body */
#define SRV_HEADER_MEM      (32 * 1024)        /* request line + headers */
#define SRV_CONNECTIONS_MAX 1024
#define SRV_PER_IP_MAX      256
#define SRV_TIMEOUT_S       30 /* idle or slow connection */
/* One request's time, from its arrival to its answer, unless `serve
 * --request-timeout MS`: past it the request's statements stop and it is
 * answered 503 (req_out_of_time).  A search of the corpus takes 10-70 ms
 * (BENCHMARKS.md, B6), so 2 s leaves room for a loaded machine and the
 * search cache's reload after a commit (0.6 s) while bounding what one
 * hostile query can hold a reader for. */
#define SRV_REQUEST_MS 2000
#define SRV_BATCH_MAX  500 /* ids in POST /api/v1/tallies */
/* Retry-After (s) of a 503 "unavailable": a PostgreSQL server or a Citus
 * worker out of reach (restarted, or failed over to a standby) */
#define SRV_UNAVAIL_RETRY "5"

/* What the whole server shares; handlers only read it, except the writer,
 * used under writer_lock. */
struct srv {
	const char *db_path;
	char base_url[256]; /* links in feeds and citations */
	pthread_mutex_t writer_lock;
	struct ct_index *writer;      /* the one read-write connection */
	const struct ct_model *model; /* NULL: /api/v1/classify answers 501 */
	/* forms.c: the key of form tokens (drawn at start), cookies marked
	 * Secure (an https base URL), X-Forwarded-For names the client */
	unsigned char form_key[CT_FORM_KEY_SIZE];
	int secure_cookies, trust_proxy;
	int request_ms;       /* each request's time limit */
	char retry_after[16]; /* its seconds, for the 503 that ends one */
	_Atomic int stopping; /* shutdown began */
};

struct kv {
	const char *k, *v;
};

struct req {
	struct srv *srv;
	struct ct_index *idx; /* this worker's read connection */
	struct arena a;
	const char *method, *path, *client;
	struct kv params[SRV_PARAMS_MAX];
	size_t nparams;
	int params_overflow; /* more than SRV_PARAMS_MAX: answered 400 */
	const char *accept, *authorization, *cookie, *content_type,
	    *if_none_match, *origin;
	/* forms.c: the origin checks, the API's form token, the proxy */
	const char *sec_fetch_site, *host, *csrf_header, *forwarded_for;
	int form_read; /* req_form() ran */
	const char *body;
	size_t body_len;
	const char *route_id;       /* the {id} part of the path, decoded */
	struct ct_user user;        /* id 0 until auth_user() finds one */
	const struct kv *bad_param; /* the parameter req_query refused */
	int authed;                 /* auth_user() ran */
};

/* Bytes of an error's message (longer ones are cut). */
#define RESP_MSG_MAX 600

struct resp {
	int status;
	/* the error resp_error set (code NULL when none): the JSON body is
	 * written from it, and pages render it without reading the body */
	const char *err_code;
	char err_msg[RESP_MSG_MAX];
	const char *type; /* media type; NULL = application/json */
	struct ct_buf body;
	const char *location, *set_cookie, *allow, *cache;
	const char *retry_after; /* seconds, for 503 */
	int no_etag; /* writes, feeds that must not be revalidated */
};

typedef int (*handler_fn)(struct req *rq, struct resp *rs);

/* One page of statements for q as JSON into rs (h_statements.c). */
int statements_page(struct req *rq, struct resp *rs, const struct ct_query *q);
/* The search (q=) inside one work's statements into q, and the order
 * that goes with it: the one asked for (q->sort >= 0), else the most
 * relevant first with a search and the newest without (relevance asked
 * without a search is newest too: nothing to rank by). */
void work_search(struct req *rq, struct ct_query *q);

/* Dispatches to the route table (routes.c). */
void routes_dispatch(struct req *rq, struct resp *rs);

/* ---- helpers (http.c) ---------------------------------------------------- */

/* Sets a JSON error {"error": {"code", "message"}} with status. */
int resp_error(struct resp *rs, int status, const char *code, const char *fmt,
               ...) __attribute__((format(printf, 4, 5)));
/* The HTTP status and code for a library error (404 for CT_ENOTFOUND...). */
int resp_ct_error(struct resp *rs, const struct ct_error *err);
/* Takes the JSON (or other) document in b as the 200 body (b's sticky
 * error with it; past the body's ceiling it fails with CT_ELIMIT). */
void resp_take(struct resp *rs, struct ct_buf *b, const char *type);
/* When writing the body failed (its sticky error: out of memory, over
 * SRV_RESP_MAX) the cut document becomes a 500 naming the failure and
 * that status is returned; 0 when the body is whole.  Every answer goes
 * through it (routes_dispatch, req_finish): no cut page is ever sent. */
int resp_failed(struct resp *rs);
/* Whether the path is the JSON API's (/api/..., /healthz): errors there
 * are JSON; everywhere else they are pages for people (page_humanize). */
int req_is_api(const struct req *rq);
/* A 64-bit FNV-1a hash, for ETags. */
uint64_t http_hash(const void *p, size_t n);
/* Appends s HTML-escaped (also safe inside attribute values). */
void html_esc(struct ct_buf *b, const char *s);
void html_escn(struct ct_buf *b, const char *s, size_t n);
/* Appends s percent-encoded for a URL path or query value. */
void url_esc(struct ct_buf *b, const char *s, int query);

/* ---- parameters (params.c) -------------------------------------------------
 */

/* The first value of parameter k, or NULL. */
const char *req_param(const struct req *rq, const char *k);
/* The first parameter k, or NULL. */
const struct kv *req_param_kv(const struct req *rq, const char *k);
/* Appends parameter k = v (v NULL: ""); both must live as long as rq.
 * Past SRV_PARAMS_MAX sets params_overflow and returns CT_ELIMIT. */
int req_param_add(struct req *rq, const char *k, const char *v);
/* Splits s[0..n) as name=value pairs joined by '&' (a query string or a
 * form body), percent-decoded into the request arena, into params. */
int req_params_parse(struct req *rq, const char *s, size_t n);
/* Parses facets (type, section, from_year, to_year, citing, sort, limit,
 * cursor, pubtype, self, journal_self) into q; on a bad value, or a
 * from_year after the to_year, sets a 400 (404 for an unknown citing
 * work), points rq->bad_param at the parameter and returns non-zero. */
int req_query(struct req *rq, struct resp *rs, struct ct_query *q);
/* Adds application/x-www-form-urlencoded fields of the body to params. */
int req_form(struct req *rq);
/* Percent-decodes s[0..n) (and '+' to space) into the request arena. */
char *req_decode(struct req *rq, const char *s, size_t n);
/* The same for a URL path: '+' stays '+'. */
char *req_decode_path(struct req *rq, const char *s, size_t n);
/* Resolves route_id; on failure sets a 400 or 404 and returns non-zero. */
int req_work(struct req *rq, struct resp *rs, int64_t *work);

/* ---- filling and answering a request (request.c) --------------------------
 * The one path from the parts of a request to its response, shared by
 * server.c and the HTTP fuzz target (fuzz/fuzz_http.c). */

/* Sets the field of rq for header name (case-insensitive) when it is one
 * handlers read and was not set yet (the first value wins, except for
 * X-Forwarded-For: the last); value must live as long as rq. */
void req_header(struct req *rq, const char *name, const char *value);
/* Sets 413 when too_big (a body over SRV_BODY_MAX) or 400 when there were
 * too many parameters and returns that status; 0 when rq may be dispatched. */
int req_refuse(struct req *rq, int too_big, struct resp *rs);
/* Dispatches rq (rq->idx set) through the route table; GET and HEAD in
 * one read snapshot of rq->idx; rs->body gets the ceiling SRV_RESP_MAX
 * unless it has one already.  When rq->idx's deadline stopped a read
 * (ct_deadline_hit), whatever the handler made of the failure becomes
 * req_out_of_time's answer. */
void req_dispatch(struct req *rq, struct resp *rs);
/* 503 with Retry-After: the request ran out of its time (or the server is
 * shutting down), named in the error. */
void req_out_of_time(struct req *rq, struct resp *rs);
/* What every answer gets before it is sent: a body whose writing failed
 * (over SRV_RESP_MAX, out of memory) becomes a 500 (resp_failed); a successful
 * GET or HEAD gets a strong ETag (a hash of the body, written to etag) and
 * becomes an empty 304 when If-None-Match names it. Returns 1 when etag was
 * written. */
int req_finish(const struct req *rq, struct resp *rs, char etag[24]);

/* ---- accounts (h_accounts.c) --------------------------------------------- */

/* Finds the user of the request's bearer token or session cookie; 0 when
 * someone is signed in, else non-zero (and no response set). */
int auth_user(struct req *rq);
/* As auth_user, but sets a 401 when nobody is signed in. */
int auth_require(struct req *rq, struct resp *rs);
/* Sign-up (signup = 1) or login with name and password; a token in op. */
struct cred_op {
	const char *name, *password, *client, *label;
	int64_t ttl; /* of the token, 0: CT_TOKEN_TTL */
	struct ct_user user;
	char token[CT_TOKEN_SIZE];
	int64_t expires;     /* the token's expiry */
	int64_t retry_after; /* with CT_ERATE: seconds to wait */
	char hash[CT_PWHASH_SIZE];
	struct ct_error err;
};
int account_op(struct req *rq, struct cred_op *op, int signup);
/* After a failed account_op: a 429 gets its Retry-After. */
void account_retry(struct req *rq, struct resp *rs, const struct cred_op *op);
/* The bearer token or session cookie of the request, or NULL. */
const char *session_token(struct req *rq);
/* Writes as the signed-in user; on failure set an error in rs and return
 * non-zero (h_ratings.c, h_flags.c, h_follows.c; forms use them too). */
int rating_write(struct req *rq, struct resp *rs, int64_t work,
                 const int scores[CT_RATE_COUNT], int remove);
int flag_write(struct req *rq, struct resp *rs, int64_t statement,
               const char *label, const char *comment, int64_t *id);
int follow_write(struct req *rq, struct resp *rs, int64_t work, int remove);
/* Makes (revoke 0; the secret into secret) or revokes the signed-in
 * user's feed secret (h_me.c); feed_url appends its URL. */
int feed_url_write(struct req *rq, int revoke, char secret[CT_FEED_KEY_SIZE],
                   struct ct_error *err);
void feed_url(struct ct_buf *b, const struct req *rq, const char *secret);
/* Runs fn on the read-write connection under the writer lock. */
int with_writer(struct req *rq, int (*fn)(struct ct_index *, void *),
                void *ctx);

/* ---- forms and their defences (forms.c) -----------------------------------
 * Every write that a browser's cookie authorizes must come from our own
 * pages: its origin is checked (Sec-Fetch-Site, Origin against Host or
 * the base URL) and it carries a form token (a form field `csrf`, or for
 * the JSON API an X-CSRF-Token header) bound to the session cookie, or
 * for the sign-in and sign-up forms to a pre-session cookie.  Requests
 * with an Authorization header carry no ambient authority and are not
 * checked. */

/* For an unsafe method, refuses (403, and returns non-zero) a forged or
 * cross-origin request as above; 0 when it may go on. */
int forms_guard(struct req *rq, struct resp *rs);
/* Appends the hidden form-token field for a form of this page; may set a
 * pre-session cookie on rs (signed-out pages). */
void forms_field(struct ct_buf *b, struct req *rq, struct resp *rs);
/* The form token of this request (for a form's URL); NULL when it needs a
 * pre-session cookie that does not exist yet. */
const char *forms_token(struct req *rq);
/* "; Path=/; HttpOnly; SameSite=Lax" and "; Secure" under an https base
 * URL: what every cookie we set carries. */
const char *forms_cookie_attrs(const struct req *rq);
/* With --trust-proxy, the client is the last X-Forwarded-For address (the
 * one the proxy in front of us saw); else the socket's peer. */
void forms_client(struct req *rq);

/* ---- handlers, one file per resource ------------------------------------- */
int h_work(struct req *rq, struct resp *rs);
int h_works_find(struct req *rq, struct resp *rs);
int h_statements(struct req *rq, struct resp *rs);
int h_references(struct req *rq, struct resp *rs);
int h_tallies(struct req *rq, struct resp *rs);
int h_tallies_batch(struct req *rq, struct resp *rs);
int h_cite(struct req *rq, struct resp *rs);
int h_search(struct req *rq, struct resp *rs);
int h_top(struct req *rq, struct resp *rs);
int h_classify(struct req *rq, struct resp *rs);
int h_health(struct req *rq, struct resp *rs);
int h_signup(struct req *rq, struct resp *rs);
int h_login(struct req *rq, struct resp *rs);
int h_me(struct req *rq, struct resp *rs);
int h_tokens_list(struct req *rq, struct resp *rs);
int h_tokens_create(struct req *rq, struct resp *rs);
int h_token_delete(struct req *rq, struct resp *rs);
int h_ratings_get(struct req *rq, struct resp *rs);
int h_rating_put(struct req *rq, struct resp *rs);
int h_rating_delete(struct req *rq, struct resp *rs);
int h_flags_get(struct req *rq, struct resp *rs);
int h_flag_post(struct req *rq, struct resp *rs);
int h_flag_delete(struct req *rq, struct resp *rs);
int h_follow_get(struct req *rq, struct resp *rs);
int h_follow_put(struct req *rq, struct resp *rs);
int h_follow_delete(struct req *rq, struct resp *rs);
int h_follows_list(struct req *rq, struct resp *rs);
int h_feed(struct req *rq, struct resp *rs);
int h_feed_secret(struct req *rq, struct resp *rs);
int h_feed_url_create(struct req *rq, struct resp *rs);
int h_feed_url_delete(struct req *rq, struct resp *rs);
int h_my_ratings(struct req *rq, struct resp *rs);
int h_my_flags(struct req *rq, struct resp *rs);
/* pages for people (h_pages.c, h_account_pages.c, assets.c) */
int h_page_search(struct req *rq, struct resp *rs);
int h_page_work(struct req *rq, struct resp *rs);
int h_page_account(struct req *rq, struct resp *rs);
int h_form_signup(struct req *rq, struct resp *rs);
int h_form_login(struct req *rq, struct resp *rs);
int h_form_logout(struct req *rq, struct resp *rs);
int h_form_token(struct req *rq, struct resp *rs);
int h_form_rate(struct req *rq, struct resp *rs);
int h_form_flag(struct req *rq, struct resp *rs);
int h_form_follow(struct req *rq, struct resp *rs);
int h_form_feed(struct req *rq, struct resp *rs);
int h_asset(struct req *rq, struct resp *rs);

#endif
