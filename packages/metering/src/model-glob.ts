const compiled = new Map<string, RegExp>();

/** Whether `model` matches a glob where `*` stands for any run of characters (case-sensitive). */
export function matchesModelGlob(pattern: string, model: string): boolean {
  if (pattern === "*") return true;
  if (!pattern.includes("*")) return pattern === model;
  let re = compiled.get(pattern);
  if (!re) {
    const source = pattern
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, "\\$&"))
      .join(".*");
    re = new RegExp(`^${source}$`);
    compiled.set(pattern, re);
  }
  return re.test(model);
}
