/** How long and how large each measurement is; `--quick` shrinks all of it to show the bench works. */
export interface Plan {
  mode: 'full' | 'quick';
  /** Concurrencies of rows 1–3. */
  connections: number[];
  /** Rounds of ours-and-baseline alternated, rows 1–3. */
  rounds: number;
  /** Lower concurrencies measured for the chart only, with fewer and shorter rounds. */
  sweepConnections: number[];
  sweepRounds: number;
  sweepRunS: number;
  /** Seconds of one run in rows 1–3, and of each warm-up run. */
  runS: number;
  warmupS: number;
  /** Row 4: seconds at a fixed rate. */
  fixedRateS: number;
  /** Row 5: seconds of the whole pipeline, then the SMS latency run at `latencyRate` orders/s. */
  pipelineS: number;
  latencyS: number;
  latencyRate: number;
  /** Row 6: delivery reports posted. */
  deliveryReports: number;
  /** Row 7: rows of the small and the large table, rounds and seconds per run. */
  listingSmall: number;
  listingLarge: number;
  listingRounds: number;
  listingRunS: number;
  /** Row 8: owed notifications whose jobs are lost; seconds the relay is given. */
  relayRows: number;
  relayDeadlineS: number;
  /** Row 9: SMS per run, rounds. */
  workerSends: number;
  workerRounds: number;
  /** Row 11: backlog rows and the measured window. */
  backlogRows: number;
  backlogWindowS: number;
}

export const fullPlan: Plan = {
  mode: 'full',
  connections: [32, 64],
  rounds: 5,
  sweepConnections: [16],
  sweepRounds: 2,
  sweepRunS: 2,
  runS: 3,
  warmupS: 2,
  fixedRateS: 10,
  pipelineS: 60,
  latencyS: 10,
  latencyRate: 200,
  deliveryReports: 5000,
  listingSmall: 10_000,
  listingLarge: 1_000_000,
  listingRounds: 5,
  listingRunS: 2,
  relayRows: 100_000,
  relayDeadlineS: 120,
  workerSends: 3000,
  workerRounds: 5,
  backlogRows: 10_000,
  backlogWindowS: 20,
};

export const quickPlan: Plan = {
  mode: 'quick',
  connections: [32],
  rounds: 2,
  sweepConnections: [],
  sweepRounds: 0,
  sweepRunS: 0,
  runS: 1,
  warmupS: 1,
  fixedRateS: 2,
  pipelineS: 6,
  latencyS: 3,
  latencyRate: 100,
  deliveryReports: 500,
  listingSmall: 10_000,
  listingLarge: 100_000,
  listingRounds: 1,
  listingRunS: 1,
  relayRows: 3000,
  relayDeadlineS: 20,
  workerSends: 600,
  workerRounds: 2,
  backlogRows: 1000,
  backlogWindowS: 4,
};
