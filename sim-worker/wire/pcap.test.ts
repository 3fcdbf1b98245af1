import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ARP_REPLY, ARP_REQUEST, encodeArp } from './arp';
import { encodeEthernet, ETHERTYPE_ARP, ETHERTYPE_IPV4 } from './ethernet';
import { encodeIcmp } from './icmp';
import { encodeIpv4, IP_PROTO_ICMP } from './ipv4';
import { writePcap, type CaptureRecord } from './pcap';

const A = { mac: '02:00:00:00:00:0a', ip: 0xc0a8010a }; // 192.168.1.10
const B = { mac: '02:00:00:00:00:0b', ip: 0xc0a80102 }; // 192.168.1.2
// Like iputils ping: a 16-byte timestamp, then bytes 0x10, 0x11, … up to 56 bytes.
const PING_DATA = Uint8Array.from({ length: 56 }, (_, i) => (i < 16 ? 0 : i));

function ping(kind: 'echo-request' | 'echo-reply', from: typeof A, to: typeof A, identification: number): Uint8Array {
  const icmp = encodeIcmp({ kind, identifier: 0x1c2a, sequence: 1, data: PING_DATA });
  const ip = encodeIpv4({ src: from.ip, dst: to.ip, protocol: IP_PROTO_ICMP, ttl: 64, identification, dontFragment: kind === 'echo-request', payload: icmp });
  return encodeEthernet({ dst: to.mac, src: from.mac, etherType: ETHERTYPE_IPV4, payload: ip });
}

const exchange: CaptureRecord[] = [
  { t: 1_000, bytes: encodeEthernet({ dst: 'ff:ff:ff:ff:ff:ff', src: A.mac, etherType: ETHERTYPE_ARP, payload: encodeArp({ op: ARP_REQUEST, senderMac: A.mac, senderIp: A.ip, targetMac: '00:00:00:00:00:00', targetIp: B.ip }) }) },
  { t: 20_000, bytes: encodeEthernet({ dst: A.mac, src: B.mac, etherType: ETHERTYPE_ARP, payload: encodeArp({ op: ARP_REPLY, senderMac: B.mac, senderIp: B.ip, targetMac: A.mac, targetIp: A.ip }) }) },
  { t: 21_000, bytes: ping('echo-request', A, B, 0xf1b8) },
  { t: 1_000_173_059, bytes: ping('echo-reply', B, A, 0xc33f) },
];

/** Runs tshark on the records with IP checksum validation on (ICMP checksums are always checked). */
function tshark(records: CaptureRecord[], fields: string[]): string[][] {
  const dir = mkdtempSync(join(tmpdir(), 'flintnet-pcap-'));
  try {
    const file = join(dir, 'capture.pcap');
    writeFileSync(file, writePcap(records));
    const args = ['-n', '-r', file, '-o', 'ip.check_checksum:TRUE', '-T', 'fields', '-E', 'separator=|', ...fields.flatMap((f) => ['-e', f])];
    const run = spawnSync('/usr/bin/tshark', args, { encoding: 'utf8' });
    if (run.error) throw new Error(`tshark could not run (is the Debian package "tshark" installed?): ${run.error.message}`);
    expect(run.status, run.stderr).toBe(0);
    return run.stdout.trimEnd().split('\n').map((line) => line.split('|'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('pcap files', () => {
  it('writes the classic little-endian header with nanosecond timestamps', () => {
    const bytes = writePcap([{ t: 2_500_000_123, bytes: new Uint8Array([1, 2, 3]) }]);
    const view = new DataView(bytes.buffer);
    expect(bytes.length).toBe(24 + 16 + 3);
    expect(Array.from(bytes.subarray(0, 4))).toEqual([0x4d, 0x3c, 0xb2, 0xa1]);
    expect([view.getUint16(4, true), view.getUint16(6, true), view.getUint32(16, true), view.getUint32(20, true)]).toEqual([2, 4, 65535, 1]);
    expect([view.getUint32(24, true), view.getUint32(28, true), view.getUint32(32, true), view.getUint32(36, true)]).toEqual([2, 500_000_123, 3, 3]);
    expect(Array.from(bytes.subarray(40))).toEqual([1, 2, 3]);
  });

  it('opens in tshark: ARP and ping, nothing malformed, every checksum good', () => {
    const rows = tshark(exchange, ['frame.time_epoch', 'frame.len', 'frame.protocols', 'ip.checksum.status', 'icmp.checksum.status', '_ws.malformed', '_ws.expert.severity', '_ws.col.Info']);
    expect(rows.length).toBe(4);
    expect(rows.map((r) => r[0])).toEqual(['0.000001000', '0.000020000', '0.000021000', '1.000173059']);
    expect(rows.map((r) => r[1])).toEqual(['60', '60', '98', '98']);
    expect(rows.map((r) => r[2])).toEqual(['eth:ethertype:arp', 'eth:ethertype:arp', 'eth:ethertype:ip:icmp:data', 'eth:ethertype:ip:icmp:data']);
    // Checksum status 1 means "Good" (2 would be unverified, 0 bad).
    expect(rows.map((r) => [r[3], r[4]])).toEqual([['', ''], ['', ''], ['1', '1'], ['1', '1']]);
    expect(rows.map((r) => r[5] + r[6])).toEqual(['', '', '', '']);
    const info = rows.map((r) => r[7]);
    expect(info.slice(0, 2)).toEqual(['Who has 192.168.1.2? Tell 192.168.1.10', '192.168.1.2 is at 02:00:00:00:00:0b']);
    expect(info[2]).toMatch(/^Echo \(ping\) request +id=0x1c2a, seq=1\/256, ttl=64/);
    // tshark matched the reply to the request, so identifier, sequence and addresses agree.
    expect(info[3]).toMatch(/^Echo \(ping\) reply +id=0x1c2a, seq=1\/256, ttl=64 \(request in 3\)/);
  });

  it('makes tshark flag a damaged checksum, so the test above would catch one', () => {
    const damaged = ping('echo-request', A, B, 1);
    damaged[24] ^= 0xff;
    damaged[36] ^= 0xff;
    const [row] = tshark([{ t: 0, bytes: damaged }], ['ip.checksum.status', 'icmp.checksum.status', '_ws.expert.severity']);
    expect(row.slice(0, 2)).toEqual(['0', '0']);
    expect(row[2]).not.toBe('');
  });
});
