import { ApiError } from "@floodgate/contracts";
import { type Db, identities } from "@floodgate/db";
import type { Rule, RuleUsage } from "@floodgate/ratelimit";
import { and, asc, eq, gt, type SQL, sql } from "drizzle-orm";
import { limiterFor } from "../../limiter/limiter-client";
import type { IdentityView, InvalidInput } from "../../limiter/limiter-rpc";
import { loadProjectById, type ProjectConfig } from "../../project/project-config";
import { validationError } from "../http/validation-hook";
import type { RuleBody } from "../schemas/limit-rules";
import { limiterRule } from "./limit-rules";
import { mapLimited } from "./map-limited";

/** The identity's LimiterDO, the authority for its state. */
export function identityLimiter(env: Env, projectId: string, identity: string) {
  return limiterFor(env.LIMITER, projectId, identity);
}

/** How many LimiterDOs of a deleted project's identities are told at once. */
const FORGET_CONCURRENCY = 8;

/**
 * Tells the LimiterDO of each identity of a deleted project to drop what it keeps, a few at a
 * time. An identity not yet in D1 (first seen less than a rollup flush ago) has its alarm
 * pending: the alarm finds the project gone and drops the state then.
 */
export async function forgetIdentitiesOfDeletedProject(
  env: Env,
  projectId: string,
  names: readonly string[],
): Promise<void> {
  let failed = 0;
  await mapLimited(names, FORGET_CONCURRENCY, (name) =>
    identityLimiter(env, projectId, name)
      .projectDeleted()
      .catch(() => {
        failed += 1;
      }),
  );
  if (failed > 0) {
    throw new Error(`${failed} of ${names.length} identities' limiter state was not dropped`);
  }
}

/** A rejected limiter input becomes a 400 naming the fields. */
export function limiterInputError(result: InvalidInput, prefix?: string): ApiError {
  return validationError(
    result.error.issues.map((i) => ({
      param: [prefix, i.path].filter((p) => p).join(".") || "body",
      message: i.message,
    })),
  );
}

/** API overrides → the limiter's rules (ids `ovr_1`, `ovr_2`, …; scope.identity set). */
export function overridesToRules(overrides: readonly RuleBody[]): unknown[] {
  return overrides.map((o, i) => limiterRule(`ovr_${i + 1}`, o, { identity: true }));
}

function ruleToOverride(rule: Rule) {
  return {
    modelPattern: rule.scope.model ?? null,
    metric: rule.metric,
    window: rule.window,
    limit: rule.limit,
  };
}

export function identityRecord(view: IdentityView) {
  return {
    identity: view.identity,
    tier: view.tier,
    disabled: view.disabled,
    promoUntil: view.promoUntil,
    gift: view.gift,
    overrides: view.overrides.map(ruleToOverride),
    lastSeenAt: view.lastSeenAt,
  };
}

export function usageView(usage: readonly RuleUsage[]) {
  return usage.map((u) => ({
    ruleId: u.id,
    metric: u.metric,
    window: u.window,
    limit: u.limit,
    used: u.used,
    remaining: u.remaining,
    resetAt: u.resetAt,
  }));
}

/** The project's config as the hot path sees it (rules in the limiter's form, default tier). */
export async function projectConfigOf(
  db: Db,
  projectId: string,
  masterKey: string,
): Promise<ProjectConfig> {
  const lookup = await loadProjectById(db, projectId, masterKey);
  if (!lookup.ok) {
    if (lookup.reason === "unknown_key")
      throw ApiError.notFound("No such project.", "project_not_found");
    throw ApiError.internal();
  }
  return lookup.config;
}

/** Throws a 400 when `tier` is set and the project has no such tier. */
export function assertTierExists(
  config: ProjectConfig,
  tier: string | null | undefined,
  param = "tier",
): void {
  if (tier !== null && tier !== undefined && !config.tiers.includes(tier)) {
    throw ApiError.badRequest(
      `${param}: no tier named "${tier}" in this project`,
      param,
      "unknown_tier",
    );
  }
}

/** A page of the D1 mirror, ordered by identity. */
export async function listIdentities(
  db: Db,
  projectId: string,
  query: {
    tier?: string | undefined;
    search?: string | undefined;
    disabled?: "true" | "false" | undefined;
    limit: number;
    cursor?: string | undefined;
  },
) {
  const conditions: SQL[] = [eq(identities.projectId, projectId)];
  if (query.tier !== undefined) conditions.push(eq(identities.tier, query.tier));
  if (query.disabled !== undefined)
    conditions.push(eq(identities.disabled, query.disabled === "true"));
  if (query.search !== undefined) {
    const escaped = query.search.replace(/[\\%_]/g, (ch) => `\\${ch}`);
    conditions.push(sql`${identities.identity} like ${`%${escaped}%`} escape '\\'`);
  }
  if (query.cursor !== undefined) conditions.push(gt(identities.identity, query.cursor));
  const rows = await db
    .select()
    .from(identities)
    .where(and(...conditions))
    .orderBy(asc(identities.identity))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  return {
    identities: page.map((r) => ({
      identity: r.identity,
      tier: r.tier,
      disabled: r.disabled,
      promoUntil: r.promoUntil,
      gift: { requests: r.giftRequests, tokens: r.giftTokens },
      firstSeenAt: r.firstSeenAt,
      lastSeenAt: r.lastSeenAt,
      updatedAt: r.updatedAt,
    })),
    nextCursor: rows.length > query.limit ? (page.at(-1)?.identity ?? null) : null,
  };
}
