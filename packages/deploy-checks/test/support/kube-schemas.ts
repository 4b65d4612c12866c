import * as keda from '@kubernetes-models/keda/keda.sh/v1alpha1';
import * as monitoring from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import * as apps from 'kubernetes-models/apps/v1';
import * as autoscaling from 'kubernetes-models/autoscaling/v2';
import * as batch from 'kubernetes-models/batch/v1';
import * as networking from 'kubernetes-models/networking.k8s.io/v1';
import * as policy from 'kubernetes-models/policy/v1';
import * as core from 'kubernetes-models/v1';
import type { KubeObject } from './helm.ts';

interface Validatable {
  validate(): void;
}
type ModelClass = new (data: unknown) => Validatable;

// Schemas (generated from the Kubernetes OpenAPI document by kubernetes-models; KEDA's from
// its CRDs, the Prometheus Operator's from its) of every apiVersion the chart renders. A new apiVersion must be added here.
const modules: Record<string, Record<string, unknown>> = {
  v1: core,
  'apps/v1': apps,
  'batch/v1': batch,
  'autoscaling/v2': autoscaling,
  'policy/v1': policy,
  'networking.k8s.io/v1': networking,
  'keda.sh/v1alpha1': keda,
  'monitoring.coreos.com/v1': monitoring,
};

/** Validates an object against the API schema of its apiVersion and kind; throws naming the object and paths. */
export function validateKubeObject(object: KubeObject): void {
  const Model = modules[object.apiVersion]?.[object.kind] as ModelClass | undefined;
  if (!Model) {
    throw new Error(`no schema for ${object.apiVersion} ${object.kind}: add its module to kube-schemas.ts`);
  }
  try {
    new Model(object).validate();
  } catch (error) {
    throw new Error(`${object.kind}/${object.metadata.name}: ${(error as Error).message}`);
  }
}
