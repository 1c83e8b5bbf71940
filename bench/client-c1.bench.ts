// Client overhead over raw fetch (same per-request AbortSignal), one request at a time: latency and process CPU time,
// on Node 20, 22 and 24.
import { fileURLToPath } from "node:url";
import { benchOverheadOnEveryNode } from "./client-support.ts";

await benchOverheadOnEveryNode(1, fileURLToPath(import.meta.url));
