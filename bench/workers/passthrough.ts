// A benchmark-only worker: the floors for the proxy's overhead. It forwards /v1/* to the same mock
// origin through a service binding, with nothing else: no keys, no limits, no usage. Under
// /with-do/v1/* it first makes one call to a Durable Object per `x-identity` that increments a
// stored counter: the one round trip and one durable write the proxy's check cannot do without.
import { DurableObject } from "cloudflare:workers";

interface PassthroughEnv {
  MOCK_ORIGIN: Fetcher;
  COUNTER: DurableObjectNamespace<CounterDO>;
}

/** One RPC, one KV read-modify-write. */
export class CounterDO extends DurableObject {
  private n = this.ctx.storage.kv.get<number>("n") ?? 0;

  increment(): number {
    this.n += 1;
    this.ctx.storage.kv.put("n", this.n);
    return this.n;
  }
}

const withDo = "/with-do";

export default {
  async fetch(request: Request, env: PassthroughEnv): Promise<Response> {
    let { pathname } = new URL(request.url);
    if (pathname.startsWith(`${withDo}/`)) {
      pathname = pathname.slice(withDo.length);
      const identity = request.headers.get("x-identity") ?? "anonymous";
      await env.COUNTER.get(env.COUNTER.idFromName(identity)).increment();
    }
    const upstream = await env.MOCK_ORIGIN.fetch(`https://mock-origin.internal${pathname}`, {
      method: request.method,
      headers: request.headers,
      body: request.body,
    });
    return new Response(upstream.body, upstream);
  },
};
