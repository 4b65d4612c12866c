import type { Plan } from './plan.ts';
import type { BenchDatabases } from './stack/databases.ts';

/** What every measurement gets from main.ts. */
export interface BenchContext {
  plan: Plan;
  databases: BenchDatabases;
  redisUrl: string;
  issuer: string;
  /** A client-credentials token with every API scope. */
  token: string;
  /** Path of the pgbench binary. */
  pgbench: string;
  /** The postmaster's pid, when this machine's /proc shows it (a local server). */
  postgresPid: number | undefined;
  /** Redis's own CPU seconds so far (INFO cpu). */
  redisCpuSeconds: () => Promise<number>;
  /** A line on stderr saying what runs now. */
  progress: (message: string) => void;
}
