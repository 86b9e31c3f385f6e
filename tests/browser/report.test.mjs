// report.test.mjs — a person's path through the pages, in headless
// Chromium: search, open a report, filter in place (and without
// JavaScript), export BibTeX, sign up, rate, flag, follow; the page on a
// phone.  Usage: node report.test.mjs BASE_URL SCREENSHOT_DIR
import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';

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
  const ctx = await browser.newContext({ acceptDownloads: true, bypassCSP: true, viewport: { width: 1200, height: 900 } });
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });

  // search from the home page
  await page.goto(base + '/');
  await page.fill('header input[name=q]', '"consistent with"');
  await page.press('header input[name=q]', 'Enter');
  await page.waitForSelector('li.stmt');
  check(/matching statement/.test(await page.textContent('p.count')), 'search shows a count of matching statements');
  check((await page.textContent('li.stmt mark')).length > 0, 'search results highlight the citing sentence');

  // open the most-cited work's report from the home page
  await page.goto(base + '/');
  await page.click('ol.top li:first-child a');
  await page.waitForSelector('.citedby');
  check(page.url().endsWith(work), 'the report is reached by DOI in the URL');
  check((await page.textContent('.citedby')).includes('Cited by 10 publications (28 citation statements)'), 'the report says who cites it');
  check(await page.locator('ul.tallies .badge').count() === 4, 'tallies are four badges');
  check(await page.locator('.chart svg rect').count() > 0, 'the per-year chart is drawn');
  await page.screenshot({ path: shots + '/demo-report.png', fullPage: true });

  // filter in place: no reload, URL updated, counts follow
  await page.evaluate(() => { window.__noReload = true; });
  await page.check('form.facets input[name=section][value=methods]');
  await page.waitForFunction(() => /6 matching/.test(document.querySelector('p.count').textContent));
  check(await page.evaluate(() => window.__noReload === true), 'the section facet filters in place (no reload)');
  check(page.url().includes('section=methods'), 'the filtered URL can be shared');
  await page.uncheck('form.facets input[name=section][value=methods]');
  // how many the classifier called contrasting, from the API: the page
  // must show exactly those
  const tal = await (await page.request.get(base + '/api/v1' + work + '/tallies')).json();
  const ncon = tal.tallies.contrasting;
  await page.check('form.facets input[name=type][value=contrasting]');
  await page.waitForFunction((n) => new RegExp('^' + n + ' matching').test(document.querySelector('p.count').textContent), ncon);
  check(await page.locator('li.stmt').count() === Math.min(ncon, 25) && page.url().includes('type=contrasting'),
    'filtering to contrasting shows its statements (' + ncon + ')');
  await page.goto(base + work);

  // export BibTeX
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#cite a.dl:text("bibtex")')]);
  const bib = readFileSync(await dl.path(), 'utf8');
  check(bib.startsWith('@article{okafor2015velorastat,') && bib.includes('28 citation statements'), 'BibTeX export downloads the entry with its tallies');

  // sign up, then back on the report
  await page.click('#rate a[href^="/account"]');
  await page.fill('form.signup input[name=username]', 'reader1');
  await page.fill('form.signup input[name=password]', 'a long passphrase');
  await page.click('form.signup button');
  await page.waitForSelector('.citedby');
  check(page.url().endsWith(work) && (await page.textContent('header nav')).includes('reader1'), 'sign-up signs in and returns to the report');

  // rate
  await page.selectOption('form.rate select[name=overall]', '4');
  await page.selectOption('form.rate select[name=rigour]', '5');
  await page.click('form.rate button');
  await page.waitForSelector('#rate');
  check((await page.textContent('#rate .rcount')).startsWith('1 rating'), 'rating is counted');
  check(await page.inputValue('form.rate select[name=overall]') === '4', 'the form shows my rating');

  // flag the first statement's classification
  const first = page.locator('li.stmt').first();
  const sid = await first.getAttribute('id');
  await first.locator('details.flagit summary').click();
  await first.locator('select[name=label]').selectOption('contrasting');
  await first.locator('input[name=comment]').fill('the authors disagree');
  await first.locator('details.flagit button').click();
  await page.waitForSelector('#' + sid + ' p.flag');
  const flag = await page.textContent('#' + sid + ' p.flag');
  check(flag.includes('contrasting') && flag.includes('reader1') && /\d{4}-\d\d-\d\d/.test(flag), 'the flag is shown with who and when');

  // follow, and see it on the account page
  await page.click('form.follow button');
  await page.waitForSelector('form.follow');
  check((await page.textContent('form.follow button')).includes('Following'), 'follow turns into following');
  await page.goto(base + '/account');
  check((await page.textContent('ul.follows')).includes('Velorastat'), 'the account page lists followed works');
  check(await page.locator('form.feed').count() === 1, 'the account page offers a feed URL');
  check(errors.length === 0, 'no script errors: ' + errors.join('; '));

  // without JavaScript the facet form still filters (full page)
  const nojs = await browser.newContext({ javaScriptEnabled: false });
  const p2 = await nojs.newPage();
  await p2.goto(base + work);
  await p2.check('form.facets input[name=section][value=discussion]');
  await p2.click('form.facets button.apply');
  await p2.waitForLoadState();
  check(/^10 matching/.test(await p2.textContent('p.count')) && p2.url().includes('section=discussion'), 'without JavaScript the facet form filters');

  // on a phone: one column, nothing wider than the screen
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
  const p3 = await phone.newPage();
  await p3.goto(base + work);
  const width = await p3.evaluate(() => document.documentElement.scrollWidth);
  check(width <= 390, 'readable on a phone (page width ' + width + ' <= 390)');
  await p3.screenshot({ path: shots + '/demo-report-phone.png', fullPage: false });
} finally {
  await browser.close();
}
console.log('browser: ' + failures + ' failed');
process.exit(failures ? 1 : 0);
