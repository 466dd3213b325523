/**
 * What an automaton class declares (Scapy's Automaton_metaclass): its states, the conditions,
 * receive conditions, io events and timers of each state sorted by priority, the actions of
 * each condition, and the io channels. Read once per class from the decorated members of the
 * class and its bases (a subclass's member overrides its base's of the same name).
 */
import { metaOf, type ActionMeta, type ConditionMeta, type StateMeta } from "./atmt.ts";

export interface AutomatonDefinition {
  readonly name: string;
  readonly states: ReadonlyMap<string, StateMeta>;
  readonly initial: readonly StateMeta[];
  readonly stops: readonly StateMeta[];
  readonly conditions: ReadonlyMap<string, readonly ConditionMeta[]>;
  readonly receives: ReadonlyMap<string, readonly ConditionMeta[]>;
  readonly ioevents: ReadonlyMap<string, readonly ConditionMeta[]>;
  readonly timeouts: ReadonlyMap<string, readonly ConditionMeta[]>;
  /** Condition name → its actions, in priority order. */
  readonly actions: ReadonlyMap<string, readonly ActionMeta[]>;
  readonly ionames: readonly string[];
  /** io events that open as a socket: class method name → io channel. */
  readonly supersockets: ReadonlyMap<string, string>;
}

const cache = new WeakMap<object, AutomatonDefinition>();

/** The members with ATMT metadata, most derived first. */
function members(cls: { prototype: object; name: string }): Map<string, unknown> {
  const found = new Map<string, unknown>();
  for (let proto: object | null = cls.prototype; proto && proto !== Object.prototype && proto !== Function.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      if (key === "constructor" || found.has(key)) continue;
      const desc = Object.getOwnPropertyDescriptor(proto, key);
      if (desc && "value" in desc) found.set(key, desc.value);
      else found.set(key, undefined);
    }
  }
  return found;
}

export function definitionOf(cls: { prototype: object; name: string }): AutomatonDefinition {
  const known = cache.get(cls);
  if (known) return known;
  const states = new Map<string, StateMeta>();
  const byState = { condition: new Map<string, ConditionMeta[]>(), receive: new Map<string, ConditionMeta[]>(), ioevent: new Map<string, ConditionMeta[]>(), timeout: new Map<string, ConditionMeta[]>() };
  const actions = new Map<string, ActionMeta[]>();
  const conds: ConditionMeta[] = [];
  const acts: ActionMeta[] = [];
  for (const value of members(cls).values()) {
    const m = metaOf(value);
    if (!m) continue;
    if (m.kind === "state") states.set(m.name, m);
    else if (m.kind === "action") acts.push(m);
    else conds.push(m);
  }
  for (const name of states.keys()) for (const table of Object.values(byState)) table.set(name, []);
  const ionames: string[] = [];
  const supersockets = new Map<string, string>();
  for (const c of conds) {
    const list = byState[c.kind].get(c.state);
    if (!list) throw new TypeError(`${cls.name}: ${c.kind} ${c.name} is attached to ${c.state}, which is not a state of ${cls.name}`);
    list.push(c);
    actions.set(c.name, []);
    if (c.kind === "ioevent") {
      if (!ionames.includes(c.ioname!)) ionames.push(c.ioname!);
      if (c.asSupersocket) supersockets.set(c.asSupersocket, c.ioname!);
    }
  }
  for (const a of acts) {
    for (const cond of a.of.keys()) {
      const list = actions.get(cond);
      if (!list) throw new TypeError(`${cls.name}: action ${a.name} is attached to ${cond}, which is not a condition of ${cls.name}`);
      list.push(a);
    }
  }
  for (const table of Object.values(byState)) for (const list of table.values()) list.sort((x, y) => x.prio - y.prio);
  for (const [cond, list] of actions) list.sort((x, y) => x.of.get(cond)! - y.of.get(cond)!);
  const all = [...states.values()];
  const def: AutomatonDefinition = {
    name: cls.name,
    states,
    initial: all.filter((s) => s.initial),
    stops: all.filter((s) => s.stop),
    conditions: byState.condition,
    receives: byState.receive,
    ioevents: byState.ioevent,
    timeouts: byState.timeout,
    actions,
    ionames,
    supersockets,
  };
  cache.set(cls, def);
  return def;
}
