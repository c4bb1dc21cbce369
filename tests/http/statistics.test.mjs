// The annual report over HTTP: the centre manager, steering and finance read it (page, four
// downloads, JSON API), other roles are turned away; the view per municipality (view=kommun)
// is the centre manager's alone (403 for steering and finance, and no link to it for them);
// by default the municipality tables have the host and "Övriga kommuner" and no member
// municipality's own row; downloads carry the right type and file name; a malformed year or
// an unknown format is 400 with a Swedish message; the centre manager's form (CSRF, a
// refused FTE naming the field with what was typed kept, then saved and shown in the report).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from './server.mjs';

let srv;
const users = {};
const YEAR = Number(new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric' }).format(new Date()));
const MUNI_TABLE = 'started.victim_support.municipality';

async function addUser(name, role, org) {
  const out = srv.cli(['user', 'add', '--username', name, '--name', 'Test ' + name, '--org', String(org), '--role', role]);
  const otp = out.match(/Engångslösenord: (\S+)/)[1];
  const c = new Client(srv.url);
  const r = await c.firstLogin(name, otp);
  assert.equal(r.status, 303, `first login ${name}`);
  const csrf = Client.csrfOf((await c.get('/')).text);
  users[name] = { c, csrf };
}

const get = (u, p) => users[u].c.get(p);
const api = (u, p) => users[u].c.request('GET', p, { headers: { 'x-csrf-token': users[u].csrf } });
const table = (doc, id) => doc.sections.flatMap((s) => s.tables).find((t) => t.id === id);

before(async () => {
  srv = await startServer();
  const orgs = {};
  for (const line of srv.cli(['org', 'list']).split('\n')) {
    const m = line.match(/^(\d+)\s+(\w+)\s+\S+\s+(\S+)/);
    if (!m) continue;
    if (m[2] === 'centre') orgs.centre = Number(m[1]);
    if (m[2] === 'municipality') orgs[m[3]] = Number(m[1]);
  }
  await addUser('maria.manager', 'centre_manager', orgs.centre);
  await addUser('sten.steering', 'steering', orgs['2326']);
  await addUser('eva.finance', 'finance', orgs['2380']);
  await addUser('anna.staff', 'centre_staff', orgs.centre);
  await addUser('kim.krokom', 'municipal_officer', orgs['2309']);
});

after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, 'server exits cleanly:\n' + r.stderr);
  assert.doesNotMatch(r.stderr, /Sanitizer|runtime error:/, 'sanitizer report from the server');
});

test('statistics readers see the report; other roles are turned away', async () => {
  for (const u of ['maria.manager', 'sten.steering', 'eva.finance']) {
    const landing = await get(u, '/statistics');
    assert.equal(landing.status, 200, `${u} /statistics`);
    assert.match(landing.text, /href="\/statistics\/annual"/, 'the landing page links the annual report');
    assert.match(landing.text, /href="\/statistics\/quality"/, '… the quality review compilation');
    assert.match(landing.text, /href="\/followup"/, '… and the follow-up');
    assert.match(landing.text, /href="\/statistics"/, 'the menu has "Statistik och rapporter"');
    const page = await get(u, `/statistics/annual?year=${YEAR}`);
    assert.equal(page.status, 200, `${u} the report`);
    assert.match(page.text, new RegExp(`<h1>Verksamhetsberättelse ${YEAR}</h1>`));
    assert.match(page.text, /<link rel="stylesheet" href="\/static\/report\.css">/, 'the report stylesheet');
    assert.equal((await api(u, `/api/v1/reports/annual?year=${YEAR}`)).status, 200, `${u} API`);
    assert.equal((await get(u, `/statistics/quality?year=${YEAR}`)).status, 200, `${u} quality`);
  }
  for (const u of ['anna.staff', 'kim.krokom']) {
    for (const p of ['/statistics', '/statistics/annual', `/statistics/annual/download?year=${YEAR}&format=csv`,
      '/statistics/quality', '/statistics/annual/input']) {
      assert.equal((await get(u, p)).status, 403, `${u} ${p}`);
    }
    assert.equal((await api(u, '/api/v1/reports/annual')).status, 403, `${u} API`);
  }
  const css = await get('sten.steering', '/static/report.css');
  assert.equal(css.status, 200, 'report.css is served');
});

test('no year: the current year', async () => {
  const page = await get('sten.steering', '/statistics/annual');
  assert.equal(page.status, 200);
  assert.match(page.text, new RegExp(`<h1>Verksamhetsberättelse ${YEAR}</h1>`));
  assert.match(page.text, new RegExp(`<option value="${YEAR}" selected>`), 'the year switcher has the year selected');
  assert.match(page.text, /<button type="submit">Visa<\/button>/, 'and a "Visa" button');
  const doc = JSON.parse((await api('sten.steering', '/api/v1/reports/annual')).text);
  assert.equal(doc.year, YEAR);
  assert.deepEqual(doc.years, [YEAR - 2, YEAR - 1, YEAR]);
});

test('view=kommun is the centre manager\'s alone', async () => {
  for (const u of ['sten.steering', 'eva.finance']) {
    assert.equal((await get(u, `/statistics/annual?year=${YEAR}&view=kommun`)).status, 403, `${u} page`);
    assert.equal((await get(u, `/statistics/annual/download?year=${YEAR}&format=json&view=kommun`)).status, 403, `${u} download`);
    assert.equal((await get(u, `/statistics/quality?year=${YEAR}&view=kommun`)).status, 403, `${u} quality`);
    const a = await api(u, `/api/v1/reports/annual?year=${YEAR}&view=kommun`);
    assert.equal(a.status, 403, `${u} API`);
    assert.equal(JSON.parse(a.text).error.code, 'forbidden');
    const page = await get(u, `/statistics/annual?year=${YEAR}`);
    assert.doesNotMatch(page.text, /view=kommun/, `${u} gets no link to the view per municipality`);
    assert.doesNotMatch(page.text, /statistics\/annual\/input/, `${u} gets no link to the form`);
  }
  const page = await get('maria.manager', `/statistics/annual?year=${YEAR}`);
  assert.match(page.text, /view=kommun">Visa per kommun<\/a>/, 'the centre manager has the link');
  assert.match(page.text, /href="\/statistics\/annual\/input\?year=\d{4}"/, '… and the link to the form');
  const logged = () => Number(srv.sql("SELECT count(*) FROM audit_log WHERE action = 'read'" +
    ` AND record_kind = 'report_detail' AND record_id = '${YEAR}'`).trim());
  const before = logged();
  const detail = await get('maria.manager', `/statistics/annual?year=${YEAR}&view=kommun`);
  assert.equal(detail.status, 200);
  assert.match(detail.text, /Krokom/);
  assert.equal(logged(), before + 1, 'who took out the view per municipality is in the log before the answer');
  const a = await api('maria.manager', `/api/v1/reports/annual?year=${YEAR}&view=kommun`);
  assert.equal(a.status, 200);
  const doc = JSON.parse(a.text);
  assert.equal(doc.per_municipality, true);
  const rows = table(doc, MUNI_TABLE).rows;
  assert.ok(rows.includes('Krokom') && rows.includes('Östersund'), 'a row per member municipality: ' + rows);
  assert.equal(rows[rows.length - 1], 'Kommuner utanför länet');
  assert.equal((await get('maria.manager', `/statistics/annual?year=${YEAR}&view=alla`)).status, 400, 'an unknown view');
});

test('by default the other municipalities are added together', async () => {
  const doc = JSON.parse((await api('sten.steering', `/api/v1/reports/annual?year=${YEAR}`)).text);
  assert.equal(doc.per_municipality, false);
  assert.deepEqual(table(doc, MUNI_TABLE).rows, ['Östersund', 'Övriga kommuner']);
  const page = (await get('maria.manager', `/statistics/annual?year=${YEAR}`)).text;
  const m = page.match(new RegExp(`<table[^>]*id="tabell-${MUNI_TABLE.replace(/\./g, '\\.')}"[\\s\\S]*?</table>`));
  assert.ok(m, 'the page has the municipality table');
  assert.match(m[0], /<th scope="row"[^>]*>Övriga kommuner<\/th>/, 'a row "Övriga kommuner"');
  assert.doesNotMatch(m[0], /Krokom/, 'no row of a member municipality of its own');
  const csv = (await get('sten.steering', `/statistics/annual/download?year=${YEAR}&format=csv`)).text;
  const lines = csv.split('\r\n').filter((l) => l.includes(`;${MUNI_TABLE};`) || l.includes(MUNI_TABLE));
  assert.ok(lines.length > 0, 'the CSV has the municipality table');
  assert.ok(lines.some((l) => l.includes('Övriga kommuner')));
  assert.ok(!lines.some((l) => l.includes('Krokom')), 'the CSV has no Krokom row either');
});

test('downloads: type, file name, content', async () => {
  const want = {
    html: ['text/html; charset=utf-8', (b) => /^<!DOCTYPE html>/i.test(b.toString('utf8'))],
    csv: ['text/csv; charset=utf-8', (b) => b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf && b.toString('utf8').includes(MUNI_TABLE)],
    json: ['application/json', (b) => JSON.parse(b.toString('utf8')).report === 'annual'],
    xlsx: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', (b) => b.subarray(0, 2).toString() === 'PK'],
  };
  for (const [fmt, [type, check]] of Object.entries(want)) {
    const res = await fetch(`${srv.url}/statistics/annual/download?year=${YEAR}&format=${fmt}`,
      { headers: { cookie: users['eva.finance'].c.cookieHeader() } });
    assert.equal(res.status, 200, fmt);
    assert.equal(res.headers.get('content-type'), type, `${fmt} content type`);
    assert.equal(res.headers.get('content-disposition'), `attachment; filename="verksamhetsberattelse-${YEAR}.${fmt}"`, `${fmt} file name`);
    const body = Buffer.from(await res.arrayBuffer());
    assert.ok(body.length > 100, `${fmt} has a body`);
    assert.ok(check(body), `${fmt} content`);
  }
  const detail = await get('maria.manager', `/statistics/annual/download?year=${YEAR}&format=csv&view=kommun`);
  assert.equal(detail.status, 200);
  assert.equal(detail.headers.get('content-disposition'), `attachment; filename="verksamhetsberattelse-${YEAR}-kommuner.csv"`);
  assert.match(detail.text, /Krokom/);
  const q = await get('sten.steering', `/statistics/quality/download?year=${YEAR}&format=json`);
  assert.equal(q.status, 200);
  assert.equal(q.headers.get('content-disposition'), `attachment; filename="kvalitetsgranskning-${YEAR}.json"`);
  const qdoc = JSON.parse(q.text);
  assert.equal(qdoc.report, 'quality');
  assert.deepEqual(qdoc.years, [YEAR - 1, YEAR]);
  assert.ok(qdoc.sections.some((s) => s.id === 'followup'), 'the compilation has the follow-up section');
});

test('a bad year or format is 400 with a Swedish message', async () => {
  for (const y of ['abc', '1999', '3000', '20251']) {
    for (const p of [`/statistics/annual?year=${y}`, `/statistics/annual/download?year=${y}&format=csv`,
      `/statistics/quality?year=${y}`]) {
      const r = await get('sten.steering', p);
      assert.equal(r.status, 400, p);
      assert.match(r.text, /Ange året med fyra siffror/, `${p} says why`);
    }
    const a = await api('sten.steering', `/api/v1/reports/annual?year=${y}`);
    assert.equal(a.status, 400);
    const e = JSON.parse(a.text).error;
    assert.equal(e.field, 'year');
    assert.match(e.message, /Ange året med fyra siffror/);
  }
  for (const f of ['pdf', '', 'CSV']) {
    const r = await get('sten.steering', `/statistics/annual/download?year=${YEAR}&format=${f}`);
    assert.equal(r.status, 400, `format "${f}"`);
    assert.match(r.text, /Okänt format/);
    assert.equal(r.headers.get('content-disposition'), null, 'no attachment for an error');
  }
  assert.equal((await get('sten.steering', `/statistics/annual/download?year=${YEAR}`)).status, 400, 'no format');
});

test('the centre manager\'s form: CSRF, a refused FTE keeps what was typed, then saved', async () => {
  const u = users['maria.manager'];
  for (const s of ['sten.steering', 'eva.finance']) {
    assert.equal((await get(s, `/statistics/annual/input?year=${YEAR}`)).status, 403, `${s} GET form`);
    assert.equal((await users[s].c.post('/statistics/annual/input', { csrf: users[s].csrf, year: String(YEAR), staff_fte: '5' })).status, 403, `${s} POST`);
  }
  const form = await u.c.get(`/statistics/annual/input?year=${YEAR}`);
  assert.equal(form.status, 200);
  assert.match(form.text, /<label for="f-staff_fte">Personal, årsarbetare<\/label>/);
  assert.match(form.text, /<label for="f-goals">Måluppfyllelse<\/label>/);
  assert.match(form.text, /<label for="f-events">Väsentliga händelser<\/label>/);
  assert.match(form.text, /inga personuppgifter/i, 'the form warns against personal data');
  const csrf = Client.csrfOf(form.text);

  const goals = 'Målen för året nåddes i stort sett.';
  const events = 'Nya lokaler & fler samtalstider <b>';
  const noCsrf = await u.c.post('/statistics/annual/input', { year: String(YEAR), staff_fte: '6,5', goals, events });
  assert.equal(noCsrf.status, 403, 'no CSRF token: refused');

  const bad = await u.c.post('/statistics/annual/input', { csrf, year: String(YEAR), staff_fte: 'sex', goals, events });
  assert.equal(bad.status, 422);
  assert.match(bad.text, /role="alert"/, 'an error summary');
  assert.match(bad.text, /<input[^>]*id="f-staff_fte"[^>]*aria-invalid="true"/, 'the FTE field is marked');
  const msg = bad.text.match(/<p class="error" id="e-staff_fte">([^<]+)<\/p>/);
  assert.ok(msg, 'a message at the FTE field');
  assert.match(msg[1], /årsarbetare/i, 'the message names the field: ' + msg[1]);
  assert.match(bad.text, /value="sex"/, 'the FTE typed is kept');
  assert.ok(bad.text.includes(goals), 'the goals typed are kept');
  assert.ok(bad.text.includes('Nya lokaler &amp; fler samtalstider &lt;b&gt;'), 'the events typed are kept, escaped');
  const badYear = await u.c.post('/statistics/annual/input', { csrf, year: '99', staff_fte: '6,5' });
  assert.equal(badYear.status, 400, 'a malformed year');

  const ok = await u.c.post('/statistics/annual/input', { csrf, year: String(YEAR), staff_fte: '6,5', goals, events });
  assert.equal(ok.status, 303);
  assert.equal(ok.location, `/statistics/annual?year=${YEAR}&done=saved`);
  const page = await u.c.get(ok.location);
  assert.match(page.text, /Uppgifterna är sparade/);
  assert.ok(page.text.includes(goals), 'the report shows the goals');
  assert.ok(page.text.includes('Nya lokaler &amp; fler samtalstider &lt;b&gt;'), 'and the events, escaped');
  const doc = JSON.parse((await api('sten.steering', `/api/v1/reports/annual?year=${YEAR}`)).text);
  const fte = table(doc, 'resources.fte');
  assert.equal(fte.cells[0][fte.columns.length - 1], 6.5, 'the FTE in the report');
  const again = await u.c.get(`/statistics/annual/input?year=${YEAR}`);
  assert.match(again.text, /id="f-staff_fte" name="staff_fte" type="text" value="6,5"/, 'the form shows what is stored');
  assert.ok(again.text.includes(goals));
});
