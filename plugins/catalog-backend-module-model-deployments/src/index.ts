/**
 * The catalog module of Model Deployments: publishes each model deployment as a Component of type
 * `model-server`, owned by the model's owner and depending on the model.
 *
 * @packageDocumentation
 */

export { catalogModuleModelDeployments as default } from './module';
