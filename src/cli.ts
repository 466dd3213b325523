#!/usr/bin/env node
/** Entry point of the `packetry` command. */
import { main } from "./shell/main.ts";

main(process.argv.slice(2)).then(exit, (err: unknown) => {
  console.error(err instanceof Error ? `${err.name}: ${err.message}` : String(err));
  exit(1);
});

/**
 * Ends when the command is done, as Python does: a capture left running (an AsyncSniffer never
 * stopped) must not keep the program alive. What was written goes out first.
 */
function exit(code: number): void {
  process.exitCode = code;
  process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
}
