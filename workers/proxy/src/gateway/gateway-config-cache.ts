import { type ApiKey, apiKeys, type Db, projects } from "@floodgate/db";
import { eq } from "drizzle-orm";
import { loadProjectById, loadProjectVersion, type ProjectConfig } from "../project/project-config";
import { projectUnusable } from "../project/project-unusable";

interface ProjectEntry {
  config: ProjectConfig | null;
  /** Epoch ms after which the entry is revalidated against D1. */
  freshUntil: number;
}

interface KeyEntry {
  key: ApiKey | null;
  /** The project's version stamp when the key was read: a newer stamp means "read it again". */
  version: number;
  freshUntil: number;
}

/** Unknown slugs and keys are remembered this long at most, so floods of bad ones skip D1. */
const NEGATIVE_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  if (map.size >= MAX_ENTRIES) {
    const oldest = map.keys().next();
    if (!oldest.done) map.delete(oldest.value);
  }
  map.set(key, value);
}

/**
 * The gateway's per-isolate cache: project config by slug and consumer keys by hash, so a warm
 * request makes no D1 query. After the TTL a project is revalidated with one query for its
 * version stamp; every change to the project's settings, tiers, rules or API keys bumps that
 * stamp, and cached keys read under an older stamp are read again. The management API drops
 * a project's entries in its own isolate at once.
 */
export class GatewayConfigCache {
  private readonly projects = new Map<string, ProjectEntry>();
  private readonly keys = new Map<string, KeyEntry>();

  async project(db: Db, slug: string, masterKey: string | undefined, ttlMs: number, nowMs: number) {
    const entry = this.projects.get(slug);
    if (entry && entry.freshUntil > nowMs) return entry.config;
    if (entry?.config) {
      const version = await loadProjectVersion(db, entry.config.id);
      if (version === entry.config.version) {
        entry.freshUntil = nowMs + ttlMs;
        return entry.config;
      }
    }
    const [row] = await db
      .select({ id: projects.id })
      .from(projects)
      .where(eq(projects.slug, slug))
      .limit(1);
    const lookup = row ? await loadProjectById(db, row.id, masterKey) : null;
    if (lookup && !lookup.ok && lookup.reason !== "unknown_key") {
      // Invalid settings or undecryptable secrets (logged with the project id): the project's to fix.
      throw projectUnusable();
    }
    const config = lookup?.ok ? lookup.config : null;
    remember(this.projects, slug, {
      config,
      freshUntil: nowMs + (config ? ttlMs : Math.min(ttlMs, NEGATIVE_TTL_MS)),
    });
    return config;
  }

  /** The API key with this hash if it belongs to `project` (any status), else null. */
  async key(db: Db, project: ProjectConfig, keyHash: string, ttlMs: number, nowMs: number) {
    const entry = this.keys.get(keyHash);
    if (entry && entry.version === project.version && entry.freshUntil > nowMs) {
      return entry.key?.projectId === project.id ? entry.key : null;
    }
    const [key] = await db.select().from(apiKeys).where(eq(apiKeys.keyHash, keyHash)).limit(1);
    remember(this.keys, keyHash, {
      key: key ?? null,
      version: project.version,
      freshUntil: nowMs + (key ? ttlMs : Math.min(ttlMs, NEGATIVE_TTL_MS)),
    });
    return key?.projectId === project.id ? key : null;
  }

  /** Drops a project's entries (after a management change in this isolate). */
  invalidateProject(projectId: string): void {
    for (const [slug, entry] of this.projects) {
      if (!entry.config || entry.config.id === projectId) this.projects.delete(slug);
    }
    for (const [hash, entry] of this.keys) {
      if (!entry.key || entry.key.projectId === projectId) this.keys.delete(hash);
    }
  }
}

/** The isolate's cache. */
export const gatewayConfigs = new GatewayConfigCache();
