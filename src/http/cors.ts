// CORS headers for an allowed origin; none (same-origin only) when TRIALGRAPH_CORS_ORIGINS is empty.
import type http from "node:http";

export function applyCors(req: http.IncomingMessage, res: http.ServerResponse, allowed: string[]): void {
  const origin = req.headers.origin;
  if (!origin) return;
  res.setHeader("vary", "Origin");
  if (allowed.includes("*") || allowed.includes(origin)) {
    res.setHeader("access-control-allow-origin", allowed.includes("*") ? "*" : origin);
    res.setHeader("access-control-allow-methods", "GET, POST, OPTIONS");
    res.setHeader(
      "access-control-allow-headers",
      "content-type, authorization, apollo-require-preflight, x-apollo-operation-name",
    );
    res.setHeader("access-control-max-age", "600");
  }
}
