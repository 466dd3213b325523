/** The user-facing commands, with a one-line description each: lsc() lists them, the shell completes them. */
export const commands = new Map<string, { description: string; fn: unknown }>();

/** Registers functions under their Scapy names, with the first line of their description. */
export function registerCommand(name: string, description: string, fn: unknown): void {
  commands.set(name, { description, fn });
}
