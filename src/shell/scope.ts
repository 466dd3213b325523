/** What the shell puts in scope: every export of the library, under its own name. */
import * as lib from "../index.ts";

export function shellScope(): Record<string, unknown> {
  return { ...lib };
}
