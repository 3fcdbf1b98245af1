import { describe, expect, it } from 'vitest';
import { parseOptions, scenarioOf } from './options';

describe('bench options', () => {
  it('defaults to the 8×16×10 campus in Chromium', () => {
    const options = parseOptions([]);
    expect(options).toEqual({ scenario: 'campus', sizes: { lans: 8, hosts: 16, count: 10 }, json: false, node: false });
    expect(scenarioOf(options).expectedReplies).toBe(8 * 16 * 10);
  });

  it('reads sizes, one mode, JSON and Node', () => {
    const options = parseOptions(['campus', '--lans', '32', '--hosts', '32', '--count', '20', '--only', 'held', '--json', '--node']);
    expect(options).toEqual({ scenario: 'campus', sizes: { lans: 32, hosts: 32, count: 20 }, json: true, only: 'held', node: true });
    expect(scenarioOf(options).title).toBe('campus: 32 LANs × 32 computers, one core router, 20 pings each');
  });

  it('takes the switch tree and its own sizes', () => {
    const options = parseOptions(['switch-tree', '--leaves', '2', '--hosts', '3', '--count', '1']);
    expect(scenarioOf(options).expectedReplies).toBe(2 * 3);
  });

  it('refuses what it does not know, saying what is wrong', () => {
    expect(() => parseOptions(['ring'])).toThrow('unknown scenario "ring"');
    expect(() => parseOptions(['--lans', '0'])).toThrow('--lans needs a whole number of at least 1');
    expect(() => parseOptions(['switch-tree', '--lans', '2'])).toThrow('unknown option --lans');
    expect(() => parseOptions(['--only', 'fast'])).toThrow('--only takes streamed, held or counters');
  });
});
