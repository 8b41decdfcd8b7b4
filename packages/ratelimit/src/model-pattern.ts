/** Tests a model name against a compiled pattern. */
export type ModelMatcher = (model: string) => boolean;

/**
 * True when a pattern matches every model (`"*"`, `"**"`, …): such a rule is a rule for
 * "any model", in the same slot as a rule without a model.
 */
export function matchesAnyModel(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) if (pattern.charCodeAt(i) !== 42) return false;
  return true;
}

/**
 * Compiles a model pattern where `*` stands for any run of characters (possibly empty), e.g.
 * `"gpt-4*"`, `"*-mini"`, `"claude-*-sonnet*"`. Everything else matches literally and
 * case-sensitively; there are no other special characters.
 */
export function compileModelPattern(pattern: string): ModelMatcher {
  const parts = pattern.split("*");
  if (parts.length === 1) return (model) => model === pattern;
  const prefix = parts[0] ?? "";
  const suffix = parts[parts.length - 1] ?? "";
  const middle = parts.slice(1, -1).filter((part) => part.length > 0);
  const minLength = prefix.length + suffix.length;
  return (model) => {
    if (model.length < minLength || !model.startsWith(prefix) || !model.endsWith(suffix)) {
      return false;
    }
    let from = prefix.length;
    const until = model.length - suffix.length;
    for (const part of middle) {
      const at = model.indexOf(part, from);
      if (at < 0 || at + part.length > until) return false;
      from = at + part.length;
    }
    return true;
  };
}
