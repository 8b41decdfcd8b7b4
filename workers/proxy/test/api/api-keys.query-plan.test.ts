import { env } from "cloudflare:workers";
import { createDb } from "@floodgate/db";
import { describe, expect, it } from "vitest";
import { type ApiKeyListQuery, apiKeyPageQuery } from "../../src/api/domain/api-keys";

const NOW_MS = 1_800_000_000_000;

async function planOf(query: ApiKeyListQuery): Promise<string[]> {
  const { sql, params } = apiKeyPageQuery(createDb(env.DB), "prj_plan", query, NOW_MS).toSQL();
  const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .bind(...params)
    .all<{ detail: string }>();
  return plan.results.map((row) => row.detail);
}

describe("the API key list's query plan", () => {
  const pages: [string, ApiKeyListQuery][] = [
    ["the first page", { limit: 50 }],
    ["a later page", { limit: 50, cursor: `${NOW_MS - 1}:ak_x` }],
    [
      "a filtered later page",
      { limit: 50, tier: "free", status: "active", identity: "acme", cursor: `${NOW_MS}:ak_x` },
    ],
  ];
  it.each(pages)(
    "%s reads the (project_id, created_at, id) index in order, with no sort",
    async (_, query) => {
      const plan = await planOf(query);
      expect(plan).toEqual([
        expect.stringMatching(
          /^SEARCH api_keys USING INDEX api_keys_project_id_created_at_id_idx \(project_id=\?/,
        ),
      ]);
    },
  );

  it("a later page seeks the index to the cursor instead of walking every newer key", async () => {
    for (const query of pages.flatMap(([, q]) => (q.cursor === undefined ? [] : [q]))) {
      expect(await planOf(query)).toEqual([
        "SEARCH api_keys USING INDEX api_keys_project_id_created_at_id_idx (project_id=? AND created_at<?)",
      ]);
    }
  });
});
