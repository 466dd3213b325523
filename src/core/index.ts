/** The packet model: layers as data, fields, bindings, building and dissection. Browser-safe. */
import "./raw.ts";

export { Packet, hashWithPayload, isLayer, payloadAnswers, sameLayer, type HashPart } from "./packet.ts";
export { RESET, PacketState, isPacket, registry, type PacketMeta, type LayerRef, type LayerSpec, type BuiltLayer, type Computed } from "./state.ts";
export { PacketList, SndRcvList, sessionKey, type QueryAnswer } from "./plist.ts";
export { defineLayer, type LayerClass, type LayerInstance, type LayerOptions, type FieldInit, type FieldProps, type FieldNames, type InstanceOf } from "./define.ts";
export { bindLayers, bindBottomUp, bindTopDown, splitLayers } from "./bind.ts";
export { Raw, Padding, NoPayload } from "./raw.ts";
export { conf, ProgPath, Resolve, LayersList, type Conf, type Resolvers, type MacVendors } from "./conf.ts";
export { FlagValue } from "./flags.ts";
export { range, IntRange, Alternatives, Volatile, Volatile as VolatileValue } from "./values.ts";
export {
  RandField, RandNum, RandByte, RandSByte, RandShort, RandSShort, RandInt, RandSInt, RandLong, RandSLong, RandFloat, RandBinFloat,
  RandNumGamma, RandNumGauss, RandNumExpo, RandEnum, RandEnumByte, RandEnumSByte, RandEnumShort, RandEnumSShort, RandEnumInt,
  RandEnumSInt, RandEnumLong, RandEnumSLong, RandEnumKeys, RandChoice, RandSingularity, RandPool, RandSingNum, RandSingByte,
  RandSingSByte, RandSingShort, RandSingSShort, RandSingInt, RandSingSInt, RandSingLong, RandSingSLong, RandSingString, RandString,
  RandBin, RandTermString, RandRegExp, RandIP, RandIP6, RandMAC, RandOID, RandUUID, type RandUUIDOptions, CorruptedBytes,
  CorruptedBits, corruptBytes, corruptBits, IncrementalValue, DelayedEval, AutoTime, IntAutoTime, ZuluTime, GeneralizedTime,
} from "./volatile.ts";
export { packetLayout, type PacketLayout, type LayerLayout, type FieldLayout } from "./layout.ts";
export { Field, Measured, type AnyField } from "./field.ts";
export { Writer } from "./writer.ts";
export { crc32c, internetChecksum } from "./checksum.ts";
export { toHex, fromHex, utf8, concatBytes, bytesEqual } from "./bytes.ts";
export { PacketryError } from "./errors.ts";
export { registerCommand, commands } from "./commands.ts";
export { buildPacket } from "./write/build.ts";
export { dissectLayer } from "./read/dissect.ts";
export * as fields from "./fields/index.ts";
export { AuthenticationFailed, cryptoProvider, nodeCryptoProvider, setCryptoProvider, type AeadName, type CipherName, type CryptoProvider, type HashName } from "./crypto.ts";
export * from "./asn1/index.ts";
export { FixedPointValue, fixedPointText } from "./fields/fixedPoint.ts";
