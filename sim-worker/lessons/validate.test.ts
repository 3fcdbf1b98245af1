import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Problem } from '../document/validate';
import { lan } from '../testing/network-builder';
import type { Lesson } from './schema';
import { parseLessonText, validateLesson } from './validate';

const LESSONS = new URL('../../public/lessons/', import.meta.url);

/** A small valid lesson: two computers on a switch, one step that pings. Tests break one thing at a time in a copy. */
function lesson(): Lesson {
  const { doc } = lan(2);
  return {
    format: 'flintnet-lesson',
    version: 1,
    chapter: 4,
    title: 'A switch',
    story: 'Two computers and a switch.',
    goals: ['Ping across a switch.'],
    palette: ['computer', 'switch'],
    start: doc,
    steps: [
      {
        id: 'ping',
        title: 'Ping',
        text: 'Check the step.',
        highlights: { devices: ['PC-1'], table: { device: 'Switch-1', table: 'mac' } },
        hints: ['Just check it.'],
        run: [{ ping: { from: 'PC-1', to: '192.168.1.2', count: 2 } }],
        checks: [
          { goal: 'Replies come back', echoReplies: { device: 'PC-1', from: '192.168.1.2', atLeast: 2 } },
          { goal: 'The switch learns', table: { device: 'Switch-1', table: 'mac', atLeast: 2 } },
        ],
        osi: [{ frame: 'arp-request', narration: { 2: 'A broadcast.' } }],
        solution: structuredClone(doc),
      },
    ],
    recap: { text: 'Switches learn.', question: 'What about another room?' },
  };
}

/** The problems of a lesson changed by `edit` (on a plain JSON copy, so anything can be broken). */
function problemsAfter(edit: (lesson: any) => void): Problem[] { // eslint-disable-line @typescript-eslint/no-explicit-any
  const copy = structuredClone(lesson());
  edit(copy);
  const result = validateLesson(copy);
  if (result.ok) throw new Error('expected the lesson to be refused');
  return result.problems;
}

describe('the lesson files in public/lessons', () => {
  const files = readdirSync(LESSONS).filter((name) => /^chapter-\d+\.json$/.test(name));

  it('are there', () => {
    expect(files).toEqual(expect.arrayContaining(['chapter-01.json', 'chapter-03.json', 'chapter-04.json']));
  });

  it.each(files)('%s validates', (name) => {
    const result = parseLessonText(readFileSync(new URL(name, LESSONS), 'utf8'));
    expect(result.ok ? [] : result.problems).toEqual([]);
  });
});

describe('validateLesson', () => {
  it('accepts a valid lesson and returns an equal copy', () => {
    const input = lesson();
    const result = validateLesson(input);
    expect(result).toEqual({ ok: true, value: input });
    if (result.ok) expect(result.value).not.toBe(input);
  });

  it('refuses text that is not JSON with one problem at $', () => {
    const result = parseLessonText('{"format": "flintnet-lesson",');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems).toEqual([{ path: '$', message: expect.stringContaining('not valid JSON') }]);
  });

  it('says so when given a network instead of a lesson', () => {
    const result = validateLesson(lan(2).doc);
    expect(result.ok ? [] : result.problems).toEqual([{ path: '$.format', message: expect.stringContaining('looks like a network file') }]);
  });

  it('refuses a lesson from a newer Flintnet', () => {
    expect(problemsAfter((l) => (l.version = 2))).toEqual([{ path: '$.version', message: expect.stringContaining('newer Flintnet') }]);
  });

  it('refuses an unknown check kind with the list of known ones', () => {
    const problems = problemsAfter((l) => (l.steps[0].checks[0] = { goal: 'Fast', latency: { below: 1 } }));
    expect(problems).toEqual([{
      path: '$.steps[0].checks[0].latency',
      message: '"latency" is not a kind of check this version of Flintnet knows (known kinds: devices, cabled, silent, echoReplies, order, table, notReached, received, relayed, leased, autoconfigured, traceroute, roundTrip)',
    }]);
  });

  it('refuses a round trip check with no bound, or with bounds no time fits', () => {
    const noBound = problemsAfter((l) => (l.steps[0].checks[0] = { goal: 'Slow', roundTrip: { device: 'PC-1', from: '192.168.1.2' } }));
    expect(noBound).toEqual([{ path: '$.steps[0].checks[0].roundTrip', message: expect.stringContaining('needs "atLeastMs", "atMostMs" or both') }]);
    const crossed = problemsAfter((l) => (l.steps[0].checks[0] = { goal: 'Slow', roundTrip: { device: 'PC-1', from: '192.168.1.2', atLeastMs: 500, atMostMs: 50 } }));
    expect(crossed).toEqual([{ path: '$.steps[0].checks[0].roundTrip.atMostMs', message: '"atMostMs" (50) is less than "atLeastMs" (500): no reply could take both' }]);
    const negative = problemsAfter((l) => (l.steps[0].checks[0] = { goal: 'Slow', roundTrip: { device: 'PC-1', from: '192.168.1.2', atLeastMs: -1 } }));
    expect(negative).toEqual([{ path: '$.steps[0].checks[0].roundTrip.atLeastMs', message: '"atLeastMs" should be a time in milliseconds, like 65 or 0.5, not -1' }]);
  });

  it('refuses a check with two kinds, or none', () => {
    expect(problemsAfter((l) => (l.steps[0].checks[0].devices = { kind: 'computer', atLeast: 2 }))[0]).toMatchObject({
      path: '$.steps[0].checks[0]', message: expect.stringContaining('exactly one kind'),
    });
    expect(problemsAfter((l) => (l.steps[0].checks[0] = { goal: 'Nothing' }))[0].message).toContain('needs a kind');
  });

  it('refuses a check naming a device that is not in the step\'s solution', () => {
    const problems = problemsAfter((l) => (l.steps[0].checks[0].echoReplies.device = 'PC-3'));
    expect(problems).toEqual([{
      path: '$.steps[0].checks[0].echoReplies.device',
      message: 'There is no device called "PC-3" in this step\'s solution (its devices are Switch-1, PC-1, PC-2): a lesson names devices by their name, like "PC-1"',
    }]);
  });

  it('matches device names without regard to case, as hostnames are', () => {
    const copy = lesson();
    copy.steps[0].run = [{ ping: { from: 'pc-1', to: '192.168.1.2' } }];
    expect(validateLesson(copy).ok).toBe(true);
  });

  it('refuses names in run actions and highlights that the solution lacks, and device ids used as names', () => {
    const problems = problemsAfter((l) => {
      l.steps[0].run[0].ping.from = 'pc-9';
      l.steps[0].highlights.devices = ['Router-1'];
    });
    expect(problems.map((p) => p.path)).toEqual(['$.steps[0].run[0].ping.from', '$.steps[0].highlights.devices[0]']);
  });

  it('refuses a bad solution document, with its problems under the solution\'s path', () => {
    const problems = problemsAfter((l) => (l.steps[0].solution.devices[1].interfaces[0].ipv4 = '192.168.1.300/24'));
    expect(problems).toHaveLength(1);
    expect(problems[0].path).toBe('$.steps[0].solution.devices[1].interfaces[0].ipv4');
    expect(problems[0].message).toContain('PC-1');
  });

  it('refuses a bad start document, with its problems under $.start', () => {
    expect(problemsAfter((l) => (l.start.links = 'none'))[0].path).toBe('$.start.links');
  });

  it('refuses misspelt fields instead of ignoring them', () => {
    const problems = problemsAfter((l) => {
      l.steps[0].hint = l.steps[0].hints;
      l.steps[0].checks[0].echoReplies.atleast = 2;
    });
    expect(problems.map((p) => p.path)).toEqual(['$.steps[0].hint', '$.steps[0].checks[0].echoReplies.atleast']);
    expect(problems[1].message).toContain('known: device, from, atLeast');
  });

  it('checks each setting\'s type', () => {
    const problems = problemsAfter((l) => {
      l.steps[0].run[0].ping.to = '192.168.1';
      l.steps[0].run[0].ping.count = 1000;
      l.steps[0].run.push({ traceroute: { from: 'PC-1', to: 'PC-2' } });
      l.steps[0].checks.push({ goal: 'Hops', traceroute: { device: 'PC-1', hops: [] } });
      l.steps[0].checks[1].table.table = 'routes';
      l.steps[0].osi[0].frame = 'tcp-syn';
    });
    expect(problems.map((p) => p.path)).toEqual([
      '$.steps[0].run[0].ping.to',
      '$.steps[0].run[0].ping.count',
      '$.steps[0].run[1].traceroute.to',
      '$.steps[0].checks[1].table.table',
      '$.steps[0].checks[2].traceroute.hops',
      '$.steps[0].osi[0].frame',
    ]);
  });

  it('refuses a trace check on a step that runs nothing, and an action number past the end', () => {
    const problems = problemsAfter((l) => {
      l.steps[0].run = [];
      l.steps[0].checks.push({ goal: 'Quiet', notReached: { device: 'PC-2', action: 1 } });
    });
    expect(problems.map((p) => p.path)).toEqual([
      '$.steps[0].checks[0].echoReplies',
      '$.steps[0].checks[2].notReached',
      '$.steps[0].checks[2].notReached.action',
    ]);
  });

  it('refuses a table on a device that does not keep it', () => {
    const problems = problemsAfter((l) => (l.steps[0].checks[1].table.device = 'PC-2'));
    expect(problems).toEqual([{ path: '$.steps[0].checks[1].table.table', message: 'PC-2 is a computer in the solution, and only a switch or a home-router keeps a MAC table' }]);
  });

  it('refuses duplicate step ids, a step with no checks, and a missing recap question', () => {
    const problems = problemsAfter((l) => {
      l.steps.push({ ...structuredClone(l.steps[0]), checks: [] });
      delete l.recap.question;
    });
    expect(problems.map((p) => p.path)).toEqual(['$.steps[1].id', '$.steps[1].checks', '$.recap.question']);
  });

  it('refuses OSI layers that do not exist', () => {
    expect(problemsAfter((l) => (l.steps[0].osi[0].narration = { 8: 'Layer 8 is the user.' }))[0]).toEqual({
      path: '$.steps[0].osi[0].narration.8', message: '"8" is not an OSI layer: use the numbers 1 to 7',
    });
  });
});

describe('validateLesson: received, relayed and leased checks', () => {
  it('accepts them with their optional fields', () => {
    const copy = lesson();
    copy.steps[0].checks.push(
      { goal: 'TTL', received: { device: 'PC-2', frame: 'echo-request', from: '192.168.1.1', ttl: 64, atLeast: 2, action: 1 } },
      { goal: 'Unchanged', relayed: { device: 'Switch-1', frame: 'echo-request', changes: [] } },
      { goal: 'Leased', leased: { device: 'PC-1', within: '192.168.1.0/24' } },
    );
    expect(validateLesson(copy)).toMatchObject({ ok: true });
  });

  it('refuses unknown fields, unknown header fields, a repeated one, a TTL out of range and a bad network', () => {
    const problems = problemsAfter((l) => l.steps[0].checks.push(
      { goal: 'TTL', received: { device: 'PC-2', frame: 'echo-request', ttl: 300, hops: 1 } },
      { goal: 'Changes', relayed: { device: 'Switch-1', frame: 'echo-request', changes: ['ttl', 'ttl'] } },
      { goal: 'Changes', relayed: { device: 'Switch-1', frame: 'ping', changes: ['checksum'] } },
      { goal: 'Leased', leased: { device: 'PC-1', within: '192.168.1.0' } },
    ));
    expect(problems.map((p) => p.path)).toEqual([
      '$.steps[0].checks[2].received.hops',
      '$.steps[0].checks[2].received.ttl',
      '$.steps[0].checks[3].relayed.changes',
      '$.steps[0].checks[4].relayed.frame',
      '$.steps[0].checks[4].relayed.changes',
      '$.steps[0].checks[5].leased.within',
    ]);
    expect(problems[1].message).toBe('"ttl" should be a time to live, a whole number from 0 to 255, not 300');
    expect(problems[5].message).toContain('should be a network with its prefix');
  });

  it('wants the devices in the solution, and a run for the checks that judge one', () => {
    const problems = problemsAfter((l) => {
      l.steps[0].run = [];
      l.steps[0].checks = [{ goal: 'Relayed', relayed: { device: 'Router-9', frame: 'echo-request', changes: ['ttl'] } }];
    });
    expect(problems.map((p) => p.path)).toEqual(['$.steps[0].checks[0].relayed', '$.steps[0].checks[0].relayed.device']);
  });

  it('lets a home router keep NAT and DHCP lease tables, but not a computer without VMs asking for a MAC table', () => {
    expect(problemsAfter((l) => (l.steps[0].checks[1].table = { device: 'Switch-1', table: 'nat', atLeast: 1 }))[0].message)
      .toBe('Switch-1 is a switch in the solution, and only a home-router or a computer keeps a NAT table');
  });
});

describe('validateLesson: IPv6', () => {
  it('accepts IPv6 targets and sources, neighbour discovery frames, the neighbour cache and the autoconfigured check', () => {
    const copy = lesson();
    copy.steps[0].run.push({ ping: { from: 'PC-1', to: 'fe80::ff:fe00:2' } }, { traceroute: { from: 'PC-1', to: '2001:db8:2::ff:fe00:3' } });
    copy.steps[0].checks.push(
      { goal: 'Replies', echoReplies: { device: 'PC-1', from: 'FE80::FF:FE00:2' } },
      { goal: 'NDP', order: { frames: ['neighbour-solicitation', 'neighbour-advertisement', 'router-solicitation', 'router-advertisement'] } },
      { goal: 'Hop limit', received: { device: 'PC-2', frame: 'echo-request', from: '2001:db8:1::ff:fe00:1', ttl: 63 } },
      { goal: 'Hops', traceroute: { device: 'PC-1', hops: ['2001:db8:1::1', '2001:db8:2::ff:fe00:3'] } },
      { goal: 'Cache', table: { device: 'PC-1', table: 'neighbours', atLeast: 1 } },
      { goal: 'SLAAC', autoconfigured: { device: 'PC-1', within: '2001:db8:1::/64' } },
    );
    copy.steps[0].osi!.push({ frame: 'neighbour-solicitation', narration: { 3: 'To a multicast group.' } });
    expect(validateLesson(copy)).toMatchObject({ ok: true });
  });

  it('refuses a bad IPv6 address, an IPv4 network for SLAAC, and a neighbour cache on a switch', () => {
    const problems = problemsAfter((l) => {
      l.steps[0].run[0].ping.to = '2001:db8::1::2';
      l.steps[0].checks.push({ goal: 'SLAAC', autoconfigured: { device: 'PC-1', within: '192.168.1.0/24' } });
      l.steps[0].checks[1].table.table = 'neighbours';
    });
    expect(problems.map((p) => p.path)).toEqual(['$.steps[0].run[0].ping.to', '$.steps[0].checks[2].autoconfigured.within', '$.steps[0].checks[1].table.table']);
    expect(problems[0].message).toBe('"to" should be an IPv4 or IPv6 address: "2001:db8::1::2" is not an IPv6 address: "::" may appear only once');
    expect(problems[1].message).toMatch(/^"within" should be an IPv6 prefix: /);
    expect(problems[2].message).toBe('Switch-1 is a switch in the solution, and only a computer or a vm or a router or a home-router or a isp keeps a neighbour cache');
  });
});
