import { type ProjectSettings, type ProviderRoute, providerBaseUrls } from "@floodgate/contracts";
import { matchesModelGlob as matchesModel } from "@floodgate/metering";

/** Where a request for a model goes. */
export interface ProviderTarget {
  route: ProviderRoute;
  /** OpenAI-compatible base URL (`…/v1`), or `binding://…`. */
  baseUrl: string;
}

/** Base URL of the geo-router when a route's provider is an origin `pool`. */
const poolBaseUrl = "binding://ORIGIN_ROUTER/v1";

/** The first route whose model globs match, or null when no route serves the model. */
export function resolveProvider(settings: ProjectSettings, model: string): ProviderTarget | null {
  for (const route of settings.routes) {
    if (!route.models.some((p) => matchesModel(p, model))) continue;
    const baseUrl =
      route.baseUrl ??
      (route.provider === "custom"
        ? null
        : route.provider === "pool"
          ? poolBaseUrl
          : providerBaseUrls[route.provider]);
    if (baseUrl) return { route, baseUrl };
  }
  return null;
}
