// A staff member's day, in headless Chromium (Debian's, through playwright-core):
//  - `norrsken demo --years 0 --password-file`: the accounts but no casework, so every number
//    on the pages belongs to this test; centre.staff signs in;
//  - the start page: the panels "Polisremisser nära 48 timmar", "Mina ärenden" and "Kö";
//  - Klienter och ärenden → Ny klient: a wrong check digit gives a Swedish message next to
//    "Personnummer" (422); the right one registers the client, whose page shows K-ÅÅÅÅ-NNNN;
//  - Öppna nytt ärende (assigned to me) → the start page lists it under "Mina ärenden";
//  - Ny insats (Samtalsserie för våldsutsatt) → the queue shows it waiting and the start page's
//    Kö panel counts it; from the queue to the intervention, three sessions (the first starts it
//    and it leaves the queue), ended as completed; the case is closed and leaves "Mina ärenden";
//  - Polisremisser → Ny polisremiss (received now, consent, contact details) → the start page
//    lists it with about 48 hours left; a contact attempt, then first contact and outcome → the
//    panel no longer lists it as open;
//  - axe-core: no serious or critical violation on any page visited; no console error and no
//    HTTP status ≥ 400 except the intentional 422.
// Every step follows the links and buttons a user would; a missing or broken page fails the
// test (a step after a failed one fails too, naming the step that broke).
// Screenshots go to /tmp/e2e-day-*.png for a human to look at (the start page also mid-day,
// with a case and a queued intervention, and with an open referral).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  launchBrowser, newPage, PASSWORD, startServer, walkthrough,
} from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const DEMO_PNR = path.join(here, '..', '..', 'data', 'demo-pnr.txt');

// ---------------------------------------------------------------------------------------------
// A Swedish identity number (personnummer) for the test: valid by the Luhn check digit over
// YYMMDDNNN, with a serial (998x) that no demo client has.

function luhnDigit(nine) {
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let v = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    if (v > 9) v -= 9;
    sum += v;
  }
  return (10 - (sum % 10)) % 10;
}

const BIRTH = '19850315';
const SERIAL = '998';
const CHECK = luhnDigit(BIRTH.slice(2) + SERIAL);
const PNR = `${BIRTH}-${SERIAL}${CHECK}`;
const PNR_WRONG = `${BIRTH}-${SERIAL}${(CHECK + 1) % 10}`;

// Today's year and the current time in Swedish time (the server's dates are Swedish).
function swedishYear() {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric' }).format(new Date());
}

// ---------------------------------------------------------------------------------------------

let srv;
let browser;
let page; // one signed-in staff member for the whole day
const { step, follow, assertAccessible, pathOf } = walkthrough(() => page, { test, assert });
const day = {}; // what the steps learn: clientCode, clientUrl, caseUrl, interventionUrl, referralUrl

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

async function heading() {
  return (await page.locator('main h1').innerText()).trim();
}

function main() {
  return page.locator('main');
}

// A start-page panel, found by its heading.
function panel(title) {
  return page.locator('main section').filter({ has: page.getByRole('heading', { name: title, exact: true }) });
}

async function goStart(what) {
  await follow(menu('Start'), 'Start in the main menu');
  assert.equal(pathOf(), '/', 'the menu leads to the start page');
  for (const t of ['Polisremisser nära 48 timmar', 'Mina ärenden', 'Kö']) {
    assert.equal(await panel(t).count(), 1, `the start page has the panel "${t}"`);
  }
  await assertAccessible('the start page ' + what);
}

// ---------------------------------------------------------------------------------------------

step('sign in as centre.staff; the start page shows the three panels, empty', async () => {
  assert.equal(luhnDigit('811218987'), 6, 'the check digit function (1981-12-18-9876 is valid)');
  const demo = fs.readFileSync(DEMO_PNR, 'utf8').split('\n').map((l) => l.trim().replace('-', ''));
  assert.ok(!demo.includes(PNR.replace('-', '')), `${PNR} is not a demo identity number`);

  page = await newPage(browser);
  const res = await page.goto(srv.url + '/login');
  assert.equal(res.status(), 200);
  await page.getByLabel('Användarnamn', { exact: true }).fill('centre.staff');
  await page.getByLabel('Lösenord', { exact: true }).fill(PASSWORD);
  await follow(page.getByRole('button', { name: 'Logga in', exact: true }), 'Logga in');
  assert.equal(pathOf(), '/', 'signed in, on the start page');
  assert.equal(await heading(), 'Välkommen, Demo Behandlare');
  await goStart('at the start of the day');
  assert.match(await panel('Polisremisser nära 48 timmar').innerText(), /Inga öppna polisremisser/);
  assert.equal(await panel('Mina ärenden').getByRole('link').count(), 0, 'no cases of mine yet');
  assert.match(await panel('Kö').innerText(), /Ingen står i kö/);
});

step('Klienter → Ny klient: a wrong check digit is refused next to "Personnummer"', async () => {
  await follow(menu('Klienter och ärenden'), 'Klienter och ärenden in the main menu');
  assert.equal(pathOf(), '/clients');
  assert.equal(await heading(), 'Klienter');
  await assertAccessible('the client list (empty)');

  await follow(main().getByRole('link', { name: 'Ny klient', exact: true }), 'Ny klient');
  assert.equal(pathOf(), '/clients/new');
  await assertAccessible('the new-client form');

  await page.getByLabel(/^Personnummer/).fill(PNR_WRONG);
  await page.getByLabel('Förnamn', { exact: true }).fill('Testa');
  await page.getByLabel('Efternamn', { exact: true }).fill('Dagsson');
  await page.getByLabel('Kön', { exact: true }).selectOption({ label: 'Kvinna' });
  await page.getByLabel('Hemkommun', { exact: true }).selectOption({ label: 'Krokom' });
  await page.getByLabel('Våldsutsatt', { exact: true }).check();
  await follow(page.getByRole('button', { name: 'Registrera klient', exact: true }), 'Registrera klient (wrong check digit)',
    { expected: [/^HTTP 422 POST .*\/clients\/new$/] });

  assert.equal(pathOf(), '/clients/new', 'the form is shown again');
  assert.ok(await page.getByRole('alert').isVisible(), 'a summary of the error');
  const pnr = page.getByLabel(/^Personnummer/);
  assert.equal(await pnr.getAttribute('aria-invalid'), 'true', 'the field is marked invalid');
  assert.equal(await pnr.inputValue(), PNR_WRONG, 'what was typed is kept');
  const describedBy = await pnr.getAttribute('aria-describedby');
  assert.ok(describedBy, 'the field points at its error message (aria-describedby)');
  const msg = page.locator('#' + describedBy);
  assert.match(await msg.innerText(), /kontrollsiffra/i, 'the message names the check digit, in Swedish');
  // next to the field: in the same field group as the label and the input
  const sameField = await msg.evaluate((m, id) => {
    const input = document.getElementById(id);
    return !!input && m.closest('.field, fieldset, div') === input.closest('.field, fieldset, div');
  }, await pnr.getAttribute('id'));
  assert.ok(sameField, 'the message stands next to "Personnummer"');
  assert.equal(await page.getByLabel('Förnamn', { exact: true }).inputValue(), 'Testa', 'the other answers are kept');
  assert.ok(await page.getByLabel('Våldsutsatt', { exact: true }).isChecked(), 'the role is kept');
  await assertAccessible('the new-client form with an error');
});

step('register the client: the client page shows the code K-ÅÅÅÅ-NNNN', async () => {
  await page.getByLabel(/^Personnummer/).fill(PNR);
  await follow(page.getByRole('button', { name: 'Registrera klient', exact: true }), 'Registrera klient');
  assert.match(pathOf(), /^\/clients\/\d+$/, 'registered: on the client page');
  const h1 = await heading();
  const m = h1.match(/\bK-(\d{4})-(\d{4})\b/);
  assert.ok(m, 'the client page heading shows the client code: ' + h1);
  assert.equal(m[1], swedishYear(), 'the code has this year');
  day.clientCode = m[0];
  day.clientUrl = page.url().replace(/\?.*$/, '');
  const text = await main().innerText();
  assert.match(text, /Testa Dagsson/, 'the name');
  assert.match(text, new RegExp(PNR), 'the identity number');
  assert.match(text, /Krokom/, 'the home municipality');
  assert.match(text, /Våldsutsatt/, 'the role');
  await assertAccessible('the client page');
});

step('open a case, assigned to me: the start page lists it under "Mina ärenden"', async () => {
  await follow(main().getByRole('link', { name: /nytt ärende/i }), 'Öppna nytt ärende');
  assert.equal(pathOf(), '/cases/new');
  assert.match(await heading(), new RegExp(day.clientCode), 'the form names the client');
  await assertAccessible('the new-case form');
  await page.getByLabel('Kontakten kom via', { exact: true }).selectOption({ label: 'Egen kontakt' });
  const assign = page.getByLabel('Tilldela mig ärendet', { exact: true });
  if (await assign.count()) await assign.check();
  await follow(page.getByRole('button', { name: 'Öppna ärende', exact: true }), 'Öppna ärende');
  assert.match(pathOf(), /^\/cases\/\d+$/, 'on the case page');
  day.caseUrl = page.url().replace(/\?.*$/, '');
  day.casePath = pathOf();
  assert.match(await heading(), new RegExp(day.clientCode));
  // assign myself if the form did not
  const staff = main().locator('section').filter({ has: page.getByRole('heading', { name: 'Handläggare', exact: true }) });
  if (!/Demo Behandlare/.test(await staff.locator('ul').innerText().catch(() => ''))) {
    await staff.getByLabel('Tilldela medarbetare').selectOption({ label: 'Demo Behandlare' });
    await follow(staff.getByRole('button', { name: 'Tilldela', exact: true }), 'Tilldela');
  }
  assert.match(await staff.locator('ul').innerText(), /Demo Behandlare/, 'I am assigned to the case');
  assert.match(await main().innerText(), /Öppet/, 'the case is open');
  await assertAccessible('the case page');

  await goStart('with my new case');
  const mine = panel('Mina ärenden');
  const link = mine.getByRole('link', { name: day.clientCode, exact: true });
  assert.equal(await link.count(), 1, '"Mina ärenden" lists the case by the client code');
  assert.equal(new URL(await link.evaluate((a) => a.href)).pathname, day.casePath, 'linking to the case');
});

step('add an intervention from the case: it waits in the queue, and the start page counts it', async () => {
  await follow(panel('Mina ärenden').getByRole('link', { name: day.clientCode, exact: true }), 'the case in "Mina ärenden"');
  assert.equal(pathOf(), day.casePath);
  await follow(main().getByRole('link', { name: 'Ny insats', exact: true }), 'Ny insats');
  assert.equal(pathOf(), '/interventions/new');
  await assertAccessible('the new-intervention form');
  await page.getByLabel('Insatstyp', { exact: true }).selectOption({ value: 'victim_support' });
  await follow(page.getByRole('button', { name: 'Spara insatsen', exact: true }), 'Spara insatsen');
  assert.match(pathOf(), /^\/interventions\/\d+$/, 'on the intervention page');
  day.interventionPath = pathOf();
  assert.equal(await heading(), 'Samtalsserie för våldsutsatt');
  assert.match(await main().innerText(), /väntar i kö/i, 'not started: waiting in the queue');
  await assertAccessible('the intervention page (waiting)');

  await follow(menu('Kö'), 'Kö in the main menu');
  assert.equal(pathOf(), '/queue');
  const row = main().locator('tbody tr').filter({ hasText: day.clientCode });
  assert.equal(await row.count(), 1, 'the queue lists the client once');
  assert.match(await row.innerText(), /Samtalsserie för våldsutsatt/);
  assert.match(await main().locator('caption').first().innerText(), /\b1 väntar\b/, 'one waiting');
  await assertAccessible('the queue');

  await goStart('with one in the queue');
  const q = await panel('Kö').innerText();
  assert.match(q, /Samtalsserie för våldsutsatt\D*1 väntar/, 'the Kö panel counts it: ' + q);
  await page.screenshot({ path: '/tmp/e2e-day-start-midday.png', fullPage: true });
});

step('from the queue: three sessions; the first starts the intervention and it leaves the queue', async () => {
  await follow(menu('Kö'), 'Kö in the main menu');
  await follow(main().locator('tbody tr').filter({ hasText: day.clientCode }).getByRole('link', { name: day.clientCode }),
    'the client in the queue');
  assert.equal(pathOf(), day.interventionPath, 'the queue leads to the intervention');

  for (let i = 1; i <= 3; i++) {
    const form = main().locator('section').filter({ has: page.getByRole('heading', { name: 'Nytt samtal', exact: true }) });
    await form.getByLabel(/^Datum/).fill(new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date()));
    await form.getByLabel('Längd i minuter', { exact: true }).fill(String(45 + 15 * i));
    await form.getByLabel('Form', { exact: true }).selectOption({ value: i === 2 ? 'phone' : 'centre' });
    await form.getByLabel('Utfall', { exact: true }).selectOption({ value: 'held' });
    await follow(form.getByRole('button', { name: 'Spara samtalet', exact: true }), `Spara samtalet (${i})`);
    assert.equal(pathOf(), day.interventionPath);
    const held = main().locator('dl dt', { hasText: /^Hållna samtal$/ }).locator('xpath=following-sibling::dd[1]');
    assert.equal((await held.innerText()).trim(), String(i), `${i} session(s) held`);
    if (i === 1) {
      const started = main().locator('dl dt', { hasText: /^Startad$/ }).locator('xpath=following-sibling::dd[1]');
      assert.match(await started.innerText(), /^\d{4}-\d{2}-\d{2}$/, 'the first session starts the intervention');
      await assertAccessible('the intervention page (started)');
    }
  }
  assert.equal(await main().locator('section').filter({ has: page.getByRole('heading', { name: 'Samtal', exact: true }) })
    .locator('tbody tr').count(), 3, 'three sessions listed');

  await follow(menu('Kö'), 'Kö in the main menu');
  assert.equal(await main().locator('tbody tr').filter({ hasText: day.clientCode }).count(), 0, 'it left the queue');
  assert.match(await main().locator('caption').first().innerText(), /\b0 väntar\b/);
  await goStart('after the first session');
  assert.match(await panel('Kö').innerText(), /Ingen står i kö/, 'the Kö panel is empty again');
});

step('end the intervention as completed, then close the case: it leaves "Mina ärenden"', async () => {
  await follow(panel('Mina ärenden').getByRole('link', { name: day.clientCode, exact: true }), 'the case in "Mina ärenden"');
  const ivRow = main().locator('tbody tr').filter({ hasText: 'Samtalsserie för våldsutsatt' });
  assert.equal(await ivRow.count(), 1, 'the case lists the intervention');
  assert.match(await ivRow.innerText(), /\b3\b/, 'with three sessions held');
  await follow(ivRow.getByRole('link').first(), 'the intervention on the case page');
  assert.equal(pathOf(), day.interventionPath);

  const end = main().locator('section').filter({ has: page.getByRole('heading', { name: 'Avsluta insatsen', exact: true }) });
  await end.getByLabel('Avslutsorsak', { exact: true }).selectOption({ value: 'completed' });
  await follow(end.getByRole('button', { name: 'Avsluta', exact: true }), 'Avsluta (the intervention)');
  assert.equal(pathOf(), day.interventionPath);
  const ended = main().locator('dl dt', { hasText: /^Avslutad$/ }).locator('xpath=following-sibling::dd[1]');
  assert.match(await ended.innerText(), /\d{4}-\d{2}-\d{2}/, 'the intervention has an end date');
  assert.match(await main().innerText(), /Genomförd/, 'ended as completed');
  await assertAccessible('the intervention page (ended)');

  await follow(main().getByRole('link', { name: 'Ärendet', exact: true }), 'Ärendet');
  assert.equal(pathOf(), day.casePath);
  const close = main().locator('section').filter({ has: page.getByRole('heading', { name: 'Avsluta ärendet', exact: true }) });
  await follow(close.getByRole('button', { name: 'Avsluta ärendet', exact: true }), 'Avsluta ärendet');
  assert.equal(pathOf(), day.casePath);
  const status = main().locator('dl dt', { hasText: /^Status$/ }).locator('xpath=following-sibling::dd[1]');
  assert.match(await status.innerText(), /Avslutat/i, 'the case is closed');
  await assertAccessible('the case page (closed)');

  await goStart('after closing the case');
  assert.equal(await panel('Mina ärenden').getByRole('link', { name: day.clientCode }).count(), 0,
    '"Mina ärenden" no longer lists the case');
});

step('Polisremisser → Ny polisremiss: the start page lists it with about 48 hours left', async () => {
  await follow(menu('Polisremisser'), 'Polisremisser in the main menu');
  assert.equal(pathOf(), '/referrals');
  await assertAccessible('the referral list (empty)');
  await follow(main().getByRole('link', { name: 'Ny polisremiss', exact: true }), 'Ny polisremiss');
  assert.equal(pathOf(), '/referrals/new');
  await assertAccessible('the new-referral form');
  // "received" is filled in with now; consent and contact details
  const received = page.getByRole('group', { name: /^Mottagen/ });
  assert.match(await received.getByLabel('Datum', { exact: true }).inputValue(), /^\d{4}-\d{2}-\d{2}$/, 'received date prefilled');
  assert.match(await received.getByLabel('Klockslag', { exact: true }).inputValue(), /^\d{2}:\d{2}$/, 'received time prefilled');
  await page.getByRole('group', { name: /^Samtycker/ }).getByLabel('Ja', { exact: true }).check();
  await page.getByLabel(/^Kontaktuppgifter/).fill('070-000 00 00, helst förmiddag');
  await page.getByLabel(/^Kommun/).selectOption({ label: 'Åre' });
  await follow(page.getByRole('button', { name: 'Spara remissen', exact: true }), 'Spara remissen');
  assert.match(pathOf(), /^\/referrals\/\d+$/, 'on the referral page');
  day.referralPath = pathOf();
  const text = await main().innerText();
  assert.match(text, /Öppen/, 'the referral is open');
  assert.doesNotMatch(text, /070-000 00 00/, 'contact details are not shown until asked for');
  await assertAccessible('the referral page (open)');

  await follow(menu('Polisremisser'), 'Polisremisser in the main menu');
  assert.equal(await main().locator('tbody tr').count(), 1, 'the list has the referral');
  await assertAccessible('the referral list (one open)');

  await goStart('with an open referral');
  const ref = panel('Polisremisser nära 48 timmar');
  const row = ref.locator('tbody tr').filter({ has: page.locator(`a[href="${day.referralPath}"]`) });
  assert.equal(await row.count(), 1, 'the panel lists the referral');
  const left = await row.innerText();
  assert.match(left, /\b4[78] h \d{1,2} min\b/, 'about 48 hours left: ' + left);
  assert.match(left, /Öppen/);
  await page.screenshot({ path: '/tmp/e2e-day-start-referral.png', fullPage: true });
});

step('record a contact attempt, then first contact and outcome: the panel no longer lists it', async () => {
  const ref = panel('Polisremisser nära 48 timmar');
  await follow(ref.locator(`a[href="${day.referralPath}"]`), 'the referral in the start page panel');
  assert.equal(pathOf(), day.referralPath);

  const attempt = main().locator('section').filter({ has: page.getByRole('heading', { name: 'Nytt kontaktförsök', exact: true }) });
  await attempt.getByLabel(/^Anteckning/).fill('inget svar');
  await follow(attempt.getByRole('button', { name: 'Spara försöket', exact: true }), 'Spara försöket');
  assert.equal(pathOf(), day.referralPath);
  assert.match(await main().getByRole('table').filter({ hasText: 'inget svar' }).locator('caption').innerText(), /\(1 st\)/,
    'one attempt listed');

  const outcome = main().locator('section').filter({ has: page.getByRole('heading', { name: /^Första kontakt/ }) });
  const contact = outcome.getByRole('group', { name: /^Kontakt togs/ });
  const now = new Date();
  const d = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(now);
  const t = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', hour: '2-digit', minute: '2-digit' }).format(now);
  await contact.getByLabel('Datum', { exact: true }).fill(d);
  await contact.getByLabel('Klockslag', { exact: true }).fill(t);
  await outcome.getByLabel('Utfall', { exact: true }).selectOption({ label: 'Krissamtal' });
  await follow(outcome.getByRole('button', { name: 'Spara utfallet', exact: true }), 'Spara utfallet');
  assert.equal(pathOf(), day.referralPath);
  const first = main().locator('dl dt', { hasText: /^Första kontakt$/ }).locator('xpath=following-sibling::dd[1]');
  assert.match(await first.innerText(), new RegExp(`${d} ${t}`), 'first contact recorded');
  assert.match(await main().innerText(), /Krissamtal/, 'outcome recorded');
  const status = main().locator('dl dt', { hasText: /^Status$/ }).locator('xpath=following-sibling::dd[1]');
  assert.doesNotMatch(await status.innerText(), /^Öppen$/, 'no longer open');
  await assertAccessible('the referral page (contacted)');

  await goStart('after the first contact');
  const panelNow = panel('Polisremisser nära 48 timmar');
  assert.equal(await panelNow.locator(`a[href="${day.referralPath}"]`).count(), 0, 'the panel no longer lists it');
  assert.match(await panelNow.innerText(), /Inga öppna polisremisser/);
});

step('the client list, and screenshots of the client page, the case page and the start page', async () => {
  await follow(menu('Klienter och ärenden'), 'Klienter och ärenden in the main menu');
  const row = main().locator('tbody tr').filter({ hasText: day.clientCode });
  assert.equal(await row.count(), 1, 'the client list shows the client');
  await assertAccessible('the client list (one client)');

  await follow(row.getByRole('link', { name: day.clientCode }), 'the client in the list');
  assert.equal(page.url(), day.clientUrl);
  const cases = main().locator('tbody tr').filter({ has: page.locator(`a[href="${day.casePath}"]`) });
  assert.equal(await cases.count(), 1, 'the client page lists the case');
  await assertAccessible('the client page (with a closed case)');
  await page.screenshot({ path: '/tmp/e2e-day-client.png', fullPage: true });

  await follow(cases.locator(`a[href="${day.casePath}"]`), 'the case on the client page');
  await page.screenshot({ path: '/tmp/e2e-day-case.png', fullPage: true });

  await goStart('at the end of the day');
  await page.screenshot({ path: '/tmp/e2e-day-start.png', fullPage: true });
  assert.deepEqual(page.problems, [], 'no console or HTTP errors');
  await page.context().close();
  page = null;
});
