import type {
  apiKeys,
  auditLog,
  identities,
  latencyRollups,
  limitRules,
  originPools,
  origins,
  projectKeys,
  projectSecrets,
  projects,
  refreshTokens,
  tiers,
  usageRollups,
  users,
} from "./schema";

export * from "./client";
export * from "./enums";
export * from "./latency-rollups";
export * from "./schema";
export * from "./usage-rollups";

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type RefreshToken = typeof refreshTokens.$inferSelect;
export type NewRefreshToken = typeof refreshTokens.$inferInsert;
export type Project = typeof projects.$inferSelect;
export type NewProject = typeof projects.$inferInsert;
export type ProjectKey = typeof projectKeys.$inferSelect;
export type NewProjectKey = typeof projectKeys.$inferInsert;
export type ProjectSecret = typeof projectSecrets.$inferSelect;
export type NewProjectSecret = typeof projectSecrets.$inferInsert;
export type Tier = typeof tiers.$inferSelect;
export type NewTier = typeof tiers.$inferInsert;
export type LimitRule = typeof limitRules.$inferSelect;
export type NewLimitRule = typeof limitRules.$inferInsert;
export type Identity = typeof identities.$inferSelect;
export type NewIdentity = typeof identities.$inferInsert;
export type ApiKey = typeof apiKeys.$inferSelect;
export type NewApiKey = typeof apiKeys.$inferInsert;
export type UsageRollup = typeof usageRollups.$inferSelect;
export type NewUsageRollup = typeof usageRollups.$inferInsert;
export type LatencyRollup = typeof latencyRollups.$inferSelect;
export type NewLatencyRollup = typeof latencyRollups.$inferInsert;
export type AuditLogEntry = typeof auditLog.$inferSelect;
export type NewAuditLogEntry = typeof auditLog.$inferInsert;
export type OriginPool = typeof originPools.$inferSelect;
export type NewOriginPool = typeof originPools.$inferInsert;
export type Origin = typeof origins.$inferSelect;
export type NewOrigin = typeof origins.$inferInsert;
