// Configuration of intervention types and follow-up measures (R8, R13) at /admin/config:
// the centre manager adds and deactivates them, bad input is refused next to the field with
// nothing stored, every change is audited, and other roles are kept out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from './server.mjs';

let srv;
let manager; // a signed-in centre manager

async function signIn(username, role) {
  const otp = srv.addUser(username, role, 'Test ' + role);
  const c = new Client(srv.url);
  const r = await c.firstLogin(username, otp);
  assert.equal(r.status, 303);
  return c;
}

before(async () => {
  srv = await startServer();
  manager = await signIn('vera.ledare', 'centre_manager');
});
after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, 'server exits cleanly on SIGTERM:\n' + r.stderr);
});

async function csrf(client) {
  const page = await client.get('/admin/config');
  assert.equal(page.status, 200);
  return Client.csrfOf(page.text);
}

test('the page lists the six default types and the default measures', async () => {
  const page = await manager.get('/admin/config');
  assert.equal(page.status, 200);
  for (const key of ['victim_support', 'child_trappan', 'perpetrator_treatment',
    'partner_contact', 'relative_support', 'womens_group', 'safety', 'wellbeing']) {
    assert.match(page.text, new RegExp(`<code>${key}</code>`));
  }
  assert.match(page.text, /href="\/admin\/config"/, 'the menu links the page');
});

test('the centre manager adds a type and a measure; they appear on the page and are audited', async () => {
  let r = await manager.post('/admin/config/types', {
    csrf: await csrf(manager), type_key: 'digital_support', type_label: 'Digitalt stöd & råd',
  });
  assert.equal(r.status, 303);
  assert.equal(r.location, '/admin/config');
  r = await manager.post('/admin/config/measures', {
    csrf: await csrf(manager), measure_key: 'stress_level', measure_label: 'Upplevd stress',
    scale_min: '0', scale_max: '5',
  });
  assert.equal(r.status, 303);
  const page = await manager.get('/admin/config');
  assert.match(page.text, /<code>digital_support<\/code><\/td><th scope="row">Digitalt stöd &amp; råd<\/th><td>Aktiv<\/td>/);
  assert.match(page.text, /<code>stress_level<\/code><\/td><th scope="row">Upplevd stress<\/th><td class="num">0–5<\/td><td>Aktiv<\/td>/);
  assert.equal(srv.sql("SELECT active FROM intervention_type WHERE key = 'digital_support'").trim(), '1');
  assert.equal(srv.sql("SELECT scale_min || '-' || scale_max FROM followup_measure WHERE key = 'stress_level'").trim(), '0-5');
  assert.equal(srv.sql("SELECT count(*) FROM audit_log WHERE action = 'create' AND record_kind IN ('intervention_type', 'followup_measure') AND record_id IN ('digital_support', 'stress_level')").trim(), '2');
});

test('a bad key is refused with 422 beside the field, the label kept, nothing stored', async () => {
  const before = srv.sql('SELECT count(*) FROM intervention_type').trim();
  const r = await manager.post('/admin/config/types', {
    csrf: await csrf(manager), type_key: 'Bad-Key', type_label: 'Något <nytt>',
  });
  assert.equal(r.status, 422);
  assert.match(r.text, /<p class="error" id="e-type_key">[^<]+<\/p>/);
  assert.match(r.text, /id="f-type_key" name="type_key" type="text" value="Bad-Key"[^>]*aria-describedby="e-type_key"/);
  assert.match(r.text, /value="Något &lt;nytt&gt;"/);
  assert.equal(srv.sql('SELECT count(*) FROM intervention_type').trim(), before);

  const dup = await manager.post('/admin/config/types', {
    csrf: await csrf(manager), type_key: 'womens_group', type_label: 'Annan',
  });
  assert.equal(dup.status, 422);
  assert.match(dup.text, /id="e-type_key">Det finns redan/);

  const m = await manager.post('/admin/config/measures', {
    csrf: await csrf(manager), measure_key: 'ok_key', measure_label: 'Mått', scale_min: '5', scale_max: '5',
  });
  assert.equal(m.status, 422);
  assert.match(m.text, /id="e-scale_max">Det högsta värdet ska vara större/);
  const big = await manager.post('/admin/config/measures', {
    csrf: await csrf(manager), measure_key: 'ok_key', measure_label: 'Mått', scale_min: '0', scale_max: '101',
  });
  assert.equal(big.status, 422);
  assert.match(big.text, /id="e-scale_max"/);
  assert.equal(srv.sql("SELECT count(*) FROM followup_measure WHERE key = 'ok_key'").trim(), '0');
});

test('toggling deactivates a type (it leaves the forms) and activates it again', async () => {
  let r = await manager.post('/admin/config/types/toggle', { csrf: await csrf(manager), key: 'partner_contact' });
  assert.equal(r.status, 303);
  assert.equal(srv.sql("SELECT active FROM intervention_type WHERE key = 'partner_contact'").trim(), '0');
  const page = await manager.get('/admin/config');
  assert.match(page.text, /<code>partner_contact<\/code><\/td><th scope="row">Partnerkontakt<\/th><td>Inaktiv<\/td>/);
  const queue = await manager.get('/queue');
  assert.equal(queue.status, 200);
  assert.match(queue.text, /Kvinnogrupp/, 'the queue lists the active types');
  assert.doesNotMatch(queue.text, /Partnerkontakt/, 'the queue lists active types only');

  r = await manager.post('/admin/config/measures/toggle', { csrf: await csrf(manager), key: 'wellbeing' });
  assert.equal(r.status, 303);
  assert.equal(srv.sql("SELECT active FROM followup_measure WHERE key = 'wellbeing'").trim(), '0');

  r = await manager.post('/admin/config/types/toggle', { csrf: await csrf(manager), key: 'partner_contact' });
  assert.equal(r.status, 303);
  assert.equal(srv.sql("SELECT active FROM intervention_type WHERE key = 'partner_contact'").trim(), '1');
  assert.equal(srv.sql("SELECT count(*) FROM audit_log WHERE action = 'update' AND record_id IN ('partner_contact', 'wellbeing')").trim(), '3');

  const unknown = await manager.post('/admin/config/types/toggle', { csrf: await csrf(manager), key: 'no_such_type' });
  assert.equal(unknown.status, 404);
});

test('centre staff and steering get 403', async () => {
  for (const [user, role] of [['sam.personal', 'centre_staff'], ['stig.styr', 'steering']]) {
    const c = await signIn(user, role);
    assert.equal((await c.get('/admin/config')).status, 403, role);
    const home = await c.get('/');
    const token = Client.csrfOf(home.text);
    const r = await c.post('/admin/config/types', { csrf: token ?? '', type_key: 'sneaky', type_label: 'Smyg' });
    assert.equal(r.status, 403, role);
    const t = await c.post('/admin/config/types/toggle', { csrf: token ?? '', key: 'womens_group' });
    assert.equal(t.status, 403, role);
    assert.doesNotMatch(home.text, /href="\/admin\/config"/, 'no menu entry');
  }
  assert.equal(srv.sql("SELECT count(*) FROM intervention_type WHERE key = 'sneaky'").trim(), '0');
  assert.equal(srv.sql("SELECT active FROM intervention_type WHERE key = 'womens_group'").trim(), '1');
});
