/**
 * AES-256-GCM for secrets at rest (stored provider keys, identity-token signing secrets): the
 * master key comes from the `MASTER_KEY` secret (32 bytes, base64); each value gets a fresh
 * 12-byte IV. Ciphertext and IV are stored base64. Plaintext exists only in memory.
 */
export interface SealedSecret {
  ciphertext: string;
  iv: string;
}

const keys = new Map<string, Promise<CryptoKey>>();

function fromBase64(value: string): Uint8Array<ArrayBuffer> {
  const binary = atob(value);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** Imports the master key once per isolate. Throws when it is not 32 bytes of base64. */
export function masterKey(masterKeyBase64: string): Promise<CryptoKey> {
  let key = keys.get(masterKeyBase64);
  if (!key) {
    const raw = fromBase64(masterKeyBase64);
    if (raw.byteLength !== 32) throw new Error("MASTER_KEY must be 32 bytes, base64-encoded");
    key = crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
    keys.set(masterKeyBase64, key);
  }
  return key;
}

export async function sealSecret(
  masterKeyBase64: string,
  plaintext: string,
): Promise<SealedSecret> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv },
    await masterKey(masterKeyBase64),
    new TextEncoder().encode(plaintext),
  );
  return { ciphertext: toBase64(new Uint8Array(sealed)), iv: toBase64(iv) };
}

export async function openSecret(masterKeyBase64: string, sealed: SealedSecret): Promise<string> {
  const plain = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: fromBase64(sealed.iv) },
    await masterKey(masterKeyBase64),
    fromBase64(sealed.ciphertext),
  );
  return new TextDecoder().decode(plain);
}
