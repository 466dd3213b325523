/**
 * Python's tokenizer for the shell's subset: names, numbers, strings (with r/b/f prefixes and
 * triple quotes), operators, and the NEWLINE / INDENT / DEDENT structure of logical lines.
 * Newlines inside brackets and after a backslash join lines, as in Python.
 */
import { PySyntaxError } from "./errors.ts";

export type TokenType = "name" | "number" | "string" | "op" | "newline" | "indent" | "dedent" | "eof";

export interface StringToken {
  /** The text after escapes (for f-strings, the raw body: the parser splits it). */
  text: string;
  bytes: boolean;
  fstring: boolean;
  raw: boolean;
}

export interface Token {
  type: TokenType;
  value: string;
  line: number;
  col: number;
  pos: number;
  str?: StringToken;
  /** On the end token: the bracket still open when the input ended. */
  open?: Token;
}

const OPERATORS = [
  "**=", "//=", ">>=", "<<=", "...",
  "->", ":=", "**", "//", "<<", ">>", "<=", ">=", "==", "!=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=",
  "+", "-", "*", "/", "%", "@", "&", "|", "^", "~", "<", ">", "(", ")", "[", "]", "{", "}", ",", ":", ".", ";", "=",
];
const CLOSERS: Record<string, string> = { ")": "(", "]": "[", "}": "{" };
const NAME_START = /[A-Za-z_\u00c0-\uffff]/;
const NAME_CHAR = /[A-Za-z0-9_\u00c0-\uffff]/;
const STRING_PREFIX = /^(r|u|b|f|br|rb|fr|rf)$/i;

export function tokenize(src: string): Token[] {
  const toks: Token[] = [];
  const indents = [0];
  const brackets: Token[] = [];
  const n = src.length;
  let i = 0;
  let line = 1;
  let lineStart = 0;
  let atLineStart = true;

  const col = (at: number) => at - lineStart;
  function fail(msg: string, at = i, incomplete = false, kind: "SyntaxError" | "IndentationError" = "SyntaxError"): never {
    throw new PySyntaxError(msg, line, col(at), incomplete, kind);
  }
  const push = (type: TokenType, value: string, at: number, str?: StringToken) => {
    toks.push({ type, value, line, col: col(at), pos: at, str });
  };
  const newline = () => {
    line++;
    lineStart = i;
  };
  const skipNewline = () => {
    if (src[i] === "\r" && src[i + 1] === "\n") i++;
    i++;
    newline();
  };

  while (i < n) {
    if (atLineStart && brackets.length === 0) {
      let width = 0;
      let j = i;
      while (j < n && (src[j] === " " || src[j] === "\t" || src[j] === "\f")) {
        width = src[j] === "\t" ? Math.floor(width / 8) * 8 + 8 : width + 1;
        j++;
      }
      if (j >= n) {
        i = j;
        break;
      }
      if (src[j] === "\n" || src[j] === "\r" || src[j] === "#") {
        // Blank and comment-only lines do not count for indentation.
        i = j;
        while (i < n && src[i] !== "\n" && src[i] !== "\r") i++;
        if (i < n) skipNewline();
        continue;
      }
      i = j;
      atLineStart = false;
      const top = indents[indents.length - 1]!;
      if (width > top) {
        indents.push(width);
        push("indent", "", i);
      } else if (width < top) {
        while (width < indents[indents.length - 1]!) {
          indents.pop();
          push("dedent", "", i);
        }
        if (width !== indents[indents.length - 1]) fail("unindent does not match any outer indentation level", i, false, "IndentationError");
      }
    }
    const c = src[i]!;
    if (c === " " || c === "\t" || c === "\f") {
      i++;
      continue;
    }
    if (c === "#") {
      while (i < n && src[i] !== "\n" && src[i] !== "\r") i++;
      continue;
    }
    if (c === "\n" || c === "\r") {
      if (brackets.length === 0) {
        const last = toks[toks.length - 1];
        if (last && last.type !== "newline") push("newline", "", i);
        atLineStart = true;
      }
      skipNewline();
      continue;
    }
    if (c === "\\") {
      let j = i + 1;
      while (j < n && (src[j] === " " || src[j] === "\t")) j++;
      if (j >= n) fail("unexpected EOF after line continuation character", i, true);
      if (src[j] === "\n" || src[j] === "\r") {
        i = j;
        skipNewline();
        continue;
      }
      // A stray backslash inside brackets (as in the workshop's `sport=..., \ seq=...`) joins nothing: skip it.
      if (brackets.length > 0) {
        i = j;
        continue;
      }
      fail("unexpected character after line continuation character", i);
    }
    if (NAME_START.test(c)) {
      let j = i + 1;
      while (j < n && NAME_CHAR.test(src[j]!)) j++;
      const word = src.slice(i, j);
      if ((src[j] === '"' || src[j] === "'") && STRING_PREFIX.test(word)) {
        i = readString(word.toLowerCase(), j);
        continue;
      }
      push("name", word, i);
      i = j;
      continue;
    }
    if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(src[i + 1] ?? ""))) {
      const m = /^(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:[0-9][0-9_]*)?\.?[0-9_]*(?:[eE][+-]?[0-9_]+)?)[jJ]?/.exec(src.slice(i))!;
      let text = m[0];
      if (/[jJ]$/.test(text)) fail("complex numbers are not supported", i);
      if (NAME_CHAR.test(src[i + text.length] ?? "")) fail("invalid decimal literal", i + text.length);
      if (/^0[0-9]/.test(text) && !/^0+$/.test(text.replace(/_/g, "")) && !/[.eE]/.test(text)) {
        fail("leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", i);
      }
      text = text.replace(/_/g, "");
      push("number", text, i);
      i += m[0].length;
      continue;
    }
    if (c === '"' || c === "'") {
      i = readString("", i);
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (!op) {
      const cp = src.codePointAt(i)!;
      fail(`invalid character '${String.fromCodePoint(cp)}' (U+${cp.toString(16).toUpperCase().padStart(4, "0")})`, i);
    }
    if (op === "(" || op === "[" || op === "{") {
      push("op", op, i);
      brackets.push(toks[toks.length - 1]!);
    } else if (op in CLOSERS) {
      const open = brackets.pop();
      if (!open) fail(`unmatched '${op}'`, i);
      if (open.value !== CLOSERS[op]) fail(`closing parenthesis '${op}' does not match opening parenthesis '${open.value}'`, i);
      push("op", op, i);
    } else push("op", op, i);
    i += op.length;
  }

  const last = toks[toks.length - 1];
  if (last && last.type !== "newline") push("newline", "", n);
  while (indents.length > 1) {
    indents.pop();
    push("dedent", "", n);
  }
  push("eof", "", n);
  // An open bracket at the end is the parser's to report: an error before it is a real one.
  if (brackets.length > 0) toks[toks.length - 1]!.open = brackets[brackets.length - 1];
  return toks;

  /** Reads a string literal whose quote starts at `q`; returns the index after it. */
  function readString(prefix: string, q: number): number {
    const start = q - prefix.length;
    const quote = src[q]!;
    const triple = src.startsWith(quote.repeat(3), q);
    const delim = triple ? quote.repeat(3) : quote;
    const raw = prefix.includes("r");
    const bytes = prefix.includes("b");
    const fstring = prefix.includes("f");
    const startLine = line;
    const startCol = col(start);
    let j = q + delim.length;
    let body = "";
    for (;;) {
      if (j >= n) {
        throw new PySyntaxError(
          triple ? "unterminated triple-quoted string literal" : "unterminated string literal",
          startLine,
          startCol,
          triple,
        );
      }
      const ch = src[j]!;
      if (src.startsWith(delim, j)) break;
      if (ch === "\\" && j + 1 < n) {
        body += ch + src[j + 1];
        if (src[j + 1] === "\n") {
          j += 2;
          i = j;
          newline();
          continue;
        }
        j += 2;
        continue;
      }
      if (ch === "\n" || ch === "\r") {
        if (!triple) throw new PySyntaxError("unterminated string literal", startLine, startCol);
        body += "\n";
        i = j;
        skipNewline();
        j = i;
        continue;
      }
      body += ch;
      j++;
    }
    const text = fstring || raw ? body : unescape(body, bytes, startLine, startCol);
    toks.push({ type: "string", value: src.slice(start, j + delim.length), line: startLine, col: startCol, pos: start, str: { text, bytes, fstring, raw } });
    if (bytes && /[^\x00-\x7f]/.test(body)) throw new PySyntaxError("bytes can only contain ASCII literal characters", startLine, startCol);
    return j + delim.length;
  }
}

const SIMPLE_ESCAPES: Record<string, string> = { "\\": "\\", "'": "'", '"': '"', a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\n": "" };

/** Python escape sequences of a non-raw literal (bytes literals keep \u as text, as Python does). */
export function unescape(body: string, bytes: boolean, line = 1, col = 0): string {
  if (!body.includes("\\")) return body;
  let out = "";
  for (let k = 0; k < body.length; k++) {
    const ch = body[k]!;
    if (ch !== "\\" || k + 1 >= body.length) {
      out += ch;
      continue;
    }
    const e = body[++k]!;
    if (e in SIMPLE_ESCAPES) out += SIMPLE_ESCAPES[e];
    else if (e >= "0" && e <= "7") {
      let digits = e;
      while (digits.length < 3 && /[0-7]/.test(body[k + 1] ?? "")) digits += body[++k];
      out += String.fromCharCode(parseInt(digits, 8));
    } else if (e === "x" || (!bytes && (e === "u" || e === "U"))) {
      const len = e === "x" ? 2 : e === "u" ? 4 : 8;
      const hex = body.slice(k + 1, k + 1 + len);
      if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) throw new PySyntaxError(`truncated \\${e}${"X".repeat(len)} escape`, line, col);
      out += String.fromCodePoint(parseInt(hex, 16));
      k += len;
    } else out += "\\" + e;
  }
  return out;
}
