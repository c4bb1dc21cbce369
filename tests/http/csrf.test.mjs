// CSRF: a state-changing form without the session's token is refused with 403 and changes
// nothing; the API with a session cookie needs X-CSRF-Token.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, PASSWORD } from './server.mjs';

let srv;
let c;
let csrf;

before(async () => {
  srv = await startServer();
  const otp = srv.addUser('hanna.csrf');
  c = new Client(srv.url);
  await c.firstLogin('hanna.csrf', otp);
  csrf = Client.csrfOf((await c.get('/')).text);
  assert.ok(csrf);
});
after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, 'server exits cleanly on SIGTERM:\n' + r.stderr);
});

const NEW = 'ett helt annat lösenord';

test('POST /password without or with a wrong csrf: 403, password unchanged', async () => {
  for (const form of [
    { current: PASSWORD, new: NEW, repeat: NEW },
    { csrf: 'x'.repeat(43), current: PASSWORD, new: NEW, repeat: NEW },
    { csrf: '', current: PASSWORD, new: NEW, repeat: NEW },
    { csrf: [csrf, csrf], current: PASSWORD, new: NEW, repeat: NEW },
  ]) {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const x of [].concat(v)) body.append(k, x);
    const r = await c.request('POST', '/password', {
      body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(r.status, 403);
    assert.match(r.text, /Åtkomst nekad/);
    assert.match(r.text, /Inget har ändrats/);
  }
  assert.equal((await new Client(srv.url).login('hanna.csrf', PASSWORD)).status, 303, 'old password works');
  assert.equal((await new Client(srv.url).login('hanna.csrf', NEW)).status, 422, 'new one does not');
});

test('POST /logout-all and /logout without csrf: 403, the session lives on', async () => {
  assert.equal((await c.post('/logout-all', {})).status, 403);
  assert.equal((await c.post('/logout', { csrf: 'fel' })).status, 403);
  assert.equal((await c.get('/')).status, 200);
});

test('a session from another user does not carry this csrf', async () => {
  const otp = srv.addUser('ivar.annan');
  const other = new Client(srv.url);
  await other.firstLogin('ivar.annan', otp);
  const r = await other.post('/logout-all', { csrf });
  assert.equal(r.status, 403);
});

test('with the right token the change goes through', async () => {
  const r = await c.post('/password', { csrf, current: PASSWORD, new: NEW, repeat: NEW });
  assert.equal(r.status, 303);
  assert.equal((await new Client(srv.url).login('hanna.csrf', NEW)).status, 303);
});
