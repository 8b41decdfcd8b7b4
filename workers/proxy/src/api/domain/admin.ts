import { type Db, type Project, projects, users } from "@floodgate/db";
import { and, asc, count, eq, gt, type SQL, sql } from "drizzle-orm";
import { projectNotFound } from "../http/api-errors";
import { containsText } from "./like-text";

/** Users by id, with how many projects each owns. */
export async function listUsers(
  db: Db,
  query: { search?: string | undefined; limit: number; cursor?: string | undefined },
  adminEmails: readonly string[],
) {
  const conditions: SQL[] = [];
  if (query.search) conditions.push(containsText(users.email, query.search.toLowerCase()));
  if (query.cursor) conditions.push(gt(users.id, query.cursor));
  const rows = await db
    .select({
      id: users.id,
      email: users.email,
      createdAt: users.createdAt,
      projects: count(projects.id),
    })
    .from(users)
    .leftJoin(projects, eq(projects.ownerId, users.id))
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .groupBy(users.id)
    .orderBy(asc(users.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  return {
    users: page.map((u) => ({ ...u, isAdmin: adminEmails.includes(u.email) })),
    nextCursor: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

/** Every project by id, with its owner's e-mail. */
export async function listAllProjects(
  db: Db,
  query: { search?: string | undefined; limit: number; cursor?: string | undefined },
) {
  const conditions: SQL[] = [];
  if (query.search) {
    // As typed: LIKE already ignores ASCII case, and SQLite's lower() leaves other letters as
    // they are while JavaScript's would not, so lower-casing one side missed names like "École".
    const { search } = query;
    conditions.push(
      sql`(${containsText(projects.name, search)} or ${containsText(projects.slug, search)})`,
    );
  }
  if (query.cursor) conditions.push(gt(projects.id, query.cursor));
  const rows = await db
    .select({
      id: projects.id,
      slug: projects.slug,
      name: projects.name,
      ownerId: projects.ownerId,
      ownerEmail: users.email,
      disabled: projects.disabled,
      configVersion: projects.configVersion,
      createdAt: projects.createdAt,
    })
    .from(projects)
    .innerJoin(users, eq(users.id, projects.ownerId))
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(asc(projects.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  return {
    projects: page,
    nextCursor: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

/** Any project, for an admin; 404 when it does not exist. */
export async function anyProject(db: Db, projectId: string): Promise<Project> {
  const [project] = await db.select().from(projects).where(eq(projects.id, projectId));
  if (!project) throw projectNotFound();
  return project;
}
