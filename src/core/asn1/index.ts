/** The ASN.1 engine: Scapy's ASN1_* objects, BER/DER codecs, ASN1F_* field kinds and ASN.1 layers. */
export * from "./objects.ts";
export { MIBDict, mib } from "./mib.ts";
export {
  ASN1Context,
  ASN1Error,
  BERDecodingError,
  BERBadTagError,
  Codec,
  MAX_DEPTH,
  UNIVERSAL,
  berDecode,
  berIdDec,
  berIdEnc,
  berLenDec,
  berLenEnc,
  berNumDec,
  berNumEnc,
  berTaggingDec,
  berTaggingEnc,
  codecOf,
  decodeAny,
  decodeState,
  encodeObject,
  integerBytes,
  registerContextTag,
  sequenceCodec,
  tagRepr,
  tlv,
  type DecodeState,
  type TagDef,
} from "./ber.ts";
export * from "./fields.ts";
export { defineASN1Layer, type ASN1LayerOptions, type Leaves } from "./packet.ts";
