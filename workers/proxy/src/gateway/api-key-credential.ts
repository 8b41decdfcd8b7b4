import { ApiError } from "@floodgate/contracts";
import { z } from "zod";

/** A consumer key as sent: `fg_` and 2–128 URL-safe characters. */
export const consumerKeySchema = z
  .string()
  .regex(/^fg_[A-Za-z0-9_-]{2,128}$/, "must look like fg_…");

export interface Credential {
  key: string;
  /** Where it came from: stripped from the request before it is forwarded. */
  header: "x-api-key" | "authorization";
}

/** The consumer key of a gateway call: `x-api-key`, else `Authorization: Bearer fg_…`. */
export function consumerCredential(headers: Headers): Credential {
  const direct = headers.get("x-api-key");
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headers.get("authorization") ?? "")?.[1];
  const candidate = direct ?? (bearer?.startsWith("fg_") ? bearer : undefined);
  if (candidate === undefined) {
    throw ApiError.unauthorized(
      "Send an API key: x-api-key: fg_… or Authorization: Bearer fg_….",
      "missing_api_key",
    );
  }
  if (!consumerKeySchema.safeParse(candidate).success) {
    throw ApiError.unauthorized("The API key is not valid.", "invalid_api_key");
  }
  return { key: candidate, header: direct !== null ? "x-api-key" : "authorization" };
}
