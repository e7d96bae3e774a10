import { describe, expect, it } from "vitest";
import { addressKey } from "./address-key.js";

describe("addressKey", () => {
  it.each([
    ["203.0.113.5", "203.0.113.5"],
    // A port some proxies append to X-Forwarded-For, and an IPv4-mapped IPv6 socket address.
    ["203.0.113.5:51234", "203.0.113.5"],
    ["::ffff:203.0.113.5", "203.0.113.5"],
    // IPv6: the /64 network, however it is written.
    ["2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"],
    ["2001:0DB8:0001:0002:aaaa::1", "2001:db8:1:2::/64"],
    ["[2001:db8:1:2::9]:443", "2001:db8:1:2::/64"],
    ["2001:db8::1", "2001:db8:0:0::/64"],
    ["fe80::1%eth0", "fe80:0:0:0::/64"],
    ["::1", "0:0:0:0::/64"],
    // An IPv4 client carried in IPv6, however it is written, is that IPv4 address.
    ["::ffff:cb00:7105", "203.0.113.5"],
    ["0:0:0:0:0:ffff:203.0.113.5", "203.0.113.5"],
    ["64:ff9b::192.0.2.1", "192.0.2.1"],
    // A dotted ending is two groups: the network is the same however the address is written.
    ["1:2::3:4:5:1.2.3.4", "1:2:0:3::/64"],
    ["::a:b:c:1.2.3.4", "0:0:0:a::/64"],
    ["0:0:0:a:b:c:1.2.3.4", "0:0:0:a::/64"],
  ])("counts %s as %s", (address, key) => {
    expect(addressKey(address)).toBe(key);
  });

  it("gives no key to an address not known", () => {
    for (const address of ["unknown", "", "1.2.3", "example.com", "2001:db8::1::2"])
      expect(addressKey(address)).toBeUndefined();
  });

  it("counts two clients of one IPv6 network as one, and of two networks as two", () => {
    expect(addressKey("2001:db8:aa:bb::1")).toBe(addressKey("2001:db8:aa:bb:ffff:1:2:3"));
    expect(addressKey("2001:db8:aa:bb::1")).not.toBe(addressKey("2001:db8:aa:bc::1"));
  });
});
