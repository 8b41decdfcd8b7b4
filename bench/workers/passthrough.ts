// A benchmark-only worker: the floor for the proxy's overhead. It forwards /v1/* to the same mock
// origin through a service binding, with nothing else: no keys, no limits, no usage.
interface PassthroughEnv {
  MOCK_ORIGIN: Fetcher;
}

export default {
  async fetch(request: Request, env: PassthroughEnv): Promise<Response> {
    const url = new URL(request.url);
    const upstream = await env.MOCK_ORIGIN.fetch(`https://mock-origin.internal${url.pathname}`, {
      method: request.method,
      headers: request.headers,
      body: request.body,
    });
    return new Response(upstream.body, upstream);
  },
};
