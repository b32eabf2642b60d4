// load.mjs -- `make load`: static requests per second (wrk), concurrent
// native runs, and the time from "run" to the first output of a hello
// world (target: 20 ms or less).  Prints a table.
//   node tests/server/load.mjs --server build/threadlab-server
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  cleanup, parseArgs, runCode, startServer, stopServer, tempDir, wsNext, wsOpen,
} from './lib.mjs';

const opt = parseArgs({ server: 'build/threadlab-server', runs: '8', seconds: '5' });
const dir = tempDir('load');
writeFileSync(path.join(dir, 'index.html'), `<!doctype html>${'<p>threadlab</p>'.repeat(600)}`);
const srv = await startServer(opt.server, ['--web', dir, '--db', path.join(dir, 'l.db'),
  '--max-runs', opt.runs]);
const rows = [];
const pct = (xs, p) => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

// Static files: wrk with 2 threads and 50 connections.
const wrk = execFileSync('wrk', ['-t2', '-c50', `-d${opt.seconds}s`, `${srv.base}/index.html`],
  { encoding: 'utf8' });
rows.push(['static GET /index.html (10 KB), wrk -t2 -c50', `${/Requests\/sec:\s+([\d.]+)/.exec(wrk)[1]} req/s`]);

// Hello world: time from sending "run" to the first stdout message.
const ws = await wsOpen(srv);
const lat = [];
for (let i = 0; i < 40; i++) {
  let t0;
  const first = wsNext(ws, (m) => m.id === `h${i}` && m.type === 'stdout');
  const done = runCode(ws, `h${i}`, 'print("hello, world")\n', { onStart: () => { t0 = process.hrtime.bigint(); } });
  await first.then(() => lat.push(Number(process.hrtime.bigint() - t0) / 1e6)).catch(() => {});
  await done.catch(() => {});
}
rows.push(['hello world, run -> first output, median', `${pct(lat, 0.5).toFixed(1)} ms`]);
rows.push(['hello world, run -> first output, p90', `${pct(lat, 0.9).toFixed(1)} ms`]);

// Concurrent native runs: N at once, each a little CPU work and threads-free.
const n = Number(opt.runs);
const work = 'total = 0\nfor i in range(300000):\n    total += i * i\nprint(total)\n';
const t0 = Date.now();
const results = await Promise.all(Array.from({ length: n }, async (_, i) => {
  const c = await wsOpen(srv);
  const r = await runCode(c, `c${i}`, work, { ms: 60000 });
  c.close();
  return r;
}));
const wall = Date.now() - t0;
const ok = results.filter((r) => r.exit && r.exit.reason === 'exited').length;
rows.push([`${n} concurrent runs (300k-iteration loop each)`, `${ok}/${n} ok in ${wall} ms`]);
const t1 = Date.now();
let done = 0;
await Promise.all(Array.from({ length: n }, async (_, i) => {
  const c = await wsOpen(srv);
  while (Date.now() - t1 < 5000) {
    const r = await runCode(c, `t${i}-${done}`, 'print(1)\n');
    if (r.exit && r.exit.reason === 'exited') done++;
  }
  c.close();
}));
rows.push([`hello-world throughput, ${n} clients for 5 s`, `${(done / ((Date.now() - t1) / 1000)).toFixed(0)} runs/s`]);

ws.close();
await stopServer(srv);
cleanup(dir);
const w = Math.max(...rows.map((r) => r[0].length));
console.log(`${'measure'.padEnd(w)} | result\n${'-'.repeat(w)}-|-------`);
for (const [k, v] of rows) console.log(`${k.padEnd(w)} | ${v}`);
