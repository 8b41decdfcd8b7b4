import { describe, expect, it } from "vitest";
import { projectSettingsSchema, upstreamUrlSchema } from "./project-settings";

const problemOf = (url: string) => {
  const result = upstreamUrlSchema.safeParse(url);
  return result.success ? null : (result.error.issues[0]?.message ?? "");
};

describe("upstreamUrlSchema", () => {
  it.each([
    "https://api.openai.com/v1",
    "http://localhost:8080/v1",
    "https://my.azure.example/openai/deployments/d?api-version=2024-10-21",
    "https://[::1]:8443/v1",
    "binding://ORIGIN_ROUTER",
    "binding://GATEWAY_ECHO/replay/v1",
    "binding://MOCK_ORIGIN?x=1",
  ])("accepts %s", (url) => {
    expect(problemOf(url)).toBeNull();
  });

  it.each([
    ["https://api.openai.com/v1#frag", "#fragment"],
    ["https://api.openai.com/v1#", "#fragment"],
    ["binding://ORIGIN_ROUTER/v1#x", "#fragment"],
    ["https://user:secret@api.example.com/v1", "credentials"],
    ["https://sk-abc@api.example.com/v1", "credentials"],
    ["https://@api.example.com/v1", "credentials"],
    ["binding://user@ORIGIN_ROUTER/v1", "credentials"],
    ["ftp://files.example.com/v1", "http(s):// or binding://"],
    ["file:///etc/passwd", "http(s):// or binding://"],
    ["javascript://x", "http(s):// or binding://"],
    ["HTTPS://api.example.com", "http(s):// or binding://"],
    ["https://api.example.com/ v1", "http(s):// or binding://"],
    ["https:///v1", "valid host"],
    ["https://api.example.com:port/v1", "valid host"],
    ["https://exa mple.com", "http(s):// or binding://"],
    ["https://bad_host^.example/v1", "valid host"],
    ["binding://", "service binding name"],
    ["binding://not-a-name/v1", "service binding name"],
  ])("rejects %s naming what is wrong", (url, problem) => {
    expect(problemOf(url)).toContain(problem);
  });

  it("applies to route base URLs and the gateway origin alike", () => {
    const result = projectSettingsSchema.safeParse({
      routes: [{ provider: "custom", baseUrl: "https://llm.example.com/v1#x" }],
      gatewayOrigin: "https://u:p@api.example.com",
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join("."))).toEqual([
      "routes.0.baseUrl",
      "gatewayOrigin",
    ]);
  });
});
