import { JsonUsageScanner } from "@floodgate/metering";
import { type Usage, usageFromReport } from "./usage";

/** What a whole answer passed on as a stream delivered, known once it ends (or is cut). */
export interface JsonTapOutcome {
  /** The provider's usage, when the answer came whole and reported it at its top level. */
  usage: Usage | null;
  /** True when the upstream body failed (cut off, or stalled past its idle timeout). */
  failed: boolean;
}

/**
 * Passes a JSON answer on chunk by chunk, unchanged, reading its top-level `usage` on the side
 * (`JsonUsageScanner`: nothing held but that value). Pull-based, so the upstream is read only as
 * fast as the client reads; a client that goes away cancels the upstream, and a cut upstream
 * errors the client's body — either way `outcome` resolves, with no usage.
 */
export function tapJsonUsage(upstream: ReadableStream<Uint8Array>): {
  body: ReadableStream<Uint8Array>;
  outcome: Promise<JsonTapOutcome>;
} {
  const reader = upstream.getReader();
  const scanner = new JsonUsageScanner();
  let settle!: (o: JsonTapOutcome) => void;
  const outcome = new Promise<JsonTapOutcome>((resolve) => {
    settle = resolve;
  });
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let next: ReadableStreamReadResult<Uint8Array>;
        try {
          next = await reader.read();
        } catch (err) {
          settle({ usage: null, failed: true });
          controller.error(err);
          return;
        }
        if (next.done) {
          settle({ usage: usageOf(scanner.usageBytes()), failed: false });
          controller.close();
          return;
        }
        scanner.push(next.value);
        controller.enqueue(next.value);
      },
      async cancel(reason) {
        settle({ usage: null, failed: false });
        await reader.cancel(reason).catch(() => {});
      },
    },
    { highWaterMark: 0 },
  );
  return { body, outcome };
}

function usageOf(bytes: Uint8Array | null): Usage | null {
  if (bytes === null) return null;
  try {
    return usageFromReport(JSON.parse(new TextDecoder().decode(bytes)));
  } catch {
    return null;
  }
}
