import { affinitySchema } from "@floodgate/contracts";
import { describe, expect, it } from "vitest";
import { affinityCookie, pickAffinity, readCookie } from "./affinity";

const origins = [
  { id: "a", weight: 1 },
  { id: "b", weight: 1 },
  { id: "c", weight: 1 },
];
const input = (cookie: string | null, headers: Record<string, string> = {}) => ({
  cookieHeader: cookie,
  header: (name: string) => headers[name] ?? null,
});

describe("session affinity", () => {
  const cookieMode = affinitySchema.parse({ mode: "cookie" });
  const headerMode = affinitySchema.parse({ mode: "header", headerName: "X-Session" });

  it("cookie mode keeps the session on the origin its cookie names", () => {
    expect(pickAffinity(cookieMode, input("theme=dark; __floodgate_origin=b"), origins)?.id).toBe(
      "b",
    );
  });

  it("cookie mode ignores a cookie naming an origin that is not available (down or unknown)", () => {
    expect(
      pickAffinity(
        cookieMode,
        input("__floodgate_origin=b"),
        origins.filter((o) => o.id !== "b"),
      ),
    ).toBeUndefined();
    expect(pickAffinity(cookieMode, input("__floodgate_origin=evil"), origins)).toBeUndefined();
    expect(pickAffinity(cookieMode, input(null), origins)).toBeUndefined();
  });

  it("writes a cookie with the origin id, lifetime and safe attributes", () => {
    expect(affinityCookie(cookieMode, "eu/1", true)).toBe(
      "__floodgate_origin=eu%2F1; Max-Age=3600; Path=/; HttpOnly; SameSite=Lax; Secure",
    );
    expect(affinityCookie(cookieMode, "a", false)).not.toContain("Secure");
    expect(affinityCookie(headerMode, "a", true)).toBeNull();
  });

  it("header mode maps one session to one origin, and moves it only when that origin is gone", () => {
    const sessions = Array.from({ length: 300 }, (_, i) => `session-${i}`);
    const first = sessions.map(
      (s) => pickAffinity(headerMode, input(null, { "x-session": s }), origins)?.id,
    );
    const again = sessions.map(
      (s) => pickAffinity(headerMode, input(null, { "x-session": s }), origins)?.id,
    );
    expect(again).toEqual(first);
    const withoutB = origins.filter((o) => o.id !== "b");
    sessions.forEach((s, i) => {
      const moved = pickAffinity(headerMode, input(null, { "x-session": s }), withoutB)?.id;
      if (first[i] !== "b") expect(moved).toBe(first[i]);
    });
  });

  it("header mode without the header leaves the choice to the strategy", () => {
    expect(pickAffinity(headerMode, input(null), origins)).toBeUndefined();
  });

  it("readCookie finds one cookie among several and survives bad encoding", () => {
    expect(readCookie("a=1; b=two%20words", "b")).toBe("two words");
    expect(readCookie("b=%E0%A4%A", "b")).toBeNull();
    expect(readCookie("ab=1", "b")).toBeNull();
  });
});
