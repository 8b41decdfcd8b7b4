import type { Cost, GiftCredits } from "./cost";

/**
 * Counters of a rolling slot, one entry per sub-bucket that still overlaps the window, oldest
 * first. A bucket holds everything reserved or settled in `[start, start + bucketSizeMs)`.
 */
export interface RollingSlotState {
  kind: "rolling";
  /** Bucket start times, epoch ms, ascending. */
  starts: number[];
  /** Amount counted in each bucket, same order as `starts`. */
  amounts: number[];
  /** Sum of `amounts`. */
  total: number;
}

/** Counter of a calendar slot for its current period, whose bounds are cached. */
export interface CalendarSlotState {
  kind: "calendar";
  /** Start of the current period, epoch ms. */
  periodStart: number;
  /** End of the current period (exclusive), epoch ms. */
  periodEnd: number;
  /** Amount counted in the current period. */
  used: number;
}

/** The counters of one slot. */
export type SlotState = RollingSlotState | CalendarSlotState;

/** A reservation that is neither settled, refunded nor expired. */
export interface Reservation {
  /** The caller's reservation id. */
  id: string;
  /** When it was reserved, epoch ms. */
  atMs: number;
  /**
   * The model the request named (null: none), for the rollups of a reservation never settled.
   * Missing in reservations stored before it was kept.
   */
  model?: string | null;
  /** The estimate it reserved. */
  cost: Cost;
  /** The part of the estimate paid by gifted credits. */
  gifted: GiftCredits;
  /** Reserved during a promo: gifted credits were not touched. */
  promo: boolean;
  /** Keys of the slots it was counted in. */
  slots: string[];
  /** Per slot: start of the bucket (rolling) or period (calendar) it was counted in, epoch ms. */
  bucketStarts: number[];
}

/**
 * Everything the limiter knows about one identity, plain JSON. The functions of this package
 * change it in place and return it; persist it after every call that changed it.
 *
 * Counters are keyed by *slot* (metric × window × model pattern), not by rule, so usage carries
 * over when an identity changes tier or a rule is edited without changing its slot.
 */
export interface LimiterState {
  /** Shape version, for migrations. */
  version: 1;
  /** Every request is denied with reason `disabled`. */
  disabled: boolean;
  /** Until this instant (epoch ms, exclusive) requests are admitted whatever the limits; `null` = no promo. */
  promoUntil: number | null;
  /** Gifted credits left, spent before the regular allowance. */
  gift: GiftCredits;
  /** Counters by slot key, e.g. `"requests|60000ms|*"`, `"tokens|day@Europe/Berlin|gpt-4*"`. */
  slots: Record<string, SlotState>;
  /**
   * Open reservations, oldest first. A list rather than a map by id: an identity has few requests
   * in flight, and scanning a short list beats a dictionary keyed by fresh ids.
   */
  pending: Reservation[];
}

/** A fresh state: enabled, no promo, no gift, no usage. */
export function createState(): LimiterState {
  return {
    version: 1,
    disabled: false,
    promoUntil: null,
    gift: { requests: 0, tokens: 0 },
    slots: {},
    pending: [],
  };
}

/** Most open reservations kept: beyond it the oldest expires (see `expireReservations`). */
export const MAX_PENDING_RESERVATIONS = 1_000;

/** Index in `state.pending` of the open reservation with this id, or -1. */
export function pendingIndex(state: LimiterState, id: string): number {
  const pending = state.pending;
  for (let i = 0; i < pending.length; i++) {
    if ((pending[i] as Reservation).id === id) return i;
  }
  return -1;
}
