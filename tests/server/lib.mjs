// lib.mjs -- shared pieces of the server tests: starting a real server
// process on a free port, HTTP and WebSocket clients, and a tiny runner
// that reports each test and fails the process if any failed.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import net from 'node:net';
import path from 'node:path';
import WebSocket from 'ws';

export function tempDir(tag) {
  return mkdtempSync(path.join(tmpdir(), `tl-${tag}-`));
}

export function parseArgs(defaults) {
  const out = { ...defaults };
  const a = process.argv.slice(2);
  for (let i = 0; i < a.length; i += 2) out[a[i].replace(/^--/, '')] = a[i + 1];
  return out;
}

// Starts the server with --port 0 and resolves once it prints its URL.
export function startServer(bin, args = []) {
  return new Promise((resolve, reject) => {
    const proc = spawn(bin, ['--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', log = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 10000);
    proc.stderr.on('data', (d) => { log += d; });
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /serving http:\/\/([\d.]+):(\d+)\//.exec(out);
      if (m && !proc.port) {
        clearTimeout(timer);
        proc.port = Number(m[2]);
        proc.base = `http://127.0.0.1:${proc.port}`;
        proc.log = () => log;
        proc.exited = new Promise((r) => proc.on('exit', (code, sig) => r({ code, sig })));
        resolve(proc);
      }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}:\n${log}`)); });
  });
}

export async function stopServer(proc) {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  proc.kill('SIGTERM');
  await proc.exited;
}

export async function http(server, method, p, { body, headers = {} } = {}) {
  const r = await fetch(server.base + p, {
    method, headers, body: body === undefined ? undefined
      : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await r.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: r.status, headers: r.headers, text, json };
}

// A request written byte for byte (fetch would normalise "..").
export function rawGet(server, p) {
  return new Promise((resolve, reject) => {
    const s = net.connect(server.port, '127.0.0.1', () =>
      s.write(`GET ${p} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
    let data = '';
    s.on('data', (d) => { data += d; });
    s.on('end', () => resolve(data));
    s.on('error', reject);
  });
}

// A WebSocket with a queue of parsed messages and a promise of its close.
export function wsOpen(server) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws`);
    ws.inbox = [];
    ws.waiters = [];
    ws.closed = new Promise((r) => ws.on('close', (code, reason) => r({ code, reason: String(reason) })));
    ws.on('message', (data, binary) => {
      const m = binary ? { binary: true } : JSON.parse(String(data));
      ws.inbox.push(m);
      for (const w of [...ws.waiters]) w();
    });
    ws.on('open', () => resolve(ws));
    ws.on('error', reject);
  });
}

// The next message satisfying pred (removed from the inbox).
export function wsNext(ws, pred = () => true, ms = 10000) {
  return new Promise((resolve, reject) => {
    const check = () => {
      const i = ws.inbox.findIndex(pred);
      if (i < 0) return false;
      const [m] = ws.inbox.splice(i, 1);
      ws.waiters = ws.waiters.filter((w) => w !== check);
      clearTimeout(timer);
      resolve(m);
      return true;
    };
    const timer = setTimeout(() => {
      ws.waiters = ws.waiters.filter((w) => w !== check);
      reject(new Error(`no matching message in ${ms} ms; inbox: ${JSON.stringify(ws.inbox).slice(0, 300)}`));
    }, ms);
    if (!check()) ws.waiters.push(check);
  });
}

// Runs code and collects its output until the exit message.
export async function runCode(ws, id, code, { mode = 'free', ms = 20000, onStart } = {}) {
  ws.send(JSON.stringify({ type: 'run', v: 1, id, code, mode }));
  if (onStart) onStart();
  const res = { stdout: '', stderr: '', exit: null, error: null };
  for (;;) {
    const m = await wsNext(ws, (x) => x.id === id, ms);
    if (m.type === 'stdout') res.stdout += m.data;
    else if (m.type === 'stderr') res.stderr += m.data;
    else if (m.type === 'error') { res.error = m.message; return res; }
    else if (m.type === 'exit') { res.exit = m; return res; }
  }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

export function eq(a, b, what) {
  if (JSON.stringify(a) !== JSON.stringify(b))
    throw new Error(`${what}: expected ${JSON.stringify(b)}, got ${JSON.stringify(a)}`);
}

// Runs [name, fn] pairs in order, each bounded; exits 1 if any failed.
export async function runTests(tests, { timeout = 60000 } = {}) {
  let failed = 0;
  for (const [name, fn] of tests) {
    const t0 = Date.now();
    try {
      await Promise.race([fn(), sleep(timeout).then(() => { throw new Error('test timed out'); })]);
      console.log(`ok   ${name} (${Date.now() - t0} ms)`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${name}: ${e.stack || e}`);
    }
  }
  console.log(`${tests.length - failed}/${tests.length} passed`);
  return failed;
}

export function cleanup(dir) {
  rmSync(dir, { recursive: true, force: true });
}
