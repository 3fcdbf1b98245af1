import { describe, expect, it } from 'vitest';
import {
  alpnExtension, alpnProtocolsOf, CIPHER_SUITE, clientKeyShareExtension, clientVersionsExtension, CONTENT_TYPE, describeTls, encodeClientHello,
  encodeServerHello, encodeTlsRecord, HANDSHAKE_TYPE, NAMED_GROUP, parseClientHello, parseHandshakes, parseServerHello, pskModesExtension,
  selectedVersionOf, serverKeyShareExtension, serverKeyShareOf, serverNameExtension, serverNameOf, serverVersionExtension,
  signatureAlgorithmsExtension, supportedGroupsExtension, TLS10_VERSION, TLS13_VERSION, TlsRecordReader,
} from './tls';

const hex = (text: string) => Uint8Array.from(text.trim().split(/\s+/), (b) => parseInt(b, 16));

/**
 * RFC 8448 §3 (Simple 1-RTT Handshake), "client sends handshake record":
 * the ClientHello handshake message, 196 bytes. Field by field: type 01,
 * length 0000c0, legacy_version 0303, random (32), session id length 00,
 * cipher suites 0006 (1301 1303 1302), compression 01 00, extensions 0091:
 * server_name "server", renegotiation_info, supported_groups (9 groups),
 * session_ticket, key_share (x25519, 32 bytes), supported_versions (0304),
 * signature_algorithms (15 schemes), psk_key_exchange_modes (psk_dhe_ke),
 * record_size_limit (0x4001).
 */
const RFC8448_CLIENT_HELLO = hex(`
  01 00 00 c0 03 03 cb 34 ec b1 e7 81 63 ba 1c 38 c6 da cb 19 6a 6d ff a2 1a 8d 99 12 ec 18 a2 ef 62 83
  02 4d ec e7 00 00 06 13 01 13 03 13 02 01 00 00 91 00 00 00 0b 00 09 00 00 06 73 65 72 76 65 72 ff 01
  00 01 00 00 0a 00 14 00 12 00 1d 00 17 00 18 00 19 01 00 01 01 01 02 01 03 01 04 00 23 00 00 00 33 00
  26 00 24 00 1d 00 20 99 38 1d e5 60 e4 bd 43 d2 3d 8e 43 5a 7d ba fe b3 c0 6e 51 c1 3c ae 4d 54 13 69
  1e 52 9a af 2c 00 2b 00 03 02 03 04 00 0d 00 20 00 1e 04 03 05 03 06 03 02 03 08 04 08 05 08 06 04 01
  05 01 06 01 02 01 04 02 05 02 06 02 02 02 00 2d 00 02 01 01 00 1c 00 02 40 01`);
const RFC8448_CLIENT_RANDOM = RFC8448_CLIENT_HELLO.slice(6, 38);
const RFC8448_CLIENT_SHARE = RFC8448_CLIENT_HELLO.slice(109, 141);

/** RFC 8448 §3, the ServerHello: random, empty session id, TLS_AES_128_GCM_SHA256, key_share (x25519), supported_versions (0304). */
const RFC8448_SERVER_HELLO = hex(`
  02 00 00 56 03 03 a6 af 06 a4 12 18 60 dc 5e 6e 60 24 9c d3 4c 95 93 0c 8a c5 cb 14 34 da c1 55 77 2e
  d3 e2 69 28 00 13 01 00 00 2e 00 33 00 24 00 1d 00 20 c9 82 88 76 11 20 95 fe 66 76 2b db f7 c6 72 e1
  56 d6 cc 25 3b 83 3d f1 dd 69 b1 b0 4e 75 1f 0f 00 2b 00 02 03 04`);

const raw = (type: number, bytes: number[]) => ({ type, data: Uint8Array.from(bytes) });

describe('TLS 1.3 hellos against RFC 8448', () => {
  it('builds RFC 8448\'s ClientHello byte for byte, every nested length right', () => {
    const encoded = encodeClientHello({
      random: RFC8448_CLIENT_RANDOM,
      sessionId: new Uint8Array(0),
      cipherSuites: [CIPHER_SUITE.aes128GcmSha256, CIPHER_SUITE.chacha20Poly1305Sha256, CIPHER_SUITE.aes256GcmSha384],
      extensions: [
        serverNameExtension('server'),
        raw(0xff01, [0]),
        supportedGroupsExtension([0x001d, 0x0017, 0x0018, 0x0019, 0x0100, 0x0101, 0x0102, 0x0103, 0x0104]),
        raw(0x0023, []),
        clientKeyShareExtension([{ group: NAMED_GROUP.x25519, key: RFC8448_CLIENT_SHARE }]),
        clientVersionsExtension([TLS13_VERSION]),
        signatureAlgorithmsExtension([0x0403, 0x0503, 0x0603, 0x0203, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0201, 0x0402, 0x0502, 0x0602, 0x0202]),
        pskModesExtension([1]),
        raw(0x001c, [0x40, 0x01]),
      ],
    });
    expect(Array.from(encoded)).toEqual(Array.from(RFC8448_CLIENT_HELLO));
  });

  it('reads RFC 8448\'s ClientHello back: SNI, suites, versions', () => {
    const [message] = (parseHandshakes(RFC8448_CLIENT_HELLO) as { ok: true; value: { type: number; body: Uint8Array }[] }).value;
    expect(message.type).toBe(HANDSHAKE_TYPE.clientHello);
    const hello = parseClientHello(message.body);
    if (!hello.ok) throw new Error(hello.error);
    expect(serverNameOf(hello.value)).toBe('server');
    expect(hello.value.cipherSuites).toEqual([0x1301, 0x1303, 0x1302]);
    expect(hello.value.extensions.map((e) => e.type)).toEqual([0, 0xff01, 10, 35, 51, 43, 13, 45, 28]);
    expect(alpnProtocolsOf(hello.value)).toEqual([]);
  });

  it('builds RFC 8448\'s ServerHello byte for byte, and reads its version and key share', () => {
    const random = RFC8448_SERVER_HELLO.slice(6, 38);
    const key = RFC8448_SERVER_HELLO.slice(52, 84);
    const encoded = encodeServerHello({
      random, sessionId: new Uint8Array(0), cipherSuite: CIPHER_SUITE.aes128GcmSha256,
      extensions: [serverKeyShareExtension({ group: NAMED_GROUP.x25519, key }), serverVersionExtension(TLS13_VERSION)],
    });
    expect(Array.from(encoded)).toEqual(Array.from(RFC8448_SERVER_HELLO));
    const parsed = parseServerHello(RFC8448_SERVER_HELLO.subarray(4));
    if (!parsed.ok) throw new Error(parsed.error);
    expect(selectedVersionOf(parsed.value)).toBe(TLS13_VERSION);
    expect(serverKeyShareOf(parsed.value)).toEqual({ group: NAMED_GROUP.x25519, key });
  });

  it('writes ALPN as RFC 7301 lays it out', () => {
    expect(Array.from(alpnExtension(['http/1.1']).data)).toEqual(Array.from(hex('00 09 08 68 74 74 70 2f 31 2e 31')));
  });

  it('says where a hello ends too soon', () => {
    expect(parseClientHello(RFC8448_CLIENT_HELLO.subarray(4, 60))).toEqual({ ok: false, error: 'The ClientHello ends 136 bytes too soon' });
  });
});

describe('TLS records', () => {
  const hello = encodeTlsRecord({ type: CONTENT_TYPE.handshake, version: TLS10_VERSION, fragment: RFC8448_CLIENT_HELLO });

  it('frames a fragment with type, version and length', () => {
    expect(Array.from(hello.subarray(0, 5))).toEqual([0x16, 0x03, 0x01, 0x00, 0xc4]);
    expect(hello.length).toBe(5 + 196);
  });

  it('reassembles records split across segments and several in one segment', () => {
    const ccs = encodeTlsRecord({ type: CONTENT_TYPE.changeCipherSpec, version: 0x0303, fragment: Uint8Array.of(1) });
    const stream = Uint8Array.from([...hello, ...ccs]);
    const reader = new TlsRecordReader();
    const first = reader.push(stream.subarray(0, 100));
    const rest = reader.push(stream.subarray(100));
    expect(first).toEqual({ ok: true, value: [] });
    expect(rest.ok && rest.value.map((r) => [r.type, r.fragment.length])).toEqual([[22, 196], [20, 1]]);
  });

  it('refuses a stream that is not TLS', () => {
    expect(new TlsRecordReader().push(Uint8Array.from([0x47, 0x45, 0x54, 0x20, 0x2f]))).toEqual({ ok: false, error: '71 is not a TLS content type: this is not a TLS stream' });
  });

  it('describes a ClientHello record field by field, SNI readable', () => {
    const layer = describeTls(hello, 0, hello.length);
    expect(layer.summary).toBe('Client Hello (SNI=server)');
    expect(layer.problem).toBeUndefined();
    const byName = new Map(layer.fields.map((f) => [f.name, f]));
    expect(byName.get('record-1-length')).toMatchObject({ offset: 3, length: 2, value: '196' });
    expect(byName.get('record-1-cipher-suites')).toMatchObject({ offset: 5 + 39, length: 8, value: 'TLS_AES_128_GCM_SHA256, TLS_CHACHA20_POLY1305_SHA256, TLS_AES_256_GCM_SHA384' });
    expect(byName.get('record-1-ext-0')).toMatchObject({ offset: 5 + 51, length: 15, value: 'server' });
    expect(byName.get('record-1-ext-43')).toMatchObject({ value: 'TLS 1.3' });
    // The fields tile the record: each starts where the one before ended.
    const ends = layer.fields.map((f) => f.offset + f.length);
    expect(layer.fields.slice(1).map((f) => f.offset)).toEqual(ends.slice(0, -1));
    expect(ends.at(-1)).toBe(hello.length);
  });

  it('describes encrypted records as opaque, and a record that goes on in the next segment', () => {
    const sealed = encodeTlsRecord({ type: CONTENT_TYPE.applicationData, version: 0x0303, fragment: new Uint8Array(38) });
    const layer = describeTls(sealed, 0, 20);
    expect(layer.summary).toBe('Application Data');
    expect(layer.fields.map((f) => [f.name, f.length])).toEqual([['record-1-type', 1], ['record-1-version', 2], ['record-1-length', 2], ['record-1-encrypted', 15]]);
    expect(layer.fields[2].value).toBe('38 (15 here, the rest in the next segment)');
    expect(layer.fields[3].value).toMatch(/^15 bytes so far: .*encrypted with keys/);
    expect(describeTls(sealed, 20, 23).summary).toBe('Continuation Data');
  });
});
