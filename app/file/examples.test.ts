import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseDocumentText } from '../../sim-worker/document/validate';
import { Simulation } from '../../sim-worker/engine/simulation';
import { appLines, tableRows } from '../../sim-worker/testing/trace-queries';
import { parseExamplesIndex } from './examples';

describe('the examples index', () => {
  it('lists every shipped example, and each one opens', () => {
    const index = parseExamplesIndex(readFileSync('public/examples/index.json', 'utf8'));
    expect(index.ok).toBe(true);
    if (!index.ok) return;
    expect(index.value.map((e) => e.title)).toContain('A home network reaches a web site');
    for (const example of index.value) {
      const parsed = parseDocumentText(readFileSync(`public/examples/${example.file}`, 'utf8'));
      expect(parsed.ok, example.file).toBe(true);
    }
  });

  it('names what is wrong with a bad index', () => {
    expect(parseExamplesIndex('{')).toEqual({ ok: false, error: 'The list of examples is not valid JSON.' });
    expect(parseExamplesIndex('{"list": []}')).toEqual({ ok: false, error: 'The list of examples has no "examples" array.' });
    expect(parseExamplesIndex('{"examples": [{"file": "a.json", "title": "A"}, {"file": "../secret.json", "title": "B", "summary": "b"}]}')).toEqual({
      ok: false,
      error: 'The list of examples has problems: examples[0] needs summary as text; examples[1].file must be a .json file name in examples/, not "../secret.json".',
    });
  });
});

describe('the two-homes example', () => {
  it('runs: both homes use 192.168.1.0/24, both desktops at 192.168.1.10 reach the server, each through its own home router', () => {
    const parsed = parseDocumentText(readFileSync('public/examples/two-homes-one-isp.json', 'utf8'));
    if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join('\n'));
    const sim = new Simulation(parsed.value, { traceWindow: Infinity });
    sim.run();
    expect(['laptop-a', 'laptop-b'].map((pc) => tableRows(sim, pc, 'dhcp-lease')[0][1])).toEqual(['192.168.1.100/24', '192.168.1.100/24']);
    for (const pc of ['desktop-a', 'desktop-b']) sim.act({ kind: 'ping', device: pc, target: '198.51.100.80', count: 1 });
    sim.run();
    for (const pc of ['desktop-a', 'desktop-b']) expect(appLines(sim, pc)).toContain('1 packets transmitted, 1 received, 0% packet loss, time 0ms');
    const publicOf = (home: string) => tableRows(sim, home, 'dhcp-lease')[0][1].split('/')[0];
    expect(tableRows(sim, 'home-a', 'nat').map((row) => [row[1].split(' ')[0], row[2].split(' ')[0]])).toEqual([['192.168.1.10', publicOf('home-a')]]);
    expect(tableRows(sim, 'home-b', 'nat').map((row) => [row[1].split(' ')[0], row[2].split(' ')[0]])).toEqual([['192.168.1.10', publicOf('home-b')]]);
    expect(publicOf('home-a')).not.toBe(publicOf('home-b'));
  });
});
