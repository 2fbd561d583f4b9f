import { BlockList, isIP, SocketAddress } from 'node:net';

/**
 * The special-purpose block an IP address is in (IANA's IPv4 and IPv6 special-purpose registries,
 * RFC 6890): such an address is an indicator the analyst may ask about, but never one to look up on
 * the internet. An address in none of them is public.
 */
export const ADDRESS_RANGES = [
  'private',
  'loopback',
  'link-local',
  'documentation',
  'shared',
  'unique-local',
  'multicast',
  'unspecified',
  'reserved',
] as const;
export type AddressRange = (typeof ADDRESS_RANGES)[number];

/** [range, network, prefix length]; the first block that holds an address names its range. */
const BLOCKS: ReadonlyArray<readonly [AddressRange, string, number]> = [
  ['unspecified', '0.0.0.0', 32],
  ['unspecified', '::', 128],
  ['private', '10.0.0.0', 8],
  ['private', '172.16.0.0', 12],
  ['private', '192.168.0.0', 16],
  ['loopback', '127.0.0.0', 8],
  ['loopback', '::1', 128],
  ['link-local', '169.254.0.0', 16],
  ['link-local', 'fe80::', 10],
  ['documentation', '192.0.2.0', 24],
  ['documentation', '198.51.100.0', 24],
  ['documentation', '203.0.113.0', 24],
  ['documentation', '2001:db8::', 32],
  // Carrier-grade NAT (RFC 6598): shared between a provider's customers, not routed on the internet.
  ['shared', '100.64.0.0', 10],
  ['unique-local', 'fc00::', 7],
  ['multicast', '224.0.0.0', 4],
  ['multicast', 'ff00::', 8],
  // "This network", IETF protocol assignments, benchmarking, the future-use block and broadcast.
  ['reserved', '0.0.0.0', 8],
  ['reserved', '192.0.0.0', 24],
  ['reserved', '198.18.0.0', 15],
  ['reserved', '240.0.0.0', 4],
];

const LISTS: ReadonlyArray<readonly [AddressRange, BlockList]> = ADDRESS_RANGES.map((range) => {
  const list = new BlockList();
  for (const [blockRange, network, prefix] of BLOCKS) {
    if (blockRange === range) list.addSubnet(network, prefix, isIP(network) === 6 ? 'ipv6' : 'ipv4');
  }
  return [range, list] as const;
});

/**
 * The special-purpose range of an IP address, or undefined for a public address (and for text that
 * is no address). Order matters only for 0.0.0.0, which is `unspecified` rather than `reserved`.
 *
 * @example
 *   addressRangeOf('10.1.2.3')     // → 'private'
 *   addressRangeOf('2001:db8::1')  // → 'documentation'
 *   addressRangeOf('8.8.8.8')      // → undefined (public)
 */
export function addressRangeOf(ip: string): AddressRange | undefined {
  const family = isIP(ip);
  if (family === 0) return undefined;
  const type = family === 6 ? 'ipv6' : 'ipv4';
  for (const [range, list] of LISTS) if (list.check(ip, type)) return range;
  return undefined;
}

/**
 * The canonical text of an IP address: IPv4 as typed, IPv6 lower case and compressed (RFC 5952),
 * as node's own address parser prints it.
 *
 * @example
 *   canonicalIp('2001:DB8:0:0:0:0:0:1') // → '2001:db8::1'
 */
export function canonicalIp(ip: string): string {
  return isIP(ip) === 6 ? new SocketAddress({ address: ip, family: 'ipv6' }).address : ip;
}
