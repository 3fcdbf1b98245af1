/**
 * Edits to a cable's medium and timing: pure functions over the document,
 * like those in edits.ts (which makes and removes cables).
 */
import type { Edit } from './edits';
import { bandwidthProblem, delayProblem, isLinkMedium, LINK_MEDIA, LINK_MEDIA_ORDER } from './link-media';
import type { LinkDoc, LinkMedium, NetworkDocument } from './schema';

export interface LinkPropertiesPatch {
  bandwidthBps?: number;
  delayNs?: number;
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
  if (problems.bandwidthBps === undefined) delete problems.bandwidthBps;
  if (problems.delayNs === undefined) delete problems.delayNs;
  return problems;
}

/** Sets the cable's bandwidth and/or one-way delay; the medium stays what it was (a preset is only a start). */
export function setLinkProperties(doc: NetworkDocument, linkId: string, patch: LinkPropertiesPatch): Edit {
  const problems = checkLinkProperties(patch);
  const first = problems.bandwidthBps ?? problems.delayNs;
  if (first !== undefined) return { ok: false, error: first };
  return updateLink(doc, linkId, () => ({
    ...(patch.bandwidthBps === undefined ? {} : { bandwidthBps: patch.bandwidthBps }),
    ...(patch.delayNs === undefined ? {} : { delayNs: patch.delayNs }),
  }));
}

function updateLink(doc: NetworkDocument, linkId: string, change: (link: LinkDoc) => Partial<LinkDoc>): Edit {
  const index = doc.links.findIndex((l) => l.id === linkId);
  if (index === -1) return { ok: false, error: `There is no cable "${linkId}" in this network` };
  const links = doc.links.slice();
  links[index] = { ...links[index], ...change(links[index]) };
  return { ok: true, doc: { ...doc, links } };
}
