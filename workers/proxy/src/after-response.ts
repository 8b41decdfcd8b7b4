import type { Context } from "hono";
import type { AppEnv } from "./app-env";

/**
 * Work that finishes after the response (`waitUntil`): settles, refunds, key use, erasures. A
 * failure is logged with the request id and nothing else.
 */
export function afterResponse(
  c: Pick<Context<AppEnv>, "executionCtx"> & { var: Pick<AppEnv["Variables"], "requestId"> },
): (work: Promise<unknown>) => void {
  const { requestId } = c.var;
  return (work) => {
    const guarded = work.catch((err: unknown) =>
      console.error(
        JSON.stringify({
          level: "error",
          msg: "work after the response failed",
          requestId,
          error: String(err),
        }),
      ),
    );
    try {
      c.executionCtx.waitUntil(guarded);
    } catch {
      // No execution context (a bare app.fetch in tests): the promise still runs.
    }
  };
}
