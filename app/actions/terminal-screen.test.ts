import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../sim-worker/api';
import { screenLines } from './terminal-screen';
import type { TerminalEntry } from './terminal-store';

const line = (seq: number, name: string, run: number, text: string) => ({ seq, app: { name, run, line: text }, summary: text }) as unknown as TraceEvent;
const entry = (id: number, afterSeq: number, lines: string[], more: Partial<TerminalEntry> = {}): TerminalEntry => ({ id, generation: 1, afterSeq, lines, ...more });
const texts = (events: TraceEvent[], entries: TerminalEntry[]) => screenLines(events, entries).map((l) => (l.kind === 'prompt' ? `$ ${l.text}` : l.kind === 'table' ? `| ${l.text}` : l.text));

describe('the terminal screen', () => {
  const events = [line(3, 'ping', 1, 'PING 10.0.0.2'), line(9, 'ping', 1, '1 received'), line(12, 'nslookup', 1, 'Server: 10.0.0.53')];

  it('sets runs apart by a blank line when nothing was typed', () => {
    expect(texts(events, [])).toEqual(['PING 10.0.0.2', '1 received', '', 'Server: 10.0.0.53']);
  });

  it('puts a typed command before the output it caused, and a table where it was asked for', () => {
    const typed = [entry(1, 2, ['pc:~$ ping 10.0.0.2']), entry(2, 9, ['pc:~$ arp', 'IPv4 address  MAC address'], { table: true }), entry(3, 9, ['pc:~$ nslookup x.test'])];
    expect(texts(events, typed)).toEqual(['$ pc:~$ ping 10.0.0.2', 'PING 10.0.0.2', '1 received', '$ pc:~$ arp', '| IPv4 address  MAC address', '$ pc:~$ nslookup x.test', 'Server: 10.0.0.53']);
  });

  it('shows nothing from before the last clear', () => {
    expect(texts(events, [entry(1, 9, ['pc:~$ clear'], { clears: true })])).toEqual(['Server: 10.0.0.53']);
  });
});
