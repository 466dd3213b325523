/**
 * What a Python body does to names and time: the names it assigns (a def's locals) and whether
 * it awaits (a def that calls sr or an async def must itself be async).
 */
import type { Comprehension, Expr, Stmt } from "./ast.ts";

/** Method names whose calls return promises whatever the object (time.sleep). */
const ASYNC_METHODS = new Set(["sleep"]);

export function targetNames(e: Expr, into: Set<string>): void {
  if (e.kind === "Name") into.add(e.id);
  else if (e.kind === "Tuple" || e.kind === "List") e.elts.forEach((x) => targetNames(x, into));
  else if (e.kind === "Starred") targetNames(e.value, into);
}

/** Names a function body assigns (its locals), minus those it declares global or nonlocal. */
export function assignedNames(body: Stmt[]): Set<string> {
  const names = new Set<string>();
  const outer = new Set<string>();
  const visit = (list: Stmt[]) => {
    for (const s of list) {
      switch (s.kind) {
        case "Assign":
          s.targets.forEach((t) => targetNames(t, names));
          break;
        case "AugAssign":
          targetNames(s.target, names);
          break;
        case "For":
          targetNames(s.target, names);
          visit(s.body);
          visit(s.orelse);
          break;
        case "While":
        case "If":
          visit(s.body);
          visit(s.orelse);
          break;
        case "Try":
          visit(s.body);
          s.handlers.forEach((h) => {
            if (h.name) names.add(h.name);
            visit(h.body);
          });
          visit(s.orelse);
          visit(s.finalbody);
          break;
        case "FunctionDef":
        case "ClassDef":
          names.add(s.name);
          break;
        case "Import":
          s.names.forEach((n) => names.add(n.asname ?? n.name.split(".")[0]!));
          break;
        case "ImportFrom":
          s.names.forEach((n) => n.name !== "*" && names.add(n.asname ?? n.name));
          break;
        case "Global":
        case "Nonlocal":
          s.names.forEach((n) => outer.add(n));
          break;
        default:
          break;
      }
    }
  };
  visit(body);
  for (const n of outer) names.delete(n);
  return names;
}

/** Every statement, nested ones included (not inside defs' bodies when `intoDefs` is false). */
export function walkStatements(body: Stmt[], fn: (s: Stmt) => void, intoDefs = true): void {
  for (const s of body) {
    fn(s);
    switch (s.kind) {
      case "If":
      case "While":
      case "For":
        walkStatements(s.body, fn, intoDefs);
        walkStatements(s.orelse, fn, intoDefs);
        break;
      case "Try":
        walkStatements(s.body, fn, intoDefs);
        s.handlers.forEach((h) => walkStatements(h.body, fn, intoDefs));
        walkStatements(s.orelse, fn, intoDefs);
        walkStatements(s.finalbody, fn, intoDefs);
        break;
      case "FunctionDef":
      case "ClassDef":
        if (intoDefs) walkStatements(s.body, fn, intoDefs);
        break;
      default:
        break;
    }
  }
}

/** Does this body (not its nested defs and lambdas) await, or call something async? */
export function bodyAwaits(body: Stmt[], isAsync: (name: string) => boolean): boolean {
  let found = false;
  const visitExpr = (e: Expr | null | undefined): void => {
    if (!e || found) return;
    switch (e.kind) {
      case "Await":
        found = true;
        return;
      case "Lambda":
        return;
      case "Call":
        if (e.func.kind === "Name" && isAsync(e.func.id)) found = true;
        if (e.func.kind === "Attribute" && ASYNC_METHODS.has(e.func.attr)) found = true;
        visitExpr(e.func);
        e.args.forEach(visitExpr);
        e.keywords.forEach((k) => visitExpr(k.value));
        return;
      default:
        for (const v of Object.values(e)) {
          if (Array.isArray(v)) v.forEach((x) => (x && typeof x === "object" && "kind" in x ? visitExpr(x as Expr) : visitComp(x)));
          else if (v && typeof v === "object" && "kind" in v) visitExpr(v as Expr);
        }
    }
  };
  const visitComp = (x: unknown) => {
    if (!x || typeof x !== "object") return;
    if ("iter" in x) {
      const g = x as Comprehension;
      visitExpr(g.iter);
      visitExpr(g.target);
      g.ifs.forEach(visitExpr);
    } else if ("value" in x) visitExpr((x as { value: Expr }).value);
  };
  walkStatements(
    body,
    (s) => {
      for (const [k, v] of Object.entries(s)) {
        if (k === "body" || k === "orelse" || k === "finalbody" || k === "handlers") continue;
        if (Array.isArray(v)) v.forEach((x) => (x && typeof x === "object" && "kind" in x ? visitExpr(x as Expr) : undefined));
        else if (v && typeof v === "object" && "kind" in v) visitExpr(v as Expr);
      }
      if (s.kind === "Try") s.handlers.forEach((h) => visitExpr(h.type));
    },
    false,
  );
  return found;
}
