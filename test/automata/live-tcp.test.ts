// TCP_client (Scapy's user-space TCP) fetching a page from nginx, the body compared with curl's,
// in namespaces of the test's own; the kernel's RST dropped by the workshop's iptables rule.
import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { conf, HTTP, HTTPRequest, HTTPResponse, kernelResetRulesInPlace, Raw, TCP_client } from "../../src/index.ts";
import { missing, NET, netSkip, TestNet } from "./netns.ts";

describe("TCP_client against nginx", { skip: netSkip || missing("nginx", "nginx-light") || missing("curl", "curl") || missing("iptables", "iptables") }, () => {
  let net: TestNet;
  let dir: string;
  let page: string;
  before(async () => {
    net = new TestNet("t");
    dir = mkdtempSync(join(tmpdir(), "am-tcp-"));
    // A page bigger than a segment, so the body comes in several.
    page = `<!doctype html>\n<title>TCP_client</title>\n${"<p>packetry over its own TCP</p>\n".repeat(200)}`;
    writeFileSync(join(dir, "index.html"), page);
    // nginx's worker (www-data) reads the page.
    chmodSync(dir, 0o755);
    writeFileSync(
      join(dir, "nginx.conf"),
      `worker_processes 1; daemon off; pid ${dir}/nginx.pid; error_log ${dir}/error.log;
events { worker_connections 16; }
http { access_log off; client_body_temp_path ${dir}/body; default_type text/html;
  server { listen ${NET.server}:80; root ${dir}; index index.html; } }\n`,
    );
    const nginx = net.start("server", "nginx", ["-c", join(dir, "nginx.conf"), "-e", join(dir, "error.log")]);
    for (let i = 0; i < 100; i++) {
      if (await net.run("client", "curl", "-s", "-o", "/dev/null", `http://${NET.server}/`).then(() => true, () => false)) break;
      if (nginx.exitCode !== null) throw new Error(`nginx did not start: ${nginx.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    net.enterClient();
    conf.verb = 0;
  });
  after(() => {
    net?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  test("tcplink(HTTP, host, 80): a GET whose body equals curl's", async () => {
    const curl = await net.run("client", "curl", "-s", `http://${NET.server}/`);
    assert.equal(curl, page);
    const link = TCP_client.tcplink(HTTP, NET.server, 80, { dropKernelRst: true });
    try {
      await link.send(HTTP().div(HTTPRequest({ Host: NET.server })));
      const reply = await link.recv({ timeout: 10 });
      assert.ok(reply, "nginx answered");
      assert.equal(new TextDecoder().decode(reply.getLayer(HTTPResponse)!.Status_Code as Uint8Array), "200");
      assert.equal(new TextDecoder().decode(reply.getLayer(Raw)!.load as Uint8Array), curl);
      // The connection carries on: a second request on it.
      await link.send(HTTP().div(HTTPRequest({ Host: NET.server, Path: "/missing" })));
      const second = await link.recv({ timeout: 10 });
      assert.equal(new TextDecoder().decode(second!.getLayer(HTTPResponse)!.Status_Code as Uint8Array), "404");
    } finally {
      link.close();
      await link.stopped;
    }
    assert.equal(link.atmt.state!.state, "CLOSED");
    // The rule lived only as long as the connection.
    assert.doesNotMatch(net.exec("client", "iptables", "-S", "OUTPUT"), /RST RST/);
  });

  test("without the rule, the kernel's RST is said plainly, with the rule to add", async () => {
    const warnings: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array) => {
      warnings.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    let link: ReturnType<typeof TCP_client.tcplink> | undefined;
    try {
      link = TCP_client.tcplink(HTTP, NET.server, 80);
      await link.send(HTTP().div(HTTPRequest({ Host: NET.server })));
      await link.recv({ timeout: 3 });
    } finally {
      process.stderr.write = write;
      link?.close();
      await link?.stopped;
    }
    const text = warnings.join("");
    assert.match(text, /TCP_client: this host's kernel reset the connection to 10\.79\.0\.1:80/);
    assert.match(text, /iptables -A OUTPUT -p tcp -s 10\.79\.0\.2 -d 10\.79\.0\.1 --sport \d+ --dport 80 --tcp-flags RST RST -j DROP/);
  });

  const rules = () => net.exec("client", "iptables", "-S", "OUTPUT").split("\n").filter((l) => /RST RST/.test(l));

  test("the rule is removed when the connection cannot start, and when the peer never answers", async () => {
    assert.throws(() => TCP_client.tcplink(HTTP, NET.server, 80, { dropKernelRst: true, iface: "am-none" }), /No such interface: "am-none"/);
    assert.deepEqual(rules(), []);
    assert.equal(kernelResetRulesInPlace(), 0);
    // Nothing listens on port 81: the SYN gets the server kernel's RST, and TCP_client gives up after its second.
    const link = TCP_client.tcplink(HTTP, NET.server, 81, { dropKernelRst: true });
    assert.equal(rules().length, 1);
    assert.equal(await link.recv({ timeout: 10 }), null);
    await link.atmt.finished;
    assert.equal(link.atmt.state!.state, "CLOSED");
    assert.deepEqual(rules(), []);
    link.close();
  });

  for (const [how, end] of [
    ["exits with the connection open", "import sys\nsys.exit(0)"],
    ["is terminated (SIGTERM) with the connection open", "import time\ntime.sleep(60)"],
  ] as const) {
    test(`a shell that ${how} leaves no rule behind`, async () => {
      const code = [`s = TCP_client.tcplink(HTTP, "${NET.server}", 80, dropKernelRst=True)`, `s.send(HTTP()/HTTPRequest(Host="${NET.server}"))`, "r = s.recv(timeout=10)", 'print("open", r[HTTPResponse].Status_Code)', end].join("\n");
      const client = net.shell("client", code);
      await TestNet.printed(client, /open b'200'/, 60);
      if (how.includes("SIGTERM")) {
        assert.equal(rules().length, 1, "the rule is there while the connection is open");
        client.kill("SIGTERM");
      }
      await TestNet.ended(client, 30);
      assert.deepEqual(rules(), [], client.output());
    });
  }

  test("from the shell, as the workshop's last slide: tcplink, send a GET, recv", async () => {
    const code = [
      `s = TCP_client.tcplink(HTTP, "${NET.server}", 80, dropKernelRst=True)`,
      `s.send(HTTP()/HTTPRequest(Host="${NET.server}"))`,
      "r = s.recv(timeout=10)",
      "print(r[HTTPResponse].Status_Code, len(r[Raw].load))",
      "s.close()",
    ].join("\n");
    const client = net.shell("client", code);
    assert.equal(await TestNet.ended(client, 60), 0, client.output());
    assert.equal(client.output(), `b'200' ${page.length}\n`);
  });
});
