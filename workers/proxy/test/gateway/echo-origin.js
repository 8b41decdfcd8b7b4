// The generic gateway's test origin (also a custom `/v1` provider in tests): answers with what it
// received, so tests can check that method, path, query, headers and body arrive unchanged. A path
// with a `/delay/<ms>` segment waits that long first; one with `/status/<code>` answers that
// status (a 429 with `retry-after` and a message naming the account, as OpenAI's do); one ending in `/stream` answers a body in several chunks. A `/usage/<in>/<out>` segment
// adds an OpenAI `usage` to the answer; a `/cut` segment sends the start of a JSON answer and
// then breaks the body off; `/hold` sends the start of one and then nothing more, keeping the body
// open until the reader goes away. A `/replay` segment answers an event stream of the request body's
// `replay_events`, one event per chunk, then `[DONE]`; `/replay-cut` breaks it off after them;
// `/replay-hold` keeps it open after them until the reader goes away. A `/provider-headers`
// segment adds the account and rate-limit headers OpenAI answers with. A `/redirect` segment
// answers a 307 to the same path without that segment.
export default {
  async fetch(request) {
    const url = new URL(request.url);
    const delay = /\/delay\/(\d+)(?:\/|$)/.exec(url.pathname);
    if (delay) await new Promise((resolve) => setTimeout(resolve, Number(delay[1])));
    if (/\/redirect(?:\/|$)/.test(url.pathname)) {
      const next = new URL(url.pathname.replace(/\/redirect(?=\/|$)/, ""), url);
      return new Response(null, { status: 307, headers: { location: next.href } });
    }
    const status = /\/status\/(\d{3})(?:\/|$)/.exec(url.pathname);
    if (status?.[1] === "429") {
      // As OpenAI words it: the message names the account's organization.
      return new Response(
        "Rate limit reached for gpt-4o-mini in organization org-provider-account on requests per min (RPM).",
        { status: 429, headers: { "retry-after": "7", "x-should-retry": "true" } },
      );
    }
    if (status) return new Response(`status ${status[1]}`, { status: Number(status[1]) });
    if (url.pathname.endsWith("/stream")) {
      const encoder = new TextEncoder();
      const body = new ReadableStream({
        async start(controller) {
          for (let i = 0; i < 3; i++) controller.enqueue(encoder.encode(`chunk-${i}\n`));
          controller.close();
        },
      });
      return new Response(body, { headers: { "content-type": "text/plain" } });
    }
    if (/\/cut(?:\/|$)/.test(url.pathname)) {
      const encoder = new TextEncoder();
      const body = new ReadableStream({
        async start(controller) {
          controller.enqueue(encoder.encode('{"id":"cut-answer","choices":['));
          await new Promise((resolve) => setTimeout(resolve, 10));
          controller.error(new Error("echo-origin: answer cut off"));
        },
      });
      return new Response(body, { headers: { "content-type": "application/json" } });
    }
    if (/\/hold(?:\/|$)/.test(url.pathname)) {
      const encoder = new TextEncoder();
      let sent = false;
      const body = new ReadableStream({
        pull(controller) {
          if (sent) return holdOpen();
          sent = true;
          controller.enqueue(encoder.encode('{"id":"held-answer","choices":['));
        },
      });
      return new Response(body, { headers: { "content-type": "application/json" } });
    }
    const replay = /\/replay(?:-(cut|hold))?(?:\/|$)/.exec(url.pathname);
    if (replay) return replayed(await replayRequest(request), replay[1] ?? "done");
    const usage = /\/usage\/(\d+)\/(\d+)(?:\/|$)/.exec(url.pathname);
    const bytes = new Uint8Array(await request.arrayBuffer());
    let hex = "";
    for (const byte of bytes) hex += byte.toString(16).padStart(2, "0");
    return Response.json(
      {
        method: request.method,
        path: url.pathname,
        search: url.search,
        headers: Object.fromEntries(request.headers),
        bodyHex: hex,
        bodyLength: bytes.byteLength,
        ...(usage
          ? { usage: { prompt_tokens: Number(usage[1]), completion_tokens: Number(usage[2]) } }
          : {}),
      },
      {
        headers: {
          "x-origin": "gateway-echo",
          ...(/\/provider-headers(?:\/|$)/.test(url.pathname) ? providerHeaders : {}),
        },
      },
    );
  },
};

/**
 * Sends nothing for a minute (until the reader goes away, in any test). A timer, not a promise that
 * never settles: workerd cancels a worker with nothing left to wait for as hung, which would end
 * the body instead of holding it.
 */
function holdOpen() {
  return new Promise((resolve) => setTimeout(resolve, 60_000));
}

/**
 * What OpenAI tells about the key's account and its own limits on every answer, and headers in
 * Floodgate's name that no provider may set.
 */
const providerHeaders = {
  "openai-organization": "org-provider-account",
  "openai-project": "proj_provider_account",
  "x-ratelimit-limit-requests": "10000",
  "x-ratelimit-remaining-requests": "9999",
  "x-ratelimit-reset-requests": "6ms",
  "x-ratelimit-limit-tokens": "30000000",
  "x-ratelimit-remaining-tokens": "29999990",
  "x-ratelimit-reset-tokens": "0s",
  // A provider (or a custom origin) speaking in Floodgate's name.
  "x-floodgate-warning": "forged by the provider",
  "x-floodgate-tier": "forged-tier",
  "set-cookie": "__cf_bm=provider-cookie; path=/; HttpOnly",
};

/** The body of a replay request: JSON, or a form with `replay_events` as a JSON string. */
async function replayRequest(request) {
  if (!(request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
    return request.json();
  }
  const form = await request.formData();
  return { replay_events: JSON.parse(String(form.get("replay_events") ?? "[]")) };
}

function replayed(body, end) {
  const encoder = new TextEncoder();
  const events = Array.isArray(body.replay_events) ? body.replay_events : [];
  let next = 0;
  const stream = new ReadableStream({
    async pull(controller) {
      if (next < events.length) {
        controller.enqueue(encoder.encode(`data: ${JSON.stringify(events[next++])}\n\n`));
        return;
      }
      if (end === "hold") return holdOpen();
      if (end === "cut") {
        await new Promise((resolve) => setTimeout(resolve, 10));
        controller.error(new Error("echo-origin: stream cut off"));
        return;
      }
      controller.enqueue(encoder.encode("data: [DONE]\n\n"));
      controller.close();
    },
  });
  return new Response(stream, { headers: { "content-type": "text/event-stream" } });
}
