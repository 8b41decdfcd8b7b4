import { createApp } from "./app";
import { loadRouterConfig, RouterConfigError } from "./config/load-config";
import type { RouterConfig } from "./config/router-config";
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
    let config: RouterConfig;
    try {
      ({ config } = await loadRouterConfig(settings.settings, Date.now()));
    } catch (err) {
      // Without any valid config there is nothing to check; the loader has logged why.
      if (err instanceof RouterConfigError) return;
      throw err;
    }
    await runActiveChecks(config, {
      env,
      // Epoch ms in production; some local runners hand over a Date, which Number() also reads.
      scheduledTime: Number(controller.scheduledTime),
      now: Date.now,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    });
  },
} satisfies ExportedHandler<Env>;
