/**
 * The retransmission timeout (RFC 6298) with Linux's numbers: 1 s before any
 * round trip was measured (TCP_TIMEOUT_INIT), never under 200 ms (TCP_RTO_MIN:
 * Linux floors the variance term, so RTO = SRTT + max(200 ms, 4·RTTVAR)),
 * never over 120 s (TCP_RTO_MAX), doubled on each timeout (§5.5).
 */
export const RTO_INITIAL_NS = 1_000_000_000;
export const RTO_MIN_NS = 200_000_000;
export const RTO_MAX_NS = 120_000_000_000;

export class RtoEstimator {
  /** Smoothed round-trip time and its variation, ns; undefined before the first sample. */
  srtt?: number;
  rttvar = 0;
  private base = RTO_INITIAL_NS;
  private backoffs = 0;

  /** The timeout to arm now, backoff included. */
  get rto(): number {
    return Math.min(RTO_MAX_NS, this.base * 2 ** this.backoffs);
  }

  /** A round trip measured on a segment sent once (Karn's rule, §3): the estimate moves and backoff ends. */
  sample(rttNs: number): void {
    if (this.srtt === undefined) {
      // §2.2: the first measurement.
      this.srtt = rttNs;
      this.rttvar = rttNs / 2;
    } else {
      // §2.3: α = 1/8, β = 1/4.
      this.rttvar = 0.75 * this.rttvar + 0.25 * Math.abs(this.srtt - rttNs);
      this.srtt = 0.875 * this.srtt + 0.125 * rttNs;
    }
    this.base = Math.min(RTO_MAX_NS, Math.round(this.srtt + Math.max(RTO_MIN_NS, 4 * this.rttvar)));
    this.backoffs = 0;
  }

  /** A timeout fired: the next one waits twice as long (§5.5). */
  backOff(): void {
    if (this.rto < RTO_MAX_NS) this.backoffs++;
  }
}
