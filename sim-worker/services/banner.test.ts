import { describe, expect, it } from 'vitest';
import type { IpDevice } from '../devices/device';
import type { BannerServiceDoc } from '../document/schema';
import { Simulation } from '../engine/simulation';
import { lan } from '../testing/network-builder';
import { tableRows } from '../testing/trace-queries';
import { defaultBanner } from './banner';

const SERVER = 0xc0a80102; // 192.168.1.2

/** PC-1 and a server 192.168.1.2 running the given services, on one switch. */
function withServices(services: BannerServiceDoc[]) {
  const { doc, pcs } = lan(2);
  const server = doc.devices.find((d) => d.id === pcs[1])!;
  server.kind = 'server';
  server.services = services;
  const sim = new Simulation(doc);
  sim.run();
  return { sim, client: sim.devices.get(pcs[0]) as IpDevice, server: pcs[1] };
}

/** Connects, sends `lines` once open, and collects what comes back until the server closes. */
function talk(sim: Simulation, client: IpDevice, port: number, lines: string[] = []): { text: string; closed?: string } {
  const connected = client.tcp.connect(SERVER, port, 'nc');
  if (!connected.ok) throw new Error(connected.error);
  const result: { text: string; closed?: string } = { text: '' };
  const connection = connected.value;
  connection.onOpen = () => lines.forEach((line) => connection.send(new TextEncoder().encode(line)));
  connection.onData = (bytes) => (result.text += new TextDecoder().decode(bytes));
  connection.onClose = (why) => {
    result.closed = why;
    connection.close();
  };
  sim.run();
  return result;
}

describe('banner services', () => {
  it('greets with the banners of Debian’s OpenSSH, vsftpd and Postfix', () => {
    const { sim, client } = withServices([{ kind: 'ssh' }, { kind: 'ftp' }, { kind: 'smtp' }]);
    expect(talk(sim, client, 22).text).toBe('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n');
    expect(talk(sim, client, 21).text).toBe('220 (vsFTPd 3.0.3)\r\n');
    expect(talk(sim, client, 25).text).toBe('220 PC-2 ESMTP Postfix\r\n');
    expect(defaultBanner('echo', 'x')).toBeUndefined();
    const log = sim.trace.events.filter((e) => e.type === 'app').map((e) => e.summary);
    expect(log).toEqual([
      expect.stringMatching(/^sshd: connection from 192\.168\.1\.1 port \d+$/),
      expect.stringMatching(/^vsftpd: connection from 192\.168\.1\.1 port \d+$/),
      expect.stringMatching(/^postfix: connection from 192\.168\.1\.1 port \d+$/),
    ]);
  });

  it('answers QUIT and refuses other commands before a login, then closes', () => {
    const { sim, client } = withServices([{ kind: 'ftp' }, { kind: 'smtp', port: 2525, banner: '220 mail.example.test ESMTP' }]);
    const ftp = talk(sim, client, 21, ['LIST\r\n', 'QUIT\r\n']);
    expect(ftp).toEqual({ text: '220 (vsFTPd 3.0.3)\r\n530 Please login with USER and PASS.\r\n221 Goodbye.\r\n', closed: '192.168.1.2:21 closed the connection' });
    expect(talk(sim, client, 2525, ['QUIT\r\n']).text).toBe('220 mail.example.test ESMTP\r\n221 2.0.0 Bye\r\n');
  });

  it('echoes back what it is sent (RFC 862), across several segments', () => {
    const { sim, client, server } = withServices([{ kind: 'echo' }]);
    const long = 'x'.repeat(5000);
    expect(talk(sim, client, 7, ['hello\n', long]).text).toBe(`hello\n${long}`);
    // The client has not closed: the connection stays open beside the listening socket.
    expect(tableRows(sim, server, 'sockets')).toEqual([
      ['TCP', '0.0.0.0:7', '0.0.0.0:*', 'LISTEN', 'echo'],
      ['TCP', '192.168.1.2:7', expect.stringMatching(/^192\.168\.1\.1:\d+$/), 'ESTABLISHED', 'echo'],
    ]);
  });

  it('leaves other ports closed: a connection there is refused', () => {
    const { sim, client } = withServices([{ kind: 'ssh' }]);
    expect(talk(sim, client, 23)).toEqual({ text: '', closed: 'Connection refused' });
  });
});
