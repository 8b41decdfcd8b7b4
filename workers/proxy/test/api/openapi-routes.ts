import { call, expectJson } from "./helpers";

export type Access = "public" | "user" | "project-owner" | "project-backend" | "admin";

/** One operation of the served OpenAPI document. */
export interface Operation {
  method: string;
  /** As documented, e.g. `/api/projects/{projectId}/tiers/{tierId}`. */
  path: string;
  access: Access;
  params: string[];
  hasBody: boolean;
}

interface RawOperation {
  "x-floodgate-access"?: Access;
  security?: Record<string, string[]>[];
  requestBody?: unknown;
}

/** Every operation of `/api/openapi.json`: the tests walk this, so no route can skip them. */
export async function documentedOperations(): Promise<Operation[]> {
  const doc = await expectJson<{ paths: Record<string, Record<string, RawOperation>> }>(
    await call("GET", "/api/openapi.json"),
    200,
  );
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const access = op["x-floodgate-access"];
      if (!access) throw new Error(`${method} ${path} states no access policy`);
      operations.push({
        method: method.toUpperCase(),
        path,
        access,
        params: [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? ""),
        hasBody: op.requestBody !== undefined,
      });
    }
  }
  return operations;
}

/** Fills a documented path with values (URL-encoded). */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for {${name}} in ${path}`);
    return encodeURIComponent(value);
  });
}
