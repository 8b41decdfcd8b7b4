/** A service binding of the worker: something with a `fetch`, as the runtime gives it. */
export interface ServiceBinding {
  fetch(request: Request): Promise<Response>;
  fetch(input: string, init?: RequestInit): Promise<Response>;
}

/**
 * The worker's service binding `name` (the `NAME` of a `binding://NAME/…` URL), or null when the
 * deployment has none of that name (or the name is another kind of binding).
 */
export function serviceBinding(env: object, name: string): ServiceBinding | null {
  const value = (env as Record<string, unknown>)[name];
  return typeof value === "object" &&
    value !== null &&
    typeof (value as ServiceBinding).fetch === "function"
    ? (value as ServiceBinding)
    : null;
}
