/**
 * What an IPv4 address with its prefix says about its network: the network and
 * broadcast addresses, the usable host range and the mask.
 */
import { broadcastOf, formatIpv4, networkOf, parseCidr, prefixMask } from '../../sim-worker/wire/address';

export interface SubnetFactsData {
  network: string;
  broadcast: string | null;
  firstHost: string;
  lastHost: string;
  hostCount: number;
  mask: string;
  prefix: number;
}

export function subnetFacts(text: string): SubnetFactsData | null {
  const parsed = parseCidr(text);
  if (!parsed.ok) return null;
  const cidr = parsed.value;
  const network = networkOf(cidr);
  const broadcast = broadcastOf(cidr);
  // RFC 3021: a /31 has two usable addresses and no broadcast; a /32 is one host.
  const pointToPoint = cidr.prefix >= 31;
  const first = pointToPoint ? network : network + 1;
  const last = pointToPoint ? broadcast : broadcast - 1;
  return {
    network: `${formatIpv4(network)}/${cidr.prefix}`,
    broadcast: pointToPoint ? null : formatIpv4(broadcast),
    firstHost: formatIpv4(first),
    lastHost: formatIpv4(last),
    hostCount: last - first + 1,
    mask: formatIpv4(prefixMask(cidr.prefix)),
    prefix: cidr.prefix,
  };
}

export function SubnetFacts({ facts }: { facts: SubnetFactsData }) {
  return (
    <dl className="subnet-facts">
      <div>
        <dt>Network</dt>
        <dd>{facts.network}</dd>
      </div>
      {facts.broadcast && (
        <div>
          <dt>Broadcast</dt>
          <dd>{facts.broadcast}</dd>
        </div>
      )}
      <div>
        <dt>Hosts</dt>
        <dd>
          {facts.firstHost === facts.lastHost ? facts.firstHost : `${facts.firstHost} – ${facts.lastHost}`}{' '}
          <span className="subnet-facts__count">({facts.hostCount.toLocaleString('en')})</span>
        </dd>
      </div>
      <div>
        <dt>Mask</dt>
        <dd>
          {facts.mask} (/{facts.prefix})
        </dd>
      </div>
    </dl>
  );
}
