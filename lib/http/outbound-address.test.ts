import { describe, expect, it } from "vitest";
import { classifyAddress, parseAllowList, refusalFor } from "./outbound-address";

const none = parseAllowList("");

describe("outgoing address classes", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.3.4.5", "loopback, anywhere in 127/8"],
    ["::1", "IPv6 loopback"],
    ["10.1.2.3", "RFC 1918 10/8"],
    ["172.16.0.1", "RFC 1918 172.16/12, low end"],
    ["172.31.255.254", "RFC 1918 172.16/12, high end"],
    ["192.168.1.10", "RFC 1918 192.168/16"],
    ["100.64.0.1", "carrier-grade NAT"],
    ["fd12:3456::1", "IPv6 unique-local"],
    ["fc00::1", "IPv6 unique-local, fc half"],
    ["fec0::1", "deprecated IPv6 site-local"],
    ["::ffff:10.0.0.1", "IPv4-mapped private"],
    ["::ffff:7f00:1", "IPv4-mapped loopback, hex spelling"],
  ])("%s is private (%s): refused without an allow-list", (address) => {
    expect(classifyAddress(address)).toBe("private");
    expect(refusalFor(address, address, none)).toMatch(/loopback or private-network/);
  });

  it.each([
    ["169.254.169.254", "AWS/GCP/Azure metadata"],
    ["169.254.1.1", "IPv4 link-local"],
    ["fe80::1", "IPv6 link-local"],
    ["febf::1", "IPv6 link-local, high end of fe80::/10"],
    ["fd00:ec2::254", "AWS metadata over IPv6"],
    ["100.100.100.200", "Alibaba metadata"],
    ["0.0.0.0", "this host"],
    ["::", "IPv6 unspecified"],
    ["224.0.0.1", "multicast"],
    ["ff02::1", "IPv6 multicast"],
    ["255.255.255.255", "broadcast"],
    ["::ffff:169.254.169.254", "IPv4-mapped metadata"],
  ])("%s is never reached (%s), whatever the allow-list says", (address) => {
    expect(classifyAddress(address)).toBe("never");
    expect(refusalFor(address, address, parseAllowList("*,0.0.0.0/0,::/0"))).toMatch(/link-local, cloud-metadata/);
  });

  it.each(["93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111"])(
    "%s is public: allowed",
    (address) => {
      expect(classifyAddress(address)).toBe("public");
      expect(refusalFor(address, "example.com", none)).toBeNull();
    },
  );

  it("the allow-list opens private addresses by address, range or host name, and nothing else", () => {
    const allow = parseAllowList(" 127.0.0.1 , 10.20.0.0/16, fd00:1::/32, PMS.internal. ");
    expect(refusalFor("127.0.0.1", "127.0.0.1", allow)).toBeNull();
    expect(refusalFor("127.0.0.2", "127.0.0.2", allow)).not.toBeNull();
    expect(refusalFor("10.20.9.9", "x", allow)).toBeNull();
    expect(refusalFor("10.21.0.1", "x", allow)).not.toBeNull();
    expect(refusalFor("fd00:1:2::3", "x", allow)).toBeNull();
    expect(refusalFor("192.168.0.5", "pms.internal", allow)).toBeNull();
    expect(refusalFor("192.168.0.5", "other.internal", allow)).not.toBeNull();
    // A host name on the list does not open the metadata address it might resolve to.
    expect(refusalFor("169.254.169.254", "pms.internal", allow)).not.toBeNull();
    expect(parseAllowList("*").any).toBe(true);
    expect(() => parseAllowList("10.0.0.0/40")).toThrow(/prefix length/);
  });
});
