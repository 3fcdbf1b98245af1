/**
 * Checks a step by running the learner's network: build a Simulation from
 * their document, run the step's actions, then judge each check on the trace
 * (never on the drawing's pixels). Every result says what it saw, passing or
 * failing, in words a learner can act on. Pure TypeScript: runs in the Worker
 * and in Node.
 */
import type { DeviceDoc, DeviceKind, NetworkDocument } from '../document/schema';
import { validateDocument } from '../document/validate';
import { VM_MODE_INFO } from '../document/vm-rules';
import { inSubnet, parseCidr, parseIpv4 } from '../wire/address';
import { formatCidr6, formatIpAddress, inSubnet6, parseCidr6, parseIpAddress } from '../wire/address6';
import type { TraceEvent } from '../api';
import { autoconfiguredAddresses, eventsOf, explainAutoconfiguration, explainLease, explainPing, kindOf, nameOf, sendsBy, silenceOf } from './explain';
import { aFrame, FRAME_LABELS, frameFacts, type FrameFacts } from './frames';
import { findByName, noDeviceMessage, runActions, type ActionRun, type StepRun } from './run-step';
import { checkKind, RELAY_FIELDS, type Check, type CheckKind, type CheckResult, type CheckSpecs, type FrameKind, type Lesson, type RelayField, type SilentReason, type StepResult, type TableName } from './schema';

export interface CheckOptions {
  /** Seed for the simulation (ping identifiers); the same seed gives the same trace. */
  seed?: number;
}

/** Runs step `stepIndex` (0-based) of the lesson on the learner's network. */
export function checkStep(lesson: Lesson, stepIndex: number, doc: NetworkDocument, options: CheckOptions = {}): StepResult {
  const step = lesson.steps[stepIndex];
  if (!step) throw new RangeError(`This lesson has steps 0 to ${lesson.steps.length - 1}, not ${stepIndex}`);
  // The network may come from anywhere (a file, an old save): the engine only ever runs a valid one.
  const valid = validateDocument(doc);
  if (!valid.ok) {
    const message = `Your network has a problem to fix first: ${valid.problems[0].message}`;
    return { passed: false, checks: step.checks.map((c) => ({ goal: c.goal, passed: false, message })), output: [] };
  }
  const run = runActions(valid.value, step.run, options.seed);
  const checks = step.checks.map((check): CheckResult => ({ goal: check.goal, ...evaluate(check, run) }));
  return { passed: checks.every((c) => c.passed), checks, output: outputOf(run) };
}

type Outcome = Omit<CheckResult, 'goal'>;
type Evaluator<K extends keyof CheckSpecs> = (spec: CheckSpecs[K], run: StepRun) => Outcome;

/** A reply as ping prints it: "64 bytes from 198.51.100.80: icmp_seq=1 ttl=62 time=65.1 ms"; its address and time. */
const PING_REPLY = /^\d+ bytes from (\S+): icmp_seq=\d+ ttl=\d+ time=([\d.]+) ms/;

const pass = (message: string): Outcome => ({ passed: true, message });
const fail = (message: string): Outcome => ({ passed: false, message });

/** Checks that read the document alone still work when the run could not finish. */
const DOCUMENT_CHECKS = new Set<CheckKind>(['devices', 'cabled']);

function evaluate(check: Check, run: StepRun): Outcome {
  const kind = checkKind(check);
  if (run.failure !== undefined && !DOCUMENT_CHECKS.has(kind)) return fail(run.failure);
  return evaluateSpec(kind, (check as unknown as Record<CheckKind, CheckSpecs[CheckKind]>)[kind], run);
}

/** The check's one key names its kind, and its value is that kind's spec (validate.ts made sure). */
function evaluateSpec<K extends CheckKind>(kind: K, spec: CheckSpecs[K], run: StepRun): Outcome {
  return EVALUATORS[kind](spec, run);
}

const EVALUATORS: { [K in keyof CheckSpecs]: Evaluator<K> } = {
  devices({ kind, atLeast }, { doc }) {
    const found = doc.devices.filter((d) => d.kind === kind);
    const names = found.map((d) => d.name).join(', ');
    if (found.length >= atLeast) return pass(`There ${count(found.length, kind, true)}: ${names}.`);
    // A VM is dropped onto its host, not onto the empty canvas.
    const where = kind === 'vm' ? 'onto a computer' : 'onto the canvas';
    if (found.length === 0) return fail(`There is no ${KIND_WORDS[kind][0]} yet: drag a ${capital(KIND_WORDS[kind][0])} from the palette ${where}.`);
    const missing = atLeast - found.length;
    return fail(`There ${count(found.length, kind, true)} (${names}); add ${missing} more from the palette.`);
  },

  cabled({ a, b, direct }, { doc }) {
    const [deviceA, deviceB] = [findByName(doc, a), findByName(doc, b)];
    if (!deviceA) return fail(capital(noDeviceMessage(doc, a)));
    if (!deviceB) return fail(capital(noDeviceMessage(doc, b)));
    for (const device of [deviceA, deviceB]) {
      if (!doc.links.some((l) => l.a.device === device.id || l.b.device === device.id)) {
        return fail(`${device.name} has no cable at all: draw one from ${device.name} to ${device === deviceA ? deviceB.name : deviceA.name}${direct ? '' : ' (or to the switch they share)'}.`);
      }
    }
    const path = cablePath(doc, deviceA, deviceB);
    if (!path) return fail(`${deviceA.name} and ${deviceB.name} both have cables, but no cable, switch or hub joins them: follow the cables from ${deviceA.name} and see where they end.`);
    if (path.length === 0) return pass(`A cable joins ${deviceA.name} and ${deviceB.name}.`);
    const through = path.map((d) => d.name).join(' and ');
    if (direct) return fail(`${deviceA.name} reaches ${deviceB.name} only through ${through}; this step wants one cable straight between them.`);
    return pass(`${deviceA.name} reaches ${deviceB.name} through ${through}.`);
  },

  silent({ device, because }, run) {
    const found = findByName(run.doc, device);
    if (!found) return fail(capital(noDeviceMessage(run.doc, device)));
    // What the network did by itself when it came up (announcements, DHCP) is not the device answering the step's actions.
    const acted = run.actions.length === 0 ? [] : eventsOf(run).filter((e) => e.seq >= run.actions[0].firstSeq);
    const sent = sendsBy(acted, found.id);
    if (sent.length > 0) {
      const first = kindOf(sent[0]);
      const what = first ? `, the first ${aFrame(first)} (${sent[0].summary})` : `, the first: ${sent[0].summary}`;
      return fail(`${found.name} did send: ${sent.length} frame${sent.length === 1 ? '' : 's'} left it${what}; this step expects nothing to leave it.`);
    }
    const silence = silenceOf(run, found.id, acted);
    const said = `Nothing left ${found.name}: ${silence.text}.`;
    if (because === undefined || silence.reason === because) return pass(said);
    return fail(`${said} ${wanted(found.name, because, run)}`);
  },

  echoReplies({ device, from, atLeast = 1 }, run) {
    const found = findByName(run.doc, device);
    if (!found) return fail(capital(noDeviceMessage(run.doc, device)));
    const source = parseIpAddress(from);
    const replies = eventsOf(run).filter((e) => e.device === found.id && (e.type === 'receive' || e.type === 'deliver') && e.frame !== undefined)
      .filter((e) => { const facts = frameFacts(e.frame!.bytes); return facts.kind === 'echo-reply' && source.ok && facts.ipSrc === source.value; });
    const got = `${found.name} got ${replies.length === 0 ? 'no' : replies.length} echo repl${replies.length === 1 ? 'y' : 'ies'} from ${from}`;
    if (replies.length >= atLeast) return pass(`${got}.`);
    const ping = run.actions.find((a) => a.deviceId === found.id && a.target === from);
    const why = ping ? explainPing(run, ping) : `no ping from ${found.name} to ${from} ran in this step.`;
    const short = replies.length > 0 ? `${got}, but this step wants ${atLeast}` : got;
    return fail(`${short}: ${why}`);
  },

  roundTrip({ device, from, atLeastMs, atMostMs }, run) {
    const found = findByName(run.doc, device);
    if (!found) return fail(capital(noDeviceMessage(run.doc, device)));
    const source = parseIpAddress(from);
    const address = source.ok ? formatIpAddress(source.value) : from;
    const pings = run.actions.filter((a) => a.kind === 'ping' && a.deviceId === found.id && a.target === from);
    // The times as ping printed them: what the learner reads in the terminal.
    const times = pings.flatMap((a) => eventsOf(run, a)).flatMap((e) => {
      const reply = e.app?.name === 'ping' ? PING_REPLY.exec(e.app.line) : null;
      return reply && reply[1] === address ? [Number(reply[2])] : [];
    });
    if (times.length === 0) return fail(`${found.name} got no echo replies from ${from}: ${pings.length > 0 ? explainPing(run, pings[0]) : `no ping from ${found.name} to ${from} ran in this step.`}`);
    const said = `${found.name}'s ${times.length === 1 ? 'reply' : `${times.length} replies`} from ${from} came back after ${listOf(times.map(String))} ms`;
    if (atLeastMs !== undefined && Math.min(...times) < atLeastMs) return fail(`${said}: quicker than this step looks for, at least ${atLeastMs} ms.`);
    if (atMostMs !== undefined && Math.max(...times) > atMostMs) return fail(`${said}: slower than this step looks for, at most ${atMostMs} ms.`);
    return pass(`${said}.`);
  },

  order({ frames, device }, run) {
    const found = device === undefined ? undefined : findByName(run.doc, device);
    if (device !== undefined && !found) return fail(capital(noDeviceMessage(run.doc, device)));
    const onCables = eventsOf(run).filter((e) => e.type === 'send' && (!found || e.device === found.id || e.hop?.toDevice === found.id));
    const seen: string[] = [];
    let from = 0;
    for (const kind of frames) {
      const index = onCables.findIndex((e, i) => i >= from && kindOf(e) === kind);
      if (index < 0) {
        const saw = seen.length === 0 ? `No ${FRAME_LABELS[kind]} crossed a cable` : `Saw ${seen.join(', then ')}, but no ${FRAME_LABELS[kind]} after that`;
        const ping = run.actions.find((a) => a.deviceId !== undefined && a.target !== undefined);
        return fail(`${saw}${found ? ` at ${found.name}` : ''}.${ping ? ` ${capital(explainPing(run, ping))}` : ''}`);
      }
      seen.push(`${FRAME_LABELS[kind]} from ${nameOf(run.doc, onCables[index].device)}`);
      from = index + 1;
    }
    return pass(`In order: ${seen.join(', then ')}.`);
  },

  table({ device, table, atLeast }, run) {
    const found = findByName(run.doc, device);
    if (!found) return fail(capital(noDeviceMessage(run.doc, device)));
    const tables = run.sim.deviceTables(found.id, Infinity);
    const live = tables.ok ? tables.value.find((t) => t.name === table) : undefined;
    if (!live) return fail(noTableMessage(found, table));
    const rows = live.rows.map(ROW_WORDS[table]);
    const holds = `${found.name}'s ${live.title} holds ${rows.length === 0 ? 'nothing' : `${rows.length} entr${rows.length === 1 ? 'y' : 'ies'}`}`;
    const listed = rows.length === 0 ? '' : ` (${rows.join('; ')})`;
    if (rows.length >= atLeast) return pass(`${holds}${listed}.`);
    return fail(`${holds}${listed}; this step wants at least ${atLeast}. ${learnHint(found.kind, table)}`);
  },

  notReached({ device, action }, run) {
    const found = findByName(run.doc, device);
    if (!found) return fail(capital(noDeviceMessage(run.doc, device)));
    const actionRun = run.actions[action - 1];
    if (!actionRun) return fail(`The step has no action number ${action} to watch.`);
    const which = `the ${ordinal(action)} action (${actionRun.label})`;
    const events = eventsOf(run, actionRun);
    const arrived = events.filter((e) => e.type === 'send' && e.hop?.toDevice === found.id);
    if (arrived.length === 0) return pass(`No frame of ${which} reached ${found.name}.`);
    const first = arrived[0];
    const kind = kindOf(first);
    const frame = kind ? aFrame(kind) : 'a frame';
    // The decision that sent it this way: the flood or forward at the device that put it on the cable.
    const decision = events.filter((e) => e.seq < first.seq && e.device === first.device && e.frame?.id === first.frame?.id && (e.type === 'flood' || e.type === 'forward')).pop();
    const why = decision ? ` ${nameOf(run.doc, decision.device)} sent it there: ${decision.layers[decision.layers.length - 1].reason}.` : '';
    return fail(`${count(arrived.length, 'frame')} of ${which} reached ${found.name}, the first ${frame} (${first.summary}).${why}`);
  },

  received({ device, frame, from, ttl, atLeast = 1, action }, run) {
    const found = findByName(run.doc, device);
    if (!found) return fail(capital(noDeviceMessage(run.doc, device)));
    // What arrived is what the last device put on the cable to it.
    const arrived = eventsOf(run, action === undefined ? undefined : run.actions[action - 1]).filter((e) => e.type === 'send' && e.hop?.toDevice === found.id && kindOf(e) === frame).map((e) => frameFacts(e.frame!.bytes));
    const source = from === undefined ? undefined : parseIpAddress(from);
    const matching = arrived.filter((f) => (source === undefined || (source.ok && f.ipSrc === source.value)) && (ttl === undefined || f.ttl === ttl));
    const hop = source?.ok && typeof source.value === 'bigint' ? 'hop limit' : ttlWord(arrived[0]);
    const wanted = [from === undefined ? '' : ` from ${from}`, ttl === undefined ? '' : ` with ${hop} ${ttl}`].join('');
    const plural = (n: number) => `${n === 1 ? aFrame(frame) : `${n} ${FRAME_LABELS[frame]}s`}`;
    if (matching.length >= atLeast) return pass(`${capital(plural(matching.length))}${wanted} reached ${found.name}.`);
    if (arrived.length === 0) {
      // Explain the ping this check is about: its own action's when it names one.
      const ping = (action === undefined ? run.actions : [run.actions[action - 1]]).find((a) => a.kind === 'ping' && a.deviceId !== undefined && a.target !== undefined);
      return fail(`No ${FRAME_LABELS[frame]} reached ${found.name}.${ping ? ` ${capital(explainPing(run, ping))}` : ''}`);
    }
    const seen = [...new Set(arrived.map((f) => `from ${f.ipSrc === undefined ? 'no IP address' : formatIpAddress(f.ipSrc)} with ${ttlWord(f)} ${f.ttl ?? '–'}`))].join(', or ');
    const short = matching.length > 0 ? `only ${matching.length} ${wanted.trim()}` : `${arrived.length === 1 ? 'it came' : 'they came'} ${seen}`;
    return fail(`${capital(plural(arrived.length))} reached ${found.name}, but ${short}, where this step wants ${atLeast}${wanted}. ${hop === 'hop limit' ? RECEIVED_HINT6 : RECEIVED_HINT}`);
  },

  relayed({ device, frame, changes, action }, run) {
    const found = findByName(run.doc, device);
    if (!found) return fail(capital(noDeviceMessage(run.doc, device)));
    const events = eventsOf(run);
    const during = action === undefined ? undefined : run.actions[action - 1];
    const out = events.find((e) => e.type === 'send' && (!during || (e.seq >= during.firstSeq && e.seq < during.endSeq)) && e.device === found.id && kindOf(e) === frame && e.frame !== undefined && arrivalOf(events, e, found.id) !== undefined);
    if (!out) return fail(notRelayed(run, found.name, found.id, frame, during));
    const before = frameFacts(arrivalOf(events, out, found.id)!.frame!.bytes);
    const after = frameFacts(out.frame!.bytes);
    const changed = RELAY_FIELDS.filter((field) => RELAY_READ[field](before) !== RELAY_READ[field](after));
    const story = `${found.name} took in ${aFrame(frame)} as ${headerWords(before)} and sent it on as ${headerWords(after)}`;
    const kept = RELAY_FIELDS.filter((field) => !changed.includes(field));
    const list = (fields: readonly RelayField[]) => fieldList(fields, after);
    const summary = `${changed.length === 0 ? 'nothing changed' : `changed: ${list(changed)}`}${kept.length === 0 ? '' : `; the same ${list(kept)}`}`;
    const expected = new Set(changes);
    if (changed.length === expected.size && changed.every((field) => expected.has(field))) return pass(`${story}: ${summary}.`);
    const wantedWords = changes.length === 0 ? 'nothing to change' : `only ${list(changes)} to change`;
    return fail(`${story}: ${summary}, where this step wants ${wantedWords}. ${relayHint(found.kind)}`);
  },

  traceroute({ device, hops }, run) {
    const found = findByName(run.doc, device);
    if (!found) return fail(capital(noDeviceMessage(run.doc, device)));
    const action = run.actions.filter((a) => a.kind === 'traceroute' && a.deviceId === found.id).at(-1);
    if (!action) return fail(`No traceroute from ${found.name} ran in this step.`);
    const printed = eventsOf(run, action).filter((e) => e.device === found.id && e.app?.name === 'traceroute');
    const lines = hopLines(printed);
    // A trace that wanders on is cut one hop after the last one wanted: enough to show where it went.
    const listed = lines.slice(0, hops.length + 1);
    const shown = `traceroute from ${found.name} listed ${listed.length === 0 ? 'no hops' : hopList(listed.map((l) => l.address))}`;
    const wrong = listed.findIndex((line, i) => !sameAddress(line.address, hops[i]));
    if (wrong === -1 && lines.length === hops.length) return pass(`${shown}.`);
    const want = `this step wants ${hopList(hops)}`;
    if (wrong !== -1) return fail(`${shown}; ${want}. ${capital(listed[wrong].reason)}.`);
    const last = printed[printed.length - 1];
    return fail(`${shown}; ${want}. It stopped there: ${last ? last.layers[last.layers.length - 1].reason : 'it printed nothing'}.`);
  },

  leased({ device, within }, run) {
    const found = findByName(run.doc, device);
    if (!found) return fail(capital(noDeviceMessage(run.doc, device)));
    const tables = run.sim.deviceTables(found.id, Infinity);
    // DHCP lease rows: interface, address/prefix, server, gateway, …
    const lease = tables.ok ? tables.value.find((t) => t.name === 'dhcp-lease')?.rows[0] : undefined;
    if (!lease) return fail(explainLease(run, found.id));
    const gateway = lease[3] && lease[3] !== 'none' ? `, gateway ${lease[3]}` : '';
    const got = `${found.name} was given ${lease[1]} on ${lease[0]} by the DHCP server ${lease[2]}${gateway}`;
    const network = within === undefined ? undefined : parseCidr(within);
    const address = parseIpv4(lease[1].split('/')[0]);
    if (!network?.ok || !address.ok || inSubnet(address.value, network.value)) return pass(`${got}.`);
    const info = found.vm ? VM_MODE_INFO[found.vm.mode] : undefined;
    const mode = info ? ` ${found.name} is in ${info.label} mode: ${info.explanation.charAt(0).toLowerCase()}${info.explanation.slice(1)}` : ` The DHCP server that answered serves another network: is ${found.name} cabled to the right one?`;
    return fail(`${got}, which is not in ${within}.${mode}`);
  },

  autoconfigured({ device, within }, run) {
    const found = findByName(run.doc, device);
    if (!found) return fail(capital(noDeviceMessage(run.doc, device)));
    const made = autoconfiguredAddresses(run, found.id);
    if (made.length === 0) return fail(explainAutoconfiguration(run, found.id));
    const prefix = within === undefined ? undefined : parseCidr6(within);
    const inside = made.filter((a) => !prefix?.ok || inSubnet6(a.cidr.address, prefix.value));
    const words = (list: typeof made) => list.map((a) => `${formatCidr6(a.cidr)} on ${a.interfaceName}`).join(' and ');
    const how = `by SLAAC: the prefix a router advertised, and an interface id made from its MAC address`;
    if (inside.length > 0) return pass(`${found.name} made itself ${words(inside)} ${how}.`);
    return fail(`${found.name} made itself ${words(made)} ${how}, but none is in ${within}: the router on its network advertises another prefix. Which address did you give the router's interface on ${found.name}'s network?`);
  },
};

/** Two addresses as text are the same address (IPv6 may be written several ways: 2001:DB8::1 is 2001:db8:0::1). */
function sameAddress(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  const [x, y] = [parseIpAddress(a), parseIpAddress(b)];
  return x.ok && y.ok ? x.value === y.value : a === b;
}

/** IPv6 calls IPv4's time to live its hop limit (RFC 8200 §3). */
function ttlWord(facts: FrameFacts | undefined): string {
  return typeof facts?.ipSrc === 'bigint' ? 'hop limit' : 'TTL';
}

/** One line traceroute printed for a hop: its number, the first address that answered (undefined: only `*`), and traceroute's reason. */
interface HopLine {
  hop: number;
  address: string | undefined;
  reason: string;
}

/** Reads traceroute's hop lines (" 2  192.0.2.1 (192.0.2.1)  0.017 ms …") back from its app events. */
function hopLines(events: readonly TraceEvent[]): HopLine[] {
  return events.flatMap((e) => {
    const line = /^\s*(\d+) (.*)$/.exec(e.app!.line);
    if (!line) return [];
    const address = /([0-9a-f.:]+) \(/i.exec(line[2]);
    return [{ hop: Number(line[1]), address: address?.[1], reason: e.layers[e.layers.length - 1].reason }];
  });
}

function hopList(hops: readonly (string | undefined)[]): string {
  return hops.map((address, i) => `${i + 1} ${address ?? '*'}`).join(', ');
}

const RECEIVED_HINT = 'A packet leaves with TTL 64 and every router on the way takes one off; a NAT router also puts its own public address in place of the sender\'s.';
const RECEIVED_HINT6 = 'An IPv6 packet leaves with hop limit 64 and every router on the way takes one off.';

/** The copy of `out`'s packet that arrived at the device: what the device before it put on the cable. */
function arrivalOf(events: readonly TraceEvent[], out: TraceEvent, deviceId: string): TraceEvent | undefined {
  return events.filter((e) => e.seq < out.seq && e.type === 'send' && e.hop?.toDevice === deviceId && e.frame?.id === out.frame?.id).pop();
}

const RELAY_READ: Record<RelayField, (facts: FrameFacts) => string | number | bigint | undefined> = {
  'mac-source': (f) => f.macSrc,
  'mac-destination': (f) => f.macDst,
  'ip-source': (f) => f.ipSrc,
  'ip-destination': (f) => f.ipDst,
  ttl: (f) => f.ttl,
};

const RELAY_WORDS: Record<RelayField, string> = {
  'mac-source': 'source MAC', 'mac-destination': 'destination MAC', 'ip-source': 'source IP', 'ip-destination': 'destination IP', ttl: 'TTL',
};

/** The fields in words; the TTL is the hop limit in an IPv6 packet. */
function fieldList(fields: readonly RelayField[], facts: FrameFacts): string {
  return listOf(fields.map((f) => (f === 'ttl' ? ttlWord(facts) : RELAY_WORDS[f])));
}

/** "02:…:01 → 02:…:05, 192.168.1.1 → 192.168.2.1, TTL 64" (IPv6: "hop limit 64") */
function headerWords(f: FrameFacts): string {
  const ip = f.ipSrc === undefined || f.ipDst === undefined ? '' : `, ${formatIpAddress(f.ipSrc)} → ${formatIpAddress(f.ipDst)}, ${ttlWord(f)} ${f.ttl}`;
  return `${f.macSrc} → ${f.macDst}${ip}`;
}

function relayHint(kind: DeviceKind): string {
  if (kind === 'switch' || kind === 'hub') return `A ${kind} passes frames on as they are; only a router writes new MAC addresses and lowers the TTL.`;
  return 'A router writes new MAC addresses for the next hop and lowers the TTL (IPv6: the hop limit), but leaves the IP addresses alone, unless it does NAT.';
}

/** Why the device never sent a frame of this kind on: it never got one, or it kept or dropped it. */
function notRelayed(run: StepRun, name: string, deviceId: string, frame: FrameKind, during?: ActionRun): string {
  const events = eventsOf(run, during);
  const arrived = events.find((e) => e.type === 'send' && e.hop?.toDevice === deviceId && kindOf(e) === frame);
  if (!arrived) {
    const ping = during ?? run.actions.find((a) => a.deviceId !== undefined && a.target !== undefined);
    return `No ${FRAME_LABELS[frame]} reached ${name}, so it had nothing to pass on.${ping ? ` ${capital(explainPing(run, ping))}` : ''}`;
  }
  const fate = (type: string) => events.find((e) => e.seq > arrived.seq && e.device === deviceId && e.frame?.id === arrived.frame?.id && e.type === type);
  const after = fate('drop') ?? fate('deliver') ?? fate('receive');
  const reason = after ? after.layers[after.layers.length - 1]?.reason : undefined;
  const what = after?.type === 'deliver' || after?.type === 'receive' ? 'kept it: it was for ' + name + ' itself' : after?.type === 'drop' ? `dropped it — ${reason}` : 'did not send it on';
  return `${capital(aFrame(frame))} reached ${name}, but ${name} ${what}.`;
}

/**
 * The devices between two cabled devices ([] when one cable joins them), or
 * undefined when no cables join them. Frames pass through switches and hubs
 * only: a computer does not forward (breadth-first, so the shortest way).
 */
function cablePath(doc: NetworkDocument, from: DeviceDoc, to: DeviceDoc): DeviceDoc[] | undefined {
  const byId = new Map(doc.devices.map((d) => [d.id, d]));
  const cameFrom = new Map<string, string | undefined>([[from.id, undefined]]);
  const queue = [from.id];
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (id === to.id) {
      const between: DeviceDoc[] = [];
      for (let at = cameFrom.get(id); at !== undefined && at !== from.id; at = cameFrom.get(at)) between.unshift(byId.get(at)!);
      return between;
    }
    if (id !== from.id && byId.get(id)?.kind === 'computer') continue;
    for (const link of doc.links) {
      const next = link.a.device === id ? link.b.device : link.b.device === id ? link.a.device : undefined;
      if (next !== undefined && !cameFrom.has(next)) {
        cameFrom.set(next, id);
        queue.push(next);
      }
    }
  }
  return undefined;
}

// ---- Words

const KIND_WORDS: Record<DeviceKind | 'frame', [string, string]> = {
  computer: ['computer', 'computers'],
  switch: ['switch', 'switches'],
  hub: ['hub', 'hubs'],
  router: ['router', 'routers'],
  'home-router': ['home router', 'home routers'],
  isp: ['ISP', 'ISPs'],
  vm: ['VM', 'VMs'],
  server: ['server', 'servers'],
  frame: ['frame', 'frames'],
};

/** "3 computers", or with a verb, "are 3 computers" / "is 1 computer". */
function count(n: number, kind: DeviceKind | 'frame', verb = false): string {
  const [one, many] = KIND_WORDS[kind];
  const noun = `${n} ${n === 1 ? one : many}`;
  return verb ? `${n === 1 ? 'is' : 'are'} ${noun}` : noun;
}

/** "a", "a and b", "a, b and c". */
function listOf(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function ordinal(n: number): string {
  return ['first', 'second', 'third', 'fourth', 'fifth'][n - 1] ?? `number ${n}`;
}

/** What the step wanted of a silent device, and what to change to get there. */
function wanted(name: string, because: SilentReason, run: StepRun): string {
  const target = run.actions.find((a) => a.target !== undefined)?.target ?? 'the address it pings';
  const wants: Record<SilentReason, string> = {
    'no-address': `This step wants ${name} without an IPv4 address yet.`,
    'no-route': `This step wants ${name} to have an address on another network than ${target}.`,
    'no-cable': `This step wants ${name} to try: give it an IPv4 address on the same network as ${target} (like ${sameNetworkExample(target)}), and leave it without a cable.`,
  };
  return wants[because];
}

/** An address next to the target, for a hint: 192.168.1.2 → 192.168.1.1/24. */
function sameNetworkExample(target: string): string {
  const parts = target.split('.');
  if (parts.length !== 4) return 'one in the same /24';
  const last = Number(parts[3]) === 1 ? 2 : 1;
  return `${parts.slice(0, 3).join('.')}.${last}/24`;
}

function noTableMessage(device: DeviceDoc, table: TableName): string {
  if (device.kind === 'hub' && table === 'mac') return `${device.name} is a hub: it keeps no MAC table, because it reads no addresses at all. It repeats every frame out of every port. A switch learns where each MAC address is.`;
  if (table === 'dhcp-leases') return `${device.name} keeps no DHCP leases: it runs no DHCP server. A home router runs one from the start; on a router, turn one on for an interface.`;
  if (table === 'nat') return `${device.name} keeps no NAT table: it translates no addresses. A home router does NAT between its lan and wan.`;
  return `${device.name} is a ${KIND_WORDS[device.kind][0]} and keeps no ${table === 'mac' ? 'MAC table' : table === 'neighbours' ? 'neighbour cache' : 'ARP cache'}.`;
}

/** One row of each table in words. Columns: MAC table (MAC, port…), ARP cache (IPv4, MAC…), NAT (protocol, inside, outside, remote…), leases (address, MAC, hostname…). */
const ROW_WORDS: Record<TableName, (row: string[]) => string> = {
  mac: (row) => `${row[0]} on ${row[1]}`,
  arp: (row) => `${row[0]} is at ${row[1]}`,
  neighbours: (row) => `${row[0]} is at ${row[1]}`,
  nat: (row) => `${row[0]} ${row[1]} as ${row[2]} to ${row[3]}`,
  'dhcp-leases': (row) => `${row[0]} to ${row[2] || row[1]}`,
};

function learnHint(kind: DeviceKind, table: TableName): string {
  if (table === 'nat') return 'A NAT router adds a row when a packet from inside goes out through wan, and forgets it after a while without traffic: does every computer get through to the outside?';
  if (table === 'dhcp-leases') return 'A DHCP server adds a row for every computer it gives an address: is every computer cabled to it and set to DHCP?';
  if (table === 'neighbours') return 'A device learns an IPv6 neighbour\'s MAC address by neighbour discovery, so it must talk to it over IPv6 (or be asked).';
  if (kind === 'switch') return 'A switch learns a MAC address when a frame from it comes in, so every computer must be cabled and send something.';
  return 'A computer learns a neighbour\'s MAC address from ARP, so it must talk to it (or be asked).';
}

/** What each action printed, like a terminal: the command, then its lines. */
function outputOf(run: StepRun): string[] {
  const lines: string[] = [];
  for (const action of run.actions) {
    lines.push(`$ ${action.label}`);
    if (action.error !== undefined) lines.push(`  ${action.error}`);
    for (const e of eventsOf(run, action)) if (e.app) lines.push(`  ${e.app.line}`);
  }
  if (run.failure !== undefined && !run.actions.some((a) => a.error !== undefined)) lines.push(run.failure);
  return lines;
}
