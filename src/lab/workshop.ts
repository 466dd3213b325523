/**
 * `packetry workshop`: the workshop's slides (Foundational Packetry: ARP, DNS, DHCP, HTTP) as a
 * guided session in the lab. Each step shows the slide's code, the same code retargeted to the
 * lab (the lab's DNS server for 8.8.8.8 and the gateway, www.lab.test for www.brucon.org, the
 * lab's interfaces for eth0, the interface's own MAC for the slide's), runs it when Enter is
 * pressed (or the user's edit of it), and explains what came back. It runs only in the lab's
 * client namespace: from outside, as root with the lab up, it starts itself there; otherwise it
 * refuses, so nothing is ever sent on the host's network.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { createInterface, type Interface } from "node:readline";
import { getIfHwaddr, Packet, PacketList, TCP } from "../index.ts";
import { formatError, Session } from "../shell/session.ts";
import { insideLab, labHealth } from "./command.ts";
import { LAB_ADDRESSES, labFor, packageRoot } from "./names.ts";

const USAGE = `usage: packetry workshop [--yes] [--step NAME,...] [--list]
  The workshop's slides as a guided session in the lab (root; packetry lab up first):
  each step shows the slide's code and the same code for the lab, runs it on Enter
  (e edits it, s skips, q quits), and explains the answer.
  --yes         run every step without asking (no terminal needed)
  --step NAMES  only these steps (comma-separated; --list shows them)
  --list        list the steps`;

/** What a step's explanation can read: the session's variables. */
type Vars = Record<string, unknown>;

interface Step {
  name: string;
  title: string;
  /** The slide's code, as on the slide. */
  slide: string;
  /** The lab's version (placeholders filled in by `retarget`). */
  lab: string;
  /** Said before the code runs. */
  intro?: string;
  /** Said after it ran: what the answer means. */
  explain: (v: Vars, ctx: Context) => string;
  /** Runs before the code (what the slide did outside Scapy). */
  setup?: (ctx: Context) => void;
  /** Runs after the step, whatever happened (removes what the step added). */
  cleanup?: (ctx: Context) => void;
}

interface Context {
  mac0: string;
  mac1: string;
}

const L = LAB_ADDRESSES;

const summary = (p: unknown) => (p instanceof Packet ? p.summary() : String(p));
/** How many answers an answered list (srp's first value) holds. */
const answers = (x: unknown): number => (x instanceof PacketList ? x.length : 0);

/** The iptables rule of the HTTP slide, for the lab's addresses (it lives in the lab's client namespace only). */
const RULE = ["OUTPUT", "-p", "tcp", "-d", L.server, "-s", L.client, "--dport", "80", "--tcp-flags", "RST", "RST", "-j", "DROP"];

function iptables(action: "-A" | "-D" | "-C", quiet = false): boolean {
  const r = spawnSync("iptables", [action, ...RULE], { stdio: quiet ? "ignore" : ["ignore", "inherit", "inherit"] });
  return r.status === 0;
}

export const STEPS: Step[] = [
  {
    name: "ping",
    title: "Enough, let's sling packets",
    slide: 'ip = IP(dst="8.8.8.8")\nip.show()\nping = ICMP()\npacket = ip/ping\npacket.show()\nfling = sr1(packet)\nfling.summary()',
    lab: `ip = IP(dst="${L.server}")\nip.show()\nping = ICMP()\npacket = ip/ping\npacket.show()\nfling = sr1(packet, timeout=2)\nfling.summary()`,
    intro: `8.8.8.8 is out of reach here: the lab's server ${L.server} stands in for it. A timeout keeps sr1 from waiting forever when nothing answers.`,
    explain: (v) =>
      v.fling instanceof Packet
        ? `sr1 sent one echo request and returned the first packet that answers it: ${summary(v.fling)}. The kernel of the server answered; packetry matched the reply to the request (same ICMP id and seq, source = the request's destination).`
        : "No answer within the timeout: is the lab up (packetry lab status)?",
  },
  {
    name: "arp",
    title: "ARP: who has the gateway?",
    slide:
      'e = Ether()\ne.dst="ff:ff:ff:ff:ff:ff"\ne.type=0x806\na = ARP()\na.hwtype=0x1\na.op="who-has"\na.hwsrc="00:0c:29:be:e4:6d"\na.hwdst="00:00:00:00:00:00"\na.pdst="172.16.206.2"\npacket = e/a\n\nans,unans = srp(packet, iface="eth0")\nfor snd,rcv in ans:\n    macaddy = rcv.sprintf(r"%Ether.src%")\n\nprint "MAC address for: " + a.pdst + "is " + macaddy',
    lab: `e = Ether()\ne.dst="ff:ff:ff:ff:ff:ff"\ne.type=0x806\na = ARP()\na.hwtype=0x1\na.op="who-has"\na.hwsrc="{mac0}"\na.hwdst="00:00:00:00:00:00"\na.pdst="${L.server}"\npacket = e/a\n\nans,unans = srp(packet, iface="${L.iface}", timeout=2)\nfor snd,rcv in ans:\n    macaddy = rcv.sprintf(r"%Ether.src%")\n\nprint "MAC address for: " + a.pdst + " is " + macaddy`,
    intro: `eth0 is the lab's ${L.iface}, the gateway 172.16.206.2 is ${L.server}, and hwsrc is ${L.iface}'s own MAC (the slide's was the presenter's).`,
    explain: (v) =>
      answers(v.ans)
        ? `The broadcast who-has reached every host on the link; only ${L.server} owns that address, and it answered is-at with its MAC (${String(v.macaddy)}) straight to ours. srp works at layer 2: you build the Ethernet header yourself, and answers are matched by ARP's own rule (an is-at for the address asked about).`
        : "No is-at came back: is the lab up?",
  },
  {
    name: "dns",
    title: "DNS: a name, an address",
    slide: 'i = IP(dst="8.8.8.8")\nu = UDP()\nd = DNS(rd=1,qd=DNSQR(qname="www.brucon.org"))\n\npacket = i/u/d\n\nx = sr1(packet)\nx.display()',
    lab: `i = IP(dst="${L.server}")\nu = UDP()\nd = DNS(rd=1,qd=DNSQR(qname="www.lab.test"))\n\npacket = i/u/d\n\nx = sr1(packet, timeout=2)\nx.display()`,
    intro: `The lab's DNS server (dnsmasq on ${L.server}) stands in for 8.8.8.8, and www.lab.test for www.brucon.org (the lab has no way out).`,
    explain: (v) => {
      const x = v.x as Packet | undefined;
      if (!(x instanceof Packet)) return "No answer: is the lab up?";
      const an = (x.getLayer("DNS") as unknown as { an?: Array<{ rdata?: unknown }> } | undefined)?.an ?? [];
      return `One UDP datagram out, one back: the answer section holds ${an.map((r) => String(r.rdata)).join(", ") || "nothing"}. UDP() defaults to port 53 both ways; packetry's bindings set the IP protocol and the UDP length and checksum for you. rd=1 asks for recursion, which an authoritative server (as the lab's) does not need.`;
    },
  },
  {
    name: "dhcp-discover",
    title: "DHCP Discover: why is there no reply?",
    slide:
      'conf.checkIPaddr = False\nhw="00:0c:29:be:e4:6d"\ne = Ether(dst="ff:ff:ff:ff:ff:ff")\ni = IP(src="0.0.0.0",dst="255.255.255.255")\nu = UDP(sport=68,dport=67)\nb = BOOTP(chaddr=hw,xid=31337)\nd = DHCP(options=[("message-type","discover"),"end"])\npacket = e/i/u/b/d\nsrp(packet, iface="eth0", timeout=3)\n# Why is there no reply to this packet ?',
    lab: `conf.checkIPaddr = True   # first as Scapy starts: the slide's question\nhw="{mac1}"\ne = Ether(dst="ff:ff:ff:ff:ff:ff")\ni = IP(src="0.0.0.0",dst="255.255.255.255")\nu = UDP(sport=68,dport=67)\nb = BOOTP(chaddr=hw,xid=31337)\nd = DHCP(options=[("message-type","discover"),"end"])\npacket = e/i/u/b/d\nans, unans = srp(packet, iface="${L.dhcpIface}", timeout=3)\nconf.checkIPaddr = False  # now as the slide says\nans2, unans2 = srp(packet, iface="${L.dhcpIface}", timeout=3)\noffer = ans2[0][1] if ans2 else None\noffer`,
    intro: `${L.dhcpIface} has no address (as a machine that asks DHCP), hw is its own MAC. The step sends the discover twice: with conf.checkIPaddr on (Scapy's default), then off as the slide has it.`,
    explain: (v) => {
      const first = answers(v.ans);
      const offer = v.offer as Packet | null;
      const yiaddr = offer ? String((offer.getLayer("BOOTP") as unknown as { yiaddr: string }).yiaddr) : "";
      const src = offer ? String((offer.getLayer("IP") as unknown as { src: string }).src) : "";
      const dst = offer ? String((offer.getLayer("IP") as unknown as { dst: string }).dst) : "";
      return [
        `With checkIPaddr on: ${first} answer(s). The server did answer, but its offer comes from ${src || "its own address"} to ${dst || "the offered address"}, not from 255.255.255.255, where the discover went: Scapy's rule (a reply's source is the request's destination) throws it away. That is the slide's "why is there no reply".`,
        offer
          ? `With checkIPaddr off the offer matches (BOOTP's xid and chaddr): ${summary(offer)}, offering ${yiaddr}. Other reasons for silence on a real network: a DHCP client already running on the interface answers and takes the offer, or chaddr is not your MAC, so the server's unicast reply goes to another address.`
          : "No offer even with checkIPaddr off: is the lab up (dnsmasq on the server)?",
      ].join("\n");
    },
  },
  {
    name: "dhcp-request",
    title: "DHCP Request and Ack",
    slide:
      'hw="00:0c:29:be:e4:6d"\ne = Ether(dst="ff:ff:ff:ff:ff:ff")\ni = IP(src="0.0.0.0",dst="255.255.255.255")\nu = UDP(sport=68,dport=67)\nb = BOOTP(chaddr=hw,xid=31337)\nd = DHCP(options=[("message-type","request"),IPField("requested_addr","172.16.206.138"),"end"])\npacket = e/i/u/b/d\nsrp(packet, iface="eth0")\n# Use wireshark or pkt.display() in scapy to get your answer!',
    lab: `hw="{mac1}"\ne = Ether(dst="ff:ff:ff:ff:ff:ff")\ni = IP(src="0.0.0.0",dst="255.255.255.255")\nu = UDP(sport=68,dport=67)\nb = BOOTP(chaddr=hw,xid=31337)\nrequested = offer[BOOTP].yiaddr if offer else "10.77.0.100"\nd = DHCP(options=[("message-type","request"),IPField("requested_addr",requested),"end"])\npacket = e/i/u/b/d\nans, unans = srp(packet, iface="${L.dhcpIface}", timeout=3)\nack = ans[0][1] if ans else None\nack[DHCP].options if ack else None`,
    intro: "The request asks for the address just offered (the slide's 172.16.206.138 was the presenter's offer).",
    explain: (v) => {
      const ack = v.ack as Packet | null;
      if (!(ack instanceof Packet)) return "No Ack: run the discover step first, with the lab up.";
      const opts = new Map<string, unknown>();
      for (const o of (ack.getLayer("DHCP") as unknown as { options: unknown[] }).options) if (Array.isArray(o)) opts.set(String(o[0]), o[1]);
      const bootp = ack.getLayer("BOOTP") as unknown as { yiaddr: string };
      const text = (x: unknown) => (x instanceof Uint8Array ? new TextDecoder().decode(x) : String(x));
      return `${summary(ack)}: the server (${text(opts.get("server_id"))}) confirms ${bootp.yiaddr} for ${text(opts.get("lease_time"))} s, subnet ${text(opts.get("subnet_mask"))}, router ${text(opts.get("router"))}, DNS server ${text(opts.get("name_server"))}, domain ${text(opts.get("domain"))}. A real client would now set the address and the route (the slide's "resolv.conf & ifconfig"); the workshop leaves ${L.dhcpIface} as it was.`;
    },
  },
  {
    name: "http-rst",
    title: "HTTP by hand: the kernel's RST",
    slide:
      'i = IP(dst="www.brucon.org")\nt = TCP(sport=2203, dport=80, flags=\'S\')\nsyn_packet = i/t\n\nsyn_ack = sr1(syn_packet)\n\ni = IP(dst="www.brucon.org")\nt = TCP(dport=80, sport=syn_ack[TCP].dport, \\ seq=syn_ack[TCP].ack,\nack=syn_ack[TCP].seq + 1, flags=\'A\')\nrequest = i/t/"GET / HTTP/1.1\\r\\nHost: www.brucon.org\\r\\n\\r\\n"\nreply = sr1(request)\n\nreply.display()',
    lab: `trace = AsyncSniffer(iface="${L.iface}", filter="tcp port 80 and host ${L.server}")\ntrace.start()\ni = IP(dst="www.lab.test")\nt = TCP(sport=2203, dport=80, flags='S')\nsyn_packet = i/t\n\nsyn_ack = sr1(syn_packet, timeout=2)\n\ni = IP(dst="www.lab.test")\nt = TCP(dport=80, sport=syn_ack[TCP].dport, seq=syn_ack[TCP].ack, ack=syn_ack[TCP].seq + 1, flags='A')\nrequest = i/t/"GET / HTTP/1.1\\r\\nHost: www.lab.test\\r\\n\\r\\n"\nreply = sr1(request, timeout=2)\nimport time\ntime.sleep(0.5)\nseen = trace.stop()\nseen.nsummary()\nreply.summary() if reply else None`,
    intro: "www.lab.test (nginx on the lab's server) stands in for www.brucon.org. A capture runs beside the step, as the slide's Wireshark did.",
    explain: (v) => {
      const seen = v.seen instanceof PacketList ? [...v.seen] : [];
      const kernelRst = seen.some((p) => {
        const t = p.getLayer(TCP) as unknown as { sport: number; flags: { toString(): string } } | undefined;
        return t && t.sport === 2203 && String(t.flags).includes("R");
      });
      return [
        kernelRst
          ? "The capture shows it: right after the server's SYN/ACK, our own kernel sent a RST. It never opened a connection on port 2203 (packetry did, from user space), so to the kernel the SYN/ACK is a stray and it resets it."
          : "The capture shows no RST from our side this time (a kernel that did not see the SYN/ACK does not reset it).",
        `The server forgot the connection, so the GET that follows is answered by a RST too${v.reply instanceof Packet ? ` (${summary(v.reply)})` : ""}. The slide's fix: drop the kernel's RSTs with iptables. Here the rule goes into the lab's client namespace only, with the lab's addresses: iptables -A ${RULE.join(" ")}`,
      ].join("\n");
    },
  },
  {
    name: "http-iptables",
    title: "HTTP by hand, with the kernel's RST dropped",
    slide: "iptables\n-A OUTPUT\n-p tcp\n-d 88.190.16.219\n-s 172.16.206.138\n--dport 80\n--tcp-flags RST RST\n-j DROP",
    lab: `# the workshop has run, in the lab's client namespace only: iptables -A ${RULE.join(" ")}\ntrace = AsyncSniffer(iface="${L.iface}", filter="tcp src port 80 and dst port 2204")\ntrace.start()\ni = IP(dst="www.lab.test")\nt = TCP(sport=2204, dport=80, flags='S')\nsyn_ack = sr1(i/t, timeout=2)\nt = TCP(dport=80, sport=2204, seq=syn_ack[TCP].ack, ack=syn_ack[TCP].seq + 1, flags='PA')\nrequest = i/t/"GET / HTTP/1.1\\r\\nHost: www.lab.test\\r\\n\\r\\n"\nreply = sr1(request, timeout=2)\nimport time\ntime.sleep(0.5)\nseen = trace.stop()\nresponse = [p for p in seen if p.haslayer(HTTPResponse)]\nresponse[0][HTTPResponse].Status_Code if response else None`,
    intro: "The same exchange (from another port), with the slide's rule in the lab's client namespace: the kernel's RST never leaves, the connection stays open, and nginx answers the GET. The rule is removed after the step.",
    explain: (v) => {
      const r = Array.isArray(v.response) ? (v.response as Packet[]) : [];
      return r.length
        ? `The server answered the GET: ${summary(r[0])}. With the kernel quiet, the handshake packetry made by hand is the only one the server knows about. (TCP_client.tcplink(HTTP, "www.lab.test", 80, dropKernelRst=True) does all of this, rule included, for one connection.) The rule is now removed.`
        : "No response came: is nginx up in the lab (packetry lab status)? The rule is now removed.";
    },
    setup: () => {
      if (!iptables("-C", true) && !iptables("-A")) console.log("(iptables could not add the rule: apt-get install iptables)");
    },
    cleanup: () => {
      while (iptables("-C", true)) iptables("-D", true);
    },
  },
];

/** The lab's code of a step, with this lab's MACs. */
export function retarget(step: Step, ctx: Context): string {
  return step.lab.replace(/\{mac0\}/g, ctx.mac0).replace(/\{mac1\}/g, ctx.mac1);
}

function indent(text: string, prefix: string): string {
  return text
    .split("\n")
    .map((l) => prefix + l)
    .join("\n");
}

class Prompter {
  private rl: Interface | null = null;
  private lines: string[] = [];
  private waiting: ((line: string | null) => void) | null = null;
  private closed = false;

  constructor(private readonly input: NodeJS.ReadableStream) {}

  private start(): void {
    if (this.rl) return;
    this.rl = createInterface({ input: this.input, terminal: false });
    this.rl.on("line", (line) => {
      if (this.waiting) {
        const w = this.waiting;
        this.waiting = null;
        w(line);
      } else this.lines.push(line);
    });
    this.rl.on("close", () => {
      this.closed = true;
      if (this.waiting) this.waiting(null);
    });
  }

  /** The next line typed, or null at the end of input. */
  next(prompt: string): Promise<string | null> {
    this.start();
    process.stdout.write(prompt);
    if (this.lines.length) return Promise.resolve(this.lines.shift()!);
    if (this.closed) return Promise.resolve(null);
    return new Promise((resolve) => (this.waiting = resolve));
  }

  close(): void {
    this.rl?.close();
  }
}

/** Runs the steps in this process, which must be in the lab's client namespace. */
async function runSteps(steps: Step[], yes: boolean): Promise<number> {
  const ctx: Context = { mac0: getIfHwaddr(L.iface), mac1: getIfHwaddr(L.dhcpIface) };
  const session = new Session({ filename: "<workshop>" });
  const prompter = new Prompter(process.stdin);
  const bar = "─".repeat(72);
  console.log(`Foundational Packetry, in the lab: ${steps.length} steps (ARP, DNS, DHCP, HTTP). Nothing leaves the lab's namespaces.`);
  let failed = 0;
  try {
    for (const [n, step] of steps.entries()) {
      console.log(`\n${bar}\nStep ${n + 1}/${steps.length} [${step.name}]: ${step.title}\n${bar}`);
      console.log(`The slide:\n${indent(step.slide, "  │ ")}`);
      let code = retarget(step, ctx);
      console.log(`\nIn the lab:\n${indent(code, "  > ")}`);
      if (step.intro) console.log(`\n${step.intro}`);
      if (!yes) {
        const answer = await prompter.next("\n[Enter] run it · e edit · s skip · q quit: ");
        if (answer === null) {
          console.log("\n(end of input: stopping)");
          break;
        }
        const a = answer.trim().toLowerCase();
        if (a === "q") break;
        if (a === "s") continue;
        if (a === "e") {
          console.log("Type the code to run, line by line; an empty line ends it (nothing typed: the lab's code).");
          const typed: string[] = [];
          for (;;) {
            const line = await prompter.next("... ");
            if (line === null || line === "") break;
            typed.push(line);
          }
          if (typed.length) code = typed.join("\n");
        }
      }
      console.log("");
      try {
        step.setup?.(ctx);
        // As typed at the prompt: each expression's value is echoed.
        await session.run(code, "interactive");
      } catch (e) {
        failed++;
        console.log(formatError(e));
      }
      try {
        console.log(`\nWhat happened:\n${indent(step.explain(session.context as Vars, ctx), "  ")}`);
      } catch (e) {
        console.log(`\n(no explanation: ${formatError(e)})`);
      } finally {
        step.cleanup?.(ctx);
      }
    }
  } finally {
    prompter.close();
    for (const step of steps) step.cleanup?.(ctx);
  }
  console.log(`\n${bar}\nThat was the workshop${failed ? ` (${failed} step(s) raised an error)` : ""}. The shell in the lab: packetry lab shell.`);
  return failed ? 1 : 0;
}

export async function workshopCommand(args: string[]): Promise<number> {
  let yes = false;
  let only: string[] | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "-h" || a === "--help") {
      console.log(USAGE);
      return 0;
    } else if (a === "--yes" || a === "-y") yes = true;
    else if (a === "--list") {
      for (const s of STEPS) console.log(`${s.name.padEnd(14)} ${s.title}`);
      return 0;
    } else if (a === "--step") only = (args[++i] ?? "").split(",").filter(Boolean);
    else {
      console.error(`packetry workshop: unknown option ${a}\n${USAGE}`);
      return 2;
    }
  }
  const steps = only ? STEPS.filter((s) => only!.includes(s.name)) : STEPS;
  const unknown = only?.filter((n) => !STEPS.some((s) => s.name === n)) ?? [];
  if (unknown.length || steps.length === 0) {
    console.error(`packetry workshop: no step named ${unknown.join(", ") || "(none)"}; the steps: ${STEPS.map((s) => s.name).join(", ")}`);
    return 2;
  }
  const lab = labFor();
  if (insideLab(lab)) return runSteps(steps, yes);
  // Outside the lab: never here. Start again inside it when that can be done.
  if (process.platform !== "linux" || process.getuid?.() !== 0) {
    console.error("packetry workshop: runs only inside the lab (it sends packets), which needs root: sudo npx packetry lab up, then sudo npx packetry workshop");
    return 1;
  }
  if (!labHealth(lab).up) {
    console.error(`packetry workshop: runs only inside the lab (it sends packets), and this checkout's lab (${lab.clientNs}) is not up: sudo npx packetry lab up first`);
    return 1;
  }
  // The same program again (bin/packetry.js, or src/cli.ts under tsx), in the lab's client namespace.
  const self = process.argv[1] ?? join(packageRoot, "bin", "packetry.js");
  const r = spawnSync("ip", ["netns", "exec", lab.clientNs, process.execPath, ...process.execArgv, self, "workshop", ...args], {
    stdio: "inherit",
    env: { ...process.env, PACKETRY_LAB_ID: lab.id },
  });
  return r.status ?? 1;
}
