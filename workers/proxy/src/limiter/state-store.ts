import { createState, type LimiterState, type Reservation } from "@floodgate/ratelimit";

/** Open reservations kept inside the state's record while there are at most this many. */
export const INLINE_RESERVATIONS = 8;

/**
 * A `LimiterState` kept in memory and persisted in a Durable Object's synchronous KV storage,
 * under one key with its few open reservations (the usual case: one write per change); once more
 * than `INLINE_RESERVATIONS` are open, each under a key of its own until none is left, so a write
 * stays a few hundred bytes however many requests of the identity are in flight. Changes are
 * marked with `changed` and written by `write`, so the changes of several calls can go to
 * storage together.
 */
export class StateStore {
  readonly state: LimiterState;
  /** Ids of the reservations stored under keys of their own, oldest first. */
  private readonly stored = new Set<string>();
  /** Reservations opened, changed or closed since the last write; null when nothing changed. */
  private touched: Set<string> | null = null;

  constructor(
    private readonly kv: SyncKvStorage,
    /** Key prefix: `""` for the identity, `session:<id>:` for a session. */
    private readonly prefix = "",
  ) {
    this.state = this.load();
  }

  /** Marks the state changed, and with it the reservations `touched` names. */
  changed(touched: readonly string[] = []): void {
    this.touched ??= new Set();
    for (const id of touched) this.touched.add(id);
  }

  /** Writes what changed since the last write, if anything. */
  write(): void {
    if (this.touched === null) return;
    const touched = [...this.touched];
    this.touched = null;
    this.save(touched);
  }

  private load(): LimiterState {
    const state = this.kv.get<LimiterState>(`${this.prefix}state`) ?? createState();
    const own: Reservation[] = [];
    for (const [, reservation] of this.kv.list<Reservation>({ prefix: `${this.prefix}pending:` }))
      own.push(reservation);
    // Oldest first, as `save` expects.
    for (const reservation of own.sort((a, b) => a.atMs - b.atMs)) this.stored.add(reservation.id);
    state.pending = [...state.pending, ...own].sort((a, b) => a.atMs - b.atMs);
    return state;
  }

  /**
   * Saves the counters, with the open reservations while they are few and none has a key of its
   * own; else brings the reservations' own keys in line with `state.pending`: `touched` names the
   * reservations opened, changed or closed since the last save (cheap); a difference left after
   * them (the package drops the oldest of a full list) is reconciled in full.
   */
  private save(touched: readonly string[]): void {
    const { pending, ...counters } = this.state;
    if (this.stored.size === 0 && pending.length <= INLINE_RESERVATIONS) {
      this.kv.put(`${this.prefix}state`, { ...counters, pending });
      return;
    }
    this.kv.put(`${this.prefix}state`, { ...counters, pending: [] });
    if (this.stored.size === 0) {
      // Too many to keep inline: each under its own key from now on, oldest first.
      for (const r of pending) this.writeReservation(r.id, r);
      return;
    }
    // A new reservation is the last one: search from the end; index many at once.
    const byId = touched.length > 4 ? new Map(pending.map((r) => [r.id, r])) : null;
    for (const id of touched)
      this.writeReservation(id, byId ? byId.get(id) : pending.findLast((r) => r.id === id));
    // A full list drops its oldest reservations to make room: the first ones stored.
    for (const id of this.stored) {
      if (this.stored.size <= pending.length || pending.some((r) => r.id === id)) break;
      this.writeReservation(id, undefined);
    }
    if (this.stored.size !== pending.length) {
      const open = new Set(pending.map((r) => r.id));
      for (const id of [...this.stored]) if (!open.has(id)) this.writeReservation(id, undefined);
      for (const r of pending) if (!this.stored.has(r.id)) this.writeReservation(r.id, r);
    }
  }

  /** Removes everything under the prefix. */
  drop(): void {
    this.touched = null;
    this.kv.delete(`${this.prefix}state`);
    for (const id of this.stored) this.kv.delete(`${this.prefix}pending:${id}`);
    this.stored.clear();
  }

  private writeReservation(id: string, reservation: Reservation | undefined): void {
    if (reservation) {
      this.kv.put(`${this.prefix}pending:${id}`, reservation);
      this.stored.add(id);
    } else if (this.stored.delete(id)) {
      this.kv.delete(`${this.prefix}pending:${id}`);
    }
  }
}
