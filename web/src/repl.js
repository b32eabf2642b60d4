// repl.js -- the REPL tab: an interactive session on its own VM instance
// (so a running program and the session never disturb each other), with a
// line editor that keeps a history.  The transcript reads like a terminal:
// prompts come from the VM, typed lines are echoed after them.
import { Console } from './console.js';

export class Repl {
  constructor({ pre, form, input, prompt, restart, mode }) {
    this.out = new Console(pre, { file: '<stdin>' });
    this.form = form;
    this.field = input;
    this.promptLabel = prompt;
    this.mode = mode;          // () => 'free' | 'gil'
    this.tl = null;
    this.history = [];
    this.hpos = 0;
    this.busy = false;
    form.addEventListener('submit', (e) => { e.preventDefault(); this.submit(); });
    input.addEventListener('keydown', (e) => this.key(e));
    restart.addEventListener('click', () => this.restart());
  }

  // Creates the VM instance on first use and opens a session.
  async start() {
    if (!this.tl) {
      const { createThreadlab } = await import('/wasm/threadlab.mjs');
      this.tl = await createThreadlab({ pool: 2, spare: false });
    }
    if (this.tl.running) return;
    this.setBusy(true);
    this.prompted = false;
    const first = await this.tl.repl({
      mode: this.mode(),
      onStdout: (s) => this.out.stdout(s),
      // Before the first prompt stderr only carries the banner.
      onStderr: (s) => (this.prompted ? this.out.stderr(s) : this.out.note(s)),
      onInput: () => { this.prompted = true; },
      onExit: (status) => {
        this.out.note(`session ended (status ${status}); type to start a new one\n`);
        this.setPrompt('>>> ');
        this.setBusy(false);
      },
    });
    this.atPrompt(first);
  }

  atPrompt(r) {
    if (r && r.prompt !== null && r.prompt !== undefined) this.setPrompt(r.prompt);
    this.setBusy(false);
  }

  setPrompt(p) {
    this.promptLabel.textContent = p.trimEnd() || '›';
  }

  setBusy(b) {
    this.busy = b;
    this.field.readOnly = b;
    this.field.disabled = false;
    this.form.classList.toggle('waiting', !b);
  }

  async submit() {
    if (this.busy) return;
    const line = this.field.value;
    this.field.value = '';
    if (line.trim()) this.history.push(line);
    this.hpos = this.history.length;
    if (!this.tl || !this.tl.running) await this.start();
    this.out.echo(line + '\n');
    this.setBusy(true);
    this.atPrompt(await this.tl.eval(line));
  }

  key(e) {
    if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      if (!this.history.length) return;
      e.preventDefault();
      this.hpos = Math.max(0, Math.min(this.history.length, this.hpos + (e.key === 'ArrowUp' ? -1 : 1)));
      this.field.value = this.history[this.hpos] || '';
    } else if (e.key === 'c' && e.ctrlKey && this.field.selectionStart === this.field.selectionEnd) {
      e.preventDefault();
      this.interrupt();
    } else if (e.key === 'd' && e.ctrlKey && !this.field.value) {
      e.preventDefault();
      if (this.tl) this.tl.eof();
    }
  }

  // Ctrl-C: KeyboardInterrupt in the running statement (or at the prompt).
  interrupt() {
    if (this.tl && this.tl.running) this.tl.interrupt();
  }

  async restart() {
    if (this.tl && this.tl.running) {
      this.tl.eof();
      await this.tl.stop();
    }
    this.out.clear();
    await this.start();
    this.field.focus();
  }
}
