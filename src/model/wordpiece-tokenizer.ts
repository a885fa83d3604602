// BERT WordPiece tokenizer read from a Hugging Face `tokenizer.json`.
// It must give the same ids as the Python `tokenizers` library for the same text, because the
// encoder was run on Python ids when the golden outputs were made. So it follows the Rust pipeline
// step by step: added (special) tokens are cut out of the raw text first, then BertNormalizer,
// BertPreTokenizer, WordPiece, then the [CLS] … [SEP] template with truncation.
import { readFile } from "node:fs/promises";

/** The parts of `tokenizer.json` this class reads. */
interface TokenizerJson {
  added_tokens?: { id: number; content: string; special?: boolean; normalized?: boolean }[];
  normalizer?: {
    type: string;
    clean_text?: boolean;
    handle_chinese_chars?: boolean;
    strip_accents?: boolean | null;
    lowercase?: boolean;
  } | null;
  pre_tokenizer?: { type: string } | null;
  model: {
    type: string;
    unk_token: string;
    continuing_subword_prefix?: string;
    max_input_chars_per_word?: number;
    vocab: Record<string, number>;
  };
  post_processor?: { type: string; special_tokens?: Record<string, { ids: number[] }> } | null;
}

/** A text cut into encoder windows (docs/model-contract.md, "Text features"). */
export interface Windows {
  /** `[CLS] chunk [SEP]` each, at most `maxTokens` ids, in text order; an empty text gives `[CLS] [SEP]`. */
  windows: number[][];
  /** Number of word-piece tokens of the whole text (without [CLS]/[SEP]). */
  fullLength: number;
  /** True when more than `maxWindows` windows were needed and the rest was dropped. */
  truncated: boolean;
}

export interface Encoding {
  /** `[CLS] … [SEP]`, at most `maxTokens` ids. */
  ids: number[];
  /** Number of word-piece tokens before truncation (without [CLS]/[SEP]). */
  fullLength: number;
  truncated: boolean;
}

// Unicode classes the Rust side uses. Compiled once; only consulted for non-ASCII characters.
const OTHER = /\p{C}/u; // is_control: Cc, Cf, Cs, Co, Cn (tab, newline, CR excluded by the caller)
const WHITE_SPACE = /\p{White_Space}/u;
const PUNCTUATION = /\p{P}/u;
const NONSPACING_MARKS = /\p{Mn}/gu;
const ASCII_ONLY = /^[\x00-\x7f]*$/;

// Per-ASCII-code lookup so the common case never runs a regex.
const ASCII_CONTROL = 1;
const ASCII_SPACE = 2;
const ASCII_PUNCT = 4;
const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if (c === 9 || c === 10 || c === 13 || c === 32) ASCII_CLASS[c] = ASCII_SPACE;
  // Vertical tab and form feed are white space but also control characters: cleaning drops them.
  else if (c === 11 || c === 12) ASCII_CLASS[c] = ASCII_SPACE | ASCII_CONTROL;
  else if (c < 32 || c === 127) ASCII_CLASS[c] = ASCII_CONTROL;
  // Rust's is_ascii_punctuation: the symbols $+<=>^`|~ count too, unlike Unicode \p{P}.
  else if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) {
    ASCII_CLASS[c] = ASCII_PUNCT;
  }
}

function isControl(ch: string, cp: number): boolean {
  if (cp < 128) return (ASCII_CLASS[cp] & ASCII_CONTROL) !== 0;
  return OTHER.test(ch);
}

function isWhitespace(ch: string, cp: number): boolean {
  if (cp < 128) return (ASCII_CLASS[cp] & ASCII_SPACE) !== 0;
  return WHITE_SPACE.test(ch);
}

function isPunctuation(ch: string, cp: number): boolean {
  if (cp < 128) return (ASCII_CLASS[cp] & ASCII_PUNCT) !== 0;
  return PUNCTUATION.test(ch);
}

/** The CJK ideograph blocks that the Rust BertNormalizer surrounds with spaces. */
function isChineseChar(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) ||
    (cp >= 0x2b740 && cp <= 0x2b81f) ||
    (cp >= 0x2b920 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export class WordPieceTokenizer {
  readonly vocabSize: number;
  readonly clsId: number;
  readonly sepId: number;
  readonly unkId: number;
  private readonly vocab: Map<string, number>;
  private readonly prefix: string;
  private readonly maxCharsPerWord: number;
  private readonly cleanText: boolean;
  private readonly chineseChars: boolean;
  private readonly stripAccents: boolean;
  private readonly lowercase: boolean;
  /** Added tokens matched on the raw text, before normalization (as the Rust AddedVocabulary does). */
  private readonly addedTokens: Map<string, number>;
  private readonly addedPattern: RegExp | null;
  /** Word -> word-piece ids; criteria reuse a small vocabulary, so this saves most of the work. */
  private readonly wordCache = new Map<string, readonly number[]>();
  private static readonly WORD_CACHE_LIMIT = 100_000;

  constructor(json: TokenizerJson) {
    if (json.model?.type !== "WordPiece") {
      throw new Error(`tokenizer.json: expected a WordPiece model, got ${json.model?.type}`);
    }
    const norm = json.normalizer;
    if (norm && norm.type !== "BertNormalizer") {
      throw new Error(`tokenizer.json: unsupported normalizer ${norm.type}`);
    }
    if (json.pre_tokenizer && json.pre_tokenizer.type !== "BertPreTokenizer") {
      throw new Error(`tokenizer.json: unsupported pre_tokenizer ${json.pre_tokenizer.type}`);
    }
    this.vocab = new Map(Object.entries(json.model.vocab));
    this.vocabSize = this.vocab.size;
    this.prefix = json.model.continuing_subword_prefix ?? "##";
    this.maxCharsPerWord = json.model.max_input_chars_per_word ?? 100;
    this.cleanText = norm?.clean_text ?? false;
    this.chineseChars = norm?.handle_chinese_chars ?? false;
    this.lowercase = norm?.lowercase ?? false;
    // `null` means "follow lowercase", as in the Rust BertNormalizer.
    this.stripAccents = norm?.strip_accents ?? this.lowercase;
    this.unkId = this.requireId(json.model.unk_token);
    const specials = json.post_processor?.special_tokens ?? {};
    this.clsId = specials["[CLS]"]?.ids[0] ?? this.requireId("[CLS]");
    this.sepId = specials["[SEP]"]?.ids[0] ?? this.requireId("[SEP]");

    // Only non-normalized added tokens are matched on raw text; BERT's specials are all of that kind.
    this.addedTokens = new Map();
    for (const t of json.added_tokens ?? []) {
      if (t.normalized === false) this.addedTokens.set(t.content, t.id);
    }
    const contents = [...this.addedTokens.keys()].sort((a, b) => b.length - a.length);
    this.addedPattern = contents.length ? new RegExp(contents.map(escapeRegExp).join("|"), "g") : null;
  }

  static async fromFile(file: string): Promise<WordPieceTokenizer> {
    return new WordPieceTokenizer(JSON.parse(await readFile(file, "utf8")) as TokenizerJson);
  }

  private requireId(token: string): number {
    const id = this.vocab.get(token);
    if (id === undefined) throw new Error(`tokenizer.json: token ${token} missing from vocab`);
    return id;
  }

  /** Word-piece ids of `text` without special tokens and without truncation. */
  tokenIds(text: string): number[] {
    const out: number[] = [];
    if (!this.addedPattern) {
      this.encodeSegment(text, out);
      return out;
    }
    let last = 0;
    this.addedPattern.lastIndex = 0;
    for (let m = this.addedPattern.exec(text); m; m = this.addedPattern.exec(text)) {
      if (m.index > last) this.encodeSegment(text.slice(last, m.index), out);
      out.push(this.addedTokens.get(m[0])!);
      last = m.index + m[0].length;
    }
    if (last < text.length) this.encodeSegment(text.slice(last), out);
    return out;
  }

  /**
   * The whole text as non-overlapping windows `[CLS] chunk [SEP]` of at most `maxTokens` ids, at most
   * `maxWindows` of them (models/cladmop/featurize.py `windows_of`).
   */
  windows(text: string, maxTokens: number, maxWindows: number): Windows {
    if (maxTokens < 3) throw new Error(`maxTokens must be at least 3, got ${maxTokens}`);
    if (maxWindows < 1) throw new Error(`maxWindows must be at least 1, got ${maxWindows}`);
    const pieces = this.tokenIds(text);
    const n = maxTokens - 2;
    const windows: number[][] = [];
    for (let i = 0; i < pieces.length && windows.length < maxWindows; i += n) {
      windows.push([this.clsId, ...pieces.slice(i, i + n), this.sepId]);
    }
    if (windows.length === 0) windows.push([this.clsId, this.sepId]);
    return { windows, fullLength: pieces.length, truncated: pieces.length > n * maxWindows };
  }

  /** `[CLS] pieces… [SEP]`, the pieces cut from the right so the whole has at most `maxTokens` ids. */
  encode(text: string, maxTokens: number): Encoding {
    if (maxTokens < 2) throw new Error(`maxTokens must be at least 2, got ${maxTokens}`);
    const pieces = this.tokenIds(text);
    const keep = Math.min(pieces.length, maxTokens - 2);
    const ids = new Array<number>(keep + 2);
    ids[0] = this.clsId;
    for (let i = 0; i < keep; i++) ids[i + 1] = pieces[i];
    ids[keep + 1] = this.sepId;
    return { ids, fullLength: pieces.length, truncated: keep < pieces.length };
  }

  /** Tokens as strings, for debugging and tests. */
  tokens(text: string): string[] {
    const byId = new Map<number, string>();
    for (const [tok, id] of this.vocab) byId.set(id, tok);
    return this.tokenIds(text).map((id) => byId.get(id) ?? `<${id}>`);
  }

  /** BertNormalizer: clean text, pad CJK ideographs, strip accents, lowercase. */
  normalize(text: string): string {
    let s = text;
    if (this.cleanText || this.chineseChars) {
      const parts: string[] = [];
      let run = 0; // start of the current run of unchanged characters
      let i = 0;
      while (i < s.length) {
        const cp = s.codePointAt(i)!;
        const width = cp > 0xffff ? 2 : 1;
        let replacement: string | null = null;
        if (this.cleanText) {
          const ch = cp < 128 ? "" : s.slice(i, i + width);
          const isTabLike = cp === 9 || cp === 10 || cp === 13;
          // Code points in the CJK blocks count as assigned, as on the Python side, even where
          // Node's ICU is older and calls them unassigned (Cn), e.g. U+2B81F.
          if (cp === 0 || cp === 0xfffd || (!isTabLike && !isChineseChar(cp) && isControl(ch, cp))) {
            replacement = "";
          } else if (cp !== 32 && isWhitespace(ch, cp)) replacement = " ";
        }
        if (replacement === null && this.chineseChars && isChineseChar(cp)) {
          replacement = ` ${s.slice(i, i + width)} `;
        }
        if (replacement !== null) {
          if (i > run) parts.push(s.slice(run, i));
          parts.push(replacement);
          run = i + width;
        }
        i += width;
      }
      if (parts.length) {
        if (run < s.length) parts.push(s.slice(run));
        s = parts.join("");
      }
    }
    const ascii = ASCII_ONLY.test(s);
    if (this.stripAccents && !ascii) {
      s = s.normalize("NFD").replace(NONSPACING_MARKS, "");
    }
    if (this.lowercase) {
      // Lower-case character by character: the Rust side has no context rules such as the Greek
      // final sigma that String.prototype.toLowerCase applies to whole strings.
      if (ascii) s = s.toLowerCase();
      else {
        let lower = "";
        for (const ch of s) lower += ch.toLowerCase();
        s = lower;
      }
    }
    return s;
  }

  /** Normalize, split into words and punctuation, and append each word's pieces to `out`. */
  private encodeSegment(text: string, out: number[]): void {
    const s = this.normalize(text);
    let start = -1; // start of the current word, -1 when between words
    let i = 0;
    while (i < s.length) {
      const cp = s.codePointAt(i)!;
      const width = cp > 0xffff ? 2 : 1;
      const ch = cp < 128 ? "" : s.slice(i, i + width);
      if (isWhitespace(ch, cp)) {
        if (start >= 0) this.encodeWord(s.slice(start, i), out);
        start = -1;
      } else if (isPunctuation(ch, cp)) {
        if (start >= 0) this.encodeWord(s.slice(start, i), out);
        this.encodeWord(s.slice(i, i + width), out);
        start = -1;
      } else if (start < 0) {
        start = i;
      }
      i += width;
    }
    if (start >= 0) this.encodeWord(s.slice(start), out);
  }

  private encodeWord(word: string, out: number[]): void {
    const cached = this.wordCache.get(word);
    if (cached) {
      for (const id of cached) out.push(id);
      return;
    }
    const ids = this.wordPiece(word);
    if (this.wordCache.size >= WordPieceTokenizer.WORD_CACHE_LIMIT) this.wordCache.clear();
    this.wordCache.set(word, ids);
    for (const id of ids) out.push(id);
  }

  /** Greedy longest-match-first; a word with any unmatched rest becomes one [UNK]. */
  private wordPiece(word: string): number[] {
    // Work on code points so a piece never splits a surrogate pair.
    const chars = Array.from(word);
    if (chars.length > this.maxCharsPerWord) return [this.unkId];
    const ids: number[] = [];
    let start = 0;
    while (start < chars.length) {
      let end = chars.length;
      let found: number | undefined;
      while (start < end) {
        let piece = chars.slice(start, end).join("");
        if (start > 0) piece = this.prefix + piece;
        found = this.vocab.get(piece);
        if (found !== undefined) break;
        end--;
      }
      if (found === undefined) return [this.unkId];
      ids.push(found);
      start = end;
    }
    return ids;
  }
}
