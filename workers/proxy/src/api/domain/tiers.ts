import { type Db, type Tier, tiers } from "@floodgate/db";
import { and, eq } from "drizzle-orm";

export function tierView(tier: Tier) {
  return {
    id: tier.id,
    name: tier.name,
    description: tier.description,
    isDefault: tier.isDefault,
    position: tier.position,
    createdAt: tier.createdAt,
    updatedAt: tier.updatedAt,
  };
}

export async function listTiers(db: Db, projectId: string): Promise<Tier[]> {
  const rows = await db.select().from(tiers).where(eq(tiers.projectId, projectId));
  return rows.sort((a, b) => a.position - b.position || a.name.localeCompare(b.name));
}

export async function findTier(
  db: Db,
  projectId: string,
  tierId: string,
): Promise<Tier | undefined> {
  const [row] = await db
    .select()
    .from(tiers)
    .where(and(eq(tiers.projectId, projectId), eq(tiers.id, tierId)));
  return row;
}

export async function findTierByName(
  db: Db,
  projectId: string,
  name: string,
): Promise<Tier | undefined> {
  const [row] = await db
    .select()
    .from(tiers)
    .where(and(eq(tiers.projectId, projectId), eq(tiers.name, name)));
  return row;
}

/** Clears the project's default tier; runs before marking another one default, in one batch. */
export function clearDefaultTier(db: Db, projectId: string) {
  return db
    .update(tiers)
    .set({ isDefault: false })
    .where(and(eq(tiers.projectId, projectId), eq(tiers.isDefault, true)));
}
