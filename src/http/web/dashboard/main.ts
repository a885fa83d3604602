/// <reference lib="dom" />
// The dashboard's router: the URL's hash picks the view (#/overview, #/trials?…, #/trial/NCT…,
// #/what-if). `document.body.dataset.view` names the view once it has rendered (or failed), for
// tests and the first-view benchmark.
import { errorBox } from "./dom.js";
import { renderExplorer } from "./explorer.js";
import { renderOverview } from "./overview.js";
import { renderTrial } from "./trial-page.js";
import { renderWhatIf } from "./what-if.js";

const view = document.getElementById("view")!;

async function route(): Promise<void> {
  const hash = location.hash.replace(/^#/, "") || "/overview";
  const [path, query = ""] = hash.split("?");
  const params = new URLSearchParams(query);
  const trial = /^\/trial\/(.+)$/.exec(path!);
  let name = "overview";
  document.body.dataset.view = "";
  document.querySelectorAll("nav a").forEach((a) => {
    const current = a.getAttribute("href") === `#${path}`;
    if (current) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  });
  try {
    if (trial) {
      name = "trial";
      await renderTrial(view, decodeURIComponent(trial[1]!));
    } else if (path === "/trials") {
      name = "trials";
      await renderExplorer(view, params);
    } else if (path === "/what-if") {
      name = "what-if";
      renderWhatIf(view);
    } else {
      await renderOverview(view);
    }
  } catch (error) {
    view.replaceChildren(errorBox(error));
  }
  document.body.dataset.view = name;
}

window.addEventListener("hashchange", () => void route());
void route();
