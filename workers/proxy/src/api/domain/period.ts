import { validationError } from "../http/validation-hook";
import { MAX_PERIOD_MS } from "../schemas/period";
import type { Period } from "./usage";

const DAY_MS = 86_400_000;

/** A period from optional bounds: default the 30 days up to now; 400 when empty or too long. */
export function toPeriod(
  query: { from?: number | undefined; to?: number | undefined },
  prefix = "query.",
  maxMs = MAX_PERIOD_MS,
): Period {
  const to = query.to ?? Date.now();
  const from = query.from ?? to - 30 * DAY_MS;
  if (from >= to)
    throw validationError([{ param: `${prefix}from`, message: "must be before `to`" }]);
  if (to - from > maxMs) {
    throw validationError([
      {
        param: `${prefix}from`,
        message: `the period may span at most ${Math.floor(maxMs / DAY_MS)} days`,
      },
    ]);
  }
  return { from, to };
}
