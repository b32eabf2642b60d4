// console.js -- an output pane: stdout, stderr in its own colour, echoed
// input, notes from the playground, and traceback lines whose line numbers
// jump to the editor.
//
// Output can arrive far faster than a page can lay it out (a print loop in
// eight threads), so text is queued and written once per animation frame,
// merged into the last node when the style is unchanged, and the pane keeps
// only the newest MAX_CHARS characters.
const MAX_CHARS = 400_000;
const TRACE_LINE = /^(\s*File "([^"]+)", line )(\d+)(.*)$/;

export class Console {
  constructor(pre, { file = 'main.py', onLine } = {}) {
    this.pre = pre;
    this.file = file;
    this.onLine = onLine;
    this.queue = [];
    this.scheduled = false;
    this.errTail = '';     // stderr text after the last newline
    this.chars = 0;
    pre.addEventListener('click', (e) => {
      const ref = e.target.closest('.lineref');
      if (ref && this.onLine) {
        e.preventDefault();
        this.onLine(Number(ref.dataset.line));
      }
    });
  }

  stdout(text) { this.push('out', text); }
  echo(text) { this.push('echo', text); }
  note(text, bad = false) { this.push(bad ? 'note bad' : 'note', text); }

  // stderr is handled a line at a time so tracebacks can be linked; the
  // unfinished last line is shown as it is and re-linked when complete.
  stderr(text) {
    const all = this.errTail + text;
    const cut = all.lastIndexOf('\n') + 1;
    if (cut) this.push('errlines', all.slice(0, cut));
    this.errTail = all.slice(cut);
    this.push('errtail', this.errTail);
  }

  clear() {
    this.queue = [];
    this.errTail = '';
    this.chars = 0;
    this.pre.textContent = '';
    this.last = null;
    this.tail = null;
  }

  push(kind, text) {
    if (!text && kind !== 'errtail') return;
    this.queue.push([kind, text]);
    if (!this.scheduled) {
      this.scheduled = true;
      requestAnimationFrame(() => this.flush());
    }
  }

  // Writes queued output now (tests and run ends call it directly too).
  flush() {
    this.scheduled = false;
    if (!this.queue.length) return;
    const pre = this.pre;
    const stick = pre.scrollHeight - pre.scrollTop - pre.clientHeight < 40;
    for (const [kind, text] of this.queue) {
      if (kind === 'errtail') this.setTail(text);
      else if (kind === 'errlines') this.errLines(text);
      else this.append(kind, text);
    }
    this.queue = [];
    this.trim();
    if (stick) pre.scrollTop = pre.scrollHeight;
  }

  setTail(text) {
    if (!this.tail) {
      this.tail = document.createElement('span');
      this.tail.className = 'err';
    }
    this.tail.textContent = text;
    if (text) this.pre.appendChild(this.tail);
    else this.tail.remove();
  }

  append(cls, text) {
    if (this.tail && this.tail.isConnected) this.tail.remove();
    this.chars += text.length;
    const last = this.pre.lastChild;
    if (last && last === this.last && last.className === cls) {
      last.firstChild.appendData(text);
      return;
    }
    const span = document.createElement('span');
    span.className = cls;
    span.appendChild(document.createTextNode(text));
    this.pre.appendChild(span);
    this.last = span;
  }

  errLines(text) {
    for (const line of text.split(/(?<=\n)/)) {
      const m = TRACE_LINE.exec(line.replace(/\n$/, ''));
      if (!m || m[2] !== this.file) {
        this.append('err', line);
        continue;
      }
      const span = document.createElement('span');
      span.className = 'err';
      const ref = document.createElement('a');
      ref.className = 'lineref';
      ref.href = '#';
      ref.dataset.line = m[3];
      ref.title = `Go to line ${m[3]}`;
      ref.textContent = m[3];
      span.append(m[1], ref, m[4] + '\n');
      if (this.tail && this.tail.isConnected) this.tail.remove();
      this.pre.appendChild(span);
      this.chars += line.length;
      this.last = null;
    }
  }

  trim() {
    while (this.chars > MAX_CHARS && this.pre.firstChild && this.pre.firstChild !== this.tail) {
      const first = this.pre.firstChild;
      const len = first.textContent.length;
      const over = this.chars - MAX_CHARS;
      if (len > over && first.firstChild && first.firstChild.nodeType === 3 && first.childNodes.length === 1) {
        first.firstChild.deleteData(0, over);
        this.chars -= over;
        break;
      }
      first.remove();
      this.chars -= len;
      if (first === this.last) this.last = null;
    }
  }

  get text() {
    this.flush();
    return this.pre.textContent;
  }
}
