import { fileURLToPath } from 'node:url';
import { runChild } from './run-child.ts';

export interface GatewaySendsSpec {
  simulatorUrl: string;
  apiKey: string;
  count: number;
  concurrency: number;
}

export interface GatewaySendsResult {
  rate: number;
  failed: number;
}

const childScript = fileURLToPath(new URL('./gateway-sends.child.ts', import.meta.url));

/**
 * The ceiling of any SMS worker on this machine: `count` sends to the simulator through
 * @sokoni/sms-gateway with the worker's concurrency, and nothing else (no queue, no database),
 * in a process of its own as the worker is.
 */
export function runGatewaySends(spec: GatewaySendsSpec): Promise<GatewaySendsResult> {
  return runChild(childScript, spec, 'the gateway sender');
}
