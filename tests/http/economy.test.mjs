// Budget, cost distribution, invoices and charges over HTTP: finance and the centre manager
// edit, steering reads but may not change anything (403 on POST/PUT), other roles are turned
// away; bad values (negative amount, overhead over 100 %, a malformed year) are refused
// naming the field with nothing stored; the 2025 budget gives the SPEC R26 table; the January
// invoices are made once; the invoice page, the CSV (BOM, semicolons, comma decimals) and the
// XLSX (a zip) downloads.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from './server.mjs';

let srv;
let orgs;
const users = {};

const count = (table, where = '1') => Number(srv.sql(`SELECT count(*) FROM ${table} WHERE ${where}`).trim());
const plain = (s) => s.replace(/\u00a0/g, ' ');

async function addUser(name, role, org) {
  const out = srv.cli(['user', 'add', '--username', name, '--name', 'Test ' + name, '--org', String(org), '--role', role]);
  const otp = out.match(/Engångslösenord: (\S+)/)[1];
  const c = new Client(srv.url);
  const r = await c.firstLogin(name, otp);
  assert.equal(r.status, 303, `first login ${name}`);
  const csrf = Client.csrfOf((await c.get('/')).text);
  users[name] = { c, csrf };
}

const api = (u, method, path, json) =>
  users[u].c.request(method, path, { json, headers: { 'x-csrf-token': users[u].csrf } });
const form = (u, path, fields) => users[u].c.post(path, { csrf: users[u].csrf, ...fields });

const R24 = [
  ['Personal 4,75 inkl. PO', '3 189 656'],
  ['Lokalkostnader', '511922'],
  ['Omkostnader', '211310'],
  ['Handledning/fortbildning, resor, arbetsmiljö', '166260'],
  ['Jourlägenheter', '220804'],
  ['Fortbildningsinsatser för kommunerna', '53045 kr'],
];
const R26 = [
  ['2303', 5135, '3,876 %', 18390700], ['2305', 6091, '4,598 %', 21816400],
  ['2309', 15604, '11,780 %', 55893400], ['2313', 11139, '8,409 %', 39898700],
  ['2321', 12376, '9,343 %', 44330400], ['2326', 7114, '5,370 %', 25479400],
  ['2361', 10136, '7,652 %', 36307000], ['2380', 64871, '48,972 %', 232360700],
];

function budgetForm(year, overhead = '9', extra = {}) {
  const f = { year: String(year), overhead, uprate: '3' };
  R24.forEach(([l, a], i) => { f[`label_${i + 1}`] = l; f[`amount_${i + 1}`] = a; });
  return { ...f, ...extra };
}

before(async () => {
  srv = await startServer();
  orgs = {};
  for (const line of srv.cli(['org', 'list']).split('\n')) {
    const m = line.match(/^(\d+)\s+(\w+)\s+\S+\s+(\S+)/);
    if (!m) continue;
    if (m[2] === 'centre') orgs.centre = Number(m[1]);
    if (m[2] === 'municipality') orgs[m[3]] = Number(m[1]);
  }
  await addUser('eva.finance', 'finance', orgs['2380']);
  await addUser('maria.manager', 'centre_manager', orgs.centre);
  await addUser('sten.steering', 'steering', orgs['2326']);
  await addUser('anna.staff', 'centre_staff', orgs.centre);
  await addUser('kim.krokom', 'municipal_officer', orgs['2309']);
});

after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, 'server exits cleanly:\n' + r.stderr);
});

test('who may see and edit the economy', async () => {
  for (const u of ['anna.staff', 'kim.krokom']) {
    assert.equal((await users[u].c.get('/economy')).status, 403, `${u} /economy`);
    assert.equal((await api(u, 'GET', '/api/v1/invoices')).status, 403, `${u} API`);
  }
  assert.equal((await users['sten.steering'].c.get('/economy?year=2025')).status, 200);
  assert.equal((await users['sten.steering'].c.get('/economy/budget?year=2025')).status, 403);
  assert.equal((await form('sten.steering', '/economy/budget', budgetForm(2025))).status, 403);
  assert.equal((await form('sten.steering', '/economy/invoices/generate', { year: '2025' })).status, 403);
  assert.equal((await api('sten.steering', 'PUT', '/api/v1/budget/2025', { overhead_bp: 900 })).status, 403);
  assert.equal((await api('sten.steering', 'POST', '/api/v1/charges', {})).status, 403);
  assert.equal(count('budget_year'), 0, 'nothing stored by the refused requests');
  // the edit links only for editors
  assert.doesNotMatch((await users['sten.steering'].c.get('/economy')).text, /Ändra budgeten/);
  assert.match((await users['eva.finance'].c.get('/economy')).text, /Ändra budgeten/);
});

test('bad budget values are refused naming the field, nothing stored', async () => {
  let r = await form('eva.finance', '/economy/budget', budgetForm(2025, '9', { amount_3: '-5' }));
  assert.equal(r.status, 422);
  assert.match(r.text, /id="e-amount_3"[^>]*>[^<]*negativt/);
  assert.match(r.text, /value="Omkostnader"/, 'typed values kept');
  r = await form('eva.finance', '/economy/budget', budgetForm(2025, '101'));
  assert.equal(r.status, 422);
  assert.match(r.text, /id="e-overhead"[^>]*>[^<]*100/);
  r = await form('eva.finance', '/economy/budget', budgetForm('25'));
  assert.equal(r.status, 422);
  assert.match(r.text, /id="e-year"[^>]*>[^<]*fyra siffror/);
  r = await api('eva.finance', 'PUT', '/api/v1/budget/2025', { lines: [{ label: 'Lokal', amount_ore: -100 }] });
  assert.equal(r.status, 400);
  assert.equal(JSON.parse(r.text).error.field, 'amount_1');
  r = await api('eva.finance', 'PUT', '/api/v1/budget/2025', { overhead_bp: 10001 });
  assert.equal(r.status, 400);
  assert.equal(JSON.parse(r.text).error.field, 'overhead_bp');
  r = await api('eva.finance', 'GET', '/api/v1/budget/25');
  assert.equal(r.status, 400);
  assert.equal(JSON.parse(r.text).error.field, 'year');
  r = await api('eva.finance', 'POST', '/api/v1/charges', { kind: 'wear', municipality: '2309', amount_ore: -1, description: 'Städning' });
  assert.equal(r.status, 400);
  assert.equal(JSON.parse(r.text).error.field, 'amount_ore');
  assert.equal(count('budget_year'), 0);
  assert.equal(count('budget_line'), 0);
  assert.equal(count('charge'), 0);
});

test('the 2025 budget gives the R26 table, on the page and in the API', async () => {
  const r = await form('eva.finance', '/economy/budget', budgetForm(2025));
  assert.equal(r.status, 303);
  assert.equal(r.location, '/economy?year=2025&done=saved');
  const page = plain((await users['sten.steering'].c.get('/economy?year=2025')).text);
  for (const t of ['4 352 997 kr', '391 770 kr', '4 744 767 kr', 'OH-kostnader (9 %)', '183 907 kr', '2 323 607 kr', '48,972 %', 'befolkning 2023-11-01']) {
    assert.ok(page.includes(t), `page shows ${t}`);
  }
  const d = JSON.parse((await api('sten.steering', 'GET', '/api/v1/distribution/2025')).text);
  assert.equal(d.total_ore, 474476700);
  assert.equal(d.population_date, '2023-11-01');
  assert.deepEqual(d.rows.map((x) => [x.code, x.population, x.share, x.amount_ore]), R26);
  const b = JSON.parse((await api('sten.steering', 'GET', '/api/v1/budget/2025')).text).budget;
  assert.equal(b.lines.length, 6);
  assert.equal(b.lines[0].amount_ore, 318965600);
  assert.equal(b.overhead_bp, 900);
  // 2026 has no lines: 2025 uprated by 3 %
  const b26 = JSON.parse((await api('sten.steering', 'GET', '/api/v1/budget/2026')).text).budget;
  assert.equal(b26.uprated_from, 2025);
  assert.equal(b26.total_ore, 488711000);
});

test('quality review over 150 000 kr is flagged for SocSam', async () => {
  const r = await api('maria.manager', 'PUT', '/api/v1/budget/2026', { quality_review_ore: 16000000, population_date: '2023-11-01' });
  assert.equal(r.status, 200, r.text);
  assert.equal(JSON.parse(r.text).budget.needs_socsam, true);
  const page = (await users['eva.finance'].c.get('/economy?year=2026')).text;
  assert.match(page, /Kräver beslut i SocSam/);
});

test('January invoices once, list, view, exports', async () => {
  let r = await form('maria.manager', '/economy/invoices/generate', { year: '2025' });
  assert.equal(r.status, 303);
  assert.equal(count('invoice', 'year = 2025'), 8);
  r = await form('maria.manager', '/economy/invoices/generate', { year: '2025' });
  assert.equal(r.status, 422);
  assert.match(r.text, /redan skapade/);
  r = await api('eva.finance', 'POST', '/api/v1/invoices/generate', { year: 2025 });
  assert.equal(r.status, 409);
  assert.equal(count('invoice', 'year = 2025'), 8, 'no duplicates');

  const list = plain((await users['sten.steering'].c.get('/economy/invoices?year=2025')).text);
  assert.match(list, /2025-0001/);
  assert.ok(list.includes('4 744 767 kr'), 'the invoices add up to the budget');
  const inv = JSON.parse((await api('sten.steering', 'GET', '/api/v1/invoices?year=2025')).text).invoices;
  assert.equal(inv.length, 8);
  const ragunda = inv.find((i) => i.municipality === '2303');
  assert.equal(ragunda.recipient_org_number, '212000-2452');
  assert.equal(ragunda.invoice_date, '2025-01-15');
  const view = plain((await users['sten.steering'].c.get(`/economy/invoices/${ragunda.id}`)).text);
  for (const t of ['Faktura ' + ragunda.number, 'Ragunda kommun', '212000-2452', '183 907 kr', '2025-02-14']) {
    assert.ok(view.includes(t), `invoice page shows ${t}`);
  }
  const one = JSON.parse((await api('sten.steering', 'GET', `/api/v1/invoices/${ragunda.id}`)).text).invoice;
  assert.equal(one.lines.length, 1);
  assert.equal(one.lines[0].amount_ore, 18390700);
  assert.equal((await users['sten.steering'].c.get('/economy/invoices/999999')).status, 404);

  const csv = await fetch(srv.url + '/economy/export/fakturor-2025.csv', { headers: { cookie: users['sten.steering'].c.cookieHeader() } });
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /^text\/csv/);
  const bytes = Buffer.from(await csv.arrayBuffer());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
  const text = bytes.toString('utf8');
  assert.match(text, /Fakturanummer;Typ;Fakturadatum;/);
  assert.match(text, /;183907,00\r\n/);
  const xlsx = await fetch(srv.url + '/economy/export/fakturor-2025.xlsx', { headers: { cookie: users['sten.steering'].c.cookieHeader() } });
  assert.equal(xlsx.status, 200);
  assert.match(xlsx.headers.get('content-type'), /spreadsheetml/);
  assert.equal(xlsx.headers.get('content-disposition'), 'attachment; filename="fakturor-2025.xlsx"',
    'the browser saves the file under its name');
  const zip = Buffer.from(await xlsx.arrayBuffer());
  assert.equal(zip.subarray(0, 2).toString('latin1'), 'PK', 'an XLSX is a zip');
  assert.equal((await users['sten.steering'].c.get('/economy/export/fakturor-2025.pdf')).status, 404);
});

test('charges become extra invoices per municipality', async () => {
  let r = await api('eva.finance', 'POST', '/api/v1/charges', { kind: 'wear', municipality: '2309', amount_ore: 250000, description: 'Städning efter vistelse', source_ref: 'stay:1' });
  assert.equal(r.status, 201, r.text);
  r = await api('eva.finance', 'GET', '/api/v1/charges?open=1');
  assert.equal(JSON.parse(r.text).charges.length, 1);
  assert.match((await users['eva.finance'].c.get('/economy?year=2025')).text, /Städning efter vistelse/);
  r = await form('eva.finance', '/economy/invoices/generate', { year: '2025', extra: '1' });
  assert.equal(r.status, 303);
  assert.equal(count('invoice', "kind = 'extra' AND municipality = '2309' AND total_ore = 250000"), 1);
  assert.equal(count('charge', 'invoice_id IS NULL'), 0);
  r = await api('eva.finance', 'POST', '/api/v1/invoices/generate', { year: 2025, extra: true });
  assert.equal(r.status, 404, 'nothing left to invoice');
});
