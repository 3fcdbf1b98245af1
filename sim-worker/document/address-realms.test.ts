import { describe, expect, it } from 'vitest';
import { addressRealms, sharedIpv4Addresses } from './address-realms';
import type { DeviceDoc, LinkDoc, NetworkDocument } from './schema';

const device = (id: string, kind: DeviceDoc['kind'], ipv4?: string, vm?: DeviceDoc['vm']): DeviceDoc => ({
  id, kind, name: id.toUpperCase(), position: { x: 0, y: 0 }, interfaces: [{ name: kind === 'home-router' ? 'lan' : 'eth0', ...(ipv4 && { ipv4 }) }], ...(vm && { vm }),
});
const cable = (a: string, ai: string, b: string, bi: string): LinkDoc => ({ id: `${a}-${b}`, a: { device: a, interface: ai }, b: { device: b, interface: bi }, medium: 'copper', bandwidthBps: 1e9, delayNs: 1000 });
const doc = (devices: DeviceDoc[], links: LinkDoc[]): NetworkDocument => ({ format: 'flintnet', version: 1, devices, links });

describe('address realms', () => {
  it('splits a home router into its LAN side and its wan side, and joins what cables join', () => {
    const realmOf = addressRealms(doc(
      [device('home', 'home-router'), device('pc', 'computer'), device('isp', 'isp'), device('lone', 'computer')],
      [cable('pc', 'eth0', 'home', 'port1'), cable('home', 'wan', 'isp', 'eth0')],
    ));
    expect(realmOf('pc', 'eth0')).toBe(realmOf('home', 'lan'));
    expect(realmOf('home', 'port2')).toBe(realmOf('home', 'lan'));
    expect(realmOf('home', 'wan')).toBe(realmOf('isp', 'eth0'));
    expect(realmOf('home', 'wan')).not.toBe(realmOf('home', 'lan'));
    expect(realmOf('lone', 'eth0')).not.toBe(realmOf('isp', 'eth0'));
  });

  it('puts a NAT or host-only VM behind its host and a bridged one on the host\'s network', () => {
    const realmOf = addressRealms(doc([
      device('host', 'computer'), device('nat', 'vm', undefined, { host: 'host', mode: 'nat' }), device('nat2', 'vm', undefined, { host: 'host', mode: 'nat' }),
      device('only', 'vm', undefined, { host: 'host', mode: 'host-only' }), device('bridged', 'vm', undefined, { host: 'host', mode: 'bridged' }),
    ], []));
    expect(realmOf('nat', 'eth0')).toBe(realmOf('nat2', 'eth0'));
    expect(new Set(['nat', 'only', 'host'].map((id) => realmOf(id, 'eth0'))).size).toBe(3);
    expect(realmOf('bridged', 'eth0')).toBe(realmOf('host', 'eth0'));
  });

  it('finds an address used twice in one realm, not one used once in each of two', () => {
    const homes = [device('home-a', 'home-router', '192.168.1.1/24'), device('home-b', 'home-router', '192.168.1.1/24')];
    const pcs = [device('pc-a', 'computer', '192.168.1.10/24'), device('pc-b', 'computer', '192.168.1.10/24')];
    const apart = doc([...homes, ...pcs], [cable('pc-a', 'eth0', 'home-a', 'port1'), cable('pc-b', 'eth0', 'home-b', 'port1')]);
    expect(sharedIpv4Addresses(apart)).toEqual([]);
    const joined = { ...apart, links: [...apart.links, cable('home-a', 'port2', 'home-b', 'port2')] };
    expect(sharedIpv4Addresses(joined)).toEqual([
      { deviceIndex: 1, interfaceIndex: 0, address: '192.168.1.1', holder: 'HOME-A lan', label: 'HOME-B lan' },
      { deviceIndex: 3, interfaceIndex: 0, address: '192.168.1.10', holder: 'PC-A eth0', label: 'PC-B eth0' },
    ]);
  });
});
