/** Helpers for driving machines and automata over in-memory sockets (no network, no root). */
import { captureLiveOutput } from "../helpers.ts";
import { PipeSocket, type Packet } from "../../src/index.ts";

/** A joined pair: the machine reads and answers on `server`, the test plays the client on `client`. */
export function wire(): { client: PipeSocket; server: PipeSocket } {
  const [client, server] = PipeSocket.pair();
  return { client, server };
}

/** Everything the client has received so far (waiting up to `seconds` for at least `n`). */
export async function received(client: PipeSocket, n: number, seconds = 2): Promise<Packet[]> {
  const got: Packet[] = [];
  const end = Date.now() + seconds * 1000;
  while (got.length < n) {
    const left = end - Date.now();
    if (left <= 0) break;
    const batch = await client.recvMany({ timeout: left / 1000 });
    if (!batch) break;
    got.push(...batch);
  }
  return got;
}

/** Runs `fn` with the text live functions print captured (and not shown). */
export const printed = captureLiveOutput;
