import { describe, expect, it } from "vitest";
import { controlOrigin, routerWith, sleep, uid } from "./support/router";

/** A pool `name` of the given origins, steered to by everything (it is the default). */
function onePool(
  name: string,
  origins: Array<{ id: string; url: string; weight?: number }>,
  extra: Record<string, unknown> = {},
) {
  return { defaultPool: name, pools: [{ name, origins, ...extra }] };
}

describe("strategies through the worker", () => {
  it("least_outstanding prefers the idle origin under concurrent slow requests", async () => {
    const t = uid("lor");
    const slow = controlOrigin(`${t}-slow`);
    const fast = controlOrigin(`${t}-fast`);
    await slow.set({ delayMs: 600 });
    const run = async (strategy: string) => {
      const router = routerWith(
        onePool(
          uid(strategy),
          [
            { id: "slow", url: slow.url },
            { id: "fast", url: fast.url },
          ],
          { strategy },
        ),
      );
      const served: string[] = [];
      const inFlight: Promise<void>[] = [];
      for (let i = 0; i < 20; i++) {
        inFlight.push(
          router.fetch("/work").then(async (res) => {
            await res.text();
            served.push(res.headers.get("x-floodgate-origin") ?? "?");
          }),
        );
        await sleep(15);
      }
      await Promise.all(inFlight);
      return served.filter((o) => o === "slow").length;
    };
    // While a slow request is in flight, new requests go to the idle origin (a tie, when a fast
    // request is still finishing under load, may send one more to the slow one).
    expect(await run("least_outstanding")).toBeLessThanOrEqual(3);
    // Round robin, blind to load, sends the slow origin half of them: the test tells them apart.
    expect(await run("round_robin")).toBe(10);
  });

  it("round_robin rotates over the pool's origins", async () => {
    const t = uid("rr");
    const router = routerWith(
      onePool(
        uid("rr"),
        ["a", "b", "c"].map((id) => ({ id, url: controlOrigin(`${t}-${id}`).url })),
      ),
    );
    const served = [];
    for (let i = 0; i < 6; i++)
      served.push((await router.fetch("/")).headers.get("x-floodgate-origin"));
    expect(served).toEqual(["a", "b", "c", "a", "b", "c"]);
  });

  it("round_robin keeps rotating when a request is retried: a retry does not restart the cycle", async () => {
    const t = uid("rrretry");
    const [a, b, c] = ["a", "b", "c"].map((id) => controlOrigin(`${t}-${id}`));
    if (!a || !b || !c) throw new Error("three origins");
    await b.set({ status: 503 });
    const router = routerWith(
      onePool(
        uid("rrretry"),
        [
          { id: "a", url: a.url },
          { id: "b", url: b.url },
          { id: "c", url: c.url },
        ],
        { ejection: { consecutiveFailures: 1_000 } },
      ),
    );
    const served = [];
    for (let i = 0; i < 6; i++) {
      const res = await router.fetch("/");
      served.push(res.headers.get("x-floodgate-origin"));
      await res.text();
    }
    // b's requests are retried elsewhere; the first attempts still go a, b, c, a, b, c.
    expect((await b.read()).requests).toBe(2);
    expect((await c.read()).requests).toBeGreaterThanOrEqual(2);
  });

  it("weighted never sends traffic to a drained origin (weight 0)", async () => {
    const t = uid("w");
    const router = routerWith(
      onePool(
        uid("w"),
        [
          { id: "live", url: controlOrigin(`${t}-live`).url, weight: 0.2 },
          { id: "drained", url: controlOrigin(`${t}-drained`).url, weight: 0 },
        ],
        { strategy: "weighted" },
      ),
    );
    for (let i = 0; i < 20; i++)
      expect((await router.fetch("/")).headers.get("x-floodgate-origin")).toBe("live");
  });

  it("a drained origin (weight 0) takes no traffic while the pool has a weighted origin: not as a retry, not as the last one up", async () => {
    const t = uid("drain");
    const live = controlOrigin(`${t}-live`);
    const drained = controlOrigin(`${t}-drained`);
    const backup = controlOrigin(`${t}-backup`);
    const pool = uid("drain");
    const other = uid("drain-other");
    const router = routerWith({
      defaultPool: pool,
      failoverOrder: [pool, other],
      pools: [
        {
          name: pool,
          origins: [
            { id: "live", url: live.url, weight: 1 },
            { id: "drained", url: drained.url, weight: 0 },
          ],
          ejection: { consecutiveFailures: 2, cooldownMs: 60_000 },
        },
        { name: other, origins: [{ id: "backup", url: backup.url }] },
      ],
    });
    await live.set({ status: 503 });
    // The retry after the live origin's 5xx goes to the other pool, not to the drained origin.
    const retried = await router.fetch("/");
    expect(retried.headers.get("x-floodgate-origin")).toBe("backup");
    await retried.text();
    await (await router.fetch("/")).text();
    await router.settle();
    // The live origin is ejected now: the pool fails over rather than using the drained origin.
    const failedOver = await router.fetch("/");
    expect(failedOver.headers.get("x-floodgate-origin")).toBe("backup");
    expect(failedOver.headers.get("x-floodgate-steering")).toBe("failover");
    expect((await drained.read()).requests).toBe(0);
  });

  it("ip_hash keeps a client IP on one origin and spreads different IPs", async () => {
    const t = uid("ip");
    const router = routerWith(
      onePool(
        uid("ip"),
        ["a", "b", "c", "d"].map((id) => ({ id, url: controlOrigin(`${t}-${id}`).url })),
        { strategy: "ip_hash" },
      ),
    );
    const originOf = async (ip: string) =>
      (await router.fetch("/", { headers: { "cf-connecting-ip": ip } })).headers.get(
        "x-floodgate-origin",
      );
    const first = await originOf("198.51.100.23");
    for (let i = 0; i < 5; i++) expect(await originOf("198.51.100.23")).toBe(first);
    const spread = new Set<string | null>();
    for (let i = 0; i < 40; i++) spread.add(await originOf(`203.0.113.${i}`));
    expect(spread.size).toBe(4);
  });

  it("ip_hash without a client IP (behind the proxy, which drops it) spreads by weight rather than pinning every request to one origin", async () => {
    const t = uid("ipless");
    const router = routerWith(
      onePool(
        uid("ipless"),
        ["a", "b", "c", "d"].map((id) => ({ id, url: controlOrigin(`${t}-${id}`).url })),
        { strategy: "ip_hash" },
      ),
    );
    const served = new Set<string | null>();
    for (let i = 0; i < 40; i++)
      served.add((await router.fetch("/v1/chat/completions")).headers.get("x-floodgate-origin"));
    expect(served.size).toBeGreaterThan(1);
  });

  it("latency steers to the origin with the lower EWMA once both are measured", async () => {
    const t = uid("lat");
    const slow = controlOrigin(`${t}-slow`);
    await slow.set({ delayMs: 150 });
    const router = routerWith(
      onePool(
        uid("lat"),
        [
          { id: "slow", url: slow.url },
          { id: "fast", url: controlOrigin(`${t}-fast`).url },
        ],
        { strategy: "latency" },
      ),
    );
    const served = [];
    for (let i = 0; i < 8; i++)
      served.push((await router.fetch("/")).headers.get("x-floodgate-origin"));
    // The first two requests measure both origins; after that only the fast one is used.
    expect(new Set(served.slice(0, 2))).toEqual(new Set(["slow", "fast"]));
    expect(served.slice(2)).toEqual(Array(6).fill("fast"));
  });
});

describe("latency samples", () => {
  it("a failed answer is no latency sample: an origin that fails fast must not look fast to other isolates", async () => {
    const t = uid("latfail");
    const failing = controlOrigin(`${t}-failing`);
    const working = controlOrigin(`${t}-working`);
    await failing.set({ status: 503 });
    const pool = uid("latfail");
    const router = routerWith(
      onePool(
        pool,
        [
          { id: "failing", url: failing.url },
          { id: "working", url: working.url },
        ],
        { strategy: "round_robin", ejection: { consecutiveFailures: 1_000 } },
      ),
    );
    for (let i = 0; i < 2; i++)
      await (await router.fetch("/", { method: "POST", body: "{}" })).text();
    await router.settle();
    const origins = (await router.health(pool)).origins;
    expect(origins.failing).toMatchObject({ requests: 1, errors: 1, latencyEwmaMs: null });
    expect(origins.working?.latencyEwmaMs).toEqual(expect.any(Number));
  });
});

describe("session affinity through the worker", () => {
  it("cookie: pins the session to its origin, and re-pins when that origin goes down", async () => {
    const t = uid("aff");
    const pool = uid("aff");
    const router = routerWith(
      onePool(
        pool,
        ["a", "b", "c"].map((id) => ({ id, url: controlOrigin(`${t}-${id}`).url })),
        {
          affinity: { mode: "cookie", cookieName: "fg_pin", ttlSeconds: 600 },
          monitor: { consecutiveDown: 1, consecutiveUp: 1 },
        },
      ),
    );
    const first = await router.fetch("/");
    const pinned = first.headers.get("x-floodgate-origin") ?? "";
    const cookie = first.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(
      new RegExp(`^fg_pin=${pinned}; Max-Age=600; Path=/; HttpOnly; SameSite=Lax; Secure$`),
    );
    for (let i = 0; i < 5; i++) {
      const res = await router.fetch("/", { headers: { cookie: `other=1; fg_pin=${pinned}` } });
      expect(res.headers.get("x-floodgate-origin")).toBe(pinned);
      expect(res.headers.get("set-cookie")).toBeNull();
    }
    // The pinned origin fails its check: the session moves and gets a new cookie.
    await controlOrigin(`${t}-${pinned}`).set({ health: 503 });
    await router.tick(Date.now());
    const moved = await router.fetch("/", { headers: { cookie: `fg_pin=${pinned}` } });
    const next = moved.headers.get("x-floodgate-origin");
    expect(next).not.toBe(pinned);
    expect(moved.headers.get("set-cookie")).toContain(`fg_pin=${next};`);
  });

  it("header: one session id stays on one origin", async () => {
    const t = uid("hdr");
    const router = routerWith(
      onePool(
        uid("hdr"),
        ["a", "b", "c"].map((id) => ({ id, url: controlOrigin(`${t}-${id}`).url })),
        {
          affinity: { mode: "header", headerName: "x-identity" },
        },
      ),
    );
    const originFor = async (identity: string) =>
      (await router.fetch("/", { headers: { "x-identity": identity } })).headers.get(
        "x-floodgate-origin",
      );
    for (const user of ["alice", "bob", "carol"]) {
      const first = await originFor(user);
      for (let i = 0; i < 4; i++) expect(await originFor(user)).toBe(first);
    }
  });
});
