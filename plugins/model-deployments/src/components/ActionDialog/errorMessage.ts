import { ResponseError } from '@backstage/errors';

/** What went wrong, in the backend's own words when it answered (they say which field, model or state). */
export function errorMessage(error: Error): string {
  return error instanceof ResponseError
    ? error.body.error.message
    : error.message;
}
