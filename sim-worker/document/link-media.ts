/**
 * What each kind of cable is like: a realistic bandwidth and one-way delay to
 * start from (both stay editable per link). Light travels through glass at
 * about c/1.47 (silica's group index), 4.9 µs per km; through copper twisted
 * pair at about 0.65 c (Cat 5e/6 nominal velocity of propagation), 5 ns per m;
 * through the air and space at c, 3.34 µs per km.
 */
import { COPPER_DEFAULTS, type LinkMedium } from './schema';

export interface MediumPreset {
  medium: LinkMedium;
  /** In the learner's words, for menus. */
  label: string;
  bandwidthBps: number;
  /** One way, end to end, in ns. */
  delayNs: number;
  /** What the figures stand for, shown beside them. */
  basis: string;
}

export const LINK_MEDIA: Record<LinkMedium, MediumPreset> = {
  // IEEE 802.3ab 1000BASE-T: 1 Gbit/s over at most 100 m of Cat 5e, 0.5 µs of cable,
  // plus a few hundred ns in each end's PHY: 1 µs, the default of a new cable.
  copper: {
    medium: 'copper', label: 'Copper Ethernet', bandwidthBps: COPPER_DEFAULTS.bandwidthBps, delayNs: COPPER_DEFAULTS.delayNs,
    basis: '1000BASE-T over up to 100 m of twisted pair (~5 ns/m) plus the transceivers',
  },
  // IEEE 802.3ae 10GBASE-LR: 10 Gbit/s on single-mode fibre (reach 10 km); 2 km across a campus at 4.9 µs/km.
  fibre: {
    medium: 'fibre', label: 'Fibre', bandwidthBps: 10_000_000_000, delayNs: 10_000,
    basis: '10GBASE-LR single-mode fibre, 2 km across a campus (~4.9 µs/km)',
  },
  // One 100 Gbit/s DWDM wavelength (ITU-T G.694.1 grid, coherent optics) over 1000 km between cities: 4.9 ms.
  'long-haul-fibre': {
    medium: 'long-haul-fibre', label: 'Long-haul fibre', bandwidthBps: 100_000_000_000, delayNs: 5_000_000,
    basis: 'one 100 Gbit/s wavelength over 1000 km between cities (~4.9 µs/km)',
  },
  // A transatlantic cable: MAREA (Virginia Beach–Bilbao) is 6 600 km long; 6 600 km × 4.9 µs/km ≈ 32.3 ms. One 100 Gbit/s wavelength of it.
  undersea: {
    medium: 'undersea', label: 'Undersea cable', bandwidthBps: 100_000_000_000, delayNs: 32_500_000,
    basis: 'one 100 Gbit/s wavelength of a 6 600 km transatlantic cable such as MAREA',
  },
  // Geostationary orbit is 35 786 km up: at least 119.4 ms up and as much down at c, more when the dishes are not
  // right under the satellite, so 250 ms one way; consumer services (Viasat, HughesNet) give tens of Mbit/s.
  'geo-satellite': {
    medium: 'geo-satellite', label: 'Geostationary satellite', bandwidthBps: 50_000_000, delayNs: 250_000_000,
    basis: '35 786 km up: ~120 ms up and ~120 ms down at the speed of light; tens of Mbit/s',
  },
  // Starlink-like low orbit, ~550 km up: slant ranges of 550–1 000 km each way are 2–3.5 ms; ~100 Mbit/s
  // (Ookla's median Starlink download speeds are around 100 Mbit/s).
  'leo-satellite': {
    medium: 'leo-satellite', label: 'Low-orbit satellite', bandwidthBps: 100_000_000, delayNs: 5_000_000,
    basis: '~550 km up (Starlink-like): a few ms up and down; ~100 Mbit/s',
  },
};

export const LINK_MEDIA_ORDER: readonly LinkMedium[] = ['copper', 'fibre', 'long-haul-fibre', 'undersea', 'geo-satellite', 'leo-satellite'];

/** Bounds of an edited link: from 1 kbit/s (a slow modem) to 1 Tbit/s, and from 0 up to 10 s one way. */
export const LINK_LIMITS = { minBandwidthBps: 1_000, maxBandwidthBps: 1_000_000_000_000, maxDelayNs: 10_000_000_000 } as const;

export function isLinkMedium(value: unknown): value is LinkMedium {
  return typeof value === 'string' && (LINK_MEDIA_ORDER as readonly string[]).includes(value);
}

/** The problem with a bandwidth, or undefined when it is a whole number of bits per second within the bounds. */
export function bandwidthProblem(bps: unknown): string | undefined {
  if (typeof bps !== 'number' || !Number.isInteger(bps) || bps < LINK_LIMITS.minBandwidthBps || bps > LINK_LIMITS.maxBandwidthBps) {
    return 'The bandwidth must be a whole number of bits per second from 1 kbit/s (1000) to 1 Tbit/s (1000000000000)';
  }
  return undefined;
}

/** The problem with a loss rate, or undefined when it is a chance from 0 (no loss) to 1 (every frame lost). */
export function lossRateProblem(rate: unknown): string | undefined {
  return chanceProblem(rate, 'The loss rate must be from 0 % (no frame lost) to 100 % (every frame lost); a saved network writes 5 % as 0.05');
}

/** The problem with a reorder rate, or undefined when it is a chance from 0 (frames keep their order) to 1. */
export function reorderRateProblem(rate: unknown): string | undefined {
  return chanceProblem(rate, 'The reorder rate must be from 0 % (frames keep their order) to 100 %; a saved network writes 5 % as 0.05');
}

function chanceProblem(rate: unknown, problem: string): string | undefined {
  return typeof rate !== 'number' || !Number.isFinite(rate) || rate < 0 || rate > 1 ? problem : undefined;
}

/** The problem with a one-way delay, or undefined when it is a whole number of ns within the bounds. */
export function delayProblem(ns: unknown): string | undefined {
  if (typeof ns !== 'number' || !Number.isInteger(ns) || ns < 0 || ns > LINK_LIMITS.maxDelayNs) {
    return 'The delay must be a whole number of nanoseconds from 0 to 10 s (10000000000)';
  }
  return undefined;
}
