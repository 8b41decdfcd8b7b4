const encoder = new TextEncoder();

/** SHA-256 of a UTF-8 string, as lowercase hex: how every key is stored and looked up. */
export async function sha256Hex(value: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(value)));
  let hex = "";
  for (const byte of digest) hex += byte.toString(16).padStart(2, "0");
  return hex;
}
