// Headers every response carries: no MIME sniffing (a JSON error echoing user text must never run as
// HTML), no framing (clickjacking of the pages), no referrer, and a Content-Security-Policy — the
// pages run only scripts and styles of this origin (/assets; inline styles for GraphiQL's editor,
// its fonts as data: URLs) and talk to this origin only; nothing at all elsewhere.
import type http from "node:http";

const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; font-src data:; " +
  "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const API_CSP = "default-src 'none'; frame-ancestors 'none'";

export function applySecurityHeaders(res: http.ServerResponse, isPage: boolean): void {
  res.setHeader("x-content-type-options", "nosniff");
  res.setHeader("x-frame-options", "DENY");
  res.setHeader("referrer-policy", "no-referrer");
  res.setHeader("content-security-policy", isPage ? PAGE_CSP : API_CSP);
}
