import type pg from 'pg';
import { createDb, type DbHandle } from '../../src/client.ts';

/** One node of an EXPLAIN (FORMAT JSON) plan, as auto_explain writes it. */
export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Filter?: string;
  Plans?: PlanNode[];
}

export interface StatementPlan {
  query: string;
  plan: PlanNode;
}

/**
 * A database handle on which PostgreSQL's auto_explain reports the plan of every statement the
 * code under test runs, as a notice to this client: the plans of the repositories' own
 * statements, with the parameters they were planned for, not of copies written in the test.
 */
export function createPlanRecordingDb(
  url: string,
): DbHandle & { plansOf: (run: () => Promise<unknown>) => Promise<StatementPlan[]> } {
  // Set at connection start on every connection the pool opens, before any query of the code
  // under test (preloading a library this way needs a superuser, as the tests' database user is).
  const withExplain = new URL(url);
  withExplain.searchParams.set(
    'options',
    [
      'session_preload_libraries=auto_explain',
      'auto_explain.log_min_duration=0',
      'auto_explain.log_format=json',
      'auto_explain.log_level=notice',
    ]
      .map((setting) => `-c ${setting}`)
      .join(' '),
  );
  const handle = createDb({ url: withExplain.toString(), max: 1 });
  let recorded: StatementPlan[] = [];
  handle.pool.on('connect', (client: pg.PoolClient) => {
    client.on('notice', (notice) => {
      const start = notice.message?.indexOf('{') ?? -1;
      if (notice.message?.includes('plan:') && start >= 0) {
        const explained = JSON.parse(notice.message.slice(start)) as { 'Query Text': string; Plan: PlanNode };
        recorded.push({ query: explained['Query Text'], plan: explained.Plan });
      }
    });
  });
  return {
    ...handle,
    async plansOf(run) {
      recorded = [];
      await run();
      if (recorded.length === 0) {
        throw new Error('no plan was reported: is auto_explain installed?');
      }
      return recorded;
    },
  };
}

/** Every node of a plan, depth first. */
export function planNodes(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(planNodes)];
}
