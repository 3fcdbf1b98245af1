/**
 * TLS 1.3 (RFC 8446) as it looks on the wire: records (content type 1,
 * legacy version 2, length 2, fragment, §5.1), handshake messages (type 1,
 * length 3, body, §4), and the two messages sent in the clear, ClientHello
 * (§4.1.2) and ServerHello (§4.1.3), with their extensions (§4.2). Everything
 * after ServerHello travels as opaque application_data records (§5.2): the
 * inner plaintext, one byte of its real content type, and a 16-byte AEAD tag.
 */
import type { DecodedLayer, Field, Parsed } from './fields';
import { hex4 } from './hex';

export const TLS_RECORD_HEADER_LENGTH = 5;
/** The AEAD tag of every TLS 1.3 cipher suite (AES-GCM, ChaCha20-Poly1305) is 16 bytes. */
export const AEAD_TAG_LENGTH = 16;
/** A record's ciphertext may be at most 2^14 + 256 bytes (RFC 8446 §5.2). */
export const MAX_CIPHERTEXT_LENGTH = 16384 + 256;

export const CONTENT_TYPE = { changeCipherSpec: 20, alert: 21, handshake: 22, applicationData: 23 } as const;
export const HANDSHAKE_TYPE = { clientHello: 1, serverHello: 2, newSessionTicket: 4, encryptedExtensions: 8, certificate: 11, certificateVerify: 15, finished: 20 } as const;
export const EXTENSION_TYPE = { serverName: 0, supportedGroups: 10, signatureAlgorithms: 13, alpn: 16, supportedVersions: 43, pskKeyExchangeModes: 45, keyShare: 51 } as const;
export const CIPHER_SUITE = { aes128GcmSha256: 0x1301, aes256GcmSha384: 0x1302, chacha20Poly1305Sha256: 0x1303 } as const;
export const NAMED_GROUP = { x25519: 0x001d, secp256r1: 0x0017, secp384r1: 0x0018 } as const;

/** legacy_version and legacy_record_version: TLS 1.2's number, frozen for middleboxes (§4.1.2, §5.1). */
export const TLS12_VERSION = 0x0303;
/** The initial ClientHello's record may say TLS 1.0, as OpenSSL's does (§5.1). */
export const TLS10_VERSION = 0x0301;
export const TLS13_VERSION = 0x0304;

const CONTENT_TYPE_NAMES: Record<number, string> = { 20: 'Change Cipher Spec', 21: 'Alert', 22: 'Handshake', 23: 'Application Data' };
const HANDSHAKE_NAMES: Record<number, string> = { 1: 'Client Hello', 2: 'Server Hello', 4: 'New Session Ticket', 8: 'Encrypted Extensions', 11: 'Certificate', 15: 'Certificate Verify', 20: 'Finished' };
const EXTENSION_NAMES: Record<number, string> = { 0: 'server_name', 10: 'supported_groups', 13: 'signature_algorithms', 16: 'application_layer_protocol_negotiation', 43: 'supported_versions', 45: 'psk_key_exchange_modes', 51: 'key_share', 35: 'session_ticket', 28: 'record_size_limit', 65281: 'renegotiation_info' };
const SUITE_NAMES: Record<number, string> = { 0x1301: 'TLS_AES_128_GCM_SHA256', 0x1302: 'TLS_AES_256_GCM_SHA384', 0x1303: 'TLS_CHACHA20_POLY1305_SHA256' };
const GROUP_NAMES: Record<number, string> = { 0x001d: 'x25519', 0x0017: 'secp256r1', 0x0018: 'secp384r1', 0x0019: 'secp521r1', 0x0100: 'ffdhe2048' };

export interface TlsRecord {
  type: number;
  version: number;
  fragment: Uint8Array;
}

export interface TlsExtension {
  type: number;
  data: Uint8Array;
}

export interface ClientHello {
  random: Uint8Array;
  /** A 32-byte legacy session id keeps middleboxes happy (§D.4); it means nothing to TLS 1.3. */
  sessionId: Uint8Array;
  cipherSuites: number[];
  extensions: TlsExtension[];
}

export interface ServerHello {
  random: Uint8Array;
  /** The client's legacy session id, echoed. */
  sessionId: Uint8Array;
  cipherSuite: number;
  extensions: TlsExtension[];
}

export interface HandshakeMessage {
  type: number;
  body: Uint8Array;
}

/** Writes big-endian integers and length-prefixed vectors (RFC 8446 §3.4). */
class Writer {
  private parts: number[] = [];

  uint(value: number, bytes: number): this {
    for (let i = bytes - 1; i >= 0; i--) this.parts.push(Math.floor(value / 2 ** (8 * i)) & 0xff);
    return this;
  }

  bytes(data: Uint8Array | readonly number[]): this {
    for (const b of data) this.parts.push(b);
    return this;
  }

  /** A vector: its length in `lengthBytes`, then what `fill` writes. */
  vector(lengthBytes: number, fill: (w: Writer) => void): this {
    const inner = new Writer();
    fill(inner);
    return this.uint(inner.parts.length, lengthBytes).bytes(inner.parts);
  }

  done(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

/** Reads what Writer writes, failing with a message instead of reading past the end. */
class Reader {
  at = 0;

  constructor(private readonly data: Uint8Array, private readonly what: string) {}

  get left(): number {
    return this.data.length - this.at;
  }

  uint(bytes: number): number {
    this.need(bytes);
    let value = 0;
    for (let i = 0; i < bytes; i++) value = value * 256 + this.data[this.at++];
    return value;
  }

  bytes(length: number): Uint8Array {
    this.need(length);
    this.at += length;
    return this.data.subarray(this.at - length, this.at);
  }

  vector(lengthBytes: number): Uint8Array {
    return this.bytes(this.uint(lengthBytes));
  }

  private need(length: number): void {
    if (this.at + length > this.data.length) throw new RangeError(`The ${this.what} ends ${this.at + length - this.data.length} bytes too soon`);
  }
}

function tryRead<T>(read: () => T): Parsed<T> {
  try {
    return { ok: true, value: read() };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

export function encodeTlsRecord(record: TlsRecord): Uint8Array {
  if (record.fragment.length > MAX_CIPHERTEXT_LENGTH) throw new RangeError(`A TLS record holds at most ${MAX_CIPHERTEXT_LENGTH} bytes, not ${record.fragment.length}`);
  return new Writer().uint(record.type, 1).uint(record.version, 2).vector(2, (w) => w.bytes(record.fragment)).done();
}

/** Reads records from one direction of a connection as its bytes arrive: a record may span segments, and a segment hold several. */
export class TlsRecordReader {
  private buffered = new Uint8Array(0);
  private failed?: string;

  push(bytes: Uint8Array): Parsed<TlsRecord[]> {
    if (this.failed) return { ok: false, error: this.failed };
    const joined = new Uint8Array(this.buffered.length + bytes.length);
    joined.set(this.buffered);
    joined.set(bytes, this.buffered.length);
    const records: TlsRecord[] = [];
    let at = 0;
    while (joined.length - at >= TLS_RECORD_HEADER_LENGTH) {
      const problem = recordHeaderProblem(joined, at);
      if (problem) {
        this.failed = problem;
        return { ok: false, error: problem };
      }
      const length = (joined[at + 3] << 8) | joined[at + 4];
      if (joined.length - at < TLS_RECORD_HEADER_LENGTH + length) break;
      records.push({ type: joined[at], version: (joined[at + 1] << 8) | joined[at + 2], fragment: joined.slice(at + 5, at + 5 + length) });
      at += TLS_RECORD_HEADER_LENGTH + length;
    }
    this.buffered = joined.slice(at);
    return { ok: true, value: records };
  }
}

/** What is wrong with the record header at `at`, if anything: an unknown content type, a version not 3.x, a length over the limit. */
function recordHeaderProblem(bytes: Uint8Array, at: number): string | undefined {
  const type = bytes[at];
  if (!(type in CONTENT_TYPE_NAMES)) return `${type} is not a TLS content type: this is not a TLS stream`;
  if (bytes[at + 1] !== 3) return `Record version ${bytes[at + 1]}.${bytes[at + 2]} is not TLS`;
  const length = (bytes[at + 3] << 8) | bytes[at + 4];
  if (length > MAX_CIPHERTEXT_LENGTH) return `A record of ${length} bytes is over TLS's limit of ${MAX_CIPHERTEXT_LENGTH}`;
  return undefined;
}

export function encodeHandshake(message: HandshakeMessage): Uint8Array {
  return new Writer().uint(message.type, 1).vector(3, (w) => w.bytes(message.body)).done();
}

/** The handshake messages in a handshake record's fragment (each whole: this engine never splits one across records). */
export function parseHandshakes(fragment: Uint8Array): Parsed<HandshakeMessage[]> {
  return tryRead(() => {
    const reader = new Reader(fragment, 'handshake message');
    const messages: HandshakeMessage[] = [];
    while (reader.left > 0) messages.push({ type: reader.uint(1), body: reader.vector(3) });
    return messages;
  });
}

function writeExtensions(w: Writer, extensions: readonly TlsExtension[]): void {
  w.vector(2, (list) => {
    for (const e of extensions) list.uint(e.type, 2).vector(2, (d) => d.bytes(e.data));
  });
}

function readExtensions(reader: Reader): TlsExtension[] {
  const list = new Reader(reader.vector(2), 'extension list');
  const extensions: TlsExtension[] = [];
  while (list.left > 0) extensions.push({ type: list.uint(2), data: list.vector(2) });
  return extensions;
}

/** The whole ClientHello handshake message, header included. */
export function encodeClientHello(hello: ClientHello): Uint8Array {
  const body = new Writer()
    .uint(TLS12_VERSION, 2)
    .bytes(hello.random)
    .vector(1, (w) => w.bytes(hello.sessionId))
    .vector(2, (w) => hello.cipherSuites.forEach((s) => w.uint(s, 2)))
    // legacy_compression_methods: only "null" (§4.1.2).
    .vector(1, (w) => w.uint(0, 1));
  writeExtensions(body, hello.extensions);
  return encodeHandshake({ type: HANDSHAKE_TYPE.clientHello, body: body.done() });
}

/** A ClientHello's body (after the 4-byte handshake header). */
export function parseClientHello(body: Uint8Array): Parsed<ClientHello> {
  return tryRead(() => {
    const reader = new Reader(body, 'ClientHello');
    reader.uint(2);
    const random = reader.bytes(32);
    const sessionId = reader.vector(1);
    const suites = new Reader(reader.vector(2), 'cipher suite list');
    const cipherSuites: number[] = [];
    while (suites.left > 0) cipherSuites.push(suites.uint(2));
    reader.vector(1);
    return { random, sessionId, cipherSuites, extensions: readExtensions(reader) };
  });
}

export function encodeServerHello(hello: ServerHello): Uint8Array {
  const body = new Writer()
    .uint(TLS12_VERSION, 2)
    .bytes(hello.random)
    .vector(1, (w) => w.bytes(hello.sessionId))
    .uint(hello.cipherSuite, 2)
    .uint(0, 1);
  writeExtensions(body, hello.extensions);
  return encodeHandshake({ type: HANDSHAKE_TYPE.serverHello, body: body.done() });
}

export function parseServerHello(body: Uint8Array): Parsed<ServerHello> {
  return tryRead(() => {
    const reader = new Reader(body, 'ServerHello');
    reader.uint(2);
    const random = reader.bytes(32);
    const sessionId = reader.vector(1);
    const cipherSuite = reader.uint(2);
    reader.uint(1);
    return { random, sessionId, cipherSuite, extensions: readExtensions(reader) };
  });
}

const ascii = (text: string) => Array.from(text, (c) => c.charCodeAt(0) & 0xff);
const textOf = (bytes: Uint8Array) => String.fromCharCode(...bytes);

/** server_name (RFC 6066 §3): a list holding one host_name (type 0). */
export function serverNameExtension(host: string): TlsExtension {
  const data = new Writer().vector(2, (list) => list.uint(0, 1).vector(2, (w) => w.bytes(ascii(host)))).done();
  return { type: EXTENSION_TYPE.serverName, data };
}

export function supportedGroupsExtension(groups: readonly number[]): TlsExtension {
  return { type: EXTENSION_TYPE.supportedGroups, data: new Writer().vector(2, (w) => groups.forEach((g) => w.uint(g, 2))).done() };
}

export function signatureAlgorithmsExtension(schemes: readonly number[]): TlsExtension {
  return { type: EXTENSION_TYPE.signatureAlgorithms, data: new Writer().vector(2, (w) => schemes.forEach((s) => w.uint(s, 2))).done() };
}

/** ALPN (RFC 7301 §3.1): a list of protocol names, each with a one-byte length. */
export function alpnExtension(protocols: readonly string[]): TlsExtension {
  return { type: EXTENSION_TYPE.alpn, data: new Writer().vector(2, (w) => protocols.forEach((p) => w.vector(1, (n) => n.bytes(ascii(p))))).done() };
}

/** The client's supported_versions: a list with a one-byte length (§4.2.1). */
export function clientVersionsExtension(versions: readonly number[]): TlsExtension {
  return { type: EXTENSION_TYPE.supportedVersions, data: new Writer().vector(1, (w) => versions.forEach((v) => w.uint(v, 2))).done() };
}

/** The server's supported_versions: the one version it chose. */
export function serverVersionExtension(version: number): TlsExtension {
  return { type: EXTENSION_TYPE.supportedVersions, data: new Writer().uint(version, 2).done() };
}

/** psk_key_exchange_modes (§4.2.9); 1 is psk_dhe_ke. */
export function pskModesExtension(modes: readonly number[]): TlsExtension {
  return { type: EXTENSION_TYPE.pskKeyExchangeModes, data: new Writer().vector(1, (w) => w.bytes(modes)).done() };
}

export interface KeyShare {
  group: number;
  key: Uint8Array;
}

/** The client's key_share: a list of shares (§4.2.8). */
export function clientKeyShareExtension(shares: readonly KeyShare[]): TlsExtension {
  return { type: EXTENSION_TYPE.keyShare, data: new Writer().vector(2, (w) => shares.forEach((s) => w.uint(s.group, 2).vector(2, (k) => k.bytes(s.key)))).done() };
}

/** The server's key_share: the one share it answers with. */
export function serverKeyShareExtension(share: KeyShare): TlsExtension {
  return { type: EXTENSION_TYPE.keyShare, data: new Writer().uint(share.group, 2).vector(2, (k) => k.bytes(share.key)).done() };
}

function extensionData(extensions: readonly TlsExtension[], type: number): Uint8Array | undefined {
  return extensions.find((e) => e.type === type)?.data;
}

/** The host name a ClientHello's SNI names, if any. */
export function serverNameOf(hello: Pick<ClientHello, 'extensions'>): string | undefined {
  const data = extensionData(hello.extensions, EXTENSION_TYPE.serverName);
  if (!data) return undefined;
  const read = tryRead(() => {
    const list = new Reader(new Reader(data, 'server_name').vector(2), 'server name list');
    while (list.left > 0) {
      const type = list.uint(1);
      const name = list.vector(2);
      if (type === 0) return textOf(name);
    }
    return undefined;
  });
  return read.ok ? read.value : undefined;
}

/** The version a ServerHello selects (supported_versions, §4.2.1), or its legacy_version when it has none (TLS 1.2 and older). */
export function selectedVersionOf(hello: Pick<ServerHello, 'extensions'>): number | undefined {
  const data = extensionData(hello.extensions, EXTENSION_TYPE.supportedVersions);
  return data?.length === 2 ? (data[0] << 8) | data[1] : undefined;
}

/** The protocols an ALPN extension lists. */
export function alpnProtocolsOf(hello: Pick<ClientHello, 'extensions'>): string[] {
  const data = extensionData(hello.extensions, EXTENSION_TYPE.alpn);
  if (!data) return [];
  const read = tryRead(() => {
    const list = new Reader(new Reader(data, 'ALPN').vector(2), 'protocol list');
    const names: string[] = [];
    while (list.left > 0) names.push(textOf(list.vector(1)));
    return names;
  });
  return read.ok ? read.value : [];
}

/** The key share a ServerHello answers with. */
export function serverKeyShareOf(hello: Pick<ServerHello, 'extensions'>): KeyShare | undefined {
  const data = extensionData(hello.extensions, EXTENSION_TYPE.keyShare);
  if (!data) return undefined;
  const read = tryRead(() => {
    const reader = new Reader(data, 'key_share');
    return { group: reader.uint(2), key: reader.vector(2) };
  });
  return read.ok ? read.value : undefined;
}

export function contentTypeName(type: number): string {
  return CONTENT_TYPE_NAMES[type] ?? `Unknown (${type})`;
}

export function handshakeName(type: number): string {
  return HANDSHAKE_NAMES[type] ?? `Unknown handshake (${type})`;
}

/** Whether a TCP payload begins with what looks like a TLS record header. */
export function startsTlsRecord(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] in CONTENT_TYPE_NAMES && bytes[1] === 3 && bytes[2] <= 4;
}

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const word = (n: number) => `0x${hex4(n)}`;

/** Why the OSI view can read these bytes, or cannot. */
const WHY_CLEAR = 'readable by anyone on the path: the hellos are sent before any key exists';
const WHY_SEALED = 'encrypted with keys from the X25519 exchange that only the two ends can compute; on the wire only its length shows (this simulation fills it with pseudo-random bytes, not real AES-GCM)';

/**
 * The TLS records in one TCP segment, for the OSI view: each record's header,
 * the hellos field by field with every extension, and the encrypted records
 * as what they are on the wire, opaque bytes of a known length. A segment may
 * start inside a record begun earlier, and its last record may go on in the
 * next one.
 */
export function describeTls(bytes: Uint8Array, offset: number, length: number): DecodedLayer {
  const available = Math.max(0, Math.min(length, bytes.length - offset));
  const end = offset + available;
  const layer: DecodedLayer = { layer: 6, protocol: 'TLS', offset, length: available, fields: [], summary: '' };
  if (!startsTlsRecord(bytes.subarray(offset, end))) {
    layer.fields.push({ name: 'continuation', label: 'Continuation', offset, length: available, value: `${available} bytes of a record begun in an earlier segment` });
    layer.summary = 'Continuation Data';
    return layer;
  }
  const names: string[] = [];
  let at = offset;
  let index = 1;
  while (at < end) {
    const p = `record-${index}`;
    if (end - at < TLS_RECORD_HEADER_LENGTH) {
      layer.fields.push({ name: `${p}-partial`, label: 'Record header (continues)', offset: at, length: end - at, value: `${end - at} of its 5 bytes; the rest is in the next segment` });
      break;
    }
    const problem = recordHeaderProblem(bytes, at);
    if (problem) {
      layer.fields.push({ name: `${p}-bad`, label: 'Not a TLS record', offset: at, length: end - at, value: `${end - at} bytes` });
      layer.problem = problem;
      break;
    }
    const type = bytes[at];
    const recordLength = (bytes[at + 3] << 8) | bytes[at + 4];
    const fragmentEnd = Math.min(end, at + 5 + recordLength);
    const whole = fragmentEnd === at + 5 + recordLength;
    layer.fields.push(
      { name: `${p}-type`, label: 'Content type', offset: at, length: 1, value: `${type} (${contentTypeName(type)}; a record header is never encrypted, so anyone on the path reads it)` },
      { name: `${p}-version`, label: 'Legacy record version', offset: at + 1, length: 2, value: `${word((bytes[at + 1] << 8) | bytes[at + 2])} (${bytes[at + 2] === 1 ? 'TLS 1.0' : 'TLS 1.2'}; frozen, the real version is negotiated inside)` },
      { name: `${p}-length`, label: 'Length', offset: at + 3, length: 2, value: `${recordLength}${whole ? '' : ` (${fragmentEnd - at - 5} here, the rest in the next segment)`}` },
    );
    const fragment = bytes.subarray(at + 5, fragmentEnd);
    names.push(describeFragment(layer.fields, p, type, fragment, at + 5, whole));
    at = fragmentEnd;
    index++;
  }
  layer.summary = names.join(', ');
  return layer;
}

/** The fields of one record's fragment; returns its name for the summary. */
function describeFragment(fields: Field[], p: string, type: number, fragment: Uint8Array, at: number, whole: boolean): string {
  if (type === CONTENT_TYPE.changeCipherSpec) {
    fields.push({ name: `${p}-ccs`, label: 'Change cipher spec', offset: at, length: fragment.length, value: `${hex(fragment)}: meaningless in TLS 1.3, sent so middleboxes see a familiar TLS 1.2 handshake (RFC 8446 §D.4)` });
    return 'Change Cipher Spec';
  }
  if (type === CONTENT_TYPE.applicationData) {
    fields.push({ name: `${p}-encrypted`, label: 'Encrypted record', offset: at, length: fragment.length, value: `${fragment.length} bytes${whole ? '' : ' so far'}: a message, its real content type (1 byte) and a 16-byte authentication tag, ${WHY_SEALED}` });
    return 'Application Data';
  }
  if (type !== CONTENT_TYPE.handshake || !whole) {
    fields.push({ name: `${p}-fragment`, label: `${contentTypeName(type)} data`, offset: at, length: fragment.length, value: `${fragment.length} bytes${whole ? '' : ' so far'}` });
    return contentTypeName(type);
  }
  const messages: string[] = [];
  let m = 0;
  while (m + 4 <= fragment.length) {
    const hsType = fragment[m];
    const hsLength = (fragment[m + 1] << 16) | (fragment[m + 2] << 8) | fragment[m + 3];
    const body = fragment.subarray(m + 4, m + 4 + hsLength);
    fields.push(
      { name: `${p}-hs-type`, label: 'Handshake type', offset: at + m, length: 1, value: `${hsType} (${handshakeName(hsType)})` },
      { name: `${p}-hs-length`, label: 'Handshake length', offset: at + m + 1, length: 3, value: `${hsLength}` },
    );
    if (hsType === HANDSHAKE_TYPE.clientHello || hsType === HANDSHAKE_TYPE.serverHello) {
      const sni = describeHello(fields, p, hsType, body, at + m + 4);
      messages.push(hsType === HANDSHAKE_TYPE.clientHello && sni ? `Client Hello (SNI=${sni})` : handshakeName(hsType));
    } else {
      fields.push({ name: `${p}-hs-body`, label: handshakeName(hsType), offset: at + m + 4, length: body.length, value: `${body.length} bytes` });
      messages.push(handshakeName(hsType));
    }
    m += 4 + hsLength;
  }
  return messages.join(', ');
}

/** A ClientHello or ServerHello body, field by field; returns the SNI host name if there is one. */
function describeHello(fields: Field[], p: string, type: number, body: Uint8Array, at: number): string | undefined {
  const client = type === HANDSHAKE_TYPE.clientHello;
  const reader = new Reader(body, client ? 'ClientHello' : 'ServerHello');
  const field = (name: string, label: string, start: number, value: string) => fields.push({ name: `${p}-${name}`, label, offset: at + start, length: reader.at - start, value });
  let sni: string | undefined;
  const read = tryRead(() => {
    let start = reader.at;
    field('legacy-version', 'Legacy version', start, `${word(reader.uint(2))} (TLS 1.2, frozen: supported_versions says 1.3)`);
    start = reader.at;
    field('random', 'Random', start, `${hex(reader.bytes(32))} (${WHY_CLEAR})`);
    start = reader.at;
    const sessionId = reader.vector(1);
    field('session-id', 'Legacy session ID', start, `${sessionId.length} bytes${sessionId.length ? `: ${hex(sessionId)}` : ''}`);
    start = reader.at;
    if (client) {
      const suites = new Reader(reader.vector(2), 'cipher suite list');
      const names: string[] = [];
      while (suites.left > 0) names.push(suiteName(suites.uint(2)));
      field('cipher-suites', 'Cipher suites', start, names.join(', '));
      start = reader.at;
      field('compression', 'Compression methods', start, `${hex(reader.vector(1))} (null only)`);
    } else {
      field('cipher-suite', 'Cipher suite', start, suiteName(reader.uint(2)));
      start = reader.at;
      field('compression', 'Compression method', start, `${reader.uint(1)} (null)`);
    }
    start = reader.at;
    const listLength = reader.uint(2);
    field('extensions-length', 'Extensions length', start, `${listLength}`);
    const listEnd = reader.at + listLength;
    while (reader.at < listEnd) {
      start = reader.at;
      const extType = reader.uint(2);
      const data = reader.vector(2);
      if (extType === EXTENSION_TYPE.serverName) sni = serverNameOf({ extensions: [{ type: extType, data }] });
      field(`ext-${extType}`, `Extension: ${EXTENSION_NAMES[extType] ?? `unknown (${extType})`}`, start, extensionValue(extType, data, client));
    }
  });
  if (!read.ok) fields.push({ name: `${p}-hello-bad`, label: 'Damaged hello', offset: at + reader.at, length: body.length - reader.at, value: read.error });
  return sni;
}

function suiteName(suite: number): string {
  return SUITE_NAMES[suite] ?? word(suite);
}

/** An extension's content in words; the encrypted-or-not story is told where it matters (SNI, key share). */
function extensionValue(type: number, data: Uint8Array, client: boolean): string {
  const hello = { extensions: [{ type, data }] };
  const words = (list: Uint8Array, name: (n: number) => string) => {
    const names: string[] = [];
    for (let i = 0; i + 1 < list.length; i += 2) names.push(name((list[i] << 8) | list[i + 1]));
    return names.join(', ');
  };
  switch (type) {
    case EXTENSION_TYPE.serverName:
      return serverNameOf(hello) ?? '(unreadable)';
    case EXTENSION_TYPE.supportedGroups:
      return words(data.subarray(2), (g) => GROUP_NAMES[g] ?? word(g));
    case EXTENSION_TYPE.signatureAlgorithms:
      return words(data.subarray(2), word);
    case EXTENSION_TYPE.alpn:
      return alpnProtocolsOf(hello).join(', ');
    case EXTENSION_TYPE.supportedVersions:
      return words(client ? data.subarray(1) : data, (v) => (v === TLS13_VERSION ? 'TLS 1.3' : word(v)));
    case EXTENSION_TYPE.keyShare: {
      const share = client ? tryRead(() => new Reader(new Reader(data, 'key_share').vector(2), 'share list')) : undefined;
      const first = client ? (share?.ok ? share.value : undefined) : new Reader(data, 'key_share');
      const parsed = first && tryRead(() => ({ group: first.uint(2), key: first.vector(2) }));
      return parsed?.ok ? `${GROUP_NAMES[parsed.value.group] ?? word(parsed.value.group)} public key ${hex(parsed.value.key)} (public by design: the shared secret cannot be computed from the two public keys)` : `${data.length} bytes`;
    }
    default:
      return `${data.length} bytes${data.length ? `: ${hex(data)}` : ''}`;
  }
}
