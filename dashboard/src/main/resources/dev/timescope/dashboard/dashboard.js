'use strict';
// The timescope dashboard: draws the scope/task tree of a recording as a nested timeline on a canvas, only the
// rows in view, so that 100,000 tasks stay smooth. Every name and message reaches the screen as text: through
// canvas fillText or a DOM node's textContent, never through markup.
(function () {
  const D = JSON.parse(document.getElementById('timescope-data').textContent);
  const S = D.strings;
  const N = D.type.length;
  const TYPE_DOMAIN = 0, TYPE_SCOPE = 1, TYPE_TASK = 2;
  const SUCCESS = 0, FAILED = 1, CANCELLED = 2, RUNNING = 3;
  const OUTCOME_WORDS = ['success', 'failed', 'cancelled', 'still running'];
  const OUTCOME_CLASSES = ['success', 'failed', 'cancelled', 'running'];
  const TYPE_WORDS = ['domain', 'scope', 'task'];
  const ROW_H = 22, AXIS_H = 30, INDENT = 14;

  // ---- Model: columns as typed arrays, tree links derived from the parent column (rows are in tree order). ----
  const parent = Int32Array.from(D.parent);
  const type = Uint8Array.from(D.type);
  const outcome = Uint8Array.from(D.outcome);
  const rs = Float64Array.from(D.rs), re = Float64Array.from(D.re);
  const vs = Float64Array.from(D.vs), vd = Float64Array.from(D.vd);
  const dom = Int32Array.from(D.dom);
  const depth = new Uint16Array(N);
  const subtreeEnd = new Int32Array(N);
  const childCount = new Int32Array(N);
  for (let i = 0; i < N; i++) {
    const p = parent[i];
    if (p >= 0) { depth[i] = Math.min(depth[p] + 1, 65535); childCount[p]++; }
  }
  for (let i = N - 1; i >= 0; i--) {
    if (subtreeEnd[i] === 0) subtreeEnd[i] = i + 1;
    const p = parent[i];
    if (p >= 0 && subtreeEnd[i] > subtreeEnd[p]) subtreeEnd[p] = subtreeEnd[i];
  }
  const str = (k) => (k >= 0 ? S[k] : null);
  const typeKey = ['d', 's', 't'];
  const key = (i) => typeKey[type[i]] + D.id[i];
  const displayName = (i) => { const n = str(D.name[i]); return n ? n : TYPE_WORDS[type[i]] + ' ' + D.id[i]; };
  const keyIndex = new Map();
  for (let i = 0; i < N; i++) keyIndex.set(key(i), i);
  const lowerNames = new Array(N);
  for (let i = 0; i < N; i++) lowerNames[i] = displayName(i).toLowerCase();

  const vorigin = new Map();
  for (let k = 0; k < D.vorigin.length; k += 2) vorigin.set(D.vorigin[k], D.vorigin[k + 1]);

  // Cancellations: [target, requester, reason, detail, realTime, virtualTime] repeated.
  const cancels = [];
  const cancelsOf = new Map(); // requester row -> target rows
  const cancelOfTarget = new Map();
  for (let k = 0; k < D.cancel.length; k += 6) {
    const c = { target: D.cancel[k], requester: D.cancel[k + 1], reason: str(D.cancel[k + 2]), detail: str(D.cancel[k + 3]), rt: D.cancel[k + 4], vt: D.cancel[k + 5] };
    cancels.push(c);
    if (!cancelOfTarget.has(c.target)) cancelOfTarget.set(c.target, c);
    if (c.requester >= 0) {
      if (!cancelsOf.has(c.requester)) cancelsOf.set(c.requester, []);
      cancelsOf.get(c.requester).push(c.target);
    }
  }
  const firstFailureOf = new Map(); // scope row -> task row
  const scopeOfFirstFailure = new Map();
  for (let k = 0; k < D.firstFail.length; k += 2) {
    firstFailureOf.set(D.firstFail[k], D.firstFail[k + 1]);
    scopeOfFirstFailure.set(D.firstFail[k + 1], D.firstFail[k]);
  }
  const advances = [];
  for (let k = 0; k < D.adv.length; k += 5) {
    advances.push({ domain: D.adv[k], from: D.adv[k + 1], to: D.adv[k + 2], timers: D.adv[k + 3], rt: D.adv[k + 4] });
  }
  const deadlocks = [];
  for (let k = 0; k < D.deadlocks.length; k += 4) {
    deadlocks.push({ domain: D.deadlocks[k], report: str(D.deadlocks[k + 1]) || '', rt: D.deadlocks[k + 2], vt: D.deadlocks[k + 3] });
  }

  // ---- Formatting ----
  function fmtDuration(ns) {
    if (!(ns >= 0)) return '–';
    if (ns < 1e3) return Math.round(ns) + ' ns';
    if (ns < 1e6) return sig(ns / 1e3) + ' µs';
    if (ns < 1e9) return sig(ns / 1e6) + ' ms';
    if (ns < 60e9) return sig(ns / 1e9) + ' s';
    const s = Math.floor(ns / 1e9);
    if (s < 3600) return two(Math.floor(s / 60), 'min', s % 60, 's');
    if (s < 86400) return two(Math.floor(s / 3600), 'h', Math.floor(s % 3600 / 60), 'min');
    return two(Math.floor(s / 86400), 'd', Math.floor(s % 86400 / 3600), 'h');
  }
  function sig(v) {
    const text = v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
    return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
  }
  function two(a, ua, b, ub) { return b ? a + ' ' + ua + ' ' + b + ' ' + ub : a + ' ' + ua; }
  const nf = new Intl.NumberFormat('en');
  function virtualInstant(row, relNs) {
    const d = type[row] === TYPE_DOMAIN ? row : dom[row];
    if (relNs < 0 || !vorigin.has(d)) return null;
    return new Date(vorigin.get(d) + relNs / 1e6).toISOString().replace('T', ' ').replace('Z', ' UTC');
  }
  function realInstant(relNs) {
    const base = Date.parse(D.realStart);
    return new Date(base + relNs / 1e6).toISOString().replace('T', ' ').replace('Z', ' UTC');
  }

  // ---- State ----
  const state = {
    axis: 'virtual', // or 'real'
    t0: 0, t1: 1, // view window on the axis, ns
    query: '', outcomeFilter: -1,
    collapsed: new Uint8Array(N),
    selected: -1, hover: -1,
    highlight: new Set(),
  };
  let visible = new Int32Array(0); // visible position -> row
  const rowPos = new Int32Array(N).fill(-1); // row -> visible position
  let dimmed = new Uint8Array(N); // kept only as the ancestor of a match

  const hasVirtual = new Uint8Array(N);
  let anyVirtual = false;
  for (let i = 0; i < N; i++) { if (vs[i] >= 0) { hasVirtual[i] = 1; anyVirtual = true; } }
  if (!anyVirtual) state.axis = 'real';

  function start(i) { return state.axis === 'real' ? rs[i] : vs[i]; }
  function end(i) { return state.axis === 'real' ? re[i] : vs[i] + vd[i]; }
  function onAxis(i) { return state.axis === 'real' || hasVirtual[i] === 1; }
  function fullSpan() {
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < N; i++) {
      if (!onAxis(i)) continue;
      const a = start(i), b = end(i);
      if (a < lo) lo = a;
      if (b > hi) hi = b;
    }
    if (state.axis === 'virtual') for (const a of advances) if (a.to > hi) hi = a.to;
    if (!isFinite(lo)) { lo = 0; hi = 1; }
    if (hi <= lo) hi = lo + 1e6;
    return [lo, hi];
  }
  function fit() {
    const [lo, hi] = fullSpan();
    const pad = (hi - lo) * 0.02;
    state.t0 = lo - pad; state.t1 = hi + pad;
  }

  // ---- Filtering and the visible list ----
  function matches(i, q, idQuery) {
    if (state.outcomeFilter >= 0 && (type[i] === TYPE_DOMAIN || outcome[i] !== state.outcomeFilter)) return false;
    if (!q) return true;
    if (idQuery !== null && D.id[i] === idQuery) return true;
    return lowerNames[i].includes(q) || key(i) === q;
  }
  function rebuild() {
    const q = state.query.trim().toLowerCase();
    const filtering = q !== '' || state.outcomeFilter >= 0;
    const idText = q.replace(/^#/, '');
    const idQuery = /^\d+$/.test(idText) ? Number(idText) : null;
    const keep = new Uint8Array(N);
    dimmed = new Uint8Array(N);
    let matched = 0;
    if (filtering) {
      for (let i = N - 1; i >= 0; i--) {
        if (matches(i, q, idQuery)) { keep[i] = 2; matched++; }
        if (keep[i] && parent[i] >= 0 && !keep[parent[i]]) keep[parent[i]] = 1;
      }
      // Ancestors of a match were marked 1 when their child came first in the reverse scan; propagate to the root.
      for (let i = N - 1; i >= 0; i--) if (keep[i] && parent[i] >= 0 && !keep[parent[i]]) keep[parent[i]] = 1;
    }
    const out = new Int32Array(N);
    rowPos.fill(-1);
    let n = 0;
    for (let i = 0; i < N;) {
      if (filtering && !keep[i]) { i = subtreeEnd[i]; continue; }
      if (filtering && keep[i] === 1) dimmed[i] = 1;
      rowPos[i] = n; out[n++] = i;
      i = !filtering && state.collapsed[i] ? subtreeEnd[i] : i + 1;
    }
    visible = out.subarray(0, n);
    spacer.style.height = (AXIS_H + n * ROW_H + ROW_H) + 'px';
    const tasks = filtering ? matched : N;
    countEl.textContent = filtering ? nf.format(matched) + ' of ' + nf.format(N) + ' rows match' : nf.format(N) + ' rows';
    emptyEl.hidden = n !== 0;
    api.matched = tasks;
    schedule();
  }

  // ---- DOM ----
  const canvas = document.getElementById('canvas');
  const ctx = canvas.getContext('2d');
  const scroller = document.getElementById('scroller');
  const spacer = document.getElementById('spacer');
  const view = document.getElementById('view');
  const tooltip = document.getElementById('tooltip');
  const countEl = document.getElementById('count');
  const emptyEl = document.getElementById('empty');
  const search = document.getElementById('search');
  const details = document.getElementById('details');

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  let colors = {};
  function readColors() {
    const cs = getComputedStyle(document.documentElement);
    for (const name of ['bg', 'panel', 'fg', 'muted', 'faint', 'line', 'grid', 'row-alt', 'hover', 'select', 'highlight',
      'success', 'failed', 'cancelled', 'running', 'scope', 'domain', 'accent', 'font', 'mono']) {
      colors[name] = cs.getPropertyValue('--' + name).trim();
    }
    colors.outcome = [colors.success, colors.failed, colors.cancelled, colors.running];
  }

  // ---- Geometry ----
  let W = 0, H = 0, dpr = 1, labelW = 320;
  function resize() {
    dpr = window.devicePixelRatio || 1;
    W = view.clientWidth; H = view.clientHeight;
    canvas.width = Math.round(W * dpr); canvas.height = Math.round(H * dpr);
    labelW = Math.max(200, Math.min(420, Math.round(W * 0.3)));
    schedule();
  }
  const plotX = () => labelW + 12;
  const plotW = () => Math.max(40, W - labelW - 24);
  function xOf(t) { return plotX() + (t - state.t0) / (state.t1 - state.t0) * plotW(); }
  function tOf(x) { return state.t0 + (x - plotX()) / plotW() * (state.t1 - state.t0); }

  // ---- Drawing ----
  let pending = false;
  function schedule() { if (!pending) { pending = true; requestAnimationFrame(draw); } }

  function niceStep(span, px) {
    const raw = span / Math.max(1, px / 110);
    const units = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6, 2e6, 5e6, 1e7, 2e7, 5e7,
      1e8, 2e8, 5e8, 1e9, 2e9, 5e9, 1e10, 15e9, 30e9, 60e9, 120e9, 300e9, 600e9, 900e9, 1800e9, 3600e9, 7200e9, 10800e9,
      21600e9, 43200e9, 86400e9, 172800e9, 604800e9];
    for (const u of units) if (u >= raw) return u;
    return Math.pow(10, Math.ceil(Math.log10(raw)));
  }

  function draw() {
    pending = false;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = colors.panel;
    ctx.fillRect(0, 0, W, H);
    const font = '12px ' + colors.font;
    ctx.font = font;
    ctx.textBaseline = 'middle';
    const scrollTop = scroller.scrollTop;
    const first = Math.max(0, Math.floor(scrollTop / ROW_H));
    const last = Math.min(visible.length, Math.ceil((scrollTop + H - AXIS_H) / ROW_H) + 1);
    const px0 = plotX(), pw = plotW();

    // Grid lines behind the rows.
    const step = niceStep(state.t1 - state.t0, pw);
    const firstTick = Math.ceil(state.t0 / step) * step;
    ctx.fillStyle = colors.grid;
    for (let t = firstTick; t <= state.t1; t += step) ctx.fillRect(Math.round(xOf(t)), AXIS_H, 1, H - AXIS_H);

    // Rows.
    for (let v = first; v < last; v++) {
      const i = visible[v];
      const y = AXIS_H + v * ROW_H - scrollTop;
      drawRow(i, y, px0, pw);
    }

    // Cancellation arrows between rows in view, from the requester to the target, at the cancellation's time.
    drawCancels(first, last, scrollTop);

    // Axis header on top.
    ctx.fillStyle = colors.panel;
    ctx.fillRect(0, 0, W, AXIS_H);
    ctx.fillStyle = colors.line;
    ctx.fillRect(0, AXIS_H - 1, W, 1);
    ctx.fillRect(labelW, 0, 1, H);
    ctx.fillStyle = colors.muted;
    ctx.font = '11px ' + colors.font;
    ctx.textAlign = 'left';
    ctx.fillText(state.axis === 'virtual' ? 'VIRTUAL TIME · from each domain\u2019s start' : 'REAL TIME · from the recording\u2019s start', 14, AXIS_H / 2);
    ctx.save();
    ctx.beginPath(); ctx.rect(px0 - 8, 0, pw + 20, AXIS_H); ctx.clip();
    for (let t = firstTick; t <= state.t1; t += step) {
      const x = Math.round(xOf(t));
      ctx.fillStyle = colors.line;
      ctx.fillRect(x, AXIS_H - 6, 1, 6);
      ctx.fillStyle = colors.muted;
      ctx.fillText(fmtDuration(Math.abs(t)).replace(/^0 ns$/, '0'), x + 4, AXIS_H / 2 - 3);
    }
    // Clock advances as markers on the axis.
    ctx.fillStyle = colors.accent;
    let lastX = -10;
    for (const a of advances) {
      const t = state.axis === 'virtual' ? a.to : a.rt;
      if (t < 0 || t < state.t0 || t > state.t1) continue;
      const x = Math.round(xOf(t));
      if (x === lastX) continue;
      lastX = x;
      ctx.fillRect(x - 1, AXIS_H - 10, 2, 9);
    }
    ctx.restore();
    if (!api.ready) {
      api.ready = true;
      document.documentElement.setAttribute('data-ready', 'true');
      api.readyAt = performance.now();
    }
  }

  function roundRect(x, y, w, h, r) {
    r = Math.min(r, w / 2, h / 2);
    ctx.beginPath();
    ctx.moveTo(x + r, y);
    ctx.arcTo(x + w, y, x + w, y + h, r);
    ctx.arcTo(x + w, y + h, x, y + h, r);
    ctx.arcTo(x, y + h, x, y, r);
    ctx.arcTo(x, y, x + w, y, r);
    ctx.closePath();
  }

  function drawRow(i, y, px0, pw) {
    const selected = i === state.selected;
    if (selected) { ctx.fillStyle = colors.select; ctx.fillRect(0, y, W, ROW_H); }
    else if (state.highlight.has(i)) { ctx.fillStyle = colors.highlight; ctx.fillRect(0, y, W, ROW_H); }
    else if (i === state.hover) { ctx.fillStyle = colors.hover; ctx.fillRect(0, y, W, ROW_H); }
    const cy = y + ROW_H / 2;
    const dim = dimmed[i] === 1;
    ctx.globalAlpha = dim ? 0.45 : 1;

    // Label: indentation, disclosure triangle, outcome dot, name, id.
    const x0 = 10 + Math.min(depth[i], 18) * INDENT;
    if (childCount[i] > 0) {
      ctx.fillStyle = colors.muted;
      ctx.beginPath();
      if (state.collapsed[i]) { ctx.moveTo(x0, cy - 4); ctx.lineTo(x0 + 6, cy); ctx.lineTo(x0, cy + 4); }
      else { ctx.moveTo(x0 - 1, cy - 2.5); ctx.lineTo(x0 + 7, cy - 2.5); ctx.lineTo(x0 + 3, cy + 3); }
      ctx.fill();
    }
    const t = type[i];
    ctx.fillStyle = t === TYPE_DOMAIN ? colors.domain : colors.outcome[outcome[i]];
    ctx.beginPath();
    if (t === TYPE_TASK) ctx.arc(x0 + 16, cy, 3.5, 0, Math.PI * 2);
    else ctx.rect(x0 + 12.5, cy - 3.5, 7, 7);
    ctx.fill();
    ctx.save();
    ctx.beginPath(); ctx.rect(0, y, labelW - 8, ROW_H); ctx.clip();
    const idText = '#' + D.id[i];
    ctx.font = '11px ' + colors.font;
    const idW = ctx.measureText(idText).width;
    ctx.fillStyle = colors.faint;
    ctx.textAlign = 'right';
    ctx.fillText(idText, labelW - 10, cy);
    ctx.textAlign = 'left';
    ctx.font = (t === TYPE_TASK ? '' : '600 ') + '12px ' + colors.font;
    ctx.fillStyle = colors.fg;
    const nameX = x0 + 26;
    let name = displayName(i);
    const kind = str(D.kind[i]);
    const room = labelW - 18 - idW - nameX;
    name = ellipsize(name, room);
    ctx.fillText(name, nameX, cy);
    if (kind && t === TYPE_SCOPE) {
      const w = ctx.measureText(name).width;
      ctx.font = '11px ' + colors.font;
      ctx.fillStyle = colors.muted;
      if (w + 8 < room) ctx.fillText(ellipsize(kind, room - w - 8), nameX + w + 8, cy);
    }
    ctx.restore();

    // Bar.
    if (!onAxis(i)) {
      ctx.fillStyle = colors.faint;
      ctx.font = '11px ' + colors.font;
      ctx.fillText('no virtual time (not on a domain\u2019s thread)', px0, cy);
      ctx.globalAlpha = 1;
      return;
    }
    const a = start(i), b = end(i);
    if (b < state.t0 || a > state.t1) { ctx.globalAlpha = 1; return; }
    let xa = xOf(a), xb = xOf(b);
    const clipA = Math.max(px0 - 4, xa), clipB = Math.min(px0 + pw + 4, xb);
    const w = Math.max(2, clipB - clipA);
    const color = t === TYPE_DOMAIN ? colors.domain : colors.outcome[outcome[i]];
    if (t === TYPE_TASK) {
      ctx.fillStyle = color;
      ctx.globalAlpha = (dim ? 0.45 : 1) * (outcome[i] === SUCCESS ? 0.78 : 0.92);
      roundRect(clipA, cy - 6, w, 12, 3);
      ctx.fill();
      ctx.globalAlpha = dim ? 0.45 : 1;
      if (outcome[i] === RUNNING) {
        // Still running when the recording ended: an open end.
        ctx.fillStyle = colors.panel;
        for (let k = 0; k < 3; k++) ctx.fillRect(clipA + w - 4 - k * 5, cy - 6, 2, 12);
      }
    } else {
      // Scopes and domains: a bracket spanning their children.
      ctx.fillStyle = color;
      ctx.globalAlpha = (dim ? 0.45 : 1) * 0.3;
      ctx.fillRect(clipA, cy - 5, w, 10);
      ctx.globalAlpha = dim ? 0.45 : 1;
      ctx.fillRect(clipA, cy - 5, w, 2);
      if (xa >= px0 - 4) ctx.fillRect(clipA, cy - 5, 2, 10);
      if (xb <= px0 + pw + 4) ctx.fillRect(clipA + w - 2, cy - 5, 2, 10);
    }
    if (state.highlight.has(i) || selected) {
      ctx.strokeStyle = selected ? colors.fg : colors.cancelled;
      ctx.lineWidth = 1.5;
      roundRect(clipA - 2, cy - 8, w + 4, 16, 4);
      ctx.stroke();
    }
    if (t === TYPE_DOMAIN) {
      // Deadlocks of this domain: a red diamond where its clock stood still.
      for (const d of deadlocks) {
        if (d.domain !== i) continue;
        const at = state.axis === 'virtual' ? d.vt : d.rt;
        if (at < 0) continue;
        const x = xOf(at);
        ctx.fillStyle = colors.failed;
        ctx.beginPath();
        ctx.moveTo(x, cy - 7); ctx.lineTo(x + 7, cy); ctx.lineTo(x, cy + 7); ctx.lineTo(x - 7, cy);
        ctx.fill();
      }
    }
    if (scopeOfFirstFailure.has(i)) {
      // The first failure of a fail-fast group: a mark at its end.
      ctx.fillStyle = colors.failed;
      ctx.beginPath();
      ctx.moveTo(xb, cy - 8); ctx.lineTo(xb + 5, cy - 3); ctx.lineTo(xb, cy + 2); ctx.lineTo(xb - 5, cy - 3);
      ctx.fill();
    }
    // Duration beside the bar when there is room.
    const label = fmtDuration(b - a);
    ctx.font = '11px ' + colors.font;
    const lw = ctx.measureText(label).width;
    if (clipB + 6 + lw < px0 + pw) {
      ctx.fillStyle = colors.muted;
      ctx.fillText(label, clipB + 6, cy);
    }
    ctx.globalAlpha = 1;
  }

  function ellipsize(text, room) {
    if (room <= 10) return '';
    if (ctx.measureText(text).width <= room) return text;
    let lo = 0, hi = text.length;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ctx.measureText(text.slice(0, mid) + '…').width <= room) lo = mid; else hi = mid - 1;
    }
    return text.slice(0, lo) + '…';
  }

  function drawCancels(first, last, scrollTop) {
    if (cancels.length === 0) return;
    let drawn = 0;
    ctx.save();
    ctx.beginPath(); ctx.rect(labelW + 1, AXIS_H, W - labelW, H - AXIS_H); ctx.clip();
    ctx.strokeStyle = colors.cancelled;
    ctx.fillStyle = colors.cancelled;
    ctx.lineWidth = 1.25;
    ctx.setLineDash([4, 3]);
    for (const c of cancels) {
      if (c.requester < 0) continue;
      const pt = rowPos[c.target], pr = rowPos[c.requester];
      if (pt < 0 || pr < 0) continue;
      if (Math.max(pt, pr) < first || Math.min(pt, pr) >= last) continue;
      const t = state.axis === 'virtual' ? c.vt : c.rt;
      if (t < 0) continue;
      const x = xOf(t);
      if (x < labelW || x > W) continue;
      const y1 = AXIS_H + pr * ROW_H - scrollTop + ROW_H / 2;
      const y2 = AXIS_H + pt * ROW_H - scrollTop + ROW_H / 2;
      const dir = y2 > y1 ? 1 : -1;
      ctx.beginPath();
      ctx.moveTo(x, y1);
      ctx.bezierCurveTo(x + 18, y1, x + 18, y2 - dir * 8, x + 2, y2 - dir * 7);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.beginPath();
      ctx.moveTo(x, y2 - dir * 2); ctx.lineTo(x - 3, y2 - dir * 9); ctx.lineTo(x + 4, y2 - dir * 8);
      ctx.fill();
      ctx.setLineDash([4, 3]);
      if (++drawn > 3000) break;
    }
    ctx.restore();
  }

  // ---- Interaction ----
  function rowAt(clientY) {
    const r = view.getBoundingClientRect();
    const y = clientY - r.top;
    if (y < AXIS_H) return -1;
    const v = Math.floor((y - AXIS_H + scroller.scrollTop) / ROW_H);
    return v >= 0 && v < visible.length ? visible[v] : -1;
  }
  function advanceAt(clientX, clientY) {
    const r = view.getBoundingClientRect();
    if (clientY - r.top >= AXIS_H) return null;
    const x = clientX - r.left;
    let best = null, bestD = 5;
    for (const a of advances) {
      const t = state.axis === 'virtual' ? a.to : a.rt;
      if (t < 0) continue;
      const d = Math.abs(xOf(t) - x);
      if (d < bestD) { bestD = d; best = a; }
    }
    return best;
  }

  function showTooltip(clientX, clientY, lines) {
    tooltip.replaceChildren();
    lines.forEach((l, k) => {
      const line = el('div', l.cls || null, l.text);
      if (k === 0) line.style.fontWeight = '600';
      tooltip.appendChild(line);
    });
    tooltip.hidden = false;
    const r = view.getBoundingClientRect();
    let x = clientX - r.left + 14, y = clientY - r.top + 14;
    const tw = tooltip.offsetWidth, th = tooltip.offsetHeight;
    if (x + tw > W - 8) x = Math.max(8, clientX - r.left - tw - 14);
    if (y + th > H - 8) y = Math.max(8, clientY - r.top - th - 14);
    tooltip.style.left = x + 'px';
    tooltip.style.top = y + 'px';
  }

  function outcomeWord(i) {
    const t = str(D.otext[i]);
    return outcome[i] === RUNNING || !t ? OUTCOME_WORDS[outcome[i]] : t.toLowerCase().replace(/_/g, ' ');
  }
  function rowLines(i) {
    const lines = [{ text: displayName(i) }];
    const kind = str(D.kind[i]);
    lines.push({ text: TYPE_WORDS[type[i]] + ' #' + D.id[i] + (kind ? ' · ' + kind : '') + ' · ' + (type[i] === TYPE_DOMAIN ? 'virtual-time domain' : outcomeWord(i)), cls: 'muted' });
    if (hasVirtual[i]) lines.push({ text: 'virtual ' + fmtDuration(vd[i]) + '   real ' + fmtDuration(re[i] - rs[i]) });
    else lines.push({ text: 'real ' + fmtDuration(re[i] - rs[i]) });
    const f = str(D.fail[i]);
    if (f) lines.push({ text: f.split('\n')[0] });
    const c = cancelOfTarget.get(i);
    if (c) lines.push({ text: 'cancelled' + (c.requester >= 0 ? ' by ' + displayName(c.requester) : '') + (c.reason ? ': ' + c.reason : '') + (c.detail ? ' \u2014 ' + c.detail : '') });
    const ab = str(D.abort[i]);
    if (ab) lines.push({ text: 'aborted: ' + ab });
    if (scopeOfFirstFailure.has(i)) lines.push({ text: 'first failure of its group: cancelled ' + (cancelsOf.get(i) || []).length + ' siblings' });
    return lines;
  }

  let drag = null;
  scroller.addEventListener('scroll', () => { tooltip.hidden = true; schedule(); }, { passive: true });
  scroller.addEventListener('mousemove', (e) => {
    if (drag) {
      const dt = (e.clientX - drag.x) / plotW() * (drag.t1 - drag.t0);
      if (Math.abs(e.clientX - drag.x) > 2) drag.moved = true;
      state.t0 = drag.t0 - dt; state.t1 = drag.t1 - dt;
      schedule();
      return;
    }
    const a = advanceAt(e.clientX, e.clientY);
    if (a) {
      const from = virtualInstant(a.domain, a.from), to = virtualInstant(a.domain, a.to);
      showTooltip(e.clientX, e.clientY, [{ text: 'Clock advance' }, { text: (from || fmtDuration(a.from)) + ' \u2192 ' + (to || fmtDuration(a.to)) },
        { text: a.timers + ' timer' + (a.timers === 1 ? '' : 's') + ' fired', cls: 'muted' }]);
      return;
    }
    const i = rowAt(e.clientY);
    if (i !== state.hover) { state.hover = i; schedule(); }
    if (i >= 0) showTooltip(e.clientX, e.clientY, rowLines(i)); else tooltip.hidden = true;
  });
  scroller.addEventListener('mouseleave', () => { state.hover = -1; tooltip.hidden = true; schedule(); });
  scroller.addEventListener('mousedown', (e) => {
    const r = view.getBoundingClientRect();
    if (e.button !== 0 || e.clientX - r.left < labelW) return;
    drag = { x: e.clientX, t0: state.t0, t1: state.t1, moved: false };
    scroller.classList.add('dragging');
  });
  window.addEventListener('mouseup', () => {
    if (drag) { scroller.classList.remove('dragging'); setTimeout(() => { drag = null; }, 0); }
  });
  scroller.addEventListener('click', (e) => {
    if (drag && drag.moved) return;
    const i = rowAt(e.clientY);
    if (i < 0) return;
    const r = view.getBoundingClientRect();
    const x = e.clientX - r.left;
    const x0 = 10 + Math.min(depth[i], 18) * INDENT;
    if (childCount[i] > 0 && x >= x0 - 6 && x <= x0 + 10) { toggle(i); return; }
    select(i);
  });
  scroller.addEventListener('dblclick', (e) => {
    const i = rowAt(e.clientY);
    if (i < 0) return;
    const r = view.getBoundingClientRect();
    if (e.clientX - r.left < labelW) { if (childCount[i] > 0) toggle(i); return; }
    if (onAxis(i)) { const a = start(i), b = end(i), pad = Math.max((b - a) * 0.1, 1e3); state.t0 = a - pad; state.t1 = b + pad; schedule(); }
  });
  scroller.addEventListener('wheel', (e) => {
    if (e.ctrlKey || e.metaKey) {
      e.preventDefault();
      const r = view.getBoundingClientRect();
      zoomAt(e.clientX - r.left, Math.exp(e.deltaY * 0.002));
    } else if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
      e.preventDefault();
      pan((e.shiftKey ? e.deltaY : e.deltaX) / plotW());
    }
  }, { passive: false });

  function zoomAt(x, factor) {
    const t = tOf(Math.max(plotX(), Math.min(plotX() + plotW(), x)));
    const span = Math.max(10, (state.t1 - state.t0) * factor);
    const f = (t - state.t0) / (state.t1 - state.t0);
    state.t0 = t - f * span; state.t1 = state.t0 + span;
    schedule();
  }
  function pan(fraction) {
    const dt = fraction * (state.t1 - state.t0);
    state.t0 += dt; state.t1 += dt;
    schedule();
  }
  function toggle(i) {
    state.collapsed[i] = state.collapsed[i] ? 0 : 1;
    rebuild();
  }

  function select(i, scrollIntoView) {
    state.selected = i;
    state.highlight = new Set();
    if (i >= 0) {
      // A fail-fast group's first failure and the siblings its failure cancelled.
      let failure = -1;
      if (scopeOfFirstFailure.has(i)) failure = i;
      else if (firstFailureOf.has(i)) failure = firstFailureOf.get(i);
      else if (cancelOfTarget.has(i) && scopeOfFirstFailure.has(cancelOfTarget.get(i).requester)) failure = cancelOfTarget.get(i).requester;
      if (failure >= 0) {
        state.highlight.add(failure);
        for (const t of cancelsOf.get(failure) || []) state.highlight.add(t);
      }
      if (scrollIntoView) {
        if (rowPos[i] < 0) { for (let p = parent[i]; p >= 0; p = parent[p]) state.collapsed[p] = 0; rebuild(); }
        if (rowPos[i] < 0) { state.query = ''; search.value = ''; state.outcomeFilter = -1; setOutcomeButtons(); rebuild(); }
        const y = rowPos[i] * ROW_H;
        const viewH = (H || view.clientHeight) - AXIS_H;
        if (y < scroller.scrollTop || y + ROW_H > scroller.scrollTop + viewH) scroller.scrollTop = Math.max(0, y - viewH / 3);
      }
    }
    renderDetails();
    schedule();
  }

  function fact(dl, term, value) {
    if (value === null || value === undefined || value === '') return;
    dl.appendChild(el('dt', null, term));
    const dd = el('dd');
    if (value instanceof Node) dd.appendChild(value); else dd.textContent = String(value);
    dl.appendChild(dd);
  }
  function rowLink(i) {
    const b = el('button', 'link', displayName(i) + '  #' + D.id[i]);
    b.addEventListener('click', () => select(i, true));
    return b;
  }
  function section(title) {
    const s = el('div', 'section');
    s.appendChild(el('h3', null, title));
    return s;
  }
  function renderDetails() {
    const i = state.selected;
    if (i < 0) { details.hidden = true; resize(); return; }
    const wasHidden = details.hidden;
    details.hidden = false;
    document.getElementById('d-type').textContent = TYPE_WORDS[type[i]] + (str(D.kind[i]) ? ' · ' + str(D.kind[i]) : '');
    document.getElementById('d-name').textContent = displayName(i);
    const body = document.getElementById('d-body');
    body.replaceChildren();
    if (type[i] !== TYPE_DOMAIN) body.appendChild(el('span', 'pill ' + OUTCOME_CLASSES[outcome[i]], outcomeWord(i)));
    const dl = el('dl', 'facts');
    fact(dl, 'id', D.id[i]);
    fact(dl, 'aborted', str(D.abort[i]));
    if (D.synth[i]) fact(dl, 'note', 'No event of its own in the recording: still open when the recording ended.');
    fact(dl, 'thread', str(D.thread[i]));
    if (hasVirtual[i]) {
      fact(dl, 'virtual start', virtualInstant(i, vs[i]) || fmtDuration(vs[i]));
      fact(dl, 'virtual time', fmtDuration(vd[i]));
    }
    fact(dl, 'real start', realInstant(rs[i]));
    fact(dl, 'real time', fmtDuration(re[i] - rs[i]));
    if (parent[i] >= 0) fact(dl, 'parent', rowLink(parent[i]));
    if (childCount[i] > 0) fact(dl, 'children', nf.format(childCount[i]));
    body.appendChild(dl);
    const f = str(D.fail[i]);
    if (f) {
      const s = section('Failure');
      s.appendChild(el('pre', 'failure', f));
      body.appendChild(s);
    }
    const st = str(D.stack[i]);
    if (st) {
      const s = section('Recorded at');
      s.appendChild(el('pre', null, st));
      body.appendChild(s);
    }
    const c = cancelOfTarget.get(i);
    if (c) {
      const s = section('Cancelled');
      const d2 = el('dl', 'facts');
      fact(d2, 'by', c.requester >= 0 ? rowLink(c.requester) : 'no task (its scope)');
      fact(d2, 'reason', c.reason || '–');
      fact(d2, 'detail', c.detail);
      if (c.vt >= 0) fact(d2, 'virtual time', virtualInstant(i, c.vt));
      fact(d2, 'real time', realInstant(c.rt));
      s.appendChild(d2);
      body.appendChild(s);
    }
    const targets = cancelsOf.get(i);
    if (targets && targets.length) {
      const s = section((scopeOfFirstFailure.has(i) ? 'First failure of its group: cancelled ' : 'Cancelled ') + targets.length + (targets.length === 1 ? ' task' : ' tasks'));
      const ul = el('ul', 'rows');
      for (const t of targets.slice(0, 200)) { const li = el('li'); li.appendChild(rowLink(t)); ul.appendChild(li); }
      if (targets.length > 200) ul.appendChild(el('li', null, '… and ' + (targets.length - 200) + ' more'));
      s.appendChild(ul);
      body.appendChild(s);
    }
    if (firstFailureOf.has(i)) {
      const s = section('Fail-fast');
      const p = el('div');
      p.append('First failure: ');
      p.appendChild(rowLink(firstFailureOf.get(i)));
      s.appendChild(p);
      body.appendChild(s);
    }
    for (const d of deadlocks) {
      if (d.domain === i) {
        const s = section('Deadlock');
        s.appendChild(el('pre', 'failure', d.report));
        body.appendChild(s);
      }
    }
    if (wasHidden) resize();
  }
  document.getElementById('d-close').addEventListener('click', () => select(-1));

  // Toolbar.
  let searchTimer = 0;
  search.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => { state.query = search.value; scroller.scrollTop = 0; rebuild(); }, N > 20000 ? 120 : 30);
  });
  const outcomeButtons = Array.from(document.querySelectorAll('#outcomes button'));
  function setOutcomeButtons() {
    for (const b of outcomeButtons) b.setAttribute('aria-pressed', String(Number(b.dataset.outcome) === state.outcomeFilter));
  }
  for (const b of outcomeButtons) {
    b.addEventListener('click', () => { state.outcomeFilter = Number(b.dataset.outcome); setOutcomeButtons(); scroller.scrollTop = 0; rebuild(); });
  }
  function setAxis(axis) {
    if (axis === 'virtual' && !anyVirtual) return;
    state.axis = axis;
    document.getElementById('axis-virtual').setAttribute('aria-pressed', String(axis === 'virtual'));
    document.getElementById('axis-real').setAttribute('aria-pressed', String(axis === 'real'));
    fit();
    schedule();
  }
  document.getElementById('axis-virtual').addEventListener('click', () => setAxis('virtual'));
  document.getElementById('axis-real').addEventListener('click', () => setAxis('real'));
  if (!anyVirtual) document.getElementById('axis-virtual').disabled = true;
  document.getElementById('zoom-in').addEventListener('click', () => zoomAt(plotX() + plotW() / 2, 0.5));
  document.getElementById('zoom-out').addEventListener('click', () => zoomAt(plotX() + plotW() / 2, 2));
  document.getElementById('zoom-fit').addEventListener('click', () => { fit(); schedule(); });
  document.getElementById('expand-all').addEventListener('click', () => { state.collapsed.fill(0); rebuild(); });
  document.getElementById('collapse-all').addEventListener('click', () => {
    for (let i = 0; i < N; i++) state.collapsed[i] = type[i] === TYPE_DOMAIN || childCount[i] === 0 ? 0 : 1;
    rebuild();
  });

  // Deadlocks.
  const deadlockButton = document.getElementById('deadlock-button');
  const deadlockPanel = document.getElementById('deadlock-panel');
  if (deadlocks.length) {
    deadlockButton.hidden = false;
    deadlockButton.textContent = deadlocks.length === 1 ? 'Deadlock' : deadlocks.length + ' deadlocks';
    const body = document.getElementById('deadlock-body');
    for (const d of deadlocks) {
      body.appendChild(el('h3', null, (d.domain >= 0 ? displayName(d.domain) : 'domain') + (d.vt >= 0 ? ' · at ' + virtualInstant(d.domain, d.vt) : '') + ' · real ' + realInstant(d.rt)));
      body.appendChild(el('pre', null, d.report));
    }
    deadlockButton.addEventListener('click', () => { deadlockPanel.hidden = !deadlockPanel.hidden; });
    document.getElementById('deadlock-close').addEventListener('click', () => { deadlockPanel.hidden = true; });
  }

  // Keyboard.
  document.addEventListener('keydown', (e) => {
    if (e.target === search) {
      if (e.key === 'Escape') { search.value = ''; state.query = ''; rebuild(); scroller.focus(); }
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const mid = plotX() + plotW() / 2;
    switch (e.key) {
      case '/': e.preventDefault(); search.focus(); search.select(); break;
      case 'w': case '+': case '=': zoomAt(mid, 0.7); break;
      case 's': case '-': zoomAt(mid, 1 / 0.7); break;
      case 'a': pan(-0.2); break;
      case 'd': pan(0.2); break;
      case '0': fit(); schedule(); break;
      case 'Escape': if (!deadlockPanel.hidden) deadlockPanel.hidden = true; else select(-1); break;
      case 'ArrowDown': case 'ArrowUp': {
        if (!visible.length) break;
        e.preventDefault();
        const p = state.selected >= 0 && rowPos[state.selected] >= 0 ? rowPos[state.selected] : -1;
        const q = Math.max(0, Math.min(visible.length - 1, p + (e.key === 'ArrowDown' ? 1 : -1)));
        select(visible[q], true);
        break;
      }
      case 'ArrowLeft': case 'ArrowRight':
        if (state.selected >= 0 && childCount[state.selected] > 0 && (state.collapsed[state.selected] === 1) === (e.key === 'ArrowRight')) toggle(state.selected);
        break;
      default:
    }
  });

  // Summary.
  function summary() {
    let tasks = 0, scopes = 0, failed = 0, cancelled = 0, running = 0, vspan = 0;
    for (let i = 0; i < N; i++) {
      if (type[i] === TYPE_TASK) {
        tasks++;
        if (outcome[i] === FAILED) failed++;
        else if (outcome[i] === CANCELLED) cancelled++;
        else if (outcome[i] === RUNNING) running++;
      } else if (type[i] === TYPE_SCOPE) scopes++;
      else if (hasVirtual[i]) vspan = Math.max(vspan, vd[i]);
    }
    const dl = document.getElementById('summary');
    const item = (term, value, cls) => {
      const d = el('div', cls);
      d.appendChild(el('dt', null, term));
      d.appendChild(el('dd', null, value));
      dl.appendChild(d);
    };
    item('tasks', nf.format(tasks));
    item('scopes', nf.format(scopes));
    item('failed', nf.format(failed), failed ? 'failed' : null);
    item('cancellations', nf.format(cancels.length), cancels.length ? 'cancelled' : null);
    item('still running', nf.format(running), running ? 'running' : null);
    item('virtual span', anyVirtual ? fmtDuration(vspan) : '–');
    item('real span', fmtDuration(D.realSpan));
    if (deadlocks.length) item('deadlocks', nf.format(deadlocks.length), 'failed');
    return { tasks, scopes, failed, cancelled, running, cancellations: cancels.length, deadlocks: deadlocks.length };
  }

  // ---- API for tests and scripts ----
  const api = {
    ready: false,
    formatDuration: fmtDuration,
    rows: N,
    matched: N,
    summary: null,
    keys() { const k = new Array(N); for (let i = 0; i < N; i++) k[i] = key(i); return k; },
    names() { const k = new Array(N); for (let i = 0; i < N; i++) k[i] = displayName(i); return k; },
    visibleRows() { return visible.length; },
    visibleKeys() { return Array.from(visible, key); },
    search(q) { search.value = q; state.query = q; rebuild(); return visible.length; },
    select(k) { const i = keyIndex.has(k) ? keyIndex.get(k) : -1; select(i, true); return i >= 0; },
    setAxis,
  };
  window.timescope = api;

  // ---- Start ----
  document.getElementById('file').textContent = D.title;
  document.title = D.title + ' \u2014 timescope';
  readColors();
  window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => { readColors(); schedule(); });
  window.addEventListener('resize', resize);
  api.summary = summary();
  setAxis(state.axis);
  resize();
  // State in the address's fragment: #q=text&select=t12&axis=real
  const params = new URLSearchParams(location.hash.slice(1));
  if (params.get('axis')) setAxis(params.get('axis'));
  if (params.get('q')) { search.value = params.get('q'); state.query = search.value; }
  rebuild();
  if (params.get('select') && keyIndex.has(params.get('select'))) {
    const i = keyIndex.get(params.get('select'));
    // Scrolled to only when it is below the first screenful: a headless screenshot lays out with a smaller window.
    select(i, rowPos[i] < 0 || rowPos[i] * ROW_H > Math.max(view.clientHeight, 720) - AXIS_H - ROW_H);
  }
})();
