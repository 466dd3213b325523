/** Option lists written back to back (TCP's, DHCP's): Scapy declares their default as b'' and reads it as []. */
import { Field } from "../field.ts";

export abstract class OptionListField<N extends string, In, Get> extends Field<N, In, Get> {
  override isList = true;
  override mutable = true;

  constructor(name: N) {
    // The declared default is b"" (what ls() shows); a packet's default is an empty list.
    super(name, new Uint8Array(0));
  }

  override defaultFor(): unknown {
    return [];
  }
}
