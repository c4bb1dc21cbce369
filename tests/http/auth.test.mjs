// Signing in and out: redirects to the login page, first login with a one-time password and
// the forced password change, wrong passwords, lockout, login CSRF, local "next" targets,
// logout and logout everywhere, and an expired session.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, PASSWORD } from './server.mjs';

const BAD_LOGIN = 'Fel användarnamn eller lösenord.';
let srv;

before(async () => { srv = await startServer(); });
after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, 'server exits cleanly on SIGTERM:\n' + r.stderr);
});

test('without a session every page goes to /login, keeping a local next', async () => {
  const c = new Client(srv.url);
  const r = await c.get('/');
  assert.equal(r.status, 303);
  assert.equal(r.location, '/login');
  const p = await c.get('/password');
  assert.equal(p.status, 303);
  assert.equal(p.location, '/login?next=%2Fpassword');
  const login = await c.get('/login');
  assert.equal(login.status, 200);
  assert.match(login.text, /<html lang="sv">/);
  assert.match(login.text, /<label for="f-username">Användarnamn<\/label>/);
  assert.match(login.text, /<input id="f-username" name="username"/);
  assert.match(login.text, /<label for="f-password">Lösenord<\/label>/);
  assert.match(login.text, /<main id="innehall"/);
  assert.match(login.text, /class="skip" href="#innehall"/);
});

test('first login must change the password; then the start page greets the user', async () => {
  const otp = srv.addUser('anna.admin', 'admin', 'Anna <Admin> Åberg');
  const c = new Client(srv.url);
  const r = await c.login('anna.admin', otp);
  assert.equal(r.status, 303);
  assert.equal(r.location, '/password');
  assert.ok(c.jar.has('nrs_session'));
  assert.ok(!c.jar.has('nrs_prelogin'), 'the pre-login cookie is cleared');

  // everything but /password and /logout leads back to /password
  assert.equal((await c.get('/')).location, '/password');
  const page = await c.get('/password');
  assert.equal(page.status, 200);
  assert.match(page.text, /Du behöver välja ett eget lösenord/);

  // validation errors come back next to the field, nothing changes
  const csrf = Client.csrfOf(page.text);
  const mismatch = await c.post('/password', { csrf, current: otp, new: PASSWORD, repeat: 'annat' });
  assert.equal(mismatch.status, 422);
  assert.match(mismatch.text, /Lösenorden är inte lika\./);
  assert.match(mismatch.text, /aria-invalid="true"/);
  assert.doesNotMatch(mismatch.text, new RegExp(otp), 'passwords are never echoed');
  const wrong = await c.post('/password', { csrf, current: 'inte-rätt-lösenord', new: PASSWORD, repeat: PASSWORD });
  assert.equal(wrong.status, 422);
  assert.match(wrong.text, /Nuvarande lösenord är fel\./);

  const ok = await c.post('/password', { csrf, current: otp, new: PASSWORD, repeat: PASSWORD });
  assert.equal(ok.status, 303);
  assert.equal(ok.location, '/');
  const start = await c.get('/');
  assert.equal(start.status, 200);
  assert.match(start.text, /Välkommen, Anna &lt;Admin&gt; Åberg/);
  assert.match(start.text, /Administratör/);
  assert.match(start.text, /<nav class="nav" aria-label="Huvudmeny">/);
  assert.match(start.text, /action="\/logout"/);

  // the one-time password no longer works, the new one does
  assert.equal((await new Client(srv.url).login('anna.admin', otp)).status, 422);
  const again = await new Client(srv.url).login('anna.admin', PASSWORD);
  assert.equal(again.status, 303);
  assert.equal(again.location, '/');
});

test('wrong password and unknown user give the same Swedish message', async () => {
  const otp = srv.addUser('bertil.fel');
  await new Client(srv.url).firstLogin('bertil.fel', otp);
  const wrong = await new Client(srv.url).login('bertil.fel', 'fel lösenord helt och hållet');
  const unknown = await new Client(srv.url).login('finns.inte', 'fel lösenord helt och hållet');
  for (const r of [wrong, unknown]) {
    assert.equal(r.status, 422);
    assert.ok(r.text.includes(BAD_LOGIN));
    assert.equal(r.location, null);
  }
  // the typed username is kept (escaped), the password is not
  const xss = await new Client(srv.url).login('"><script>x</script>', 'hemligt-hemligt');
  assert.match(xss.text, /value="&quot;&gt;&lt;script&gt;x&lt;\/script&gt;"/);
  assert.doesNotMatch(xss.text, /hemligt-hemligt/);
});

test('six wrong passwords lock the account: even the right one is refused', async () => {
  const otp = srv.addUser('cecilia.las');
  await new Client(srv.url).firstLogin('cecilia.las', otp);
  for (let i = 0; i < 6; i++) {
    const r = await new Client(srv.url).login('cecilia.las', 'fel lösenord nummer ' + i);
    assert.equal(r.status, 422);
  }
  const c = new Client(srv.url);
  const r = await c.login('cecilia.las', PASSWORD);
  assert.equal(r.status, 422);
  assert.match(r.text, /Kontot är tillfälligt låst/);
  assert.ok(!c.jar.has('nrs_session'));
});

test('login CSRF: the pre-login token must match its cookie', async () => {
  const otp = srv.addUser('david.csrf');
  await new Client(srv.url).firstLogin('david.csrf', otp);
  const c = new Client(srv.url);
  const page = await c.get('/login');
  const csrf = Client.csrfOf(page.text);
  assert.ok(csrf && c.jar.get('nrs_prelogin') === csrf);
  // a forged form without the cookie
  const forged = await new Client(srv.url).post('/login', { csrf, username: 'david.csrf', password: PASSWORD });
  assert.equal(forged.status, 403);
  assert.ok(!forged.headers.getSetCookie().some((s) => s.startsWith('nrs_session=')));
  // the cookie without the matching field
  const nofield = await c.post('/login', { username: 'david.csrf', password: PASSWORD });
  assert.equal(nofield.status, 403);
  const ok = await c.post('/login', { csrf, username: 'david.csrf', password: PASSWORD });
  assert.equal(ok.status, 303);
});

test('next: local paths are honoured, others ignored', async () => {
  const otp = srv.addUser('erik.next');
  await new Client(srv.url).firstLogin('erik.next', otp);
  const local = await new Client(srv.url).login('erik.next', PASSWORD, '/password');
  assert.equal(local.location, '/password');
  for (const evil of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) {
    const r = await new Client(srv.url).login('erik.next', PASSWORD, evil);
    assert.equal(r.status, 303);
    assert.equal(r.location, '/', evil);
  }
});

test('logout ends the session; logout everywhere ends them all', async () => {
  const otp = srv.addUser('frida.ut');
  const a = new Client(srv.url);
  await a.firstLogin('frida.ut', otp);
  const b = new Client(srv.url);
  assert.equal((await b.login('frida.ut', PASSWORD)).status, 303);
  const c = new Client(srv.url);
  assert.equal((await c.login('frida.ut', PASSWORD)).status, 303);

  const oldCookie = a.jar.get('nrs_session');
  const out = await a.post('/logout', { csrf: Client.csrfOf((await a.get('/')).text) });
  assert.equal(out.status, 303);
  assert.equal(out.location, '/login');
  assert.ok(!a.jar.has('nrs_session'));
  // the old cookie is dead even if someone kept it
  const replay = await new Client(srv.url).get('/', { headers: { cookie: 'nrs_session=' + oldCookie } });
  assert.equal(replay.status, 303);
  assert.equal((await b.get('/')).status, 200);

  const all = await b.post('/logout-all', { csrf: Client.csrfOf((await b.get('/')).text) });
  assert.equal(all.status, 303);
  assert.equal((await c.get('/')).status, 303, 'the third browser is signed out too');
});

test('an idle session is sent to the login page', async () => {
  const otp = srv.addUser('gustav.tid');
  const c = new Client(srv.url);
  await c.firstLogin('gustav.tid', otp);
  assert.equal((await c.get('/')).status, 200);
  srv.sql("UPDATE session SET last_seen_epoch = last_seen_epoch - 3600, created_epoch = created_epoch - 3600 " +
    "WHERE user_id = (SELECT id FROM app_user WHERE username = 'gustav.tid')");
  const r = await c.get('/');
  assert.equal(r.status, 303);
  assert.equal(r.location, '/login');
  assert.ok(!c.jar.has('nrs_session'), 'the stale cookie is cleared');
});

test('sign-ins and sign-outs are in the audit log, and the chain verifies', async () => {
  const out = srv.cli(['audit', 'verify']);
  assert.match(out, /Loggen är hel/);
  const actions = srv.sql("SELECT action FROM audit_log ORDER BY id").split('\n');
  for (const a of ['login', 'login_failed', 'password_change', 'logout', 'logout_all']) {
    assert.ok(actions.includes(a), a);
  }
  const unknown = srv.sql("SELECT count(*) FROM audit_log WHERE action = 'login_failed' AND username IS NULL").trim();
  assert.ok(Number(unknown) >= 1, 'failed logins for unknown names are recorded without the name');
  const leaked = srv.sql("SELECT count(*) FROM audit_log WHERE username = 'finns.inte'").trim();
  assert.equal(leaked, '0');
});
