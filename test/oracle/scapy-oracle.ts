/**
 * A client for scripts/oracle/oracle.py: one long-lived Debian Scapy answering JSON lines
 * (build a spec, dissect bytes, describe a layer's fields, filter payload guessing).
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createInterface } from "node:readline";
import type { Json, Spec } from "./spec.ts";
import type { Vector } from "./vectors.ts";

const PYTHON = "/usr/bin/python3";
const SCRIPT = new URL("../../scripts/oracle/oracle.py", import.meta.url).pathname;

/** null when Scapy can be imported by /usr/bin/python3, else why not. */
export function whyNoScapy(): string | null {
  const r = spawnSync(PYTHON, ["-c", "import scapy.all"], { encoding: "utf8", timeout: 120_000 });
  if (r.error) return `${PYTHON} cannot run (${r.error.message}); install python3-scapy to compare against Scapy live`;
  if (r.status !== 0) return `${PYTHON} cannot import scapy (${r.stderr.trim().split("\n").pop()}); install python3-scapy`;
  return null;
}

export interface FieldInfo {
  name: string;
  kind: string;
  conditional: boolean;
  default: Json;
  type: "int" | "ipv4" | "ipv6" | "mac" | "multiple" | "other";
  bits?: number;
}

type Reply = { id: number; ok: boolean; error?: string; vector?: Vector; fields?: FieldInfo[]; kept?: string[] };

export class ScapyOracle {
  private next = 1;
  private readonly waiting = new Map<number, (r: Reply) => void>();
  private readonly exited: Promise<void>;
  readonly version: string;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    lines: AsyncIterator<string>,
    version: string,
  ) {
    this.version = version;
    this.exited = new Promise((resolve) => child.once("exit", () => resolve()));
    void (async () => {
      for (let r = await lines.next(); !r.done; r = await lines.next()) {
        const reply = JSON.parse(r.value) as Reply;
        this.waiting.get(reply.id)?.(reply);
        this.waiting.delete(reply.id);
      }
      for (const done of this.waiting.values()) done({ id: -1, ok: false, error: "the oracle process ended" });
    })();
  }

  static async start(): Promise<ScapyOracle> {
    const child = spawn(PYTHON, [SCRIPT], { stdio: ["pipe", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const first = await lines.next();
    if (first.done) throw new Error(`the Scapy oracle did not start: ${stderr}`);
    const hello = JSON.parse(first.value) as { ready: boolean; scapy: string };
    return new ScapyOracle(child, lines, hello.scapy);
  }

  private request(body: Record<string, unknown>): Promise<Reply> {
    const id = this.next++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.child.stdin.write(JSON.stringify({ id, ...body }) + "\n");
    });
  }

  /** Scapy's vector for a spec, or its error text. */
  async build(spec: Spec): Promise<Vector | string> {
    const r = await this.request({ op: "build", spec });
    return r.ok ? r.vector! : r.error!;
  }

  /** Scapy's vector for bytes dissected with `cls`, or its error text (Scapy raised). */
  async dissect(cls: string, hex: string): Promise<Vector | string> {
    const r = await this.request({ op: "dissect", cls, hex });
    return r.ok ? r.vector! : r.error!;
  }

  async describe(layer: string): Promise<FieldInfo[]> {
    const r = await this.request({ op: "describe", layer });
    if (!r.ok) throw new Error(`describe ${layer}: ${r.error}`);
    return r.fields!;
  }

  /** Only these layers are guessed as payloads from now on; returns the names Scapy knows. */
  async filter(layers: string[]): Promise<string[]> {
    const r = await this.request({ op: "filter", layers });
    if (!r.ok) throw new Error(`filter: ${r.error}`);
    return r.kept!;
  }

  async close(): Promise<void> {
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill(), 5000);
    await this.exited;
    clearTimeout(timer);
  }
}
