import { type ProjectSettings, projectSettingsSchema } from "@floodgate/contracts";
import { type Db, type Project, projectKeys, projects } from "@floodgate/db";
import { and, eq } from "drizzle-orm";
import type { Actor } from "../auth/actor";
import { newId } from "../crypto/random-token";
import { fieldErrors } from "../http/validation-hook";
import { auditStatement } from "./audit";
import { runBatch } from "./batch";
import { type MintedKey, mintKey } from "./mint-key";
import { diffOf } from "./redact";
import { isUniqueViolation } from "./unique-violation";

/**
 * A project as the API shows it: settings parsed, with their defaults. Stored settings that no
 * longer pass validation (a rule made stricter since they were saved) are shown as stored, over
 * the defaults, with `settingsErrors` naming what to fix: the owner sees, and a change merges
 * into, what the project really holds.
 */
export function projectView(project: Project) {
  const parsed = projectSettingsSchema.safeParse(project.settings);
  const view = {
    id: project.id,
    slug: project.slug,
    name: project.name,
    settings: parsed.success ? parsed.data : storedOverDefaults(project.settings),
    configVersion: project.configVersion,
    disabled: project.disabled,
    createdAt: project.createdAt,
    updatedAt: project.updatedAt,
  };
  if (parsed.success) return view;
  return { ...view, settingsErrors: fieldErrors(parsed.error.issues, "settings") };
}

function storedOverDefaults(stored: unknown): ProjectSettings {
  const defaults = projectSettingsSchema.parse({});
  if (typeof stored !== "object" || stored === null || Array.isArray(stored)) return defaults;
  return { ...defaults, ...(stored as Partial<ProjectSettings>) };
}

/** A slug from a name: lower-case words joined by `-`, plus a random suffix. */
export function slugFromName(name: string): string {
  const base = name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48);
  const suffix = crypto.randomUUID().slice(0, 6);
  return base ? `${base}-${suffix}` : `project-${suffix}`;
}

/** A key as issued: shown to the caller once. */
export type IssuedKey = MintedKey & { id: string; createdAt: number };

export type Created =
  | { ok: true; project: Project; publishableKey: IssuedKey; secretKey: IssuedKey }
  | { ok: false; reason: "slug_taken" };

/** Creates a project with its first publishable and secret keys. */
export async function createProject(
  db: Db,
  actor: Actor & { type: "user" },
  input: { name: string; slug?: string | undefined; settings?: ProjectSettings | undefined },
  requestId: string | null,
): Promise<Created> {
  const now = Date.now();
  const project: Project = {
    id: newId("prj"),
    ownerId: actor.id,
    slug: input.slug ?? slugFromName(input.name),
    name: input.name,
    settings: (input.settings ?? projectSettingsSchema.parse({})) as Record<string, unknown>,
    configVersion: 1,
    disabled: false,
    createdAt: now,
    updatedAt: now,
  };
  const pk: IssuedKey = { ...(await mintKey("pk")), id: newId("key"), createdAt: now };
  const sk: IssuedKey = { ...(await mintKey("sk")), id: newId("key"), createdAt: now };
  try {
    await runBatch(db, [
      db.insert(projects).values(project),
      ...[
        { key: pk, kind: "publishable" as const },
        { key: sk, kind: "secret" as const },
      ].map(({ key, kind }) =>
        db.insert(projectKeys).values({
          id: key.id,
          projectId: project.id,
          kind,
          keyHash: key.hash,
          prefix: key.prefix,
          last4: key.last4,
          createdAt: now,
        }),
      ),
      auditStatement(db, {
        projectId: project.id,
        actor,
        action: "project.create",
        targetType: "project",
        targetId: project.id,
        requestId,
        diff: diffOf(null, { name: project.name, slug: project.slug, settings: project.settings }),
      }),
    ]);
  } catch (err) {
    if (isUniqueViolation(err)) return { ok: false, reason: "slug_taken" };
    throw err;
  }
  return { ok: true, project, publishableKey: pk, secretKey: sk };
}

/** The owner's projects, newest first. */
export async function listProjects(db: Db, ownerId: string): Promise<Project[]> {
  const rows = await db.select().from(projects).where(eq(projects.ownerId, ownerId));
  return rows.sort((a, b) => b.createdAt - a.createdAt);
}

/** Re-reads a project after a change. */
export async function reloadProject(db: Db, projectId: string): Promise<Project | undefined> {
  const [row] = await db
    .select()
    .from(projects)
    .where(and(eq(projects.id, projectId)));
  return row;
}
