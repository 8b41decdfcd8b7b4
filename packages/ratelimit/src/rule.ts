import type { Metric } from "./metric";
import type { WindowSpec } from "./window";

/**
 * Whom a rule applies to. An empty scope is the project default.
 *
 * Precedence inside a slot (see {@link selectRules}): identity override › tier + model › model ›
 * tier › project default.
 */
export interface RuleScope {
  /** Applies only to requests of this tier. Default: every tier. */
  tier?: string;
  /**
   * Applies only to models matching this pattern (`*` = any run of characters, case-sensitive),
   * e.g. `"gpt-4*"`. Default (or `"*"`): every model, and requests without a model.
   */
  model?: string;
  /**
   * An override for one identity: beats every other rule of its slot, whatever the tier. The
   * caller passes an identity's overrides together with the project's rules. Default: `false`.
   */
  identity?: boolean;
}

/** A limit: at most `limit` of `metric` per `window`, for the requests in `scope`. */
export interface Rule {
  /** Stable id, reported in decisions. */
  id: string;
  metric: Metric;
  window: WindowSpec;
  /**
   * Most `metric` allowed per window: an integer ≥ 0 (requests, tokens, or micro-USD for
   * `cost_micro_usd`). `null` = unlimited (usage is still counted).
   */
  limit: number | null;
  scope: RuleScope;
}
