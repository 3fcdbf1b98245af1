/**
 * What a new home router or ISP comes with, so it works the moment it is
 * cabled: addresses, and a DHCP server handing them out.
 */
import { formatCidr, formatIpv4, type Ipv4Cidr, networkOf, parseCidr, prefixMask } from '../wire/address';
import { defaultPool } from './dhcp-rules';
import { HOME_ROUTER_LAN, HOME_ROUTER_PORTS, HOME_ROUTER_WAN, homeRouterPortName } from './home-router-rules';
import type { DhcpServerDoc, InterfaceDoc, NetworkDocument } from './schema';

export interface Preset {
  interfaces: InterfaceDoc[];
  dhcpServers: DhcpServerDoc[];
}

/**
 * A home router as it leaves the factory: `wan` asks the ISP for its address
 * by DHCP; `lan` is 192.168.1.1/24 (the most common factory setting) and
 * serves 192.168.1.100–199 by DHCP; four switch ports. Every home router
 * gets the same: its LAN is behind its NAT, a realm of its own
 * (address-realms.ts), as in every home.
 */
export function homeRouterPreset(macs: [string, string]): Preset {
  const lan = { address: 0xc0a80101, prefix: 24 };
  const interfaces: InterfaceDoc[] = [
    { name: HOME_ROUTER_WAN, mac: macs[0], addressing: 'dhcp' },
    { name: HOME_ROUTER_LAN, mac: macs[1], ipv4: formatCidr(lan) },
    ...Array.from({ length: HOME_ROUTER_PORTS }, (_, i) => ({ name: homeRouterPortName(i + 1) })),
  ];
  return { interfaces, dhcpServers: [scope(HOME_ROUTER_LAN, lan)] };
}

/**
 * An ISP's public prefixes. A sandbox must not pretend to hold someone's
 * real addresses, so ISPs get the blocks reserved never to be routed on the
 * internet: first the three documentation networks (RFC 5737: TEST-NET-1,
 * -2 and -3), then the /24s of the benchmarking block 198.18.0.0/15
 * (RFC 2544). Each ISP takes the first one no interface in the document uses.
 */
const ISP_PREFIXES: readonly Ipv4Cidr[] = [
  ...['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24'].map((text) => (parseCidr(text) as { ok: true; value: Ipv4Cidr }).value),
  ...Array.from({ length: 512 }, (_, i) => ({ address: (0xc6120000 + (i << 8)) >>> 0, prefix: 24 })),
];

/**
 * An ISP: eth0, towards its customers, holds .1 of its public prefix and
 * hands customers' home routers public addresses by DHCP (.100–.199; the
 * rest stay free for customers given a static address). eth1–eth3, for
 * links to other ISPs, are left for the learner to address and route.
 */
export function ispPreset(doc: NetworkDocument, macs: string[]): Preset {
  const network = firstFree(doc, ISP_PREFIXES) ?? ISP_PREFIXES[0];
  const own = { address: network.address + 1, prefix: network.prefix };
  const interfaces: InterfaceDoc[] = macs.map((mac, i) => (i === 0 ? { name: `eth${i}`, mac, ipv4: formatCidr(own) } : { name: `eth${i}`, mac }));
  return { interfaces, dhcpServers: [scope('eth0', own)] };
}

function scope(interfaceName: string, cidr: Ipv4Cidr): DhcpServerDoc {
  const pool = defaultPool(cidr)!;
  return { interface: interfaceName, poolStart: formatIpv4(pool.start), poolEnd: formatIpv4(pool.end) };
}

/** The first candidate network that overlaps no interface's network in the document. */
function firstFree(doc: NetworkDocument, candidates: readonly Ipv4Cidr[]): Ipv4Cidr | undefined {
  const used = doc.devices.flatMap((d) => d.interfaces.flatMap((i) => {
    const cidr = i.ipv4 === undefined ? undefined : parseCidr(i.ipv4);
    return cidr?.ok ? [cidr.value] : [];
  }));
  const overlap = (a: Ipv4Cidr, b: Ipv4Cidr) => {
    const mask = prefixMask(Math.min(a.prefix, b.prefix));
    return ((a.address & mask) >>> 0) === ((b.address & mask) >>> 0);
  };
  return candidates.find((c) => used.every((u) => !overlap({ address: networkOf(c), prefix: c.prefix }, u)));
}
