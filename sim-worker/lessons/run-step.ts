/**
 * Runs a step's actions on the learner's network: one Simulation, each action
 * started once the network has gone quiet after the one before, the whole run
 * capped so a broadcast storm cannot hang the player or the CLI. Checks then
 * read what happened from the trace.
 */
import type { DeviceDoc, NetworkDocument } from '../document/schema';
import { sameName } from '../document/rules';
import { Simulation } from '../engine/simulation';
import { runKind, type RunAction, type RunKind } from './schema';

/** A network still busy after this many scheduler tasks is flooding round a loop. */
export const MAX_RUN_TASKS = 200_000;

export interface ActionRun {
  kind: RunKind;
  /** "ping from PC-1 to 192.168.1.2". */
  label: string;
  /** Document id of the device the action ran on. */
  deviceId?: string;
  /** The action's target address, when it has one. */
  target?: string;
  /** Events from firstSeq up to (not including) endSeq belong to this action. */
  firstSeq: number;
  endSeq: number;
  /** Set when the action could not start, in the learner's words. */
  error?: string;
}

export interface StepRun {
  doc: NetworkDocument;
  sim: Simulation;
  actions: ActionRun[];
  /** Set when the run could not finish (an action could not start, or the network never went quiet). */
  failure?: string;
}

export function runActions(doc: NetworkDocument, run: readonly RunAction[], seed?: number): StepRun {
  // The whole trace is kept: checks look back at every action, and MAX_RUN_TASKS bounds it.
  const sim = new Simulation(doc, { seed, traceWindow: Infinity });
  const result: StepRun = { doc, sim, actions: [] };
  // What the network does by itself when it comes up (DHCP, announcements) comes first, as it would on a real network.
  sim.run({ maxTasks: MAX_RUN_TASKS });
  for (const action of run) {
    const firstSeq = sim.trace.upcomingSeq;
    const started = start(sim, doc, action);
    const actionRun: ActionRun = { ...started, firstSeq, endSeq: firstSeq };
    result.actions.push(actionRun);
    if (started.error !== undefined) {
      result.failure = `The check could not ${started.label}: ${started.error}`;
      break;
    }
    sim.run({ maxTasks: MAX_RUN_TASKS });
    actionRun.endSeq = sim.trace.upcomingSeq;
    if (!sim.quiet) {
      const loop = sim.takeNotices().find((n) => n.kind === 'loop');
      result.failure = `The network never went quiet during the ${started.label}: is there a loop?${loop ? ` ${loop.message}` : ' Frames kept going round, so the check stopped it.'}`;
      break;
    }
  }
  return result;
}

function start(sim: Simulation, doc: NetworkDocument, action: RunAction): Omit<ActionRun, 'firstSeq' | 'endSeq'> {
  const kind = runKind(action);
  const { from, to } = 'ping' in action ? action.ping : action.traceroute;
  const label = `${kind} from ${from} to ${to}`;
  const device = findByName(doc, from);
  if (!device) return { kind, label, target: to, error: noDeviceMessage(doc, from) };
  const started = 'ping' in action
    ? sim.act({ kind: 'ping', device: device.id, target: to, count: action.ping.count ?? 1 })
    : sim.act({ kind: 'traceroute', device: device.id, target: to });
  return started.ok ? { kind, label, target: to, deviceId: device.id } : { kind, label, target: to, deviceId: device.id, error: started.error };
}

/** Names are matched as hostnames are: without regard to case. */
export function findByName(doc: NetworkDocument, name: string): DeviceDoc | undefined {
  return doc.devices.find((d) => sameName(d.name, name));
}

export function noDeviceMessage(doc: NetworkDocument, name: string): string {
  const names = doc.devices.map((d) => d.name);
  const list = names.length === 0 ? 'the network is empty' : `the devices are ${names.join(', ')}`;
  return `there is no device called ${name} (${list}). Add one, or if you renamed it, name it ${name} again.`;
}
