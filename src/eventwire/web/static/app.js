// eventwire dashboard: plain JS, no dependencies, no network beyond this server's /api.
// Every value from the data reaches the page through textContent or SVG attributes, never HTML.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const PAGE = 50;
const QUADS = { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict" };
const state = { offset: 0, total: 0, filters: {}, world: null, roots: {} };

function $(id) { return document.getElementById(id); }

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined) continue;
    if (k === "class") node.className = v; else node.setAttribute(k, v);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function svg(tag, attrs, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }

async function api(path, params) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== "" && v !== null && v !== undefined) query.set(k, v);
  const url = path + (query.toString() ? "?" + query : "");
  const response = await fetch(url, { headers: { accept: "application/json" } });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const message = body && body.error ? body.error.message : response.status + " " + response.statusText;
    throw new Error(message);
  }
  return body;
}

function showError(err) {
  const box = $("error");
  if (!err) { box.hidden = true; box.textContent = ""; return; }
  box.hidden = false;
  box.textContent = "Error: " + err.message;
}

function actorLabel(actor) {
  if (!actor) return "—";
  return actor.code || actor.name || "—";
}

// ---------------------------------------------------------------- map

function naturalEarth(lon, lat) {
  const lam = lon * Math.PI / 180, phi = lat * Math.PI / 180;
  const p2 = phi * phi, p4 = p2 * p2;
  const x = lam * (0.8707 - 0.131979 * p2 + p4 * (-0.013791 + p4 * (0.003971 * p2 - 0.001529 * p4)));
  const y = phi * (1.007226 + p2 * (0.015085 + p4 * (-0.044475 + 0.028874 * p2 - 0.005916 * p4)));
  return [x, y];
}

function project(lon, lat) {
  const w = state.world, [x, y] = naturalEarth(lon, lat);
  return [x * w.scale + w.translate[0], w.translate[1] - y * w.scale];
}

function drawMap(stats) {
  const map = clear($("map"));
  if (!state.world) return;
  map.setAttribute("viewBox", state.world.viewBox.join(" "));
  const byCountry = new Map(stats.countries.map(c => [c.country, c.count]));
  const max = Math.max(1, ...byCountry.values());
  const countries = svg("g", { class: "countries" });
  for (const c of state.world.countries) {
    const n = byCountry.get(c.iso3) || 0;
    const level = n === 0 ? 0 : 1 + Math.min(4, Math.floor(4 * Math.log(1 + n) / Math.log(1 + max)));
    const path = svg("path", { d: c.d, class: "country level" + level, "data-iso3": c.iso3 || "" });
    path.append(svg("title", {}, c.name + (n ? ": " + n + " events" : "")));
    if (c.iso3) path.addEventListener("click", () => { setFilter("place", c.iso3); });
    countries.append(path);
  }
  map.append(countries);
  const dots = svg("g", { class: "places" });
  const maxPlace = Math.max(1, ...stats.places.map(p => p.count));
  for (const p of stats.places) {
    const [x, y] = project(p.lon, p.lat);
    const circle = svg("circle", { cx: x.toFixed(1), cy: y.toFixed(1), r: (2 + 8 * Math.sqrt(p.count / maxPlace)).toFixed(1), class: "place" });
    circle.append(svg("title", {}, (p.name || "?") + ": " + p.count + " events"));
    circle.addEventListener("click", () => { setFilter("place", p.name || p.country); });
    dots.append(circle);
  }
  map.append(dots);
  $("map-note").textContent = stats.countries.length + " countries, " + stats.places.length + " places (click to filter)";
}

// ---------------------------------------------------------------- charts

function barChart(node, series, opts) {
  // series: [{label, up, down}] drawn as bars above (up) and below (down) a middle axis
  clear(node);
  const W = 600, H = opts.height || 160, pad = 28;
  node.setAttribute("viewBox", `0 0 ${W} ${H}`);
  if (!series.length) {
    node.append(svg("text", { x: W / 2, y: H / 2, class: "empty", "text-anchor": "middle" }, opts.empty || "no dated events"));
    return;
  }
  const maxUp = Math.max(1, ...series.map(s => s.up));
  const maxDown = opts.diverging ? Math.max(1, ...series.map(s => s.down)) : 0;
  const mid = opts.diverging ? pad + (H - 2 * pad) * maxUp / (maxUp + maxDown) : H - pad;
  const unit = (H - 2 * pad) / (maxUp + maxDown || 1);
  const step = (W - 2 * pad) / series.length;
  const bar = Math.max(1, step * 0.8);
  series.forEach((s, i) => {
    const x = pad + i * step + (step - bar) / 2;
    if (opts.diverging) {
      const up = svg("rect", { x: x.toFixed(1), y: (mid - s.up * unit).toFixed(1), width: bar.toFixed(1), height: (s.up * unit).toFixed(1), class: "coop" });
      up.append(svg("title", {}, `${s.label}: ${s.up} cooperation`));
      const down = svg("rect", { x: x.toFixed(1), y: mid.toFixed(1), width: bar.toFixed(1), height: (s.down * unit).toFixed(1), class: "conf" });
      down.append(svg("title", {}, `${s.label}: ${s.down} conflict`));
      node.append(up, down);
    } else {
      const coop = s.up - s.down;
      const r1 = svg("rect", { x: x.toFixed(1), y: (mid - s.up * unit).toFixed(1), width: bar.toFixed(1), height: (s.down * unit).toFixed(1), class: "conf" });
      const r2 = svg("rect", { x: x.toFixed(1), y: (mid - coop * unit).toFixed(1), width: bar.toFixed(1), height: (coop * unit).toFixed(1), class: "coop" });
      r1.append(svg("title", {}, `${s.label}: ${s.down} conflict`));
      r2.append(svg("title", {}, `${s.label}: ${coop} cooperation`));
      node.append(r1, r2);
    }
  });
  node.append(svg("line", { x1: pad, x2: W - pad, y1: mid, y2: mid, class: "axis" }));
  node.append(svg("text", { x: pad, y: H - 6, class: "tick" }, series[0].label));
  node.append(svg("text", { x: W - pad, y: H - 6, class: "tick", "text-anchor": "end" }, series[series.length - 1].label));
  node.append(svg("text", { x: 2, y: pad - 8, class: "tick" }, "max " + maxUp));
}

function drawTimeline(stats) {
  barChart($("timeline"), stats.by_period.map(p => ({ label: p.period, up: p.cooperation + p.conflict, down: p.conflict })), {});
}

async function drawDyad() {
  const form = $("dyad-form");
  const a = form.a.value.trim().toUpperCase(), b = form.b.value.trim().toUpperCase();
  if (!a || !b) return;
  try {
    const data = await api("/api/dyads", { source: a, target: b, interval: form.interval.value });
    const series = data.series.map(s => ({
      label: s.period,
      up: s.quad["1"].count + s.quad["2"].count,
      down: s.quad["3"].count + s.quad["4"].count,
    }));
    barChart($("dyad"), series, { diverging: true, height: 140, empty: `no events between ${a} and ${b}` });
    const coop = series.reduce((t, s) => t + s.up, 0), conf = series.reduce((t, s) => t + s.down, 0);
    const gold = data.series.reduce((t, s) => t + s.goldstein, 0);
    $("dyad-note").textContent = `${a} ↔ ${b}: ${coop} cooperation (up), ${conf} conflict (down), Goldstein sum ${gold.toFixed(1)}`;
    showError(null);
  } catch (err) { showError(err); }
}

// ---------------------------------------------------------------- events table

function quadBadge(q) { return el("span", { class: "quad q" + q, title: QUADS[q] || "" }, q || "—"); }

async function loadEvents() {
  const page = await api("/api/events", { ...state.filters, limit: PAGE, offset: state.offset });
  state.total = page.total;
  const body = clear(document.querySelector("#events tbody"));
  for (const e of page.events) {
    const root = state.roots[e.cameo_root] || "";
    const row = el("tr", { "data-id": e.id, tabindex: "0", class: e.negated || e.hypothetical ? "muted" : null },
      el("td", { class: "nowrap" }, e.date || "—"),
      el("td", { title: e.source ? e.source.name : "" }, actorLabel(e.source)),
      el("td", { title: e.target ? e.target.name : "" }, actorLabel(e.target)),
      el("td", { title: root }, e.cameo_code || "—"),
      el("td", {}, quadBadge(e.quad_class)),
      el("td", { class: "num" }, e.goldstein === null ? "—" : e.goldstein.toFixed(1)),
      el("td", {}, e.location ? e.location.name : "—"),
      el("td", { class: "sentence" }, e.sentence || ""));
    row.addEventListener("click", () => openEvent(e.id));
    row.addEventListener("keydown", ev => { if (ev.key === "Enter") openEvent(e.id); });
    body.append(row);
  }
  if (!page.events.length) body.append(el("tr", {}, el("td", { colspan: "8", class: "empty" }, "No events match these filters.")));
  const first = page.total ? state.offset + 1 : 0, last = state.offset + page.events.length;
  $("page-info").textContent = `${first}–${last} of ${page.total}`;
  $("events-count").textContent = page.total + " matching";
  $("prev").disabled = state.offset === 0;
  $("next").disabled = last >= page.total;
}

// ---------------------------------------------------------------- drill-down

function fact(dl, term, value) {
  if (value === null || value === undefined || value === "") return;
  dl.append(el("dt", {}, term), el("dd", {}, value));
}

async function openEvent(id) {
  try {
    const found = await api("/api/events/" + encodeURIComponent(id));
    const e = found.event;
    const article = await api("/api/articles/" + encodeURIComponent(e.article_id));
    const panel = $("detail");
    panel.hidden = false;
    $("detail-id").textContent = "#" + e.id;
    const dl = clear($("detail-facts"));
    const actor = a => a ? `${a.name}${a.code ? " (" + a.code + ")" : ""}` : "—";
    fact(dl, "Who", `${actor(e.source)} → ${actor(e.target)}`);
    fact(dl, "What", `${e.cameo_code} ${state.roots[e.cameo_root] || ""} · quad ${e.quad_class} (${QUADS[e.quad_class] || "?"}) · Goldstein ${e.goldstein}`);
    fact(dl, "PLOVER", e.plover && e.plover.event ? e.plover.event + (e.plover.mode ? " / " + e.plover.mode : "") : null);
    fact(dl, "When", e.date ? e.date + (e.date_source ? " (from " + e.date_source + ")" : "") : null);
    fact(dl, "Where", e.location ? `${e.location.name}${e.location.country ? ", " + e.location.country : ""}` : null);
    const flags = [e.negated ? "negated" : "", e.hypothetical ? "hypothetical" : "", e.attribution ? "attributed: " + e.attribution : ""].filter(Boolean).join(", ");
    fact(dl, "Flags", flags || null);
    fact(dl, "Coder", e.coder + (e.trigger ? " · trigger “" + e.trigger + "”" : ""));

    $("article-title").textContent = article.title || article.input || "Article " + article.id;
    const meta = clear($("article-meta"));
    meta.append([article.outlet, article.published].filter(Boolean).join(" · ") + " ");
    if (article.url && /^https?:\/\//i.test(article.url)) {
      meta.append(el("a", { href: article.url, rel: "noopener noreferrer nofollow", target: "_blank" }, article.url));
    } else if (article.input) {
      meta.append(article.input);
    }
    renderBody(article.body || [], e);
    const quotes = clear($("quotes"));
    for (const q of found.quotes) {
      const who = q.speaker || (q.speaker_actor && q.speaker_actor.name) || "unknown speaker";
      quotes.append(el("li", { class: q.in_sentence ? "in-sentence" : null },
        el("span", { class: "speaker" }, who + (q.speaker_actor && q.speaker_actor.code ? " (" + q.speaker_actor.code + ")" : "")),
        el("span", { class: "kind" }, q.kind),
        el("q", {}, q.text)));
    }
    if (!found.quotes.length) quotes.append(el("li", { class: "empty" }, "No quotes in this article."));
    const mark = document.querySelector("#article-body mark");
    panel.scrollTop = 0;
    if (mark) mark.scrollIntoView({ block: "center" });
  } catch (err) { showError(err); }
}

function renderBody(paragraphs, event) {
  // offsets point into "\n\n".join(body): walk the paragraphs keeping each one's start
  const box = clear($("article-body"));
  let offset = 0;
  for (const text of paragraphs) {
    const start = offset, end = offset + text.length;
    offset = end + 2;
    const p = el("p");
    if (event.start !== null && event.start < end && event.end > start) {
      const a = Math.max(0, event.start - start), b = Math.min(text.length, event.end - start);
      p.append(text.slice(0, a), el("mark", { id: "highlight" }, text.slice(a, b)), text.slice(b));
    } else {
      p.append(text);
    }
    box.append(p);
  }
}

// ---------------------------------------------------------------- wiring

function readFilters() {
  const data = new FormData($("filters"));
  const out = {};
  for (const [k, v] of data.entries()) if (String(v).trim()) out[k] = String(v).trim();
  return out;
}

function setFilter(name, value) {
  const input = $("filters").elements[name];
  if (input) { input.value = value; refresh(); }
}

async function refresh() {
  state.filters = readFilters();
  state.offset = 0;
  try {
    const stats = await api("/api/stats", { ...state.filters });
    $("summary").textContent = `${stats.events} events in ${stats.articles} articles` +
      (stats.first_date ? `, ${stats.first_date} to ${stats.last_date}` : "") +
      ` · ${stats.stored_articles} articles stored`;
    drawMap(stats);
    drawTimeline(stats);
    await loadEvents();
    showError(null);
  } catch (err) { showError(err); }
}

async function init() {
  try {
    [state.world, state.roots] = await Promise.all([
      fetch("/static/world.json").then(r => r.json()),
      fetch("/static/cameo_roots.json").then(r => r.json()),
    ]);
  } catch (err) { showError(new Error("cannot load the map: " + err.message)); }
  const select = $("root-select");
  for (const [code, name] of Object.entries(state.roots || {})) select.append(el("option", { value: code }, code + " " + name));
  $("filters").addEventListener("submit", ev => { ev.preventDefault(); refresh(); });
  $("filters").addEventListener("reset", () => setTimeout(refresh, 0));
  $("dyad-form").addEventListener("submit", ev => { ev.preventDefault(); drawDyad(); });
  $("prev").addEventListener("click", () => { state.offset = Math.max(0, state.offset - PAGE); loadEvents().catch(showError); });
  $("next").addEventListener("click", () => { state.offset += PAGE; loadEvents().catch(showError); });
  $("close-detail").addEventListener("click", () => { $("detail").hidden = true; });
  document.addEventListener("keydown", ev => { if (ev.key === "Escape") $("detail").hidden = true; });
  await refresh();
  // start the dyad view on the busiest pair when there is one
  try {
    const stats = await api("/api/stats", {});
    if (stats.dyads.length) {
      $("dyad-form").a.value = stats.dyads[0].source;
      $("dyad-form").b.value = stats.dyads[0].target;
    }
  } catch (err) { /* the defaults stay */ }
  await drawDyad();
  document.body.dataset.ready = "1";
}

document.addEventListener("DOMContentLoaded", init);
