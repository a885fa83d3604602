/// <reference lib="dom" />
// Trial page: the prediction (model version, provider), the most similar past trials (successful
// only or all, same phase or not) and the trial's neighbourhood in the graph. One request for the
// page; changing the similar-trial options asks for the similar trials alone.
import { graphql } from "./api.js";
import { errorBox, h, outcomeText, prob } from "./dom.js";
import { neighbourhoodGraph } from "./neighbourhood-graph.js";
import { SIMILAR_QUERY, TRIAL_QUERY, type SimilarData, type TrialData } from "./queries.js";
import { similarTable } from "./similar-table.js";

export const SIMILAR_K = 10;

function fact(term: string, id: string, text: string, value?: string | number | null): HTMLElement[] {
  return [h("dt", {}, term), h("dd", { id, "data-value": value ?? null }, text)];
}

export async function renderTrial(view: HTMLElement, nctId: string): Promise<void> {
  const options = { successfulOnly: false, samePhase: false };
  const data = await graphql<TrialData>(TRIAL_QUERY, { nctId, k: SIMILAR_K, ...options });
  const t = data.trial!;
  const p = t.outcomePrediction;
  const provider =
    p.executionProvider ?? `stored score (the server runs ${data.analytics.modelCard.executionProvider})`;
  const similarBox = h(
    "div",
    { id: "similar-box" },
    similarTable("similar", "Most similar past trials", t.similarTrials),
  );
  const reload = async () => {
    try {
      const s = await graphql<SimilarData>(SIMILAR_QUERY, { nctId, k: SIMILAR_K, ...options });
      similarBox.replaceChildren(
        similarTable("similar", "Most similar past trials", s.trial?.similarTrials ?? []),
      );
    } catch (error) {
      similarBox.replaceChildren(errorBox(error));
    }
  };
  const toggle = (key: keyof typeof options, id: string, label: string) =>
    h(
      "label",
      { for: id, class: "check" },
      h("input", {
        type: "checkbox",
        id,
        onchange: (e: Event) => {
          options[key] = (e.target as HTMLInputElement).checked;
          void reload();
        },
      }),
      ` ${label}`,
    );
  view.replaceChildren(
    h("h1", {}, `Trial ${t.nctId}`),
    h(
      "dl",
      { class: "facts" },
      fact("phase", "trial-phase", t.phase ?? "—"),
      fact("status", "trial-status", t.status ?? "—"),
      fact("observed outcome", "trial-outcome", outcomeText(t.outcome), t.outcome),
      t.whyStop ? fact("why stopped", "trial-why-stop", t.whyStop) : [],
      fact("benchmark split", "trial-split", t.split ?? "—"),
    ),
    h(
      "section",
      { "aria-labelledby": "prediction-h" },
      h("h2", { id: "prediction-h" }, "Prediction"),
      h(
        "dl",
        { class: "facts" },
        fact("success probability", "prediction-probability", prob(p.probability), p.probability),
        fact("phase model", "prediction-phase-model", p.phaseModel ?? "—"),
        fact("model version", "prediction-model-version", p.modelVersion),
        fact("execution provider", "prediction-provider", provider),
        fact("source", "prediction-source", p.source),
      ),
    ),
    h(
      "section",
      { "aria-labelledby": "similar-h" },
      h("h2", { id: "similar-h" }, "Similar past trials"),
      h(
        "div",
        { class: "toolbar" },
        toggle("successfulOnly", "similar-successful", "successful only"),
        toggle("samePhase", "similar-same-phase", "same phase only"),
      ),
      similarBox,
    ),
    h(
      "section",
      { "aria-labelledby": "graph-h" },
      h("h2", { id: "graph-h" }, "Neighbourhood in the graph"),
      h("div", { class: "chart-box" }, neighbourhoodGraph(t)),
    ),
    h(
      "details",
      {},
      h("summary", {}, "Eligibility criteria"),
      h("h3", {}, "Inclusion"),
      h("pre", {}, t.inclusionCriteria || "(none)"),
      h("h3", {}, "Exclusion"),
      h("pre", {}, t.exclusionCriteria || "(none)"),
    ),
  );
}
