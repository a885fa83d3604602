/// <reference lib="dom" />
// The IDE page's script: GraphiQL (its prebuilt UMD build, loaded before this file with React)
// against this server's /graphql, with the example queries as tabs.
import { EXAMPLES } from "./examples.js";

interface UmdReact {
  createElement(type: unknown, props: Record<string, unknown>): unknown;
}
interface UmdReactDom {
  createRoot(element: Element): { render(node: unknown): void };
}
declare const React: UmdReact;
declare const ReactDOM: UmdReactDom;
declare const GraphiQL: unknown;

interface FetcherParams {
  query: string;
  variables?: unknown;
  operationName?: string | null;
}

async function fetcher(
  params: FetcherParams,
  options?: { headers?: Record<string, string> },
): Promise<unknown> {
  const res = await fetch("/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", ...(options?.headers ?? {}) },
    body: JSON.stringify(params),
  });
  return res.json();
}

const root = document.getElementById("graphiql")!;
ReactDOM.createRoot(root).render(
  React.createElement(GraphiQL, {
    fetcher,
    defaultTabs: EXAMPLES,
    // The editors start from these props, not from the first tab: give them the first tab's.
    query: EXAMPLES[0]!.query,
    variables: EXAMPLES[0]!.variables,
    defaultEditorToolsVisibility: true,
    shouldPersistHeaders: false,
  }),
);
