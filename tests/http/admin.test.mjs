// The administration pages and their API twins: creating users through the form (one-time
// password shown once, forced password change), validation errors next to the field with
// the typed values kept, organisation numbers, all-or-nothing population import, the audit
// log (loggkontroll) and that only administrators get in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, PASSWORD } from './server.mjs';

let srv;
let admin; // a signed-in administrator

before(async () => {
  srv = await startServer();
  const otp = srv.addUser('ada.admin', 'admin', 'Ada Administratör');
  admin = new Client(srv.url);
  const r = await admin.firstLogin('ada.admin', otp);
  assert.equal(r.status, 303);
});
after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, 'server exits cleanly on SIGTERM:\n' + r.stderr);
});

const unescape = (s) => s.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>')
  .replace(/&quot;/g, '"').replace(/&#39;/g, "'");

async function csrfFrom(client, path) {
  const page = await client.get(path);
  assert.equal(page.status, 200, path);
  return Client.csrfOf(page.text);
}

test('admin creates a user with the form; the user signs in with the one-time password', async () => {
  const csrf = await csrfFrom(admin, '/admin/users/new');
  const form = new URLSearchParams({ csrf, username: 'nils.ny', name: 'Nils Ny', organisation: srv.orgId });
  form.append('roles', 'centre_staff');
  form.append('roles', 'samrad_coordinator');
  const r = await admin.request('POST', '/admin/users/new', {
    body: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(r.status, 200);
  assert.match(r.text, /Användaren är skapad/);
  assert.match(r.text, /visas bara den här gången/);
  const otp = r.text.match(/<code class="otp">([^<]+)<\/code>/)[1];

  const list = await admin.get('/admin/users?role=samrad_coordinator');
  assert.match(list.text, />nils\.ny</);
  assert.doesNotMatch(list.text, />ada\.admin</, 'the role filter applies');

  const nils = new Client(srv.url);
  const login = await nils.login('nils.ny', otp);
  assert.equal(login.status, 303);
  assert.equal(login.location, '/password', 'a one-time password must be changed first');
  assert.equal((await nils.get('/admin/users')).location, '/password');
  const pw = await nils.get('/password');
  assert.match(pw.text, /Du behöver välja ett eget lösenord/);
  const changed = await nils.post('/password', {
    csrf: Client.csrfOf(pw.text), current: otp, new: PASSWORD, repeat: PASSWORD,
  });
  assert.equal(changed.status, 303);
  assert.equal(changed.location, '/');
  assert.equal((await nils.get('/admin/users')).status, 403, 'centre staff are no administrators');
});

test('a duplicate username is refused next to the field and the typed name is kept', async () => {
  const csrf = await csrfFrom(admin, '/admin/users/new');
  const r = await admin.post('/admin/users/new', {
    csrf, username: 'ada.admin', name: 'Annan <Ada>', organisation: srv.orgId, roles: 'finance',
  });
  assert.equal(r.status, 422);
  assert.match(r.text, /<p class="error" id="e-username">Användarnamnet är upptaget\.<\/p>/);
  assert.match(r.text, /id="f-username" name="username" type="text" value="ada\.admin"[^>]*aria-describedby="e-username"/);
  assert.match(r.text, /name="name" type="text" value="Annan &lt;Ada&gt;"/);
  assert.match(r.text, /value="finance" checked/);
  assert.equal(srv.sql("SELECT count(*) FROM app_user WHERE display_name = 'Annan <Ada>'").trim(), '0');
});

test('a bad organisation number is refused, naming the field', async () => {
  const before = srv.sql('SELECT count(*) FROM organisation').trim();
  const csrf = await csrfFrom(admin, '/admin/organisations/new');
  const r = await admin.post('/admin/organisations/new', {
    csrf, kind: 'shelter', name: 'Tjejjouren Test', org_number: '212000-2453', municipality: '',
  });
  assert.equal(r.status, 422);
  assert.match(r.text, /<label for="f-org_number">Organisationsnummer/);
  assert.match(r.text, /<p class="error" id="e-org_number">[^<]+<\/p>/);
  assert.match(r.text, /value="Tjejjouren Test"/);
  assert.equal(srv.sql('SELECT count(*) FROM organisation').trim(), before);

  const ok = await admin.post('/admin/organisations/new', {
    csrf, kind: 'shelter', name: 'Tjejjouren Test', org_number: '2120002528', municipality: '2380',
  });
  assert.equal(ok.status, 303);
  const page = await admin.get(ok.location);
  assert.match(page.text, /Tjejjouren Test/);
  assert.match(page.text, /212000-2528/);
});

test('a population import with a bad line changes nothing and names the line', async () => {
  const before = srv.sql('SELECT count(*) FROM population').trim();
  const csrf = await csrfFrom(admin, '/admin/population');
  const data = 'kod;namn;befolkning\n2303;Ragunda;5200\n2305;Bräcke;sex tusen\n';
  const r = await admin.post('/admin/population', { csrf, date: '2024-12-31', data });
  assert.equal(r.status, 422);
  assert.match(r.text, /<p class="error" id="e-data">[^<]*rad 3[^<]*<\/p>/);
  assert.match(r.text, /aria-describedby="e-data"/);
  assert.ok(unescape(r.text).includes(data.trimEnd()), 'the pasted text is kept');
  assert.equal(srv.sql('SELECT count(*) FROM population').trim(), before);

  const ok = await admin.post('/admin/population', {
    csrf, date: '2024-12-31', data: '2303;Ragunda;5200\n2305;Bräcke;6100\n',
  });
  assert.equal(ok.status, 303);
  assert.equal(ok.location, '/admin/population?date=2024-12-31&imported=2');
  const page = await admin.get(ok.location);
  assert.match(page.text, /2 rader importerades/);
  assert.match(page.text, /Ragunda<\/th><td class="num">5\u00a0200</);
});

test('the audit page shows the login and the user creation, and its own viewing', async () => {
  const r = await admin.get('/admin/audit?user=ada.admin');
  assert.equal(r.status, 200);
  assert.match(r.text, /<td>ada\.admin<\/td><td>Inloggning<\/td>/);
  assert.match(r.text, /<td>ada\.admin<\/td><td>Skapande<\/td><td>Användare<\/td>/);
  assert.match(r.text, /<th scope="col">Tid<\/th>/);
  const viewed = srv.sql("SELECT count(*) FROM audit_log WHERE action = 'read' AND record_kind = 'audit_log'");
  assert.ok(Number(viewed) >= 1, 'viewing the log is logged');

  const bad = await admin.get('/admin/audit?from=2024-13-01');
  assert.equal(bad.status, 400);
  assert.match(bad.text, /<p class="error" id="e-from">/);

  const csrf = Client.csrfOf(r.text);
  const v = await admin.post('/admin/audit/verify', { csrf });
  assert.equal(v.status, 200);
  assert.match(v.text, /Kedjan är hel/);

  const s = await admin.get('/admin/audit/sample?sfrom=2000-01-01&sto=2100-01-01&n=3');
  assert.equal(s.status, 200);
  assert.match(s.text, /Slumpvis valda läsningar/);
  assert.match(s.text, /<td>Läsning<\/td>/);
});

test('a non-administrator gets 403 on the user administration and the audit log', async () => {
  const otp = srv.addUser('sture.styr', 'steering', 'Sture Styrgrupp');
  const c = new Client(srv.url);
  await c.firstLogin('sture.styr', otp);
  for (const p of ['/admin/users', '/admin/users/new', '/admin/users/1', '/admin/audit']) {
    assert.equal((await c.get(p)).status, 403, p);
  }
  const start = await c.get('/');
  assert.doesNotMatch(start.text, /href="\/admin\/users"/, 'no menu entry for users');
  assert.doesNotMatch(start.text, /href="\/admin\/audit"/, 'no menu entry for the log');
  const home = await admin.get('/');
  assert.match(home.text, /href="\/admin\/users"/);
  assert.match(home.text, /href="\/admin\/audit"/);
});

test('API: a bearer token creates a user; validation errors are 400 JSON naming the field', async () => {
  const out = srv.cli(['user', 'token', 'ada.admin', '--label', 'test']);
  const token = out.match(/API-nyckel för \S+: (\S+)/)[1];
  const auth = { authorization: 'Bearer ' + token };
  const api = new Client(srv.url);

  const r = await api.request('POST', '/api/v1/users', {
    headers: auth,
    json: { username: 'api.anna', name: 'Anna API', organisation_id: Number(srv.orgId), roles: ['finance'] },
  });
  assert.equal(r.status, 201, r.text);
  const body = JSON.parse(r.text);
  assert.equal(body.user.username, 'api.anna');
  assert.deepEqual(body.user.roles, ['finance']);
  assert.equal(body.user.must_change_password, true);
  assert.match(body.one_time_password, /^[A-Za-z0-9]{20}$/);

  const bad = await api.request('POST', '/api/v1/users', {
    headers: auth, json: { username: 'x y', name: 'Fel', organisation_id: Number(srv.orgId), roles: ['finance'] },
  });
  assert.equal(bad.status, 400);
  const e = JSON.parse(bad.text).error;
  assert.equal(e.code, 'invalid');
  assert.equal(e.field, 'username');
  assert.ok(e.message.length > 0);

  const noRole = await api.request('POST', '/api/v1/users', {
    headers: auth, json: { username: 'utan.roll', name: 'Utan Roll', organisation_id: Number(srv.orgId), roles: [] },
  });
  assert.equal(noRole.status, 400);
  assert.equal(JSON.parse(noRole.text).error.field, 'roles');

  const dup = await api.request('POST', '/api/v1/users', {
    headers: auth, json: { username: 'api.anna', name: 'Igen', organisation_id: Number(srv.orgId), roles: ['finance'] },
  });
  assert.equal(dup.status, 409);
  assert.equal(JSON.parse(dup.text).error.field, 'username');

  const one = await api.request('GET', '/api/v1/users/' + body.user.id, { headers: auth });
  assert.equal(JSON.parse(one.text).user.name, 'Anna API');
  const reset = await api.request('POST', `/api/v1/users/${body.user.id}/reset`, { headers: auth });
  assert.equal(reset.status, 200);
  assert.notEqual(JSON.parse(reset.text).one_time_password, body.one_time_password);
  const off = await api.request('POST', `/api/v1/users/${body.user.id}/deactivate`, { headers: auth });
  assert.equal(JSON.parse(off.text).user.active, false);

  const orgBad = await api.request('POST', '/api/v1/organisations', {
    headers: auth, json: { kind: 'police', name: 'Polis X', org_number: '123' },
  });
  assert.equal(orgBad.status, 400);
  assert.equal(JSON.parse(orgBad.text).error.field, 'org_number');

  const munis = JSON.parse((await api.request('GET', '/api/v1/municipalities?county=23', { headers: auth })).text);
  assert.equal(munis.municipalities.length, 8);
  const pop = JSON.parse((await api.request('GET', '/api/v1/population', { headers: auth })).text);
  assert.match(pop.date, /^\d{4}-\d{2}-\d{2}$/);
  const audit = JSON.parse((await api.request('GET', '/api/v1/audit?action=create&kind=user', { headers: auth })).text);
  assert.ok(audit.entries.some((x) => x.username === 'ada.admin' && x.record_id === String(body.user.id)));
  const badAudit = await api.request('GET', '/api/v1/audit?to=igår', { headers: auth });
  assert.equal(badAudit.status, 400);
  assert.equal(JSON.parse(badAudit.text).error.field, 'to');
});
