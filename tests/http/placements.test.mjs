// Shelter placements and the shelter's statistics (R17): the municipal officer of Krokom
// places a Krokom client at the shelter; the unsigned agreement is a deviation on the
// officer's and the centre manager's start pages until it is signed; a stay past two months
// without a follow-up meeting is a deviation until a meeting is recorded; another
// municipality's officer gets 403 on it; steering reaches no placement but reads the shelter
// statistics; every form rejects a bad value with the field named and nothing stored; a
// protected client's name appears in no response; refusals are counted in the statistics.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, Client, PASSWORD } from './server.mjs';

let srv;
const users = {}; // username -> signed-in Client
const csrf = {};  // username -> session CSRF token

async function startDemo() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'norrsken-pl-'));
  const db = path.join(dir, 'norrsken.db');
  const pw = path.join(dir, 'password');
  fs.writeFileSync(pw, PASSWORD + '\n', { mode: 0o600 });
  const cli = (args) => execFileSync(BIN, ['--db', db, ...args], { cwd: dir, encoding: 'utf8' });
  cli(['demo', '--password-file', pw]);
  const keyFile = path.join(dir, 'norrsken.key');
  if (!fs.existsSync(keyFile)) fs.writeFileSync(keyFile, crypto.randomBytes(32).toString('hex') + '\n', { mode: 0o600 });
  const child = spawn(BIN, ['--db', db, 'serve', '--port', '0'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
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
    url, cli,
    sql: (q) => execFileSync('sqlite3', [db, q], { encoding: 'utf8' }).trim(),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const r = await exited;
      fs.rmSync(dir, { recursive: true, force: true });
      return { ...r, stderr };
    },
  };
}

const pad = (n) => String(n).padStart(2, '0');
function day(offset = 0) {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

async function signIn(username) {
  const c = new Client(srv.url);
  const r = await c.login(username, PASSWORD);
  assert.equal(r.status, 303, `login ${username}`);
  users[username] = c;
  csrf[username] = Client.csrfOf((await c.get('/')).text);
}

const get = (u, p) => users[u].get(p);
const post = (u, p, form) => users[u].post(p, { csrf: csrf[u], ...form });
const api = (u, method, p, json) => users[u].request(method, p, {
  json, headers: { 'x-csrf-token': csrf[u] },
});
const count = (q) => Number(srv.sql(q));

let shelterId;
let krokomCode;
let protectedCode;
let bergCode;
const PROTECTED_NAME = 'Hemligsdotter';

async function newClient(municipality, lastName, isProtected = false) {
  const r = await api('centre.staff', 'POST', '/api/v1/clients', {
    first_name: 'Test', last_name: lastName, birth_year: 1986, gender: 'kvinna',
    home_municipality: municipality, roles: ['victim'], protected: isProtected,
  });
  assert.equal(r.status, 201, r.text);
  return JSON.parse(r.text).client.code;
}

before(async () => {
  srv = await startDemo();
  for (const u of ['centre.staff', 'centre.manager', 'municipal.officer', 'steering']) await signIn(u);
  // a second municipal officer, of Bergs kommun
  const orgs = JSON.parse((await get('centre.staff', '/api/v1/organisations')).text).organisations;
  const berg = orgs.find((o) => o.kind === 'municipality' && o.municipality === '2326').id;
  shelterId = orgs.find((o) => o.kind === 'shelter').id;
  const out = srv.cli(['user', 'add', '--username', 'berg.officer', '--name', 'Handläggare Berg',
    '--org', String(berg), '--role', 'municipal_officer']);
  const otp = out.match(/Engångslösenord: (\S+)/)[1];
  const c = new Client(srv.url);
  assert.equal((await c.firstLogin('berg.officer', otp, PASSWORD)).status, 303);
  users['berg.officer'] = c;
  csrf['berg.officer'] = Client.csrfOf((await c.get('/')).text);

  krokomCode = await newClient('2309', 'Placeringsdotter');
  protectedCode = await newClient('2309', PROTECTED_NAME, true);
  bergCode = await newClient('2326', 'Bergsdotter');
});
after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, 'server exits cleanly on SIGTERM:\n' + r.stderr);
});

function agreement(fields = {}) {
  return {
    client_code: krokomCode, shelter_id: String(shelterId), children: '2', child_ages: '4, 9',
    start: day(-5), end: '', housing: '1', municipality_undertakes: 'Handläggare följer upp.',
    shelter_undertakes: 'Eget rum och stödsamtal.', decision_date: day(-6), decision_ref: 'IFO 2026-17',
    signed: '', ...fields,
  };
}

// Create with the page; returns { id, res }.
async function newPlacement(fields, user = 'municipal.officer') {
  const res = await post(user, '/placements/new', agreement(fields));
  const m = res.location && res.location.match(/^\/placements\/(\d+)/);
  return { id: m ? Number(m[1]) : null, res };
}

const panel = (html) => {
  const m = html.match(/<h2>Avvikelser i placeringar<\/h2>([\s\S]*?)<\/section>/);
  return m ? m[1] : '';
};

test('the officer places a Krokom client; the unsigned agreement is a deviation until signed', async () => {
  const { id, res } = await newPlacement({ client_code: krokomCode });
  assert.equal(res.status, 303, res.text.slice(0, 500));
  const page = await get('municipal.officer', `/placements/${id}`);
  assert.equal(page.status, 200);
  assert.match(page.text, new RegExp(krokomCode));
  assert.match(page.text, /Eget rum och stödsamtal/);
  assert.match(page.text, /Ej undertecknat/);
  assert.match(page.text, /åldrar: 4, 9 år/);
  // the undertakings are stored sealed
  assert.equal(count(`SELECT count(*) FROM placement WHERE instr(CAST(shelter_undertakes_enc AS TEXT), 'stödsamtal') > 0`), 0);

  for (const u of ['municipal.officer', 'centre.manager']) {
    const start = await get(u, '/');
    assert.match(panel(start.text), new RegExp(`/placements/${id}"`), `${u} sees the deviation`);
    assert.match(panel(start.text), /Avtalet är inte undertecknat/);
    const dev = await get(u, '/placements/deviations');
    assert.match(dev.text, new RegExp(`/placements/${id}"`));
  }
  // the centre manager reads all placements but changes none
  assert.equal((await get('centre.manager', '/placements')).status, 200);
  assert.match((await get('centre.manager', '/placements')).text, new RegExp(krokomCode));
  assert.equal((await get('centre.manager', `/placements/${id}`)).status, 200);
  assert.equal((await post('centre.manager', `/placements/${id}/sign`, { signed: day(0) })).status, 403);

  // a signing date in the future is refused beside the field, nothing changes
  const bad = await post('municipal.officer', `/placements/${id}/sign`, { signed: day(3) });
  assert.equal(bad.status, 422);
  assert.match(bad.text, /id="e-signed"/);
  assert.equal(srv.sql(`SELECT coalesce(signed_date, '') FROM placement WHERE id = ${id}`), '');

  const signed = await post('municipal.officer', `/placements/${id}/sign`, { signed: day(0) });
  assert.equal(signed.status, 303);
  for (const u of ['municipal.officer', 'centre.manager']) {
    const start = await get(u, '/');
    assert.doesNotMatch(panel(start.text), new RegExp(`/placements/${id}"`), `${u}: signed is no deviation`);
  }
  // signing twice is a conflict
  assert.equal((await post('municipal.officer', `/placements/${id}/sign`, { signed: day(0) })).status, 409);
});

test('a stay past two months without a follow-up meeting is a deviation until a meeting is held', async () => {
  const { id, res } = await newPlacement({ start: day(-70), decision_date: day(-71), signed: day(-70) });
  assert.equal(res.status, 303, res.text.slice(0, 500));
  let dev = await get('municipal.officer', '/placements/deviations');
  assert.match(dev.text, new RegExp(`/placements/${id}"`));
  assert.match(dev.text, /Uppföljningsmötet är försenat/);
  const json = JSON.parse((await api('municipal.officer', 'GET', `/api/v1/placements/${id}`)).text).placement;
  assert.deepEqual(json.deviations, ['followup_overdue']);
  assert.equal(json.followup_status, 'overdue');
  assert.match(panel((await get('centre.manager', '/')).text), new RegExp(`/placements/${id}"`));

  const bad = await post('municipal.officer', `/placements/${id}/followups`, { held: day(-80) });
  assert.equal(bad.status, 422);
  assert.match(bad.text, /id="e-held"/);
  assert.equal(count(`SELECT count(*) FROM placement_followup WHERE placement_id = ${id}`), 0);
  assert.equal((await post('municipal.officer', `/placements/${id}/followups`, { held: day(-1) })).status, 303);
  dev = await get('municipal.officer', '/placements/deviations');
  assert.doesNotMatch(dev.text, new RegExp(`/placements/${id}"`));

  // ending the stay
  assert.equal((await post('municipal.officer', `/placements/${id}/end`, { end: day(-71) })).status, 422);
  assert.equal((await post('municipal.officer', `/placements/${id}/end`, { end: day(0) })).status, 303);
  assert.equal(srv.sql(`SELECT end_date FROM placement WHERE id = ${id}`), day(0));
});

test('another municipality and steering are refused; steering reads the statistics', async () => {
  const { id } = await newPlacement({});
  assert.ok(id);
  for (const p of [`/placements/${id}`, `/api/v1/placements/${id}`]) {
    assert.equal((await get('berg.officer', p)).status, 403, `berg ${p}`);
  }
  assert.equal((await post('berg.officer', `/placements/${id}/sign`, { signed: day(0) })).status, 403);
  assert.equal((await api('berg.officer', 'POST', `/api/v1/placements/${id}/end`, { end: day(0) })).status, 403);
  const bergList = await get('berg.officer', '/placements');
  assert.equal(bergList.status, 200);
  assert.doesNotMatch(bergList.text, new RegExp(krokomCode));
  assert.doesNotMatch(panel((await get('berg.officer', '/')).text), /\/placements\/\d+"/);
  // the Berg officer cannot place a Krokom client (same answer as an unknown code)
  const before = count('SELECT count(*) FROM placement');
  const r = await newPlacement({ client_code: krokomCode }, 'berg.officer');
  assert.equal(r.res.status, 422);
  assert.match(r.res.text, /id="e-client_code"/);
  assert.equal(count('SELECT count(*) FROM placement'), before);

  for (const p of ['/placements', '/placements/deviations', `/placements/${id}`, '/placements/new',
    '/api/v1/placements', `/api/v1/placements/${id}`, '/api/v1/placements/deviations']) {
    assert.equal((await get('steering', p)).status, 403, `steering ${p}`);
  }
  assert.equal((await get('steering', '/placements/stats')).status, 200);
  const stats = await get('steering', `/api/v1/shelter-stats?from=${day(-100)}&to=${day(0)}`);
  assert.equal(stats.status, 200);
  const s = JSON.parse(stats.text);
  assert.ok(s.total.women >= 2, 'women housed counted');
  assert.ok(s.total.woman_nights > 0, 'guest nights counted');
  // the municipal officer has no statistics role
  assert.equal((await get('municipal.officer', '/placements/stats')).status, 403);
});

test('bad values are refused with the field named and nothing stored', async () => {
  const before = count('SELECT count(*) FROM placement');
  const cases = [
    [{ start: day(-3), end: day(-10) }, 'end'],
    [{ shelter_id: '999999' }, 'shelter_id'],
    [{ children: '1', child_ages: '18' }, 'child_ages'],
    [{ children: '2', child_ages: '4' }, 'child_ages'],
    [{ housing: '' }, 'intervention'],
    [{ client_code: 'K-1999-0001' }, 'client_code'],
    [{ client_code: bergCode }, 'client_code'],
    [{ decision_date: day(5) }, 'decision_date'],
  ];
  for (const [fields, field] of cases) {
    const form = agreement(fields);
    if (form.housing === '') delete form.housing;
    const res = await post('municipal.officer', '/placements/new', form);
    assert.equal(res.status, 422, `${field}: ${res.status}`);
    assert.match(res.text, new RegExp(`id="e-${field}"`), `error beside ${field}`);
    // typed values are kept
    assert.match(res.text, /Eget rum och stödsamtal\./);
  }
  assert.equal(count('SELECT count(*) FROM placement'), before);

  // the API names the field too
  const a = await api('municipal.officer', 'POST', '/api/v1/placements', {
    client_code: krokomCode, shelter_id: shelterId, child_ages: [3, 30], start: day(0), housing: true,
    municipality_undertakes: 'x', shelter_undertakes: 'y', decision_date: day(0),
  });
  assert.equal(a.status, 400);
  assert.equal(JSON.parse(a.text).error.field, 'child_ages');
  const b = await api('municipal.officer', 'POST', '/api/v1/placements', {
    client_code: krokomCode, shelter_id: shelterId, start: day(0), end: day(-1), support: true,
    municipality_undertakes: 'x', shelter_undertakes: 'y', decision_date: day(0),
  });
  assert.equal(b.status, 400);
  assert.equal(JSON.parse(b.text).error.field, 'end');
  assert.equal(count('SELECT count(*) FROM placement'), before);
  const ok = await api('municipal.officer', 'POST', '/api/v1/placements', {
    client_code: krokomCode, shelter_id: shelterId, start: day(0), support: true,
    municipality_undertakes: 'x', shelter_undertakes: 'y', decision_date: day(0),
  });
  assert.equal(ok.status, 201, ok.text);
  assert.deepEqual(JSON.parse(ok.text).placement.deviations, ['unsigned']);
});

test("a protected client's name appears in no placement response", async () => {
  const { id, res } = await newPlacement({ client_code: protectedCode });
  assert.equal(res.status, 303, res.text.slice(0, 400));
  for (const u of ['municipal.officer', 'centre.manager']) {
    for (const p of ['/', '/placements', '/placements/deviations', `/placements/${id}`,
      '/api/v1/placements', `/api/v1/placements/${id}`, '/api/v1/placements/deviations']) {
      const r = await get(u, p);
      assert.equal(r.status, 200, `${u} ${p}`);
      assert.ok(!r.text.includes(PROTECTED_NAME), `${u} ${p} shows no name`);
    }
    assert.match((await get(u, `/placements/${id}`)).text, new RegExp(protectedCode));
  }
});

test('refusals are entered by the centre and counted in the statistics', async () => {
  const before = count('SELECT count(*) FROM shelter_refusal');
  for (const [fields, field] of [
    [{ count: '0' }, 'count'],
    [{ reason: 'full' }, 'reason'],
    [{ date: day(2) }, 'date'],
    [{ shelter_id: '999999' }, 'shelter_id'],
  ]) {
    const res = await post('centre.staff', '/placements/refusals/new', {
      shelter_id: String(shelterId), date: day(-2), reason: 'no_room', count: '2', ...fields,
    });
    assert.equal(res.status, 422, field);
    assert.match(res.text, new RegExp(`id="e-${field}"`));
  }
  assert.equal(count('SELECT count(*) FROM shelter_refusal'), before);
  const ok = await post('centre.staff', '/placements/refusals/new', {
    shelter_id: String(shelterId), date: day(-2), reason: 'no_room', count: '3',
  });
  assert.equal(ok.status, 303);
  assert.equal((await post('steering', '/placements/refusals/new', {
    shelter_id: String(shelterId), date: day(-2), reason: 'other', count: '1',
  })).status, 403);
  assert.equal((await api('centre.manager', 'POST', '/api/v1/shelter-stats/refusals', {
    shelter_id: shelterId, date: day(-1), reason: 'other', count: 1,
  })).status, 201);
  const s = JSON.parse((await get('steering', `/api/v1/shelter-stats?from=${day(-10)}&to=${day(0)}`)).text);
  assert.equal(s.total.refusals.no_room, 3);
  assert.equal(s.total.refusals.other, 1);
  const page = await get('centre.manager', `/placements/stats?from=${day(-10)}&to=${day(0)}`);
  assert.match(page.text, /Platsbrist/);
  // a period ending before it starts is refused beside the field
  const bad = await get('steering', `/placements/stats?from=${day(0)}&to=${day(-10)}`);
  assert.equal(bad.status, 422);
  assert.match(bad.text, /id="e-to"/);
  const badApi = await get('steering', `/api/v1/shelter-stats?from=${day(0)}&to=${day(-10)}`);
  assert.equal(badApi.status, 400);
  assert.equal(JSON.parse(badApi.text).error.field, 'to');
});
