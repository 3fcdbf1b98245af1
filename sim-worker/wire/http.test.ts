import { describe, expect, it } from 'vitest';
import { describeHttp, encodeHttp, headerValue, HttpReader, type HttpRequest, type HttpResponse, httpSummary, startsHttpMessage } from './http';

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const text = (bytes: Uint8Array) => String.fromCharCode(...bytes);

/** The request the browser sends, header by header as curl 7.88 orders them (Host, User-Agent, Accept), plus keep-alive. */
const GET: HttpRequest = {
  kind: 'request', method: 'GET', target: '/', body: new Uint8Array(0),
  headers: [
    { name: 'Host', value: 'www.example.test' },
    { name: 'User-Agent', value: 'Flintnet' },
    { name: 'Accept', value: '*/*' },
    { name: 'Connection', value: 'keep-alive' },
  ],
};
const GET_BYTES = 'GET / HTTP/1.1\r\nHost: www.example.test\r\nUser-Agent: Flintnet\r\nAccept: */*\r\nConnection: keep-alive\r\n\r\n';

const OK: HttpResponse = {
  kind: 'response', status: 200, reason: 'OK', body: ascii('<h1>Hi</h1>\n'),
  headers: [{ name: 'Content-Type', value: 'text/html; charset=utf-8' }, { name: 'Content-Length', value: '12' }],
};
const OK_BYTES = 'HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 12\r\n\r\n<h1>Hi</h1>\n';

describe('HTTP/1.1 messages', () => {
  it('encodes a request line, header lines and the empty line, byte for byte', () => {
    expect(text(encodeHttp(GET))).toBe(GET_BYTES);
  });

  it('encodes a status line and a Content-Length body', () => {
    expect(text(encodeHttp(OK))).toBe(OK_BYTES);
  });

  it('refuses a Content-Length that disagrees with the body, and a header line with a line break', () => {
    expect(() => encodeHttp({ ...OK, body: ascii('short') })).toThrow(/Content-Length says 12/);
    expect(() => encodeHttp({ ...GET, headers: [{ name: 'X', value: 'a\r\nEvil: 1' }] })).toThrow(/not a valid header/);
  });

  it('reads a message that arrives a few bytes at a time, and keeps its exact bytes', () => {
    const reader = new HttpReader('response');
    const bytes = ascii(OK_BYTES);
    const seen = [];
    for (let i = 0; i < bytes.length; i += 7) {
      const read = reader.push(bytes.subarray(i, i + 7));
      if (!read.ok) throw new Error(read.error);
      seen.push(...read.value);
    }
    expect(seen).toHaveLength(1);
    expect(seen[0].status).toBe(200);
    expect(seen[0].reason).toBe('OK');
    expect(headerValue(seen[0].headers, 'content-type')).toBe('text/html; charset=utf-8');
    expect(text(seen[0].body)).toBe('<h1>Hi</h1>\n');
    expect(seen[0].raw).toEqual(bytes);
    expect(reader.pending).toBe(0);
  });

  it('reads two requests that share one segment, and keeps the start of a third', () => {
    const reader = new HttpReader('request');
    const read = reader.push(ascii(GET_BYTES + GET_BYTES.replace('GET / ', 'GET /about.html ') + 'GET /x'));
    expect(read.ok && read.value.map((m) => m.target)).toEqual(['/', '/about.html']);
    expect(reader.pending).toBe(6);
  });

  it('says why a stream is not HTTP', () => {
    expect(new HttpReader('request').push(ascii('SSH-2.0-OpenSSH_9.2\r\n\r\n'))).toEqual({ ok: false, error: '"SSH-2.0-OpenSSH_9.2" is not a request line (method, target and version, separated by single spaces)' });
    expect(new HttpReader('request').push(ascii('GET / HTTP/1.1\r\nHost : x\r\n\r\n'))).toEqual({ ok: false, error: '"Host : x" is not a header field line (a name, a colon, a value)' });
    expect(new HttpReader('response').push(ascii('HTTP/1.1 200 OK\r\n\r\n'))).toEqual({ ok: false, error: 'The response has no Content-Length, so its end cannot be told before the connection closes' });
  });

  it('reads a 304 with no body even without Content-Length (RFC 9112 §6.3)', () => {
    const read = new HttpReader('response').push(ascii('HTTP/1.1 304 Not Modified\r\nETag: "1"\r\n\r\n'));
    expect(read.ok && read.value[0].body.length).toBe(0);
  });

  it('summarises as Wireshark does', () => {
    expect(httpSummary(GET)).toBe('GET / HTTP/1.1');
    expect(httpSummary(OK)).toBe('HTTP/1.1 200 OK (text/html)');
    expect(startsHttpMessage(ascii('GET / HTTP/1.1'))).toBe(true);
    expect(startsHttpMessage(ascii('GETTING'))).toBe(false);
  });
});

describe('describeHttp', () => {
  it('gives each line its own field with its offsets, CRLF included', () => {
    const frame = new Uint8Array(10 + OK_BYTES.length);
    frame.set(ascii(OK_BYTES), 10);
    const layer = describeHttp(frame, 10, OK_BYTES.length);
    expect(layer.summary).toBe('HTTP/1.1 200 OK (text/html)');
    expect(layer.problem).toBeUndefined();
    expect(layer.fields.map((f) => [f.label, f.offset, f.length, f.value])).toEqual([
      ['Status line', 10, 17, 'HTTP/1.1 200 OK'],
      ['Content-Type', 27, 40, 'text/html; charset=utf-8'],
      ['Content-Length', 67, 20, '12'],
      ['End of header section', 87, 2, 'empty line (CRLF)'],
      ['Body', 89, 12, '12 bytes: <h1>Hi</h1>'],
    ]);
  });

  it('says when the head or the body goes on in the next segment, and what a continuation is', () => {
    const head = describeHttp(ascii(GET_BYTES.slice(0, 45)), 0, 45);
    expect(head.summary).toBe('GET / HTTP/1.1 (header section continues)');
    expect(head.fields.at(-1)).toMatchObject({ name: 'head-continues', offset: 40, length: 5, value: '5 bytes; the rest is in the next segment' });
    const body = describeHttp(ascii(OK_BYTES.slice(0, 85)), 0, 85);
    expect(body.summary).toBe('HTTP/1.1 200 OK (text/html) (body continues)');
    expect(body.fields.at(-1)).toMatchObject({ name: 'body', length: 6 });
    expect(describeHttp(ascii('Hi</h1>'), 0, 7).fields).toEqual([{ name: 'continuation', label: 'Continuation', offset: 0, length: 7, value: '7 bytes of a message begun in an earlier segment' }]);
  });

  it('flags a damaged message', () => {
    const bad = describeHttp(ascii('HTTP/1.1 200 OK\r\nContent-Length: lots\r\n\r\n'), 0, 41);
    expect(bad.problem).toBe('Content-Length "lots" is not a number of bytes');
  });
});
