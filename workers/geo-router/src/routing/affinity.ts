import type { Affinity } from "@floodgate/contracts";
import type { Candidate } from "./candidate";
import { pickRendezvous } from "./rendezvous-hash";

/** What the caller sent that affinity can use. */
export interface AffinityInput {
  /** The request's `cookie` header. */
  cookieHeader: string | null;
  /** The request's headers, lower-case names. */
  header: (name: string) => string | null;
}

/**
 * The origin a session is pinned to, if it is among the available candidates; undefined lets the
 * pool's strategy decide. Cookie mode trusts only ids of currently available origins, so a stale
 * or forged cookie just falls back to the strategy; header mode hashes the value onto the
 * available origins, so a session moves only when its origin goes down.
 */
export function pickAffinity<T extends Candidate>(
  affinity: Affinity,
  input: AffinityInput,
  available: readonly T[],
): T | undefined {
  switch (affinity.mode) {
    case "none":
      return undefined;
    case "cookie": {
      const id = readCookie(input.cookieHeader, affinity.cookieName);
      return id === null ? undefined : available.find((o) => o.id === id);
    }
    case "header": {
      const value = input.header(affinity.headerName);
      return value ? pickRendezvous(available, value) : undefined;
    }
  }
}

/** The `Set-Cookie` value that pins the session to `originId`, or null when not in cookie mode. */
export function affinityCookie(
  affinity: Affinity,
  originId: string,
  secure: boolean,
): string | null {
  if (affinity.mode !== "cookie") return null;
  const attributes = [`Max-Age=${affinity.ttlSeconds}`, "Path=/", "HttpOnly", "SameSite=Lax"];
  if (secure) attributes.push("Secure");
  return [`${affinity.cookieName}=${encodeURIComponent(originId)}`, ...attributes].join("; ");
}

/** Reads one cookie's value (URI-decoded) from a `cookie` header. */
export function readCookie(cookieHeader: string | null, name: string): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return null;
    }
  }
  return null;
}
