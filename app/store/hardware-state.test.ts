import { describe, expect, it } from 'vitest';
import { lan } from '../../sim-worker/testing/network-builder';
import { Simulation } from '../../sim-worker/engine/simulation';
import { hardwareStateAt, stateEvents } from './hardware-state';

describe('hardware state from the trace', () => {
  it('knows which cable is cut and which device is off, as of any event', () => {
    const { doc, pcs, middle } = lan(2);
    const sim = new Simulation(doc);
    sim.run();
    sim.act({ kind: 'link', link: 'l1', up: false });
    const cutAt = sim.trace.upcomingSeq - 1;
    sim.act({ kind: 'power', device: middle, on: false });
    const offAt = sim.trace.upcomingSeq - 1;
    sim.act({ kind: 'link', link: 'l1', up: true });
    sim.act({ kind: 'power', device: middle, on: true });
    sim.run();
    const states = stateEvents(sim.trace.events);
    expect(hardwareStateAt(states, 1)).toEqual({ cutLinks: new Set(), poweredOff: new Set() });
    expect(hardwareStateAt(states, cutAt)).toEqual({ cutLinks: new Set(['l1']), poweredOff: new Set() });
    expect(hardwareStateAt(states, offAt)).toEqual({ cutLinks: new Set(['l1']), poweredOff: new Set([middle]) });
    expect(hardwareStateAt(states, null)).toEqual({ cutLinks: new Set(), poweredOff: new Set() });
    expect(pcs).toHaveLength(2);
  });
});
