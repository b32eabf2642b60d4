// sandbox.mjs -- runs each hostile program of tests/sandbox/ on the real
// server (the VM linked in) and checks that it ends the way its header
// says ("# expect reason: ...", "# expect status: N",
// "# expect stdout contains: ...", "# expect stderr lacks: ..."), within
// its limits, while the server keeps answering other clients.
//   node tests/server/sandbox.mjs --server build/threadlab-server --dir tests/sandbox
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  assert, cleanup, eq, http, parseArgs, runCode, runTests, startServer, stopServer, tempDir, wsOpen,
} from './lib.mjs';

const opt = parseArgs({ server: 'build/threadlab-server', dir: 'tests/sandbox' });
const WALL = 8;
const dir = tempDir('sandbox');
const srv = await startServer(opt.server, ['--web', dir, '--db', path.join(dir, 't.db'),
  '--timeout', String(WALL), '--cpu', '1', '--heap', '64M', '--mem', '512M', '--threads', '16']);

function expectations(src) {
  const e = { reason: null, status: null, has: [], lacks: [] };
  for (const m of src.matchAll(/^# expect (reason|status|stdout|stderr)( contains| lacks)?: (.*)$/gm)) {
    const [, key, how, value] = m;
    if (key === 'reason') e.reason = value.split('|');
    else if (key === 'status') e.status = Number(value);
    else (how === ' contains' ? e.has : e.lacks).push([key, value]);
  }
  return e;
}

const files = readdirSync(opt.dir).filter((f) => f.endsWith('.py')).sort();
const tests = [
  ['hello world on the real VM', async () => {
    const ws = await wsOpen(srv);
    const r = await runCode(ws, 'h', 'print("hello", 6 * 7)\n');
    eq([r.stdout, r.exit.status, r.exit.reason], ['hello 42\n', 0, 'exited'], 'run');
    const g = await runCode(ws, 'g', 'print("gil")\nraise SystemExit(4)\n', { mode: 'gil' });
    eq([g.stdout, g.exit.status], ['gil\n', 4], 'gil mode, exit status');
    const e = await runCode(ws, 'e', '1 / 0\n');
    assert(e.stderr.includes('ZeroDivisionError'), `traceback on stderr: ${e.stderr}`);
    eq([e.exit.status, e.exit.reason], [1, 'exited'], 'uncaught exception');
    ws.close();
  }],
  ...files.map((f) => [`hostile: ${f}`, async () => {
    const src = readFileSync(path.join(opt.dir, f), 'utf8');
    const e = expectations(src);
    assert(e.reason, `${f} has no "# expect reason:" line`);
    const ws = await wsOpen(srv);
    const t0 = Date.now();
    const r = await runCode(ws, f, src, { ms: (WALL + 6) * 1000 });
    const took = Date.now() - t0;
    const detail = `status ${r.exit.status} reason ${r.exit.reason}, stdout ${JSON.stringify(r.stdout.slice(-200))}, stderr ${JSON.stringify(r.stderr.slice(-300))}`;
    assert(e.reason.includes(r.exit.reason), `${f}: ${detail}`);
    if (e.status !== null) eq(r.exit.status, e.status, `${f} status (${detail})`);
    for (const [k, v] of e.has) assert(r[k].includes(v), `${f}: ${k} lacks "${v}" (${detail})`);
    for (const [k, v] of e.lacks) assert(!r[k].includes(v), `${f}: ${k} has "${v}"`);
    assert(took < (WALL + 2) * 1000, `${f} took ${took} ms`);
    eq((await http(srv, 'GET', '/api/health')).json.ok, true, 'server still serving');
    ws.close();
  }]),
];

const failed = await runTests(tests, { timeout: 30000 });
await stopServer(srv);
if (!failed) cleanup(dir);
process.exit(failed ? 1 : 0);
