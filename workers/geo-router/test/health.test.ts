import { env, exports } from "cloudflare:workers";
import { errorEnvelopeSchema } from "@floodgate/contracts";
import { describe, expect, it, vi } from "vitest";
import { buildRouterConfig } from "../src/config/router-config";
import { runActiveChecks } from "../src/health/active-checks";
import type { PoolStats } from "../src/routes/stats";
import {
  controlOrigin,
  type Echo,
  type FetchInit,
  routerWith,
  sleep,
  twoOriginPool,
  uid,
} from "./support/router";

const MINUTE = 60_000;

describe("active health checks on the Cron Trigger", () => {
  it("the worker's scheduled() checks every monitored pool and records it in the pool's HealthDO", async () => {
    const scheduledTime = Date.now();
    // `Fetcher.scheduled()` is typed only in workers-types' experimental entry point.
    const worker = exports.default as unknown as {
      scheduled(options: { scheduledTime: Date; cron: string }): Promise<unknown>;
    };
    await worker.scheduled({ scheduledTime: new Date(scheduledTime), cron: "* * * * *" });
    for (const pool of ["eu", "us", "ap"]) {
      const snapshot = await env.HEALTH.getByName(pool).snapshot();
      expect(snapshot.lastCheckAt).toBe(scheduledTime);
      expect(snapshot.origins[`mock-${pool}`]).toMatchObject({
        state: "up",
        lastCheck: { passed: true, status: 200, error: null, at: scheduledTime },
      });
    }
  });

  it("checks an http(s) origin over the network", async () => {
    const pool = uid("netmon");
    const router = routerWith({
      defaultPool: pool,
      pools: [
        {
          name: pool,
          origins: [{ id: "net", url: env.NETWORK_ORIGIN }],
          monitor: { path: "/health", intervalMs: MINUTE },
        },
      ],
    });
    const t0 = Date.now();
    await router.tick(t0);
    expect((await router.health(pool)).origins.net).toMatchObject({
      state: "up",
      lastCheck: { passed: true, status: 200, error: null, at: t0 },
    });
  });

  it("an origin goes down after consecutiveDown failed checks and comes back after consecutiveUp", async () => {
    const t = uid("hys");
    const a = controlOrigin(`${t}-a`);
    const b = controlOrigin(`${t}-b`);
    const pool = uid("hys");
    const router = routerWith({
      defaultPool: pool,
      pools: [
        {
          name: pool,
          origins: [
            { id: "a", url: a.url },
            { id: "b", url: b.url },
          ],
          monitor: {
            path: "/health",
            intervalMs: MINUTE,
            expectedCodes: [200],
            consecutiveDown: 2,
            consecutiveUp: 3,
          },
        },
      ],
    });
    const servedBy = async (n: number) => {
      const origins = new Set<string | null>();
      for (let i = 0; i < n; i++)
        origins.add((await router.fetch("/")).headers.get("x-floodgate-origin"));
      return origins;
    };
    const stateOfA = async () => (await router.health(pool)).origins.a?.state;
    const t0 = Date.now();

    await a.set({ health: 503 });
    await router.tick(t0);
    expect(await stateOfA()).toBe("up"); // one failed check is not enough
    expect(await servedBy(4)).toEqual(new Set(["a", "b"]));
    await router.tick(t0 + MINUTE);
    expect(await stateOfA()).toBe("down");
    expect((await router.health(pool)).origins.a?.since).toBe(t0 + MINUTE);
    expect(await servedBy(4)).toEqual(new Set(["b"]));

    await a.set({ health: 200 });
    await router.tick(t0 + 2 * MINUTE);
    await router.tick(t0 + 3 * MINUTE);
    expect(await stateOfA()).toBe("down"); // two passed checks are not enough
    expect(await servedBy(4)).toEqual(new Set(["b"]));
    await router.tick(t0 + 4 * MINUTE);
    expect(await stateOfA()).toBe("up");
    expect(await servedBy(4)).toEqual(new Set(["a", "b"]));
    expect((await a.read()).checks).toBe(5);
  });

  it("a tick that starts while the pool's previous run is still probing skips the pool: no double probes, no double-counted checks", async () => {
    const t = uid("overlap");
    const a = controlOrigin(`${t}-a`);
    await a.set({ health: 503, healthDelayMs: 400 });
    const pool = uid("overlap");
    const router = routerWith({
      defaultPool: pool,
      pools: [
        {
          name: pool,
          origins: [{ id: "a", url: a.url }],
          monitor: { intervalMs: MINUTE, expectedCodes: [200], consecutiveDown: 2 },
        },
      ],
    });
    const t0 = Date.now();
    // The next tick (or a second delivery of this one) comes while the first is still probing.
    await Promise.all([router.tick(t0), router.tick(t0 + MINUTE)]);
    expect((await a.read()).checks).toBe(1);
    expect((await router.health(pool)).origins.a).toMatchObject({
      state: "up",
      consecutiveDown: 1,
    });
    // Delivered again after its run is over, a tick checks nothing either.
    await router.tick(t0);
    expect((await a.read()).checks).toBe(1);
    // The next tick checks again.
    await router.tick(t0 + 2 * MINUTE);
    expect((await a.read()).checks).toBe(2);
    expect((await router.health(pool)).origins.a?.state).toBe("down");
  });

  it("the HealthDO lets one run hold a pool at a time; a run that died lets go when its lease is over", async () => {
    const stub = env.HEALTH.getByName(uid("lease"));
    const monitor = { consecutiveUp: 1, consecutiveDown: 1 };
    const round = (runId: string, at: number) =>
      stub.recordChecks({
        runId,
        monitor,
        originIds: ["a"],
        results: [{ originId: "a", passed: false, status: 503, latencyMs: 5, error: null, at }],
      });
    const begin = (runId: string, leaseMs: number) =>
      stub.beginChecks({ runId, scheduledTime: Date.now(), intervalMs: MINUTE, leaseMs });

    expect(await begin("run-1", 200)).toMatchObject({ started: true });
    expect(await begin("run-2", 200)).toEqual({ started: false, reason: "running" });
    expect(await round("run-2", 1)).toEqual({ accepted: false });
    expect(await round("run-1", 1)).toMatchObject({ accepted: true });

    // run-1 dies without ending: once its lease is over another run may start, and run-1's late
    // results are refused.
    await sleep(250);
    expect(await begin("run-3", 60_000)).toMatchObject({ started: true });
    expect(await round("run-1", 2)).toEqual({ accepted: false });
    await stub.endChecks({ runId: "run-1" }); // not the holder: no effect
    expect(await begin("run-4", 60_000)).toEqual({ started: false, reason: "running" });
    await stub.endChecks({ runId: "run-3" });
    expect(await begin("run-4", 60_000)).toMatchObject({ started: true });
    expect((await stub.snapshot()).origins.a?.consecutiveDown).toBe(1);
  });

  it("a run that falls behind starts no round past its minute, and lets go of the pool", async () => {
    const a = controlOrigin(uid("behind"));
    const pool = uid("behind");
    const result = buildRouterConfig(
      {
        defaultPool: pool,
        pools: [
          { name: pool, origins: [{ id: "a", url: a.url }], monitor: { intervalMs: 15_000 } },
        ],
      },
      "static",
    );
    if (!result.ok) throw new Error(result.problems.join());
    const { config } = result;
    let clock = 0;
    const deps = {
      env,
      scheduledTime: Date.now(),
      now: () => clock,
      // The isolate wakes 50 s late from the wait for the second round.
      sleep: async (ms: number) => {
        clock += ms + 50_000;
      },
    };
    await runActiveChecks(config, deps);
    expect((await a.read()).checks).toBe(1); // not the 4 rounds planned for the minute
    // The next tick finds the pool free.
    clock = 0;
    await runActiveChecks(config, { ...deps, scheduledTime: deps.scheduledTime + MINUTE });
    expect((await a.read()).checks).toBe(2);
  });

  it("a pool with an interval over a minute skips the ticks in between", async () => {
    const t = uid("slowmon");
    const a = controlOrigin(`${t}-a`);
    const pool = uid("slowmon");
    const router = routerWith({
      defaultPool: pool,
      pools: [
        { name: pool, origins: [{ id: "a", url: a.url }], monitor: { intervalMs: 5 * MINUTE } },
      ],
    });
    const t0 = Date.now();
    for (let i = 0; i <= 5; i++) await router.tick(t0 + i * MINUTE);
    expect((await a.read()).checks).toBe(2); // at t0 and t0 + 5 min
  });
});

describe("passive ejection", () => {
  it("ejects an origin after consecutive failed requests, and takes it back after the cool-down", async () => {
    const t = uid("eject");
    const bad = controlOrigin(`${t}-bad`);
    await bad.set({ status: 500 });
    const pool = uid("eject");
    const router = routerWith({
      defaultPool: pool,
      pools: [
        {
          name: pool,
          origins: [
            { id: "bad", url: bad.url },
            { id: "good", url: controlOrigin(`${t}-good`).url },
          ],
          ejection: { consecutiveFailures: 2, cooldownMs: 1_000 },
        },
      ],
    });
    // POST without an Idempotency-Key: not retried, so the 500s reach the client.
    const post = async () => {
      const res = await router.fetch("/", { method: "POST", body: "{}" });
      await res.text();
      await router.settle();
      return { origin: res.headers.get("x-floodgate-origin"), status: res.status };
    };
    expect(await post()).toEqual({ origin: "bad", status: 500 });
    expect(await post()).toEqual({ origin: "good", status: 200 });
    expect(await post()).toEqual({ origin: "bad", status: 500 });
    const snapshot = await router.health(pool);
    expect(snapshot.origins.bad?.ejectedUntil).toBeGreaterThan(Date.now());
    expect(snapshot.origins.bad).toMatchObject({ state: "up", requests: 2, errors: 2 });
    for (let i = 0; i < 4; i++) expect(await post()).toEqual({ origin: "good", status: 200 });

    await sleep(1_100);
    const after = new Set<string | null>();
    for (let i = 0; i < 2; i++) after.add((await post()).origin);
    expect(after).toContain("bad");
  });

  it("an origin ejected again is out twice as long, up to maxCooldownMs, and back to the base cool-down after time in service", async () => {
    const { router, a, pool } = twoOriginPool("backoff", {
      ejection: { consecutiveFailures: 1, cooldownMs: 1_000, maxCooldownMs: 2_000 },
    });
    await a.set({ status: 500 });
    // POST without an Idempotency-Key: not retried, so a's 500 reaches the client.
    const post = async () => {
      const res = await router.fetch("/", { method: "POST", body: "{}" });
      await res.text();
      await router.settle();
      return res.headers.get("x-floodgate-origin");
    };
    const statsOfA = async () => {
      const stats = (await (await router.fetch("/stats")).json()) as { pools: PoolStats[] };
      const origin = stats.pools.find((p) => p.name === pool)?.origins.find((o) => o.id === "a");
      return { ejections: origin?.ejections, ejectionCooldownMs: origin?.ejectionCooldownMs };
    };
    /** Sends requests until a (in rotation again) answers one: how long its cool-down lasts. */
    const ejectA = async () => {
      for (let i = 0; i < 3; i++) {
        const before = Date.now();
        if ((await post()) !== "a") continue;
        const until = (await router.health(pool)).origins.a?.ejectedUntil ?? before;
        return { until, ms: until - before };
      }
      throw new Error("a never answered");
    };
    const lasts = (ejection: { ms: number }, ms: number) => {
      // Measured from before the request that ejected it: a little longer than the cool-down.
      expect(ejection.ms).toBeGreaterThanOrEqual(ms);
      expect(ejection.ms).toBeLessThan(ms + 800);
    };
    const backAfter = (until: number, ms = 0) => sleep(until - Date.now() + ms + 20);

    const first = await ejectA();
    lasts(first, 1_000);
    expect(await statsOfA()).toEqual({ ejections: 1, ejectionCooldownMs: 1_000 });

    await backAfter(first.until);
    const second = await ejectA();
    lasts(second, 2_000);
    expect(await statsOfA()).toEqual({ ejections: 2, ejectionCooldownMs: 2_000 });
    // Past the base cool-down a is still out.
    await sleep(second.until - 1_000 - Date.now() + 200);
    expect([await post(), await post()]).toEqual(["b", "b"]);

    await backAfter(second.until);
    const third = await ejectA();
    lasts(third, 2_000); // capped: not 3 000
    expect(await statsOfA()).toEqual({ ejections: 2, ejectionCooldownMs: 2_000 });

    // Two base cool-downs in service forgive both ejections.
    await a.set({ status: 200 });
    await backAfter(third.until, 2_000);
    expect(await statsOfA()).toEqual({ ejections: 0, ejectionCooldownMs: null });
    await a.set({ status: 500 });
    lasts(await ejectA(), 1_000);
  }, 20_000);

  it("connection errors count as failures too", async () => {
    const pool = uid("conn");
    const router = routerWith({
      defaultPool: pool,
      pools: [
        {
          name: pool,
          origins: [
            { id: "gone", url: "binding://NO_SUCH_BINDING" },
            { id: "good", url: controlOrigin(uid("conn")).url },
          ],
          ejection: { consecutiveFailures: 1, cooldownMs: 60_000 },
        },
      ],
    });
    for (let i = 0; i < 2; i++)
      await (await router.fetch("/", { method: "POST", body: "x" })).text();
    await router.settle();
    expect((await router.health(pool)).origins.gone?.ejectedUntil).not.toBeNull();
  });
});

describe("panic routing", () => {
  it("with every origin ejected, the ejected origins still serve (x-floodgate-panic), their failures keep no one out past the cool-down", async () => {
    const {
      router,
      a,
      b,
      pool,
      tenant: t,
    } = twoOriginPool("panic", {
      ejection: { consecutiveFailures: 2, cooldownMs: 1_500 },
    });
    // POST without an Idempotency-Key: not retried, so each answer is one origin's.
    const post = async () => {
      const res = await router.fetch("/", { method: "POST", body: "{}" });
      const body = await res.text();
      await router.settle();
      return {
        status: res.status,
        origin: res.headers.get("x-floodgate-origin"),
        panic: res.headers.get("x-floodgate-panic"),
        tenant: res.status === 200 ? (JSON.parse(body) as Echo).tenant : null,
      };
    };
    // A client whose requests crash the origins' app gets both ejected.
    await a.set({ status: 500 });
    await b.set({ status: 500 });
    for (let i = 0; i < 4; i++) expect(await post()).toMatchObject({ status: 500, panic: null });
    const ejected = await router.health(pool);
    const until = { a: ejected.origins.a?.ejectedUntil, b: ejected.origins.b?.ejectedUntil };
    expect(until.a).toBeGreaterThan(Date.now());
    expect(until.b).toBeGreaterThan(Date.now());

    // Everyone else is still served, by the ejected origins in turn, rather than answered 503.
    await b.set({ status: 200 });
    const during = [await post(), await post(), await post(), await post()];
    expect(during).toEqual([
      { status: 500, origin: "a", panic: "1", tenant: null },
      { status: 200, origin: "b", panic: "1", tenant: `${t}-b` },
      { status: 500, origin: "a", panic: "1", tenant: null },
      { status: 200, origin: "b", panic: "1", tenant: `${t}-b` },
    ]);
    // a kept failing in panic: its cool-down is not extended.
    const snapshot = await router.health(pool);
    expect(snapshot.origins.a).toMatchObject({ ejectedUntil: until.a, panicRequests: 2 });
    expect(snapshot.origins.b).toMatchObject({ ejectedUntil: until.b, panicRequests: 2 });
    const stats = (await (await router.fetch("/stats")).json()) as { pools: PoolStats[] };
    const origins = stats.pools.find((p) => p.name === pool)?.origins;
    expect(origins?.map((o) => [o.id, o.available, o.requests, o.panicRequests])).toEqual([
      ["a", false, 4, 2],
      ["b", false, 4, 2],
    ]);

    // When the cool-down is over, routing is back to normal.
    await a.set({ status: 200 });
    await sleep(Math.max(until.a ?? 0, until.b ?? 0) - Date.now() + 50);
    const after = [await post(), await post()];
    expect(after.map((r) => [r.status, r.panic])).toEqual([
      [200, null],
      [200, null],
    ]);
    expect(new Set(after.map((r) => r.origin))).toEqual(new Set(["a", "b"]));
  });

  it("a panic request the client abandons (499) is counted in panicRequests", async () => {
    const { router, a, b, pool } = twoOriginPool("panic499", {
      ejection: { consecutiveFailures: 1, cooldownMs: 60_000 },
    });
    await a.set({ status: 500 });
    await b.set({ status: 500 });
    for (let i = 0; i < 2; i++)
      await (await router.fetch("/", { method: "POST", body: "{}" })).text();
    await router.settle();
    await a.set({ delayMs: 600 });
    await b.set({ delayMs: 600 });
    const client = new AbortController();
    const pending = router.fetch("/slow", { signal: client.signal });
    await sleep(100);
    client.abort();
    expect((await pending).status).toBe(499);
    await router.settle();
    const stats = (await (await router.fetch("/stats")).json()) as { pools: PoolStats[] };
    const origins = stats.pools.find((p) => p.name === pool)?.origins ?? [];
    const total = (field: "requests" | "errors" | "panicRequests") =>
      origins.reduce((sum, o) => sum + o[field], 0);
    expect([total("requests"), total("errors"), total("panicRequests")]).toEqual([3, 2, 1]);
  });

  it("an origin active checks took down stays out in panic; with only such origins left, 503", async () => {
    const { router, a, b, pool } = twoOriginPool("panicdown", {
      monitor: { consecutiveDown: 1, consecutiveUp: 1 },
      ejection: { consecutiveFailures: 1, cooldownMs: 60_000 },
    });
    const get = () => router.fetch("/", { headers: { "x-request-id": "req_panicdown" } });
    await b.set({ status: 500 });
    // GET is retried on the other origin: a answers the first, b fails the second (ejected) and
    // a answers it on the retry.
    for (const attempts of ["1", "2"]) {
      const res = await get();
      expect([res.status, res.headers.get("x-floodgate-origin")]).toEqual([200, "a"]);
      expect(res.headers.get("x-floodgate-attempts")).toBe(attempts);
      await res.text();
    }
    await router.settle();
    expect((await router.health(pool)).origins.b?.ejectedUntil).toEqual(expect.any(Number));
    await a.set({ health: 503 });
    await router.tick(Date.now());

    // a is down by its checks, b only ejected: panic sends everything to b.
    for (let i = 0; i < 3; i++) {
      const res = await get();
      expect(res.headers.get("x-floodgate-origin")).toBe("b");
      expect(res.headers.get("x-floodgate-panic")).toBe("1");
      expect(res.headers.get("x-floodgate-attempts")).toBe("1");
      expect(res.status).toBe(500);
      await res.text();
    }
    await router.settle();
    expect((await a.read()).requests).toBe(2);

    // b down by its checks too: nothing left for panic either.
    await b.set({ health: 503 });
    await router.tick(Date.now() + MINUTE);
    const res = await get();
    expect(res.status).toBe(503);
    expect(res.headers.get("x-floodgate-panic")).toBeNull();
    expect(res.headers.get("retry-after")).toBe("60");
    expect(errorEnvelopeSchema.parse(await res.json()).error).toMatchObject({
      type: "upstream_error",
      code: "no_healthy_origin",
      request_id: "req_panicdown",
    });
  });
});

describe("what counts against an origin (passive ejection)", () => {
  /** One control origin that a single failure would eject, and a second one to fail over to. */
  function fragile(
    ejection: Record<string, unknown> = {},
    vars: Record<string, string> = {},
    url?: string,
  ) {
    const t = uid("blame");
    const a = controlOrigin(`${t}-a`);
    const pool = uid("blame");
    const router = routerWith(
      {
        defaultPool: pool,
        pools: [
          {
            name: pool,
            origins: [{ id: "a", url: url ?? a.url }],
            ejection: { consecutiveFailures: 1, ...ejection },
          },
        ],
      },
      vars,
    );
    const originA = async () => {
      await router.settle();
      return (await router.health(pool)).origins.a;
    };
    return { router, a, originA };
  }

  const encoder = new TextEncoder();
  /** A request body that sends `parts` chunks `gapMs` apart, then ends, or fails if `fail`. */
  function dripBody(parts: number, gapMs: number, fail = false): ReadableStream<Uint8Array> {
    return new ReadableStream({
      async start(controller) {
        for (let i = 1; i <= parts; i++) {
          if (i > 1) await sleep(gapMs);
          controller.enqueue(encoder.encode(`part${i};`));
        }
        if (fail) controller.error(new Error("client went away"));
        else controller.close();
      },
    });
  }

  it("an origin's 4xx answers, whatever the client sends, never count", async () => {
    const { router, a, originA } = fragile();
    for (const status of [400, 404, 413, 429]) {
      await a.set({ status });
      const res = await router.fetch("/", { method: "POST", body: "{}" });
      expect(res.status).toBe(status);
      await res.text();
    }
    expect(await originA()).toMatchObject({ requests: 4, errors: 0, ejectedUntil: null });
  });

  it("501 for a method the origin does not implement is an answer about the request, not a failure", async () => {
    const { router, a, originA } = fragile();
    await a.set({ status: 501 });
    const res = await router.fetch("/", { method: "PROPFIND" });
    expect(res.status).toBe(501);
    expect(res.headers.get("x-floodgate-attempts")).toBe("1");
    await res.text();
    expect(await originA()).toMatchObject({ errors: 0, ejectedUntil: null });
  });

  it("ejection.failureStatuses narrows which 5xx count (e.g. gateway failures only)", async () => {
    const { router, a, originA } = fragile({ failureStatuses: [502, 503, 504] });
    await a.set({ status: 500 });
    await (await router.fetch("/", { method: "POST", body: "{}" })).text();
    expect(await originA()).toMatchObject({ errors: 0, ejectedUntil: null });
    await a.set({ status: 503 });
    await (await router.fetch("/", { method: "POST", body: "{}" })).text();
    expect((await originA())?.ejectedUntil).toEqual(expect.any(Number));
  });

  it("a client that uploads slowly: the origin's time to answer starts when the body is in", async () => {
    const { router, originA } = fragile({}, { ORIGIN_TIMEOUT_MS: "300" });
    const res = await router.fetch("/upload", {
      method: "POST",
      body: dripBody(5, 150), // 600 ms of upload, twice the origin's timeout
      duplex: "half",
    } as FetchInit);
    expect(res.status).toBe(200);
    expect(((await res.json()) as Echo).body).toBe("part1;part2;part3;part4;part5;");
    expect(await originA()).toMatchObject({ errors: 0, ejectedUntil: null });
  });

  it.each([
    ["a Worker origin", undefined],
    ["a network origin", env.NETWORK_ORIGIN],
  ])(
    "a client that goes away mid-upload: the attempt is dropped (499), not held against the origin, no cut-off body processed (%s)",
    async (_, url) => {
      const { router, a, originA } = fragile({}, {}, url);
      const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
      const res = await router.fetch("/upload", {
        method: "POST",
        body: dripBody(2, 50, true),
        duplex: "half",
      } as FetchInit);
      warn.mockRestore();
      expect(res.status).toBe(499);
      expect(errorEnvelopeSchema.parse(await res.json()).error.code).toBe("client_closed_request");
      // A request, but neither a failure nor a success.
      expect(await originA()).toMatchObject({ requests: 1, errors: 0, ejectedUntil: null });
      expect((await a.read()).bodies).toBe(0);
    },
  );

  it("a client that goes away while the origin works: the attempt is abandoned (499), neither a failure nor a success", async () => {
    const { router, a, originA } = fragile();
    await a.set({ delayMs: 600 });
    const client = new AbortController();
    const pending = router.fetch("/slow", { signal: client.signal });
    await sleep(100);
    client.abort();
    const res = await pending;
    expect(res.status).toBe(499);
    expect(await originA()).toMatchObject({ requests: 1, errors: 0, ejectedUntil: null });
  });
});

describe("failover", () => {
  function twoRegions(
    euOrigins: Array<{ id: string; url: string }>,
    minHealthy: number,
    usOrigins = [{ id: "us-1", url: controlOrigin(uid("us")).url }],
  ) {
    const eu = uid("eu");
    const us = uid("us");
    const monitor = { consecutiveDown: 1, consecutiveUp: 1 };
    const router = routerWith({
      defaultPool: us,
      failoverOrder: [us, eu],
      pools: [
        {
          name: eu,
          countries: ["DE"],
          continents: ["EU"],
          minHealthy,
          origins: euOrigins,
          monitor,
        },
        { name: us, countries: ["US"], origins: usOrigins, monitor },
      ],
    });
    return { router, eu, us };
  }

  it("a pool below its minimum healthy origins fails over to the next pool", async () => {
    const t = uid("fo");
    const a = controlOrigin(`${t}-a`);
    const b = controlOrigin(`${t}-b`);
    const { router, eu, us } = twoRegions(
      [
        { id: "eu-a", url: a.url },
        { id: "eu-b", url: b.url },
      ],
      2,
    );
    const fromGermany = () => router.fetch("/", { cf: { country: "DE", continent: "EU" } });

    let res = await fromGermany();
    expect(res.headers.get("x-floodgate-pool")).toBe(eu);
    expect(res.headers.get("x-floodgate-steering")).toBe("country");

    await a.set({ health: 503 });
    await router.tick(Date.now());
    res = await fromGermany();
    // One healthy origin left, but the pool needs two: the US pool serves.
    expect(res.status).toBe(200);
    expect(res.headers.get("x-floodgate-pool")).toBe(us);
    expect(res.headers.get("x-floodgate-steering")).toBe("failover");
    expect(res.headers.get("x-floodgate-region")).toBe("DE/EU");

    await a.set({ health: 200 });
    await router.tick(Date.now() + MINUTE);
    expect((await fromGermany()).headers.get("x-floodgate-pool")).toBe(eu);
  });

  it("when no pool is usable, a degraded pool still serves rather than a 503", async () => {
    const t = uid("deg");
    const a = controlOrigin(`${t}-a`);
    const us = controlOrigin(`${t}-us`);
    const { router, eu } = twoRegions(
      [
        { id: "eu-a", url: a.url },
        { id: "eu-b", url: controlOrigin(`${t}-b`).url },
      ],
      2,
      [{ id: "us-1", url: us.url }],
    );
    await a.set({ health: 503 });
    await us.set({ health: 503 });
    await router.tick(Date.now());
    const res = await router.fetch("/", { cf: { country: "DE", continent: "EU" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-floodgate-pool")).toBe(eu);
    expect(res.headers.get("x-floodgate-origin")).toBe("eu-b");
  });

  it("all origins down → 503 in the envelope with retry-after", async () => {
    const t = uid("down");
    const a = controlOrigin(`${t}-a`);
    const us = controlOrigin(`${t}-us`);
    const { router } = twoRegions([{ id: "eu-a", url: a.url }], 1, [{ id: "us-1", url: us.url }]);
    await a.set({ health: 503 });
    await us.set({ health: 503 });
    await router.tick(Date.now());
    const res = await router.fetch("/v1/chat/completions", {
      method: "POST",
      cf: { country: "DE", continent: "EU" },
      headers: { "x-request-id": "req_alldown" },
      body: "{}",
    });
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("60"); // one more passed check, every minute
    expect(res.headers.get("content-type")).toContain("application/json");
    const body = errorEnvelopeSchema.parse(await res.json());
    expect(body.error).toMatchObject({
      type: "upstream_error",
      code: "no_healthy_origin",
      param: null,
      request_id: "req_alldown",
    });
    expect((await a.read()).requests).toBe(0);
    expect((await us.read()).requests).toBe(0);
  });
});
