// Client overhead over raw fetch (same per-request AbortSignal), ten requests in flight, on Node 20, 22 and 24.
import { fileURLToPath } from "node:url";
import { benchOverheadOnEveryNode } from "./client-support.ts";

await benchOverheadOnEveryNode(10, fileURLToPath(import.meta.url));
