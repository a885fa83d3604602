// Cases are cells copied from the bundled TOP files (nctId noted), plus the syntax Python's
// repr() can produce that the bundled rows happen not to contain (empty list, escapes).
import { describe, expect, it } from "vitest";
import { parseNestedIcdList, parsePyStringList, PyLiteralError } from "../../../src/seed/py-literal.js";

describe("parsePyStringList", () => {
  it("reads a double-quoted name holding an apostrophe (NCT00607308 diseases)", () => {
    expect(parsePyStringList(`["alzheimer's disease"]`)).toEqual(["alzheimer's disease"]);
  });

  it("reads mixed quote styles in one list (NCT01900184 drugs)", () => {
    expect(
      parsePyStringList(`["qgc001 [(3s,3's)-4,4'-dithiobis (3-aminobutane-1-sulfonic acid)]", 'placebo']`),
    ).toEqual(["qgc001 [(3s,3's)-4,4'-dithiobis (3-aminobutane-1-sulfonic acid)]", "placebo"]);
  });

  it("reads names with quotes and commas inside (phase III drugs)", () => {
    expect(
      parsePyStringList(
        `["budesonide/formoterol 'as needed' + budesonide placebo bid", "terbutaline 'as needed' + placebo budesonide bid"]`,
      ),
    ).toEqual([
      "budesonide/formoterol 'as needed' + budesonide placebo bid",
      "terbutaline 'as needed' + placebo budesonide bid",
    ]);
  });

  it("turns an escaped backslash into one backslash (NCT02045862 diseases)", () => {
    const cell = String.raw`['urinary bladder overactive', 'urinary bladder diseases\\urologic diseases']`;
    expect(parsePyStringList(cell)[1]).toBe(String.raw`urinary bladder diseases\urologic diseases`);
  });

  it("keeps SMILES backslashes (NCT00087451 smiless)", () => {
    const cell = String.raw`['C[C@H](C)\\C=C(C)\\[C@@H](O)']`;
    expect(parsePyStringList(cell)).toEqual([String.raw`C[C@H](C)\C=C(C)\[C@@H](O)`]);
  });

  it("keeps unicode as is (NCT01235039 drugs)", () => {
    expect(parsePyStringList("['viaject®25', 'viaject®7', 'insulin lispro']")).toEqual([
      "viaject®25",
      "viaject®7",
      "insulin lispro",
    ]);
  });

  it("reads an empty list, a blank-padded list and a trailing comma", () => {
    expect(parsePyStringList("[]")).toEqual([]);
    expect(parsePyStringList("  [ 'a' ,'b', ]  ")).toEqual(["a", "b"]);
    expect(parsePyStringList("['']")).toEqual([""]);
  });

  it("decodes Python escapes: quotes, \\x, \\u, octal; keeps unknown escapes verbatim", () => {
    expect(parsePyStringList(String.raw`['it\'s', "say \"hi\"", '\xe9\u00e8\101', '\d']`)).toEqual([
      "it's",
      'say "hi"',
      "éèA",
      "\\d",
    ]);
  });

  it("refuses what is not a list of string literals, with a position", () => {
    for (const bad of [
      "",
      "['a'",
      "['a' 'b']",
      "['a'] x",
      "[1, 2]",
      "['a', b]",
      "['unterminated]",
      "__import__('os')",
      "('a',)",
    ]) {
      expect(() => parsePyStringList(bad), bad).toThrow(PyLiteralError);
    }
  });
});

describe("parseNestedIcdList", () => {
  it("reads one code list per disease (NCT01813955 icdcodes)", () => {
    const cell = `["['F20.0', 'F20.1', 'F20.89']", "['R41.841', 'G31.84']"]`;
    expect(parseNestedIcdList(cell)).toEqual([
      ["F20.0", "F20.1", "F20.89"],
      ["R41.841", "G31.84"],
    ]);
  });

  it("reads empty inner and outer lists", () => {
    expect(parseNestedIcdList("[]")).toEqual([]);
    expect(parseNestedIcdList(`["[]", "['C71.9']"]`)).toEqual([[], ["C71.9"]]);
  });

  it("refuses a broken inner literal", () => {
    expect(() => parseNestedIcdList(`["['C71.9'"]`)).toThrow(PyLiteralError);
  });
});
