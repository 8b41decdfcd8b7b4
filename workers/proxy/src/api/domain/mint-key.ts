import { sha256Hex } from "../../crypto/sha256";
import { randomBase62 } from "../crypto/random-token";

/** Key prefixes: publishable (apps), secret (app backends), consumer (the generic gateway). */
export type KeyPrefix = "pk" | "sk" | "fg";

export interface MintedKey {
  /** The full key; returned to the caller once and never stored. */
  key: string;
  /** SHA-256 hex of the full key: what is stored and looked up. */
  hash: string;
  /** For display, e.g. `sk_4fQ9`. */
  prefix: string;
  last4: string;
}

/** A new key: the prefix and 32 random bytes in base62 (43 characters). */
export async function mintKey(prefix: KeyPrefix): Promise<MintedKey> {
  const key = `${prefix}_${randomBase62(32)}`;
  return { key, hash: await sha256Hex(key), prefix: key.slice(0, 7), last4: key.slice(-4) };
}
