// POST/GET /graphql: the method (405), the body limit (413), JSON parsing and the query-size guard
// (400, before any parsing or validation by Apollo), then Apollo's HTTP execution.
import type http from "node:http";
import { HeaderMap } from "@apollo/server";
import type { ServerConfig } from "../config.js";
import type { GraphQLLayer } from "../graphql/apollo.js";
import { guardQuery } from "../graphql/query-guard.js";
import { ANALYTICS_MAX_AGE_S, cacheableGet, etagOf, rememberQuery } from "./analytics-cache.js";
import { BodyTooLargeError, readBody } from "./body.js";
import { errorBody, sendJson } from "./responses.js";

export async function graphqlRoute(
  graphql: GraphQLLayer,
  limits: ServerConfig,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
): Promise<void> {
  const bodyLimitBytes = limits.bodyLimitBytes;
  if (req.method !== "GET" && req.method !== "POST" && req.method !== "HEAD") {
    sendJson(
      res,
      405,
      errorBody(`${req.method} is not allowed on /graphql; use GET or POST`, "METHOD_NOT_ALLOWED"),
      {
        allow: "GET, POST",
      },
    );
    return;
  }
  let body: unknown;
  if (req.method === "POST") {
    let raw: Buffer;
    try {
      raw = await readBody(req, bodyLimitBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        sendJson(
          res,
          413,
          errorBody(`request body exceeds ${bodyLimitBytes} bytes`, "PAYLOAD_TOO_LARGE", {
            limit: bodyLimitBytes,
          }),
          { connection: "close" },
        );
        return;
      }
      throw error;
    }
    const type = String(req.headers["content-type"] ?? "");
    if (/application\/(graphql-response\+)?json/i.test(type)) {
      try {
        body = raw.length ? JSON.parse(raw.toString("utf8")) : undefined;
      } catch {
        sendJson(res, 400, errorBody("request body is not valid JSON", "BAD_REQUEST"));
        return;
      }
    } else {
      body = raw.toString("utf8");
    }
  }
  const query = queryText(body, url);
  const tooBig = query === null ? null : guardQuery(query, limits);
  if (tooBig) {
    sendJson(res, 400, { errors: [tooBig.toJSON()] });
    return;
  }
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
  }
  const response = await graphql.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: (req.method ?? "GET").toUpperCase(), headers, search: url.search, body },
    context: graphql.context,
  });
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (req.method === "POST" && query !== null && persistedHashOf(body))
    rememberQuery(query, operationOf(body));
  if (response.body.kind === "complete") {
    const text = response.body.string;
    if (req.method !== "POST" && res.statusCode === 200 && cacheableGet(url) && !hasErrors(text)) {
      const etag = etagOf(text);
      res.setHeader("etag", etag);
      res.setHeader("cache-control", `public, max-age=${ANALYTICS_MAX_AGE_S}`);
      if (req.headers["if-none-match"] === etag) {
        res.statusCode = 304;
        res.removeHeader("content-length");
        res.end();
        return;
      }
    }
    res.end(text);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

function hasErrors(text: string): boolean {
  try {
    return Array.isArray((JSON.parse(text) as { errors?: unknown }).errors);
  } catch {
    return true;
  }
}

/** An APQ registration (a POST with both the query and its hash). */
function persistedHashOf(body: unknown): boolean {
  const ext = (body as { extensions?: { persistedQuery?: unknown } } | null)?.extensions;
  return !!ext && typeof ext === "object" && !!ext.persistedQuery;
}

function operationOf(body: unknown): string | null {
  const name = (body as { operationName?: unknown } | null)?.operationName;
  return typeof name === "string" ? name : null;
}

/** The query text of a single (non-batched) request, from a JSON body or the GET query string. */
function queryText(body: unknown, url: URL): string | null {
  if (body && typeof body === "object" && !Array.isArray(body)) {
    const query = (body as { query?: unknown }).query;
    return typeof query === "string" ? query : null;
  }
  if (typeof body === "string") return body;
  return url.searchParams.get("query");
}
