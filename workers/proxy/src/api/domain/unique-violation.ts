/** Whether a D1 error is a UNIQUE constraint failure (the index decided a race). */
export function isUniqueViolation(err: unknown): boolean {
  return (
    String(err).includes("UNIQUE") || String((err as { cause?: unknown })?.cause).includes("UNIQUE")
  );
}
