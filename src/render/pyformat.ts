/** Python's "%" formatting for one conversion ("%-15s", "%03x", "%d"), used by sprintf. */
import { pyRepr } from "./pyrepr.ts";

const SPEC = /^([-+ #0]*)(\d*)(?:\.(\d+))?([sdixXorcfeEgG%])$/;

export function pyFormat(spec: string, value: unknown): string {
  const m = SPEC.exec(spec);
  if (!m) throw new SyntaxError(`bad format %${spec}`);
  const [, flags = "", widthText = "", precision, conv] = m;
  let text: string;
  const num = () => {
    const n = typeof value === "number" || typeof value === "bigint" ? value : Number(value);
    if (typeof n === "number" && Number.isNaN(n)) throw new TypeError(`%${conv} format: a number is required, not ${typeof value}`);
    return n;
  };
  switch (conv) {
    case "s":
      text = typeof value === "string" ? value : value instanceof Uint8Array || Array.isArray(value) ? pyRepr(value) : value === null || value === undefined ? "None" : String(value);
      if (precision !== undefined) text = text.slice(0, Number(precision));
      break;
    case "r":
      text = pyRepr(value);
      break;
    case "d":
    case "i":
      text = String(typeof num() === "bigint" ? num() : Math.trunc(num() as number));
      break;
    case "x":
      text = num().toString(16);
      if (flags.includes("#")) text = "0x" + text;
      break;
    case "X":
      text = num().toString(16).toUpperCase();
      if (flags.includes("#")) text = "0X" + text;
      break;
    case "o":
      text = num().toString(8);
      break;
    case "c":
      text = typeof value === "number" ? String.fromCharCode(value) : String(value);
      break;
    case "%":
      return "%";
    default:
      text = (num() as number).toFixed(precision !== undefined ? Number(precision) : 6);
  }
  const width = widthText ? Number(widthText) : 0;
  if (text.length >= width) return text;
  if (flags.includes("-")) return text.padEnd(width);
  if (flags.includes("0") && conv !== "s" && conv !== "r") {
    const neg = text.startsWith("-");
    return (neg ? "-" : "") + (neg ? text.slice(1) : text).padStart(width - (neg ? 1 : 0), "0");
  }
  return text.padStart(width);
}
