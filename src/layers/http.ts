/**
 * HTTP/1.x (Scapy's http layer): HTTP is an empty wrapper whose payload is HTTPRequest or
 * HTTPResponse, chosen by the first line. Each known header is a field (User-Agent is
 * User_Agent), other headers are kept in Unknown_Headers, the body is the payload (Raw).
 * Headers are built in Scapy's order (first line, known headers sorted by name, unknown ones).
 * A dissected message keeps its header bytes as they were on the wire until a field changes.
 */
import { bindBottomUp, bindLayers } from "../core/bind.ts";
import { latin1, pyBytesRepr } from "../core/bytes.ts";
import { defineLayer } from "../core/define.ts";
import { Field, invalid, type AnyField } from "../core/field.ts";
import { describe } from "../core/fields/integers.ts";
import { bytesFromUser } from "../core/fields/strings.ts";
import type { Packet } from "../core/packet.ts";
import { Raw } from "../core/raw.ts";
import { markAbsent } from "../core/read/measure.ts";
import type { LayerRef } from "../core/state.ts";
import type { Writer } from "../core/writer.ts";
import { chunkedBodyEnd, codings, decodeHttpBody } from "./httpBody.ts";
import { registerStreamProtocol, type StreamContext } from "./tcpSession.ts";
import { TCP } from "./inet.ts";

// Header names as Scapy lists them (general, request, response, and common non-standard ones).
const GENERAL = ["Cache-Control", "Connection", "Permanent", "Content-Length", "Content-MD5", "Content-Type", "Date", "Keep-Alive", "Pragma", "Upgrade", "Via", "Warning"] as const;
const GENERAL_EXTRA = ["X-Request-ID", "X-Correlation-ID"] as const;
const REQUEST = [
  "A-IM", "Accept", "Accept-Charset", "Accept-Encoding", "Accept-Language", "Accept-Datetime", "Access-Control-Request-Method",
  "Access-Control-Request-Headers", "Authorization", "Cookie", "Expect", "Forwarded", "From", "Host", "HTTP2-Settings", "If-Match",
  "If-Modified-Since", "If-None-Match", "If-Range", "If-Unmodified-Since", "Max-Forwards", "Origin", "Proxy-Authorization", "Range",
  "Referer", "TE", "User-Agent",
] as const;
const REQUEST_EXTRA = [
  "Upgrade-Insecure-Requests", "X-Requested-With", "DNT", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "Front-End-Https",
  "X-Http-Method-Override", "X-ATT-DeviceId", "X-Wap-Profile", "Proxy-Connection", "X-UIDH", "X-Csrf-Token", "Save-Data",
] as const;
const RESPONSE = [
  "Access-Control-Allow-Origin", "Access-Control-Allow-Credentials", "Access-Control-Expose-Headers", "Access-Control-Max-Age",
  "Access-Control-Allow-Methods", "Access-Control-Allow-Headers", "Accept-Patch", "Accept-Ranges", "Age", "Allow", "Alt-Svc",
  "Content-Disposition", "Content-Encoding", "Content-Language", "Content-Location", "Content-Range", "Delta-Base", "ETag", "Expires",
  "IM", "Last-Modified", "Link", "Location", "P3P", "Proxy-Authenticate", "Public-Key-Pins", "Retry-After", "Server", "Set-Cookie",
  "Strict-Transport-Security", "Trailer", "Transfer-Encoding", "Tk", "Vary", "WWW-Authenticate", "X-Frame-Options",
] as const;
const RESPONSE_EXTRA = [
  "Content-Security-Policy", "X-Content-Security-Policy", "X-WebKit-CSP", "Refresh", "Status", "Timing-Allow-Origin",
  "X-Content-Duration", "X-Content-Type-Options", "X-Powered-By", "X-UA-Compatible", "X-XSS-Protection",
] as const;

const enc = new TextEncoder();
const CRLFCRLF = enc.encode("\r\n\r\n");

/** "User-Agent" -> "user_agent": how header names are matched to fields. */
const fieldKey = (name: string) => name.trim().replace(/-/g, "_").toLowerCase();

function indexOfBytes(hay: Uint8Array, needle: Uint8Array, from = 0, to = hay.length): number {
  outer: for (let i = from; i <= to - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

const isSpace = (b: number) => b === 32 || (b >= 9 && b <= 13);

function strip(b: Uint8Array): Uint8Array {
  let s = 0;
  let e = b.length;
  while (s < e && isSpace(b[s]!)) s++;
  while (e > s && isSpace(b[e - 1]!)) e--;
  return b.subarray(s, e);
}

/** What the header block of a message says. */
interface Head {
  /** The three parts of the first line, when it has three. */
  start: [Uint8Array, Uint8Array, Uint8Array] | null;
  /** By matching key: the name as written and the value. */
  headers: Map<string, [string, Uint8Array]>;
}

/** Parses a header block the way Scapy does: the last of repeated headers wins; lines without ":" are ignored. */
function parseHead(block: Uint8Array): Head {
  const lines: Uint8Array[] = [];
  let p = 0;
  for (;;) {
    const eol = indexOfBytes(block, CRLFCRLF.subarray(0, 2), p);
    if (eol < 0) {
      lines.push(block.subarray(p));
      break;
    }
    lines.push(block.subarray(p, eol));
    p = eol + 2;
  }
  // Python's re.split(rb"\s+", line, 2): three parts, the third keeping its inner spaces.
  const m = /^(\S+)\s+(\S+)\s+([\s\S]+)$/.exec(latin1(strip(lines[0] ?? new Uint8Array(0))));
  const start: Head["start"] = m ? [latin1Bytes(m[1]!), latin1Bytes(m[2]!), latin1Bytes(m[3]!)] : null;
  const headers = new Map<string, [string, Uint8Array]>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(0x3a);
    if (colon < 0) continue;
    const name = latin1(line.subarray(0, colon));
    headers.set(fieldKey(name), [name, strip(line.subarray(colon + 1)).slice()]);
  }
  return { start, headers };
}

function latin1Bytes(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

/** Bytes of the header block: up to and including the blank line, or everything when there is none. */
function headLength(buf: Uint8Array, off: number, end: number): number {
  const i = indexOfBytes(buf, CRLFCRLF, off, end);
  return i < 0 ? end - off : i + 4 - off;
}

const heads = new WeakMap<Packet, Head>();

/** The parsed header block of a dissected message (parsed once per packet). */
function headOf(p: Packet): Head {
  let h = heads.get(p);
  if (!h) {
    const bytes = p.original()!;
    h = parseHead(bytes.subarray(0, headLength(bytes, 0, bytes.length)));
    heads.set(p, h);
  }
  return h;
}

type Role = { kind: "start"; index: 0 | 1 | 2; separator: string } | { kind: "header"; wireName: string };

/** A start-line part or a header value (Scapy's _HTTPHeaderField): bytes, or null when absent. */
class HTTPHeaderField<N extends string = string> extends Field<N, string | Uint8Array, Uint8Array | null> {
  readonly kindName = "_HTTPHeaderField";

  constructor(
    name: N,
    defaultValue: string | null,
    readonly role: Role,
  ) {
    super(name, defaultValue === null ? null : enc.encode(defaultValue));
  }

  override fromUser(value: unknown): unknown {
    return bytesFromUser(value);
  }

  // The whole header block is read by Unknown_Headers, the last field; the others take no bytes
  // of their own and read their value from the parsed block.
  override measure(): number {
    return 0;
  }

  override decode(pkt: Packet): unknown {
    const head = headOf(pkt);
    const fromStart = this.role.kind === "start" ? head.start?.[this.role.index] : undefined;
    return fromStart ?? head.headers.get(fieldKey(this.name))?.[1] ?? this.defaultValue;
  }

  override write(w: Writer, value: unknown): void {
    const v = value as Uint8Array | null;
    if (!v || v.length === 0) return;
    if (this.role.kind === "start") {
      w.bytes(v);
      w.bytes(enc.encode(this.role.separator));
    } else {
      w.bytes(enc.encode(`${this.role.wireName}: `));
      w.bytes(v);
      w.bytes(enc.encode("\r\n"));
    }
  }

  override repr(value: unknown): string {
    return value instanceof Uint8Array ? pyBytesRepr(value) : "None";
  }

  override literal(value: unknown): string {
    return this.repr(value);
  }
}

/** Headers without a field of their own, name -> value; also holds the header block's extent when dissecting. */
class UnknownHeadersField<N extends string = string> extends Field<N, Record<string, string | Uint8Array>, Record<string, Uint8Array> | null> {
  readonly kindName = "_HTTPHeaderField";

  constructor(
    name: N,
    /** Matching keys of the headers that have their own field. */
    readonly known: ReadonlySet<string>,
  ) {
    super(name, null);
  }

  override fromUser(value: unknown): unknown {
    const entries = value instanceof Map ? [...value.entries()] : value && typeof value === "object" && !(value instanceof Uint8Array) ? Object.entries(value) : null;
    if (!entries) return invalid(`expected an object of header names and values, got ${describe(value)}`);
    return Object.fromEntries(entries.map(([k, v]) => [String(k), bytesFromUser(v)]));
  }

  override measure(_pkt: Packet, buf: Uint8Array, off: number, end: number): number {
    return headLength(buf, off, end);
  }

  override decode(pkt: Packet): unknown {
    const out: Record<string, Uint8Array> = {};
    for (const [key, [name, value]] of headOf(pkt).headers) if (!this.known.has(key)) out[name] = value;
    return Object.keys(out).length ? out : null;
  }

  override write(w: Writer, value: unknown, pkt: Packet): void {
    const headers = Object.entries((value as Record<string, Uint8Array> | null) ?? {});
    for (const [name, v] of headers) {
      w.bytes(enc.encode(`${name}: `));
      w.bytes(v);
      w.bytes(enc.encode("\r\n"));
    }
    // The blank line that ends the header block, unless the message is empty.
    const written = (f: AnyField) => f instanceof HTTPHeaderField && ((pkt.getFieldValue(f.name) as Uint8Array | null)?.length ?? 0) > 0;
    if (headers.length > 0 || pkt.spec.layout.fields.some(written)) w.bytes(enc.encode("\r\n"));
  }

  override repr(value: unknown): string {
    const v = value as Record<string, Uint8Array> | null;
    if (!v) return "None";
    return `{${Object.entries(v).map(([k, x]) => `${pyBytesRepr(latin1Bytes(k))}: ${pyBytesRepr(x)}`).join(", ")}}`;
  }

  override literal(value: unknown): string {
    return this.repr(value);
  }
}

/** "User-Agent" -> "User_Agent", for field names as types. */
type Underscored<S extends string> = S extends `${infer A}-${infer B}` ? `${A}_${Underscored<B>}` : S;

/** One field per header, sorted by name as Scapy sorts them. */
function headerFields<const H extends string>(...lists: ReadonlyArray<readonly H[]>): HTTPHeaderField<Underscored<H>>[] {
  return lists
    .flat()
    .sort()
    .map((name) => new HTTPHeaderField(name.replace(/-/g, "_") as Underscored<H>, null, { kind: "header", wireName: name }));
}

const unknownHeaders = (fields: readonly HTTPHeaderField[]) => new UnknownHeadersField("Unknown_Headers", new Set(fields.map((f) => fieldKey(f.name))));

const requestHeaders = headerFields(GENERAL, REQUEST, GENERAL_EXTRA, REQUEST_EXTRA);
const responseHeaders = headerFields(GENERAL, RESPONSE, GENERAL_EXTRA, RESPONSE_EXTRA);

const HTTP1 = enc.encode("HTTP1");

/** Marks the fields a dissected message does not have, so they read as absent (None) and repr skips them. */
function markHeadersAbsent(p: Packet): void {
  const head = headOf(p);
  p.spec.layout.fields.forEach((f, i) => {
    let present: boolean;
    if (f instanceof UnknownHeadersField) present = [...head.headers.keys()].some((k) => !f.known.has(k));
    else {
      const role = (f as HTTPHeaderField).role;
      present = (role.kind === "start" && head.start !== null) || head.headers.has(fieldKey(f.name));
    }
    if (!present) markAbsent(p, i);
  });
}

/** Text of a bytes value in summaries (Python's str of a decoded bytes value). */
const text = (p: Packet, name: string) => {
  const v = p.getFieldValue(name) as Uint8Array | null;
  return v ? latin1(v) : "None";
};

/** The decoded body of a message: chunking removed and gzip/deflate undone (Scapy does this on dissection). */
function decodedBody(this: Packet): Uint8Array {
  const body = this.payload;
  const bytes = body ? body.build() : new Uint8Array(0);
  if (this.spec !== HTTPResponse.spec) return bytes;
  return decodeHttpBody(bytes, this.getFieldValue("Transfer_Encoding") as Uint8Array | null, this.getFieldValue("Content_Encoding") as Uint8Array | null);
}

const messageHooks = {
  postDissect: markHeadersAbsent,
  hashret: () => HTTP1,
  methods: { decodedBody },
};

export const HTTPRequest = defineLayer(
  "HTTPRequest",
  [
    new HTTPHeaderField("Method", "GET", { kind: "start", index: 0, separator: " " }),
    new HTTPHeaderField("Path", "/", { kind: "start", index: 1, separator: " " }),
    new HTTPHeaderField("Http_Version", "HTTP/1.1", { kind: "start", index: 2, separator: "\r\n" }),
    ...requestHeaders,
    unknownHeaders(requestHeaders),
  ],
  {
    ...messageHooks,
    displayName: "HTTP Request",
    // As Scapy 2.6 prints it, trailing space included.
    summary: (p) => `${text(p, "Method")} '${text(p, "Path")}' `,
  },
);

export const HTTPResponse = defineLayer(
  "HTTPResponse",
  [
    new HTTPHeaderField("Http_Version", "HTTP/1.1", { kind: "start", index: 0, separator: " " }),
    new HTTPHeaderField("Status_Code", "200", { kind: "start", index: 1, separator: " " }),
    new HTTPHeaderField("Reason_Phrase", "OK", { kind: "start", index: 2, separator: "\r\n" }),
    ...responseHeaders,
    unknownHeaders(responseHeaders),
  ],
  {
    ...messageHooks,
    displayName: "HTTP Response",
    summary: (p) => `${text(p, "Status_Code")} ${text(p, "Reason_Phrase")}`,
    answers: (_reply, request) => request.hasLayer(HTTPRequest),
  },
);

const REQUEST_LINE = /^(?:OPTIONS|GET|HEAD|POST|PUT|DELETE|TRACE|CONNECT) [^\n]+? HTTP\/\d\.\d$/;
const STATUS_LINE = /^HTTP\/\d\.\d \d\d\d [^\n]*$/;

/** The message class by its first line; Raw when it is neither (or has no line end yet). */
export function httpMessageClass(data: Uint8Array): LayerRef {
  const eol = indexOfBytes(data, CRLFCRLF.subarray(0, 2));
  if (eol < 0) return Raw;
  const line = latin1(data.subarray(0, eol));
  if (REQUEST_LINE.test(line)) return HTTPRequest;
  if (STATUS_LINE.test(line)) return HTTPResponse;
  return Raw;
}

/** HTTP/1 (Scapy's "HTTP 1"): no fields; its payload is the request or the response. */
export const HTTP = defineLayer("HTTP", [], {
  displayName: "HTTP 1",
  showIndent: false,
  guessPayload: (_p, payload) => httpMessageClass(payload),
});

bindBottomUp(TCP, HTTP, { sport: 80 });
bindBottomUp(TCP, HTTP, { dport: 80 });
bindLayers(TCP, HTTP, { sport: 80, dport: 80 });
bindBottomUp(TCP, HTTP, { sport: 8080 });
bindBottomUp(TCP, HTTP, { dport: 8080 });

// ---------- reassembly from TCP segments ----------

const START_TOKENS = ["OPTIONS ", "GET ", "HEAD ", "POST ", "PUT ", "DELETE ", "TRACE ", "CONNECT ", "HTTP/"];

/** Could these bytes (no line end yet) still become an HTTP start line? */
function mayStartHttp(data: Uint8Array): boolean {
  const t = latin1(data.subarray(0, 8));
  return START_TOKENS.some((s) => s.startsWith(t) || t.startsWith(s));
}

type Conversation = { methods?: string[]; upgraded?: boolean };

/** Where the message at the start of data ends (RFC 9112 6.3), or null while it is incomplete. */
function httpMessageLength(data: Uint8Array, ctx: StreamContext): number | null {
  const conv = ctx.conversation as Conversation;
  if (conv.upgraded) return data.length;
  const cls = httpMessageClass(data);
  if (cls === Raw) return indexOfBytes(data, CRLFCRLF.subarray(0, 2)) < 0 && mayStartHttp(data) ? null : data.length;
  const headEnd = indexOfBytes(data, CRLFCRLF);
  if (headEnd < 0) return null;
  const bodyStart = headEnd + 4;
  const head = parseHead(data.subarray(0, bodyStart));
  const header = (name: string) => head.headers.get(name)?.[1] ?? null;
  if (cls === HTTPResponse) {
    const status = Number(latin1(head.start?.[1] ?? new Uint8Array(0)));
    // No body: answers to HEAD, 1xx, 204 and 304 (101 switches protocols after the headers).
    if (conv.methods?.[0] === "HEAD" || (status >= 100 && status < 200) || status === 204 || status === 304) return bodyStart;
  }
  if (codings(header("transfer_encoding")).includes("chunked")) {
    const end = chunkedBodyEnd(data, bodyStart);
    return end === -2 ? data.length : end < 0 ? null : end;
  }
  const length = header("content_length");
  if (length !== null && /^\d+$/.test(latin1(length))) {
    const total = bodyStart + Number(latin1(length));
    return data.length >= total ? total : null;
  }
  // A request without a length has no body; a response without one ends when the connection does.
  return cls === HTTPRequest ? bodyStart : null;
}

/** Keeps request methods for the responses, and gives responses their decoded body. */
function finishHttpMessage(message: Packet, ctx: StreamContext): void {
  const conv = ctx.conversation as Conversation;
  const request = message.getLayer(HTTPRequest);
  if (request) {
    (conv.methods ??= []).push(text(request, "Method"));
    return;
  }
  const response = message.getLayer(HTTPResponse);
  if (!response) return;
  const status = Number(text(response, "Status_Code"));
  if (status === 101) conv.upgraded = true;
  if (status >= 200 || status === 101) conv.methods?.shift();
  const body = response.payload;
  if (!body) return;
  const wire = body.build();
  const decoded = response.decodedBody();
  if (decoded.length !== wire.length || decoded.some((b, i) => b !== wire[i])) response.payload = Raw({ load: decoded });
}

registerStreamProtocol(HTTP, { messageLength: httpMessageLength, finish: finishHttpMessage });
