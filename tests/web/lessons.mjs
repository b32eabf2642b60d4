// lessons.mjs -- browser tests of the lessons pane (web/src/lessons.js),
// set up like run.mjs: Playwright driving Debian's Chromium against a real
// threadlab-server serving build/lessons.
//
//   node tests/web/lessons.mjs
//
// Every lesson renders in the page; lesson 1's check passes its solution
// and fails its starter with the hint, in the browser VM; the learner's
// code and status survive a reload and a restart of the server (the same
// --db file).  Skipped when the server is not built.
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const ART = path.join(ROOT, 'build/test-artifacts');
const require = createRequire(path.join(ROOT, 'web/package.json'));
const { chromium } = require('playwright-core');
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

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

// One server process on a fixed port and database, so that a restart keeps
// both the learner's cookie valid and their progress.
async function startServer(port, db) {
  const proc = spawn(path.join(ROOT, 'build/threadlab-server'), ['--port', String(port), '--db', db,
    '--web', path.join(ROOT, 'build/web'), '--lessons', path.join(ROOT, 'build/lessons')],
  { stdio: ['ignore', 'ignore', 'inherit'] });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (proc.exitCode !== null) throw new Error(`threadlab-server exited with ${proc.exitCode}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return { base, proc };
    } catch (e) { /* not listening yet */ }
    await sleep(100);
  }
  throw new Error('threadlab-server did not become healthy');
}

function stopServer(s) {
  return new Promise((resolve) => {
    s.proc.once('exit', resolve);
    s.proc.kill('SIGTERM');
  });
}

async function openLessons(page, url) {
  await page.goto(url);
  await page.waitForFunction(() => document.documentElement.dataset.ready === '1', null, { timeout: 20000 });
  if (await page.locator('#lessons').isHidden()) await page.click('#lessons-toggle');
  await page.waitForSelector('#lessons[data-loaded="1"]', { timeout: 10000 });
}

const setCode = (page, code) => page.evaluate((c) => { window.threadlab.editor.code = c; }, code);
const code = (page) => page.evaluate(() => window.threadlab.editor.code);
const show = (page, id) => page.evaluate((i) => window.threadlab.lessons.show(i), id);

async function checkResult(page) {
  await page.click('#lesson-check');
  await page.waitForFunction(() => /^(PASS|FAIL)/.test(document.querySelector('.lesson-result').textContent),
    null, { timeout: 45000 });
  return page.locator('.lesson-result').textContent();
}

const tests = [
  ['every lesson renders', async (page, ctx) => {
    await openLessons(page, ctx.base);
    const r = await page.evaluate(() => ({ coi: crossOriginIsolated, n: window.threadlab.lessons.lessons.length }));
    expect(r.coi === true, 'crossOriginIsolated is not true');
    expect(r.n >= 18, `only ${r.n} lessons`);
    await show(page, ctx.lessons[0].id);
    for (const [i, l] of ctx.lessons.entries()) {
      const title = await page.locator('.lesson-body h1').textContent();
      expect(title.includes(l.title), `lesson ${l.id}: heading ${JSON.stringify(title)}`);
      const text = await page.locator('.lesson-body').innerText();
      expect(text.length > 200, `lesson ${l.id}: only ${text.length} characters of text`);
      expect(await page.locator('.lesson-body h1').isVisible(), `lesson ${l.id}: title not visible`);
      expect((await code(page)) === l.starter, `lesson ${l.id}: the editor does not hold the starter`);
      if (i + 1 < ctx.lessons.length) await page.click('#lesson-next');
    }
    expect(await page.locator('#lesson-next').isDisabled(), 'Next is enabled on the last lesson');
    await page.click('#lesson-contents');
    expect(await page.locator('.lesson-toc li').count() === ctx.lessons.length, 'contents is incomplete');
    console.log(`    ${ctx.lessons.length} lessons rendered`);
  }],

  ['check lesson 1: solution passes, starter fails with the hint', async (page, ctx) => {
    await openLessons(page, ctx.base);
    const l = ctx.lessons[0];
    await show(page, l.id);
    expect(await page.locator('#lesson-reveal').isDisabled(), 'Reveal is enabled before a check');
    await setCode(page, l.solution);
    let t0 = Date.now();
    let res = await checkResult(page);
    expect(res === 'PASS', `solution: ${res}`);
    console.log(`    solution checked in ${Date.now() - t0} ms (${l.modes.join(', ')})`);
    await page.click('#lesson-reset');
    expect((await code(page)) === l.starter, 'reset did not restore the starter');
    t0 = Date.now();
    res = await checkResult(page);
    expect(/^FAIL: \S/.test(res), `starter: ${res}`);
    console.log(`    starter: ${res} (${Date.now() - t0} ms)`);
    expect(await page.locator('#lesson-reveal').isEnabled(), 'Reveal is disabled after a failed check');
    expect(await page.locator(`.lesson-toc li[data-id="${l.id}"][data-status="done"]`).count() === 1,
      'lesson 1 is not marked done');
  }],

  ['progress survives a reload and a server restart', async (page, ctx) => {
    await openLessons(page, ctx.base);
    const l = ctx.lessons[1];
    await show(page, l.id);
    const mine = `${l.starter}\n# my notes ${Date.now()}\n`;
    await setCode(page, mine);
    await sleep(1500);   // the debounced save
    await page.evaluate(() => localStorage.removeItem('threadlab.lessons'));
    await openLessons(page, ctx.base);
    expect((await code(page)) === mine, 'the code was not restored after a reload');
    await stopServer(ctx.server);
    ctx.server = await startServer(ctx.port, ctx.db);
    await page.evaluate(() => localStorage.removeItem('threadlab.lessons'));
    await openLessons(page, ctx.base);
    expect((await code(page)) === mine, 'the code was not restored after a server restart');
    expect(await page.locator(`.lesson-toc li[data-id="${ctx.lessons[0].id}"][data-status="done"]`).count() === 1,
      'lesson 1 is no longer done after the restart');
  }],
];

async function main() {
  fs.mkdirSync(ART, { recursive: true });
  if (!fs.existsSync(path.join(ROOT, 'build/threadlab-server'))) {
    console.log('skip  lessons: build/threadlab-server is not built\n0 passed, 0 failed, 1 skipped');
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tl-lessons-'));
  const ctx = { port: await freePort(), db: path.join(dir, 'db.sqlite') };
  ctx.server = await startServer(ctx.port, ctx.db);
  ctx.base = ctx.server.base;
  ctx.lessons = JSON.parse(fs.readFileSync(path.join(ROOT, 'build/web/lessons.json'), 'utf8')).lessons
    .sort((a, b) => a.number - b.number);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: FLAGS });
  // One context for all: the learner's cookie carries over between tests.
  const context = await browser.newContext();
  let passed = 0, failed = 0;
  try {
    for (const [name, fn] of tests) {
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      try {
        await Promise.race([fn(page, ctx), sleep(120000).then(() => { throw new Error('test timed out'); })]);
        expect(!errors.length, `page errors: ${errors.join('; ')}`);
        passed++;
        console.log(`ok    ${name}`);
      } catch (e) {
        failed++;
        console.log(`FAIL  ${name}: ${e.message.split('\n')[0]}`);
      }
      await page.screenshot({ path: path.join(ART, `web-lessons-${name.replace(/\W+/g, '-')}.png`) }).catch(() => {});
      await page.close();
    }
  } finally {
    await browser.close();
    await stopServer(ctx.server);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`${passed} passed, ${failed} failed, 0 skipped`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
