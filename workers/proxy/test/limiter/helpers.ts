import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { Rule } from "@floodgate/ratelimit";
import { limiterFor } from "../../src/limiter/limiter-client";
import type { LimiterDO } from "../../src/limiter/limiter-do";
import { type CheckInput, type PeekInput, rulesText } from "../../src/limiter/limiter-rpc";

export { rulesText };

export const projectId = "prj_limiter_test";

let counter = 0;
/** A fresh identity (and so a fresh Durable Object) per test. */
export function freshIdentity(label: string): string {
  counter += 1;
  return `${label}-${counter}-${crypto.randomUUID().slice(0, 8)}`;
}

/** The project the tests' identities belong to (the object mirrors identities into D1). */
export async function seedProject(): Promise<void> {
  await env.DB.batch([
    env.DB.prepare(
      "INSERT INTO users (id, email, password_hash, password_salt, password_iterations) VALUES ('usr_lim', 'lim@example.com', 'x', 'x', 1) ON CONFLICT DO NOTHING",
    ),
    env.DB.prepare(
      `INSERT INTO projects (id, owner_id, slug, name) VALUES ('${projectId}', 'usr_lim', 'lim', 'Limiter tests') ON CONFLICT DO NOTHING`,
    ),
  ]);
}

export function stub(identity: string): DurableObjectStub<LimiterDO> {
  return limiterFor(env.LIMITER, projectId, identity);
}

export const noTier = { claimed: null, client: null, fallback: null, projectTiers: [] };

export function perMinute(
  limit: number,
  metric: Rule["metric"] = "requests",
  id = `rpm-${metric}`,
): Rule {
  return { id, metric, window: { kind: "rolling", durationMs: 60_000 }, limit, scope: {} };
}

export function perDay(
  limit: number,
  metric: Rule["metric"] = "requests",
  timeZone?: string,
): Rule {
  return {
    id: `day-${metric}`,
    metric,
    window: { kind: "calendar", unit: "day", ...(timeZone ? { timeZone } : {}) },
    limit,
    scope: {},
  };
}

export const oneRequest = { requests: 1, inputTokens: 0, outputTokens: 0, costMicroUsd: 0 };

export function checkInput(
  identity: string,
  rules: Rule[],
  {
    sessionRules,
    ...extra
  }: Omit<Partial<CheckInput>, "sessionRules"> & { sessionRules?: Rule[] } = {},
): CheckInput {
  return {
    projectId,
    identity,
    reservationId: crypto.randomUUID(),
    model: "gpt-4o-mini",
    tier: noTier,
    rules: rulesText(rules),
    ...(sessionRules ? { sessionRules: rulesText(sessionRules) } : {}),
    cost: oneRequest,
    ...extra,
  };
}

/** A `peek` of the identity's usage under `rules`, any model, no tier sources. */
export function peekInput(
  identity: string,
  rules: Rule[],
  extra: Omit<Partial<PeekInput>, "sessionRules"> & { sessionRules?: Rule[] } = {},
): PeekInput {
  const { sessionRules, ...rest } = extra;
  return {
    projectId,
    identity,
    rules: rulesText(rules),
    model: null,
    tier: noTier,
    ...(sessionRules ? { sessionRules: rulesText(sessionRules) } : {}),
    ...rest,
  };
}

/** Sets the object's clock to a fixed instant (epoch ms). */
export async function setClock(identity: string, nowMs: number): Promise<void> {
  await runInDurableObject(stub(identity), (instance: LimiterDO) => {
    instance.clock = () => nowMs;
  });
}
