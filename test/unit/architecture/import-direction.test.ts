// The direction rule of the code (README "Layout"): cli/commands -> http -> graphql -> graph and
// model; jobs and the seeder sit beside graphql; nothing under src/ reaches outside it (scripts/,
// bench/, test/, graph-seed/, models/). This reads every import of src/ and fails on an import
// that goes against the rule or closes a cycle between layers, naming the file and the import.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../../src/config.js";

const SRC = path.join(repoRoot, "src");

/** Layer of a file under src/. */
function layerOf(file: string): string {
  const rel = path.relative(SRC, file).split(path.sep);
  if (rel.length === 1)
    return rel[0] === "cli.ts" || rel[0] === "cli.js" ? "commands" : rel[0]!.replace(/\.(ts|js)$/, "");
  return rel[0]!;
}

/** Which layers each layer may import (besides itself). */
const ALLOWED: Record<string, string[]> = {
  commands: ["http", "graphql", "jobs", "seed", "neo4j-local", "graph", "model", "domain", "config"],
  http: ["graphql", "graph", "model", "domain", "config"],
  graphql: ["graph", "model", "domain", "config"],
  jobs: ["graph", "model", "config"],
  seed: ["graph", "domain", "config"],
  "neo4j-local": ["config"],
  graph: ["config"],
  model: ["domain", "config"],
  domain: [],
  config: [],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sourceFiles(path.join(dir, e.name))
      : /\.(ts|mts|mjs|js)$/.test(e.name)
        ? [path.join(dir, e.name)]
        : [],
  );
}

/** Relative specifiers of static imports, re-exports, side-effect imports and dynamic import(). */
export function relativeImports(text: string): string[] {
  const out: string[] = [];
  const patterns = [
    /\bfrom\s+["']([^"']+)["']/g,
    /\bimport\s+["']([^"']+)["']/g,
    /\bimport\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const re of patterns) for (const m of text.matchAll(re)) if (m[1]!.startsWith(".")) out.push(m[1]!);
  return out;
}

interface Edge {
  from: string;
  to: string;
  file: string;
  spec: string;
}

function edges(): { edges: Edge[]; outside: string[] } {
  const found: Edge[] = [];
  const outside: string[] = [];
  for (const file of sourceFiles(SRC)) {
    for (const spec of relativeImports(readFileSync(file, "utf8"))) {
      const target = path.resolve(path.dirname(file), spec);
      const rel = path.relative(repoRoot, file);
      if (!target.startsWith(SRC + path.sep)) {
        outside.push(`${rel} imports ${spec}`);
        continue;
      }
      const from = layerOf(file);
      const to = layerOf(target);
      if (from !== to) found.push({ from, to, file: rel, spec });
    }
  }
  return { edges: found, outside };
}

/** A cycle in the layer graph, as a path of layer names, or null. */
export function findCycle(pairs: [string, string][]): string[] | null {
  const next = new Map<string, Set<string>>();
  for (const [a, b] of pairs) next.set(a, (next.get(a) ?? new Set()).add(b));
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (node: string): string[] | null => {
    if (state.get(node) === "open") return [...stack.slice(stack.indexOf(node)), node];
    if (state.get(node) === "done") return null;
    state.set(node, "open");
    stack.push(node);
    for (const n of next.get(node) ?? []) {
      const cycle = visit(n);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(node, "done");
    return null;
  };
  for (const node of next.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return null;
}

describe("import direction", () => {
  const { edges: found, outside } = edges();

  it("nothing under src/ imports outside it (scripts/, bench/, test/, graph-seed/, models/)", () => {
    expect(outside).toEqual([]);
  });

  it("every import between layers follows the rule", () => {
    const wrong = found
      .filter((e) => !(ALLOWED[e.from] ?? []).includes(e.to))
      .map((e) => `${e.file} (${e.from}) imports ${e.spec} (${e.to})`);
    expect(wrong).toEqual([]);
  });

  it("the layers import each other without a cycle", () => {
    expect(findCycle(found.map((e) => [e.from, e.to]))).toBeNull();
  });

  it("the checks themselves catch a cycle and see every kind of import", () => {
    expect(
      findCycle([
        ["graph", "model"],
        ["model", "graph"],
      ]),
    ).toEqual(["graph", "model", "graph"]);
    expect(
      findCycle([
        ["http", "graphql"],
        ["graphql", "graph"],
      ]),
    ).toBeNull();
    expect(
      relativeImports(
        `import a from "./a.js";\nexport { b } from "../b.js";\nimport "./c.js";\nawait import("../../d.mjs");\nimport x from "node:fs";`,
      ),
    ).toEqual(["./a.js", "../b.js", "./c.js", "../../d.mjs"]);
    expect(Object.keys(ALLOWED)).toEqual(expect.arrayContaining([...new Set(found.map((e) => e.from))]));
  });
});
