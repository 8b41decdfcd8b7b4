/** A signed-in dashboard user, as the access token and the session check established. */
export interface AuthUser {
  id: string;
  email: string;
  /** The refresh-token family the access token belongs to. */
  sessionId: string;
  /** Listed in `ADMIN_EMAILS`. */
  isAdmin: boolean;
}

/** Who made a management call: what the audit log records. */
export type Actor =
  | { type: "user"; id: string; email: string }
  | { type: "secret_key"; id: string }
  | { type: "admin"; id: string; email: string };
