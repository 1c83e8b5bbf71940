// Client overhead over raw fetch (same per-request AbortSignal), ten requests in flight.
import { benchOverhead } from "./client-support.ts";

await benchOverhead(10);
