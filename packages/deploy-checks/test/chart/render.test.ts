import { describe, expect, it } from 'vitest';
import { findObject, type KubeObject, minimalValues, renderChart, requiredValues } from '../support/helm.ts';
import { validateKubeObject } from '../support/kube-schemas.ts';

const renders: Record<string, () => KubeObject[]> = {
  'required values only': () => renderChart({ values: minimalValues() }),
  'ci/lint-values.yaml (every feature on)': () => renderChart(requiredValues),
  'examples/values-production.yaml': () => renderChart({ valuesFiles: ['examples/values-production.yaml'] }),
  '.github/kind/values.yaml (development components)': () =>
    renderChart({ valuesFiles: ['../../.github/kind/values.yaml'] }),
};

// biome-ignore lint/suspicious/noExplicitAny: pod specs are nested YAML
type PodSpec = any;

function podSpecs(objects: KubeObject[]): Array<{ owner: string; spec: PodSpec }> {
  const specs: Array<{ owner: string; spec: PodSpec }> = [];
  for (const object of objects) {
    const owner = `${object.kind}/${object.metadata.name}`;
    if (object.kind === 'Pod') {
      specs.push({ owner, spec: object.spec });
    } else if (object.spec?.template?.spec) {
      specs.push({ owner, spec: object.spec.template.spec });
    }
  }
  return specs;
}

describe.each(Object.entries(renders))('the chart rendered with %s', (_name, render) => {
  const objects = render();

  it('renders only objects valid against the Kubernetes (and KEDA) API schemas', () => {
    expect(objects.length).toBeGreaterThan(5);
    for (const object of objects) {
      validateKubeObject(object);
    }
  });

  it('runs every container as non-root with a read-only root, no capabilities and seccomp RuntimeDefault', () => {
    const specs = podSpecs(objects);
    expect(specs.length).toBeGreaterThanOrEqual(4);
    for (const { owner, spec } of specs) {
      expect(spec.securityContext?.runAsNonRoot, owner).toBe(true);
      expect(spec.securityContext?.seccompProfile?.type, owner).toBe('RuntimeDefault');
      expect(spec.automountServiceAccountToken, owner).toBe(false);
      for (const container of spec.containers) {
        const context = container.securityContext;
        expect(context?.runAsNonRoot, `${owner} ${container.name}`).toBe(true);
        expect(context?.readOnlyRootFilesystem, `${owner} ${container.name}`).toBe(true);
        expect(context?.allowPrivilegeEscalation, `${owner} ${container.name}`).toBe(false);
        expect(context?.capabilities?.drop, `${owner} ${container.name}`).toEqual(['ALL']);
        expect(context?.seccompProfile?.type, `${owner} ${container.name}`).toBe('RuntimeDefault');
        expect(container.resources?.limits?.cpu, `${owner} ${container.name} cpu limit`).toBeTruthy();
        expect(container.resources?.limits?.memory, `${owner} ${container.name} memory limit`).toBeTruthy();
        expect(
          container.resources?.requests?.memory,
          `${owner} ${container.name} memory request`,
        ).toBeTruthy();
      }
    }
  });

  it('gives every long-running container liveness and readiness probes on /healthz and /readyz', () => {
    for (const kind of ['api', 'worker']) {
      const deployment = findObject(objects, 'Deployment', `-${kind}`);
      const [container] = deployment.spec.template.spec.containers;
      expect(container.livenessProbe.httpGet.path).toBe('/healthz');
      expect(container.readinessProbe.httpGet.path).toBe('/readyz');
      expect(container.startupProbe.httpGet.path).toBe('/healthz');
    }
    for (const deployment of objects.filter((object) => object.kind === 'Deployment')) {
      for (const container of deployment.spec.template.spec.containers) {
        expect(container.livenessProbe, deployment.metadata.name).toBeDefined();
        expect(container.readinessProbe, deployment.metadata.name).toBeDefined();
      }
    }
  });

  it('gives the worker no Service and no Ingress, and the API a Service', () => {
    const selectsWorker = (object: KubeObject) =>
      object.kind === 'Service' && object.spec?.selector?.['app.kubernetes.io/component'] === 'worker';
    expect(objects.filter(selectsWorker)).toEqual([]);
    expect(
      objects.some((object) => object.kind === 'Service' && object.metadata.name.endsWith('-worker')),
    ).toBe(false);
    const api = findObject(objects, 'Service', '-api');
    expect(api.spec.selector['app.kubernetes.io/component']).toBe('api');
  });

  it('labels each component and selects pods by component', () => {
    for (const component of ['api', 'worker']) {
      const deployment = findObject(objects, 'Deployment', `-${component}`);
      expect(deployment.spec.selector.matchLabels['app.kubernetes.io/component']).toBe(component);
      expect(deployment.spec.template.metadata.labels['app.kubernetes.io/component']).toBe(component);
    }
  });

  it('gives the worker a grace period longer than its job timeout and shutdown grace, after a preStop delay', () => {
    const worker = findObject(objects, 'Deployment', '-worker');
    const config = findObject(objects, 'ConfigMap', '-worker');
    const spec = worker.spec.template.spec;
    const [container] = spec.containers;
    const preStopSeconds = Number(container.lifecycle.preStop.exec.command[1]);
    expect(preStopSeconds).toBeGreaterThan(0);
    expect(spec.terminationGracePeriodSeconds * 1000).toBeGreaterThan(Number(config.data?.JOB_TIMEOUT_MS));
    expect(spec.terminationGracePeriodSeconds * 1000).toBeGreaterThan(
      preStopSeconds * 1000 + Number(config.data?.SHUTDOWN_GRACE_MS),
    );
    const api = findObject(objects, 'Deployment', '-api').spec.template.spec;
    expect(Number(api.containers[0].lifecycle.preStop.exec.command[1])).toBeGreaterThan(0);
  });

  it('rolls pods when their config changes (checksum annotations)', () => {
    for (const component of ['api', 'worker']) {
      const annotations = findObject(objects, 'Deployment', `-${component}`).spec.template.metadata
        .annotations;
      expect(annotations['checksum/config']).toMatch(/^[0-9a-f]{64}$/);
      expect(annotations['checksum/secret']).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('migrates in a pre-install/pre-upgrade hook Job running the API image', () => {
    const job = findObject(objects, 'Job', '-migrate');
    expect(job.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade');
    const [container] = job.spec.template.spec.containers;
    const api = findObject(objects, 'Deployment', '-api').spec.template.spec.containers[0];
    expect(container.image).toBe(api.image);
    expect(container.args).toEqual(['node', 'packages/db/src/migrate.ts']);
    expect(container.env.map((variable: { name: string }) => variable.name)).toContain('DATABASE_URL');
  });

  it('has a helm test pod that calls the API /readyz', () => {
    const pod = objects.find(
      (object) => object.kind === 'Pod' && object.metadata.annotations?.['helm.sh/hook'] === 'test',
    );
    expect(pod).toBeDefined();
    const url = pod?.spec.containers[0].env.find(
      (variable: { name: string }) => variable.name === 'READYZ_URL',
    );
    expect(url.value).toMatch(/^http:\/\/sokoni-api:3000\/readyz$/);
  });
});

describe('the default chart', () => {
  it('gives the API and the worker their own replica counts when nothing autoscales', () => {
    const objects = renderChart({
      values: {
        ...minimalValues(),
        api: { ...minimalValues().api, replicaCount: 3, autoscaling: { enabled: false } },
        worker: { replicaCount: 4 },
      },
    });
    expect(findObject(objects, 'Deployment', '-api').spec.replicas).toBe(3);
    expect(findObject(objects, 'Deployment', '-worker').spec.replicas).toBe(4);
    expect(objects.some((object) => object.kind === 'HorizontalPodAutoscaler')).toBe(false);
    expect(objects.some((object) => object.kind === 'ScaledObject')).toBe(false);
    expect(objects.some((object) => object.kind === 'NetworkPolicy')).toBe(false);
  });

  it('omits replicas from a Deployment an HPA owns', () => {
    const objects = renderChart({
      values: {
        ...minimalValues(),
        api: { ...minimalValues().api, autoscaling: { enabled: true } },
        worker: { autoscaling: { enabled: true } },
      },
    });
    for (const component of ['api', 'worker']) {
      expect(findObject(objects, 'Deployment', `-${component}`).spec).not.toHaveProperty('replicas');
      const hpa = findObject(objects, 'HorizontalPodAutoscaler', `-${component}`);
      expect(hpa.spec.scaleTargetRef.name).toBe(`sokoni-${component}`);
    }
  });

  it('puts the chart-managed Secret values only in the Secret, never in a ConfigMap', () => {
    const objects = renderChart({ values: minimalValues() });
    const secret = findObject(objects, 'Secret', 'sokoni');
    expect(Object.keys(secret.stringData as object).sort()).toEqual([
      'ADMIN_SESSION_SECRET',
      'AT_API_KEY',
      'AT_WEBHOOK_SECRET',
      'DATABASE_URL',
      'REDIS_URL',
    ]);
    const configMaps = objects.filter((object) => object.kind === 'ConfigMap');
    for (const configMap of configMaps) {
      expect(Object.keys(configMap.data as object)).not.toContain('DATABASE_URL');
      expect(JSON.stringify(configMap.data)).not.toContain('placeholder');
    }
  });
});
