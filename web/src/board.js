// board.js -- the board panel: an SVG drawing of the simulated board (four
// LEDs, the USR switch, four servos on X1..X4, a button on Y1, an LED on
// Y2, a potentiometer on X19) that follows the running program.
//
//   const panel = createBoardPanel(container, {onInput(what, value)});
//   panel.reset(code)            before each run (shows itself when the code
//                                imports pyb or machine)
//   panel.attachShared(getView)  browser runs: getView() -> {buffer, ptr} of
//                                the VM's TlBoardSnapshot in shared memory
//                                (vm/tl.h), polled once per animation frame
//   panel.applyEvent(ev)         server runs: one {"type":"board"} message
//   panel.end()                  the run is over (the last state stays)
//
// Either way the panel keeps the same small model, and a servo is stored as
// a glide (from, to, start, duration), so the horn is drawn at the angle the
// VM's model has at that instant, not where the last message left it.  The
// snapshot's times are the VM's monotonic clock, which in the browser is
// the page's performance.now(); events from the server carry times since
// the board started, mapped onto the page's clock by the smallest delay
// seen.  Inputs (press and hold the switch or the button, drag the
// potentiometer) go to opts.onInput.
const NS = 'http://www.w3.org/2000/svg';
const LED_COLOURS = ['#ff4d4d', '#3ddc84', '#ffc53d', '#4da3ff'];
const SNAP_DOUBLES = 24;      // led[4], servo[4][4], gpio_led, sw, button, pot

const CSS = `
.board-panel { border-bottom: 1px solid var(--line, #3334); padding: 6px 8px; display: flex;
  flex-wrap: wrap; align-items: center; gap: 6px 12px; }
.board-panel[hidden] { display: none; }
.board-panel svg { width: 100%; max-width: 460px; height: auto; user-select: none; }
.board-panel .pcb { fill: #1d3b2f; stroke: #2f5e4a; }
.board-panel text { fill: #d7e4dc; font: 9px ui-monospace, monospace; }
.board-panel .led-off { fill: #2a2a2a; }
.board-panel .press { cursor: pointer; }
.board-panel .press:focus { outline: none; }
.board-panel .press:focus-visible .cap { stroke: #fff; stroke-width: 2; }
.board-panel .cap { fill: #3b3f46; stroke: #15171a; }
.board-panel .press.down .cap { fill: #8f98a3; }
.board-panel .servo-body { fill: #25344a; stroke: #0e1622; }
.board-panel .horn { fill: #f2f2f2; stroke: #888; }
.board-panel .pot { display: flex; align-items: center; gap: 6px; font: 12px system-ui, sans-serif; }
.board-panel .pot input { width: 160px; }
`;

function el(name, attrs = {}, parent = null) {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (parent) parent.appendChild(e);
  return e;
}

function text(parent, x, y, s, anchor = 'middle') {
  const t = el('text', { x, y, 'text-anchor': anchor }, parent);
  t.textContent = s;
  return t;
}

function freshModel() {
  return {
    led: [0, 0, 0, 0],
    servo: [0, 1, 2, 3].map(() => ({ from: 0, to: 0, start: 0, dur: 0 })),
    gpioLed: 0, pinLevel: 0, pwmDuty: null,
    sw: 0, button: 0, pot: 32768,
  };
}

// The angle of a glide at time t (seconds), within the horn's travel.
export function servoAngle(s, t) {
  const f = s.dur > 0 ? Math.min(1, Math.max(0, (t - s.start) / s.dur)) : 1;
  return Math.max(-90, Math.min(90, s.from + (s.to - s.from) * f));
}

export function createBoardPanel(container, opts = {}) {
  if (!document.getElementById('board-panel-css')) {
    const style = document.createElement('style');
    style.id = 'board-panel-css';
    style.textContent = CSS;
    document.head.appendChild(style);
  }
  const root = document.createElement('div');
  root.className = 'board-panel';
  root.id = 'board';
  root.hidden = true;
  root.setAttribute('aria-label', 'Simulated board');
  container.insertBefore(root, container.firstChild);

  const svg = el('svg', { viewBox: '0 0 460 150', role: 'img', 'aria-label': 'pyboard with LEDs, servos, switch and button' }, root);
  const defs = el('defs', {}, svg);
  const glow = el('filter', { id: 'board-glow', x: '-100%', y: '-100%', width: '300%', height: '300%' }, defs);
  el('feGaussianBlur', { stdDeviation: '3' }, glow);
  el('rect', { class: 'pcb', x: 1, y: 1, width: 458, height: 148, rx: 8 }, svg);

  // LEDs 1..4 and the LED on Y2: a dark body and a glowing lit layer.
  const leds = [];
  const addLed = (x, y, colour, label, id) => {
    const g = el('g', { 'data-led': id }, svg);
    el('circle', { class: 'led-off', cx: x, cy: y, r: 7 }, g);
    const halo = el('circle', { cx: x, cy: y, r: 11, fill: colour, filter: 'url(#board-glow)', opacity: 0 }, g);
    const lit = el('circle', { cx: x, cy: y, r: 7, fill: colour, opacity: 0 }, g);
    text(g, x, y + 20, label);
    const led = { g, halo, lit, shown: -1 };
    leds.push(led);
    return led;
  };
  LED_COLOURS.forEach((c, i) => addLed(22 + i * 30, 22, c, `LED${i + 1}`, String(i + 1)));
  const gpioLed = addLed(262, 22, '#ffffff', 'Y2', 'Y2');

  // Press-and-hold controls: the USR switch and the button on Y1.
  const presses = {};
  const addPress = (x, y, label, what, round) => {
    const g = el('g', { class: 'press', tabindex: 0, role: 'button', 'aria-label': label, 'data-input': what }, svg);
    if (round) el('circle', { class: 'cap', cx: x, cy: y, r: 11 }, g);
    else el('rect', { class: 'cap', x: x - 13, y: y - 8, width: 26, height: 16, rx: 3 }, g);
    text(g, x, y + 24, label);
    const set = (v) => {
      if (presses[what] === v) return;
      presses[what] = v;
      g.classList.toggle('down', !!v);
      if (opts.onInput) opts.onInput(what, v);
    };
    g.addEventListener('pointerdown', (e) => { e.preventDefault(); g.setPointerCapture(e.pointerId); set(1); });
    g.addEventListener('pointerup', () => set(0));
    g.addEventListener('pointercancel', () => set(0));
    g.addEventListener('keydown', (e) => {
      if ((e.key === ' ' || e.key === 'Enter') && !e.repeat) { e.preventDefault(); set(1); }
    });
    g.addEventListener('keyup', (e) => { if (e.key === ' ' || e.key === 'Enter') set(0); });
    return g;
  };
  addPress(172, 22, 'USR', 'switch', false);
  addPress(222, 22, 'Y1 button', 'button', true);

  // Servos 1..4 on X1..X4: a body, a hub and a horn rotated to the angle.
  const servos = [0, 1, 2, 3].map((i) => {
    const cx = 60 + i * 112, cy = 100;
    const g = el('g', { 'data-servo': i + 1, 'data-angle': '0' }, svg);
    el('rect', { class: 'servo-body', x: cx - 40, y: cy - 22, width: 80, height: 44, rx: 5 }, g);
    const horn = el('g', {}, g);
    el('rect', { class: 'horn', x: -4, y: -30, width: 8, height: 34, rx: 4 }, horn);
    el('circle', { class: 'horn', cx: 0, cy: 0, r: 7 }, horn);
    const label = text(g, cx, cy + 34, `Servo ${i + 1} · X${i + 1}`);
    return { g, horn, cx, cy, label, shown: NaN };
  });

  const potBox = document.createElement('label');
  potBox.className = 'pot';
  potBox.textContent = 'X19 pot';
  const pot = document.createElement('input');
  Object.assign(pot, { type: 'range', min: 0, max: 65535, value: 32768, id: 'board-pot' });
  pot.setAttribute('aria-label', 'Potentiometer on X19');
  potBox.appendChild(pot);
  root.appendChild(potBox);
  pot.addEventListener('input', () => opts.onInput && opts.onInput('pot', Number(pot.value)));

  let model = freshModel();
  let getView = null;      // shared-memory source (browser runs)
  let offset = Infinity;   // server events: page seconds minus board seconds
  let frame = 0;

  function readShared() {
    const v = getView && getView();
    if (!v) return;
    const seq = new Int32Array(v.buffer, v.ptr, 1);
    const d = new Float64Array(v.buffer, v.ptr + 8, SNAP_DOUBLES);
    for (let tries = 0; tries < 4; tries++) {
      const s0 = Atomics.load(seq, 0);
      if (s0 & 1) continue;
      const c = d.slice();
      if (Atomics.load(seq, 0) !== s0) continue;
      model.led = [c[0], c[1], c[2], c[3]];
      model.servo = [0, 1, 2, 3].map((i) => ({
        from: c[4 + i * 4], to: c[5 + i * 4], start: c[6 + i * 4], dur: c[7 + i * 4],
      }));
      model.gpioLed = c[20];
      model.pot = c[23];
      return;
    }
  }

  function draw() {
    const t = performance.now() / 1000;
    if (getView) readShared();
    const levels = [...model.led.map((v) => v / 255), model.gpioLed];
    leds.forEach((led, i) => {
      const v = Math.max(0, Math.min(1, levels[i]));
      if (v === led.shown) return;
      led.shown = v;
      led.lit.setAttribute('opacity', String(v));
      led.halo.setAttribute('opacity', String(v * 0.9));
      led.g.dataset.intensity = String(Math.round(v * 255));
    });
    servos.forEach((s, i) => {
      const a = servoAngle(model.servo[i], t);
      if (Math.abs(a - s.shown) < 0.05) return;
      s.shown = a;
      s.horn.setAttribute('transform', `translate(${s.cx} ${s.cy}) rotate(${a.toFixed(2)})`);
      s.g.dataset.angle = a.toFixed(1);
      s.label.textContent = `Servo ${i + 1} · X${i + 1} · ${Math.round(a)}°`;
    });
  }

  function loop() {
    draw();
    frame = requestAnimationFrame(loop);
  }

  function start() {
    if (!frame) frame = requestAnimationFrame(loop);
  }

  const usesBoard = (code) => /\b(import|from)\s+(pyb|machine)\b/.test(code || '');

  return {
    root,
    reset(code) {
      model = freshModel();
      getView = null;
      offset = Infinity;
      for (const k of Object.keys(presses)) presses[k] = 0;
      for (const g of root.querySelectorAll('.press')) g.classList.remove('down');
      pot.value = 32768;
      if (code !== undefined) root.hidden = !usesBoard(code);
      draw();
      start();
    },
    attachShared(fn) {
      getView = fn;
      start();
    },
    applyEvent(ev) {
      const now = performance.now() / 1000, t = ev.t / 1000;
      offset = Math.min(offset, now - t);
      switch (ev.kind) {
        case 'led': model.led[ev.dev - 1] = ev.value; break;
        case 'servo':
          model.servo[ev.dev - 1] = { from: ev.from, to: ev.to, start: t + offset, dur: ev.ms / 1000 };
          break;
        case 'pin': if (ev.dev === 'Y2') model.pinLevel = ev.value; break;
        case 'pwm': if (ev.dev === 'Y2') model.pwmDuty = ev.freq > 0 ? ev.value / 65535 : null; break;
        case 'pot': model.pot = ev.value; break;
        default: break;
      }
      model.gpioLed = model.pwmDuty ?? model.pinLevel;
      start();
    },
    end() {
      if (getView) readShared();
      getView = null;
    },
    // For tests: the angle drawn for servo n and the model's angle now.
    angle(n) { return servoAngle(model.servo[n - 1], performance.now() / 1000); },
  };
}
