import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical-json";

describe("canonicalJson", () => {
  it("sorts keys at every depth", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}',
    );
  });
  it("drops undefined members like JSON does and renders dates as ISO", () => {
    expect(canonicalJson({ a: undefined, t: new Date(0) })).toBe('{"t":"1970-01-01T00:00:00.000Z"}');
  });
});
