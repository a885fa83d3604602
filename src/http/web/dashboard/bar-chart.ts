/// <reference lib="dom" />
// Observed vs predicted success per group as paired horizontal bars. Readable without colour: the
// observed bar is solid, the predicted one hatched, and each bar ends in its value as text.
import { pct } from "./dom.js";
import { s } from "./svg.js";

export interface BarGroup {
  label: string;
  observed: number | null;
  predicted: number | null;
}

let charts = 0;

export function pairedBarChart(title: string, groups: BarGroup[]): SVGElement {
  const id = `hatch-${++charts}`;
  const labelWidth = 190;
  const barMax = 320;
  const rowHeight = 34;
  const width = labelWidth + barMax + 70;
  const height = groups.length * rowHeight + 34;
  const svg = s("svg", {
    viewBox: `0 0 ${width} ${height}`,
    width,
    height,
    role: "img",
    "aria-label": `${title}: observed (solid) and predicted (hatched) success rate per group`,
    class: "chart",
  });
  svg.append(
    s(
      "defs",
      {},
      s(
        "pattern",
        { id, width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" },
        s("rect", { width: 6, height: 6, fill: "#fff" }),
        s("line", { x1: 0, y1: 0, x2: 0, y2: 6, stroke: "#b35900", "stroke-width": 3 }),
      ),
    ),
  );
  groups.forEach((g, i) => {
    const y = i * rowHeight + 4;
    const name = g.label.length > 26 ? `${g.label.slice(0, 25)}…` : g.label;
    svg.append(
      s(
        "text",
        { x: labelWidth - 6, y: y + 17, "text-anchor": "end", class: "label" },
        name,
        s("title", {}, g.label),
      ),
    );
    const bars: [number | null, string, number][] = [
      [g.observed, "#1f4e79", y],
      [g.predicted, `url(#${id})`, y + 14],
    ];
    for (const [value, fill, by] of bars) {
      const w = value === null ? 0 : Math.max(1, value * barMax);
      svg.append(
        s("rect", { x: labelWidth, y: by, width: w, height: 12, fill, stroke: "#333", "stroke-width": 0.5 }),
      );
      svg.append(s("text", { x: labelWidth + w + 4, y: by + 10, class: "value" }, pct(value)));
    }
  });
  const ly = groups.length * rowHeight + 14;
  svg.append(
    s("rect", { x: labelWidth, y: ly, width: 12, height: 12, fill: "#1f4e79" }),
    s("text", { x: labelWidth + 16, y: ly + 10, class: "value" }, "observed"),
    s("rect", { x: labelWidth + 90, y: ly, width: 12, height: 12, fill: `url(#${id})`, stroke: "#333" }),
    s("text", { x: labelWidth + 106, y: ly + 10, class: "value" }, "predicted (mean probability)"),
  );
  return svg;
}
