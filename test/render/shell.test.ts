/** The workshop's picture lines, typed in the shell as Scapy users type them. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { packetry, tempScript } from "../shell/run.ts";
import { tool } from "./pictures.ts";

test("a.psdump(..., layer_shift=1), a.pdfdump(..., layer_shift=1), canvas_dump, conversations and plot in the shell", async () => {
  const capture = join(process.cwd(), "test/fixtures/captures/dhcp.pcap");
  const s = tempScript("pictures.py", "");
  try {
    const at = (name: string) => join(s.dir, name);
    const script = [
      `a = rdpcap("${capture}")`,
      `a.psdump("${at("dhcp.eps")}", layer_shift=1)`,
      `a.pdfdump("${at("dhcp.pdf")}", layer_shift=1)`,
      `a[3].canvas_dump(layer_shift=1).writePNGfile("${at("offer")}")`,
      `a[3].svgdump("${at("offer.svg")}", rebuild=0)`,
      `a.conversations(type="dot", target="> ${at("conv.dot")}")`,
      `a.plot(lambda p: p.len, filename="${at("len.svg")}")`,
      `a.make_table_figure(lambda p: (p[IP].dst, p[IP].src, p[UDP].dport), filename="${at("t.png")}")`,
      `print("done")`,
    ].join("\n");
    const r = await packetry(["-c", script], { timeout: 60_000 });
    assert.equal(r.stderr, "");
    assert.equal(r.stdout.trim().split("\n").at(-1), "done");
    assert.match(readFileSync(at("dhcp.eps"), "latin1"), /^%!PS-Adobe-3\.0\n[\s\S]*%%Pages: 7\n/);
    assert.match(tool("pdfinfo", [at("dhcp.pdf")]), /^Pages:\s+7$/m);
    for (const f of ["offer.png", "offer.svg", "len.svg", "t.png"]) assert.ok(existsSync(at(f)), `${f} written`);
    assert.match(readFileSync(at("conv.dot"), "utf8"), /"10\.88\.1\.1" -> "10\.88\.1\.113" \[label="2"\]/);
  } finally {
    s.cleanup();
  }
});
