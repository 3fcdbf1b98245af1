/**
 * Reads a finished run's trace and says, in a sentence or two, why a device
 * stayed silent or why a ping got no answer. The words come from the reasons
 * the devices themselves recorded (DESIGN.md principle 5), so a check says
 * what the learner would find by stepping through the events.
 */
import type { TraceEvent } from '../api';
import { IpDevice } from '../devices/device';
import { addressRealms } from '../document/address-realms';
import type { NetworkDocument } from '../document/schema';
import { hostOfVirtualPart, virtualSwitchName } from '../document/vm-rules';
import { formatIpv6, interfaceIdFromMac, linkLocalFromMac, parseIpAddress, type Ipv6Cidr } from '../wire/address6';
import { aFrame, frameFacts } from './frames';
import type { ActionRun, StepRun } from './run-step';
import type { FrameKind, SilentReason } from './schema';

export function nameOf(doc: NetworkDocument, deviceId: string): string {
  const device = doc.devices.find((d) => d.id === deviceId);
  if (device) return device.name;
  // A host's virtual switch is no document device: name it as the canvas does ("PC-1 virtual switch").
  const host = hostOfVirtualPart(deviceId);
  return host === undefined ? deviceId : virtualSwitchName(nameOf(doc, host));
}

export function eventsOf(run: StepRun, action?: ActionRun): readonly TraceEvent[] {
  const events = run.sim.trace.events;
  return action ? events.filter((e) => e.seq >= action.firstSeq && e.seq < action.endSeq) : events;
}

export function kindOf(event: TraceEvent): FrameKind | undefined {
  return event.frame ? frameFacts(event.frame.bytes).kind : undefined;
}

/** Frames a device put on a cable. */
export function sendsBy(events: readonly TraceEvent[], deviceId: string): TraceEvent[] {
  return events.filter((e) => e.type === 'send' && e.device === deviceId);
}

/** A frame the device tried to send with no cable in its interface: dropped at layer 1, on no link. */
function noCableDrop(events: readonly TraceEvent[], deviceId: string): TraceEvent | undefined {
  return events.find((e) => e.device === deviceId && e.type === 'drop' && e.link === undefined && e.layers.some((l) => l.layer === 1));
}

/** ping's "connect: Network is unreachable": it found no way to send, so it sent nothing. The reason is the engine's. */
function unreachableLine(events: readonly TraceEvent[], deviceId: string): TraceEvent | undefined {
  return events.find((e) => e.device === deviceId && e.app?.line.startsWith('ping: connect:'));
}

function hasAddress(doc: NetworkDocument, deviceId: string): boolean {
  return doc.devices.find((d) => d.id === deviceId)?.interfaces.some((i) => i.ipv4 !== undefined) ?? false;
}

export interface Silence {
  reason?: SilentReason;
  /** "it has no IPv4 address yet, so ping could not even start" */
  text: string;
}

/** Why a device that sent nothing stayed silent, from the trace. */
export function silenceOf(run: StepRun, deviceId: string, events: readonly TraceEvent[] = eventsOf(run)): Silence {
  const dropped = noCableDrop(events, deviceId);
  if (dropped) {
    const tried = kindOf(dropped);
    const what = tried ? aFrame(tried) : 'a frame';
    return { reason: 'no-cable', text: `it tried to send ${what}, but ${layerOne(dropped)}` };
  }
  const unreachable = unreachableLine(events, deviceId);
  if (unreachable) {
    if (!hasAddress(run.doc, deviceId)) return { reason: 'no-address', text: 'it has no IPv4 address yet, so ping could not even start' };
    return { reason: 'no-route', text: `ping says: ${unreachable.layers[0]?.reason ?? 'Network is unreachable'}` };
  }
  return { text: 'it was not asked to send anything' };
}

function layerOne(event: TraceEvent): string {
  return event.layers.find((l) => l.layer === 1)?.reason ?? 'it could not be sent';
}

/** The deepest reason a device gave for what it did with a frame. */
function deepestReason(event: TraceEvent): string {
  const notes = [...event.layers].sort((a, b) => a.layer - b.layer);
  return notes[notes.length - 1]?.reason ?? event.summary;
}

/** Why a ping from `action.deviceId` to `action.target` got fewer echo replies than wanted. */
export function explainPing(run: StepRun, action: ActionRun): string {
  const { doc } = run;
  const deviceId = action.deviceId;
  if (deviceId === undefined) return action.error ?? `the ${action.label} did not run`;
  const name = nameOf(doc, deviceId);
  const target = action.target ?? 'the target';
  const events = eventsOf(run, action);

  const sent = sendsBy(events, deviceId);
  if (sent.length === 0) {
    const silence = silenceOf(run, deviceId, events);
    if (silence.reason === 'no-address') return `${name} could not send anything: it has no IPv4 address yet. Give it one in the inspector.`;
    if (silence.reason === 'no-route') return silence.text;
    if (silence.reason === 'no-cable') return `${name} has no cable, so nothing left it: plug one into its ${noCableDrop(events, deviceId)!.interface ?? 'network card'}.`;
    return `nothing left ${name}.`;
  }

  // IPv6 asks its neighbours with a solicitation where IPv4 asks with ARP.
  const ipv6 = target.includes(':');
  const question = ipv6 ? 'neighbour-solicitation' : 'arp-request';
  const arpRequests = sent.filter((e) => kindOf(e) === question);
  const echoRequests = sent.filter((e) => kindOf(e) === 'echo-request');
  if (echoRequests.length === 0 && arpRequests.length > 0) {
    const times = arpRequests.length === 1 ? 'once' : `${arpRequests.length} times`;
    const check = ipv6 ? 'Check its IPv6 address, or the prefix its router advertises.' : 'Check its IPv4 address.';
    return `${name} asked "who has ${target}?" (${ipv6 ? 'neighbour solicitation' : 'ARP'}) ${times}, but no one answered: ${whereItEnded(run, events, arpRequests[0], target)} Which computer should be ${target}? ${check}`;
  }
  if (echoRequests.length === 0) return `${name} sent ${sent.length} frame${sent.length === 1 ? '' : 's'}, but no echo request.`;

  const unanswered = echoRequests.find((request) => !answered(events, request, deviceId)) ?? echoRequests[0];
  const replier = events.find((e) => e.frame?.id === unanswered.frame?.id && e.type === 'receive' && kindOf(e) === 'echo-request');
  if (replier) {
    const reply = sendsBy(events, replier.device).find((e) => kindOf(e) === 'echo-reply');
    const who = nameOf(doc, replier.device);
    if (!reply) return `${name} sent an echo request and ${who} got it, but sent no echo reply back.`;
    return `${who} answered, but the echo reply never reached ${name}: ${whereItEnded(run, events, reply, target)}`;
  }
  return `${name} sent an echo request but no reply came: ${whereItEnded(run, events, unanswered, target)}`;
}

/** Did an echo reply for this request's sequence number come back to the asker? Judged simply: any reply delivered after it. */
function answered(events: readonly TraceEvent[], request: TraceEvent, deviceId: string): boolean {
  return events.some((e) => e.seq > request.seq && e.device === deviceId && e.type === 'deliver' && kindOf(e) === 'echo-reply');
}

/**
 * Where a frame went after it left: the device that dropped it and why (the
 * one holding the target address first, since its reason matters most), or
 * the switch that had nowhere to send it.
 */
function whereItEnded(run: StepRun, events: readonly TraceEvent[], sent: TraceEvent, target: string): string {
  const { doc } = run;
  const id = sent.frame?.id;
  const journey = events.filter((e) => e.frame?.id === id && e.seq > sent.seq);
  const drops = journey.filter((e) => e.type === 'drop');
  const targetNumber = parseIpAddress(target);
  // The same private IPv4 address may be in several homes: the one on the sender's side of any NAT comes first.
  const realmOf = addressRealms(doc);
  const senderRealm = sent.interface === undefined ? undefined : realmOf(sent.device, sent.interface);
  const owner = targetNumber.ok ? (ownerOf(doc, targetNumber.value, (device, iface) => realmOf(device, iface) === senderRealm) ?? ownerOf(doc, targetNumber.value)) : undefined;
  const drop = drops.find((e) => e.device === owner) ?? drops[0];
  if (drop) {
    const more = new Set(drops.map((e) => e.device)).size - 1;
    const others = more > 0 ? ` (and ${more} other device${more === 1 ? '' : 's'} ignored it too)` : '';
    return `${nameOf(doc, drop.device)} dropped it — ${deepestReason(drop)}${others}.`;
  }
  // A switch or hub that took the frame in but sent no copy on: it had no other cable.
  const stuck = journey.find((e) => (e.type === 'flood' || e.type === 'forward') && !journey.some((s) => s.type === 'send' && s.device === e.device && s.seq > e.seq));
  if (stuck) {
    // A router holds a packet while it asks for the next hop's MAC address; if nobody answers, it drops what waited.
    const gaveUp = events.find((e) => e.device === stuck.device && e.seq > stuck.seq && e.type === 'drop' && e.protocol === 'ARP' && e.frame === undefined);
    return `it stopped at ${nameOf(doc, stuck.device)} — ${deepestReason(gaveUp ?? stuck)}.`;
  }
  if (owner === undefined) return `no device on this network has the address ${target}.`;
  return `it never reached ${nameOf(doc, owner)}: check the cables between them.`;
}

/**
 * The device whose interface (among those `where` picks) holds this address, by the document: its IPv4
 * or IPv6 address, or for IPv6 also the link-local or SLAAC address its MAC
 * gives it (the interface id is the last 64 bits, RFC 4291 §2.5.1).
 */
function ownerOf(doc: NetworkDocument, address: number | bigint, where: (deviceId: string, interfaceName: string) => boolean = () => true): string | undefined {
  for (const device of doc.devices) {
    for (const iface of device.interfaces) {
      if (!where(device.id, iface.name)) continue;
      const typed = (typeof address === 'bigint' ? iface.ipv6 : iface.ipv4)?.split('/')[0];
      const parsed = typed === undefined ? undefined : parseIpAddress(typed);
      if (parsed?.ok && parsed.value === address) return device.id;
      if (typeof address === 'bigint' && iface.mac !== undefined && (address === linkLocalFromMac(iface.mac) || (address & INTERFACE_ID) === interfaceIdFromMac(iface.mac))) return device.id;
    }
  }
  return undefined;
}

const INTERFACE_ID = (1n << 64n) - 1n;

export interface AutoconfiguredAddress {
  interfaceName: string;
  cidr: Ipv6Cidr;
}

/** The IPv6 addresses SLAAC made on the device by the end of the run. */
export function autoconfiguredAddresses(run: StepRun, deviceId: string): AutoconfiguredAddress[] {
  const host = run.sim.devices.get(deviceId);
  const ipv6 = host instanceof IpDevice ? host.ipv6 : undefined;
  if (!ipv6) return [];
  return ipv6.interfaces.flatMap((iface) => iface.addresses.filter((cidr) => ipv6.isAutoconfigured(cidr)).map((cidr) => ({ interfaceName: iface.nic.name, cidr })));
}

/** Why a device made itself no IPv6 address by SLAAC: what it heard from routers, or why it heard nothing. */
export function explainAutoconfiguration(run: StepRun, deviceId: string): string {
  const { doc } = run;
  const name = nameOf(doc, deviceId);
  const device = doc.devices.find((d) => d.id === deviceId);
  const mac = device?.interfaces.find((i) => i.mac !== undefined)?.mac;
  const linkLocal = mac === undefined ? '' : ` (only its link-local address ${formatIpv6(linkLocalFromMac(mac))}, which never leaves its own network)`;
  const events = eventsOf(run);
  const heard = events.find((e) => e.device === deviceId && e.type === 'receive' && kindOf(e) === 'router-advertisement');
  if (heard) {
    return `${name} heard a ${deepestReason(heard)}, but made itself no address from it: SLAAC makes an address only from a /64 prefix. Give the router's interface on ${name}'s network an address with /64, like 2001:db8:1::1/64.`;
  }
  const asked = sendsBy(events, deviceId).filter((e) => kindOf(e) === 'router-solicitation');
  if (asked.length === 0) {
    const dropped = noCableDrop(events, deviceId);
    if (dropped) return `${name} asked for routers, but ${layerOne(dropped)}.`;
    return `${name} has no IPv6 address from a router${linkLocal}: no router on the network has an IPv6 address, so none advertises a prefix (and ${name} does not even ask). Give the router's interface on ${name}'s network one, like 2001:db8:1::1/64.`;
  }
  const times = asked.length === 1 ? 'once' : `${asked.length} times`;
  const ids = new Set(asked.map((e) => e.frame?.id));
  const refusal = events.find((e) => e.type === 'drop' && e.device !== deviceId && ids.has(e.frame?.id) && kindOf(e) === 'router-solicitation' && doc.devices.find((d) => d.id === e.device)?.kind !== 'computer');
  const why = refusal ? `${nameOf(doc, refusal.device)} dropped it — ${deepestReason(refusal)}.` : 'no router heard it: is a router cabled to its network?';
  return `${name} asked for routers (router solicitation, ${times}), but none advertised a prefix${linkLocal}: ${why}`;
}

/** Why a device has no DHCP lease after the run, from what its DHCP client did. */
export function explainLease(run: StepRun, deviceId: string): string {
  const { doc } = run;
  const name = nameOf(doc, deviceId);
  const device = doc.devices.find((d) => d.id === deviceId);
  const dhcp = device?.interfaces.find((i) => i.addressing === 'dhcp');
  if (!dhcp) {
    const typed = device?.interfaces.find((i) => i.ipv4 !== undefined);
    const has = typed ? `its ${typed.name} has the typed-in address ${typed.ipv4}` : 'none of its interfaces is set to DHCP';
    return `${name} did not ask for an address: ${has}. Set its ${typed?.name ?? device?.interfaces[0]?.name ?? 'interface'} to DHCP in the inspector.`;
  }
  const events = eventsOf(run);
  // Its own discovers, not other clients' it passed on (a home router's built-in switch floods theirs).
  const discovers = sendsBy(events, deviceId).filter((e) => kindOf(e) === 'dhcp-discover' && !events.some((x) => x.seq < e.seq && x.hop?.toDevice === deviceId && x.frame?.id === e.frame?.id));
  if (discovers.length === 0) {
    const dropped = noCableDrop(events, deviceId);
    return dropped ? `${name} asked for an address, but ${layerOne(dropped)}.` : `${name} never asked for an address: nothing left it.`;
  }
  const offered = events.some((e) => e.device === deviceId && e.type === 'deliver' && kindOf(e) === 'dhcp-offer');
  if (!offered) {
    const times = discovers.length === 1 ? 'once' : `${discovers.length} times`;
    const ids = new Set(discovers.map((e) => e.frame?.id));
    const heard = [...new Set(events.filter((e) => e.type === 'send' && ids.has(e.frame?.id) && e.hop !== undefined && e.hop.toDevice !== deviceId)
      .filter((e) => !['switch', 'hub'].includes(doc.devices.find((d) => d.id === e.hop!.toDevice)?.kind ?? ''))
      .map((e) => `${nameOf(doc, e.hop!.toDevice)} ${e.hop!.toInterface}`))];
    const reached = heard.length === 0 ? 'it reached no other computer or router' : `it reached ${heard.join(', ')}, but no DHCP server serves the network there`;
    return `${name} asked for an address (DHCP discover, ${times}), but no DHCP server answered: ${reached}. A home router runs one for the computers on its LAN ports.`;
  }
  const last = events.filter((e) => e.device === deviceId && e.app?.name === 'dhclient').pop();
  return `${name} was offered an address but holds no lease: dhclient said "${last?.app?.line ?? 'nothing'}".`;
}
