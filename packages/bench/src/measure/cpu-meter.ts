import type { BenchContext } from '../context.ts';
import { cpuSecondsOf, treeCpuSecondsOf } from './proc.ts';

export interface CpuReading {
  api: number;
  postgres: number | undefined;
  redis: number;
}

/** CPU seconds so far of an API process, the PostgreSQL server (all backends) and Redis. */
export async function readCpu(context: BenchContext, apiPid: number): Promise<CpuReading> {
  return {
    api: cpuSecondsOf(apiPid),
    postgres: context.postgresPid === undefined ? undefined : treeCpuSecondsOf(context.postgresPid),
    redis: await context.redisCpuSeconds(),
  };
}

export function cpuSpent(before: CpuReading, after: CpuReading): CpuReading {
  return {
    api: after.api - before.api,
    postgres:
      before.postgres === undefined || after.postgres === undefined
        ? undefined
        : after.postgres - before.postgres,
    redis: after.redis - before.redis,
  };
}
