import { registerSchema, validate } from "@hyperjump/json-schema/openapi-3-1";

/** A response as documented: status, media type and JSON schema (null for an empty body). */
interface DocumentedResponse {
  content?: Record<string, { schema?: unknown }>;
}

interface Document {
  paths: Record<string, Record<string, { responses: Record<string, DocumentedResponse> }>>;
  components?: { schemas?: Record<string, unknown> };
}

let registered = 0;

type Schema = Record<string, unknown>;

function isSchema(value: unknown): value is Schema {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

const COMPONENT = "#/components/schemas/";

/**
 * A documented schema as a stand-alone JSON Schema for the checker: `#/components/schemas/X`
 * becomes `#/$defs/X`, `allOf` of objects (what zod's `.extend` generates) is merged into one
 * object, and every object with declared properties is closed (`additionalProperties: false`), so
 * a field the document does not declare is a mismatch too, not silently allowed.
 */
function standAlone(value: unknown, components: Record<string, unknown>): unknown {
  if (Array.isArray(value)) return value.map((v) => standAlone(v, components));
  if (!isSchema(value)) return value;
  let out: Schema = {};
  for (const [key, field] of Object.entries(value)) out[key] = standAlone(field, components);
  if (typeof out.$ref === "string" && out.$ref.startsWith(COMPONENT))
    out.$ref = `#/$defs/${out.$ref.slice(COMPONENT.length)}`;
  if (Array.isArray(out.allOf)) {
    const members = out.allOf.map((m: unknown) =>
      isSchema(m) && typeof m.$ref === "string"
        ? standAlone(components[m.$ref.slice("#/$defs/".length)], components)
        : m,
    );
    if (members.every((m) => isSchema(m) && isSchema(m.properties))) {
      const { allOf: _allOf, ...rest } = out;
      out = {
        ...rest,
        type: "object",
        properties: Object.assign({}, ...members.map((m) => (m as Schema).properties)),
        required: [...new Set(members.flatMap((m) => ((m as Schema).required as string[]) ?? []))],
      };
    }
  }
  if (isSchema(out.properties) && !("additionalProperties" in out))
    out.additionalProperties = false;
  return out;
}

/**
 * Checks answers against the served OpenAPI document: the status must be declared for the
 * operation, the content type must be the documented one (no body where none is documented), and
 * a JSON body must validate against the declared schema (JSON Schema, OpenAPI 3.1 dialect).
 */
export async function responseChecker(document: unknown) {
  const doc = document as Document;
  registered += 1;
  const base = `https://floodgate.test/responses-${registered}`;
  const components = doc.components?.schemas ?? {};
  const operations: Record<string, unknown> = {};
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      for (const [status, response] of Object.entries(op.responses)) {
        const schema = response.content?.["application/json"]?.schema;
        if (schema !== undefined)
          operations[`${method} ${path} ${status}`] = standAlone(schema, components);
      }
    }
  }
  const defs: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(components))
    defs[name] = standAlone(schema, components);
  const names = Object.keys(operations);
  names.forEach((name, i) => {
    defs[`response${i}`] = operations[name];
  });
  registerSchema(
    { $schema: "https://spec.openapis.org/oas/3.1/dialect/base", $defs: defs } as never,
    base,
  );

  /** What is wrong with an answer of `method path` (as documented), or [] when it conforms. */
  return async function check(method: string, path: string, res: Response): Promise<string[]> {
    const where = `${method} ${path} → ${res.status}`;
    const text = await res.text();
    const documented = doc.paths[path]?.[method.toLowerCase()]?.responses[String(res.status)];
    if (!documented) return [`${where}: status not documented (${text.slice(0, 200)})`];
    const mediaTypes = Object.keys(documented.content ?? {});
    const contentType = res.headers.get("content-type");
    if (mediaTypes.length === 0) {
      return text === "" && contentType === null
        ? []
        : [`${where}: documented without a body, got ${contentType} ${text.slice(0, 200)}`];
    }
    if (!mediaTypes.some((type) => contentType?.split(";")[0]?.trim() === type))
      return [`${where}: content-type ${contentType}, documented ${mediaTypes.join(", ")}`];
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return [`${where}: not JSON: ${text.slice(0, 200)}`];
    }
    const index = names.indexOf(`${method.toLowerCase()} ${path} ${res.status}`);
    const output = await validate(`${base}#/$defs/response${index}`, body as never, "BASIC");
    if (output.valid) return [];
    const errors = (output.errors ?? [])
      .map((e) => `${e.instanceLocation} ${e.absoluteKeywordLocation.replace(base, "")}`)
      .slice(0, 5);
    return [`${where}: body does not match: ${errors.join("; ")} — ${text.slice(0, 300)}`];
  };
}
