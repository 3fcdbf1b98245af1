import { describe, expect, it } from 'vitest';
import { Simulation } from '../engine/simulation';
import { lan, NetworkBuilder } from '../testing/network-builder';
import { appLines, describeEvents } from '../testing/trace-queries';

describe('ping', () => {
  it('reaches a computer across a switch and prints like Linux ping', () => {
    const { doc, pcs } = lan(2);
    const sim = new Simulation(doc);
    expect(sim.act({ kind: 'ping', device: pcs[0], target: '192.168.1.2', count: 3 }).ok).toBe(true);
    sim.run();
    const lines = appLines(sim, pcs[0]);
    expect(lines[0]).toBe('PING 192.168.1.2 (192.168.1.2) 56(84) bytes of data.');
    expect(lines.slice(1, 4)).toEqual([
      expect.stringMatching(/^64 bytes from 192\.168\.1\.2: icmp_seq=1 ttl=64 time=0\.\d{3} ms$/),
      expect.stringMatching(/^64 bytes from 192\.168\.1\.2: icmp_seq=2 ttl=64 time=0\.\d{3} ms$/),
      expect.stringMatching(/^64 bytes from 192\.168\.1\.2: icmp_seq=3 ttl=64 time=0\.\d{3} ms$/),
    ]);
    expect(lines[4]).toBe('--- 192.168.1.2 ping statistics ---');
    expect(lines[5]).toMatch(/^3 packets transmitted, 3 received, 0% packet loss, time 2\d{3}ms$/);
    expect(lines[6]).toMatch(/^rtt min\/avg\/max\/mdev = [\d.]+\/[\d.]+\/[\d.]+\/[\d.]+ ms$/);
  });

  it('resolves the MAC address before the first echo request: ARP request, ARP reply, echo request, echo reply', () => {
    const { doc, pcs } = lan(2);
    const sim = new Simulation(doc);
    // Start-up first: the computers' announcements teach nobody a MAC address (arp_accept=0).
    sim.run();
    const start = sim.trace.upcomingSeq;
    sim.act({ kind: 'ping', device: pcs[0], target: '192.168.1.2', count: 1 });
    sim.run();
    const sentByComputers = sim.trace.events.filter((e) => e.seq >= start && e.type === 'send' && pcs.includes(e.device));
    expect(describeEvents(sentByComputers)).toEqual([
      'pc-1 send ARP Who has 192.168.1.2? Tell 192.168.1.1',
      'pc-2 send ARP 192.168.1.2 is at 02:00:00:00:00:02',
      expect.stringMatching(/^pc-1 send ICMP Echo \(ping\) request/),
      expect.stringMatching(/^pc-2 send ICMP Echo \(ping\) reply/),
    ]);
  });

  it('reports an address nobody has as Destination Host Unreachable after three ARP requests', () => {
    const { doc, pcs } = lan(2);
    const sim = new Simulation(doc);
    sim.act({ kind: 'ping', device: pcs[0], target: '192.168.1.99', count: 2 });
    sim.run();
    const arpRequests = sim.trace.events.filter((e) => e.device === pcs[0] && e.type === 'send' && e.protocol === 'ARP');
    expect(arpRequests.length).toBeGreaterThanOrEqual(3);
    const lines = appLines(sim, pcs[0]);
    expect(lines).toContain('From 192.168.1.1 icmp_seq=1 Destination Host Unreachable');
    expect(lines).toContain('2 packets transmitted, 0 received, +2 errors, 100% packet loss, time 3000ms');
  });

  it('says the network is unreachable when the target is off the subnet and there is no gateway', () => {
    const { doc, pcs } = lan(2);
    const sim = new Simulation(doc);
    sim.run();
    const start = sim.trace.upcomingSeq;
    sim.act({ kind: 'ping', device: pcs[0], target: '10.0.0.5' });
    sim.run();
    expect(appLines(sim, pcs[0]).slice(1)).toEqual([
      'ping: connect: Network is unreachable',
      '(Network is unreachable: 10.0.0.5 is not in 192.168.1.0/24 and PC-1 has no default gateway)',
    ]);
    expect(sim.trace.events.some((e) => e.seq >= start && e.type === 'send')).toBe(false);
  });

  it('times out when the target cannot answer back, and explains why at the target', () => {
    const net = new NetworkBuilder();
    const sw = net.add('switch');
    const a = net.add('computer');
    const b = net.add('computer');
    net.address(a, '192.168.1.1/24').address(b, '192.168.1.2/32');
    net.cable(a, sw);
    net.cable(b, sw);
    const sim = new Simulation(net.doc);
    sim.act({ kind: 'ping', device: a, target: '192.168.1.2', count: 2, timeoutMs: 500 });
    sim.run();
    const lines = appLines(sim, a);
    expect(lines).toContain('no answer yet for icmp_seq=1');
    expect(lines).toContain('no answer yet for icmp_seq=2');
    expect(lines).toContain('2 packets transmitted, 0 received, 100% packet loss, time 1000ms');
    const drop = sim.trace.events.find((e) => e.device === b && e.type === 'drop' && e.protocol === 'ICMP');
    expect(drop?.layers.at(-1)?.reason).toMatch(/no reply can go back: Network is unreachable/);
  });

  it('sends the payload size asked for', () => {
    const { doc, pcs } = lan(2);
    const sim = new Simulation(doc);
    sim.act({ kind: 'ping', device: pcs[0], target: '192.168.1.2', count: 1, size: 1000 });
    sim.run();
    expect(appLines(sim, pcs[0]).some((line) => line.startsWith('1008 bytes from 192.168.1.2: icmp_seq=1'))).toBe(true);
    const request = sim.trace.events.find((e) => e.type === 'send' && e.protocol === 'ICMP')!;
    expect(request.frame!.bytes.length).toBe(14 + 20 + 8 + 1000);
  });

  it('refuses bad requests with a clear message', () => {
    const { doc, pcs, middle } = lan(2);
    const sim = new Simulation(doc);
    expect(sim.act({ kind: 'ping', device: pcs[0], target: '192.168.1.300' })).toMatchObject({ ok: false, error: expect.stringMatching(/not an IPv4 address/) });
    expect(sim.act({ kind: 'ping', device: middle, target: '192.168.1.2' })).toMatchObject({ ok: false, error: 'Switch-1 is not a computer, so it cannot run ping' });
    expect(sim.act({ kind: 'ping', device: pcs[0], target: '192.168.1.2', count: 0 })).toMatchObject({ ok: false });
  });
});
