// Shared helper for the HTTP tests: a fresh database in a temporary directory, test users
// created with the CLI, a server on a free loopback port, and a tiny client with a cookie jar.
// Only Node built-ins are used.
import { spawn, execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const BIN = process.env.NORRSKEN_BIN;
if (!BIN) throw new Error('NORRSKEN_BIN must point at the norrsken binary');

export const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

export const PASSWORD = 'korrekt häst batteri häftklammer';

function cli(dir, db, args, opts = {}) {
  return execFileSync(BIN, ['--db', db, ...args], {
    cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts,
  });
}

// Start a server with a new database. Returns { url, dir, db, cli(args), addUser(...), stop() }.
export async function startServer() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'norrsken-http-'));
  const db = path.join(dir, 'norrsken.db');
  cli(dir, db, ['init']);
  const keyFile = path.join(dir, 'norrsken.key');
  if (!fs.existsSync(keyFile)) {
    // Until `init` writes the key file itself: the documented format, one hex line, mode 0600.
    fs.writeFileSync(keyFile, crypto.randomBytes(32).toString('hex') + '\n', { mode: 0o600 });
  }
  const orgs = cli(dir, db, ['org', 'list']);
  const orgId = orgs.match(/^(\d+)\s/m)[1];

  const child = spawn(BIN, ['--db', db, 'serve', '--port', '0'], {
    cwd: dir, stdio: ['ignore', 'pipe', 'pipe'],
  });
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
    url, dir, db, orgId,
    cli: (args) => cli(dir, db, args),
    stderr: () => stderr,
    // Create a user with the CLI; returns its one-time password.
    addUser(username, role = 'admin', name = 'Test Testsson') {
      const out = cli(dir, db, ['user', 'add', '--username', username, '--name', name,
        '--org', orgId, '--role', role]);
      return out.match(/Engångslösenord: (\S+)/)[1];
    },
    sql(statement) {
      return execFileSync('sqlite3', [db, statement], { encoding: 'utf8' });
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const r = await exited;
      fs.rmSync(dir, { recursive: true, force: true });
      return { ...r, stderr };
    },
  };
}

// A client with a cookie jar; never follows redirects, so each step can be checked.
export class Client {
  constructor(base) {
    this.base = base;
    this.jar = new Map();
  }

  cookieHeader() {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(method, p, { form, json, headers = {}, body } = {}) {
    const h = { ...headers };
    if (this.jar.size && !('cookie' in h)) h.cookie = this.cookieHeader();
    if (form !== undefined) {
      body = new URLSearchParams(form).toString();
      h['content-type'] = 'application/x-www-form-urlencoded';
    } else if (json !== undefined) {
      body = JSON.stringify(json);
      h['content-type'] = 'application/json';
    }
    const res = await fetch(this.base + p, { method, headers: h, body, redirect: 'manual' });
    for (const sc of res.headers.getSetCookie()) {
      const [pair, ...attrs] = sc.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '') this.jar.delete(name);
      else this.jar.set(name, value);
    }
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, location: res.headers.get('location') };
  }

  get(p, opts) { return this.request('GET', p, opts); }
  post(p, form, opts = {}) { return this.request('POST', p, { ...opts, form }); }

  // The csrf field of the first form on a page.
  static csrfOf(html) {
    const m = html.match(/name="csrf" value="([^"]+)"/);
    return m ? m[1] : null;
  }

  async login(username, password, next) {
    const page = await this.get('/login' + (next ? '?next=' + encodeURIComponent(next) : ''));
    const form = { csrf: Client.csrfOf(page.text), username, password };
    const m = page.text.match(/name="next" value="([^"]*)"/);
    if (m) form.next = m[1].replace(/&amp;/g, '&');
    return this.post('/login', form);
  }

  // Log in with a one-time password and choose `password`; returns the final response.
  async firstLogin(username, otp, password = PASSWORD) {
    const r = await this.login(username, otp);
    if (r.status !== 303 || r.location !== '/password') throw new Error('first login: ' + r.status + ' ' + r.location);
    const page = await this.get('/password');
    return this.post('/password', {
      csrf: Client.csrfOf(page.text), current: otp, new: password, repeat: password,
    });
  }
}
