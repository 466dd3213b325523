/** The shell's welcome: packetry's packet-in-packet logo beside the version and a quote, or one line on a narrow terminal. */
import { readFileSync } from "node:fs";

export const VERSION: string = (() => {
  try {
    return (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
})();

/** Layers inside layers: each box is the payload of the one around it. */
const LOGO = [
  ".-------------------------.",
  "| Ether                   |",
  "|  .--------------------. |",
  "|  | IP                 | |",
  "|  |  .---------------. | |",
  "|  |  | TCP           | | |",
  "|  |  |  .----------. | | |",
  "|  |  |  | Raw      | | | |",
  "|  |  |  '----------' | | |",
  "|  |  '---------------' | |",
  "|  '--------------------' |",
  "'-------------------------'",
];

const QUOTES: Array<[string, string]> = [
  ["You know you have a distributed system when the crash of a computer you've never heard of stops you from getting any work done.", "Leslie Lamport"],
  ["It has to work.", "RFC 1925, truth 1"],
  ["No matter how hard you push and no matter what the priority, you can't increase the speed of light.", "RFC 1925, truth 2"],
  ["Be conservative in what you do, be liberal in what you accept from others.", "Jon Postel, RFC 793"],
  ["It's always something.", "RFC 1925, truth 7"],
];

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

export interface BannerOptions {
  columns?: number;
  color: boolean;
  /** Which quote (default: a random one). */
  quote?: number;
}

export function banner(options: BannerOptions): string {
  const columns = options.columns ?? 80;
  const [text, author] = QUOTES[options.quote ?? Math.floor(Math.random() * QUOTES.length)]!;
  const paint = (code: string, s: string) => (options.color ? `\x1b[${code}m${s}\x1b[0m` : s);
  if (columns < 76) {
    return `${paint("1", `packetry ${VERSION}`)}: Scapy, rebuilt in TypeScript. Try ls(TCP), lsc(), help().`;
  }
  const right = [
    "",
    paint("1", "Welcome to packetry"),
    `Version ${VERSION}`,
    "",
    "Scapy, rebuilt in TypeScript.",
    'Ether()/IP(dst="10.77.0.1")/ICMP()',
    "ls(TCP)   lsc()   help()",
    "",
    ...wrap(text, columns - LOGO[0]!.length - 8).map((l) => paint("3", l)),
    `${" ".repeat(12)}-- ${author}`,
  ];
  const rows = Math.max(LOGO.length, right.length);
  const out: string[] = [];
  for (let i = 0; i < rows; i++) {
    const r = right[i] ?? "";
    const logo = r ? (LOGO[i] ?? "").padEnd(LOGO[0]!.length) : (LOGO[i] ?? "");
    out.push(`${logo ? paint("36", logo) : ""}${r ? `   ${r}` : ""}`);
  }
  return out.join("\n");
}
