// Every kind of response carries the security headers: pages, redirects, static files, error
// pages (404, 405, 413, 415) and API errors. Dynamic responses are no-store; static assets
// are cacheable and served with the right content type.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, SECURITY_HEADERS, PASSWORD } from './server.mjs';

let srv;
let admin;

before(async () => {
  srv = await startServer();
  admin = new Client(srv.url);
  const otp = srv.addUser('rubrik.admin');
  const r = await admin.firstLogin('rubrik.admin', otp);
  assert.equal(r.status, 303);
});

after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, 'server exits cleanly on SIGTERM:\n' + r.stderr);
});

function assertSecurity(res, what) {
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) {
    assert.equal(res.headers.get(k), v, `${what}: ${k}`);
  }
  assert.ok(res.headers.get('permissions-policy'), `${what}: permissions-policy`);
  const ct = res.headers.get('content-type') || '';
  if (/^(text|application\/json)/.test(ct)) assert.match(ct, /charset=utf-8/, `${what}: charset`);
}

test('pages, redirects and errors carry the security headers and no-store', async () => {
  const anon = new Client(srv.url);
  const cases = [
    ['login page', await anon.get('/login'), 200],
    ['redirect to login', await anon.get('/'), 303],
    ['health', await anon.get('/healthz'), 200],
    ['start page', await admin.get('/'), 200],
    ['404', await anon.get('/finns/inte'), 404],
    ['405', await anon.request('DELETE', '/login'), 405],
    ['415', await anon.request('POST', '/login', { body: 'x', headers: { 'content-type': 'text/plain' } }), 415],
    ['API 401', await anon.get('/api/v1/me'), 401],
    ['API 200', await admin.get('/api/v1/me'), 200],
  ];
  for (const [what, res, status] of cases) {
    assert.equal(res.status, status, what);
    assertSecurity(res, what);
    assert.equal(res.headers.get('cache-control'), 'no-store', `${what}: cache-control`);
  }
});

test('static assets: content type, headers, cacheable; no path tricks', async () => {
  const anon = new Client(srv.url);
  const css = await anon.get('/static/app.css');
  assert.equal(css.status, 200);
  assert.equal(css.headers.get('content-type'), 'text/css; charset=utf-8');
  assert.match(css.text, /@media print/);
  assert.match(css.text, /:focus-visible/);
  assertSecurity(css, 'css');
  assert.match(css.headers.get('cache-control'), /max-age=\d+/);
  const js = await anon.get('/static/app.js');
  assert.equal(js.status, 200);
  assert.equal(js.headers.get('content-type'), 'text/javascript; charset=utf-8');
  assertSecurity(js, 'js');
  for (const p of ['/static/nope.css', '/static/..%2fCMakeLists.txt', '/static/.hidden.css', '/static/app.exe']) {
    const r = await anon.get(p);
    assert.equal(r.status, 404, p);
    assertSecurity(r, p);
  }
});

test('404 is a Swedish page that leaks nothing from the request', async () => {
  const r = await new Client(srv.url).get('/finns-inte/%3Cscript%3Ealert(1)%3C%2Fscript%3E');
  assert.equal(r.status, 404);
  assert.match(r.text, /<html lang="sv">/);
  assert.match(r.text, /Sidan finns inte/);
  assert.doesNotMatch(r.text, /<script>alert/);
  assert.doesNotMatch(r.text, /finns-inte/);
});

test('a 2 MB body is refused with 413 and the Swedish page', async () => {
  const big = 'a='.concat('x'.repeat(2 * 1024 * 1024));
  let r;
  try {
    r = await new Client(srv.url).request('POST', '/login', {
      body: big, headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  } catch (e) {
    assert.fail('the 413 answer was not readable: ' + e.message);
  }
  assert.equal(r.status, 413);
  assert.match(r.text, /För stor begäran/);
  assertSecurity(r, '413');
  // the API answers the same limit in JSON
  const j = await admin.request('POST', '/api/v1/me', {
    body: big, headers: { 'content-type': 'application/json' },
  });
  assert.equal(j.status, 413);
  assert.equal(JSON.parse(j.text).error.code, 'too_large');
  assertSecurity(j, 'API 413');
});

test('the API: 401 JSON without a token, the account with a session or a bearer token', async () => {
  const anon = new Client(srv.url);
  const r = await anon.get('/api/v1/me');
  assert.equal(r.status, 401);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  const body = JSON.parse(r.text);
  assert.equal(body.error.code, 'unauthorized');
  assert.ok(body.error.message.length > 0);

  const bad = await anon.get('/api/v1/me', { headers: { authorization: 'Bearer nej' } });
  assert.equal(bad.status, 401);

  const me = JSON.parse((await admin.get('/api/v1/me')).text);
  assert.equal(me.username, 'rubrik.admin');
  assert.deepEqual(me.roles, ['admin']);
  assert.ok(me.organisation.name);

  const out = srv.cli(['user', 'token', 'rubrik.admin', '--label', 'http-test']);
  const token = out.match(/API-nyckel för \S+: (\S+)/)[1];
  const viaToken = await anon.get('/api/v1/me', { headers: { authorization: 'Bearer ' + token } });
  assert.equal(viaToken.status, 200);
  assert.equal(JSON.parse(viaToken.text).username, 'rubrik.admin');
});

test('pages take form bodies only; API method errors are JSON', async () => {
  const r = await admin.request('POST', '/password', { json: { current: PASSWORD } });
  assert.equal(r.status, 415);
  assert.match(r.text, /Formatet stöds inte/);
  const j = await admin.request('DELETE', '/api/v1/me');
  assert.equal(j.status, 405);
  assert.equal(JSON.parse(j.text).error.code, 'method_not_allowed');
  assert.match(j.headers.get('allow'), /GET/);
});
