/**
 * Subnet arithmetic a learner does on paper: what a prefix holds (network,
 * broadcast, usable hosts), and splitting a prefix into equal smaller ones,
 * as a subnet calculator does ("192.168.1.0/24 into four /26").
 */
import type { Parsed } from './fields';
import { broadcastOf, formatCidr, networkOf, parseCidr, parseIpv4, type Ipv4Cidr } from './address';

export interface Subnet {
  network: number;
  prefix: number;
  /** Null for /31 and /32, which have none (RFC 3021). */
  broadcast: number | null;
  firstHost: number;
  lastHost: number;
  hostCount: number;
}

/** The network a prefix names and the addresses hosts on it may use. */
export function describeSubnet(cidr: Ipv4Cidr): Subnet {
  const network = networkOf(cidr);
  const broadcast = broadcastOf(cidr);
  // RFC 3021: a /31 is a point-to-point link with two usable addresses and no broadcast; a /32 is one host.
  if (cidr.prefix >= 31) return { network, prefix: cidr.prefix, broadcast: null, firstHost: network, lastHost: broadcast, hostCount: broadcast - network + 1 };
  return { network, prefix: cidr.prefix, broadcast, firstHost: network + 1, lastHost: broadcast - 1, hostCount: broadcast - network - 1 };
}

/** Split into a number of subnets (rounded up to a power of two), or into subnets of a given prefix length. */
export type SplitRequest = { count: number } | { prefix: number };

export interface SubnetSplit {
  /** The prefix that was split, in network form ("192.168.1.0/24" even when "192.168.1.10/24" was typed). */
  parent: Ipv4Cidr;
  /** The subnets' prefix length. */
  prefix: number;
  /** How many subnets the split makes. */
  total: number;
  /** The first `limit` of them, in address order. */
  subnets: Subnet[];
  /** A count that was not a power of two: the subnets come in halves, so there are more than asked for. */
  roundedUpFrom?: number;
}

/** A calculator lists at most this many subnets; the rest are counted, not listed. */
export const LISTED_SUBNETS = 256;

/** Splits a prefix into equal subnets; a clear message when the prefix or the request cannot be. */
export function splitSubnet(parentText: string, request: SplitRequest, limit = LISTED_SUBNETS): Parsed<SubnetSplit> {
  const text = parentText.trim();
  if (text === '') return fail('Type the network to split, like 192.168.1.0/24');
  if (!text.includes('/') && parseIpv4(text).ok) return fail(`"${text}" needs a prefix length to say how big the network is: add one like /24 (${text}/24)`);
  const parsed = parseCidr(text);
  if (!parsed.ok) return parsed;
  const parent = { address: networkOf(parsed.value), prefix: parsed.value.prefix };
  const name = formatCidr(parent);
  const room = 32 - parent.prefix;
  if (room === 0) return fail(`${name} is a single address: there is nothing left to split`);

  let prefix: number;
  let roundedUpFrom: number | undefined;
  if ('count' in request) {
    const most = 2 ** room;
    const count = request.count;
    if (!Number.isInteger(count) || count < 2 || count > most) {
      return fail(`The number of subnets must be a whole number from 2 to ${most.toLocaleString('en')} (${name} split into /32s)`);
    }
    let bits = 1;
    while (2 ** bits < count) bits++;
    prefix = parent.prefix + bits;
    if (2 ** bits !== count) roundedUpFrom = count;
  } else {
    prefix = request.prefix;
    if (!Number.isInteger(prefix) || prefix <= parent.prefix || prefix > 32) {
      return fail(`The new prefix must be longer than ${name}'s own /${parent.prefix}: a whole number from ${parent.prefix + 1} to 32`);
    }
  }

  const total = 2 ** (prefix - parent.prefix);
  const size = 2 ** (32 - prefix);
  const subnets = Array.from({ length: Math.min(total, limit) }, (_, i) => describeSubnet({ address: parent.address + i * size, prefix }));
  return { ok: true, value: { parent, prefix, total, subnets, ...(roundedUpFrom === undefined ? {} : { roundedUpFrom }) } };
}

function fail(error: string): { ok: false; error: string } {
  return { ok: false, error };
}
