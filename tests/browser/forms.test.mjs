// forms.test.mjs — the forms with their defences (issue 19), in headless
// Chromium: sign up, rate, flag, follow, a secret feed URL and sign out
// work with the form tokens the pages carry; a page on another origin of
// the same host (another port: same site, so the session cookie goes
// along) cannot rate or sign someone in; a tab-`next` redirect stays on
// the site.  Usage: node forms.test.mjs BASE_URL SCREENSHOT_DIR
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';

const [base] = process.argv.slice(2);
// not the work report.test.mjs rates and flags (both run on one server)
const work = '/works/10.5555/citectx-demo.04';
let failures = 0;
function check(cond, what) {
  if (cond) { console.log('ok   ' + what); return; }
  console.log('FAIL ' + what);
  failures++;
}

// the attacker: another port on the same host, serving forms that post
// to citectx as soon as they load
const evil = createServer((req, res) => {
  const forms = {
    '/rate': `<form id="f" method="post" action="${base}${work}/rate">
      <input name="overall" value="1"></form>`,
    '/login': `<form id="f" method="post" action="${base}/account/login">
      <input name="username" value="mallory"><input name="password" value="mallory password"></form>`,
  };
  res.writeHead(200, { 'Content-Type': 'text/html' });
  res.end(`<!doctype html><body>${forms[req.url] || ''}<script>document.getElementById('f').submit()</script>`);
});
await new Promise((r) => evil.listen(0, '127.0.0.1', r));
const evilBase = 'http://127.0.0.1:' + evil.address().port;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const ctx = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));

  // sign up through the form (its pre-session token)
  await page.goto(base + '/account?next=' + encodeURIComponent(work));
  check(await page.locator('form.signup input[name=csrf]').count() === 1, 'the sign-up form carries a form token');
  await page.fill('form.signup input[name=username]', 'formuser');
  await page.fill('form.signup input[name=password]', 'twelve words of passphrase');
  await page.click('form.signup button');
  await page.waitForSelector('.citedby');
  check(page.url() === base + work && (await page.textContent('header nav')).includes('formuser'), 'sign-up with its token signs in and returns to the report');

  // rate, flag, follow with the session's token
  await page.selectOption('form.rate select[name=overall]', '3');
  await page.click('form.rate button');
  await page.waitForSelector('#rate');
  const mine = async () => (await (await page.request.get(base + '/api/v1' + work + '/ratings')).json()).mine;
  check((await mine())?.overall === 3, 'the rating form is accepted');
  const first = page.locator('li.stmt').first();
  const sid = await first.getAttribute('id');
  await first.locator('details.flagit summary').click();
  await first.locator('select[name=label]').selectOption('supporting');
  await first.locator('details.flagit button').click();
  await page.waitForSelector('#' + sid + ' p.flag');
  check((await page.textContent('#' + sid + ' p.flag')).includes('formuser'), 'the flag form is accepted');
  await page.click('form.follow button');
  await page.waitForSelector('form.follow');
  check((await page.textContent('form.follow button')).includes('Following'), 'the follow form is accepted');

  // a page on another origin posts a rating with the victim's cookie
  const [forgedResp] = await Promise.all([
    page.waitForResponse((r) => r.url() === base + work + '/rate'),
    page.goto(evilBase + '/rate'),
  ]);
  check(forgedResp.status() === 403 && (await forgedResp.text()).includes('another site'), 'a rating posted from another origin is refused (403 page)');
  check((await mine())?.overall === 3, 'the forged rating did not change anything');

  // the account page: what I did, and a secret feed URL
  await page.goto(base + '/account');
  check((await page.textContent('ul.myratings')).includes('overall 3'), 'the account page lists my ratings');
  check((await page.textContent('ul.myflags')).includes('supporting'), 'the account page lists my flags');
  check((await page.textContent('ul.follows')).includes('VELO-2'), 'the account page lists my follows');
  await page.click('form.feed button');
  await page.waitForSelector('p.feedurl code');
  const feedUrl = (await page.textContent('p.feedurl code')).trim();
  const feedPath = new URL(feedUrl).pathname;
  const reader = await browser.newContext(); // no cookies, like a feed reader
  const fr = await reader.request.get(base + feedPath);
  check(fr.status() === 200 && (await fr.text()).includes('<feed'), 'the feed URL works without signing in');
  await page.click('form.feedrevoke button');
  await page.waitForSelector('form.feed');
  check((await reader.request.get(base + feedPath)).status() === 404, 'a revoked feed URL stops working');

  // sign out (a form with its token)
  await page.click('form[action="/account/logout"] button');
  await page.waitForLoadState();
  check((await page.textContent('header nav')).includes('Sign in'), 'sign-out works');

  // login CSRF: another origin signs the browser into its own account
  const [loginResp] = await Promise.all([
    page.waitForResponse((r) => r.url() === base + '/account/login'),
    page.goto(evilBase + '/login'),
  ]);
  check(loginResp.status() === 403, 'a sign-in posted from another origin is refused (403)');
  check(!(await ctx.cookies(base)).some((c) => c.name === 'ct_session' && c.value), 'a sign-in posted from another origin sets no session');

  // the tab-next redirect stays on the site
  const fresh = await browser.newContext();
  const p2 = await fresh.newPage();
  await p2.goto(base + '/account?next=%2F%09%2Fevil.example%2Fx');
  await p2.fill('form.login input[name=username]', 'formuser');
  await p2.fill('form.login input[name=password]', 'twelve words of passphrase');
  await p2.click('form.login button');
  await p2.waitForLoadState();
  check(p2.url() === base + '/', 'a next of /<TAB>/host lands on our home page (' + p2.url() + ')');
  check(errors.length === 0, 'no script errors: ' + errors.join('; '));
} finally {
  await browser.close();
  evil.close();
}
console.log('browser: ' + failures + ' failed');
process.exit(failures ? 1 : 0);
