/**
 * What closes a reservation when the client goes away while the handler still waits (on the
 * check, the provider's head, or a whole answer being read). The runtime then stops the handler,
 * so the settle or refund it would have made never comes, and the reservation would stay open
 * until it expires, keeping its estimate. `request.signal` fires instead (compatibility flag
 * `enable_request_signal`) and runs the step set last, in `waitUntil`.
 *
 * A step that also runs from the handler does no harm: a reservation is closed once, by whichever
 * call reaches the LimiterDO first, and a second settle or refund of it changes nothing.
 */
export function onClientLeave(
  signal: AbortSignal,
  later: (work: Promise<unknown>) => void,
): {
  /** The step for a client that leaves from now on. */
  settle(step: () => Promise<unknown>): void;
  /** The handler answered (or failed on its own): a client that leaves later changes nothing here. */
  done(): void;
} {
  let step: (() => Promise<unknown>) | null = null;
  const listener = () => {
    if (step) later(step());
    step = null;
  };
  signal.addEventListener("abort", listener, { once: true });
  return {
    settle(next) {
      step = next;
    },
    done() {
      step = null;
      signal.removeEventListener("abort", listener);
    },
  };
}
