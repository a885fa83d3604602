/// <reference lib="dom" />
// The dashboard's only way to the data: GraphQL over HTTP to this server's /graphql, as any
// dashboard tool would call it. Errors keep the API's `extensions` (code, argument, value).

export interface ApiError {
  message: string;
  extensions?: { code?: string; argument?: string; value?: unknown; [key: string]: unknown };
}

export class ApiRequestError extends Error {
  constructor(readonly errors: ApiError[]) {
    super(errors.map((e) => e.message).join("; "));
  }
}

/**
 * Runs a query. `get: true` sends it as a GET (for analytics-only queries: the server marks those
 * answers cacheable for a minute with an ETag, so the browser reuses them); POST otherwise.
 */
export async function graphql<T>(
  query: string,
  variables: Record<string, unknown> = {},
  options: { get?: boolean } = {},
): Promise<T> {
  const res = options.get
    ? await fetch(`/graphql?${new URLSearchParams({ query, variables: JSON.stringify(variables) })}`, {
        // Apollo's CSRF prevention accepts a GET that carries a header a plain form cannot send.
        headers: { "apollo-require-preflight": "true" },
      })
    : await fetch("/graphql", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query, variables }),
      });
  let body: { data?: T | null; errors?: ApiError[] };
  try {
    body = (await res.json()) as typeof body;
  } catch {
    throw new ApiRequestError([{ message: `HTTP ${res.status}: the answer is not JSON` }]);
  }
  if (body.errors?.length) throw new ApiRequestError(body.errors);
  if (!body.data) throw new ApiRequestError([{ message: `HTTP ${res.status} without data` }]);
  return body.data;
}
