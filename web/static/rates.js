// streamsql dashboard: rates derived from the counters of SHOW QUERIES
// EXTENDED and EXPLAIN (records in/out, rows per operator) by polling.
"use strict";

// counters remembers, per key, the last counter values polled and when: rates
// are the difference between two polls.
const counters = new Map();

// rate returns value's change per second since the last call with key, or
// null the first time (or when the counter went back, e.g. a restart).
function rate(key, value, now) {
  const prev = counters.get(key);
  counters.set(key, { value, at: now });
  if (!prev || value < prev.value || now <= prev.at) return null;
  return (value - prev.value) * 1000 / (now - prev.at);
}

function fmtRate(r) {
  if (r === null) return "–";
  return (r >= 100 ? Math.round(r) : Math.round(r * 10) / 10) + "/s";
}

// queryRates derives each query's rates from its counters.
function queryRates(descs, now) {
  const out = new Map();
  for (const d of descs) {
    const s = d.stats;
    if (!s) continue;
    out.set(d.id, {
      in: rate(d.id + "/in", s.recordsIn, now),
      out: rate(d.id + "/out", s.recordsOut, now),
      errors: s.processingErrors,
    });
  }
  return out;
}

// renderRates writes the rates into the sidebar's rows in one pass: queries
// show records in and out per second and their error count, sources the rate
// of the queries writing them (or, for inputs, reading them).
function renderRates(descs, rates) {
  const perSource = new Map();
  for (const d of descs) {
    const r = rates.get(d.id);
    if (!r) continue;
    for (const s of d.sinks || []) if (r.out !== null) perSource.set(s, { v: (perSource.get(s)?.v || 0) + r.out, w: true });
    for (const s of d.sources || []) {
      const cur = perSource.get(s);
      if (r.in !== null && !(cur && cur.w)) perSource.set(s, { v: Math.max(cur?.v || 0, r.in), w: false });
    }
  }
  for (const li of document.querySelectorAll("#queries li[data-id]")) {
    const r = rates.get(li.dataset.id);
    const span = li.querySelector(".rate"), errs = li.querySelector(".errors");
    span.textContent = r ? fmtRate(r.in) + " in · " + fmtRate(r.out) + " out" : "";
    errs.textContent = r && r.errors ? " · " + r.errors + " err" : "";
    errs.classList.toggle("error", Boolean(r && r.errors));
  }
  for (const li of document.querySelectorAll("#streams li[data-name], #tables li[data-name]")) {
    const r = perSource.get(li.dataset.name);
    li.querySelector(".rate").textContent = r ? " · " + fmtRate(r.v) : "";
  }
}
