import { describe, expect, it } from "vitest";
import {
  clientAddressFrom,
  PEER_ADDRESS_HEADER,
  PEER_PROOF_HEADER,
  parseTrustedProxies,
  peerProof,
} from "./client-address";

const h = (peer: string | null, xff?: string) => {
  const headers = new Headers();
  if (peer !== null) {
    headers.set(PEER_ADDRESS_HEADER, peer);
    headers.set(PEER_PROOF_HEADER, peerProof());
  }
  if (xff) headers.set("x-forwarded-for", xff);
  return headers;
};

describe("client address (issue 14 #3)", () => {
  it("ignores X-Forwarded-For when no proxy is trusted (the default): the socket address wins", () => {
    expect(clientAddressFrom(h("203.0.113.5", "1.2.3.4"), [])).toBe("203.0.113.5");
    expect(clientAddressFrom(h("::ffff:127.0.0.1", "9.9.9.9, 8.8.8.8"), [])).toBe("127.0.0.1");
  });
  it("without a socket address there is no client address to trust", () => {
    expect(clientAddressFrom(h(null, "1.2.3.4"), [])).toBe("unknown");
    expect(clientAddressFrom(h("not an ip", "1.2.3.4"), ["not an ip"])).toBe("unknown");
  });
  it("behind a trusted proxy, takes the rightmost address that is not one of ours", () => {
    const trusted = parseTrustedProxies("10.0.0.0/8, 192.0.2.1");
    expect(clientAddressFrom(h("10.0.0.2", "203.0.113.9"), trusted)).toBe("203.0.113.9");
    // A client-sent "1.1.1.1" sits left of what our proxy appended: it cannot win.
    expect(clientAddressFrom(h("10.0.0.2", "1.1.1.1, 203.0.113.9, 192.0.2.1"), trusted)).toBe("203.0.113.9");
    // Only trusted hops: the leftmost trusted one is as far as we can see.
    expect(clientAddressFrom(h("10.0.0.2", "10.9.9.9"), trusted)).toBe("10.0.0.2");
  });
  it("an address header this process did not stamp is not believed (a client sending it itself)", () => {
    const forged = new Headers({ [PEER_ADDRESS_HEADER]: "203.0.113.5", [PEER_PROOF_HEADER]: "guess" });
    expect(clientAddressFrom(forged, [])).toBe("unknown");
    expect(clientAddressFrom(new Headers({ [PEER_ADDRESS_HEADER]: "203.0.113.5" }), [])).toBe("unknown");
  });
  it("a peer that is not a trusted proxy cannot forward anything", () => {
    expect(clientAddressFrom(h("11.0.0.2", "203.0.113.9"), parseTrustedProxies("10.0.0.0/8"))).toBe("11.0.0.2");
  });
});
