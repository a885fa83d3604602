// Request bodies with a size limit: beyond it the body is drained (so the client sees the 413) but
// nothing is kept.
import type http from "node:http";

export class BodyTooLargeError extends Error {}

/** Reads the whole body up to `limit` bytes; rejects with BodyTooLargeError beyond it. */
export function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? NaN);
    let tooLarge = Number.isFinite(declared) && declared > limit;
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      if (tooLarge) {
        // Stop draining a client that keeps sending far past the limit.
        if (size > limit * 16) req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => (tooLarge ? reject(new BodyTooLargeError()) : resolve(Buffer.concat(chunks))));
    req.on("error", reject);
    req.on("close", () => {
      if (tooLarge) reject(new BodyTooLargeError());
    });
  });
}
