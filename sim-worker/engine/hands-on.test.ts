import { describe, expect, it } from 'vitest';
import { Simulation } from './simulation';
import { lan } from '../testing/network-builder';
import { appLines, eventsAt, tableRows } from '../testing/trace-queries';

/** Two computers on a switch, started: their announcements have gone out. */
function started() {
  const { doc, pcs, middle } = lan(2);
  const sim = new Simulation(doc);
  sim.run();
  const link = doc.links.find((l) => l.a.device === pcs[1] || l.b.device === pcs[1])!.id;
  return { sim, pcs, middle, link };
}

const ms = (n: number) => n * 1_000_000;

describe('cutting and restoring a cable', () => {
  it('loses the pings while the cable is cut and gets answers again once it is restored', () => {
    const { sim, pcs, middle, link } = started();
    const t0 = sim.now;
    expect(sim.act({ kind: 'ping', device: pcs[0], target: '192.168.1.2', count: 6, intervalMs: 1000, timeoutMs: 900 }).ok).toBe(true);
    sim.run({ untilNs: t0 + ms(1500) });
    expect(sim.act({ kind: 'link', link, up: false })).toEqual({ ok: true, value: undefined });
    sim.run({ untilNs: t0 + ms(3500) });
    expect(sim.act({ kind: 'link', link, up: true }).ok).toBe(true);
    sim.run();

    const lines = appLines(sim, pcs[0]);
    expect(lines.filter((l) => l.includes('bytes from 192.168.1.2')).map((l) => l.match(/icmp_seq=(\d)/)![1])).toEqual(['1', '2', '5', '6']);
    expect(lines).toContain('no answer yet for icmp_seq=3');
    expect(lines).toContain('no answer yet for icmp_seq=4');
    expect(lines).toContain('6 packets transmitted, 4 received, 33.3333% packet loss, time 5000ms');

    // Both ends of the cable see their link go, and the switch forgets PC-2's MAC learned on that port.
    const downs = sim.trace.events.filter((e) => e.type === 'state' && e.summary.endsWith('link down'));
    expect(downs.map((e) => e.device).sort()).toEqual([middle, pcs[1]].sort());
    const switchDown = downs.find((e) => e.device === middle)!;
    expect(switchDown.layers[0].reason).toBe('p2 lost its link: the cable was cut');
    expect(switchDown.layers[1].reason).toMatch(/^forgot 02:00:00:00:00:02, learned on p2: a switch flushes/);
    expect(tableRows(sim, middle, 'mac', switchDown.seq).map((r) => r[0])).toEqual(['02:00:00:00:00:01']);

    // Meanwhile the switch has no port with a link to flood the requests for PC-2 out of.
    const stranded = eventsAt(sim, middle, 'flood').filter((e) => e.protocol === 'ICMP');
    expect(stranded).toHaveLength(2);
    for (const flood of stranded) expect(flood.layers[1].reason).toMatch(/^02:00:00:00:00:02 is not in the MAC table yet: flooding out of nowhere/);

    // Restored: both ends come up again and PC-2 announces itself.
    const ups = sim.trace.events.filter((e) => e.type === 'state' && e.summary.endsWith('link up'));
    expect(ups.map((e) => e.device).sort()).toEqual([middle, pcs[1]].sort());
    const announce = sim.trace.events.find((e) => e.seq > ups[0].seq && e.device === pcs[1] && e.type === 'send');
    expect(announce?.summary).toBe('ARP Announcement for 192.168.1.2');
  });

  it('loses a frame that is on the cable when it is cut, and says so', () => {
    const { sim, pcs, link } = started();
    sim.act({ kind: 'ping', device: pcs[0], target: '192.168.1.2', count: 1, timeoutMs: 500 });
    // Run until the switch has started sending the echo request to PC-2, then cut PC-2's cable under it.
    const request = () => sim.trace.events.find((e) => e.type === 'send' && e.link === link && e.protocol === 'ICMP');
    while (!request()) sim.run({ maxTasks: 1 });
    sim.act({ kind: 'link', link, up: false });
    sim.run();
    const lost = sim.trace.events.find((e) => e.type === 'drop' && e.frame?.id === request()!.frame!.id && e.device === pcs[1])!;
    expect(lost.layers[0].reason).toBe('lost on the way: the cable was cut while the frame was on it, so it never arrives');
    expect(eventsAt(sim, pcs[1], 'deliver')).toEqual([]);
  });

  it('refuses to cut a cable twice, or one that does not exist', () => {
    const { sim, link } = started();
    expect(sim.act({ kind: 'link', link, up: true })).toEqual({ ok: false, error: 'The cable between PC-2 eth0 and Switch-1 p2 is already whole' });
    expect(sim.act({ kind: 'link', link: 'nope', up: false })).toEqual({ ok: false, error: 'There is no cable "nope" in this network' });
  });
});

describe('the power switch', () => {
  it('powers a switch off: both computers see their link go, the MAC table empties, pings fail', () => {
    const { sim, pcs, middle } = started();
    sim.act({ kind: 'ping', device: pcs[0], target: '192.168.1.2', count: 1 });
    sim.run();
    expect(tableRows(sim, middle, 'mac')).toHaveLength(2);

    expect(sim.act({ kind: 'power', device: middle, on: false }).ok).toBe(true);
    const off = sim.trace.events.find((e) => e.type === 'state' && e.device === middle)!;
    expect(off.summary).toBe('Switch-1 powered off');
    expect(off.layers[0].reason).toMatch(/^Switch-1 is switched off: its MAC table is emptied, and every one of its interfaces goes dark/);
    expect(tableRows(sim, middle, 'mac', off.seq)).toEqual([]);
    const downs = sim.trace.events.filter((e) => e.seq > off.seq && e.type === 'state');
    expect(downs.map((e) => [e.device, e.summary, e.layers[0].reason])).toEqual([
      [pcs[0], 'eth0: link down', 'eth0 lost its link: Switch-1 was powered off'],
      [pcs[1], 'eth0: link down', 'eth0 lost its link: Switch-1 was powered off'],
    ]);
    // PC-1 flushed the ARP entry it had learned on eth0.
    expect(downs[0].layers[1].reason).toBe('forgot 192.168.1.2 from the ARP cache: Linux flushes the neighbours of an interface that loses its link');
    expect(sim.act({ kind: 'power', device: middle, on: false })).toEqual({ ok: false, error: 'Switch-1 is already off' });

    const afterOff = sim.trace.upcomingSeq;
    sim.act({ kind: 'ping', device: pcs[0], target: '192.168.1.2', count: 1, timeoutMs: 500 });
    sim.run();
    const failed = sim.trace.events.filter((e) => e.seq >= afterOff && e.device === pcs[0] && e.type === 'drop');
    expect(failed[0].layers.at(-1)!.reason).toBe('eth0 has no link (Switch-1 at the other end is powered off), so the frame goes nowhere');
    expect(appLines(sim, pcs[0]).at(-1)).toBe('1 packets transmitted, 0 received, 100% packet loss, time 0ms');

    // On again: links come back, both computers announce themselves, and ping works.
    sim.act({ kind: 'power', device: middle, on: true });
    sim.run();
    const on = sim.trace.events.filter((e) => e.type === 'state' && e.device === middle && e.protocol === 'Power').at(-1)!;
    expect(on.summary).toBe('Switch-1 powered on');
    const announcements = sim.trace.events.filter((e) => e.seq > on.seq && e.type === 'send' && e.summary.startsWith('ARP Announcement') && e.device !== middle);
    expect(announcements.map((e) => e.device)).toEqual([pcs[0], pcs[1]]);
    sim.act({ kind: 'ping', device: pcs[0], target: '192.168.1.2', count: 1 });
    sim.run();
    expect(appLines(sim, pcs[0]).at(-2)).toBe('1 packets transmitted, 1 received, 0% packet loss, time 0ms');
  });

  it('powers a computer off: its ping stops, its ARP cache empties, frames for it are not received', () => {
    const { sim, pcs } = started();
    sim.act({ kind: 'ping', device: pcs[0], target: '192.168.1.2', count: 5 });
    sim.run({ untilNs: sim.now + ms(1500) });
    const linesBefore = appLines(sim, pcs[0]).length;
    expect(tableRows(sim, pcs[0], 'arp')).toHaveLength(1);
    sim.act({ kind: 'power', device: pcs[0], on: false });
    sim.run();
    expect(appLines(sim, pcs[0])).toHaveLength(linesBefore);
    expect(tableRows(sim, pcs[0], 'arp')).toEqual([]);
    expect(sim.act({ kind: 'ping', device: pcs[0], target: '192.168.1.2' })).toEqual({ ok: false, error: 'PC-1 is powered off: power it on to run ping' });
    // PC-2 cannot reach it now.
    sim.act({ kind: 'ping', device: pcs[1], target: '192.168.1.1', count: 1, timeoutMs: 500 });
    sim.run();
    expect(eventsAt(sim, pcs[0]).filter((e) => e.type !== 'state' && e.t > ms(1500))).toEqual([]);
    expect(appLines(sim, pcs[1]).at(-1)).toBe('1 packets transmitted, 0 received, 100% packet loss, time 0ms');
  });
});
