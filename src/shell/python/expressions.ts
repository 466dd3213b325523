/**
 * Python's expressions for the shell's subset, by recursive descent with Python's precedence:
 * operators, calls with keyword arguments, subscripts and slices, displays, comprehensions,
 * lambdas and f-strings; plus the token helpers and assignment targets statements share.
 */
import type { BinOperator, CompareOp, Comprehension, Expr, FormattedValue, Keyword, Param, Params, Pos } from "./ast.ts";
import { PySyntaxError } from "./errors.ts";
import { tokenize, unescape, type Token } from "./tokens.ts";

const KEYWORDS = new Set([
  "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif", "else",
  "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise",
  "return", "try", "while", "with", "yield",
]);

export const UNSUPPORTED: Record<string, string> = {
  with: "'with' statements are not supported in packetry's shell",
  yield: "generators (yield) are not supported in packetry's shell",
};

/** Parses one expression (f-string fields). */
export function parseExpression(src: string, line: number, col: number): Expr {
  let toks: Token[];
  try {
    toks = tokenize(`(${src})`);
  } catch (e) {
    if (e instanceof PySyntaxError) throw new PySyntaxError(`f-string: ${e.message}`, line, col);
    throw e;
  }
  for (const t of toks) {
    t.line = line;
    t.col = col;
  }
  const p = new ExpressionParser(toks);
  const e = p.testList();
  p.expect("newline");
  return e;
}

export class ExpressionParser {
  protected i = 0;

  constructor(protected readonly toks: Token[]) {}

  // ---------- tokens ----------

  protected get tok(): Token {
    return this.toks[this.i]!;
  }

  protected peek(k = 1): Token {
    return this.toks[Math.min(this.i + k, this.toks.length - 1)]!;
  }

  protected isOp(value: string, t = this.tok): boolean {
    return t.type === "op" && t.value === value;
  }

  protected isKw(value: string, t = this.tok): boolean {
    return t.type === "name" && t.value === value;
  }

  protected eatOp(value: string): boolean {
    if (!this.isOp(value)) return false;
    this.i++;
    return true;
  }

  protected eatKw(value: string): boolean {
    if (!this.isKw(value)) return false;
    this.i++;
    return true;
  }

  expect(type: Token["type"], value?: string, message?: string): Token {
    const t = this.tok;
    if (t.type !== type || (value !== undefined && t.value !== value)) this.fail(message ?? (value ? `expected '${value}'` : "invalid syntax"), t);
    this.i++;
    return t;
  }

  /** Valid Python the subset leaves out: said plainly, whatever JavaScript would make of it. */
  protected unsupported(message: string, t: Token = this.tok): never {
    throw new PySyntaxError(message, t.line, t.col, false, "SyntaxError", true);
  }

  protected fail(message: string, t: Token = this.tok, incomplete = false): never {
    const open = this.toks[this.toks.length - 1]!.open;
    if (open && this.toks.slice(this.toks.indexOf(t)).every((x) => x.type === "newline" || x.type === "dedent" || x.type === "eof")) {
      throw new PySyntaxError(`'${open.value}' was never closed`, open.line, open.col, true);
    }
    if (t.type === "indent" && message === "invalid syntax") throw new PySyntaxError("unexpected indent", t.line, t.col, false, "IndentationError");
    throw new PySyntaxError(message, t.line, t.col, incomplete);
  }

  protected pos(t: Token = this.tok): Pos {
    return { line: t.line, col: t.col };
  }

  protected name(): string {
    const t = this.tok;
    if (t.type !== "name" || KEYWORDS.has(t.value)) this.fail("invalid syntax");
    this.i++;
    return t.value;
  }

  protected checkTarget(e: Expr, what: string): void {
    switch (e.kind) {
      case "Name":
        if (e.id === "None" || e.id === "True" || e.id === "False") this.failAt(`cannot ${what} ${e.id}`, e);
        return;
      case "Attribute":
      case "Subscript":
        return;
      case "Tuple":
      case "List":
        for (const x of e.elts) this.checkTarget(x.kind === "Starred" ? x.value : x, what);
        return;
      default:
        this.failAt(`cannot ${what} ${describe(e)}${what === "assign to" ? " here. Maybe you meant '==' instead of '='?" : ""}`, e);
    }
  }

  protected failAt(message: string, at: Pos): never {
    throw new PySyntaxError(message, at.line, at.col);
  }

  protected targetList(): Expr {
    const at = this.pos();
    const first = this.starOr(() => this.expr());
    if (!this.isOp(",")) {
      this.checkTarget(first, "assign to");
      return first;
    }
    const elts = [first];
    while (this.eatOp(",")) {
      if (this.isKw("in") || this.isOp("=")) break;
      elts.push(this.starOr(() => this.expr()));
    }
    const t: Expr = { kind: "Tuple", elts, ...at };
    this.checkTarget(t, "assign to");
    return t;
  }

  protected parameters(end: string, annotations: boolean): Params {
    const out: Params = { params: [], varargs: null, kwargs: null };
    const seen = new Set<string>();
    const add = (n: string, t: Token) => {
      if (seen.has(n)) this.fail(`duplicate argument '${n}' in function definition`, t);
      seen.add(n);
    };
    while (!this.isOp(end)) {
      const t = this.tok;
      if (this.eatOp("**")) {
        out.kwargs = this.name();
        add(out.kwargs, t);
      } else if (this.eatOp("*")) {
        if (this.isOp(",")) this.unsupported("keyword-only parameters (a bare *) are not supported in packetry's shell");
        out.varargs = this.name();
        add(out.varargs, t);
      } else {
        if (out.varargs || out.kwargs) this.unsupported("parameters after *args or **kwargs are not supported in packetry's shell");
        const n = this.name();
        add(n, t);
        if (annotations && this.eatOp(":")) this.test();
        let def: Expr | null = null;
        if (this.eatOp("=")) def = this.test();
        else if (out.params.some((p) => p.default)) this.fail("non-default argument follows default argument", t);
        out.params.push({ name: n, default: def } satisfies Param);
      }
      if (!this.eatOp(",")) break;
    }
    return out;
  }

  // ---------- expressions ----------

  protected namedTest(): Expr {
    const e = this.test();
    if (this.isOp(":=")) this.unsupported("assignment expressions (:=) are not supported in packetry's shell");
    return e;
  }

  /** `a, b` (a tuple) or a single test. */
  testList(): Expr {
    return this.tupleOf(() => this.test());
  }

  protected testListStarExpr(): Expr {
    return this.tupleOf(() => this.starOr(() => this.test()));
  }

  protected tupleOf(item: () => Expr): Expr {
    const at = this.pos();
    const first = item();
    if (!this.isOp(",")) return first;
    const elts = [first];
    while (this.eatOp(",")) {
      if (!this.startsExpression()) break;
      elts.push(item());
    }
    return { kind: "Tuple", elts, ...at };
  }

  protected starOr(item: () => Expr): Expr {
    const at = this.pos();
    if (this.eatOp("*")) return { kind: "Starred", value: this.expr(), ...at };
    return item();
  }

  protected startsExpression(): boolean {
    const t = this.tok;
    if (t.type === "name") return !KEYWORDS.has(t.value) || ["not", "lambda", "await", "None", "True", "False"].includes(t.value);
    if (t.type === "number" || t.type === "string") return true;
    return t.type === "op" && ["(", "[", "{", "-", "+", "~", "*", "..."].includes(t.value);
  }

  test(): Expr {
    if (this.isKw("lambda")) return this.lambda();
    const at = this.pos();
    const body = this.orTest();
    if (!this.isKw("if")) return body;
    // `x if c else y` — but not the `if` of a comprehension (no else follows there).
    const save = this.i;
    this.i++;
    const test = this.orTest();
    if (!this.eatKw("else")) {
      this.i = save;
      return body;
    }
    return { kind: "IfExp", test, body, orelse: this.test(), ...at };
  }

  protected testNoCond(): Expr {
    return this.isKw("lambda") ? this.lambda() : this.orTest();
  }

  protected lambda(): Expr {
    const at = this.pos();
    this.i++;
    const params = this.parameters(":", false);
    this.expect("op", ":", "expected ':'");
    return { kind: "Lambda", params, body: this.test(), ...at };
  }

  protected orTest(): Expr {
    return this.boolOp("or", () => this.andTest());
  }

  protected andTest(): Expr {
    return this.boolOp("and", () => this.notTest());
  }

  protected boolOp(op: "and" | "or", next: () => Expr): Expr {
    const at = this.pos();
    const first = next();
    if (!this.isKw(op)) return first;
    const values = [first];
    while (this.eatKw(op)) values.push(next());
    return { kind: "BoolOp", op, values, ...at };
  }

  protected notTest(): Expr {
    const at = this.pos();
    if (this.eatKw("not")) return { kind: "UnaryOp", op: "not", operand: this.notTest(), ...at };
    return this.comparison();
  }

  protected comparison(): Expr {
    const at = this.pos();
    const left = this.expr();
    const ops: CompareOp[] = [];
    const comparators: Expr[] = [];
    for (;;) {
      const t = this.tok;
      let op: CompareOp | null = null;
      if (t.type === "op" && ["==", "!=", "<", "<=", ">", ">="].includes(t.value)) op = t.value as CompareOp;
      else if (this.isKw("in")) op = "in";
      else if (this.isKw("not") && this.isKw("in", this.peek())) op = "not in";
      else if (this.isKw("is")) op = this.isKw("not", this.peek()) ? "is not" : "is";
      if (!op) break;
      this.i += op === "not in" || op === "is not" ? 2 : 1;
      ops.push(op);
      comparators.push(this.expr());
    }
    return ops.length ? { kind: "Compare", left, ops, comparators, ...at } : left;
  }

  /** Binary operators by precedence, loosest first. */
  expr(): Expr {
    return this.binary(0);
  }

  protected static readonly LEVELS: string[][] = [["|"], ["^"], ["&"], ["<<", ">>"], ["+", "-"], ["*", "/", "//", "%", "@"]];

  protected binary(level: number): Expr {
    if (level === ExpressionParser.LEVELS.length) return this.factor();
    const at = this.pos();
    let left = this.binary(level + 1);
    const ops = ExpressionParser.LEVELS[level]!;
    while (this.tok.type === "op" && ops.includes(this.tok.value)) {
      const op = this.tok.value as BinOperator;
      this.i++;
      left = { kind: "BinOp", op, left, right: this.binary(level + 1), ...at };
    }
    return left;
  }

  protected factor(): Expr {
    const at = this.pos();
    const t = this.tok;
    if (t.type === "op" && (t.value === "-" || t.value === "+" || t.value === "~")) {
      this.i++;
      return { kind: "UnaryOp", op: t.value, operand: this.factor(), ...at };
    }
    return this.power();
  }

  protected power(): Expr {
    const at = this.pos();
    let base: Expr;
    if (this.eatKw("await")) base = { kind: "Await", value: this.primary(), ...at };
    else base = this.primary();
    if (this.eatOp("**")) return { kind: "BinOp", op: "**", left: base, right: this.factor(), ...at };
    return base;
  }

  protected primary(): Expr {
    let e = this.atom();
    for (;;) {
      const at = this.pos();
      if (this.eatOp(".")) {
        const t = this.tok;
        if (t.type !== "name") this.fail("invalid syntax");
        this.i++;
        e = { kind: "Attribute", value: e, attr: t.value, ...at };
      } else if (this.eatOp("(")) {
        e = this.call(e, at);
      } else if (this.eatOp("[")) {
        e = { kind: "Subscript", value: e, index: this.subscripts(), ...at };
        this.expect("op", "]");
      } else return e;
    }
  }

  protected call(func: Expr, at: Pos): Expr {
    const args: Expr[] = [];
    const keywords: Keyword[] = [];
    while (!this.isOp(")")) {
      const aat = this.pos();
      if (this.eatOp("**")) keywords.push({ name: null, value: this.test() });
      else if (this.eatOp("*")) args.push({ kind: "Starred", value: this.test(), ...aat });
      else {
        const value = this.test();
        if (this.isOp("=") && value.kind === "Name") {
          this.i++;
          if (keywords.some((k) => k.name === value.id)) this.failAt(`keyword argument repeated: ${value.id}`, value);
          keywords.push({ name: value.id, value: this.test() });
        } else if (this.isOp("=")) {
          this.fail('expression cannot contain assignment, perhaps you meant "=="?');
        } else if (this.isKw("for")) {
          args.push({ kind: "GeneratorExp", elt: value, generators: this.comprehension(), ...aat });
        } else {
          if (keywords.some((k) => k.name !== null)) this.failAt("positional argument follows keyword argument", value);
          args.push(value);
        }
      }
      if (!this.eatOp(",")) break;
    }
    this.expect("op", ")", "expected ')'");
    return { kind: "Call", func, args, keywords, ...at };
  }

  protected subscripts(): Expr {
    const at = this.pos();
    const first = this.subscript();
    if (!this.isOp(",")) return first;
    const elts = [first];
    while (this.eatOp(",") && !this.isOp("]")) elts.push(this.subscript());
    return { kind: "Tuple", elts, ...at };
  }

  protected subscript(): Expr {
    const at = this.pos();
    const lower = this.isOp(":") ? null : this.test();
    if (!this.eatOp(":")) return lower!;
    const upper = this.isOp(":") || this.isOp("]") || this.isOp(",") ? null : this.test();
    let step: Expr | null = null;
    if (this.eatOp(":") && !this.isOp("]") && !this.isOp(",")) step = this.test();
    return { kind: "Slice", lower, upper, step, ...at };
  }

  protected comprehension(): Comprehension[] {
    const gens: Comprehension[] = [];
    while (this.isKw("for") || (this.isKw("async") && this.isKw("for", this.peek()))) {
      if (this.isKw("async")) this.unsupported("'async for' is not supported in packetry's shell");
      this.i++;
      const target = this.targetList();
      this.expect("name", "in", "expected 'in'");
      const iter = this.orTest();
      const ifs: Expr[] = [];
      while (this.eatKw("if")) ifs.push(this.testNoCond());
      gens.push({ target, iter, ifs });
    }
    return gens;
  }

  protected atom(): Expr {
    const t = this.tok;
    const at = this.pos();
    switch (t.type) {
      case "number":
        this.i++;
        return { kind: "Constant", value: numberValue(t.value), ...at };
      case "string":
        return this.strings();
      case "name":
        if (t.value === "None" || t.value === "True" || t.value === "False") {
          this.i++;
          return { kind: "Constant", value: t.value === "None" ? null : t.value === "True", ...at };
        }
        if (KEYWORDS.has(t.value)) {
          if (t.value === "yield") this.unsupported(UNSUPPORTED.yield!);
          this.fail("invalid syntax");
        }
        this.i++;
        return { kind: "Name", id: t.value, ...at };
      case "op":
        if (t.value === "(") return this.parenthesized();
        if (t.value === "[") return this.listDisplay();
        if (t.value === "{") return this.braceDisplay();
        if (t.value === "...") {
          this.i++;
          return { kind: "Constant", value: "...", ...at };
        }
        break;
      case "eof":
        this.fail("unexpected EOF while parsing");
    }
    this.fail("invalid syntax");
  }

  protected parenthesized(): Expr {
    const at = this.pos();
    this.i++;
    if (this.eatOp(")")) return { kind: "Tuple", elts: [], ...at };
    const first = this.starOr(() => this.test());
    if (this.isKw("for")) {
      const generators = this.comprehension();
      this.expect("op", ")");
      return { kind: "GeneratorExp", elt: first, generators, ...at };
    }
    if (this.eatOp(")")) {
      if (first.kind === "Starred") this.failAt("cannot use starred expression here", first);
      return first;
    }
    const elts = [first];
    while (this.eatOp(",")) {
      if (this.isOp(")")) break;
      elts.push(this.starOr(() => this.test()));
    }
    this.expect("op", ")", "expected ')'");
    return { kind: "Tuple", elts, ...at };
  }

  protected listDisplay(): Expr {
    const at = this.pos();
    this.i++;
    if (this.eatOp("]")) return { kind: "List", elts: [], ...at };
    const first = this.starOr(() => this.test());
    if (this.isKw("for")) {
      const generators = this.comprehension();
      this.expect("op", "]");
      return { kind: "ListComp", elt: first, generators, ...at };
    }
    const elts = [first];
    while (this.eatOp(",")) {
      if (this.isOp("]")) break;
      elts.push(this.starOr(() => this.test()));
    }
    this.expect("op", "]", "expected ']'");
    return { kind: "List", elts, ...at };
  }

  protected braceDisplay(): Expr {
    const at = this.pos();
    this.i++;
    if (this.eatOp("}")) return { kind: "Dict", keys: [], values: [], ...at };
    if (this.eatOp("**")) return this.dictRest(at, null, this.expr());
    const first = this.starOr(() => this.test());
    if (first.kind !== "Starred" && this.eatOp(":")) {
      const value = this.test();
      if (this.isKw("for")) {
        const generators = this.comprehension();
        this.expect("op", "}");
        return { kind: "DictComp", key: first, value, generators, ...at };
      }
      return this.dictRest(at, first, value);
    }
    if (this.isKw("for")) {
      const generators = this.comprehension();
      this.expect("op", "}");
      return { kind: "SetComp", elt: first, generators, ...at };
    }
    const elts = [first];
    while (this.eatOp(",")) {
      if (this.isOp("}")) break;
      elts.push(this.starOr(() => this.test()));
    }
    this.expect("op", "}", "expected '}'");
    return { kind: "Set", elts, ...at };
  }

  protected dictRest(at: Pos, key: Expr | null, value: Expr): Expr {
    const keys: Array<Expr | null> = [key];
    const values = [value];
    while (this.eatOp(",")) {
      if (this.isOp("}")) break;
      if (this.eatOp("**")) {
        keys.push(null);
        values.push(this.expr());
        continue;
      }
      keys.push(this.test());
      this.expect("op", ":", "':' expected after dictionary key");
      values.push(this.test());
    }
    this.expect("op", "}", "expected '}'");
    return { kind: "Dict", keys, values, ...at };
  }

  /** Adjacent string literals, concatenated; f-strings split into text and fields. */
  protected strings(): Expr {
    const at = this.pos();
    const parts: Array<string | FormattedValue> = [];
    let bytes: boolean | null = null;
    let fstring = false;
    while (this.tok.type === "string") {
      const t = this.tok;
      const s = t.str!;
      if (bytes !== null && bytes !== s.bytes) this.fail("cannot mix bytes and nonbytes literals", t);
      bytes = s.bytes;
      if (s.fstring) {
        fstring = true;
        parts.push(...fstringParts(s.text, s.raw, t));
      } else parts.push(s.text);
      this.i++;
    }
    if (!fstring) return { kind: "Constant", value: (parts as string[]).join(""), bytes: !!bytes, ...at };
    return { kind: "FString", parts, ...at };
  }
}

function numberValue(text: string): number {
  if (/^0[xX]/.test(text)) return parseInt(text.slice(2), 16);
  if (/^0[oO]/.test(text)) return parseInt(text.slice(2), 8);
  if (/^0[bB]/.test(text)) return parseInt(text.slice(2), 2);
  return Number(text);
}

/** Splits an f-string body into literal text and `{expr!conv:spec}` fields. */
function fstringParts(body: string, raw: boolean, t: Token): Array<string | FormattedValue> {
  const out: Array<string | FormattedValue> = [];
  let text = "";
  const flush = () => {
    if (text) out.push(raw ? text : unescape(text, false, t.line, t.col));
    text = "";
  };
  for (let k = 0; k < body.length; k++) {
    const ch = body[k]!;
    if (ch === "{" && body[k + 1] === "{") {
      text += "{";
      k++;
    } else if (ch === "}" && body[k + 1] === "}") {
      text += "}";
      k++;
    } else if (ch === "}") {
      throw new PySyntaxError("f-string: single '}' is not allowed", t.line, t.col);
    } else if (ch === "{") {
      flush();
      let depth = 0;
      let quote: string | null = null;
      let j = k + 1;
      let exprEnd = -1;
      let convAt = -1;
      for (; j < body.length; j++) {
        const c = body[j]!;
        if (quote) {
          if (c === quote) quote = null;
          continue;
        }
        if (c === "'" || c === '"') quote = c;
        else if (c === "(" || c === "[" || c === "{") depth++;
        else if ((c === ")" || c === "]" || c === "}") && depth > 0) depth--;
        else if (depth === 0 && c === "!" && body[j + 1] !== "=" && convAt < 0 && exprEnd < 0) convAt = j;
        else if (depth === 0 && c === ":" && exprEnd < 0) exprEnd = j;
        else if (depth === 0 && c === "}") break;
      }
      if (j >= body.length) throw new PySyntaxError("f-string: expecting '}'", t.line, t.col);
      const specStart = exprEnd >= 0 ? exprEnd : j;
      const exprText = body.slice(k + 1, convAt >= 0 ? convAt : specStart);
      if (!exprText.trim()) throw new PySyntaxError("f-string: empty expression not allowed", t.line, t.col);
      const conv = convAt >= 0 ? body.slice(convAt + 1, specStart).trim() : null;
      if (conv !== null && !["r", "s", "a"].includes(conv)) throw new PySyntaxError("f-string: invalid conversion character: expected 's', 'r', or 'a'", t.line, t.col);
      out.push({
        value: parseExpression(exprText, t.line, t.col),
        conversion: conv as FormattedValue["conversion"],
        spec: exprEnd >= 0 ? body.slice(exprEnd + 1, j) : "",
      });
      k = j;
    } else text += ch;
  }
  flush();
  return out;
}

/** What an expression is, for messages ("cannot assign to function call"). */
export function describe(e: Expr): string {
  switch (e.kind) {
    case "Call":
      return "function call";
    case "Constant":
      return "literal";
    case "BinOp":
    case "UnaryOp":
    case "BoolOp":
      return "expression";
    case "Compare":
      return "comparison";
    case "Lambda":
      return "lambda";
    case "IfExp":
      return "conditional expression";
    case "ListComp":
      return "list comprehension";
    case "Await":
      return "await expression";
    default:
      return e.kind.toLowerCase();
  }
}
