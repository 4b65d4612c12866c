// pnpm chaos [--quick] (bin/chaos): the apps as processes under steady traffic while Redis,
// PostgreSQL, the workers, the API and the SMS gateway fail, one at a time and then together;
// then a table of invariants. Exits 1 when any is violated. It needs DATABASE_URL and REDIS_URL
// (servers of its own that it may stop) and CHAOS_SERVERS; bin/chaos starts them and sets all three.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { API_SCOPES } from '@sokoni/contracts';
import { getClientCredentialsToken } from '@sokoni/testing/standalone';
import pg from 'pg';
import {
  apiRestart,
  type FaultContext,
  postgresOutage,
  redisFlush,
  redisOutage,
  simulatorFaults,
  workerKills,
} from './faults/scenarios.ts';
import { clearSimulatorFaults } from './faults/simulator-faults.ts';
import { createTimeline } from './faults/timeline.ts';
import { fullPlan, quickPlan } from './plan.ts';
import { summariseDisruptions, summariseTraffic } from './report/summary.ts';
import { renderDetails, renderInvariantTable } from './report/table.ts';
import { startChaosStack } from './stack/apps.ts';
import { createChaosDatabase } from './stack/database.ts';
import { logDir } from './stack/paths.ts';
import { createServerControl } from './stack/servers.ts';
import { createApiClient } from './traffic/api-client.ts';
import { startTraffic } from './traffic/traffic.ts';
import { readDatabase, readJobStates, readSimulatorMessages } from './verify/collect.ts';
import { evaluateRun } from './verify/evaluate.ts';
import type { RequestRecord } from './verify/facts.ts';

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    console.error(`pnpm chaos needs ${name}; run it through bin/chaos (pnpm chaos), which sets it`);
    process.exit(1);
  }
  return value;
}

const plan = process.argv.includes('--quick') ? quickPlan : fullPlan;
const serverUrl = requireEnv('DATABASE_URL');
const redisUrl = requireEnv('REDIS_URL');
const servers = createServerControl({ script: requireEnv('CHAOS_SERVERS'), redisUrl });
const startedAt = Date.now();
const progress = (message: string) => {
  const seconds = Math.round((Date.now() - startedAt) / 1000);
  console.error(`[${String(seconds).padStart(4)} s] ${message}`);
};

/** Rows still owed (pending, queued, sending). */
async function owedRows(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM notifications WHERE status IN ('pending', 'queued', 'sending')",
    );
    return rows[0]?.n ?? 0;
  } finally {
    await client.end();
  }
}

async function createCustomers(call: ReturnType<typeof createApiClient>, count: number): Promise<string[]> {
  const create = async (n: number) => {
    // Kenyan mobile numbers 0710 000 000 onwards, one per customer: each SMS's number names its customer.
    const phone = `071${String(n).padStart(7, '0')}`;
    const answer = await call<{ id: string; detail?: string }>('create', 'POST', '/v1/customers', {
      name: `Chaos ${n}`,
      phone,
    });
    if (answer.status !== 201 || !answer.body) {
      throw new Error(`creating a customer answered ${answer.status} ${answer.body?.detail ?? ''}`);
    }
    return answer.body.id;
  };
  const ids: string[] = [];
  for (let n = 0; n < count; n += 10) {
    ids.push(
      ...(await Promise.all(Array.from({ length: Math.min(10, count - n) }, (_, i) => create(n + i)))),
    );
  }
  return ids;
}

async function main(): Promise<number> {
  progress(`pnpm chaos (${plan.mode}): idp, at-sim, one API and two workers as processes; logs in ${logDir}`);
  await servers.flushRedis();
  const databaseUrl = await createChaosDatabase(serverUrl);
  const stack = await startChaosStack({ databaseUrl, redisUrl, workerCount: 2 });
  const timeline = createTimeline();
  const context: FaultContext = { servers, stack, timeline, progress };
  try {
    const token = await getClientCredentialsToken({ issuer: stack.idp.issuer, scope: API_SCOPES.join(' ') });
    const setupRecords: RequestRecord[] = [];
    const customerIds = await createCustomers(
      createApiClient({ baseUrl: stack.api.url, token: () => token.accessToken, records: setupRecords }),
      plan.customers,
    );
    const requests: RequestRecord[] = [];
    const call = createApiClient({
      baseUrl: stack.api.url,
      token: () => token.accessToken,
      records: requests,
    });
    progress(`${customerIds.length} customers; traffic from ${plan.clients} clients`);
    const traffic = startTraffic({
      call,
      customerIds,
      clients: plan.clients,
      pauseMs: plan.pauseMs,
      runId: randomBytes(3).toString('hex'),
    });
    await sleep(plan.warmUpMs);

    progress('one at a time');
    await redisOutage(context, plan.outageMs);
    await sleep(plan.quietMs);
    await redisFlush(context);
    await sleep(plan.quietMs);
    await postgresOutage(context, plan.outageMs);
    await sleep(plan.quietMs);
    await workerKills(context, plan.faultMs);
    await sleep(plan.quietMs);
    await simulatorFaults(context, plan.faultMs);
    await sleep(plan.quietMs);
    await apiRestart(context, 'SIGTERM');
    await sleep(plan.quietMs);
    await apiRestart(context, 'SIGKILL');
    await sleep(plan.quietMs);

    progress('all together');
    const step = plan.togetherMs / 5;
    await Promise.all([
      simulatorFaults(context, plan.togetherMs),
      workerKills(context, plan.togetherMs),
      (async () => {
        await redisOutage(context, plan.outageMs);
        await sleep(step / 2);
        await postgresOutage(context, plan.outageMs);
        await sleep(step / 2);
        await redisFlush(context);
        await apiRestart(context, 'SIGKILL');
        await sleep(step / 2);
        await postgresOutage(context, plan.outageMs);
      })(),
    ]);

    // Traffic goes on after the last outage, so the recovery after it is measured too.
    await sleep(Math.max(plan.quietMs, 15_000));
    progress('traffic stops; every fault cleared');
    await traffic.stop();
    await clearSimulatorFaults(stack.simulator.url);
    const settleUntil = Date.now() + plan.settleMs;
    let owed = await owedRows(databaseUrl);
    while (owed > 0 && Date.now() < settleUntil) {
      progress(`settling: ${owed} SMS still owed`);
      await sleep(3000);
      owed = await owedRows(databaseUrl);
    }
    // Late and retried delivery reports still on their way.
    await sleep(10_000);

    progress('checking the invariants');
    const database = await readDatabase(databaseUrl);
    const stillOwed = database.notifications.filter((n) =>
      ['pending', 'queued', 'sending'].includes(n.status),
    );
    const { results, cut } = evaluateRun({
      ledger: traffic.ledger(),
      resends: traffic.resends(),
      requests,
      disruptions: timeline.disruptions,
      database,
      simulatorMessages: await readSimulatorMessages(stack.simulator.url),
      jobStates: await readJobStates(
        redisUrl,
        stack.queuePrefix,
        stillOwed.map((n) => n.id),
      ),
      // A worker's longest send (AT_TIMEOUT_MS) plus its record, with room for a busy machine.
      cutWindowMs: 10_000,
    });

    console.log('');
    console.log(`traffic (${requests.length} requests):`);
    console.log(summariseTraffic(requests));
    console.log('faults:');
    console.log(summariseDisruptions(timeline.disruptions, startedAt));
    console.log('');
    console.log(renderInvariantTable(results));
    console.log('');
    console.log(renderDetails(results, cut));
    const violations = results.reduce((sum, r) => sum + r.violations.length, 0);
    console.log('');
    console.log(
      `finished in ${Math.round((Date.now() - startedAt) / 1000)} s; ${violations === 0 ? 'no violations' : `${violations} VIOLATIONS`}`,
    );
    return violations === 0 ? 0 : 1;
  } finally {
    await Promise.allSettled(
      [stack.api, stack.simulator, ...stack.workers].map((app) => app.stop('SIGTERM')),
    );
    await stack.idp.close();
  }
}

process.exitCode = await main();
