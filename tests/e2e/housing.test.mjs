// Emergency apartments and invoices (issue 6), in headless Chromium (Debian's, through
// playwright-core):
//  - `norrsken demo --years 0 --password-file`: the accounts, the 2025 budget and the
//    population but no casework, so every stay on the pages belongs to this test;
//  - centre.staff: Klienter → Ny klient with a birth year only (no identity number) gives a
//    client code; Jourlägenheter → Ny vistelse books "Lägenhet 1" for that code, nights 3–7 of
//    the current month; the calendar for the month marks exactly those nights "U" (occupied)
//    for Lägenhet 1 and never shows who lives there; an overlapping stay in the same apartment
//    is refused (422) with a Swedish message naming the other stay's dates next to
//    "Inflyttning", and the stays list still has one stay;
//  - finance: Ekonomi → Föregående år (2025) → Fakturor → "Skapa årets januarifakturor": the
//    list shows 8 invoices; Ragunda's shows 183 907 kr and the recipient's organisation number
//    212000-2452; generating again is refused with a Swedish message and the list still has 8;
//  - axe-core: no serious or critical violation on the calendar, the new-stay form (also with
//    the overlap error), the stays list, the economy page, the invoice list and an invoice; no
//    console error and no HTTP status ≥ 400 except the two intentional 422s.
// Every step follows the links and buttons a user would; a missing or broken page fails the
// test (a step after a failed one fails too, naming the step that broke).
// Screenshots: /tmp/e2e-calendar.png and /tmp/e2e-invoice.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launchBrowser, newPage, PASSWORD, startServer, walkthrough,
} from './harness.mjs';

// ---------------------------------------------------------------------------------------------
// Dates of the stay: the current month in Swedish time (the server's "today" is Swedish; ctest
// runs with TZ=Europe/Stockholm). Booking ahead is allowed, so day 3–8 works all month.

const MONTHS = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti',
  'september', 'oktober', 'november', 'december'];
const [YEAR, MONTH] = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit' })
  .format(new Date()).split('-').map(Number);
const DAYS_IN_MONTH = new Date(Date.UTC(YEAR, MONTH, 0)).getUTCDate();
const ymd = (d) => `${YEAR}-${String(MONTH).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const IN_DAY = 3;
const OUT_DAY = 8; // nights 3, 4, 5, 6, 7 are occupied; the night of the 8th is free
const OVERLAP_IN = 6;
const OVERLAP_OUT = 10;
const FIRST_NAME = 'Zelmira';
const LAST_NAME = 'Kalenderqvist';

// ---------------------------------------------------------------------------------------------

let srv;
let browser;
let page; // the signed-in user of the current part
const { step, follow, assertAccessible, pathOf } = walkthrough(() => page, { test, assert });
const seen = {}; // what the steps learn: clientCode, stayPath, invoiceUrl

before(async () => {
  srv = await startServer({ mode: 'demo', years: 0 });
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (srv) {
    const r = await srv.stop();
    assert.equal(r.code, 0, 'server exits cleanly on SIGTERM:\n' + r.stderr);
    assert.doesNotMatch(r.stderr, /Sanitizer|runtime error:/, 'sanitizer report from the server');
  }
});





function menu(name) {
  return page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name, exact: true });
}

function subnav(name) {
  return page.getByRole('navigation', { name: 'Jourlägenheter' }).getByRole('link', { name, exact: true });
}

function main() {
  return page.locator('main');
}

async function heading() {
  return (await page.locator('main h1').innerText()).trim();
}

async function signIn(user) {
  if (page) await page.context().close();
  page = await newPage(browser);
  const res = await page.goto(srv.url + '/login');
  assert.equal(res.status(), 200, 'the login page');
  await page.getByLabel('Användarnamn', { exact: true }).fill(user);
  await page.getByLabel('Lösenord', { exact: true }).fill(PASSWORD);
  await follow(page.getByRole('button', { name: 'Logga in', exact: true }), `Logga in (${user})`);
  assert.equal(pathOf(), '/', `${user} is signed in, on the start page`);
}

// An amount as the pages write it: "183 907 kr" with a space or a no-break space (U+00A0 or
// U+202F) between the thousands.
function amountRe(kronor) {
  const s = kronor.toLocaleString('en-US').replace(/,/g, '[\\s\\u00a0\\u202f]');
  return new RegExp(`^${s}(,00)?[\\s\\u00a0\\u202f]kr$`);
}

// The calendar row of an apartment: its cells (day 1..n), and the "N av M" count at the end.
async function calendarRow(label) {
  const table = main().locator('table.calendar');
  assert.equal(await table.count(), 1, 'the page has the calendar table');
  const row = table.locator('tbody tr').filter({ has: page.locator('th[scope="row"]', { hasText: new RegExp(`^${label}\\b`) }) });
  assert.equal(await row.count(), 1, `the calendar has a row for ${label}`);
  const cells = (await row.locator('td').allInnerTexts()).map((t) => t.trim());
  return { days: cells.slice(0, -1), count: cells[cells.length - 1] };
}

// ---------------------------------------------------------------------------------------------

step('sign in as centre.staff and register a client with a birth year only', async () => {
  await signIn('centre.staff');
  await follow(menu('Klienter och ärenden'), 'Klienter och ärenden in the main menu');
  assert.equal(pathOf(), '/clients');
  await follow(main().getByRole('link', { name: 'Ny klient', exact: true }), 'Ny klient');
  assert.equal(pathOf(), '/clients/new');
  await page.getByLabel(/^Födelseår/).fill('1979');
  await page.getByLabel('Förnamn', { exact: true }).fill(FIRST_NAME);
  await page.getByLabel('Efternamn', { exact: true }).fill(LAST_NAME);
  await page.getByLabel('Kön', { exact: true }).selectOption({ label: 'Kvinna' });
  await page.getByLabel('Hemkommun', { exact: true }).selectOption({ label: 'Ragunda' });
  await page.getByLabel('Våldsutsatt', { exact: true }).check();
  await follow(page.getByRole('button', { name: 'Registrera klient', exact: true }), 'Registrera klient');
  assert.match(pathOf(), /^\/clients\/\d+$/, 'registered: on the client page');
  const m = (await heading()).match(/\bK-\d{4}-\d{4}\b/);
  assert.ok(m, 'the client page heading shows the client code: ' + (await heading()));
  seen.clientCode = m[0];
});

step('Jourlägenheter → Ny vistelse: book Lägenhet 1 for nights 3–7 of this month', async () => {
  await follow(menu('Jourlägenheter'), 'Jourlägenheter in the main menu');
  assert.equal(pathOf(), '/apartments');
  assert.equal(await heading(), 'Jourlägenheter');
  const before = await calendarRow('Lägenhet 1');
  assert.equal(before.days.length, DAYS_IN_MONTH, 'one cell per day of the month');
  assert.ok(before.days.every((c) => c === 'L'), 'before the booking every night is free: ' + before.days.join(''));

  await follow(subnav('Ny vistelse'), 'Ny vistelse');
  assert.equal(pathOf(), '/apartments/stays/new');
  assert.equal(await heading(), 'Ny vistelse i jourlägenhet');
  await assertAccessible('the new-stay form');
  await page.getByLabel('Lägenhet', { exact: true }).selectOption({ label: 'Lägenhet 1' });
  await page.getByLabel(/^Den vuxnas klientkod/).fill(seen.clientCode);
  await page.getByLabel('Inflyttning', { exact: true }).fill(ymd(IN_DAY));
  await page.getByLabel(/^Utflyttning/).fill(ymd(OUT_DAY));
  await follow(page.getByRole('button', { name: 'Spara vistelsen', exact: true }), 'Spara vistelsen');
  assert.match(pathOf(), /^\/apartments\/stays\/\d+$/, 'saved: on the stay page');
  seen.stayPath = pathOf();
  const text = await main().innerText();
  assert.match(text, /Vistelsen är sparad/);
  assert.match(text, /Lägenhet 1/);
  assert.match(text, new RegExp(`Inflyttning\\s+${ymd(IN_DAY)}`));
  assert.match(text, new RegExp(`Utflyttning\\s+${ymd(OUT_DAY)}`));
  assert.match(text, /Nätter\s+5\b/, 'five nights');
});

step('the calendar for the month marks nights 3–7 occupied for Lägenhet 1, and never who', async () => {
  await follow(subnav('Beläggningskalender'), 'Beläggningskalender');
  assert.equal(pathOf(), '/apartments');
  const month = `${MONTHS[MONTH - 1]} ${YEAR}`;
  const caption = (await main().locator('table.calendar caption').innerText()).trim();
  assert.match(caption, new RegExp(`^Beläggning ${month}: U = upptagen natt, L = ledig natt$`), 'the caption: ' + caption);
  const row = await calendarRow('Lägenhet 1');
  const want = Array.from({ length: DAYS_IN_MONTH }, (_, i) => (i + 1 >= IN_DAY && i + 1 < OUT_DAY ? 'U' : 'L'));
  assert.equal(row.days.join(''), want.join(''), 'U exactly on the nights of the stay');
  assert.equal(row.count, `5 av ${DAYS_IN_MONTH}`, 'the row counts five occupied nights');
  // the other apartments stay free
  const others = main().locator('table.calendar tbody tr').filter({ hasNot: page.locator('th', { hasText: /^Lägenhet 1$/ }) });
  for (const t of await others.allInnerTexts()) assert.doesNotMatch(t, /\bU\b/, 'another apartment is free: ' + t);
  // the cells say what U means to a screen reader
  const cell = main().locator('table.calendar tbody tr').first().locator('td').nth(IN_DAY - 1);
  assert.equal(await cell.locator('abbr').getAttribute('title'), 'upptagen');
  const body = await page.locator('body').innerText();
  assert.ok(!body.includes(seen.clientCode), 'the calendar does not show the client code');
  for (const w of [FIRST_NAME, LAST_NAME]) {
    const i = body.indexOf(w);
    assert.equal(i, -1, `the calendar does not show the name: …${body.slice(Math.max(0, i - 60), i + 60)}…`);
  }
  assert.ok(!(await page.content()).includes(seen.clientCode), 'nor does its HTML');
  await assertAccessible('the apartments calendar');
  await page.screenshot({ path: '/tmp/e2e-calendar.png', fullPage: true });
});

step('an overlapping stay in Lägenhet 1 is refused next to "Inflyttning"; nothing is stored', async () => {
  await follow(subnav('Ny vistelse'), 'Ny vistelse');
  await page.getByLabel('Lägenhet', { exact: true }).selectOption({ label: 'Lägenhet 1' });
  await page.getByLabel(/^Den vuxnas klientkod/).fill(seen.clientCode);
  await page.getByLabel('Inflyttning', { exact: true }).fill(ymd(OVERLAP_IN));
  await page.getByLabel(/^Utflyttning/).fill(ymd(OVERLAP_OUT));
  await follow(page.getByRole('button', { name: 'Spara vistelsen', exact: true }), 'Spara vistelsen (overlapping)',
    { expected: [/^HTTP 422 POST .*\/apartments\/stays\/new$/] });
  assert.equal(pathOf(), '/apartments/stays/new', 'the form is shown again');
  assert.ok(await page.getByRole('alert').first().isVisible(), 'a summary of the error');
  const moveIn = page.getByLabel('Inflyttning', { exact: true });
  assert.equal(await moveIn.getAttribute('aria-invalid'), 'true', 'the move-in field is marked invalid');
  assert.equal(await moveIn.inputValue(), ymd(OVERLAP_IN), 'what was typed is kept');
  const describedBy = await moveIn.getAttribute('aria-describedby');
  assert.ok(describedBy, 'the field points at its error message (aria-describedby)');
  const msg = page.locator('#' + describedBy);
  const text = (await msg.innerText()).trim();
  assert.match(text, new RegExp(`Lägenhet 1 är upptagen ${ymd(IN_DAY)}\\s*[–-]\\s*${ymd(OUT_DAY)}`),
    'the message names the apartment and the other stay\'s dates, in Swedish: ' + text);
  const sameField = await msg.evaluate((m, id) => {
    const input = document.getElementById(id);
    return !!input && m.closest('.field, fieldset, div') === input.closest('.field, fieldset, div');
  }, await moveIn.getAttribute('id'));
  assert.ok(sameField, 'the message stands next to "Inflyttning"');
  assert.equal(await page.getByLabel(/^Den vuxnas klientkod/).inputValue(), seen.clientCode, 'the other answers are kept');
  await assertAccessible('the new-stay form with the overlap error');

  await follow(subnav('Vistelser'), 'Vistelser');
  assert.equal(pathOf(), '/apartments/stays');
  assert.match(await main().locator('table caption').first().innerText(), /^Vistelser \(1 st\)$/, 'one stay');
  const rows = main().locator('tbody tr');
  assert.equal(await rows.count(), 1, 'the list has one stay');
  const row = await rows.first().innerText();
  assert.match(row, /Lägenhet 1/);
  assert.match(row, new RegExp(ymd(IN_DAY)));
  assert.match(row, new RegExp(ymd(OUT_DAY)));
  assert.ok(row.includes(seen.clientCode), 'the stays list names the client by code');
  assert.equal(await rows.first().locator(`a[href="${seen.stayPath}"]`).count(), 1, 'linking to the stay');
  await assertAccessible('the stays list');
  assert.deepEqual(page.problems, [], 'no console or HTTP errors');
});

step('finance: Ekonomi → 2025 → Fakturor → generate the January invoices: 8 invoices', async () => {
  await signIn('finance');
  await follow(menu('Ekonomi'), 'Ekonomi in the main menu');
  assert.equal(pathOf(), '/economy');
  // from the current year back to 2025 (the demo's budget year)
  while (/^Ekonomi \d{4}$/.test(await heading()) && Number(/\d{4}/.exec(await heading())[0]) > 2025) {
    await follow(main().getByRole('navigation', { name: 'År' }).getByRole('link', { name: 'Föregående år', exact: true }),
      'Föregående år');
  }
  assert.equal(await heading(), 'Ekonomi 2025');
  assert.match(await main().innerText(), /Budget 2025/, 'the demo has the 2025 budget');
  await assertAccessible('the economy page (2025)');

  await follow(main().getByRole('navigation', { name: 'År' }).getByRole('link', { name: 'Fakturor', exact: true }), 'Fakturor');
  assert.equal(pathOf(), '/economy/invoices');
  assert.equal(await heading(), 'Fakturor 2025');
  assert.match(await main().locator('tbody').innerText(), /Inga fakturor detta år/, 'no invoices yet');
  await assertAccessible('the invoice list (empty)');

  await follow(main().getByRole('button', { name: 'Skapa årets januarifakturor', exact: true }), 'Skapa årets januarifakturor');
  assert.equal(pathOf(), '/economy/invoices');
  assert.equal(await heading(), 'Fakturor 2025');
  assert.match(await page.getByRole('status').first().innerText(), /\b8 fakturor skapades/, 'the notice counts 8');
  const rows = main().locator('table tbody tr');
  assert.equal(await rows.count(), 8, 'the list shows 8 invoices');
  await assertAccessible('the invoice list (8 invoices)');
});

step('open Ragunda\'s invoice: 183 907 kr, organisation number 212000-2452', async () => {
  const row = main().locator('table tbody tr').filter({ hasText: 'Ragunda' });
  assert.equal(await row.count(), 1, 'one invoice to Ragunda');
  const listed = (await row.locator('td.num').innerText()).trim();
  assert.match(listed, amountRe(183907), 'the list shows Ragunda\'s amount: ' + JSON.stringify(listed));
  await follow(row.getByRole('link'), 'Ragunda\'s invoice');
  assert.match(pathOf(), /^\/economy\/invoices\/\d+$/, 'on the invoice page');
  seen.invoiceUrl = page.url();
  assert.match(await heading(), /^Faktura \S+/);
  const fact = async (dt) => (await main().locator('dl dt', { hasText: new RegExp(`^${dt}$`) })
    .locator('xpath=following-sibling::dd[1]').innerText()).trim();
  assert.match(await fact('Mottagare'), /Ragunda/);
  assert.equal(await fact('Organisationsnummer'), '212000-2452', 'the recipient\'s organisation number');
  assert.equal(await fact('Typ'), 'Årsfaktura');
  const total = (await main().locator('tfoot td.num').innerText()).trim();
  assert.match(total, amountRe(183907), 'to pay: ' + JSON.stringify(total));
  assert.ok(await main().locator('tbody tr').count() >= 1, 'the invoice has lines');
  await assertAccessible('the invoice page');
  await page.screenshot({ path: '/tmp/e2e-invoice.png', fullPage: true });
});

step('generate again: a Swedish message that they already exist; still 8 invoices', async () => {
  await follow(main().getByRole('link', { name: 'Alla fakturor', exact: true }), 'Alla fakturor');
  assert.equal(pathOf(), '/economy/invoices');
  assert.equal(await heading(), 'Fakturor 2025');
  await follow(main().getByRole('button', { name: 'Skapa årets januarifakturor', exact: true }), 'Skapa årets januarifakturor (again)',
    { expected: [/^HTTP 422 POST .*\/economy\/invoices\/generate$/] });
  const alert = (await page.getByRole('alert').first().innerText()).trim();
  assert.match(alert, /Årsfakturorna för 2025 är redan skapade/, 'the message: ' + alert);
  await assertAccessible('the refused generation');
  await follow(main().getByRole('link', { name: 'Tillbaka', exact: true }), 'Tillbaka');
  assert.equal(pathOf(), '/economy/invoices');
  // "Tillbaka" leads to the current year's list; go to 2025 if it is another year
  while (Number(/\d{4}/.exec(await heading())[0]) > 2025) {
    await follow(main().getByRole('navigation', { name: 'År' }).getByRole('link', { name: 'Föregående år', exact: true }),
      'Föregående år');
  }
  assert.equal(await heading(), 'Fakturor 2025');
  assert.equal(await main().locator('table tbody tr').count(), 8, 'still 8 invoices');
  assert.deepEqual(page.problems, [], 'no console or HTTP errors');
  await page.context().close();
  page = null;
});
