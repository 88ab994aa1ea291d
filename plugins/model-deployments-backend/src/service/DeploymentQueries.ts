import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  modelDeploymentReadPermission,
  type DeploymentList,
  type EventList,
  type ModelDeployment,
  type ParsedListDeploymentsQuery,
  type RevisionList,
} from '@modelops/plugin-model-deployments-common';
import type { ModelVersion } from '@modelops/plugin-model-deployments-node';
import type { ModelCatalog } from '../catalog/ModelCatalog';
import type { ModelOwnership } from '../catalog/ModelOwnership';
import type { StoresWithTransactions } from '../database/Stores';
import type { DeploymentAccess } from '../deployments/DeploymentAccess';
import type { DeploymentPresenter } from '../deployments/presentDeployment';
import { decodeCursor, encodeCursor } from '../lib/cursor';
import type { DeploymentAuthorizer } from '../permissions/DeploymentAuthorizer';

/** The reads of deployments: lists, one deployment, its revisions and history, a model's versions. */
export class DeploymentQueries {
  constructor(
    private readonly deps: {
      stores: StoresWithTransactions;
      models: ModelCatalog;
      ownership: ModelOwnership;
      authorizer: DeploymentAuthorizer;
      access: DeploymentAccess;
      presenter: DeploymentPresenter;
    },
  ) {}

  async list(
    query: ParsedListDeploymentsQuery,
    credentials: BackstageCredentials,
  ): Promise<DeploymentList> {
    const { stores, ownership, authorizer, presenter } = this.deps;
    const permissionFilter = await authorizer.filter(
      credentials,
      modelDeploymentReadPermission,
    );
    const { owner, cursor, ...filters } = query;
    const page = await stores.deployments.list({
      ...filters,
      // Owned now, in the catalog: a model that moved to another team is found under that team at once.
      ownedModelRefs: owner?.length
        ? await ownership.modelsOf('owner', owner)
        : undefined,
      cursor: cursor ? decodeCursor(cursor) : undefined,
      permissionFilter,
    });
    return {
      items: await presenter.present(page.items, credentials),
      ...(page.next ? { nextCursor: encodeCursor(page.next) } : {}),
    };
  }

  async get(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<ModelDeployment> {
    const { record, resource } = await this.deps.access.findReadable(
      id,
      credentials,
    );
    const [deployment] = await this.deps.presenter.present(
      [record],
      credentials,
      [resource],
    );
    return deployment;
  }

  /** The revisions that are kept, newest first, a page at a time. */
  async listRevisions(
    id: string,
    options: { limit: number; cursor?: string },
    credentials: BackstageCredentials,
  ): Promise<RevisionList> {
    return this.page(id, options, credentials, page =>
      this.deps.stores.deployments.listRevisions(id, page),
    );
  }

  async listEvents(
    id: string,
    options: { limit: number; cursor?: string },
    credentials: BackstageCredentials,
  ): Promise<EventList> {
    return this.page(id, options, credentials, page =>
      this.deps.stores.deployments.listEvents(id, page),
    );
  }

  /** One page of a readable deployment's list, keyed by a number that falls from page to page. */
  private async page<T>(
    id: string,
    options: { limit: number; cursor?: string },
    credentials: BackstageCredentials,
    list: (page: {
      limit: number;
      before?: number;
    }) => Promise<{ items: T[]; next?: number }>,
  ): Promise<{ items: T[]; nextCursor?: string }> {
    await this.deps.access.findReadable(id, credentials);
    const before = options.cursor
      ? Number(decodeCursor(options.cursor).id)
      : undefined;
    if (before !== undefined && !Number.isSafeInteger(before)) {
      throw new InputError('cursor: is not a cursor this API returned');
    }
    const page = await list({ limit: options.limit, before });
    return {
      items: page.items,
      ...(page.next !== undefined
        ? { nextCursor: encodeCursor({ name: '', id: String(page.next) }) }
        : {}),
    };
  }

  /** The versions of a model that can be deployed, newest first. */
  async listModelVersions(
    modelRef: string,
    credentials: BackstageCredentials,
  ): Promise<ModelVersion[]> {
    const model = await this.deps.models.lookup(modelRef, credentials);
    if (!model) {
      throw new NotFoundError(`There is no model ${modelRef} in the catalog`);
    }
    return this.deps.models.listVersions(model);
  }
}
