import { shortHash } from "./hash";

/** Words in a reply when neither `x-mock-chunks` nor a token cap says otherwise. */
export const DEFAULT_REPLY_WORDS = 12;

const FILLER = [
  "lorem",
  "ipsum",
  "dolor",
  "sit",
  "amet",
  "consectetur",
  "adipiscing",
  "elit",
  "sed",
  "do",
  "eiusmod",
  "tempor",
  "incididunt",
  "ut",
  "labore",
  "et",
  "dolore",
  "magna",
  "aliqua",
] as const;

/** A deterministic reply: the same prompt and length always give the same text. */
export interface Reply {
  /** The full text, `pieces.join("")`. */
  text: string;
  /** One piece per word (the first bare, the rest with a leading space): one stream delta each. */
  pieces: string[];
  /** True when the token cap cut the reply short (finish_reason `length`). */
  truncated: boolean;
}

/**
 * Builds `"Mock reply <hash> lorem ipsum …"`: a fixed phrase, the short hash of `prompt`, then
 * filler, `words` words long, or `maxWords` if that is smaller. One word counts as one token.
 */
export function buildReply(prompt: string, words: number, maxWords?: number): Reply {
  const count = maxWords === undefined ? words : Math.min(words, maxWords);
  const all = ["Mock", "reply", shortHash(prompt)];
  const pieces: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const word = all[i] ?? FILLER[(i - all.length) % FILLER.length] ?? "";
    pieces.push(i === 0 ? word : ` ${word}`);
  }
  return { text: pieces.join(""), pieces, truncated: count < words };
}
