import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../sim-worker/api';
import { encodeEthernet, ETHERTYPE_IPV4 } from '../../sim-worker/wire/ethernet';
import { decrementTtl, encodeIpv4, IP_PROTO_ICMP } from '../../sim-worker/wire/ipv4';
import { encodeIcmp } from '../../sim-worker/wire/icmp';
import { describeFrame } from '../../sim-worker/wire/frame';
import { changedFields, fieldOfEachByte, highestLayer, layerOfEachByte, nextHop, placeFields, previousHop } from './osi-model';

function pingFrame(): Uint8Array {
  const icmp = encodeIcmp({ kind: 'echo-request', identifier: 1, sequence: 1, data: new Uint8Array(8) });
  const ip = encodeIpv4({ src: 0xc0a8010a, dst: 0xc0a80114, protocol: IP_PROTO_ICMP, ttl: 64, identification: 7, payload: icmp });
  return encodeEthernet({ dst: '02:00:00:00:00:14', src: '02:00:00:00:00:0a', etherType: ETHERTYPE_IPV4, payload: ip });
}

function event(seq: number, device: string, frameId: number | null): TraceEvent {
  return {
    seq, t: seq, device, type: 'send', protocol: 'ICMP', summary: '', layers: [{ layer: 3, protocol: 'IPv4', reason: 'sent' }],
    frame: frameId === null ? undefined : { id: frameId, bytes: pingFrame() },
  };
}

describe('OSI model helpers', () => {
  const bytes = pingFrame();
  const layers = describeFrame(bytes);
  const fields = placeFields(layers);

  it('maps each byte to its narrowest field', () => {
    const owner = fieldOfEachByte(fields, bytes.length);
    expect(fields[owner[0]].key).toBe('Ethernet II/dst');
    // Byte 22 of the frame is the IPv4 TTL (14 + 8).
    expect(fields[owner[22]].label).toMatch(/time to live/i);
  });

  it('tints each byte with its innermost layer', () => {
    const owner = layerOfEachByte(layers, bytes.length);
    expect(layers[owner[0]].protocol).toBe('Ethernet II');
    expect(layers[owner[14]].protocol).toBe('IPv4');
    expect(layers[owner[34]].protocol).toBe('ICMP');
  });

  it('finds what changed since the previous hop', () => {
    const routed = pingFrame();
    decrementTtl(routed.subarray(14));
    const changed = changedFields(placeFields(describeFrame(routed)), fields);
    expect([...changed.keys()].sort()).toEqual(['IPv4/checksum', 'IPv4/ttl'].sort());
    expect(changed.get('IPv4/ttl')).toMatch(/64/);
  });

  it('follows a frame by id across devices', () => {
    const events = [event(1, 'pc-a', 5), event(2, 'sw1', 5), event(3, 'sw1', 6), event(4, 'sw1', 5), event(5, 'pc-b', 5)];
    expect(previousHop(events, 3)?.seq).toBe(1);
    expect(previousHop(events, 0)).toBeNull();
    expect(nextHop(events, 1)?.seq).toBe(5);
    expect(highestLayer(events[0])).toBe(3);
  });
});
