import { type ProjectSettings, projectSettingsSchema } from "@floodgate/contracts";
import { type Db, limitRules, projectKeys, projectSecrets, projects, tiers } from "@floodgate/db";
import { and, eq, isNull } from "drizzle-orm";
import { openSecret } from "../crypto/secret-box";
import { type RulesText, rulesText } from "../limiter/limiter-rpc";
import { projectRules, sessionRules } from "../limiter/project-rules";

/** What the hot path needs to know about a project, loaded from D1 on a cache miss only. */
export interface ProjectConfig {
  id: string;
  slug: string;
  /** `projects.config_version` when loaded: the cache's version stamp. */
  version: number;
  disabled: boolean;
  settings: ProjectSettings;
  /** Tier names the project defines. */
  tiers: string[];
  /** `settings.defaultTier` when it names one of the tiers, else the tier marked default, else null. */
  defaultTier: string | null;
  /** The project's limit rules, as the limiter takes them. */
  rules: RulesText;
  /** Rules per `x-session` (rolling windows), as the limiter takes them. */
  sessionRules: RulesText;
  /** HS256 secret for identity tokens, decrypted (memory only), or null. */
  identitySigningSecret: Uint8Array | null;
  /** Stored provider keys by provider, decrypted (memory only). Never logged. */
  providerKeys: Record<string, string>;
}

export type ProjectLookup =
  | { ok: true; config: ProjectConfig }
  | { ok: false; reason: "unknown_key" | "invalid_settings" | "undecryptable_secret" };

/** Finds the project of an active publishable key (by the key's SHA-256) and its config. */
export async function loadProjectByKeyHash(
  db: Db,
  keyHash: string,
  masterKey: string | undefined,
): Promise<ProjectLookup> {
  const [row] = await db
    .select({ projectId: projectKeys.projectId })
    .from(projectKeys)
    .where(
      and(
        eq(projectKeys.keyHash, keyHash),
        eq(projectKeys.kind, "publishable"),
        isNull(projectKeys.revokedAt),
      ),
    )
    .limit(1);
  if (!row) return { ok: false, reason: "unknown_key" };
  return loadProjectById(db, row.projectId, masterKey);
}

export async function loadProjectById(
  db: Db,
  projectId: string,
  masterKey: string | undefined,
): Promise<ProjectLookup> {
  const [projectRows, tierRows, ruleRows, secretRows] = await db.batch([
    db.select().from(projects).where(eq(projects.id, projectId)).limit(1),
    db.select().from(tiers).where(eq(tiers.projectId, projectId)),
    db.select().from(limitRules).where(eq(limitRules.projectId, projectId)),
    db
      .select()
      .from(projectSecrets)
      .where(and(eq(projectSecrets.projectId, projectId), isNull(projectSecrets.revokedAt))),
  ]);
  const project = projectRows[0];
  if (!project) return { ok: false, reason: "unknown_key" };
  const settings = projectSettingsSchema.safeParse(project.settings);
  if (!settings.success) {
    console.error(
      JSON.stringify({
        level: "error",
        msg: "invalid project settings",
        projectId,
        issues: settings.error.issues,
      }),
    );
    return { ok: false, reason: "invalid_settings" };
  }
  let identitySigningSecret: Uint8Array | null = null;
  const providerKeys: Record<string, string> = {};
  try {
    for (const secret of secretRows) {
      if (!masterKey) throw new Error("MASTER_KEY is not set");
      const plaintext = await openSecret(masterKey, secret);
      if (secret.kind === "identity_signing_secret")
        identitySigningSecret = new TextEncoder().encode(plaintext);
      else if (secret.provider) providerKeys[secret.provider] = plaintext;
    }
  } catch (err) {
    // Never the secret itself: only which project and why.
    console.error(
      JSON.stringify({
        level: "error",
        msg: "cannot decrypt project secrets",
        projectId,
        error: String(err),
      }),
    );
    return { ok: false, reason: "undecryptable_secret" };
  }
  const tierNames = Object.fromEntries(tierRows.map((t) => [t.id, t.name]));
  const markedDefault = tierRows.find((t) => t.isDefault)?.name ?? null;
  // A named default that is no tier of the project (deleted, or misspelt) would leave callers on
  // no tier, which no tier's rules limit: the tier marked default stands in.
  const namedDefault = settings.data.defaultTier;
  const defaultTier =
    namedDefault !== undefined && tierRows.some((t) => t.name === namedDefault)
      ? namedDefault
      : markedDefault;
  return {
    ok: true,
    config: {
      id: project.id,
      slug: project.slug,
      version: project.configVersion,
      disabled: project.disabled,
      settings: settings.data,
      tiers: tierRows.sort((a, b) => a.position - b.position).map((t) => t.name),
      defaultTier,
      rules: rulesText(projectRules(ruleRows, tierNames, settings.data.timeZone)),
      sessionRules: rulesText(sessionRules(settings.data.sessionRules)),
      identitySigningSecret,
      providerKeys,
    },
  };
}

/** The current version stamp of a project, or null when it no longer exists. */
export async function loadProjectVersion(db: Db, projectId: string): Promise<number | null> {
  const [row] = await db
    .select({ version: projects.configVersion })
    .from(projects)
    .where(eq(projects.id, projectId))
    .limit(1);
  return row?.version ?? null;
}
