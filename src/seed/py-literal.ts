// Parser for the Python-literal list columns of the TOP files (`drugs`, `smiless`, `diseases`,
// `icdcodes`). The files were written with Python's `str(list)`, so values use Python string
// syntax: single or double quotes, backslash escapes. We parse that grammar directly instead of
// evaluating anything, and fail with a position so the loader can report the row.

export class PyLiteralError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at offset ${position}`);
    this.name = "PyLiteralError";
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  "\\": "\\",
  "'": "'",
  '"': '"',
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
};

function isSpace(ch: string | undefined): boolean {
  return ch === " " || ch === "\t" || ch === "\n" || ch === "\r";
}

/** Reads one quoted Python string starting at `start` (an opening quote); returns value and end. */
function readString(text: string, start: number): { value: string; end: number } {
  const quote = text[start];
  // Triple quotes never come out of repr(); `'''` reads as '' then a stray quote and is refused.
  let out = "";
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i];
    if (ch === quote) return { value: out, end: i + 1 };
    if (ch === "\n") throw new PyLiteralError("newline inside a string", i);
    if (ch !== "\\") {
      out += ch;
      i += 1;
      continue;
    }
    const next = text[i + 1];
    if (next === undefined) break;
    if (next in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[next];
      i += 2;
    } else if (next === "\n") {
      i += 2; // line continuation inside a string
    } else if (next === "x" || next === "u" || next === "U") {
      const width = next === "x" ? 2 : next === "u" ? 4 : 8;
      const hex = text.slice(i + 2, i + 2 + width);
      if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(hex)) {
        throw new PyLiteralError(`bad \\${next} escape`, i);
      }
      out += String.fromCodePoint(parseInt(hex, 16));
      i += 2 + width;
    } else if (/[0-7]/.test(next)) {
      const oct = /^[0-7]{1,3}/.exec(text.slice(i + 1))![0];
      out += String.fromCodePoint(parseInt(oct, 8));
      i += 1 + oct.length;
    } else if (next === "N") {
      throw new PyLiteralError("\\N{...} escapes are not supported", i);
    } else {
      // Python keeps unknown escapes verbatim (e.g. 'diseases\urologic' stays as written).
      out += "\\" + next;
      i += 2;
    }
  }
  throw new PyLiteralError("unterminated string", start);
}

/**
 * Parses a Python list of strings such as `['a', "b's"]`. An empty or blank input is an error
 * (the column was missing), `[]` is an empty list. Trailing commas are accepted, as in Python.
 */
export function parsePyStringList(text: string): string[] {
  let i = 0;
  const skip = () => {
    while (isSpace(text[i])) i += 1;
  };
  skip();
  if (text[i] !== "[") throw new PyLiteralError("expected '['", i);
  i += 1;
  const items: string[] = [];
  skip();
  if (text[i] === "]") {
    i += 1;
  } else {
    for (;;) {
      skip();
      // A u'' prefix is legal Python 2 output and harmless; any other prefix changes meaning.
      if ((text[i] === "u" || text[i] === "U") && (text[i + 1] === "'" || text[i + 1] === '"')) i += 1;
      const q = text[i];
      if (q !== "'" && q !== '"') throw new PyLiteralError("expected a quoted string", i);
      const { value, end } = readString(text, i);
      items.push(value);
      i = end;
      skip();
      if (text[i] === ",") {
        i += 1;
        skip();
        if (text[i] === "]") {
          i += 1;
          break;
        }
        continue;
      }
      if (text[i] === "]") {
        i += 1;
        break;
      }
      throw new PyLiteralError("expected ',' or ']'", i);
    }
  }
  skip();
  if (i !== text.length) throw new PyLiteralError("unexpected text after the list", i);
  return items;
}

/** `icdcodes`: a list of strings, each itself a list literal of codes (one per disease). */
export function parseNestedIcdList(text: string): string[][] {
  return parsePyStringList(text).map((inner) => parsePyStringList(inner));
}
