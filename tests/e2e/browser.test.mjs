// Browser tests in headless Chromium (Debian's, through playwright-core):
//  - the login page: axe-core finds no serious or critical violation; Tab from the top reaches
//    the skip link, then user name, password and the submit button in that order;
//  - the first administrator (from `norrsken init`) signs in with the one-time password, is made
//    to choose a password through the form, and lands on the start page (name, organisation,
//    role); the skip link moves focus to the main content; axe on /password and the start page;
//  - as administrator: /admin/users and /admin/users/new (axe), create a user by filling the
//    form by its labels, see the one-time password once, log out with the button in the header;
//    the new user signs in with it, must change it, reaches the start page and logs out;
//  - with the demo database: every role's start page shows the right name, organisation and
//    role, and passes axe;
//  - no page logs a console error (a CSP violation would be one).
// Screenshots go to /tmp/e2e-*.png for a human to look at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, newPage, seriousViolations, describeViolations, PASSWORD,
} from './harness.mjs';

const ADMIN_PASSWORD = 'norrsken admin lösenord för test';
const NEW_USER_PASSWORD = 'ett eget lösenord för testanvändaren';
const CENTRE = 'Centrum mot våld i Jämtlands län';

let srv; // init database: the first administrator has a one-time password
let browser;
let adminPasswordChanged = false;

before(async () => {
  srv = await startServer({ mode: 'init' });
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

async function assertAccessible(page, what) {
  const vs = await seriousViolations(page);
  assert.equal(vs.length, 0, `axe on ${what} (${page.url()}):\n${describeViolations(vs)}`);
}

function assertNoProblems(page) {
  assert.deepEqual(page.problems, [], 'console errors on ' + page.url());
}

function pathOf(page) {
  return new URL(page.url()).pathname;
}

// Open url and check the server answered 200.
async function open(page, url) {
  const res = await page.goto(url);
  assert.ok(res, 'no response for ' + url);
  assert.equal(res.status(), 200, `GET ${url} answered ${res.status()}`);
  return res;
}

// Submit a form with a click and wait for the page the server answers with.
async function submit(page, button) {
  await Promise.all([page.waitForEvent('load'), button.click()]);
}

async function login(page, username, password) {
  await open(page, srv.url + '/login');
  await page.getByLabel('Användarnamn', { exact: true }).fill(username);
  await page.getByLabel('Lösenord', { exact: true }).fill(password);
  await submit(page, page.getByRole('button', { name: 'Logga in', exact: true }));
}

async function changePassword(page, current, password) {
  await page.getByLabel('Nuvarande lösenord', { exact: true }).fill(current);
  await page.getByLabel('Nytt lösenord', { exact: true }).fill(password);
  await page.getByLabel('Upprepa det nya lösenordet', { exact: true }).fill(password);
  await submit(page, page.getByRole('button', { name: 'Byt lösenord', exact: true }));
}

async function logout(page) {
  const button = page.locator('header').getByRole('button', { name: 'Logga ut', exact: true });
  await submit(page, button);
  assert.equal(pathOf(page), '/login', 'logout leads to the login page');
  // the session is gone: the start page sends us back to the login page
  await page.goto(srv.url + '/');
  assert.equal(pathOf(page), '/login', 'after logout / redirects to /login');
}

// The start page greets the user by name and names the organisation and the roles.
async function assertStartPage(page, { name, organisation, role }) {
  assert.equal(pathOf(page), '/', 'on the start page');
  const h1 = (await page.locator('main h1').innerText()).trim();
  assert.equal(h1, `Välkommen, ${name}`);
  const lead = await page.locator('main .lead').innerText();
  assert.ok(lead.includes(organisation), `organisation "${organisation}" in "${lead}"`);
  assert.ok(lead.includes(role), `role "${role}" in "${lead}"`);
  await assertVisible(page.locator('main h1'), 'heading');
  await assertVisible(page.getByRole('navigation', { name: 'Huvudmeny' }), 'main menu');
  await assertVisible(page.locator('header').getByRole('button', { name: 'Logga ut', exact: true }),
    'logout button');
}

async function assertVisible(locator, what) {
  assert.ok(await locator.isVisible(), what + ' is visible');
}

// Describe the focused element: its id, or its tag and text.
function focused(page) {
  return page.evaluate(() => {
    const e = document.activeElement;
    if (!e || e === document.body) return 'body';
    if (e.id) return '#' + e.id;
    return e.tagName.toLowerCase() + ':' + (e.textContent || '').trim();
  });
}

test('login page: accessible, keyboard order skip link → user name → password → submit', async () => {
  const page = await newPage(browser);
  await open(page, srv.url + '/login');
  assert.equal(await page.title(), 'Logga in – Norrsken');
  assert.equal(await page.locator('html').getAttribute('lang'), 'sv');
  await page.screenshot({ path: '/tmp/e2e-login.png', fullPage: true });
  await assertAccessible(page, 'the login page');

  const order = [];
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('Tab');
    order.push(await focused(page));
  }
  assert.equal(order[0], 'a:Hoppa till innehållet', 'the first Tab reaches the skip link: ' + order);
  const u = order.indexOf('#f-username');
  assert.ok(u > 0, 'Tab reaches the user name field: ' + order);
  assert.equal(order[u + 1], '#f-password', 'then the password field: ' + order);
  assert.equal(order[u + 2], 'button:Logga in', 'then the submit button: ' + order);

  // typing and Enter from the keyboard alone submits the form (a wrong password here)
  await page.locator('#f-username').focus();
  await page.keyboard.type('finns.inte');
  await page.keyboard.press('Tab');
  await page.keyboard.type('inte rätt lösenord alls');
  await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
  await assertVisible(page.getByRole('alert'), 'error message');
  assert.match(await page.getByRole('alert').innerText(), /Fel användarnamn eller lösenord\./);
  assert.equal(await page.getByLabel('Användarnamn', { exact: true }).inputValue(), 'finns.inte');
  assert.equal(await page.getByLabel('Lösenord', { exact: true }).inputValue(), '');
  await assertAccessible(page, 'the login page with an error');
  // 422 for the failed login is logged by Chromium as a failed resource; nothing else may be
  page.problems = page.problems.filter((p) => !/^HTTP 422 POST .*\/login$/.test(p));
  assertNoProblems(page);
  await page.context().close();
});

test('first administrator: one-time password, forced change through the form, start page', async () => {
  const page = await newPage(browser);
  await login(page, 'admin', srv.adminOtp);
  assert.equal(pathOf(page), '/password', 'a one-time password leads to /password');
  await assertVisible(page.getByText('Du behöver välja ett eget lösenord'), 'the reason');
  await assertAccessible(page, 'the forced password change');
  // the menu is not offered until the password is changed
  assert.equal(await page.getByRole('navigation', { name: 'Huvudmeny' }).count(), 0);
  await changePassword(page, srv.adminOtp, ADMIN_PASSWORD);
  adminPasswordChanged = true;

  await assertStartPage(page, { name: 'Administratör', organisation: CENTRE, role: 'Administratör' });
  await page.screenshot({ path: '/tmp/e2e-start.png', fullPage: true });
  await assertAccessible(page, 'the administrator\'s start page');

  // skip link: first Tab, visible when focused, Enter moves focus to <main>
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Hoppa till innehållet' });
  assert.equal(await focused(page), 'a:Hoppa till innehållet');
  const box = await skip.boundingBox();
  assert.ok(box && box.width > 1 && box.height > 1 && box.x >= 0 && box.y >= 0,
    'focused skip link is on screen: ' + JSON.stringify(box));
  await page.keyboard.press('Enter');
  assert.equal(await focused(page), '#innehall', 'Enter on the skip link focuses <main>');
  assert.equal(new URL(page.url()).hash, '#innehall');

  assertNoProblems(page);
  await page.context().close();
});

test('administrator creates a user; the user signs in with the one-time password', async () => {
  assert.ok(adminPasswordChanged, 'needs the previous test (administrator password)');
  const page = await newPage(browser);
  await login(page, 'admin', ADMIN_PASSWORD);
  assert.equal(pathOf(page), '/');

  // the user list, reached from the main menu
  const menuLink = page.getByRole('navigation', { name: 'Huvudmeny' })
    .getByRole('link', { name: 'Användare', exact: true });
  assert.equal(await menuLink.count(), 1, 'the main menu has "Användare" (GET /admin/users exists)');
  await submit(page, menuLink);
  assert.equal(pathOf(page), '/admin/users', 'the menu leads to /admin/users');
  await assertVisible(page.locator('main h1'), '/admin/users heading');
  assert.ok((await page.locator('main').innerText()).includes('admin'), 'the list shows admin');
  await assertAccessible(page, '/admin/users');

  await submit(page, page.locator('main').getByRole('link', { name: 'Ny användare' }));
  assert.equal(pathOf(page), '/admin/users/new', 'the list links to the new-user form');
  await page.screenshot({ path: '/tmp/e2e-users-new.png', fullPage: true });
  await assertAccessible(page, '/admin/users/new');
  await page.getByLabel(/^Användarnamn/).fill('greta.test');
  await page.getByLabel('Namn', { exact: true }).fill('Greta Testsson');
  await page.getByLabel('Organisation', { exact: true }).selectOption({ label: CENTRE });
  await page.getByLabel('Personal, Centrum mot våld', { exact: true }).check();
  await submit(page, page.getByRole('button', { name: 'Skapa användare', exact: true }));

  const shown = await page.locator('main').innerText();
  const m = shown.match(/Engångslösenord[\s\S]{0,200}?\b([A-Za-z0-9]{20})\b/);
  assert.ok(m, 'the one-time password is shown after creating the user:\n' + shown);
  const otp = m[1];
  await page.screenshot({ path: '/tmp/e2e-user-created.png', fullPage: true });
  await assertAccessible(page, 'the page showing the one-time password');
  const row = srv.sql("SELECT u.display_name || '|' || o.name || '|' || r.role || '|' || u.must_change_password " +
    "FROM app_user u JOIN organisation o ON o.id = u.organisation_id " +
    "JOIN user_role r ON r.user_id = u.id WHERE u.username = 'greta.test'").trim();
  assert.equal(row, `Greta Testsson|${CENTRE}|centre_staff|1`, 'the user is stored as entered');
  assertNoProblems(page);
  await logout(page);
  await page.context().close();

  // the new user, in a fresh browser
  const p2 = await newPage(browser);
  await login(p2, 'greta.test', otp);
  assert.equal(pathOf(p2), '/password', 'the new user must change the one-time password');
  await changePassword(p2, otp, NEW_USER_PASSWORD);
  await assertStartPage(p2, { name: 'Greta Testsson', organisation: CENTRE, role: 'Personal, Centrum mot våld' });
  // not an administrator: no user administration in the menu
  assert.equal(await p2.getByRole('navigation', { name: 'Huvudmeny' })
    .getByRole('link', { name: 'Användare', exact: true }).count(), 0);
  await assertAccessible(p2, 'the new user\'s start page');
  assertNoProblems(p2);
  await logout(p2);
  await p2.context().close();
});

// One account per role from `norrsken demo` (see src/cli/demo.c).
const DEMO = [
  ['admin', 'Demo Administratör', CENTRE, 'Administratör'],
  ['centre.staff', 'Demo Behandlare', CENTRE, 'Personal, Centrum mot våld'],
  ['centre.manager', 'Demo Verksamhetsledare', CENTRE, 'Verksamhetsledare, Centrum mot våld'],
  ['samrad.coordinator', 'Demo Samordnare', CENTRE, 'Samordnare, Operation Norrsken'],
  ['municipal.officer', 'Demo Handläggare Krokom', 'Krokoms kommun', 'Handläggare, socialtjänst'],
  ['agency.rep', 'Demo Polisrepresentant', 'Polismyndigheten Region Nord, Polisområde Jämtland',
    'Representant, polis/region'],
  ['steering', 'Demo Styrgruppsledamot Berg', 'Bergs kommun', 'Styrgrupp'],
  ['finance', 'Demo Ekonom Östersund', 'Östersunds kommun', 'Ekonomi'],
];

test('demo database: every role reaches an accessible start page', async () => {
  const demo = await startServer({ mode: 'demo' });
  const saved = srv;
  try {
    srv = demo; // login() and logout() use srv.url
    for (const [username, name, organisation, role] of DEMO) {
      const page = await newPage(browser);
      await login(page, username, PASSWORD);
      await assertStartPage(page, { name, organisation, role });
      await assertAccessible(page, `the start page of ${username}`);
      if (username === 'centre.staff') await page.screenshot({ path: '/tmp/e2e-start-staff.png', fullPage: true });
      assertNoProblems(page);
      await logout(page);
      await page.context().close();
    }
  } finally {
    srv = saved;
    const r = await demo.stop();
    assert.equal(r.code, 0, 'demo server exits cleanly on SIGTERM:\n' + r.stderr);
  }
});
