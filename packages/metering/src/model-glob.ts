const compiled = new Map<string, RegExp>();

/**
 * Whether `model` matches a glob where `*` stands for any run of characters, line breaks too
 * (case-sensitive), as the limiter's rule patterns do.
 */
export function matchesModelGlob(pattern: string, model: string): boolean {
  if (pattern === "*") return true;
  if (!pattern.includes("*")) return pattern === model;
  let re = compiled.get(pattern);
  if (!re) {
    const source = pattern
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, "\\$&"))
      .join(".*");
    re = new RegExp(`^${source}$`, "s");
    compiled.set(pattern, re);
  }
  return re.test(model);
}
