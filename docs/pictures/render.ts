/**
 * Regenerates the pictures of docs/ and the README: `npx tsx docs/pictures/render.ts`.
 * The DHCP offer of the workshop's capture as pdfdump(layer_shift=1) draws it, Scapy's own
 * reference packet IP()/ICMP()/"hello", and the conversations of a lab capture.
 */
import { fileURLToPath } from "node:url";
import { IP, ICMP, rdpcap } from "packetry";

const here = (name: string) => fileURLToPath(new URL(name, import.meta.url));
const capture = (name: string) => fileURLToPath(new URL(`../../test/fixtures/captures/${name}`, import.meta.url));

const dhcp = rdpcap(capture("dhcp.pcap"));
dhcp[3]!.canvasDump({ layerShift: 1 }).writePNGfile(here("dhcp-offer.png"));
IP({ src: "1.1.1.1", dst: "2.2.2.2" }).div(ICMP(), "hello").canvasDump({ layerShift: 1 }).writePNGfile(here("ip-icmp-hello.png"));
await rdpcap(capture("ipv6-link-up.pcap")).conversationGraph({ type: "png", target: here("conversations.png") });
