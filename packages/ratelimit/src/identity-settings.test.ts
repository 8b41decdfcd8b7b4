import { describe, expect, it } from "vitest";
import { addGift, setDisabled, setPromo } from "./identity-settings";
import { createState } from "./state";

describe("identity settings", () => {
  it("setDisabled and setPromo change the state in place", () => {
    const state = createState();
    expect(setDisabled(state, true)).toBe(state);
    expect(state.disabled).toBe(true);
    setPromo(state, Date.UTC(2027, 0, 1));
    expect(state.promoUntil).toBe(Date.UTC(2027, 0, 1));
    setPromo(state, null);
    expect(state.promoUntil).toBeNull();
    expect(() => setPromo(state, Number.NaN)).toThrow(RangeError);
  });

  it("addGift adds, takes back, and never goes below 0", () => {
    const state = createState();
    addGift(state, { requests: 5, tokens: 1_000 });
    addGift(state, { tokens: 500 });
    expect(state.gift).toEqual({ requests: 5, tokens: 1_500 });
    addGift(state, { requests: -10, tokens: -100 });
    expect(state.gift).toEqual({ requests: 0, tokens: 1_400 });
    expect(() => addGift(state, { tokens: 1.5 })).toThrow(RangeError);
  });
});
