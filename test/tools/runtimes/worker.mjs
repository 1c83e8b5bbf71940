// workerd entry (a Cloudflare Worker): POST the input JSON, get { runtime, result } or { runtime, error }.
import { runtimeName, validatedRequests } from "./consumer.mjs";

export default {
  async fetch(request) {
    try {
      return Response.json({ runtime: runtimeName(), result: await validatedRequests(await request.json()) });
    } catch (error) {
      return Response.json({ runtime: runtimeName(), error: String(error?.stack ?? error) });
    }
  },
};
