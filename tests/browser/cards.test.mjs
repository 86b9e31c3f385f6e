// cards.test.mjs — one card per citing sentence on the web pages (issue
// 16), in headless Chromium: no search result page lists the same citing
// sentence of one article twice, nor do the pages reached by "More"; the
// count says sentences and statements and the pages hold that many
// sentences; each card names the works its sentence cites, linked to
// their reports; a reference linked to no work shows its text and no
// citectx:0 link.  Usage: node cards.test.mjs BASE_URL SCREENSHOT_DIR
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

const [base, shots] = process.argv.slice(2);
let failures = 0;
function check(cond, what) {
  if (cond) { console.log('ok   ' + what); return; }
  console.log('FAIL ' + what);
  failures++;
}

// The cards of the page: the citing work's link and the citing sentence.
async function cards(page) {
  return page.$$eval('li.stmt', (lis) => lis.map((li) => ({
    key: li.querySelector('p.from a').getAttribute('href') + ' | ' +
      Array.from(li.querySelectorAll('blockquote mark')).map((m) => m.textContent).join(''),
    cites: li.querySelectorAll('ul.cites li').length,
  })));
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
mkdirSync(shots, { recursive: true });
try {
  const page = await (await browser.newContext({ viewport: { width: 1200, height: 900 } })).newPage();

  // every page of a search, by its "More" link
  await page.goto(base + '/search?q=velorastat&limit=7');
  const m = /([\d,]+) matching statements? in ([\d,]+) sentences?/.exec(await page.textContent('p.count'));
  check(m !== null, 'the count says statements and sentences');
  const nsent = m ? Number(m[2].replace(/,/g, '')) : -1;
  const nstmt = m ? Number(m[1].replace(/,/g, '')) : -1;
  const seen = new Set();
  let repeats = 0, pages = 0, inpage = 0, multi = 0;
  for (;;) {
    const cs = await cards(page);
    const here = new Set(cs.map((c) => c.key));
    if (here.size !== cs.length) inpage++;
    for (const c of cs) {
      if (seen.has(c.key)) repeats++;
      seen.add(c.key);
      if (c.cites > 1) multi++;
    }
    pages++;
    const more = await page.$('a.more');
    if (!more || pages > 50) break;
    await Promise.all([page.waitForNavigation(), more.click()]);
  }
  check(pages > 1, `the search has several pages (${pages})`);
  check(inpage === 0, 'no page lists a citing sentence of one article twice');
  check(repeats === 0, 'no sentence comes back on a later page');
  check(seen.size === nsent, `the pages hold the ${nsent} sentences the count says (${seen.size})`);
  check(nstmt > nsent && multi > 0, 'sentences citing several works are one card each, listing them');

  // the card fixture: five references in one sentence, one of them unlinked
  await page.goto(base + '/search?q=zorvexine');
  await page.waitForSelector('li.stmt');
  const five = page.locator('li.stmt', { has: page.locator('ul.cites li:nth-child(5)') });
  check(await five.count() === 1, 'the sentence citing five references is one card');
  check(await five.locator('ul.cites li .badge').count() === 5, 'each cited work has its own label');
  const links = await five.locator('ul.cites li a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  check(links.length === 4 && links.every((h) => h.startsWith('/works/10.5555/citectx-cards.w')),
    'linked works point to their reports');
  const unlinked = page.locator('li.cite.unlinked');
  check(await unlinked.count() === 2, 'the unlinked reference appears in both sentences citing it');
  check((await unlinked.first().textContent()).includes('Zorvexine Working Group. Field notes.'),
    'an unlinked reference shows its text');
  check(await unlinked.locator('a').count() === 0, 'an unlinked reference is not a link');
  check(await page.locator('a[href*="citectx:0"]').count() === 0, 'no link to citectx:0 on the page');
  await page.screenshot({ path: shots + '/cards-search.png', fullPage: true });

  // a work's own list: the sentence citing it twice is one card, about it
  await page.goto(base + '/works/10.5555/citectx-cards.w1');
  await page.waitForSelector('li.stmt');
  check(await page.locator('li.stmt').count() === 1, "a work's list shows a sentence citing it twice once");
  check(/2 matching statements in 1 sentence/.test(await page.textContent('p.count')), 'and says both counts');
  check(await page.locator('li.stmt ul.cites li').count() === 3, 'with the other works it cites');
} finally {
  await browser.close();
}
if (failures) {
  console.log(`cards: ${failures} failed`);
  process.exit(1);
}
console.log('cards: all passed');
