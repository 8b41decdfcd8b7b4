import { describe, expect, it } from "vitest";
import { GroupCommit, type Syncable } from "../../src/limiter/group-commit";

/** Storage whose commits finish when the test says so. */
class ManualStorage implements Syncable {
  private commits: { resolve: () => void; reject: (e: Error) => void }[] = [];

  sync(): Promise<void> {
    return new Promise((resolve, reject) => this.commits.push({ resolve, reject }));
  }

  get inFlight(): number {
    return this.commits.length;
  }

  /** Finishes the oldest commit in flight. */
  async commit(outcome: "ok" | "fail" = "ok"): Promise<void> {
    const next = this.commits.shift();
    if (!next) throw new Error("no commit in flight");
    if (outcome === "ok") next.resolve();
    else next.reject(new Error("disk full"));
    // Let the continuations run.
    for (let i = 0; i < 5; i++) await Promise.resolve();
  }
}

/**
 * A group commit over a list of changes, recording what each write took; its clock stands still
 * unless the test moves it, so writes come close together.
 */
function setUp() {
  const storage = new ManualStorage();
  let changes: string[] = [];
  const writes: string[][] = [];
  const clock = { now: 1_000 };
  const commits = new GroupCommit(
    storage,
    () => {
      writes.push(changes);
      changes = [];
    },
    () => clock.now,
  );
  const change = (name: string) => {
    changes.push(name);
    const settled = { done: false };
    const written = commits.persist().then(() => {
      settled.done = true;
    });
    return { settled, written };
  };
  return { storage, writes, change, clock };
}

describe("GroupCommit", () => {
  it("writes a lone change at once, without asking when it is committed", async () => {
    const { storage, writes, change, clock } = setUp();
    await change("a").written;
    clock.now += 2;
    await change("b").written;
    expect(writes).toEqual([["a"], ["b"]]);
    expect(storage.inFlight).toBe(0);
  });

  it("writes the changes made during a commit together, right after it", async () => {
    const { storage, writes, change } = setUp();
    // The first write is lone; the second comes close to it, so its commit is waited for.
    change("z");
    change("a");
    const later = [change("b"), change("c"), change("d")];
    expect(writes).toEqual([["z"], ["a"]]);
    await Promise.resolve();
    expect(later.map((c) => c.settled.done)).toEqual([false, false, false]);

    await storage.commit();
    expect(writes).toEqual([["z"], ["a"], ["b", "c", "d"]]);
    await Promise.all(later.map((c) => c.written));
    // the group's own commit is in flight; a change now waits for it
    expect(storage.inFlight).toBe(1);
    const e = change("e");
    expect(writes).toHaveLength(3);
    await storage.commit();
    await e.written;
    expect(writes).toEqual([["z"], ["a"], ["b", "c", "d"], ["e"]]);
  });

  it("writes at once again when storage has gone idle", async () => {
    const { storage, writes, change } = setUp();
    change("z");
    await change("a").written;
    await storage.commit();
    expect(storage.inFlight).toBe(0);
    change("b");
    expect(writes).toEqual([["z"], ["a"], ["b"]]);
  });

  it("goes on after a failed commit", async () => {
    const { storage, writes, change } = setUp();
    change("z");
    change("a");
    const b = change("b");
    await storage.commit("fail");
    await b.written;
    expect(writes).toEqual([["z"], ["a"], ["b"]]);
    await storage.commit();
    change("c");
    expect(writes).toEqual([["z"], ["a"], ["b"], ["c"]]);
  });

  it("fails the callers of a group whose write throws, and writes the next group", async () => {
    const storage = new ManualStorage();
    let fail = false;
    const commits = new GroupCommit(
      storage,
      () => {
        if (fail) throw new Error("value too large");
      },
      () => 1_000,
    );
    await commits.persist();
    await commits.persist();
    fail = true;
    const grouped = commits.persist();
    await storage.commit();
    await expect(grouped).rejects.toThrow("value too large");
    fail = false;
    // The failed write started no commit: storage is idle, the next change is written at once.
    expect(storage.inFlight).toBe(0);
    await expect(commits.persist()).resolves.toBeUndefined();
    expect(storage.inFlight).toBe(1);
  });
});
