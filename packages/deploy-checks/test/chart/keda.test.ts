import { SMS_QUEUE, waitListKey } from '@sokoni/contracts';
import { describe, expect, it } from 'vitest';
import { findObject, minimalValues, renderChart, renderError } from '../support/helm.ts';

function kedaValues(extra: { queuePrefix?: string; keda?: Record<string, unknown> } = {}) {
  const values = minimalValues();
  return {
    ...values,
    config: {
      ...values.config,
      ...(extra.queuePrefix === undefined ? {} : { queuePrefix: extra.queuePrefix }),
    },
    worker: { keda: { enabled: true, trigger: 'redis', redis: { address: 'redis:6379' }, ...extra.keda } },
  };
}

function prometheusValues(prometheus: Record<string, unknown> = {}) {
  return {
    ...minimalValues(),
    worker: {
      keda: {
        enabled: true,
        prometheus: { serverAddress: 'http://prometheus.monitoring:9090', ...prometheus },
      },
    },
  };
}

describe('KEDA scaling of the worker on the Prometheus trigger (the default)', () => {
  // The relay's re-adds and the resends wait in BullMQ's `prioritized` set, which a Redis LLEN of
  // the wait list never sees: the default trigger reads the worker's own gauge of both.
  it('counts the waiting and the prioritized jobs of the worker’s queue, once however many pods report them', () => {
    const objects = renderChart({ values: prometheusValues() });
    const scaledObject = findObject(objects, 'ScaledObject', '-worker');
    expect(scaledObject.spec.triggers).toHaveLength(1);
    const [trigger] = scaledObject.spec.triggers;
    expect(trigger.type).toBe('prometheus');
    expect(trigger.metadata.serverAddress).toBe('http://prometheus.monitoring:9090');
    expect(trigger.metadata.query).toBe(
      `max(sum without (state) (sokoni_queue_jobs{namespace="shop",queue="${SMS_QUEUE}",state=~"waiting|prioritized"}))`,
    );
    expect(trigger.metadata.threshold).toBe('500');
    expect(objects.some((object) => object.kind === 'TriggerAuthentication')).toBe(false);
  });

  it('adds the outbox lag as a second trigger when asked, with the selector given', () => {
    const objects = renderChart({
      values: prometheusValues({ outboxLagSecondsPerPod: 60, selector: 'job="sokoni-worker"' }),
    });
    const triggers = findObject(objects, 'ScaledObject', '-worker').spec.triggers;
    expect(triggers.map((trigger: { name: string }) => trigger.name)).toEqual([
      'sms-queue-depth',
      'outbox-lag',
    ]);
    expect(triggers[0].metadata.query).toContain('sokoni_queue_jobs{job="sokoni-worker",queue=');
    expect(triggers[1].metadata).toMatchObject({
      query: 'max(sokoni_outbox_lag_seconds{job="sokoni-worker"})',
      threshold: '60',
    });
  });

  it('refuses the Prometheus trigger without a server address', () => {
    expect(renderError({ values: prometheusValues({ serverAddress: '' }) })).toMatch(
      /worker\.keda\.prometheus\.serverAddress is required/,
    );
  });
});

describe('KEDA scaling of the worker on the Redis list trigger', () => {
  // The worker reads QUEUE_PREFIX from its ConfigMap and builds BullMQ keys from it and SMS_QUEUE;
  // KEDA must watch exactly that list, or it sees a constant 0 and never scales.
  it.each([
    ['the default prefix', undefined, 'bull'],
    ['a Redis Cluster hash-tag prefix', '{sokoni}', '{sokoni}'],
  ])('watches the worker’s own waiting list with %s', (_name, queuePrefix, expectedPrefix) => {
    const objects = renderChart({ values: kedaValues({ queuePrefix }) });
    const scaledObject = findObject(objects, 'ScaledObject', '-worker');
    const workerConfig = findObject(objects, 'ConfigMap', '-worker');
    const workerPrefix = String(workerConfig.data?.QUEUE_PREFIX);

    expect(workerPrefix).toBe(expectedPrefix);
    expect(scaledObject.spec.triggers[0].metadata.listName).toBe(waitListKey(workerPrefix, SMS_QUEUE));
    expect(scaledObject.spec.scaleTargetRef.name).toBe(
      findObject(objects, 'Deployment', '-worker').metadata.name,
    );
  });

  it('uses the redis-cluster scaler with the node list when asked', () => {
    const objects = renderChart({
      values: kedaValues({
        queuePrefix: '{sokoni}',
        keda: { redis: { address: 'a:6379,b:6379', cluster: true } },
      }),
    });
    const [trigger] = findObject(objects, 'ScaledObject', '-worker').spec.triggers;
    expect(trigger.type).toBe('redis-cluster');
    expect(trigger.metadata.addresses).toBe('a:6379,b:6379');
    expect(trigger.metadata.listName).toBe(waitListKey('{sokoni}', SMS_QUEUE));
  });

  it('owns the worker’s scale: no replicas on the Deployment, no HPA, at least one replica', () => {
    const objects = renderChart({ values: kedaValues() });
    const worker = findObject(objects, 'Deployment', '-worker');
    expect(worker.spec).not.toHaveProperty('replicas');
    expect(
      objects.some(
        (object) => object.kind === 'HorizontalPodAutoscaler' && object.metadata.name.endsWith('-worker'),
      ),
    ).toBe(false);
    expect(findObject(objects, 'ScaledObject', '-worker').spec.minReplicaCount).toBeGreaterThanOrEqual(1);
    // The API keeps its own autoscaler on CPU: the two scale separately.
    expect(findObject(objects, 'HorizontalPodAutoscaler', '-api').spec.scaleTargetRef.name).toBe(
      findObject(objects, 'Deployment', '-api').metadata.name,
    );
  });

  it('authenticates to Redis through a TriggerAuthentication when a password Secret is named', () => {
    const objects = renderChart({
      values: kedaValues({
        keda: { redis: { address: 'redis:6379', passwordSecret: { name: 'redis', key: 'pw' } } },
      }),
    });
    const auth = findObject(objects, 'TriggerAuthentication', '-worker');
    expect(auth.spec.secretTargetRef).toEqual([{ parameter: 'password', name: 'redis', key: 'pw' }]);
    expect(findObject(objects, 'ScaledObject', '-worker').spec.triggers[0].authenticationRef.name).toBe(
      auth.metadata.name,
    );
  });

  it('refuses minReplicaCount 0: delayed retries need a live worker', () => {
    expect(renderError({ values: kedaValues({ keda: { minReplicaCount: 0 } }) })).toMatch(/minReplicaCount/);
  });

  it('refuses KEDA without a Redis address, and KEDA together with the worker HPA', () => {
    expect(renderError({ values: kedaValues({ keda: { redis: { address: '' } } }) })).toMatch(
      /worker\.keda\.redis\.address is required/,
    );
    const both = {
      ...kedaValues(),
      worker: {
        keda: { enabled: true, trigger: 'redis', redis: { address: 'r:6379' } },
        autoscaling: { enabled: true },
      },
    };
    expect(renderError({ values: both })).toMatch(/enable one of them/);
  });
});
