// main.js -- the playground page: wires the editor, the console, the run
// controls, the REPL tab, sharing and the theme together.
//
// The VM loads in the background while the page is already usable; Run is
// enabled when it is ready (window.threadlab.readyMs records how long that
// took from navigation, for the tests and the README's figure).
import { createEditor } from './editor.js';
import { Console } from './console.js';
import { LocalRunner, ServerRunner } from './runner.js';
import { Repl } from './repl.js';
import { examples } from './examples.js';
import { saveSnippet, loadSnippet, snippetIdFromLocation } from './share.js';
import { createBoardPanel } from './board.js';
import { createLessons } from './lessons.js';

const $ = (id) => document.getElementById(id);
const store = {
  get(k) { try { return localStorage.getItem(`threadlab.${k}`); } catch (e) { return null; } },
  set(k, v) { try { localStorage.setItem(`threadlab.${k}`, v); } catch (e) { /* private mode */ } },
};
const isMac = /Mac|iPhone|iPad/.test(navigator.platform);

const state = {
  mode: store.get('mode') === 'gil' ? 'gil' : 'free',
  runner: null,
  running: false,
  stopAt: 0,      // when Stop was pressed (for window.threadlab.lastStopMs)
};
const local = new LocalRunner();
let server = null;

// ---------------------------------------------------------------- status

function status(text, kind = '') {
  const el = $('status');
  el.textContent = text;
  el.className = `status ${kind}`;
}

// ---------------------------------------------------------------- editor

let lessons = null;   // the lessons pane (lessons.js), created below
const editor = createEditor($('editor'), '', () => run(), () => {
  store.set('code', editor.code);
  if (lessons) lessons.edited();
});

const out = new Console($('console'), { onLine: (n) => editor.gotoLine(n) });
$('console').dataset.empty = 'Output appears here. Run a program with Ctrl+Enter.';
$('repl-out').dataset.empty = 'An interactive Python session. Type a statement below and press Enter.';

// The board panel (board.js) above the console: shown for programs that
// use pyb or machine; its button, switch and pot feed the running program.
const board = createBoardPanel(document.querySelector('.out-pane'), {
  onInput: (what, value) => state.running && state.runner.boardInput(what, value),
});

// ---------------------------------------------------------------- input()

const stdinForm = $('stdin');
const stdinLine = $('stdin-line');

function askInput(prompt) {
  $('stdin-prompt').textContent = (prompt || '').trimEnd() || 'input';
  stdinForm.hidden = false;
  stdinForm.classList.add('waiting');
  stdinLine.focus();
}

function hideInput() {
  stdinForm.hidden = true;
  stdinForm.classList.remove('waiting');
  stdinLine.value = '';
}

stdinForm.addEventListener('submit', (e) => {
  e.preventDefault();
  if (!state.running) return;
  const line = stdinLine.value;
  stdinLine.value = '';
  out.echo(line + '\n');
  state.runner.input(line);
  if (state.runner.asksForInput) stdinForm.classList.remove('waiting');
});
stdinLine.addEventListener('keydown', (e) => {
  if (e.key === 'd' && e.ctrlKey && !stdinLine.value && state.running) {
    e.preventDefault();
    state.runner.eof();
  }
});

// ---------------------------------------------------------------- runs

function setRunning(on) {
  state.running = on;
  $('run').disabled = on || (lessons && lessons.checking) || !(local.tl || $('server').checked);
  $('stop').disabled = !on;
}

function describe(r, secs) {
  const t = secs < 10 ? `${(secs * 1000).toFixed(0)} ms` : `${secs.toFixed(1)} s`;
  if (r.reason === 'exited') return [`exited with status ${r.status} after ${t}`, r.status === 0 ? 'ok' : 'bad'];
  if (r.reason === 'stopped') return [`stopped after ${t}`, 'bad'];
  if (r.reason === 'killed') return [`stopped (threads terminated) after ${t}`, 'bad'];
  return [`ended: ${r.reason} after ${t}`, 'bad'];
}

async function run() {
  if (state.running || (lessons && lessons.checking)) return;
  const onServer = $('server').checked;
  const runner = onServer ? (server ||= new ServerRunner()) : local;
  if (!onServer && !local.tl) return;
  state.runner = runner;
  out.clear();
  hideInput();
  setRunning(true);
  status(onServer ? 'running on the server…' : 'running…', 'busy');
  const t0 = performance.now();
  if (!runner.asksForInput) askInput('stdin');
  board.reset(editor.code);
  if (!onServer) board.attachShared(() => local.boardView());
  let r;
  try {
    r = await runner.run(editor.code, {
      mode: state.mode,
      filename: 'main.py',
      onStdout: (s) => out.stdout(s),
      onStderr: (s) => out.stderr(s),
      onInput: (prompt) => askInput(prompt),
      onBoard: (ev) => board.applyEvent(ev),
    });
  } catch (e) {
    r = { status: -1, reason: e.message };
  }
  board.end();
  if (state.stopAt) window.threadlab.lastStopMs = performance.now() - state.stopAt;
  state.stopAt = 0;
  const [text, kind] = describe(r, (performance.now() - t0) / 1000);
  if (r.reason === 'killed') out.note('\n[the program did not stop by itself; its threads were terminated]\n', true);
  out.flush();
  hideInput();
  setRunning(false);
  status(text, kind);
}

async function stop() {
  if (!state.running) {
    if (!$('repl-panel').hidden) repl.interrupt();
    return;
  }
  status('stopping…', 'busy');
  state.stopAt ||= performance.now();
  await state.runner.stop();
}

$('run').addEventListener('click', () => run());
$('stop').addEventListener('click', () => stop());
$('clear').addEventListener('click', () => {
  if ($('repl-panel').hidden) out.clear();
  else repl.out.clear();
});
document.addEventListener('keydown', (e) => {
  if (e.key === '.' && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    stop();
  }
});

// ---------------------------------------------------------------- mode

function setMode(mode) {
  state.mode = mode;
  store.set('mode', mode);
  for (const b of $('mode').querySelectorAll('button')) {
    const on = b.dataset.mode === mode;
    b.setAttribute('aria-checked', String(on));
    b.tabIndex = on ? 0 : -1;
  }
}
$('mode').addEventListener('click', (e) => {
  const b = e.target.closest('button');
  if (b) setMode(b.dataset.mode);
});
$('mode').addEventListener('keydown', (e) => {
  if (!['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'].includes(e.key)) return;
  e.preventDefault();
  const next = state.mode === 'free' ? 'gil' : 'free';
  setMode(next);
  $('mode').querySelector(`[data-mode="${next}"]`).focus();
});
setMode(state.mode);

$('server').addEventListener('change', () => {
  store.set('server', $('server').checked ? '1' : '');
  setRunning(state.running);
});
$('server').checked = store.get('server') === '1';

// ---------------------------------------------------------------- examples

const menu = $('examples');
for (const ex of examples) {
  const o = document.createElement('option');
  o.value = ex.id;
  o.textContent = ex.title;
  menu.appendChild(o);
}
menu.addEventListener('change', () => {
  const ex = examples.find((x) => x.id === menu.value);
  if (ex) {
    editor.code = ex.code;
    store.set('code', ex.code);
  }
  menu.value = '';
  editor.focus();
});

// ---------------------------------------------------------------- tabs

const tabs = [$('tab-console'), $('tab-repl')];
function selectTab(tab) {
  for (const t of tabs) {
    const on = t === tab;
    t.setAttribute('aria-selected', String(on));
    t.tabIndex = on ? 0 : -1;
    $(t.getAttribute('aria-controls')).hidden = !on;
  }
  if (tab.id === 'tab-repl') {
    repl.start();
    $('repl-input').focus();
  }
}
for (const t of tabs) {
  t.addEventListener('click', () => selectTab(t));
  t.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    e.preventDefault();
    const other = tabs[(tabs.indexOf(t) + 1) % tabs.length];
    selectTab(other);
    other.focus();
  });
}

const repl = new Repl({
  pre: $('repl-out'),
  form: $('repl-form'),
  input: $('repl-input'),
  prompt: $('repl-prompt'),
  restart: $('repl-restart'),
  mode: () => state.mode,
});

// ---------------------------------------------------------------- share

const shareBox = $('sharebox');
$('share').addEventListener('click', async () => {
  const b = $('share');
  b.disabled = true;
  try {
    const { id, url } = await saveSnippet(editor.code);
    history.pushState({ id }, '', `/s/${id}`);
    $('sharelink').value = url;
    shareBox.hidden = false;
    $('sharelink').select();
    $('sharelink').focus();
  } catch (e) {
    status(`share failed: ${e.message}`, 'bad');
  } finally {
    b.disabled = false;
  }
});
$('sharecopy').addEventListener('click', async () => {
  $('sharelink').select();
  try {
    await navigator.clipboard.writeText($('sharelink').value);
    $('sharecopy').textContent = 'Copied';
  } catch (e) {
    document.execCommand('copy');
  }
  setTimeout(() => ($('sharecopy').textContent = 'Copy'), 1500);
});
function closeShare() {
  shareBox.hidden = true;
  $('share').focus();
}
$('shareclose').addEventListener('click', closeShare);
shareBox.addEventListener('keydown', (e) => { if (e.key === 'Escape') closeShare(); });

// ---------------------------------------------------------------- theme

$('theme').addEventListener('click', () => {
  const root = document.documentElement;
  const dark = root.dataset.theme
    ? root.dataset.theme === 'dark'
    : matchMedia('(prefers-color-scheme: dark)').matches;
  root.dataset.theme = dark ? 'light' : 'dark';
  store.set('theme', root.dataset.theme);
});

// ---------------------------------------------------------------- lessons

lessons = createLessons({
  editor,
  pane: $('lessons'),
  toggle: $('lessons-toggle'),
  work: document.querySelector('.work'),
  onServer: () => $('server').checked,
  runner: (onServer) => (onServer ? (server ||= new ServerRunner()) : local),
  mode: () => state.mode,
  busy: () => state.running,
  onCheck: () => setRunning(state.running),
});

// ---------------------------------------------------------------- start

async function initialCode() {
  const id = snippetIdFromLocation();
  if (id) {
    try {
      return await loadSnippet(id);
    } catch (e) {
      out.note(`Could not load the shared program ${id}: ${e.message}\n`, true);
    }
  }
  return store.get('code') || examples[0].code;
}

for (const k of document.querySelectorAll('.mod')) k.textContent = isMac ? '⌘' : 'Ctrl';
window.threadlab = { editor, console: out, repl, board, lessons, readyMs: null };

initialCode().then((code) => {
  editor.code = code;
  document.documentElement.dataset.loaded = '1';
  if (lessons.wasOpen && !snippetIdFromLocation()) lessons.open(true);
});

local.load().then(
  () => {
    const ms = performance.now();
    window.threadlab.readyMs = ms;
    document.documentElement.dataset.ready = '1';
    setRunning(state.running);
    if (!state.running) status(`ready in ${ms.toFixed(0)} ms`, 'ok');
  },
  (e) => {
    status('the VM could not start in this browser', 'bad');
    out.note(`${e.message}\n${typeof SharedArrayBuffer === 'undefined'
      ? 'This page needs cross-origin isolation (SharedArrayBuffer) for threads.\n' : ''}`, true);
  },
);
