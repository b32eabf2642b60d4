// runner.js -- where a program runs: in this tab (the WebAssembly VM, its
// threads in Web Workers) or natively on the server over the WebSocket.
// Both offer the same small interface to the page:
//   run(code, {mode, onStdout, onStderr, onInput}) -> Promise<{status, reason}>
//   input(text), eof(), stop(), and `asksForInput` (whether the runner says
//   when the program waits for a line; the server does not).

export class LocalRunner {
  constructor() {
    this.tl = null;
    this.loading = null;
    this.asksForInput = true;
  }

  // Loads the VM once; resolves to the load time in milliseconds.
  load() {
    if (!this.loading) {
      const t0 = performance.now();
      this.loading = import('/wasm/threadlab.mjs')
        .then((m) => m.createThreadlab({ pool: 4 }))
        .then((tl) => {
          this.tl = tl;
          tl.warmUp();
          return performance.now() - t0;
        });
    }
    return this.loading;
  }

  async run(code, opts) {
    await this.load();
    return this.tl.run(code, opts);
  }

  input(text) { this.tl && this.tl.input(text); }
  eof() { this.tl && this.tl.eof(); }
  // Board panel (board.js): the snapshot in shared memory, and inputs.
  boardView() { return this.tl ? this.tl.boardView() : null; }
  boardInput(what, value) { this.tl && this.tl.boardInput(what, value); }
  stop() { return this.tl ? this.tl.stop() : Promise.resolve(null); }
}

// The server's native runner: JSON messages over /ws (see the server's
// protocol).  One socket is kept open and reused; each run has an id.
export class ServerRunner {
  constructor(url) {
    this.url = url || `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
    this.ws = null;
    this.open = null;
    this.current = null;   // {id, handlers, done}
    this.seq = 0;
    this.asksForInput = false;
  }

  connect() {
    if (this.ws && this.ws.readyState <= WebSocket.OPEN && this.open) return this.open;
    this.ws = new WebSocket(this.url);
    this.open = new Promise((resolve, reject) => {
      this.ws.onopen = () => resolve(this.ws);
      this.ws.onerror = () => reject(new Error('cannot reach the server'));
    });
    this.ws.onmessage = (e) => this.message(e.data);
    this.ws.onclose = () => {
      this.open = null;
      this.finish(-1, 'disconnected');
    };
    return this.open;
  }

  message(data) {
    let m;
    try { m = JSON.parse(data); } catch (e) { return; }
    const run = this.current;
    if (m.type === 'error') {
      // An error about our run before we sent it anything else means the
      // server refused to start it (busy, too large ...); later ones (about
      // input) leave the run going.
      if (run && (!m.id || m.id === run.id)) {
        run.h.onStderr && run.h.onStderr(`server: ${m.message}\n`);
        if (m.id && !run.sent) this.finish(1, m.message);
      }
      return;
    }
    if (!run || m.id !== run.id) return;
    if (m.type === 'stdout') run.h.onStdout && run.h.onStdout(m.data);
    else if (m.type === 'stderr') run.h.onStderr && run.h.onStderr(m.data);
    else if (m.type === 'exit') this.finish(m.status, m.reason || 'exited');
    else if (m.type === 'board') run.h.onBoard && run.h.onBoard(m);   // board.js
  }

  finish(status, reason) {
    const run = this.current;
    if (!run) return;
    this.current = null;
    run.done({ status, reason });
  }

  async run(code, opts) {
    const ws = await this.connect();
    const id = `r${++this.seq}`;
    const result = new Promise((done) => (this.current = { id, h: opts, done, sent: 0 }));
    ws.send(JSON.stringify({ type: 'run', v: 1, id, code, mode: opts.mode === 'gil' ? 'gil' : 'free' }));
    return result;
  }

  send(msg) {
    if (this.current && this.ws && this.ws.readyState === WebSocket.OPEN) {
      this.current.sent++;
      this.ws.send(JSON.stringify(Object.assign({ id: this.current.id }, msg)));
    }
  }

  // The server adds the newline; it has no end-of-input message.
  input(text) { this.send({ type: 'input', text }); }
  boardInput(what, value) { this.send({ type: 'board', what, value }); }
  eof() {}

  stop() {
    const run = this.current;
    if (!run) return Promise.resolve(null);
    this.send({ type: 'stop' });
    return new Promise((resolve) => {
      const done = run.done;
      run.done = (r) => { done(r); resolve(r); };
    });
  }
}
