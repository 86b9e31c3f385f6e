/*
 * assets.c — the stylesheet and the script of the pages, compiled into
 * the binary (no build step, nothing to install next to it), served at
 * /static/NAME with a strong ETag and a day of caching.
 *
 * style.css: mobile first (one column; facets beside the statements from
 * 52rem); badges in the colours of their type.  app.js: optional; swaps
 * #results in place when a facet changes and writes dates.
 */
#include <string.h>

#include "http.h"

static const char style_css[] =
	":root{--ink:#1d2330;--muted:#5d6470;--line:#dde1e7;--bg:#f6f7f9;--card:#fff;--accent:#2f5db3;--sup:#1b7f3b;--supbg:#e3f4e8;--con:#b42318;--conbg:#fde8e6;--men:#35507a;--menbg:#e6edf7;--unc:#5d6470;--uncbg:#eef0f2}\n"
	"*{box-sizing:border-box}\n"
	"body{margin:0;font:16px/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;color:var(--ink);background:var(--bg)}\n"
	"a{color:var(--accent)}\n"
	"header.top{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;padding:.6rem 1rem;background:#17233d;color:#fff}\n"
	"header.top a{color:#fff;text-decoration:none}\n"
	".brand{font-weight:700;font-size:1.2rem;letter-spacing:.02em}\n"
	"form.qs{display:flex;flex:1 1 16rem;gap:.3rem}\n"
	"form.qs input{flex:1;min-width:0}\n"
	"header nav{margin-left:auto}\n"
	"input,select,button{font:inherit;padding:.35rem .5rem;border:1px solid var(--line);border-radius:6px;background:#fff;color:var(--ink)}\n"
	"button{background:var(--accent);color:#fff;border-color:var(--accent);cursor:pointer}\n"
	"main{max-width:72rem;margin:0 auto;padding:1rem;overflow-wrap:anywhere}\n"
	".card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:1rem 1.2rem;margin:0 0 1rem}\n"
	"h1{font-size:1.45rem;line-height:1.3;margin:.2rem 0 .5rem}\n"
	"h2{font-size:1.15rem;margin:.2rem 0 .6rem}\n"
	".venue,.ids,.authors,.yr,.n,.count,footer,figcaption{color:var(--muted)}\n"
	".venue{margin:0;font-size:.9rem}\n"
	".authors{margin:.2rem 0}\n"
	".ids{font-size:.9rem}\n"
	".note{background:var(--uncbg);border-radius:4px;padding:0 .3rem}\n"
	".citedby{font-size:1.15rem;margin:0 0 .5rem}\n"
	"ul.tallies{list-style:none;display:flex;flex-wrap:wrap;gap:.5rem;padding:0;margin:0 0 .6rem}\n"
	"ul.tallies a{text-decoration:none;color:var(--ink);display:inline-flex;align-items:center;gap:.35rem;border:1px solid var(--line);border-radius:999px;padding:.2rem .7rem .2rem .25rem}\n"
	".badge{display:inline-block;border-radius:999px;padding:.05rem .6rem;font-size:.8rem;font-weight:600}\n"
	".badge.supporting{background:var(--supbg);color:var(--sup)}\n"
	".badge.contrasting{background:var(--conbg);color:var(--con)}\n"
	".badge.mentioning{background:var(--menbg);color:var(--men)}\n"
	".badge.unclassified{background:var(--uncbg);color:var(--unc)}\n"
	".chart{margin:.5rem 0 0}\n"
	".chart svg{width:100%;height:auto;max-height:11rem}\n"
	".chart rect{fill:#5b7fbf}\n"
	".chart text{font-size:11px;fill:#5d6470;text-anchor:middle}\n"
	"figcaption{font-size:.8rem}\n"
	".results-grid{display:grid;gap:1rem}\n"
	"@media (min-width:52rem){.results-grid{grid-template-columns:15rem 1fr}}\n"
	"form.facets fieldset{border:0;padding:0;margin:0 0 .8rem}\n"
	"form.facets legend{font-weight:600;font-size:.9rem;margin-bottom:.2rem}\n"
	"label.fc{display:flex;align-items:center;gap:.4rem;padding:.1rem 0}\n"
	"label.fc .n{margin-left:auto;font-size:.85rem}\n"
	"ol.stmts{list-style:none;padding:0;margin:0}\n"
	"li.stmt{border-top:1px solid var(--line);padding:.8rem 0}\n"
	".meta{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center;font-size:.85rem;color:var(--muted)}\n"
	".self{background:#fff4d6;border-radius:4px;padding:0 .3rem}\n"
	"blockquote{margin:.4rem 0;padding:0 0 0 .8rem;border-left:3px solid var(--line)}\n"
	"blockquote .ctx{color:var(--muted)}\n"
	"mark{background:#fff1a8;color:var(--ink);padding:0 .1rem}\n"
	"p.from,p.cited{margin:.2rem 0;font-size:.92rem}\n"
	"p.about{margin:0;font-size:.8rem;color:var(--muted)}\n"
	"ul.cites{list-style:none;margin:.3rem 0 0;padding:0;font-size:.9rem}\n"
	"ul.cites li{margin:.15rem 0}\n"
	"ul.cites .mk,ul.cites .ref{color:var(--muted)}\n"
	"ul.cites .badge{font-size:.72rem;margin-right:.3rem}\n"
	"p.flag{margin:.3rem 0;font-size:.85rem;background:var(--conbg);border-radius:6px;padding:.2rem .5rem}\n"
	"details.flagit{font-size:.85rem;margin-top:.3rem}\n"
	"details.flagit form{display:flex;flex-wrap:wrap;gap:.4rem;margin-top:.3rem}\n"
	"form.rate{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:.4rem 0}\n"
	"form.rate label{display:flex;gap:.3rem;align-items:center;text-transform:capitalize}\n"
	"form.follow{margin:.4rem 0}\n"
	"dl.avgs{display:flex;flex-wrap:wrap;gap:1rem;margin:.3rem 0}\n"
	"dl.avgs div{text-align:center}\n"
	"dl.avgs dt{font-size:.8rem;color:var(--muted);text-transform:capitalize}\n"
	"dl.avgs dd{margin:0;font-size:1.3rem;font-weight:700}\n"
	"pre.bibtex{white-space:pre-wrap;word-break:break-word;background:var(--bg);padding:.6rem;border-radius:6px;font-size:.85rem}\n"
	"p.formats a{margin-right:.5rem}\n"
	"ol.refs li{margin:.35rem 0;font-size:.92rem}\n"
	".mini .dot{display:inline-block;min-width:1.4rem;text-align:center;border-radius:4px;font-size:.75rem;margin-left:.15rem}\n"
	".dot.supporting{background:var(--supbg);color:var(--sup)}\n"
	".dot.contrasting{background:var(--conbg);color:var(--con)}\n"
	".dot.mentioning{background:var(--menbg);color:var(--men)}\n"
	"form.acct{display:grid;gap:.5rem;max-width:22rem;margin-bottom:1.5rem}\n"
	"form.acct label{display:grid;gap:.2rem}\n"
	".err{color:var(--con);font-weight:600}\n"
	".newtoken code{word-break:break-all;background:var(--bg);padding:.1rem .3rem}\n"
	"form.big{display:flex;gap:.4rem}\n"
	"form.big input{flex:1;min-width:0;font-size:1.1rem}\n"
	"ol.top li{margin:.3rem 0}\n"
	"ol.found li{margin:.6rem 0}\n"
	"footer{text-align:center;font-size:.85rem;padding:1rem}\n"
	".more{display:inline-block;margin-top:.5rem}\n"
	"b.hit{background:#ffd666;font-weight:600}\n"
	".notice{border-color:var(--con);background:var(--conbg)}\n"
	".notice h3{margin:.2rem 0;font-size:1rem;color:var(--con)}\n"
	"ul.points{padding-left:1rem}ul.points li{margin:.4rem 0}\n"
	"ul.related li{margin:.3rem 0}h3{font-size:1rem;margin:.6rem 0 .3rem}\n";

static const char app_js[] =
	"// citectx pages work without this file; with it, facets filter in place.\n"
	"(function () {\n"
	"  'use strict';\n"
	"  function results() { return document.getElementById('results'); }\n"
	"  function load(url, push) {\n"
	"    var u = new URL(url, location.href);\n"
	"    u.searchParams.set('fragment', '1');\n"
	"    return fetch(u, { credentials: 'same-origin' }).then(function (r) {\n"
	"      if (!r.ok) { location.href = url; return; }\n"
	"      return r.text().then(function (html) {\n"
	"        results().innerHTML = html;\n"
	"        stamp(results());\n"
	"        if (push) history.pushState(null, '', url);\n"
	"      });\n"
	"    });\n"
	"  }\n"
	"  function formUrl(f) {\n"
	"    var p = new URLSearchParams(new FormData(f));\n"
	"    var s = p.toString();\n"
	"    return f.getAttribute('action') + (s ? '?' + s : '');\n"
	"  }\n"
	"  function stamp(root) {\n"
	"    root.querySelectorAll('time[data-t]').forEach(function (t) {\n"
	"      var d = new Date(1000 * Number(t.getAttribute('data-t')));\n"
	"      t.textContent = d.toISOString().slice(0, 10);\n"
	"    });\n"
	"  }\n"
	"  document.addEventListener('change', function (e) {\n"
	"    var f = e.target.form;\n"
	"    if (f && f.classList.contains('facets') && results()) load(formUrl(f), true);\n"
	"  });\n"
	"  document.addEventListener('submit', function (e) {\n"
	"    var f = e.target;\n"
	"    if (f.classList.contains('facets') && results()) { e.preventDefault(); load(formUrl(f), true); }\n"
	"  });\n"
	"  document.addEventListener('click', function (e) {\n"
	"    var a = e.target.closest('a.facet-link, a.more');\n"
	"    if (!a || !results()) return;\n"
	"    e.preventDefault();\n"
	"    load(a.href, true).then(function () {\n"
	"      if (a.classList.contains('facet-link')) results().scrollIntoView();\n"
	"    });\n"
	"  });\n"
	"  window.addEventListener('popstate', function () { if (results()) load(location.href, false); });\n"
	"  document.addEventListener('DOMContentLoaded', function () { stamp(document); });\n"
	"})();\n";

static const struct {
	const char *name, *type, *body;
	size_t len;
} assets[] = {
	{"style.css", "text/css; charset=utf-8", style_css, sizeof(style_css) - 1},
	{"app.js", "text/javascript; charset=utf-8", app_js, sizeof(app_js) - 1},
};

int h_asset(struct req *rq, struct resp *rs)
{
	for (size_t i = 0; i < sizeof(assets) / sizeof(*assets); i++) {
		if (strcmp(rq->route_id, assets[i].name))
			continue;
		ct_buf_reset(&rs->body);
		ct_buf_put(&rs->body, assets[i].body, assets[i].len);
		rs->status = 200;
		rs->type = assets[i].type;
		rs->cache = "public, max-age=86400";
		return 0;
	}
	return resp_error(rs, 404, "not_found", "/static/%s: no such file",
			  rq->route_id);
}
