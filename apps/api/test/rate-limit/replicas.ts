import { onFileFinished } from '@sokoni/testing';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { createTestApi, type TestApi } from '../helper.ts';

export interface Replicas {
  api: TestApi;
  /** A request to the next replica in turn, as a load balancer would send it; as staff unless `headers.authorization` says otherwise. */
  inject: (options: InjectOptions) => Promise<LightMyRequestResponse>;
  /** The same without any token. */
  injectAnonymous: (options: InjectOptions) => Promise<LightMyRequestResponse>;
}

/**
 * Two API instances over one database and one Redis, as two pods behind a Service. Each call
 * gets a database and a key prefix of its own (createTestApi), so its counters start from zero.
 */
export async function twoReplicas(env: Record<string, string>): Promise<Replicas> {
  // A loaded test machine must not make a count time out and be skipped.
  const api = await createTestApi({ RATE_LIMIT_TIMEOUT_MS: '5000', ...env });
  const second = await buildApp(api.config);
  onFileFinished(() => second.close());
  const apps = [api.app, second];
  let next = 0;
  const injectAnonymous = (options: InjectOptions) => {
    const app = apps[next++ % apps.length];
    if (app === undefined) {
      throw new Error('no replica');
    }
    return app.inject(options);
  };
  return {
    api,
    injectAnonymous,
    inject: async (options) =>
      injectAnonymous({
        ...options,
        headers: { authorization: await api.staffAuthorization(), ...options.headers },
      }),
  };
}
