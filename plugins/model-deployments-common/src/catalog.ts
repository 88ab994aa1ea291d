/**
 * Catalog conventions shared by every package: how a model is recognised and which annotations it carries.
 */

/** `spec.type` of a model entity (`kind: Resource`). @public */
export const MODEL_ENTITY_TYPE = 'ai-model';

/** `spec.type` of the Component that the backend publishes for each deployment. @public */
export const MODEL_SERVER_ENTITY_TYPE = 'model-server';

/** The model's ID (the Create Deployment form's "Model ID"). @public */
export const MODEL_ID_ANNOTATION = 'modelops.io/model-id';

/** Comma-separated versions of the model, read by the default model registry. @public */
export const MODEL_VERSIONS_ANNOTATION = 'modelops.io/model-versions';

/** A group that approves production changes, when it is not the model's owner group. @public */
export const APPROVERS_ANNOTATION = 'modelops.io/approvers';

/** The stock Kubernetes plugin's annotation, set on each deployment's Component. @public */
export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';

/** The deployment's id, on the Component published for it: how its catalog page finds the deployment. @public */
export const DEPLOYMENT_ID_ANNOTATION = 'modelops.io/deployment-id';
