export {
  type BanPolicy,
  bannedUntil,
  defaultBanPolicy,
  emptyShieldRecord,
  recordFailure,
  type ShieldRecord,
} from "./ban-policy";
export { type CalendarPeriod, calendarPeriod, canonicalTimeZone } from "./calendar";
export { checkAndReserve, type ReserveRequest, type ReserveResult } from "./check-and-reserve";
export { compactState } from "./compact-state";
export { type Cost, type GiftCredits, ZERO_COST } from "./cost";
export type { Decision, DenyReason, ReservationReceipt, RuleUsage } from "./decision";
export { type Duration, type DurationUnit, parseDuration } from "./duration";
export {
  DEFAULT_RESERVATION_TIMEOUT_MS,
  type ExpireResult,
  expireReservations,
} from "./expire-reservations";
export { addGift, setDisabled, setPromo } from "./identity-settings";
export { isMetric, METRICS, type Metric } from "./metric";
export { compileModelPattern, type ModelMatcher } from "./model-pattern";
export { peek } from "./peek";
export { resetPeriod } from "./reset-period";
export type { Rule, RuleScope } from "./rule";
export { type RequestScope, selectRules } from "./select-rules";
export { type RefundResult, refund, type SettleResult, settle } from "./settle";
export {
  type CalendarSlotState,
  createState,
  type LimiterState,
  MAX_PENDING_RESERVATIONS,
  type Reservation,
  type RollingSlotState,
  type SlotState,
} from "./state";
export {
  type RulesValidation,
  type RuleValidation,
  type ValidationIssue,
  validateRule,
  validateRules,
} from "./validate-rule";
export {
  BUCKETS_PER_WINDOW,
  bucketSizeMs,
  CALENDAR_UNITS,
  type CalendarUnit,
  type CalendarWindow,
  MAX_ROLLING_WINDOW_MS,
  MIN_ROLLING_WINDOW_MS,
  type RollingWindow,
  type WindowSpec,
} from "./window";
