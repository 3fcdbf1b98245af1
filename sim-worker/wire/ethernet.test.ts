import { describe, expect, it } from 'vitest';
import { describeEthernet, encodeEthernet, ETHERNET_MIN_FRAME, etherTypeName, ETHERTYPE_ARP, ETHERTYPE_IPV4, parseEthernet } from './ethernet';

const hex = (text: string) => Uint8Array.from(text.trim().split(/\s+/), (b) => parseInt(b, 16));

// Captured on a Linux 6.18 veth (sender side, so not yet padded to 60 bytes): the kernel's own ARP request.
const ARP_REQUEST_FRAME = hex(`
  ff ff ff ff ff ff 02 00 00 00 00 0a 08 06 00 01 08 00 06 04 00 01 02 00 00 00 00 0a c0 a8 01 0a
  00 00 00 00 00 00 c0 a8 01 02`);

describe('Ethernet II', () => {
  it('parses a captured frame without copying the payload', () => {
    const parsed = parseEthernet(ARP_REQUEST_FRAME);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.value).toMatchObject({ dst: 'ff:ff:ff:ff:ff:ff', src: '02:00:00:00:00:0a', etherType: ETHERTYPE_ARP });
    expect(parsed.value.payload.length).toBe(28);
    expect(parsed.value.payload.buffer).toBe(ARP_REQUEST_FRAME.buffer);
    expect(parsed.value.payload.byteOffset).toBe(14);
  });

  it('encodes the same bytes, zero-padded to the 60-byte minimum', () => {
    const frame = encodeEthernet({ dst: 'ff:ff:ff:ff:ff:ff', src: '02:00:00:00:00:0a', etherType: ETHERTYPE_ARP, payload: ARP_REQUEST_FRAME.subarray(14) });
    expect(frame.length).toBe(ETHERNET_MIN_FRAME);
    expect(frame.subarray(0, 42)).toEqual(ARP_REQUEST_FRAME);
    expect(frame.subarray(42).every((b) => b === 0)).toBe(true);
    const big = encodeEthernet({ dst: '02:00:00:00:00:0b', src: '02:00:00:00:00:0a', etherType: ETHERTYPE_IPV4, payload: new Uint8Array(84) });
    expect(big.length).toBe(98);
  });

  it('refuses a frame shorter than its header', () => {
    const parsed = parseEthernet(ARP_REQUEST_FRAME.subarray(0, 13));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(/14-byte header.*13 bytes/);
  });

  it('describes the header fields with offsets and readable values', () => {
    const layer = describeEthernet(ARP_REQUEST_FRAME);
    expect(layer).toMatchObject({ layer: 2, protocol: 'Ethernet II', offset: 0, length: 42, summary: 'Src: 02:00:00:00:00:0a, Dst: ff:ff:ff:ff:ff:ff' });
    expect(layer.fields.map((f) => [f.name, f.offset, f.length, f.value])).toEqual([
      ['dst', 0, 6, 'ff:ff:ff:ff:ff:ff (broadcast)'],
      ['src', 6, 6, '02:00:00:00:00:0a'],
      ['type', 12, 2, '0x0806 (ARP)'],
    ]);
    expect(layer.problem).toBeUndefined();
  });

  it('names multicast destinations and flags a group source address', () => {
    const frame = encodeEthernet({ dst: '01:00:5e:00:00:01', src: '03:00:00:00:00:01', etherType: 0x88b5, payload: new Uint8Array(0) });
    const layer = describeEthernet(frame);
    expect(layer.fields[0].value).toBe('01:00:5e:00:00:01 (multicast)');
    expect(layer.fields[2].value).toBe('0x88b5 (Unknown)');
    expect(layer.problem).toMatch(/source MAC 03:00:00:00:00:01 is a group/);
  });

  it('describes a truncated frame without throwing', () => {
    const layer = describeEthernet(ARP_REQUEST_FRAME.subarray(0, 5));
    expect(layer.problem).toMatch(/needs 14 bytes.*only 5/);
    expect(layer.fields).toEqual([{ name: 'truncated', label: 'Truncated header', offset: 0, length: 5, value: '5 bytes' }]);
    expect(describeEthernet(new Uint8Array(0)).fields).toEqual([]);
  });

  it('names EtherTypes', () => {
    expect(etherTypeName(0x0800)).toBe('IPv4');
    expect(etherTypeName(0x86dd)).toBe('IPv6');
    expect(etherTypeName(46)).toBe('IEEE 802.3 length');
  });
});
