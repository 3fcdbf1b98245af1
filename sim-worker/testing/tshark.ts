/**
 * Runs Debian's tshark over a pcap in tests: what Wireshark makes of the bytes
 * is the judge of "no malformed packet, no bad checksum".
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One row per packet, the given fields split on "|"; IP, UDP and TCP checksum validation on (ICMP's is always checked). */
export function tsharkFields(pcap: Uint8Array, fields: string[]): string[][] {
  const dir = mkdtempSync(join(tmpdir(), 'flintnet-pcap-'));
  try {
    const file = join(dir, 'capture.pcap');
    writeFileSync(file, pcap);
    const args = ['-n', '-r', file, '-o', 'ip.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE', '-o', 'tcp.check_checksum:TRUE', '-T', 'fields', '-E', 'separator=|', ...fields.flatMap((f) => ['-e', f])];
    const run = spawnSync('/usr/bin/tshark', args, { encoding: 'utf8' });
    if (run.error) throw new Error(`tshark could not run (is the Debian package "tshark" installed?): ${run.error.message}`);
    if (run.status !== 0) throw new Error(`tshark failed: ${run.stderr}`);
    return run.stdout.trimEnd().split('\n').map((line) => line.split('|'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
