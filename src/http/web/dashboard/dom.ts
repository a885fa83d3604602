/// <reference lib="dom" />
// A tiny element builder and the number formats every view shares. Raw values go into `data-value`
// attributes next to their formatted text, so a test can compare them with the API's answer.

export type Child = Node | string | number | null | undefined | false;
type AttrValue = string | number | boolean | null | undefined | ((event: Event) => void);

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, AttrValue> = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (typeof value === "function") el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (value === true) el.setAttribute(key, "");
    else if (value !== false && value !== null && value !== undefined) el.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** A 0..1 rate as a percentage with one decimal; an em dash when unknown. */
export function pct(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : `${(value * 100).toFixed(1)}%`;
}

/** A probability with three decimals; an em dash when unknown. */
export function prob(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : value.toFixed(3);
}

export function outcomeText(outcome: number | null | undefined): string {
  return outcome === 1 ? "success" : outcome === 0 ? "failure" : "unknown";
}

/** A table cell showing `text` and carrying the raw value for tests and copy-paste. */
export function valueCell(value: number | string | null | undefined, text: string): HTMLTableCellElement {
  return h("td", { "data-value": value === null || value === undefined ? "" : String(value) }, text);
}

export function errorBox(error: unknown): HTMLElement {
  return h(
    "p",
    { class: "error", role: "alert" },
    `Error: ${error instanceof Error ? error.message : String(error)}`,
  );
}

export function trialLink(nctId: string): HTMLAnchorElement {
  return h("a", { href: `#/trial/${encodeURIComponent(nctId)}` }, nctId);
}
