import OpenAI from "openai";
import { inject } from "vitest";

export const baseUrl = inject("baseUrl");
export const mockUrl = inject("mockUrl");

/** A fresh identity per test, so counters never leak between tests. */
export function freshIdentity(label: string): string {
  return `${label}-${crypto.randomUUID().slice(0, 8)}`;
}

export function client(
  projectKey: string,
  identity: string,
  extra: Record<string, string> = {},
  maxRetries = 0,
): OpenAI {
  return new OpenAI({
    apiKey: "sk-caller-provider-key",
    baseURL: `${baseUrl}/v1`,
    maxRetries,
    defaultHeaders: { "x-project-key": projectKey, "x-identity": identity, ...extra },
  });
}

export const hello = [{ role: "user" as const, content: "Hello there!" }];

/** Requests the standalone mock origin has served, by path. */
export async function mockStats(): Promise<{ requests: number; byPath: Record<string, number> }> {
  const res = await fetch(`${mockUrl}/__mock/stats`);
  return (await res.json()) as { requests: number; byPath: Record<string, number> };
}

export async function mockCount(path = "/v1/chat/completions"): Promise<number> {
  return (await mockStats()).byPath[path] ?? 0;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
