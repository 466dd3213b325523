/**
 * The README as a newcomer uses it: the package is built and packed (`npm pack`), installed into
 * a scratch CommonJS folder and a scratch ES-module folder (the tarball unpacked into
 * node_modules, its dependencies linked from this checkout's node_modules, so nothing is
 * fetched), and every fenced block of the README runs there as written:
 *
 * - ```ts blocks run with tsx in both folders, after tsc type-checks them against the packed
 *   declarations (`module: node16` in the CommonJS folder, `nodenext` in the ES one). In
 *   CommonJS, a block with top-level await runs inside an async function, as the README says.
 *   A line `expr;  // LITERAL` whose comment is a JavaScript literal is a claim: the test checks
 *   that expr gives that value (a string ending in "..." is a prefix).
 * - ```python blocks are shell sessions: the `>>>`/`...` lines are piped into the packed
 *   `packetry`, the other lines must appear in what it prints, and nothing may print an error.
 * - ```sh blocks run with bash, the packed package's bin first on PATH.
 *
 * Blocks that read the repository's files (`test/fixtures/captures/...`) find them through a link
 * to the checkout's test/ folder, as in a clone; the package's own captures are samplePath(...).
 *
 * Blocks tagged `lab` (```ts lab) need the network-namespace lab: they run inside it when this
 * checkout's lab is up and the test runs as root, and are skipped (saying why) otherwise.
 * Blocks tagged `repo` are commands for a clone of the repository (npm install, npm test) and
 * are not run here.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, test } from "node:test";
import { labFor } from "../src/lab/names.ts";

const root = new URL("..", import.meta.url).pathname;
const tsxCli = join(root, "node_modules", "tsx", "dist", "cli.mjs");
const tscBin = join(root, "node_modules", ".bin", "tsc");

export interface Block {
  lang: "ts" | "python" | "sh";
  tags: string[];
  code: string;
  /** 1-based line of the opening fence. */
  line: number;
}

/** The fenced blocks of a Markdown text in the languages the test runs. */
export function readmeBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w+)(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !lines[i]!.startsWith("```"); i++) body.push(lines[i]!);
    const lang = ({ ts: "ts", typescript: "ts", python: "python", sh: "sh", bash: "sh", shell: "sh" } as const)[open[1]! as "ts"];
    if (lang) blocks.push({ lang, tags: open[2]!.trim().split(/\s+/).filter(Boolean), code: body.join("\n"), line: start + 1 });
  }
  return blocks;
}

/** A comment that is a literal value (`"text"`, `[1, 2]`, `3`), or undefined when it is prose. */
function literal(comment: string): { value: unknown } | undefined {
  if (!/^["'[{\d-]|^(true|false|null)\b/.test(comment)) return undefined;
  try {
    return { value: new Function(`return (${comment});`)() };
  } catch {
    return undefined;
  }
}

/** The block as a file: claims turned into checks, and (CommonJS) top-level await inside an async function. */
export function tsProgram(code: string, commonjs: boolean): string {
  const imports: string[] = [];
  const body: string[] = [];
  let inImport = false;
  for (const line of code.split("\n")) {
    // An import, on one line or several (until its `from "..."`), goes to the top.
    if (inImport || /^import\s/.test(line)) {
      imports.push(line);
      inImport = !/from\s+["'][^"']+["'];?\s*$|^import\s+["']/.test(line);
      continue;
    }
    const claim = /^(?!\s*(?:const|let|var|for|if|import|\/\/))(.+?);\s*\/\/\s*(.+)$/.exec(line);
    const lit = claim && literal(claim[2]!.trim());
    body.push(lit && claim ? `__claim(() => (${claim[1]}), ${claim[2]!.trim()}, ${JSON.stringify(line.trim())});` : line);
  }
  // In CommonJS the block's promise is exported, so that the runner waits for it.
  const wrap = commonjs && /\bawait\b/.test(body.join("\n"));
  return [
    ...imports,
    'import { deepStrictEqual as __deepEqual } from "node:assert";',
    ...(wrap ? ["export const done = (async () => {", ...body, "})();"] : body),
    "function __claim(get: () => unknown, expected: unknown, line: string): void {",
    "  const actual = get();",
    '  if (typeof expected === "string" && expected.endsWith("...")) {',
    "    const text = String(actual);",
    "    if (!text.startsWith(expected.slice(0, -3))) throw new Error(`README claim ${line}: got ${text}`);",
    "    return;",
    "  }",
    '  const plain = typeof expected === "string" ? String(actual) : JSON.parse(JSON.stringify(actual));',
    "  __deepEqual(plain, expected, `README claim ${line}: got ${JSON.stringify(plain)}`);",
    "}",
    "",
  ].join("\n");
}

/** Input lines and expected output lines of a `>>>` session. */
export function session(code: string): { input: string; expected: string[] } {
  const input: string[] = [];
  const expected: string[] = [];
  for (const line of code.split("\n")) {
    if (line.startsWith(">>> ") || line === ">>>") input.push(line.slice(4));
    else if (line.startsWith("... ") || line === "...") input.push(line.slice(4));
    else if (line.trim()) expected.push(line.trim());
  }
  return { input: input.join("\n") + "\n", expected };
}

interface Run {
  status: number | null;
  out: string;
}

/** Runs a program (a child process, so the test's own event loop keeps going), at most `seconds`. */
function run(cmd: string, args: string[], cwd: string, input?: string, seconds = 120, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    // A process group of its own, so that a timeout ends whatever the block started in the background too.
    const child = spawn(cmd, args, { cwd, env: { ...process.env, NO_COLOR: "1", ...env }, stdio: ["pipe", "pipe", "pipe"], detached: true });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => {
      out += `\n[killed after ${seconds} s]`;
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    }, seconds * 1000);
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, out });
    });
    child.stdin.end(input ?? "");
  });
}

/** The newest modification time of the files under a folder. */
function newest(dir: string): number {
  let t = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = statSync(path);
    t = Math.max(t, st.isDirectory() ? newest(path) : st.mtimeMs);
  }
  return t;
}

/** Builds the package when dist/ is older than src/ (npm install built it), and packs it; returns the tarball. */
function pack(into: string): string {
  const built = ["index.js", "cjs/index.js"].map((f) => join(root, "dist", f));
  const stale = built.some((f) => !existsSync(f)) || Math.min(...built.map((f) => statSync(f).mtimeMs)) < Math.max(newest(join(root, "src")), statSync(join(root, "package.json")).mtimeMs);
  if (stale) {
    const build = spawnSync("npm", ["run", "build"], { cwd: root, encoding: "utf8" });
    assert.equal(build.status, 0, `npm run build failed:\n${build.stdout}${build.stderr}`);
  }
  const r = spawnSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", into], { cwd: root, encoding: "utf8" });
  assert.equal(r.status, 0, `npm pack failed:\n${r.stderr}`);
  const [info] = JSON.parse(r.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  return join(into, info!.filename);
}

/** A project folder of the given kind with the tarball installed (its dependencies linked from this checkout). */
function scratch(base: string, kind: "commonjs" | "module", tarball: string): string {
  const dir = join(base, kind);
  const pkgDir = join(dir, "node_modules", "packetry");
  mkdirSync(pkgDir, { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: `scratch-${kind}`, private: true, type: kind }, null, 2));
  const tar = spawnSync("tar", ["-xzf", tarball, "--strip-components=1", "-C", pkgDir], { encoding: "utf8" });
  assert.equal(tar.status, 0, tar.stderr);
  const deps = Object.keys((JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")) as { dependencies: Record<string, string> }).dependencies);
  for (const dep of [...deps, "@types/node"]) {
    const link = join(dir, "node_modules", dep);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join(root, "node_modules", dep), link);
  }
  // npm's install step builds the addon in the package; here the checkout's build stands in for it.
  if (existsSync(join(root, "native", "build"))) symlinkSync(join(root, "native", "build"), join(pkgDir, "native", "build"));
  // Blocks that read the repository's own files (test/fixtures/...) find them as in a clone.
  symlinkSync(join(root, "test"), join(dir, "test"));
  mkdirSync(join(dir, "node_modules", ".bin"));
  symlinkSync("../packetry/bin/packetry.js", join(dir, "node_modules", ".bin", "packetry"));
  const module = kind === "commonjs" ? "node16" : "nodenext";
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { module, moduleResolution: module, target: "es2022", strict: true, noEmit: true, skipLibCheck: true, types: ["node"] }, include: ["*.ts"] }, null, 2),
  );
  return dir;
}

const readme = readFileSync(join(root, "README.md"), "utf8");
const blocks = readmeBlocks(readme);
const labNames = labFor(root);
const inLab = process.getuid?.() === 0 && existsSync(`/run/netns/${labNames.clientNs}`);
const labReason = process.getuid?.() !== 0 ? "needs the lab (root)" : `needs the lab (${labNames.clientNs} is down: packetry lab up)`;

/** The command line that runs argv, inside the lab's client namespace for lab blocks. */
function where(block: Block, argv: string[]): [string, string[]] {
  return block.tags.includes("lab") ? ["ip", ["netns", "exec", labNames.clientNs, ...argv]] : [argv[0]!, argv.slice(1)];
}

/**
 * sudo, for a shell block run as root where sudo is not installed; `npx packetry` straight to
 * the project's bin (what npx finds there: the consumer tests check npx itself once), since
 * npm's start costs seconds on a loaded machine.
 */
const SHIMS = [
  'sudo() { if [ "$(id -u)" = 0 ]; then "$@"; else command sudo "$@"; fi; }',
  'npx() { if [ "$1" = packetry ]; then shift; packetry "$@"; else command npx "$@"; fi; }',
  "export -f npx",
  "",
].join("\n");

function skipReason(block: Block): string | false {
  if (block.tags.includes("repo")) return "commands for a clone of the repository";
  if (block.tags.includes("lab") && !inLab) return labReason;
  return false;
}

/** Runs several blocks in one process (loading the package once per project: the machine is slow), each reported on a line of its own. */
const RUNNER = {
  module: [
    "for (const file of process.argv.slice(2)) {",
    "  try {",
    "    await import(`./${file}`);",
    "    console.log(`@@block ${file} ok`);",
    "  } catch (e) {",
    "    console.log(`@@block ${file} failed ${JSON.stringify(String((e as Error)?.stack ?? e))}`);",
    "  }",
    "}",
    "process.exit(0);",
  ],
  commonjs: [
    "(async () => {",
    "  for (const file of process.argv.slice(2)) {",
    "    try {",
    "      await require(`./${file}`).done;",
    "      console.log(`@@block ${file} ok`);",
    "    } catch (e) {",
    "      console.log(`@@block ${file} failed ${JSON.stringify(String((e as Error)?.stack ?? e))}`);",
    "    }",
    "  }",
    "  process.exit(0);",
    "})();",
  ],
};

/** Runs the ts blocks listed in one project; each block's outcome (with all output, for a failure's message). */
async function runBlocks(kind: "commonjs" | "module", list: Array<[number, Block]>, lab: boolean): Promise<Map<number, string | true>> {
  const dir = dirs[kind];
  const files = list.map(([i, b]) => {
    writeFileSync(join(dir, `block-${i}.ts`), tsProgram(b.code, kind === "commonjs"));
    return `block-${i}.ts`;
  });
  const results = new Map<number, string | true>();
  if (files.length === 0) return results;
  const runner = `run-blocks${lab ? "-lab" : ""}.ts`;
  writeFileSync(join(dir, runner), RUNNER[kind].join("\n") + "\n");
  const argv = [process.execPath, tsxCli, runner, ...files];
  const [cmd, args] = lab ? ["ip", ["netns", "exec", labNames.clientNs, ...argv]] : [argv[0]!, argv.slice(1)];
  const r = await run(cmd, args, dir, undefined, 300);
  for (const [i] of list) {
    const line = new RegExp(`^@@block block-${i}\\.ts (ok|failed (.*))$`, "m").exec(r.out);
    results.set(i, line?.[1] === "ok" ? true : line ? `${JSON.parse(line[2]!)}\n--- output of the run:\n${r.out}` : `the block did not finish (status ${r.status}):\n${r.out}`);
  }
  return results;
}

const LIE = 9999;
/** The python and sh blocks' runs, by block index. */
const runs = new Map<number, Run>();

/** Runs a python session or a sh block in the ES-module project. */
function runBlock(b: Block): Promise<Run> {
  if (b.lang === "python") {
    const [cmd, args] = where(b, [process.execPath, join(dirs.module, "node_modules", ".bin", "packetry")]);
    return run(cmd, args, dirs.module, session(b.code).input);
  }
  const path = `${join(dirs.module, "node_modules", ".bin")}:${process.env.PATH}`;
  return run("bash", ["-e", "-o", "pipefail", "-c", SHIMS + b.code], dirs.module, undefined, 180, { PATH: path, PACKETRY_LAB_ID: labNames.id });
}
let base = "";
const dirs = { commonjs: "", module: "" };
const outcomes = { commonjs: new Map<number, string | true>(), module: new Map<number, string | true>() };
const typechecks = { commonjs: null as Run | null, module: null as Run | null };

describe("the README, run from a scratch project through the packed package", { timeout: 600_000 }, () => {
  before(async () => {
    base = mkdtempSync(join(tmpdir(), "packetry-readme-"));
    const tarball = pack(base);
    dirs.commonjs = scratch(base, "commonjs", tarball);
    dirs.module = scratch(base, "module", tarball);
    const ts = blocks.map((b, i) => [i, b] as [number, Block]).filter(([, b]) => b.lang === "ts" && !skipReason(b));
    // A block that lies, run beside the README's: the check must catch it.
    ts.push([LIE, { lang: "ts", tags: [], code: 'import { IP } from "packetry";\nIP().ttl;   // 65', line: 0 }]);
    // Three chains at once (type checks; blocks off the lab; blocks in the lab, one at a time
    // there since they share its interfaces), so waits in one overlap work in the others.
    const offline = ts.filter(([, b]) => !b.tags.includes("lab"));
    const lab = ts.filter(([, b]) => b.tags.includes("lab"));
    const others = blocks.map((b, i) => [i, b] as [number, Block]).filter(([, b]) => b.lang !== "ts" && !skipReason(b));
    const runOthers = async (list: Array<[number, Block]>) => {
      for (const [i, b] of list) runs.set(i, await runBlock(b));
    };
    await Promise.all([
      (async () => {
        for (const kind of ["commonjs", "module"] as const) {
          blocks.forEach((b, i) => {
            if (b.lang === "ts") writeFileSync(join(dirs[kind], `check-${i}.ts`), tsProgram(b.code, kind === "commonjs"));
          });
          typechecks[kind] = await run(tscBin, ["-p", "tsconfig.json"], dirs[kind], undefined, 300);
        }
      })(),
      (async () => {
        for (const kind of ["commonjs", "module"] as const) for (const [i, r] of await runBlocks(kind, offline, false)) outcomes[kind].set(i, r);
        await runOthers(others.filter(([, b]) => !b.tags.includes("lab")));
      })(),
      (async () => {
        for (const kind of ["commonjs", "module"] as const) for (const [i, r] of await runBlocks(kind, lab, true)) outcomes[kind].set(i, r);
        await runOthers(others.filter(([, b]) => b.tags.includes("lab")));
      })(),
    ]);
  });
  after(() => {
    if (base && !process.env.PACKETRY_KEEP_SCRATCH) rmSync(base, { recursive: true, force: true });
  });

  test("a block whose claim is false fails (IP().ttl;  // 65)", () => {
    for (const kind of ["commonjs", "module"] as const) assert.match(String(outcomes[kind].get(LIE)), /README claim IP\(\)\.ttl;\s+\/\/ 65: got 64|64 !== 65|Expected values to be strictly equal/);
  });

  test("the README has blocks of each kind", () => {
    for (const lang of ["ts", "python", "sh"]) assert.ok(blocks.some((b) => b.lang === lang), lang);
  });

  for (const kind of ["commonjs", "module"] as const) {
    test(`${kind}: require/import packetry gives the library, and the bin runs from the project`, async () => {
      const dir = dirs[kind];
      const code = kind === "commonjs" ? 'const p = require("packetry");' : 'const p = await import("packetry");';
      const r = await run(process.execPath, ["--input-type=" + kind, "-e", `${code} console.log(p.Ether().div(p.ARP()).summary(), typeof p.samplePath("dns.pcap"))`], dir);
      assert.equal(r.status, 0, r.out);
      assert.match(r.out, /Ether \/ ARP who has .* string/);
      const bin = await run("npx", ["--offline", "--no-install", "packetry", "-c", 'rdpcap(sample_path("dhcp.pcap"))[3].summary()'], dir);
      assert.equal(bin.status, 0, bin.out);
      assert.match(bin.out, /DHCP Offer/);
    });

    test(`${kind}: every TypeScript block type-checks against the packed declarations`, () => {
      const r = typechecks[kind]!;
      assert.equal(r.status, 0, r.out);
    });
  }

  blocks.forEach((b, i) => {
    const name = `README line ${b.line}: ${b.lang}${b.tags.length ? " " + b.tags.join(" ") : ""} block (${b.code.split("\n")[0]!.slice(0, 60)})`;
    const skip = skipReason(b);
    if (b.lang === "ts") {
      for (const kind of ["commonjs", "module"] as const) {
        test(`${kind}: ${name}`, { skip }, () => {
          const outcome = outcomes[kind].get(i);
          assert.equal(outcome, true, `block-${i}.ts in ${dirs[kind]} failed: ${outcome}`);
        });
      }
    } else if (b.lang === "python") {
      test(name, { skip }, () => {
        const { expected } = session(b.code);
        const r = runs.get(i)!;
        assert.equal(r.status, 0, r.out);
        const error = /^(\w+(Error|Exception)|Traceback)\b.*$/m.exec(r.out);
        assert.equal(error, null, `the session printed an error:\n${r.out}`);
        for (const line of expected) assert.ok(r.out.includes(line), `expected ${JSON.stringify(line)} in:\n${r.out}`);
      });
    } else {
      test(name, { skip }, () => {
        const r = runs.get(i)!;
        assert.equal(r.status, 0, r.out);
      });
    }
  });
});
