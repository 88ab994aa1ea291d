import { createApiRef } from '@backstage/core-plugin-api';
import type {
  AlertList,
  ApprovalList,
  ApprovalRequest,
  ApproveRequest,
  DeploymentList,
  DeploymentMetrics,
  DeploymentRevision,
  DeploymentSpecPatch,
  EditDeploymentResponse,
  EventList,
  InstanceList,
  ListAlertsQuery,
  ListApprovalsQuery,
  ListDeploymentsQuery,
  LogsQuery,
  MetricsQuery,
  ModelDeployment,
  ModelVersion,
  RejectRequest,
  RollbackDeploymentRequest,
  ScaleDeploymentRequest,
  StopDeploymentRequest,
  UpdateModelRequest,
  WithdrawRequest,
} from '@modelops/plugin-model-deployments-common';

/**
 * The Model Deployments backend (`/api/model-deployments`), as the frontend calls it, typed from the
 * common package. Errors are `ResponseError`s that carry the backend's message, which names the field
 * (and `body.error.issues`, one per field, on a 400).
 *
 * Every change answers with the deployment as it is once the change is accepted; the deployment's
 * operation then carries it out, and its status says how far it has come. A create, Update Model or
 * delete that must wait for an approver answers with the deployment as it was (a create: status
 * `pending-approval`) and the request in `pendingApproval`; nothing happens until it is approved.
 *
 * @public
 */
export interface ModelDeploymentsApi {
  listDeployments(query?: ListDeploymentsQuery): Promise<DeploymentList>;
  getDeployment(id: string): Promise<ModelDeployment>;
  /** The versions a model can be deployed at, newest first. */
  listModelVersions(modelRef: string): Promise<ModelVersion[]>;
  /** Every revision of the deployment, newest first. */
  listRevisions(id: string): Promise<DeploymentRevision[]>;
  /** The deployment's history, newest first, a page at a time. */
  listEvents(
    id: string,
    page?: { limit?: number; cursor?: string },
  ): Promise<EventList>;
  /** A JSON merge patch of the spec; with `dryRun`, what it would change, and nothing is written. */
  editDeployment(
    id: string,
    patch: DeploymentSpecPatch,
    options?: { dryRun?: boolean },
  ): Promise<EditDeploymentResponse>;
  scaleDeployment(
    id: string,
    request: ScaleDeploymentRequest,
  ): Promise<ModelDeployment>;
  stopDeployment(
    id: string,
    request?: StopDeploymentRequest,
  ): Promise<ModelDeployment>;
  startDeployment(id: string): Promise<ModelDeployment>;
  updateModel(
    id: string,
    request: UpdateModelRequest,
  ): Promise<ModelDeployment>;
  /** Finishes a canary or blue-green update now. */
  promoteDeployment(id: string): Promise<ModelDeployment>;
  rollbackDeployment(
    id: string,
    request: RollbackDeploymentRequest,
  ): Promise<ModelDeployment>;
  /** `confirmName` must repeat the deployment's name. */
  deleteDeployment(id: string, confirmName: string): Promise<ModelDeployment>;
  /**
   * The deployment's metrics over a range (the last hour by default), of one track or of every workload
   * together. Answers whenever the deployment is readable: `state` says when no provider is configured
   * or it did not answer.
   */
  getMetrics(id: string, query?: MetricsQuery): Promise<DeploymentMetrics>;
  /** The deployment's instances (pods) as the cluster shows them now. */
  listInstances(id: string): Promise<InstanceList>;
  /**
   * The log of one instance, as text chunks while they arrive; with `follow`, until `signal` aborts.
   * Needs the logs permission.
   */
  streamLogs(
    id: string,
    instance: string,
    query: LogsQuery,
    signal: AbortSignal,
  ): AsyncIterable<string>;
  /**
   * The deployment's alerts, newest first, at most `limit` of them; only firing or only resolved ones
   * with `state`.
   */
  listAlerts(id: string, query?: ListAlertsQuery): Promise<AlertList>;
  /** Approval requests of the deployments the user may read, newest first, a page at a time. */
  listApprovals(query?: ListApprovalsQuery): Promise<ApprovalList>;
  /** Approves the change, which is then applied; never the requester's own. */
  approveChange(id: string, request?: ApproveRequest): Promise<ApprovalRequest>;
  /** Rejects the change; the reason is for the requester. */
  rejectChange(id: string, request: RejectRequest): Promise<ApprovalRequest>;
  /** The requester takes their request back. */
  withdrawChange(
    id: string,
    request?: WithdrawRequest,
  ): Promise<ApprovalRequest>;
}

/** @public */
export const modelDeploymentsApiRef = createApiRef<ModelDeploymentsApi>({
  id: 'plugin.model-deployments.service',
});
