// The HTML of the two pages: the GraphiQL IDE at `/` and the dashboard at `/dashboard`. Both are
// shells that load their scripts and styles from /assets (src/http/assets.ts); no inline script.
import { assetUrls } from "./assets.js";

export async function idePage(): Promise<string> {
  const a = await assetUrls();
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>TrialGraph GraphQL IDE</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${a["graphiql.css"]}">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql" role="main">Loading the GraphQL IDE…</div>
<script src="${a["react.js"]}"></script>
<script src="${a["react-dom.js"]}"></script>
<script src="${a["graphiql.js"]}"></script>
<script src="${a["ide.js"]}"></script>
</body>
</html>
`;
}

export async function dashboardPage(): Promise<string> {
  const a = await assetUrls();
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>TrialGraph dashboard</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${a["dashboard.css"]}">
</head>
<body>
<header>
  <h1>TrialGraph</h1>
  <nav aria-label="Views">
    <a href="#/overview">Overview</a>
    <a href="#/trials">Trial explorer</a>
    <a href="#/what-if">What-if</a>
    <a href="/">GraphQL IDE</a>
  </nav>
</header>
<main id="view" tabindex="-1" aria-live="polite">Loading…</main>
<script src="${a["dashboard.js"]}" defer></script>
</body>
</html>
`;
}
