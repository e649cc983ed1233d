// The CLI's `timeline --html` report in headless Chromium: it fetches nothing, logs no error,
// shows the chart and the tables, keeps log text as text (a hostile line's markup is not run or
// parsed), and hovering a bucket reads its counts out. Screenshots (light and dark) go to
// out/html/ (and to test/e2e/screenshots/ with --update-screenshots, for the README).
import { test, after, before } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launch, openPage } from './page.mjs';

const repo = resolve(import.meta.dirname, '..', '..');
const update = process.argv.includes('--update-screenshots') || process.env.ZIMBRA_LOGS_UPDATE_SCREENSHOTS === '1';
const shots = update ? join(repo, 'test', 'e2e', 'screenshots') : join(repo, 'out', 'html');
const dir = mkdtempSync(join(tmpdir(), 'timeline-html-'));
let browser;

// The samples, with a hostile line: a failed login whose account is markup.
const hostile = 'Oct 13 10:19:30 mta01 postfix/smtpd[4242]: warning: unknown[203.0.113.9]: SASL LOGIN authentication failed: UGFzc3dvcmQ6, sasl_username=<img src=x onerror=alert(1)><script>document.title="pwned"</script>';
// An account with markup in its name logs in from five addresses within the hour: the account report flags it.
const flaggedLogins = [1, 2, 3, 4, 5].map((i) => `Oct 13 10:19:4${i} mta01 postfix/submission/smtpd[4243]: 5A0000000${i}: client=unknown[198.51.100.${i}], sasl_method=PLAIN, sasl_username=<b>eve</b>@example.com`).join('\n');
function report(name, dark) {
  const log = join(dir, 'zimbra.log');
  writeFileSync(log, readFileSync(join(repo, 'samples', 'zimbra.log'), 'utf8') + hostile + '\n' + flaggedLogins + '\n');
  const out = join(dir, name);
  execFileSync(process.execPath, [join(repo, 'dist', 'cli.js'), 'timeline', log, join(repo, 'samples', 'mailbox.log'), join(repo, 'samples', 'audit.log'), '--html', out, '--year', '2026'], { stdio: ['ignore', 'ignore', 'inherit'] });
  return out;
}

before(async () => {
  browser = await launch();
  mkdirSync(shots, { recursive: true });
});
after(async () => browser?.close());

for (const dark of [false, true]) {
  test(`the HTML report (${dark ? 'dark' : 'light'}) fetches nothing, logs no error, and escapes log text`, async () => {
    const file = report(`timeline-${dark ? 'dark' : 'light'}.html`, dark);
    const html = readFileSync(file, 'utf8');
    assert.ok(!/<script[^>]+src=|<link[^>]+href=|https?:\/\//i.test(html.replace(/<script nonce="[^"]*">[\s\S]*?<\/script>/, '')), 'no outside script, style or address outside the inlined bundle');
    assert.ok(!html.includes('<img src=x'), 'the hostile account is not markup in the file');
    const { page, context, requests, errors } = await openPage(browser, file, { dark });
    try {
      assert.deepEqual(requests, [], 'no request');
      assert.equal(await page.title(), 'Timeline of zimbra.log, mailbox.log, audit.log');
      assert.equal(await page.locator('img').count(), 0, 'the hostile <img> is text');
      assert.ok(await page.locator('canvas').count() >= 1, 'a chart');
      const burst = await page.locator('section', { hasText: 'Bursts of failed logins' }).innerText();
      const totals = await page.locator('section', { hasText: 'Totals' }).locator('td').allInnerTexts();
      // The samples' counts (as `summary` gives them) plus the hostile failed login.
      const summary = JSON.parse(execFileSync(process.execPath, [join(repo, 'dist', 'cli.js'), 'summary', '--json', join(dir, 'zimbra.log'), join(repo, 'samples', 'mailbox.log'), join(repo, 'samples', 'audit.log')], { encoding: 'utf8' }));
      const p = summary.postfix;
      assert.deepEqual(totals.map(Number), [p.delivered, p.deferred, p.bounced, p.rejected, summary.mailbox.errors + summary.mailbox.fatals, summary.logins.failed]);
      assert.ok(burst.length > 0);
      // Hover the middle of the chart: the counts of a bucket are read out as text.
      const box = await page.locator('#chart .u-over').boundingBox();
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      assert.match(await page.locator('#hover').innerText(), /^2026-10-13T10:\d\d:00 \(60 s\): delivered \d+, deferred \d+/);
      // The flagged account: in its table, and in the hover text of its bucket, as text.
      const flagged = await page.locator('section', { hasText: 'Flagged accounts' }).innerText();
      assert.match(flagged, /2026-10-13T10:19:41\s+2026-10-13T10:19:45\s+<b>eve<\/b>@example\.com\s+5 client addresses within an hour/);
      assert.equal(await page.locator('b').count(), 0, 'the account is text');
      await page.evaluate(() => {
        const u = window.timeline.chart();
        window.timeline.showHover(u.valToIdx(Date.parse('2026-10-13T10:19:00Z') / 1000));
      });
      assert.match(await page.locator('#hover').innerText(), /^2026-10-13T10:19:00 \(60 s\): .*; flagged <b>eve<\/b>@example\.com: 5 client addresses within an hour/);
      await page.screenshot({ path: join(shots, `timeline-report-${dark ? 'dark' : 'light'}.png`), fullPage: true });
      assert.deepEqual(errors, [], 'no console error');
      assert.deepEqual(requests, [], 'no request after hovering either');
    } finally {
      await context.close();
    }
  });
}
