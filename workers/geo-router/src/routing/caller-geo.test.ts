import { describe, expect, it } from "vitest";
import { readCallerGeo } from "./caller-geo";

const none = new Headers();
const override = new Headers({ "x-floodgate-dev-country": "jp" });

describe("readCallerGeo", () => {
  it("reads country and continent from request.cf", () => {
    expect(readCallerGeo({ country: "DE", continent: "EU" }, none, false)).toEqual({
      country: "DE",
      continent: "EU",
      source: "cf",
    });
  });

  it("treats XX and T1 (Tor) as unknown, and a missing cf as no geo", () => {
    expect(readCallerGeo({ country: "XX" }, none, false).country).toBeNull();
    expect(readCallerGeo({ country: "T1" }, none, false).country).toBeNull();
    expect(readCallerGeo(undefined, none, false)).toEqual({
      country: null,
      continent: null,
      source: "none",
    });
  });

  it("fills a missing continent from the country", () => {
    expect(readCallerGeo({ country: "AU" }, none, false).continent).toBe("OC");
  });

  it("ignores the dev override header unless the dev var allows it", () => {
    expect(readCallerGeo({ country: "DE", continent: "EU" }, override, false).country).toBe("DE");
    expect(readCallerGeo({ country: "DE", continent: "EU" }, override, true)).toEqual({
      country: "JP",
      continent: "AS",
      source: "dev_override",
    });
  });

  it("ignores a malformed override", () => {
    expect(
      readCallerGeo({ country: "DE" }, new Headers({ "x-floodgate-dev-country": "Japan" }), true)
        .country,
    ).toBe("DE");
  });
});
