import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { fixtureSecrets } from "./fixtures";
import { baseUrl, client, freshIdentity, sleep } from "./helpers";

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    const stat = statSync(full, { throwIfNoEntry: false });
    if (!stat) return [];
    return stat.isDirectory() ? filesUnder(full) : [full];
  });
}

/** The files' contents; SQLite's -wal and -shm files vanish when another test's object closes its
 * database, and what they held is then in the database file itself, which is read too. */
function readAll(files: string[]): Map<string, string> {
  const contents = new Map<string, string>();
  for (const file of files) {
    try {
      contents.set(file, readFileSync(file).toString("latin1"));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT" || !/-(wal|shm|journal)$/.test(file)) {
        throw error;
      }
    }
  }
  return contents;
}

describe("privacy", () => {
  it("keeps prompts, completions and provider keys out of D1, Durable Object storage and the logs", async () => {
    const marker = `PROMPT-MARKER-${crypto.randomUUID()}`;
    const callerKey = `sk-caller-${crypto.randomUUID()}`;
    const messages = [{ role: "user" as const, content: `Please keep this private: ${marker}` }];
    const identity = freshIdentity("privacy");
    const completions: string[] = [];

    const passThrough = client("pk_e2e", identity, { "x-tier": "pro" });
    passThrough.apiKey = callerKey;
    const json = await passThrough.chat.completions.create({ model: "gpt-4o-mini", messages });
    completions.push(json.choices[0]?.message.content ?? "");
    const stream = await passThrough.chat.completions.create({
      model: "gpt-4o-mini",
      messages,
      stream: true,
    });
    let streamed = "";
    for await (const chunk of stream) streamed += chunk.choices[0]?.delta?.content ?? "";
    completions.push(streamed);
    const response = await passThrough.responses.create({ model: "gpt-4o-mini", input: marker });
    completions.push(response.output_text);

    const stored = client("pk_stored", freshIdentity("privacy-stored"));
    const viaStoredKey = await stored.chat.completions
      .create({ model: "gpt-4o-mini", messages })
      .withResponse();
    expect(viaStoredKey.response.headers.get("x-mock-received-authorization")).toBe("present");
    completions.push(viaStoredKey.data.choices[0]?.message.content ?? "");

    // a failing request too: errors must not echo prompts into logs either
    await fetch(`${baseUrl}/v1/chat/completions`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-project-key": "pk_e2e",
        "x-identity": identity,
        "x-mock-status": "500",
      },
      body: JSON.stringify({ model: "gpt-4o-mini", messages }),
    }).then((r) => r.text());

    await sleep(2_000); // let the Durable Objects flush their rollups to D1 (500 ms in tests)

    const secrets = [
      marker,
      callerKey,
      fixtureSecrets.storedProviderKey,
      fixtureSecrets.signingSecret,
      ...completions.filter((c) => c.length > 12),
    ];
    expect(completions.every((c) => c.length > 12)).toBe(true);
    const stateFiles = filesUnder(inject("stateDir"));
    const d1Files = stateFiles.filter((f) => f.includes("d1"));
    const doFiles = stateFiles.filter((f) => f.includes("do"));
    expect(d1Files.length).toBeGreaterThan(0);
    expect(doFiles.length).toBeGreaterThan(0);
    const scanned = readAll([...stateFiles, inject("logFile")]);
    for (const [file, content] of scanned) {
      for (const secret of secrets) {
        expect(content.includes(secret), `${secret.slice(0, 24)}… found in ${file}`).toBe(false);
      }
    }
    // the usage did reach D1 and the DO storage (so the scan looked at real data)
    const allState = stateFiles.map((f) => scanned.get(f) ?? "").join("\n");
    expect(allState).toContain(identity);
    expect(readFileSync(inject("logFile"), "utf8")).toContain("/v1/chat/completions");
  });
});
