import { describe, expect, it } from 'vitest';
import { lan } from '../testing/network-builder';
import { setLinkMedium, setLinkProperties } from './link-edits';
import { LINK_MEDIA, LINK_MEDIA_ORDER } from './link-media';
import { COPPER_DEFAULTS, type LinkMedium } from './schema';
import { validateDocument } from './validate';

describe('link media presets', () => {
  it('has one preset per medium, each a whole bandwidth and delay within the edit bounds', () => {
    expect([...LINK_MEDIA_ORDER].sort()).toEqual(Object.keys(LINK_MEDIA).sort());
    for (const medium of LINK_MEDIA_ORDER) {
      const preset = LINK_MEDIA[medium];
      expect(preset.medium).toBe(medium);
      expect(setLinkProperties(lan(2).doc, 'l1', { bandwidthBps: preset.bandwidthBps, delayNs: preset.delayNs }).ok).toBe(true);
    }
  });

  it('puts figures in the right order of size: copper is the default cable, space is slow', () => {
    expect(LINK_MEDIA.copper).toMatchObject({ bandwidthBps: COPPER_DEFAULTS.bandwidthBps, delayNs: COPPER_DEFAULTS.delayNs });
    expect(LINK_MEDIA.fibre.bandwidthBps).toBe(10e9);
    // 6 600 km of fibre at ~4.9 µs/km.
    expect(LINK_MEDIA.undersea.delayNs / 1e6).toBeCloseTo(6600 * 0.0049, 0);
    // 35 786 km up and down at the speed of light is at least 238.7 ms.
    expect(LINK_MEDIA['geo-satellite'].delayNs).toBeGreaterThanOrEqual(Math.ceil(((2 * 35_786_000) / 299_792_458) * 1e9));
    expect(LINK_MEDIA['leo-satellite'].delayNs).toBeLessThan(10e6);
    expect(LINK_MEDIA['leo-satellite'].bandwidthBps).toBeGreaterThan(LINK_MEDIA['geo-satellite'].bandwidthBps);
  });
});

describe('cable edits', () => {
  it('sets a medium with its bandwidth and delay, leaving the rest of the document alone', () => {
    const { doc } = lan(2);
    const edit = setLinkMedium(doc, 'l2', 'geo-satellite');
    expect(edit.ok).toBe(true);
    if (!edit.ok) return;
    expect(edit.doc.links[1]).toEqual({ ...doc.links[1], medium: 'geo-satellite', bandwidthBps: 50_000_000, delayNs: 250_000_000 });
    expect(edit.doc.links[0]).toBe(doc.links[0]);
    expect(doc.links[1].medium).toBe('copper');
    expect(validateDocument(edit.doc).ok).toBe(true);
  });

  it('edits bandwidth and delay separately, keeping the medium', () => {
    const { doc } = lan(2);
    const slower = setLinkProperties(doc, 'l1', { bandwidthBps: 100_000_000 });
    expect(slower.ok && slower.doc.links[0]).toEqual({ ...doc.links[0], bandwidthBps: 100_000_000 });
    const longer = setLinkProperties(doc, 'l1', { delayNs: 0 });
    expect(longer.ok && longer.doc.links[0]).toEqual({ ...doc.links[0], delayNs: 0 });
  });

  it('sets a loss rate from 0 to 1, and takes the field out again at 0', () => {
    const { doc } = lan(2);
    const lossy = setLinkProperties(doc, 'l1', { lossRate: 0.05 });
    if (!lossy.ok) throw new Error(lossy.error);
    expect(lossy.doc.links[0]).toEqual({ ...doc.links[0], lossRate: 0.05 });
    expect(validateDocument(lossy.doc).ok).toBe(true);
    const clean = setLinkProperties(lossy.doc, 'l1', { lossRate: 0 });
    expect(clean.ok && clean.doc.links[0]).toEqual(doc.links[0]);
    const message = 'The loss rate must be from 0 % (no frame lost) to 100 % (every frame lost); a saved network writes 5 % as 0.05';
    expect(setLinkProperties(doc, 'l1', { lossRate: 1.5 })).toEqual({ ok: false, error: message });
    expect(setLinkProperties(doc, 'l1', { lossRate: Number.NaN })).toEqual({ ok: false, error: message });
    const problems = validateDocument({ ...doc, links: [{ ...doc.links[0], lossRate: -0.1 }, doc.links[1]] });
    expect(problems.ok ? [] : problems.problems).toEqual([{ path: '$.links[0].lossRate', message: `Link "l1": ${message}` }]);
  });

  it('sets a reorder rate, takes it out at 0, and refuses one that is not a chance', () => {
    const { doc } = lan(2);
    const shuffled = setLinkProperties(doc, 'l1', { reorderRate: 0.1 });
    if (!shuffled.ok) throw new Error(shuffled.error);
    expect(shuffled.doc.links[0]).toEqual({ ...doc.links[0], reorderRate: 0.1 });
    const clean = setLinkProperties(shuffled.doc, 'l1', { reorderRate: 0 });
    expect(clean.ok && clean.doc.links[0]).toEqual(doc.links[0]);
    const message = 'The reorder rate must be from 0 % (frames keep their order) to 100 %; a saved network writes 5 % as 0.05';
    expect(setLinkProperties(doc, 'l1', { reorderRate: 2 })).toEqual({ ok: false, error: message });
    const problems = validateDocument({ ...doc, links: [{ ...doc.links[0], reorderRate: -1 }, doc.links[1]] });
    expect(problems.ok ? [] : problems.problems).toEqual([{ path: '$.links[0].reorderRate', message: `Link "l1": ${message}` }]);
  });

  it('refuses values out of bounds, with the bounds in the message', () => {
    const { doc } = lan(2);
    const bandwidth = 'The bandwidth must be a whole number of bits per second from 1 kbit/s (1000) to 1 Tbit/s (1000000000000)';
    const delay = 'The delay must be a whole number of nanoseconds from 0 to 10 s (10000000000)';
    expect(setLinkProperties(doc, 'l1', { bandwidthBps: 999 })).toEqual({ ok: false, error: bandwidth });
    expect(setLinkProperties(doc, 'l1', { bandwidthBps: 1.5e12 })).toEqual({ ok: false, error: bandwidth });
    expect(setLinkProperties(doc, 'l1', { bandwidthBps: 1e6 + 0.5 })).toEqual({ ok: false, error: bandwidth });
    expect(setLinkProperties(doc, 'l1', { delayNs: -1 })).toEqual({ ok: false, error: delay });
    expect(setLinkProperties(doc, 'l1', { delayNs: 10e9 + 1 })).toEqual({ ok: false, error: delay });
    expect(setLinkProperties(doc, 'l9', { delayNs: 5 })).toEqual({ ok: false, error: 'There is no cable "l9" in this network' });
    expect(setLinkMedium(doc, 'l1', 'fiber' as LinkMedium)).toEqual({
      ok: false, error: '"fiber" is not a kind of cable: use one of copper, fibre, long-haul-fibre, undersea, geo-satellite, leo-satellite',
    });
  });
});
