import { describe, expect, it } from 'vitest';
import type { IpDevice } from '../devices/device';
import type { WebServiceDoc } from '../document/schema';
import { addService } from '../document/services-edits';
import { Simulation } from '../engine/simulation';
import { NetworkBuilder } from '../testing/network-builder';
import { appLines } from '../testing/trace-queries';

const WEB: WebServiceDoc = {
  kind: 'web',
  sites: [
    { host: 'www.example.test', pages: [{ path: '/', body: 'www\n' }] },
    { host: 'blog.example.test', pages: [{ path: '/', body: 'blog\n', contentType: 'text/plain' }] },
  ],
};

/** PC-1 192.168.1.1 and a server 192.168.1.2 running WEB, on one switch; the test speaks raw HTTP from PC-1. */
function setup() {
  const net = new NetworkBuilder();
  const sw = net.add('switch');
  const pc = net.add('computer');
  const server = net.add('server');
  net.address(pc, '192.168.1.1/24').cable(pc, sw);
  net.address(server, '192.168.1.2/24').cable(server, sw);
  const added = addService(net.doc, server, WEB);
  if (!added.ok) throw new Error(added.error);
  const sim = new Simulation(added.doc, { traceWindow: Infinity });
  return { sim, pc: sim.devices.get(pc) as IpDevice, server };
}

/** Sends `text` on a new connection to port 80 and collects what comes back, and whether the server closed. */
function exchange(text: string) {
  const { sim, pc, server } = setup();
  const connected = pc.tcp.connect(0xc0a80102, 80, 'test');
  if (!connected.ok) throw new Error(connected.error);
  const connection = connected.value;
  let received = '';
  let closed: string | undefined;
  connection.onOpen = () => connection.send(Uint8Array.from(text, (c) => c.charCodeAt(0)));
  connection.onData = (bytes) => (received += new TextDecoder().decode(bytes));
  connection.onClose = (why) => (closed = why);
  sim.run({ untilNs: 1e9 });
  return { received, closed, log: appLines(sim, server) };
}

const get = (host: string, extra = '') => `GET / HTTP/1.1\r\nHost: ${host}\r\n${extra}\r\n`;

describe('the web service', () => {
  it('chooses the site by the Host header, the first site for any other name, and keeps the connection open', () => {
    const { received, closed, log } = exchange(get('blog.example.test') + get('www.example.test:80') + get('other.test'));
    expect(received).toBe([
      'HTTP/1.1 200 OK\r\nServer: Flintnet\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nblog\n',
      'HTTP/1.1 200 OK\r\nServer: Flintnet\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 4\r\n\r\nwww\n',
      'HTTP/1.1 200 OK\r\nServer: Flintnet\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 4\r\n\r\nwww\n',
    ].join(''));
    expect(closed).toBeUndefined();
    expect(log).toEqual([
      '192.168.1.1 - - "GET / HTTP/1.1" 200 5 "-" "-"',
      '192.168.1.1 - - "GET / HTTP/1.1" 200 4 "-" "-"',
      '192.168.1.1 - - "GET / HTTP/1.1" 200 4 "-" "-"',
    ]);
  });

  it('closes after answering when the client asks (Connection: close)', () => {
    const { received, closed } = exchange(get('www.example.test', 'Connection: close\r\n'));
    expect(received).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(closed).toBeDefined();
  });

  it('answers HEAD with the head alone, and other methods with 405', () => {
    const head = exchange('HEAD / HTTP/1.1\r\nHost: www.example.test\r\n\r\n');
    expect(head.received).toBe('HTTP/1.1 200 OK\r\nServer: Flintnet\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 4\r\n\r\n');
    expect(exchange('DELETE / HTTP/1.1\r\nHost: www.example.test\r\n\r\n').received).toMatch(/^HTTP\/1\.1 405 Method Not Allowed\r\n(.*\r\n)*Allow: GET, HEAD\r\n/);
  });

  it('answers a request that is not HTTP with 400 and closes', () => {
    const { received, closed, log } = exchange('HELLO THERE\r\n\r\n');
    expect(received).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(closed).toBeDefined();
    expect(log).toEqual([expect.stringMatching(/^192\.168\.1\.1 - - "-" 400 \d+ "-" "-"$/)]);
  });

  it('answers a request without Host with 400 (RFC 9112 §3.2)', () => {
    expect(exchange('GET / HTTP/1.1\r\n\r\n').received).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
  });
});
