// Criteria splitter: the exact rule of docs/model-contract.md "Criteria splitting". The Python
// side implements the same steps; the service scores from the stored strings, so the output
// must be byte-identical. Lines are split on "\n" only (not Python's splitlines()).

export interface SplitCriteria {
  inclusion: string;
  exclusion: string;
}

const EXCLUSION_HEADER = /exclusion criteria\s*:?/i;
const INCLUSION_HEADER = /^\s*inclusion criteria\s*:?/i;
const BULLET = /^[-*•]\s*/;
const NUMBERED = /^\d+[.)]\s+/;

function cleanPart(part: string): string {
  return part
    .split("\n")
    .map((line) => line.trim().replace(BULLET, "").replace(NUMBERED, ""))
    .filter((line) => line !== "")
    .join("\n");
}

export function splitCriteria(raw: string): SplitCriteria {
  const text = raw.replace(/\r\n?/g, "\n");
  const match = EXCLUSION_HEADER.exec(text);
  const inclusionRaw = match ? text.slice(0, match.index) : text;
  const exclusionRaw = match ? text.slice(match.index + match[0].length) : "";
  return {
    inclusion: cleanPart(inclusionRaw.replace(INCLUSION_HEADER, "")),
    exclusion: cleanPart(exclusionRaw),
  };
}
