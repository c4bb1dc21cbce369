// The annual report (issue 7) in headless Chromium (Debian's, through playwright-core):
//  - `norrsken demo --password-file` (three years of casework ending today, and the centre
//    manager's FTE and texts for each year);
//  - centre.manager: Statistik och rapporter → Verksamhetsberättelse opens the report for the
//    demo's latest year (the current year), with the demo's texts, tables and SVG charts;
//  - the year switcher (År + Visa) changes to the year before, and back;
//  - each of the four downloads: the file name the browser saves
//    (verksamhetsberattelse-YYYY.html|csv|json|xlsx), and the CSV and JSON hold a known
//    table id and the report's title;
//  - axe-core: no serious or critical violation on the landing page and the report;
//  - print: with print media the menu and the tools are hidden and every SVG chart still has
//    a size; the page also prints to PDF.
// Screenshots and the PDF: in $NORRSKEN_E2E_OUT, or a directory under the system's temporary
// directory (printed at the end).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  launchBrowser, newPage, PASSWORD, startServer, walkthrough,
} from './harness.mjs';

const YEAR = Number(new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric' }).format(new Date()));
const OUT = process.env.NORRSKEN_E2E_OUT || fs.mkdtempSync(path.join(os.tmpdir(), 'norrsken-e2e-report-'));
const TABLE = 'started.victim_support.gender';

let srv;
let browser;
let page;
const { step, follow, assertAccessible, pathOf } = walkthrough(() => page, { test, assert });

before(async () => {
  fs.mkdirSync(OUT, { recursive: true });
  srv = await startServer({ mode: 'demo' });
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (srv) {
    const r = await srv.stop();
    assert.equal(r.code, 0, 'server exits cleanly on SIGTERM:\n' + r.stderr);
    assert.doesNotMatch(r.stderr, /Sanitizer|runtime error:/, 'sanitizer report from the server');
  }
  console.log(`report e2e: screenshots and PDF in ${OUT}`);
});

const main = () => page.locator('main');
const heading = async () => (await page.locator('main h1').innerText()).trim();
const menu = (name) => page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name, exact: true });

step('sign in as centre.manager and open Statistik och rapporter', async () => {
  page = await newPage(browser);
  const res = await page.goto(srv.url + '/login');
  assert.equal(res.status(), 200);
  await page.getByLabel('Användarnamn', { exact: true }).fill('centre.manager');
  await page.getByLabel('Lösenord', { exact: true }).fill(PASSWORD);
  await follow(page.getByRole('button', { name: 'Logga in', exact: true }), 'Logga in');
  assert.equal(pathOf(), '/');
  await follow(menu('Statistik och rapporter'), 'Statistik och rapporter in the main menu');
  assert.equal(pathOf(), '/statistics');
  assert.equal(await heading(), 'Statistik och rapporter');
  await assertAccessible('the statistics landing page');
});

step('Verksamhetsberättelse: the demo\'s latest year with texts, tables and charts', async () => {
  await follow(main().getByRole('link', { name: 'Verksamhetsberättelse', exact: true }), 'Verksamhetsberättelse');
  assert.equal(pathOf(), '/statistics/annual');
  assert.equal(await heading(), `Verksamhetsberättelse ${YEAR}`);
  const text = await main().innerText();
  for (const h of ['Måluppfyllelse', 'Väsentliga händelser', 'Individuellt stöd', 'Jourlägenheter', 'Ekonomi']) {
    assert.match(text, new RegExp(h), `the section ${h}`);
  }
  assert.match(text, /Samarbetet med socialtjänsten|Verksamheten har nått målen|Samtal i hemkommunen har erbjudits/, 'the demo\'s goals text');
  const t = main().locator(`table[data-table="${TABLE}"]`);
  assert.equal(await t.count(), 1, `the table ${TABLE}`);
  const head = (await t.locator('thead').innerText()).replace(/\s+/g, ' ');
  assert.match(head, new RegExp(`${YEAR - 2}.*${YEAR - 1}.*${YEAR}`), 'three years side by side: ' + head);
  assert.ok(await main().locator('svg').count() >= 5, 'SVG charts on the page');
  assert.match(text, /Övriga kommuner/, 'the other municipalities added together');
  await assertAccessible('the annual report');
  await page.screenshot({ path: path.join(OUT, 'report-screen.png'), fullPage: false });
});

step('the year switcher: År → the year before → Visa, and back', async () => {
  const year = page.getByLabel('År', { exact: true });
  assert.equal(await year.inputValue(), String(YEAR));
  await year.selectOption(String(YEAR - 1));
  await follow(main().getByRole('button', { name: 'Visa', exact: true }), 'Visa');
  assert.equal(pathOf(), '/statistics/annual');
  assert.equal(new URL(page.url()).searchParams.get('year'), String(YEAR - 1));
  assert.equal(await heading(), `Verksamhetsberättelse ${YEAR - 1}`);
  const head = (await main().locator(`table[data-table="${TABLE}"] thead`).innerText()).replace(/\s+/g, ' ');
  assert.match(head, new RegExp(`${YEAR - 3}.*${YEAR - 2}.*${YEAR - 1}`), 'the years moved: ' + head);
  await page.getByLabel('År', { exact: true }).selectOption(String(YEAR));
  await follow(main().getByRole('button', { name: 'Visa', exact: true }), 'Visa (back)');
  assert.equal(await heading(), `Verksamhetsberättelse ${YEAR}`);
});

step('download each format', async () => {
  const links = { html: 'HTML för utskrift', csv: 'CSV', json: 'JSON', xlsx: 'Excel (XLSX)' };
  for (const [fmt, name] of Object.entries(links)) {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      main().getByRole('link', { name, exact: true }).click(),
    ]);
    assert.equal(download.suggestedFilename(), `verksamhetsberattelse-${YEAR}.${fmt}`, `${fmt}: the file name`);
    const file = path.join(OUT, download.suggestedFilename());
    await download.saveAs(file);
    const body = fs.readFileSync(file);
    assert.ok(body.length > 200, `${fmt}: not empty`);
    if (fmt === 'csv') {
      const s = body.toString('utf8');
      assert.ok(s.includes(`;${TABLE};`), 'the CSV has the table id');
      assert.ok(s.includes('Individuellt stöd'), 'and the section title');
    } else if (fmt === 'json') {
      const doc = JSON.parse(body.toString('utf8'));
      assert.equal(doc.year, YEAR);
      assert.ok(doc.sections.some((sec) => sec.tables.some((tb) => tb.id === TABLE)), 'the JSON has the table');
    } else if (fmt === 'html') {
      assert.match(body.toString('utf8'), new RegExp(`Verksamhetsberättelse ${YEAR}`));
    } else {
      assert.equal(body.subarray(0, 2).toString(), 'PK', 'the XLSX is a zip');
    }
  }
  assert.deepEqual(page.problems, [], 'no console or HTTP errors');
});

step('print: the menu and tools are hidden, the charts render', async () => {
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('nav.nav').isVisible(), false, 'the main menu is hidden in print');
  assert.equal(await page.locator('header.top').isVisible(), false, 'and the site header');
  assert.equal(await main().getByRole('button', { name: 'Visa', exact: true }).isVisible(), false, 'the year switcher is hidden');
  assert.equal(await main().getByRole('link', { name: 'CSV', exact: true }).isVisible(), false, 'the downloads are hidden');
  const charts = main().locator('svg');
  const n = await charts.count();
  assert.ok(n >= 5, 'charts in print');
  for (let i = 0; i < n; i++) {
    const box = await charts.nth(i).boundingBox();
    assert.ok(box && box.width > 0 && box.height > 0, `chart ${i} has a size in print: ${JSON.stringify(box)}`);
  }
  await page.screenshot({ path: path.join(OUT, 'report-print.png'), fullPage: false });
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-', 'the page prints to PDF');
  fs.writeFileSync(path.join(OUT, 'report.pdf'), pdf);
  await page.emulateMedia({ media: 'screen' });
  await page.context().close();
  page = null;
});
