/** Field names whose values never reach the audit log or a response after creation. */
const SECRET_FIELD = /(secret|password|token|hash|ciphertext|plaintext|apikey|api_key|^key$|^iv$)/i;

export const REDACTED = "[redacted]";

/** A deep copy of `value` with every secret-looking field replaced by `[redacted]`. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) {
      out[key] = SECRET_FIELD.test(key) ? REDACTED : redact(field);
    }
    return out;
  }
  if (typeof value === "string" && /^(sk|pk|fg|rt)_[A-Za-z0-9]{20,}$/.test(value)) return REDACTED;
  return value;
}

/** Before/after of the fields that changed, redacted. */
export function diffOf(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): { before?: unknown; after?: unknown } {
  if (before === null) return { after: redact(after) };
  if (after === null) return { before: redact(before) };
  const changedBefore: Record<string, unknown> = {};
  const changedAfter: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      changedBefore[key] = before[key];
      changedAfter[key] = after[key];
    }
  }
  return { before: redact(changedBefore), after: redact(changedAfter) };
}
