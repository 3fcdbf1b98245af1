import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli } from './testing/cli-harness';
import { removeLink } from './document/edits';
import { lan, NetworkBuilder, routedLine } from './testing/network-builder';

const network = JSON.stringify(lan(2).doc);

describe('npm run sim', () => {
  it('pings and prints the events and what ping printed', () => {
    const { code, out } = cli(['net.json', '--ping', 'PC-1', '192.168.1.2', '--count', '2'], { 'net.json': network });
    expect(code).toBe(0);
    expect(out[0]).toMatch(/#\s+time \(s\)\s+device\s+type\s+proto\s+summary/);
    expect(out.some((line) => /PC-1 eth0\s+send\s+ARP\s+Who has 192\.168\.1\.2\? Tell 192\.168\.1\.1/.test(line))).toBe(true);
    expect(out).toContain('PC-1 (ping #1):');
    expect(out).toContain('  2 packets transmitted, 2 received, 0% packet loss, time 1000ms');
  });

  it('with --dhcp, lets every DHCP client get its address first, then pings with it', () => {
    const net = new NetworkBuilder();
    const sw = net.add('switch');
    const router = net.add('router');
    net.address(router, '192.168.1.1/24').dhcpServer(router, 'eth0').cable(router, sw, 'eth0');
    for (let i = 0; i < 2; i++) {
      const pc = net.add('computer');
      net.dhcpClient(pc).cable(pc, sw);
    }
    const { code, out } = cli(['net.json', '--dhcp', '--ping', 'PC-1', '192.168.1.1', '--count', '1'], { 'net.json': JSON.stringify(net.doc) });
    expect(code).toBe(0);
    // What PC-1's dhclient printed, under however many "PC-1 (dhclient #1):" headings the two clients' lines interleave into.
    const dhclient: string[] = [];
    let heading = '';
    for (const line of out) {
      if (/^\S.*:$/.test(line)) heading = line;
      else if (heading === 'PC-1 (dhclient #1):' && line !== '') dhclient.push(line);
    }
    const address = /^ {2}DHCPOFFER of (192\.168\.1\.10[01]) from 192\.168\.1\.1$/.exec(dhclient[1])?.[1];
    expect(dhclient[0]).toMatch(/^ {2}DHCPDISCOVER on eth0 to 255\.255\.255\.255 port 67 interval \d+$/);
    expect(dhclient.slice(1)).toEqual([
      `  DHCPOFFER of ${address} from 192.168.1.1`,
      `  DHCPREQUEST for ${address} on eth0 to 255.255.255.255 port 67`,
      `  DHCPACK of ${address} from 192.168.1.1`,
      `  bound to ${address} -- renewal in 43200 seconds.`,
    ]);
    expect(out).toContain('PC-2 (dhclient #1):');
    expect(out).toContain('  1 packets transmitted, 1 received, 0% packet loss, time 0ms');
    // Without --dhcp the ping starts at time 0, before PC-1 has an address.
    const early = cli(['net.json', '--ping', 'PC-1', '192.168.1.1', '--count', '1'], { 'net.json': JSON.stringify(net.doc) });
    expect(early.out).toContain('  ping: connect: Network is unreachable');
  });

  it('runs a traceroute and prints its lines', () => {
    const { code, out } = cli(['net.json', '--traceroute', 'PC-1', '10.0.2.5'], { 'net.json': JSON.stringify(routedLine(2).doc) });
    expect(code).toBe(0);
    const lines = out.slice(out.indexOf('PC-1 (traceroute #1):') + 1);
    expect(lines[0]).toMatch(/^ {2}traceroute to 10\.0\.2\.5 \(10\.0\.2\.5\), 30 hops max, 60 byte packets$/);
    expect(lines[1]).toMatch(/^ {3}1 {2}10\.0\.1\.1 \(10\.0\.1\.1\)/);
    expect(lines[2]).toMatch(/^ {3}2 {2}10\.0\.0\.2 \(10\.0\.0\.2\)/);
    expect(lines[3]).toMatch(/^ {3}3 {2}10\.0\.2\.5 \(10\.0\.2\.5\)/);
  });

  it('saves a pcap and the events as JSON', () => {
    const { code, written } = cli(['net.json', '--ping', 'pc-1', '192.168.1.2', '--count', '1', '--pcap', 'out.pcap', '--events', 'out.json'], { 'net.json': network });
    expect(code).toBe(0);
    const pcap = written['out.pcap'] as Uint8Array;
    expect([...pcap.subarray(0, 4)]).toEqual([0x4d, 0x3c, 0xb2, 0xa1]);
    const events = JSON.parse(written['out.json'] as string);
    expect(events[0]).toMatchObject({ seq: 1, type: 'app', app: { line: 'PING 192.168.1.2 (192.168.1.2) 56(84) bytes of data.' } });
    expect(events[1]).toMatchObject({ seq: 2, type: 'send', protocol: 'ARP', frame: { bytes: expect.stringMatching(/^ffffffffffff020000000001/) } });
  });

  it('runs for the simulated time asked', () => {
    const { out } = cli(['net.json', '--ping', 'PC-1', '192.168.1.2', '--count', '5', '--until', '1.5'], { 'net.json': network });
    const pingLines = out.filter((line) => line.startsWith('  64 bytes from'));
    expect(pingLines).toHaveLength(2);
  });

  it('refuses bad arguments with a message and a usage, exit 2', () => {
    for (const argv of [[], ['a.json', 'b.json'], ['net.json', '--ping', 'PC-1'], ['net.json', '--count', '3'], ['net.json', '--traceroute', 'PC-1', '10.0.0.1', '--count', '2'], ['net.json', '--until', 'soon'], ['net.json', '--frobnicate']]) {
      const { code, err } = cli(argv, { 'net.json': network });
      expect(code).toBe(2);
      expect(err[0]).toMatch(/^error: /);
      expect(err[1]).toMatch(/^usage: npm run sim/);
    }
  });

  it('explains a missing file, a broken network and an unknown device, exit 1', () => {
    expect(cli(['missing.json'], {}).err[0]).toBe('error: cannot read missing.json: no such file');
    const broken = cli(['net.json'], { 'net.json': '{"format":"flintnet","version":1,"devices":[{}],"links":[]}' });
    expect(broken.code).toBe(1);
    expect(broken.err[0]).toBe('error: net.json is not a network Flintnet can open:');
    expect(broken.err[1]).toMatch(/^ {2}\$\.devices\[0\]/);
    const unknown = cli(['net.json', '--ping', 'PC-9', '192.168.1.2'], { 'net.json': network });
    expect(unknown).toMatchObject({ code: 1, err: ['error: no device called "PC-9"; the devices are Switch-1, PC-1, PC-2'] });
    const badTarget = cli(['net.json', '--ping', 'PC-1', '192.168.1.999'], { 'net.json': network });
    expect(badTarget.err[0]).toMatch(/^error: cannot ping from PC-1: "192\.168\.1\.999" is not an IPv4 address/);
  });
});

describe('npm run sim -- --lesson', () => {
  const chapter3 = readFileSync(new URL('../public/lessons/chapter-03.json', import.meta.url), 'utf8');

  it('checks every step against its own solution and exits 0 when all pass', () => {
    const { code, out } = cli(['--lesson', 'ch3.json'], { 'ch3.json': chapter3 });
    expect(code).toBe(0);
    expect(out[0]).toBe('Chapter 3: A cable — checked against each step\'s own solution');
    expect(out).toContain('\nStep 2 of 3: An address for PC-2, and a ping');
    expect(out).toContain('  ✓ PC-1 gets two echo replies from 192.168.1.2');
    expect(out).toContain('      PC-1 got 2 echo replies from 192.168.1.2.');
    expect(out[out.length - 1]).toBe('\n✓ 3 steps checked, all pass.');
  });

  it('checks a given network, says what each failing check saw, shows what ping printed, exit 1', () => {
    const noCable = removeLink(JSON.parse(chapter3).steps[1].solution, 'l1');
    if (!noCable.ok) throw new Error(noCable.error);
    const { code, out } = cli(['--lesson', 'ch3.json', '--network', 'mine.json', '--step', '2'], { 'ch3.json': chapter3, 'mine.json': JSON.stringify(noCable.doc) });
    expect(code).toBe(1);
    expect(out.slice(0, 6)).toEqual([
      'Chapter 3: A cable — checked against mine.json',
      '\nStep 2 of 3: An address for PC-2, and a ping',
      '  ✗ PC-1 gets two echo replies from 192.168.1.2',
      '      PC-1 got no echo replies from 192.168.1.2: PC-1 has no cable, so nothing left it: plug one into its eth0.',
      '    $ ping from PC-1 to 192.168.1.2',
      '      PING 192.168.1.2 (192.168.1.2) 56(84) bytes of data.',
    ]);
    expect(out[out.length - 1]).toBe('\n✗ 1 of 1 step failed.');
  });

  it('lists every problem of a broken lesson file, exit 1', () => {
    const lesson = JSON.parse(chapter3);
    lesson.steps[0].checks[0] = { goal: 'Fast', latency: { below: 1 } };
    lesson.steps[1].checks[0].echoReplies.device = 'PC-9';
    const { code, err } = cli(['--lesson', 'broken.json'], { 'broken.json': JSON.stringify(lesson) });
    expect(code).toBe(1);
    expect(err).toEqual([
      'error: broken.json is not a lesson Flintnet can use:',
      expect.stringMatching(/^ {2}\$\.steps\[0\]\.checks\[0\]\.latency: "latency" is not a kind of check/),
      expect.stringMatching(/^ {2}\$\.steps\[1\]\.checks\[0\]\.echoReplies\.device: There is no device called "PC-9"/),
    ]);
  });

  it('explains a network file that is not a network, and a step past the end', () => {
    const broken = cli(['--lesson', 'ch3.json', '--network', 'mine.json'], { 'ch3.json': chapter3, 'mine.json': '{"format":"flintnet","version":1,"devices":3,"links":[]}' });
    expect(broken).toMatchObject({ code: 1, err: ['error: mine.json is not a network Flintnet can open:', expect.stringMatching(/^ {2}\$\.devices: /)] });
    expect(cli(['--lesson', 'ch3.json', '--step', '7'], { 'ch3.json': chapter3 })).toMatchObject({ code: 2, err: ['error: this lesson has steps 1 to 3, so there is no step 7'] });
  });

  it('refuses options that do not go together, exit 2', () => {
    const cases: [string[], string][] = [
      [['--lesson', 'ch3.json', '--solution', '--network', 'x.json'], 'error: check against --solution or a --network, not both'],
      [['--lesson', 'ch3.json', 'x.json'], 'error: "x.json" does not go with --lesson: give the network to check with --network <file>'],
      [['net.json', '--step', '2'], 'error: --network, --solution and --step go with --lesson <file>'],
      [['--lesson', 'ch3.json', '--step', 'two'], 'error: --step needs a step number from 1 up'],
    ];
    for (const [argv, message] of cases) expect(cli(argv)).toMatchObject({ code: 2, err: [message, expect.stringMatching(/^usage: /)] });
  });
});
