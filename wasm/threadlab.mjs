// threadlab.mjs -- the JavaScript face of the WebAssembly VM, for the page
// and for Node.
//
//   const tl = await createThreadlab();
//   const {status, reason} = await tl.run(code, {mode: 'free', onStdout, onStderr,
//                                               onExit, onTrace, onInput});
//   tl.input('a line'); tl.stop();
//   await tl.eval('x = 1');          // the REPL, one line at a time
//
// Each session (a run or a REPL) gets its own instance of the Emscripten
// module: the VM keeps process-wide state, and a fresh instance also means
// nothing one program did can leak into the next.  The instance for the
// next session is prepared in the background, and the compiled module is
// shared, so starting a run costs no compilation and no waiting.  The VM
// runs on its own pthread and reports through an outbox in shared memory
// (wasm/host.c); when records arrive the host posts one wake-up, and we take
// every record at once and hand them to the session's callbacks in program
// order.  Stop first asks the VM (KeyboardInterrupt at the next safepoint);
// a run still alive a second later has its workers terminated.
const REC_STDOUT = 1, REC_STDERR = 2, REC_TRACE = 3, REC_INPUT = 4, REC_EXIT = 5;
const RUN_GIL = 1, RUN_REPL = 2, RUN_TRACE = 4;
const STOP_GRACE_MS = 1000;
const KILLED_STATUS = 130;   // what a shell reports for a run ended by Ctrl-C
const CRASHED_STATUS = 134;  // ... and for one that aborted
// A program's threads, the main thread included, unless the embedder says
// otherwise: every thread is a Web Worker (some MB and tens of milliseconds
// to start), so the page stays well below the 256 the memory holds.
const DEFAULT_MAX_THREADS = 64;

// A short program touching the interpreter's common paths, for warmUp().
const WARM_UP = `
def f(a, b=2):
    return a * b + 1
class P:
    def __init__(self, x):
        self.x = x
    def get(self):
        return self.x
total, d, items = 0, {}, []
for i in range(60000):
    total += f(i) % 7
    p = P(i)
    total += p.get() & 3
    d[i & 255] = i
    items.append(i)
    if len(items) > 64:
        items = [x + 1 for x in items[:8]]
s = "-".join(str(k) for k in range(200))
`;

const isNode = typeof process === 'object' && !!(process.versions && process.versions.node);
const wasmUrl = new URL('tlcore.wasm', import.meta.url);

// Emscripten 3.1.6's ES module glue still reaches for CommonJS names when it
// runs in Node; give it those before loading it.
if (isNode) {
  const { createRequire } = await import('node:module');
  globalThis.require ??= createRequire(import.meta.url);
  globalThis.__dirname ??= new URL('.', import.meta.url).pathname;
}
const { default: createTlCore } = await import('./tlcore.mjs');
let compiled = null;   // Promise<WebAssembly.Module>, shared by all instances

function compileOnce() {
  if (!compiled) {
    compiled = isNode
      ? import('node:fs/promises').then((fs) => fs.readFile(wasmUrl)).then((b) => WebAssembly.compile(b))
      : WebAssembly.compileStreaming(fetch(wasmUrl));
  }
  return compiled;
}

const encoder = new TextEncoder();

function nodeListeners() {
  if (!isNode) return [];
  return ['uncaughtException', 'unhandledRejection'].flatMap((ev) => process.listeners(ev).map((f) => [ev, f]));
}

// One instance of the Emscripten module and the session running on it.
class Core {
  constructor(opts) {
    this.opts = opts;
    this.maxThreads = opts.maxThreads || DEFAULT_MAX_THREADS;
    this.session = null;
    this.dead = false;
  }

  async init() {
    const mod = await compileOnce();
    const before = nodeListeners();
    this.m = await createTlCore({
      tlwPool: this.opts.pool,
      tlwWake: () => this.drain(),
      tlwCrash: (what) => this.crash(what),
      onAbort: (what) => this.crash(what),
      quit: (status) => this.exit(status),
      readFile: this.opts.readFile || null,
      print: (s) => console.log(s),
      printErr: (s) => console.error(s),
      instantiateWasm: (imports, receive) => {
        WebAssembly.instantiate(mod, imports).then((inst) => receive(inst, mod));
        return {};
      },
    });
    this.lenPtr = this.m._malloc(4);
    // In Node every instance adds process-wide error listeners; they go
    // with the instance (see kill).
    const after = nodeListeners();
    this.listeners = after.filter(([ev, f]) => !before.some(([e, g]) => e === ev && g === f));
    return this;
  }

  // Copies bytes into a fresh malloc'd block the host takes over.
  alloc(bytes) {
    const p = this.m._malloc(bytes.length + 1);
    const heap = this.m.tlwHeap();
    heap.set(bytes, p);
    heap[p + bytes.length] = 0;
    return p;
  }

  start(code, argv, flags, session) {
    if (this.session) throw new Error('threadlab: a program is already running');
    const src = encoder.encode(code);
    const args = encoder.encode(argv.map((a) => a + '\0').join(''));
    const rc = this.m._tlw_start(this.alloc(src), src.length, this.alloc(args), argv.length, flags,
                                 this.maxThreads);
    if (rc !== 0) throw new Error('threadlab: cannot start the VM thread');
    this.session = session;
  }

  input(text) {
    const b = encoder.encode(text);
    const p = this.alloc(b);
    this.m._tlw_input(p, b.length);
    this.m._free(p);
  }

  // Takes the outbox and dispatches its records.  The block is copied out
  // of shared memory first: TextDecoder refuses views of shared buffers.
  drain() {
    if (this.dead) return;
    const m = this.m;
    const p = m._tlw_take(this.lenPtr);
    if (!p) return;
    const n = new DataView(m.tlwHeap().buffer).getUint32(this.lenPtr, true);
    const buf = m.tlwHeap().slice(p, p + n);
    m._free(p);
    const view = new DataView(buf.buffer);
    for (let i = 0; i < n;) {
      const kind = buf[i];
      const len = view.getUint32(i + 1, true);
      const data = buf.subarray(i + 5, i + 5 + len);
      i += 5 + len;
      const s = this.session;
      if (s) s.record(kind, data);
    }
  }

  // The VM ended the process (exit() or _exit() from any thread, e.g.
  // after a deadlock report): the runtime calls this on the main thread.
  exit(status) {
    const s = this.session;
    if (!s || this.dead) return;
    this.drain();
    s.end(status, s.stopped ? 'stopped' : 'exited');
  }

  // A VM thread died without reporting (a trap or an abort): whatever the
  // outbox holds is shown, then the session ends as crashed.
  crash(what) {
    const s = this.session;
    if (!s || this.dead) return;
    this.drain();
    const h = s.h;
    const why = /call stack/i.test(String(what)) ? 'the stack is exhausted (recursion too deep)' : String(what || 'abort');
    if (h.onStderr) h.onStderr(`\nthreadlab: the VM crashed: ${why}\n`);
    s.end(CRASHED_STATUS, 'crashed');
  }

  kill() {
    if (this.dead || !this.m) return;
    this.dead = true;
    this.m.tlwKill();
    for (const [ev, f] of this.listeners) process.removeListener(ev, f);
  }
}

// The callbacks and state of one run or REPL session.
class Session {
  constructor(handlers, onEnd) {
    this.h = handlers;
    this.onEnd = onEnd;
    this.out = new TextDecoder();
    this.err = new TextDecoder();
    this.stopped = false;
    this.ended = false;
    this.waiting = null;   // prompt while the VM waits for a line
    this.promptWaiters = [];
  }

  record(kind, data) {
    const h = this.h;
    switch (kind) {
      case REC_STDOUT: h.onStdout && h.onStdout(this.out.decode(data, {stream: true})); break;
      case REC_STDERR: h.onStderr && h.onStderr(this.err.decode(data, {stream: true})); break;
      case REC_TRACE: h.onTrace && h.onTrace(JSON.parse(new TextDecoder().decode(data))); break;
      case REC_INPUT: {
        this.waiting = new TextDecoder().decode(data);
        h.onInput && h.onInput(this.waiting);
        const w = this.promptWaiters;
        this.promptWaiters = [];
        w.forEach((f) => f({prompt: this.waiting, more: this.waiting === '... '}));
        break;
      }
      case REC_EXIT:
        this.end(new DataView(data.buffer, data.byteOffset).getInt32(0, true),
                 this.stopped ? 'stopped' : 'exited');
        break;
    }
  }

  end(status, reason) {
    if (this.ended) return;
    this.ended = true;
    this.waiting = null;
    const rest = this.out.decode();
    if (rest && this.h.onStdout) this.h.onStdout(rest);
    this.h.onExit && this.h.onExit(status, reason);
    this.promptWaiters.forEach((f) => f({prompt: null, more: false, status, reason}));
    this.onEnd({status, reason});
  }
}

export class Threadlab {
  constructor(opts) {
    this.opts = opts;
    this.core = null;     // the instance running the current (or last) session
    this.ready = null;    // Promise<Core>: the warm instance the next run takes
    this.replHandlers = {};
  }

  // Prepares the instance for the next session in the background.
  prepare() {
    const core = new Core(this.opts);
    this.ready = core.init();
    this.ready.catch(() => {});
    return this.ready;
  }

  // Takes the warm instance for a new session; the old one is dropped.
  async take() {
    if (this.running) throw new Error('threadlab: a program is already running');
    const next = this.ready || this.prepare();
    this.ready = null;
    const core = await next;
    if (this.core && this.core !== core) this.core.kill();
    this.core = core;
    return core;
  }

  launch(core, code, o, flags) {
    if (o.mode === 'gil') flags |= RUN_GIL;
    if (o.onTrace) flags |= RUN_TRACE;
    const argv = o.argv || [o.filename || (flags & RUN_REPL ? '' : 'main.py')];
    let done;
    const session = new Session(o, (r) => {
      if (core.session === session) core.session = null;
      clearTimeout(session.killTimer);
      core.kill();
      if (this.opts.spare && !this.ready) this.prepare();
      done(r);
    });
    session.finished = new Promise((resolve) => (done = resolve));
    core.start(code, argv, flags, session);
    if (o.stdin) {
      o.stdin.forEach((line) => core.input(line));
      core.m._tlw_input_eof();
    }
    return session;
  }

  // Runs a whole program as __main__.  Resolves to {status, reason} when it
  // ends; reason is 'exited', 'stopped' (ended after Stop), 'killed' (its
  // threads were terminated a second after Stop) or 'crashed'.
  // Options: mode ('free' or 'gil'), filename or argv, stdin (lines given to
  // input() up front, then end of input), and the callbacks onStdout,
  // onStderr, onInput(prompt), onTrace(event), onExit(status, reason).
  async run(code, options = {}) {
    return this.launch(await this.take(), code, options, 0).finished;
  }

  get running() {
    return !!(this.core && this.core.session);
  }

  // Whether the VM waits for a line, and its prompt (null when not).
  get waitingForInput() {
    const s = this.core && this.core.session;
    return s ? s.waiting : null;
  }

  // Gives a line to input() (or to the REPL).
  input(text) {
    const s = this.core && this.core.session;
    if (!s) return;
    s.waiting = null;
    this.core.input(String(text));
  }

  // End of input: input() raises EOFError; a REPL session ends.
  eof() {
    if (this.running) this.core.m._tlw_input_eof();
  }

  // Raises KeyboardInterrupt in the running program (Ctrl-C in the REPL):
  // unlike stop(), the program may catch it and go on.
  interrupt() {
    if (this.running) this.core.m._tlw_interrupt();
  }

  // Stops the running program: KeyboardInterrupt first, then, if the run is
  // still alive after a second, its workers are terminated.  Resolves when
  // the run has ended.
  stop() {
    const core = this.core;
    const s = core && core.session;
    if (!s) return Promise.resolve(null);
    if (!s.stopped) {
      s.stopped = true;
      core.m._tlw_interrupt();
      s.killTimer = setTimeout(() => s.end(KILLED_STATUS, 'killed'), STOP_GRACE_MS);
    }
    return s.finished;
  }

  // Starts an interactive session (the banner goes to stderr, prompts to
  // stdout, like the CLI's REPL) unless one is running.  Resolves at the
  // first prompt.  handlers: mode, onStdout, onStderr, onInput, onExit.
  async repl(handlers = {}) {
    this.replHandlers = handlers;
    const s = this.running ? this.core.session : this.launch(await this.take(), '', handlers, RUN_REPL);
    if (s.waiting !== null) return {prompt: s.waiting, more: s.waiting === '... '};
    return new Promise((resolve) => s.promptWaiters.push(resolve));
  }

  // Runs one line in the REPL session (starting one if needed).  Resolves
  // at the next prompt: {prompt: '>>> ' or '... ', more: true while the
  // statement continues}.
  async eval(line) {
    if (!this.running) await this.repl(this.replHandlers);
    const s = this.core.session;
    const next = new Promise((resolve) => s.promptWaiters.push(resolve));
    this.input(line);
    return next;
  }

  // The board panel (web/src/board.js): where the running program's board
  // snapshot lives in shared memory ({buffer, ptr}; layout TlBoardSnapshot
  // in vm/tl.h), null when nothing runs; and the panel's inputs.
  boardView() {
    const c = this.core;
    const p = c && c.m && !c.dead && c.session ? c.m._tlw_board() : 0;
    return p ? { buffer: c.m.tlwHeap().buffer, ptr: p } : null;
  }

  boardInput(what, value) {
    const c = this.core;
    if (!c || !c.session || c.dead) return;
    const p = c.alloc(encoder.encode(what));
    c.m._tlw_board_input(p, value | 0);
    c.m._free(p);
  }

  // V8 runs new wasm code in a baseline tier first and uses optimised code
  // only from the next call of a function on.  The interpreter loop is one
  // call per run, so a first run would stay in baseline code all along.  A
  // throwaway run on a separate instance gets the optimised code compiled
  // (it is shared by all instances of the module) before the user's runs.
  // Resolves when the warm-up program has ended.
  warmUp() {
    const core = new Core({pool: 0});
    return core.init().then(() => new Promise((resolve) => {
      core.start(WARM_UP, ['<warm-up>'], 0, new Session({}, () => {
        core.kill();
        resolve();
      }));
    }));
  }

  // Terminates every worker (Node uses it to exit).
  dispose() {
    if (this.core) this.core.kill();
    if (this.ready) this.ready.then((c) => c.kill());
    this.opts.spare = false;
  }
}

// Creates a playground VM host; resolves once a VM can start.  Every session
// (run or REPL) gets its own instance of the module, so nothing a program
// did can leak into the next; the instance for the next session is warmed
// up in the background.  Options: pool (workers started ahead per instance,
// default 4), spare (keep a warm instance, default true), maxThreads (a
// program's threads, main thread included, 1..256, default 64), readFile(path)
// -> Uint8Array|null for imports (Node).
export async function createThreadlab(opts = {}) {
  const tl = new Threadlab({pool: opts.pool ?? 4, spare: opts.spare ?? true,
                            maxThreads: opts.maxThreads, readFile: opts.readFile});
  await tl.prepare();
  return tl;
}
