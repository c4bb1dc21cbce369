// Interventions, sessions, the queue, aid decisions, groups and the systematic follow-up
// (R8-R11, R13): an intervention waits in the queue, is started by its first held session and
// leaves the queue; sessions and the end are recorded; every form rejects a bad value with
// the field named and nothing stored; Trappan for a child under 4 warns but is created; a
// municipal officer sees and decides only for their own municipality's clients; steering
// reaches none of it; group-level follow-up suppresses small cells.
// Clients and cases are made with the client and case pages, as staff make them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, Client, PASSWORD } from './server.mjs';

let srv;
const users = {}; // role -> signed-in Client
const csrf = {};  // role -> session CSRF token

// A demo database (one account per role, all with PASSWORD) and a server on a free port.
async function startDemo() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'norrsken-iv-'));
  const db = path.join(dir, 'norrsken.db');
  const pw = path.join(dir, 'password');
  fs.writeFileSync(pw, PASSWORD + '\n', { mode: 0o600 });
  execFileSync(BIN, ['--db', db, 'demo', '--password-file', pw], { cwd: dir, encoding: 'utf8' });
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
    url,
    sql: (q) => execFileSync('sqlite3', [db, q], { encoding: 'utf8' }).trim(),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const r = await exited;
      fs.rmSync(dir, { recursive: true, force: true });
      return { ...r, stderr };
    },
  };
}

// Calendar dates in Europe/Stockholm (the tests run with TZ=Europe/Stockholm).
const pad = (n) => String(n).padStart(2, '0');
function day(offset = 0) {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
const thisYear = new Date().getFullYear();

before(async () => {
  srv = await startDemo();
  for (const role of ['centre_staff', 'centre_manager', 'municipal_officer', 'steering']) {
    const c = new Client(srv.url);
    const r = await c.login(role.replace(/_/g, '.'), PASSWORD);
    assert.equal(r.status, 303, `login ${role}`);
    users[role] = c;
    csrf[role] = Client.csrfOf((await c.get('/')).text);
  }
});
after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, 'server exits cleanly on SIGTERM:\n' + r.stderr);
});

const staff = () => users.centre_staff;
const post = (role, p, form) => users[role].post(p, { csrf: csrf[role], ...form });
const api = (role, method, p, json) => users[role].request(method, p, {
  json, headers: { 'x-csrf-token': csrf[role] },
});

let serial = 0;
// Register a client with the client page and open a case with the case page (assigned to
// the staff member); returns { clientId, caseId, code }.
async function clientWithCase({ home = '2309', birthYear = 1985, gender = 'kvinna', role = 'victim',
  protectedIdentity = false, first = 'Test' } = {}) {
  serial++;
  const form = new URLSearchParams({
    csrf: csrf.centre_staff, fodelsear: String(birthYear), fornamn: first,
    efternamn: `Insatsdottir${serial}`, kon: gender, hemkommun: home, roll: role,
  });
  if (protectedIdentity) form.append('skyddad', '1');
  const r = await staff().request('POST', '/clients/new', {
    body: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(r.status, 303, 'client registered: ' + r.text.slice(0, 300));
  const clientId = Number(r.location.match(/\/clients\/(\d+)/)[1]);
  const c = await post('centre_staff', '/cases/new', {
    klient: String(clientId), oppnat: day(-60), remittent: 'self', tilldela_mig: '1',
  });
  assert.equal(c.status, 303, 'case opened: ' + c.text.slice(0, 300));
  const caseId = Number(c.location.match(/\/cases\/(\d+)/)[1]);
  const code = srv.sql(`SELECT code FROM client WHERE id = ${clientId}`);
  return { clientId, caseId, code };
}

// Create an intervention with the page; returns { id, res }.
async function newIntervention(caseId, fields) {
  const res = await post('centre_staff', '/interventions/new', {
    case: String(caseId), basis: 'service', requested: day(0), ...fields,
  });
  const m = res.location && res.location.match(/\/interventions\/(\d+)/);
  return { id: m ? Number(m[1]) : null, res };
}

const count = (q) => Number(srv.sql(q));
const errorOf = (html, field) => {
  const m = html.match(new RegExp(`<p class="error" id="e-${field}">([^<]*)</p>`));
  return m ? m[1] : null;
};

test('queue: longest wait first with days waited; the first held session starts the intervention, three sessions, end with reason', async () => {
  const a = await clientWithCase();
  const b = await clientWithCase();
  const older = await newIntervention(a.caseId, { type: 'relative_support', requested: day(-10) });
  const newer = await newIntervention(b.caseId, { type: 'relative_support', requested: day(-3) });
  assert.equal(older.res.status, 303);
  assert.equal(newer.res.status, 303);

  const q = await staff().get('/queue?type=relative_support');
  assert.equal(q.status, 200);
  const ia = q.text.indexOf(a.code), ib = q.text.indexOf(b.code);
  assert.ok(ia > 0 && ib > 0, 'both wait in the queue');
  assert.ok(ia < ib, 'longest wait first');
  assert.match(q.text, new RegExp(`${a.code}</a></th><td>${day(-10)}</td><td class="num">10</td>`));
  assert.match(q.text, new RegExp(`${b.code}</a></th><td>${day(-3)}</td><td class="num">3</td>`));
  const qa = JSON.parse((await api('centre_staff', 'GET', '/api/v1/queue?type=relative_support')).text);
  const mine = qa.queue.filter((e) => e.id === older.id || e.id === newer.id);
  assert.deepEqual(mine.map((e) => [e.id, e.days_waited]), [[older.id, 10], [newer.id, 3]]);
  const start = await staff().get('/');
  assert.match(start.text, /Samtalsserie för anhörig<\/a>: \d+ väntar, längst \d+ dag/);

  // a cancelled session does not start it; the first held one does
  let r = await post('centre_staff', `/interventions/${older.id}/sessions`,
    { held: day(-6), minutes: '60', mode: 'phone', outcome: 'cancelled' });
  assert.equal(r.status, 303);
  assert.equal(srv.sql(`SELECT coalesce(started, '') FROM intervention WHERE id = ${older.id}`), '');
  for (const [d, mode] of [[day(-5), 'centre'], [day(-3), 'home_municipality'], [day(-1), 'video']]) {
    r = await post('centre_staff', `/interventions/${older.id}/sessions`,
      { held: d, minutes: '55', mode, outcome: 'held' });
    assert.equal(r.status, 303, r.text.slice(0, 400));
  }
  assert.equal(srv.sql(`SELECT started FROM intervention WHERE id = ${older.id}`), day(-5),
    'the start is the first held session');
  const page = await staff().get(`/interventions/${older.id}`);
  assert.match(page.text, /<dt>Hållna samtal<\/dt><dd>3<\/dd>/);
  assert.match(page.text, /<td>I hemkommunen<\/td><td>Genomfört<\/td>/);
  assert.doesNotMatch((await staff().get('/queue?type=relative_support')).text, new RegExp(a.code),
    'a started intervention has left the queue');
  const j = JSON.parse((await api('centre_staff', 'GET', `/api/v1/interventions/${older.id}`)).text);
  assert.equal(j.intervention.started, day(-5));
  assert.equal(j.sessions.length, 4);
  assert.equal(j.intervention.sessions_held, 3);

  r = await post('centre_staff', `/interventions/${older.id}/end`, { ended: day(0), end_reason: 'completed' });
  assert.equal(r.status, 303);
  assert.equal(srv.sql(`SELECT ended || ' ' || end_reason FROM intervention WHERE id = ${older.id}`),
    `${day(0)} completed`);
  assert.match((await staff().get(r.location)).text, /<dt>Avslutad<\/dt><dd>[0-9-]+ – Genomförd<\/dd>/);

  // the API twin: start by date, end with a reason
  r = await api('centre_staff', 'POST', `/api/v1/interventions/${newer.id}/start`, { started: day(-1) });
  assert.equal(r.status, 200, r.text);
  r = await api('centre_staff', 'POST', `/api/v1/interventions/${newer.id}/end`, { ended: day(0), end_reason: 'moved' });
  assert.equal(r.status, 200, r.text);
  assert.equal(JSON.parse(r.text).intervention.end_reason, 'moved');
});

test('bad values are refused with the field named and nothing stored', async () => {
  const a = await clientWithCase();
  const before = count(`SELECT count(*) FROM intervention WHERE case_id = ${a.caseId}`);

  let r = (await newIntervention(a.caseId, { type: 'no_such_type' })).res;
  assert.equal(r.status, 422);
  assert.ok(errorOf(r.text, 'type'), 'unknown type named');
  r = (await newIntervention(a.caseId, { type: 'victim_support', basis: 'aid_decision', decision_date: day(-2) })).res;
  assert.equal(r.status, 422);
  assert.ok(errorOf(r.text, 'decision_municipality'), 'aid decision without municipality named');
  assert.match(r.text, new RegExp(`id="f-decision_date" name="decision_date" type="date" value="${day(-2)}"`),
    'typed values are kept');
  r = (await newIntervention(a.caseId, { type: 'victim_support', requested: day(5) })).res;
  assert.equal(r.status, 422);
  assert.ok(errorOf(r.text, 'requested'));
  r = (await newIntervention(a.caseId, { type: 'partner_contact' })).res;
  assert.equal(r.status, 422);
  assert.ok(errorOf(r.text, 'linked_intervention'), 'partner contact needs the treatment it belongs to');
  assert.equal(count(`SELECT count(*) FROM intervention WHERE case_id = ${a.caseId}`), before);
  let j = await api('centre_staff', 'POST', '/api/v1/interventions',
    { case_id: a.caseId, type: 'no_such_type', requested: day(0), basis: 'service' });
  assert.equal(j.status, 400);
  assert.equal(JSON.parse(j.text).error.field, 'type');
  j = await api('centre_staff', 'POST', '/api/v1/interventions',
    { case_id: a.caseId, type: 'victim_support', requested: day(0), basis: 'aid_decision', decision_date: day(0) });
  assert.equal(j.status, 400);
  assert.equal(JSON.parse(j.text).error.field, 'decision_municipality');
  assert.equal(count(`SELECT count(*) FROM intervention WHERE case_id = ${a.caseId}`), before);

  const iv = await newIntervention(a.caseId, { type: 'victim_support', requested: day(-20) });
  assert.equal(iv.res.status, 303);
  const sessions = () => count(`SELECT count(*) FROM session_log WHERE intervention_id = ${iv.id}`);
  r = await post('centre_staff', `/interventions/${iv.id}/sessions`, { held: day(-2), minutes: '0', mode: 'centre', outcome: 'held' });
  assert.equal(r.status, 422);
  assert.ok(errorOf(r.text, 'minutes'), 'minutes 0 named');
  assert.match(r.text, /id="f-minutes" name="minutes" type="number" value="0"/);
  r = await post('centre_staff', `/interventions/${iv.id}/sessions`, { held: day(-2), minutes: 'sextio', mode: 'centre', outcome: 'held' });
  assert.equal(r.status, 422);
  assert.ok(errorOf(r.text, 'minutes'));
  r = await post('centre_staff', `/interventions/${iv.id}/sessions`, { held: day(-2), minutes: '45', mode: 'brev', outcome: 'held' });
  assert.equal(r.status, 422);
  assert.ok(errorOf(r.text, 'mode'));
  j = await api('centre_staff', 'POST', `/api/v1/interventions/${iv.id}/sessions`, { held: day(-2), minutes: 0, mode: 'centre', outcome: 'held' });
  assert.equal(j.status, 400);
  assert.equal(JSON.parse(j.text).error.field, 'minutes');
  assert.equal(sessions(), 0);
  assert.equal(srv.sql(`SELECT coalesce(started, '') FROM intervention WHERE id = ${iv.id}`), '');

  r = await post('centre_staff', `/interventions/${iv.id}/sessions`, { held: day(-4), minutes: '45', mode: 'centre', outcome: 'held' });
  assert.equal(r.status, 303);
  r = await post('centre_staff', `/interventions/${iv.id}/end`, { ended: day(-10), end_reason: 'completed' });
  assert.equal(r.status, 422);
  assert.ok(errorOf(r.text, 'ended'), 'end before start named');
  r = await post('centre_staff', `/interventions/${iv.id}/end`, { ended: day(0), end_reason: '' });
  assert.equal(r.status, 422);
  assert.ok(errorOf(r.text, 'end_reason'));
  assert.equal(srv.sql(`SELECT coalesce(ended, '') FROM intervention WHERE id = ${iv.id}`), '');

  r = await post('centre_staff', `/interventions/${iv.id}/decision`, { decision_date: day(-1) });
  assert.equal(r.status, 422);
  assert.ok(errorOf(r.text, 'decision_municipality'));
  assert.equal(srv.sql(`SELECT basis FROM intervention WHERE id = ${iv.id}`), 'service');
});

test('Trappan for a 3-year-old warns and is still created', async () => {
  const child = await clientWithCase({ birthYear: thisYear - 3, gender: 'annat', role: 'child' });
  const { id, res } = await newIntervention(child.caseId, { type: 'child_trappan' });
  assert.equal(res.status, 303);
  assert.match(res.location, /warn=trappan/);
  const page = await staff().get(res.location);
  assert.match(page.text, /Observera: barnet är yngre än 4 år/);
  assert.equal(srv.sql(`SELECT type FROM intervention WHERE id = ${id}`), 'child_trappan');
  const j = await api('centre_staff', 'POST', '/api/v1/interventions',
    { case_id: child.caseId, type: 'child_trappan', requested: day(0), basis: 'service' });
  assert.equal(j.status, 201);
  assert.match(JSON.parse(j.text).warning, /Trappan är avsedd för barn från 4 år/);
});

test('partner contact is linked to the treatment of the partner', async () => {
  const perp = await clientWithCase({ gender: 'man', role: 'perpetrator' });
  const victim = await clientWithCase({ role: 'victim' });
  const treat = await newIntervention(perp.caseId, { type: 'perpetrator_treatment' });
  const other = await newIntervention(victim.caseId, { type: 'victim_support' });
  assert.equal(treat.res.status, 303);
  let r = await post('centre_staff', `/clients/${victim.clientId}/relations`, { relation: 'partner_of', kod: perp.code });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  const form = await staff().get(`/interventions/new?case=${victim.caseId}`);
  assert.match(form.text, new RegExp(`<option value="${treat.id}">${perp.code} \\(partner\\)`));
  r = (await newIntervention(victim.caseId, { type: 'partner_contact', linked_intervention: String(other.id) })).res;
  assert.equal(r.status, 422, 'only a treatment of the partner');
  assert.ok(errorOf(r.text, 'linked_intervention'));
  const ok = await newIntervention(victim.caseId, { type: 'partner_contact', linked_intervention: String(treat.id) });
  assert.equal(ok.res.status, 303);
  assert.equal(Number(srv.sql(`SELECT linked_intervention_id FROM intervention WHERE id = ${ok.id}`)), treat.id);
});

test('municipal officer: own municipality\'s clients without aid decision, decisions only for them, no journal', async () => {
  const krokom = await clientWithCase({ home: '2309' });
  const ostersund = await clientWithCase({ home: '2380' });
  const k = await newIntervention(krokom.caseId, { type: 'victim_support', requested: day(-7) });
  const o = await newIntervention(ostersund.caseId, { type: 'victim_support', requested: day(-7) });
  const officer = users.municipal_officer;

  let start = await officer.get('/');
  assert.match(start.text, /Klienter vid centrumet utan biståndsbeslut/);
  assert.match(start.text, new RegExp(`<a href="/interventions/${k.id}">${krokom.code}</a>`));
  assert.doesNotMatch(start.text, new RegExp(ostersund.code), 'another municipality\'s client is not listed');
  const list = JSON.parse((await officer.get('/api/v1/interventions?without_decision=1')).text);
  assert.ok(list.interventions.some((e) => e.id === k.id));
  assert.ok(!list.interventions.some((e) => e.id === o.id));

  // the queue of an officer: their own municipality's clients only
  const q = await officer.get('/queue');
  assert.equal(q.status, 200);
  assert.match(q.text, new RegExp(krokom.code));
  assert.doesNotMatch(q.text, new RegExp(ostersund.code));

  const page = await officer.get(`/interventions/${k.id}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /en insats i kommunens service utan biståndsbeslut/);
  assert.doesNotMatch(page.text, /Nytt samtal|Systematisk uppföljning|Journal/, 'no sessions form, follow-up or journal');
  assert.equal((await officer.get(`/interventions/${o.id}`)).status, 403);
  assert.equal((await post('municipal_officer', `/interventions/${o.id}/decision`,
    { decision_municipality: '2380', decision_date: day(-1) })).status, 403);
  assert.equal((await post('municipal_officer', `/interventions/${k.id}/sessions`,
    { held: day(-1), minutes: '30', mode: 'centre', outcome: 'held' })).status, 403);
  assert.equal((await post('municipal_officer', `/interventions/${k.id}/end`,
    { ended: day(0), end_reason: 'completed' })).status, 403);

  let r = await post('municipal_officer', `/interventions/${k.id}/decision`,
    { decision_municipality: '2380', decision_date: day(-1) });
  assert.equal(r.status, 422, 'another municipality cannot be the decider');
  assert.ok(errorOf(r.text, 'decision_municipality'));
  assert.equal(srv.sql(`SELECT basis FROM intervention WHERE id = ${k.id}`), 'service');
  r = await post('municipal_officer', `/interventions/${k.id}/decision`,
    { decision_municipality: '2309', decision_date: day(-1), decision_ref: 'SN 2026/77' });
  assert.equal(r.status, 303);
  assert.equal(srv.sql(`SELECT basis || ' ' || decision_municipality || ' ' || decision_ref FROM intervention WHERE id = ${k.id}`),
    'aid_decision 2309 SN 2026/77');
  assert.match((await officer.get(r.location)).text, /Biståndsbeslut av Krokom \(2309\)/);
  start = await officer.get('/');
  assert.doesNotMatch(start.text, new RegExp(`/interventions/${k.id}"`), 'decided: off the panel');
  assert.ok(count(`SELECT count(*) FROM audit_log WHERE record_kind = 'intervention' AND record_id = '${k.id}' AND action = 'update' AND username = 'municipal.officer'`) >= 1,
    'the decision is audited');
  const j = await api('municipal_officer', 'POST', `/api/v1/interventions/${o.id}/decision`,
    { decision_municipality: '2309', decision_date: day(-1) });
  assert.equal(j.status, 403);
});

test('steering reaches no intervention, queue, group or follow-up entry', async () => {
  const a = await clientWithCase();
  const iv = await newIntervention(a.caseId, { type: 'victim_support' });
  const s = users.steering;
  for (const p of [`/interventions/${iv.id}`, '/queue', '/groups', `/interventions/new?case=${a.caseId}`,
    `/api/v1/interventions/${iv.id}`, '/api/v1/queue', '/api/v1/groups']) {
    assert.equal((await s.get(p)).status, 403, p);
  }
  assert.equal((await post('steering', `/interventions/${iv.id}/sessions`,
    { held: day(0), minutes: '30', mode: 'centre', outcome: 'held' })).status, 403);
  assert.equal((await post('steering', `/interventions/${iv.id}/followup`,
    { phase: 'start', entered: day(0), safety: '5' })).status, 403);
  assert.equal(count(`SELECT count(*) FROM session_log WHERE intervention_id = ${iv.id}`), 0);
});

test('a protected client\'s name appears nowhere in this area', async () => {
  const p = await clientWithCase({ protectedIdentity: true, first: 'Hemliganamn' });
  const iv = await newIntervention(p.caseId, { type: 'victim_support', requested: day(-2) });
  assert.equal(iv.res.status, 303);
  for (const role of ['centre_staff', 'centre_manager', 'municipal_officer']) {
    for (const url of [`/interventions/${iv.id}`, '/queue', `/api/v1/interventions/${iv.id}`, '/api/v1/queue', '/']) {
      const r = await users[role].get(url);
      assert.doesNotMatch(r.text, /Hemliganamn|Insatsdottir/, `${role} ${url}`);
    }
  }
});

test('groups: participants by code start a group intervention; meetings and attendance', async () => {
  const a = await clientWithCase();
  const b = await clientWithCase();
  const waiting = await newIntervention(b.caseId, { type: 'womens_group', requested: day(-30) });
  let r = await post('centre_staff', '/groups/new', { name: '', format: 'weekly_10', start: day(-14) });
  assert.equal(r.status, 422);
  assert.ok(errorOf(r.text, 'name'));
  r = await post('centre_staff', '/groups/new', { name: 'Kvinnogrupp test', format: 'monthly', start: day(-14), leaders: '2' });
  assert.equal(r.status, 422);
  assert.ok(errorOf(r.text, 'format'));
  assert.match(r.text, /value="Kvinnogrupp test"/);
  assert.equal(count("SELECT count(*) FROM group_programme WHERE name = 'Kvinnogrupp test'"), 0);
  const staffId = srv.sql("SELECT id FROM app_user WHERE username = 'centre.staff'");
  r = await post('centre_staff', '/groups/new', { name: 'Kvinnogrupp test', format: 'weekly_10', start: day(-14), leaders: staffId });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  const gid = Number(r.location.match(/\/groups\/(\d+)/)[1]);

  r = await post('centre_staff', `/groups/${gid}/participants`, { client: a.code, joined: day(-20) });
  assert.equal(r.status, 422, 'not before the group starts');
  assert.ok(errorOf(r.text, 'joined'));
  r = await post('centre_staff', `/groups/${gid}/participants`, { client: 'K-1999-9999', joined: day(-10) });
  assert.equal(r.status, 422);
  assert.ok(errorOf(r.text, 'client'));
  assert.equal(count(`SELECT count(*) FROM group_participant WHERE group_id = ${gid}`), 0);
  r = await post('centre_staff', `/groups/${gid}/participants`, { client: a.code, joined: day(-10) });
  assert.equal(r.status, 303);
  r = await post('centre_staff', `/groups/${gid}/participants`, { client: b.code, joined: day(-7) });
  assert.equal(r.status, 303);
  r = await post('centre_staff', `/groups/${gid}/participants`, { client: b.code, joined: day(-7) });
  assert.equal(r.status, 422, 'once per group');
  assert.equal(srv.sql(`SELECT started FROM intervention WHERE case_id = ${a.caseId} AND type = 'womens_group'`), day(-10),
    'joining is a started group intervention');
  assert.equal(srv.sql(`SELECT started FROM intervention WHERE id = ${waiting.id}`), day(-7),
    'the waiting womens_group intervention from the queue was started');
  assert.equal(count(`SELECT count(*) FROM intervention WHERE case_id = ${b.caseId} AND type = 'womens_group'`), 1);

  r = await post('centre_staff', `/groups/${gid}/meetings`, { held: day(-9) });
  assert.equal(r.status, 303);
  r = await post('centre_staff', `/groups/${gid}/meetings`, { held: day(-2) });
  assert.equal(r.status, 303);
  r = await post('centre_staff', `/groups/${gid}/meetings`, { held: day(-2) });
  assert.equal(r.status, 422, 'one meeting a day');
  const [m1, m2] = srv.sql(`SELECT id FROM group_meeting WHERE group_id = ${gid} ORDER BY held`).split('\n').map(Number);
  r = await post('centre_staff', `/groups/${gid}/meetings/${m1}/attendance`, { present: String(b.clientId) });
  assert.equal(r.status, 422, 'b had not joined by the first meeting');
  assert.equal(count(`SELECT count(*) FROM group_attendance WHERE meeting_id = ${m1}`), 0);
  r = await post('centre_staff', `/groups/${gid}/meetings/${m1}/attendance`, { present: String(a.clientId) });
  assert.equal(r.status, 303);
  const form = new URLSearchParams({ csrf: csrf.centre_staff });
  form.append('present', String(a.clientId));
  form.append('present', String(b.clientId));
  r = await staff().request('POST', `/groups/${gid}/meetings/${m2}/attendance`, {
    body: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(r.status, 303);
  const page = await staff().get(`/groups/${gid}`);
  assert.match(page.text, new RegExp(`${a.code}</a></th><td>${day(-10)}</td><td class="num">2 av 2 träffar`));
  assert.match(page.text, new RegExp(`${b.code}</a></th><td>${day(-7)}</td><td class="num">1 av 2 träffar`));
  const j = JSON.parse((await api('centre_staff', 'GET', `/api/v1/groups/${gid}`)).text);
  assert.equal(j.participants.length, 2);
  assert.equal(j.meetings.length, 2);
  assert.equal((await users.municipal_officer.get(`/groups/${gid}`)).status, 403);
});

test('follow-up: values per phase on the intervention, only aggregates with small cells hidden', async () => {
  // partner contacts: the demo data measures none of them, so the cells below are ours alone
  const perp = await clientWithCase({ gender: 'man', role: 'perpetrator' });
  const treat = await newIntervention(perp.caseId, { type: 'perpetrator_treatment', requested: day(-40) });
  const ivs = [];
  for (let i = 0; i < 3; i++) {
    const c = await clientWithCase();
    const rel = await post('centre_staff', `/clients/${c.clientId}/relations`, { relation: 'ex_partner_of', kod: perp.code });
    assert.equal(rel.status, 303);
    const iv = await newIntervention(c.caseId, { type: 'partner_contact', requested: day(-30), linked_intervention: String(treat.id) });
    assert.equal(iv.res.status, 303, iv.res.text.slice(0, 300));
    ivs.push(iv.id);
  }
  let r = await post('centre_staff', `/interventions/${ivs[0]}/followup`, { phase: 'start', entered: day(-1), safety: '11' });
  assert.equal(r.status, 422);
  assert.ok(errorOf(r.text, 'safety'), 'out of scale named');
  r = await post('centre_staff', `/interventions/${ivs[0]}/followup`, { phase: 'start', entered: day(-1) });
  assert.equal(r.status, 422, 'at least one value');
  r = await post('centre_staff', `/interventions/${ivs[0]}/followup`, { phase: 'later', entered: day(-1), safety: '5' });
  assert.equal(r.status, 422);
  assert.ok(errorOf(r.text, 'phase'));
  r = await post('centre_staff', `/interventions/${ivs[0]}/followup`, { phase: 'start', entered: day(-31), safety: '5' });
  assert.equal(r.status, 422, 'not before the request');
  assert.ok(errorOf(r.text, 'entered'));
  assert.equal(count(`SELECT count(*) FROM followup_entry WHERE intervention_id = ${ivs[0]}`), 0);

  // start: 4, 5, 7 (mean 5.3); end: 8, 9 (two values: suppressed)
  const starts = [4, 5, 7];
  for (let i = 0; i < 3; i++) {
    r = await post('centre_staff', `/interventions/${ivs[i]}/followup`,
      { phase: 'start', entered: day(-1), safety: String(starts[i]), ongoing_violence: '1' });
    assert.equal(r.status, 303, r.text.slice(0, 300));
  }
  for (const [i, v] of [[0, 8], [1, 9]]) {
    r = await post('centre_staff', `/interventions/${ivs[i]}/followup`, { phase: 'end', entered: day(0), safety: String(v) });
    assert.equal(r.status, 303);
  }
  // entering a phase again replaces its value
  r = await api('centre_staff', 'POST', `/api/v1/interventions/${ivs[1]}/followup`,
    { phase: 'end', entered: day(0), values: { safety: 10 } });
  assert.equal(r.status, 200, r.text);
  assert.equal(srv.sql(`SELECT value FROM followup_entry WHERE intervention_id = ${ivs[1]} AND phase = 'end'`), '10');
  const own = await staff().get(`/interventions/${ivs[0]}`);
  assert.match(own.text, /<th scope="row">Upplevd trygghet<\/th><td>4 <small>/);

  const page = await users.centre_manager.get('/followup?type=partner_contact');
  assert.equal(page.status, 200);
  assert.match(page.text, /Upplevd trygghet \(1–10\)<\/th><td class="num">3<\/td><td class="num">5,3<\/td><td class="num">&lt;3<\/td><td class="num">–<\/td>/);
  assert.match(page.text, /Pågående våld \(0–1\)<\/th><td class="num">3<\/td><td class="num">1,0<\/td>/);
  assert.doesNotMatch(page.text, /K-\d{4}-\d{4}/, 'no client on the aggregate page');
  const j = JSON.parse((await users.centre_manager.get('/api/v1/followup?type=partner_contact')).text);
  const cell = (m, p) => j.cells.find((c) => c.measure === m && c.phase === p);
  assert.deepEqual(cell('safety', 'start'), { measure: 'safety', phase: 'start', count: 3, mean: '5.3' });
  assert.deepEqual(cell('safety', 'end'), { measure: 'safety', phase: 'end', count: '<3', mean: null });
  assert.equal((await staff().get('/followup')).status, 403, 'aggregates are for statistics readers');
  assert.equal((await users.steering.get('/followup')).status, 200, 'steering reads aggregates');
});
