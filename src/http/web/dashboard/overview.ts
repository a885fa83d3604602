/// <reference lib="dom" />
// Overview: observed vs predicted success by phase, by ICD chapter and for the top drugs, and the
// model card. One request (analytics, as a GET the browser may cache for a minute) for the view.
import { graphql } from "./api.js";
import { pairedBarChart } from "./bar-chart.js";
import { h } from "./dom.js";
import { groupTable } from "./group-table.js";
import { modelCardView } from "./model-card-view.js";
import { OVERVIEW_QUERY, type GroupRate, type OverviewData } from "./queries.js";

export const TOP_DRUGS = 10;

function groupSection(id: string, title: string, keyHeader: string, rows: GroupRate[], useLabel: boolean) {
  const bars = rows.map((r) => ({
    label: useLabel && r.label ? `${r.key} ${r.label}` : r.key,
    observed: r.observedSuccessRate,
    predicted: r.predictedMean,
  }));
  return h(
    "section",
    { "aria-labelledby": `${id}-h` },
    h("h2", { id: `${id}-h` }, title),
    h("div", { class: "chart-box" }, pairedBarChart(title, bars)),
    h("details", {}, h("summary", {}, "Numbers"), groupTable(id, title, keyHeader, rows)),
  );
}

export async function renderOverview(view: HTMLElement): Promise<void> {
  const data = await graphql<OverviewData>(OVERVIEW_QUERY, { topDrugs: TOP_DRUGS }, { get: true });
  const a = data.analytics;
  view.replaceChildren(
    h("h1", {}, "Overview"),
    h(
      "p",
      { class: "note" },
      "Observed success = successes / trials with an outcome; predicted = the mean stored probability of the scored trials.",
    ),
    h(
      "div",
      { class: "grid" },
      groupSection("by-phase", "Success by phase", "", a.byPhase, false),
      groupSection("by-drug", `Success for the top ${TOP_DRUGS} drugs`, "", a.byDrug, false),
    ),
    groupSection("by-icd", "Success by ICD-10 chapter", "chapter", a.byIcdChapter, true),
    modelCardView(a.modelCard, a.calibration),
  );
}
