/**
 * A layer's instance constructor: a plain function of its own per layer (generated where code can
 * be), not a class deriving from Packet. A derived constructor goes through V8's generic construct
 * stub and the super() call on every packet, and one function literal shared by every layer would
 * see every layer's objects at its store (megamorphic); each generated one sees its own layer's.
 */
import type { Packet } from "../packet.ts";
import { PacketState, type LayerSpec } from "../state.ts";
import { canGenerateCode, generate } from "./generate.ts";

export type Impl = new (state?: PacketState) => Packet;

/** The constructor of spec's instances, inheriting from base (Packet); spec is read when the first packet is made. */
export function compileConstructor(base: abstract new (state: PacketState) => Packet, spec: () => LayerSpec): Impl {
  const fresh = (): PacketState => new PacketState(spec());
  const Impl = canGenerateCode()
    ? generate<Impl>("return function Impl(state) { this._s = state === undefined ? FRESH() : state; };", { FRESH: fresh })
    : (function (this: Packet, state?: PacketState) {
        this._s = state === undefined ? fresh() : state;
      } as unknown as Impl);
  Impl.prototype = Object.create(base.prototype, { constructor: { value: Impl, writable: true, configurable: true } });
  return Impl;
}
