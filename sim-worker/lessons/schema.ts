/**
 * A lesson file: one chapter of the guided course (CURRICULUM.md). Plain JSON
 * that instructors can write and share; docs/lessons.md describes it for them.
 *
 * Lessons name devices by their NAME ("PC-1"), never by document id: learners
 * build the devices themselves, and only the names are visible to them.
 *
 * Checks and run actions are small objects with exactly one key that says their
 * kind, beside the check's goal: {"goal": "...", "echoReplies": {...}}. A new
 * kind is one more entry in CheckSpecs (or RunSpecs), its validator and its
 * evaluator; nothing else changes.
 */
import type { DeviceKind, NetworkDocument } from '../document/schema';
import type { OsiLayer } from '../wire/fields';

export const LESSON_FORMAT = 'flintnet-lesson';
export const LESSON_VERSION = 1;

export interface Lesson {
  format: typeof LESSON_FORMAT;
  version: typeof LESSON_VERSION;
  /** Its number in the course, 1..19 (an instructor's own lessons may use any whole number). */
  chapter: number;
  title: string;
  /** Markdown: the problem the previous chapter left, told as a short story. */
  story: string;
  /** What the learner will be able to do, in plain words. */
  goals: string[];
  /** The device kinds the palette offers in this chapter. */
  palette: DeviceKind[];
  /** The network the chapter starts from (possibly empty). */
  start: NetworkDocument;
  steps: LessonStep[];
  recap: Recap;
}

export interface Recap {
  /** Markdown: what the chapter showed. */
  text: string;
  /** The question that leads into the next chapter. */
  question: string;
}

export interface LessonStep {
  /** Unique within the lesson; stable, so progress can be saved by it ("add-computer"). */
  id: string;
  title: string;
  /** Markdown: what to build or watch. */
  text: string;
  highlights?: Highlights;
  /** Revealed one at a time, gentlest first. */
  hints: string[];
  /** Run on the learner's network in order; each starts once the network has gone quiet after the one before. */
  run: RunAction[];
  /** All must pass for the step to be done. */
  checks: Check[];
  /** Narration for guided stepping through the OSI layers, one entry per kind of frame. */
  osi?: OsiGuide[];
  /**
   * The whole network as it should be at the END of this step: "Show me" diffs
   * the learner's network against it. The next step starts from it.
   */
  solution: NetworkDocument;
}

export interface Highlights {
  /** Device names to draw attention to on the canvas. */
  devices?: string[];
  /** A live table to open beside the step. */
  table?: { device: string; table: TableName };
}

/** `mac` on switches (and a home router's built-in switch), `arp` and `neighbours` (IPv6's neighbour cache) on anything with an IP address, `nat` on home routers, `dhcp-leases` on DHCP servers. */
export type TableName = 'mac' | 'arp' | 'neighbours' | 'nat' | 'dhcp-leases';
export const TABLE_NAMES: readonly TableName[] = ['mac', 'arp', 'neighbours', 'nat', 'dhcp-leases'];

// ---- Frames

/**
 * Kinds of frame a lesson can talk about (classified from the frame's bytes,
 * see frames.ts). An echo request or reply is ICMP's or ICMPv6's: ping is
 * ping over either; the neighbour and router kinds are IPv6's neighbour
 * discovery (RFC 4861).
 */
export type FrameKind =
  | 'arp-request' | 'arp-reply' | 'echo-request' | 'echo-reply' | 'dhcp-discover' | 'dhcp-offer' | 'dhcp-request' | 'dhcp-ack'
  | 'neighbour-solicitation' | 'neighbour-advertisement' | 'router-solicitation' | 'router-advertisement';
export const FRAME_KINDS: readonly FrameKind[] = [
  'arp-request', 'arp-reply', 'echo-request', 'echo-reply', 'dhcp-discover', 'dhcp-offer', 'dhcp-request', 'dhcp-ack',
  'neighbour-solicitation', 'neighbour-advertisement', 'router-solicitation', 'router-advertisement',
];

/** Text the player shows, layer by layer, when the learner steps a frame of this kind through the OSI model. */
export interface OsiGuide {
  /** Which frames this narration is for; left out, it is for any frame. */
  frame?: FrameKind;
  /** Layer number (1..7) → what to notice at that layer. JSON keys are strings: {"2": "...", "3": "..."}. */
  narration: Partial<Record<OsiLayer, string>>;
}

// ---- Run actions

/** Each kind of action and its settings. Later: traceroute, browse, power off, cut a cable. */
export interface RunSpecs {
  /** `from` pings the IPv4 or IPv6 address `to` (count defaults to 1 in lessons, to keep the trace short). */
  ping: { from: string; to: string; count?: number };
  /** `from` runs traceroute to the IPv4 or IPv6 address `to`, with Linux traceroute's defaults (3 probes a hop, at most 30 hops). */
  traceroute: { from: string; to: string };
}

export type RunKind = keyof RunSpecs;
export const RUN_KINDS: readonly RunKind[] = ['ping', 'traceroute'];

/** {"ping": {"from": "PC-1", "to": "192.168.1.2", "count": 2}} */
export type RunAction = { [K in RunKind]: { [P in K]: RunSpecs[P] } }[RunKind];

// ---- Checks

/** Why a device stayed silent (see the `silent` check). */
export type SilentReason = 'no-address' | 'no-route' | 'no-cable';
export const SILENT_REASONS: readonly SilentReason[] = ['no-address', 'no-route', 'no-cable'];

/** Header fields a device may change when it passes a packet on (see the `relayed` check); `ttl` is IPv6's hop limit in an IPv6 packet. */
export type RelayField = 'mac-source' | 'mac-destination' | 'ip-source' | 'ip-destination' | 'ttl';
export const RELAY_FIELDS: readonly RelayField[] = ['mac-source', 'mac-destination', 'ip-source', 'ip-destination', 'ttl'];

/**
 * Each kind of check and its settings. All but `devices` and `cabled` judge
 * the trace of running the step's `run` actions. Later kinds (traceroute
 * hops, NAT entries, an HTTP status) go here.
 */
export interface CheckSpecs {
  /** The network holds at least `atLeast` devices of this kind. */
  devices: { kind: DeviceKind; atLeast: number };
  /** A cable joins the two, directly, or (unless `direct`) through switches and hubs. */
  cabled: { a: string; b: string; direct?: boolean };
  /**
   * The device put no frame at all on any cable during the run. With
   * `because`, it must have stayed silent for that reason: it had no IPv4
   * address, no route to the target, or it tried but had no cable.
   */
  silent: { device: string; because?: SilentReason };
  /** `device` received at least `atLeast` (default 1) echo replies from the address `from` (IPv4 or IPv6). */
  echoReplies: { device: string; from: string; atLeast?: number };
  /**
   * Frames of these kinds were put on a cable in this order (others may come
   * between). With `device`, only frames that device sent or received count.
   */
  order: { frames: FrameKind[]; device?: string };
  /** After the run, the device's table holds at least `atLeast` entries. */
  table: { device: string; table: TableName; atLeast: number };
  /** No frame sent during run action number `action` (1 = the first) arrived at `device`. */
  notReached: { device: string; action: number };
  /**
   * At least `atLeast` (default 1) frames of this kind arrived at `device`,
   * each with the source `from` (IPv4 or IPv6) and the TTL (IPv6: hop limit) `ttl` when those are given:
   * what the receiver really saw after every router and NAT on the way.
   * With `action`, only frames of run action number `action` count.
   */
  received: { device: string; frame: FrameKind; from?: string; ttl?: number; atLeast?: number; action?: number };
  /**
   * `device` took in a frame of this kind and sent it on, and exactly the
   * header fields in `changes` differ between the copy that came in and the
   * copy that left (a router: both MACs and the TTL; a switch: none).
   * With `action`, only frames of run action number `action` (1 = the first) count.
   */
  relayed: { device: string; frame: FrameKind; changes: RelayField[]; action?: number };
  /** `device` was given an IPv4 address by DHCP, inside the network `within` when that is given. */
  leased: { device: string; within?: string };
  /**
   * `device` made itself an IPv6 address by SLAAC (RFC 4862) from a router's
   * advertisement, inside the IPv6 prefix `within` when that is given.
   */
  autoconfigured: { device: string; within?: string };
  /**
   * The last traceroute `device` ran (a `traceroute` run action) listed
   * exactly these addresses, hop by hop, the last one the target itself.
   */
  traceroute: { device: string; hops: string[] };
  /**
   * Every echo reply `device` got from `from` came back after at least
   * `atLeastMs` and at most `atMostMs` milliseconds (at least one of the two
   * given), as ping printed it: what a cable's length and medium cost.
   */
  roundTrip: { device: string; from: string; atLeastMs?: number; atMostMs?: number };
}

export type CheckKind = keyof CheckSpecs;
export const CHECK_KINDS: readonly CheckKind[] = ['devices', 'cabled', 'silent', 'echoReplies', 'order', 'table', 'notReached', 'received', 'relayed', 'leased', 'autoconfigured', 'traceroute', 'roundTrip'];

/** {"goal": "PC-1 gets an answer", "echoReplies": {"device": "PC-1", "from": "192.168.1.2"}} */
export type Check = { goal: string } & { [K in CheckKind]: { [P in K]: CheckSpecs[P] } }[CheckKind];

/** Which kind a check is: its one key besides `goal`. */
export function checkKind(check: Check): CheckKind {
  return CHECK_KINDS.find((kind) => Object.hasOwn(check, kind))!;
}

export function runKind(action: RunAction): RunKind {
  return RUN_KINDS.find((kind) => Object.hasOwn(action, kind))!;
}

/** The network a step starts from: the previous step's solution, or the lesson's start. */
export function stepStart(lesson: Lesson, stepIndex: number): NetworkDocument {
  return stepIndex <= 0 ? lesson.start : lesson.steps[Math.min(stepIndex, lesson.steps.length) - 1].solution;
}

// ---- The course index (public/lessons/index.json)

export const COURSE_FORMAT = 'flintnet-course';

export interface CourseIndex {
  format: typeof COURSE_FORMAT;
  version: 1;
  title: string;
  chapters: CourseChapter[];
}

export interface CourseChapter {
  number: number;
  title: string;
  summary: string;
  /** Path relative to index.json, or null while the chapter is still coming. */
  file: string | null;
}

// ---- Results of checking a step (checks.ts)

export interface CheckResult {
  goal: string;
  passed: boolean;
  /** What the check saw, in words a learner can act on. */
  message: string;
}

export interface StepResult {
  passed: boolean;
  checks: CheckResult[];
  /** What the run actions printed (ping's lines), for a terminal-like panel. */
  output: string[];
}
