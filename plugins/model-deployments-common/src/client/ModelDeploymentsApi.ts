import type {
  ApprovalList,
  ApprovalRequest,
  ApproveRequest,
  ListApprovalsQuery,
  RejectRequest,
  WithdrawRequest,
} from '../approvals';
import type {
  AlertList,
  DeploymentMetrics,
  InstanceList,
  ListAlertsQuery,
  LogsQuery,
  MetricsQuery,
} from '../monitoring';
import type {
  CreateDeploymentRequest,
  DeploymentSpecPatch,
  ListDeploymentsQuery,
  RollbackDeploymentRequest,
  ScaleDeploymentRequest,
  StopDeploymentRequest,
  UpdateModelRequest,
} from '../requests';
import type {
  CreateDeploymentResponse,
  DeploymentList,
  DeploymentRevision,
  EditDeploymentResponse,
  EventList,
  ModelDeployment,
  ModelVersion,
} from '../types';

/**
 * What every call of {@link ModelDeploymentsApi} may take last.
 *
 * @public
 */
export type ModelDeploymentsRequestOptions = {
  /**
   * A Backstage token, sent as `Authorization: Bearer <token>`: a backend passes a plugin request token
   * (its own service's, or one on a user's behalf). Without it the request carries what the fetch API
   * adds: a frontend's `fetchApi` adds the signed-in user's.
   */
  token?: string;
};

/** @public */
export type CreateDeploymentOptions = ModelDeploymentsRequestOptions & {
  /** Validates the request and answers with the deployment it would create; nothing is created. */
  dryRun?: boolean;
  /**
   * Sent as `Idempotency-Key`: a request that repeats one already made with this key answers with the
   * deployment the first one created, rather than create a second.
   */
  idempotencyKey?: string;
};

/** @public */
export type EditDeploymentOptions = ModelDeploymentsRequestOptions & {
  /** Answers with what the edit would change; nothing is written. */
  dryRun?: boolean;
};

/**
 * The REST API of the Model Deployments backend (`/api/model-deployments`), typed from this package.
 * Errors are `ResponseError`s (`@backstage/errors`) that carry the backend's message, which names the
 * field and the rule it broke (and `body.error.issues`, one per field, on a 400).
 *
 * Every change answers with the deployment as it is once the change is accepted; the deployment's
 * operation then carries it out, and its status says how far it has come. A create, Update Model or
 * delete that must wait for an approver answers with the deployment as it was (a create: status
 * `pending-approval`) and the request in `pendingApproval`; nothing happens until it is approved.
 *
 * @public
 */
export interface ModelDeploymentsApi {
  /** One page of deployments; `nextCursor` asks for the next. */
  listDeployments(
    query?: ListDeploymentsQuery,
    options?: ModelDeploymentsRequestOptions,
  ): Promise<DeploymentList>;
  /** Every deployment the query selects, reading page after page (`limit` is the page size). */
  listAllDeployments(
    query?: Omit<ListDeploymentsQuery, 'cursor'>,
    options?: ModelDeploymentsRequestOptions,
  ): Promise<ModelDeployment[]>;
  /** The deployment, with status `deleted` once it is; throws a `ResponseError` with status 404 when none has this id. */
  getDeployment(
    id: string,
    options?: ModelDeploymentsRequestOptions,
  ): Promise<ModelDeployment>;
  /** As {@link ModelDeploymentsApi.getDeployment}, but `undefined` when no deployment has this id. */
  findDeployment(
    id: string,
    options?: ModelDeploymentsRequestOptions,
  ): Promise<ModelDeployment | undefined>;
  /** Creates a deployment, or with `dryRun` says what it would create. */
  createDeployment(
    request: CreateDeploymentRequest,
    options?: CreateDeploymentOptions,
  ): Promise<CreateDeploymentResponse>;
  /** The versions a model can be deployed at, newest first. */
  listModelVersions(
    modelRef: string,
    options?: ModelDeploymentsRequestOptions,
  ): Promise<ModelVersion[]>;
  /** Every revision the deployment keeps, newest first (all pages). */
  listRevisions(
    id: string,
    options?: ModelDeploymentsRequestOptions,
  ): Promise<DeploymentRevision[]>;
  /** The deployment's history, newest first, a page at a time. */
  listEvents(
    id: string,
    page?: { limit?: number; cursor?: string },
    options?: ModelDeploymentsRequestOptions,
  ): Promise<EventList>;
  /** A JSON merge patch of the spec; with `dryRun`, what it would change, and nothing is written. */
  editDeployment(
    id: string,
    patch: DeploymentSpecPatch,
    options?: EditDeploymentOptions,
  ): Promise<EditDeploymentResponse>;
  scaleDeployment(
    id: string,
    request: ScaleDeploymentRequest,
    options?: ModelDeploymentsRequestOptions,
  ): Promise<ModelDeployment>;
  stopDeployment(
    id: string,
    request?: StopDeploymentRequest,
    options?: ModelDeploymentsRequestOptions,
  ): Promise<ModelDeployment>;
  startDeployment(
    id: string,
    options?: ModelDeploymentsRequestOptions,
  ): Promise<ModelDeployment>;
  updateModel(
    id: string,
    request: UpdateModelRequest,
    options?: ModelDeploymentsRequestOptions,
  ): Promise<ModelDeployment>;
  /** Finishes a canary or blue-green update now. */
  promoteDeployment(
    id: string,
    options?: ModelDeploymentsRequestOptions,
  ): Promise<ModelDeployment>;
  rollbackDeployment(
    id: string,
    request: RollbackDeploymentRequest,
    options?: ModelDeploymentsRequestOptions,
  ): Promise<ModelDeployment>;
  /** `confirmName` must repeat the deployment's name. */
  deleteDeployment(
    id: string,
    confirmName: string,
    options?: ModelDeploymentsRequestOptions,
  ): Promise<ModelDeployment>;
  /**
   * The deployment's metrics over a range (the last hour by default), of one track or of every workload
   * together. Answers whenever the deployment is readable: `state` says when no provider is configured
   * or it did not answer.
   */
  getMetrics(
    id: string,
    query?: MetricsQuery,
    options?: ModelDeploymentsRequestOptions,
  ): Promise<DeploymentMetrics>;
  /** The deployment's instances (pods) as the cluster shows them now. */
  listInstances(
    id: string,
    options?: ModelDeploymentsRequestOptions,
  ): Promise<InstanceList>;
  /**
   * The log of one instance, as text chunks while they arrive; with `follow`, until `signal` aborts.
   * Needs the logs permission.
   */
  streamLogs(
    id: string,
    instance: string,
    query: LogsQuery,
    signal: AbortSignal,
    options?: ModelDeploymentsRequestOptions,
  ): AsyncIterable<string>;
  /**
   * The deployment's alerts, newest first, at most `limit` of them; only firing or only resolved ones
   * with `state`.
   */
  listAlerts(
    id: string,
    query?: ListAlertsQuery,
    options?: ModelDeploymentsRequestOptions,
  ): Promise<AlertList>;
  /** Approval requests of the deployments the user may read, newest first, a page at a time. */
  listApprovals(
    query?: ListApprovalsQuery,
    options?: ModelDeploymentsRequestOptions,
  ): Promise<ApprovalList>;
  getApproval(
    id: string,
    options?: ModelDeploymentsRequestOptions,
  ): Promise<ApprovalRequest>;
  /** Approves the change, which is then applied; never the requester's own. */
  approveChange(
    id: string,
    request?: ApproveRequest,
    options?: ModelDeploymentsRequestOptions,
  ): Promise<ApprovalRequest>;
  /** Rejects the change; the reason is for the requester. */
  rejectChange(
    id: string,
    request: RejectRequest,
    options?: ModelDeploymentsRequestOptions,
  ): Promise<ApprovalRequest>;
  /** The requester takes their request back. */
  withdrawChange(
    id: string,
    request?: WithdrawRequest,
    options?: ModelDeploymentsRequestOptions,
  ): Promise<ApprovalRequest>;
}
