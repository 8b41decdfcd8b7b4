/**
 * Allowed values of the text "enum" columns. SQLite does not enforce them (drizzle's `enum` is a
 * TypeScript-only constraint and we add no CHECK, because changing a CHECK means recreating the
 * table on D1); the workers validate with zod, e.g. `z.enum(limitMetrics)`.
 */

export const projectKeyKinds = ["publishable", "secret"] as const;
export type ProjectKeyKind = (typeof projectKeyKinds)[number];

export const projectSecretKinds = ["provider_key", "identity_signing_secret"] as const;
export type ProjectSecretKind = (typeof projectSecretKinds)[number];

/** What a limit counts. `cost_micro_usd` is cost in millionths of a US dollar. */
export const limitMetrics = [
  "requests",
  "tokens",
  "input_tokens",
  "output_tokens",
  "cost_micro_usd",
] as const;
export type LimitMetric = (typeof limitMetrics)[number];

/** `rolling`: the last `windowMs`; `calendar`: the current `calendarUnit` in `timeZone`. */
export const windowKinds = ["rolling", "calendar"] as const;
export type WindowKind = (typeof windowKinds)[number];

/** Calendar periods; weeks start on Monday. */
export const calendarUnits = ["hour", "day", "week", "month"] as const;
export type CalendarUnit = (typeof calendarUnits)[number];

export const auditActorTypes = ["user", "secret_key", "admin", "system"] as const;
export type AuditActorType = (typeof auditActorTypes)[number];

export const originPoolStrategies = [
  "round_robin",
  "weighted",
  "least_outstanding",
  "ip_hash",
  "latency",
] as const;
export type OriginPoolStrategy = (typeof originPoolStrategies)[number];
