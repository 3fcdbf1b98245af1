import { describe, expect, it } from 'vitest';
import { COMMANDS, commandAction } from './commands';

const [ping, traceroute, nslookup, browse] = COMMANDS;

describe('commands', () => {
  it('turns a ping and a traceroute into engine actions', () => {
    expect(commandAction(ping, 'pc-1', ' 192.168.1.2 ', { count: '3' })).toEqual({ ok: true, action: { kind: 'ping', device: 'pc-1', target: '192.168.1.2', count: 3 } });
    expect(commandAction(traceroute, 'pc-1', '10.0.2.10', {})).toEqual({ ok: true, action: { kind: 'traceroute', device: 'pc-1', target: '10.0.2.10', maxHops: 30 } });
  });

  it('says what is wrong with a destination or an option', () => {
    expect(commandAction(traceroute, 'pc-1', '', {})).toEqual({ ok: false, error: 'Type the destination to traceroute, like 192.168.1.20 or www.example.test.' });
    expect(commandAction(ping, 'pc-1', '10.0.2', {})).toMatchObject({ ok: false, error: expect.stringMatching(/not an IPv4 address/) });
    expect(commandAction(ping, 'pc-1', '10.0.2.1', { count: '0' })).toEqual({ ok: false, error: 'Count (the number of echo requests) must be a whole number from 1 to 100.' });
    expect(commandAction(traceroute, 'pc-1', '10.0.2.1', { maxHops: '256' })).toMatchObject({ ok: false, error: expect.stringMatching(/Max hops .* from 1 to 255/) });
  });

  it('takes a host name wherever an address is taken, and says what is wrong with a bad one', () => {
    expect(commandAction(ping, 'pc-1', 'www.example.test', {})).toMatchObject({ ok: true, action: { kind: 'ping', target: 'www.example.test' } });
    expect(commandAction(traceroute, 'pc-1', 'www..test', {})).toMatchObject({ ok: false, error: expect.stringMatching(/empty label/) });
  });

  it('looks a name up and browses a URL', () => {
    expect(commandAction(nslookup, 'pc-1', 'www.example.test.', {})).toEqual({ ok: true, action: { kind: 'nslookup', device: 'pc-1', name: 'www.example.test.' } });
    expect(commandAction(nslookup, 'pc-1', 'bad name', {})).toMatchObject({ ok: false, error: expect.stringMatching(/has the label "bad name"/) });
    expect(commandAction(browse, 'pc-1', 'https://www.example.test/', {})).toEqual({ ok: true, action: { kind: 'browse', device: 'pc-1', url: 'https://www.example.test/' } });
    expect(commandAction(browse, 'pc-1', 'ftp://files.example.test/', {})).toEqual({ ok: false, error: 'The browser speaks http and https, not ftp' });
    expect(commandAction(browse, 'pc-1', '', {})).toEqual({ ok: false, error: 'Type the URL to browse, like http://www.example.test/.' });
  });

  it('leaves an IPv6 destination for the engine to judge', () => {
    expect(commandAction(ping, 'pc-1', '2001:db8::1', {})).toMatchObject({ ok: true, action: { target: '2001:db8::1', count: 4 } });
  });
});
