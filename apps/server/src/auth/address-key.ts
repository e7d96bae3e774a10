import { isIPv4, isIPv6 } from "node:net";

/**
 * The key a limit by address counts `address` under: an IPv4 address as it is (a port some proxies
 * append dropped, an IPv4-mapped IPv6 address unwrapped), an IPv6 address by its /64 network (what one
 * household or host is given: counting each address of it would let one client be many), and nothing
 * for an address not known.
 */
export function addressKey(address: string): string | undefined {
  let a = address.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (bracketed !== null) a = bracketed[1] as string;
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(a);
  if (v4WithPort !== null) a = v4WithPort[1] as string;
  a = a.replace(/%.*$/, "").toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(a);
  if (mapped !== null) a = mapped[1] as string;
  if (isIPv4(a)) return a;
  if (!isIPv6(a)) return undefined;
  const [head = "", tail] = a.split("::");
  const left = head === "" ? [] : head.split(":");
  const right = tail === undefined || tail === "" ? [] : tail.split(":");
  const groups = [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}
