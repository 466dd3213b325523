/**
 * A recursive-descent parser for the shell's Python subset, following Python's grammar for the
 * parts it keeps: simple and compound statements (if/while/for/def/try, import, del, global...)
 * and Python 2's `print x` statement (the workshop uses it). Expressions: expressions.ts.
 */
import type { ExceptHandler, Expr, Stmt, BinOperator } from "./ast.ts";
import { PySyntaxError } from "./errors.ts";
import { describe, ExpressionParser, UNSUPPORTED } from "./expressions.ts";
import { tokenize } from "./tokens.ts";

const AUGMENTED = new Set(["+=", "-=", "*=", "/=", "//=", "%=", "**=", "<<=", ">>=", "&=", "|=", "^=", "@="]);

/** Parses a whole input (a REPL entry, -c code or a script). */
export function parse(src: string): Stmt[] {
  return new Parser(tokenize(src)).file();
}

class Parser extends ExpressionParser {
  // ---------- statements ----------

  file(): Stmt[] {
    const body: Stmt[] = [];
    while (this.tok.type !== "eof") {
      if (this.tok.type === "newline") {
        this.i++;
        continue;
      }
      body.push(...this.statement());
    }
    return body;
  }

  private statement(): Stmt[] {
    const t = this.tok;
    if (t.type === "indent") throw new PySyntaxError("unexpected indent", t.line, t.col, false, "IndentationError");
    if (t.type === "name") {
      switch (t.value) {
        case "if":
          return [this.ifStmt()];
        case "while":
          return [this.whileStmt()];
        case "for":
          return [this.forStmt()];
        case "def":
          return [this.defStmt()];
        case "try":
          return [this.tryStmt()];
        case "async":
          if (this.isKw("def", this.peek())) {
            this.i++;
            return [this.defStmt()];
          }
          this.unsupported("'async' is only supported before 'def' in packetry's shell");
          break;
        case "class":
          return [this.classStmt()];
        case "with":
          return [this.withStmt()];
      }
    }
    if (this.isOp("@")) return [this.decorated()];
    return this.simpleStatements();
  }

  /** `@expr` lines over a def or a class (applied bottom up, as Python). */
  private decorated(): Stmt {
    const decorators: Expr[] = [];
    while (this.eatOp("@")) {
      decorators.push(this.test());
      this.expect("newline");
      while (this.tok.type === "newline") this.i++;
    }
    if (this.isKw("async") && this.isKw("def", this.peek())) this.i++;
    let s: Stmt;
    if (this.isKw("def")) s = this.defStmt();
    else if (this.isKw("class")) s = this.classStmt();
    else throw new PySyntaxError("a decorator must be followed by a def or a class", this.tok.line, this.tok.col);
    (s as { decorators?: Expr[] }).decorators = decorators;
    return s;
  }

  /** `class Name(Base, ...):` with its body; the defs directly in it are methods (they take self first). */
  private classStmt(): Stmt {
    const at = this.pos();
    this.i++;
    const name = this.name();
    const bases: Expr[] = [];
    if (this.eatOp("(")) {
      while (!this.isOp(")")) {
        bases.push(this.test());
        if (!this.eatOp(",")) break;
      }
      this.expect("op", ")");
    }
    const body = this.block("class definition", at.line);
    for (const s of body) if (s.kind === "FunctionDef") s.method = true;
    return { kind: "ClassDef", name, bases, body, ...at };
  }

  private simpleStatements(): Stmt[] {
    const out = [this.smallStatement()];
    while (this.eatOp(";")) {
      if (this.tok.type === "newline") break;
      out.push(this.smallStatement());
    }
    this.expect("newline");
    return out;
  }

  private smallStatement(): Stmt {
    const t = this.tok;
    const at = this.pos();
    if (t.type === "name") {
      switch (t.value) {
        case "pass":
        case "break":
        case "continue":
          this.i++;
          return { kind: t.value === "pass" ? "Pass" : t.value === "break" ? "Break" : "Continue", ...at };
        case "return": {
          this.i++;
          const value = this.atStatementEnd() ? null : this.testListStarExpr();
          return { kind: "Return", value, ...at };
        }
        case "raise": {
          this.i++;
          const exc = this.atStatementEnd() ? null : this.test();
          if (exc && this.eatKw("from")) this.test();
          return { kind: "Raise", exc, ...at };
        }
        case "global":
        case "nonlocal": {
          this.i++;
          const names = [this.name()];
          while (this.eatOp(",")) names.push(this.name());
          return { kind: t.value === "global" ? "Global" : "Nonlocal", names, ...at };
        }
        case "del": {
          this.i++;
          const targets = [this.expr()];
          while (this.eatOp(",") && !this.atStatementEnd()) targets.push(this.expr());
          for (const e of targets) this.checkTarget(e, "delete");
          return { kind: "Delete", targets, ...at };
        }
        case "assert": {
          this.i++;
          const test = this.test();
          const msg = this.eatOp(",") ? this.test() : null;
          return { kind: "Assert", test, msg, ...at };
        }
        case "import":
          return this.importStmt();
        case "from":
          return this.fromStmt();
        case "print":
          if (this.isPython2Print()) return this.printStmt();
          break;
        case "yield":
          this.unsupported(UNSUPPORTED.yield!);
      }
    }
    return this.exprStatement();
  }

  private atStatementEnd(): boolean {
    return this.tok.type === "newline" || this.isOp(";") || this.tok.type === "eof";
  }

  /** `print x` (Python 2), not `print(x)` or `print = ...`. */
  private isPython2Print(): boolean {
    const next = this.peek();
    if (next.type === "newline" || next.type === "eof") return false;
    if (next.type === "op") return ["-", "+", "~", "[", "{"].includes(next.value);
    return !(next.type === "name" && ["if", "else", "and", "or", "in", "is", "not", "for"].includes(next.value) && next.value !== "not");
  }

  private printStmt(): Stmt {
    const at = this.pos();
    this.i++;
    const values = [this.test()];
    let newline = true;
    while (this.eatOp(",")) {
      if (this.atStatementEnd()) {
        newline = false;
        break;
      }
      values.push(this.test());
    }
    return { kind: "Print", values, newline, ...at };
  }

  private dottedName(): string {
    let name = this.name();
    while (this.eatOp(".")) name += "." + this.name();
    return name;
  }

  private importStmt(): Stmt {
    const at = this.pos();
    this.i++;
    const names: Array<{ name: string; asname: string | null }> = [];
    do {
      const name = this.dottedName();
      names.push({ name, asname: this.eatKw("as") ? this.name() : null });
    } while (this.eatOp(","));
    return { kind: "Import", names, ...at };
  }

  private fromStmt(): Stmt {
    const at = this.pos();
    this.i++;
    let module = "";
    while (this.isOp(".") || this.isOp("...")) module += this.expect("op").value;
    if (!this.isKw("import")) module += this.dottedName();
    this.expect("name", "import");
    const names: Array<{ name: string; asname: string | null }> = [];
    if (this.eatOp("*")) names.push({ name: "*", asname: null });
    else {
      const paren = this.eatOp("(");
      do {
        if (paren && this.isOp(")")) break;
        const name = this.name();
        names.push({ name, asname: this.eatKw("as") ? this.name() : null });
      } while (this.eatOp(","));
      if (paren) this.expect("op", ")");
    }
    return { kind: "ImportFrom", module, names, ...at };
  }

  private exprStatement(): Stmt {
    const at = this.pos();
    const first = this.testListStarExpr();
    if (this.tok.type === "op" && AUGMENTED.has(this.tok.value)) {
      const op = this.tok.value.slice(0, -1) as BinOperator;
      this.i++;
      if (first.kind !== "Name" && first.kind !== "Attribute" && first.kind !== "Subscript") this.fail("'" + describe(first) + "' is an illegal expression for augmented assignment");
      return { kind: "AugAssign", target: first, op, value: this.testListStarExpr(), ...at };
    }
    if (this.isOp(":")) {
      // An annotation (x: int = 1): kept for the value only.
      this.i++;
      this.test();
      if (!this.eatOp("=")) return { kind: "Pass", ...at };
      this.checkTarget(first, "assign to");
      return { kind: "Assign", targets: [first], value: this.testListStarExpr(), ...at };
    }
    if (!this.isOp("=")) return { kind: "Expr", value: first, ...at };
    const targets = [first];
    let value: Expr = first;
    while (this.eatOp("=")) {
      value = this.testListStarExpr();
      targets.push(value);
    }
    targets.pop();
    for (const t of targets) this.checkTarget(t, "assign to");
    return { kind: "Assign", targets, value, ...at };
  }

  /** A block after ':' — an indented suite, or simple statements on the same line. */
  private block(header: string, headerLine: number): Stmt[] {
    this.expect("op", ":", "expected ':'");
    if (this.tok.type !== "newline") return this.simpleStatements();
    this.i++;
    const indent = this.toks[this.i]!;
    if (indent.type !== "indent") {
      const atEnd = this.toks.slice(this.i).every((t) => t.type === "dedent" || t.type === "eof");
      this.fail(`expected an indented block after ${header} on line ${headerLine}`, indent, atEnd);
    }
    this.i++;
    const body: Stmt[] = [];
    const ended = () => ["dedent", "eof"].includes(this.toks[this.i]!.type);
    while (!ended()) body.push(...this.statement());
    if (this.toks[this.i]!.type === "dedent") this.i++;
    return body;
  }

  private ifStmt(): Stmt {
    const at = this.pos();
    const word = this.tok.value;
    this.i++;
    const test = this.namedTest();
    const body = this.block(`'${word}' statement`, at.line);
    let orelse: Stmt[] = [];
    if (this.isKw("elif")) orelse = [this.ifStmt()];
    else if (this.isKw("else")) {
      const line = this.tok.line;
      this.i++;
      orelse = this.block("'else' statement", line);
    }
    return { kind: "If", test, body, orelse, ...at };
  }

  private elseBlock(): Stmt[] {
    if (!this.isKw("else")) return [];
    const line = this.tok.line;
    this.i++;
    return this.block("'else' statement", line);
  }

  private whileStmt(): Stmt {
    const at = this.pos();
    this.i++;
    const test = this.namedTest();
    const body = this.block("'while' statement", at.line);
    return { kind: "While", test, body, orelse: this.elseBlock(), ...at };
  }

  private forStmt(): Stmt {
    const at = this.pos();
    this.i++;
    const target = this.targetList();
    this.expect("name", "in", "expected 'in'");
    const iter = this.testList();
    const body = this.block("'for' statement", at.line);
    return { kind: "For", target, iter, body, orelse: this.elseBlock(), ...at };
  }

  private defStmt(): Stmt {
    const at = this.pos();
    this.i++;
    const name = this.name();
    this.expect("op", "(", "expected '('");
    const params = this.parameters(")", true);
    this.expect("op", ")");
    if (this.eatOp("->")) this.test();
    const body = this.block(`function definition`, at.line);
    return { kind: "FunctionDef", name, params, body, ...at };
  }

  /** `with A as a, B as b:` (the parenthesized form is not read). */
  private withStmt(): Stmt {
    const at = this.pos();
    this.i++;
    const items: Array<{ context: Expr; target: Expr | null }> = [];
    do {
      const context = this.test();
      let target: Expr | null = null;
      if (this.eatKw("as")) {
        target = this.expr();
        this.checkTarget(target, "assign to");
      }
      items.push({ context, target });
    } while (this.eatOp(","));
    const body = this.block("'with' statement", at.line);
    return { kind: "With", items, body, ...at };
  }

  private tryStmt(): Stmt {
    const at = this.pos();
    this.i++;
    const body = this.block("'try' statement", at.line);
    const handlers: ExceptHandler[] = [];
    while (this.isKw("except")) {
      const hat = this.pos();
      this.i++;
      let type: Expr | null = null;
      let name: string | null = null;
      if (!this.isOp(":")) {
        type = this.test();
        if (this.eatOp(",")) {
          const more = [type, this.test()];
          while (this.eatOp(",")) more.push(this.test());
          type = { kind: "Tuple", elts: more, ...hat };
        }
        if (this.eatKw("as")) name = this.name();
      }
      handlers.push({ type, name, body: this.block("'except' statement", hat.line), ...hat });
    }
    const orelse = handlers.length ? this.elseBlock() : [];
    let finalbody: Stmt[] = [];
    if (this.isKw("finally")) {
      const line = this.tok.line;
      this.i++;
      finalbody = this.block("'finally' statement", line);
    }
    if (!handlers.length && !finalbody.length) this.fail("expected 'except' or 'finally' block", this.tok, this.tok.type === "eof");
    return { kind: "Try", body, handlers, orelse, finalbody, ...at };
  }
}
