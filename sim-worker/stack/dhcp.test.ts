import { describe, expect, it } from 'vitest';
import { IpDevice } from '../devices/device';
import type { DhcpServerDoc } from '../document/schema';
import { Simulation } from '../engine/simulation';
import { NetworkBuilder } from '../testing/network-builder';
import { appLines, describeEvents, tableRows } from '../testing/trace-queries';
import { tsharkFields } from '../testing/tshark';

/**
 * Router-1 eth0 192.168.1.1/24 serves DHCP to the computers on Switch-1;
 * its eth1 10.0.2.1/24 leads to Switch-2 and a server at 10.0.2.5 with a
 * static address. Every computer on Switch-1 takes its address by DHCP.
 */
function campus(clients: number, scope?: Omit<DhcpServerDoc, 'interface'>) {
  const net = new NetworkBuilder();
  const sw1 = net.add('switch');
  const router = net.add('router');
  const sw2 = net.add('switch');
  const server = net.add('computer');
  net.address(router, '192.168.1.1/24').cable(router, sw1, 'eth0');
  net.address(router, '10.0.2.1/24', undefined, 'eth1').cable(router, sw2, 'eth1');
  net.address(server, '10.0.2.5/24', '10.0.2.1').cable(server, sw2);
  net.dhcpServer(router, 'eth0', scope);
  const pcs = Array.from({ length: clients }, () => {
    const pc = net.add('computer');
    net.dhcpClient(pc).cable(pc, sw1);
    return pc;
  });
  return { doc: net.doc, router, pcs, server };
}

function started(clients: number, scope?: Omit<DhcpServerDoc, 'interface'>, seed = 1) {
  const network = campus(clients, scope);
  const sim = new Simulation(network.doc, { seed, traceWindow: Infinity });
  sim.run();
  return { ...network, sim };
}

function leaseOf(sim: Simulation, pc: string): string[] | undefined {
  return tableRows(sim, pc, 'dhcp-lease')[0];
}

describe('DHCP on a LAN', () => {
  it('gives every computer its own address and the router as gateway, and the network goes quiet once bound', () => {
    const { sim, pcs, router } = started(3);
    // Quiet as soon as the last ACK is in (within the clients' 10 ms start-up jitter): no retransmission timer is left waiting.
    expect(sim.quiet).toBe(true);
    expect(sim.now).toBeLessThan(11e6);
    const addresses = pcs.map((pc) => leaseOf(sim, pc)![1]);
    // The lowest free addresses of the pool, one each, in whichever order the computers asked.
    expect([...addresses].sort()).toEqual(['192.168.1.100/24', '192.168.1.101/24', '192.168.1.102/24']);
    for (const pc of pcs) {
      const lines = appLines(sim, pc);
      const address = leaseOf(sim, pc)![1].split('/')[0];
      expect(lines).toEqual([
        'DHCPDISCOVER on eth0 to 255.255.255.255 port 67 interval ' + lines[0].split(' ').at(-1),
        `DHCPOFFER of ${address} from 192.168.1.1`,
        `DHCPREQUEST for ${address} on eth0 to 255.255.255.255 port 67`,
        `DHCPACK of ${address} from 192.168.1.1`,
        `bound to ${address} -- renewal in 43200 seconds.`,
      ]);
      expect(Number(lines[0].split(' ').at(-1))).toBeGreaterThanOrEqual(3);
      expect(Number(lines[0].split(' ').at(-1))).toBeLessThanOrEqual(5);
      expect(leaseOf(sim, pc)!.slice(2, 5)).toEqual(['192.168.1.1', '192.168.1.1', '86400 s']);
      expect(tableRows(sim, pc, 'routes')).toContainEqual(['0.0.0.0/0', '192.168.1.1', 'eth0', '0', 'default gateway']);
      expect(tableRows(sim, pc, 'routes')).toContainEqual(['192.168.1.0/24', 'directly connected', 'eth0', '0', 'connected']);
    }
    const leases = tableRows(sim, router, 'dhcp-leases');
    expect(leases.map((row) => row.slice(0, 5)).sort()).toEqual(
      pcs.map((pc) => {
        const device = sim.devices.get(pc) as IpDevice;
        return [leaseOf(sim, pc)![1].split('/')[0], device.nics.get('eth0')!.mac, device.name, 'bound', 'eth0'];
      }).sort(),
    );
  });

  it('lets a computer ping across the router with the address it was given', () => {
    const { sim, pcs } = started(3);
    expect(sim.act({ kind: 'ping', device: pcs[2], target: '10.0.2.5', count: 2 }).ok).toBe(true);
    sim.run();
    const ping = appLines(sim, pcs[2]).filter((line) => !line.startsWith('DHCP') && !line.startsWith('bound'));
    expect(ping).toContain('2 packets transmitted, 2 received, 0% packet loss, time 1000ms');
  });

  it('steps the tables back: before the ACK the computer has no address and no routes', () => {
    const { sim, pcs } = started(1);
    const ack = sim.trace.events.find((e) => e.app?.line.startsWith('DHCPACK'))!;
    expect(tableRows(sim, pcs[0], 'routes', ack.seq)).toEqual([]);
    expect(tableRows(sim, pcs[0], 'dhcp-lease', ack.seq)).toEqual([]);
    const bound = sim.trace.events.find((e) => e.app?.line.startsWith('bound'))!;
    expect(tableRows(sim, pcs[0], 'routes', bound.seq)).toHaveLength(2);
  });

  it('tells the canvas each computer’s leased address as of any event, and none before its ACK', () => {
    const { sim, pcs, server } = started(2);
    const latest = sim.trace.upcomingSeq - 1;
    const leased = sim.leasedAddresses(latest);
    expect(Object.keys(leased).sort()).toEqual([...pcs].sort());
    for (const pc of pcs) expect(leased[pc]).toBe(leaseOf(sim, pc)![1]);
    // A static computer is left out; before the first ACK nobody has an address yet.
    expect(leased[server]).toBeUndefined();
    const firstAck = sim.trace.events.find((e) => e.type === 'app' && e.summary.startsWith('DHCPACK'))!;
    expect(sim.leasedAddresses(firstAck.seq - 1)).toEqual({});
    sim.act({ kind: 'dhcp', device: pcs[0], op: 'release' });
    sim.run();
    expect(Object.keys(sim.leasedAddresses(sim.trace.upcomingSeq - 1))).toEqual([pcs[1]]);
  });

  it('runs on a server too, as dhcpd on a Linux box would', () => {
    const net = new NetworkBuilder();
    const sw = net.add('switch');
    const server = net.add('server');
    const pc = net.add('computer');
    net.address(server, '10.1.0.2/24').dhcpServer(server, 'eth0').cable(server, sw);
    net.dhcpClient(pc).cable(pc, sw);
    const sim = new Simulation(net.doc);
    sim.run();
    expect(leaseOf(sim, pc)?.[1]).toBe('10.1.0.100/24');
  });

  it('explains a pool that has run out: the third computer gets no offer', () => {
    const { sim, pcs, router } = started(3, { poolStart: '192.168.1.100', poolEnd: '192.168.1.101' });
    const bound = pcs.filter((pc) => leaseOf(sim, pc));
    expect(bound).toHaveLength(2);
    const unlucky = pcs.find((pc) => !leaseOf(sim, pc))!;
    const lines = appLines(sim, unlucky);
    expect(lines.filter((l) => l.startsWith('DHCPDISCOVER'))).toHaveLength(4);
    expect(lines.slice(-2)).toEqual(['No DHCPOFFERS received.', 'No working leases in persistent database - sleeping.']);
    expect(sim.trace.events.find((e) => e.app?.line === 'No DHCPOFFERS received.')!.layers[0].reason).toBe('no DHCP server answered on eth0');
    const refusals = sim.trace.events.filter((e) => e.device === router && e.summary === 'DHCP pool exhausted');
    expect(refusals).toHaveLength(4);
    const name = sim.devices.get(unlucky)!.name;
    expect(refusals[0].layers[0].reason).toMatch(new RegExp(`^DHCPDISCOVER from 02:[0-9a-f:]+ \\(${name}\\) via eth0: network 192.168.1.0/24: no free leases\\. Every address in the pool 192.168.1.100–192.168.1.101 is taken \\(leased to PC-\\d, PC-\\d\\), so no offer goes back$`));
    // Giving up leaves only dhclient's five-minute retry, a background timer: the network is quiet.
    expect(sim.quiet).toBe(true);
  });

  it('honours a reservation, even outside the pool', () => {
    const probe = campus(2);
    const mac = probe.doc.devices.find((d) => d.id === probe.pcs[1])!.interfaces[0].mac!;
    const { sim, pcs } = started(2, { poolStart: '192.168.1.100', poolEnd: '192.168.1.199', reservations: [{ mac, ipv4: '192.168.1.50' }] });
    expect(leaseOf(sim, pcs[1])![1]).toBe('192.168.1.50/24');
    expect(leaseOf(sim, pcs[0])![1]).toBe('192.168.1.100/24');
    const offer = sim.trace.events.find((e) => e.type === 'send' && e.summary.startsWith('DHCP Offer') && e.layers[0].reason.includes('192.168.1.50'))!;
    expect(offer.layers[0].reason).toMatch(/^DHCPOFFER of 192\.168\.1\.50 to 02:[0-9a-f:]+ \(PC-3\): 192\.168\.1\.50 is reserved for 02:/);
  });

  it('renews at T1 by unicast to the server, and the lease runs on', () => {
    const { sim, pcs } = started(1, { poolStart: '192.168.1.100', poolEnd: '192.168.1.110', leaseSeconds: 600 });
    const boundAt = sim.trace.events.find((e) => e.app?.line.startsWith('bound'))!.t;
    expect(appLines(sim, pcs[0]).at(-1)).toBe('bound to 192.168.1.100 -- renewal in 300 seconds.');
    sim.run({ untilNs: boundAt + 301e9 });
    expect(appLines(sim, pcs[0]).slice(5)).toEqual([
      'DHCPREQUEST for 192.168.1.100 on eth0 to 192.168.1.1 port 67',
      'DHCPACK of 192.168.1.100 from 192.168.1.1',
      'bound to 192.168.1.100 -- renewal in 300 seconds.',
    ]);
    const renewal = sim.trace.events.find((e) => e.type === 'send' && e.device === pcs[0] && e.t > boundAt && e.protocol === 'DHCP')!;
    expect(renewal.summary).toMatch(/^DHCP Request/);
    // From its own address, to the server's, at the router's MAC learned by ARP: an ordinary unicast.
    expect(Array.from(renewal.frame!.bytes.subarray(26, 34))).toEqual([192, 168, 1, 100, 192, 168, 1, 1]);
    expect(sim.quiet).toBe(true);
  });

  it('rebinds at T2 when the server is gone, and drops the address when the lease runs out', () => {
    const { sim, pcs, router } = started(1, { poolStart: '192.168.1.100', poolEnd: '192.168.1.110', leaseSeconds: 600 });
    const boundAt = sim.trace.events.find((e) => e.app?.line.startsWith('bound'))!.t;
    (sim.devices.get(router) as IpDevice).ip.closeLinkUdp('eth0', 67);
    sim.run({ untilNs: boundAt + 601e9 });
    const lines = appLines(sim, pcs[0]).slice(5);
    expect(lines.slice(0, 2)).toEqual(['DHCPREQUEST for 192.168.1.100 on eth0 to 192.168.1.1 port 67', 'DHCPREQUEST for 192.168.1.100 on eth0 to 192.168.1.1 port 67']);
    expect(lines).toContain('DHCPREQUEST for 192.168.1.100 on eth0 to 255.255.255.255 port 67');
    expect(lines).toContain('DHCP lease of 192.168.1.100 on eth0 expired: address removed');
    expect(leaseOf(sim, pcs[0])).toBeUndefined();
    expect(tableRows(sim, pcs[0], 'routes')).toEqual([]);
  });

  it('releases: the server frees the address and the computer has none', () => {
    const { sim, pcs, router } = started(1);
    expect(sim.act({ kind: 'dhcp', device: pcs[0], op: 'release' }).ok).toBe(true);
    sim.run();
    expect(appLines(sim, pcs[0]).at(-1)).toBe('DHCPRELEASE of 192.168.1.100 on eth0 to 192.168.1.1 port 67');
    expect(tableRows(sim, router, 'dhcp-leases')).toEqual([]);
    expect(leaseOf(sim, pcs[0])).toBeUndefined();
    expect(sim.act({ kind: 'dhcp', device: pcs[0], op: 'release' })).toEqual({ ok: false, error: 'PC-2 eth0 has no DHCP lease to release' });
    // Renew without a lease starts afresh, and gets the same address back.
    expect(sim.act({ kind: 'dhcp', device: pcs[0], interface: 'eth0', op: 'renew' }).ok).toBe(true);
    sim.run();
    expect(appLines(sim, pcs[0]).at(-1)).toBe('bound to 192.168.1.100 -- renewal in 43200 seconds.');
  });

  it('rebinding to another server gets a NAK for an address outside its pool, and the client starts over with that server', () => {
    const net = campus(1, { poolStart: '192.168.1.100', poolEnd: '192.168.1.110', leaseSeconds: 600 });
    const builder = Object.assign(new NetworkBuilder(), { doc: net.doc });
    const other = builder.add('router');
    const sw1 = net.doc.devices.find((d) => d.kind === 'switch')!.id;
    builder.address(other, '192.168.1.2/24').cable(other, sw1, 'eth0');
    builder.dhcpServer(other, 'eth0', { poolStart: '192.168.1.200', poolEnd: '192.168.1.210', leaseSeconds: 600 });
    const sim = new Simulation(builder.doc, { traceWindow: Infinity });
    sim.run();
    const pc = net.pcs[0];
    const server = leaseOf(sim, pc)![2];
    const [chosen, spare] = server === '192.168.1.1' ? [net.router, other] : [other, net.router];
    const spareAddress = server === '192.168.1.1' ? '192.168.1.2' : '192.168.1.1';
    // Both servers offered; the one not chosen withdrew its offer when it heard the broadcast REQUEST.
    const withdrawn = sim.trace.events.find((e) => e.device === spare && e.protocol === 'DHCP' && e.type === 'drop')!;
    expect(withdrawn.layers[0].reason).toMatch(new RegExp(`for the server ${server.replace(/\./g, '\\.')}: it chose another server, so the offer of 192\\.168\\.1\\.\\d+ is withdrawn$`));
    expect(tableRows(sim, spare, 'dhcp-leases')).toEqual([]);
    // The chosen server's dhcpd stops; at T2 the client asks anyone, and the other server refuses an address it never gave.
    const address = leaseOf(sim, pc)![1].split('/')[0];
    (sim.devices.get(chosen) as IpDevice).ip.closeLinkUdp('eth0', 67);
    sim.run({ untilNs: sim.now + 560e9 });
    const nak = sim.trace.events.find((e) => e.type === 'send' && e.summary.startsWith('DHCP NAK'))!;
    expect(nak.device).toBe(spare);
    expect(nak.layers[0].reason).toMatch(new RegExp(`^DHCPNAK: DHCPREQUEST from 02:[0-9a-f:]+ \\(${sim.devices.get(pc)!.name}\\) to renew ${address.replace(/\./g, '\\.')}, which this server does not lease to it`));
    const lines = appLines(sim, pc);
    expect(lines).toContain(`DHCPREQUEST for ${address} on eth0 to 255.255.255.255 port 67`);
    expect(lines).toContain(`DHCPNAK from ${spareAddress}`);
    expect(lines.at(-1)).toBe('bound to ' + leaseOf(sim, pc)![1].split('/')[0] + ' -- renewal in 300 seconds.');
    expect(leaseOf(sim, pc)![2]).toBe(spareAddress);
  });

  it('runs the same every time with the same seed, and differently with another', () => {
    const a = describeEvents(started(3, undefined, 7).sim.trace.events);
    const b = describeEvents(started(3, undefined, 7).sim.trace.events);
    expect(a).toEqual(b);
    const times = (seed: number) => started(3, undefined, seed).sim.trace.events.map((e) => e.t);
    expect(times(7)).toEqual(times(7));
    expect(times(7)).not.toEqual(times(8));
  });
});

describe('a DHCP capture in tshark', () => {
  it('dissects every message as DHCP, with nothing malformed and good IP and UDP checksums', () => {
    const { sim } = started(2);
    const pcap = sim.capture({ kind: 'all' });
    if (!pcap.ok) throw new Error(pcap.error);
    const rows = tsharkFields(pcap.value, ['frame.protocols', 'ip.checksum.status', 'udp.checksum.status', '_ws.malformed', 'dhcp.option.dhcp', '_ws.col.Info']);
    const dhcp = rows.filter((r) => r[0].endsWith(':dhcp'));
    // Each message once per cable it crosses: DISCOVER and REQUEST are flooded to every port, OFFER and ACK go to one computer.
    expect(new Set(dhcp.map((r) => r[4]))).toEqual(new Set(['1', '2', '3', '5']));
    for (const [protocols, ip, udp, malformed] of rows) {
      expect(malformed, protocols).toBe('');
      if (ip !== '') expect(ip).toBe('1');
      if (udp !== '') expect(udp).toBe('1');
    }
    // Wireshark pads the type to line the columns up.
    expect(dhcp.map((r) => r[5])).toContainEqual(expect.stringMatching(/^DHCP Offer +- Transaction ID 0x[0-9a-f]{8}$/));
  });
});
