/**
 * DNS over TCP (RFC 1035 §4.2.2, RFC 7766 §8): each message is preceded by
 * a 2-byte length, so a stream may carry several messages, and one message
 * may arrive split over several segments. TCP carries what did not fit in
 * a 512-byte UDP answer (the TC flag), in full, up to 65535 bytes.
 */
import { describeDns, DNS_HEADER_LENGTH, parseDns } from './dns';
import type { DecodedLayer, Field } from './fields';

/** The most one length field can say. */
export const DNS_TCP_LIMIT = 0xffff;
const LENGTH_BYTES = 2;

/** The message with its 2-byte length in front, ready for the stream. */
export function frameDnsForTcp(message: Uint8Array): Uint8Array {
  if (message.length > DNS_TCP_LIMIT) throw new RangeError(`A DNS message over TCP holds at most ${DNS_TCP_LIMIT} bytes, not ${message.length}`);
  const framed = new Uint8Array(LENGTH_BYTES + message.length);
  framed[0] = message.length >>> 8;
  framed[1] = message.length & 0xff;
  framed.set(message, LENGTH_BYTES);
  return framed;
}

/** Collects a TCP stream's bytes and hands back each message once all of it has arrived. */
export class DnsTcpReader {
  private pending = new Uint8Array(0);

  /** The messages these bytes complete (none, one or several), without their length fields. */
  push(bytes: Uint8Array): Uint8Array[] {
    const joined = new Uint8Array(this.pending.length + bytes.length);
    joined.set(this.pending);
    joined.set(bytes, this.pending.length);
    const messages: Uint8Array[] = [];
    let at = 0;
    while (joined.length - at >= LENGTH_BYTES) {
      const length = (joined[at] << 8) | joined[at + 1];
      if (joined.length - at - LENGTH_BYTES < length) break;
      messages.push(joined.slice(at + LENGTH_BYTES, at + LENGTH_BYTES + length));
      at += LENGTH_BYTES + length;
    }
    this.pending = joined.slice(at);
    return messages;
  }
}

/**
 * Where each message starts in a segment's data, if the data is exactly
 * whole length-prefixed DNS messages; otherwise (a piece of a longer one)
 * undefined, and the segment stays plain TCP data, as Wireshark shows a
 * segment of a reassembled PDU before the rest arrives.
 */
function wholeMessages(data: Uint8Array): { start: number; length: number }[] | undefined {
  const spans: { start: number; length: number }[] = [];
  let at = 0;
  while (at < data.length) {
    if (data.length - at < LENGTH_BYTES + DNS_HEADER_LENGTH) return undefined;
    const length = (data[at] << 8) | data[at + 1];
    const start = at + LENGTH_BYTES;
    if (length < DNS_HEADER_LENGTH || start + length > data.length || !parseDns(data.subarray(start, start + length)).ok) return undefined;
    spans.push({ start, length });
    at = start + length;
  }
  return spans.length > 0 ? spans : undefined;
}

/** Whether a port-53 segment's data is whole DNS messages that this view can show. */
export function carriesWholeDnsMessages(data: Uint8Array): boolean {
  return wholeMessages(data) !== undefined;
}

/** The OSI view of a segment's data that `carriesWholeDnsMessages`: each length, then the message, field by field. */
export function describeDnsOverTcp(bytes: Uint8Array, offset: number, length: number): DecodedLayer {
  const spans = wholeMessages(bytes.subarray(offset, offset + length)) ?? [];
  const fields: Field[] = [];
  const summaries: string[] = [];
  spans.forEach((span, i) => {
    const prefix = spans.length > 1 ? `Message ${i + 1}: ` : '';
    const key = spans.length > 1 ? `message-${i + 1}-` : '';
    fields.push({ name: `${key}length`, label: `${prefix}Length`, offset: offset + span.start - LENGTH_BYTES, length: LENGTH_BYTES, value: `${span.length} bytes (DNS over TCP puts each message's length first, RFC 7766 §8)` });
    const dns = describeDns(bytes, offset + span.start, span.length);
    fields.push(...dns.fields.map((f) => ({ ...f, name: `${key}${f.name}`, label: `${prefix}${f.label}` })));
    summaries.push(dns.summary);
  });
  return { layer: 7, protocol: 'DNS', offset, length, fields, summary: summaries.join(', ') };
}
