import { constantTimeEqual } from "./constant-time";

/** PBKDF2-SHA256 iterations: 100 000 is the most Workers' WebCrypto allows. */
export const PASSWORD_ITERATIONS = 100_000;
const SALT_BYTES = 16;
const KEY_BITS = 256;

/** What `users` keeps of a password: hex hash and salt, and the iteration count used. */
export interface PasswordHash {
  hash: string;
  salt: string;
  iterations: number;
}

function toHex(bytes: Uint8Array): string {
  let hex = "";
  for (const byte of bytes) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

function fromHex(hex: string): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

async function derive(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number) {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(password),
    "PBKDF2",
    false,
    ["deriveBits"],
  );
  const bits = await crypto.subtle.deriveBits(
    { name: "PBKDF2", hash: "SHA-256", salt, iterations },
    key,
    KEY_BITS,
  );
  return toHex(new Uint8Array(bits));
}

export async function hashPassword(password: string): Promise<PasswordHash> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  return {
    hash: await derive(password, salt, PASSWORD_ITERATIONS),
    salt: toHex(salt),
    iterations: PASSWORD_ITERATIONS,
  };
}

export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  const hash = await derive(password, fromHex(stored.salt), stored.iterations);
  return constantTimeEqual(hash, stored.hash);
}

/**
 * A hash no password matches, to verify against when the account does not exist: login then
 * takes as long for an unknown e-mail as for a wrong password.
 */
export const UNKNOWN_ACCOUNT_HASH: PasswordHash = {
  hash: "0".repeat(64),
  salt: "0".repeat(SALT_BYTES * 2),
  iterations: PASSWORD_ITERATIONS,
};
