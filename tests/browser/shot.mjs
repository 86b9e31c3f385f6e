// shot.mjs — screenshots of one report page for people to look at
// (desktop full page and a phone screen).  Usage: node shot.mjs URL OUTPREFIX
import { chromium } from 'playwright-core';

const [url, out] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const desk = await (await browser.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
  const res = await desk.goto(url);
  if (!res.ok()) throw new Error(url + ': HTTP ' + res.status());
  await desk.screenshot({ path: out + '.png', fullPage: true });
  const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true })).newPage();
  await phone.goto(url);
  await phone.screenshot({ path: out + '-phone.png' });
  const w = await phone.evaluate(() => document.documentElement.scrollWidth);
  if (w > 390) throw new Error('phone: page is ' + w + ' px wide');
  console.log((await desk.textContent('.citedby')).trim());
} finally {
  await browser.close();
}
