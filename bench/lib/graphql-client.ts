// A minimal GraphQL-over-HTTP client for the benchmarks (what a dashboard does: POST JSON).
export interface GraphQLResponse<T = unknown> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export async function postGraphQL<T = unknown>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GraphQLResponse<T>> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as GraphQLResponse<T>;
  if (!res.ok && !body.errors) throw new Error(`HTTP ${res.status}`);
  return body;
}

/** Throws with the first error so a benchmark never times a failing query. */
export function dataOrThrow<T>(r: GraphQLResponse<T>): T {
  if (r.errors?.length)
    throw new Error(`GraphQL error: ${r.errors[0]!.message} (${r.errors[0]!.extensions?.code ?? "no code"})`);
  if (!r.data) throw new Error("GraphQL response without data");
  return r.data;
}
