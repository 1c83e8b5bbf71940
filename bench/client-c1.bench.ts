// Client overhead over raw fetch (same per-request AbortSignal), one request at a time: latency and process CPU time.
import { benchOverhead } from "./client-support.ts";

await benchOverhead(1);
