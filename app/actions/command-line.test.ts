import { describe, expect, it } from 'vitest';
import { HELP_LINES, parseCommandLine, tableLines } from './command-line';

const run = (line: string) => parseCommandLine('pc-1', line);

describe('the command line', () => {
  it('turns ping and traceroute, with their count and hop options, into actions', () => {
    expect(run('ping 192.168.1.2')).toEqual({ kind: 'action', action: { kind: 'ping', device: 'pc-1', target: '192.168.1.2', count: 4 } });
    expect(run('  ping -c 2 www.example.test ')).toEqual({ kind: 'action', action: { kind: 'ping', device: 'pc-1', target: 'www.example.test', count: 2 } });
    expect(run('ping web.test -c1')).toMatchObject({ action: { target: 'web.test', count: 1 } });
    expect(run('traceroute -m 5 10.0.2.10')).toEqual({ kind: 'action', action: { kind: 'traceroute', device: 'pc-1', target: '10.0.2.10', maxHops: 5 } });
  });

  it('turns nslookup and curl into lookups and page loads', () => {
    expect(run('nslookup www.example.test')).toEqual({ kind: 'action', action: { kind: 'nslookup', device: 'pc-1', name: 'www.example.test' } });
    expect(run('nslookup -type=mx example.test')).toEqual({ kind: 'action', action: { kind: 'nslookup', device: 'pc-1', name: 'example.test', type: 'MX' } });
    expect(run('curl -i https://www.example.test/about')).toEqual({ kind: 'action', action: { kind: 'browse', device: 'pc-1', url: 'https://www.example.test/about' } });
  });

  it('prints the ARP cache and the sockets as tables', () => {
    expect(run('arp')).toEqual({ kind: 'table', table: 'arp' });
    expect(run('arp -n')).toEqual({ kind: 'table', table: 'arp' });
    expect(run('ss -tuanp')).toEqual({ kind: 'table', table: 'sockets' });
    expect(run('ss -x')).toEqual({ kind: 'error', lines: ["ss: invalid option -- 'x'", 'Usage: ss'] });
  });

  it('says what is wrong, as the tools would, and how to use them', () => {
    expect(run('pnig 10.0.0.1')).toEqual({ kind: 'error', lines: ['pnig: command not found. Type help for the commands this terminal knows.'] });
    expect(run('ping')).toEqual({ kind: 'error', lines: ['Usage: ping [-c count] <host>'] });
    expect(run('ping -c')).toMatchObject({ kind: 'error', lines: ["ping: option requires an argument -- 'c'", 'Usage: ping [-c count] <host>'] });
    expect(run('ping -c 0 10.0.0.1')).toMatchObject({ kind: 'error', lines: ['ping: Count (the number of echo requests) must be a whole number from 1 to 100.'] });
    expect(run('ping -f 10.0.0.1')).toMatchObject({ kind: 'error', lines: ["ping: invalid option -- 'f'", expect.any(String)] });
    expect(run('ping 10.0.0.1 10.0.0.2')).toMatchObject({ kind: 'error', lines: ['ping: one host at a time, not "10.0.0.1 10.0.0.2"', expect.any(String)] });
    expect(run('traceroute 10.0.300.1')).toMatchObject({ kind: 'error', lines: [expect.stringMatching(/^traceroute: .*300/)] });
    expect(run('nslookup -type=SRV x.test')).toMatchObject({ kind: 'error', lines: ['nslookup: unknown query type: SRV', expect.any(String)] });
    expect(run('curl gopher://x.test/')).toEqual({ kind: 'error', lines: ['curl: The browser speaks http and https, not gopher'] });
    expect(run('curl -X POST http://x.test/')).toMatchObject({ kind: 'error', lines: ['curl: option -X: is unknown', expect.any(String)] });
  });

  it('knows help, clear and an empty line', () => {
    expect(run('help')).toEqual({ kind: 'print', lines: HELP_LINES });
    expect(HELP_LINES.join('\n')).toMatch(/ping.*\n.*traceroute.*\n.*nslookup.*\n.*curl.*\n.*arp.*\n.*ss /);
    expect(run('clear')).toEqual({ kind: 'clear' });
    expect(run('   ')).toEqual({ kind: 'nothing' });
  });

  it('lines a table up in columns, or says it is empty', () => {
    const table = { name: 'arp', title: 'ARP cache', columns: ['IPv4 address', 'MAC address', 'Interface'], empty: 'Empty.', rows: [['192.168.1.2', '02:00:00:00:00:02', 'eth0'], ['10.0.0.1', '02:00:00:00:00:0a', 'eth0']] };
    expect(tableLines(table)).toEqual([
      'IPv4 address  MAC address        Interface',
      '192.168.1.2   02:00:00:00:00:02  eth0',
      '10.0.0.1      02:00:00:00:00:0a  eth0',
    ]);
    expect(tableLines({ ...table, rows: [] })).toEqual(['Empty.']);
  });
});
