/**
 * Checks a lesson file before the player or the CLI uses it, the way
 * document/validate.ts checks a network: either a clean lesson, or every
 * problem with its JSON path and a plain message an instructor can act on.
 *
 * Lessons are written by hand, so unlike networks an unknown field is refused
 * (a typo like "hint" for "hints" would otherwise be silently ignored), and
 * every device a check, action or highlight names must exist in the step's
 * solution, so a lesson cannot ask about a device it never builds.
 */
import { sameName } from '../document/rules';
import { DEVICE_KINDS, type DeviceKind, type NetworkDocument } from '../document/schema';
import { type Problem, validateDocument } from '../document/validate';
import { parseCidr } from '../wire/address';
import { parseCidr6, parseIpAddress } from '../wire/address6';
import type { OsiLayer } from '../wire/fields';
import {
  CHECK_KINDS,
  FRAME_KINDS,
  LESSON_FORMAT,
  LESSON_VERSION,
  RELAY_FIELDS,
  RUN_KINDS,
  SILENT_REASONS,
  TABLE_NAMES,
  type Check,
  type CheckKind,
  type CheckSpecs,
  type Highlights,
  type Lesson,
  type LessonStep,
  type OsiGuide,
  type RunAction,
  type RunKind,
  type RunSpecs,
  type TableName,
} from './schema';
import { describe, expected, isObject, own, type JsonObject } from '../document/json-reading';

export type LessonValidated = { ok: true; value: Lesson } | { ok: false; problems: Problem[] };

type Report = (path: string, message: string) => void;

/** Reads a lesson file's text: a JSON syntax error is one problem at "$". */
export function parseLessonText(text: string): LessonValidated {
  let input: unknown;
  try {
    input = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return refuse('$', `This file is not valid JSON, so it cannot be a Flintnet lesson (${detail})`);
  }
  return validateLesson(input);
}

const LESSON_FIELDS = ['format', 'version', 'chapter', 'title', 'story', 'goals', 'palette', 'start', 'steps', 'recap'];
const STEP_FIELDS = ['id', 'title', 'text', 'highlights', 'hints', 'run', 'checks', 'osi', 'solution'];

export function validateLesson(input: unknown): LessonValidated {
  if (!isObject(input)) return refuse('$', `This is not a Flintnet lesson: the file holds ${describe(input)} instead of a lesson object`);
  const format = own(input, 'format');
  if (format !== LESSON_FORMAT) {
    const found = format === undefined ? 'it has no "format" field' : `its "format" is ${describe(format)}`;
    const network = format === 'flintnet' ? ' (this looks like a network file, not a lesson)' : '';
    return refuse('$.format', `This is not a Flintnet lesson: ${found}, where a lesson says "${LESSON_FORMAT}"${network}`);
  }
  const version = own(input, 'version');
  if (typeof version === 'number' && Number.isInteger(version) && version > LESSON_VERSION) {
    return refuse('$.version', `This lesson was written for a newer Flintnet (lesson format version ${version}); this version reads versions up to ${LESSON_VERSION}`);
  }

  const problems: Problem[] = [];
  const report: Report = (path, message) => void problems.push({ path, message });
  if (version !== LESSON_VERSION) report('$.version', expected('"version"', String(LESSON_VERSION), version));
  unknownFields(input, '$', LESSON_FIELDS, 'a lesson', report);

  const chapter = own(input, 'chapter');
  if (typeof chapter !== 'number' || !Number.isInteger(chapter) || chapter < 1) report('$.chapter', expected('"chapter"', 'a whole number from 1 up', chapter));
  const title = readText(input, 'title', '$', report);
  const story = readText(input, 'story', '$', report);
  const goals = readTexts(own(input, 'goals'), '$.goals', '"goals"', report, true);
  const palette = readPalette(own(input, 'palette'), report);
  const start = readDocument(own(input, 'start'), '$.start', report);
  const steps = readSteps(own(input, 'steps'), report);
  const recap = readRecap(own(input, 'recap'), report);

  if (problems.length > 0 || !start || !steps) return { ok: false, problems };
  return {
    ok: true,
    value: { format: LESSON_FORMAT, version: LESSON_VERSION, chapter: chapter as number, title: title!, story: story!, goals: goals!, palette: palette!, start, steps, recap: recap! },
  };
}

function refuse(path: string, message: string): LessonValidated {
  return { ok: false, problems: [{ path, message }] };
}

function readPalette(value: unknown, report: Report): DeviceKind[] | undefined {
  if (!Array.isArray(value)) {
    report('$.palette', expected('"palette"', `a list of device kinds to offer, like ["computer", "switch"] (known: ${DEVICE_KINDS.join(', ')})`, value));
    return undefined;
  }
  const kinds: DeviceKind[] = [];
  value.forEach((kind, i) => {
    if (isDeviceKind(kind)) kinds.push(kind);
    else report(`$.palette[${i}]`, `${describe(kind)} is not a kind of device this version of Flintnet knows (${DEVICE_KINDS.join(', ')})`);
  });
  return kinds;
}

/** A network inside the lesson: checked by the document's own validator, its problems moved under this path. */
function readDocument(value: unknown, path: string, report: Report): NetworkDocument | undefined {
  if (value === undefined) {
    report(path, `${path === '$.start' ? '"start"' : '"solution"'} is missing: it should be a Flintnet network (it may have no devices)`);
    return undefined;
  }
  const validated = validateDocument(value);
  if (validated.ok) return validated.value;
  for (const problem of validated.problems) report(`${path}${problem.path.slice(1)}`, problem.message);
  return undefined;
}

function readRecap(value: unknown, report: Report): Lesson['recap'] | undefined {
  if (!isObject(value)) {
    report('$.recap', expected('"recap"', 'an object with "text" (what the chapter showed) and "question" (leading to the next chapter)', value));
    return undefined;
  }
  unknownFields(value, '$.recap', ['text', 'question'], 'a recap', report);
  const text = readText(value, 'text', '$.recap', report);
  const question = readText(value, 'question', '$.recap', report);
  return text !== undefined && question !== undefined ? { text, question } : undefined;
}

// ---- Steps

function readSteps(value: unknown, report: Report): LessonStep[] | undefined {
  if (!Array.isArray(value) || value.length === 0) {
    report('$.steps', expected('"steps"', 'a list of at least one step', value));
    return undefined;
  }
  const ids = new Set<string>();
  const steps = value.map((item, i) => {
    const id = isObject(item) ? own(item, 'id') : undefined;
    if (typeof id === 'string') {
      if (ids.has(id)) report(`$.steps[${i}].id`, `Another step already has the id "${id}": step ids must be unique`);
      ids.add(id);
    }
    return readStep(item, `$.steps[${i}]`, report);
  });
  return steps.every((s) => s !== undefined) ? steps : undefined;
}

function readStep(item: unknown, path: string, report: Report): LessonStep | undefined {
  if (!isObject(item)) {
    report(path, expected('A step', 'an object with an id, a title, text, hints, run, checks and a solution', item));
    return undefined;
  }
  unknownFields(item, path, STEP_FIELDS, 'a step', report);
  const before = { count: 0 };
  const note: Report = (at, message) => {
    before.count++;
    report(at, message);
  };
  const id = readText(item, 'id', path, note);
  const title = readText(item, 'title', path, note);
  const text = readText(item, 'text', path, note);
  const hints = readTexts(own(item, 'hints'), `${path}.hints`, '"hints"', note, false);
  const solution = readDocument(own(item, 'solution'), `${path}.solution`, note);
  const names = solution?.devices ?? [];
  // Names are judged against the solution only when it is valid; otherwise its own problems say enough.
  const devices = solution ? (at: string, name: string) => deviceProblem(at, name, names, note) : () => undefined;

  const run = readList(own(item, 'run'), `${path}.run`, '"run"', 'a list of actions (it may be empty: [])', note, (action, at) => readRunAction(action, at, devices, note));
  // A broken action still counts, so checks are judged against the run as written.
  const runLength = Array.isArray(own(item, 'run')) ? (own(item, 'run') as unknown[]).length : 0;
  const checks = readList(own(item, 'checks'), `${path}.checks`, '"checks"', 'a list of at least one check', note, (check, at) => readCheck(check, at, runLength, devices, note));
  if (checks?.length === 0) note(`${path}.checks`, 'A step needs at least one check, so the player knows when it is done');
  const highlights = own(item, 'highlights') === undefined ? undefined : readHighlights(own(item, 'highlights'), `${path}.highlights`, devices, note);
  const osi = own(item, 'osi') === undefined ? undefined : readList(own(item, 'osi'), `${path}.osi`, '"osi"', 'a list of narrations, like [{"frame": "arp-request", "narration": {"2": "..."}}]', note, (guide, at) => readOsiGuide(guide, at, note));
  if (solution) tableProblems(item, path, solution, note);

  if (before.count > 0 || !solution || !run || !checks || hints === undefined) return undefined;
  const step: LessonStep = { id: id!, title: title!, text: text!, hints, run, checks, solution };
  if (highlights) step.highlights = highlights;
  if (osi) step.osi = osi;
  return step;
}

/** Reports a name the step's solution does not hold. */
type DeviceNames = (at: string, name: string) => void;

function deviceProblem(at: string, name: string, devices: NetworkDocument['devices'], report: Report): void {
  if (devices.some((d) => sameName(d.name, name))) return;
  const known = devices.length === 0 ? 'it has no devices' : `its devices are ${devices.map((d) => d.name).join(', ')}`;
  report(at, `There is no device called "${name}" in this step's solution (${known}): a lesson names devices by their name, like "PC-1"`);
}

// ---- Run actions and checks: one key naming the kind, its fields checked by type

type FieldType = 'device' | 'count' | 'pings' | 'action' | 'ip' | 'ms' | 'hops' | 'cidr' | 'prefix6' | 'frames' | 'frame' | 'ttl' | 'changes' | 'table' | 'kind' | 'flag' | 'reason';
type FieldRule = [FieldType, 'required' | 'optional'];
type FieldRules<T> = { [P in keyof T]-?: FieldRule };

const RUN_FIELDS: { [K in RunKind]: FieldRules<RunSpecs[K]> } = {
  ping: { from: ['device', 'required'], to: ['ip', 'required'], count: ['pings', 'optional'] },
  traceroute: { from: ['device', 'required'], to: ['ip', 'required'] },
};

const CHECK_FIELDS: { [K in CheckKind]: FieldRules<CheckSpecs[K]> } = {
  devices: { kind: ['kind', 'required'], atLeast: ['count', 'required'] },
  cabled: { a: ['device', 'required'], b: ['device', 'required'], direct: ['flag', 'optional'] },
  silent: { device: ['device', 'required'], because: ['reason', 'optional'] },
  echoReplies: { device: ['device', 'required'], from: ['ip', 'required'], atLeast: ['count', 'optional'] },
  order: { frames: ['frames', 'required'], device: ['device', 'optional'] },
  table: { device: ['device', 'required'], table: ['table', 'required'], atLeast: ['count', 'required'] },
  notReached: { device: ['device', 'required'], action: ['action', 'required'] },
  received: { device: ['device', 'required'], frame: ['frame', 'required'], from: ['ip', 'optional'], ttl: ['ttl', 'optional'], atLeast: ['count', 'optional'], action: ['action', 'optional'] },
  relayed: { device: ['device', 'required'], frame: ['frame', 'required'], changes: ['changes', 'required'], action: ['action', 'optional'] },
  leased: { device: ['device', 'required'], within: ['cidr', 'optional'] },
  autoconfigured: { device: ['device', 'required'], within: ['prefix6', 'optional'] },
  traceroute: { device: ['device', 'required'], hops: ['hops', 'required'] },
  roundTrip: { device: ['device', 'required'], from: ['ip', 'required'], atLeastMs: ['ms', 'optional'], atMostMs: ['ms', 'optional'] },
};

/** Checks that judge the trace of running the network need something to run. */
const NEEDS_RUN: readonly CheckKind[] = ['silent', 'echoReplies', 'order', 'notReached', 'received', 'relayed', 'traceroute', 'roundTrip'];

/** The most pings one action may send: lessons stay quick to check and short to read. */
const MAX_PINGS = 10;

/** traceroute's own default limit (-m 30). */
const MAX_HOPS = 30;

function readRunAction(value: unknown, path: string, devices: DeviceNames, report: Report): RunAction | undefined {
  const keyed = readKeyed(value, path, RUN_KINDS, [], 'action', 'an action like {"ping": {"from": "PC-1", "to": "192.168.1.2"}}', report);
  if (!keyed) return undefined;
  const spec = readFields(keyed.spec, `${path}.${keyed.kind}`, RUN_FIELDS[keyed.kind], { runLength: 0, devices }, report);
  return spec && ({ [keyed.kind]: spec } as unknown as RunAction);
}

function readCheck(value: unknown, path: string, runLength: number, devices: DeviceNames, report: Report): Check | undefined {
  const keyed = readKeyed(value, path, CHECK_KINDS, ['goal'], 'check', 'a check like {"goal": "PC-1 gets an answer", "echoReplies": {"device": "PC-1", "from": "192.168.1.2"}}', report);
  if (!keyed) return undefined;
  const goal = readText(value as JsonObject, 'goal', path, report);
  if (NEEDS_RUN.includes(keyed.kind) && runLength === 0) {
    report(`${path}.${keyed.kind}`, `A "${keyed.kind}" check judges what happens when the network runs, but this step's "run" is empty: add an action like {"ping": {"from": "PC-1", "to": "192.168.1.2"}}`);
  }
  const spec = readFields(keyed.spec, `${path}.${keyed.kind}`, CHECK_FIELDS[keyed.kind], { runLength, devices }, report);
  if (spec && keyed.kind === 'roundTrip' && !boundsMakeSense(spec, `${path}.roundTrip`, report)) return undefined;
  return spec && goal !== undefined ? ({ goal, [keyed.kind]: spec } as unknown as Check) : undefined;
}

/** A round trip check needs a bound to judge by, and a range that some time can fall in. */
function boundsMakeSense(spec: JsonObject, path: string, report: Report): boolean {
  const { atLeastMs, atMostMs } = spec as { atLeastMs?: number; atMostMs?: number };
  if (atLeastMs === undefined && atMostMs === undefined) {
    report(path, 'A "roundTrip" check needs "atLeastMs", "atMostMs" or both: the fewest and the most milliseconds a reply may take');
    return false;
  }
  if (atLeastMs !== undefined && atMostMs !== undefined && atLeastMs > atMostMs) {
    report(`${path}.atMostMs`, `"atMostMs" (${atMostMs}) is less than "atLeastMs" (${atLeastMs}): no reply could take both`);
    return false;
  }
  return true;
}

/** An object with exactly one key naming its kind (plus `extra` keys like "goal"). */
function readKeyed<K extends string>(value: unknown, path: string, kinds: readonly K[], extra: string[], what: string, example: string, report: Report): { kind: K; spec: unknown } | undefined {
  if (!isObject(value)) {
    report(path, expected(`A ${what}`, example, value));
    return undefined;
  }
  const keys = Object.keys(value).filter((key) => !extra.includes(key));
  const known = keys.filter((key): key is K => (kinds as readonly string[]).includes(key));
  for (const key of keys) {
    if (!known.includes(key as K)) report(`${path}.${key}`, `"${key}" is not a kind of ${what} this version of Flintnet knows (known kinds: ${kinds.join(', ')})`);
  }
  if (known.length === 0 && keys.length === 0) report(path, `A ${what} needs a kind, one of ${kinds.join(', ')}; for example ${example}`);
  if (known.length > 1) report(path, `A ${what} has exactly one kind, but this one has ${known.join(' and ')}: make one ${what} of each`);
  return known.length === 1 && keys.length === 1 ? { kind: known[0], spec: value[known[0]] } : undefined;
}

interface FieldContext {
  runLength: number;
  devices: DeviceNames;
}

/** The settings' clean copy, or undefined after reporting every problem. */
function readFields(value: unknown, path: string, rules: Readonly<Record<string, FieldRule>>, context: FieldContext, report: Report): JsonObject | undefined {
  const entries = Object.entries(rules);
  if (!isObject(value)) {
    report(path, expected('Its settings', `an object with ${entries.map(([key]) => `"${key}"`).join(', ')}`, value));
    return undefined;
  }
  const found = { problems: 0 };
  const note: Report = (at, message) => {
    found.problems++;
    report(at, message);
  };
  unknownFields(value, path, entries.map(([key]) => key), 'these settings', note);
  const clean: JsonObject = {};
  for (const [key, [type, need]] of entries) {
    const field = own(value, key);
    if (field === undefined) {
      if (need === 'required') note(`${path}.${key}`, `"${key}" is missing: it should be ${FIELD_WORDS[type](context)}`);
      continue;
    }
    const problem = fieldProblem(type, field, context);
    if (problem !== undefined) note(`${path}.${key}`, `"${key}" ${problem}`);
    else {
      clean[key] = Array.isArray(field) ? [...field] : field;
      if (type === 'device') context.devices(`${path}.${key}`, field as string);
    }
  }
  return found.problems === 0 ? clean : undefined;
}

const FIELD_WORDS: Record<FieldType, (context: FieldContext) => string> = {
  device: () => 'the name of a device, like "PC-1"',
  count: () => 'a whole number from 1 up',
  pings: () => `a whole number of echo requests from 1 to ${MAX_PINGS}`,
  action: ({ runLength }) => (runLength === 0 ? 'the number of one of the step\'s "run" actions, but it has none' : `the number of one of the step's "run" actions, 1 to ${runLength}`),
  ip: () => 'an IPv4 or IPv6 address, like "192.168.1.2" or "2001:db8:1::2"',
  ms: () => 'a time in milliseconds, like 65 or 0.5',
  hops: () => `a list of 1 to ${MAX_HOPS} IPv4 or IPv6 addresses, one per hop, like ["192.168.1.254", "192.168.2.1"]`,
  cidr: () => 'a network with its prefix, like "192.168.1.0/24"',
  prefix6: () => 'an IPv6 prefix, like "2001:db8:1::/64"',
  frames: () => `a list of frame kinds (${FRAME_KINDS.join(', ')})`,
  frame: () => `a frame kind (${FRAME_KINDS.join(', ')})`,
  ttl: () => 'a time to live, a whole number from 0 to 255',
  changes: () => `a list of the header fields that change, each at most once (${RELAY_FIELDS.join(', ')}); [] when none may change`,
  table: () => `a table name (${TABLE_NAMES.join(' or ')})`,
  kind: () => `a device kind (${DEVICE_KINDS.join(', ')})`,
  flag: () => 'true or false',
  reason: () => `one of ${SILENT_REASONS.join(', ')}`,
};

function fieldProblem(type: FieldType, value: unknown, context: FieldContext): string | undefined {
  const wrong = `should be ${FIELD_WORDS[type](context)}, not ${describe(value)}`;
  switch (type) {
    case 'device':
      return typeof value === 'string' && value !== '' ? undefined : wrong;
    case 'count':
      return isWhole(value, 1, Infinity) ? undefined : wrong;
    case 'pings':
      return isWhole(value, 1, MAX_PINGS) ? undefined : wrong;
    case 'action':
      return isWhole(value, 1, context.runLength) ? undefined : wrong;
    case 'ip': {
      if (typeof value !== 'string') return wrong;
      const parsed = parseIpAddress(value);
      return parsed.ok ? undefined : `should be an IPv4 or IPv6 address: ${parsed.error}`;
    }
    case 'ms':
      return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? undefined : wrong;
    case 'hops':
      return Array.isArray(value) && value.length >= 1 && value.length <= MAX_HOPS && value.every((hop) => typeof hop === 'string' && parseIpAddress(hop).ok) ? undefined : wrong;
    case 'cidr': {
      if (typeof value !== 'string') return wrong;
      const parsed = parseCidr(value);
      return parsed.ok ? undefined : `should be a network with its prefix: ${parsed.error}`;
    }
    case 'prefix6': {
      if (typeof value !== 'string') return wrong;
      const parsed = parseCidr6(value);
      return parsed.ok ? undefined : `should be an IPv6 prefix: ${parsed.error}`;
    }
    case 'frame':
      return (FRAME_KINDS as readonly unknown[]).includes(value) ? undefined : wrong;
    case 'ttl':
      return isWhole(value, 0, 255) ? undefined : wrong;
    case 'changes':
      return Array.isArray(value) && value.every((field) => (RELAY_FIELDS as readonly unknown[]).includes(field)) && new Set(value).size === value.length ? undefined : wrong;
    case 'frames':
      return Array.isArray(value) && value.length > 0 && value.every((kind) => (FRAME_KINDS as readonly unknown[]).includes(kind)) ? undefined : wrong;
    case 'table':
      return (TABLE_NAMES as readonly unknown[]).includes(value) ? undefined : wrong;
    case 'kind':
      return isDeviceKind(value) ? undefined : wrong;
    case 'flag':
      return typeof value === 'boolean' ? undefined : wrong;
    case 'reason':
      return (SILENT_REASONS as readonly unknown[]).includes(value) ? undefined : wrong;
  }
}

/**
 * Which devices keep which table, so a lesson cannot ask for a hub's MAC
 * table. A home router has a switch inside; a computer hosting VMs in NAT
 * mode also keeps NAT translations and DHCP leases for them.
 */
const TABLE_HOLDERS: Record<TableName, readonly DeviceKind[]> = {
  mac: ['switch', 'home-router'],
  arp: ['computer', 'vm', 'router', 'home-router', 'isp'],
  neighbours: ['computer', 'vm', 'router', 'home-router', 'isp'],
  nat: ['home-router', 'computer'],
  'dhcp-leases': ['router', 'home-router', 'isp', 'computer'],
};
const TABLE_WORDS: Record<TableName, string> = { mac: 'a MAC table', arp: 'an ARP cache', neighbours: 'a neighbour cache', nat: 'a NAT table', 'dhcp-leases': 'a DHCP lease table' };

/** Table checks and highlights must point at a device that keeps that table, in the step's solution. */
function tableProblems(step: JsonObject, path: string, solution: NetworkDocument, report: Report): void {
  const wants: { at: string; device: unknown; table: unknown }[] = [];
  const checks = own(step, 'checks');
  if (Array.isArray(checks)) {
    checks.forEach((check, i) => {
      const spec = isObject(check) ? own(check, 'table') : undefined;
      if (isObject(spec)) wants.push({ at: `${path}.checks[${i}].table.table`, device: own(spec, 'device'), table: own(spec, 'table') });
    });
  }
  const highlights = own(step, 'highlights');
  const table = isObject(highlights) ? own(highlights, 'table') : undefined;
  if (isObject(table)) wants.push({ at: `${path}.highlights.table.table`, device: own(table, 'device'), table: own(table, 'table') });
  for (const { at, device, table: name } of wants) {
    if (typeof device !== 'string' || !(TABLE_NAMES as readonly unknown[]).includes(name)) continue;
    const holder = solution.devices.find((d) => sameName(d.name, device));
    const kinds = TABLE_HOLDERS[name as TableName];
    if (holder && !kinds.includes(holder.kind)) report(at, `${holder.name} is a ${holder.kind} in the solution, and only a ${kinds.join(' or a ')} keeps ${TABLE_WORDS[name as TableName]}`);
  }
}

function readHighlights(value: unknown, path: string, devices: DeviceNames, report: Report): Highlights | undefined {
  if (!isObject(value)) {
    report(path, expected('"highlights"', 'an object like {"devices": ["PC-1"], "table": {"device": "Switch-1", "table": "mac"}}', value));
    return undefined;
  }
  unknownFields(value, path, ['devices', 'table'], 'highlights', report);
  const highlights: Highlights = {};
  const names = own(value, 'devices');
  if (names !== undefined) {
    const list = readTexts(names, `${path}.devices`, '"devices"', report, false);
    list?.forEach((name, i) => devices(`${path}.devices[${i}]`, name));
    if (list) highlights.devices = list;
  }
  const table = own(value, 'table');
  if (table !== undefined) {
    const spec = readFields(table, `${path}.table`, { device: ['device', 'required'], table: ['table', 'required'] }, { runLength: 0, devices }, report);
    if (spec) highlights.table = spec as { device: string; table: TableName };
  }
  return highlights;
}

function readOsiGuide(value: unknown, path: string, report: Report): OsiGuide | undefined {
  if (!isObject(value)) {
    report(path, expected('An OSI narration', 'an object like {"frame": "arp-request", "narration": {"2": "..."}}', value));
    return undefined;
  }
  unknownFields(value, path, ['frame', 'narration'], 'an OSI narration', report);
  const frame = own(value, 'frame');
  const guide: OsiGuide = { narration: {} };
  if (frame !== undefined) {
    if ((FRAME_KINDS as readonly unknown[]).includes(frame)) guide.frame = frame as OsiGuide['frame'];
    else report(`${path}.frame`, expected('"frame"', `a frame kind (${FRAME_KINDS.join(', ')})`, frame));
  }
  const narration = own(value, 'narration');
  if (!isObject(narration) || Object.keys(narration).length === 0) {
    report(`${path}.narration`, expected('"narration"', 'an object from layer number to text, like {"2": "The switch reads the MAC addresses"}', narration));
    return undefined;
  }
  for (const [layer, text] of Object.entries(narration)) {
    if (!/^[1-7]$/.test(layer)) report(`${path}.narration.${layer}`, `"${layer}" is not an OSI layer: use the numbers 1 to 7`);
    else if (typeof text !== 'string' || text.trim() === '') report(`${path}.narration.${layer}`, expected(`Layer ${layer}'s narration`, 'a text', text));
    else guide.narration[Number(layer) as OsiLayer] = text;
  }
  return guide;
}

// ---- Reading JSON values

function readText(object: JsonObject, key: string, path: string, report: Report): string | undefined {
  const value = own(object, key);
  if (typeof value === 'string' && value.trim() !== '') return value;
  report(`${path}.${key}`, expected(`"${key}"`, 'a text that is not empty', value));
  return undefined;
}

function readTexts(value: unknown, path: string, field: string, report: Report, nonEmpty: boolean): string[] | undefined {
  if (!Array.isArray(value) || (nonEmpty && value.length === 0)) {
    report(path, expected(field, `a list of texts${nonEmpty ? ', at least one' : ' (it may be empty: [])'}`, value));
    return undefined;
  }
  let good = true;
  value.forEach((text, i) => {
    if (typeof text === 'string' && text.trim() !== '') return;
    good = false;
    report(`${path}[${i}]`, expected(`Item ${i + 1}`, 'a text that is not empty', text));
  });
  return good ? [...(value as string[])] : undefined;
}

function readList<T>(value: unknown, path: string, field: string, what: string, report: Report, read: (item: unknown, at: string) => T | undefined): T[] | undefined {
  if (!Array.isArray(value)) {
    report(path, expected(field, what, value));
    return undefined;
  }
  const items = value.map((item, i) => read(item, `${path}[${i}]`));
  return items.every((item) => item !== undefined) ? (items as T[]) : undefined;
}

function unknownFields(object: JsonObject, path: string, known: string[], what: string, report: Report): void {
  for (const key of Object.keys(object)) {
    if (!known.includes(key)) report(`${path}.${key}`, `"${key}" is not a field of ${what} (known: ${known.join(', ')})`);
  }
}

function isDeviceKind(value: unknown): value is DeviceKind {
  return (DEVICE_KINDS as readonly unknown[]).includes(value);
}

function isWhole(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

