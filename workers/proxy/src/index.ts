import { createApp } from "./app";

export { LimiterDO } from "./limiter/limiter-do";

const app = createApp();

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
