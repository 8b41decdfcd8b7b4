/** Projects the end-to-end tests use, beside the demo project. Seeded into a fresh local D1. */
export function fixturesSeedSql(): string {
  return "";
}
