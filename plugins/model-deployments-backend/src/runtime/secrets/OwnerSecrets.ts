import {
  CoreV1Api,
  Observable,
  type ConfigurationOptions,
  type KubeConfig,
} from '@kubernetes/client-node';
import { ServiceUnavailableError } from '@backstage/errors';
import {
  formatFieldIssues,
  type DeploymentEnvironment,
  type DeploymentSpec,
} from '@modelops/plugin-model-deployments-common';
import { FieldValidationError } from '../../lib/errors';
import { apiServerMessage } from '../apiServerMessage';
import { SECRET_OWNER_LABEL, secretOwnerLabelValue } from './secretOwnerLabel';

/** Asks the API server for a Secret's metadata only: its values never reach the backend. */
const METADATA_ONLY: ConfigurationOptions = {
  middleware: [
    {
      pre: context => {
        context.setHeaderParam(
          'Accept',
          'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1',
        );
        return new Observable(Promise.resolve(context));
      },
      post: context => new Observable(Promise.resolve(context)),
    },
  ],
  middlewareMergeStrategy: 'append',
};

/** How many Secrets are read at once. */
const CONCURRENT_READS = 8;

/** An apply whose Secret references the owner may not use (any more): the same apply cannot succeed. */
export class UnusableSecretError extends Error {
  name = 'UnusableSecretError';
}

/** Why a Secret reference of a deployment cannot be used. */
export type SecretRefusal = {
  /** The field of the reference, e.g. `env.1.secretKeyRef.name`. */
  field: string;
  message: string;
  /**
   * `refused`: the Secret is missing or not the owner's, which the same request cannot change;
   * `unverifiable`: the API server could not say (unreachable, or it refused the backend itself).
   */
  kind: 'refused' | 'unverifiable';
};

/**
 * Which Secrets a model's owner may reference from a deployment's environment variables: a Secret in the
 * environment's namespace labelled `modelops.io/owner=<owner>`, or one the configuration grants the
 * owner (`modelDeployments.secrets.grants`). So one team's deployment cannot read another team's
 * credentials from a namespace they share. Checked when a change is asked for and again before every
 * apply (a label can be removed meanwhile).
 */
export class OwnerSecrets {
  constructor(
    private readonly options: {
      clusters: Map<string, KubeConfig>;
      environments:
        | Partial<
            Record<
              DeploymentEnvironment,
              { cluster: string; namespace: string }
            >
          >
        | undefined;
      grants: Map<string, Set<string>>;
    },
  ) {}

  /**
   * The references of `spec.env` that the owner may not use, one per field; none when the environment
   * runs nowhere (nothing would read them).
   */
  async refusals(
    owner: string,
    spec: Pick<DeploymentSpec, 'environment' | 'env'>,
  ): Promise<SecretRefusal[]> {
    const target = this.options.environments?.[spec.environment];
    const kubeConfig = target && this.options.clusters.get(target.cluster);
    const references = spec.env.flatMap((variable, index) =>
      variable.secretKeyRef
        ? [{ name: variable.secretKeyRef.name, index }]
        : [],
    );
    if (!target || !kubeConfig || references.length === 0) {
      return [];
    }
    const granted = this.options.grants.get(owner.toLocaleLowerCase('en-US'));
    const ownerLabel = secretOwnerLabelValue(owner);
    const core = kubeConfig.makeApiClient(CoreV1Api);
    const verdicts = new Map<string, Omit<SecretRefusal, 'field'> | null>();
    const toRead = [...new Set(references.map(r => r.name))].filter(
      name => !granted?.has(name),
    );
    // A few at a time: up to 200 variables may each name a Secret.
    for (let i = 0; i < toRead.length; i += CONCURRENT_READS) {
      const names = toRead.slice(i, i + CONCURRENT_READS);
      const read = await Promise.all(
        names.map(name =>
          this.verdict(core, target.namespace, name, owner, ownerLabel),
        ),
      );
      names.forEach((name, index) => verdicts.set(name, read[index]));
    }
    return references.flatMap(({ name, index }) => {
      const verdict = verdicts.get(name);
      return verdict
        ? [{ field: `env.${index}.secretKeyRef.name`, ...verdict }]
        : [];
    });
  }

  /**
   * Refuses a change whose Secret references the owner may not use: 400 naming each field and the
   * rule, or 503 when the API server cannot say.
   */
  async assertUsable(
    owner: string,
    spec: Pick<DeploymentSpec, 'environment' | 'env'>,
  ): Promise<void> {
    const refusals = await this.refusals(owner, spec);
    const unverifiable = refusals.filter(r => r.kind === 'unverifiable');
    if (unverifiable.length) {
      throw new ServiceUnavailableError(
        formatFieldIssues(
          unverifiable.map(({ field, message }) => ({ field, message })),
        ),
      );
    }
    if (refusals.length) {
      throw new FieldValidationError(
        refusals.map(({ field, message }) => ({ field, message })),
      );
    }
  }

  /**
   * Refuses an apply of `specs` (the revisions it would run) whose Secret references the owner may not
   * use: an {@link UnusableSecretError}, or a plain error to be retried when the API server cannot say.
   */
  async assertApplicable(
    owner: string,
    specs: Pick<DeploymentSpec, 'environment' | 'env'>[],
  ): Promise<void> {
    const refusals = (
      await Promise.all(specs.map(spec => this.refusals(owner, spec)))
    ).flat();
    const unverifiable = refusals.find(r => r.kind === 'unverifiable');
    if (unverifiable) {
      throw new Error(unverifiable.message);
    }
    if (refusals.length) {
      throw new UnusableSecretError(
        [...new Set(refusals.map(r => r.message))].join('; '),
      );
    }
  }

  private async verdict(
    core: CoreV1Api,
    namespace: string,
    name: string,
    owner: string,
    ownerLabel: string | undefined,
  ): Promise<Omit<SecretRefusal, 'field'> | null> {
    // A missing Secret and another owner's read the same, so that nobody learns from the answers which
    // Secrets a shared namespace holds.
    const notTheOwners = {
      kind: 'refused' as const,
      message: `there is no Secret '${name}' of ${owner} in namespace '${namespace}': only a Secret labelled ${SECRET_OWNER_LABEL}=${
        ownerLabel ?? '<owner>'
      } there, or one granted in modelDeployments.secrets.grants, can be used`,
    };
    let labels: Record<string, string>;
    try {
      const secret = await core.readNamespacedSecret(
        { name, namespace },
        METADATA_ONLY,
      );
      labels = secret.metadata?.labels ?? {};
    } catch (error) {
      const code = (error as { code?: number }).code;
      if (code === 404) {
        return notTheOwners;
      }
      return {
        kind: 'unverifiable',
        message: `cannot check Secret '${name}' in namespace '${namespace}': ${
          code === 403
            ? 'the API server does not let the backend read Secrets there (ask the platform team)'
            : apiServerMessage(error)
        }`,
      };
    }
    return ownerLabel !== undefined && labels[SECRET_OWNER_LABEL] === ownerLabel
      ? null
      : notTheOwners;
  }
}
