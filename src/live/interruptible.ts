/**
 * Functions that wait (machines, automata, socket reads) carry this mark: the shell then hands
 * them its Ctrl-C as `signal` in their options, as it does for sr and sniff, so an interrupt
 * ends the wait and returns what came so far.
 */
export const INTERRUPTIBLE: unique symbol = Symbol.for("packetry.interruptible") as never;

export function interruptible<F extends Function>(...fns: F[]): void {
  for (const fn of fns) Object.defineProperty(fn, INTERRUPTIBLE, { value: true });
}
