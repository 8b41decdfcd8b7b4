import { assertNow } from "./assert-now";
import type { RuleUsage } from "./decision";
import type { Rule } from "./rule";
import { ruleUsages } from "./rule-usage";
import { type RequestScope, selectCompiledRules } from "./select-rules";
import type { LimiterState } from "./state";

/**
 * Where each rule that applies to a request with this tier and model stands, spending nothing
 * (e.g. for `GET /v1/limits`). It may tidy `state` (drop buckets that slid out, roll a calendar
 * period over, add empty slots) without changing any count: persisting afterwards is optional.
 */
export function peek(
  state: LimiterState,
  rules: readonly Rule[],
  request: RequestScope,
  nowMs: number,
): RuleUsage[] {
  assertNow(nowMs);
  return ruleUsages(state, selectCompiledRules(rules, request.tier, request.model), nowMs);
}
