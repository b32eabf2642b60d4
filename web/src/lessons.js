// lessons.js -- the guided lessons pane beside the editor: a table of
// contents with each lesson's progress, the lesson's text, next/previous,
// and "Check my solution", which runs the lesson's check against the code
// in the editor (in this tab's VM, or on the server when "Run on server" is
// on) exactly as tests/lessons/run.py does natively.
//
// Lessons come from the server's /api/lessons (or /lessons.json, the static
// bundle, when no server answers).  The learner's code and status per
// lesson go to /api/progress; when that fails they are kept in localStorage,
// which is also read back on load, so a static page still remembers them.
// The markdown renderer is deliberately tiny: it escapes everything and only
// produces the handful of elements lesson.md files use.

const SAVE_DELAY = 800;   // ms of quiet typing before the code is saved
const LOCAL_KEY = 'threadlab.lessons';

// ------------------------------------------------------------- markdown

const esc = (s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// Inline markup on already-escaped text; code spans are cut out first so
// nothing inside them is interpreted.
function inline(text) {
  const spans = [];
  let s = esc(text).replace(/`([^`]+)`/g, (_, c) => `\u0000${spans.push(c) - 1}\u0000`);
  s = s.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (m, label, url) =>
    /^(https?:\/\/|\/|#)/.test(url) ? `<a href="${url}" target="_blank" rel="noopener">${label}</a>` : label);
  s = s.replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^\w*])\*([^*\s][^*]*)\*/g, '$1<em>$2</em>')
    .replace(/(^|\W)_([^_\s][^_]*)_(?=\W|$)/g, '$1<em>$2</em>');
  return s.replace(/\u0000(\d+)\u0000/g, (_, i) => `<code>${spans[i]}</code>`);
}

export function renderMarkdown(md) {
  const out = [];
  const lines = md.replace(/\r/g, '').split('\n');
  let para = [];
  let list = null;   // {tag, items}
  const flushPara = () => {
    if (para.length) out.push(`<p>${inline(para.join(' '))}</p>`);
    para = [];
  };
  const flushList = () => {
    if (list) out.push(`<${list.tag}>${list.items.map((i) => `<li>${inline(i)}</li>`).join('')}</${list.tag}>`);
    list = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    let m;
    if (/^```/.test(line)) {
      flushPara(); flushList();
      const code = [];
      while (++i < lines.length && !/^```/.test(lines[i])) code.push(lines[i]);
      out.push(`<pre><code>${esc(code.join('\n'))}</code></pre>`);
    } else if ((m = /^(#{1,6})\s+(.*)$/.exec(line))) {
      flushPara(); flushList();
      const n = Math.min(m[1].length + 1, 6);   // h1 is the pane's title
      out.push(`<h${n}>${inline(m[2])}</h${n}>`);
    } else if ((m = /^\s*([-*+]|\d+[.)])\s+(.*)$/.exec(line))) {
      flushPara();
      const tag = /\d/.test(m[1]) ? 'ol' : 'ul';
      if (list && list.tag !== tag) flushList();
      list ||= { tag, items: [] };
      list.items.push(m[2]);
    } else if (!line.trim()) {
      flushPara(); flushList();
    } else if (list && /^\s+\S/.test(line)) {
      list.items[list.items.length - 1] += ' ' + line.trim();
    } else {
      flushList();
      para.push(line.trim());
    }
  }
  flushPara(); flushList();
  return out.join('\n');
}

// ------------------------------------------------------------- checks

// The verdict of one run, read like tests/lessons/run.py: the last stdout
// line that is PASS or "FAIL: hint"; without one, the crash hint for a
// deadlock report, else the last stderr line.
export function verdict(lesson, stdout, stderr) {
  const lines = stdout.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    if (lines[i] === 'PASS') return { pass: true, hint: '' };
    if (lines[i].startsWith('FAIL: ')) return { pass: false, hint: lines[i].slice(6) };
  }
  if (lesson.crash_hint && stderr.includes('Deadlock detected')) return { pass: false, hint: lesson.crash_hint };
  const err = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  return { pass: false, hint: err.length ? err[err.length - 1] : 'no verdict' };
}

async function runOnce(runner, program, mode, timeoutSecs) {
  let stdout = '', stderr = '';
  let timedOut = false;
  const timer = setTimeout(() => { timedOut = true; runner.stop(); }, timeoutSecs * 1000);
  try {
    await runner.run(program, {
      mode,
      filename: 'check.py',
      onStdout: (s) => (stdout += s),
      onStderr: (s) => (stderr += s),
      onInput: () => runner.eof(),
    });
  } finally {
    clearTimeout(timer);
  }
  return timedOut ? { stdout: '', stderr: `the check did not finish in ${timeoutSecs} s` } : { stdout, stderr };
}

// ------------------------------------------------------------- progress

class Progress {
  constructor() {
    this.map = {};         // lesson id -> {status, code}
    this.online = true;
  }

  local() {
    try { return JSON.parse(localStorage.getItem(LOCAL_KEY)) || {}; } catch (e) { return {}; }
  }

  async load() {
    const saved = this.local();
    try {
      const r = await fetch('/api/progress', { credentials: 'same-origin' });
      if (!r.ok) throw new Error(r.statusText);
      const server = (await r.json()).progress || {};
      // The newer record wins: the server's, unless this tab saved later
      // while the server was away.
      this.map = Object.assign({}, server);
      for (const [id, p] of Object.entries(saved)) {
        if (!server[id] || (p.updated || 0) > server[id].updated) this.map[id] = p;
      }
    } catch (e) {
      this.online = false;
      this.map = saved;
    }
  }

  get(id) { return this.map[id] || null; }

  async save(id, status, code) {
    const rec = { status, code, updated: Math.floor(Date.now() / 1000) };
    this.map[id] = rec;
    try {
      const r = await fetch(`/api/progress/${encodeURIComponent(id)}`, {
        method: 'PUT',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ status, code }),
      });
      if (!r.ok) throw new Error(r.statusText);
      this.online = true;
    } catch (e) {
      this.online = false;
      const all = this.local();
      all[id] = rec;
      try { localStorage.setItem(LOCAL_KEY, JSON.stringify(all)); } catch (err) { /* private mode */ }
    }
  }
}

async function fetchLessons() {
  try {
    const r = await fetch('/api/lessons');
    if (!r.ok) throw new Error(r.statusText);
    const list = (await r.json()).lessons;
    return await Promise.all(list.map((l) =>
      fetch(`/api/lessons/${encodeURIComponent(l.id)}`).then((x) => {
        if (!x.ok) throw new Error(x.statusText);
        return x.json();
      })));
  } catch (e) {
    const r = await fetch('/lessons.json');
    if (!r.ok) throw new Error('no lessons available');
    return (await r.json()).lessons;
  }
}

// ------------------------------------------------------------- pane

const el = (tag, props = {}, ...kids) => {
  const e = Object.assign(document.createElement(tag), props);
  for (const k of kids) e.append(k);
  return e;
};

// opts: editor, toggle (the toolbar button), pane (the aside), work (the
// grid it sits in), runner(onServer), onServer(), mode(), busy(),
// onCheck(running)
export function createLessons(opts) {
  const { editor, pane } = opts;
  const progress = new Progress();
  let lessons = [];
  let current = null;
  let saveTimer = 0;
  let loading = null;
  let checking = false;
  let quiet = false;       // set while show() itself replaces the code

  const toc = el('ol', { className: 'lesson-toc' });
  const body = el('article', { className: 'lesson-body' });
  const result = el('div', { className: 'lesson-result', role: 'status' });
  result.setAttribute('aria-live', 'polite');
  const btn = (id, text, title) => el('button', { type: 'button', className: 'btn small', id, textContent: text, title });
  const prev = btn('lesson-prev', '‹ Previous', 'Previous lesson');
  const next = btn('lesson-next', 'Next ›', 'Next lesson');
  const check = btn('lesson-check', 'Check my solution', 'Run the lesson\'s check on your code');
  check.classList.add('primary');
  const reset = btn('lesson-reset', 'Reset to starter', 'Replace your code with the starter program');
  const reveal = btn('lesson-reveal', 'Reveal solution', 'Show a solution (after a failed check)');
  const tocToggle = el('button', { type: 'button', className: 'btn ghost small', id: 'lesson-contents', textContent: 'Contents' });
  pane.append(
    el('div', { className: 'lesson-head' }, tocToggle, el('span', { className: 'spacer' }), prev, next),
    toc, body,
    el('div', { className: 'lesson-actions' }, check, reset, reveal),
    result);

  function statusOf(id) {
    const p = progress.get(id);
    return p ? p.status : '';
  }

  function drawToc() {
    toc.replaceChildren(...lessons.map((l) => {
      const st = statusOf(l.id);
      const mark = st === 'done' ? '✓' : st === 'attempted' ? '•' : '';
      const b = el('button', { type: 'button', textContent: l.title });
      b.addEventListener('click', () => { show(l.id); toc.hidden = true; });
      const li = el('li', {}, el('span', { className: 'mark', textContent: mark, title: st || 'not started' }), b);
      li.dataset.id = l.id;
      li.dataset.status = st || 'new';
      if (current && l.id === current.id) li.setAttribute('aria-current', 'step');
      return li;
    }));
  }

  function say(text, kind) {
    result.textContent = text;
    result.className = `lesson-result ${kind || ''}`;
  }

  function show(id) {
    const l = lessons.find((x) => x.id === id) || lessons[0];
    if (!l) return;
    flushSave();
    current = l;
    try { localStorage.setItem('threadlab.lesson', l.id); } catch (e) { /* private mode */ }
    body.innerHTML = `<h1>${l.number}. ${esc(l.title)}</h1>\n${renderMarkdown(l.markdown.replace(/^#\s.*\n/, ''))}`;
    body.scrollTop = 0;
    const p = progress.get(l.id);
    quiet = true;
    editor.code = p && p.code ? p.code : l.starter;
    quiet = false;
    prev.disabled = !l.prev;
    next.disabled = !l.next;
    reveal.disabled = !(p && p.status === 'attempted');
    say(p && p.status === 'done' ? 'Passed earlier: well done.' : '', p && p.status === 'done' ? 'pass' : '');
    drawToc();
  }

  function flushSave() {
    if (!saveTimer) return;
    clearTimeout(saveTimer);
    saveTimer = 0;
    save(statusOf(current.id) || 'started');
  }

  const save = (status) => progress.save(current.id, status, editor.code);

  async function runCheck() {
    if (!current || checking || opts.busy()) return;
    checking = true;
    opts.onCheck(true);
    check.disabled = true;
    clearTimeout(saveTimer);
    saveTimer = 0;
    const l = current;
    const onServer = opts.onServer();
    say(onServer ? 'checking on the server…' : 'checking…', 'busy');
    const program = `LEARNER = ${JSON.stringify(editor.code)}\n${l.check}`;
    let v = { pass: true, hint: '' };
    try {
      const runner = opts.runner(onServer);
      for (const mode of l.modes) {
        const r = await runOnce(runner, program, mode, l.timeout || 10);
        v = verdict(l, r.stdout, r.stderr);
        if (!v.pass) {
          if (l.modes.length > 1) v.hint += ` (${mode === 'gil' ? 'with the GIL' : 'free-threaded'})`;
          break;
        }
      }
    } catch (e) {
      v = { pass: false, hint: `the check could not run: ${e.message}` };
    }
    checking = false;
    opts.onCheck(false);
    check.disabled = false;
    if (l !== current) return;
    await save(v.pass ? 'done' : statusOf(l.id) === 'done' ? 'done' : 'attempted');
    say(v.pass ? 'PASS' : `FAIL: ${v.hint}`, v.pass ? 'pass' : 'fail');
    if (!v.pass) reveal.disabled = false;
    drawToc();
  }

  check.addEventListener('click', runCheck);
  prev.addEventListener('click', () => current.prev && show(current.prev));
  next.addEventListener('click', () => current.next && show(current.next));
  tocToggle.addEventListener('click', () => { toc.hidden = !toc.hidden; });
  reset.addEventListener('click', () => {
    editor.code = current.starter;
    edited();
  });
  reveal.addEventListener('click', () => {
    editor.code = current.solution;
    edited();
  });

  function edited() {
    if (!current || pane.hidden || quiet) return;
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => { saveTimer = 0; save(statusOf(current.id) || 'started'); }, SAVE_DELAY);
  }

  async function load() {
    loading ||= Promise.all([fetchLessons(), progress.load()]).then(([ls]) => {
      lessons = ls.sort((a, b) => a.number - b.number);
    });
    return loading;
  }

  async function open(on) {
    pane.hidden = !on;
    opts.work.classList.toggle('with-lessons', on);
    opts.toggle.setAttribute('aria-pressed', String(on));
    try { localStorage.setItem('threadlab.lessonsOpen', on ? '1' : ''); } catch (e) { /* private mode */ }
    if (!on) { flushSave(); return; }
    if (!current) {
      say('loading the lessons…', 'busy');
      try {
        await load();
        let last = null;
        try { last = localStorage.getItem('threadlab.lesson'); } catch (e) { /* private mode */ }
        show(last);
      } catch (e) {
        say(`The lessons could not be loaded: ${e.message}`, 'fail');
      }
    }
    pane.dataset.loaded = current ? '1' : '';
  }

  opts.toggle.addEventListener('click', () => open(pane.hidden));
  toc.hidden = true;
  pane.hidden = true;
  let wasOpen = false;
  try { wasOpen = localStorage.getItem('threadlab.lessonsOpen') === '1'; } catch (e) { /* private mode */ }

  return {
    open, show, edited, load,
    get checking() { return checking; },
    get current() { return current; },
    get lessons() { return lessons; },
    wasOpen,
  };
}
