// Clients and cases (R4-R7, R40): registering with an identity number (check digit, duplicates
// refused with a link to the existing client) or a birth year only; protected identity (the
// name in no response to anyone but assigned staff, and to them only after a reason that goes
// to the audit log); signed journal notes that cannot be changed (corrections are new notes);
// what a municipal officer sees (own municipality, never the journal); steering sees nothing;
// risk levels computed by the instrument's rule; forms that refuse bad values naming the field
// and store nothing. Runs against a demo database (one account per role).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, Client, PASSWORD } from './server.mjs';

let srv;
const users = {}; // username -> { c, csrf }

async function startDemo() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'norrsken-clients-'));
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
    url, db, cli,
    stderr: () => stderr,
    sql: (statement) => execFileSync('sqlite3', [db, statement], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim(),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const r = await exited;
      fs.rmSync(dir, { recursive: true, force: true });
      return { ...r, stderr };
    },
  };
}

// A personnummer YYYYMMDD-NNNC with a correct check digit (Luhn over YYMMDDNNN).
function pnr(date8, serial3) {
  const digits = date8.slice(2) + serial3;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let d = Number(digits[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return `${date8}-${serial3}${(10 - (sum % 10)) % 10}`;
}
const wrongCheck = (p) => p.slice(0, -1) + String((Number(p.slice(-1)) + 1) % 10);

const PNR_VERA = pnr('19850614', '982');
const PNR_HIDDEN = pnr('19790302', '986');
const PNR_BERG = pnr('19920817', '994');
const HIDDEN_FIRST = 'Hemlighild';
const HIDDEN_LAST = 'Skyddadsdotter';
const HIDDEN_CONTACT = 'Nås via skyddad adress 070-1740699';

before(async () => {
  srv = await startDemo();
  for (const u of ['centre.staff', 'centre.manager', 'municipal.officer', 'steering', 'agency.rep', 'admin']) {
    const c = new Client(srv.url);
    const r = await c.login(u, PASSWORD);
    assert.equal(r.status, 303, `login ${u}`);
    users[u] = { c, csrf: Client.csrfOf((await c.get('/')).text) };
  }
});
after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, 'server exits cleanly on SIGTERM:\n' + r.stderr);
});

const staff = () => users['centre.staff'];
const count = (table, where = '1') => Number(srv.sql(`SELECT count(*) FROM ${table} WHERE ${where}`));

async function form(u, p, fields) {
  return users[u].c.request('POST', p, { form: [['csrf', users[u].csrf], ...fields] });
}
async function api(u, method, p, json) {
  const r = await users[u].c.request(method, p, { json, headers: { 'x-csrf-token': users[u].csrf } });
  return { ...r, body: r.text && r.headers.get('content-type')?.includes('json') ? JSON.parse(r.text) : null };
}
// Rows of the audit log whose text columns contain s.
const auditMentions = (s) => count('audit_log',
  `instr(coalesce(username, '') || '|' || action || '|' || record_kind || '|' || coalesce(record_id, '') || '|' || coalesce(remote, '') || '|' || coalesce(reason, ''), '${s}') > 0`);
const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' });
const idFrom = (location, kind) => Number(location.match(new RegExp(`^/${kind}/(\\d+)`))[1]);

function clientFields({ pnr: p = '', year = '', first, last, gender = 'kvinna', muni = '2309', roles = ['victim'], prot = false, contact = '' }) {
  const f = [['personnummer', p], ['fodelsear', year], ['fornamn', first], ['efternamn', last],
    ['kon', gender], ['hemkommun', muni], ['kontakt', contact]];
  for (const r of roles) f.push(['roll', r]);
  if (prot) f.push(['skyddad', '1']);
  return f;
}

async function openCase(u, client, assign = true) {
  const fields = [['klient', String(client)], ['oppnat', '2026-01-10'], ['remittent', 'social_services'],
    ['remitterande_kommun', '2309']];
  if (assign) fields.push(['tilldela_mig', '1']);
  const r = await form(u, '/cases/new', fields);
  assert.equal(r.status, 303, r.text);
  return idFrom(r.location, 'cases');
}

const state = {};

test('register with a valid identity number: stored encrypted, never in the audit log or the server log', async () => {
  const before = count('client');
  const r = await form('centre.staff', '/clients/new', clientFields({
    pnr: PNR_VERA, first: 'Vera', last: 'Valdeborg', contact: 'Mobil 070-1740610',
  }));
  assert.equal(r.status, 303);
  assert.match(r.location, /^\/clients\/\d+\?klart=registrerad$/);
  state.vera = idFrom(r.location, 'clients');
  assert.equal(count('client'), before + 1);
  const page = await staff().c.get(r.location);
  assert.equal(page.status, 200);
  assert.match(page.text, /Klienten är registrerad/);
  assert.match(page.text, /<h1>Klient K-\d{4}-\d{4,}<\/h1>/);
  assert.match(page.text, /Vera Valdeborg/);
  assert.ok(page.text.includes(PNR_VERA), 'the identity number is shown to the centre');
  state.veraCode = page.text.match(/<h1>Klient (K-[\d-]+)<\/h1>/)[1];

  // at rest: no plain name or number in the client table, a blind index instead
  const digits = PNR_VERA.replace('-', '');
  assert.equal(count('client', `instr(name_enc, CAST('Valdeborg' AS BLOB)) > 0`), 0);
  assert.equal(count('client', `instr(pnr_enc, CAST('${digits}' AS BLOB)) > 0`), 0);
  assert.equal(count('client', `id = ${state.vera} AND length(pnr_index) = 32`), 1);
  // the number typed is never echoed into the audit log or any log
  assert.equal(auditMentions(digits.slice(2, 8)), 0, 'audit log free of the number');
  assert.ok(!srv.stderr().includes(digits.slice(2)), 'server log free of the number');
});

test('a wrong check digit is refused with 422 naming personnummer; typed values kept, nothing stored', async () => {
  const before = count('client');
  const r = await form('centre.staff', '/clients/new', clientFields({
    pnr: wrongCheck(pnr('19880101', '983')), first: 'Bodil', last: 'Felsiffra',
  }));
  assert.equal(r.status, 422);
  assert.match(r.text, /<p class="error" id="e-personnummer">Personnumret godtas inte: [^<]*kontrollsiffra/);
  assert.match(r.text, /id="f-personnummer" name="personnummer" type="text" value="19880101-983\d"[^>]*aria-describedby="e-personnummer"/);
  assert.match(r.text, /name="fornamn" type="text" value="Bodil"/);
  assert.equal(count('client'), before);

  const a = await api('centre.staff', 'POST', '/api/v1/clients', {
    personnummer: wrongCheck(pnr('19880101', '983')), first_name: 'Bodil', last_name: 'Felsiffra',
    gender: 'kvinna', home_municipality: '2309', roles: ['victim'],
  });
  assert.equal(a.status, 400);
  assert.equal(a.body.error.field, 'personnummer');
  assert.match(a.body.error.message, /Personnumret godtas inte/);
  assert.equal(count('client'), before);

  const missing = await form('centre.staff', '/clients/new', clientFields({ first: '', last: 'Utan', gender: '', roles: [] }));
  assert.equal(missing.status, 422);
  for (const f of ['personnummer', 'fornamn', 'kon', 'roll']) assert.match(missing.text, new RegExp(`id="e-${f}"`), f);
  assert.equal(count('client'), before);
});

test('a duplicate identity number is refused with a link to the existing client', async () => {
  const before = count('client');
  const r = await form('centre.staff', '/clients/new', clientFields({ pnr: PNR_VERA, first: 'Vera', last: 'Dubblett' }));
  assert.equal(r.status, 422);
  assert.match(r.text, /Det finns redan en klient med det personnumret/);
  assert.ok(r.text.includes(`href="/clients/${state.vera}"`), 'links to the existing client');
  assert.equal(count('client'), before);

  const a = await api('centre.staff', 'POST', '/api/v1/clients', {
    personnummer: PNR_VERA.replace('-', ''), first_name: 'Vera', last_name: 'Dubblett',
    gender: 'kvinna', home_municipality: '2309', roles: ['victim'],
  });
  assert.equal(a.status, 409);
  assert.equal(a.body.error.field, 'personnummer');
  assert.equal(a.body.error.client_id, state.vera);
  assert.equal(count('client'), before);
});

test('birth year only: no identity number is stored', async () => {
  const r = await form('centre.staff', '/clients/new', clientFields({ year: '1990', first: 'Anna', last: 'Anonymsson', roles: ['victim', 'relative'] }));
  assert.equal(r.status, 303);
  const id = idFrom(r.location, 'clients');
  assert.equal(srv.sql(`SELECT birth_year, pnr_index IS NULL, pnr_enc IS NULL FROM client WHERE id = ${id}`), '1990|1|1');
  const page = await staff().c.get(`/clients/${id}`);
  assert.match(page.text, /Saknas \(bara födelseår\)/);
  assert.match(page.text, /Våldsutsatt, Anhörig/);

  const bad = await form('centre.staff', '/clients/new', clientFields({ year: '19x0', first: 'Anna', last: 'Felår' }));
  assert.equal(bad.status, 422);
  assert.match(bad.text, /id="e-fodelsear"/);
});

test('search by identity number (blind index), by code; a wrong number is refused, never logged', async () => {
  const hit = await form('centre.staff', '/clients/search', [['personnummer', PNR_VERA]]);
  assert.equal(hit.status, 303);
  assert.equal(hit.location, `/clients/${state.vera}`);
  const short = await form('centre.staff', '/clients/search', [['personnummer', PNR_VERA.slice(2)]]);
  assert.equal(short.location, `/clients/${state.vera}`, 'the 10-digit form finds the same client');
  const wrong = await form('centre.staff', '/clients/search', [['personnummer', wrongCheck(PNR_VERA)]]);
  assert.equal(wrong.status, 422);
  assert.match(wrong.text, /id="e-personnummer">Personnumret godtas inte/);
  const none = await form('centre.staff', '/clients/search', [['personnummer', pnr('19700101', '987')]]);
  assert.equal(none.status, 404);
  assert.match(none.text, /Ingen av dina klienter har det personnumret/);
  assert.ok(srv.sql("SELECT count(*) FROM audit_log WHERE action = 'search' AND record_kind = 'client'") >= 3);
  assert.equal(auditMentions('700101'), 0);

  const byCode = await staff().c.get(`/clients?kod=${state.veraCode.toLowerCase()}`);
  assert.equal(byCode.status, 200);
  assert.match(byCode.text, /<caption>Klienter \(1 st\)<\/caption>/);
  assert.ok(byCode.text.includes(`>${state.veraCode}</a>`));

  const a = await api('centre.staff', 'POST', '/api/v1/clients/search', { personnummer: PNR_VERA });
  assert.equal(a.status, 200);
  assert.equal(a.body.client.id, state.vera);
});

test('protected identity: the name reaches nobody but assigned staff, and them only after a reason', async () => {
  const seen = []; // every response to someone who must not see the name
  const keep = (label, r) => { seen.push([label, r.text]); return r; };

  const reg = await form('centre.staff', '/clients/new', clientFields({
    pnr: PNR_HIDDEN, first: HIDDEN_FIRST, last: HIDDEN_LAST, prot: true, contact: HIDDEN_CONTACT,
  }));
  assert.equal(reg.status, 303);
  const id = idFrom(reg.location, 'clients');
  assert.equal(srv.sql(`SELECT protected FROM client WHERE id = ${id}`), '1');
  const code = srv.sql(`SELECT code FROM client WHERE id = ${id}`);

  // not yet assigned: even the registering staff member sees only the code
  const own = keep('staff, not assigned', await staff().c.get(`/clients/${id}`));
  assert.equal(own.status, 200);
  assert.ok(own.text.includes(code));
  assert.doesNotMatch(own.text, /Visa skyddade uppgifter<\/button>/);
  assert.equal((await form('centre.staff', `/clients/${id}/reveal`, [['skal', 'Vill se']])).status, 403);

  // the registering staff member opens a case and is assigned
  const kase = await openCase('centre.staff', id, true);
  state.hiddenCase = kase;
  await api('centre.staff', 'POST', `/api/v1/cases/${kase}/notes`, { text: 'Anteckning i skyddat ärende.' });

  for (const u of ['centre.manager', 'municipal.officer']) {
    for (const p of [`/clients/${id}`, `/clients?kod=${code}`, `/clients?page=1`, `/cases/${kase}`,
      `/api/v1/clients/${id}`, `/api/v1/clients?code=${code}`, `/api/v1/cases/${kase}`, `/api/v1/cases?client=${id}`, '/']) {
      const r = keep(`${u} GET ${p}`, await users[u].c.get(p));
      assert.equal(r.status, 200, `${u} ${p}`);
    }
    keep(`${u} search`, await form(u, '/clients/search', [['personnummer', PNR_HIDDEN]]));
    keep(`${u} api search`, await api(u, 'POST', '/api/v1/clients/search', { personnummer: PNR_HIDDEN }));
    const rv = keep(`${u} reveal`, await form(u, `/clients/${id}/reveal`, [['skal', 'Nyfiken']]));
    assert.equal(rv.status, 403, `${u} may not reveal`);
    keep(`${u} api reveal`, await api(u, 'POST', `/api/v1/clients/${id}/reveal`, { reason: 'Nyfiken' }));
    keep(`${u} case reveal`, await form(u, `/cases/${kase}/reveal`, [['skal', 'Nyfiken']]));
  }
  const listed = await users['centre.manager'].c.get(`/clients?kod=${code}`);
  assert.match(listed.text, /<em>Skyddade personuppgifter<\/em>/, 'the list marks the row, without a name');
  assert.doesNotMatch((await users['centre.manager'].c.get(`/cases/${kase}`)).text, /Anteckning i skyddat ärende/);
  const officerView = JSON.parse((await users['municipal.officer'].c.get(`/api/v1/clients/${id}`)).text);
  assert.equal(officerView.client.identity, 'hidden');
  assert.equal(officerView.client.first_name, undefined);

  // the assigned staff member: code and a form asking for the reason
  const assigned = keep('assigned, no reason yet', await staff().c.get(`/clients/${id}`));
  assert.match(assigned.text, /Visa skyddade uppgifter<\/button>/);
  assert.match(assigned.text, /<label for="f-skal">Skäl<\/label>/);
  const noReason = keep('assigned, blank reason', await form('centre.staff', `/clients/${id}/reveal`, [['skal', '   ']]));
  assert.equal(noReason.status, 422);
  assert.match(noReason.text, /id="e-skal">Ange skälet/);
  const apiNoReason = keep('api, no reason', await api('centre.staff', 'POST', `/api/v1/clients/${id}/reveal`, {}));
  assert.equal(apiNoReason.status, 400);
  assert.equal(apiNoReason.body.error.field, 'reason');
  keep('assigned, api read', await api('centre.staff', 'GET', `/api/v1/clients/${id}`));
  keep('assigned, case page', await staff().c.get(`/cases/${kase}`));
  // a protected client is never found by name; the typed query comes back in its field only
  const byName = await form('centre.staff', '/clients/search', [['namn', HIDDEN_FIRST]]);
  assert.equal(byName.status, 404);
  assert.equal(byName.text.split(HIDDEN_FIRST).length, 2);
  assert.ok(byName.text.includes(`name="namn" type="text" value="${HIDDEN_FIRST}"`));
  keep('assigned, name search', { text: byName.text.replace(`value="${HIDDEN_FIRST}"`, '') });
  keep('assigned, list', await staff().c.get(`/clients?kod=${code}`));

  for (const [label, text] of seen) {
    for (const secret of [HIDDEN_FIRST, HIDDEN_LAST, PNR_HIDDEN, PNR_HIDDEN.replace('-', ''), '1740699']) {
      assert.ok(!text.includes(secret), `${label}: must not contain ${secret}`);
    }
  }

  const reason = 'Inbokat samtal: bekräfta kontaktuppgifter';
  const shown = await form('centre.staff', `/clients/${id}/reveal`, [['skal', reason]]);
  assert.equal(shown.status, 200);
  assert.ok(shown.text.includes(`${HIDDEN_FIRST} ${HIDDEN_LAST}`));
  assert.ok(shown.text.includes(PNR_HIDDEN));
  assert.ok(shown.text.includes(HIDDEN_CONTACT));
  assert.equal(srv.sql(`SELECT count(*) FROM audit_log WHERE action = 'read' AND record_kind = 'client' AND record_id = '${id}' AND reason = '${reason}' AND username = 'centre.staff'`), '1');

  const viaApi = await api('centre.staff', 'POST', `/api/v1/clients/${id}/reveal`, { reason: 'API: samma samtal' });
  assert.equal(viaApi.status, 200);
  assert.equal(viaApi.body.client.first_name, HIDDEN_FIRST);
  assert.equal(viaApi.body.client.personnummer, PNR_HIDDEN.replace('-', ''));

  // the journal of the protected client's case likewise
  const journal = await form('centre.staff', `/cases/${kase}/reveal`, [['skal', 'Förbereder samtal']]);
  assert.equal(journal.status, 200);
  assert.match(journal.text, /Anteckning i skyddat ärende/);
  assert.equal(srv.sql(`SELECT count(*) FROM audit_log WHERE record_kind = 'journal' AND record_id = '${kase}' AND reason = 'Förbereder samtal'`), '1');
});

test('journal notes are signed when written and never changed: a correction is a new note', async () => {
  const kase = await openCase('centre.staff', state.vera, true);
  state.veraCase = kase;
  const before = count('journal_note', `case_id = ${kase}`);
  const empty = await form('centre.staff', `/cases/${kase}/notes`, [['text', '  ']]);
  assert.equal(empty.status, 422);
  assert.match(empty.text, /id="e-text">Anteckningen saknas/);
  assert.equal(count('journal_note', `case_id = ${kase}`), before);

  const r = await form('centre.staff', `/cases/${kase}/notes`, [['text', 'Första samtalet hölls på tisdagen.']]);
  assert.equal(r.status, 303);
  const note = Number(srv.sql(`SELECT max(id) FROM journal_note WHERE case_id = ${kase}`));
  assert.equal(srv.sql(`SELECT signed FROM journal_note WHERE id = ${note}`), '1');
  const stored = srv.sql(`SELECT hex(text_enc) FROM journal_note WHERE id = ${note}`);

  // no route changes a note
  for (const [m, p] of [['PUT', `/cases/${kase}/notes/${note}`], ['PATCH', `/cases/${kase}/notes/${note}`],
    ['POST', `/cases/${kase}/notes/${note}`], ['DELETE', `/cases/${kase}/notes/${note}`],
    ['PUT', `/api/v1/cases/${kase}/notes/${note}`], ['DELETE', `/api/v1/cases/${kase}/notes`]]) {
    const res = await staff().c.request(m, p, { headers: { 'x-csrf-token': staff().csrf } });
    assert.ok(res.status === 404 || res.status === 405, `${m} ${p}: ${res.status}`);
  }
  // ... and the database refuses it too
  assert.throws(() => srv.sql(`UPDATE journal_note SET author_id = author_id WHERE id = ${note}`));

  const corrForm = await staff().c.get(`/cases/${kase}?rattar=${note}`);
  assert.match(corrForm.text, new RegExp(`name="rattar" value="${note}"`));
  const corr = await form('centre.staff', `/cases/${kase}/notes`, [['rattar', String(note)], ['text', 'Rättelse: samtalet hölls på onsdagen.']]);
  assert.equal(corr.status, 303);
  const page = await staff().c.get(`/cases/${kase}`);
  assert.match(page.text, /Första samtalet hölls på tisdagen\./, 'the corrected note stays');
  assert.match(page.text, /Rättelse: samtalet hölls på onsdagen\./);
  assert.match(page.text, new RegExp(`Rättelse av <a href="#anteckning-${note}">anteckning nr ${note}</a>`));
  assert.match(page.text, /rättad i <a href="#anteckning-\d+">/);
  assert.ok(page.text.indexOf('onsdagen') < page.text.indexOf('tisdagen'), 'newest first');
  assert.equal(srv.sql(`SELECT hex(text_enc) FROM journal_note WHERE id = ${note}`), stored);

  const a = await api('centre.staff', 'POST', `/api/v1/cases/${kase}/notes`, { text: 'Ny rättelse via API.', corrects: note });
  assert.equal(a.status, 201);
  assert.equal(a.body.note.corrects, note);
  const other = await api('centre.staff', 'POST', `/api/v1/cases/${kase}/notes`, { text: 'Fel ärende', corrects: 1 });
  assert.equal(other.status, 400, 'a correction must name a note of the same case');
  assert.equal(other.body.error.field, 'corrects');
});

test('case forms: a bad date is refused naming the field and nothing is stored; plan, staff, violence, close', async () => {
  const before = count('case_file');
  const bad = await form('centre.staff', '/cases/new', [['klient', String(state.vera)], ['oppnat', '2026-13-45'], ['remittent', 'self']]);
  assert.equal(bad.status, 422);
  assert.match(bad.text, /id="e-oppnat">/);
  assert.match(bad.text, /value="2026-13-45"/);
  const dup = await form('centre.staff', '/cases/new', [['klient', String(state.vera)], ['oppnat', '2026-01-12'], ['remittent', 'self']]);
  assert.equal(dup.status, 422, 'one open case per client');
  assert.ok(dup.text.includes(`href="/cases/${state.veraCase}"`));
  assert.equal(count('case_file'), before);

  const kase = state.veraCase;
  const planBad = await form('centre.staff', `/cases/${kase}/plan`, [['mal', 'Trygghet'], ['uppfoljning', '2026-02-30']]);
  assert.equal(planBad.status, 422);
  assert.match(planBad.text, /id="e-uppfoljning">/);
  assert.equal(count('case_plan', `case_id = ${kase}`), 0);
  const plan = await form('centre.staff', `/cases/${kase}/plan`, [['mal', 'Känna sig trygg hemma'], ['planerad_insats', 'victim_support'], ['uppfoljning', '2026-06-01']]);
  assert.equal(plan.status, 303);
  assert.match((await staff().c.get(`/cases/${kase}`)).text, /Känna sig trygg hemma/);

  const v = await form('centre.staff', `/cases/${kase}/violence`, [['valdstyp', 'physical'], ['valdstyp', 'digital']]);
  assert.equal(v.status, 303);
  assert.equal(srv.sql(`SELECT group_concat(type) FROM (SELECT type FROM case_violence WHERE case_id = ${kase} ORDER BY type)`), 'digital,physical');
  const vBad = await form('centre.staff', `/cases/${kase}/violence`, [['valdstyp', 'psychological'], ['valdstyp', 'ingen']]);
  assert.equal(vBad.status, 422);
  assert.equal(count('case_violence', `case_id = ${kase}`), 2, 'all or nothing');

  const manager = Number(srv.sql("SELECT id FROM app_user WHERE username = 'centre.manager'"));
  const assign = await form('centre.staff', `/cases/${kase}/staff`, [['atgard', 'tilldela'], ['tilldela', String(manager)]]);
  assert.equal(assign.status, 303);
  assert.equal(count('case_staff', `case_id = ${kase} AND user_id = ${manager}`), 1);
  const officer = Number(srv.sql("SELECT id FROM app_user WHERE username = 'municipal.officer'"));
  const assignBad = await form('centre.staff', `/cases/${kase}/staff`, [['atgard', 'tilldela'], ['tilldela', String(officer)]]);
  assert.equal(assignBad.status, 422, 'only the centre\'s own staff');
  assert.equal(count('case_staff', `case_id = ${kase} AND user_id = ${officer}`), 0);
  const unassign = await form('centre.staff', `/cases/${kase}/staff`, [['atgard', 'ta_bort'], ['anvandare', String(manager)]]);
  assert.equal(unassign.status, 303);
  assert.equal(count('case_staff', `case_id = ${kase} AND user_id = ${manager}`), 0);

  const closeBad = await form('centre.staff', `/cases/${kase}/close`, [['avslutat', '2025-12-31']]);
  assert.equal(closeBad.status, 422, 'not before the opening');
  assert.match(closeBad.text, /id="e-avslutat">/);
  assert.equal(srv.sql(`SELECT closed IS NULL FROM case_file WHERE id = ${kase}`), '1');
});

test('municipal officer of Krokom: a Krokom client but not a Berg client, and never the journal', async () => {
  const reg = await form('centre.staff', '/clients/new', clientFields({ pnr: PNR_BERG, first: 'Berit', last: 'Bergsbo', muni: '2326' }));
  assert.equal(reg.status, 303);
  const berg = idFrom(reg.location, 'clients');
  const bergCase = await openCase('centre.staff', berg, true);
  const bergCode = srv.sql(`SELECT code FROM client WHERE id = ${berg}`);
  const o = 'municipal.officer';

  assert.equal((await users[o].c.get(`/clients/${state.vera}`)).status, 200);
  assert.equal((await users[o].c.get(`/cases/${state.veraCase}`)).status, 200);
  for (const p of [`/clients/${berg}`, `/cases/${bergCase}`, `/api/v1/clients/${berg}`, `/api/v1/cases/${bergCase}`]) {
    assert.equal((await users[o].c.get(p)).status, 403, p);
  }
  const list = await users[o].c.get(`/clients?kod=${bergCode}`);
  assert.match(list.text, /<caption>Klienter \(0 st\)<\/caption>/);
  const veraList = await users[o].c.get(`/clients?kod=${state.veraCode}`);
  assert.match(veraList.text, /<caption>Klienter \(1 st\)<\/caption>/);
  assert.doesNotMatch(veraList.text, /Valdeborg/);
  assert.doesNotMatch(veraList.text, /<th scope="col">Namn<\/th>/);
  const search = await form(o, '/clients/search', [['personnummer', PNR_BERG]]);
  assert.equal(search.status, 404, 'a Berg client is not found for Krokom');

  const casePage = await users[o].c.get(`/cases/${state.veraCase}`);
  assert.doesNotMatch(casePage.text, /Första samtalet/);
  assert.doesNotMatch(casePage.text, /id="journal"|id="plan"|id="risk"|Känna sig trygg/);
  assert.doesNotMatch(casePage.text, /Valdeborg/);
  assert.match(casePage.text, /id="insatser"/);
  const viaApi = JSON.parse((await users[o].c.get(`/api/v1/cases/${state.veraCase}`)).text).case;
  for (const k of ['notes', 'plan', 'risk_assessments', 'latest_risk', 'staff', 'violence']) assert.equal(viaApi[k], undefined, k);
  assert.ok(Array.isArray(viaApi.interventions));
  for (const [m, p] of [['POST', `/cases/${state.veraCase}/notes`], ['POST', `/cases/${state.veraCase}/reveal`],
    ['GET', `/cases/${state.veraCase}/risk/new`], ['POST', `/cases/${state.veraCase}/plan`],
    ['POST', `/api/v1/cases/${state.veraCase}/notes`], ['POST', `/clients/new`], ['POST', '/api/v1/cases']]) {
    const r = m === 'GET' ? await users[o].c.get(p) : p.startsWith('/api') ? await api(o, m, p, { text: 'x' }) : await form(o, p, [['text', 'x']]);
    assert.equal(r.status, 403, `${m} ${p}`);
  }
});

test('steering, agency representatives and the administrator reach none of it (403)', async () => {
  const k = state.veraCase;
  const gets = ['/clients', '/clients/new', `/clients/${state.vera}`, `/cases/new?client=${state.vera}`, `/cases/${k}`,
    `/cases/${k}/risk/new`, '/api/v1/clients', `/api/v1/clients/${state.vera}`, '/api/v1/cases', `/api/v1/cases/${k}`];
  const posts = ['/clients/search', '/clients/new', `/clients/${state.vera}/reveal`, `/clients/${state.vera}/relations`,
    '/cases/new', `/cases/${k}/reveal`, `/cases/${k}/staff`, `/cases/${k}/violence`, `/cases/${k}/plan`,
    `/cases/${k}/notes`, `/cases/${k}/risk`, `/cases/${k}/close`];
  const apiPosts = ['/api/v1/clients', '/api/v1/clients/search', `/api/v1/clients/${state.vera}/reveal`,
    `/api/v1/clients/${state.vera}/relations`, '/api/v1/cases', `/api/v1/cases/${k}/reveal`,
    `/api/v1/cases/${k}/notes`, `/api/v1/cases/${k}/plan`, `/api/v1/cases/${k}/staff`,
    `/api/v1/cases/${k}/violence`, `/api/v1/cases/${k}/risk`, `/api/v1/cases/${k}/close`];
  for (const u of ['steering', 'agency.rep', 'admin']) {
    for (const p of gets) assert.equal((await users[u].c.get(p)).status, 403, `${u} GET ${p}`);
    for (const p of posts) assert.equal((await form(u, p, [['text', 'x']])).status, 403, `${u} POST ${p}`);
    for (const p of apiPosts) assert.equal((await api(u, 'POST', p, { text: 'x' })).status, 403, `${u} API POST ${p}`);
    const start = await users[u].c.get('/');
    assert.doesNotMatch(start.text, /Mina ärenden/);
  }
});

test('risk assessment: the level follows the instrument rule; unanswered items are named, nothing stored', async () => {
  const kase = state.veraCase;
  const form20 = await staff().c.get(`/cases/${kase}/risk/new?instrument=freda-farlighet`);
  assert.equal(form20.status, 200);
  assert.equal((form20.text.match(/<fieldset class="field">/g) || []).length, 20);
  const answers = (yes) => Array.from({ length: 20 }, (_, i) => [`fraga_${i + 1}`, yes.includes(i + 1) ? '1' : '0']);

  const before = count('risk_assessment');
  const missing = await form('centre.staff', `/cases/${kase}/risk`, [['instrument', 'freda-farlighet'], ['datum', '2026-01-20'],
    ...answers([]).filter(([n]) => n !== 'fraga_3')]);
  assert.equal(missing.status, 422);
  assert.match(missing.text, /id="e-fraga_3">Besvara frågan/);
  assert.equal(count('risk_assessment'), before);

  // one answer on a "high whatever the total" item (4: death threats) makes it high
  const high = await form('centre.staff', `/cases/${kase}/risk`, [['instrument', 'freda-farlighet'], ['datum', '2026-01-20'], ...answers([4])]);
  assert.equal(high.status, 303);
  assert.match((await staff().c.get(high.location)).text, /Riskbedömningen är sparad\. Senaste risknivå: <strong>hög<\/strong>/);
  assert.equal(srv.sql(`SELECT instrument, instrument_version, sum, level, answers FROM risk_assessment WHERE case_id = ${kase} ORDER BY id DESC LIMIT 1`),
    'freda-farlighet|1|1|high|0,0,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0');

  // five Ja on other items: the sum rule gives elevated; ten give high; none gives low
  const score = async (instrument, yes, n) => {
    const r = await api('centre.staff', 'POST', `/api/v1/cases/${kase}/risk`, {
      instrument, assessed: '2026-01-21', answers: Array.from({ length: n }, (_, i) => (yes.includes(i + 1) ? 1 : 0)),
    });
    assert.equal(r.status, 201, r.text);
    return [r.body.risk_assessment.level, r.body.risk_assessment.sum];
  };
  assert.deepEqual(await score('freda-farlighet', [1, 2, 3, 8, 9], 20), ['elevated', 5]);
  assert.deepEqual(await score('freda-farlighet', [1, 2, 3, 8, 9, 10, 11, 12, 13, 14], 20), ['high', 10]);
  assert.deepEqual(await score('freda-kortfragor', [2], 10), ['elevated', 1]);
  assert.deepEqual(await score('freda-kortfragor', [10], 10), ['high', 1]);
  assert.deepEqual(await score('freda-kortfragor', [], 10), ['low', 0]);

  const wrong = await api('centre.staff', 'POST', `/api/v1/cases/${kase}/risk`, { instrument: 'freda-kortfragor', assessed: '2026-01-21', answers: [0, 0, 2, 0, 0, 0, 0, 0, 0, 0] });
  assert.equal(wrong.status, 400);
  assert.equal(wrong.body.error.field, 'answers');
  assert.match(wrong.body.error.message, /fråga 3/);
  const future = await api('centre.staff', 'POST', `/api/v1/cases/${kase}/risk`, { instrument: 'freda-kortfragor', assessed: '2999-01-01', answers: Array(10).fill(0) });
  assert.equal(future.status, 400);
  assert.equal(future.body.error.field, 'assessed');
  assert.equal(count('risk_assessment', `case_id = ${kase}`), 6);

  // the latest level on the case page, the client page, the API and "Mina ärenden"
  const page = await staff().c.get(`/cases/${kase}`);
  assert.match(page.text, /<dt>Senaste risknivå<\/dt><dd>låg \(2026-01-21\)/);
  assert.match(page.text, /<details><summary>Svar<\/summary>/);
  const client = await staff().c.get(`/clients/${state.vera}`);
  assert.match(client.text, /<dt>Senaste riskbedömning<\/dt><dd>låg \(2026-01-21\)/);
  const viaApi = JSON.parse((await staff().c.get(`/api/v1/cases/${kase}`)).text).case;
  assert.equal(viaApi.latest_risk.level, 'low');
  assert.equal(viaApi.risk_assessments.length, 6);
  assert.ok(srv.sql(`SELECT count(*) FROM audit_log WHERE record_kind = 'risk' AND action = 'create'`) >= 6);
  assert.throws(() => srv.sql(`UPDATE risk_assessment SET level = 'low' WHERE case_id = ${kase}`));

  // "Mina ärenden": newest opened first, with the latest level
  const fresh = await form('centre.staff', '/clients/new', clientFields({ year: '1970', first: 'Panel', last: 'Provsson' }));
  const freshCode = srv.sql(`SELECT code FROM client WHERE id = ${idFrom(fresh.location, 'clients')}`);
  const opened = await form('centre.staff', '/cases/new', [['klient', String(idFrom(fresh.location, 'clients'))],
    ['oppnat', today()], ['remittent', 'self'], ['tilldela_mig', '1']]);
  const freshCase = idFrom(opened.location, 'cases');
  await api('centre.staff', 'POST', `/api/v1/cases/${freshCase}/risk`, { instrument: 'freda-kortfragor', assessed: today(), answers: [0, 0, 1, 0, 0, 0, 0, 0, 0, 0] });
  const start = await staff().c.get('/');
  const panel = start.text.slice(start.text.indexOf('<h2>Mina ärenden</h2>'));
  assert.ok(panel.includes(`<tr><th scope="row"><a href="/cases/${freshCase}">${freshCode}</a></th><td class="date">${today()}</td><td>hög</td></tr>`),
    'my newest open case first on the start page, with its level');
  assert.ok(panel.indexOf(freshCode) < panel.indexOf('</table>'));
  assert.ok((panel.slice(0, panel.indexOf('</table>')).match(/<tr><th scope="row">/g) || []).length <= 10, 'at most 10');
});

test('relations between clients by code: child of, partner of', async () => {
  const r = await form('centre.staff', '/clients/new', clientFields({ year: '2018', first: 'Lill', last: 'Valdeborg', roles: ['child'], gender: 'annat' }));
  const child = idFrom(r.location, 'clients');
  const childCode = srv.sql(`SELECT code FROM client WHERE id = ${child}`);
  const bad = await form('centre.staff', `/clients/${state.vera}/relations`, [['relation', 'parent_of'], ['kod', 'K-1999-9999']]);
  assert.equal(bad.status, 422);
  assert.match(bad.text, /id="e-kod">Det finns ingen av dina klienter med den koden/);
  const ok = await form('centre.staff', `/clients/${state.vera}/relations`, [['relation', 'parent_of'], ['kod', childCode.toLowerCase()]]);
  assert.equal(ok.status, 303);
  assert.equal(srv.sql(`SELECT kind FROM client_relation WHERE client_id = ${child} AND related_client_id = ${state.vera}`), 'child_of');
  assert.ok((await staff().c.get(`/clients/${state.vera}`)).text.includes(`Förälder till <a href="/clients/${child}">${childCode}</a>`));
  assert.ok((await staff().c.get(`/clients/${child}`)).text.includes(`Barn till <a href="/clients/${state.vera}">${state.veraCode}</a>`));
  const a = await api('centre.staff', 'POST', `/api/v1/clients/${child}/relations`, { relation: 'partner_of', code: childCode });
  assert.equal(a.status, 400, 'not to itself');
});

test('API: list, search by name among assigned clients, open and read a case with a bearer token', async () => {
  const out = srv.cli(['user', 'token', 'centre.staff', '--label', 'test']);
  const token = out.match(/API-nyckel för \S+: (\S+)/)[1];
  const auth = { authorization: 'Bearer ' + token };
  const anon = new Client(srv.url);
  const list = await anon.get('/api/v1/clients?sort=birth_year&dir=desc', { headers: auth });
  assert.equal(list.status, 200);
  const body = JSON.parse(list.text);
  assert.equal(body.per_page, 50);
  assert.ok(body.total >= body.clients.length && body.clients.length > 0);
  assert.ok(body.clients.every((c) => !c.protected || c.name === undefined), 'no protected name in a list');
  const years = body.clients.map((c) => c.birth_year);
  assert.deepEqual(years, [...years].sort((x, y) => y - x));

  const byName = await anon.request('POST', '/api/v1/clients/search', { json: { name: 'valdeb' }, headers: auth });
  assert.equal(byName.status, 200);
  const found = JSON.parse(byName.text).clients;
  assert.ok(found.some((c) => c.id === state.vera && c.name === 'Vera Valdeborg'));
  assert.ok(found.every((c) => c.assigned));

  const created = await anon.request('POST', '/api/v1/clients', {
    json: { first_name: 'Api', last_name: 'Klientsson', birth_year: 1975, gender: 'man', home_municipality: '2380', roles: ['perpetrator'] },
    headers: auth,
  });
  assert.equal(created.status, 201);
  const cid = JSON.parse(created.text).client.id;
  const badCase = await anon.request('POST', '/api/v1/cases', { json: { client_id: cid, opened: 'igår', referral_source: 'self' }, headers: auth });
  assert.equal(badCase.status, 400);
  assert.equal(JSON.parse(badCase.text).error.field, 'opened');
  const kase = await anon.request('POST', '/api/v1/cases', { json: { client_id: cid, opened: '2026-02-01', referral_source: 'police' }, headers: auth });
  assert.equal(kase.status, 201);
  const c = JSON.parse(kase.text).case;
  assert.equal(c.client.id, cid);
  assert.equal(c.assigned, true);
  assert.deepEqual(c.notes, []);
  const closed = await anon.request('POST', `/api/v1/cases/${c.id}/close`, { json: { closed: '2026-02-02' }, headers: auth });
  assert.equal(closed.status, 200);
  assert.equal(JSON.parse(closed.text).case.closed, '2026-02-02');
  const instruments = JSON.parse((await anon.get('/api/v1/instruments', { headers: auth })).text).instruments;
  assert.deepEqual(instruments.map((i) => i.id).sort(), ['freda-farlighet', 'freda-kortfragor']);
});
