/**
 * DNS messages (RFC 1035 §4.1): a 12-byte header, then the question, answer,
 * authority and additional sections.
 *   0 ID (2)   2 flags: QR(1) Opcode(4) AA TC RD RA Z AD CD RCODE(4)
 *   4 QDCOUNT  6 ANCOUNT  8 NSCOUNT  10 ARCOUNT
 * A name is a run of length-prefixed labels ending in a zero byte, or ending
 * in a 2-byte pointer (top bits 11) to an earlier name in the message
 * (compression, §4.1.4). Names here are written without the trailing dot,
 * as Wireshark shows them; the root is "".
 */
import { formatIpv4, ipv4FromBytes, ipv4ToBytes } from './address';
import { formatIpv6, ipv6FromBytes, ipv6ToBytes } from './address6';
import type { DecodedLayer, Field, Parsed } from './fields';
import { hex4 } from './hex';

export const DNS_PORT = 53;
export const DNS_HEADER_LENGTH = 12;
/** RFC 1035 §4.2.1: without EDNS a UDP answer holds at most 512 bytes; a longer one is cut and sets TC. */
export const DNS_UDP_LIMIT = 512;
const MAX_NAME_LENGTH = 255;
const MAX_LABEL_LENGTH = 63;
const CLASS_IN = 1;

export type DnsType = 'A' | 'NS' | 'CNAME' | 'SOA' | 'MX' | 'TXT' | 'AAAA';
export const DNS_TYPE_CODES: Record<DnsType, number> = { A: 1, NS: 2, CNAME: 5, SOA: 6, MX: 15, TXT: 16, AAAA: 28 };
const TYPE_NAMES: Record<number, string> = { 1: 'A', 2: 'NS', 5: 'CNAME', 6: 'SOA', 12: 'PTR', 15: 'MX', 16: 'TXT', 28: 'AAAA', 33: 'SRV', 41: 'OPT', 255: 'ANY' };

/** RFC 1035 §4.1.1 and RFC 2136 §2.2, as Wireshark names them. */
export const RCODE = { noError: 0, formatError: 1, serverFailure: 2, nameError: 3, notImplemented: 4, refused: 5 } as const;
const RCODE_NAMES = ['No error', 'Format error', 'Server failure', 'No such name', 'Not implemented', 'Refused'];
/** dig's and nslookup's names for the same codes. */
const RCODE_MNEMONICS = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED'];

export interface DnsQuestion {
  name: string;
  /** A type code: 1 for A, 28 for AAAA… (see `DNS_TYPE_CODES`). */
  type: number;
}

export interface SoaData {
  mname: string;
  rname: string;
  serial: number;
  refresh: number;
  retry: number;
  expire: number;
  /** RFC 2308 §4: how long others may cache a negative answer from this zone. */
  minimum: number;
}

export type DnsRdata =
  | { type: 'A'; address: number }
  | { type: 'AAAA'; address: bigint }
  | { type: 'CNAME' | 'NS'; host: string }
  | { type: 'MX'; preference: number; exchange: string }
  | { type: 'TXT'; texts: string[] }
  | ({ type: 'SOA' } & SoaData)
  | { type: 'other'; code: number; data: Uint8Array };

export interface DnsRecord {
  name: string;
  /** Seconds. */
  ttl: number;
  data: DnsRdata;
}

export interface DnsMessage {
  id: number;
  response: boolean;
  /** 0 is a standard query. */
  opcode?: number;
  authoritative?: boolean;
  truncated?: boolean;
  recursionDesired?: boolean;
  recursionAvailable?: boolean;
  rcode?: number;
  questions: DnsQuestion[];
  answers: DnsRecord[];
  authority: DnsRecord[];
  additional: DnsRecord[];
}

export function dnsTypeCode(type: DnsType): number {
  return DNS_TYPE_CODES[type];
}

/** "A", "AAAA", or "TYPE99" for a code without a name (RFC 3597 §5). */
export function dnsTypeName(code: number): string {
  return TYPE_NAMES[code] ?? `TYPE${code}`;
}

export function rcodeName(rcode: number): string {
  return RCODE_NAMES[rcode] ?? `Unknown error (${rcode})`;
}

export function rcodeMnemonic(rcode: number): string {
  return RCODE_MNEMONICS[rcode] ?? `RCODE${rcode}`;
}

/** The code of a record's type. */
export function rdataTypeCode(data: DnsRdata): number {
  return data.type === 'other' ? data.code : DNS_TYPE_CODES[data.type];
}

/** Names compare without regard to ASCII case (RFC 1035 §2.3.3; RFC 4343). */
export function sameDnsName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Whether `name` is `zone` or below it: "www.example.test" is in "example.test" and in the root "". */
export function inDnsZone(name: string, zone: string): boolean {
  if (zone === '') return true;
  const n = name.toLowerCase();
  const z = zone.toLowerCase();
  return n === z || n.endsWith(`.${z}`);
}

// ---- Encoding

/** Writes bytes and remembers where each name suffix was written, for compression. */
class Writer {
  bytes: number[] = [];
  private names = new Map<string, number>();

  u8(v: number): void {
    this.bytes.push(v & 0xff);
  }

  u16(v: number): void {
    this.bytes.push((v >>> 8) & 0xff, v & 0xff);
  }

  u32(v: number): void {
    this.u16(v >>> 16);
    this.u16(v & 0xffff);
  }

  /** RFC 1035 §4.1.4: a suffix written before is replaced by a pointer to it; pointers reach the first 16383 bytes only. */
  name(name: string): void {
    const labels = name === '' ? [] : name.split('.');
    for (let i = 0; i < labels.length; i++) {
      const suffix = labels.slice(i).join('.').toLowerCase();
      const at = this.names.get(suffix);
      if (at !== undefined) {
        this.u16(0xc000 | at);
        return;
      }
      if (this.bytes.length < 0x4000) this.names.set(suffix, this.bytes.length);
      const label = new TextEncoder().encode(labels[i]);
      if (label.length === 0 || label.length > MAX_LABEL_LENGTH) throw new RangeError(`The DNS name "${name}" has a label of ${label.length} bytes: labels hold 1 to 63`);
      this.u8(label.length);
      this.bytes.push(...label);
    }
    this.u8(0);
  }
}

export function encodeDns(m: DnsMessage): Uint8Array {
  const w = new Writer();
  w.u16(m.id);
  const flags = (m.response ? 0x8000 : 0) | ((m.opcode ?? 0) << 11) | (m.authoritative ? 0x0400 : 0) | (m.truncated ? 0x0200 : 0)
    | (m.recursionDesired ? 0x0100 : 0) | (m.recursionAvailable ? 0x0080 : 0) | (m.rcode ?? 0);
  w.u16(flags);
  for (const count of [m.questions.length, m.answers.length, m.authority.length, m.additional.length]) w.u16(count);
  for (const q of m.questions) {
    w.name(q.name);
    w.u16(q.type);
    w.u16(CLASS_IN);
  }
  for (const record of [...m.answers, ...m.authority, ...m.additional]) writeRecord(w, record);
  return Uint8Array.from(w.bytes);
}

/**
 * The message encoded to fit in `limit` bytes (512 for UDP without EDNS0,
 * RFC 1035 §4.2.1; 65535 for TCP's length field). Additional records go
 * first, and silently (RFC 2181 §9: they are no reason for TC); then whole
 * records from the end of the authority and answer sections, with TC set.
 * `fullLength` is what the whole message would have taken.
 */
export function fitDns(m: DnsMessage, limit: number): { message: DnsMessage; bytes: Uint8Array; fullLength: number } {
  const full = encodeDns(m);
  if (full.length <= limit) return { message: m, bytes: full, fullLength: full.length };
  const cut = (keep: number, truncated: boolean): DnsMessage =>
    ({ ...m, truncated, answers: m.answers.slice(0, keep), authority: m.authority.slice(0, Math.max(0, keep - m.answers.length)), additional: [] });
  const records = m.answers.length + m.authority.length;
  for (let keep = records; keep > 0; keep--) {
    const message = cut(keep, keep < records);
    const bytes = encodeDns(message);
    if (bytes.length <= limit) return { message, bytes, fullLength: full.length };
  }
  // The header and the question alone: at most 12 + 255 + 4 bytes, which fit both limits.
  const message = cut(0, records > 0);
  return { message, bytes: encodeDns(message), fullLength: full.length };
}

function writeRecord(w: Writer, r: DnsRecord): void {
  w.name(r.name);
  w.u16(rdataTypeCode(r.data));
  w.u16(CLASS_IN);
  w.u32(r.ttl >>> 0);
  const lengthAt = w.bytes.length;
  w.u16(0);
  const d = r.data;
  switch (d.type) {
    case 'A': {
      const four = new Uint8Array(4);
      ipv4ToBytes(d.address, four, 0);
      w.bytes.push(...four);
      break;
    }
    case 'AAAA': {
      const sixteen = new Uint8Array(16);
      ipv6ToBytes(d.address, sixteen, 0);
      w.bytes.push(...sixteen);
      break;
    }
    case 'CNAME':
    case 'NS':
      w.name(d.host);
      break;
    case 'MX':
      w.u16(d.preference);
      w.name(d.exchange);
      break;
    case 'TXT':
      for (const text of d.texts) {
        const bytes = new TextEncoder().encode(text);
        if (bytes.length > 255) throw new RangeError('A TXT string holds at most 255 bytes');
        w.u8(bytes.length);
        w.bytes.push(...bytes);
      }
      break;
    case 'SOA':
      w.name(d.mname);
      w.name(d.rname);
      for (const v of [d.serial, d.refresh, d.retry, d.expire, d.minimum]) w.u32(v >>> 0);
      break;
    case 'other':
      w.bytes.push(...d.data);
  }
  const length = w.bytes.length - lengthAt - 2;
  w.bytes[lengthAt] = length >>> 8;
  w.bytes[lengthAt + 1] = length & 0xff;
}

// ---- Parsing

class ParseError extends Error {}

/** Reads a name at `at` in `message`: the name and where the bytes after it start. Pointers must point backwards, so a loop is impossible. */
export function readDnsName(message: Uint8Array, at: number): Parsed<{ name: string; end: number }> {
  try {
    return { ok: true, value: readName(message, at) };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

function readName(message: Uint8Array, start: number): { name: string; end: number } {
  const labels: string[] = [];
  let at = start;
  let end: number | undefined;
  let length = 1;
  /** Each pointer must jump before the last one's target: the chain then always ends. */
  let limit = start;
  for (;;) {
    if (at >= message.length) throw new ParseError(`The name at byte ${start} runs past the end of the message`);
    const byte = message[at];
    if (byte === 0) {
      end ??= at + 1;
      break;
    }
    const top = byte & 0xc0;
    if (top === 0xc0) {
      if (at + 1 >= message.length) throw new ParseError(`The name at byte ${start} ends in half a pointer`);
      const target = ((byte & 0x3f) << 8) | message[at + 1];
      end ??= at + 2;
      // RFC 1035 §4.1.4 points to a "prior occurrence": only backwards, and each jump further back, which rules out loops.
      if (target >= limit) throw new ParseError(`The name at byte ${start} has a compression pointer to byte ${target}, which is not before it: a pointer loop, refused`);
      at = limit = target;
      continue;
    }
    if (top !== 0) throw new ParseError(`The name at byte ${start} has a label type 0x${top.toString(16)}, which DNS does not use`);
    if (at + 1 + byte > message.length) throw new ParseError(`The name at byte ${start} has a label running past the end of the message`);
    length += byte + 1;
    if (length > MAX_NAME_LENGTH) throw new ParseError(`The name at byte ${start} is longer than 255 bytes`);
    labels.push(new TextDecoder().decode(message.subarray(at + 1, at + 1 + byte)));
    at += 1 + byte;
  }
  return { name: labels.join('.'), end: end! };
}

function need(message: Uint8Array, at: number, bytes: number, what: string): void {
  if (at + bytes > message.length) throw new ParseError(`The message ends inside ${what}`);
}

function u16(m: Uint8Array, at: number): number {
  return (m[at] << 8) | m[at + 1];
}

function u32(m: Uint8Array, at: number): number {
  return ipv4FromBytes(m, at);
}

interface RecordSpan {
  record: DnsRecord;
  start: number;
  /** Where the fixed part (type, class, TTL, length) starts, after the name. */
  fixed: number;
  end: number;
}

function readQuestion(m: Uint8Array, at: number): { question: DnsQuestion; end: number } {
  const { name, end } = readName(m, at);
  need(m, end, 4, `the question for ${name || '<Root>'}`);
  return { question: { name, type: u16(m, end) }, end: end + 4 };
}

function readRecord(m: Uint8Array, start: number): RecordSpan {
  const { name, end: fixed } = readName(m, start);
  need(m, fixed, 10, `the record for ${name || '<Root>'}`);
  const type = u16(m, fixed);
  const ttl = u32(m, fixed + 4);
  const length = u16(m, fixed + 8);
  const at = fixed + 10;
  need(m, at, length, `the data of the ${dnsTypeName(type)} record for ${name || '<Root>'}`);
  const end = at + length;
  const wrong = (what: string) => new ParseError(`The ${dnsTypeName(type)} record for ${name || '<Root>'} should hold ${what}, but its data is ${length} bytes`);
  const nameInside = (from: number) => {
    const read = readName(m, from);
    if (read.end > end) throw wrong('a name that ends inside it');
    return read;
  };
  let data: DnsRdata;
  switch (type) {
    case 1:
      if (length !== 4) throw wrong('an IPv4 address (4 bytes)');
      data = { type: 'A', address: ipv4FromBytes(m, at) };
      break;
    case 28:
      if (length !== 16) throw wrong('an IPv6 address (16 bytes)');
      data = { type: 'AAAA', address: ipv6FromBytes(m, at) };
      break;
    case 2:
    case 5: {
      const host = nameInside(at);
      if (host.end !== end) throw wrong('exactly one name');
      data = { type: type === 2 ? 'NS' : 'CNAME', host: host.name };
      break;
    }
    case 15: {
      if (length < 3) throw wrong('a preference and a name');
      const exchange = nameInside(at + 2);
      if (exchange.end !== end) throw wrong('a preference and exactly one name');
      data = { type: 'MX', preference: u16(m, at), exchange: exchange.name };
      break;
    }
    case 16: {
      const texts: string[] = [];
      for (let i = at; i < end;) {
        if (i + 1 + m[i] > end) throw wrong('length-prefixed strings');
        texts.push(new TextDecoder().decode(m.subarray(i + 1, i + 1 + m[i])));
        i += 1 + m[i];
      }
      if (texts.length === 0) throw wrong('at least one string');
      data = { type: 'TXT', texts };
      break;
    }
    case 6: {
      const mname = nameInside(at);
      const rname = nameInside(mname.end);
      if (rname.end + 20 !== end) throw wrong('two names and five 32-bit numbers');
      const n = (i: number) => u32(m, rname.end + 4 * i);
      data = { type: 'SOA', mname: mname.name, rname: rname.name, serial: n(0), refresh: n(1), retry: n(2), expire: n(3), minimum: n(4) };
      break;
    }
    default:
      data = { type: 'other', code: type, data: m.slice(at, end) };
  }
  return { record: { name, ttl, data }, start, fixed, end };
}

interface Layout {
  message: DnsMessage;
  questions: { start: number; end: number }[];
  records: RecordSpan[];
}

function readMessage(m: Uint8Array): Layout {
  if (m.length < DNS_HEADER_LENGTH) throw new ParseError(`A DNS header is 12 bytes, but only ${m.length} arrived`);
  const flags = u16(m, 2);
  const counts = [4, 6, 8, 10].map((at) => u16(m, at));
  const message: DnsMessage = {
    id: u16(m, 0), response: (flags & 0x8000) !== 0, opcode: (flags >>> 11) & 0xf, authoritative: (flags & 0x0400) !== 0, truncated: (flags & 0x0200) !== 0,
    recursionDesired: (flags & 0x0100) !== 0, recursionAvailable: (flags & 0x0080) !== 0, rcode: flags & 0xf,
    questions: [], answers: [], authority: [], additional: [],
  };
  const questions: Layout['questions'] = [];
  const records: RecordSpan[] = [];
  let at = DNS_HEADER_LENGTH;
  for (let i = 0; i < counts[0]; i++) {
    const { question, end } = readQuestion(m, at);
    message.questions.push(question);
    questions.push({ start: at, end });
    at = end;
  }
  const sections = [message.answers, message.authority, message.additional];
  sections.forEach((section, s) => {
    for (let i = 0; i < counts[s + 1]; i++) {
      const span = readRecord(m, at);
      section.push(span.record);
      records.push(span);
      at = span.end;
    }
  });
  return { message, questions, records };
}

/** `bytes` is a UDP datagram's data. */
export function parseDns(bytes: Uint8Array): Parsed<DnsMessage> {
  try {
    return { ok: true, value: readMessage(bytes).message };
  } catch (e) {
    if (e instanceof ParseError || e instanceof RangeError) return { ok: false, error: e.message };
    throw e;
  }
}

// ---- Words

function shownName(name: string): string {
  return name === '' ? '<Root>' : name;
}

/** A record's data as Wireshark's Info column writes it: "A 203.0.113.80", "CNAME web.example.test", "MX 10 mail.example.test". */
export function rdataText(data: DnsRdata): string {
  switch (data.type) {
    case 'A': return `A ${formatIpv4(data.address)}`;
    case 'AAAA': return `AAAA ${formatIpv6(data.address)}`;
    case 'CNAME':
    case 'NS': return `${data.type} ${shownName(data.host)}`;
    case 'MX': return `MX ${data.preference} ${shownName(data.exchange)}`;
    case 'TXT': return 'TXT';
    case 'SOA': return `SOA ${shownName(data.mname)}`;
    case 'other': return dnsTypeName(data.code);
  }
}

/** The value alone, as a zone file or the cache table shows it. */
export function rdataValue(data: DnsRdata): string {
  switch (data.type) {
    case 'A': return formatIpv4(data.address);
    case 'AAAA': return formatIpv6(data.address);
    case 'CNAME':
    case 'NS': return `${data.host}.`;
    case 'MX': return `${data.preference} ${data.exchange}.`;
    case 'TXT': return data.texts.map((t) => JSON.stringify(t)).join(' ');
    case 'SOA': return `${data.mname}. ${data.rname}. ${data.serial} ${data.refresh} ${data.retry} ${data.expire} ${data.minimum}`;
    case 'other': return `\\# ${data.data.length}`;
  }
}

/** Wireshark's Info column: "Standard query 0x1a2b A www.example.test", "Standard query response 0x1a2b No such name A x.test SOA ns1.test". */
export function dnsSummary(m: DnsMessage): string {
  const opcode = (m.opcode ?? 0) === 0 ? 'Standard query' : `Opcode ${m.opcode}`;
  const parts = [`${opcode}${m.response ? ' response' : ''} 0x${hex4(m.id)}`];
  if (m.response && (m.rcode ?? 0) !== 0) parts.push(rcodeName(m.rcode!));
  for (const q of m.questions) parts.push(`${dnsTypeName(q.type)} ${shownName(q.name)}`);
  for (const r of [...m.answers, ...m.authority, ...m.additional]) parts.push(rdataText(r.data));
  return parts.join(' ');
}

/** Whether a UDP datagram between these ports is DNS, as Wireshark decides: either port is 53. */
export function isDnsPort(srcPort: number, dstPort: number): boolean {
  return srcPort === DNS_PORT || dstPort === DNS_PORT;
}

// ---- The OSI view

/** `bytes` is the whole frame, `offset` where the DNS message starts, `length` the UDP data length. */
export function describeDns(bytes: Uint8Array, offset: number, length: number): DecodedLayer {
  const available = Math.max(0, Math.min(length, bytes.length - offset));
  const o = offset;
  const message = bytes.subarray(o, o + available);
  const layer: DecodedLayer = { layer: 7, protocol: 'DNS', offset, length: available, fields: [], summary: '' };
  if (available < DNS_HEADER_LENGTH) {
    layer.summary = `Truncated DNS message (${available} bytes)`;
    layer.problem = `A DNS header is 12 bytes, but only ${available} arrived`;
    if (available > 0) layer.fields.push({ name: 'truncated', label: 'Incomplete header', offset: o, length: available, value: `${available} bytes` });
    return layer;
  }
  const flags = u16(message, 2);
  const bit = (mask: number, on: string, off: string) => ((flags & mask) !== 0 ? on : off);
  const flag = (name: string, label: string, mask: number, value: string): Field => ({ name, label, offset: o + 2, length: 2, value, bits: `0x${hex4(mask)}` });
  const response = (flags & 0x8000) !== 0;
  const fields: Field[] = [
    { name: 'id', label: 'Transaction ID', offset: o, length: 2, value: `0x${hex4(u16(message, 0))}` },
    flag('qr', 'Response', 0x8000, response ? '1 (response)' : '0 (query)'),
    flag('opcode', 'Opcode', 0x7800, ((flags >>> 11) & 0xf) === 0 ? '0 (standard query)' : `${(flags >>> 11) & 0xf}`),
    ...(response ? [flag('aa', 'Authoritative', 0x0400, bit(0x0400, '1 (the server is an authority for the domain)', '0 (not an authority: from a cache or a referral)'))] : []),
    flag('tc', 'Truncated', 0x0200, bit(0x0200, '1 (cut short: ask again over TCP)', '0 (not truncated)')),
    flag('rd', 'Recursion desired', 0x0100, bit(0x0100, '1 (do the query recursively)', '0 (answer from what you know)')),
    ...(response ? [flag('ra', 'Recursion available', 0x0080, bit(0x0080, '1 (the server can do recursive queries)', '0 (the server does not recurse)'))] : []),
    flag('z', 'Reserved (Z, AD, CD)', 0x0070, `${(flags >>> 4) & 7}`),
    ...(response ? [flag('rcode', 'Reply code', 0x000f, `${flags & 0xf} (${rcodeName(flags & 0xf)})`)] : []),
    { name: 'qdcount', label: 'Questions', offset: o + 4, length: 2, value: `${u16(message, 4)}` },
    { name: 'ancount', label: 'Answer RRs', offset: o + 6, length: 2, value: `${u16(message, 6)}` },
    { name: 'nscount', label: 'Authority RRs', offset: o + 8, length: 2, value: `${u16(message, 8)}` },
    { name: 'arcount', label: 'Additional RRs', offset: o + 10, length: 2, value: `${u16(message, 10)}` },
  ];
  layer.fields = fields;
  let layout: Layout | undefined;
  try {
    layout = readMessage(message);
  } catch (e) {
    if (!(e instanceof ParseError || e instanceof RangeError)) throw e;
    layer.problem = e.message;
    layer.summary = `Malformed DNS message 0x${hex4(u16(message, 0))}`;
    fields.push({ name: 'damaged', label: 'Damaged sections', offset: o + DNS_HEADER_LENGTH, length: available - DNS_HEADER_LENGTH, value: e.message });
    return layer;
  }
  layout.questions.forEach((span, i) => {
    const q = layout.message.questions[i];
    fields.push({ name: `question-${i + 1}`, label: `Question ${i + 1}`, offset: o + span.start, length: span.end - span.start, value: `${shownName(q.name)}: type ${dnsTypeName(q.type)}, class IN` });
  });
  const { answers, authority } = layout.message;
  layout.records.forEach((span, i) => {
    const section = i < answers.length ? ['answer', 'Answer', i] : i < answers.length + authority.length ? ['authority', 'Authority', i - answers.length] : ['additional', 'Additional', i - answers.length - authority.length];
    const [key, title, index] = section as [string, string, number];
    const r = span.record;
    const name = `${key}-${index + 1}`;
    fields.push(
      { name: `${name}-name`, label: `${title} ${index + 1}: name`, offset: o + span.start, length: span.fixed - span.start, value: shownName(r.name) },
      { name: `${name}-type`, label: `${title} ${index + 1}: type and class`, offset: o + span.fixed, length: 4, value: `${dnsTypeName(rdataTypeCode(r.data))}, IN` },
      { name: `${name}-ttl`, label: `${title} ${index + 1}: time to live`, offset: o + span.fixed + 4, length: 4, value: `${r.ttl} s` },
      { name: `${name}-rdlength`, label: `${title} ${index + 1}: data length`, offset: o + span.fixed + 8, length: 2, value: `${span.end - span.fixed - 10}` },
    );
    if (span.end > span.fixed + 10) fields.push({ name: `${name}-data`, label: `${title} ${index + 1}: data`, offset: o + span.fixed + 10, length: span.end - span.fixed - 10, value: rdataValue(r.data) });
  });
  const end = layout.records.at(-1)?.end ?? layout.questions.at(-1)?.end ?? DNS_HEADER_LENGTH;
  if (end < available) fields.push({ name: 'extra', label: 'Bytes after the message', offset: o + end, length: available - end, value: `${available - end} bytes, ignored` });
  layer.summary = dnsSummary(layout.message);
  return layer;
}
