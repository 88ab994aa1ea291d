import { ResponseError } from '@backstage/errors';
import type { FieldIssue } from '@modelops/plugin-model-deployments-common';

/** The fields a backend's 400 names (`error.issues`), or none when the error is not about fields. */
export function backendFieldIssues(error: unknown): FieldIssue[] {
  if (!(error instanceof ResponseError)) {
    return [];
  }
  const issues = (error.body.error as { issues?: unknown }).issues;
  return Array.isArray(issues) ? (issues as FieldIssue[]) : [];
}

/** The message of the first issue about `field` (a dotted path, e.g. `replicas.max`). */
export function issueFor(
  issues: readonly FieldIssue[],
  field: string,
): string | undefined {
  return issues.find(issue => issue.field === field)?.message;
}
