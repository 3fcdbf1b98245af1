/**
 * HTTP/1.1 messages (RFC 9112): a start line (request line or status line),
 * header field lines, an empty line, then a body whose length the
 * Content-Length field gives. The head is ASCII text with CRLF line ends.
 * Chunked transfer coding is not spoken here: every message this engine
 * sends carries a Content-Length.
 */
import type { DecodedLayer, Field, Parsed } from './fields';

export interface HttpHeader {
  name: string;
  value: string;
}

export interface HttpRequest {
  kind: 'request';
  method: string;
  /** The request target, "/" or "/about.html" (origin form, RFC 9112 §3.2.1). */
  target: string;
  headers: HttpHeader[];
  body: Uint8Array;
}

export interface HttpResponse {
  kind: 'response';
  status: number;
  /** The reason phrase, "OK", "Not Found". */
  reason: string;
  headers: HttpHeader[];
  body: Uint8Array;
}

export type HttpMessage = HttpRequest | HttpResponse;

/** A parsed message and the exact bytes it came in. */
export type ReadMessage<M extends HttpMessage> = M & { raw: Uint8Array };

export const HTTP_VERSION = 'HTTP/1.1';

/** How large a header section a reader accepts: nginx's default large header buffer is 8 KiB. */
export const MAX_HEAD_BYTES = 8192;

const CRLF = '\r\n';
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'];

/** The reason phrases of RFC 9110 §15 for the status codes a web server here sends. */
export const REASON_PHRASES: Readonly<Record<number, string>> = {
  200: 'OK', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found', 303: 'See Other', 304: 'Not Modified',
  307: 'Temporary Redirect', 308: 'Permanent Redirect', 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  500: 'Internal Server Error', 503: 'Service Unavailable',
};

/** A header's value by name, compared without case (RFC 9110 §5.1); the first if repeated. */
export function headerValue(headers: readonly HttpHeader[], name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find((h) => h.name.toLowerCase() === lower)?.value;
}

export function encodeHttp(message: HttpMessage): Uint8Array {
  const startLine = message.kind === 'request'
    ? `${message.method} ${message.target} ${HTTP_VERSION}`
    : `${HTTP_VERSION} ${message.status} ${message.reason}`;
  const declared = headerValue(message.headers, 'Content-Length');
  if (declared !== undefined && Number(declared) !== message.body.length) {
    throw new RangeError(`Content-Length says ${declared} but the body is ${message.body.length} bytes`);
  }
  for (const h of message.headers) {
    if (!isToken(h.name) || /[\r\n]/.test(h.value)) throw new RangeError(`"${h.name}: ${h.value}" is not a valid header field line`);
  }
  const head = [startLine, ...message.headers.map((h) => `${h.name}: ${h.value}`), '', ''].join(CRLF);
  const bytes = new Uint8Array(head.length + message.body.length);
  for (let i = 0; i < head.length; i++) bytes[i] = head.charCodeAt(i) & 0xff;
  bytes.set(message.body, head.length);
  return bytes;
}

/**
 * Reads messages of one kind from one direction of a connection, as the bytes
 * arrive: a message may span several TCP segments, and one segment may end
 * one message and begin the next (a pipelined or keep-alive stream).
 */
export class HttpReader<K extends HttpMessage['kind']> {
  private buffered = new Uint8Array(0);
  private failed?: string;

  constructor(private readonly kind: K) {}

  /** Every message these bytes complete, in order; an error once the stream is not HTTP (the connection should close). */
  push(bytes: Uint8Array): Parsed<ReadMessage<Extract<HttpMessage, { kind: K }>>[]> {
    if (this.failed) return { ok: false, error: this.failed };
    const joined = new Uint8Array(this.buffered.length + bytes.length);
    joined.set(this.buffered);
    joined.set(bytes, this.buffered.length);
    const messages: ReadMessage<Extract<HttpMessage, { kind: K }>>[] = [];
    let at = 0;
    for (;;) {
      const read = readMessage(joined.subarray(at), this.kind);
      if (!read.ok) {
        this.failed = read.error;
        return read;
      }
      if (!read.value) break;
      messages.push(read.value.message as ReadMessage<Extract<HttpMessage, { kind: K }>>);
      at += read.value.length;
    }
    this.buffered = joined.slice(at);
    return { ok: true, value: messages };
  }

  /** Bytes of a message begun but not yet complete. */
  get pending(): number {
    return this.buffered.length;
  }
}

type ReadStep = Parsed<{ message: ReadMessage<HttpMessage>; length: number } | undefined>;

/** One whole message from the start of `bytes`, undefined if more bytes are needed. */
function readMessage(bytes: Uint8Array, kind: HttpMessage['kind']): ReadStep {
  if (bytes.length === 0) return { ok: true, value: undefined };
  const headEnd = findHeadEnd(bytes);
  if (headEnd < 0) {
    if (bytes.length > MAX_HEAD_BYTES) return { ok: false, error: `The header section is longer than ${MAX_HEAD_BYTES} bytes` };
    return { ok: true, value: undefined };
  }
  const head = parseHead(latin1(bytes, 0, headEnd), kind);
  if (!head.ok) return head;
  const { message } = head.value;
  const length = bodyLength(message);
  if (!length.ok) return length;
  const total = headEnd + 4 + length.value;
  if (bytes.length < total) return { ok: true, value: undefined };
  message.body = bytes.slice(headEnd + 4, total);
  return { ok: true, value: { message: { ...message, raw: bytes.slice(0, total) }, length: total } };
}

/** Where the empty line that ends the head begins (the index of its "\r\n\r\n"), or -1. */
function findHeadEnd(bytes: Uint8Array, from = 0): number {
  for (let i = from; i + 3 < bytes.length; i++) {
    if (bytes[i] === 13 && bytes[i + 1] === 10 && bytes[i + 2] === 13 && bytes[i + 3] === 10) return i;
  }
  return -1;
}

/** The start line and header lines (no final CRLF) as a message with an empty body. */
function parseHead(text: string, kind: HttpMessage['kind']): Parsed<{ message: HttpMessage }> {
  const [startLine, ...lines] = text.split(CRLF);
  const headers: HttpHeader[] = [];
  for (const line of lines) {
    const header = parseHeaderLine(line);
    if (!header.ok) return header;
    headers.push(header.value);
  }
  const empty = new Uint8Array(0);
  if (kind === 'request') {
    const request = parseRequestLine(startLine);
    if (!request.ok) return request;
    return { ok: true, value: { message: { kind, ...request.value, headers, body: empty } } };
  }
  const status = parseStatusLine(startLine);
  if (!status.ok) return status;
  return { ok: true, value: { message: { kind, ...status.value, headers, body: empty } } };
}

function parseRequestLine(line: string): Parsed<{ method: string; target: string }> {
  const parts = line.split(' ');
  if (parts.length !== 3 || !isToken(parts[0]) || parts[1] === '') return { ok: false, error: `"${line}" is not a request line (method, target and version, separated by single spaces)` };
  if (parts[2] !== HTTP_VERSION) return { ok: false, error: `The request asks for ${parts[2]}, but this server speaks ${HTTP_VERSION}` };
  return { ok: true, value: { method: parts[0], target: parts[1] } };
}

function parseStatusLine(line: string): Parsed<{ status: number; reason: string }> {
  const match = /^HTTP\/1\.[01] (\d{3}) ?(.*)$/.exec(line);
  if (!match) return { ok: false, error: `"${line}" is not a status line (version, three-digit status code, reason)` };
  return { ok: true, value: { status: Number(match[1]), reason: match[2] } };
}

function parseHeaderLine(line: string): Parsed<HttpHeader> {
  const colon = line.indexOf(':');
  const name = colon < 0 ? '' : line.slice(0, colon);
  // No space before the colon (RFC 9112 §5.1): a server must reject it.
  if (!isToken(name)) return { ok: false, error: `"${line}" is not a header field line (a name, a colon, a value)` };
  return { ok: true, value: { name, value: line.slice(colon + 1).trim() } };
}

/** RFC 9112 §6.3: 1xx, 204 and 304 responses have no body; otherwise Content-Length; a request without one has none. */
function bodyLength(message: HttpMessage): Parsed<number> {
  if (message.kind === 'response' && (message.status < 200 || message.status === 204 || message.status === 304)) return { ok: true, value: 0 };
  if (headerValue(message.headers, 'Transfer-Encoding') !== undefined) return { ok: false, error: 'Chunked transfer coding is not supported here: the message must carry a Content-Length' };
  const declared = headerValue(message.headers, 'Content-Length');
  if (declared === undefined) {
    return message.kind === 'request' ? { ok: true, value: 0 } : { ok: false, error: 'The response has no Content-Length, so its end cannot be told before the connection closes' };
  }
  if (!/^\d+$/.test(declared)) return { ok: false, error: `Content-Length "${declared}" is not a number of bytes` };
  return { ok: true, value: Number(declared) };
}

/** A token (RFC 9110 §5.6.2): letters, digits and a few marks, at least one. */
function isToken(text: string): boolean {
  return /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(text);
}

/** Bytes as text one byte a character, so string offsets stay byte offsets. */
function latin1(bytes: Uint8Array, from: number, to: number): string {
  let text = '';
  for (let i = from; i < to; i++) text += String.fromCharCode(bytes[i]);
  return text;
}

/** Whether a TCP payload begins an HTTP/1.x message: a known method and a space, or a status line's version. */
export function startsHttpMessage(bytes: Uint8Array): boolean {
  const start = latin1(bytes, 0, Math.min(bytes.length, 8));
  return start.startsWith('HTTP/1.') || METHODS.some((m) => start.startsWith(`${m} `));
}

/** The Info line as Wireshark writes it: "GET / HTTP/1.1", "HTTP/1.1 200 OK (text/html)". */
export function httpSummary(message: HttpMessage): string {
  if (message.kind === 'request') return `${message.method} ${message.target} ${HTTP_VERSION}`;
  const type = headerValue(message.headers, 'Content-Type')?.split(';')[0];
  return `${HTTP_VERSION} ${message.status} ${message.reason}${type ? ` (${type})` : ''}`;
}

/**
 * The HTTP bytes of one TCP segment, for the OSI view: the start line, each
 * header line (its CRLF included) and the body, each with its offsets. A
 * segment that does not begin a message carries the rest of an earlier one.
 */
export function describeHttp(bytes: Uint8Array, offset: number, length: number): DecodedLayer {
  const available = Math.max(0, Math.min(length, bytes.length - offset));
  const data = bytes.subarray(offset, offset + available);
  const layer: DecodedLayer = { layer: 7, protocol: 'HTTP', offset, length: available, fields: [], summary: '' };
  if (!startsHttpMessage(data)) {
    layer.fields.push({ name: 'continuation', label: 'Continuation', offset, length: available, value: `${available} bytes of a message begun in an earlier segment` });
    layer.summary = 'Continuation';
    return layer;
  }
  const fields: Field[] = [];
  const headEnd = findHeadEnd(data);
  const headText = latin1(data, 0, headEnd < 0 ? data.length : headEnd + 2);
  let at = 0;
  let index = 0;
  for (;;) {
    const lineEnd = headText.indexOf(CRLF, at);
    if (lineEnd < 0) break;
    const line = headText.slice(at, lineEnd);
    if (index === 0) {
      const request = !line.startsWith('HTTP/');
      fields.push({ name: 'start-line', label: request ? 'Request line' : 'Status line', offset: offset + at, length: lineEnd + 2 - at, value: line });
    } else {
      const colon = line.indexOf(':');
      const name = colon < 0 ? line : line.slice(0, colon);
      fields.push({ name: `header-${index}`, label: name, offset: offset + at, length: lineEnd + 2 - at, value: colon < 0 ? '(no colon: not a header line)' : line.slice(colon + 1).trim() });
    }
    at = lineEnd + 2;
    index++;
  }
  if (headEnd < 0) {
    if (at < data.length) fields.push({ name: 'head-continues', label: 'Header section continues', offset: offset + at, length: data.length - at, value: `${data.length - at} bytes; the rest is in the next segment` });
    layer.fields = fields;
    layer.summary = `${fields[0]?.value ?? 'HTTP'} (header section continues)`;
    return layer;
  }
  fields.push({ name: 'end-of-head', label: 'End of header section', offset: offset + headEnd + 2, length: 2, value: 'empty line (CRLF)' });
  const bodyAt = headEnd + 4;
  const parsed = readMessage(data, startsWithStatus(data) ? 'response' : 'request');
  if (bodyAt < data.length) {
    const bodyLength = parsed.ok && parsed.value ? parsed.value.length - bodyAt : data.length - bodyAt;
    fields.push({ name: 'body', label: 'Body', offset: offset + bodyAt, length: bodyLength, value: `${bodyLength} bytes: ${preview(data.subarray(bodyAt, bodyAt + bodyLength))}` });
    if (bodyAt + bodyLength < data.length) fields.push({ name: 'next-message', label: 'Next message', offset: offset + bodyAt + bodyLength, length: data.length - bodyAt - bodyLength, value: `${data.length - bodyAt - bodyLength} bytes of the next message` });
  }
  layer.fields = fields;
  if (!parsed.ok) {
    layer.summary = fields[0].value;
    layer.problem = parsed.error;
  } else {
    const head = parseHead(latin1(data, 0, headEnd), startsWithStatus(data) ? 'response' : 'request');
    layer.summary = head.ok ? httpSummary(head.value.message) : fields[0].value;
    if (!parsed.value) layer.summary += ' (body continues)';
  }
  return layer;
}

function startsWithStatus(data: Uint8Array): boolean {
  return latin1(data, 0, 5) === 'HTTP/';
}

/** The start of a body as readable text: UTF-8, control characters as spaces, cut at 60 characters. */
function preview(body: Uint8Array): string {
  const text = Array.from(new TextDecoder().decode(body), (c) => (c.charCodeAt(0) < 32 ? ' ' : c)).join('').replace(/ +/g, ' ').trim();
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
