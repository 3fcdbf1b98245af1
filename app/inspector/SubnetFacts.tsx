/**
 * What an IPv4 address with its prefix says about its network: the network and
 * broadcast addresses, the usable host range and the mask.
 */
import { formatIpv4, parseCidr, prefixMask } from '../../sim-worker/wire/address';
import { describeSubnet } from '../../sim-worker/wire/subnets';

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
  const subnet = describeSubnet(parsed.value);
  return {
    network: `${formatIpv4(subnet.network)}/${subnet.prefix}`,
    broadcast: subnet.broadcast === null ? null : formatIpv4(subnet.broadcast),
    firstHost: formatIpv4(subnet.firstHost),
    lastHost: formatIpv4(subnet.lastHost),
    hostCount: subnet.hostCount,
    mask: formatIpv4(prefixMask(subnet.prefix)),
    prefix: subnet.prefix,
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
