import { ApiError } from "@floodgate/contracts";
import { modelName } from "./model-name";
import { readLimited } from "./read-limited";

/** Largest multipart body accepted (OpenAI's audio upload limit), in bytes. */
export const maxMultipartBodyBytes = 25 * 1024 * 1024;

export interface MultipartBody {
  /** The body exactly as received: forwarded untouched. */
  bytes: Uint8Array;
  contentType: string;
  model: string;
}

/** Reads a multipart body once, keeps its bytes to forward untouched, and takes `model` from it. */
export async function readMultipartBody(
  request: Request,
  limit = maxMultipartBodyBytes,
): Promise<MultipartBody> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\b/i.test(contentType)) {
    throw new ApiError({
      status: 415,
      type: "invalid_request_error",
      code: "unsupported_media_type",
      param: "content-type",
      message: `Expected content-type multipart/form-data, got ${contentType ? `'${contentType.slice(0, 100)}'` : "none"}.`,
    });
  }
  const bytes = await readLimited(request, limit);
  let form: FormData;
  try {
    form = await new Request("https://multipart.invalid/", {
      method: "POST",
      headers: { "content-type": contentType },
      body: bytes,
    }).formData();
  } catch {
    throw ApiError.badRequest("The multipart body could not be parsed.", null, "invalid_multipart");
  }
  const model = modelName(form.get("model"));
  return { bytes, contentType, model };
}
