import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../api';
import type { IpDevice } from '../devices/device';
import { Simulation } from '../engine/simulation';
import { lan, NetworkBuilder, routedLine } from '../testing/network-builder';
import { startTransfer } from '../testing/tcp-transfer';
import { tsharkFields } from '../testing/tshark';
import { tableRows } from '../testing/trace-queries';
import { parseIpv4 as parseAddress } from '../wire/address';
import { TCP_TIME_WAIT_NS } from './tcp-connection';

const address = (text: string) => {
  const parsed = parseAddress(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
};

/** Room for every event of the longest run here. */
const WINDOW = 1_000_000;

/** A megabyte that is not all one byte, so a misplaced segment shows. */
const MEGABYTE = Uint8Array.from({ length: 1 << 20 }, (_, i) => (i * 7 + (i >> 11)) & 255);

/** Where two byte strings first differ (a length difference counts), or -1: quicker to compare and to read than a deep equality over a megabyte. */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : length;
}

function ipDevice(sim: Simulation, id: string): IpDevice {
  return sim.devices.get(id) as IpDevice;
}

const tcpEvents = (sim: Simulation, device: string, type?: TraceEvent['type']) =>
  sim.trace.events.filter((e) => e.device === device && e.protocol === 'TCP' && (type === undefined || e.type === type));

const l4 = (event: TraceEvent) => event.layers.find((l) => l.layer === 4)?.reason ?? '';

/** Wireshark's flags column, e.g. "[SYN, ACK]", of each TCP segment a device sent. */
const flagsSent = (sim: Simulation, device: string) => tcpEvents(sim, device, 'send').map((e) => e.summary.match(/\[[^\]]+\]/)![0]);

function capture(sim: Simulation, link: string): Uint8Array {
  const pcap = sim.capture({ kind: 'link', link });
  if (!pcap.ok) throw new Error(pcap.error);
  return pcap.value;
}

describe('TCP: opening and closing a connection', () => {
  it('opens with a three-way handshake carrying Linux’s options, and closes with FINs both ways into TIME_WAIT', () => {
    const { doc, pcs } = lan(2);
    const sim = new Simulation(doc, { traceWindow: WINDOW });
    const [client, server] = [ipDevice(sim, pcs[0]), ipDevice(sim, pcs[1])];
    sim.run();
    const transfer = startTransfer(client, server, address('192.168.1.2'), 80, new TextEncoder().encode('hello'));
    sim.run();

    expect(firstDifference(transfer.received(), new TextEncoder().encode('hello'))).toBe(-1);
    expect(flagsSent(sim, pcs[0])).toEqual(['[SYN]', '[ACK]', '[PSH, ACK]', '[FIN, ACK]', '[ACK]']);
    expect(flagsSent(sim, pcs[1])).toEqual(['[SYN, ACK]', '[ACK]', '[FIN, ACK]']);
    const [syn] = tcpEvents(sim, pcs[0], 'send');
    expect(syn.summary).toMatch(/^\d+ → 80 \[SYN\] Seq=\d+ Win=64240 Len=0 MSS=1460 SACK_PERM WS=128$/);
    expect(l4(syn)).toMatch(/^SYN_SENT: connect\(\) from port (\d+) to 192\.168\.1\.2:80: SYN with initial sequence number \d+, offering MSS 1460/);
    const port = Number(syn.summary.split(' ')[0]);
    expect(port).toBeGreaterThanOrEqual(32768);
    expect(port).toBeLessThanOrEqual(60999);

    const received = tcpEvents(sim, pcs[0]).filter((e) => e.type !== 'send').map(l4);
    expect(received[0]).toMatch(/^port 80 → \d+, SYN_SENT → ESTABLISHED: ACK 1 acknowledges our SYN; SYN-ACK with initial sequence number \d+, they offer MSS 1460, window 64240, window scale 7, SACK$/);
    expect(received.at(-1)).toMatch(/FIN_WAIT_2 → TIME_WAIT: .*FIN: both sides have finished/);
    const serverSide = tcpEvents(sim, pcs[1]).filter((e) => e.type !== 'send').map(l4);
    expect(serverSide[0]).toMatch(/LISTEN → SYN_RECEIVED: SYN from 192\.168\.1\.1:\d+ for sink/);
    expect(serverSide[1]).toMatch(/SYN_RECEIVED → ESTABLISHED: ACK 1 acknowledges our SYN-ACK/);
    expect(serverSide).toContainEqual(expect.stringMatching(/ESTABLISHED: bytes 1–5 in order, handed to sink/));
    expect(serverSide.at(-1)).toMatch(/LAST_ACK → CLOSED: ACK 2, .*our FIN is acknowledged: the connection is closed/);
    expect(transfer.clientClosed).toBe('192.168.1.2:80 closed the connection');

    // The socket tables: the client's port waits in TIME_WAIT, the server still listens.
    expect(tableRows(sim, pcs[0], 'sockets')).toEqual([['TCP', `192.168.1.1:${port}`, '192.168.1.2:80', 'TIME_WAIT', 'source']]);
    expect(tableRows(sim, pcs[1], 'sockets')).toEqual([['TCP', '0.0.0.0:80', '0.0.0.0:*', 'LISTEN', 'sink']]);
    // As of the SYN-ACK, both ends were still opening: the tables step back with the trace.
    const synAck = tcpEvents(sim, pcs[1], 'send')[0];
    expect(tableRows(sim, pcs[0], 'sockets', synAck.seq)).toEqual([['TCP', `192.168.1.1:${port}`, '192.168.1.2:80', 'SYN_SENT', 'source']]);
    expect(tableRows(sim, pcs[1], 'sockets', synAck.seq)).toContainEqual(['TCP', '192.168.1.2:80', `192.168.1.1:${port}`, 'SYN_RECEIVED', 'sink']);
    // TIME_WAIT is a background timer: the network went quiet with it running, and 60 s later the socket is gone.
    sim.run({ untilNs: sim.now + TCP_TIME_WAIT_NS });
    expect(tableRows(sim, pcs[0], 'sockets')).toEqual([]);
  });

  it('answers a SYN to a closed port with RST, and the app hears “Connection refused”', () => {
    const { doc, pcs } = lan(2);
    const sim = new Simulation(doc, { traceWindow: WINDOW });
    sim.run();
    const connected = ipDevice(sim, pcs[0]).tcp.connect(address('192.168.1.2'), 22, 'ssh');
    if (!connected.ok) throw new Error(connected.error);
    let closed = '';
    connected.value.onClose = (why) => (closed = why);
    sim.run();
    expect(closed).toBe('Connection refused');
    const drop = tcpEvents(sim, pcs[1], 'drop')[0];
    expect(l4(drop)).toBe(`port ${connected.value.localPort} → 22: nothing on PC-2 listens on TCP port 22, so the segment is answered with RST (RFC 9293 §3.10.7.1)`);
    const [reset] = tcpEvents(sim, pcs[1], 'send');
    expect(reset.summary).toMatch(/^22 → \d+ \[RST, ACK\] Seq=0 Ack=\d+ Win=0 Len=0$/);
    expect(l4(tcpEvents(sim, pcs[0], 'receive')[0])).toMatch(/SYN_SENT → CLOSED: RST from 192\.168\.1\.2:22: nothing listens on port 22 there, so connect\(\) fails with “Connection refused”/);
    expect(tableRows(sim, pcs[0], 'sockets')).toEqual([]);
  });

  it('gives up on a SYN nobody answers after Linux’s 6 retries, backing off 1, 2, 4 … s', () => {
    // PC-2 has no gateway: it hears the SYNs but its SYN-ACKs have no route back, so PC-1 hears nothing at all.
    const { doc, pcs } = routedLine(1);
    delete doc.devices.find((d) => d.id === pcs[1])!.interfaces[0].gateway;
    const sim = new Simulation(doc, { traceWindow: WINDOW });
    sim.run();
    const connected = ipDevice(sim, pcs[0]).tcp.connect(address('10.0.2.5'), 80, 'curl');
    if (!connected.ok) throw new Error(connected.error);
    let closed = '';
    connected.value.onClose = (why) => (closed = why);
    const start = sim.now;
    sim.run({ untilNs: start + 200e9 });
    expect(closed).toBe('Connection timed out: no answer to 7 SYNs');
    const syns = tcpEvents(sim, pcs[0], 'send');
    expect(syns.map((e) => Math.round((e.t - start) / 1e9))).toEqual([0, 1, 3, 7, 15, 31, 63]);
    expect(l4(syns[1])).toMatch(/^SYN_SENT: SYN again: retransmission timeout: no ACK within 1 s, so the timeout doubles to 2 s \(try 2 of 7\)$/);
    const gaveUp = sim.trace.events.find((e) => e.type === 'state' && e.protocol === 'TCP')!;
    expect((gaveUp.t - start) / 1e9).toBeCloseTo(127, 3);
    expect(tableRows(sim, pcs[0], 'sockets')).toEqual([]);
  });

  it('fails at once with “No route to host” when ICMP says the host cannot be reached, as Linux’s connect() does', () => {
    const { doc, pcs } = lan(2);
    const sim = new Simulation(doc, { traceWindow: WINDOW });
    sim.run();
    sim.act({ kind: 'power', device: pcs[1], on: false });
    sim.run();
    const connected = ipDevice(sim, pcs[0]).tcp.connect(address('192.168.1.2'), 80, 'curl');
    if (!connected.ok) throw new Error(connected.error);
    let closed = '';
    connected.value.onClose = (why) => (closed = why);
    const start = sim.now;
    sim.run({ untilNs: start + 10e9 });
    // ARP gives up after three requests a second apart; the SYN waiting for it comes back as host unreachable.
    expect(closed).toBe('No route to host');
    const failed = sim.trace.events.find((e) => e.type === 'state' && e.protocol === 'TCP')!;
    expect(Math.round((failed.t - start) / 1e9)).toBe(3);
    expect(l4(failed)).toBe('SYN_SENT → CLOSED: an ICMP destination unreachable answered our SYN, so connect() fails at once with “No route to host”; curl is told');
  });
});

/** 256 KiB sent across routedLine(1) whose second cable loses or reorders frames, run to the end. */
function transferOverFaultyLink(fault: { lossRate?: number; reorderRate?: number }, seed: number) {
  const { doc, pcs } = routedLine(1);
  doc.links[1] = { ...doc.links[1], ...fault };
  const sim = new Simulation(doc, { seed, traceWindow: WINDOW });
  sim.run();
  const data = MEGABYTE.subarray(0, 256 * 1024);
  const transfer = startTransfer(ipDevice(sim, pcs[0]), ipDevice(sim, pcs[1]), address('10.0.2.5'), 5001, data);
  sim.run();
  return { doc, pcs, sim, data, transfer };
}

describe('TCP: moving data', () => {
  it('carries a megabyte across a router byte for byte, and tshark finds nothing wrong', () => {
    const { doc, pcs } = routedLine(1);
    const sim = new Simulation(doc, { traceWindow: WINDOW });
    sim.run();
    const transfer = startTransfer(ipDevice(sim, pcs[0]), ipDevice(sim, pcs[1]), address('10.0.2.5'), 5001, MEGABYTE);
    sim.run();
    expect(firstDifference(transfer.received(), MEGABYTE)).toBe(-1);
    expect(transfer.client!.retransmissions).toBe(0);
    const rows = tsharkFields(capture(sim, doc.links[0].id).slice(), ['tcp.checksum.status', '_ws.malformed', 'tcp.analysis.flags', 'tcp.len']);
    const tcp = rows.filter((r) => r[0] !== '');
    expect(tcp.length).toBeGreaterThan(700);
    expect(tcp.every((r) => r[0] === '1' && r[1] === '' && r[2] === '')).toBe(true);
    expect(tcp.reduce((n, r) => n + Number(r[3]), 0)).toBe(MEGABYTE.length);
  }, 20_000);

  for (const seed of [1, 2, 3, 4]) {
    it(`still delivers the same stream when a link loses 5% of frames (seed ${seed}): retransmissions and fast retransmits show`, () => {
      const { doc, pcs, sim, data, transfer } = transferOverFaultyLink({ lossRate: 0.05 }, seed);
      expect(firstDifference(transfer.received(), data)).toBe(-1);
      expect(transfer.serverClosed).toBe(`10.0.1.10:${transfer.client!.localPort} closed the connection`);
      const lost = sim.trace.events.filter((e) => e.type === 'drop' && e.link === doc.links[1].id);
      expect(lost.length).toBeGreaterThan(0);
      expect(lost[0].layers[0].reason).toMatch(/^lost on the cable: it loses 5% of frames/);
      const resent = tcpEvents(sim, pcs[0], 'send').map(l4).filter((r) => / again: /.test(r));
      expect(resent.length).toBe(transfer.client!.retransmissions);
      expect(resent.some((r) => r.includes('fast retransmit after three duplicate ACKs'))).toBe(true);
      expect(transfer.client!.fastRetransmits).toBeGreaterThan(0);
      // Segments after a lost one arrive ahead of it: the receiver holds them and says so (reordering, as the receiver sees it).
      expect(tcpEvents(sim, pcs[1]).map(l4).some((r) => /arrived ahead of byte \d+, which is missing: held/.test(r))).toBe(true);
      const sacked = tcpEvents(sim, pcs[1], 'send').filter((e) => e.summary.includes(' SLE='));
      expect(sacked.length).toBeGreaterThan(0);
    });
  }

  for (const seed of [1, 2]) {
    it(`still delivers the same stream when a link reorders 10% of frames (seed ${seed}): held-back frames arrive late and the receiver holds what came early`, () => {
      const { doc, pcs, sim, data, transfer } = transferOverFaultyLink({ reorderRate: 0.1 }, seed);
      expect(firstDifference(transfer.received(), data)).toBe(-1);
      const held = sim.trace.events.filter((e) => e.type === 'state' && e.link === doc.links[1].id);
      expect(held.length).toBeGreaterThan(0);
      expect(held[0].layers[0].reason).toMatch(/^held back on the cable: 10% of its frames take a slower path \(its reorder rate\); this one arrives 49\.\d+ µs late/);
      expect(tcpEvents(sim, pcs[1]).map(l4).some((r) => /arrived ahead of byte \d+, which is missing: held/.test(r))).toBe(true);
      // Nothing was lost, so every byte arrives: reordering alone may still trigger a fast retransmit, as on a real path.
      expect(sim.trace.events.some((e) => e.type === 'drop' && e.link === doc.links[1].id)).toBe(false);
    });
  }

  it('makes a lossy run tshark reads as Linux’s: retransmissions and duplicate ACKs flagged, nothing malformed', () => {
    const { doc, sim } = transferOverFaultyLink({ lossRate: 0.05 }, 3);
    const rows = tsharkFields(capture(sim, doc.links[0].id), ['tcp.checksum.status', '_ws.malformed', 'tcp.analysis.retransmission', 'tcp.analysis.fast_retransmission', 'tcp.analysis.duplicate_ack', 'tcp.options.sack_le']).filter((r) => r[0] !== '');
    expect(rows.every((r) => r[0] === '1' && r[1] === '')).toBe(true);
    for (const column of [2, 3, 4, 5]) expect(rows.some((r) => r[column] !== '')).toBe(true);
  });

  it('times out and resends with backoff when every ACK is lost for a while', () => {
    const { doc, pcs } = routedLine(1);
    const sim = new Simulation(doc, { traceWindow: WINDOW });
    sim.run();
    const transfer = startTransfer(ipDevice(sim, pcs[0]), ipDevice(sim, pcs[1]), address('10.0.2.5'), 5001, MEGABYTE.subarray(0, 20_000));
    sim.run({ untilNs: sim.now + 100_000 });
    sim.act({ kind: 'link', link: doc.links[1].id, up: false });
    sim.run({ untilNs: sim.now + 1_500_000_000 });
    sim.act({ kind: 'link', link: doc.links[1].id, up: true });
    sim.run();
    expect(firstDifference(transfer.received(), MEGABYTE.subarray(0, 20_000))).toBe(-1);
    const timeouts = tcpEvents(sim, pcs[0], 'send').map(l4).filter((r) => r.includes('retransmission timeout'));
    expect(timeouts[0]).toMatch(/no ACK within 200(\.\d+)? ms, so the timeout doubles to 400(\.\d+)? ms \(try 2 of 16\)/);
    expect(timeouts.some((r) => /no ACK within 400(\.\d+)? ms, so the timeout doubles to 800/.test(r))).toBe(true);
  });
});

describe('TCP through a home router’s NAT', () => {
  it('connects from the LAN to a server beyond the ISP, its port translated both ways', () => {
    const net = new NetworkBuilder();
    const router = net.add('home-router');
    const isp = net.add('isp');
    const pc = net.add('computer');
    const server = net.add('computer');
    net.address(pc, '192.168.1.10/24', '192.168.1.1').cable(pc, router);
    net.address(router, '192.0.2.2/24', '192.0.2.1', 'wan').cable(router, isp);
    net.address(isp, '198.51.100.1/24', undefined, 'eth1').address(server, '198.51.100.10/24', '198.51.100.1').cable(server, isp, 'eth0', 'eth1');
    const sim = new Simulation(net.doc, { traceWindow: WINDOW });
    sim.run();
    const data = MEGABYTE.subarray(0, 100_000);
    const transfer = startTransfer(ipDevice(sim, pc), ipDevice(sim, server), address('198.51.100.10'), 80, data);
    sim.run();
    expect(firstDifference(transfer.received(), data)).toBe(-1);
    // The server saw the router's public address, not the computer's.
    expect(tableRows(sim, server, 'sockets', tcpEvents(sim, server, 'receive')[1].seq)).toContainEqual(['TCP', '198.51.100.10:80', expect.stringMatching(/^192\.0\.2\.2:\d+$/), 'ESTABLISHED', 'sink']);
    const wan = net.doc.links.find((l) => l.a.device === router && l.a.interface === 'wan' || l.b.device === router && l.b.interface === 'wan')!;
    const rows = tsharkFields(capture(sim, wan.id), ['ip.src', 'tcp.checksum.status', '_ws.malformed', 'tcp.analysis.flags']).filter((r) => r[1] !== '');
    expect(rows.length).toBeGreaterThan(70);
    expect(rows.every((r) => (r[0] === '192.0.2.2' || r[0] === '198.51.100.10') && r[1] === '1' && r[2] === '' && r[3] === '')).toBe(true);
  });
});
