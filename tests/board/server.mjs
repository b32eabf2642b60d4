// server.mjs -- the board over the server's WebSocket: a native run streams
// {"type":"board"} messages, and {"type":"board"} inputs from the client
// reach the run's IRQ handlers.  Uses the server tests' helpers.
//
//   node tests/board/server.mjs --server build/threadlab-server
import path from 'node:path';
import { rmSync } from 'node:fs';
import {
  tempDir, parseArgs, startServer, stopServer, wsOpen, wsNext, runTests, assert, eq,
} from '../server/lib.mjs';

const opt = parseArgs({ server: 'build/threadlab-server' });
const dir = tempDir('board');
const srv = await startServer(opt.server, ['--web', dir, '--db', path.join(dir, 't.db')]);

const PROGRAM = `
import time, pyb
from machine import Pin
led = pyb.LED(1)
Pin("Y1", Pin.IN).irq(lambda p: led.toggle(), Pin.IRQ_FALLING)
pyb.Servo(1).angle(60, 200)
print("ready")
for _ in range(300):
    time.sleep(0.01)
    if led.intensity():
        break
print("led", led.intensity())
`;

const board = (id) => (m) => m.id === id && m.type === 'board';

await runTests([
  ['native run streams board events and takes board inputs', async () => {
    const ws = await wsOpen(srv);
    ws.send(JSON.stringify({ type: 'run', v: 1, id: 'b1', code: PROGRAM, mode: 'free' }));
    const servo = await wsNext(ws, board('b1'));
    eq([servo.kind, servo.dev, servo.from, servo.to, servo.ms], ['servo', 1, 0, 60, 200], 'servo event');
    assert(typeof servo.t === 'number', 'events carry a time');
    await wsNext(ws, (m) => m.id === 'b1' && m.type === 'stdout' && m.data.includes('ready'));
    ws.send(JSON.stringify({ type: 'board', id: 'b1', what: 'button', value: 1 }));
    const echo = await wsNext(ws, board('b1'));
    eq([echo.kind, echo.value], ['button', 1], 'input echoed as an event');
    const irq = await wsNext(ws, board('b1'));
    eq([irq.kind, irq.dev], ['irq', 'Y1'], 'irq event');
    const led = await wsNext(ws, board('b1'));
    eq([led.kind, led.dev, led.value], ['led', 1, 255], 'handler toggled the LED');
    const out = await wsNext(ws, (m) => m.id === 'b1' && m.type === 'stdout');
    eq(out.data, 'led 255\n', 'program saw the LED');
    const exit = await wsNext(ws, (m) => m.id === 'b1' && m.type === 'exit');
    eq(exit.status, 0, 'exit status');
    ws.close();
  }],
  ['bad board inputs are answered with an error', async () => {
    const ws = await wsOpen(srv);
    ws.send(JSON.stringify({ type: 'board', id: 'nope', what: 'button', value: 1 }));
    const e1 = await wsNext(ws, (m) => m.type === 'error');
    assert(/no such run/.test(e1.message), e1.message);
    ws.send(JSON.stringify({ type: 'run', v: 1, id: 'b2', code: 'import time\ntime.sleep(0.5)', mode: 'gil' }));
    ws.send(JSON.stringify({ type: 'board', id: 'b2', what: 'laser', value: 1 }));
    const e2 = await wsNext(ws, (m) => m.type === 'error');
    assert(/button, switch or pot/.test(e2.message), e2.message);
    ws.send(JSON.stringify({ type: 'input', id: 'b2', text: 'still fine' }));
    await wsNext(ws, (m) => m.id === 'b2' && m.type === 'exit');
    ws.close();
  }],
]);
await stopServer(srv);
rmSync(dir, { recursive: true, force: true });
