// run.mjs -- browser tests of the playground: Playwright (playwright-core,
// installed with the page's packages) drives Debian's Chromium headless
// against a real threadlab-server (or, when it is not built, the stand-in
// in serve.mjs, which has no native runs).
//
//   node tests/web/run.mjs [--filter NAME] [--static]
//
// Every test gets a fresh browser context and leaves a screenshot in
// build/test-artifacts/.  The last line is "N passed, N failed, N skipped".
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

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const args = process.argv.slice(2);
const filter = args.includes('--filter') ? args[args.indexOf('--filter') + 1] : null;
const forceStatic = args.includes('--static');

class Skip extends Error {}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitHealthy(base, proc) {
  for (let i = 0; i < 100; i++) {
    if (proc.exitCode !== null) throw new Error(`threadlab-server exited with ${proc.exitCode}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch (e) { /* not listening yet */ }
    await sleep(100);
  }
  throw new Error('threadlab-server did not become healthy');
}

async function startServer() {
  const bin = path.join(ROOT, 'build/threadlab-server');
  if (!forceStatic && fs.existsSync(bin)) {
    const port = await freePort();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tl-web-'));
    const proc = spawn(bin, ['--port', String(port), '--db', path.join(dir, 'db.sqlite'),
      '--web', path.join(ROOT, 'build/web')], { stdio: ['ignore', 'ignore', 'inherit'] });
    const base = `http://127.0.0.1:${port}`;
    await waitHealthy(base, proc);
    return { base, native: true, close: () => { proc.kill('SIGTERM'); fs.rmSync(dir, { recursive: true, force: true }); } };
  }
  const s = await startStatic(path.join(ROOT, 'build/web'));
  return { base: `http://127.0.0.1:${s.port}`, native: false, close: s.close };
}

// ------------------------------------------------------------- helpers

async function open(page, url) {
  await page.goto(url);
  await page.waitForFunction(() => document.documentElement.dataset.ready === '1', null, { timeout: 20000 });
  await page.waitForFunction(() => document.documentElement.dataset.loaded === '1');
}

const setCode = (page, code) => page.evaluate((c) => { window.threadlab.editor.code = c; }, code);
const consoleText = (page) => page.evaluate(() => window.threadlab.console.text);
const statusText = (page) => page.locator('#status').textContent();

// Clicks Run and waits until the run has ended; returns the status line.
async function runToEnd(page, timeout = 20000) {
  await page.click('#run');
  await page.waitForFunction(() => /exited|stopped|ended/.test(document.getElementById('status').textContent),
    null, { timeout });
  return statusText(page);
}

// Time from Stop to the end of the run as the page saw it (the harness's
// own round trips are left out; a loaded machine adds seconds to those).
async function stopTime(page, t0) {
  const ms = Math.round(await page.evaluate(() => window.threadlab.lastStopMs));
  console.log(`    stopped in ${ms} ms in the page, ${Date.now() - t0} ms seen by the test (${await statusText(page)})`);
  return ms;
}

function expect(cond, msg) {
  if (!cond) throw new Error(msg);
}

// ------------------------------------------------------------- tests

const tests = [
  ['cross-origin isolated and ready', async (page, ctx) => {
    await open(page, ctx.base);
    const r = await page.evaluate(() => ({
      coi: crossOriginIsolated,
      sab: typeof SharedArrayBuffer,
      ready: window.threadlab.readyMs,
    }));
    expect(r.coi === true, 'crossOriginIsolated is not true');
    expect(r.sab === 'function', 'SharedArrayBuffer missing');
    ctx.metrics.readyMs = Math.round(r.ready);
    console.log(`    time to ready: ${r.ready.toFixed(0)} ms`);
  }],

  ['hello world runs', async (page, ctx) => {
    await open(page, ctx.base);
    await setCode(page, 'print("hello from the browser")\nprint(sum(range(101)))\n');
    const st = await runToEnd(page);
    const out = await consoleText(page);
    expect(out === 'hello from the browser\n5050\n', `output was ${JSON.stringify(out)}`);
    expect(/exited with status 0/.test(st), `status: ${st}`);
  }],

  ['4-thread program', async (page, ctx) => {
    await open(page, ctx.base);
    await setCode(page, [
      'import threading',
      'results = [0] * 4',
      'def work(i):',
      '    results[i] = sum(range(10000 * (i + 1)))',
      '    print("thread", i, "done")',
      'ts = [threading.Thread(target=work, args=(i,)) for i in range(4)]',
      'for t in ts: t.start()',
      'for t in ts: t.join()',
      'print(results)', ''].join('\n'));
    await runToEnd(page);
    const out = await consoleText(page);
    const lines = out.trim().split('\n');
    const want = ['thread 0 done', 'thread 1 done', 'thread 2 done', 'thread 3 done'];
    expect(JSON.stringify(lines.slice(0, 4).sort()) === JSON.stringify(want), `output was ${JSON.stringify(out)}`);
    expect(lines[4] === '[49995000, 199990000, 449985000, 799980000]', `output was ${JSON.stringify(out)}`);
  }],

  ['free-threaded / GIL switch', async (page, ctx) => {
    await open(page, ctx.base);
    await setCode(page, 'import sys\nprint(sys._is_gil_enabled())\n');
    await runToEnd(page);
    expect((await consoleText(page)) === 'False\n', 'free-threaded run reports a GIL');
    await page.click('#mode [data-mode="gil"]');
    expect((await page.getAttribute('#mode [data-mode="gil"]', 'aria-checked')) === 'true', 'GIL not selected');
    await runToEnd(page);
    expect((await consoleText(page)) === 'True\n', 'GIL run reports no GIL');
  }],

  ['examples menu', async (page, ctx) => {
    await open(page, ctx.base);
    await page.selectOption('#examples', 'locks');
    const code = await page.evaluate(() => window.threadlab.editor.code);
    expect(code.includes('threading.Lock()'), 'example not loaded');
    await runToEnd(page, 60000);
    const out = await consoleText(page);
    expect(out === 'expected 400000\ngot      400000\n', `output was ${JSON.stringify(out)}`);
  }],

  ['stop ends an infinite loop within a second', async (page, ctx) => {
    await open(page, ctx.base);
    await setCode(page, 'n = 0\nwhile True:\n    n += 1\n');
    await page.click('#run');
    await sleep(300);
    const t0 = Date.now();
    await page.click('#stop');
    await page.waitForFunction(() => /stopped|exited/.test(document.getElementById('status').textContent),
      null, { timeout: 5000 });
    const ms = await stopTime(page, t0);
    ctx.metrics.stopMs = ms;
    expect(ms <= 1200, `stop took ${ms} ms`);
    // The next run works (after a hard stop it is a fresh instance).
    await setCode(page, 'print("again")\n');
    await page.waitForFunction(() => !document.getElementById('run').disabled);
    await runToEnd(page);
    expect((await consoleText(page)) === 'again\n', 'run after stop failed');
  }],

  ['stop ends 8 spinning threads', async (page, ctx) => {
    await open(page, ctx.base);
    await setCode(page, [
      'import threading',
      'def spin():',
      '    while True:',
      '        pass',
      'for _ in range(8):',
      '    threading.Thread(target=spin, daemon=True).start()',
      'print("spinning", flush=True)',
      'while True:',
      '    pass', ''].join('\n'));
    await page.click('#run');
    await page.waitForFunction(() => window.threadlab.console.text.includes('spinning'), null, { timeout: 10000 });
    const t0 = Date.now();
    await page.click('#stop');
    await page.waitForFunction(() => /stopped|exited/.test(document.getElementById('status').textContent),
      null, { timeout: 5000 });
    const ms = await stopTime(page, t0);
    ctx.metrics.stopThreadsMs = ms;
    expect(ms <= 1200, `stop took ${ms} ms`);
  }],

  ['stop terminates a program that ignores KeyboardInterrupt', async (page, ctx) => {
    await open(page, ctx.base);
    await setCode(page, [
      'print("stubborn", flush=True)',
      'while True:',
      '    try:',
      '        while True:',
      '            pass',
      '    except KeyboardInterrupt:',
      '        pass', ''].join('\n'));
    await page.click('#run');
    await page.waitForFunction(() => window.threadlab.console.text.includes('stubborn'), null, { timeout: 10000 });
    const t0 = Date.now();
    await page.click('#stop');
    await page.waitForFunction(() => /stopped|exited/.test(document.getElementById('status').textContent),
      null, { timeout: 10000 });
    const ms = await stopTime(page, t0);
    expect(/terminated/.test(await statusText(page)), 'the run was not terminated');
    expect(ms >= 900 && ms <= 1500, `terminated after ${ms} ms`);
    await page.waitForFunction(() => !document.getElementById('run').disabled);
    await setCode(page, 'print("fresh")\n');
    await runToEnd(page);
    expect((await consoleText(page)) === 'fresh\n', 'run after a hard stop failed');
  }],

  ['input() works', async (page, ctx) => {
    await open(page, ctx.base);
    await setCode(page, 'name = input("Your name? ")\nprint("Hello,", name + "!")\n');
    await page.click('#run');
    await page.waitForSelector('#stdin:not([hidden])', { timeout: 10000 });
    expect((await page.locator('#stdin-prompt').textContent()) === 'Your name?', 'prompt not shown');
    await page.fill('#stdin-line', 'Ada');
    await page.press('#stdin-line', 'Enter');
    await page.waitForFunction(() => /exited|stopped/.test(document.getElementById('status').textContent));
    const out = await consoleText(page);
    expect(out === 'Your name? Ada\nHello, Ada!\n', `output was ${JSON.stringify(out)}`);
  }],

  ['REPL works', async (page, ctx) => {
    await open(page, ctx.base);
    await page.click('#tab-repl');
    const input = page.locator('#repl-input');
    const submit = async (line) => {
      await page.waitForFunction(() => !document.getElementById('repl-input').readOnly, null, { timeout: 10000 });
      await input.fill(line);
      await input.press('Enter');
    };
    await submit('x = 6 * 7');
    await submit('x');
    await submit('def f(n):');
    await submit('    return n + 1');
    await submit('');
    await submit('f(x)');
    await page.waitForFunction(() => document.getElementById('repl-out').textContent.includes('43'),
      null, { timeout: 10000 });
    const out = await page.locator('#repl-out').textContent();
    expect(/\n42\n/.test(out), `transcript: ${JSON.stringify(out)}`);
    expect((await page.locator('#repl-prompt').textContent()) === '>>>', 'prompt not back to >>>');
  }],

  ['traceback line click moves the cursor', async (page, ctx) => {
    await open(page, ctx.base);
    await setCode(page, 'def f(x):\n    return 10 / x\n\nprint("before")\nf(0)\n');
    await runToEnd(page);
    const refs = page.locator('#console .lineref');
    await refs.first().waitFor();
    const lines = await refs.allTextContents();
    expect(lines.includes('2') && lines.includes('5'), `links: ${lines}`);
    await refs.filter({ hasText: /^2$/ }).click();
    const at = await page.evaluate(() => window.threadlab.editor.cursorLine());
    expect(at === 2, `cursor on line ${at}`);
  }],

  ['run on server', async (page, ctx) => {
    if (!ctx.native) throw new Skip('needs build/threadlab-server');
    await open(page, ctx.base);
    await page.check('#server', { force: true });
    await setCode(page, 'print("native", 6 * 7)\nname = input()\nprint("hi", name)\n');
    await page.click('#run');
    await page.waitForFunction(() => window.threadlab.console.text.includes('native 42'), null, { timeout: 10000 });
    await page.fill('#stdin-line', 'server');
    await page.press('#stdin-line', 'Enter');
    await page.waitForFunction(() => /exited|stopped|ended/.test(document.getElementById('status').textContent));
    const out = await consoleText(page);
    expect(out === 'native 42\nserver\nhi server\n', `output was ${JSON.stringify(out)} (${await statusText(page)})`);
  }],

  ['share link round-trips', async (page, ctx) => {
    await open(page, ctx.base);
    const code = `# shared ${Date.now()}\nprint("round trip")\n`;
    await setCode(page, code);
    await page.click('#share');
    await page.waitForSelector('#sharebox:not([hidden])', { timeout: 10000 });
    const url = await page.inputValue('#sharelink');
    expect(/\/s\/[\w-]+$/.test(url), `link: ${url}`);
    const other = await page.context().newPage();
    await open(other, url);
    const got = await other.evaluate(() => window.threadlab.editor.code);
    await other.close();
    expect(got === code, `loaded ${JSON.stringify(got)}`);
  }],

  ['dark theme', async (page, ctx) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await open(page, ctx.base);
    await setCode(page, 'import math\nfor i in range(3):\n    print(i, math.sqrt(i))\nraise ValueError("shown in red")\n');
    await runToEnd(page);
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const [r, g, b] = bg.match(/\d+/g).map(Number);
    expect(r + g + b < 120, `background ${bg} is not dark`);
    const err = await page.evaluate(() => getComputedStyle(document.querySelector('#console .err')).color);
    const out = await page.evaluate(() => getComputedStyle(document.querySelector('#console .out')).color);
    expect(err !== out, 'stderr has the same colour as stdout');
  }],

  ['small screen layout', async (page, ctx) => {
    await page.setViewportSize({ width: 390, height: 800 });
    await open(page, ctx.base);
    const box = await page.locator('.out-pane').boundingBox();
    const ed = await page.locator('.editor-pane').boundingBox();
    expect(box.y >= ed.y + ed.height - 1, 'panes are not stacked');
    expect(box.x >= 0 && box.x + box.width <= 391, 'output pane overflows');
  }],
];

// ------------------------------------------------------------- driver

async function main() {
  fs.mkdirSync(ART, { recursive: true });
  const server = await startServer();
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  const ctx = { base: server.base, native: server.native, metrics: {} };
  console.log(`testing ${server.base} (${server.native ? 'threadlab-server' : 'static stand-in'})`);
  let passed = 0, failed = 0, skipped = 0;
  try {
    for (const [name, fn] of tests) {
      if (filter && !name.includes(filter)) continue;
      const context = await browser.newContext();
      const page = await context.newPage();
      const foreign = [];
      const errors = [];
      page.on('request', (r) => {
        const u = r.url();
        if (!u.startsWith(server.base) && !u.startsWith('data:') && !u.startsWith('blob:') &&
            !u.startsWith(server.base.replace('http', 'ws'))) foreign.push(u);
      });
      page.on('pageerror', (e) => errors.push(e.message));
      const shot = path.join(ART, `web-${name.replace(/\W+/g, '-')}.png`);
      try {
        await Promise.race([
          fn(page, ctx),
          sleep(60000).then(() => { throw new Error('test timed out'); }),
        ]);
        expect(!foreign.length, `requests to other origins: ${foreign.join(', ')}`);
        expect(!errors.length, `page errors: ${errors.join('; ')}`);
        passed++;
        console.log(`ok    ${name}`);
      } catch (e) {
        if (e instanceof Skip) {
          skipped++;
          console.log(`skip  ${name}: ${e.message}`);
        } else {
          failed++;
          console.log(`FAIL  ${name}: ${e.message.split('\n')[0]}`);
        }
      }
      await page.screenshot({ path: shot }).catch(() => {});
      await context.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  fs.writeFileSync(path.join(ART, 'web-metrics.json'), JSON.stringify(ctx.metrics, null, 2) + '\n');
  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
