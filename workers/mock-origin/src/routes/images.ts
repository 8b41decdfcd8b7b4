import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { bytesToBase64 } from "../fake/base64";
import { fnv1a32 } from "../fake/hash";
import { nowSeconds } from "../fake/ids";
import { solidPng } from "../fake/png";
import { textTokens } from "../fake/tokens";
import { invalidRequest } from "../http/api-error";
import { optionalEnum, optionalInteger, optionalString } from "../http/body-fields";
import { readJsonObject } from "../http/json-body";

/** Output tokens OpenAI bills for one low-quality square gpt-image image. */
const IMAGE_OUTPUT_TOKENS = 272;

/** The colour of image `index` for `prompt`, 0xRRGGBB. */
function imageColour(prompt: string, index: number): number {
  return fnv1a32(`${index}:${prompt}`) & 0xffffff;
}

/**
 * `POST /v1/images/generations`: `n` solid-colour PNGs whose colour derives from the prompt.
 * `gpt-image-*` models always answer `b64_json` with usage; DALL·E models answer `url`
 * (served by `GET /__mock/images/:rrggbb.png`) unless `response_format: "b64_json"`.
 */
export const images = new Hono<AppEnv>().post("/", async (c) => {
  const body = await readJsonObject(c);
  const prompt = optionalString(body, "prompt");
  if (prompt === undefined || prompt === "") {
    throw invalidRequest(
      "Missing required parameter: 'prompt'.",
      "prompt",
      "missing_required_parameter",
    );
  }
  const model = optionalString(body, "model") ?? "dall-e-2";
  const n = optionalInteger(body, "n", 1, 10) ?? 1;
  const format = optionalEnum(body, "response_format", ["url", "b64_json"]);
  const gptImage = model.startsWith("gpt-image");
  const asBase64 = gptImage || format === "b64_json";
  const origin = new URL(c.req.url).origin;

  const data = Array.from({ length: n }, (_, index) => {
    const colour = imageColour(prompt, index);
    const image = asBase64
      ? { b64_json: bytesToBase64(solidPng(colour)) }
      : { url: `${origin}/__mock/images/${colour.toString(16).padStart(6, "0")}.png` };
    return model === "dall-e-3" ? { ...image, revised_prompt: prompt } : image;
  });

  const inputTokens = textTokens(prompt);
  const usage =
    gptImage && !c.var.knobs.noUsage
      ? {
          usage: {
            input_tokens: inputTokens,
            input_tokens_details: { text_tokens: inputTokens, image_tokens: 0 },
            output_tokens: IMAGE_OUTPUT_TOKENS * n,
            total_tokens: inputTokens + IMAGE_OUTPUT_TOKENS * n,
          },
        }
      : {};
  return c.json({ created: nowSeconds(), data, ...usage });
});
