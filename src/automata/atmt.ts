/**
 * Scapy's ATMT decorators, usable three ways: as TypeScript standard decorators on methods
 * (`@ATMT.state({ initial: true }) START() {}`, `@ATMT.condition("START") connect() {...}`),
 * as Python decorators in the shell (`@ATMT.state(initial=1)` over a def), or called by hand
 * (`ATMT.state({initial: true})(fn)`). A state's method, once decorated, no longer runs its
 * body when called: `this.START()` makes a NewStateRequested, which a condition throws (or
 * returns) to go to that state; the automaton runs the body on entering it.
 */

export const ATMT_META: unique symbol = Symbol.for("packetry.atmt") as never;

export type MemberKind = "state" | "condition" | "receive" | "ioevent" | "timeout" | "action";

/** A function the automaton calls with itself as `this`. */
export type MemberFn = (this: never, ...args: never[]) => unknown;

export interface StateMeta {
  kind: "state";
  name: string;
  initial: boolean;
  final: boolean;
  stop: boolean;
  error: boolean;
  /** The body, run on entering the state. */
  body: MemberFn;
}

export interface ConditionMeta {
  kind: "condition" | "receive" | "ioevent" | "timeout";
  name: string;
  state: string;
  prio: number;
  /** ioevent: the channel's name; as_supersocket: the class method that opens it as a socket. */
  ioname?: string;
  asSupersocket?: string;
  /** timeout / timer: seconds, and whether it starts again once fired (ATMT.timer). */
  seconds?: number;
  autoreload?: boolean;
  fn: MemberFn;
}

export interface ActionMeta {
  kind: "action";
  name: string;
  /** Condition name → priority of this action among that condition's actions. */
  of: Map<string, number>;
  fn: MemberFn;
}

export type Meta = StateMeta | ConditionMeta | ActionMeta;

type Tagged = MemberFn & { [ATMT_META]?: Meta };

export function metaOf(fn: unknown): Meta | undefined {
  return typeof fn === "function" ? (fn as Tagged)[ATMT_META] : undefined;
}

/** What a decorator receives after the function: TypeScript's context, or nothing (Python, by hand). */
type Context = { name: string | symbol; kind: string } | undefined;

function nameOf(fn: Function, ctx: Context): string {
  const name = ctx ? String(ctx.name) : ((fn as { pyName?: string }).pyName ?? fn.name);
  if (!name) throw new TypeError("ATMT decorators need a named function (a method, or a def)");
  return name;
}

/** A state, a condition or a timer as decorators name it: its name, or the decorated function. */
export type MemberRef = string | MemberFn | { name: string };

function refName(ref: MemberRef, what: string): string {
  if (typeof ref === "string") return ref;
  const m = metaOf(ref);
  if (m) return m.name;
  if (typeof ref === "function" && ref.name) return ref.name;
  throw new TypeError(`ATMT: ${what} must be a state or condition (its name, or the decorated method)`);
}

/** Raised (or returned) by a condition to go to a state; carries the arguments for its actions. */
export class NewStateRequested extends Error {
  readonly state: string;
  readonly initial: boolean;
  readonly final: boolean;
  readonly stop: boolean;
  readonly error: boolean;
  action_args: unknown[] = [];

  constructor(
    readonly meta: StateMeta,
    readonly automaton: object,
    readonly args: unknown[],
  ) {
    super(`Request state [${meta.name}]`);
    this.name = "NewStateRequested";
    this.state = meta.name;
    this.initial = meta.initial;
    this.final = meta.final;
    this.stop = meta.stop;
    this.error = meta.error;
  }

  /** The arguments the condition's actions get (Scapy's action_parameters). */
  actionParameters(...args: unknown[]): this {
    this.action_args = args;
    return this;
  }

  action_parameters(...args: unknown[]): this {
    return this.actionParameters(...args);
  }

  /** Runs the state's body (on entering it). */
  run(): unknown {
    return (this.meta.body as (...a: unknown[]) => unknown).apply(this.automaton, this.args);
  }

  override toString(): string {
    return `NewStateRequested(${this.state})`;
  }
}

export interface StateOptions {
  initial?: boolean | number;
  final?: boolean | number;
  stop?: boolean | number;
  error?: boolean | number;
}

function tag<F extends MemberFn>(fn: F, meta: Meta): F {
  Object.defineProperty(fn, ATMT_META, { value: meta, configurable: true });
  return fn;
}

/** A decorator that takes the function, with or without TypeScript's context. */
type Decorator = <F extends MemberFn>(fn: F, ctx?: Context) => F;

function conditionDecorator(kind: ConditionMeta["kind"], state: MemberRef, extra: Partial<ConditionMeta>): Decorator {
  const stateName = refName(state, "the state");
  return (fn, ctx) => tag(fn, { kind, name: nameOf(fn, ctx), state: stateName, prio: 0, ...extra, fn } as ConditionMeta);
}

export const ATMT = {
  /** A state (initial, final, stop or error as flags). */
  state(options: StateOptions = {}): Decorator {
    return (fn, ctx) => {
      const name = nameOf(fn, ctx);
      const meta: StateMeta = { kind: "state", name, initial: !!options.initial, final: !!options.final, stop: !!options.stop, error: !!options.error, body: fn };
      const request = {
        [name](this: object, ...args: unknown[]) {
          return new NewStateRequested(meta, this, args);
        },
      }[name]!;
      return tag(request as never, meta);
    };
  },

  /** Checked on entering `state`, in priority order (lowest first). */
  condition(state: MemberRef, prio = 0): Decorator {
    return conditionDecorator("condition", state, { prio });
  },

  /** Checked with each packet received in `state`. */
  receive_condition(state: MemberRef, prio = 0): Decorator {
    return conditionDecorator("receive", state, { prio });
  },

  receiveCondition(state: MemberRef, prio = 0): Decorator {
    return conditionDecorator("receive", state, { prio });
  },

  /** Checked when something is written to the io channel `name` while in `state`. */
  ioevent(state: MemberRef, name: string, prio = 0, asSupersocket?: string): Decorator {
    return conditionDecorator("ioevent", state, { prio, ioname: name, asSupersocket });
  },

  /** Taken when `state` has lasted `seconds`. */
  timeout(state: MemberRef, seconds: number): Decorator {
    return conditionDecorator("timeout", state, { seconds, autoreload: false });
  },

  /** Taken every `seconds` while in `state` (Scapy 2.5's ATMT.timer). */
  timer(state: MemberRef, seconds: number, prio = 0): Decorator {
    return conditionDecorator("timeout", state, { seconds, prio, autoreload: true });
  },

  /** Runs when `cond` takes its transition, in priority order among that condition's actions. */
  action(cond: MemberRef, prio = 0): Decorator {
    const condName = refName(cond, "the condition");
    return (fn, ctx) => {
      const existing = metaOf(fn);
      const of = existing?.kind === "action" ? existing.of : new Map<string, number>();
      of.set(condName, prio);
      return tag(fn, { kind: "action", name: nameOf(fn, ctx), of, fn });
    };
  },
};

/** Scapy's Automaton exceptions. */
export class AutomatonException extends Error {
  constructor(
    message: string,
    readonly state?: string,
    readonly result?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
export class AutomatonError extends AutomatonException {}
export class ErrorState extends AutomatonException {}
export class Stuck extends AutomatonException {}
export class AutomatonStopped extends AutomatonException {}
export class Breakpoint extends AutomatonStopped {}
export class Singlestep extends AutomatonStopped {}
export class InterceptionPoint extends AutomatonStopped {
  constructor(
    message: string,
    state?: string,
    readonly packet?: unknown,
  ) {
    super(message, state);
  }
}
