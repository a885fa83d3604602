// What a misbehaving client sends (issue 14), one request per class, as raw fetch calls: each
// returns the HTTP status it got. Used by bench/hostile-load.ts.
import net from "node:net";

type Hostile = (graphqlUrl: string, i: number) => Promise<number>;

async function post(url: string, body: string): Promise<number> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
  await res.arrayBuffer();
  return res.status;
}

const json = (query: string, variables: Record<string, unknown> = {}) => JSON.stringify({ query, variables });

function doublingFragments(levels: number): string {
  const defs = [`fragment F0 on Trial { nctId }`];
  for (let i = 1; i <= levels; i++) defs.push(`fragment F${i} on Trial { ...F${i - 1} ...F${i - 1} }`);
  return `{ trialList(limit: 1) { ...F${levels} } } ${defs.join(" ")}`;
}

const WHAT_IF = `query($smiles: String, $crit: String) { predictOutcome(nearest: 5, input: {
  phase: "phase 2", inclusionCriteria: $crit, drugs: [{ name: "x", smiles: $smiles }], diseases: [] }) { probability } }`;

/** A fused polycycle: valid, within the text bounds, slow for RDKit. */
function polycycle(n: number): string {
  let s = "C1";
  for (let i = 0; i < n; i++) s += `CC(C${(i % 8) + 2})`;
  for (let i = 0; i < n; i++) s += `C${(i % 8) + 2}`;
  return `${s}C1`;
}

export const HOSTILE: Record<string, Hostile> = {
  doublingFragments: (url) => post(url, json(doublingFragments(30))),
  negativeLimit: (url) =>
    post(
      url,
      json(
        `{ a: trialList(limit: -100000) { nctId } b: trialList(limit: 500) { nctId similarTrials(k: 50) { score } } }`,
      ),
    ),
  uncoercibleVariable: (url) =>
    post(url, `{"query":"query($k: Int!) { trialList(limit: $k) { nctId } }","variables":{"k":1e999}}`),
  manyWords: (url, i) =>
    post(
      url,
      json(`query($t: String) { trialList(filter: { text: $t }) { nctId } }`, {
        t: Array.from({ length: 3000 }, (_, j) => `w${i}x${j}`).join(" "),
      }),
    ),
  extremeSmiles: (url) => post(url, json(WHAT_IF, { smiles: "C".repeat(1_900), crit: "adults" })),
  slowSmiles: (url, i) => post(url, json(WHAT_IF, { smiles: polycycle(20 + (i % 10)), crit: `adults ${i}` })),
  unparsableWhatIf: (url, i) => post(url, json(WHAT_IF, { smiles: `C1CC(${i}`, crit: `adults ${i}` })),
  distinctWhatIf: (url, i) =>
    post(url, json(WHAT_IF, { smiles: "CCO", crit: `planned trial number ${i} ${"x".repeat(i % 400)}` })),
  tricklingBody: (url) =>
    new Promise<number>((resolve) => {
      const u = new URL(url);
      const socket = net.connect(Number(u.port), u.hostname, () =>
        socket.write(
          `POST ${u.pathname} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{`,
        ),
      );
      let text = "";
      socket.on("data", (d) => (text += d.toString()));
      const done = () => resolve(Number(/^HTTP\/1\.1 (\d+)/.exec(text)?.[1] ?? 0));
      socket.on("close", done);
      socket.on("error", done);
      // Give up after 2 s: the point is holding the connection, not waiting for the 408.
      setTimeout(() => socket.destroy(), 2_000);
    }),
};

/** The same request shape as unparsableWhatIf, for the memory check. */
export function rejectedWhatIf(url: string, i: number): Promise<number> {
  return HOSTILE.unparsableWhatIf!(url, i);
}
