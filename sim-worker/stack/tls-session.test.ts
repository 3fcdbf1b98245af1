import { describe, expect, it } from 'vitest';
import type { SimContext } from '../engine/context';
import { Prng } from '../engine/prng';
import { TlsRecordReader } from '../wire/tls';
import { TlsClient, TlsServer } from './tls-session';

/** Only chance is needed: the two ends are wired straight to each other, as over a perfect TCP connection. */
const ctx = { prng: new Prng(7) } as SimContext;

function pair(serverName: string | undefined) {
  const wire: { from: 'client' | 'server'; bytes: Uint8Array; note: string }[] = [];
  const received = { client: [] as string[], server: [] as string[] };
  const errors: string[] = [];
  const client: TlsClient = new TlsClient(ctx, { send: (bytes, note) => { wire.push({ from: 'client', bytes, note }); server.receive(bytes); } }, serverName);
  const server: TlsServer = new TlsServer(ctx, { send: (bytes, note) => { wire.push({ from: 'server', bytes, note }); client.receive(bytes); } }, (sni) => sni ?? 'default.test');
  client.onData = (b) => received.client.push(new TextDecoder().decode(b));
  server.onData = (b) => received.server.push(new TextDecoder().decode(b));
  client.onError = (why) => errors.push(`client: ${why}`);
  server.onError = (why) => errors.push(`server: ${why}`);
  return { client, server, wire, received, errors };
}

const recordSizes = (bytes: Uint8Array) => {
  const read = new TlsRecordReader().push(bytes);
  return read.ok ? read.value.map((r) => [r.type, r.fragment.length]) : read.error;
};

describe('a simulated TLS 1.3 session', () => {
  it('completes the handshake in one round trip, with real record types and lengths', () => {
    const { client, server, wire, errors } = pair('www.example.test');
    let opened = 0;
    client.onOpen = () => opened++;
    server.onOpen = () => opened++;
    client.start();
    expect(errors).toEqual([]);
    expect(opened).toBe(2);
    expect(server.serverName).toBe('www.example.test');
    expect(client.certificateName).toBe('www.example.test');
    expect(wire.map((w) => w.from)).toEqual(['client', 'server', 'client']);
    // ClientHello; ServerHello, CCS, then EE (21 + 1 + 16), Certificate (1037 + 17), CertificateVerify (79 + 17), Finished (36 + 17); CCS, client Finished.
    expect(recordSizes(wire[1].bytes)).toEqual([[22, 122], [20, 1], [23, 38], [23, 1054], [23, 96], [23, 53]]);
    expect(recordSizes(wire[2].bytes)).toEqual([[20, 1], [23, 53]]);
    expect(wire[0].note).toMatch(/SNI www\.example\.test/);
  });

  it('carries application data both ways, unreadable on the wire', () => {
    const { client, server, wire, received, errors } = pair('www.example.test');
    client.start();
    client.send(new TextEncoder().encode('GET / HTTP/1.1\r\n\r\n'), 'HTTP request');
    server.send(new TextEncoder().encode('HTTP/1.1 204 No Content\r\n\r\n'), 'HTTP response');
    expect(errors).toEqual([]);
    expect(received).toEqual({ server: ['GET / HTTP/1.1\r\n\r\n'], client: ['HTTP/1.1 204 No Content\r\n\r\n'] });
    const request = wire[3].bytes;
    expect(recordSizes(request)).toEqual([[23, 18 + 1 + 16]]);
    expect(new TextDecoder().decode(request)).not.toContain('GET');
  });

  it('sends no SNI for an address, and the server presents its default certificate', () => {
    const { client, server } = pair(undefined);
    client.start();
    expect(server.serverName).toBeUndefined();
    expect(client.certificateName).toBe('default.test');
  });

  it('fails a record whose bytes were changed on the way', () => {
    const { client, server, errors } = pair('www.example.test');
    client.start();
    server.receive(Uint8Array.from([23, 3, 3, 0, 20, ...new Uint8Array(20)]));
    expect(errors).toEqual(['server: a record failed its authentication check (bad_record_mac)']);
  });
});
