/** The syntax errors of the Python subset: where, what, and whether more input could complete it. */

export class PySyntaxError extends Error {
  constructor(
    message: string,
    /** 1-based line and 0-based column of the offending spot. */
    readonly line: number,
    readonly col: number,
    /** The input ended too early (open bracket, block header, triple-quoted string): a REPL reads on. */
    readonly incomplete = false,
    /** "SyntaxError" or "IndentationError", as Python names them. */
    readonly kind: "SyntaxError" | "IndentationError" = "SyntaxError",
    /** Valid Python that the shell's subset leaves out (class, with, yield...). */
    readonly unsupported = false,
  ) {
    super(message);
    this.name = kind;
  }
}
