import { describe, expect, it } from 'vitest';
import { lan, NetworkBuilder, routedLine } from '../testing/network-builder';
import type { NetworkDocument } from '../document/schema';
import { formatIpv6, parseIpv6, slaacAddress } from '../wire/address6';
import { checkStep } from './checks';
import type { Check, Lesson, RunAction } from './schema';

/** A one-step lesson around a network: the checks under test, the actions they judge. */
function lessonFor(solution: NetworkDocument, checks: Check[], run: RunAction[] = []): Lesson {
  return {
    format: 'flintnet-lesson', version: 1, chapter: 99, title: 'Test', story: 'A test.', goals: ['Test.'], palette: ['computer', 'switch', 'hub'],
    start: solution,
    steps: [{ id: 'only', title: 'Only', text: 'Check.', hints: [], run, checks, solution }],
    recap: { text: 'Done.', question: 'Next?' },
  };
}

function check(doc: NetworkDocument, checks: Check[], run: RunAction[] = []) {
  return checkStep(lessonFor(doc, checks, run), 0, doc);
}

const ping = (from: string, to: string, count?: number): RunAction => ({ ping: count === undefined ? { from, to } : { from, to, count } });

describe('checkStep', () => {
  it('gives the same result every time for the same network (the simulation is seeded)', () => {
    const { doc } = lan(2);
    const checks: Check[] = [{ goal: 'order', order: { frames: ['arp-request', 'echo-reply'] } }];
    expect(check(doc, checks, [ping('PC-1', '192.168.1.2')])).toEqual(check(doc, checks, [ping('PC-1', '192.168.1.2')]));
  });

  it('prints what each action printed, like a terminal', () => {
    const result = check(lan(2).doc, [{ goal: 'replies', echoReplies: { device: 'PC-1', from: '192.168.1.2' } }], [ping('PC-1', '192.168.1.2')]);
    expect(result.output[0]).toBe('$ ping from PC-1 to 192.168.1.2');
    expect(result.output).toContain('  1 packets transmitted, 1 received, 0% packet loss, time 0ms');
  });

  it('refuses to run a network that is not valid, and says what to fix', () => {
    const doc = structuredClone(lan(2).doc);
    doc.devices[1].interfaces[0].ipv4 = 'banana';
    const result = check(doc, [{ goal: 'two', devices: { kind: 'computer', atLeast: 2 } }]);
    expect(result.passed).toBe(false);
    expect(result.checks[0].message).toMatch(/^Your network has a problem to fix first: PC-1 eth0: /);
  });

  it('stops a broadcast storm and asks about a loop', () => {
    const net = new NetworkBuilder();
    const [s1, s2] = [net.add('switch'), net.add('switch')];
    net.cable(s1, s2);
    net.cable(s1, s2);
    const pc = net.add('computer');
    net.address(pc, '10.0.0.1/24');
    net.cable(pc, s1);
    const result = check(net.doc, [
      { goal: 'two switches', devices: { kind: 'switch', atLeast: 2 } },
      { goal: 'replies', echoReplies: { device: 'PC-1', from: '10.0.0.2' } },
    ], [ping('PC-1', '10.0.0.2')]);
    expect(result.checks[0].passed).toBe(true);
    expect(result.checks[1]).toMatchObject({ passed: false, message: expect.stringMatching(/^The network never went quiet during the ping from PC-1 to 10\.0\.0\.2: is there a loop\? A loop is flooding the network/) });
  });

  it('says when an action cannot run on that device', () => {
    const result = check(lan(2).doc, [{ goal: 'replies', echoReplies: { device: 'PC-1', from: '192.168.1.2' } }], [ping('Switch-1', '192.168.1.2')]);
    expect(result.checks[0].message).toBe('The check could not ping from Switch-1 to 192.168.1.2: Switch-1 is not a computer, so it cannot run ping');
  });
});

describe('check kinds', () => {
  it('devices: counts one kind, and says how many more to add', () => {
    const result = check(lan(1).doc, [{ goal: 'three', devices: { kind: 'computer', atLeast: 3 } }]);
    expect(result.checks[0].message).toBe('There is 1 computer (PC-1); add 2 more from the palette.');
  });

  it('cabled: passes through switches and hubs, never through a computer', () => {
    const net = new NetworkBuilder();
    const [a, b, c] = [net.add('computer'), net.add('computer'), net.add('computer')];
    const hub = net.add('hub');
    net.cable(a, hub);
    net.cable(b, hub);
    expect(check(net.doc, [{ goal: 'joined', cabled: { a: 'PC-1', b: 'PC-2' } }]).checks[0].message).toBe('PC-1 reaches PC-2 through Hub-1.');
    expect(check(net.doc, [{ goal: 'joined', cabled: { a: 'PC-1', b: 'PC-3' } }]).checks[0].message).toBe('PC-3 has no cable at all: draw one from PC-3 to PC-1 (or to the switch they share).');
    void c;
  });

  it('silent: names the reason when there is an address but no route', () => {
    const net = new NetworkBuilder();
    const pc = net.add('computer');
    net.address(pc, '10.0.0.1/24');
    const result = check(net.doc, [{ goal: 'quiet', silent: { device: 'PC-1', because: 'no-route' } }], [ping('PC-1', '192.168.1.2')]);
    expect(result.checks[0]).toEqual({ goal: 'quiet', passed: true, message: 'Nothing left PC-1: ping says: Network is unreachable: 192.168.1.2 is not in 10.0.0.0/24 and PC-1 has no default gateway.' });
  });

  it('echoReplies: says when fewer replies came than wanted', () => {
    const result = check(lan(2).doc, [{ goal: 'two', echoReplies: { device: 'PC-1', from: '192.168.1.2', atLeast: 2 } }], [ping('PC-1', '192.168.1.2', 1)]);
    expect(result.checks[0].message).toMatch(/^PC-1 got 1 echo reply from 192\.168\.1\.2, but this step wants 2: /);
  });

  it('echoReplies: says when no ping ran that could bring the replies', () => {
    const result = check(lan(2).doc, [{ goal: 'replies', echoReplies: { device: 'PC-2', from: '192.168.1.1' } }], [ping('PC-1', '192.168.1.2')]);
    expect(result.checks[0].message).toBe('PC-2 got no echo replies from 192.168.1.1: no ping from PC-2 to 192.168.1.1 ran in this step.');
  });

  it('order: only counts frames a named device sent or received', () => {
    const { doc } = lan(3);
    const seenByPc3: Check = { goal: 'PC-3 sees the request', order: { frames: ['arp-request'], device: 'PC-3' } };
    const replyAtPc3: Check = { goal: 'PC-3 sees the reply', order: { frames: ['arp-request', 'arp-reply'], device: 'PC-3' } };
    const result = check(doc, [seenByPc3, replyAtPc3], [ping('PC-1', '192.168.1.2')]);
    expect(result.checks[0]).toMatchObject({ passed: true, message: 'In order: ARP request from Switch-1.' });
    expect(result.checks[1].message).toMatch(/^Saw ARP request from Switch-1, but no ARP reply after that at PC-3\./);
  });

  it('notReached: passes and says which action it watched', () => {
    const result = check(lan(3).doc, [{ goal: 'quiet', notReached: { device: 'PC-3', action: 2 } }], [ping('PC-1', '192.168.1.2'), ping('PC-1', '192.168.1.2')]);
    expect(result.checks[0].message).toBe('No frame of the second action (ping from PC-1 to 192.168.1.2) reached PC-3.');
  });

  it('notReached: the first action of a switched network still floods its ARP request to everyone', () => {
    const result = check(lan(3).doc, [{ goal: 'quiet', notReached: { device: 'PC-3', action: 1 } }], [ping('PC-1', '192.168.1.2')]);
    expect(result.checks[0].message).toMatch(/^1 frame of the first action .* reached PC-3, the first an ARP request .*\. Switch-1 sent it there: broadcast: flooding out of p2, p3, never back out of p1\.$/);
  });

  it('table: lists what the table holds', () => {
    const result = check(lan(2).doc, [{ goal: 'arp', table: { device: 'PC-1', table: 'arp', atLeast: 1 } }], [ping('PC-1', '192.168.1.2')]);
    expect(result.checks[0].message).toBe('PC-1\'s ARP cache holds 1 entry (192.168.1.2 is at 02:00:00:00:00:02).');
  });
});

describe('received, relayed and leased', () => {
  const { doc } = routedLine(2);

  it('received: the TTL after two routers, and what came instead when it does not match', () => {
    const run = [ping('PC-1', '10.0.2.5')];
    expect(check(doc, [{ goal: 'ttl', received: { device: 'PC-2', frame: 'echo-request', from: '10.0.1.10', ttl: 62 } }], run).checks[0].message).toBe('An echo request from 10.0.1.10 with TTL 62 reached PC-2.');
    expect(check(doc, [{ goal: 'ttl', received: { device: 'PC-2', frame: 'echo-request', ttl: 63 } }], run).checks[0]).toMatchObject({
      passed: false,
      message: 'An echo request reached PC-2, but it came from 10.0.1.10 with TTL 62, where this step wants 1 with TTL 63. A packet leaves with TTL 64 and every router on the way takes one off; a NAT router also puts its own public address in place of the sender\'s.',
    });
  });

  it('relayed: a router rewrites MACs and TTL; the check fails when it expects the switch\'s "nothing"', () => {
    const run = [ping('PC-1', '10.0.2.5')];
    expect(check(doc, [{ goal: 'router', relayed: { device: 'Router-1', frame: 'echo-request', changes: ['mac-source', 'mac-destination', 'ttl'] } }], run).passed).toBe(true);
    const wrong = check(doc, [{ goal: 'router', relayed: { device: 'Router-1', frame: 'echo-request', changes: [] } }], run).checks[0];
    expect(wrong.passed).toBe(false);
    expect(wrong.message).toMatch(/changed: source MAC, destination MAC and TTL; the same source IP and destination IP, where this step wants nothing to change\. A router writes new MAC addresses/);
  });

  it('relayed: says where the frame stopped when the device never passed it on', () => {
    const net = new NetworkBuilder();
    const [a, b] = [net.add('computer'), net.add('computer')];
    net.address(a, '10.0.0.1/24').address(b, '10.0.0.2/24').cable(a, b);
    const result = check(net.doc, [{ goal: 'relay', relayed: { device: 'PC-2', frame: 'echo-request', changes: [] } }], [ping('PC-1', '10.0.0.2')]);
    expect(result.checks[0].message).toBe('An echo request reached PC-2, but PC-2 kept it: it was for PC-2 itself.');
  });

  it('traceroute: lists each hop; a wrong or missing hop is named with traceroute\'s own reason', () => {
    const run: RunAction[] = [{ traceroute: { from: 'PC-1', to: '10.0.2.5' } }];
    const hops = (list: string[]) => check(doc, [{ goal: 'hops', traceroute: { device: 'PC-1', hops: list } }], run).checks[0];
    expect(hops(['10.0.1.1', '10.0.0.2', '10.0.2.5'])).toMatchObject({ passed: true, message: 'traceroute from PC-1 listed 1 10.0.1.1, 2 10.0.0.2, 3 10.0.2.5.' });
    expect(hops(['10.0.1.1', '10.0.2.5']).message).toBe(
      'traceroute from PC-1 listed 1 10.0.1.1, 2 10.0.0.2, 3 10.0.2.5; this step wants 1 10.0.1.1, 2 10.0.2.5. Hop 2: the TTL ran out at 10.0.0.2, which answered "time exceeded".',
    );
    expect(hops(['10.0.1.1', '10.0.0.2', '10.0.2.5', '10.0.2.6']).message).toMatch(/; this step wants .*\. It stopped there: hop 3: 10\.0\.2\.5 itself answered "port unreachable"/);
    expect(check(doc, [{ goal: 'hops', traceroute: { device: 'PC-2', hops: ['10.0.2.1'] } }], run).checks[0].message).toBe('No traceroute from PC-2 ran in this step.');
  });

  it('leased: a DHCP client on a router\'s network gets an address; a static computer is told to switch to DHCP', () => {
    const net = new NetworkBuilder();
    const router = net.add('router');
    const sw = net.add('switch');
    const [a, b] = [net.add('computer'), net.add('computer')];
    net.address(router, '10.0.0.1/24').dhcpServer(router).cable(router, sw, 'eth0');
    net.dhcpClient(a).cable(a, sw);
    net.address(b, '10.0.0.50/24').cable(b, sw);
    const result = check(net.doc, [
      { goal: 'a', leased: { device: 'PC-1', within: '10.0.0.0/24' } },
      { goal: 'b', leased: { device: 'PC-2' } },
      { goal: 'elsewhere', leased: { device: 'PC-1', within: '192.168.1.0/24' } },
    ]);
    expect(result.checks[0].message).toMatch(/^PC-1 was given 10\.0\.0\.\d+\/24 on eth0 by the DHCP server 10\.0\.0\.1, gateway 10\.0\.0\.1\.$/);
    expect(result.checks[1].message).toBe('PC-2 did not ask for an address: its eth0 has the typed-in address 10.0.0.50/24. Set its eth0 to DHCP in the inspector.');
    expect(result.checks[2].message).toMatch(/which is not in 192\.168\.1\.0\/24\. The DHCP server that answered serves another network: is PC-1 cabled to the right one\?$/);
  });
});

describe('roundTrip', () => {
  /** PC-1 and PC-2 on one switch, every cable 30 ms long one way: a reply takes 120 ms, the first 240 (ARP goes first). */
  function farApart() {
    const doc = structuredClone(lan(2).doc);
    for (const link of doc.links) link.delayNs = 30_000_000;
    return doc;
  }

  it('passes when every reply takes as long as the step looks for, and says how long', () => {
    const result = check(farApart(), [{ goal: 'Far', roundTrip: { device: 'PC-1', from: '192.168.1.2', atLeastMs: 100, atMostMs: 300 } }], [ping('PC-1', '192.168.1.2', 2)]);
    expect(result.checks[0]).toEqual({ goal: 'Far', passed: true, message: 'PC-1\'s 2 replies from 192.168.1.2 came back after 240 and 120 ms.' });
  });

  it('fails a reply quicker or slower than wanted, saying which', () => {
    const quick = check(lan(2).doc, [{ goal: 'Far', roundTrip: { device: 'PC-1', from: '192.168.1.2', atLeastMs: 100 } }], [ping('PC-1', '192.168.1.2')]);
    expect(quick.checks[0]).toMatchObject({ passed: false, message: expect.stringMatching(/^PC-1's reply from 192\.168\.1\.2 came back after 0\.\d+ ms: quicker than this step looks for, at least 100 ms\.$/) });
    const slow = check(farApart(), [{ goal: 'Near', roundTrip: { device: 'PC-1', from: '192.168.1.2', atMostMs: 10 } }], [ping('PC-1', '192.168.1.2')]);
    expect(slow.checks[0]).toMatchObject({ passed: false, message: expect.stringContaining('slower than this step looks for, at most 10 ms') });
  });

  it('explains why no reply came, or that no ping ran', () => {
    const doc = structuredClone(lan(2).doc);
    doc.links = doc.links.slice(1);
    const unplugged = check(doc, [{ goal: 'Far', roundTrip: { device: 'PC-1', from: '192.168.1.2', atMostMs: 10 } }], [ping('PC-1', '192.168.1.2')]);
    expect(unplugged.checks[0].passed).toBe(false);
    expect(unplugged.checks[0].message).toMatch(/^PC-1 got no echo replies from 192\.168\.1\.2: /);
    const noPing = check(lan(2).doc, [{ goal: 'Far', roundTrip: { device: 'PC-2', from: '192.168.1.1', atMostMs: 10 } }], [ping('PC-1', '192.168.1.2')]);
    expect(noPing.checks[0].message).toBe('PC-2 got no echo replies from 192.168.1.1: no ping from PC-2 to 192.168.1.1 ran in this step.');
  });
});

describe('IPv6: echo replies, received, relayed and autoconfigured', () => {
  /** routedLine(1) with IPv6 prefixes on the router's two cards: the computers make their addresses by SLAAC. */
  function dualStack(): { doc: NetworkDocument; pc1: string; pc2: string } {
    const doc = structuredClone(routedLine(1).doc);
    const router = doc.devices.find((d) => d.kind === 'router')!;
    router.interfaces[0].ipv6 = '2001:db8:1::1/64';
    router.interfaces[1].ipv6 = '2001:db8:2::1/64';
    const slaac = (name: string, prefix: string) => {
      const parsed = parseIpv6(prefix);
      if (!parsed.ok) throw new Error(parsed.error);
      return formatIpv6(slaacAddress(parsed.value, doc.devices.find((d) => d.name === name)!.interfaces[0].mac!));
    };
    return { doc, pc1: slaac('PC-1', '2001:db8:1::'), pc2: slaac('PC-2', '2001:db8:2::') };
  }

  it('judges an IPv6 ping across a router: replies, hop limit 63, new MACs and the same addresses', () => {
    const { doc, pc1, pc2 } = dualStack();
    const result = check(doc, [
      { goal: 'replies', echoReplies: { device: 'PC-1', from: pc2 } },
      { goal: 'hop limit', received: { device: 'PC-2', frame: 'echo-request', from: pc1, ttl: 63 } },
      { goal: 'router', relayed: { device: 'Router-1', frame: 'echo-request', changes: ['mac-source', 'mac-destination', 'ttl'] } },
      { goal: 'wrong', received: { device: 'PC-2', frame: 'echo-request', ttl: 64 } },
      { goal: 'order', order: { device: 'PC-2', frames: ['router-advertisement', 'neighbour-solicitation', 'neighbour-advertisement', 'echo-request', 'echo-reply'] } },
    ], [ping('PC-1', pc2)]);
    expect(result.checks.map((c) => c.passed)).toEqual([true, true, true, false, true]);
    expect(result.checks[0].message).toBe(`PC-1 got 1 echo reply from ${pc2}.`);
    expect(result.checks[1].message).toBe(`An echo request from ${pc1} with hop limit 63 reached PC-2.`);
    expect(result.checks[2].message).toMatch(new RegExp(`, ${pc1} → ${pc2}, hop limit 64 and sent it on as .*, ${pc1} → ${pc2}, hop limit 63: changed: source MAC, destination MAC and hop limit; the same source IP and destination IP\\.$`));
    expect(result.checks[3].message).toBe(`An echo request reached PC-2, but it came from ${pc1} with hop limit 63, where this step wants 1 with hop limit 64. An IPv6 packet leaves with hop limit 64 and every router on the way takes one off.`);
  });

  it('autoconfigured: names the address SLAAC made, and the prefix when it is not the one wanted', () => {
    const { doc, pc1 } = dualStack();
    const result = check(doc, [
      { goal: 'slaac', autoconfigured: { device: 'PC-1', within: '2001:db8:1::/64' } },
      { goal: 'elsewhere', autoconfigured: { device: 'PC-1', within: '2001:db8:2::/64' } },
    ]);
    expect(result.checks[0]).toMatchObject({ passed: true, message: `PC-1 made itself ${pc1}/64 on eth0 by SLAAC: the prefix a router advertised, and an interface id made from its MAC address.` });
    expect(result.checks[1].message).toMatch(/but none is in 2001:db8:2::\/64: the router on its network advertises another prefix\./);
  });

  it('autoconfigured: explains a prefix that is not a /64, and a network whose routers have no IPv6', () => {
    const { doc } = dualStack();
    doc.devices.find((d) => d.kind === 'router')!.interfaces[0].ipv6 = '2001:db8:1::1/48';
    const result = check(doc, [{ goal: 'slaac', autoconfigured: { device: 'PC-1' } }]);
    expect(result.checks[0].message).toMatch(/^PC-1 heard a router advertisement from fe80::[0-9a-f:]+ at [0-9a-f:]+: default route via .*; 2001:db8:1::\/48 is on-link, but made itself no address from it: SLAAC makes an address only from a \/64 prefix\./);
    const ipv4Only = check(routedLine(1).doc, [{ goal: 'slaac', autoconfigured: { device: 'PC-1' } }]);
    expect(ipv4Only.checks[0].message).toMatch(/^PC-1 has no IPv6 address from a router \(only its link-local address fe80::[0-9a-f:]+, which never leaves its own network\): no router on the network has an IPv6 address/);
  });
});
