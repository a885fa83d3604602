/// <reference lib="dom" />
// The explorer's result table: observed outcome and predicted probability side by side, sortable
// by the columns the API can order by, and navigable with the keyboard (arrow keys move between
// rows, Enter opens the trial).
import { h, outcomeText, prob, trialLink, valueCell } from "./dom.js";
import type { TrialRow } from "./queries.js";

export const CSV_HEADER = [
  "nctId",
  "phase",
  "status",
  "drugs",
  "diseases",
  "observedOutcome",
  "successProbability",
  "modelVersion",
];

export function csvRows(rows: TrialRow[]): (string | number | null)[][] {
  return rows.map((r) => [
    r.nctId,
    r.phase,
    r.status,
    r.drugs.map((d) => d.name).join("; "),
    r.diseases.map((d) => d.name).join("; "),
    r.outcome,
    r.successProbability,
    r.modelVersion,
  ]);
}

interface SortHeader {
  label: string;
  asc?: string;
  desc?: string;
}

function header(col: SortHeader, sort: string, onSort: (sort: string) => void): HTMLTableCellElement {
  if (!col.asc || !col.desc) return h("th", { scope: "col" }, col.label);
  const state = sort === col.asc ? "ascending" : sort === col.desc ? "descending" : "none";
  const next = state === "descending" ? col.asc : col.desc;
  const arrow = state === "ascending" ? " ▲" : state === "descending" ? " ▼" : "";
  return h(
    "th",
    { scope: "col", "aria-sort": state },
    h("button", { type: "button", class: "sort", onclick: () => onSort(next) }, col.label + arrow),
  );
}

function onRowKey(event: Event): void {
  const e = event as KeyboardEvent;
  const row = (e.target as HTMLElement).closest("tr");
  if (!row) return;
  const target =
    e.key === "ArrowDown" ? row.nextElementSibling : e.key === "ArrowUp" ? row.previousElementSibling : null;
  if (target instanceof HTMLElement) {
    e.preventDefault();
    target.focus();
  } else if (e.key === "Enter" && e.target === row) {
    row.querySelector("a")?.click();
  }
}

/** At most three names, then how many more (all of them in the tooltip and the CSV). */
function listed(names: string[]): HTMLElement {
  const text =
    names.length > 3 ? `${names.slice(0, 3).join(", ")} and ${names.length - 3} more` : names.join(", ");
  return h("span", { title: names.join(", ") }, text);
}

export function trialTable(rows: TrialRow[], sort: string, onSort: (sort: string) => void): HTMLTableElement {
  const columns: SortHeader[] = [
    { label: "NCT id", asc: "NCT_ID_ASC", desc: "NCT_ID_DESC" },
    { label: "phase" },
    { label: "status" },
    { label: "drugs" },
    { label: "diseases" },
    { label: "observed outcome" },
    { label: "predicted probability", asc: "PROBABILITY_ASC", desc: "PROBABILITY_DESC" },
    { label: "model version" },
  ];
  return h(
    "table",
    { id: "trial-table", class: "data", "aria-describedby": "trial-count" },
    h("caption", {}, "Trials (arrow keys move between rows, Enter opens a trial)"),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        columns.map((c) => header(c, sort, onSort)),
      ),
    ),
    h(
      "tbody",
      { onkeydown: onRowKey },
      rows.map((r) =>
        h(
          "tr",
          { tabindex: 0, "data-nct-id": r.nctId },
          h("td", {}, trialLink(r.nctId)),
          h("td", {}, r.phase ?? ""),
          h("td", {}, r.status ?? ""),
          h("td", {}, r.drugs.map((d) => d.name).join(", ")),
          h("td", {}, listed(r.diseases.map((d) => d.name))),
          valueCell(r.outcome, outcomeText(r.outcome)),
          valueCell(
            r.successProbability,
            r.successProbability === null ? "not scored" : prob(r.successProbability),
          ),
          h("td", {}, r.modelVersion ?? ""),
        ),
      ),
    ),
  );
}
