// The dashboard's pure parts (no DOM): the explorer's URL state and its translation into the API's
// filter, and the CSV export's quoting.
import { describe, expect, it } from "vitest";
import { toCsv } from "../../../src/http/web/dashboard/csv.js";
import { nctIdOf, parseState, stateQuery, toFilter } from "../../../src/http/web/dashboard/explorer-state.js";

describe("explorer state", () => {
  it("round-trips through the URL and leaves defaults out", () => {
    const state = parseState(
      new URLSearchParams("phase=phase 2&drug=temozolomide&sort=PROBABILITY_DESC&size=50"),
    );
    expect(state).toMatchObject({
      phase: "phase 2",
      drug: "temozolomide",
      sort: "PROBABILITY_DESC",
      size: 50,
    });
    expect(parseState(new URLSearchParams(stateQuery(state)))).toEqual(state);
    expect(stateQuery(parseState(new URLSearchParams("")))).toBe("");
  });

  it("falls back to the default sort and page size for values the API does not have", () => {
    const state = parseState(new URLSearchParams("sort=DROP_TABLE&size=1000000"));
    expect(state.sort).toBe("NCT_ID_ASC");
    expect(state.size).toBe(25);
  });

  it("maps each control to the API's filter field", () => {
    const state = parseState(
      new URLSearchParams(
        "text= glioma &phase=phase 1&drug=x&disease=y&icd=C71&outcome=failure&minP=0&maxP=0.5",
      ),
    );
    expect(toFilter(state)).toEqual({
      text: "glioma",
      phase: "phase 1",
      drug: "x",
      disease: "y",
      icdPrefix: "C71",
      outcome: 0,
      minProbability: 0,
      maxProbability: 0.5,
    });
    expect(toFilter(parseState(new URLSearchParams("outcome=success")))).toEqual({ outcome: 1 });
    expect(toFilter(parseState(new URLSearchParams("outcome=unknown")))).toEqual({ hasOutcome: false });
    expect(toFilter(parseState(new URLSearchParams("")))).toEqual({});
  });

  it("reads a typed NCT id as a trial to look up", () => {
    expect(nctIdOf(" nct01609816 ")).toBe("NCT01609816");
    expect(nctIdOf("NCT0160981")).toBeNull();
    expect(nctIdOf("NCT01609816 glioma")).toBeNull();
  });
});

describe("CSV export", () => {
  it("quotes commas, quotes and line breaks, and leaves empty cells for nulls", () => {
    expect(
      toCsv(
        ["a", "b", "c"],
        [
          ["x,y", 'say "hi"', null],
          ["line\nbreak", 0.5, undefined],
        ],
      ),
    ).toBe('a,b,c\r\n"x,y","say ""hi""",\r\n"line\nbreak",0.5,\r\n');
  });
});
