// The review page: scan a draft through /v1/scan, show the answer first, then the text with each
// finding struck through and its likely original beside it; accept or reject each one (mouse or
// keys j/k/a/r); copy or download the corrected text. Document text only ever enters the page as
// text nodes (textContent), never as markup.
"use strict";

const state = { text: "", findings: [], decisions: [], current: -1, name: "draft.txt" };
const $ = (id) => document.getElementById(id);

function status(message, isError) {
  $("status").textContent = message;
  $("status").className = isError ? "error" : "";
}

async function request() {
  const headers = {};
  const token = $("token").value.trim();
  if (token) headers["Authorization"] = "Bearer " + token;
  const file = $("file").files[0];
  let url = "/v1/scan", body;
  if (file && /\.(pdf|docx)$/i.test(file.name)) {
    headers["Content-Type"] = /\.pdf$/i.test(file.name) ? "application/pdf"
      : "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    url += "?path=" + encodeURIComponent(file.name);
    body = await file.arrayBuffer();
    state.name = file.name.replace(/\.(pdf|docx)$/i, ".txt");
  } else {
    const text = file ? await file.text() : $("draft").value;
    headers["Content-Type"] = "application/json";
    body = JSON.stringify({ text: text, path: file ? file.name : "draft.txt" });
    state.name = file ? file.name : "draft.txt";
  }
  const response = await fetch(url, { method: "POST", headers: headers, body: body });
  const payload = await response.json().catch(() => ({ error: response.statusText }));
  if (!response.ok) throw new Error(payload.error || response.statusText);
  return payload.documents[0];
}

function render(doc) {
  state.text = doc.text;
  state.findings = doc.findings;
  state.decisions = doc.findings.map(() => null);
  state.current = -1;
  $("result").hidden = false;
  $("result").className = doc.verdict;
  $("verdict").textContent = doc.verdict;
  $("score").textContent = "spin score " + doc.spin_score.toFixed(2);
  $("counts").textContent = doc.findings.length + (doc.findings.length === 1 ? " finding" : " findings")
    + " in " + doc.words + (doc.words === 1 ? " word" : " words");
  const box = $("text");
  box.replaceChildren();
  let at = 0;
  doc.findings.forEach((f, i) => {
    box.appendChild(document.createTextNode(doc.text.slice(at, f.start)));
    const span = document.createElement("span");
    span.className = "finding";
    span.tabIndex = 0;
    span.dataset.index = String(i);
    const where = f.page ? "p. " + f.page + "; " : f.paragraph ? "\u00b6 " + f.paragraph + "; " : "";
    span.title = where + "confidence " + f.confidence.toFixed(2) + (f.evidence.length ? "; " + f.evidence.join("; ") : "");
    span.setAttribute("aria-label", "\u201c" + f.text + "\u201d, likely \u201c" + (f.suggestions[0] || "?")
      + "\u201d; " + span.title);
    const del = document.createElement("del");
    del.textContent = doc.text.slice(f.start, f.end);
    const ins = document.createElement("ins");
    ins.textContent = f.suggestions[0] || "?";
    span.append(del, ins);
    span.addEventListener("click", () => select(i));
    span.addEventListener("focus", () => select(i, false));
    box.appendChild(span);
    at = f.end;
  });
  box.appendChild(document.createTextNode(doc.text.slice(at)));
  renderSource(doc);
  update();
  if (doc.findings.length) select(0, false);
}

function renderSource(doc) {
  // with an index on the server: the likely source, and the text against it (aligned differences)
  const best = doc.source && doc.source.best;
  $("source").hidden = !best;
  if (!best) return;
  const match = doc.source.matches[0];
  $("source-line").textContent = best.path + " (similarity " + match.similarity.toFixed(2) + ", covers "
    + Math.round(match.coverage * 100) + "% of the text" + (best.spun_copy ? "; a spun copy of it" : "") + ")";
  const box = $("source-diff");
  box.replaceChildren();
  let at = 0;
  best.differences.forEach((d) => {
    box.appendChild(document.createTextNode(doc.text.slice(at, d.submission.start)));
    const span = document.createElement("span");
    span.className = "finding";
    span.title = d.kind;
    if (d.submission.text) {
      const del = document.createElement("del");
      del.textContent = d.submission.text;
      span.appendChild(del);
    }
    if (d.source.text) {
      const ins = document.createElement("ins");
      ins.textContent = d.source.text;
      span.appendChild(ins);
    }
    box.appendChild(span);
    at = d.submission.end;
  });
  box.appendChild(document.createTextNode(doc.text.slice(at)));
}

function spans() { return Array.from(document.querySelectorAll("#text .finding")); }

function select(i, focus = true) {
  if (!state.findings.length) return;
  state.current = (i + state.findings.length) % state.findings.length;
  spans().forEach((s, k) => s.classList.toggle("current", k === state.current));
  const span = spans()[state.current];
  if (focus && document.activeElement !== span) span.focus();
  const f = state.findings[state.current];
  $("current").textContent = (state.current + 1) + " of " + state.findings.length + ": \u201c" + f.text
    + "\u201d \u2192 \u201c" + (f.suggestions[0] || "?") + "\u201d (" + span.title + ")";
}

function decide(choice) {
  if (state.current < 0) return;
  state.decisions[state.current] = choice;
  const span = spans()[state.current];
  span.classList.toggle("accepted", choice === "accept");
  span.classList.toggle("rejected", choice === "reject");
  update();
  if (state.current < state.findings.length - 1) select(state.current + 1);
}

function corrected() {
  let out = "", at = 0;
  state.findings.forEach((f, i) => {
    out += state.text.slice(at, f.start);
    out += state.decisions[i] === "accept" && f.suggestions[0] ? f.suggestions[0] : state.text.slice(f.start, f.end);
    at = f.end;
  });
  return out + state.text.slice(at);
}

function update() { $("corrected").value = corrected(); }

document.addEventListener("DOMContentLoaded", () => {
  $("input").addEventListener("submit", async (event) => {
    event.preventDefault();
    status("Scanning\u2026");
    try {
      render(await request());
      status("");
    } catch (error) {
      status("Could not scan: " + error.message, true);
    }
  });
  $("next").addEventListener("click", () => select(state.current + 1));
  $("previous").addEventListener("click", () => select(state.current - 1));
  $("accept").addEventListener("click", () => decide("accept"));
  $("reject").addEventListener("click", () => decide("reject"));
  $("copy").addEventListener("click", () => navigator.clipboard.writeText(corrected()).then(
    () => status("Copied the corrected text."), () => status("Copying is not allowed here; select the text below.", true)));
  $("download").addEventListener("click", () => {
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([corrected()], { type: "text/plain" }));
    link.download = state.name.replace(/(\.\w+)?$/, ".corrected.txt");
    link.click();
    URL.revokeObjectURL(link.href);
  });
  document.addEventListener("keydown", (event) => {
    if (event.target.matches("textarea, input") || event.ctrlKey || event.metaKey || event.altKey) return;
    const keys = { j: () => select(state.current + 1), k: () => select(state.current - 1),
                   a: () => decide("accept"), r: () => decide("reject") };
    if (keys[event.key] && state.findings.length) { event.preventDefault(); keys[event.key](); }
  });
});
