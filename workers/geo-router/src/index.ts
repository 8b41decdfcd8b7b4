import { createApp } from "./app";
import { loadRouterConfig } from "./config/load-config";
import { readSettings } from "./env";
import { runActiveChecks } from "./health/active-checks";

export { HealthDO } from "./health/health-do";

const app = createApp();

export default {
  fetch: app.fetch,

  /** The Cron Trigger: active health checks of every pool that has a monitor. */
  async scheduled(controller, env) {
    const settings = readSettings(env);
    if (!settings.ok) {
      console.error(
        JSON.stringify({
          level: "error",
          msg: "misconfigured deployment",
          problems: settings.problems,
        }),
      );
      return;
    }
    const config = await loadRouterConfig(settings.settings, Date.now());
    await runActiveChecks(config, {
      env,
      // Epoch ms in production; some local runners hand over a Date, which Number() also reads.
      scheduledTime: Number(controller.scheduledTime),
      now: Date.now,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    });
  },
} satisfies ExportedHandler<Env>;
