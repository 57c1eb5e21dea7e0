// streamsql dashboard: sidebar polling, a push query over /ws/query with a
// bounded live table and chart (DOM work batched per animation frame), EXPLAIN
// of persistent queries and a tail of the processing log.
"use strict";

const $ = (id) => document.getElementById(id);
// POLL_MS is the sidebar's refresh period; ?poll=MS overrides it (tests).
const POLL_MS = Math.max(Number(new URLSearchParams(location.search).get("poll")) || 3000, 200);
const CHART_POINTS = 600;
const PLOG_LINES = 300;
const NUMERIC = new Set(["INTEGER", "BIGINT", "DOUBLE", "DECIMAL"]);

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
}

// ksql posts statements to /ksql and returns the entities, or throws the
// server's message.
async function ksql(statements) {
  const res = await fetch("/ksql", {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/vnd.ksql.v1+json" },
    body: JSON.stringify({ ksql: statements, streamsProperties: {} }),
  });
  const body = await res.json();
  if (!res.ok) throw new Error(body.message || res.status + " " + res.statusText);
  return body;
}

// ---- sidebar -------------------------------------------------------------

const lastLists = {};

function renderList(id, items, row) {
  const key = JSON.stringify(items);
  if (lastLists[id] === key) return; // unchanged: leave the DOM alone
  lastLists[id] = key;
  $(id + "-count").textContent = items.length;
  const ul = $(id);
  ul.replaceChildren(...(items.length ? items.map(row) : [el("li", { class: "empty" }, "none")]));
}

function sourceRow(s) {
  return el("li", { title: "topic " + s.topic + " · click to query", onclick: () => useSource(s), "data-name": s.name },
    el("span", { class: "name" }, s.name),
    el("span", { class: "meta" }, s.valueFormat + (s.isWindowed ? " · windowed" : ""),
      el("span", { class: "rate" })));
}

function queryRow(q) {
  const state = q.state || "UNKNOWN";
  return el("li", { class: "query", title: (q.queryType || "") + ": " + q.statementText, onclick: () => explain(q.id), "data-id": q.id },
    el("span", { class: "name" }, q.id),
    el("span", { class: "meta" }, el("span", { class: "state " + state }, state)),
    el("span", { class: "stats" }, el("span", { class: "rate" }), el("span", { class: "errors" })));
}

function useSource(s) {
  $("editor").value = "SELECT * FROM " + s.name + " EMIT CHANGES;";
  $("editor").focus();
}

async function poll() {
  try {
    const entities = await ksql("SHOW STREAMS; SHOW TABLES; SHOW QUERIES EXTENDED;");
    const now = performance.now();
    let descs = [];
    for (const e of entities) {
      if (e["@type"] === "streams") renderList("streams", e.streams, sourceRow);
      if (e["@type"] === "tables") renderList("tables", e.tables, sourceRow);
      if (e["@type"] === "query_descriptions") descs = e.queryDescriptions;
    }
    // The list is rebuilt only when ids, states or texts change; the
    // counters are written into the existing rows.
    renderList("queries", descs.map((d) => ({ id: d.id, state: d.state, queryType: d.queryType,
      statementText: d.statementText })), queryRow);
    renderRates(descs, queryRates(descs, now));
    const shown = descs.find((d) => d.id === explained.id);
    if (shown) renderOperators(shown, now);
    setHealth(true, "live");
  } catch (err) {
    setHealth(false, String(err.message || err));
  }
}

function setHealth(ok, text) {
  const h = $("health");
  h.className = "badge " + (ok ? "ok" : "bad");
  h.textContent = ok ? "● live" : "● " + text;
}

async function loadInfo() {
  try {
    const res = await fetch("/info", { headers: { Accept: "application/json" } });
    const info = (await res.json()).KsqlServerInfo;
    $("server-info").textContent = "v" + info.version + " · service " + info.ksqlServiceId +
      " · " + info.serverStatus;
    return info;
  } catch (err) {
    $("server-info").textContent = "no /info: " + err.message;
    return null;
  }
}

// ---- push query ----------------------------------------------------------

const push = {
  ws: null,
  columns: [],
  pending: [], // rows not yet in the DOM, newest last, at most `limit`
  received: 0,
  rateCount: 0,
  rateAt: performance.now(),
  frame: 0,
  chartCol: -1,
  chart: null,
};

function limit() {
  const n = parseInt($("limit").value, 10);
  return Number.isFinite(n) ? Math.min(Math.max(n, 10), 5000) : 200;
}

function runQuery() {
  stopQuery();
  const sql = $("editor").value.trim();
  if (!sql) return;
  const props = $("earliest").checked ? { "ksql.streams.auto.offset.reset": "earliest" } : {};
  const request = JSON.stringify({ ksql: sql, streamsProperties: props });
  const scheme = location.protocol === "https:" ? "wss://" : "ws://";
  const ws = new WebSocket(scheme + location.host + "/ws/query?request=" + encodeURIComponent(request));
  Object.assign(push, { ws, columns: [], pending: [], received: 0, rateCount: 0, chartCol: -1 });
  push.chart.clear();
  $("rows").tHead.replaceChildren();
  $("rows").tBodies[0].replaceChildren();
  $("row-count").textContent = "0";
  setStatus("connecting…");
  $("run").disabled = true;
  $("stop").disabled = false;
  ws.onopen = () => setStatus("running");
  ws.onmessage = (m) => onFrame(ws, m.data);
  ws.onclose = (ev) => {
    if (push.ws !== ws) return;
    push.ws = null;
    $("run").disabled = false;
    $("stop").disabled = true;
    const why = ev.reason ? ev.reason + " (" + ev.code + ")" : "closed (" + ev.code + ")";
    setStatus(why, ev.code !== 1000 && ev.code !== 1005);
  };
}

function stopQuery() {
  const ws = push.ws;
  if (!ws) return;
  push.ws = null;
  ws.close(1000, "stopped");
  $("run").disabled = false;
  $("stop").disabled = true;
  setStatus("stopped");
}

function setStatus(text, bad) {
  const s = $("query-status");
  s.textContent = text;
  s.className = bad ? "error" : "muted";
}

function onFrame(ws, data) {
  if (push.ws !== ws) return;
  let msg;
  try { msg = JSON.parse(data); } catch { return setStatus("bad frame: " + data, true); }
  if (Array.isArray(msg)) return onSchema(msg);
  if (msg && msg.row) return onRow(msg.row.columns);
  if (msg && msg.message) setStatus(msg.message, true);
}

function onSchema(fields) {
  push.columns = fields.map((f) => ({
    name: f.name, type: (f.schema && f.schema.type) || "", key: f.type === "KEY",
  }));
  $("rows").tHead.replaceChildren(el("tr", null, ...push.columns.map((c) =>
    el("th", { title: c.type + (c.key ? " KEY" : "") }, c.name))));
  const select = $("chart-col");
  const numeric = push.columns.map((c, i) => [c, i]).filter(([c]) => NUMERIC.has(c.type));
  select.replaceChildren(...numeric.map(([c, i]) => el("option", { value: String(i) }, c.name)));
  const firstValue = numeric.find(([c]) => !c.key) || numeric[0];
  push.chartCol = firstValue ? firstValue[1] : -1;
  if (firstValue) select.value = String(push.chartCol);
  updateChartTitle();
}

function onRow(values) {
  push.received++;
  push.rateCount++;
  push.pending.push(values);
  if (push.pending.length > limit()) push.pending.shift();
  const y = push.chartCol >= 0 ? Number(values[push.chartCol]) : NaN;
  if (Number.isFinite(y)) push.chart.push(push.received, y);
  schedule();
}

function schedule() {
  if (!push.frame) push.frame = requestAnimationFrame(flush);
}

// flush moves pending rows into the table and repaints the chart: once per frame.
function flush() {
  push.frame = 0;
  const body = $("rows").tBodies[0];
  if (push.pending.length) {
    const frag = document.createDocumentFragment();
    for (let i = push.pending.length - 1; i >= 0; i--) frag.append(rowElement(push.pending[i]));
    push.pending = [];
    body.prepend(frag);
    const max = limit();
    while (body.rows.length > max) body.lastElementChild.remove();
  }
  $("row-count").textContent = String(push.received);
  push.chart.draw();
  const now = performance.now();
  if (now - push.rateAt >= 1000) {
    $("row-rate").textContent = Math.round((push.rateCount * 1000) / (now - push.rateAt)) + " rows/s";
    push.rateCount = 0;
    push.rateAt = now;
  }
}

function rowElement(values) {
  const tr = document.createElement("tr");
  values.forEach((v, i) => {
    const td = document.createElement("td");
    const col = push.columns[i];
    if (col && NUMERIC.has(col.type)) td.className = "num";
    td.textContent = v === null ? "null" : typeof v === "object" ? JSON.stringify(v) : String(v);
    tr.append(td);
  });
  return tr;
}

function updateChartTitle() {
  const c = push.columns[push.chartCol];
  $("chart-title").textContent = c ? c.name + " · last " + CHART_POINTS + " rows" : "no numeric column";
}

// ---- explain and processing log -----------------------------------------

// explained is the query shown in the operator tree panel.
const explained = { id: "", rows: [] };

async function explain(id) {
  $("explain-title").textContent = id;
  explained.id = id;
  explained.rows = [];
  try {
    const [e] = await ksql("EXPLAIN " + id + ";");
    const d = e.queryDescription;
    $("explain").textContent = [
      d.statementText, "",
      "state:   " + (d.state || "?"),
      "sources: " + (d.sources || []).join(", "),
      "sinks:   " + (d.sinks || []).join(", "),
    ].join("\n");
    $("explain").classList.remove("error");
    if (d.operators) renderOperators(d, performance.now());
    else $("operators").replaceChildren(el("tr", {}, el("td", { class: "muted" }, d.executionPlan || "(no execution plan)")));
  } catch (err) {
    $("explain").textContent = err.message;
    $("explain").classList.add("error");
    $("operators").replaceChildren();
  }
}

// renderOperators shows d's operator tree, sink on top, each operator indented
// by its depth with its row counts and output rate. Rows are built once per
// query and then only their counter cells are rewritten.
function renderOperators(d, now) {
  const ops = d.operators || [];
  const body = $("operators");
  if (explained.rows.length !== ops.length) {
    explained.rows = ops.map((op) => {
      const cells = { in: el("td", { class: "num" }), out: el("td", { class: "num" }), rate: el("td", { class: "num" }) };
      const kind = op.name.split(" ")[0];
      const name = el("td", { class: "op", title: op.name, style: "padding-left:" + (8 + op.depth * 16) + "px" },
        el("span", { class: "kind" }, (op.depth ? "└ " : "") + kind), " " + op.name.slice(kind.length + 1));
      const tr = el("tr", {}, name, cells.in, cells.out, cells.rate);
      return { tr, cells };
    });
    body.replaceChildren(...explained.rows.map((r) => r.tr));
  }
  ops.forEach((op, i) => {
    const { tr, cells } = explained.rows[i];
    const r = rate(d.id + "/op" + i, op.rowsOut, now);
    tr.dataset.rowsIn = op.rowsIn;
    tr.dataset.rowsOut = op.rowsOut;
    tr.dataset.rate = r === null ? "" : r;
    cells.in.textContent = op.rowsIn.toLocaleString();
    cells.out.textContent = op.rowsOut.toLocaleString();
    cells.rate.textContent = fmtRate(r);
  });
}

const plog = { abort: null, lines: [], topic: "" };

async function togglePlog() {
  if (plog.abort) {
    plog.abort.abort();
    return;
  }
  plog.abort = new AbortController();
  $("plog-toggle").textContent = "Stop";
  $("plog-status").textContent = "tailing " + plog.topic;
  try {
    await tailPlog(plog.abort.signal);
    $("plog-status").textContent = "ended";
  } catch (err) {
    if (err.name === "AbortError") {
      $("plog-status").textContent = "stopped";
    } else {
      $("plog-status").textContent = "failed";
      plogLine(err.message, true);
    }
  } finally {
    plog.abort = null;
    $("plog-toggle").textContent = "Tail";
  }
}

async function tailPlog(signal) {
  const res = await fetch("/query-stream", {
    method: "POST", signal,
    headers: { "Content-Type": "application/json", Accept: "application/vnd.ksqlapi.delimited.v1" },
    body: JSON.stringify({ sql: "PRINT '" + plog.topic + "' FROM BEGINNING;", properties: {} }),
  });
  if (!res.ok) throw new Error((await res.json()).message || res.statusText);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buf = "", header = true;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buf += value;
    let nl;
    while ((nl = buf.indexOf("\n")) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (header) { header = false; continue; }
      const v = JSON.parse(line);
      plogLine(Array.isArray(v) ? v.join(" ") : v.message || line);
    }
  }
}

function plogLine(text, bad) {
  plog.lines.push(text);
  if (plog.lines.length > PLOG_LINES) plog.lines.splice(0, plog.lines.length - PLOG_LINES);
  const pre = $("plog");
  pre.classList.toggle("error", Boolean(bad));
  pre.textContent = plog.lines.join("\n");
  pre.scrollTop = pre.scrollHeight;
}

// ---- start ---------------------------------------------------------------

async function main() {
  push.chart = new LineChart($("chart"), CHART_POINTS);
  push.chart.draw();
  $("run").addEventListener("click", runQuery);
  $("stop").addEventListener("click", stopQuery);
  $("editor").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); runQuery(); }
  });
  $("chart-col").addEventListener("change", () => {
    push.chartCol = parseInt($("chart-col").value, 10);
    push.chart.clear();
    updateChartTitle();
    schedule();
  });
  $("plog-toggle").addEventListener("click", togglePlog);
  window.addEventListener("resize", schedule);
  const info = await loadInfo();
  plog.topic = ((info && info.ksqlServiceId) || "default_") + "ksql_processing_log";
  $("plog-status").textContent = plog.topic;
  await poll();
  setInterval(poll, POLL_MS);
}

main();
