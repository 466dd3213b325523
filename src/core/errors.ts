/** Errors raised by packetry. Field value problems are TypeErrors, as the contract says. */

/** A value given for a field cannot be used: names the layer and the field. */
export function fieldError(layer: string, field: string, message: string): TypeError {
  return new TypeError(`${layer}.${field}: ${message}`);
}

/** Thrown by a field kind's converter; the layer wraps it with its own name. */
export class FieldValueError extends Error {}

/** A capture file or a live operation failed; `where` tells the file/offset or interface. */
export class PacketryError extends Error {
  constructor(message: string, readonly code?: string) {
    super(message);
    this.name = "PacketryError";
  }
}
