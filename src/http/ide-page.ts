// A tiny offline GraphQL IDE served at `/`: query and variables boxes, a run button and the result.
// Self-contained (no CDN, no external scripts), so it works on machines without internet access.

const EXAMPLE = `query Example {
  trials(first: 5, filter: { phase: "phase 2" }, orderBy: PROBABILITY_DESC) {
    totalCount
    edges {
      node {
        nctId
        outcome
        drugs { name }
        outcomePrediction { probability modelVersion }
      }
    }
  }
}`;

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function idePage(graphqlPath: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>TrialGraph GraphQL</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { font: 14px system-ui, sans-serif; margin: 0; display: flex; flex-direction: column; height: 100vh; }
  header { padding: 8px 12px; background: #243447; color: #fff; display: flex; gap: 12px; align-items: center; }
  header h1 { font-size: 16px; margin: 0; flex: 1; }
  main { flex: 1; display: grid; grid-template-columns: 1fr 1fr; gap: 8px; padding: 8px; min-height: 0; }
  .col { display: flex; flex-direction: column; gap: 6px; min-height: 0; }
  textarea, pre { font: 13px ui-monospace, monospace; border: 1px solid #ccc; border-radius: 4px; padding: 6px; margin: 0; }
  #query { flex: 3; } #variables { flex: 1; }
  pre { flex: 1; overflow: auto; background: #f7f7f7; white-space: pre-wrap; }
  button { font-size: 14px; padding: 4px 14px; cursor: pointer; }
  label { font-size: 12px; color: #555; }
</style>
</head>
<body>
<header><h1>TrialGraph GraphQL</h1><span id="status"></span><button id="run" title="Ctrl+Enter">Run</button></header>
<main>
  <div class="col">
    <label for="query">Query</label>
    <textarea id="query" spellcheck="false">${escapeHtml(EXAMPLE)}</textarea>
    <label for="variables">Variables (JSON)</label>
    <textarea id="variables" spellcheck="false">{}</textarea>
  </div>
  <div class="col">
    <label for="result">Result</label>
    <pre id="result"></pre>
  </div>
</main>
<script>
  const endpoint = ${JSON.stringify(graphqlPath)};
  const $ = (id) => document.getElementById(id);
  async function run() {
    let variables = {};
    try { variables = JSON.parse($("variables").value || "{}"); }
    catch (e) { $("result").textContent = "Variables are not valid JSON: " + e.message; return; }
    $("status").textContent = "running…";
    const started = performance.now();
    try {
      const res = await fetch(endpoint, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: $("query").value, variables }),
      });
      const text = await res.text();
      try { $("result").textContent = JSON.stringify(JSON.parse(text), null, 2); }
      catch { $("result").textContent = text; }
      $("status").textContent = res.status + " in " + Math.round(performance.now() - started) + " ms";
    } catch (e) {
      $("status").textContent = "failed";
      $("result").textContent = String(e);
    }
  }
  $("run").addEventListener("click", run);
  document.addEventListener("keydown", (e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) run(); });
</script>
</body>
</html>
`;
}
