// errors.test.mjs — errors for people (issue 16), in headless Chromium:
// a path that does not exist is an HTML page in the site's layout with
// the search box; a bare number that is a PMID suggests the work and the
// link leads to it; a bad year in the facet form comes back kept, marked
// and explained, and fixing it shows the statements; an empty result says
// "No matches".  Usage: node errors.test.mjs BASE_URL SCREENSHOT_DIR
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

const [base, shots] = process.argv.slice(2);
const work = '/works/10.5555/citectx-demo.01';
let failures = 0;
function check(cond, what) {
  if (cond) { console.log('ok   ' + what); return; }
  console.log('FAIL ' + what);
  failures++;
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
mkdirSync(shots, { recursive: true });
try {
  const page = await (await browser.newContext({ viewport: { width: 1200, height: 900 } })).newPage();

  // a page that does not exist: HTML, the site's header and search box
  let r = await page.goto(base + '/nosuchpage');
  check(r.status() === 404, '/nosuchpage answers 404');
  check((r.headers()['content-type'] || '').startsWith('text/html'), 'the 404 is an HTML page, not JSON');
  check(await page.locator('header.top a.brand').count() === 1, 'the error page has the site header');
  check(await page.locator('header input[type=search][name=q]').count() === 1, 'the error page has the search box');
  check(/There is no page at \/nosuchpage/.test(await page.textContent('main')), 'the error page says what is wrong');
  await page.screenshot({ path: shots + '/error-404.png', fullPage: true });
  await page.fill('main form[role=search] input[name=q]', '"consistent with"');
  await page.press('main form[role=search] input[name=q]', 'Enter');
  await page.waitForSelector('li.stmt');
  check(page.url().includes('/search?q='), 'searching from the error page leads to results');

  // a bare PMID: "did you mean pmid:...?", and the link opens the report
  r = await page.goto(base + '/works/90000001');
  check(r.status() === 404, 'a bare number is not a work ID (404)');
  check(await page.locator('p.suggest a').count() === 1 &&
    (await page.textContent('p.suggest')).includes('Did you mean pmid:90000001?'), 'it suggests pmid:90000001');
  await page.click('p.suggest a');
  await page.waitForSelector('.citedby');
  check(page.url().endsWith('/works/pmid:90000001'), 'the suggestion opens the work\'s report');

  // a bad year: the value kept, marked and explained; fixed, it filters
  r = await page.goto(base + work + '?from_year=abc');
  check(r.status() === 400, 'from_year=abc answers 400');
  check(await page.locator('.citedby').count() === 1, 'the 400 is the report page itself');
  const bad = page.locator('form.fix input[name=from_year]');
  check(await bad.inputValue() === 'abc' && await bad.getAttribute('aria-invalid') === 'true', 'the bad value is kept in the form and marked');
  check((await page.textContent('.filter-error .err')).includes('from year abc: expected a year like 2015'), 'the bad value is explained');
  await page.screenshot({ path: shots + '/error-400-year.png', fullPage: true });
  await bad.fill('2015');
  await page.click('form.fix button');
  await page.waitForSelector('p.count');
  check(page.url().includes('from_year=2015') && await page.locator('form.fix').count() === 0, 'fixing the year applies it');

  // from year after to year: a 400 page that says so
  r = await page.goto(base + work + '?from_year=2020&to_year=2016');
  check(r.status() === 400 && (await page.textContent('.filter-error')).includes('from year 2020 is after to year 2016'),
    'a from year after the to year is explained');

  // nothing matches: said plainly
  await page.goto(base + work + '?type=contrasting&section=methods&from_year=2030');
  check((await page.textContent('p.no-matches')).startsWith('No matches'), 'an empty list says "No matches"');
  check((await page.textContent('p.no-matches')).includes('type contrasting, section methods, from year 2030'), 'it names the filters applied');
} finally {
  await browser.close();
}
console.log(failures ? failures + ' failed' : 'errors: all passed');
process.exit(failures ? 1 : 0);
