import type { LimiterDO } from "./limiter-do";

/**
 * The LimiterDO of one (project, identity). Every RPC method takes `{ projectId, identity, … }`
 * and answers a value: `{ ok: true, … }`, or `{ ok: false, error: { code: "invalid_input", … } }`
 * for a bad input (nothing changed). Methods: `check`, `settle`, `settleAll`, `refund`, `peek` (the
 * hot path; `check` and `peek` can carry earlier settles, see `identity-limiter.ts`);
 * `configure`, `gift`, `promo`, `reset`, `setDisabled`, `describe`, `erase`, `retire`, `projectDeleted`
 * (management).
 */
export function limiterFor(
  namespace: DurableObjectNamespace<LimiterDO>,
  projectId: string,
  identity: string,
): DurableObjectStub<LimiterDO> {
  return namespace.getByName(limiterName(projectId, identity));
}

/** The Durable Object name of an identity: unambiguous because project ids contain no `/`. */
export function limiterName(projectId: string, identity: string): string {
  return `${projectId}/${identity}`;
}
