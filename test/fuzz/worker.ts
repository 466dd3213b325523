/** One thread of `npm run fuzz`: its share of the mutations (run.ts starts one per core and adds up the reports). */
import { parentPort, workerData } from "node:worker_threads";
import { fuzz, type FuzzOptions } from "./engine.ts";

const options = workerData as Omit<FuzzOptions, "onProgress"> & { progress: boolean };
const report = fuzz({ ...options, onProgress: options.progress ? (done, elapsed) => parentPort!.postMessage({ progress: [done, elapsed] }) : undefined });
parentPort!.postMessage({ report });
