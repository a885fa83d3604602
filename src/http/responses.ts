// JSON responses of the HTTP layer, and the GraphQL-shaped error body used before GraphQL runs.
import type http from "node:http";

export function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(text);
}

export function errorBody(message: string, code: string, extra: Record<string, unknown> = {}): unknown {
  return { errors: [{ message, extensions: { code, ...extra } }] };
}
