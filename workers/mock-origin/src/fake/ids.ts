/** A fresh id like OpenAI's: `prefix` then `hexLength` random hex digits. */
export function newId(prefix: string, hexLength = 32): string {
  const bytes = crypto.getRandomValues(new Uint8Array(Math.ceil(hexLength / 2)));
  let hex = "";
  for (const byte of bytes) hex += byte.toString(16).padStart(2, "0");
  return `${prefix}${hex.slice(0, hexLength)}`;
}

/** Unix time in seconds, the unit of OpenAI's `created` / `created_at`. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
