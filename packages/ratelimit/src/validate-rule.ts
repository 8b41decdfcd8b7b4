import { canonicalTimeZone } from "./calendar";
import { parseDuration } from "./duration";
import { isMetric, METRICS } from "./metric";
import { matchesAnyModel } from "./model-pattern";
import type { Rule, RuleScope } from "./rule";
import {
  CALENDAR_UNITS,
  type CalendarUnit,
  MAX_ROLLING_WINDOW_MS,
  MIN_ROLLING_WINDOW_MS,
  type WindowSpec,
} from "./window";

/** One problem in a rule: where (`["window", "durationMs"]`) and what. */
export interface ValidationIssue {
  path: (string | number)[];
  message: string;
}

/** Result of {@link validateRule}. */
export type RuleValidation = { ok: true; rule: Rule } | { ok: false; errors: ValidationIssue[] };

/** Result of {@link validateRules}. */
export type RulesValidation =
  | { ok: true; rules: Rule[] }
  | { ok: false; errors: ValidationIssue[] };

const MAX_ID_LENGTH = 128;
const MAX_TIER_LENGTH = 128;
const MAX_MODEL_PATTERN_LENGTH = 256;

type Path = (string | number)[];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function rejectUnknownKeys(
  value: Record<string, unknown>,
  allowed: readonly string[],
  path: Path,
  errors: ValidationIssue[],
): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      errors.push({ path: [...path, key], message: `unknown field "${key}"` });
    }
  }
}

function validateDurationMs(value: unknown, path: Path, errors: ValidationIssue[]): number | null {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    errors.push({ path, message: "must be a number of milliseconds" });
    return null;
  }
  if (!Number.isInteger(value)) {
    errors.push({ path, message: "must be a whole number of milliseconds" });
    return null;
  }
  if (value <= 0) {
    errors.push({ path, message: "must be greater than 0" });
    return null;
  }
  if (value < MIN_ROLLING_WINDOW_MS) {
    errors.push({ path, message: "must be at least 1 s (1000 ms)" });
    return null;
  }
  if (value > MAX_ROLLING_WINDOW_MS) {
    errors.push({ path, message: "must be at most 31 days (2678400000 ms)" });
    return null;
  }
  return value;
}

function validateWindow(value: unknown, errors: ValidationIssue[]): WindowSpec | null {
  const path: Path = ["window"];
  if (!isRecord(value)) {
    errors.push({ path, message: "must be an object with a kind: rolling or calendar" });
    return null;
  }
  if (value.kind === "rolling") {
    rejectUnknownKeys(value, ["kind", "durationMs", "duration"], path, errors);
    if (value.duration !== undefined) {
      if (value.durationMs !== undefined) {
        errors.push({ path, message: "give either durationMs or duration, not both" });
        return null;
      }
      const parsed = typeof value.duration === "string" ? parseDuration(value.duration) : null;
      if (parsed === null) {
        errors.push({
          path: [...path, "duration"],
          message: 'must be a duration such as "10 s", "1 m", "1 h" or "1 d"',
        });
        return null;
      }
      const durationMs = validateDurationMs(parsed, [...path, "duration"], errors);
      return durationMs === null ? null : { kind: "rolling", durationMs };
    }
    if (value.durationMs === undefined) {
      errors.push({ path: [...path, "durationMs"], message: "is required" });
      return null;
    }
    const durationMs = validateDurationMs(value.durationMs, [...path, "durationMs"], errors);
    return durationMs === null ? null : { kind: "rolling", durationMs };
  }
  if (value.kind === "calendar") {
    rejectUnknownKeys(value, ["kind", "unit", "timeZone"], path, errors);
    let unit: CalendarUnit | null = null;
    if (CALENDAR_UNITS.includes(value.unit as CalendarUnit)) unit = value.unit as CalendarUnit;
    else {
      errors.push({
        path: [...path, "unit"],
        message: `unknown unit ${JSON.stringify(value.unit)}; expected one of ${CALENDAR_UNITS.join(", ")}`,
      });
    }
    let timeZone: string | undefined;
    if (value.timeZone !== undefined) {
      const canonical =
        typeof value.timeZone === "string" && value.timeZone.length > 0
          ? canonicalTimeZone(value.timeZone)
          : null;
      if (canonical === null) {
        errors.push({
          path: [...path, "timeZone"],
          message: `unknown IANA time zone ${JSON.stringify(value.timeZone)}`,
        });
        return null;
      }
      if (canonical !== "UTC") timeZone = canonical;
    }
    if (unit === null) return null;
    return timeZone === undefined
      ? { kind: "calendar", unit }
      : { kind: "calendar", unit, timeZone };
  }
  errors.push({
    path: [...path, "kind"],
    message: `unknown window kind ${JSON.stringify(value.kind)}; expected rolling or calendar`,
  });
  return null;
}

function validateLimit(value: unknown, errors: ValidationIssue[]): number | null | undefined {
  const path: Path = ["limit"];
  if (value === null) return null;
  if (value === undefined) {
    errors.push({ path, message: "is required (null = unlimited)" });
    return undefined;
  }
  if (typeof value !== "number" || !Number.isFinite(value)) {
    errors.push({ path, message: "must be a number or null (unlimited)" });
    return undefined;
  }
  if (value < 0) {
    errors.push({ path, message: "must not be negative" });
    return undefined;
  }
  if (!Number.isSafeInteger(value)) {
    errors.push({ path, message: "must be a whole number" });
    return undefined;
  }
  return value;
}

function validateScope(value: unknown, errors: ValidationIssue[]): RuleScope | null {
  const path: Path = ["scope"];
  if (value === undefined) return {};
  if (!isRecord(value)) {
    errors.push({ path, message: "must be an object" });
    return null;
  }
  rejectUnknownKeys(value, ["tier", "model", "identity"], path, errors);
  const scope: RuleScope = {};
  const errorCount = errors.length;
  if (value.tier !== undefined) {
    if (
      typeof value.tier !== "string" ||
      value.tier.length === 0 ||
      value.tier.length > MAX_TIER_LENGTH
    ) {
      errors.push({ path: [...path, "tier"], message: "must be a tier name of 1–128 characters" });
    } else scope.tier = value.tier;
  }
  if (value.model !== undefined) {
    if (
      typeof value.model !== "string" ||
      value.model.length === 0 ||
      value.model.length > MAX_MODEL_PATTERN_LENGTH
    ) {
      errors.push({
        path: [...path, "model"],
        message: "must be a model pattern of 1–256 characters (* = any characters)",
      });
    } else if (!matchesAnyModel(value.model)) scope.model = value.model;
  }
  if (value.identity !== undefined) {
    if (typeof value.identity !== "boolean") {
      errors.push({ path: [...path, "identity"], message: "must be true or false" });
    } else if (value.identity) {
      scope.identity = true;
      if (value.tier !== undefined) {
        errors.push({
          path: [...path, "tier"],
          message: "an identity override applies whatever the tier; remove the tier",
        });
      }
    }
  }
  return errors.length === errorCount ? scope : null;
}

/**
 * Checks an untrusted rule (e.g. from the management API or D1) and returns it normalized:
 * a rolling `window.duration` such as `"10 s"` becomes `durationMs`, time zones get their
 * canonical name (UTC is dropped: it is the default), a model pattern of only `*` is dropped.
 *
 * Rejects unknown fields, metrics, window kinds and units; windows shorter than 1 s or longer
 * than 31 days; limits that are negative or not whole numbers; unknown IANA time zones; an
 * identity override scoped to a tier.
 */
export function validateRule(input: unknown): RuleValidation {
  const errors: ValidationIssue[] = [];
  if (!isRecord(input)) {
    return { ok: false, errors: [{ path: [], message: "must be an object" }] };
  }
  rejectUnknownKeys(input, ["id", "metric", "window", "limit", "scope"], [], errors);

  const id = input.id;
  if (typeof id !== "string" || id.length === 0 || id.length > MAX_ID_LENGTH) {
    errors.push({ path: ["id"], message: "must be a string of 1–128 characters" });
  }
  if (!isMetric(input.metric)) {
    errors.push({
      path: ["metric"],
      message: `unknown metric ${JSON.stringify(input.metric)}; expected one of ${METRICS.join(", ")}`,
    });
  }
  const window = validateWindow(input.window, errors);
  const limit = validateLimit(input.limit, errors);
  const scope = validateScope(input.scope, errors);

  if (
    errors.length > 0 ||
    typeof id !== "string" ||
    !isMetric(input.metric) ||
    window === null ||
    limit === undefined ||
    scope === null
  ) {
    return { ok: false, errors };
  }
  return { ok: true, rule: { id, metric: input.metric, window, limit, scope } };
}

/**
 * {@link validateRule} for a list; paths start with the index. Also rejects duplicate ids.
 */
export function validateRules(input: unknown): RulesValidation {
  if (!Array.isArray(input)) {
    return { ok: false, errors: [{ path: [], message: "must be an array of rules" }] };
  }
  const errors: ValidationIssue[] = [];
  const rules: Rule[] = [];
  const seen = new Set<string>();
  input.forEach((item: unknown, index) => {
    const result = validateRule(item);
    if (!result.ok) {
      for (const issue of result.errors) errors.push({ ...issue, path: [index, ...issue.path] });
      return;
    }
    if (seen.has(result.rule.id)) {
      errors.push({ path: [index, "id"], message: `duplicate rule id "${result.rule.id}"` });
    }
    seen.add(result.rule.id);
    rules.push(result.rule);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, rules };
}
