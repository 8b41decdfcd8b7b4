import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { projectSecretKinds } from "../enums";
import { insertedAtMs } from "./columns";
import { projects } from "./projects";

/**
 * Secrets Floodgate must read back, encrypted at rest with AES-GCM under the master key (a worker
 * secret): provider API keys for stored-key mode, and the signing secret for identity tokens.
 * One table, so both kinds share one encryption mechanism.
 */
export const projectSecrets = sqliteTable(
  "project_secrets",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: projectSecretKinds }).notNull(),
    /** For `provider_key`: openai, anthropic, google, xai, groq, custom…; null otherwise. */
    provider: text("provider"),
    /** Base64 AES-GCM ciphertext (with tag). */
    ciphertext: text("ciphertext").notNull(),
    /** Base64 96-bit AES-GCM IV, unique per encryption. */
    iv: text("iv").notNull(),
    /** Last 4 characters of the plaintext, for display. */
    last4: text("last4").notNull(),
    createdAt: insertedAtMs("created_at"),
    /** Epoch ms; null while the secret is in use. */
    revokedAt: integer("revoked_at"),
  },
  (t) => [index("project_secrets_project_id_kind_idx").on(t.projectId, t.kind)],
);
