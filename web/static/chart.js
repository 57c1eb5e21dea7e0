// LineChart: a bounded line chart of one numeric series on a canvas.
// push() only records points; draw() repaints, and the caller calls it at most
// once per animation frame, so thousands of points per second stay cheap.
"use strict";

class LineChart {
  constructor(canvas, capacity) {
    this.canvas = canvas;
    this.capacity = capacity;
    this.xs = new Float64Array(capacity);
    this.ys = new Float64Array(capacity);
    this.start = 0; // index of the oldest point in the ring
    this.size = 0;
    this.total = 0; // points ever pushed
  }

  clear() {
    this.start = 0;
    this.size = 0;
    this.total = 0;
  }

  push(x, y) {
    const i = (this.start + this.size) % this.capacity;
    this.xs[i] = x;
    this.ys[i] = y;
    if (this.size < this.capacity) this.size++;
    else this.start = (this.start + 1) % this.capacity;
    this.total++;
  }

  point(k) {
    const i = (this.start + k) % this.capacity;
    return [this.xs[i], this.ys[i]];
  }

  bounds() {
    let lo = Infinity, hi = -Infinity;
    for (let k = 0; k < this.size; k++) {
      const y = this.point(k)[1];
      if (y < lo) lo = y;
      if (y > hi) hi = y;
    }
    if (lo === hi) { lo -= 1; hi += 1; }
    const pad = (hi - lo) * 0.08;
    return [lo - pad, hi + pad];
  }

  // resize matches the backing store to the element's size and pixel ratio.
  resize() {
    const dpr = window.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(this.canvas.clientWidth * dpr));
    const h = Math.max(1, Math.round(this.canvas.clientHeight * dpr));
    if (this.canvas.width !== w || this.canvas.height !== h) {
      this.canvas.width = w;
      this.canvas.height = h;
    }
    return dpr;
  }

  draw() {
    const dpr = this.resize();
    const ctx = this.canvas.getContext("2d");
    const W = this.canvas.width / dpr, H = this.canvas.height / dpr;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, W, H);
    const left = 56, right = 10, top = 10, bottom = 22;
    const pw = W - left - right, ph = H - top - bottom;
    ctx.font = "11px system-ui, sans-serif";
    ctx.fillStyle = "#8593a3";
    this.canvas.dataset.points = String(this.size);
    if (this.size === 0) {
      ctx.fillText("waiting for rows…", left + 8, top + ph / 2);
      return;
    }
    const [lo, hi] = this.bounds();
    const x0 = this.point(0)[0];
    const x1 = Math.max(this.point(this.size - 1)[0], x0 + 1);
    const sx = (x) => left + ((x - x0) / (x1 - x0)) * pw;
    const sy = (y) => top + (1 - (y - lo) / (hi - lo)) * ph;
    this.grid(ctx, lo, hi, sy, left, W - right);
    ctx.fillText("row " + x0, left, H - 6);
    const last = "row " + x1;
    ctx.fillText(last, W - right - ctx.measureText(last).width, H - 6);
    this.line(ctx, sx, sy, top + ph);
    const y = this.point(this.size - 1)[1];
    this.canvas.dataset.last = String(y);
    this.canvas.dataset.min = String(lo);
    this.canvas.dataset.max = String(hi);
  }

  grid(ctx, lo, hi, sy, xl, xr) {
    ctx.strokeStyle = "#263241";
    ctx.lineWidth = 1;
    for (let t = 0; t <= 4; t++) {
      const v = lo + ((hi - lo) * t) / 4;
      const y = Math.round(sy(v)) + 0.5;
      ctx.beginPath();
      ctx.moveTo(xl, y);
      ctx.lineTo(xr, y);
      ctx.stroke();
      const label = formatNumber(v);
      ctx.fillText(label, xl - 6 - ctx.measureText(label).width, y + 4);
    }
  }

  line(ctx, sx, sy, base) {
    ctx.beginPath();
    for (let k = 0; k < this.size; k++) {
      const [x, y] = this.point(k);
      if (k === 0) ctx.moveTo(sx(x), sy(y));
      else ctx.lineTo(sx(x), sy(y));
    }
    ctx.strokeStyle = "#4fb3ff";
    ctx.lineWidth = 1.6;
    ctx.stroke();
    const [xl] = this.point(this.size - 1);
    ctx.lineTo(sx(xl), base);
    ctx.lineTo(sx(this.point(0)[0]), base);
    ctx.closePath();
    ctx.fillStyle = "rgba(79,179,255,0.10)";
    ctx.fill();
  }
}

function formatNumber(v) {
  const a = Math.abs(v);
  if (a >= 1e6 || (a > 0 && a < 1e-3)) return v.toExponential(2);
  if (a >= 100) return v.toFixed(0);
  return v.toFixed(2);
}
