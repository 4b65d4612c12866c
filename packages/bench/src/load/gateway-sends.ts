import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

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
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childScript], { stdio: ['pipe', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) {
        reject(new Error(`the gateway sender exited with ${code}`));
        return;
      }
      resolve(JSON.parse(output) as GatewaySendsResult);
    });
    child.stdin.end(JSON.stringify(spec));
  });
}
