import { isIPv4, isIPv6 } from "node:net";

/**
 * The key under which sign-in attempts from a client address are counted:
 * an IPv4 address as it is (an IPv4-mapped IPv6 address, `::ffff:1.2.3.4`,
 * reads as its IPv4 address), an IPv6 address as its /64 network (one
 * subscriber usually has a whole /64, so counting single addresses would give
 * each of them billions of fresh counters), and anything else — no address,
 * a socket already closed — as `"unknown"`, which is counted like an address.
 * Never fails.
 */
export function addressKey(address: string | undefined): string {
  const plain = (address ?? "").trim().replace(/%.*$/, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(plain);
  if (mapped && isIPv4(mapped[1]!)) return mapped[1]!;
  if (isIPv4(plain)) return plain;
  if (isIPv6(plain)) return `${ipv6Groups(plain).slice(0, 4).join(":")}::/64`;
  return "unknown";
}

/** The eight 16-bit groups of a valid IPv6 address, without leading zeros ("::" expanded, a trailing IPv4 part as two groups). */
function ipv6Groups(address: string): string[] {
  let text = address.toLowerCase();
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split("::") as [string, string | undefined];
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const middle = tail === undefined ? [] : new Array<string>(8 - left.length - right.length).fill("0");
  return [...left, ...middle, ...right].map((group) => group.replace(/^0+(?=.)/, ""));
}
