/**
 * Fills `{{name}}` placeholders from `values`; unknown placeholders are left as they are, and
 * values are inserted verbatim (the result is JSON-encoded in the error body, never HTML).
 */
export function renderTemplate(template: string, values: Record<string, string>): string {
  return template.replace(
    /\{\{\s*([a-z_]+)\s*\}\}/gi,
    (whole, name: string) => values[name] ?? whole,
  );
}
