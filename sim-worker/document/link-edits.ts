/**
 * Edits to a cable's medium and timing: pure functions over the document,
 * like those in edits.ts (which makes and removes cables).
 */
import type { Edit } from './edits';
import { bandwidthProblem, delayProblem, isLinkMedium, LINK_MEDIA, LINK_MEDIA_ORDER, lossRateProblem } from './link-media';
import type { LinkDoc, LinkMedium, NetworkDocument } from './schema';

export interface LinkPropertiesPatch {
  bandwidthBps?: number;
  delayNs?: number;
  /** 0 to 1; 0 takes the field out of the document (no loss). */
  lossRate?: number;
}

/** Makes the cable the given medium, with that medium's bandwidth and delay (LINK_MEDIA). */
export function setLinkMedium(doc: NetworkDocument, linkId: string, medium: LinkMedium): Edit {
  if (!isLinkMedium(medium)) return { ok: false, error: `"${String(medium)}" is not a kind of cable: use one of ${LINK_MEDIA_ORDER.join(', ')}` };
  const { bandwidthBps, delayNs } = LINK_MEDIA[medium];
  return updateLink(doc, linkId, () => ({ medium, bandwidthBps, delayNs }));
}

/** The problems with a patch, by field; empty when it could be applied. */
export function checkLinkProperties(patch: LinkPropertiesPatch): Partial<Record<keyof LinkPropertiesPatch, string>> {
  const problems: Partial<Record<keyof LinkPropertiesPatch, string>> = {};
  if (patch.bandwidthBps !== undefined) problems.bandwidthBps = bandwidthProblem(patch.bandwidthBps);
  if (patch.delayNs !== undefined) problems.delayNs = delayProblem(patch.delayNs);
  if (patch.lossRate !== undefined) problems.lossRate = lossRateProblem(patch.lossRate);
  if (problems.bandwidthBps === undefined) delete problems.bandwidthBps;
  if (problems.delayNs === undefined) delete problems.delayNs;
  if (problems.lossRate === undefined) delete problems.lossRate;
  return problems;
}

/** Sets the cable's bandwidth, one-way delay and/or loss rate; the medium stays what it was (a preset is only a start). */
export function setLinkProperties(doc: NetworkDocument, linkId: string, patch: LinkPropertiesPatch): Edit {
  const problems = checkLinkProperties(patch);
  const first = problems.bandwidthBps ?? problems.delayNs ?? problems.lossRate;
  if (first !== undefined) return { ok: false, error: first };
  const edited = updateLink(doc, linkId, () => ({
    ...(patch.bandwidthBps === undefined ? {} : { bandwidthBps: patch.bandwidthBps }),
    ...(patch.delayNs === undefined ? {} : { delayNs: patch.delayNs }),
    ...(patch.lossRate === undefined ? {} : { lossRate: patch.lossRate }),
  }));
  if (!edited.ok || patch.lossRate !== 0) return edited;
  // No loss is the default: the field leaves the document rather than stay there as 0.
  const links = edited.doc.links.map((link) => {
    if (link.id !== linkId) return link;
    const rest = { ...link };
    delete rest.lossRate;
    return rest;
  });
  return { ...edited, doc: { ...edited.doc, links } };
}

function updateLink(doc: NetworkDocument, linkId: string, change: (link: LinkDoc) => Partial<LinkDoc>): Edit {
  const index = doc.links.findIndex((l) => l.id === linkId);
  if (index === -1) return { ok: false, error: `There is no cable "${linkId}" in this network` };
  const links = doc.links.slice();
  links[index] = { ...links[index], ...change(links[index]) };
  return { ok: true, doc: { ...doc, links } };
}
