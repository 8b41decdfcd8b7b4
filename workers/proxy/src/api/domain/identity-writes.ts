import type { Db, Project } from "@floodgate/db";
import type { z } from "@hono/zod-openapi";
import type { IdentityView, RpcResult } from "../../limiter/limiter-rpc";
import type { Actor } from "../auth/actor";
import { projectNotFound } from "../http/api-errors";
import type { upsertIdentitySchema } from "../schemas/identities";
import { auditStatement } from "./audit";
import { runBatch } from "./batch";
import { identityLimiter, identityRecord, limiterInputError, overridesToRules } from "./identities";
import { reloadProject } from "./projects";

export interface IdentityWriteContext {
  env: Env;
  db: Db;
  project: Project;
  actor: Actor;
  requestId: string | null;
}

type Limiter = ReturnType<typeof identityLimiter>;

/**
 * Runs a management call on the identity's LimiterDO (which applies it to the live state and
 * mirrors the record to D1), then records it in the audit log. The DO goes first: it is the
 * authority, and an audit entry must not claim a change that was refused.
 */
export async function writeIdentity(
  ctx: IdentityWriteContext,
  identity: string,
  action: string,
  diff: unknown,
  call: (
    limiter: Limiter,
    owner: { projectId: string; identity: string },
  ) => Promise<RpcResult<{ identity: IdentityView }>>,
) {
  const owner = { projectId: ctx.project.id, identity };
  const limiter = identityLimiter(ctx.env, ctx.project.id, identity);
  let result: Awaited<ReturnType<typeof call>>;
  try {
    result = await call(limiter, owner);
  } catch (err) {
    // Deleted while the call ran, the project has no row for the identity's record to refer to:
    // the limiter keeps nothing of it (as its alarm would do), and the caller gets the 404.
    if (await reloadProject(ctx.db, ctx.project.id)) throw err;
    await limiter.projectDeleted();
    throw projectNotFound();
  }
  if (!result.ok) throw limiterInputError(result);
  await runBatch(ctx.db, [
    auditStatement(ctx.db, {
      projectId: ctx.project.id,
      actor: ctx.actor,
      action,
      targetType: "identity",
      targetId: identity,
      requestId: ctx.requestId,
      diff,
    }),
  ]);
  return identityRecord(result.identity);
}

/** An upsert of the identity's record (alone or as one item of a bulk): tier and overrides, then disabled. */
export function upsertIdentity(
  ctx: IdentityWriteContext,
  identity: string,
  input: z.infer<typeof upsertIdentitySchema>,
) {
  return writeIdentity(
    ctx,
    identity,
    "identity.upsert",
    { after: input },
    async (limiter, owner) => {
      const configured = await limiter.configure({
        ...owner,
        ...(input.tier !== undefined ? { tier: input.tier } : {}),
        ...(input.overrides !== undefined ? { overrides: overridesToRules(input.overrides) } : {}),
      });
      if (!configured.ok || input.disabled === undefined) return configured;
      return limiter.setDisabled({ ...owner, disabled: input.disabled });
    },
  );
}
