/// <reference lib="dom" />
// The what-if form for a planned trial: phase, criteria, drugs (name, optional SMILES) and diseases
// (name, ICD-10 codes). Every control carries the API argument it feeds (`data-argument`, e.g.
// `input.drugs[0].smiles`), so an error of the API can be shown next to its field.
import { h } from "./dom.js";
import { PHASES } from "./explorer-state.js";

const ROWS = 3;

function labelled(id: string, label: string, control: HTMLElement, argument: string): HTMLElement {
  control.id = id;
  control.dataset.argument = argument;
  control.setAttribute("aria-describedby", `${id}-error`);
  return h(
    "div",
    { class: "field" },
    h("label", { for: id }, label),
    control,
    h("span", { class: "field-error", id: `${id}-error`, role: "alert" }),
  );
}

/** For each drug and disease sent, the form row it came from (empty rows are not sent). */
export interface RowMap {
  drugs: number[];
  diseases: number[];
}

export function whatIfForm(
  onSubmit: (input: Record<string, unknown>, rows: RowMap) => void,
): HTMLFormElement {
  const drugRows = Array.from({ length: ROWS }, (_, i) =>
    h(
      "fieldset",
      { class: "row" },
      h("legend", {}, `Drug ${i + 1}`),
      labelled(
        `w-drug-${i}`,
        "name",
        h("input", { type: "text", name: `drug${i}` }),
        `input.drugs[${i}].name`,
      ),
      labelled(
        `w-smiles-${i}`,
        "SMILES (optional)",
        h("input", { type: "text", name: `smiles${i}`, spellcheck: "false" }),
        `input.drugs[${i}].smiles`,
      ),
    ),
  );
  const diseaseRows = Array.from({ length: ROWS }, (_, i) =>
    h(
      "fieldset",
      { class: "row" },
      h("legend", {}, `Disease ${i + 1}`),
      labelled(
        `w-disease-${i}`,
        "name",
        h("input", { type: "text", name: `disease${i}` }),
        `input.diseases[${i}].name`,
      ),
      labelled(
        `w-icd-${i}`,
        "ICD-10 codes (comma-separated)",
        h("input", { type: "text", name: `icd${i}`, placeholder: "e.g. C71.9" }),
        `input.diseases[${i}].icdCodes`,
      ),
    ),
  );
  const form = h(
    "form",
    { id: "what-if-form", "aria-label": "Planned trial" },
    labelled(
      "w-phase",
      "Phase",
      h(
        "select",
        { name: "phase" },
        PHASES.map((p) => h("option", { value: p, selected: p === "phase 2" }, p)),
      ),
      "input.phase",
    ),
    labelled(
      "w-inclusion",
      "Inclusion criteria (one per line)",
      h("textarea", { name: "inclusion", rows: 4 }),
      "input.inclusionCriteria",
    ),
    labelled(
      "w-exclusion",
      "Exclusion criteria (one per line)",
      h("textarea", { name: "exclusion", rows: 3 }),
      "input.exclusionCriteria",
    ),
    h("div", { class: "rows" }, drugRows),
    h("div", { class: "rows" }, diseaseRows),
    h("p", { class: "form-error", id: "what-if-error", role: "alert" }),
    h("button", { type: "submit" }, "Predict"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const get = (k: string) => String(data.get(k) ?? "").trim();
    const drugs: { name: string; smiles?: string }[] = [];
    const diseases: { name: string; icdCodes: string[] }[] = [];
    const rows: RowMap = { drugs: [], diseases: [] };
    for (let i = 0; i < ROWS; i++) {
      if (get(`drug${i}`) || get(`smiles${i}`)) {
        drugs.push({ name: get(`drug${i}`), ...(get(`smiles${i}`) ? { smiles: get(`smiles${i}`) } : {}) });
        rows.drugs.push(i);
      }
      if (get(`disease${i}`) || get(`icd${i}`)) {
        const icdCodes = get(`icd${i}`)
          .split(",")
          .map((c) => c.trim())
          .filter(Boolean);
        diseases.push({ name: get(`disease${i}`), icdCodes });
        rows.diseases.push(i);
      }
    }
    const input = {
      phase: get("phase"),
      inclusionCriteria: String(data.get("inclusion") ?? ""),
      exclusionCriteria: String(data.get("exclusion") ?? ""),
      drugs,
      diseases,
    };
    onSubmit(input, rows);
  });
  return form;
}

/** Fills the form with an example planned trial. */
export function fillExample(form: HTMLFormElement): void {
  const set = (name: string, value: string) => {
    (form.elements.namedItem(name) as HTMLInputElement).value = value;
  };
  set("inclusion", "Histologically confirmed glioblastoma\nKarnofsky performance status >= 70");
  set("exclusion", "Prior treatment with bevacizumab\nPregnancy");
  set("drug0", "temozolomide");
  set("drug1", "bevacizumab");
  set("disease0", "glioblastoma");
  set("icd0", "C71.9");
}
