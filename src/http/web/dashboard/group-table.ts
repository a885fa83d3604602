/// <reference lib="dom" />
// A table of GroupSuccessRate rows: the numbers behind a bar chart, in full.
import { h, pct, prob, valueCell } from "./dom.js";
import type { GroupRate } from "./queries.js";

export function groupTable(
  id: string,
  caption: string,
  keyHeader: string,
  rows: GroupRate[],
): HTMLTableElement {
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
        ["group", keyHeader, "trials", "with outcome", "observed success", "scored", "predicted mean"].map(
          (t) => h("th", { scope: "col" }, t),
        ),
      ),
    ),
    h(
      "tbody",
      {},
      rows.map((r) =>
        h(
          "tr",
          { "data-key": r.key },
          h("th", { scope: "row" }, r.key),
          h("td", {}, r.label ?? ""),
          valueCell(r.trialCount, String(r.trialCount)),
          valueCell(r.withOutcome, String(r.withOutcome)),
          valueCell(r.observedSuccessRate, pct(r.observedSuccessRate)),
          valueCell(r.scoredCount, String(r.scoredCount)),
          valueCell(r.predictedMean, prob(r.predictedMean)),
        ),
      ),
    ),
  );
}
