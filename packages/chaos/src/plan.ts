/** How long each part of a run lasts; everything else is the same in both modes. */
export interface Plan {
  mode: 'full' | 'quick';
  /** Clients sending requests at the same time. */
  clients: number;
  /** Pause of each client between two requests (ms), so the load is steady rather than maximal. */
  pauseMs: number;
  /** Customers the orders are spread over. */
  customers: number;
  /** Traffic alone before the first fault (ms). */
  warmUpMs: number;
  /** How long Redis and PostgreSQL stay down in each outage (ms). */
  outageMs: number;
  /** Traffic alone between two faults, so each one's effects show on their own (ms). */
  quietMs: number;
  /** How long the workers are killed in a loop, and the simulator misbehaves, one at a time (ms). */
  faultMs: number;
  /** Every fault at once (ms). */
  togetherMs: number;
  /** After the traffic stops: longest wait for every owed SMS to reach an end (ms). */
  settleMs: number;
}

export const fullPlan: Plan = {
  mode: 'full',
  clients: 6,
  pauseMs: 60,
  customers: 300,
  warmUpMs: 15_000,
  outageMs: 12_000,
  quietMs: 10_000,
  faultMs: 40_000,
  togetherMs: 90_000,
  settleMs: 150_000,
};

export const quickPlan: Plan = {
  mode: 'quick',
  clients: 4,
  pauseMs: 80,
  customers: 100,
  warmUpMs: 4_000,
  outageMs: 5_000,
  quietMs: 3_000,
  faultMs: 10_000,
  togetherMs: 20_000,
  settleMs: 90_000,
};
