/**
 * Scapy's TCP_client: a TCP connection made of packets, from user space. The handshake, data
 * in both directions (each in-order segment acknowledged, and handed on whole messages for the
 * protocols that say where theirs end, HTTP among them, through TCPSession), the peer's FIN
 * and RST, and our own FIN on stop(). `TCP_client.tcplink(HTTP, host, 80)` opens it as a
 * socket: send() writes, recv() reads the next message, close() says goodbye.
 *
 * The kernel does not know such a connection and resets it when the SYN-ACK comes back. The
 * workshop drops those RSTs with an iptables rule; `dropKernelRst: true` adds that rule for this
 * one connection (in the network namespace packetry runs in) and removes it after. Without it,
 * a RST from this host for the connection is reported plainly, with the rule to add.
 */
import type { Packet } from "../core/packet.ts";
import { Raw } from "../core/raw.ts";
import { IP, TCP } from "../layers/inet.ts";
import { TCPSession } from "../layers/tcpSession.ts";
import { warn } from "../live/output.ts";
import { ATMT } from "./atmt.ts";
import { Automaton, type AutomatonOptions } from "./automaton.ts";
import { dropKernelResets, dropKernelResetsCommand } from "./kernelRst.ts";
import { Net } from "./net.ts";

export interface TCPClientOptions extends AutomatonOptions {
  /** Source address to use (default: the route's). */
  srcip?: string;
  /** Add the workshop's iptables rule for this connection while it lives (needs iptables and root). */
  dropKernelRst?: boolean;
}

type Tcp = ReturnType<typeof TCP>;

const FLAG = { F: 0x01, S: 0x02, R: 0x04, P: 0x08, A: 0x10 } as const;
const flagsOf = (t: Packet) => Number(t.getFieldValue("flags"));
const dataOf = (t: Packet): Uint8Array => {
  const p = t.payload;
  if (!p || p.spec.name === "Padding") return new Uint8Array(0);
  // Without the link layer's padding after it.
  let end: Packet | null = p;
  while (end && end.spec.name !== "Padding") end = end.payload;
  const all = p.build();
  return end ? all.subarray(0, all.length - end.build().length) : all;
};

export class TCP_client extends Automaton {
  declare dst: string;
  declare dport: number;
  declare sport: number;
  declare src: string;
  /** The next segment's headers (seq and ack follow the connection). */
  declare l4: Packet;
  /** The first sequence number of the data acknowledged last. */
  declare sack: number;
  declare rcvbuf: TCPSession;
  private removeRule: (() => void) | null = null;
  private warnedRst = false;

  /** Opens a connection as a socket: `await (await TCP_client.tcplink(HTTP, "10.77.0.1", 80)).sr1(HTTP()/HTTPRequest())`. */
  static tcplink(proto: ((bytes: Uint8Array) => Packet) | undefined, ip: string, port: number, options: TCPClientOptions = {}) {
    return this.supersocket("tcplink", proto, ip, port, options);
  }

  override parse_args(ip: string, port: number, options: TCPClientOptions = {}): void {
    const { srcip, dropKernelRst, ...rest } = options;
    this.dst = String(new Net(ip));
    this.dport = port;
    this.sport = 1024 + Math.floor(Math.random() * (65536 - 1024));
    const ipLayer = IP({ dst: this.dst, ...(srcip ? { src: srcip } : {}) });
    this.l4 = ipLayer.div(TCP({ sport: this.sport, dport: this.dport, flags: 0, seq: Math.floor(Math.random() * 2 ** 32) }));
    this.src = ipLayer.src;
    this.sack = 0;
    this.rcvbuf = new TCPSession();
    const conn = { src: this.src, dst: this.dst, sport: this.sport, dport: this.dport };
    this.removeRule?.();
    this.removeRule = dropKernelRst ? dropKernelResets(conn) : null;
    super.parse_args({ ...rest, filter: `host ${this.src} and host ${this.dst} and port ${this.sport} and port ${this.dport}` });
  }

  private get tcp(): Tcp {
    return this.l4.getLayer(TCP)!;
  }

  private flags(f: string): void {
    this.tcp.setFieldValue("flags", f);
  }

  override master_filter(pkt: Packet): boolean {
    const ip = pkt.getLayer(IP);
    const t = pkt.getLayer(TCP);
    if (!ip || !t) return false;
    if (ip.src === this.src && ip.dst === this.dst && t.sport === this.sport && t.dport === this.dport) {
      // Our own segments come back on a listening socket; a RST among them is the kernel's.
      if (flagsOf(t) & FLAG.R) this.kernelReset();
      return false;
    }
    const mine = this.tcp;
    return (
      ip.src === this.dst &&
      ip.dst === this.src &&
      t.sport === this.dport &&
      t.dport === this.sport &&
      mine.seq >= t.ack &&
      (mine.ack === 0 || (this.sack <= t.seq && t.seq <= mine.ack + t.window))
    );
  }

  private kernelReset(): void {
    if (this.warnedRst || this.removeRule) return;
    this.warnedRst = true;
    const cmd = dropKernelResetsCommand({ src: this.src, dst: this.dst, sport: this.sport, dport: this.dport });
    warn(`TCP_client: this host's kernel reset the connection to ${this.dst}:${this.dport} (it does not know connections made from user space). Drop its RSTs as the workshop does, inside the lab's client namespace only: ${cmd} (or give TCP_client dropKernelRst: true).`);
  }

  @ATMT.state({ initial: true })
  START() {}

  @ATMT.state()
  SYN_SENT() {}

  @ATMT.state()
  ESTABLISHED() {}

  @ATMT.state()
  LAST_ACK() {}

  @ATMT.state({ final: true })
  CLOSED() {}

  protected override on_end(): void {
    this.removeRule?.();
    this.removeRule = null;
  }

  @ATMT.state({ stop: true })
  STOP() {}

  @ATMT.state()
  STOP_SENT_FIN_ACK() {}

  @ATMT.condition("START")
  connect() {
    throw this.goto("SYN_SENT");
  }

  @ATMT.action("connect")
  async send_syn() {
    this.flags("S");
    await this.send(this.l4);
    this.tcp.seq = (this.tcp.seq + 1) >>> 0;
  }

  @ATMT.receive_condition("SYN_SENT")
  synack_received(pkt: Packet) {
    const f = flagsOf(pkt.getLayer(TCP)!);
    if (f & FLAG.S && f & FLAG.A) throw this.goto("ESTABLISHED").actionParameters(pkt);
  }

  @ATMT.action("synack_received")
  async send_ack_of_synack(pkt: Packet) {
    this.tcp.ack = (pkt.getLayer(TCP)!.seq + 1) >>> 0;
    this.flags("A");
    this.sack = this.tcp.ack;
    await this.send(this.l4);
  }

  @ATMT.receive_condition("ESTABLISHED")
  incoming_data_received(pkt: Packet) {
    if (dataOf(pkt.getLayer(TCP)!).length > 0) throw this.goto(flagsOf(pkt.getLayer(TCP)!) & FLAG.F ? "LAST_ACK" : "ESTABLISHED").actionParameters(pkt);
  }

  @ATMT.action("incoming_data_received")
  async receive_data(pkt: Packet) {
    const t = pkt.getLayer(TCP)!;
    const data = dataOf(t);
    if (data.length && this.tcp.ack === t.seq) {
      this.sack = this.tcp.ack;
      this.tcp.ack = (this.tcp.ack + data.length) >>> 0;
      this.flags("A");
      // The segment also closes the connection (data and FIN together): acknowledge both.
      if (flagsOf(t) & FLAG.F) return this.finAck(pkt, data.length);
      await this.send(this.l4);
      this.handOn(pkt);
    } else if (flagsOf(t) & FLAG.F) await this.finAck(pkt, data.length);
  }

  /** Hands whole messages (or plain segments' data) to the socket side. */
  private handOn(pkt: Packet): void {
    for (const m of this.rcvbuf.process(pkt)) {
      const data = dataOf(m.getLayer(TCP)!);
      if (data.length) this.oi.tcp!.send(data);
    }
  }

  @ATMT.ioevent("ESTABLISHED", "tcp", 0, "tcplink")
  outgoing_data_received(fd: { recv(): unknown }) {
    throw this.goto("ESTABLISHED").actionParameters(fd.recv());
  }

  @ATMT.action("outgoing_data_received")
  async send_data(d: Uint8Array) {
    this.flags("PA");
    await this.send(this.l4.copy().div(Raw({ load: d })));
    this.tcp.seq = (this.tcp.seq + d.length) >>> 0;
  }

  @ATMT.receive_condition("ESTABLISHED")
  reset_received(pkt: Packet) {
    if (flagsOf(pkt.getLayer(TCP)!) & FLAG.R) throw this.goto("CLOSED");
  }

  @ATMT.receive_condition("ESTABLISHED")
  fin_received(pkt: Packet) {
    if (flagsOf(pkt.getLayer(TCP)!) & FLAG.F) throw this.goto("LAST_ACK").actionParameters(pkt);
  }

  @ATMT.action("fin_received")
  async send_finack(pkt: Packet) {
    await this.finAck(pkt, 0);
  }

  /** Acknowledges the peer's FIN (after `data` bytes of its segment) with our own FIN. */
  private async finAck(pkt: Packet, data: number): Promise<void> {
    const t = pkt.getLayer(TCP)!;
    this.flags("FA");
    this.tcp.ack = (t.seq + data + 1) >>> 0;
    await this.send(this.l4);
    this.tcp.seq = (this.tcp.seq + 1) >>> 0;
    if (data) this.handOn(pkt);
    // What the peer sent last (a message that ended with the connection) comes out now.
    for (const m of this.rcvbuf.flush()) {
      const bytes = dataOf(m.getLayer(TCP)!);
      if (bytes.length) this.oi.tcp!.send(bytes);
    }
  }

  @ATMT.receive_condition("LAST_ACK")
  ack_of_fin_received(pkt: Packet) {
    if (flagsOf(pkt.getLayer(TCP)!) & FLAG.A) throw this.goto("CLOSED");
  }

  @ATMT.condition("STOP")
  stop_requested() {
    throw this.goto("STOP_SENT_FIN_ACK");
  }

  @ATMT.action("stop_requested")
  async stop_send_finack() {
    this.flags("FA");
    await this.send(this.l4);
    this.tcp.seq = (this.tcp.seq + 1) >>> 0;
  }

  @ATMT.receive_condition("STOP_SENT_FIN_ACK")
  stop_fin_received(pkt: Packet) {
    if (flagsOf(pkt.getLayer(TCP)!) & FLAG.F) throw this.goto("CLOSED").actionParameters(pkt);
  }

  @ATMT.action("stop_fin_received")
  async stop_send_ack(pkt: Packet) {
    this.flags("A");
    this.tcp.ack = (pkt.getLayer(TCP)!.seq + 1) >>> 0;
    await this.send(this.l4);
  }

  @ATMT.timeout("SYN_SENT", 1)
  syn_ack_timeout() {
    throw this.goto("CLOSED");
  }

  @ATMT.timeout("STOP_SENT_FIN_ACK", 1)
  stop_ack_timeout() {
    throw this.goto("CLOSED");
  }
}
