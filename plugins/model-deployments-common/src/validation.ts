import { z } from 'zod/v3';
import type { FieldIssue } from './types';

function fieldName(path: (string | number)[]): string {
  return path.length ? path.join('.') : 'body';
}

/**
 * Turns a zod error into one issue per field, each naming the field and the rule in plain words.
 *
 * @public
 */
export function toFieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.flatMap(issue => {
    if (issue.code === z.ZodIssueCode.unrecognized_keys) {
      return issue.keys.map(key => ({
        field: fieldName([...issue.path, key]),
        message: 'is not a known field',
      }));
    }
    if (
      issue.code === z.ZodIssueCode.invalid_type &&
      issue.received === 'undefined'
    ) {
      // zod's own message is "Required"; a schema's own required_error is kept.
      const message =
        issue.message === 'Required' ? 'is required' : issue.message;
      return [{ field: fieldName(issue.path), message }];
    }
    if (issue.code === z.ZodIssueCode.invalid_type) {
      return [
        {
          field: fieldName(issue.path),
          message: `must be ${
            issue.expected === 'integer'
              ? 'a whole number'
              : `a ${issue.expected}`
          }, not ${issue.received}`,
        },
      ];
    }
    return [{ field: fieldName(issue.path), message: issue.message }];
  });
}

/** "field: rule; field: rule", for error messages and logs. @public */
export function formatFieldIssues(issues: FieldIssue[]): string {
  return issues.map(issue => `${issue.field}: ${issue.message}`).join('; ');
}

/** @public */
export type ParseResult<T> =
  | { success: true; data: T }
  | { success: false; issues: FieldIssue[] };

/**
 * Validates input with one of the schemas of this package.
 *
 * @public
 */
export function parseWithIssues<S extends z.ZodTypeAny>(
  schema: S,
  input: unknown,
): ParseResult<z.output<S>> {
  const result = schema.safeParse(input);
  return result.success
    ? { success: true, data: result.data }
    : { success: false, issues: toFieldIssues(result.error) };
}
