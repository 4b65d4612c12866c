import { spawn } from 'node:child_process';

/**
 * Runs `script` in a process of its own, so the work it does never shares an event loop with what
 * it measures or with the bench's bookkeeping: `input` goes in as JSON on stdin, the result comes
 * back as JSON on stdout. `what` names the child in errors.
 */
export function runChild<Input, Output>(script: string, input: Input, what: string): Promise<Output> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { stdio: ['pipe', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) {
        reject(new Error(`${what} exited with ${code}`));
        return;
      }
      try {
        resolve(JSON.parse(output) as Output);
      } catch (error) {
        reject(error);
      }
    });
    child.stdin.end(JSON.stringify(input));
  });
}
