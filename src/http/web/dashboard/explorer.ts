/// <reference lib="dom" />
// Trial explorer: search, filters and sort from the URL, pages through the API's connection (one
// request per page, the rows' drugs and diseases included), CSV export of the rows shown.
import { ApiRequestError, graphql } from "./api.js";
import { toCsv } from "./csv.js";
import { download } from "./download.js";
import { errorBox, h } from "./dom.js";
import { explorerForm } from "./explorer-form.js";
import { nctIdOf, parseState, stateQuery, toFilter, type ExplorerState } from "./explorer-state.js";
import { TRIAL_ROW_QUERY, TRIALS_QUERY, type TrialRow, type TrialsData } from "./queries.js";
import { CSV_HEADER, csvRows, trialTable } from "./trial-table.js";

/** Cursors of the pages visited for the current query: page i starts after cursors[i]. */
let paging: { key: string; cursors: (string | null)[]; page: number } = { key: "", cursors: [null], page: 0 };

function go(state: ExplorerState): void {
  location.hash = `#/trials?${stateQuery(state)}`;
}

async function fetchPage(
  state: ExplorerState,
): Promise<{ rows: TrialRow[]; total: number; next: string | null }> {
  const id = nctIdOf(state.text);
  if (id) {
    try {
      const data = await graphql<{ trial: TrialRow | null }>(TRIAL_ROW_QUERY, { nctId: id });
      return { rows: data.trial ? [data.trial] : [], total: data.trial ? 1 : 0, next: null };
    } catch (error) {
      if (error instanceof ApiRequestError && error.errors[0]?.extensions?.code === "NOT_FOUND")
        return { rows: [], total: 0, next: null };
      throw error;
    }
  }
  const data = await graphql<TrialsData>(TRIALS_QUERY, {
    filter: toFilter(state),
    first: state.size,
    after: paging.cursors[paging.page],
    orderBy: state.sort === "RELEVANCE" && !state.text.trim() ? "NCT_ID_ASC" : state.sort,
  });
  const t = data.trials;
  return {
    rows: t.edges.map((e) => e.node),
    total: t.totalCount,
    next: t.pageInfo.hasNextPage ? t.pageInfo.endCursor : null,
  };
}

export async function renderExplorer(view: HTMLElement, params: URLSearchParams): Promise<void> {
  const state = parseState(params);
  const key = stateQuery(state);
  if (paging.key !== key) paging = { key, cursors: [null], page: 0 };
  const results = h("div", { id: "explorer-results" }, h("p", {}, "Loading…"));
  view.replaceChildren(h("h1", {}, "Trial explorer"), explorerForm(state, go), results);
  let page: Awaited<ReturnType<typeof fetchPage>>;
  try {
    page = await fetchPage(state);
  } catch (error) {
    results.replaceChildren(errorBox(error));
    return;
  }
  const first = paging.page * state.size;
  const turn = (delta: number) => () => {
    if (delta > 0 && page.next) paging.cursors[paging.page + 1] = page.next;
    paging.page += delta;
    void renderExplorer(view, params);
  };
  const shown = page.rows.length ? `${first + 1}–${first + page.rows.length}` : "0";
  results.replaceChildren(
    h(
      "div",
      { class: "toolbar" },
      h("p", { id: "trial-count", "data-total": page.total }, `Trials ${shown} of ${page.total}`),
      h(
        "button",
        { type: "button", id: "prev-page", disabled: paging.page === 0, onclick: turn(-1) },
        "Previous page",
      ),
      h("button", { type: "button", id: "next-page", disabled: !page.next, onclick: turn(1) }, "Next page"),
      h(
        "button",
        {
          type: "button",
          id: "export-csv",
          disabled: !page.rows.length,
          onclick: () =>
            download(`trials-page-${paging.page + 1}.csv`, toCsv(CSV_HEADER, csvRows(page.rows))),
        },
        "Export CSV (rows shown)",
      ),
    ),
    page.rows.length
      ? trialTable(page.rows, state.sort, (sort) => go({ ...state, sort }))
      : h("p", {}, "No trial matches."),
  );
}
