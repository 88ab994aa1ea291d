import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  parseEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import {
  DEPLOYMENT_ID_ANNOTATION,
  KUBERNETES_ID_ANNOTATION,
  MODEL_SERVER_ENTITY_TYPE,
  type DeploymentEnvironment,
  type ModelDeployment,
} from '@modelops/plugin-model-deployments-common';

/** The stock Kubernetes plugin's annotations that narrow its search to one cluster and namespace. */
const KUBERNETES_CLUSTER_ANNOTATION = 'backstage.io/kubernetes-cluster';
const KUBERNETES_NAMESPACE_ANNOTATION = 'backstage.io/kubernetes-namespace';

/**
 * Backstage's well-known lifecycles: a deployment in production serves production traffic; one in
 * development or staging does not, which the catalog calls experimental.
 */
const LIFECYCLE_BY_ENVIRONMENT: Readonly<
  Record<DeploymentEnvironment, string>
> = {
  development: 'experimental',
  staging: 'experimental',
  production: 'production',
};

/**
 * Where a deployment's Component comes from: the deployment in this backend. A location type of its own,
 * as providers that read an API use, so that the catalog offers no "View Source" link to an API that
 * answers only with a token.
 */
export function deploymentLocation(deploymentId: string): string {
  return `model-deployments:${deploymentId}`;
}

/** The Component of a deployment: in the model's namespace, under the deployment's name. */
export function deploymentEntityRef(deployment: {
  name: string;
  modelRef: string;
}): string {
  return stringifyEntityRef({
    kind: 'Component',
    namespace: parseEntityRef(deployment.modelRef).namespace,
    name: deployment.name,
  });
}

/**
 * The catalog's view of a deployment: a Component of type `model-server`, owned by the model's owner,
 * depending on the model, which the stock Kubernetes tab finds its pods by.
 */
export function deploymentToEntity(
  deployment: ModelDeployment,
  options: {
    /** Where the deployment's environment runs, when the backend runs deployments on clusters. */
    kubernetes?: { cluster: string; namespace: string };
  } = {},
): Entity {
  const { spec } = deployment;
  const location = deploymentLocation(deployment.id);
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: deployment.name,
      namespace: parseEntityRef(spec.modelRef).namespace,
      ...(spec.description ? { description: spec.description } : {}),
      tags: [spec.environment],
      annotations: {
        [ANNOTATION_LOCATION]: location,
        [ANNOTATION_ORIGIN_LOCATION]: location,
        [DEPLOYMENT_ID_ANNOTATION]: deployment.id,
        [KUBERNETES_ID_ANNOTATION]: deployment.name,
        ...(options.kubernetes
          ? {
              [KUBERNETES_CLUSTER_ANNOTATION]: options.kubernetes.cluster,
              [KUBERNETES_NAMESPACE_ANNOTATION]: options.kubernetes.namespace,
            }
          : {}),
      },
    },
    spec: {
      type: MODEL_SERVER_ENTITY_TYPE,
      lifecycle: LIFECYCLE_BY_ENVIRONMENT[spec.environment],
      owner: deployment.owner,
      dependsOn: [spec.modelRef],
    },
  };
}
