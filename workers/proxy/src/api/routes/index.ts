import type { ApiApp } from "../api-env";
import { registerAdminBlockApiKey } from "./admin/block-api-key";
import { registerAdminListAudit } from "./admin/list-audit";
import { registerAdminListProjects } from "./admin/list-projects";
import { registerAdminListUsers } from "./admin/list-users";
import { registerAdminSetApiKeyTier } from "./admin/set-api-key-tier";
import { registerAdminSetIdentityTier } from "./admin/set-identity-tier";
import { registerAdminUnblockApiKey } from "./admin/unblock-api-key";
import { registerBlockApiKey } from "./api-keys/block-api-key";
import { registerCreateApiKey } from "./api-keys/create-api-key";
import { registerListApiKeys } from "./api-keys/list-api-keys";
import { registerRevokeApiKey } from "./api-keys/revoke-api-key";
import { registerUnblockApiKey } from "./api-keys/unblock-api-key";
import { registerUpdateApiKey } from "./api-keys/update-api-key";
import { registerListProjectAudit } from "./audit/list-project-audit";
import { registerChangePassword } from "./auth/change-password";
import { registerLogin } from "./auth/login";
import { registerLogout } from "./auth/logout";
import { registerMe } from "./auth/me";
import { registerRefresh } from "./auth/refresh";
import { registerRegister } from "./auth/register";
import { registerBulkUpsertIdentities } from "./identities/bulk-upsert-identities";
import { registerDeleteIdentity } from "./identities/delete-identity";
import { registerDisableIdentity } from "./identities/disable-identity";
import { registerEnableIdentity } from "./identities/enable-identity";
import { registerGetIdentity } from "./identities/get-identity";
import { registerGiftIdentity } from "./identities/gift-identity";
import { registerListIdentities } from "./identities/list-identities";
import { registerPromoIdentity } from "./identities/promo-identity";
import { registerResetIdentity } from "./identities/reset-identity";
import { registerUpsertIdentity } from "./identities/upsert-identity";
import { registerCreateSecretKey } from "./keys/create-secret-key";
import { registerListKeys } from "./keys/list-keys";
import { registerRevokeSecretKey } from "./keys/revoke-secret-key";
import { registerRotatePublishableKey } from "./keys/rotate-publishable-key";
import { registerCreateProject } from "./projects/create-project";
import { registerDeleteProject } from "./projects/delete-project";
import { registerGetProject } from "./projects/get-project";
import { registerListProjects } from "./projects/list-projects";
import { registerUpdateProject } from "./projects/update-project";
import { registerCreateRule } from "./rules/create-rule";
import { registerDeleteRule } from "./rules/delete-rule";
import { registerListRules } from "./rules/list-rules";
import { registerUpdateRule } from "./rules/update-rule";
import { registerDeleteProviderKey } from "./secrets/delete-provider-key";
import { registerListProviderKeys } from "./secrets/list-provider-keys";
import { registerPutProviderKey } from "./secrets/put-provider-key";
import { registerRotateSigningSecret } from "./secrets/rotate-signing-secret";
import { registerCreateTier } from "./tiers/create-tier";
import { registerDeleteTier } from "./tiers/delete-tier";
import { registerListTiers } from "./tiers/list-tiers";
import { registerUpdateTier } from "./tiers/update-tier";
import { registerBillingStatement } from "./usage/billing-statement";
import { registerUsageByIdentity } from "./usage/usage-by-identity";
import { registerUsageByModel } from "./usage/usage-by-model";
import { registerUsageMetrics } from "./usage/usage-metrics";
import { registerUsageSummary } from "./usage/usage-summary";
import { registerUsageTimeseries } from "./usage/usage-timeseries";

/** Every management route, one file each, in the order the docs list them. */
const registrations: ((api: ApiApp) => void)[] = [
  registerChangePassword,
  registerLogin,
  registerLogout,
  registerMe,
  registerRefresh,
  registerRegister,
  registerCreateProject,
  registerDeleteProject,
  registerGetProject,
  registerListProjects,
  registerUpdateProject,
  registerCreateSecretKey,
  registerListKeys,
  registerRevokeSecretKey,
  registerRotatePublishableKey,
  registerDeleteProviderKey,
  registerListProviderKeys,
  registerPutProviderKey,
  registerRotateSigningSecret,
  registerCreateTier,
  registerDeleteTier,
  registerListTiers,
  registerUpdateTier,
  registerCreateRule,
  registerDeleteRule,
  registerListRules,
  registerUpdateRule,
  registerBulkUpsertIdentities,
  registerDeleteIdentity,
  registerDisableIdentity,
  registerEnableIdentity,
  registerGetIdentity,
  registerGiftIdentity,
  registerListIdentities,
  registerPromoIdentity,
  registerResetIdentity,
  registerUpsertIdentity,
  registerBlockApiKey,
  registerCreateApiKey,
  registerListApiKeys,
  registerRevokeApiKey,
  registerUnblockApiKey,
  registerUpdateApiKey,
  registerBillingStatement,
  registerUsageByIdentity,
  registerUsageByModel,
  registerUsageMetrics,
  registerUsageSummary,
  registerUsageTimeseries,
  registerListProjectAudit,
  registerAdminBlockApiKey,
  registerAdminListAudit,
  registerAdminListProjects,
  registerAdminListUsers,
  registerAdminSetApiKeyTier,
  registerAdminSetIdentityTier,
  registerAdminUnblockApiKey,
];

export function registerRoutes(api: ApiApp): void {
  for (const register of registrations) register(api);
}
