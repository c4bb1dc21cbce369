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
const PERSONAL_KINDS = new Set(['client', 'case', 'audit_log', 'user']);

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

  const target = (pattern, org, variant) => {
    const other = orgIds.find((o) => o !== org);
    const pick = (own, oth) => (variant === 'own' ? own : oth);
    return pattern.replace(/:(\w+)/g, (_, name) => {
      if (name === 'id' && /\/users\//.test(pattern)) return String(pick(colleague[org], colleague[other]));
      if (name === 'id' && /\/organisations\//.test(pattern)) return String(pick(org, other));
      if (name === 'name' && pattern.startsWith('/static/')) return 'app.css';
      throw new Error(`matrix: no record to put in :${name} of ${pattern}; teach the test`);
    });
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
    const org = orgOf[username(role)];

    for (const r of ordered) {
      const variants = r.pattern.includes(':id') ? ['own', 'other'] : ['none'];
      for (const variant of variants) {
        const p = target(r.pattern, org, variant);
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
        let allowed;
        if (!r.needs_login) allowed = true;
        else if (variant === 'own') allowed = r.own_org_roles.includes(role);
        else if (variant === 'other') allowed = r.other_org_roles.includes(role);
        else allowed = r.allowed_roles.includes(role);
        const where = `${role} ${r.method} ${p} (${variant})`;
        if (allowed && (res.status === 403 || res.status === 401 || res.status >= 500 ||
            (res.status === 303 && /^\/login/.test(res.location || '') && !ends(r)))) {
          failures.push(`${where}: allowed by the policy but got ${res.status}`);
        } else if (!allowed && res.status !== 403) {
          failures.push(`${where}: denied by the policy but got ${res.status}`);
        }
        if (role === 'steering' && r.needs_login && PERSONAL_KINDS.has(r.kind) && res.status !== 403) {
          failures.push(`${where}: steering must never reach personal data (got ${res.status})`);
        }
        checks++;
      }
    }
  }
  console.log(`matrix: ${routes.length} routes × ${ROLES.length} roles (own/other organisation for :id) ` +
    `= ${checks} decisions checked, ${failures.length} wrong`);
  assert.deepEqual(failures, []);
});
