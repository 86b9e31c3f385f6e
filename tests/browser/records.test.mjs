// records.test.mjs — records people can read (issue 16), in headless
// Chromium, on the invented article of tests/data/records: its reference
// list has no glued words and links each reference to doi.org / PubMed;
// the record links its DOI, PMID and PMCID to the full text (doi.org,
// PubMed, PMC, Europe PMC), shows the abstract under its section
// headings, keywords and funders as list items, affiliations without
// institution identifiers, and the ORCID as a link.
// Usage: node records.test.mjs BASE_URL SCREENSHOT_DIR
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

const [base, shots] = process.argv.slice(2);
const work = '/works/10.5555/citectx-records.01';
let failures = 0;
function check(cond, what) {
  if (cond) { console.log('ok   ' + what); return; }
  console.log('FAIL ' + what);
  failures++;
}
// the glue signatures of tests/real/t0125 (names glued to initials and
// the next word, a lower-case word glued to a capitalised one, letters
// glued to a year)
const glued = /[a-z][A-Z]{1,3}[A-Z][a-z]|\b[a-z]{3,}[A-Z][a-z]|[A-Za-z]{3}(19|20)\d\d/;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
mkdirSync(shots, { recursive: true });
try {
  const page = await (await browser.newContext({ viewport: { width: 1200, height: 900 } })).newPage();
  const r = await page.goto(base + work);
  check(r.status() === 200, 'the report page of the invented article opens');

  const refs = await page.locator('#references ol.refs > li').allTextContents();
  check(refs.length === 2, 'two references listed (' + refs.length + ')');
  check(refs.every((t) => !glued.test(t)), 'no glued words in the reference list: ' + refs.join(' | '));
  check(refs.some((t) => t.includes('Sedgewick G, Singhal S, Husseini R. Intended and unintended tiredness')),
    'the element-citation reads "Authors. Title."');
  check(refs.some((t) => t.includes('Stud Fict Plann 2014;45(3):301-314')), 'journal year;vol(issue):pages');
  check(refs.some((t) => t.includes('Arendale M, and Pollard QT. Epidemiology')), 'the mixed citation keeps its text, spaced');
  check(await page.locator('#references a[href="https://doi.org/10.5555/citectx-records.r1"]').count() === 1,
    'a reference links to doi.org');
  check(await page.locator('#references a[href="https://pubmed.ncbi.nlm.nih.gov/99000202/"]').count() === 1,
    'a reference links to PubMed');

  const rec = page.locator('article.record');
  check(await rec.locator('a[href="https://doi.org/10.5555/citectx-records.01"]').count() === 1, 'the DOI links to doi.org');
  check(await rec.locator('a[href="https://pubmed.ncbi.nlm.nih.gov/99000101/"]').count() === 1, 'the PMID links to PubMed');
  check(await rec.locator('a[href="https://www.ncbi.nlm.nih.gov/pmc/articles/PMC9900101/"]').count() === 1, 'the PMCID links to PMC');
  check(await rec.locator('a[href="https://europepmc.org/article/PMC/PMC9900101"]').count() === 1, 'a link to Europe PMC');
  check(await rec.locator('a.orcid[href="https://orcid.org/0000-0002-1825-0097"]').count() === 1, 'the ORCID is a link');
  const affs = await rec.locator('ol.affs li').allTextContents();
  check(affs.length === 2 && affs[0] === 'Department of Imaginary Medicine, Lowmoor University, Lowmoor, Nowhereshire',
    'affiliations without identifiers: ' + affs.join(' | '));
  const kw = await rec.locator('.keywords li').allTextContents();
  check(kw.join('|') === 'Quillwort|Winter fatigue|Herbal extract|E. coli Nissle', 'keywords as items: ' + kw.join('|'));
  check((await rec.locator('.funding li').allTextContents()).join('|') === 'Lowmoor Research Fund (LRF-42)', 'funding shown');
  await rec.locator('details.abstract summary').click();
  const heads = await rec.locator('details.abstract h3').allTextContents();
  check(heads.join('|') === 'Background|Methods|Findings', 'abstract headings: ' + heads.join('|'));
  check(!/SummaryBackground|BackgroundWinter/.test(await rec.innerText()), 'no heading runs into the text (as rendered)');
  await page.screenshot({ path: shots + '/records.png', fullPage: true });
} catch (e) {
  console.log('FAIL ' + e.message);
  failures++;
} finally {
  await browser.close();
}
console.log(failures ? `records: ${failures} failed` : 'records: all passed');
process.exit(failures ? 1 : 0);
