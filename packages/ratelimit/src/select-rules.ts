import { canonicalTimeZone } from "./calendar";
import { type MetricCode, metricCode } from "./cost";
import { compileModelPattern, type ModelMatcher, matchesAnyModel } from "./model-pattern";
import type { Rule } from "./rule";
import { bucketSizeMs, type CalendarUnit, windowKey } from "./window";

/** The tier and model of a request, for choosing its rules. */
export interface RequestScope {
  /** The identity's tier. Omitted/`null`: only rules without a tier apply. */
  tier?: string | null;
  /** The requested model. Omitted/`null`: only rules without a model pattern apply. */
  model?: string | null;
}

/** A rule prepared for the hot path. */
export interface CompiledRule {
  rule: Rule;
  /** `metric|window|model pattern` (`*` = any model). */
  slotKey: string;
  metric: MetricCode;
  rolling: boolean;
  /** Rolling only: window length and sub-bucket size, ms. */
  windowMs: number;
  bucketMs: number;
  /** Calendar only. */
  unit: CalendarUnit;
  timeZone: string | undefined;
}

interface Slot {
  key: string;
  /** `null` = any model. */
  matches: ModelMatcher | null;
  /** Most specific first; among equals the lowest limit first (`null` = unlimited last). */
  candidates: CompiledRule[];
}

interface CompiledRules {
  slots: Slot[];
  /** Selections by tier, then model. */
  memo: Map<string, Map<string, CompiledRule[]>>;
  memoSize: number;
}

/** Bounds the selection memo: models come from clients and are not trusted to be few. */
const MEMO_LIMIT = 256;

const compiledByRules = new WeakMap<readonly Rule[], CompiledRules>();

/** The previous selection; holds one rules array alive at most. */
const last: {
  rules: readonly Rule[] | null;
  tier: string;
  model: string;
  selection: CompiledRule[];
} = { rules: null, tier: "", model: "", selection: [] };

/** identity override › tier + model › model › tier › project default. */
function specificity(rule: Rule): number {
  if (rule.scope.identity === true) return 4;
  const model = rule.scope.model !== undefined && !matchesAnyModel(rule.scope.model);
  const tier = rule.scope.tier !== undefined;
  return model ? (tier ? 3 : 2) : tier ? 1 : 0;
}

function compileRule(rule: Rule): CompiledRule {
  const window = rule.window;
  const pattern = rule.scope.model;
  const model = pattern === undefined || matchesAnyModel(pattern) ? "*" : pattern;
  if (window.kind === "rolling") {
    return {
      rule,
      slotKey: `${rule.metric}|${windowKey(window)}|${model}`,
      metric: metricCode(rule.metric),
      rolling: true,
      windowMs: window.durationMs,
      bucketMs: bucketSizeMs(window.durationMs),
      unit: "hour",
      timeZone: undefined,
    };
  }
  let timeZone = window.timeZone === undefined ? undefined : canonicalTimeZone(window.timeZone);
  if (timeZone === null) throw new RangeError(`rule ${rule.id}: unknown time zone`);
  if (timeZone === "UTC") timeZone = undefined;
  return {
    rule,
    slotKey: `${rule.metric}|${windowKey({ kind: "calendar", unit: window.unit, timeZone })}|${model}`,
    metric: metricCode(rule.metric),
    rolling: false,
    windowMs: 0,
    bucketMs: 0,
    unit: window.unit,
    timeZone,
  };
}

function compileRules(rules: readonly Rule[]): CompiledRules {
  const byKey = new Map<string, Slot>();
  for (const rule of rules) {
    const compiled = compileRule(rule);
    let slot = byKey.get(compiled.slotKey);
    if (slot === undefined) {
      const pattern = rule.scope.model;
      slot = {
        key: compiled.slotKey,
        matches:
          pattern === undefined || matchesAnyModel(pattern) ? null : compileModelPattern(pattern),
        candidates: [],
      };
      byKey.set(compiled.slotKey, slot);
    }
    slot.candidates.push(compiled);
  }
  for (const slot of byKey.values()) {
    slot.candidates.sort(
      (a, b) =>
        specificity(b.rule) - specificity(a.rule) ||
        (a.rule.limit ?? Number.POSITIVE_INFINITY) - (b.rule.limit ?? Number.POSITIVE_INFINITY),
    );
  }
  return { slots: [...byKey.values()], memo: new Map(), memoSize: 0 };
}

function compiled(rules: readonly Rule[]): CompiledRules {
  let result = compiledByRules.get(rules);
  if (result === undefined) {
    result = compileRules(rules);
    compiledByRules.set(rules, result);
  }
  return result;
}

function select(set: CompiledRules, tier: string, model: string): CompiledRule[] {
  const selected: CompiledRule[] = [];
  for (const slot of set.slots) {
    if (slot.matches !== null && (model === "" || !slot.matches(model))) continue;
    for (const candidate of slot.candidates) {
      const scope = candidate.rule.scope;
      if (scope.identity === true || scope.tier === undefined || scope.tier === tier) {
        selected.push(candidate);
        break;
      }
    }
  }
  return selected;
}

/**
 * The compiled rules that apply to a request, one per slot. Cached per rules array (treat a
 * rules array as immutable: pass a new array when the rules change) and per (tier, model).
 */
export function selectCompiledRules(
  rules: readonly Rule[],
  tier: string | null | undefined,
  model: string | null | undefined,
): CompiledRule[] {
  const tierKey = tier ?? "";
  const modelKey = model ?? "";
  // An identity's requests mostly repeat the same rules, tier and model.
  if (rules === last.rules && tierKey === last.tier && modelKey === last.model) {
    return last.selection;
  }
  const set = compiled(rules);
  const byModel = set.memo.get(tierKey);
  let selection = byModel?.get(modelKey);
  if (selection === undefined) {
    selection = select(set, tierKey, modelKey);
    memoize(set, tierKey, modelKey, selection, byModel);
  }
  last.rules = rules;
  last.tier = tierKey;
  last.model = modelKey;
  last.selection = selection;
  return selection;
}

function memoize(
  set: CompiledRules,
  tierKey: string,
  modelKey: string,
  selection: CompiledRule[],
  known: Map<string, CompiledRule[]> | undefined,
): void {
  let byModel = known;
  if (set.memoSize >= MEMO_LIMIT) {
    set.memo.clear();
    set.memoSize = 0;
    byModel = undefined;
  }
  if (byModel === undefined) {
    byModel = new Map();
    set.memo.set(tierKey, byModel);
  }
  byModel.set(modelKey, selection);
  set.memoSize++;
}

/**
 * The rules that apply to a request with this tier and model, one per slot.
 *
 * Rules are grouped in *slots* by (metric, window, model pattern — or any model). Every slot
 * whose model pattern matches the request applies, and all of them must pass; inside a slot
 * only the most specific applicable rule counts: identity override › tier + model › model ›
 * tier › project default. Two rules equally specific in one slot: the lower limit wins.
 *
 * E.g. with `gpt-4*: 10/day`, `default: 100/day` and `tier pro: 1000/day`, a `pro` request for
 * `gpt-4o` is checked against `gpt-4*: 10/day` and `pro: 1000/day`.
 */
export function selectRules(rules: readonly Rule[], request: RequestScope): Rule[] {
  return selectCompiledRules(rules, request.tier, request.model).map((c) => c.rule);
}

/** The metric of a slot key (its first letter is unique among the metrics). */
export function metricCodeOfSlotKey(key: string): MetricCode {
  switch (key.charCodeAt(0)) {
    case 114 /* r */:
      return 0;
    case 116 /* t */:
      return 1;
    case 105 /* i */:
      return 2;
    case 111 /* o */:
      return 3;
    default:
      return 4;
  }
}
