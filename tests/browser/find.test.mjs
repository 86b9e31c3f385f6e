// find.test.mjs — finding a paper with the one box (issue 16), in headless
// Chromium: a DOI, a PMID and a PMCID typed into the box (home page and
// header) land on the work's report; a title fragment and an author's
// surname list the right work first, above the statements, and its link
// opens the report.  Usage: node find.test.mjs BASE_URL SCREENSHOT_DIR
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

const [base, shots] = process.argv.slice(2);
const doi = '10.5555/citectx-demo.01';
const work = '/works/' + doi;
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
  const ctx = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));

  // the home page box, then the header box on another page
  async function type(box, q) {
    await page.fill(box, q);
    await Promise.all([page.waitForNavigation(), page.press(box, 'Enter')]);
  }
  await page.goto(base + '/');
  check(!(await page.textContent('main')).includes('/works/10.xxxx'), 'the home page no longer says to edit the URL');
  await type('main form.big input[name=q]', doi);
  check(page.url().endsWith(work) && await page.locator('.citedby').count() === 1, 'a DOI in the home page box opens its report');

  for (const [q, what] of [['https://doi.org/' + doi, 'a doi.org URL'], ['pmid:90000001', 'pmid:N'],
    ['90000001', 'a PMID alone'], ['PMC9900001', 'a PMCID']]) {
    await type('header input[name=q]', q);
    check(page.url().endsWith(work) && (await page.textContent('.citedby')).includes('Cited by 10'),
      what + ' in the header box opens the report');
  }

  // words: a title fragment, then an author's surname (with a year)
  for (const [q, want, what] of [['prevention of episodic migraine VELO-1', doi, 'a title fragment'],
    ['Okafor', doi, "an author's surname"], ['Okafor 2016', '10.5555/citectx-demo.02', 'a surname and a year']]) {
    await page.goto(base + '/');
    await type('main form.big input[name=q]', q);
    const first = page.locator('#works ol.found li.work a.wt').first();
    check(await first.count() === 1 && (await first.getAttribute('href')) === '/works/' + want,
      what + ' lists the right work first');
    check(await page.locator('#works li.work .dot.supporting').count() > 0, what + ': each work shows its tallies');
    const order = await page.evaluate(() => {
      const w = document.querySelector('#works'), s = document.querySelector('section.statements');
      return !!w && (!s || (w.compareDocumentPosition(s) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0);
    });
    check(order, what + ': works are shown above the statements');
  }
  await page.screenshot({ path: shots + '/find-words.png', fullPage: true });
  await Promise.all([page.waitForNavigation(), page.locator('#works a.wt').first().click()]);
  check(page.url().endsWith('/works/10.5555/citectx-demo.02'), 'a listed work opens its report');

  // an identifier no work has: said plainly, no error page
  await page.goto(base + '/search?q=' + encodeURIComponent('doi:10.5555/no-such-work'));
  check((await page.textContent('#works')).includes('No work in this index matches'), 'an unknown DOI says no work matches');
  check(errors.length === 0, 'no script errors (' + errors.join('; ') + ')');
} finally {
  await browser.close();
}
console.log('browser: ' + failures + ' failed');
process.exit(failures ? 1 : 0);
