/**
 * Edits to a cable's medium and timing: pure functions over the document,
 * like those in edits.ts (which makes and removes cables).
 */
import type { Edit } from './edits';
import { bandwidthProblem, delayProblem, isLinkMedium, LINK_MEDIA, LINK_MEDIA_ORDER, lossRateProblem, reorderRateProblem } from './link-media';
import type { LinkDoc, LinkMedium, NetworkDocument } from './schema';

export interface LinkPropertiesPatch {
  bandwidthBps?: number;
  delayNs?: number;
  /** 0 to 1; 0 takes the field out of the document (no loss). */
  lossRate?: number;
  /** 0 to 1; 0 takes the field out of the document (frames keep their order). */
  reorderRate?: number;
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
  if (patch.reorderRate !== undefined) problems.reorderRate = reorderRateProblem(patch.reorderRate);
  for (const field of Object.keys(problems) as (keyof LinkPropertiesPatch)[]) if (problems[field] === undefined) delete problems[field];
  return problems;
}

/** Sets the cable's bandwidth, one-way delay and/or loss rate; the medium stays what it was (a preset is only a start). */
export function setLinkProperties(doc: NetworkDocument, linkId: string, patch: LinkPropertiesPatch): Edit {
  const problems = checkLinkProperties(patch);
  const first = problems.bandwidthBps ?? problems.delayNs ?? problems.lossRate ?? problems.reorderRate;
  if (first !== undefined) return { ok: false, error: first };
  const edited = updateLink(doc, linkId, () => ({
    ...(patch.bandwidthBps === undefined ? {} : { bandwidthBps: patch.bandwidthBps }),
    ...(patch.delayNs === undefined ? {} : { delayNs: patch.delayNs }),
    ...(patch.lossRate === undefined ? {} : { lossRate: patch.lossRate }),
    ...(patch.reorderRate === undefined ? {} : { reorderRate: patch.reorderRate }),
  }));
  if (!edited.ok || (patch.lossRate !== 0 && patch.reorderRate !== 0)) return edited;
  // No loss and no reordering are the defaults: a rate of 0 leaves the document rather than stay there.
  const links = edited.doc.links.map((link) => {
    if (link.id !== linkId) return link;
    const rest = { ...link };
    if (patch.lossRate === 0) delete rest.lossRate;
    if (patch.reorderRate === 0) delete rest.reorderRate;
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
