/**
 * Browser mode: whether an `Origin` is on the project's allow-list. Entries are exact origins
 * (`https://app.example.com`) or a wildcard subdomain (`https://*.example.com`, not matching the
 * bare domain). An empty list allows any origin (no browser check).
 */
export function originAllowed(origin: string, allowList: readonly string[]): boolean {
  if (allowList.length === 0) return true;
  const normalized = origin.toLowerCase();
  for (const entry of allowList) {
    const allowed = entry.toLowerCase().replace(/\/+$/, "");
    if (allowed === normalized) return true;
    const star = allowed.indexOf("://*.");
    if (star !== -1) {
      const scheme = allowed.slice(0, star + 3);
      const suffix = allowed.slice(star + 4); // ".example.com"
      if (
        normalized.startsWith(scheme) &&
        normalized.endsWith(suffix) &&
        normalized.length > scheme.length + suffix.length
      ) {
        return true;
      }
    }
  }
  return false;
}
