import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { gatewayCall } from "./gateway-call";

/**
 * The generic API gateway, mounted at `/gw`: `ANY /gw/:projectSlug/*` for plain HTTP APIs,
 * limited per consumer API key (`fg_…`) and forwarded to the project's origin.
 */
export function createGateway(): Hono<AppEnv> {
  const gateway = new Hono<AppEnv>();
  gateway.all("/:projectSlug", gatewayCall);
  gateway.all("/:projectSlug/*", gatewayCall);
  return gateway;
}
