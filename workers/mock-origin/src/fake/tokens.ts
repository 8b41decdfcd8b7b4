// The mock's token formula (documented in the README), a stand-in for a real tokenizer:
//   text tokens     = ceil(length / 4), length in UTF-16 code units
//   prompt tokens   = 3 + Σ over messages (4 + text tokens of the message)
//   reply tokens    = words in the reply (one word = one content chunk)

/** Tokens added per message for its role and framing. */
export const MESSAGE_OVERHEAD_TOKENS = 4;
/** Tokens added once per prompt for priming the reply. */
export const REPLY_PRIMING_TOKENS = 3;

/** ceil(length / 4): about four characters per token, as for English text. */
export function textTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Prompt tokens of a conversation given each message's text. */
export function promptTokens(messageTexts: readonly string[]): number {
  let total = REPLY_PRIMING_TOKENS;
  for (const text of messageTexts) total += MESSAGE_OVERHEAD_TOKENS + textTokens(text);
  return total;
}
