import { describe, expect, it } from 'vitest';
import type { SimContext } from '../engine/context';
import { Prng } from '../engine/prng';
import { Scheduler } from '../engine/scheduler';
import { TableJournal } from '../engine/tables';
import { TraceRecorder } from '../engine/trace';
import { parseCidr, parseIpv4 } from '../wire/address';
import { ROUTING_TABLE, RoutingTable } from './routing-table';

function context(): SimContext {
  const scheduler = new Scheduler();
  const trace = new TraceRecorder(scheduler);
  return {
    scheduler, trace, tables: new TableJournal(() => trace.upcomingSeq), prng: new Prng(1),
    newFrameId: () => 0, notify: () => undefined, nameOf: (id) => id.toUpperCase(),
  };
}

const ip = (text: string) => {
  const parsed = parseIpv4(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
};
const cidr = (text: string) => {
  const parsed = parseCidr(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
};

/** R1: eth0 10.0.1.1/24, eth1 10.0.0.1/30, eth2 10.9.0.1/24; routes to 10.0.2.0/24, 10.0.0.0/16 and the default. */
function r1(ctx = context()): RoutingTable {
  const table = new RoutingTable(ctx, 'r1');
  table.addConnected('eth0', cidr('10.0.1.1/24'));
  table.addConnected('eth1', cidr('10.0.0.1/30'));
  table.addConnected('eth2', cidr('10.9.0.1/24'));
  expect(table.addStatic({ destination: cidr('10.0.2.0/24'), via: ip('10.0.0.2') })).toBe(true);
  expect(table.addStatic({ destination: cidr('10.0.0.0/16'), via: ip('10.0.1.254') })).toBe(true);
  expect(table.addStatic({ destination: cidr('0.0.0.0/0'), via: ip('10.9.0.254') })).toBe(true);
  return table;
}

describe('RoutingTable', () => {
  it('picks the longest matching prefix: /24 over /16 over the default', () => {
    const table = r1();
    expect(table.lookup(ip('10.0.2.5'))).toMatchObject({ nextHop: ip('10.0.0.2'), route: { interfaceName: 'eth1', type: 'static' }, reason: '10.0.2.0/24 via 10.0.0.2 on eth1, longest match /24 (beats /16, /0)' });
    expect(table.lookup(ip('10.0.7.7'))).toMatchObject({ nextHop: ip('10.0.1.254'), reason: '10.0.0.0/16 via 10.0.1.254 on eth0, longest match /16 (beats /0)' });
    expect(table.lookup(ip('8.8.8.8'))).toMatchObject({ nextHop: ip('10.9.0.254'), reason: '0.0.0.0/0 via 10.9.0.254 on eth2, the default route: no more specific route matches 8.8.8.8' });
  });

  it('sends to a destination on a connected network directly', () => {
    expect(r1().lookup(ip('10.0.1.77'))).toMatchObject({
      nextHop: ip('10.0.1.77'),
      route: { type: 'connected', interfaceName: 'eth0' },
      reason: '10.0.1.0/24 on eth0 (connected), longest match /24 (beats /16, /0): 10.0.1.77 is on that network, so it goes straight there',
    });
  });

  it('breaks a tie of prefix length by metric, then by order', () => {
    const table = new RoutingTable(context(), 'r1');
    table.addConnected('eth0', cidr('10.0.1.1/24'));
    table.addStatic({ destination: cidr('10.0.2.0/24'), via: ip('10.0.1.2'), metric: 20 });
    table.addStatic({ destination: cidr('10.0.2.0/24'), via: ip('10.0.1.3'), metric: 10 });
    table.addStatic({ destination: cidr('10.0.2.0/24'), via: ip('10.0.1.4'), metric: 10 });
    expect(table.lookup(ip('10.0.2.9'))).toMatchObject({ nextHop: ip('10.0.1.3'), reason: '10.0.2.0/24 via 10.0.1.3 on eth0, longest match /24, metric 10 beats 20, first of the routes with metric 10' });
  });

  it('finds nothing when nothing matches, and refuses a route whose next router is on no network of its own', () => {
    const table = new RoutingTable(context(), 'pc');
    table.addConnected('eth0', cidr('192.168.1.10/24'));
    expect(table.lookup(ip('10.0.0.1'))).toBeUndefined();
    expect(table.addStatic({ destination: cidr('10.0.0.0/8'), via: ip('172.16.0.1') })).toBe(false);
    expect(table.addStatic({ destination: cidr('10.0.0.0/8'), via: ip('192.168.1.1'), interfaceName: 'eth1' })).toBe(false);
  });

  it('says a computer’s gateway is its default gateway', () => {
    const table = new RoutingTable(context(), 'pc');
    table.addConnected('eth0', cidr('192.168.1.10/24'));
    table.addGateway('eth0', ip('192.168.1.1'));
    expect(table.lookup(ip('1.1.1.1'))?.reason).toBe('0.0.0.0/0 via 192.168.1.1 on eth0 (the default gateway), the default route: no more specific route matches 1.1.1.1');
  });

  it('follows a redirect for one destination until it expires', () => {
    const ctx = context();
    const table = new RoutingTable(ctx, 'pc');
    table.addConnected('eth0', cidr('10.0.1.10/24'));
    table.addGateway('eth0', ip('10.0.1.1'));
    table.learnRedirect(ip('10.0.2.5'), ip('10.0.1.2'), 'eth0', ip('10.0.1.1'), 300e9);
    expect(table.lookup(ip('10.0.2.5'))).toMatchObject({ nextHop: ip('10.0.1.2'), reason: '10.0.2.5 via 10.0.1.2 on eth0, as 10.0.1.1 advised in an ICMP redirect (for 300 s more)' });
    expect(table.lookup(ip('10.0.2.6'))?.nextHop).toBe(ip('10.0.1.1'));
    ctx.scheduler.now = 300e9;
    expect(table.lookup(ip('10.0.2.5'))?.nextHop).toBe(ip('10.0.1.1'));
  });

  it('words its reason anew when the routes that match change', () => {
    const table = r1();
    const before = table.lookup(ip('10.0.3.9'))!.reason;
    expect(before).toMatch(/^10\.0\.0\.0\/16 via 10\.0\.1\.254 on eth0, longest match \/16 \(beats \/0\)$/);
    expect(table.lookup(ip('10.0.3.9'))!.reason).toBe(before);
    expect(table.addStatic({ destination: cidr('10.0.3.0/24'), via: ip('10.0.0.2') })).toBe(true);
    expect(table.lookup(ip('10.0.3.9'))!.reason).toMatch(/^10\.0\.3\.0\/24 via 10\.0\.0\.2 on eth1, longest match \/24 \(beats \/16, \/0\)$/);
    expect(table.lookup(ip('10.0.3.10'))!.reason).toMatch(/^10\.0\.3\.0\/24 via/);
  });

  it('shows itself as a live table', () => {
    const ctx = context();
    r1(ctx);
    const [table] = ctx.tables.snapshot('r1', [ROUTING_TABLE], 0, 0);
    expect(table.columns).toEqual(['Destination', 'Via', 'Interface', 'Metric', 'Type']);
    expect(table.rows).toEqual([
      ['10.0.1.0/24', 'directly connected', 'eth0', '0', 'connected'],
      ['10.0.0.0/30', 'directly connected', 'eth1', '0', 'connected'],
      ['10.9.0.0/24', 'directly connected', 'eth2', '0', 'connected'],
      ['10.0.2.0/24', '10.0.0.2', 'eth1', '0', 'static'],
      ['10.0.0.0/16', '10.0.1.254', 'eth0', '0', 'static'],
      ['0.0.0.0/0', '10.9.0.254', 'eth2', '0', 'static'],
    ]);
  });
});
