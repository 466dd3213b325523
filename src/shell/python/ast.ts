/** The syntax tree of the shell's Python subset (a small cousin of Python's own `ast`). */

export interface Pos {
  line: number;
  col: number;
}

export type Expr =
  | ({ kind: "Name"; id: string } & Pos)
  | ({ kind: "Constant"; value: number | string | boolean | null | "..."; bytes?: boolean } & Pos)
  | ({ kind: "FString"; parts: Array<string | FormattedValue> } & Pos)
  | ({ kind: "List" | "Tuple" | "Set"; elts: Expr[] } & Pos)
  | ({ kind: "Dict"; keys: Array<Expr | null>; values: Expr[] } & Pos)
  | ({ kind: "ListComp" | "SetComp" | "GeneratorExp"; elt: Expr; generators: Comprehension[] } & Pos)
  | ({ kind: "DictComp"; key: Expr; value: Expr; generators: Comprehension[] } & Pos)
  | ({ kind: "Attribute"; value: Expr; attr: string } & Pos)
  | ({ kind: "Subscript"; value: Expr; index: Expr } & Pos)
  | ({ kind: "Slice"; lower: Expr | null; upper: Expr | null; step: Expr | null } & Pos)
  | ({ kind: "Call"; func: Expr; args: Expr[]; keywords: Keyword[] } & Pos)
  | ({ kind: "Starred"; value: Expr } & Pos)
  | ({ kind: "UnaryOp"; op: "-" | "+" | "~" | "not"; operand: Expr } & Pos)
  | ({ kind: "BinOp"; op: BinOperator; left: Expr; right: Expr } & Pos)
  | ({ kind: "BoolOp"; op: "and" | "or"; values: Expr[] } & Pos)
  | ({ kind: "Compare"; left: Expr; ops: CompareOp[]; comparators: Expr[] } & Pos)
  | ({ kind: "IfExp"; test: Expr; body: Expr; orelse: Expr } & Pos)
  | ({ kind: "Lambda"; params: Params; body: Expr } & Pos)
  | ({ kind: "Await"; value: Expr } & Pos);

export type BinOperator = "+" | "-" | "*" | "/" | "//" | "%" | "**" | "<<" | ">>" | "&" | "|" | "^" | "@";
export type CompareOp = "==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "not in" | "is" | "is not";

export interface FormattedValue {
  value: Expr;
  conversion: "r" | "s" | "a" | null;
  spec: string;
}

export interface Comprehension {
  target: Expr;
  iter: Expr;
  ifs: Expr[];
}

/** `name=value`, or `**value` when name is null. */
export interface Keyword {
  name: string | null;
  value: Expr;
}

export interface Param {
  name: string;
  default: Expr | null;
}

export interface Params {
  params: Param[];
  varargs: string | null;
  kwargs: string | null;
}

export interface ExceptHandler extends Pos {
  type: Expr | null;
  name: string | null;
  body: Stmt[];
}

export type Stmt =
  | ({ kind: "Expr"; value: Expr } & Pos)
  | ({ kind: "Assign"; targets: Expr[]; value: Expr } & Pos)
  | ({ kind: "AugAssign"; target: Expr; op: BinOperator; value: Expr } & Pos)
  | ({ kind: "Print"; values: Expr[]; newline: boolean } & Pos)
  | ({ kind: "If"; test: Expr; body: Stmt[]; orelse: Stmt[] } & Pos)
  | ({ kind: "While"; test: Expr; body: Stmt[]; orelse: Stmt[] } & Pos)
  | ({ kind: "For"; target: Expr; iter: Expr; body: Stmt[]; orelse: Stmt[] } & Pos)
  | ({ kind: "Break" | "Continue" | "Pass" } & Pos)
  | ({ kind: "FunctionDef"; name: string; params: Params; body: Stmt[]; decorators?: Expr[]; method?: boolean } & Pos)
  | ({ kind: "ClassDef"; name: string; bases: Expr[]; body: Stmt[]; decorators?: Expr[] } & Pos)
  | ({ kind: "Return"; value: Expr | null } & Pos)
  | ({ kind: "Delete"; targets: Expr[] } & Pos)
  | ({ kind: "Global" | "Nonlocal"; names: string[] } & Pos)
  | ({ kind: "Import"; names: Array<{ name: string; asname: string | null }> } & Pos)
  | ({ kind: "ImportFrom"; module: string; names: Array<{ name: string; asname: string | null }> } & Pos)
  | ({ kind: "Try"; body: Stmt[]; handlers: ExceptHandler[]; orelse: Stmt[]; finalbody: Stmt[] } & Pos)
  | ({ kind: "Raise"; exc: Expr | null } & Pos)
  | ({ kind: "Assert"; test: Expr; msg: Expr | null } & Pos)
  | ({ kind: "With"; items: Array<{ context: Expr; target: Expr | null }>; body: Stmt[] } & Pos);
