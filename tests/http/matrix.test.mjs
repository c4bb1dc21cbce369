// The authorisation matrix (DESIGN.md §8): every route of the route tables × every role ×
// a record of the user's own and of another organisation, compared with the access policy.
// The routes and the policy's answers come from tests/http/routes_dump (built from the real
// tables with the real policy), so nothing is copied into this file. Only the decision is
// checked: 403 where the policy denies, anything else (200, 303, 400, 404, 422) where it allows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, Client, PASSWORD } from './server.mjs';

const DUMP = process.env.ROUTES_DUMP || path.join(path.dirname(BIN), 'tests', 'http', 'routes_dump');
const ROLES = ['centre_staff', 'centre_manager', 'samrad_coordinator', 'municipal_officer',
  'agency_rep', 'steering', 'finance', 'admin']; // admin last: its allowed POSTs change data
const username = (role) => role.replace(/_/g, '.'); // demo accounts are named after their role

let srv;

// A demo database (one account per role, all with PASSWORD) and a server on a free port.
async function startDemo() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'norrsken-matrix-'));
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
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const r = await exited;
      fs.rmSync(dir, { recursive: true, force: true });
      return { ...r, stderr };
    },
  };
}

before(async () => { srv = await startDemo(); });
after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, 'server exits cleanly on SIGTERM:\n' + r.stderr);
});

test('authorisation matrix: every route × every role × own/other organisation', async () => {
  assert.ok(fs.existsSync(DUMP), `routes_dump not built at ${DUMP} (cmake --build builds it)`);
  const routes = execFileSync(DUMP, { encoding: 'utf8' }).trim().split('\n').map((l) => JSON.parse(l));
  assert.ok(routes.length > 10, 'the route tables are not empty');

  // Who is where: the demo accounts and one colleague per organisation as a target record
  // (colleagues never sign in, so resetting or deactivating them disturbs nothing).
  const admin = new Client(srv.url);
  assert.equal((await admin.login('admin', PASSWORD)).status, 303);
  const users = JSON.parse((await admin.get('/api/v1/users')).text).users;
  const orgOf = Object.fromEntries(users.map((u) => [u.username, u.organisation.id]));
  const orgIds = [...new Set(ROLES.map((r) => orgOf[username(r)]))];
  for (const o of orgIds) {
    srv.cli(['user', 'add', '--username', `kollega.${o}`, '--name', 'Kollega', '--org', String(o), '--role', 'steering']);
  }
  const after = JSON.parse((await admin.get('/api/v1/users')).text).users;
  const colleague = Object.fromEntries(after.filter((u) => u.username.startsWith('kollega.'))
    .map((u) => [u.organisation.id, u.id]));

  // Records to put in each :param, from the fixture modules in tests/http/fixtures/: each
  // knows which relations (own_org, home_municipality, assigned, ...) a role has to its
  // records. The expected decision then follows from the policy's "sufficient" relations.
  const ctx = { srv, admin, orgOf, orgIds, colleague, users: after, username, ROLES, Client, PASSWORD };
  const fixtures = [];
  const fixdir = path.join(path.dirname(new URL(import.meta.url).pathname), 'fixtures');
  for (const f of fs.readdirSync(fixdir).filter((n) => n.endsWith('.mjs')).sort()) {
    const mod = await import(path.join(fixdir, f));
    fixtures.push(...(await mod.default(ctx)));
  }
  // [{ path, relations }] for a route pattern and a role: one entry per variant.
  const targets = (pattern, role) => {
    const names = [...pattern.matchAll(/:(\w+)/g)].map((m) => m[1]);
    // No record in the path (lists, "new" forms): the dispatcher lets a role through when
    // some relation could allow it, and the handler filters rows; so every relation counts.
    if (names.length === 0) {
      return [{ path: pattern, label: 'none',
        relations: ['any', 'own_org', 'home_municipality', 'assigned', 'called_to_item', 'consent', 'self'] }];
    }
    const fx = fixtures.find((f) => f.match(pattern));
    if (!fx) throw new Error(`matrix: no fixture for ${pattern}; add one in tests/http/fixtures/`);
    return fx.variants(role, orgOf[username(role)]).map((v) => ({
      path: pattern.replace(/:(\w+)/g, (_, n) => {
        if (!(n in v.params)) throw new Error(`matrix: fixture gives no :${n} for ${pattern}`);
        return String(v.params[n]);
      }),
      label: v.label,
      relations: ['any', ...v.relations],
    }));
  };

  // Session-ending routes last, so the other requests run signed in.
  const ends = (r) => r.method === 'POST' && (r.pattern === '/logout' || r.pattern === '/logout-all');
  const ordered = [...routes.filter((r) => !ends(r)), ...routes.filter(ends)];
  let checks = 0;
  const failures = [];

  for (const role of ROLES) {
    const c = new Client(srv.url);
    const login = await c.login(username(role), PASSWORD);
    assert.equal(login.status, 303, `login ${role}`);
    const csrf = Client.csrfOf((await c.get('/')).text);
    for (const r of ordered) {
      for (const t of targets(r.pattern, role)) {
        const p = t.path;
        const variant = t.label;
        let res;
        if (!r.needs_login && r.prelogin_csrf) {
          // the login form: a fresh browser with its pre-login token, wrong credentials
          const anon = new Client(srv.url);
          const page = await anon.get(p);
          res = await anon.post(p, { csrf: Client.csrfOf(page.text), username: 'ingen', password: 'fel-lösenord-x' });
        } else if (r.method === 'GET') {
          res = await c.get(p);
        } else if (r.api) {
          res = await c.request(r.method, p, { headers: { 'x-csrf-token': csrf } });
        } else {
          res = await c.request(r.method, p, { form: { csrf } });
        }
        const allowed = !r.needs_login || t.relations.some((rel) => r.sufficient[role].includes(rel));
        const where = `${role} ${r.method} ${p} (${variant})`;
        if (allowed && (res.status === 403 || res.status === 401 || res.status >= 500 ||
            (res.status === 303 && /^\/login/.test(res.location || '') && !ends(r)))) {
          failures.push(`${where}: allowed by the policy but got ${res.status}`);
        } else if (!allowed && res.status !== 403) {
          failures.push(`${where}: denied by the policy but got ${res.status}`);
        }
        if (role === 'steering' && r.needs_login && (r.personal || r.kind === 'user') &&
            !(r.kind === 'user' && t.relations.includes('self')) && res.status !== 403) {
          failures.push(`${where}: steering must never reach personal data (got ${res.status})`);
        }
        checks++;
      }
    }
  }
  console.log(`matrix: ${routes.length} routes × ${ROLES.length} roles (a record per fixture variant for each :param) ` +
    `= ${checks} decisions checked, ${failures.length} wrong`);
  assert.deepEqual(failures, []);
});
