import { DEV_COUNTRY_HEADER } from "@floodgate/contracts";
import { continentForCountry } from "./country-continents";

/** Where the caller is, as far as the router knows. */
export interface CallerGeo {
  /** ISO 3166-1 alpha-2, upper case; null when unknown (`XX`) or anonymized (`T1`, Tor). */
  country: string | null;
  /** `EU`, `NA`, …; null when unknown. */
  continent: string | null;
  source: "cf" | "dev_override" | "none";
}

/** The dev-only request header that overrides `request.cf.country`. */
export { DEV_COUNTRY_HEADER };

const countryCode = /^[A-Z]{2}$/;
const unknownCountries = new Set(["XX", "T1"]);

function normalizeCountry(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const code = value.trim().toUpperCase();
  return countryCode.test(code) && !unknownCountries.has(code) ? code : null;
}

function normalizeContinent(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const code = value.trim().toUpperCase();
  return countryCode.test(code) ? code : null;
}

/**
 * Reads the caller's country and continent from `request.cf`. When `allowDevOverride` (a dev-only
 * var, never set in the deploy config), a valid `x-floodgate-dev-country` header wins, with the
 * continent looked up from the country.
 */
export function readCallerGeo(cf: unknown, headers: Headers, allowDevOverride: boolean): CallerGeo {
  if (allowDevOverride) {
    const override = normalizeCountry(headers.get(DEV_COUNTRY_HEADER));
    if (override)
      return {
        country: override,
        continent: continentForCountry(override),
        source: "dev_override",
      };
  }
  if (typeof cf !== "object" || cf === null)
    return { country: null, continent: null, source: "none" };
  const record = cf as Record<string, unknown>;
  const country = normalizeCountry(record.country);
  const continent =
    normalizeContinent(record.continent) ?? (country ? continentForCountry(country) : null);
  return { country, continent, source: "cf" };
}
