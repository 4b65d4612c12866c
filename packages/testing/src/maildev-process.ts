import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { freePort } from './free-port.ts';
import { type ServiceProcess, spawnService } from './spawn-service.ts';

/** MailDev, the development SMTP capture server, as a process: where to send, where to read. */
export interface MailDevProcess {
  /** Its SMTP port on 127.0.0.1 (plain SMTP, no authentication). */
  smtpPort: number;
  /** `http://127.0.0.1:<port>` of its web UI and REST API (`GET /email` lists what arrived). */
  url: string;
  service: ServiceProcess;
  close: () => Promise<void>;
}

const maildevBin = join(
  dirname(createRequire(import.meta.url).resolve('maildev/package.json')),
  'bin',
  'maildev',
);

/**
 * Runs MailDev (npm `maildev`, as bin/dev does) on free loopback ports and resolves once its REST
 * API answers. MailDev reads its ports from the environment (MAILDEV_SMTP_PORT, MAILDEV_WEB_PORT).
 */
export async function spawnMailDev(): Promise<MailDevProcess> {
  for (let attempt = 1; ; attempt += 1) {
    const smtpPort = await freePort();
    try {
      const service = await spawnService({
        name: 'maildev',
        command: [process.execPath, maildevBin],
        env: (port) => ({
          MAILDEV_SMTP_PORT: String(smtpPort),
          MAILDEV_WEB_PORT: String(port),
          MAILDEV_IP: '127.0.0.1',
          MAILDEV_WEB_IP: '127.0.0.1',
        }),
        readyPath: '/healthz',
      });
      return { smtpPort, url: service.url, service, close: async () => void (await service.stop()) };
    } catch (error) {
      // The SMTP port was taken between choosing and binding it: choose again.
      if (attempt === 3 || !/EADDRINUSE/.test(String(error))) {
        throw error;
      }
    }
  }
}
