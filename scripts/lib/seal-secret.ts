import { createCipheriv, randomBytes } from "node:crypto";

/**
 * AES-256-GCM exactly as the workers' secret box seals secrets (base64 ciphertext with the tag
 * appended, base64 12-byte IV), for seeding encrypted secrets into local state.
 */
export function sealSecretNode(
  masterKeyBase64: string,
  plaintext: string,
): { ciphertext: string; iv: string } {
  const key = Buffer.from(masterKeyBase64, "base64");
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([
    cipher.update(plaintext, "utf8"),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  return { ciphertext: body.toString("base64"), iv: iv.toString("base64") };
}
