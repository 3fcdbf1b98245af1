import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../api';
import { Simulation } from '../engine/simulation';
import { NetworkBuilder, routedLine } from '../testing/network-builder';
import { appLines, tableRows } from '../testing/trace-queries';
import { formatIpv4 } from '../wire/address';
import { parseEthernet } from '../wire/ethernet';
import { parseIcmp } from '../wire/icmp';
import { parseIpv4 } from '../wire/ipv4';

/** The IPv4 packet inside a traced frame. */
function ipOf(event: TraceEvent) {
  const ethernet = parseEthernet(event.frame!.bytes);
  if (!ethernet.ok) throw new Error(ethernet.error);
  const ip = parseIpv4(ethernet.value.payload);
  if (!ip.ok) throw new Error(ip.error);
  return { ethernet: ethernet.value, ip: ip.value };
}

const sends = (sim: Simulation, device: string, protocol?: string) =>
  sim.trace.events.filter((e) => e.type === 'send' && e.device === device && (protocol === undefined || e.protocol === protocol));

describe('Router: forwarding between two LANs', () => {
  it('carries a ping across: TTL down by one, new MAC addresses, same IP addresses, same frame id', () => {
    const { doc, pcs, routers } = routedLine(1);
    const sim = new Simulation(doc);
    expect(sim.act({ kind: 'ping', device: pcs[0], target: '10.0.2.5', count: 2 }).ok).toBe(true);
    sim.run();
    const lines = appLines(sim, pcs[0]);
    expect(lines[1]).toMatch(/^64 bytes from 10\.0\.2\.5: icmp_seq=1 ttl=63 time=\d+\.\d+ ms$/);
    expect(lines[2]).toMatch(/^64 bytes from 10\.0\.2\.5: icmp_seq=2 ttl=63 time=/);

    const request = sends(sim, pcs[0], 'ICMP')[0];
    const forwarded = sends(sim, routers[0], 'ICMP').find((e) => e.frame!.id === request.frame!.id)!;
    expect(forwarded).toBeDefined();
    const before = ipOf(request);
    const after = ipOf(forwarded);
    expect([before.ip.ttl, after.ip.ttl]).toEqual([64, 63]);
    expect(after.ip.checksumOk).toBe(true);
    expect([formatIpv4(after.ip.src), formatIpv4(after.ip.dst)]).toEqual(['10.0.1.10', '10.0.2.5']);
    expect([before.ethernet.src, before.ethernet.dst]).toEqual(['02:00:00:00:00:01', '02:00:00:00:00:02']);
    expect([after.ethernet.src, after.ethernet.dst]).toEqual(['02:00:00:00:00:03', '02:00:00:00:00:06']);
    expect(after.ip.payload).toEqual(before.ip.payload);

    const forward = sim.trace.events.find((e) => e.type === 'forward' && e.device === routers[0] && e.frame!.id === request.frame!.id)!;
    expect(forward.interface).toBe('eth0');
    expect(forward.layers.map((l) => l.reason)).toEqual([
      'from 02:00:00:00:00:01 to my MAC 02:00:00:00:00:02: for me',
      'route for 10.0.2.5: 10.0.2.0/24 on eth1 (connected), longest match /24: 10.0.2.5 is on that network, so it goes straight there',
      expect.stringMatching(/^TTL 64 → 63, so the header checksum changes too: 0x[0-9a-f]{4} → 0x[0-9a-f]{4}$/),
    ]);
  });

  it('names the static route it takes, longest match', () => {
    const { doc, pcs, routers } = routedLine(2);
    const sim = new Simulation(doc);
    sim.act({ kind: 'ping', device: pcs[0], target: '10.0.2.5', count: 1 });
    sim.run();
    expect(appLines(sim, pcs[0])[1]).toMatch(/^64 bytes from 10\.0\.2\.5: icmp_seq=1 ttl=62 /);
    const forward = sim.trace.events.find((e) => e.type === 'forward' && e.device === routers[0])!;
    expect(forward.layers[1].reason).toBe('route for 10.0.2.5: 10.0.2.0/24 via 10.0.0.2 on eth2, longest match /24');
  });

  it('keeps a routing table and an ARP cache as live tables', () => {
    const { doc, pcs, routers } = routedLine(2);
    const sim = new Simulation(doc);
    sim.act({ kind: 'ping', device: pcs[0], target: '10.0.2.5', count: 1 });
    sim.run();
    expect(tableRows(sim, routers[0], 'routes')).toEqual([
      ['10.0.1.0/24', 'directly connected', 'eth0', '0', 'connected'],
      ['10.0.0.0/30', 'directly connected', 'eth2', '0', 'connected'],
      ['10.0.2.0/24', '10.0.0.2', 'eth2', '0', 'static'],
    ]);
    expect(tableRows(sim, routers[0], 'arp').map((row) => row.slice(0, 3))).toEqual([
      ['10.0.1.10', '02:00:00:00:00:01', 'eth0'],
      ['10.0.0.2', '02:00:00:00:00:09', 'eth2'],
    ]);
    expect(tableRows(sim, routers[0], 'arp', 0)).toEqual([]);
  });

  it('answers a ping to its far address from that address', () => {
    const { doc, pcs } = routedLine(1);
    const sim = new Simulation(doc);
    sim.act({ kind: 'ping', device: pcs[0], target: '10.0.2.1', count: 1 });
    sim.run();
    expect(appLines(sim, pcs[0])[1]).toMatch(/^64 bytes from 10\.0\.2\.1: icmp_seq=1 ttl=64 /);
  });

  it('answers "network unreachable" when no route covers the destination, as ping shows', () => {
    const { doc, pcs, routers } = routedLine(1);
    const sim = new Simulation(doc);
    sim.act({ kind: 'ping', device: pcs[0], target: '10.0.3.5', count: 1 });
    sim.run();
    expect(appLines(sim, pcs[0])).toContain('From 10.0.1.1 icmp_seq=1 Destination Net Unreachable');
    // (Its first drops are the start-up announcements it has no entries to update from.)
    const drop = sim.trace.events.find((e) => e.type === 'drop' && e.device === routers[0] && e.protocol === 'ICMP')!;
    expect(drop.layers.at(-1)!.reason).toBe('Router-1 has no route to 10.0.3.5: 10.0.3.5 is not in 10.0.1.0/24 or 10.0.2.0/24 and no route covers it, not even a default route. Dropped; 10.0.1.10 is told with an ICMP destination unreachable (network unreachable)');
  });

  it('answers "host unreachable" when the next hop never answers ARP', () => {
    const { doc, pcs } = routedLine(1);
    const sim = new Simulation(doc);
    sim.act({ kind: 'ping', device: pcs[0], target: '10.0.2.99', count: 1 });
    sim.run();
    expect(appLines(sim, pcs[0])).toContain('From 10.0.1.1 icmp_seq=1 Destination Host Unreachable');
  });

  it('ends a routing loop with time exceeded from the router where the TTL runs out', () => {
    const net = new NetworkBuilder();
    const pc = net.add('computer');
    const [r1, r2] = [net.add('router'), net.add('router')];
    net.address(pc, '10.0.1.10/24', '10.0.1.1').cable(pc, r1, 'eth0', 'eth0');
    net.address(r1, '10.0.1.1/24').address(r1, '10.0.0.1/30', undefined, 'eth1').address(r2, '10.0.0.2/30');
    net.cable(r1, r2, 'eth1', 'eth0');
    // Each router sends what it does not know to the other.
    net.route(r1, '0.0.0.0/0', '10.0.0.2').route(r2, '0.0.0.0/0', '10.0.0.1');
    const sim = new Simulation(net.doc);
    sim.act({ kind: 'ping', device: pc, target: '10.9.9.9', count: 1 });
    sim.run();
    expect(appLines(sim, pc)).toContain('From 10.0.0.2 icmp_seq=1 Time to live exceeded');
    const request = sends(sim, pc, 'ICMP')[0];
    const hops = sim.trace.events.filter((e) => e.type === 'forward' && e.frame!.id === request.frame!.id);
    // TTL 64 leaves the PC; R1 and R2 take turns until R2 gets it with TTL 1: 63 forwards.
    expect(hops.length).toBe(63);
    const drop = sim.trace.events.find((e) => e.type === 'drop' && e.frame?.id === request.frame!.id)!;
    expect(drop.device).toBe(r2);
    expect(drop.layers.at(-1)!.reason).toMatch(/^TTL 1: one more hop would take it to 0, so Router-2 must not forward it \(RFC 1812 §5\.3\.1\)\. Dropped; 10\.0\.1\.10 is told with an ICMP time exceeded/);
    expect(sim.takeNotices()).toEqual([]);
  });

  it('picks the longest prefix: /24 over /16 over the default', () => {
    const net = new NetworkBuilder();
    const pc = net.add('computer');
    const r1 = net.add('router');
    const sw = net.add('switch');
    net.address(pc, '10.0.1.10/24', '10.0.1.1').cable(pc, r1, 'eth0', 'eth0');
    net.address(r1, '10.0.1.1/24').address(r1, '192.168.0.1/24', undefined, 'eth1').cable(r1, sw, 'eth1');
    const others = ['192.168.0.2', '192.168.0.3', '192.168.0.4'].map((address) => {
      const r = net.add('router');
      net.address(r, `${address}/24`).cable(r, sw, 'eth0');
      return r;
    });
    net.route(r1, '0.0.0.0/0', '192.168.0.4').route(r1, '172.16.0.0/16', '192.168.0.3').route(r1, '172.16.5.0/24', '192.168.0.2');
    const sim = new Simulation(net.doc);
    for (const target of ['172.16.5.9', '172.16.7.9', '8.8.8.8']) sim.act({ kind: 'ping', device: pc, target, count: 1 });
    sim.run();
    const routes = sim.trace.events.filter((e) => e.type === 'forward' && e.device === r1).map((e) => e.layers[1].reason);
    expect(routes).toEqual([
      'route for 172.16.5.9: 172.16.5.0/24 via 192.168.0.2 on eth1, longest match /24 (beats /16, /0)',
      'route for 172.16.7.9: 172.16.0.0/16 via 192.168.0.3 on eth1, longest match /16 (beats /0)',
      'route for 8.8.8.8: 0.0.0.0/0 via 192.168.0.4 on eth1, the default route: no more specific route matches 8.8.8.8',
    ]);
    // Each went to its own next router's MAC address.
    const macs = others.map((r) => net.doc.devices.find((d) => d.id === r)!.interfaces[0].mac);
    const firstSends = ['172.16.5.9', '172.16.7.9', '8.8.8.8'].map((target) =>
      sends(sim, r1, 'ICMP').find((e) => formatIpv4(ipOf(e).ip.dst) === target)!);
    expect(firstSends.map((e) => ipOf(e).ethernet.dst)).toEqual(macs);
  });
});

describe('Router: ICMP redirect', () => {
  /** PC-1's gateway is R1, but R2 on the same LAN is the way to 10.0.2.0/24; R1 knows it. */
  function wrongGateway() {
    const net = new NetworkBuilder();
    const sw = net.add('switch');
    const pc1 = net.add('computer');
    const [r1, r2] = [net.add('router'), net.add('router')];
    const pc2 = net.add('computer');
    net.address(pc1, '10.0.1.10/24', '10.0.1.1').cable(pc1, sw);
    net.address(r1, '10.0.1.1/24').cable(r1, sw, 'eth0');
    net.address(r2, '10.0.1.2/24').cable(r2, sw, 'eth0');
    net.address(r2, '10.0.2.1/24', undefined, 'eth1').address(pc2, '10.0.2.5/24', '10.0.2.1').cable(r2, pc2, 'eth1', 'eth0');
    net.route(r1, '10.0.2.0/24', '10.0.1.2');
    return { doc: net.doc, pc1, r1, r2 };
  }

  it('forwards back out of the same interface and tells the host about the better router, which it then uses', () => {
    const { doc, pc1, r1, r2 } = wrongGateway();
    const sim = new Simulation(doc);
    sim.act({ kind: 'ping', device: pc1, target: '10.0.2.5', count: 3 });
    sim.run();
    const lines = appLines(sim, pc1);
    // As iputils ping printed it in the same network built from Linux namespaces.
    expect(lines.slice(1, 5)).toEqual([
      'From 10.0.1.1: icmp_seq=1 Redirect Host(New nexthop: 10.0.1.2)',
      expect.stringMatching(/^64 bytes from 10\.0\.2\.5: icmp_seq=1 ttl=63 time=/),
      expect.stringMatching(/^64 bytes from 10\.0\.2\.5: icmp_seq=2 ttl=63 time=/),
      expect.stringMatching(/^64 bytes from 10\.0\.2\.5: icmp_seq=3 ttl=63 time=/),
    ]);
    expect(lines).toContain('3 packets transmitted, 3 received, 0% packet loss, time 2000ms');

    const redirect = sends(sim, r1, 'ICMP').find((e) => e.summary.startsWith('Redirect'))!;
    const { ip } = ipOf(redirect);
    expect([ip.dscp << 2, ip.dontFragment, ip.ttl, formatIpv4(ip.src), formatIpv4(ip.dst)]).toEqual([0xc0, false, 64, '10.0.1.1', '10.0.1.10']);
    const icmp = parseIcmp(ip.payload);
    expect(icmp).toMatchObject({ ok: true, value: { kind: 'redirect', code: 1, gateway: 0x0a000102, checksumOk: true } });
    // Linux quotes the request as forwarded: TTL already 63, and all 84 bytes.
    if (icmp.ok && icmp.value.kind === 'redirect') expect([icmp.value.original.length, icmp.value.original[8]]).toEqual([84, 63]);

    // The first request went through R1; the later ones straight to R2.
    const viaR1 = sim.trace.events.filter((e) => e.type === 'forward' && e.device === r1);
    expect(viaR1.length).toBe(1);
    expect(viaR1[0].layers.at(-1)!.reason).toBe('it goes back out of eth0, where it came from, and 10.0.1.10 is on that network too: forwarded anyway, and 10.0.1.10 is told with an ICMP redirect (redirect for host) naming 10.0.1.2 as the better first hop');
    expect(sim.trace.events.filter((e) => e.type === 'forward' && e.device === r2 && ipOf(e).ip.dst === 0x0a000205).length).toBe(3);
    expect(tableRows(sim, pc1, 'routes')).toContainEqual(['10.0.2.5/32', '10.0.1.2', 'eth0', '0', 'redirect']);
    // The switch saw the first request twice under one frame id, as different bytes: no loop.
    expect(sim.takeNotices()).toEqual([]);
  });

  it('is not needed when the computer has its own static route to the right router', () => {
    const { doc, pc1, r1, r2 } = wrongGateway();
    const net = new NetworkBuilder();
    net.doc = doc;
    net.route(pc1, '10.0.2.0/24', '10.0.1.2');
    const sim = new Simulation(net.doc);
    sim.act({ kind: 'ping', device: pc1, target: '10.0.2.5', count: 1 });
    sim.run();
    expect(appLines(sim, pc1)[1]).toMatch(/^64 bytes from 10\.0\.2\.5: icmp_seq=1 ttl=63 /);
    expect(sim.trace.events.some((e) => e.device === r1 && e.type === 'forward')).toBe(false);
    expect(sim.trace.events.some((e) => e.device === r2 && e.type === 'forward')).toBe(true);
    const request = sends(sim, pc1, 'ICMP')[0];
    expect(request.layers.find((l) => l.protocol === 'IPv4')!.reason).toBe('from 10.0.1.10 to 10.0.2.5, TTL 64: 10.0.2.0/24 via 10.0.1.2 on eth0, longest match /24 (beats /0)');
  });
});
