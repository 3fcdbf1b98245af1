import { describe, expect, it } from 'vitest';
import { setAddressing } from '../document/dhcp-edits';
import { setInterface } from '../document/edits';
import type { NetworkDocument, VmMode } from '../document/schema';
import { virtualSwitchId } from '../document/vm-rules';
import { Simulation } from '../engine/simulation';
import { NetworkBuilder } from '../testing/network-builder';
import { appLines, tableRows } from '../testing/trace-queries';
import { tsharkFields } from '../testing/tshark';

/**
 * The LAN 192.168.1.0/24 on Switch-1: Router-1 eth0 .1 (its DHCP server
 * hands out .100–.199), PC-1 .10, the host, and PC-2 .20. Beyond the router,
 * eth1 10.0.2.1/24, Switch-2 and a server at 10.0.2.5. PC-1 hosts the VMs.
 */
function lanWithHost(...modes: VmMode[]) {
  const net = new NetworkBuilder();
  const sw1 = net.add('switch');
  const router = net.add('router');
  const host = net.add('computer');
  const pc2 = net.add('computer');
  const sw2 = net.add('switch');
  const server = net.add('computer');
  net.address(router, '192.168.1.1/24').cable(router, sw1, 'eth0');
  net.address(router, '10.0.2.1/24', undefined, 'eth1').cable(router, sw2, 'eth1');
  net.dhcpServer(router, 'eth0', { poolStart: '192.168.1.100', poolEnd: '192.168.1.199' });
  net.address(host, '192.168.1.10/24', '192.168.1.1').cable(host, sw1);
  net.address(pc2, '192.168.1.20/24', '192.168.1.1').cable(pc2, sw1);
  net.address(server, '10.0.2.5/24', '10.0.2.1').cable(server, sw2);
  const vms = modes.map((mode) => net.vm(host, mode));
  return { net, host, pc2, server, router, vms };
}

function booted(doc: NetworkDocument): Simulation {
  const sim = new Simulation(doc, { traceWindow: Infinity });
  sim.run();
  return sim;
}

function addressOf(sim: Simulation, vm: string): string {
  return tableRows(sim, vm, 'dhcp-lease')[0][1].split('/')[0];
}

function ping(sim: Simulation, device: string, target: string, count = 1): string[] {
  const before = appLines(sim, device).length;
  const started = sim.act({ kind: 'ping', device, target, count });
  if (!started.ok) throw new Error(started.error);
  sim.run();
  return appLines(sim, device).slice(before);
}

const replied = (target: string) => expect.arrayContaining([expect.stringMatching(new RegExp(`^64 bytes from ${target.replaceAll('.', '\\.')}: icmp_seq=1`))]);
const lost = expect.arrayContaining(['1 packets transmitted, 0 received, 100% packet loss, time 0ms']);

/** Every reason at a device's drops, joined. */
function dropReasons(sim: Simulation, device: string, since: number): string {
  return sim.trace.events.filter((e) => e.seq >= since && e.device === device && e.type === 'drop').flatMap((e) => e.layers.map((l) => l.reason)).join('\n');
}

describe('a VM host', () => {
  it('shows its virtual switch’s MAC tables with its own tables', () => {
    const { net, host, vms } = lanWithHost('nat');
    const sim = booted(net.doc);
    const tables = sim.deviceTables(host, sim.trace.upcomingSeq);
    if (!tables.ok) throw new Error(tables.error);
    const vswitch = tables.value.find((t) => t.title === 'Virtual switch MAC table (NAT network)');
    const vmMac = net.doc.devices.find((d) => d.id === vms[0])!.interfaces[0].mac!;
    expect(vswitch?.rows.map((row) => row[0])).toContain(vmMac);
    expect(tables.value.map((t) => t.title)).toContain('ARP cache');
  });
});

describe('a VM in NAT mode', () => {
  it('leases 192.168.122.x from its host, with the host as gateway', () => {
    const { net, vms } = lanWithHost('nat');
    const sim = booted(net.doc);
    expect(tableRows(sim, vms[0], 'dhcp-lease')[0]).toEqual(expect.arrayContaining(['192.168.122.2/24', '192.168.122.1']));
  });

  it('reaches the LAN and beyond, seen there as its host; its host and itself reach each other', () => {
    const { net, vms, host, pc2 } = lanWithHost('nat');
    const sim = booted(net.doc);
    const since = sim.trace.upcomingSeq;
    expect(ping(sim, vms[0], '192.168.1.20')).toEqual(replied('192.168.1.20'));
    // PC-2 answered the host's address: the VM is masqueraded behind 192.168.1.10.
    const atPc2 = sim.trace.events.filter((e) => e.seq >= since && e.device === pc2 && e.type === 'receive' && e.protocol === 'ICMP');
    expect(atPc2.map((e) => e.layers.find((l) => l.layer === 3)!.reason)).toEqual([expect.stringMatching(/^from 192\.168\.1\.10 to me/)]);
    expect(tableRows(sim, host, 'nat')).toHaveLength(1);
    expect(ping(sim, vms[0], '10.0.2.5')).toEqual(replied('10.0.2.5'));
    expect(ping(sim, vms[0], '192.168.122.1')).toEqual(replied('192.168.122.1'));
    expect(ping(sim, vms[0], '192.168.1.10')).toEqual(replied('192.168.1.10'));
    expect(ping(sim, host, addressOf(sim, vms[0]))).toEqual(replied(addressOf(sim, vms[0])));
  });

  it('cannot be reached from the LAN: the host rejects it, explained', () => {
    const { net, vms, pc2, host } = lanWithHost('nat');
    // Even with a route to the NAT network through the host.
    net.route(pc2, '192.168.122.0/24', '192.168.1.10');
    const sim = booted(net.doc);
    const since = sim.trace.upcomingSeq;
    const lines = ping(sim, pc2, addressOf(sim, vms[0]));
    expect(lines).toContain('From 192.168.1.10 icmp_seq=1 Destination Port Unreachable');
    expect(dropReasons(sim, host, since)).toContain('only replies to connections its VMs opened may go in');
  });

  it('runs traceroute through its host, then the LAN router', () => {
    const { net, vms } = lanWithHost('nat');
    const sim = booted(net.doc);
    sim.act({ kind: 'traceroute', device: vms[0], target: '10.0.2.5' });
    sim.run();
    const hops = appLines(sim, vms[0]).filter((l) => /^ \d /.test(l)).map((l) => l.trim().split(/\s+/).slice(0, 2).join(' '));
    expect(hops).toEqual(['1 192.168.122.1', '2 192.168.1.1', '3 10.0.2.5']);
  });

  it('talks to another NAT VM of the same host straight through the virtual switch', () => {
    const { net, vms, host } = lanWithHost('nat', 'nat');
    const sim = booted(net.doc);
    const since = sim.trace.upcomingSeq;
    expect(ping(sim, vms[0], addressOf(sim, vms[1]))).toEqual(replied(addressOf(sim, vms[1])));
    // The host hears the ARP broadcast, nothing more: the pings never touch it.
    expect(sim.trace.events.filter((e) => e.seq >= since && e.device === host && e.protocol !== 'ARP')).toEqual([]);
    expect(sim.trace.events.some((e) => e.seq >= since && e.device === virtualSwitchId(host) && e.type === 'forward')).toBe(true);
  });
});

describe('a VM in bridged mode', () => {
  it('is one more machine on the LAN: leased by the LAN router, reached from the LAN, its own MAC on the wire', () => {
    const { net, vms, pc2, host, router } = lanWithHost('bridged');
    const sim = booted(net.doc);
    expect(tableRows(sim, vms[0], 'dhcp-lease')[0]).toEqual(expect.arrayContaining(['192.168.1.100/24', '192.168.1.1']));
    expect(tableRows(sim, router, 'dhcp-leases').map((row) => row[1])).toEqual([net.doc.devices.find((d) => d.id === vms[0])!.interfaces[0].mac]);
    const since = sim.trace.upcomingSeq;
    expect(ping(sim, pc2, '192.168.1.100')).toEqual(replied('192.168.1.100'));
    const vmMac = net.doc.devices.find((d) => d.id === vms[0])!.interfaces[0].mac!;
    const onLan = sim.trace.events.filter((e) => e.seq >= since && e.device === host && e.interface === 'eth0' && e.type === 'send' && e.protocol === 'ICMP');
    expect(onLan.map((e) => e.summary)).toEqual([expect.stringMatching(/reply/)]);
    expect(onLan[0].layers.some((l) => l.reason.includes('the VM\'s own MAC'))).toBe(true);
    expect([...onLan[0].frame!.bytes.subarray(6, 12)].map((b) => b.toString(16).padStart(2, '0')).join(':')).toBe(vmMac);
    expect(ping(sim, vms[0], '10.0.2.5')).toEqual(replied('10.0.2.5'));
  });

  it('and its host reach each other inside the host, never on the wire', () => {
    const { net, vms, host } = lanWithHost('bridged');
    const sim = booted(net.doc);
    const since = sim.trace.upcomingSeq;
    expect(ping(sim, vms[0], '192.168.1.10')).toEqual(replied('192.168.1.10'));
    expect(ping(sim, host, '192.168.1.100')).toEqual(replied('192.168.1.100'));
    // Only the ARP broadcast goes out on the LAN too, as broadcasts do; the pings stay inside.
    const onWire = sim.trace.events.filter((e) => e.seq >= since && e.device === host && e.interface === 'eth0' && e.type === 'send' && e.protocol !== 'ARP');
    expect(onWire).toEqual([]);
  });

  it('keeps a static address typed in', () => {
    const { net, vms, pc2 } = lanWithHost('bridged');
    let doc = net.doc;
    const step = (edit: { ok: true; doc: NetworkDocument } | { ok: false; error: string }) => {
      if (!edit.ok) throw new Error(edit.error);
      doc = edit.doc;
    };
    step(setAddressing(doc, vms[0], 'eth0', 'static'));
    step(setInterface(doc, vms[0], 'eth0', { ipv4: '192.168.1.50/24', gateway: '192.168.1.1' }));
    const sim = booted(doc);
    expect(ping(sim, pc2, '192.168.1.50')).toEqual(replied('192.168.1.50'));
    expect(ping(sim, vms[0], '10.0.2.5')).toEqual(replied('10.0.2.5'));
  });
});

describe('a VM in host-only mode', () => {
  it('leases 192.168.56.101 from its host and reaches the host and the other host-only VMs', () => {
    const { net, vms, host } = lanWithHost('host-only', 'host-only');
    const sim = booted(net.doc);
    expect(addressOf(sim, vms[0])).toMatch(/^192\.168\.56\.10[12]$/);
    expect(ping(sim, vms[0], '192.168.56.1')).toEqual(replied('192.168.56.1'));
    expect(ping(sim, vms[0], addressOf(sim, vms[1]))).toEqual(replied(addressOf(sim, vms[1])));
    expect(ping(sim, host, addressOf(sim, vms[0]))).toEqual(replied(addressOf(sim, vms[0])));
  });

  it('has no way out: the host explains it forwards nothing from its host-only network', () => {
    const { net, vms, host } = lanWithHost('host-only');
    const sim = booted(net.doc);
    const since = sim.trace.upcomingSeq;
    expect(ping(sim, vms[0], '192.168.1.20')).toEqual(lost);
    expect(dropReasons(sim, host, since)).toContain('forwards nothing from vboxnet0, because a host-only network joins its VMs to their host and to nothing else');
  });

  it('cannot be reached from the LAN, even with a route through the host', () => {
    const { net, vms, pc2, host } = lanWithHost('host-only');
    net.route(pc2, '192.168.56.0/24', '192.168.1.10');
    const sim = booted(net.doc);
    const since = sim.trace.upcomingSeq;
    expect(ping(sim, pc2, addressOf(sim, vms[0]))).toEqual(lost);
    expect(dropReasons(sim, host, since)).toContain(`only PC-1 itself can reach its host-only VMs`);
  });
});

describe('a host with VMs of every mode', () => {
  it('keeps the three networks apart on its virtual switch, and runs them side by side', () => {
    const { net, vms, pc2 } = lanWithHost('nat', 'bridged', 'host-only');
    const sim = booted(net.doc);
    const [nat, bridged, hostOnly] = vms.map((vm) => addressOf(sim, vm));
    expect([nat, bridged, hostOnly]).toEqual(['192.168.122.2', '192.168.1.100', '192.168.56.101']);
    expect(ping(sim, vms[0], '192.168.1.20')).toEqual(replied('192.168.1.20'));
    expect(ping(sim, pc2, bridged)).toEqual(replied(bridged));
    // The host-only VM cannot reach the NAT VM: different networks, and the host forwards nothing from vboxnet0.
    expect(ping(sim, vms[2], nat)).toEqual(lost);
  });

  it('stops its VMs when powered off, and starts them again when powered on', () => {
    const { net, vms, host } = lanWithHost('nat');
    const sim = booted(net.doc);
    expect(sim.act({ kind: 'power', device: host, on: false }).ok).toBe(true);
    expect(sim.devices.get(vms[0])!.poweredOn).toBe(false);
    expect(sim.act({ kind: 'ping', device: vms[0], target: '192.168.122.1' })).toEqual({ ok: false, error: 'VM-1 is powered off: power it on to run ping' });
    sim.act({ kind: 'power', device: host, on: true });
    sim.run();
    expect(ping(sim, vms[0], '192.168.1.20')).toEqual(replied('192.168.1.20'));
  });

  it('writes captures tshark reads without a malformed packet or a bad checksum', () => {
    const { net, vms } = lanWithHost('nat', 'bridged', 'host-only');
    const sim = booted(net.doc);
    ping(sim, vms[0], '10.0.2.5');
    ping(sim, vms[1], '10.0.2.5');
    const pcap = sim.capture({ kind: 'all' });
    if (!pcap.ok) throw new Error(pcap.error);
    const rows = tsharkFields(pcap.value, ['_ws.malformed', 'ip.checksum.status', 'udp.checksum.status', 'icmp.checksum.status']);
    expect(rows.length).toBeGreaterThan(20);
    for (const [malformed, ipSum, udpSum, icmpSum] of rows) {
      expect(malformed).toBe('');
      // 1 is "good"; an ICMP error quotes a header, so it may list two.
      for (const sum of [ipSum, udpSum, icmpSum]) expect(sum.split(',').every((s) => s === '' || s === '1'), `${ipSum} ${udpSum} ${icmpSum}`).toBe(true);
    }
  });
});
