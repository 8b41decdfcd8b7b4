import { ApiError } from "@floodgate/contracts";
import type { ShieldDO } from "./shield-do";

/** Bans known to this isolate: client IP → ban end (epoch ms). Saves a DO call per banned request. */
const knownBans = new Map<string, number>();

/**
 * At most this many bans are kept in the isolate: addresses are many (an IPv6 prefix holds more
 * than memory does), and a ban the isolate forgot is still known to the address's ShieldDO.
 */
export const MAX_KNOWN_BANS = 10_000;

function rememberBan(ip: string, untilMs: number, nowMs: number): void {
  knownBans.delete(ip);
  if (knownBans.size >= MAX_KNOWN_BANS) {
    for (const [known, until] of knownBans) if (until <= nowMs) knownBans.delete(known);
  }
  // Still full: the oldest go first (a Map keeps insertion order).
  for (const known of knownBans.keys()) {
    if (knownBans.size < MAX_KNOWN_BANS) break;
    knownBans.delete(known);
  }
  knownBans.set(ip, untilMs);
}

/** How many bans this isolate knows (for tests). */
export function knownBanCount(): number {
  return knownBans.size;
}

function bannedError(untilMs: number, nowMs: number): ApiError {
  const seconds = Math.max(1, Math.ceil((untilMs - nowMs) / 1000));
  return new ApiError({
    status: 429,
    type: "rate_limit_exceeded",
    code: "client_banned",
    message: `Too many failed authentications from this address. Try again in ${seconds} s.`,
    headers: {
      "retry-after": String(seconds),
      "retry-after-ms": String(untilMs - nowMs),
      "x-should-retry": "false",
    },
  });
}

/** The caller's IP as Cloudflare saw it; `unknown` locally without the header. */
export function clientIp(headers: Headers): string {
  return headers.get("cf-connecting-ip") ?? "unknown";
}

/** Throws the 429 when this isolate already knows the IP is banned. */
export function assertNotBanned(ip: string, nowMs: number): void {
  const until = knownBans.get(ip);
  if (until === undefined) return;
  if (until > nowMs) throw bannedError(until, nowMs);
  knownBans.delete(ip);
}

/**
 * Records a failed authentication for the IP and returns the error to answer: the 429 of a ban
 * when this failure crossed the threshold (or the IP already was banned), else `failure` itself.
 */
export async function failedAuthentication(
  shield: DurableObjectNamespace<ShieldDO>,
  ip: string,
  failure: ApiError,
  nowMs: number,
): Promise<ApiError> {
  try {
    const { bannedUntil } = await shield.getByName(ip).fail(ip);
    if (bannedUntil > nowMs) {
      rememberBan(ip, bannedUntil, nowMs);
      return bannedError(bannedUntil, nowMs);
    }
  } catch (err) {
    console.error(
      JSON.stringify({ level: "error", msg: "abuse shield unavailable", error: String(err) }),
    );
  }
  return failure;
}
