// faults.mjs -- the server process under abuse: SIGKILL in the middle of a
// stream of progress writes loses nothing a client was told is saved, and
// SIGTERM shuts down cleanly (runs killed, exit status 0).
//   node tests/server/faults.mjs --server build/threadlab-server-stub
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  assert, cleanup, eq, http, parseArgs, runTests, sleep, startServer, stopServer, tempDir, wsOpen, wsNext,
} from './lib.mjs';

const opt = parseArgs({ server: 'build/threadlab-server-stub' });
const dir = tempDir('faults');
const db = path.join(dir, 'p.db');
const args = ['--web', dir, '--db', db];

const tests = [
  ['SIGKILL during writes loses no committed progress', async () => {
    let srv = await startServer(opt.server, args);
    const first = await http(srv, 'GET', '/api/progress');
    const jar = { Cookie: first.headers.get('set-cookie').split(';')[0] };
    const acked = [];
    // Four writers keep the database busy; the server dies under them.
    let stop = false;
    const writer = async (w) => {
      for (let i = 0; !stop; i++) {
        const lesson = `w${w}-${i}`;
        try {
          const r = await http(srv, 'PUT', `/api/progress/${lesson}`,
            { body: { status: 'done', code: `print(${i})\n`.repeat(50) }, headers: jar });
          if (r.status === 200) acked.push(lesson);
        } catch { return; }
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    await sleep(700);
    srv.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);
    await srv.exited;
    assert(acked.length > 10, `only ${acked.length} writes acknowledged`);
    srv = await startServer(opt.server, args);
    const got = await http(srv, 'GET', '/api/progress', { headers: jar });
    const missing = acked.filter((l) => !got.json.progress[l]);
    eq(missing, [], `lost acknowledged writes (of ${acked.length})`);
    await stopServer(srv);
  }],
  ['SIGTERM shuts down cleanly with runs going', async () => {
    const srv = await startServer(opt.server, args);
    const ws = await wsOpen(srv);
    ws.send(JSON.stringify({ type: 'run', id: 'long', code: 'print up\nsleep' }));
    await wsNext(ws, (m) => m.type === 'stdout');
    const t0 = Date.now();
    srv.kill('SIGTERM');
    const { code } = await srv.exited;
    eq(code, 0, 'exit status');
    assert(Date.now() - t0 < 3000, 'prompt shutdown');
    assert(/stopped/.test(srv.log()), 'logged');
    assert(existsSync(db), 'database kept');
  }],
];

const failed = await runTests(tests);
if (!failed) cleanup(dir);
process.exit(failed ? 1 : 0);
