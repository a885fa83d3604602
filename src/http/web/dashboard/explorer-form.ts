/// <reference lib="dom" />
// The explorer's search and filter form: every control labelled; submitting calls `onApply` with
// the new state.
import { h } from "./dom.js";
import { PAGE_SIZES, PHASES, SORTS, type ExplorerState } from "./explorer-state.js";

function field(id: string, label: string, control: HTMLElement): HTMLElement {
  control.id = id;
  return h("div", { class: "field" }, h("label", { for: id }, label), control);
}

function select(name: string, options: [string, string][], value: string): HTMLSelectElement {
  return h(
    "select",
    { name },
    options.map(([v, text]) => h("option", { value: v, selected: v === value }, text)),
  );
}

export function explorerForm(state: ExplorerState, onApply: (state: ExplorerState) => void): HTMLFormElement {
  const text = (name: keyof ExplorerState, placeholder = "") =>
    h("input", { type: "text", name, value: String(state[name]), placeholder });
  const number = (name: keyof ExplorerState) =>
    h("input", { type: "number", name, min: 0, max: 1, step: 0.01, value: String(state[name]) });
  const form = h(
    "form",
    { id: "explorer-form", role: "search", "aria-label": "Search and filter trials" },
    field("f-text", "Search (criteria words or an NCT id)", text("text", "e.g. glioblastoma")),
    field(
      "f-phase",
      "Phase",
      select("phase", [["", "any"], ...PHASES.map((p): [string, string] => [p, p])], state.phase),
    ),
    field("f-drug", "Drug", text("drug", "name")),
    field("f-disease", "Disease", text("disease", "name")),
    field("f-icd", "ICD-10 prefix", text("icd", "e.g. C or C71")),
    field(
      "f-outcome",
      "Observed outcome",
      select(
        "outcome",
        [
          ["", "any"],
          ["success", "success"],
          ["failure", "failure"],
          ["unknown", "unknown"],
        ],
        state.outcome,
      ),
    ),
    field("f-minP", "Min probability", number("minP")),
    field("f-maxP", "Max probability", number("maxP")),
    field(
      "f-sort",
      "Sort",
      select(
        "sort",
        SORTS.map((s): [string, string] => [s, s.toLowerCase().replace(/_/g, " ")]),
        state.sort,
      ),
    ),
    field(
      "f-size",
      "Rows per page",
      select(
        "size",
        PAGE_SIZES.map((n): [string, string] => [String(n), String(n)]),
        String(state.size),
      ),
    ),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "submit" }, "Apply"),
      h("a", { href: "#/trials" }, "Clear"),
    ),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const get = (k: string) => String(data.get(k) ?? "");
    onApply({
      text: get("text"),
      phase: get("phase"),
      drug: get("drug"),
      disease: get("disease"),
      icd: get("icd"),
      outcome: get("outcome"),
      minP: get("minP"),
      maxP: get("maxP"),
      sort: get("sort"),
      size: Number(get("size")),
    });
  });
  return form;
}
