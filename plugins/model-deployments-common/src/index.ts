/**
 * Shared by every Model Deployments package: the one schema of a deployment's spec and of every
 * request, the API types and the API's client, the status state machine, the editability rules and the
 * permissions.
 *
 * @packageDocumentation
 */

export * from './catalog';
export * from './spec';
export * from './requests';
export * from './status';
export * from './editability';
export * from './types';
export * from './validation';
export * from './permissions';
export * from './approvals';
export * from './monitoring';
export * from './client';
