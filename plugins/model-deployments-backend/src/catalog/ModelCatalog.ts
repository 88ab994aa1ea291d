import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  MODEL_ENTITY_TYPE,
  MODEL_ID_ANNOTATION,
} from '@modelops/plugin-model-deployments-common';
import type {
  ModelRegistry,
  ModelVersion,
} from '@modelops/plugin-model-deployments-node';
import { FieldValidationError } from '../lib/errors';
import { isModel, ownerOf } from './ModelOwnership';

/** A model as the catalog has it now. */
export type ResolvedModel = {
  entity: Entity;
  ref: string;
  modelId: string;
  /** The owner, from the catalog: never from a request. */
  owner: string;
};

/** The model's ID: its `modelops.io/model-id` annotation, or its entity name when it has none. */
function modelIdOf(entity: Entity): string {
  return (
    entity.metadata.annotations?.[MODEL_ID_ANNOTATION] ?? entity.metadata.name
  );
}

/**
 * Resolves models through the catalog, with the caller's credentials (a model the caller cannot see
 * is a model that does not exist), and asks the model registry for their versions.
 */
export class ModelCatalog {
  constructor(
    private readonly catalog: CatalogService,
    private readonly registry: ModelRegistry,
  ) {}

  async resolve(
    request: { modelRef?: string; modelId?: string },
    credentials: BackstageCredentials,
  ): Promise<ResolvedModel> {
    const entity = request.modelRef
      ? await this.findByRef(request.modelRef, credentials)
      : await this.findById(request.modelId!, credentials);
    const modelId = modelIdOf(entity);
    if (request.modelId !== undefined && request.modelId !== modelId) {
      throw FieldValidationError.of(
        'modelId',
        `does not match the ID '${modelId}' of ${stringifyEntityRef(
          entity,
        )} in the catalog`,
      );
    }
    const owner = ownerOf(entity);
    if (!owner) {
      throw FieldValidationError.of(
        request.modelRef ? 'modelRef' : 'modelId',
        `the model ${stringifyEntityRef(entity)} has no owner in the catalog`,
      );
    }
    return {
      entity,
      ref: stringifyEntityRef(entity),
      modelId,
      owner,
    };
  }

  /** Checks that the registry lists `version` for the model. */
  async assertVersionExists(
    model: ResolvedModel,
    version: string,
    field: string,
  ): Promise<ModelVersion> {
    const versions = await this.registry.listVersions(model.entity);
    const found = versions.find(v => v.version === version);
    if (!found) {
      const known = versions.map(v => v.version);
      throw FieldValidationError.of(
        field,
        known.length
          ? `'${version}' is not a version of ${model.ref} (known: ${known.join(
              ', ',
            )})`
          : `the model registry lists no versions of ${model.ref}`,
      );
    }
    return found;
  }

  async listVersions(model: Entity): Promise<ModelVersion[]> {
    return this.registry.listVersions(model);
  }

  /** The model entity, or `undefined` when the caller cannot see a model with that reference. */
  async lookup(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<Entity | undefined> {
    const entity = await this.catalog.getEntityByRef(ref, { credentials });
    return entity && isModel(entity) ? entity : undefined;
  }

  private async findByRef(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const entity = await this.lookup(ref, credentials);
    if (!entity) {
      throw FieldValidationError.of(
        'modelRef',
        `there is no model ${ref} in the catalog (a model is kind Resource with spec.type ${MODEL_ENTITY_TYPE})`,
      );
    }
    return entity;
  }

  private async findById(
    modelId: string,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const { items } = await this.catalog.getEntities(
      {
        filter: {
          kind: 'Resource',
          'spec.type': MODEL_ENTITY_TYPE,
          [`metadata.annotations.${MODEL_ID_ANNOTATION}`]: modelId,
        },
      },
      { credentials },
    );
    if (items.length === 0) {
      throw FieldValidationError.of(
        'modelId',
        `there is no model with ID '${modelId}' (annotation ${MODEL_ID_ANNOTATION}) in the catalog`,
      );
    }
    if (items.length > 1) {
      throw FieldValidationError.of(
        'modelId',
        `more than one model has ID '${modelId}' (${items
          .map(e => stringifyEntityRef(e))
          .join(', ')}); give modelRef`,
      );
    }
    return items[0];
  }
}
