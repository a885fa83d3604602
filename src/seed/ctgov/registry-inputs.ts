// Streams the records of a registry input, one at a time, whatever its size: the bulk zip
// (AllPublicXML.zip layout, read entry by entry with yauzl from the zip's central directory, so
// only one entry is ever decompressed in memory), a folder (NCT*.xml, *.json, *.ndjson, searched
// recursively), or a single file. JSON: one study, an API v2 page `{"studies": [...]}` (at most
// 1,000 studies by the API's page size, parsed whole), or newline-delimited studies (.ndjson /
// .jsonl, read line by line: the format for inputs of any size).
import { createReadStream } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import yauzl from "yauzl";
import { registryRecordFromJson } from "./json-record.js";
import { RecordError, type RegistryRecord } from "./registry-record.js";
import { parseRegistryXml } from "./xml-record.js";

/** A record read, or why one could not be read; `file` names the place for the reject report. */
export type InputItem =
  { file: string; record: RegistryRecord } | { file: string; error: string; nctId?: string };

const isXml = (name: string) => /\.xml$/i.test(name);
const isNdjson = (name: string) => /\.(ndjson|jsonl)$/i.test(name);
const isJson = (name: string) => /\.json$/i.test(name);

function failure(file: string, err: unknown, nctId?: string): InputItem {
  if (err instanceof RecordError) return { file, error: err.message, nctId };
  throw err;
}

export async function* readRegistryInput(inputPath: string): AsyncGenerator<InputItem> {
  const info = await stat(inputPath);
  if (info.isDirectory()) {
    for (const file of await listFiles(inputPath)) yield* readFileInput(file, path.relative(inputPath, file));
    return;
  }
  yield* readFileInput(inputPath, path.basename(inputPath));
}

async function* readFileInput(file: string, name: string): AsyncGenerator<InputItem> {
  if (/\.zip$/i.test(file)) yield* readZip(file, name);
  else if (isXml(file)) yield await xmlItem(name, createReadStream(file));
  else if (isNdjson(file)) yield* readNdjson(file, name);
  else if (isJson(file)) yield* readJsonFile(file, name);
  else yield { file: name, error: "not a registry file (.zip, .xml, .json, .ndjson, .jsonl)" };
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full)));
    else if (isXml(entry.name) || isJson(entry.name) || isNdjson(entry.name)) out.push(full);
  }
  return out;
}

async function xmlItem(file: string, chunks: AsyncIterable<Buffer | string>): Promise<InputItem> {
  try {
    return { file, record: await parseRegistryXml(chunks) };
  } catch (err) {
    return failure(file, err, /(NCT\d{8})/.exec(file)?.[1]);
  }
}

function jsonItem(file: string, study: unknown): InputItem {
  try {
    return { file, record: registryRecordFromJson(study) };
  } catch (err) {
    return failure(file, err);
  }
}

async function* readJsonFile(file: string, name: string): AsyncGenerator<InputItem> {
  let doc: unknown;
  try {
    doc = JSON.parse(await readFile(file, "utf8"));
  } catch (err) {
    yield { file: name, error: `malformed JSON: ${(err as Error).message}` };
    return;
  }
  const studies = (doc as { studies?: unknown })?.studies;
  if (Array.isArray(studies)) {
    for (let i = 0; i < studies.length; i++) yield jsonItem(`${name}#studies[${i}]`, studies[i]);
  } else {
    yield jsonItem(name, doc);
  }
}

async function* readNdjson(file: string, name: string): AsyncGenerator<InputItem> {
  const lines = createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n++;
    if (line.trim() === "") continue;
    let study: unknown;
    try {
      study = JSON.parse(line);
    } catch (err) {
      yield { file: `${name}:${n}`, error: `malformed JSON: ${(err as Error).message}` };
      continue;
    }
    yield jsonItem(`${name}:${n}`, study);
  }
}

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, autoClose: true }, (err, zip) =>
      err ? reject(err) : resolve(zip),
    ),
  );
}

async function* readZip(file: string, name: string): AsyncGenerator<InputItem> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(file);
  } catch (err) {
    yield { file: name, error: `unreadable zip: ${(err as Error).message}` };
    return;
  }
  try {
    for (;;) {
      const entry = await new Promise<yauzl.Entry | null>((resolve, reject) => {
        const onEntry = (e: yauzl.Entry) => done(() => resolve(e));
        const onEnd = () => done(() => resolve(null));
        const onError = (err: Error) => done(() => reject(err));
        const done = (f: () => void) => {
          zip.off("entry", onEntry).off("end", onEnd).off("error", onError);
          f();
        };
        zip.on("entry", onEntry).on("end", onEnd).on("error", onError);
        zip.readEntry();
      });
      if (entry === null) return;
      if (entry.fileName.endsWith("/") || !isXml(entry.fileName)) continue;
      const where = `${name}/${entry.fileName}`;
      let stream: NodeJS.ReadableStream;
      try {
        stream = await zip.openReadStreamPromise(entry);
      } catch (err) {
        yield { file: where, error: `unreadable zip entry: ${(err as Error).message}` };
        continue;
      }
      const item = await xmlItem(where, stream as AsyncIterable<Buffer>);
      // A record that failed half-way leaves its entry unread: drop the rest of it.
      (stream as NodeJS.ReadableStream & { destroy(): void }).destroy();
      yield item;
    }
  } catch (err) {
    yield { file: name, error: `zip stopped: ${(err as Error).message}` };
  } finally {
    zip.close();
  }
}
