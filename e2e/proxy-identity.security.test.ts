import { importJWK, SignJWT } from "jose";
import OpenAI from "openai";
import { describe, expect, inject, it } from "vitest";
import { fixtureSecrets } from "./fixtures";
import { baseUrl, freshIdentity, hello } from "./helpers";

const secret = new TextEncoder().encode(fixtureSecrets.signingSecret);

async function hsToken(
  claims: Record<string, unknown>,
  opts: { exp?: string | number; aud?: string; alg?: string } = {},
) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: opts.alg ?? "HS256" })
    .setAudience(opts.aud ?? "prj_signed")
    .setIssuedAt()
    .setExpirationTime(opts.exp ?? "5m")
    .sign(secret);
}

async function rsToken(claims: Record<string, unknown>) {
  const key = await importJWK(JSON.parse(inject("jwksPrivateKey")), "RS256");
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "RS256", kid: "e2e-key" })
    .setAudience("prj_signed")
    .setExpirationTime("5m")
    .sign(key);
}

/** The app sends its identity token as the SDK's apiKey (so as `Authorization: Bearer …`). */
function signedClient(token: string, extra: Record<string, string> = {}) {
  return new OpenAI({
    apiKey: token,
    baseURL: `${baseUrl}/v1`,
    maxRetries: 0,
    defaultHeaders: { "x-project-key": "pk_signed", "cf-connecting-ip": "203.0.113.7", ...extra },
  });
}

const ask = (sdk: OpenAI) =>
  sdk.chat.completions.create({ model: "gpt-4o-mini", messages: hello }).withResponse();

describe("signed identity tokens", () => {
  it("accepts an HS256 token signed with the project's secret; identity and tier come from its claims", async () => {
    const identity = freshIdentity("hs");
    const { response } = await ask(
      signedClient(await hsToken({ sub: identity, tier: "pro" }), { "x-tier": "free" }),
    );
    expect(response.headers.get("x-floodgate-tier")).toBe("pro");
    expect(response.headers.get("x-ratelimit-limit-requests")).toBe("100");
    // the token never reaches the provider
    expect(response.headers.get("x-mock-received-authorization")).toBe("absent");
  });

  it("accepts an RS256 token verified against the app backend's JWKS", async () => {
    const { data } = await ask(signedClient(await rsToken({ sub: freshIdentity("rs") })));
    expect(data.choices[0]?.message.content).toMatch(/^Mock reply/);
  });

  it("counts limits for the token's subject, whatever x-identity says", async () => {
    const identity = freshIdentity("sub");
    const token = await hsToken({ sub: identity });
    for (let i = 0; i < 2; i++) await ask(signedClient(token, { "x-identity": `spoofed-${i}` }));
    const err = await ask(signedClient(token, { "x-identity": "spoofed-3" })).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
  });

  const rejections: [string, () => Promise<string>, string][] = [
    [
      "forged (wrong secret)",
      () =>
        new SignJWT({ sub: "u" })
          .setProtectedHeader({ alg: "HS256" })
          .setAudience("prj_signed")
          .setExpirationTime("5m")
          .sign(new TextEncoder().encode("not-the-secret-not-the-secret-00")),
      "identity_token_invalid",
    ],
    [
      "expired",
      () => hsToken({ sub: "u" }, { exp: Math.floor(Date.now() / 1000) - 120 }),
      "identity_token_expired",
    ],
    [
      "wrong algorithm (HS512)",
      () => hsToken({ sub: "u" }, { alg: "HS512" }),
      "identity_token_wrong_algorithm",
    ],
    [
      "unsigned (alg none)",
      async () =>
        `${btoa(JSON.stringify({ alg: "none" })).replaceAll("=", "")}.${btoa(JSON.stringify({ sub: "u", aud: "prj_signed", exp: 9999999999 })).replaceAll("=", "")}.sig`,
      "identity_token_wrong_algorithm",
    ],
    ["wrong audience", () => hsToken({ sub: "u" }, { aud: "prj_other" }), "identity_token_invalid"],
    [
      "without exp",
      () =>
        new SignJWT({ sub: "u" })
          .setProtectedHeader({ alg: "HS256" })
          .setAudience("prj_signed")
          .sign(secret),
      "identity_token_invalid",
    ],
  ];

  it.each(rejections)("rejects a %s token with 401 in the envelope", async (_name, make, code) => {
    const err = await ask(signedClient(await make())).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((err as InstanceType<typeof OpenAI.AuthenticationError>).code).toBe(code);
  });

  it("requires a token when the project says so", async () => {
    const res = await fetch(`${baseUrl}/v1/chat/completions`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-project-key": "pk_signed",
        "x-identity": "plain-header",
      },
      body: JSON.stringify({ model: "gpt-4o-mini", messages: hello }),
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
      "identity_token_required",
    );
  });
});

describe("an app backend whose JWKS cannot be fetched", () => {
  it("answers 502 naming the JWKS, and counts no strike against the caller's address", async () => {
    const token = await rsToken({ sub: freshIdentity("jwks-down") });
    const sdk = new OpenAI({
      apiKey: token,
      baseURL: `${baseUrl}/v1`,
      maxRetries: 0,
      defaultHeaders: { "x-project-key": "pk_jwks_down", "cf-connecting-ip": "203.0.113.99" },
    });
    // More calls than the shield tolerates failed authentications from one address.
    for (let i = 0; i < 22; i++) {
      const error = await ask(sdk).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAI.InternalServerError);
      const apiError = error as InstanceType<typeof OpenAI.InternalServerError>;
      expect(apiError.status).toBe(502);
      expect(apiError.code).toBe("identity_jwks_unavailable");
      expect(apiError.message).toContain("JWKS could not be fetched");
    }
  });
});

describe("client tiers", () => {
  it("ignores x-tier when the project does not allow client tiers", async () => {
    const headers = {
      "content-type": "application/json",
      "x-project-key": "pk_notier",
      "x-identity": freshIdentity("notier"),
      "x-tier": "pro",
    };
    const body = JSON.stringify({ model: "gpt-4o-mini", messages: hello });
    const first = await fetch(`${baseUrl}/v1/chat/completions`, { method: "POST", headers, body });
    expect(first.status).toBe(200);
    expect(first.headers.get("x-floodgate-tier")).toBe("free");
    const second = await fetch(`${baseUrl}/v1/chat/completions`, { method: "POST", headers, body });
    expect(second.status).toBe(429);
  });
});

describe("the abuse shield", () => {
  it("bans an address after repeated unknown keys, with growing retry-after", async () => {
    const headers = {
      "content-type": "application/json",
      "x-identity": "x",
      "cf-connecting-ip": "198.51.100.23",
    };
    const statuses: number[] = [];
    let banned: Response | undefined;
    for (let i = 0; i < 22; i++) {
      const res = await fetch(`${baseUrl}/v1/chat/completions`, {
        method: "POST",
        headers: { ...headers, "x-project-key": `pk_unknown_${i}` },
        body: "{}",
      });
      statuses.push(res.status);
      if (res.status === 429) banned = res;
      else await res.body?.cancel();
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
    expect(Number(banned?.headers.get("retry-after"))).toBeGreaterThan(290);
    if (!banned) throw new Error("never banned");
    expect(((await banned.json()) as { error: { code: string } }).error.code).toBe("client_banned");
    // another address is unaffected
    const other = await fetch(`${baseUrl}/v1/chat/completions`, {
      method: "POST",
      headers: { ...headers, "cf-connecting-ip": "198.51.100.24", "x-project-key": "pk_unknown" },
      body: "{}",
    });
    expect(other.status).toBe(401);
  });
});
