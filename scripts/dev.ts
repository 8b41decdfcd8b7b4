import { demo, demoSeedSql } from "./lib/demo";
import { writeDevConfigs } from "./lib/dev-config";
import { devStateDir } from "./lib/paths";
import { prepareLocalDatabase, startDevServer, waitForHealthy } from "./lib/wrangler";

// `pnpm dev`: migrations + demo seed on persisted local state, then one `wrangler dev` serving the
// proxy on :8787 with the mock origin behind it.
const port = Number(process.env.PORT ?? 8787);
const base = `http://localhost:${port}`;

const configs = writeDevConfigs();
console.log("Applying migrations and seeding the demo project…");
prepareLocalDatabase(configs.proxyConfigPath, devStateDir, demoSeedSql());

const server = startDevServer({
  configPaths: configs.configPaths,
  port,
  persistTo: devStateDir,
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    server.kill(signal);
    process.exit(0);
  });
}
server.on("exit", (code) => process.exit(code ?? 0));

await waitForHealthy(`${base}/health`, 60_000);
console.log(`
Floodgate is running at ${base}
  demo project key: ${demo.publishableKey}   secret key: ${demo.secretKey}   tiers: free, pro
  upstream: the mock origin (workers/mock-origin); models named regional-* go through the
  geo-router to a mock per region (eu, us, ap) — the caller is in Frankfurt unless
  you send x-floodgate-dev-country, e.g. -H 'x-floodgate-dev-country: JP'

Try it with curl:
  curl ${base}/v1/chat/completions \\
    -H 'content-type: application/json' -H 'x-project-key: ${demo.publishableKey}' -H 'x-identity: user-1' \\
    -d '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hello!"}]}'

Or with the OpenAI SDK (npm i openai):
  import OpenAI from "openai";
  const client = new OpenAI({
    apiKey: "sk-anything",
    baseURL: "${base}/v1",
    defaultHeaders: { "x-project-key": "${demo.publishableKey}", "x-identity": "user-1" },
  });
  const reply = await client.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: "Hello!" }],
  });
  console.log(reply.choices[0].message.content);
`);
