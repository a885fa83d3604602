// Reads a data file as UTF-8 text, transparently un-gzipping `.gz` files.
import { readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";

export async function readTextFile(filePath: string): Promise<string> {
  const bytes = await readFile(filePath);
  const isGzip = bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  return (isGzip ? gunzipSync(bytes) : bytes).toString("utf8");
}
