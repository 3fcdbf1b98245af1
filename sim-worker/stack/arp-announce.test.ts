import { describe, expect, it } from 'vitest';
import { Simulation } from '../engine/simulation';
import { lan } from '../testing/network-builder';
import { tsharkFields } from '../testing/tshark';
import { eventsAt, tableRows } from '../testing/trace-queries';
import { parseArp } from '../wire/arp';
import { DEFEND_INTERVAL_NS } from './arp-announce';

describe('gratuitous ARP', () => {
  it('announces every static address when the network starts, at time 0, as an RFC 5227 announcement', () => {
    const { doc, pcs } = lan(3);
    const sim = new Simulation(doc);
    sim.run();
    const sent = sim.trace.events.filter((e) => e.type === 'send' && pcs.includes(e.device));
    expect(sent.map((e) => [e.t, e.device, e.summary])).toEqual([
      [0, pcs[0], 'ARP Announcement for 192.168.1.1'],
      [0, pcs[1], 'ARP Announcement for 192.168.1.2'],
      [0, pcs[2], 'ARP Announcement for 192.168.1.3'],
    ]);
    const bytes = sent[0].frame!.bytes;
    // Broadcast, EtherType ARP; a request with sender and target address both 192.168.1.1 and a zero target MAC.
    expect(Array.from(bytes.subarray(0, 14))).toEqual([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0, 0, 1, 0x08, 0x06]);
    const arp = parseArp(bytes.subarray(14));
    expect(arp.ok && arp.value).toEqual({ op: 1, senderMac: '02:00:00:00:00:01', senderIp: 0xc0a80101, targetMac: '00:00:00:00:00:00', targetIp: 0xc0a80101 });

    const capture = sim.capture({ kind: 'all' });
    if (!capture.ok) throw new Error(capture.error);
    const rows = tsharkFields(capture.value, ['arp.isannouncement', '_ws.malformed', '_ws.col.Info']);
    expect(rows.slice(0, 3).map((r) => [r[0], r[1], r[2]])).toEqual([
      ['1', '', 'ARP Announcement for 192.168.1.1'],
      ['1', '', 'ARP Announcement for 192.168.1.2'],
      ['1', '', 'ARP Announcement for 192.168.1.3'],
    ]);
    expect(rows.every((r) => r[1] === '')).toBe(true);
  });

  it('updates an entry a neighbour already has, and creates none in a neighbour that has none', () => {
    const { doc, pcs } = lan(3);
    const sim = new Simulation(doc);
    sim.run();
    // PC-1 and PC-2 learn each other; PC-3 knows nobody.
    sim.act({ kind: 'ping', device: pcs[0], target: '192.168.1.2', count: 1 });
    sim.run();
    // PC-2 gets a new network card: same address, new MAC, and it announces it when its cable is plugged back in.
    const link = doc.links.find((l) => l.a.device === pcs[1] || l.b.device === pcs[1])!.id;
    const nic = sim.devices.get(pcs[1])!.nics.get('eth0')!;
    (nic as { mac: string }).mac = '02:00:00:00:00:22';
    sim.act({ kind: 'link', link, up: false });
    sim.act({ kind: 'link', link, up: true });
    const before = sim.trace.upcomingSeq;
    sim.run();

    const heard = sim.trace.events.filter((e) => e.seq >= before && e.protocol === 'ARP' && (e.device === pcs[0] || e.device === pcs[2]));
    expect(heard.map((e) => [e.device, e.type, e.layers.at(-1)!.reason])).toEqual([
      [pcs[0], 'receive', 'gratuitous ARP: 192.168.1.2 announces it is at 02:00:00:00:00:22; my ARP cache said 02:00:00:00:00:02: entry updated, so from now on packets for 192.168.1.2 go to 02:00:00:00:00:22'],
      [pcs[2], 'drop', 'gratuitous ARP: 192.168.1.2 announces it is at 02:00:00:00:00:22. 192.168.1.2 is not in my ARP cache, and Linux adds no entry from an announcement (arp_accept=0): nothing to update'],
    ]);
    expect(tableRows(sim, pcs[0], 'arp').map((r) => r.slice(0, 2))).toEqual([['192.168.1.2', '02:00:00:00:00:22']]);
    expect(tableRows(sim, pcs[2], 'arp')).toEqual([]);
  });

  it('detects a duplicate address at load: both computers learn of it, with a notice and the reason', () => {
    const { doc, pcs } = lan(3);
    // The document refuses two interfaces with one address, but DHCP and hand-edited files can still bring them together.
    doc.devices.find((d) => d.id === pcs[2])!.interfaces[0].ipv4 = '192.168.1.1/24';
    const sim = new Simulation(doc);
    sim.run();

    const conflicts = sim.trace.events.filter((e) => e.type === 'receive' && e.layers.at(-1)!.reason.startsWith('duplicate address'));
    // Both announce at time 0 and each hears the other: each defends once, then hears the other's defence and lets it be (within 10 s).
    expect(conflicts.map((e) => e.device)).toEqual([pcs[2], pcs[0], pcs[0], pcs[2]]);
    const pc1 = conflicts.filter((e) => e.device === pcs[0]).map((e) => e.layers.at(-1)!.reason);
    expect(pc1[0]).toBe(
      "duplicate address: 02:00:00:00:00:03 says it has 192.168.1.1, but 192.168.1.1 is PC-1's own address on eth0 (02:00:00:00:00:01). Two devices use the same IPv4 address, so packets for it reach one or the other at random; PC-1 defends its address with one announcement of its own, so the other device learns of the conflict too (RFC 5227 §2.4)",
    );
    expect(pc1[1]).toMatch(/PC-1 already defended it less than 10 s ago, so it does not again/);
    const defences = sim.trace.events.filter((e) => e.type === 'send' && e.layers[0].reason.includes('(defending 192.168.1.1'));
    expect(defences.map((e) => e.device)).toEqual([pcs[2], pcs[0]]);
    expect(DEFEND_INTERVAL_NS).toBe(10_000_000_000);

    const notices = sim.takeNotices().filter((n) => n.kind === 'duplicate-address');
    expect(notices).toEqual([
      { kind: 'duplicate-address', devices: [pcs[2]], message: 'Duplicate address: PC-3 eth0 (02:00:00:00:00:03) and another device (02:00:00:00:00:01) both use 192.168.1.1. Give one of them another address.' },
      { kind: 'duplicate-address', devices: [pcs[0]], message: 'Duplicate address: PC-1 eth0 (02:00:00:00:00:01) and another device (02:00:00:00:00:03) both use 192.168.1.1. Give one of them another address.' },
    ]);
    // PC-2, who owns no part of it, knows neither.
    expect(eventsAt(sim, pcs[1], 'receive')).toEqual([]);
  });
});
