import type { Context } from "hono";
import type { AppEnv } from "../../app-env";

/**
 * Work that finishes after the response (`waitUntil`): settles, refunds. A failure is logged with
 * the request id and nothing else.
 */
export function afterResponse(c: Context<AppEnv>): (work: Promise<unknown>) => void {
  const { requestId } = c.var;
  return (work) =>
    c.executionCtx.waitUntil(
      work.catch((err) =>
        console.error(
          JSON.stringify({ level: "error", msg: "settle failed", requestId, error: String(err) }),
        ),
      ),
    );
}
