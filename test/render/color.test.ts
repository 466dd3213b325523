import { test } from "node:test";
import assert from "node:assert/strict";
import { conf, IP, TCP, THEMES, showInTheme, themeByName } from "../../src/index.ts";

const pkt = () => IP({ dst: "10.0.0.1" }).div(TCP({ dport: 80 }));
const stripAnsi = (s: string) => s.replace(/\x1b\[[\d;]*m/g, "");

test("every theme colours show() without changing its text", () => {
  const plain = pkt().show({ dump: true })!;
  for (const [name, theme] of Object.entries(THEMES)) {
    const text = showInTheme(pkt(), theme);
    if (name === "HTMLTheme") {
      assert.match(text, /<span class="layer_name">IP<\/span>/);
      assert.equal(text.replace(/<\/?span[^>]*>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&"), plain);
    } else assert.equal(stripAnsi(text), plain, name);
  }
  assert.match(showInTheme(pkt(), THEMES.DefaultTheme!), /\x1b\[1;31mIP\x1b\[0m/, "layer names bold red, as Scapy's default");
  assert.match(showInTheme(pkt(), THEMES.BrightTheme!), /\x1b\[33;1mdst\x1b\[0m/, "field names bold yellow in BrightTheme");
  assert.equal(showInTheme(pkt(), THEMES.NoTheme!), plain);
  assert.throws(() => themeByName("Pink"), /unknown colour theme "Pink": use one of DefaultTheme, NoTheme/);
});

test("show() prints in conf.colorTheme on a terminal, plain elsewhere", () => {
  const out: string[] = [];
  const log = console.log;
  const tty = Object.getOwnPropertyDescriptor(process.stdout, "isTTY");
  console.log = (s: string) => out.push(s);
  const c = conf as unknown as { colorTheme?: unknown };
  try {
    Object.defineProperty(process.stdout, "isTTY", { value: true, configurable: true });
    c.colorTheme = "RastaTheme";
    pkt().show();
    c.colorTheme = undefined;
    pkt().show();
    Object.defineProperty(process.stdout, "isTTY", { value: false, configurable: true });
    pkt().show();
  } finally {
    console.log = log;
    delete c.colorTheme;
    if (tty) Object.defineProperty(process.stdout, "isTTY", tty);
    else delete (process.stdout as { isTTY?: boolean }).isTTY;
  }
  assert.match(out[0]!, /\x1b\[32;1m10\.0\.0\.1\x1b\[0m/, "Rasta's values bold green");
  assert.match(out[1]!, /\x1b\[35m10\.0\.0\.1\x1b\[0m/, "the default theme's values purple");
  assert.doesNotMatch(out[2]!, /\x1b/, "no colours off a terminal");
});
