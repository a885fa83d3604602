/// <reference lib="dom" />
// Similar (or nearest) past trials with the shared drugs and diseases as evidence.
import { h, outcomeText, prob, trialLink, valueCell } from "./dom.js";
import type { SimilarRow } from "./queries.js";

export function similarTable(id: string, caption: string, rows: SimilarRow[]): HTMLElement {
  if (!rows.length) return h("p", { id }, "No similar trial found (are the trials scored?).");
  return h(
    "table",
    { id, class: "data" },
    h("caption", {}, caption),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        [
          "trial",
          "similarity",
          "phase",
          "observed outcome",
          "predicted",
          "shared drugs",
          "shared diseases",
        ].map((t) => h("th", { scope: "col" }, t)),
      ),
    ),
    h(
      "tbody",
      {},
      rows.map((r) =>
        h(
          "tr",
          { "data-nct-id": r.trial.nctId },
          h("td", {}, trialLink(r.trial.nctId)),
          valueCell(r.score, r.score.toFixed(3)),
          h("td", {}, r.trial.phase ?? ""),
          valueCell(r.trial.outcome, outcomeText(r.trial.outcome)),
          valueCell(r.trial.successProbability, prob(r.trial.successProbability)),
          h("td", {}, r.sharedDrugs.join(", ") || "none"),
          h("td", {}, r.sharedDiseases.join(", ") || "none"),
        ),
      ),
    ),
  );
}
