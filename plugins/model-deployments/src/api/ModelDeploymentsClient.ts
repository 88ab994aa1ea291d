import { parseEntityRef } from '@backstage/catalog-model';
import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  ApprovalList,
  ApprovalRequest,
  DeploymentList,
  DeploymentRevision,
  DeploymentSpecPatch,
  EditDeploymentResponse,
  EventList,
  ListApprovalsQuery,
  ListDeploymentsQuery,
  ModelDeployment,
  ModelVersion,
  RevisionList,
  RollbackDeploymentRequest,
  ScaleDeploymentRequest,
  StopDeploymentRequest,
  UpdateModelRequest,
  ApproveRequest,
  RejectRequest,
  WithdrawRequest,
} from '@modelops/plugin-model-deployments-common';
import type { ModelDeploymentsApi } from './ModelDeploymentsApi';

type Query = Record<
  string,
  string | number | boolean | readonly (string | number)[] | undefined
>;

function queryString(query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined) params.append(key, String(item));
    }
  }
  const search = params.toString();
  return search ? `?${search}` : '';
}

/**
 * The client of the Model Deployments backend, through the app's fetch API (which adds the user's
 * token).
 *
 * @public
 */
export class ModelDeploymentsClient implements ModelDeploymentsApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  listDeployments(query: ListDeploymentsQuery = {}): Promise<DeploymentList> {
    return this.request('GET', `/deployments${queryString(query as Query)}`);
  }

  getDeployment(id: string): Promise<ModelDeployment> {
    return this.request('GET', this.deploymentPath(id));
  }

  async listModelVersions(modelRef: string): Promise<ModelVersion[]> {
    const { kind, namespace, name } = parseEntityRef(modelRef);
    const path = [kind, namespace, name].map(encodeURIComponent).join('/');
    return (
      await this.request<{ items: ModelVersion[] }>(
        'GET',
        `/models/${path}/versions`,
      )
    ).items;
  }

  async listRevisions(id: string): Promise<DeploymentRevision[]> {
    return (
      await this.request<RevisionList>(
        'GET',
        `${this.deploymentPath(id)}/revisions`,
      )
    ).items;
  }

  listEvents(
    id: string,
    page: { limit?: number; cursor?: string } = {},
  ): Promise<EventList> {
    return this.request(
      'GET',
      `${this.deploymentPath(id)}/events${queryString(page)}`,
    );
  }

  editDeployment(
    id: string,
    patch: DeploymentSpecPatch,
    options: { dryRun?: boolean } = {},
  ): Promise<EditDeploymentResponse> {
    return this.request(
      'PATCH',
      `${this.deploymentPath(id)}${queryString({
        dryRun: options.dryRun ? 'true' : undefined,
      })}`,
      patch,
      'application/merge-patch+json',
    );
  }

  scaleDeployment(
    id: string,
    request: ScaleDeploymentRequest,
  ): Promise<ModelDeployment> {
    return this.action(id, 'scale', request);
  }

  stopDeployment(
    id: string,
    request: StopDeploymentRequest = {},
  ): Promise<ModelDeployment> {
    return this.action(id, 'stop', request);
  }

  startDeployment(id: string): Promise<ModelDeployment> {
    return this.action(id, 'start', {});
  }

  updateModel(
    id: string,
    request: UpdateModelRequest,
  ): Promise<ModelDeployment> {
    return this.action(id, 'update-model', request);
  }

  promoteDeployment(id: string): Promise<ModelDeployment> {
    return this.action(id, 'promote', {});
  }

  rollbackDeployment(
    id: string,
    request: RollbackDeploymentRequest,
  ): Promise<ModelDeployment> {
    return this.action(id, 'rollback', request);
  }

  deleteDeployment(id: string, confirmName: string): Promise<ModelDeployment> {
    return this.request(
      'DELETE',
      `${this.deploymentPath(id)}${queryString({ confirm: confirmName })}`,
    );
  }

  listApprovals(query: ListApprovalsQuery = {}): Promise<ApprovalList> {
    return this.request('GET', `/approvals${queryString(query as Query)}`);
  }

  approveChange(
    id: string,
    request: ApproveRequest = {},
  ): Promise<ApprovalRequest> {
    return this.request('POST', `${this.approvalPath(id)}/approve`, request);
  }

  rejectChange(id: string, request: RejectRequest): Promise<ApprovalRequest> {
    return this.request('POST', `${this.approvalPath(id)}/reject`, request);
  }

  withdrawChange(
    id: string,
    request: WithdrawRequest = {},
  ): Promise<ApprovalRequest> {
    return this.request('POST', `${this.approvalPath(id)}/withdraw`, request);
  }

  private approvalPath(id: string): string {
    return `/approvals/${encodeURIComponent(id)}`;
  }

  private deploymentPath(id: string): string {
    return `/deployments/${encodeURIComponent(id)}`;
  }

  private action<T>(id: string, action: string, body: unknown): Promise<T> {
    return this.request('POST', `${this.deploymentPath(id)}/${action}`, body);
  }

  private async request<T>(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl(
      'model-deployments',
    );
    const response = await this.options.fetchApi.fetch(`${baseUrl}${path}`, {
      method,
      ...(body === undefined
        ? {}
        : {
            headers: { 'Content-Type': contentType },
            body: JSON.stringify(body),
          }),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
