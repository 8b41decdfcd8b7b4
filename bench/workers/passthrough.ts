// A benchmark-only worker: the floors for the proxy's overhead. It forwards /v1/* to the same mock
// origin through a service binding, with nothing else: no keys, no limits, no usage. Under
// /with-do/v1/* it first makes one call to a Durable Object per `x-identity` that increments a
// stored counter: the one round trip and one durable write the proxy's check cannot do without.
import { CounterDO } from "./counter-do";

interface PassthroughEnv {
  MOCK_ORIGIN: Fetcher;
  COUNTER: DurableObjectNamespace<CounterDO>;
}

export { CounterDO };

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
