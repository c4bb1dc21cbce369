// Emergency apartments: book a stay and see its nights occupied in the month calendar (which
// never names anyone), an overlapping stay refused with the conflicting dates and nothing
// stored (a touching one accepted), the form's bad values refused beside their fields, the
// wear charge invoiced to the stay's home municipality, occupancy and length of stay for a
// period, and who may see stays at all (municipal officers, steering, agencies and another
// organisation's centre staff may not). A protected client's name appears nowhere.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from './server.mjs';

let srv;
let orgs; // kind/code -> id
const users = {}; // name -> { c, csrf }
let apt1, apt2; // the centre's default apartments
let plain, hidden; // clients: { id, code }

const count = (table, where = '1') => Number(srv.sql(`SELECT count(*) FROM ${table} WHERE ${where}`).trim());

async function addUser(name, role, org) {
  const out = srv.cli(['user', 'add', '--username', name, '--name', 'Test ' + name, '--org', String(org), '--role', role]);
  const otp = out.match(/Engångslösenord: (\S+)/)[1];
  const c = new Client(srv.url);
  const r = await c.firstLogin(name, otp);
  assert.equal(r.status, 303, `first login ${name}`);
  const csrf = Client.csrfOf((await c.get('/')).text);
  users[name] = { c, csrf };
  return users[name];
}

const api = (u, method, path, json) =>
  u.c.request(method, path, { json, headers: { 'x-csrf-token': u.csrf } });

async function formCsrf(u, path) {
  const page = await u.c.get(path);
  assert.equal(page.status, 200, path);
  return Client.csrfOf(page.text);
}

// Post the new-stay form; returns the response.
async function bookForm(u, fields) {
  const csrf = await formCsrf(u, '/apartments/stays/new');
  return u.c.post('/apartments/stays/new', { csrf, outside_staff: 'no', ...fields });
}

// The calendar row of an apartment: its cells ("U"/"L") in day order.
function calendarRow(html, label) {
  const m = html.match(new RegExp(`<tr><th scope="row">${label}</th>([\\s\\S]*?)</tr>`));
  assert.ok(m, `${label} is in the calendar`);
  return [...m[1].matchAll(/<td class="(occ|free)"><abbr title="[^"]+">([UL])<\/abbr><\/td>/g)].map((x) => x[2]);
}

before(async () => {
  srv = await startServer();
  orgs = {};
  for (const line of srv.cli(['org', 'list']).split('\n')) {
    const m = line.match(/^(\d+)\s+(\w+)\s+\S+\s+(\S+)/);
    if (!m) continue;
    if (m[2] === 'centre' || m[2] === 'shelter' || m[2] === 'police') orgs[m[2]] = Number(m[1]);
    if (m[2] === 'municipality') orgs[m[3]] = Number(m[1]);
  }
  assert.ok(orgs.centre && orgs.shelter && orgs['2309'], 'init made the centre, a shelter and Krokom');
  await addUser('anna.staff', 'centre_staff', orgs.centre);
  await addUser('maria.manager', 'centre_manager', orgs.centre);
  await addUser('jour.staff', 'centre_staff', orgs.shelter); // centre staff role, other organisation
  await addUser('sture.steering', 'steering', orgs['2326']);
  await addUser('agnes.agency', 'agency_rep', orgs.police);
  await addUser('maja.krokom', 'municipal_officer', orgs['2309']);

  const staff = users['anna.staff'];
  // first use: the centre gets "Lägenhet 1" and "Lägenhet 2"
  const list = await api(staff, 'GET', '/api/v1/apartments');
  assert.equal(list.status, 200, list.text);
  const apartments = JSON.parse(list.text).apartments;
  assert.deepEqual(apartments.map((a) => a.label), ['Lägenhet 1', 'Lägenhet 2']);
  [apt1, apt2] = apartments.map((a) => a.id);

  const newClient = async (first, last, isProtected) => {
    const r = await api(staff, 'POST', '/api/v1/clients', {
      first_name: first, last_name: last, birth_year: 1986, gender: 'kvinna',
      home_municipality: '2309', roles: ['victim'], protected_identity: isProtected,
    });
    assert.equal(r.status, 201, r.text);
    const c = JSON.parse(r.text).client;
    return { id: c.id, code: c.code };
  };
  plain = await newClient('Ingrid', 'Synligsdotter', false);
  hidden = await newClient('Hedvig', 'Skyddadsdotter', true);
});
after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, 'server exits cleanly on SIGTERM:\n' + r.stderr);
});

test('book a stay with the form and see its nights occupied in the calendar, without names', async () => {
  const staff = users['anna.staff'];
  const r = await bookForm(staff, {
    apartment_id: String(apt1), client_code: plain.code, children_ages: '9, 4',
    move_in: '2026-03-02', move_out: '2026-03-15', outside_staff: 'yes',
    outside_staff_org: String(orgs['2309']),
  });
  assert.equal(r.status, 303, r.text);
  const m = r.location.match(/^\/apartments\/stays\/(\d+)\?done=created$/);
  assert.ok(m, r.location);
  const view = await staff.c.get(r.location);
  assert.equal(view.status, 200);
  assert.match(view.text, /Vistelsen är sparad/);
  assert.match(view.text, /<dt>Medföljande barn<\/dt><dd>2 \(åldrar 4,9 år\)<\/dd>/);
  assert.match(view.text, /<dt>Nätter<\/dt><dd>13<\/dd>/);
  assert.ok(view.text.includes(plain.code));

  const cal = await staff.c.get('/apartments?month=2026-03');
  assert.equal(cal.status, 200);
  const row = calendarRow(cal.text, 'Lägenhet 1');
  assert.equal(row.length, 31);
  // nights 2..14 occupied: the move-in night is, the move-out night is not
  assert.equal(row[0], 'L');
  for (let d = 2; d <= 14; d++) assert.equal(row[d - 1], 'U', `night of 2026-03-${d}`);
  assert.equal(row[14], 'L', 'the night of the move-out day is free');
  assert.ok(calendarRow(cal.text, 'Lägenhet 2').every((x) => x === 'L'));
  assert.match(cal.text, /U = upptagen natt, L = ledig natt/);
  assert.match(cal.text, /<td class="num">13 av 31<\/td>/);
  // no code and no name in the calendar, nor in its JSON twin
  assert.ok(!cal.text.includes(plain.code) && !cal.text.includes('Synligsdotter'));
  assert.match(cal.text, /href="\/apartments\?month=2026-02"/);
  assert.match(cal.text, /href="\/apartments\?month=2026-04"/);
  const json = await api(staff, 'GET', '/api/v1/calendar?month=2026-03');
  assert.equal(json.status, 200);
  assert.ok(!json.text.includes(plain.code) && !json.text.includes('K-'));
  const first = JSON.parse(json.text).calendar.apartments[0];
  assert.equal(first.occupied_nights, 13);
  assert.equal(first.nights.filter(Boolean).length, 13);
  assert.equal((await api(staff, 'GET', '/api/v1/calendar?month=2026-13')).status, 400);
  assert.equal((await staff.c.get('/apartments?month=mars')).status, 400);
});

test('an overlapping stay is refused naming the dates, nothing stored; a touching one is taken', async () => {
  const staff = users['anna.staff'];
  const before = count('stay');
  const r = await bookForm(staff, {
    apartment_id: String(apt1), client_code: plain.code, move_in: '2026-03-10', move_out: '2026-03-20',
  });
  assert.equal(r.status, 422);
  assert.match(r.text, /<p class="error" id="e-move_in">Lägenhet 1 är upptagen 2026-03-02–2026-03-15\.<\/p>/);
  assert.match(r.text, /name="move_out" type="date" value="2026-03-20"|value="2026-03-20"/, 'typed values are kept');
  assert.equal(count('stay'), before);
  const a = await api(staff, 'POST', '/api/v1/stays', {
    apartment_id: apt1, client_code: plain.code, move_in: '2026-03-14',
  });
  assert.equal(a.status, 409);
  const e = JSON.parse(a.text).error;
  assert.equal(e.field, 'move_in');
  assert.equal(e.message, 'Lägenhet 1 är upptagen 2026-03-02–2026-03-15.');
  assert.equal(count('stay'), before);
  // move-out day = the next move-in day: a handover, accepted
  const t = await api(staff, 'POST', '/api/v1/stays', {
    apartment_id: apt1, client_code: plain.code, move_in: '2026-03-15', move_out: '2026-03-18',
  });
  assert.equal(t.status, 201, t.text);
  assert.equal(JSON.parse(t.text).stay.nights, 3);
  assert.equal(count('stay'), before + 1);
});

test('bad values are refused beside their fields and nothing is stored', async () => {
  const staff = users['anna.staff'];
  const before = count('stay');
  const base = { apartment_id: String(apt2), client_code: plain.code, move_in: '2026-04-10' };

  let r = await bookForm(staff, { ...base, move_out: '2026-04-01' });
  assert.equal(r.status, 422);
  assert.match(r.text, /<p class="error" id="e-move_out">Utflyttningsdatum kan inte vara före inflyttningsdatum\.<\/p>/);
  assert.match(r.text, /aria-describedby="e-move_out"/);

  r = await bookForm(staff, { ...base, children_ages: '4, 18' });
  assert.equal(r.status, 422);
  assert.match(r.text, /<p class="error" id="e-children_ages">Barnens åldrar: [^<]*mellan 0 och 17[^<]*<\/p>/);
  assert.match(r.text, /value="4, 18"/, 'the typed ages are kept');

  r = await bookForm(staff, { ...base, client_code: 'K-1999-9999' });
  assert.equal(r.status, 422);
  assert.match(r.text, /<p class="error" id="e-client_code">/);

  r = await bookForm(staff, { ...base, move_in: '' });
  assert.equal(r.status, 422);
  assert.match(r.text, /<p class="error" id="e-move_in">Inflyttningsdatum saknas\.<\/p>/);

  r = await bookForm(staff, { ...base, apartment_id: '' });
  assert.equal(r.status, 422);
  assert.match(r.text, /<p class="error" id="e-apartment_id">/);

  const a = await api(staff, 'POST', '/api/v1/stays', { ...base, apartment_id: apt2, children_ages: [3, 19] });
  assert.equal(a.status, 400);
  assert.equal(JSON.parse(a.text).error.field, 'children_ages');
  assert.equal(count('stay'), before);
});

test('a wear charge after a stay is invoiced to the stay\'s home municipality', async () => {
  const staff = users['anna.staff'];
  const made = await api(staff, 'POST', '/api/v1/stays', {
    apartment_id: apt2, client_code: plain.code, home_municipality: '2326',
    move_in: '2026-02-01',
  });
  assert.equal(made.status, 201, made.text);
  const id = JSON.parse(made.text).stay.id;
  // still living there: no charge yet (the form is not even offered)
  let page = await staff.c.get(`/apartments/stays/${id}`);
  assert.ok(!page.text.includes(`action="/apartments/stays/${id}/charge"`));
  let r = await staff.c.post(`/apartments/stays/${id}/charge`, { csrf: Client.csrfOf(page.text), reason: 'wear', amount: '100' });
  assert.equal(r.status, 422);
  assert.equal(count('charge'), 0);

  r = await staff.c.post(`/apartments/stays/${id}/moveout`, { csrf: Client.csrfOf(page.text), move_out: '2026-02-10' });
  assert.equal(r.status, 303, r.text);
  page = await staff.c.get(`/apartments/stays/${id}`);
  assert.match(page.text, /<dt>Nätter<\/dt><dd>9<\/dd>/);
  r = await staff.c.post(`/apartments/stays/${id}/charge`, { csrf: Client.csrfOf(page.text), reason: 'wear', amount: 'tusen' });
  assert.equal(r.status, 422);
  assert.match(r.text, /<p class="error" id="e-amount">/);
  r = await staff.c.post(`/apartments/stays/${id}/charge`, { csrf: Client.csrfOf(page.text), reason: 'wear_cleaning', amount: '2 500,50' });
  assert.equal(r.status, 303, r.text);
  assert.equal(srv.sql(`SELECT kind, municipality, amount_ore, source_ref FROM charge`).trim(),
    `wear|2326|250050|stay:${id}`);
  const desc = srv.sql('SELECT description FROM charge').trim();
  assert.ok(!desc.includes(plain.code) && !desc.includes('Synligsdotter'), 'no personal data on the invoice line');
  page = await staff.c.get(`/apartments/stays/${id}?done=charge`);
  assert.match(page.text, /Onormalt slitage och städning/);
  const j = await api(staff, 'POST', `/api/v1/stays/${id}/charge`, { reason: 'cleaning', amount_ore: 80000 });
  assert.equal(j.status, 201, j.text);
  const charges = JSON.parse(j.text).stay.charges;
  assert.equal(charges.length, 2);
  assert.ok(charges.every((c) => c.municipality === '2326'));
  assert.equal(count('charge', "municipality = '2326'"), 2);
});

test('occupancy and length of stay for a period', async () => {
  const staff = users['anna.staff'];
  // March: Lägenhet 1 has 13 + 3 nights, Lägenhet 2 none: 16 / (2 × 31) = 25,8 %
  const r = await staff.c.get('/apartments/stats?from=2026-03-01&to=2026-03-31');
  assert.equal(r.status, 200);
  assert.match(r.text, /<dt>Nyttjandegrad<\/dt><dd>25,8\u00a0% \(16 upptagna nätter av 62 möjliga/);
  const j = JSON.parse((await api(staff, 'GET', '/api/v1/occupancy?from=2026-03-01&to=2026-03-31')).text).occupancy;
  assert.equal(j.occupied_nights, 16);
  assert.equal(j.available_nights, 62);
  assert.equal(j.permille, 258);
  assert.equal(j.households, 2);
  assert.equal(j.children, 2);
  // both March stays moved out in March: (13 + 3) / 2 = 8,0 per household;
  // per individual (13 × 3 + 3 × 1) / 4 = 10,5
  assert.equal(j.completed_stays, 2);
  assert.equal(j.nights_per_household, '8,0');
  assert.equal(j.nights_per_individual, '10,5');
  const bad = await staff.c.get('/apartments/stats?from=2026-03-31&to=2026-03-01');
  assert.equal(bad.status, 422);
  assert.match(bad.text, /<p class="error" id="e-to">/);
  assert.equal((await api(staff, 'GET', '/api/v1/occupancy?from=2026-03-01')).status, 400);
});

test('a protected client\'s stay shows the code only, and no name anywhere', async () => {
  const staff = users['anna.staff'];
  const made = await api(staff, 'POST', '/api/v1/stays', {
    apartment_id: apt2, client_code: hidden.code, move_in: '2026-01-05', move_out: '2026-01-09',
  });
  assert.equal(made.status, 201, made.text);
  const id = JSON.parse(made.text).stay.id;
  for (const p of ['/apartments/stays', `/apartments/stays/${id}`, '/apartments?month=2026-01',
    '/api/v1/stays', `/api/v1/stays/${id}`, '/apartments/stats?from=2026-01-01&to=2026-01-31']) {
    const r = await staff.c.get(p);
    assert.equal(r.status, 200, p);
    assert.ok(!r.text.includes('Skyddadsdotter') && !r.text.includes('Hedvig'), `no name in ${p}`);
  }
  assert.ok((await staff.c.get('/apartments/stays')).text.includes(hidden.code));
});

test('who may see stays: not social services, steering, agencies or another organisation', async () => {
  const id = Number(srv.sql('SELECT min(id) FROM stay').trim());
  for (const name of ['maja.krokom', 'sture.steering', 'agnes.agency']) {
    const u = users[name];
    for (const p of ['/apartments/stays', `/apartments/stays/${id}`, '/apartments/stays/new',
      '/apartments/stats', '/api/v1/stays', `/api/v1/stays/${id}`, '/api/v1/occupancy?from=2026-01-01&to=2026-01-31',
      '/apartments', '/api/v1/calendar']) {
      assert.equal((await u.c.get(p)).status, 403, `${name} ${p}`);
    }
    assert.equal((await api(u, 'POST', '/api/v1/stays', { apartment_id: apt1 })).status, 403, name);
    assert.equal((await api(u, 'POST', `/api/v1/stays/${id}/moveout`, { move_out: '2026-03-20' })).status, 403, name);
  }
  // centre staff of another organisation: not the centre's stays, and no apartments of its own
  const jour = users['jour.staff'];
  assert.equal((await jour.c.get(`/apartments/stays/${id}`)).status, 403);
  assert.equal((await api(jour, 'GET', `/api/v1/stays/${id}`)).status, 403);
  assert.equal((await api(jour, 'POST', `/api/v1/stays/${id}/charge`, { reason: 'wear', amount_ore: 100 })).status, 403);
  assert.deepEqual(JSON.parse((await api(jour, 'GET', '/api/v1/stays')).text).stays, []);
  assert.deepEqual(JSON.parse((await api(jour, 'GET', '/api/v1/apartments')).text).apartments, []);
  const b = await api(jour, 'POST', '/api/v1/stays', { apartment_id: apt1, client_code: plain.code, move_in: '2026-06-01' });
  assert.equal(b.status, 400, 'neither the centre\'s apartment nor its client is open to another organisation');
  // the apartments page is for the centre manager (and the administrator), not staff
  assert.equal((await users['anna.staff'].c.get('/apartments/admin')).status, 403);
  assert.equal((await users['maria.manager'].c.get('/apartments/admin')).status, 200);
});

test('the centre manager adds, renames and retires apartments', async () => {
  const m = users['maria.manager'];
  let csrf = await formCsrf(m, '/apartments/admin');
  let r = await m.c.post('/apartments/admin', { csrf, label: '' });
  assert.equal(r.status, 422);
  assert.match(r.text, /<p class="error" id="e-label">Benämningen saknas\.<\/p>/);
  r = await m.c.post('/apartments/admin', { csrf, label: 'Lägenhet 1' });
  assert.equal(r.status, 422, 'labels are unique');
  r = await m.c.post('/apartments/admin', { csrf, label: 'Lägenhet 3' });
  assert.equal(r.status, 303);
  const id = Number(srv.sql("SELECT id FROM apartment WHERE label = 'Lägenhet 3'").trim());
  r = await m.c.post(`/apartments/admin/${id}`, { csrf, label: 'Lägenhet 3' }); // unchecked: retired
  assert.equal(r.status, 303);
  assert.equal(srv.sql(`SELECT active FROM apartment WHERE id = ${id}`).trim(), '0');
  // a retired apartment is offered for no new stay and is left out of the calendar
  const page = await users['anna.staff'].c.get('/apartments/stays/new');
  assert.ok(!page.text.includes('Lägenhet 3'));
  assert.ok(!(await users['anna.staff'].c.get('/apartments?month=2026-03')).text.includes('Lägenhet 3'));
});
