import { ApiError } from "@floodgate/contracts";
import { z } from "zod";

function decodesTo32Bytes(value: string): boolean {
  try {
    return atob(value).length === 32;
  } catch {
    return false;
  }
}

/**
 * The management API's secrets, parsed once per `env` with zod. They are worker secrets
 * (`wrangler secret put`), except `ADMIN_EMAILS`, which may also be a plain var.
 */
export const apiSecretsSchema = z.object({
  /** HS256 key for access tokens: at least 32 characters. */
  AUTH_JWT_SECRET: z.string().min(32, "AUTH_JWT_SECRET must be at least 32 characters"),
  /** Base64 of 32 bytes: the AES-256-GCM key for `project_secrets`. */
  MASTER_KEY: z.string().refine(decodesTo32Bytes, "MASTER_KEY must be 32 bytes, base64-encoded"),
  /** Comma-separated e-mails of platform admins, normalized. Default: nobody. */
  ADMIN_EMAILS: z
    .string()
    .default("")
    .transform((list) =>
      list
        .split(",")
        .map((email) => email.trim().toLowerCase())
        .filter((email) => email.length > 0),
    ),
});
export type ApiSecrets = z.infer<typeof apiSecretsSchema>;

const parsed = new WeakMap<object, ApiSecrets | null>();

/**
 * The secrets of this deployment, or a generic 500 when one is missing or malformed: what is
 * wrong goes to the logs only.
 */
export function apiSecrets(env: Env): ApiSecrets {
  let secrets = parsed.get(env);
  if (secrets === undefined) {
    const result = apiSecretsSchema.safeParse(env);
    secrets = result.success ? result.data : null;
    if (!result.success) {
      const problems = result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
      console.error(JSON.stringify({ level: "error", msg: "api secrets missing", problems }));
    }
    parsed.set(env, secrets);
  }
  if (secrets === null) throw ApiError.internal();
  return secrets;
}
