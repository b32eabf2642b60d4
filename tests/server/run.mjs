// run.mjs -- integration tests of threadlab-server over HTTP and WebSocket.
// Runs against the server built with the VM stand-in (stub_exec.c), whose
// "programs" are commands, so every limit and fault can be provoked exactly.
//   node tests/server/run.mjs --server build/threadlab-server-stub
import { mkdirSync, writeFileSync, symlinkSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import WebSocket from 'ws';
import {
  assert, cleanup, eq, http, parseArgs, rawGet, runCode, runTests, sleep, startServer,
  stopServer, tempDir, wsNext, wsOpen,
} from './lib.mjs';

const opt = parseArgs({ server: 'build/threadlab-server-stub' });
const dir = tempDir('server');
const web = path.join(dir, 'web');
const lessons = path.join(dir, 'lessons');
mkdirSync(path.join(web, 'sub'), { recursive: true });
mkdirSync(lessons);
writeFileSync(path.join(dir, 'secret.txt'), 'secret');
writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>t</title>');
for (const [f, body] of [['app.wasm', '\0asm'], ['app.mjs', 'export{}'], ['app.js', '1'],
  ['app.css', 'a{}'], ['logo.svg', '<svg/>'], ['data.json', '{}'], ['sub/x.txt', 'x']])
  writeFileSync(path.join(web, f), body);
symlinkSync(path.join(dir, 'secret.txt'), path.join(web, 'out-link'));
symlinkSync(path.join(web, 'sub', 'x.txt'), path.join(web, 'in-link'));
writeFileSync(path.join(lessons, 'threads-1.json'), JSON.stringify({ title: 'Threads', text: 'hi' }));
writeFileSync(path.join(lessons, 'basics.json'), JSON.stringify({ title: 'Basics' }));
writeFileSync(path.join(lessons, 'broken.json'), '{nope');

const limits = ['--timeout', '6', '--cpu', '1', '--max-runs', '3', '--mem', '256M', '--heap', '64M'];
const srv = await startServer(opt.server, ['--web', web, '--lessons', lessons,
  '--db', path.join(dir, 'db', 't.db'), ...limits]);

const ISO = { 'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp', 'cross-origin-resource-policy': 'same-origin' };
function isolated(r, what) {
  for (const [k, v] of Object.entries(ISO)) eq(r.headers.get(k), v, `${what} ${k}`);
}

async function health() {
  const r = await http(srv, 'GET', '/api/health');
  eq(r.status, 200, 'health status');
  return r.json;
}

// Waits until no run is active (killed runs end asynchronously).
async function drained() {
  for (let i = 0; i < 100; i++) {
    if ((await health()).runs === 0) return;
    await sleep(50);
  }
  throw new Error('runs did not end');
}

const tests = [
  ['static: index, headers, cache', async () => {
    const r = await http(srv, 'GET', '/');
    eq(r.status, 200, 'status');
    isolated(r, '/');
    eq(r.headers.get('content-type'), 'text/html; charset=utf-8', 'type');
    eq(r.headers.get('cache-control'), 'no-cache', 'cache');
  }],
  ['static: MIME types', async () => {
    for (const [f, t] of [['app.wasm', 'application/wasm'], ['app.mjs', 'text/javascript'],
      ['app.js', 'text/javascript'], ['app.css', 'text/css'], ['logo.svg', 'image/svg+xml'],
      ['data.json', 'application/json']]) {
      const r = await http(srv, 'GET', `/${f}`);
      eq(r.status, 200, f);
      eq(r.headers.get('content-type'), t, f);
      eq(r.headers.get('cache-control'), 'public, max-age=300', `${f} cache`);
      isolated(r, f);
    }
  }],
  ['static: share links serve the app', async () => {
    const r = await http(srv, 'GET', '/s/AbCdEfGh12345678');
    eq(r.status, 200, 'status');
    assert(r.text.includes('<title>t</title>'), 'index.html');
  }],
  ['static: 404 is JSON and isolated', async () => {
    const r = await http(srv, 'GET', '/nope.js');
    eq(r.status, 404, 'status');
    isolated(r, '404');
    assert(r.json && r.json.error, 'error body');
  }],
  ['static: path traversal refused', async () => {
    for (const p of ['/../secret.txt', '/sub/../../secret.txt', '/%2e%2e/secret.txt',
      '/%2E%2E%2Fsecret.txt', '/sub/%2e%2e/%2e%2e/secret.txt', '/%252e%252e/secret.txt',
      '/..%2fsecret.txt', '/out-link', '/sub/..%5c..%5csecret.txt', '/%00index.html']) {
      const raw = await rawGet(srv, p);
      assert(!raw.includes('secret') || /^HTTP\/1\.1 4/.test(raw), `${p} leaked: ${raw.slice(0, 80)}`);
      assert(/^HTTP\/1\.1 4\d\d/.test(raw), `${p}: ${raw.split('\r\n')[0]}`);
    }
    eq((await http(srv, 'GET', '/in-link')).status, 200, 'symlink inside the root');
  }],
  ['api: health', async () => {
    const h = await health();
    eq(h.ok, true, 'ok');
    eq(h.runs, 0, 'runs');
  }],
  ['api: lessons', async () => {
    const r = await http(srv, 'GET', '/api/lessons');
    eq(r.json, { lessons: [{ id: 'basics', title: 'Basics' }, { id: 'threads-1', title: 'Threads' }] }, 'list');
    eq((await http(srv, 'GET', '/api/lessons/threads-1')).json, { title: 'Threads', text: 'hi' }, 'one');
    eq((await http(srv, 'GET', '/api/lessons/broken')).status, 404, 'broken skipped');
    eq((await http(srv, 'GET', '/api/lessons/..%2f..%2fetc')).status, 404, 'odd id');
    eq((await http(srv, 'POST', '/api/lessons', { body: {} })).status, 405, 'method');
    eq((await http(srv, 'GET', '/api/nothing')).status, 404, 'unknown api');
  }],
  ['api: progress with an anonymous cookie', async () => {
    const first = await http(srv, 'GET', '/api/progress');
    eq(first.json, { progress: {} }, 'empty');
    const cookie = first.headers.get('set-cookie');
    assert(/^tl_token=[A-Za-z0-9]{32};.*HttpOnly/.test(cookie), `cookie: ${cookie}`);
    const jar = { Cookie: cookie.split(';')[0] };
    const put = await http(srv, 'PUT', '/api/progress/threads-1',
      { body: { status: 'done', code: 'print("é")\n' }, headers: jar });
    eq(put.status, 200, 'put');
    eq(put.headers.get('set-cookie'), null, 'no new cookie');
    await http(srv, 'PUT', '/api/progress/basics', { body: { status: 'started', code: '' }, headers: jar });
    await http(srv, 'PUT', '/api/progress/basics', { body: { status: 'done', code: 'x' }, headers: jar });
    const got = await http(srv, 'GET', '/api/progress', { headers: jar });
    eq(Object.keys(got.json.progress), ['basics', 'threads-1'], 'lessons');
    eq(got.json.progress['threads-1'].code, 'print("é")\n', 'code');
    eq(got.json.progress.basics.status, 'done', 'updated');
    const other = await http(srv, 'GET', '/api/progress');
    eq(other.json, { progress: {} }, 'another learner sees nothing');
  }],
  ['api: bad progress requests', async () => {
    const bad = [
      ['{"status":', 400], ['[1,2]', 400], ['', 400], ['{"status":"done"}', 400],
      ['{"status":"no spaces allowed","code":""}', 400],
      [JSON.stringify({ status: 'done', code: 'x'.repeat(70000) }), 413],
      ['{"status":"done","code":"\\ud800"}', 400],
    ];
    for (const [body, status] of bad) {
      const r = await http(srv, 'PUT', '/api/progress/basics', { body });
      eq(r.status, status, `body ${body.slice(0, 30)}`);
      assert(typeof r.json.error === 'string', 'JSON error');
    }
    eq((await http(srv, 'PUT', '/api/progress/bad id', { body: { status: 'done', code: '' } })).status, 400, 'id');
    eq((await http(srv, 'POST', '/api/progress', { body: {} })).status, 405, 'method');
    const huge = await http(srv, 'PUT', '/api/progress/basics', { body: 'x'.repeat(600000) });
    eq(huge.status, 413, 'huge body');
  }],
  ['api: snippets', async () => {
    const code = 'for i in range(3):\n    print(i, "→")\n';
    const a = await http(srv, 'POST', '/api/snippets', { body: { code } });
    eq(a.status, 201, 'created');
    assert(/^[A-Za-z0-9]{16}$/.test(a.json.id), `id ${a.json.id}`);
    const b = await http(srv, 'POST', '/api/snippets', { body: { code } });
    assert(a.json.id !== b.json.id, 'ids differ');
    eq((await http(srv, 'GET', `/api/snippets/${a.json.id}`)).json, { code }, 'read back');
    eq((await http(srv, 'GET', '/api/snippets/AAAAAAAAAAAAAAAA')).status, 404, 'unknown');
    eq((await http(srv, 'GET', '/api/snippets/short')).status, 404, 'malformed id');
    eq((await http(srv, 'POST', '/api/snippets', { body: { code: 'x'.repeat(65537) } })).status, 413, 'too big');
    eq((await http(srv, 'POST', '/api/snippets', { body: { code: 'x'.repeat(65536) } })).status, 201, '64 KiB fits');
    eq((await http(srv, 'POST', '/api/snippets', { body: '{"code": 1}' })).status, 400, 'not a string');
    eq((await http(srv, 'POST', '/api/snippets', { body: '[' .repeat(100000) })).status, 400, 'deep nesting');
  }],
  ['ws: hello, stderr, exit status', async () => {
    const ws = await wsOpen(srv);
    const r = await runCode(ws, 'r1', 'print hello\neprint oops\nexit 3');
    eq(r.stdout, 'hello\n', 'stdout');
    eq(r.stderr, 'oops\n', 'stderr');
    eq([r.exit.status, r.exit.reason], [3, 'exited'], 'exit');
    const u = await runCode(ws, 'r2', 'print héllo → ✓ 🎉');
    eq(u.stdout, 'héllo → ✓ 🎉\n', 'unicode');
    ws.close();
  }],
  ['ws: input', async () => {
    const ws = await wsOpen(srv);
    const p = runCode(ws, 'in', 'input\nprint done');
    await sleep(100);
    ws.send(JSON.stringify({ type: 'input', id: 'in', text: 'forty two' }));
    const r = await p;
    eq(r.stdout, 'got forty two\ndone\n', 'echo');
    ws.send(JSON.stringify({ type: 'input', id: 'gone', text: 'x' }));
    eq((await wsNext(ws, (m) => m.type === 'error')).message, 'no such run', 'unknown run');
    ws.close();
  }],
  ['ws: stop', async () => {
    const ws = await wsOpen(srv);
    const p = runCode(ws, 's', 'sleep');
    await sleep(200);
    ws.send(JSON.stringify({ type: 'stop', id: 's' }));
    eq((await p).exit.reason, 'stopped', 'reason');
    ws.close();
  }],
  ['ws: bad messages get error replies', async () => {
    const ws = await wsOpen(srv);
    const cases = [
      ['{"type":', /malformed JSON/], ['[1]', /"type"/], ['{"type":"dance","id":"x"}', /unknown message type/],
      ['{"type":"run","code":"print x"}', /"id"/], ['{"type":"run","id":"x"}', /code/],
      ['{"type":"run","id":"x","code":"","mode":"turbo"}', /mode/],
      ['{"type":"run","id":"x","v":2,"code":""}', /version/],
      ['{"type":"stop","id":"nope"}', /no such run/], ['"just a string"', /"type"/],
      ['[' .repeat(5000), /nesting|malformed/],
    ];
    for (const [text, re] of cases) {
      ws.send(text);
      const m = await wsNext(ws, (x) => x.type === 'error');
      assert(re.test(m.message), `${text.slice(0, 30)} -> ${m.message}`);
    }
    ws.send(Buffer.from([1, 2, 3]), { binary: true });
    assert(/binary/.test((await wsNext(ws, (x) => x.type === 'error')).message), 'binary');
    const r = await runCode(ws, 'after', 'print still here');
    eq(r.stdout, 'still here\n', 'connection still works');
    ws.close();
  }],
  ['ws: message over 1 MiB closes with 1009', async () => {
    const ws = await wsOpen(srv);
    ws.send(JSON.stringify({ type: 'run', id: 'big', code: 'x'.repeat(1 << 20) }));
    eq((await ws.closed).code, 1009, 'close code');
    const ws2 = await wsOpen(srv);
    ws2.send(JSON.stringify({ type: 'run', id: 'ok', code: `print ${'y'.repeat(1000)}` }));
    eq((await wsNext(ws2, (m) => m.type === 'exit')).reason, 'exited', 'next client fine');
    ws2.close();
  }],
  ['ws: fragmented message is reassembled', async () => {
    const ws = await wsOpen(srv);
    const text = JSON.stringify({ type: 'run', v: 1, id: 'frag', code: 'print fragments' });
    ws.send(text.slice(0, 10), { fin: false });
    ws.send(text.slice(10), { fin: true });
    eq((await wsNext(ws, (m) => m.type === 'stdout')).data, 'fragments\n', 'output');
    ws.close();
  }],
  ['ws: invalid UTF-8 closes with 1007', async () => {
    const s = net.connect(srv.port, '127.0.0.1');
    await new Promise((r) => s.on('connect', r));
    s.write('GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n');
    let data = Buffer.alloc(0);
    s.on('data', (d) => { data = Buffer.concat([data, d]); });
    await sleep(200);
    assert(data.toString().startsWith('HTTP/1.1 101'), `upgrade: ${data.toString().slice(0, 40)}`);
    data = Buffer.alloc(0);
    const payload = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);
    const mask = Buffer.from([1, 2, 3, 4]);
    const masked = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]));
    s.write(Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, masked]));
    for (let i = 0; i < 50 && data.length < 4; i++) await sleep(20);
    s.destroy();
    assert(data[0] === 0x88 && data.readUInt16BE(2) === 1007, `close frame ${data.toString('hex')}`);
  }],
  ['ws: upgrade only on /ws', async () => {
    const ok = await new Promise((resolve) => {
      const w = new WebSocket(`ws://127.0.0.1:${srv.port}/other`);
      w.on('open', () => { w.close(); resolve(true); });
      w.on('error', () => resolve(false));
    });
    eq(ok, false, 'refused');
  }],
  ['limits: wall clock, cpu, memory, output', async () => {
    const ws = await wsOpen(srv);
    const t0 = Date.now();
    const sleepy = await runCode(ws, 't', 'sleep');
    eq(sleepy.exit.reason, 'timeout', 'sleep');
    assert(Date.now() - t0 < 7500, 'timeout in time');
    eq((await runCode(ws, 'c', 'loop')).exit.reason, 'cpu limit', 'loop');
    const mem = await runCode(ws, 'm', 'alloc');
    eq([mem.exit.reason, mem.exit.status], ['memory limit', 1], 'alloc');
    const spam = await runCode(ws, 'o', 'spam');
    eq(spam.exit.reason, 'output limit', 'spam');
    eq(spam.stdout.length, 1 << 20, 'exactly the cap');
    ws.close();
  }],
  ['sandbox: files, sockets, processes, ptrace denied', async () => {
    const ws = await wsOpen(srv);
    const r = await runCode(ws, 'x', 'open /etc/passwd\nopen /proc/self/environ\nsocket\nfork\nexec\nptrace\nthreads');
    for (const probe of ['open', 'socket', 'fork', 'exec', 'ptrace'])
      assert(new RegExp(`^${probe}: denied`, 'm').test(r.stdout), `${probe}: ${r.stdout}`);
    assert(!/ALLOWED/.test(r.stdout), r.stdout);
    const n = Number(/threads: stopped at (\d+)/.exec(r.stdout)[1]);
    assert(n > 0 && n <= 40, `thread cap: ${n}`);
    eq(r.exit.reason, 'exited', 'reason');
    ws.close();
  }],
  ['runs: cap answers busy, retry', async () => {
    const ws = await wsOpen(srv);
    for (const id of ['a', 'b', 'c']) ws.send(JSON.stringify({ type: 'run', id, code: 'sleep' }));
    ws.send(JSON.stringify({ type: 'run', id: 'd', code: 'print x' }));
    eq((await wsNext(ws, (m) => m.id === 'd')).message, 'busy, retry', 'busy');
    ws.send(JSON.stringify({ type: 'run', id: 'a', code: 'print x' }));
    assert(/still going/.test((await wsNext(ws, (m) => m.id === 'a' && m.type === 'error')).message), 'dup id');
    const t0 = Date.now();
    ws.close();
    await drained();
    assert(Date.now() - t0 < 1500, `runs ended ${Date.now() - t0} ms after the close`);
  }],
  ['runs: disconnect mid-run kills the run', async () => {
    const ws = await wsOpen(srv);
    ws.send(JSON.stringify({ type: 'run', id: 'z', code: 'print started\nloop' }));
    await wsNext(ws, (m) => m.type === 'stdout');
    ws.terminate();
    await drained();
    const ws2 = await wsOpen(srv);
    eq((await runCode(ws2, 'y', 'print alive')).stdout, 'alive\n', 'server alive');
    ws2.close();
  }],
  ['load: 1000 idle connections', async () => {
    const socks = [];
    for (let i = 0; i < 1000; i += 50)
      socks.push(...await Promise.all(Array.from({ length: 50 }, () => wsOpen(srv))));
    const ws = await wsOpen(srv);
    eq((await runCode(ws, 'i', 'print busy night')).stdout, 'busy night\n', 'run with 1000 idle');
    eq((await http(srv, 'GET', '/api/health')).status, 200, 'http with 1000 idle');
    for (const s of socks) s.terminate();
    ws.close();
  }],
  ['load: a slow client does not stall others', async () => {
    const slow = await wsOpen(srv);
    slow._socket.pause();                          // never reads
    slow.send(JSON.stringify({ type: 'run', id: 'flood', code: 'spam' }));
    await sleep(300);
    const ws = await wsOpen(srv);
    const t0 = Date.now();
    eq((await runCode(ws, 'q', 'print quick')).stdout, 'quick\n', 'other client');
    assert(Date.now() - t0 < 2000, 'prompt');
    slow.terminate();
    ws.close();
    await drained();
  }],
];

const only = opt.only ? new RegExp(opt.only) : null;
const failed = await runTests(only ? tests.filter(([n]) => only.test(n)) : tests);
await stopServer(srv);
if (!failed) cleanup(dir);
process.exit(failed ? 1 : 0);
