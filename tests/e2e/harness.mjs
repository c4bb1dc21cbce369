// Helpers for the browser tests: a fresh database in a temporary directory (made with
// `norrsken init` or `norrsken demo --password-file`), a server on a free loopback port,
// Debian's Chromium through playwright-core (never a downloaded browser), and axe-core.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const BIN = process.env.NORRSKEN_BIN;
if (!BIN) throw new Error('NORRSKEN_BIN must point at the norrsken binary');

export const CHROMIUM = process.env.NORRSKEN_CHROMIUM || '/usr/bin/chromium';
export const PASSWORD = 'korrekt häst batteri häftklammer';

const here = path.dirname(fileURLToPath(import.meta.url));
const AXE_FILE = path.join(here, 'node_modules', 'axe-core', 'axe.min.js');

function cli(dir, db, args) {
  return execFileSync(BIN, ['--db', db, ...args], {
    cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
  });
}

// Start a server on a new database.
//   mode 'init': `norrsken init`; adminOtp is the first administrator's one-time password.
//   mode 'demo': `norrsken demo --password-file`; every demo account (user name = role name
//                with '.' for '_') has password PASSWORD and need not change it; years (e.g.
//                0 for no casework at all) is passed on as `--years`.
// Returns { url, dir, db, adminOtp, cli(args), sql(statement), stderr(), stop() }.
export async function startServer({ mode = 'init', years = null } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'norrsken-e2e-'));
  const db = path.join(dir, 'norrsken.db');
  let adminOtp = null;
  if (mode === 'demo') {
    const pw = path.join(dir, 'password.txt');
    fs.writeFileSync(pw, PASSWORD + '\n', { mode: 0o600 });
    cli(dir, db, ['demo', '--password-file', pw, ...(years === null ? [] : ['--years', String(years)])]);
  } else {
    const out = cli(dir, db, ['init']);
    const m = out.match(/^Engångslösenord: (\S+)$/m);
    if (!m) throw new Error('init printed no one-time password:\n' + out);
    adminOtp = m[1];
  }

  const child = spawn(BIN, ['--db', db, 'serve', '--port', '0'], {
    cwd: dir, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('server did not start: ' + stderr)), 15000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/Norrsken lyssnar på (http:\/\/[^\s]+?)\/?\n/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', () => { clearTimeout(timer); reject(new Error('server exited: ' + stderr)); });
  });

  return {
    url, dir, db, adminOtp,
    cli: (args) => cli(dir, db, args),
    sql: (statement) => execFileSync('sqlite3', [db, statement], { encoding: 'utf8' }),
    stderr: () => stderr,
    // SIGTERM, wait for the exit, remove the directory. Returns { code, signal, stderr }.
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const r = await exited;
      fs.rmSync(dir, { recursive: true, force: true });
      return { ...r, stderr };
    },
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// A new browser context (own cookie jar) and page, Swedish locale. Every console error and
// every CSP violation is collected in page.problems so tests can assert there were none.
export async function newPage(browser) {
  const context = await browser.newContext({ locale: 'sv-SE', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  page.problems = [];
  // Failed loads are reported with their address by the 'response' handler below.
  page.on('console', (m) => {
    if (m.type() === 'error' && !/^Failed to load resource/.test(m.text())) page.problems.push('console: ' + m.text());
  });
  page.on('response', (r) => {
    if (r.status() >= 400) page.problems.push(`HTTP ${r.status()} ${r.request().method()} ${r.url()}`);
  });
  page.on('pageerror', (e) => page.problems.push('pageerror: ' + e.message));
  return page;
}

let axeSource = null;

// Run axe-core on the current page. The server's CSP forbids inline script, so axe is not
// injected with a <script> tag: page.evaluate runs through the DevTools protocol, which CSP
// does not govern. Returns the violations with impact 'serious' or 'critical'.
export async function seriousViolations(page) {
  if (axeSource === null) axeSource = fs.readFileSync(AXE_FILE, 'utf8');
  const loaded = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!loaded) await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return {
      ran: r.passes.length + r.violations.length,
      violations: r.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map((n) => n.target.join(' ') + ' — ' + n.failureSummary),
      })),
    };
  });
  if (result.ran === 0) throw new Error('axe ran no rules on ' + page.url());
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export function describeViolations(vs) {
  return vs.map((v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.join('\n    ')}`).join('\n');
}

// Steps of a walk-through test that follows a user from page to page. getPage() returns the
// page in use. Returns { step, follow, assertAccessible, pathOf }:
//   step(name, fn)      a node:test test that is never skipped; after a failed step the rest
//                       fail at once, naming it, and a failure shows what <main> read
//   follow(locator, what, { expected })
//                       click a link or submit button, wait for the page, and check that no
//                       HTTP or console error came with it (expected: regexes to allow)
//   assertAccessible(what)
//                       axe finds no serious or critical violation and the page does not
//                       scroll sideways (a table or panel too wide for its box)
export function walkthrough(getPage, { test: nodeTest, assert }) {
  let broken = null;
  const step = (name, fn) => nodeTest(name, async () => {
    if (broken) assert.fail(`not run: the earlier step "${broken}" failed`);
    try {
      await fn();
    } catch (e) {
      broken = name;
      const page = getPage();
      if (page) {
        const where = page.url();
        const main = await page.locator('main').innerText().catch(() => '(no <main>)');
        e.message += `\n--- on ${where}, <main> reads:\n${main.slice(0, 3000)}`;
      }
      throw e;
    }
  });
  const pathOf = (p = getPage()) => new URL(p.url()).pathname;
  async function follow(locator, what, { expected = [] } = {}) {
    const page = getPage();
    assert.equal(await locator.count(), 1, `exactly one "${what}" on ${page.url()}`);
    await Promise.all([page.waitForEvent('load'), locator.click()]);
    const allowed = [];
    page.problems = page.problems.filter((p) => {
      const i = expected.findIndex((re) => re.test(p));
      if (i >= 0) { allowed.push(p); return false; }
      return true;
    });
    assert.deepEqual(page.problems, [], `console or HTTP errors after "${what}" (now on ${page.url()})`);
    assert.equal(allowed.length, expected.length, `expected problems after "${what}": ${expected} (saw ${allowed})`);
  }
  async function assertAccessible(what) {
    const page = getPage();
    const vs = await seriousViolations(page);
    assert.equal(vs.length, 0, `axe on ${what} (${page.url()}):\n${describeViolations(vs)}`);
    const overflow = await page.evaluate(() => {
      const d = document.documentElement;
      if (d.scrollWidth <= d.clientWidth) return null;
      const wide = [...document.querySelectorAll('main *')].filter((e) => e.getBoundingClientRect().right > d.clientWidth + 1);
      return `${d.scrollWidth} > ${d.clientWidth}: ` + wide.slice(0, 5).map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')).join(', ');
    });
    assert.equal(overflow, null, `${what} (${page.url()}) scrolls sideways`);
  }
  return { step, follow, assertAccessible, pathOf };
}
