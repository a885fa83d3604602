/// <reference lib="dom" />
// A trial's neighbourhood (trial – drugs – diseases – ICD codes) as a small layered graph in SVG:
// one column per kind, edges as lines. A one-hop neighbourhood has a few dozen nodes at most, so a
// fixed layered layout reads better than a force simulation and needs no library. Kinds differ by
// shape and column heading, not only by colour.
import type { TrialData } from "./queries.js";
import { s } from "./svg.js";

interface GraphNode {
  id: string;
  label: string;
  kind: "trial" | "drug" | "disease" | "icd";
}

const COLUMNS: { kind: GraphNode["kind"]; title: string }[] = [
  { kind: "drug", title: "drugs" },
  { kind: "trial", title: "trial" },
  { kind: "disease", title: "diseases" },
  { kind: "icd", title: "ICD-10 codes" },
];

function shape(kind: GraphNode["kind"], x: number, y: number): SVGElement {
  if (kind === "trial") return s("rect", { x: x - 9, y: y - 9, width: 18, height: 18, class: "n-trial" });
  if (kind === "drug")
    return s("polygon", { points: `${x},${y - 10} ${x + 10},${y + 8} ${x - 10},${y + 8}`, class: "n-drug" });
  if (kind === "icd")
    return s("polygon", {
      points: `${x},${y - 9} ${x + 9},${y} ${x},${y + 9} ${x - 9},${y}`,
      class: "n-icd",
    });
  return s("circle", { cx: x, cy: y, r: 9, class: "n-disease" });
}

export function neighbourhoodGraph(trial: NonNullable<TrialData["trial"]>): SVGElement {
  const nodes = new Map<string, GraphNode>();
  const edges: [string, string][] = [];
  const add = (n: GraphNode) => nodes.set(n.id, nodes.get(n.id) ?? n);
  add({ id: `t:${trial.nctId}`, label: trial.nctId, kind: "trial" });
  for (const d of trial.drugs) {
    add({ id: `d:${d.name}`, label: d.name, kind: "drug" });
    edges.push([`t:${trial.nctId}`, `d:${d.name}`]);
  }
  for (const dis of trial.diseases) {
    add({ id: `s:${dis.name}`, label: dis.name, kind: "disease" });
    edges.push([`t:${trial.nctId}`, `s:${dis.name}`]);
    for (const code of dis.icdCodes) {
      add({ id: `i:${code.code}`, label: code.code, kind: "icd" });
      edges.push([`s:${dis.name}`, `i:${code.code}`]);
    }
  }
  const colWidth = 210;
  const rowHeight = 30;
  const counts = COLUMNS.map((c) => [...nodes.values()].filter((n) => n.kind === c.kind).length);
  const height = Math.max(...counts, 1) * rowHeight + 50;
  const pos = new Map<string, { x: number; y: number }>();
  COLUMNS.forEach((c, ci) => {
    const inColumn = [...nodes.values()].filter((n) => n.kind === c.kind);
    const top = 40 + (height - 40 - inColumn.length * rowHeight) / 2;
    inColumn.forEach((n, i) =>
      pos.set(n.id, { x: 30 + ci * colWidth, y: top + i * rowHeight + rowHeight / 2 }),
    );
  });
  const width = COLUMNS.length * colWidth;
  const svg = s("svg", {
    viewBox: `0 0 ${width} ${height}`,
    width,
    height,
    role: "img",
    id: "neighbourhood",
    "aria-label": `Graph neighbourhood of ${trial.nctId}: ${nodes.size} nodes (drugs, diseases, ICD-10 codes)`,
  });
  COLUMNS.forEach((c, ci) =>
    svg.append(s("text", { x: 30 + ci * colWidth - 10, y: 18, class: "col-title" }, c.title)),
  );
  for (const [a, b] of edges) {
    const p = pos.get(a)!;
    const q = pos.get(b)!;
    svg.append(s("line", { x1: p.x, y1: p.y, x2: q.x, y2: q.y, class: "edge" }));
  }
  for (const n of nodes.values()) {
    const p = pos.get(n.id)!;
    const label = n.label.length > 24 ? `${n.label.slice(0, 23)}…` : n.label;
    svg.append(
      s(
        "g",
        { class: "node", "data-kind": n.kind },
        shape(n.kind, p.x, p.y),
        s("title", {}, n.label),
        s("text", { x: p.x + 14, y: p.y + 4 }, label),
      ),
    );
  }
  return svg;
}
