/**
 * Both ends of a TLS 1.3 connection over a byte stream (RFC 8446 §2, the
 * full handshake without a PSK):
 *
 *   client: ClientHello                         →
 *   server:      ← ServerHello, ChangeCipherSpec, {EncryptedExtensions}, {Certificate}, {CertificateVerify}, {Finished}
 *   client: ChangeCipherSpec, {Finished}        →
 *   both:   {application data} ⇄
 *
 * Record framing, message layouts and lengths are real; the cryptography is
 * simulated. Where TLS would run X25519 and AES-128-GCM, each direction here
 * XORs its records with a keystream drawn from a generator seeded by both
 * hellos' random values and key shares, and appends 16 more keystream bytes
 * as the tag. The bytes on the wire look as random as real ciphertext and
 * the receiver must decrypt them to learn anything, but (unlike real TLS) an
 * eavesdropper who saw both hellos could too. Session tickets (§4.6.1) are
 * not sent.
 */
import type { SimContext } from '../engine/context';
import { Prng } from '../engine/prng';
import {
  AEAD_TAG_LENGTH, alpnExtension, alpnProtocolsOf, CIPHER_SUITE, clientKeyShareExtension, clientVersionsExtension, CONTENT_TYPE,
  encodeClientHello, encodeHandshake, encodeServerHello, encodeTlsRecord, HANDSHAKE_TYPE, handshakeName, NAMED_GROUP, parseClientHello,
  parseHandshakes, parseServerHello, pskModesExtension, selectedVersionOf, serverKeyShareExtension, serverKeyShareOf, serverNameExtension,
  serverNameOf, serverVersionExtension, signatureAlgorithmsExtension, supportedGroupsExtension, TLS10_VERSION, TLS12_VERSION, TLS13_VERSION,
  TlsRecordReader, type TlsRecord,
} from '../wire/tls';

/** Where a session's records go: the TCP connection, with a note for the trace saying what they carry. */
export interface TlsTransport {
  send(bytes: Uint8Array, note: string): void;
}

/**
 * A transport over a TCP connection that also records what each flight is,
 * as an event on the device: TCP's own events say only how many bytes went.
 */
export function tracedTlsTransport(ctx: SimContext, deviceId: string, connection: { send(bytes: Uint8Array): void }): TlsTransport {
  return {
    send: (bytes, note) => {
      // The note's opening words, before any detail in brackets or after a colon: "ServerHello", "Finished".
      const summary = /^[^(:;,]*/.exec(note)![0].trim();
      ctx.trace.record({ device: deviceId, type: 'app', protocol: 'TLS', summary: `TLS: ${summary}`, layers: [{ layer: 6, protocol: 'TLS', reason: note }] });
      connection.send(bytes);
    },
  };
}

/** Chrome's signature algorithm list: ECDSA P-256, RSA-PSS and PKCS#1 with SHA-256, then the larger hashes. */
const SIGNATURE_SCHEMES = [0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601];
/** The most plaintext one record carries (RFC 8446 §5.1). */
const MAX_PLAINTEXT = 16384;
/** Sizes of what the simulated server sends, close to a real ECDSA P-256 site: a ~1 KB leaf certificate, a 71-byte DER signature. */
const CERTIFICATE_BYTES = 1024;
const SIGNATURE_BYTES = 71;
/** SHA-256's output: the length of Finished's verify_data. */
const VERIFY_DATA_BYTES = 32;

type Direction = 'client handshake' | 'server handshake' | 'client application' | 'server application';

const randomBytes = (ctx: SimContext, length: number) => Uint8Array.from({ length }, () => ctx.prng.int(0, 255));

/** What both ends compute once the hellos are exchanged: here, only a seed for each direction's keystream. */
class SimulatedKeys {
  private sequence = new Map<Direction, number>();

  constructor(private readonly secret: number) {}

  /** One record's keystream, fresh for each record in a direction, as TLS's per-record nonce makes it (§5.3). */
  private keystream(direction: Direction, length: number): Uint8Array {
    const n = this.sequence.get(direction) ?? 0;
    this.sequence.set(direction, n + 1);
    const prng = new Prng(mix(this.secret, `${direction} ${n}`));
    return Uint8Array.from({ length }, () => prng.int(0, 255));
  }

  /** TLSInnerPlaintext (content, its real type), sealed, as an application_data record (§5.2). */
  seal(direction: Direction, type: number, content: Uint8Array): Uint8Array {
    const inner = new Uint8Array(content.length + 1);
    inner.set(content);
    inner[content.length] = type;
    const stream = this.keystream(direction, inner.length + AEAD_TAG_LENGTH);
    const sealed = stream.slice();
    for (let i = 0; i < inner.length; i++) sealed[i] ^= inner[i];
    return encodeTlsRecord({ type: CONTENT_TYPE.applicationData, version: TLS12_VERSION, fragment: sealed });
  }

  open(direction: Direction, fragment: Uint8Array): { type: number; content: Uint8Array } | undefined {
    if (fragment.length < AEAD_TAG_LENGTH + 1) return undefined;
    const stream = this.keystream(direction, fragment.length);
    const length = fragment.length - AEAD_TAG_LENGTH;
    for (let i = length; i < fragment.length; i++) if (fragment[i] !== stream[i]) return undefined;
    const inner = fragment.slice(0, length);
    for (let i = 0; i < length; i++) inner[i] ^= stream[i];
    // Zero padding may follow the real content type (§5.4).
    let end = inner.length - 1;
    while (end > 0 && inner[end] === 0) end--;
    return { type: inner[end], content: inner.subarray(0, end) };
  }
}

/** FNV-1a over a seed and a label: a 32-bit seed for one keystream. */
function mix(seed: number, label: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

function keysFrom(...parts: Uint8Array[]): SimulatedKeys {
  let h = 0x811c9dc5;
  for (const part of parts) for (const b of part) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return new SimulatedKeys(h);
}

const changeCipherSpec = () => encodeTlsRecord({ type: CONTENT_TYPE.changeCipherSpec, version: TLS12_VERSION, fragment: Uint8Array.of(1) });

/** What either end does with records once keys exist: application data both ways. */
abstract class TlsEnd {
  /** The handshake is over: application data may flow. */
  onOpen?: () => void;
  onData?: (bytes: Uint8Array) => void;
  /** The session failed: the caller should close the connection. */
  onError?: (why: string) => void;
  protected keys?: SimulatedKeys;
  protected open = false;
  private reader = new TlsRecordReader();
  private failed = false;

  constructor(protected readonly ctx: SimContext, protected readonly transport: TlsTransport) {}

  protected abstract readonly sendsAs: 'client' | 'server';

  /** Bytes from the connection. */
  receive(bytes: Uint8Array): void {
    if (this.failed) return;
    const records = this.reader.push(bytes);
    if (!records.ok) return this.fail(records.error);
    for (const record of records.value) {
      if (this.failed) return;
      if (record.type === CONTENT_TYPE.changeCipherSpec) continue; // Ignored in TLS 1.3 (§5).
      if (record.type === CONTENT_TYPE.applicationData && this.keys) {
        const peer = this.sendsAs === 'client' ? 'server' : 'client';
        const opened = this.keys.open(`${peer} ${this.open ? 'application' : 'handshake'}`, record.fragment);
        if (!opened) return this.fail('a record failed its authentication check (bad_record_mac)');
        this.receivePlain(opened.type, opened.content);
      } else {
        this.receiveClear(record);
      }
    }
  }

  /** Application data, sealed in as many records as it needs. */
  send(bytes: Uint8Array, note: string): void {
    if (!this.open || !this.keys) return;
    const parts: Uint8Array[] = [];
    for (let at = 0; at < bytes.length; at += MAX_PLAINTEXT) {
      parts.push(this.keys.seal(`${this.sendsAs} application`, CONTENT_TYPE.applicationData, bytes.subarray(at, at + MAX_PLAINTEXT)));
    }
    this.transport.send(concat(parts), `${note}, encrypted in ${parts.length === 1 ? 'an application data record' : `${parts.length} application data records`}: on the wire only the record header and its length can be read`);
  }

  protected abstract receiveClear(record: TlsRecord): void;
  protected abstract receiveHandshake(type: number, body: Uint8Array): void;

  private receivePlain(type: number, content: Uint8Array): void {
    if (type === CONTENT_TYPE.applicationData && this.open) return this.onData?.(content);
    if (type !== CONTENT_TYPE.handshake) return this.fail(`an encrypted ${type === CONTENT_TYPE.alert ? 'alert' : `record of type ${type}`} arrived`);
    const messages = parseHandshakes(content);
    if (!messages.ok) return this.fail(messages.error);
    for (const m of messages.value) this.receiveHandshake(m.type, m.body);
  }

  protected fail(why: string): void {
    if (this.failed) return;
    this.failed = true;
    this.onError?.(why);
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return all;
}

/** The browser's side. `serverName` is the host for SNI; left out when the URL names an IP address (RFC 6066 §3 forbids literal addresses). */
export class TlsClient extends TlsEnd {
  protected readonly sendsAs = 'client';
  private hello?: Uint8Array;
  /** The name the server's certificate was issued for, once read. */
  certificateName?: string;

  constructor(ctx: SimContext, transport: TlsTransport, private readonly serverName: string | undefined) {
    super(ctx, transport);
  }

  /** Sends the ClientHello: a browser does this as soon as TCP is connected. */
  start(): void {
    const share = randomBytes(this.ctx, 32);
    this.hello = encodeClientHello({
      random: randomBytes(this.ctx, 32),
      sessionId: randomBytes(this.ctx, 32),
      cipherSuites: [CIPHER_SUITE.aes128GcmSha256, CIPHER_SUITE.chacha20Poly1305Sha256, CIPHER_SUITE.aes256GcmSha384],
      extensions: [
        ...(this.serverName ? [serverNameExtension(this.serverName)] : []),
        supportedGroupsExtension([NAMED_GROUP.x25519, NAMED_GROUP.secp256r1, NAMED_GROUP.secp384r1]),
        alpnExtension(['http/1.1']),
        signatureAlgorithmsExtension(SIGNATURE_SCHEMES),
        clientVersionsExtension([TLS13_VERSION]),
        pskModesExtension([1]),
        clientKeyShareExtension([{ group: NAMED_GROUP.x25519, key: share }]),
      ],
    });
    const to = this.serverName ? `SNI ${this.serverName}` : 'no SNI (the URL names an address, not a host)';
    this.transport.send(encodeTlsRecord({ type: CONTENT_TYPE.handshake, version: TLS10_VERSION, fragment: this.hello }),
      `ClientHello: TLS 1.3, ${to}, ALPN http/1.1, an X25519 key share; sent in the clear, so anyone on the path can read the server name`);
  }

  protected receiveClear(record: TlsRecord): void {
    if (record.type !== CONTENT_TYPE.handshake || this.keys) return this.fail(`an unexpected ${record.type === CONTENT_TYPE.alert ? 'alert' : 'record'} arrived in the clear`);
    const messages = parseHandshakes(record.fragment);
    if (!messages.ok) return this.fail(messages.error);
    const message = messages.value[0];
    if (message?.type !== HANDSHAKE_TYPE.serverHello) return this.fail(`expected a ServerHello, got ${handshakeName(message?.type ?? -1)}`);
    const hello = parseServerHello(message.body);
    if (!hello.ok) return this.fail(hello.error);
    if (selectedVersionOf(hello.value) !== TLS13_VERSION) return this.fail('the server did not choose TLS 1.3');
    const share = serverKeyShareOf(hello.value);
    if (!share) return this.fail('the ServerHello has no key share');
    this.keys = keysFrom(this.hello!, encodeHandshake(message));
  }

  protected receiveHandshake(type: number, body: Uint8Array): void {
    if (type === HANDSHAKE_TYPE.certificate) this.certificateName = certificateNameOf(body);
    if (type !== HANDSHAKE_TYPE.finished || this.open) return;
    this.transport.send(concat([changeCipherSpec(), this.keys!.seal('client handshake', CONTENT_TYPE.handshake, finished(this.ctx))]),
      'ChangeCipherSpec (for middleboxes), then the client\'s Finished, encrypted: the handshake is complete and both ends switch to application keys');
    this.open = true;
    this.onOpen?.();
  }
}

/** The web server's side: answers a ClientHello with its whole first flight at once. */
export class TlsServer extends TlsEnd {
  protected readonly sendsAs = 'server';
  /** The SNI the client sent, if any. */
  serverName?: string;

  /** `certificateFor` names the certificate the server presents for an SNI (or for none). */
  constructor(ctx: SimContext, transport: TlsTransport, private readonly certificateFor: (serverName: string | undefined) => string) {
    super(ctx, transport);
  }

  protected receiveClear(record: TlsRecord): void {
    if (record.type !== CONTENT_TYPE.handshake || this.keys) return this.fail(`an unexpected ${record.type === CONTENT_TYPE.alert ? 'alert' : 'record'} arrived in the clear`);
    const messages = parseHandshakes(record.fragment);
    if (!messages.ok) return this.fail(messages.error);
    const message = messages.value[0];
    if (message?.type !== HANDSHAKE_TYPE.clientHello) return this.fail(`expected a ClientHello, got ${handshakeName(message?.type ?? -1)}`);
    const hello = parseClientHello(message.body);
    if (!hello.ok) return this.fail(hello.error);
    const versions = hello.value.extensions.find((e) => e.type === 43)?.data;
    if (!versions || !hasVersion(versions, TLS13_VERSION)) return this.fail('the client does not offer TLS 1.3 (protocol_version)');
    if (!hello.value.cipherSuites.includes(CIPHER_SUITE.aes128GcmSha256)) return this.fail('no cipher suite in common (handshake_failure)');
    this.serverName = serverNameOf(hello.value);
    const alpn = alpnProtocolsOf(hello.value).includes('http/1.1');
    const serverHello = encodeServerHello({
      random: randomBytes(this.ctx, 32),
      sessionId: hello.value.sessionId,
      cipherSuite: CIPHER_SUITE.aes128GcmSha256,
      extensions: [serverKeyShareExtension({ group: NAMED_GROUP.x25519, key: randomBytes(this.ctx, 32) }), serverVersionExtension(TLS13_VERSION)],
    });
    this.keys = keysFrom(encodeHandshake(message), serverHello);
    const name = this.certificateFor(this.serverName);
    const seal = (m: Uint8Array) => this.keys!.seal('server handshake', CONTENT_TYPE.handshake, m);
    this.transport.send(concat([
      encodeTlsRecord({ type: CONTENT_TYPE.handshake, version: TLS12_VERSION, fragment: serverHello }),
      changeCipherSpec(),
      seal(encryptedExtensions(alpn)),
      seal(certificate(name)),
      seal(encodeHandshake({ type: HANDSHAKE_TYPE.certificateVerify, body: Uint8Array.from([0x04, 0x03, 0, SIGNATURE_BYTES, ...randomBytes(this.ctx, SIGNATURE_BYTES)]) })),
      seal(finished(this.ctx)),
    ]), `ServerHello (TLS 1.3, TLS_AES_128_GCM_SHA256, its X25519 key share) in the clear; from here on encrypted: EncryptedExtensions${alpn ? ' (ALPN http/1.1)' : ''}, the certificate for ${name}, CertificateVerify and Finished, each in an application data record that hides its type`);
  }

  protected receiveHandshake(type: number): void {
    if (type !== HANDSHAKE_TYPE.finished || this.open) return;
    this.open = true;
    this.onOpen?.();
  }
}

function hasVersion(data: Uint8Array, version: number): boolean {
  for (let i = 1; i + 1 < data.length; i += 2) if (((data[i] << 8) | data[i + 1]) === version) return true;
  return false;
}

function encryptedExtensions(alpn: boolean): Uint8Array {
  const extensions = alpn ? [alpnExtension(['http/1.1'])] : [];
  const list = concat(extensions.map((e) => Uint8Array.from([e.type >> 8, e.type & 0xff, e.data.length >> 8, e.data.length & 0xff, ...e.data])));
  return encodeHandshake({ type: HANDSHAKE_TYPE.encryptedExtensions, body: Uint8Array.from([list.length >> 8, list.length & 0xff, ...list]) });
}

/** Marks the simulated certificate's subject, so the client can read whom it was issued to. */
const SUBJECT_PREFIX = 'Flintnet simulated certificate, CN=';

/** A Certificate message (§4.4.2) holding one entry of CERTIFICATE_BYTES: a DER SEQUENCE header, the subject in words, zero filler. */
function certificate(name: string): Uint8Array {
  const der = new Uint8Array(CERTIFICATE_BYTES);
  der.set([0x30, 0x82, (CERTIFICATE_BYTES - 4) >> 8, (CERTIFICATE_BYTES - 4) & 0xff]);
  der.set(Array.from(`${SUBJECT_PREFIX}${name}\n`, (c) => c.charCodeAt(0) & 0xff), 4);
  const entry = Uint8Array.from([der.length >> 16, (der.length >> 8) & 0xff, der.length & 0xff, ...der, 0, 0]);
  const body = Uint8Array.from([0, entry.length >> 16, (entry.length >> 8) & 0xff, entry.length & 0xff, ...entry]);
  return encodeHandshake({ type: HANDSHAKE_TYPE.certificate, body });
}

function certificateNameOf(body: Uint8Array): string | undefined {
  const text = String.fromCharCode(...body.subarray(11, 11 + 200));
  const at = text.indexOf(SUBJECT_PREFIX);
  return at < 0 ? undefined : text.slice(at + SUBJECT_PREFIX.length, text.indexOf('\n', at));
}

/** Finished (§4.4.4): verify_data, an HMAC of the transcript in real TLS; pseudo-random bytes here. */
function finished(ctx: SimContext): Uint8Array {
  return encodeHandshake({ type: HANDSHAKE_TYPE.finished, body: randomBytes(ctx, VERIFY_DATA_BYTES) });
}
