import { createApp } from "./app";

export { LimiterDO } from "./limiter/limiter-do";
export { ShieldDO } from "./shield/shield-do";

const app = createApp();

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
