// citectx pages work without this file; with it, facets filter in place.
(function () {
  'use strict';
  function results() { return document.getElementById('results'); }
  function load(url, push) {
    var u = new URL(url, location.href);
    u.searchParams.set('fragment', '1');
    return fetch(u, { credentials: 'same-origin' }).then(function (r) {
      if (!r.ok) { location.href = url; return; }
      return r.text().then(function (html) {
        results().innerHTML = html;
        stamp(results());
        if (push) history.pushState(null, '', url);
      });
    });
  }
  function formUrl(f) {
    var p = new URLSearchParams(new FormData(f));
    var s = p.toString();
    return f.getAttribute('action') + (s ? '?' + s : '');
  }
  function stamp(root) {
    root.querySelectorAll('time[data-t]').forEach(function (t) {
      var d = new Date(1000 * Number(t.getAttribute('data-t')));
      t.textContent = d.toISOString().slice(0, 10);
    });
  }
  document.addEventListener('change', function (e) {
    var f = e.target.form;
    if (f && f.classList.contains('facets') && results()) load(formUrl(f), true);
  });
  document.addEventListener('submit', function (e) {
    var f = e.target;
    if (f.classList.contains('facets') && results()) { e.preventDefault(); load(formUrl(f), true); }
  });
  document.addEventListener('click', function (e) {
    var a = e.target.closest('a.facet-link, a.more');
    if (!a || !results()) return;
    e.preventDefault();
    load(a.href, true).then(function () {
      if (a.classList.contains('facet-link')) results().scrollIntoView();
    });
  });
  window.addEventListener('popstate', function () { if (results()) load(location.href, false); });
  document.addEventListener('DOMContentLoaded', function () { stamp(document); });
})();
