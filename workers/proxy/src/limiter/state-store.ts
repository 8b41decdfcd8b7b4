import { createState, type LimiterState, type Reservation } from "@floodgate/ratelimit";

/**
 * Persists a `LimiterState` in a Durable Object's synchronous KV storage: the counters under one
 * key, each open reservation under a key of its own. So a call writes a few hundred bytes however
 * many requests of the identity are in flight, instead of the whole pending list.
 */
export class StateStore {
  /** Ids of the reservations in storage. */
  private readonly stored = new Set<string>();

  constructor(
    private readonly kv: SyncKvStorage,
    /** Key prefix: `""` for the identity, `session:<id>:` for a session. */
    private readonly prefix = "",
  ) {}

  load(): LimiterState {
    const state = this.kv.get<LimiterState>(`${this.prefix}state`) ?? createState();
    const pending: Reservation[] = [];
    for (const [, reservation] of this.kv.list<Reservation>({ prefix: `${this.prefix}pending:` })) {
      pending.push(reservation);
      this.stored.add(reservation.id);
    }
    state.pending = pending.sort((a, b) => a.atMs - b.atMs);
    return state;
  }

  /**
   * Saves the counters and brings the stored reservations in line with `state.pending`:
   * `touched` names the reservations the call may have opened, changed or closed (cheap); a
   * difference left after them (the package drops the oldest of a full list) is reconciled in full.
   */
  save(state: LimiterState, touched: readonly string[]): void {
    const { pending, ...counters } = state;
    this.kv.put(`${this.prefix}state`, { ...counters, pending: [] });
    // A new reservation is the last one: search from the end.
    for (const id of touched)
      this.write(
        id,
        pending.findLast((r) => r.id === id),
      );
    if (this.stored.size === pending.length + 1) {
      // A full list dropped its oldest reservation to make room: the first one stored.
      const oldest = this.stored.values().next().value;
      if (oldest !== undefined && pending[0]?.id !== oldest) this.write(oldest, undefined);
    }
    if (this.stored.size !== pending.length) {
      const open = new Set(pending.map((r) => r.id));
      for (const id of [...this.stored]) if (!open.has(id)) this.write(id, undefined);
      for (const r of pending) if (!this.stored.has(r.id)) this.write(r.id, r);
    }
  }

  /** Removes everything under the prefix. */
  drop(): void {
    this.kv.delete(`${this.prefix}state`);
    for (const id of this.stored) this.kv.delete(`${this.prefix}pending:${id}`);
    this.stored.clear();
  }

  private write(id: string, reservation: Reservation | undefined): void {
    if (reservation) {
      this.kv.put(`${this.prefix}pending:${id}`, reservation);
      this.stored.add(id);
    } else if (this.stored.delete(id)) {
      this.kv.delete(`${this.prefix}pending:${id}`);
    }
  }
}
