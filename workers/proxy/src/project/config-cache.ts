import type { Db } from "@floodgate/db";
import { sha256Hex } from "../crypto/sha256";
import {
  loadProjectByKeyHash,
  loadProjectVersion,
  type ProjectConfig,
  type ProjectLookup,
} from "./project-config";

interface Entry {
  lookup: ProjectLookup;
  /** Epoch ms after which the entry must be revalidated against D1. */
  freshUntil: number;
}

/** Where a miss or a revalidation looks. Opened only then: a warm request builds nothing. */
export interface ConfigSource {
  openDb: () => Db;
  masterKey: string | undefined;
}

/**
 * Per-isolate cache of project config keyed by publishable key, so a warm request makes no D1
 * query, opens no database handle and hashes nothing (the key is hashed only to look it up in D1).
 * After the TTL an entry is revalidated with one cheap query for the project's version stamp and
 * reloaded only when the stamp moved; the management API invalidates at once in its own isolate.
 * Unknown keys are cached too (shorter), so a flood of bad keys does not reach D1.
 */
export class ProjectConfigCache {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries = 10_000;

  async get(
    projectKey: string,
    source: ConfigSource,
    opts: { ttlMs: number; nowMs: number },
  ): Promise<ProjectLookup> {
    const { ttlMs, nowMs } = opts;
    const entry = this.entries.get(projectKey);
    if (entry && entry.freshUntil > nowMs) return entry.lookup;
    const db = source.openDb();
    if (entry?.lookup.ok) {
      const version = await loadProjectVersion(db, entry.lookup.config.id);
      if (version === entry.lookup.config.version) {
        entry.freshUntil = nowMs + ttlMs;
        return entry.lookup;
      }
    }
    const lookup = await loadProjectByKeyHash(db, await sha256Hex(projectKey), source.masterKey);
    this.set(projectKey, {
      lookup,
      freshUntil: nowMs + (lookup.ok ? ttlMs : Math.min(ttlMs, 5_000)),
    });
    return lookup;
  }

  /** Drops every entry of a project (after a management change in this isolate). */
  invalidateProject(projectId: string): void {
    for (const [key, entry] of this.entries) {
      if (!entry.lookup.ok || entry.lookup.config.id === projectId) this.entries.delete(key);
    }
  }

  clear(): void {
    this.entries.clear();
  }

  private set(projectKey: string, entry: Entry): void {
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(projectKey, entry);
  }
}

/** The isolate's cache. */
export const projectConfigs = new ProjectConfigCache();

export type { ProjectConfig };
