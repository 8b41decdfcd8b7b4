import type { PoolMonitor } from "@floodgate/contracts";
import type { OriginSpec } from "../config/router-config";
import { fetchOrigin } from "../forwarding/origin-fetch";
import { originTarget } from "../forwarding/upstream-request";
import type { CheckResult } from "./origin-health";

/** The URL a check is built from; for `binding://` origins the bound Worker sees this host. */
const CHECK_BASE = "https://floodgate-geo-router.health-check";

/**
 * One active check: `GET <origin><monitor.path>` within `timeoutMs`; passed when the status is one
 * of `expectedCodes`. `at` is the check's time on the caller's clock (the cron tick), so
 * hysteresis is deterministic.
 */
export async function probeOrigin(
  env: Env,
  origin: OriginSpec,
  monitor: PoolMonitor,
  at: number,
  now: () => number,
): Promise<CheckResult> {
  const headers = new Headers({ "user-agent": "floodgate-geo-router/health-check", accept: "*/*" });
  const result = await fetchOrigin(
    originTarget(origin.url, new URL(monitor.path, CHECK_BASE)),
    { method: "GET", headers, body: null, timeoutMs: monitor.timeoutMs },
    env,
    now,
  );
  if (!result.ok) {
    return {
      originId: origin.id,
      passed: false,
      status: null,
      latencyMs: result.latencyMs,
      error: result.failure,
      at,
    };
  }
  await result.response.body?.cancel().catch(() => {});
  const status = result.response.status;
  const passed = monitor.expectedCodes.includes(status);
  return {
    originId: origin.id,
    passed,
    status,
    latencyMs: result.latencyMs,
    error: passed ? null : `status ${status}`,
    at,
  };
}
