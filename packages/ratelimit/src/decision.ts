import type { GiftCredits } from "./cost";
import type { Metric } from "./metric";
import type { WindowSpec } from "./window";

/** Where one rule stands for a request. */
export interface RuleUsage {
  /** The rule's id. */
  id: string;
  metric: Metric;
  window: WindowSpec;
  /** `null` = unlimited. */
  limit: number | null;
  /**
   * Counted in the current window or period, in the metric's unit. Includes this request when it
   * was admitted; a rolling window counts its oldest partial bucket in full.
   */
  used: number;
  /** `limit - used`, at least 0; `null` when unlimited. */
  remaining: number | null;
  /** What this request asks of the rule after gifted credits; 0 for {@link peek}. */
  requested: number;
  /**
   * When the counter is back to 0 if nothing else is spent, epoch ms: the end of the period for
   * a calendar window; for a rolling window when the newest counted bucket has slid out (`nowMs`
   * if nothing is counted).
   */
  resetAt: number;
}

/**
 * Why a request was denied.
 * - `disabled`: the identity is disabled.
 * - `limit`: a rule has not enough left now; `retryAfterMs` says when it will.
 * - `exceeds_limit`: the request alone asks more than a rule's limit; it can never pass.
 */
export type DenyReason = "disabled" | "limit" | "exceeds_limit";

/** A reservation made by an admitted request; settle or refund it by `id`. */
export interface ReservationReceipt {
  id: string;
  /** When it was reserved, epoch ms. */
  atMs: number;
  /** The part of the estimate paid by gifted credits (not counted in the rules). */
  gifted: GiftCredits;
}

/** The outcome of {@link checkAndReserve}: a value, never an exception. */
export interface Decision {
  allowed: boolean;
  /** `null` when allowed. */
  reason: DenyReason | null;
  /** A promo was active: admitted whatever the limits (usage still counted). */
  promo: boolean;
  /** Every rule that applied, one per slot, in the order of the rules. */
  rules: RuleUsage[];
  /**
   * The rule that denied: for `limit` the one that frees last, for `exceeds_limit` one whose
   * limit the request exceeds; `null` when allowed or disabled.
   */
  blockedBy: RuleUsage | null;
  /**
   * Ms until this same request would be admitted if nothing else happens: 0 when allowed; for
   * `limit` when every blocking rule has freed enough (rolling: as old buckets slide out;
   * calendar: at the period end); `null` for `exceeds_limit` and `disabled` (never by waiting).
   */
  retryAfterMs: number | null;
  /** `null` when denied. */
  reservation: ReservationReceipt | null;
}
