/** A model as `GET /v1/models` lists it. */
export interface ModelInfo {
  id: string;
  object: "model";
  /** Unix seconds. */
  created: number;
  owned_by: string;
}

function model(id: string, created: number, ownedBy = "system"): ModelInfo {
  return { id, object: "model", created, owned_by: ownedBy };
}

/**
 * What the mock lists. Generation routes accept (and echo) any model name; only
 * `GET /v1/models/:id` answers 404 for names not listed here.
 */
export const MODEL_CATALOGUE: readonly ModelInfo[] = [
  model("gpt-4o", 1715367049),
  model("gpt-4o-mini", 1721172741),
  model("gpt-4.1", 1744316542),
  model("gpt-4.1-mini", 1744318173),
  model("o4-mini", 1744225351),
  model("text-embedding-3-small", 1705948997),
  model("text-embedding-3-large", 1705953180),
  model("dall-e-3", 1698785189),
  model("gpt-image-1", 1745517030),
  model("whisper-1", 1677532384, "openai-internal"),
  model("gpt-4o-transcribe", 1742068463),
];
