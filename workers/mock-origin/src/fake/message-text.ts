/**
 * The text of a message's `content`: a string as is, or the `text` of every part (`text`,
 * `input_text`, `output_text`, …) joined; anything else (images, audio) contributes nothing.
 */
export function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  const texts: string[] = [];
  for (const part of content) {
    if (
      typeof part === "object" &&
      part !== null &&
      "text" in part &&
      typeof part.text === "string"
    ) {
      texts.push(part.text);
    }
  }
  return texts.join("");
}
