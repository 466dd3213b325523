/**
 * An automaton's states and transitions as Graphviz dot, in Scapy's build_graph() style:
 * initial states blue boxes, final green and error red octagons, stop states orange; edges from
 * the state's own body green, conditions purple, receive conditions red, io events orange,
 * timeouts blue (labelled with their delay), each label followed by the actions it runs. Like
 * Scapy (which reads the names a function's code uses), a transition is found where a state's
 * name appears in the source of the function.
 */
import type { ConditionMeta, MemberFn } from "./atmt.ts";
import type { AutomatonDefinition } from "./definition.ts";

/** Where a function made by the shell keeps the source of what it runs. */
const SOURCE = Symbol.for("packetry.source");

/** The state names a function's source mentions, in order. */
function targets(fn: MemberFn, states: ReadonlyMap<string, unknown>): string[] {
  // A def of the shell's class syntax carries the code it was compiled to.
  const src = (fn as { [SOURCE]?: string })[SOURCE] ?? Function.prototype.toString.call(fn);
  const out: string[] = [];
  for (const word of src.match(/[A-Za-z_$][\w$]*/g) ?? []) if (states.has(word) && !out.includes(word)) out.push(word);
  return out;
}

// Labels keep their backslashes: \l is dot's left-justified line break.
const quote = (s: string) => `"${s.replace(/"/g, '\\"')}"`;

export function automatonDot(def: AutomatonDefinition): string {
  let head = "";
  let rest = "";
  for (const st of def.states.values()) {
    if (st.initial) head = `\t${quote(st.name)} [ style=filled, fillcolor=blue, shape=box, root=true];\n` + head;
    else if (st.final) rest += `\t${quote(st.name)} [ style=filled, fillcolor=green, shape=octagon ];\n`;
    else if (st.error) rest += `\t${quote(st.name)} [ style=filled, fillcolor=red, shape=octagon ];\n`;
    else if (st.stop) rest += `\t${quote(st.name)} [ style=filled, fillcolor=orange, shape=box, root=true ];\n`;
  }
  let s = `digraph ${quote(def.name)} {\n` + head + rest;
  for (const st of def.states.values()) {
    for (const n of targets(st.body, def.states)) if (n !== st.name) s += `\t${quote(st.name)} -> ${quote(n)} [ color=green ];\n`;
  }
  const label = (c: ConditionMeta, text: string) => text + (def.actions.get(c.name) ?? []).map((a) => `\\l>[${a.name}]`).join("");
  const groups: Array<[string, ReadonlyMap<string, readonly ConditionMeta[]>]> = [
    ["purple", def.conditions],
    ["red", def.receives],
    ["orange", def.ioevents],
  ];
  for (const [color, table] of groups) {
    for (const [state, conds] of table) {
      for (const c of conds) for (const n of targets(c.fn, def.states)) s += `\t${quote(state)} -> ${quote(n)} [label=${quote(label(c, c.name))}, color=${color}];\n`;
    }
  }
  for (const [state, timers] of def.timeouts) {
    for (const t of timers) for (const n of targets(t.fn, def.states)) s += `\t${quote(state)} -> ${quote(n)} [label=${quote(label(t, `${t.name}/${t.seconds!.toFixed(1)}s`))},color=blue];\n`;
  }
  return s + "}\n";
}
