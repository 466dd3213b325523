/**
 * Turns the Python subset's tree into JavaScript that runs in the shell's vm context. Python's
 * meaning lives in the runtime (`$py` in the context: operators, calls with keywords, attribute
 * and item access, truth); this file only lays out control flow and scopes.
 *
 * Top-level code runs in an async function and awaits every call, so `ans, unans = srp(...)`
 * needs no `await`. Lambdas are synchronous (they are callbacks: prn, lfilter...); a `def` is
 * async only when its body awaits, or calls an async function (sr, srp, sniff, an async def...).
 */
import type { BinOperator, CompareOp, Comprehension, Expr, Params, Stmt } from "./ast.ts";
import { PySyntaxError } from "./errors.ts";
import { assignedNames, bodyAwaits, targetNames, walkStatements } from "./scopes.ts";

export type CompileMode = "interactive" | "script" | "eval";

export interface CompileOptions {
  /**
   * interactive: every top-level expression statement is shown (Python's REPL);
   * eval: the last top-level expression is the result (packetry -c); script: nothing is shown.
   */
  mode: CompileMode;
  /** True when a global name holds an async function: its calls inside a def make the def async. */
  isAsyncName?: (name: string) => boolean;
}

/** Python names that JavaScript reserves: they live under a `$$` prefix. */
const JS_RESERVED = new Set([
  "case", "catch", "const", "debugger", "default", "delete", "do", "enum", "export", "extends", "function", "instanceof", "new",
  "switch", "this", "throw", "typeof", "var", "void", "let", "static", "implements", "interface", "package", "private",
  "protected", "public", "arguments", "eval", "super",
]);
/** JavaScript literals that also read as names in the shell, so `conf.checkIPaddr = false` works. */
const JS_LITERALS: Record<string, string> = { true: "true", false: "false", null: "null", undefined: "undefined" };

const BINARY: Record<BinOperator, string> = {
  "+": "add", "-": "sub", "*": "mul", "/": "truediv", "//": "floordiv", "%": "mod", "**": "pow",
  "<<": "lshift", ">>": "rshift", "&": "and", "|": "or", "^": "xor", "@": "matmul",
};

export function ident(name: string): string {
  return JS_RESERVED.has(name) ? "$$" + name : name;
}

interface Loop {
  /** Label of the block around a loop with an else clause: break leaves it. */
  label: string | null;
}

class Scope {
  temps: string[] = [];
  loops: Loop[] = [];
  /** Variables holding the exception of the except clauses we are in (for a bare raise). */
  excVars: string[] = [];

  constructor(
    readonly kind: "module" | "def" | "lambda" | "comp",
    readonly async: boolean,
    /** Names declared with let in this function (null at module level: assignments make globals). */
    readonly locals: Set<string> | null,
  ) {}
}

export function compilePython(body: Stmt[], options: CompileOptions): string {
  return new Compiler(options, body).module(body);
}

class Compiler {
  private counter = 0;
  /** Defs of this input whose bodies must be async (calls of them are awaited). */
  private readonly asyncDefs = new Set<string>();

  constructor(
    private readonly options: CompileOptions,
    body: Stmt[],
  ) {
    this.findAsyncDefs(body);
  }

  private temp(scope: Scope): string {
    const t = `$t${++this.counter}`;
    scope.temps.push(t);
    return t;
  }

  module(body: Stmt[]): string {
    const scope = new Scope("module", true, null);
    let code = "";
    body.forEach((s, i) => {
      const last = i === body.length - 1;
      if (this.options.mode === "eval" && last && s.kind === "Expr") code += `$py.line = ${s.line}; return ${this.expr(s.value, scope)};\n`;
      else code += this.stmt(s, scope);
    });
    const decl = scope.temps.length ? `let ${scope.temps.join(", ")};\n` : "";
    // The runtime in a local: globals of a vm context are slow to reach, and it is used everywhere.
    return `(async ($py) => {\n${decl}${code}})(globalThis.$py)`;
  }

  // ---------- statements ----------

  private block(body: Stmt[], scope: Scope): string {
    return body.map((s) => this.stmt(s, scope)).join("");
  }

  private stmt(s: Stmt, scope: Scope): string {
    const line = `$py.line = ${s.line}; `;
    switch (s.kind) {
      case "Expr": {
        const v = this.expr(s.value, scope);
        if (this.options.mode === "interactive" && scope.kind === "module") return `${line}$py.display(await (${v}));\n`;
        return `${line}${v};\n`;
      }
      case "Assign": {
        const v = this.expr(s.value, scope);
        if (s.targets.length === 1) return line + this.assign(s.targets[0]!, v, scope);
        const t = this.temp(scope);
        return `${line}${t} = ${v};\n` + s.targets.map((target) => this.assign(target, t, scope)).join("");
      }
      case "AugAssign":
        return line + this.augAssign(s.target, s.op, s.value, scope);
      case "Print":
        return `${line}$py.printStatement([${s.values.map((v) => this.expr(v, scope)).join(", ")}], ${s.newline});\n`;
      case "If": {
        let code = `${line}if (${this.truthy(s.test, scope)}) {\n${this.block(s.body, scope)}}`;
        if (s.orelse.length) code += ` else {\n${this.block(s.orelse, scope)}}`;
        return code + "\n";
      }
      case "While":
        return line + this.loop(scope, s.orelse, () => `while (${this.truthy(s.test, scope)}) {\n${line}`, s.body);
      case "For": {
        const item = `$i${++this.counter}`;
        const head = `for (const ${item} of $py.iter(${this.expr(s.iter, scope)})) {\n`;
        return line + this.loop(scope, s.orelse, () => head + this.assign(s.target, item, scope), s.body);
      }
      case "Break": {
        const loop = scope.loops[scope.loops.length - 1];
        if (!loop) throw new PySyntaxError("'break' outside loop", s.line, s.col);
        return loop.label ? `break ${loop.label};\n` : "break;\n";
      }
      case "Continue":
        if (!scope.loops.length) throw new PySyntaxError("'continue' not properly in loop", s.line, s.col);
        return "continue;\n";
      case "Pass":
        return "";
      case "FunctionDef":
        return line + this.assign({ kind: "Name", id: s.name, line: s.line, col: s.col }, this.decorate(s.decorators, this.functionDef(s.name, s.params, s.body, scope, s.method), scope), scope);
      case "ClassDef": {
        // The body runs as a function whose locals are the class's names; $py.pyclass makes the class of them.
        const names = [...assignedNames(s.body)];
        const at = { line: s.line, col: s.col };
        const ns: Stmt = {
          kind: "Return",
          value: { kind: "Dict", keys: names.map((n) => ({ kind: "Constant", value: n, ...at }) as Expr), values: names.map((n) => ({ kind: "Name", id: n, ...at }) as Expr), ...at },
          ...at,
        };
        const body = this.functionDef(`<class ${s.name}>`, { params: [], varargs: null, kwargs: null }, [...s.body, ns], scope);
        const run = `$py.call(${body}, [])`;
        const cls = `$py.pyclass(${JSON.stringify(s.name)}, ${this.list(s.bases, scope)}, ${scope.async ? `(await ${run})` : run})`;
        return line + this.assign({ kind: "Name", id: s.name, ...at }, this.decorate(s.decorators, cls, scope), scope);
      }
      case "Return":
        if (scope.kind !== "def") throw new PySyntaxError("'return' outside function", s.line, s.col);
        return `${line}return ${s.value ? this.expr(s.value, scope) : "null"};\n`;
      case "Delete":
        return line + s.targets.map((t) => this.del(t, scope)).join("");
      case "Global":
      case "Nonlocal":
        return "";
      case "Import":
        return (
          line +
          s.names
            .map((n) => {
              const bound = n.asname ?? n.name.split(".")[0]!;
              const module = n.asname ? n.name : bound;
              return this.assign({ kind: "Name", id: bound, line: s.line, col: s.col }, `$py.module(${JSON.stringify(module)})`, scope);
            })
            .join("")
        );
      case "ImportFrom": {
        if (s.names.some((n) => n.name === "*")) return `${line}$py.module(${JSON.stringify(s.module)});\n`;
        const m = this.temp(scope);
        return (
          `${line}${m} = $py.module(${JSON.stringify(s.module)});\n` +
          s.names.map((n) => this.assign({ kind: "Name", id: n.asname ?? n.name, line: s.line, col: s.col }, `$py.importName(${m}, ${JSON.stringify(n.name)})`, scope)).join("")
        );
      }
      case "Try":
        return line + this.tryStmt(s, scope);
      case "With":
        return line + this.withStmt(s.items, s.body, scope);
      case "Raise": {
        if (s.exc) return `${line}throw $py.raise(${this.expr(s.exc, scope)});\n`;
        const current = scope.excVars[scope.excVars.length - 1];
        return `${line}throw ${current ?? "$py.raise(null)"};\n`;
      }
      case "Assert":
        return `${line}if (!(${this.truthy(s.test, scope)})) throw $py.assertionError(${s.msg ? this.expr(s.msg, scope) : "undefined"});\n`;
    }
  }

  private loop(scope: Scope, orelse: Stmt[], head: () => string, body: Stmt[]): string {
    const label = orelse.length ? `$L${++this.counter}` : null;
    scope.loops.push({ label });
    // Now and then an async loop lets the event loop run, so Ctrl-C can stop `while True: ...`.
    const breathe = scope.async ? "if ($py.tick()) await $py.breathe();\n" : "";
    const code = head() + breathe + this.block(body, scope) + "}\n";
    scope.loops.pop();
    if (!label) return code;
    return `${label}: {\n${code}${this.block(orelse, scope)}}\n`;
  }

  /** Python's with: the manager entered (its value bound to the target), the body run, the manager exited however the body ends. */
  private withStmt(items: Array<{ context: Expr; target: Expr | null }>, body: Stmt[], scope: Scope): string {
    const [first, ...rest] = items;
    const mgr = this.temp(scope);
    const err = this.temp(scope);
    const wait = scope.kind === "module" || scope.async ? "await " : "";
    let code = `${mgr} = ${this.expr(first!.context, scope)};
${err} = null;
`;
    code += first!.target ? this.assign(first!.target, `$py.enter(${mgr})`, scope) : `$py.enter(${mgr});
`;
    const inner = rest.length ? this.withStmt(rest, body, scope) : this.block(body, scope);
    code += `try {
${inner}} catch ($we${++this.counter}) {
${err} = $we${this.counter};
throw $we${this.counter};
} finally {
${wait}$py.exit(${mgr}, ${err});
}
`;
    return code;
  }

  private tryStmt(s: Extract<Stmt, { kind: "Try" }>, scope: Scope): string {
    const ok = s.orelse.length ? this.temp(scope) : null;
    let code = `try {\n${this.block(s.body, scope)}${ok ? `${ok} = true;\n` : ""}}`;
    if (s.handlers.length) {
      const e = `$e${++this.counter}`;
      code += ` catch (${e}) {\n${e} = $py.caught(${e});\n`;
      scope.excVars.push(e);
      s.handlers.forEach((h, i) => {
        const test = h.type ? `$py.matches(${e}, ${this.expr(h.type, scope)})` : "true";
        code += `${i ? "else " : ""}if (${test}) {\n`;
        if (h.name) code += this.assign({ kind: "Name", id: h.name, line: h.line, col: h.col }, e, scope);
        code += this.block(h.body, scope) + "}\n";
      });
      scope.excVars.pop();
      code += `else throw ${e};\n}`;
    }
    if (ok) code = `${ok} = false;\n${code}\nif (${ok}) {\n${this.block(s.orelse, scope)}}`;
    if (s.finalbody.length) code = `try {\n${code}\n} finally {\n${this.block(s.finalbody, scope)}}`;
    return code + "\n";
  }

  // ---------- assignment ----------

  private assign(target: Expr, value: string, scope: Scope): string {
    switch (target.kind) {
      case "Name":
        return `${ident(target.id)} = ${value};\n`;
      case "Attribute":
        return `$py.setattr(${this.expr(target.value, scope)}, ${JSON.stringify(target.attr)}, ${value});\n`;
      case "Subscript":
        return `$py.setitem(${this.expr(target.value, scope)}, ${this.index(target.index, scope)}, ${value});\n`;
      case "Tuple":
      case "List": {
        const star = target.elts.findIndex((e) => e.kind === "Starred");
        if (target.elts.filter((e) => e.kind === "Starred").length > 1) throw new PySyntaxError("multiple starred expressions in assignment", target.line, target.col);
        const t = this.temp(scope);
        let code = `${t} = $py.unpack(${value}, ${target.elts.length}, ${star});\n`;
        target.elts.forEach((e, i) => {
          code += this.assign(e.kind === "Starred" ? e.value : e, `${t}[${i}]`, scope);
        });
        return code;
      }
      case "Starred":
        throw new PySyntaxError("starred assignment target must be in a list or tuple", target.line, target.col);
      default:
        throw new PySyntaxError("cannot assign to expression", target.line, target.col);
    }
  }

  private augAssign(target: Expr, op: BinOperator, valueExpr: Expr, scope: Scope): string {
    const value = this.expr(valueExpr, scope);
    const opText = JSON.stringify(op);
    switch (target.kind) {
      case "Name": {
        const n = ident(target.id);
        return `${n} = $py.inplace(${opText}, ${n}, ${value});\n`;
      }
      case "Attribute": {
        const o = this.temp(scope);
        const a = JSON.stringify(target.attr);
        return `${o} = ${this.expr(target.value, scope)};\n$py.setattr(${o}, ${a}, $py.inplace(${opText}, $py.getattr(${o}, ${a}), ${value}));\n`;
      }
      case "Subscript": {
        const o = this.temp(scope);
        const k = this.temp(scope);
        return `${o} = ${this.expr(target.value, scope)};\n${k} = ${this.index(target.index, scope)};\n$py.setitem(${o}, ${k}, $py.inplace(${opText}, $py.getitem(${o}, ${k}), ${value}));\n`;
      }
      default:
        throw new PySyntaxError("illegal expression for augmented assignment", target.line, target.col);
    }
  }

  private del(target: Expr, scope: Scope): string {
    switch (target.kind) {
      case "Name":
        return scope.locals ? `${ident(target.id)} = undefined;\n` : `$py.delGlobal(${JSON.stringify(ident(target.id))});\n`;
      case "Attribute":
        return `$py.delattr(${this.expr(target.value, scope)}, ${JSON.stringify(target.attr)});\n`;
      case "Subscript":
        return `$py.delitem(${this.expr(target.value, scope)}, ${this.index(target.index, scope)});\n`;
      case "Tuple":
      case "List":
        return target.elts.map((e) => this.del(e, scope)).join("");
      default:
        throw new PySyntaxError("cannot delete expression", target.line, target.col);
    }
  }

  // ---------- functions ----------

  /** `@d` over a def or class: the value passed through each decorator, the nearest first. */
  private decorate(decorators: Expr[] | undefined, value: string, scope: Scope): string {
    for (const d of [...(decorators ?? [])].reverse()) {
      const code = `$py.call(${this.expr(d, scope)}, [${value}])`;
      value = scope.async ? `(await ${code})` : code;
    }
    return value;
  }

  private functionDef(name: string, params: Params, body: Stmt[], outer: Scope, method = false): string {
    const async = this.defIsAsync(name, body);
    const locals = assignedNames(body);
    for (const p of paramNames(params)) locals.delete(p);
    const scope = new Scope("def", async, locals);
    const code = this.block(body, scope);
    const decl = [...[...locals].map(ident), ...scope.temps];
    const jsName = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !JS_RESERVED.has(name) ? name : "";
    const fn = `${async ? "async " : ""}function ${jsName}(${paramNames(params).map(ident).join(", ")}) {\n${decl.length ? `let ${decl.join(", ")};\n` : ""}${code}}`;
    return `$py.${method ? "method" : "def"}(${JSON.stringify(name)}, ${this.paramsMeta(params, outer)}, ${async}, ${fn})`;
  }

  private paramsMeta(params: Params, scope: Scope): string {
    const defaults = params.params.filter((p) => p.default).map((p) => this.expr(p.default!, scope));
    return `{params: ${JSON.stringify(params.params.map((p) => p.name))}, defaults: [${defaults.join(", ")}], varargs: ${JSON.stringify(params.varargs)}, kwargs: ${JSON.stringify(params.kwargs)}}`;
  }

  private lambda(e: Extract<Expr, { kind: "Lambda" }>, outer: Scope): string {
    const scope = new Scope("lambda", false, new Set());
    const body = this.expr(e.body, scope);
    const decl = scope.temps.length ? `let ${scope.temps.join(", ")}; ` : "";
    const fn = `function (${paramNames(e.params).map(ident).join(", ")}) { ${decl}return ${body}; }`;
    return `$py.def("<lambda>", ${this.paramsMeta(e.params, outer)}, false, ${fn})`;
  }

  private defIsAsync(name: string, body: Stmt[]): boolean {
    return this.asyncDefs.has(name) || bodyAwaits(body, (n) => this.callIsAsync(n));
  }

  private callIsAsync(name: string): boolean {
    return this.asyncDefs.has(name) || !!this.options.isAsyncName?.(name);
  }

  /** Which defs of this input are async: those that await, then those that call them, to a fixed point. */
  private findAsyncDefs(body: Stmt[]): void {
    const defs: Array<{ name: string; body: Stmt[] }> = [];
    walkStatements(body, (s) => {
      if (s.kind === "FunctionDef") defs.push({ name: s.name, body: s.body });
    });
    let changed = true;
    while (changed) {
      changed = false;
      for (const d of defs) {
        if (this.asyncDefs.has(d.name)) continue;
        if (bodyAwaits(d.body, (n) => this.callIsAsync(n))) {
          this.asyncDefs.add(d.name);
          changed = true;
        }
      }
    }
  }

  // ---------- expressions ----------

  private truthy(e: Expr, scope: Scope): string {
    if (e.kind === "Compare" || (e.kind === "UnaryOp" && e.op === "not")) return this.expr(e, scope);
    if (e.kind === "Constant" && typeof e.value === "boolean") return String(e.value);
    return `$py.truth(${this.expr(e, scope)})`;
  }

  private index(e: Expr, scope: Scope): string {
    if (e.kind === "Slice") {
      const part = (x: Expr | null) => (x ? this.expr(x, scope) : "null");
      return `$py.slice(${part(e.lower)}, ${part(e.upper)}, ${part(e.step)})`;
    }
    return this.expr(e, scope);
  }

  private list(elts: Expr[], scope: Scope): string {
    return `[${elts.map((x) => (x.kind === "Starred" ? `...$py.iter(${this.expr(x.value, scope)})` : this.expr(x, scope))).join(", ")}]`;
  }

  expr(e: Expr, scope: Scope): string {
    switch (e.kind) {
      case "Name":
        return JS_LITERALS[e.id] ?? ident(e.id);
      case "Constant":
        if (e.value === null) return "null";
        if (e.value === "...") return "$py.Ellipsis";
        if (typeof e.value === "string") return e.bytes ? `$py.b(${JSON.stringify(e.value)})` : JSON.stringify(e.value);
        return String(e.value);
      case "FString":
        return `(${["\"\"", ...e.parts.map((p) => (typeof p === "string" ? JSON.stringify(p) : `$py.format(${this.expr(p.value, scope)}, ${JSON.stringify(p.conversion)}, ${JSON.stringify(p.spec)})`))].join(" + ")})`;
      case "List":
        return this.list(e.elts, scope);
      case "Tuple":
        return `$py.tuple(${this.list(e.elts, scope)})`;
      case "Set":
        return `$py.set(${this.list(e.elts, scope)})`;
      case "Dict":
        return `$py.dict([${e.keys
          .map((k, i) => {
            const v = this.expr(e.values[i]!, scope);
            if (k === null) return `$py.spread(${v})`;
            // A bare name that names nothing is its own text, so JavaScript's {dst: "10.0.0.1"} works too.
            const key = k.kind === "Name" && !(k.id in JS_LITERALS) ? `$py.nameKey(() => ${ident(k.id)}, ${JSON.stringify(k.id)})` : this.expr(k, scope);
            return `[${key}, ${v}]`;
          })
          .join(", ")}])`;
      case "ListComp":
      case "SetComp":
      case "GeneratorExp":
      case "DictComp":
        return this.comprehension(e, scope);
      case "Attribute":
        return `$py.getattr(${this.expr(e.value, scope)}, ${JSON.stringify(e.attr)})`;
      case "Subscript":
        return `$py.getitem(${this.expr(e.value, scope)}, ${this.index(e.index, scope)})`;
      case "Slice":
        return this.index(e, scope);
      case "Call":
        return this.call(e, scope);
      case "Starred":
        throw new PySyntaxError("can't use starred expression here", e.line, e.col);
      case "UnaryOp": {
        if (e.op === "not") return `!${this.truthy(e.operand, scope)}`;
        if (e.op === "-" && e.operand.kind === "Constant" && typeof e.operand.value === "number") return `(-${e.operand.value})`;
        const fn = e.op === "-" ? "neg" : e.op === "+" ? "pos" : "invert";
        return `$py.${fn}(${this.expr(e.operand, scope)})`;
      }
      case "BinOp":
        return `$py.${BINARY[e.op]}(${this.expr(e.left, scope)}, ${this.expr(e.right, scope)})`;
      case "BoolOp": {
        const t = this.temp(scope);
        const values = e.values.map((v) => this.expr(v, scope));
        const last = values.pop()!;
        const test = (v: string) => (e.op === "or" ? `$py.truth(${t} = ${v})` : `!$py.truth(${t} = ${v})`);
        return `(${values.map((v) => `${test(v)} ? ${t} : `).join("")}${last})`;
      }
      case "Compare": {
        if (e.ops.length === 1) return compare(e.ops[0]!, this.expr(e.left, scope), this.expr(e.comparators[0]!, scope));
        const parts: string[] = [];
        let left = this.expr(e.left, scope);
        e.ops.forEach((op, i) => {
          const right = this.expr(e.comparators[i]!, scope);
          if (i === e.ops.length - 1) parts.push(compare(op, left, right));
          else {
            const t = this.temp(scope);
            parts.push(compare(op, left, `(${t} = ${right})`));
            left = t;
          }
        });
        return `(${parts.join(" && ")})`;
      }
      case "IfExp":
        return `(${this.truthy(e.test, scope)} ? ${this.expr(e.body, scope)} : ${this.expr(e.orelse, scope)})`;
      case "Lambda":
        return this.lambda(e, scope);
      case "Await":
        if (!scope.async) throw new PySyntaxError("'await' outside async function", e.line, e.col);
        return `(await ${this.expr(e.value, scope)})`;
    }
  }

  private call(e: Extract<Expr, { kind: "Call" }>, scope: Scope): string {
    const args = this.list(e.args, scope);
    let kw = "";
    if (e.keywords.length) {
      kw = `, {${e.keywords.map((k) => (k.name === null ? `...$py.kwargs(${this.expr(k.value, scope)})` : `${JSON.stringify(k.name)}: ${this.expr(k.value, scope)}`)).join(", ")}}`;
    }
    const code =
      e.func.kind === "Attribute"
        ? `$py.callMethod(${this.expr(e.func.value, scope)}, ${JSON.stringify(e.func.attr)}, ${args}${kw})`
        : `$py.call(${this.expr(e.func, scope)}, ${args}${kw})`;
    return scope.async ? `(await ${code})` : code;
  }

  private comprehension(e: Extract<Expr, { kind: "ListComp" | "SetComp" | "GeneratorExp" | "DictComp" }>, outer: Scope): string {
    const locals = new Set<string>();
    for (const g of e.generators) targetNames(g.target, locals);
    const scope = new Scope("comp", outer.async, locals);
    const result = `$r${++this.counter}`;
    const push = e.kind === "DictComp" ? `${result}.push([${this.expr(e.key, scope)}, ${this.expr(e.value, scope)}]);\n` : `${result}.push(${this.expr(e.elt, scope)});\n`;
    const loops = (gens: Comprehension[]): string => {
      if (!gens.length) return push;
      const [g, ...rest] = gens;
      const item = `$i${++this.counter}`;
      let code = `for (const ${item} of $py.iter(${this.expr(g!.iter, scope)})) {\n${this.assign(g!.target, item, scope)}`;
      for (const cond of g!.ifs) code += `if (!(${this.truthy(cond, scope)})) continue;\n`;
      return code + loops(rest) + "}\n";
    };
    const body = loops(e.generators);
    const decl = [...[...locals].map(ident), ...scope.temps];
    const wrap = e.kind === "SetComp" ? `$py.set(${result})` : e.kind === "DictComp" ? `$py.dict(${result})` : result;
    const fn = `${outer.async ? "async " : ""}() => {\n${decl.length ? `let ${decl.join(", ")};\n` : ""}const ${result} = [];\n${body}return ${wrap};\n}`;
    return outer.async ? `(await (${fn})())` : `(${fn})()`;
  }
}

function compare(op: CompareOp, a: string, b: string): string {
  switch (op) {
    case "==":
      return `$py.eq(${a}, ${b})`;
    case "!=":
      return `!$py.eq(${a}, ${b})`;
    case "in":
      return `$py.contains(${b}, ${a})`;
    case "not in":
      return `!$py.contains(${b}, ${a})`;
    case "is":
      return `$py.is(${a}, ${b})`;
    case "is not":
      return `!$py.is(${a}, ${b})`;
    default:
      return `$py.compare(${JSON.stringify(op)}, ${a}, ${b})`;
  }
}

function paramNames(p: Params): string[] {
  return [...p.params.map((x) => x.name), ...(p.varargs ? [p.varargs] : []), ...(p.kwargs ? [p.kwargs] : [])];
}
