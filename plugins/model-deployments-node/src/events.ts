/**
 * The events service topic on which the backend announces that a deployment was created, changed in
 * what the catalog shows of it (description, owner), or deleted. The catalog module subscribes to
 * keep each deployment's Component in step; other plugins may too.
 *
 * @public
 */
export const DEPLOYMENT_CHANGED_TOPIC = 'model-deployments.deployment-changed';

/** The payload of an event on {@link DEPLOYMENT_CHANGED_TOPIC}. @public */
export type DeploymentChangedEventPayload = {
  deploymentId: string;
  name: string;
  /** The model it serves; its namespace is the namespace of the deployment's Component. */
  modelRef: string;
  /** True once the deployment is gone: its Component is removed. */
  deleted: boolean;
};
