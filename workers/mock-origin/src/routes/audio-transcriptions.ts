import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { invalidRequest } from "../http/api-error";

/** Bytes of audio the mock counts as one second (16 kHz, 8-bit mono). */
export const AUDIO_BYTES_PER_SECOND = 16_000;
/** Input tokens per audio second billed by token-metered models (`gpt-4o-*-transcribe`). */
const AUDIO_TOKENS_PER_SECOND = 10;

const FORMATS = ["json", "text", "verbose_json"] as const;
type TranscriptionFormat = (typeof FORMATS)[number];

async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw invalidRequest("Could not parse multipart form", null, "invalid_multipart_form");
  }
}

function formString(form: FormData, name: string): string | undefined {
  const value = form.get(name);
  return typeof value === "string" ? value : undefined;
}

/**
 * `POST /v1/audio/transcriptions` (multipart `file` + `model`): the text depends only on the
 * file's size. `whisper-1` reports usage in seconds, other models in tokens.
 */
export const audioTranscriptions = new Hono<AppEnv>().post("/", async (c) => {
  const form = await readForm(c.req.raw);
  const file = form.get("file");
  if (file === null || typeof file === "string") {
    throw invalidRequest(
      "Missing required parameter: 'file'.",
      "file",
      "missing_required_parameter",
    );
  }
  const model = formString(form, "model");
  if (model === undefined || model === "") {
    throw invalidRequest("you must provide a model parameter");
  }
  const format = formString(form, "response_format") ?? "json";
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw invalidRequest(
      `mock-origin does not support response_format '${format}'; use json, text or verbose_json.`,
      "response_format",
      "unsupported_value",
    );
  }

  const text = `Mock transcription of ${file.size} bytes.`;
  const seconds = Math.max(1, Math.ceil(file.size / AUDIO_BYTES_PER_SECOND));
  const outputTokens = text.split(" ").length;
  const audioTokens = seconds * AUDIO_TOKENS_PER_SECOND;
  const usage =
    model === "whisper-1"
      ? { type: "duration", seconds }
      : {
          type: "tokens",
          input_tokens: audioTokens,
          input_token_details: { text_tokens: 0, audio_tokens: audioTokens },
          output_tokens: outputTokens,
          total_tokens: audioTokens + outputTokens,
        };
  const withUsage = c.var.knobs.noUsage ? {} : { usage };

  switch (format as TranscriptionFormat) {
    case "text":
      return c.text(`${text}\n`);
    case "verbose_json":
      return c.json({
        task: "transcribe",
        language: "english",
        duration: seconds,
        text,
        segments: [
          {
            id: 0,
            seek: 0,
            start: 0,
            end: seconds,
            text,
            tokens: [],
            temperature: 0,
            avg_logprob: 0,
            compression_ratio: 1,
            no_speech_prob: 0,
          },
        ],
        ...withUsage,
      });
    default:
      return c.json({ text, ...withUsage });
  }
});
