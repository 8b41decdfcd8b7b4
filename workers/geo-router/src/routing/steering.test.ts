import { describe, expect, it } from "vitest";
import { routingConfig } from "../../test/fixtures/routing-config";
import { buildRouterConfig, type RouterConfig } from "../config/router-config";
import { readCallerGeo } from "./caller-geo";
import { poolSequence, steer } from "./steering";

function config(): RouterConfig {
  const result = buildRouterConfig(routingConfig, "static");
  if (!result.ok) throw new Error(result.problems.join("\n"));
  return result.config;
}

const at = (country?: string, continent?: string) =>
  readCallerGeo({ country, continent }, new Headers(), false);

describe("steer", () => {
  it.each([
    ["DE", "EU", "eu", "country"],
    ["FR", "EU", "eu", "country"],
    ["US", "NA", "us", "country"],
    ["BR", "SA", "us", "default"],
    ["JP", "AS", "ap", "country"],
    ["AU", "OC", "ap", "continent"],
    ["MX", "NA", "us", "continent"],
    [undefined, undefined, "us", "default"],
  ])("%s/%s → %s (%s)", (country, continent, pool, reason) => {
    const s = steer(config(), at(country, continent));
    expect(s.pool.name).toBe(pool);
    expect(s.reason).toBe(reason);
  });

  it("lists the steered pool first, then the others in failover order", () => {
    const c = config();
    const sequenceFrom = (name: string) => {
      const pool = c.byName.get(name);
      if (!pool) throw new Error(`no pool ${name}`);
      return poolSequence(c, pool).map((p) => p.name);
    };
    expect(sequenceFrom("ap")).toEqual(["ap", "us", "eu"]);
    expect(sequenceFrom("us")).toEqual(["us", "eu", "ap"]);
  });
});
