/**
 * The real chapter files, run headless: every step passes on its own
 * solution, and the mistakes learners really make fail with a message that
 * says what went wrong.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addDevice, connect, removeDevice, removeLink, removeRoute, renameDevice, setInterface, type Edit } from '../document/edits';
import type { NetworkDocument } from '../document/schema';
import { setAddressing } from '../document/dhcp-edits';
import { setLinkMedium } from '../document/link-edits';
import { setInterfaceIpv6 } from '../document/ipv6-edits';
import { addVm, setVmMode } from '../document/vm-edits';
import { checkStep } from './checks';
import type { Lesson, StepResult } from './schema';
import { parseLessonText } from './validate';

function chapter(file: string): Lesson {
  const parsed = parseLessonText(readFileSync(new URL(`../../public/lessons/${file}`, import.meta.url), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return parsed.value;
}

function edited(edit: Edit): NetworkDocument {
  if (!edit.ok) throw new Error(edit.error);
  return edit.doc;
}

/** The messages of the checks that failed. */
function failures(result: StepResult): string[] {
  return result.checks.filter((c) => !c.passed).map((c) => c.message);
}

const chapters = {
  'chapter-01.json': chapter('chapter-01.json'),
  'chapter-02.json': chapter('chapter-02.json'),
  'chapter-03.json': chapter('chapter-03.json'),
  'chapter-04.json': chapter('chapter-04.json'),
  'chapter-05.json': chapter('chapter-05.json'),
  'chapter-06.json': chapter('chapter-06.json'),
  'chapter-08.json': chapter('chapter-08.json'),
  'chapter-09.json': chapter('chapter-09.json'),
  'chapter-10.json': chapter('chapter-10.json'),
  'chapter-11.json': chapter('chapter-11.json'),
  'chapter-12.json': chapter('chapter-12.json'),
};

describe.each(Object.entries(chapters))('%s', (_file, lesson) => {
  it.each(lesson.steps.map((step, i) => [i + 1, step.id, i] as const))('step %i (%s) passes all its checks on its own solution', (_n, _id, i) => {
    const result = checkStep(lesson, i, lesson.steps[i].solution);
    expect(result.checks.filter((c) => !c.passed)).toEqual([]);
    expect(result.passed).toBe(true);
  });

  it('tells a story, has goals, hints on every step and a recap question', () => {
    expect(lesson.story.length).toBeGreaterThan(100);
    expect(lesson.goals.length).toBeGreaterThanOrEqual(2);
    expect(lesson.steps.length).toBeGreaterThanOrEqual(2);
    expect(lesson.steps.length).toBeLessThanOrEqual(4);
    for (const step of lesson.steps) expect(step.hints.length).toBeGreaterThanOrEqual(2);
    expect(lesson.recap.question).toMatch(/\?$/);
  });
});

describe('chapter 1: one computer', () => {
  const lesson = chapters['chapter-01.json'];
  const oneComputer = lesson.steps[0].solution;
  const addressed = lesson.steps[2].solution;

  it('starts empty, so step 1 fails until a computer is added', () => {
    expect(failures(checkStep(lesson, 0, lesson.start))).toEqual(['There is no computer yet: drag a Computer from the palette onto the canvas.']);
  });

  it('sees nothing leave a computer with no address, and says why', () => {
    const result = checkStep(lesson, 1, oneComputer);
    expect(result.checks[0]).toMatchObject({ passed: true, message: 'Nothing left PC-1: it has no IPv4 address yet, so ping could not even start.' });
    expect(result.output).toContain('  ping: connect: Network is unreachable');
  });

  it('sees the ARP request die at the network card once there is an address', () => {
    expect(checkStep(lesson, 2, addressed).checks[0].message).toBe('Nothing left PC-1: it tried to send an ARP request, but eth0 has no cable plugged in, so the frame goes nowhere.');
  });

  it('mistake: no address yet in step 3', () => {
    expect(failures(checkStep(lesson, 2, oneComputer))).toEqual([
      'Nothing left PC-1: it has no IPv4 address yet, so ping could not even start. This step wants PC-1 to try: give it an IPv4 address on the same network as 192.168.1.2 (like 192.168.1.1/24), and leave it without a cable.',
    ]);
  });

  it('mistake: an address on another network, so ping says the network is unreachable', () => {
    const elsewhere = edited(setInterface(oneComputer, 'pc-1', 'eth0', { ipv4: '10.0.0.1/24' }));
    expect(failures(checkStep(lesson, 2, elsewhere))[0]).toContain('ping says: Network is unreachable: 192.168.1.2 is not in 10.0.0.0/24 and PC-1 has no default gateway.');
  });

  it('mistake: the computer was renamed', () => {
    const renamed = edited(renameDevice(addressed, 'pc-1', 'Alice'));
    expect(failures(checkStep(lesson, 2, renamed))).toEqual([
      'The check could not ping from PC-1 to 192.168.1.2: there is no device called PC-1 (the devices are Alice). Add one, or if you renamed it, name it PC-1 again.',
    ]);
  });

  it('mistake: running ahead and cabling a second computer, so frames do leave', () => {
    let doc = edited(addDevice(addressed, 'computer', { x: 500, y: 160 }));
    doc = edited(connect(doc, { device: 'pc-1' }, { device: 'pc-2' }));
    expect(failures(checkStep(lesson, 2, doc))[0]).toMatch(/^PC-1 did send: \d+ frames left it, the first an ARP request \(Who has 192\.168\.1\.2\? Tell 192\.168\.1\.1\); this step expects nothing to leave it\.$/);
  });
});

describe('chapter 3: a cable', () => {
  const lesson = chapters['chapter-03.json'];
  const solution = lesson.steps[1].solution;
  const pc2 = (ipv4: string) => edited(setInterface(solution, 'pc-2', 'eth0', { ipv4 }));
  const noCable = edited(removeLink(solution, 'l1'));

  it('mistake: no cable — step 1 says to draw one, step 2 says nothing left PC-1', () => {
    expect(failures(checkStep(lesson, 0, noCable))).toEqual(['PC-1 has no cable at all: draw one from PC-1 to PC-2.']);
    expect(failures(checkStep(lesson, 1, noCable))).toEqual(['PC-1 got no echo replies from 192.168.1.2: PC-1 has no cable, so nothing left it: plug one into its eth0.']);
  });

  it('mistake: PC-2 has no address, so it ignores the ARP request', () => {
    expect(failures(checkStep(lesson, 1, pc2('')))).toEqual([
      'PC-1 got no echo replies from 192.168.1.2: PC-1 asked "who has 192.168.1.2?" (ARP) 3 times, but no one answered: PC-2 dropped it — asks for 192.168.1.2, which is not my address (I have none): ignored. Which computer should be 192.168.1.2? Check its IPv4 address.',
    ]);
  });

  it('mistake: a typo puts PC-2 on another subnet', () => {
    expect(failures(checkStep(lesson, 1, pc2('192.168.2.2/24')))[0]).toContain('PC-2 dropped it — asks for 192.168.1.2, which is not my address: ignored.');
  });

  it('mistake: /32 instead of /24, so PC-2 answers ARP but cannot send the echo reply back', () => {
    expect(failures(checkStep(lesson, 1, pc2('192.168.1.2/32')))[0]).toMatch(
      /^PC-1 got no echo replies from 192\.168\.1\.2: PC-1 sent an echo request but no reply came: PC-2 dropped it — echo request id=\d+ seq=1, but no reply can go back: Network is unreachable: 192\.168\.1\.1 is not in 192\.168\.1\.2\/32 and PC-2 has no default gateway\.$/,
    );
  });

  it('mistake: the order check says which frame never came, and why', () => {
    expect(failures(checkStep(lesson, 2, pc2('')))[0]).toMatch(/^Saw ARP request from PC-1, but no ARP reply after that\. PC-1 asked "who has 192\.168\.1\.2\?"/);
  });

  it('mistake: the computers are joined through a switch instead of one cable', () => {
    let doc = edited(removeLink(solution, 'l1'));
    doc = edited(addDevice(doc, 'switch', { x: 300, y: 300 }));
    doc = edited(connect(doc, { device: 'pc-1' }, { device: 'switch-1' }));
    doc = edited(connect(doc, { device: 'pc-2' }, { device: 'switch-1' }));
    expect(failures(checkStep(lesson, 0, doc))).toEqual(['PC-1 reaches PC-2 only through Switch-1; this step wants one cable straight between them.']);
    expect(checkStep(lesson, 1, doc).passed).toBe(true);
  });
});

describe('chapter 4: a switch', () => {
  const lesson = chapters['chapter-04.json'];
  const hubNetwork = lesson.start;
  const solution = lesson.steps[3].solution;

  it('the hub copies the second ping to PC-3, so "not flooded" fails with the hub\'s reason', () => {
    const result = checkStep(lesson, 3, hubNetwork);
    expect(result.checks[0].passed).toBe(true);
    expect(failures(result)).toHaveLength(1);
    expect(failures(result)[0]).toMatch(/^2 frames of the second action \(ping from PC-1 to 192\.168\.1\.2\) reached PC-3, the first an echo request \(.*\)\. Hub-1 sent it there: a hub only repeats bits, it reads no addresses: copied out of p2, p3\.$/);
  });

  it('mistake: the hub is still there, so the step that swaps it in fails', () => {
    expect(failures(checkStep(lesson, 1, hubNetwork))).toContain('There is no switch yet: drag a Switch from the palette onto the canvas.');
  });

  it('mistake: the hub sits between the computers and the switch', () => {
    let doc = edited(addDevice(hubNetwork, 'switch', { x: 360, y: 600 }));
    doc = edited(connect(doc, { device: 'hub-1' }, { device: 'switch-1' }));
    expect(failures(checkStep(lesson, 1, doc))).toEqual([
      'PC-1 reaches Switch-1 only through Hub-1; this step wants one cable straight between them.',
      'PC-2 reaches Switch-1 only through Hub-1; this step wants one cable straight between them.',
      'PC-3 reaches Switch-1 only through Hub-1; this step wants one cable straight between them.',
    ]);
    expect(failures(checkStep(lesson, 3, doc))[0]).toContain('Hub-1 sent it there');
  });

  it('mistake: only two computers', () => {
    const two = edited(removeDevice(solution, 'pc-3'));
    expect(failures(checkStep(lesson, 1, two))).toEqual(['There is no device called PC-3 (the devices are PC-1, PC-2, Switch-1). Add one, or if you renamed it, name it PC-3 again.']);
    expect(failures(checkStep(lesson, 2, two))[0]).toBe('The check could not ping from PC-3 to 192.168.1.1: there is no device called PC-3 (the devices are PC-1, PC-2, Switch-1). Add one, or if you renamed it, name it PC-3 again.');
  });

  it('mistake: one computer is not cabled, so the MAC table stays short', () => {
    const link = solution.links.find((l) => l.a.device === 'pc-3' || l.b.device === 'pc-3')!;
    const uncabled = edited(removeLink(solution, link.id));
    expect(failures(checkStep(lesson, 1, uncabled))).toEqual(['PC-3 has no cable at all: draw one from PC-3 to Switch-1.']);
    expect(failures(checkStep(lesson, 2, uncabled))).toEqual([
      'Switch-1\'s MAC table holds 2 entries (02:00:00:00:00:01 on p1; 02:00:00:00:00:02 on p2); this step wants at least 3. A switch learns a MAC address when a frame from it comes in, so every computer must be cabled and send something.',
      'PC-3 got no echo replies from 192.168.1.1: PC-3 has no cable, so nothing left it: plug one into its eth0.',
    ]);
  });

  it('a hub keeps no MAC table, and the check says so', () => {
    const lessonOnHub = { ...lesson, steps: [{ ...lesson.steps[2], checks: [{ goal: 'Hub table', table: { device: 'Hub-1', table: 'mac' as const, atLeast: 1 } }] }] };
    expect(failures(checkStep(lessonOnHub, 0, hubNetwork))[0]).toMatch(/^Hub-1 is a hub: it keeps no MAC table/);
  });
});

describe('chapter 5: a router', () => {
  const lesson = chapters['chapter-05.json'];
  const routed = lesson.steps[1].solution;
  const gateways = lesson.steps[2].solution;

  it('the starting network cannot cross: ping refuses before sending', () => {
    expect(checkStep(lesson, 0, lesson.start).checks[0].message).toBe('Nothing left PC-1: ping says: Network is unreachable: 192.168.2.1 is not in 192.168.1.0/24 and PC-1 has no default gateway.');
  });

  it('mistake: the router\'s cables are crossed, so its addresses sit in the wrong rooms', () => {
    let crossed = routed;
    for (const link of routed.links.filter((l) => l.a.device === 'router-1' || l.b.device === 'router-1')) crossed = edited(removeLink(crossed, link.id));
    crossed = edited(connect(crossed, { device: 'router-1', interface: 'eth0' }, { device: 'switch-2' }));
    crossed = edited(connect(crossed, { device: 'router-1', interface: 'eth1' }, { device: 'switch-1' }));
    expect(failures(checkStep(lesson, 1, crossed))[0]).toBe(
      'PC-1 got no echo replies from 192.168.1.254: PC-1 asked "who has 192.168.1.254?" (ARP) 3 times, but no one answered: Router-1 dropped it — asks for 192.168.1.254, which is not my address: ignored (and 1 other device ignored it too). Which computer should be 192.168.1.254? Check its IPv4 address.',
    );
  });

  it('mistake: no gateways yet, so ping says the network is unreachable', () => {
    expect(failures(checkStep(lesson, 2, routed))).toEqual([
      'PC-1 got no echo replies from 192.168.2.1: ping says: Network is unreachable: 192.168.2.1 is not in 192.168.1.0/24 and PC-1 has no default gateway',
      'PC-4 got no echo replies from 192.168.1.2: ping says: Network is unreachable: 192.168.1.2 is not in 192.168.2.0/24 and PC-4 has no default gateway',
    ]);
  });

  it('mistake: a gateway on one side only — the request crosses, the reply cannot come back', () => {
    const noGateway = edited(setInterface(gateways, 'pc-3', 'eth0', { ipv4: '192.168.2.1/24', gateway: '' }));
    expect(failures(checkStep(lesson, 2, noGateway))).toEqual([
      expect.stringMatching(/^PC-1 got no echo replies from 192\.168\.2\.1: PC-1 sent an echo request but no reply came: PC-3 dropped it — echo request id=\d+ seq=1, but no reply can go back: Network is unreachable: 192\.168\.1\.1 is not in 192\.168\.2\.0\/24 and PC-3 has no default gateway\.$/),
    ]);
  });

  it('sees TTL 63 at PC-3, new MACs but the same IPs out of Router-1, and Switch-1 changing nothing', () => {
    const messages = checkStep(lesson, 3, gateways).checks.map((c) => c.message);
    expect(messages[0]).toBe('An echo request from 192.168.1.1 with TTL 63 reached PC-3.');
    expect(messages[1]).toBe('Router-1 took in an echo request as 02:00:00:00:00:01 → 02:00:00:00:00:05, 192.168.1.1 → 192.168.2.1, TTL 64 and sent it on as 02:00:00:00:00:06 → 02:00:00:00:00:03, 192.168.1.1 → 192.168.2.1, TTL 63: changed: source MAC, destination MAC and TTL; the same source IP and destination IP.');
    expect(messages[2]).toMatch(/^Switch-1 took in an echo request as .*: nothing changed; the same source MAC, destination MAC, source IP, destination IP and TTL\.$/);
  });

  it('mistake: running ahead — step 1 on a network with gateways sees PC-1 send', () => {
    expect(failures(checkStep(lesson, 0, gateways))).toEqual(['PC-1 did send: 2 frames left it, the first an ARP request (Who has 192.168.1.254? Tell 192.168.1.1); this step expects nothing to leave it.']);
  });
});

describe('chapter 12: DHCP and home networks', () => {
  const lesson = chapters['chapter-12.json'];
  const dhcp = lesson.steps[0].solution;
  const twoVms = lesson.steps[2].solution;

  it('hands out three different addresses, and DORA comes in order', () => {
    expect(checkStep(lesson, 0, dhcp).checks[3].message).toBe("Home-router-1's DHCP leases holds 3 entries (192.168.1.100 to PC-1; 192.168.1.101 to PC-2; 192.168.1.102 to PC-3).");
    expect(checkStep(lesson, 1, dhcp).checks[0].message).toBe('In order: DHCP discover from PC-1, then DHCP offer from Home-router-1, then DHCP request from PC-1, then DHCP ack from Home-router-1.');
  });

  it('mistake: one computer left on a static address', () => {
    expect(failures(checkStep(lesson, 0, edited(setAddressing(dhcp, 'pc-3', 'eth0', 'static'))))[0]).toBe('PC-3 did not ask for an address: none of its interfaces is set to DHCP. Set its eth0 to DHCP in the inspector.');
  });

  it('mistake: a computer cabled into the wan port, where no DHCP server serves it', () => {
    let wan = edited(removeLink(dhcp, dhcp.links.find((l) => l.a.device === 'pc-2')!.id));
    wan = edited(connect(wan, { device: 'pc-2' }, { device: 'home-1', interface: 'wan' }));
    expect(failures(checkStep(lesson, 0, wan))[0]).toBe(
      'PC-2 asked for an address (DHCP discover, 4 times), but no DHCP server answered: it reached Home-router-1 wan, but no DHCP server serves the network there. A home router runs one for the computers on its LAN ports.',
    );
  });

  it('mistake: the "bridged" VM left in NAT mode gets a 192.168.122.x address and is masqueraded', () => {
    const messages = failures(checkStep(lesson, 2, edited(setVmMode(twoVms, 'vm-2', 'nat'))));
    expect(messages[0]).toMatch(/^VM-2 was given 192\.168\.122\.\d+\/24 on eth0 by the DHCP server 192\.168\.122\.1, gateway 192\.168\.122\.1, which is not in 192\.168\.1\.0\/24\. VM-2 is in NAT mode: behind its host/);
    expect(messages[1]).toMatch(/changed: source MAC, destination MAC, source IP and TTL; the same destination IP, where this step wants nothing to change\./);
  });

  it('mistake: VM-3 in NAT mode gets out, so the host-only step fails with the host\'s NAT reason', () => {
    const messages = failures(checkStep(lesson, 3, edited(setVmMode(lesson.steps[3].solution, 'vm-3', 'nat'))));
    expect(messages).toHaveLength(2);
    expect(messages[1]).toMatch(/^1 frame of the third action \(ping from VM-3 to 192\.168\.1\.1\) reached Home-router-1, the first an echo request .*PC-1 sent it there: masqueraded, as libvirt does for its NAT network/);
  });
});

describe('chapter 9: running out of addresses', () => {
  const lesson = chapters['chapter-09.json'];
  const online = lesson.steps[1].solution;
  const noRoute = 'Home-router-1 dropped it — Home-router-1 has no route to 203.0.113.10: 203.0.113.10 is not in 192.168.1.0/24 and no route covers it, not even a default route.';

  it('the Server sees one public address, and the NAT table holds both computers', () => {
    const messages = checkStep(lesson, 2, online).checks.map((c) => c.message);
    expect(messages[2]).toBe('2 echo requests from 192.0.2.100 reached Server.');
    expect(messages[3]).toMatch(/^Home-router-1's NAT translations holds 2 entries \(ICMP 192\.168\.1\.100 id \d+ as 192\.0\.2\.100 id \d+ to 203\.0\.113\.10; ICMP 192\.168\.1\.101 id \d+ as 192\.0\.2\.100 id \d+ to 203\.0\.113\.10\)\.$/);
  });

  it('mistake: the wan port left empty — no public address, no way out', () => {
    const messages = failures(checkStep(lesson, 1, lesson.start));
    expect(messages[1]).toBe('Home-router-1 asked for an address, but wan has no cable plugged in, so the frame goes nowhere.');
    expect(messages[2]).toContain(noRoute);
  });

  it('mistake: ISP-1 cabled into a LAN port instead of wan', () => {
    const lanPort = edited(connect(lesson.start, { device: 'home-1', interface: 'port3' }, { device: 'isp-1', interface: 'eth0' }));
    const messages = failures(checkStep(lesson, 1, lanPort));
    expect(messages[0]).toBe('Home-router-1 asked for an address, but wan has no cable plugged in, so the frame goes nowhere.');
    expect(messages[2]).toBe(`An echo request reached Home-router-1, but ${noRoute} Dropped; 192.168.1.100 is told with an ICMP destination unreachable (network unreachable).`);
  });

  it('mistake: nobody got out, so the NAT table stays empty', () => {
    expect(failures(checkStep(lesson, 2, lesson.start)).at(-1)).toBe(
      "Home-router-1's NAT translations holds nothing; this step wants at least 2. A NAT router adds a row when a packet from inside goes out through wan, and forgets it after a while without traffic: does every computer get through to the outside?",
    );
  });
});

describe('chapter 2: virtual machines', () => {
  const lesson = chapters['chapter-02.json'];
  const twoVms = lesson.steps[0].solution;
  const addressed = lesson.steps[1].solution;

  it('mistake: only one VM, or none yet', () => {
    expect(failures(checkStep(lesson, 0, lesson.start))).toEqual(['There is no VM yet: drag a VM from the palette onto a computer.']);
    expect(failures(checkStep(lesson, 0, edited(addVm(lesson.start, 'pc-1'))))).toEqual(['There is 1 VM (VM-1); add 1 more from the palette.']);
  });

  it('mistake: the VMs left on DHCP, so nobody has 192.168.122.12', () => {
    expect(failures(checkStep(lesson, 1, twoVms))[0]).toMatch(/^VM-1 got no echo replies from 192\.168\.122\.12: VM-1 asked "who has 192\.168\.122\.12\?" \(ARP\) 3 times, but no one answered: PC-1 dropped it .*Which computer should be 192\.168\.122\.12\? Check its IPv4 address\.$/);
  });

  it('mistake: the VMs in different modes sit on different sides of the virtual switch', () => {
    expect(failures(checkStep(lesson, 1, edited(setVmMode(addressed, 'vm-2', 'host-only'))))).toEqual([
      'VM-1 got no echo replies from 192.168.122.12: VM-1 asked "who has 192.168.122.12?" (ARP) 3 times, but no one answered: PC-1 dropped it — asks for 192.168.122.12, which is not my address: ignored. Which computer should be 192.168.122.12? Check its IPv4 address.',
    ]);
  });

  it('names the virtual switch as the canvas does, and nothing leaves PC-1', () => {
    const messages = checkStep(lesson, 2, addressed).checks.map((c) => c.message);
    expect(messages[0]).toBe('In order: ARP request from VM-1, then ARP reply from VM-2, then echo request from VM-1, then echo reply from VM-2.');
    expect(messages[2]).toBe('Nothing left PC-1: it was not asked to send anything.');
  });
});

describe('chapter 6: an ISP', () => {
  const lesson = chapters['chapter-06.json'];
  const routed = lesson.steps[1].solution;

  it('mistake: the lines are not cabled', () => {
    expect(failures(checkStep(lesson, 0, lesson.start))).toEqual([
      'ISP-1 has no cable at all: draw one from ISP-1 to Router-1.',
      'ISP-1 has no cable at all: draw one from ISP-1 to Router-2.',
      'Router-1 got no echo replies from 192.0.2.1: Router-1 has no cable, so nothing left it: plug one into its eth1.',
      'Router-2 got no echo replies from 198.18.0.1: Router-2 has no cable, so nothing left it: plug one into its eth1.',
    ]);
  });

  it('mistake: no routes yet, so Router-1 drops the packet and says why', () => {
    expect(failures(checkStep(lesson, 1, lesson.steps[0].solution))[0]).toBe(
      'PC-1 got no echo replies from 203.0.113.10: PC-1 sent an echo request but no reply came: Router-1 dropped it — Router-1 has no route to 203.0.113.10: 203.0.113.10 is not in 198.51.100.0/24 or 192.0.2.0/24 and no route covers it, not even a default route. Dropped; 198.51.100.10 is told with an ICMP destination unreachable (network unreachable).',
    );
  });

  it('mistake: the ISP has no route back to city A', () => {
    expect(failures(checkStep(lesson, 1, edited(removeRoute(routed, 'isp-1', 0))))).toEqual([
      expect.stringMatching(/^PC-1 got no echo replies from 203\.0\.113\.10: PC-2 answered, but the echo reply never reached PC-1: ISP-1 dropped it — ISP-1 has no route to 198\.51\.100\.10/),
    ]);
  });

  it('mistake: traceroute stops at the ISP when it has no route to city B (!N)', () => {
    expect(failures(checkStep(lesson, 2, edited(removeRoute(routed, 'isp-1', 1))))[0]).toMatch(
      /^traceroute from PC-1 listed 1 198\.51\.100\.1, 2 192\.0\.2\.1; this step wants 1 198\.51\.100\.1, 2 192\.0\.2\.1, 3 198\.18\.0\.2, 4 203\.0\.113\.10\. It stopped there: hop 2: 192\.0\.2\.1 answered "destination unreachable" \(!N\)/,
    );
  });

  it('mistake: Router-2 has no way back, so hop 3 stays silent', () => {
    expect(failures(checkStep(lesson, 2, edited(removeRoute(routed, 'router-2', 0))))).toEqual([
      'traceroute from PC-1 listed 1 198.51.100.1, 2 192.0.2.1, 3 *, 4 *, 5 *; this step wants 1 198.51.100.1, 2 192.0.2.1, 3 198.18.0.2, 4 203.0.113.10. Hop 3: no answer to any probe within the wait: that router sends no errors, or they were lost or rate-limited.',
    ]);
  });
});

describe('chapter 8: the global internet', () => {
  const lesson = chapters['chapter-08.json'];
  const undersea = lesson.steps[0].solution;
  /** The transatlantic line, the one cable between the two ISPs. */
  const line = undersea.links.find((l) => l.a.device === 'isp-us' && l.b.device === 'isp-uk')!;

  it('mistake: the ISPs are joined by an ordinary copper cable, and the replies come back too soon', () => {
    expect(failures(checkStep(lesson, 0, edited(setLinkMedium(undersea, line.id, 'copper'))))).toEqual([
      expect.stringMatching(/^PC-1's 2 replies from 203\.0\.113\.80 came back after 0\.\d+ and 0\.\d+ ms: quicker than this step looks for, at least 60 ms\.$/),
    ]);
  });

  it('mistake: the cable is in the wrong port, and ISP-US says nobody could hear its ARP requests', () => {
    const wrongPort = structuredClone(undersea);
    wrongPort.links.find((l) => l.id === line.id)!.a.interface = 'eth2';
    expect(failures(checkStep(lesson, 0, wrongPort))).toEqual([
      'PC-1 got no echo replies from 203.0.113.80: PC-1 sent an echo request but no reply came: it stopped at ISP-US — no reply to 3 ARP requests for 192.0.2.2: eth1 has no link (nothing working is plugged into it), and no one heard them; the packet is dropped (host unreachable).',
      expect.stringMatching(/^PC-1 got no echo replies from 203\.0\.113\.80: /),
    ]);
  });

  it('mistake: the line is still the undersea cable, half a second too quick for a satellite', () => {
    expect(failures(checkStep(lesson, 1, undersea))).toEqual(['PC-1\'s 2 replies from 203.0.113.80 came back after 130 and 65 ms: quicker than this step looks for, at least 490 ms.']);
  });

  it('mistake: a satellite link where the step wants the ocean cable is far too slow', () => {
    expect(failures(checkStep(lesson, 0, lesson.steps[1].solution))).toEqual(['PC-1\'s 2 replies from 203.0.113.80 came back after 1000 and 500 ms: slower than this step looks for, at most 200 ms.']);
  });
});

describe('chapter 11: subnets and CIDR', () => {
  const lesson = chapters['chapter-11.json'];
  const routed = lesson.steps[2].solution;

  it('mistake: masks left at /24, so PC-1 still asks for PC-3 directly', () => {
    expect(failures(checkStep(lesson, 1, lesson.start))).toEqual([
      '2 frames of the second action (ping from PC-1 to 192.168.1.70) reached PC-3, the first an ARP request (Who has 192.168.1.70? Tell 192.168.1.10). Switch-2 sent it there: broadcast: flooding out of p1, p2, never back out of p3.',
    ]);
  });

  it('mistake: PC-1 kept its /24 behind the router, so it looks for PC-3 on its own wire', () => {
    const messages = failures(checkStep(lesson, 2, edited(setInterface(routed, 'pc-1', 'eth0', { ipv4: '192.168.1.10/24', gateway: '192.168.1.1' }))));
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(/^PC-1 got no echo replies from 192\.168\.1\.70: PC-1 asked "who has 192\.168\.1\.70\?" \(ARP\) 3 times, but no one answered/);
    expect(messages[1]).toMatch(/^No echo request reached PC-3\. PC-1 asked "who has 192\.168\.1\.70\?"/);
  });

  it('mistake: no router yet, only longer masks', () => {
    expect(failures(checkStep(lesson, 2, lesson.steps[1].solution))).toEqual([
      'PC-1 got no echo replies from 192.168.1.70: ping says: Network is unreachable: 192.168.1.70 is not in 192.168.1.0/26 and PC-1 has no default gateway',
      'No echo request reached PC-3. Ping says: Network is unreachable: 192.168.1.70 is not in 192.168.1.0/26 and PC-1 has no default gateway',
      '1 frame of the first action (ping from PC-1 to 192.168.1.20) reached PC-4, the first an ARP request (Who has 192.168.1.20? Tell 192.168.1.10). Switch-2 sent it there: broadcast: flooding out of p1, p2, never back out of p3.',
    ]);
  });
});

describe('chapter 10: IPv6 and dual stack', () => {
  const lesson = chapters['chapter-10.json'];
  const start = lesson.start;

  it('step 1 needs nothing built: link-local addresses and neighbour discovery work on the start network', () => {
    expect(checkStep(lesson, 0, start).passed).toBe(true);
    expect(failures(checkStep(lesson, 1, start))[1]).toMatch(/^PC-1 has no IPv6 address from a router \(only its link-local address fe80::ff:fe00:1, which never leaves its own network\): no router on the network has an IPv6 address/);
  });

  it('mistake: a /48 on the router: the computers hear it, but SLAAC needs a /64', () => {
    const wide = edited(setInterfaceIpv6(start, 'router-1', 'eth0', '2001:db8:1::1/48'));
    const result = checkStep(lesson, 1, wide);
    expect(result.checks[0].passed).toBe(true);
    expect(failures(result)).toEqual([
      expect.stringMatching(/^PC-1 heard a router advertisement from fe80::ff:fe00:5 .*2001:db8:1::\/48 is on-link, but made itself no address from it: SLAAC makes an address only from a \/64 prefix\./),
      expect.stringMatching(/^PC-2 heard a router advertisement/),
      expect.stringMatching(/^PC-1 got no echo replies from 2001:db8:1::ff:fe00:2: PC-1 asked "who has 2001:db8:1::ff:fe00:2\?" \(neighbour solicitation\) 3 times, but no one answered: PC-2 dropped it — asks who has 2001:db8:1::ff:fe00:2, which is not an address of eth0/),
    ]);
  });

  it('mistake: the prefix on the card cabled to the other room', () => {
    const elsewhere = edited(setInterfaceIpv6(start, 'router-1', 'eth1', '2001:db8:1::1/64'));
    expect(failures(checkStep(lesson, 1, elsewhere))[1]).toBe(
      'PC-1 asked for routers (router solicitation, 3 times), but none advertised a prefix (only its link-local address fe80::ff:fe00:1, which never leaves its own network): Router-1 dropped it — a router solicitation from fe80::ff:fe00:1, but eth0 has no IPv6 prefix to advertise.',
    );
  });

  it('mistake: room 2 left without a prefix in step 3: IPv4 still crosses, IPv6 stops at the router', () => {
    const result = checkStep(lesson, 2, lesson.steps[1].solution);
    expect(result.checks.map((c) => c.passed)).toEqual([false, true, false, false, false]);
    expect(result.checks[2].message).toMatch(/^PC-1 got no echo replies from 2001:db8:2::ff:fe00:3: PC-1 sent an echo request but no reply came: Router-1 dropped it — Router-1 has no route to 2001:db8:2::ff:fe00:3/);
  });
});
