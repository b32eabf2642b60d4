// board.mjs -- browser tests of the board panel (web/src/board.js), with
// the same setup as run.mjs: Playwright driving Debian's Chromium against
// threadlab-server (or serve.mjs when the server is not built; then the
// server-run test is skipped).
//
//   node tests/web/board.mjs [--filter NAME]
//
// The two-servo example runs until both horns on the panel have reached
// their targets; the Y1 button is clicked and the LED it toggles lights up
// and goes out again; the same over the server's WebSocket.
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startStatic } from './serve.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const ART = path.join(ROOT, 'build/test-artifacts');
const require = createRequire(path.join(ROOT, 'web/package.json'));
const { chromium } = require('playwright-core');
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const args = process.argv.slice(2);
const filter = args.includes('--filter') ? args[args.indexOf('--filter') + 1] : null;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

class Skip extends Error {}

function expect(cond, msg) {
  if (!cond) throw new Error(msg);
}

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function startServer() {
  const bin = path.join(ROOT, 'build/threadlab-server');
  if (!fs.existsSync(bin)) {
    const s = await startStatic(path.join(ROOT, 'build/web'));
    return { base: `http://127.0.0.1:${s.port}`, native: false, close: s.close };
  }
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tl-board-'));
  const proc = spawn(bin, ['--port', String(port), '--db', path.join(dir, 'db.sqlite'),
    '--web', path.join(ROOT, 'build/web')], { stdio: ['ignore', 'ignore', 'inherit'] });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch (e) { /* not listening yet */ }
    if (i > 100 || proc.exitCode !== null) throw new Error('threadlab-server did not start');
    await sleep(100);
  }
  return { base, native: true, close: () => { proc.kill('SIGTERM'); fs.rmSync(dir, { recursive: true, force: true }); } };
}

async function open(page, url) {
  await page.goto(url);
  await page.waitForFunction(() => document.documentElement.dataset.ready === '1', null, { timeout: 20000 });
  await page.waitForFunction(() => document.documentElement.dataset.loaded === '1');
}

const angles = (page) => page.evaluate(() =>
  [1, 2, 3, 4].map((n) => Number(document.querySelector(`[data-servo="${n}"]`).dataset.angle)));
const ledLevel = (page, id) => page.evaluate((i) =>
  Number(document.querySelector(`[data-led="${i}"]`).dataset.intensity || 0), id);

// Waits until fn() is true, polling; fails with what() after ms.
async function until(fn, ms, what) {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    if (await fn()) return Date.now() - t0;
    await sleep(20);
  }
  throw new Error(await what());
}

async function press(page, what) {
  const box = await page.locator(`#board [data-input="${what}"]`).boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await sleep(60);
  await page.mouse.up();
}

const BUTTON_LED = `import time, pyb
from machine import Pin
led = pyb.LED(1)
Pin("Y1", Pin.IN, Pin.PULL_UP).irq(lambda p: led.toggle(), Pin.IRQ_FALLING)
print("ready", flush=True)
for _ in range(300):
    time.sleep_ms(50)
`;

async function buttonToggles(page) {
  await page.evaluate((c) => { window.threadlab.editor.code = c; }, BUTTON_LED);
  await page.click('#run');
  await page.waitForFunction(() => window.threadlab.console.text.includes('ready'), null, { timeout: 20000 });
  expect(await page.locator('#board').isVisible(), 'the board panel is not shown');
  expect(await ledLevel(page, 1) === 0, 'LED 1 starts off');
  await press(page, 'button');
  const on = await until(async () => (await ledLevel(page, 1)) === 255, 3000,
    async () => `LED 1 did not light after the click (${await ledLevel(page, 1)})`);
  await press(page, 'button');
  await until(async () => (await ledLevel(page, 1)) === 0, 3000, async () => 'LED 1 did not go out');
  await page.click('#stop');
  return on;
}

const tests = [
  ['two-servo example reaches its targets', async (page) => {
    await page.selectOption('#examples', 'board-servos');
    await page.click('#run');
    const seen = { 1: new Set(), 2: new Set() };
    const targets = { 1: [-60, 60], 2: [-90, 90] };
    const took = await until(async () => {
      const a = await angles(page);
      for (const n of [1, 2])
        for (const t of targets[n]) if (Math.abs(a[n - 1] - t) <= 1) seen[n].add(t);
      return seen[1].size === 2 && seen[2].size === 2;
    }, 8000, async () => `targets reached: servo 1 ${[...seen[1]]}, servo 2 ${[...seen[2]]}; now ${await angles(page)}`);
    // The drawn angle follows the model's glide (one frame behind at most).
    const lag = await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => {
      const b = window.threadlab.board;
      const drawn = [1, 2].map((n) => Number(document.querySelector(`[data-servo="${n}"]`).dataset.angle));
      resolve(Math.max(...[1, 2].map((n) => Math.abs(drawn[n - 1] - b.angle(n)))));
    })));
    expect(lag <= 1.5, `drawn angle is ${lag.toFixed(2)} degrees from the model`);
    await page.click('#stop');
    console.log(`     both servos hit both ends in ${took} ms; drawn vs model ${lag.toFixed(2)} deg`);
  }],
  ['button click toggles the LED (browser)', async (page) => {
    const ms = await buttonToggles(page);
    console.log(`     LED lit ${ms} ms after the click`);
  }],
  ['button click toggles the LED (server)', async (page, ctx) => {
    if (!ctx.native) throw new Skip('needs build/threadlab-server');
    await page.check('#server', { force: true });
    const ms = await buttonToggles(page);
    console.log(`     LED lit ${ms} ms after the click`);
  }],
];

const srv = await startServer();
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: FLAGS });
fs.mkdirSync(ART, { recursive: true });
let passed = 0, failed = 0, skipped = 0;
for (const [name, fn] of tests) {
  if (filter && !name.includes(filter)) continue;
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  try {
    await open(page, srv.base + '/');
    await fn(page, srv);
    console.log(`ok   ${name}`);
    passed++;
  } catch (e) {
    if (e instanceof Skip) {
      console.log(`skip ${name}: ${e.message}`);
      skipped++;
    } else {
      console.log(`FAIL ${name}: ${e.message}`);
      failed++;
    }
  }
  await page.screenshot({ path: path.join(ART, `board-${name.replace(/\W+/g, '-')}.png`) }).catch(() => {});
  await ctx.close();
}
await browser.close();
srv.close();
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed ? 1 : 0);
