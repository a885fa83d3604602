/// <reference lib="dom" />
// What-if: a planned trial's probability, the fallbacks the API reported and the nearest past
// trials. An error of the API is shown next to the field its `argument` names (or above the button
// when it names none), never as a blank page.
import { ApiRequestError, graphql, type ApiError } from "./api.js";
import { errorBox, h, prob } from "./dom.js";
import { WHAT_IF_QUERY, type WhatIfData } from "./queries.js";
import { similarTable } from "./similar-table.js";
import { fillExample, whatIfForm, type RowMap } from "./what-if-form.js";

export const NEAREST = 5;

/** The form's argument for an API argument: `input.drugs[k]` of the request is form row rows.drugs[k]. */
function formArgument(argument: string, rows: RowMap): string {
  return argument.replace(/^input\.(drugs|diseases)\[(\d+)\]/, (_, list: "drugs" | "diseases", k: string) => {
    return `input.${list}[${rows[list][Number(k)] ?? k}]`;
  });
}

function showErrors(form: HTMLFormElement, errors: ApiError[], rows: RowMap): void {
  const general: string[] = [];
  for (const e of errors) {
    const argument = e.extensions?.argument;
    const control = argument
      ? form.querySelector<HTMLElement>(`[data-argument="${CSS.escape(formArgument(argument, rows))}"]`)
      : null;
    if (!control) {
      general.push(e.message);
      continue;
    }
    control.setAttribute("aria-invalid", "true");
    const slot = form.querySelector(`#${control.id}-error`);
    if (slot) slot.textContent = e.message;
  }
  form.querySelector("#what-if-error")!.textContent = general.join("; ");
}

function clearErrors(form: HTMLFormElement): void {
  form.querySelectorAll(".field-error, #what-if-error").forEach((el) => (el.textContent = ""));
  form.querySelectorAll("[aria-invalid]").forEach((el) => el.removeAttribute("aria-invalid"));
}

function resultView(r: WhatIfData["predictOutcome"]): HTMLElement {
  return h(
    "section",
    { id: "what-if-result", "aria-labelledby": "what-if-result-h" },
    h("h2", { id: "what-if-result-h" }, "Prediction"),
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, "success probability"),
      h("dd", { id: "what-if-probability", "data-value": r.probability, class: "big" }, prob(r.probability)),
      h("dt", {}, "phase model"),
      h("dd", {}, r.phaseModel),
      h("dt", {}, "model version"),
      h("dd", { id: "what-if-model-version" }, r.modelVersion),
      h("dt", {}, "execution provider"),
      h("dd", {}, r.executionProvider),
      h("dt", {}, "drugs as scored"),
      h(
        "dd",
        {},
        r.drugs.map((d) => `${d.name} (SMILES from ${d.source.toLowerCase()})`).join(", ") || "none",
      ),
    ),
    h("h3", {}, "Fallbacks"),
    r.fallbacks.length
      ? h(
          "ul",
          { id: "what-if-fallbacks" },
          r.fallbacks.map((f) =>
            h("li", {}, `${f.kind}: ${f.value}${f.usedInstead ? ` → ${f.usedInstead}` : ""} — ${f.message}`),
          ),
        )
      : h("p", { id: "what-if-fallbacks" }, "None: every input was used as given."),
    similarTable("what-if-nearest", "Nearest past trials", r.nearestTrials),
  );
}

export function renderWhatIf(view: HTMLElement): void {
  const out = h("div", { id: "what-if-out" });
  const form = whatIfForm((input, rows) => {
    clearErrors(form);
    out.replaceChildren(h("p", {}, "Predicting…"));
    graphql<WhatIfData>(WHAT_IF_QUERY, { input, nearest: NEAREST }).then(
      (data) => out.replaceChildren(resultView(data.predictOutcome)),
      (error: unknown) => {
        out.replaceChildren();
        if (error instanceof ApiRequestError) showErrors(form, error.errors, rows);
        else out.replaceChildren(errorBox(error));
      },
    );
  });
  fillExample(form);
  view.replaceChildren(h("h1", {}, "What-if: a planned trial"), form, out);
}
