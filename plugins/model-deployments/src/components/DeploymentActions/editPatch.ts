import {
  deploymentSpecSchema,
  diffSpecs,
  editDeploymentRequestSchema,
  parseWithIssues,
  type DeploymentSpec,
  type DeploymentSpecPatch,
  type FieldIssue,
} from '@modelops/plugin-model-deployments-common';
import { specFromDraft, type EditDraft } from './editDraft';

/**
 * The JSON merge patch (RFC 7396) that turns `before` into `after`: only the fields that differ, a
 * removed optional field as `null`, the environment variables whole. `undefined` when nothing differs.
 */
export function mergePatch(
  before: DeploymentSpec,
  after: DeploymentSpec,
): DeploymentSpecPatch | undefined {
  const diff = diffSpecs(before, after);
  const differences = [...diff.changes, ...diff.immutable];
  if (differences.length === 0) {
    return undefined;
  }
  const patch: Record<string, unknown> = {};
  for (const { field, after: value } of differences) {
    const [section, key] = field.split('.');
    if (key === undefined) {
      patch[section] = value ?? null;
    } else {
      patch[section] = {
        ...(patch[section] as Record<string, unknown> | undefined),
        [key]: value ?? null,
      };
    }
  }
  return patch as DeploymentSpecPatch;
}

/** What the Edit form can send: nothing yet, not yet (with each field's issue), or this patch. */
export type PreparedEdit =
  | { state: 'unchanged' }
  | { state: 'invalid'; issues: FieldIssue[] }
  | { state: 'ready'; patch: DeploymentSpecPatch };

/** Checks the edited spec and its patch with the common schemas, as the backend will. */
export function prepareEdit(
  current: DeploymentSpec,
  draft: EditDraft,
): PreparedEdit {
  const spec = parseWithIssues(deploymentSpecSchema, specFromDraft(draft));
  if (!spec.success) {
    return { state: 'invalid', issues: spec.issues };
  }
  const patch = mergePatch(current, spec.data);
  if (!patch) {
    return { state: 'unchanged' };
  }
  const request = parseWithIssues(editDeploymentRequestSchema, patch);
  return request.success
    ? { state: 'ready', patch }
    : { state: 'invalid', issues: request.issues };
}
