import { type Db, projects } from "@floodgate/db";
import { eq, sql } from "drizzle-orm";
import { gatewayConfigs } from "../../gateway/gateway-config-cache";
import { projectConfigs } from "../../project/config-cache";
import type { Statement } from "./batch";

/**
 * Bumps `projects.config_version`, the stamp the hot path's caches compare: every change to a
 * project's settings, keys, tiers, rules or API keys runs this in the same batch.
 */
export function bumpConfigVersion(db: Db, projectId: string): Statement {
  return db
    .update(projects)
    .set({ configVersion: sql`${projects.configVersion} + 1` })
    .where(eq(projects.id, projectId));
}

/**
 * Drops this isolate's cached config of the project at once; other isolates see the new version
 * stamp when their TTL runs out.
 */
export function forgetCachedConfig(projectId: string): void {
  projectConfigs.invalidateProject(projectId);
  gatewayConfigs.invalidateProject(projectId);
}
