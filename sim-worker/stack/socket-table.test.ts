import { describe, expect, it } from 'vitest';
import { Simulation } from '../engine/simulation';
import { NetworkBuilder } from '../testing/network-builder';
import { tableRows } from '../testing/trace-queries';

describe('the sockets table', () => {
  it('lists UDP sockets beside TCP ones, as ss does, and drops them when they close', () => {
    const net = new NetworkBuilder();
    const router = net.add('router');
    const sw = net.add('switch');
    const pc = net.add('computer');
    net.address(router, '192.168.1.1/24').cable(router, sw, 'eth0');
    net.dhcpServer(router, 'eth0').dhcpClient(pc).cable(pc, sw);
    const sim = new Simulation(net.doc, { traceWindow: Infinity });
    sim.run();
    expect(tableRows(sim, pc, 'sockets')).toContainEqual(['UDP', '0.0.0.0%eth0:68', '0.0.0.0:*', 'UNCONN', 'dhclient']);
    expect(tableRows(sim, router, 'sockets').map((row) => row[1])).toContain('0.0.0.0%eth0:67');

    // traceroute opens a UDP port for its probes and closes it when it is done.
    const before = sim.trace.upcomingSeq;
    sim.act({ kind: 'traceroute', device: pc, target: '192.168.1.1' });
    sim.run({ maxTasks: 5 });
    expect(tableRows(sim, pc, 'sockets').some((row) => row[0] === 'UDP' && row[4] === 'traceroute')).toBe(true);
    sim.run();
    expect(tableRows(sim, pc, 'sockets').some((row) => row[4] === 'traceroute')).toBe(false);
    expect(tableRows(sim, pc, 'sockets', before).some((row) => row[4] === 'traceroute')).toBe(false);
  });
});
