import { ApiError } from "@floodgate/contracts";
import { type ApiKey, apiKeys, type Db } from "@floodgate/db";
import { and, eq, gt, isNotNull, isNull, lte, or, type SQL } from "drizzle-orm";
import type { Actor } from "../auth/actor";
import { commitChange } from "./commit";
import { newestFirst } from "./newest-first";
import { diffOf } from "./redact";

export type ApiKeyStatus = "active" | "blocked" | "expired" | "revoked";

export function apiKeyStatus(key: ApiKey, nowMs = Date.now()): ApiKeyStatus {
  if (key.revokedAt !== null) return "revoked";
  if (key.blockedAt !== null) return "blocked";
  if (key.expiresAt !== null && key.expiresAt <= nowMs) return "expired";
  return "active";
}

export function apiKeyView(key: ApiKey, nowMs = Date.now()) {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    tier: key.tier,
    identity: key.identity ?? key.id,
    status: apiKeyStatus(key, nowMs),
    expiresAt: key.expiresAt,
    blockedAt: key.blockedAt,
    revokedAt: key.revokedAt,
    lastUsedAt: key.lastUsedAt,
    createdAt: key.createdAt,
  };
}

/** `apiKeyStatus` as a condition on the row, so a filtered list can be paged in SQL. */
function statusIs(status: ApiKeyStatus, nowMs: number): SQL | undefined {
  const live = and(isNull(apiKeys.revokedAt), isNull(apiKeys.blockedAt));
  switch (status) {
    case "revoked":
      return isNotNull(apiKeys.revokedAt);
    case "blocked":
      return and(isNull(apiKeys.revokedAt), isNotNull(apiKeys.blockedAt));
    case "expired":
      return and(live, lte(apiKeys.expiresAt, nowMs));
    case "active":
      return and(live, or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, nowMs)));
  }
}

export interface ApiKeyListQuery {
  tier?: string | undefined;
  status?: ApiKeyStatus | undefined;
  identity?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/**
 * The statement behind `listApiKeys`: `limit + 1` of a project's keys, newest first, read in the
 * order of the `(project_id, created_at, id)` index.
 */
export function apiKeyPageQuery(db: Db, projectId: string, query: ApiKeyListQuery, nowMs: number) {
  const conditions: (SQL | undefined)[] = [eq(apiKeys.projectId, projectId)];
  if (query.tier !== undefined) conditions.push(eq(apiKeys.tier, query.tier));
  if (query.status !== undefined) conditions.push(statusIs(query.status, nowMs));
  if (query.identity !== undefined) {
    // A key without an owner identity counts against its own id.
    conditions.push(
      or(
        eq(apiKeys.identity, query.identity),
        and(isNull(apiKeys.identity), eq(apiKeys.id, query.identity)),
      ),
    );
  }
  if (query.cursor !== undefined) conditions.push(newestFirst.after(apiKeys, query.cursor));
  return db
    .select()
    .from(apiKeys)
    .where(and(...conditions))
    .orderBy(...newestFirst.orderBy(apiKeys))
    .limit(query.limit + 1);
}

/** A page of a project's API keys, newest first, filtered as `apiKeyView` shows them. */
export async function listApiKeys(
  db: Db,
  projectId: string,
  query: ApiKeyListQuery,
  nowMs = Date.now(),
) {
  const rows = await apiKeyPageQuery(db, projectId, query, nowMs);
  const { page, nextCursor } = newestFirst.page(rows, query.limit);
  return { apiKeys: page.map((key) => apiKeyView(key, nowMs)), nextCursor };
}

export async function findApiKey(db: Db, projectId: string, keyId: string): Promise<ApiKey> {
  const [key] = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.projectId, projectId), eq(apiKeys.id, keyId)));
  if (!key) throw ApiError.notFound("No such API key.", "api_key_not_found");
  return key;
}

/**
 * Changes an API key and records it; bumps the project's version stamp so the gateway's cached
 * copy of the key is refreshed at once in this isolate and within the TTL elsewhere.
 */
export async function changeApiKey(
  db: Db,
  key: ApiKey,
  set: Partial<Pick<ApiKey, "name" | "tier" | "expiresAt" | "blockedAt" | "revokedAt">>,
  action: string,
  actor: Actor,
  requestId: string | null,
): Promise<ApiKey> {
  const after = { ...key, ...set };
  await commitChange(db, {
    statements: [db.update(apiKeys).set(set).where(eq(apiKeys.id, key.id))],
    audit: {
      projectId: key.projectId,
      actor,
      action,
      targetType: "api_key",
      targetId: key.id,
      requestId,
      diff: diffOf(apiKeyView(key), apiKeyView(after)),
    },
    configOf: key.projectId,
  });
  return after;
}
