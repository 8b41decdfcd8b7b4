import { env, exports } from "cloudflare:workers";
import { errorEnvelopeSchema } from "@floodgate/contracts";
import { expect } from "vitest";

/** Calls the proxy worker as a client would. */
export async function call(
  method: string,
  path: string,
  options: {
    token?: string;
    body?: unknown;
    rawBody?: BodyInit;
    headers?: Record<string, string>;
  } = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  let body: BodyInit | undefined = options.rawBody;
  if (options.body !== undefined) {
    headers["content-type"] ??= "application/json";
    body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
  }
  return exports.default.fetch(`http://proxy${path}`, { method, headers, body });
}

/** The JSON body of a response with the expected status (shows the body when it differs). */
export async function expectJson<T = Record<string, unknown>>(
  res: Response,
  status: number,
): Promise<T> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return JSON.parse(text) as T;
}

/** The envelope of an error response with the expected status. */
export async function expectError(res: Response, status: number, code?: string) {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  const envelope = errorEnvelopeSchema.parse(JSON.parse(text));
  if (code !== undefined) expect(envelope.error.code, text).toBe(code);
  expect(envelope.error.request_id).toBe(res.headers.get("x-request-id"));
  return envelope.error;
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  user: { id: string; email: string; isAdmin: boolean };
}

let counter = 0;

/** A fresh e-mail address, unique in this test file. */
export function uniqueEmail(name = "user"): string {
  counter += 1;
  return `${name}-${counter}-${crypto.randomUUID().slice(0, 8)}@example.test`;
}

export const PASSWORD = "correct horse battery staple";

export async function signUp(email = uniqueEmail()): Promise<Session> {
  return expectJson<Session>(
    await call("POST", "/api/auth/register", { body: { email, password: PASSWORD } }),
    201,
  );
}

export async function signIn(email: string, password = PASSWORD): Promise<Session> {
  return expectJson<Session>(
    await call("POST", "/api/auth/login", { body: { email, password } }),
    200,
  );
}

/** A test-only secret the vitest config binds (secrets are not in the generated `Env`). */
export function testSecret(name: "AUTH_JWT_SECRET" | "MASTER_KEY" | "ADMIN_EMAILS"): string {
  return String((env as unknown as Record<string, unknown>)[name]);
}

/** The platform admin's session (`admin@floodgate.test` is in the tests' `ADMIN_EMAILS`). */
export async function adminSession(): Promise<Session> {
  const email = "admin@floodgate.test";
  const registered = await call("POST", "/api/auth/register", {
    body: { email, password: PASSWORD },
  });
  if (registered.status === 201) return (await registered.json()) as Session;
  return signIn(email);
}
