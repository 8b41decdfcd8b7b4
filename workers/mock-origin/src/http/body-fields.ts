import { invalidRequest } from "./api-error";
import type { JsonObject } from "./json-body";

// Field readers for request bodies. They reject a wrong type with OpenAI's wording rather than
// coercing it, so a proxy bug that mangles a body shows up as a 400 in tests.

function invalidType(name: string, expected: string, value: unknown): never {
  const got = value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
  throw invalidRequest(
    `Invalid type for '${name}': expected ${expected}, but got ${got} instead.`,
    name,
    "invalid_type",
  );
}

/** `model`, which every generation endpoint requires. */
export function requireModel(body: JsonObject): string {
  const model = body.model;
  if (model === undefined || model === null || model === "") {
    throw invalidRequest("you must provide a model parameter");
  }
  if (typeof model !== "string") return invalidType("model", "a string", model);
  return model;
}

export function optionalString(body: JsonObject, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") return invalidType(name, "a string", value);
  return value;
}

export function optionalBoolean(body: JsonObject, name: string): boolean | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") return invalidType(name, "a boolean", value);
  return value;
}

/** An optional integer within `[min, max]`. */
export function optionalInteger(
  body: JsonObject,
  name: string,
  min: number,
  max: number,
): number | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value)) {
    return invalidType(name, "an integer", value);
  }
  if (value < min) {
    throw invalidRequest(
      `Invalid '${name}': integer below minimum value. Expected a value >= ${min}, but got ${value} instead.`,
      name,
      "integer_below_min_value",
    );
  }
  if (value > max) {
    throw invalidRequest(
      `Invalid '${name}': integer above maximum value. Expected a value <= ${max}, but got ${value} instead.`,
      name,
      "integer_above_max_value",
    );
  }
  return value;
}

/** An optional string restricted to `allowed`. */
export function optionalEnum<const T extends string>(
  body: JsonObject,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const value = optionalString(body, name);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw invalidRequest(
      `Invalid value: '${value}'. Supported values are: ${allowed.map((v) => `'${v}'`).join(", ")}.`,
      name,
      "invalid_value",
    );
  }
  return value as T;
}

export function optionalObject(body: JsonObject, name: string): JsonObject | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value))
    return invalidType(name, "an object", value);
  return value as JsonObject;
}

/** Narrows an unknown array element to an object, or undefined. */
export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as JsonObject)
    : undefined;
}
