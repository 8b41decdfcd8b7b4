/** What group commit needs of a Durable Object's storage: a promise that its writes are durable. */
export interface Syncable {
  sync(): Promise<void>;
}

/**
 * Group commit for a Durable Object that keeps its state in memory and writes it with synchronous
 * storage calls. Each call changes the memory at once, so every decision stays atomic; `persist`
 * then writes the changes: at once when storage is idle, or, while an earlier write is still
 * being committed, together with the changes of every call that arrives meanwhile, in one write
 * right after that commit. A call answers after its changes are written, and the output gate
 * holds the answer until they are durable, so nothing is confirmed that a restart could lose.
 *
 * A lone call is written at once, as without grouping; a burst on one object costs one commit
 * per group instead of one per call. Asking storage when a commit is done costs a call of its own,
 * so it is asked only once writes come close together (within `closeMs`): an object written now
 * and then never asks.
 */
export class GroupCommit {
  /** Settles when the last write is durable; null when storage is idle. */
  private committing: Promise<void> | null = null;
  /** The write of the next group, waiting for `committing`. */
  private next: Promise<void> | null = null;
  /** When the last write was made at once (clock ms). */
  private lastWriteAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly storage: Syncable,
    /** Writes every change made since the last write. */
    private readonly write: () => void,
    private readonly clock: () => number = Date.now,
    /** Writes this close together (ms) start grouping. */
    private readonly closeMs = 1,
  ) {}

  /** Writes the changes made so far, now or with the next group; resolves once they are written. */
  persist(): Promise<void> {
    if (this.committing === null) {
      const now = this.clock();
      const close = now - this.lastWriteAt <= this.closeMs;
      this.lastWriteAt = now;
      if (close) this.writeNow();
      else this.write();
      return Promise.resolve();
    }
    this.next ??= this.committing.then(() => {
      this.next = null;
      this.writeNow();
    });
    return this.next;
  }

  private writeNow(): void {
    this.write();
    // A failed commit breaks the object (workerd resets it and fails the answers it held), so
    // only the bookkeeping is needed here.
    const committing: Promise<void> = this.storage.sync().then(
      () => this.idle(committing),
      () => this.idle(committing),
    );
    this.committing = committing;
  }

  private idle(committed: Promise<void>): void {
    if (this.committing === committed) this.committing = null;
  }
}
