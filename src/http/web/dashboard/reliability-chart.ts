/// <reference lib="dom" />
// The reliability curve: observed success rate against mean predicted probability per bin, next
// to the diagonal of perfect calibration. Points are labelled with their trial counts, so the
// chart reads without colour.
import type { CalibrationRow } from "./queries.js";
import { s } from "./svg.js";

export function reliabilityChart(bins: CalibrationRow[]): SVGElement {
  const size = 300;
  const pad = 40;
  const x = (v: number) => pad + v * size;
  const y = (v: number) => pad + (1 - v) * size;
  const svg = s("svg", {
    viewBox: `0 0 ${size + 2 * pad} ${size + 2 * pad}`,
    width: size + 2 * pad,
    height: size + 2 * pad,
    role: "img",
    class: "chart",
    id: "reliability",
    "aria-label": "Reliability curve: observed success rate against mean predicted probability per bin",
  });
  for (const t of [0, 0.25, 0.5, 0.75, 1]) {
    svg.append(
      s("line", { x1: x(t), y1: y(0), x2: x(t), y2: y(1), stroke: "#e2e2e2" }),
      s("line", { x1: x(0), y1: y(t), x2: x(1), y2: y(t), stroke: "#e2e2e2" }),
      s("text", { x: x(t), y: y(0) + 16, "text-anchor": "middle", class: "value" }, t.toFixed(2)),
      s("text", { x: x(0) - 6, y: y(t) + 4, "text-anchor": "end", class: "value" }, t.toFixed(2)),
    );
  }
  svg.append(
    s("line", { x1: x(0), y1: y(0), x2: x(1), y2: y(1), stroke: "#777", "stroke-dasharray": "5 4" }),
    s("text", { x: x(0.5), y: y(0) + 32, "text-anchor": "middle" }, "mean predicted probability"),
    s(
      "text",
      { x: 12, y: y(0.5), transform: `rotate(-90 12 ${y(0.5)})`, "text-anchor": "middle" },
      "observed success",
    ),
  );
  if (bins.length) {
    const points = bins.map((b) => `${x(b.meanPredicted)},${y(b.observedSuccessRate)}`).join(" ");
    svg.append(s("polyline", { points, fill: "none", stroke: "#1f4e79", "stroke-width": 2 }));
  }
  for (const b of bins) {
    svg.append(
      s("circle", { cx: x(b.meanPredicted), cy: y(b.observedSuccessRate), r: 4, fill: "#1f4e79" }),
      s(
        "text",
        { x: x(b.meanPredicted) + 6, y: y(b.observedSuccessRate) - 6, class: "value" },
        `n=${b.trialCount}`,
      ),
    );
  }
  return svg;
}
