import { isIPv4, isIPv6 } from "node:net";

/**
 * The key a limit by address counts `address` under: an IPv4 address as it is (a port some proxies
 * append dropped), also when an IPv6 address carries it (IPv4-mapped, `::ffff:0:0/96`, however it is
 * written, and NAT64's `64:ff9b::/96`); any other IPv6 address by its /64 network (what one household or
 * host is given: counting each address of it would let one client be many); and nothing for an address
 * not known.
 */
export function addressKey(address: string): string | undefined {
  let a = address.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (bracketed !== null) a = bracketed[1] as string;
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(a);
  if (v4WithPort !== null) a = v4WithPort[1] as string;
  a = a.replace(/%.*$/, "").toLowerCase();
  if (isIPv4(a)) return a;
  if (!isIPv6(a)) return undefined;
  const g = ipv6Groups(a);
  const zero = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  const carriesIPv4 = (zero(0, 5) && g[5] === 0xffff) || (g[0] === 0x64 && g[1] === 0xff9b && zero(2, 6));
  if (carriesIPv4) {
    const [hi = 0, lo = 0] = [g[6], g[7]];
    return [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join(".");
  }
  return `${g
    .slice(0, 4)
    .map((x) => x.toString(16))
    .join(":")}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (`::` expanded, a dotted IPv4 ending as two groups). */
function ipv6Groups(address: string): number[] {
  let text = address;
  const v4 = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4 !== null) {
    const [p, q, r, s] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((p << 8) | q).toString(16)}:${((r << 8) | s).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const left = head === "" ? [] : head.split(":");
  const right = tail === undefined || tail === "" ? [] : tail.split(":");
  const middle = Array<string>(Math.max(0, 8 - left.length - right.length)).fill("0");
  return [...left, ...middle, ...right].map((x) => Number.parseInt(x, 16));
}
