import { describe, expect, it } from "vitest";
import { clientAddressFrom, parseTrustedProxies } from "@/lib/auth/client-address";
import { requestMetaFrom } from "@/lib/auth/request-meta";
import { sourceOf, UNKNOWN_SOURCE } from "@/lib/auth/throttle";
import { PEER_HEADER, peerFrom, peerHeaderValue } from "@/lib/http/peer.js";

const headers = (h: Record<string, string>) => ({ get: (name: string) => h[name] ?? null });

describe("LINKGUARD_TRUSTED_PROXIES", () => {
  it("unset, empty or 0 trusts no proxy; a number is a hop count; a list takes addresses and CIDR blocks of both families", () => {
    expect(parseTrustedProxies(undefined)).toEqual({ kind: "none" });
    expect(parseTrustedProxies(" ")).toEqual({ kind: "none" });
    expect(parseTrustedProxies("0")).toEqual({ kind: "none" });
    expect(parseTrustedProxies("2")).toEqual({ kind: "hops", hops: 2 });
    const list = parseTrustedProxies("10.0.0.0/8, 192.0.2.7 ,::1, 2001:db8::/32");
    expect(list.kind).toBe("list");
  });

  it("refuses anything that is not an address, a CIDR block or a hop count, so a typo never trusts a client", () => {
    for (const bad of ["10.0.0.0/33", "localhost", "10.0.0.1/8/1", "192.0.2.300", "::1/129", "1.2.3.4/x", "-1"]) {
      expect(() => parseTrustedProxies(bad), bad).toThrow(/LINKGUARD_TRUSTED_PROXIES/);
    }
  });
});

describe("the client address", () => {
  const none = parseTrustedProxies(undefined);
  const lb = parseTrustedProxies("10.0.0.0/8");

  it("without trusted proxies is the socket's address, whatever X-Forwarded-For says", () => {
    expect(clientAddressFrom("203.0.113.5", "198.51.100.1", none)).toBe("203.0.113.5");
    expect(clientAddressFrom("::ffff:203.0.113.5", null, none)).toBe("203.0.113.5");
    expect(clientAddressFrom(null, "198.51.100.1", none)).toBeNull();
  });

  it("through trusted proxies is the nearest address that is not one; entries a client wrote before it are ignored", () => {
    // The client wrote 1.1.1.1 itself; the load balancer (10.0.0.2) appended the address it saw.
    expect(clientAddressFrom("10.0.0.2", "1.1.1.1, 198.51.100.7", lb)).toBe("198.51.100.7");
    // Two trusted hops: the first proxy's entry is skipped too.
    expect(clientAddressFrom("10.0.0.2", "1.1.1.1, 198.51.100.7, 10.0.0.9", lb)).toBe("198.51.100.7");
    // A socket that is not a trusted proxy is the client, whatever it forwards.
    expect(clientAddressFrom("203.0.113.5", "198.51.100.7", lb)).toBe("203.0.113.5");
    // Only trusted addresses all the way: the farthest.
    expect(clientAddressFrom("10.0.0.2", "10.0.0.3", lb)).toBe("10.0.0.3");
    expect(clientAddressFrom("10.0.0.2", null, lb)).toBe("10.0.0.2");
    // Ports and brackets are dropped; nothing past an entry that is not an address is believed.
    expect(clientAddressFrom("10.0.0.2", "198.51.100.7:4711", lb)).toBe("198.51.100.7");
    expect(clientAddressFrom("10.0.0.2", "[2001:db8::5]:443", lb)).toBe("2001:db8::5");
    expect(clientAddressFrom("10.0.0.2", "1.1.1.1, not-an-ip, 10.0.0.3", lb)).toBe("10.0.0.3");
  });

  it("with a hop count is the address that many hops back (never past the first entry)", () => {
    const one = parseTrustedProxies("1");
    const two = parseTrustedProxies("2");
    expect(clientAddressFrom("10.0.0.2", "1.1.1.1, 198.51.100.7", one)).toBe("198.51.100.7");
    expect(clientAddressFrom("10.0.0.2", "1.1.1.1, 198.51.100.7, 10.0.0.9", two)).toBe("198.51.100.7");
    expect(clientAddressFrom("10.0.0.2", null, two)).toBe("10.0.0.2");
  });

  it("is read from the server's own peer header only: a copy a client wrote is not believed", () => {
    expect(peerFrom(peerHeaderValue("203.0.113.5"))).toBe("203.0.113.5");
    expect(peerFrom("forged-token 203.0.113.5")).toBeNull();
    const token = peerHeaderValue("x").slice(0, -2);
    const nearly = token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
    expect(peerFrom(`${nearly} 198.51.100.1`)).toBeNull();
    expect(requestMetaFrom(headers({ [PEER_HEADER]: peerHeaderValue("203.0.113.5"), "x-forwarded-for": "198.51.100.1" })).ip).toBe("203.0.113.5");
    expect(requestMetaFrom(headers({ [PEER_HEADER]: "a-token 203.0.113.5", "x-forwarded-for": "198.51.100.1", "x-real-ip": "198.51.100.2" })).ip).toBeNull();
  });
});

describe("the source a sign-in failure is counted against", () => {
  it("is the IPv4 address, or the IPv6 address's /64 whatever its spelling; an unknown address is one source", () => {
    expect(sourceOf("203.0.113.5")).toBe("203.0.113.5");
    expect(sourceOf("2001:db8:1:2::5")).toBe("2001:db8:1:2::/64");
    expect(sourceOf("2001:0db8:0001:0002:ffff:1:2:3")).toBe("2001:db8:1:2::/64");
    expect(sourceOf("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(sourceOf("2001:db8:0:0:1::")).toBe("2001:db8:0:0::/64");
    expect(sourceOf("::1")).toBe("0:0:0:0::/64");
    expect(sourceOf("64:ff9b::192.0.2.1")).toBe("64:ff9b:0:0::/64");
    expect(sourceOf(null)).toBe(UNKNOWN_SOURCE);
  });
});
