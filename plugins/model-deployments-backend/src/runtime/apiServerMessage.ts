import { ClusterTimeoutError } from './clusterRequests';

/** The API server's own words (the message of its Status object) when it answered, else the error's. */
export function apiServerMessage(error: unknown): string {
  if (error instanceof ClusterTimeoutError) {
    // As the error was made: the client prefixes its own words to some (resource discovery's).
    return ClusterTimeoutError.describe(error.cluster, error.seconds);
  }
  let body = (error as { body?: unknown }).body;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      // Not a Status object: the error's own message says more.
    }
  }
  if (body && typeof body === 'object' && 'message' in body) {
    return String((body as { message: unknown }).message);
  }
  return error instanceof Error ? error.message : String(error);
}

/** Statuses with which the API server refuses a request for good: the same request cannot succeed. */
const REFUSED = new Set([400, 403, 404, 422]);

/**
 * Server-side apply answers 500 when the objects cannot be merged as typed (a list that repeats a key,
 * a value of the wrong type): that answer never changes either. Its prefix names only the object.
 */
const TYPED_PATCH_FAILURE = /^failed to create typed patch object \([^)]*\): /;

/**
 * Why the cluster refused a request for good, in its own words without the server's wrapping, or
 * `undefined` when trying again may succeed (the server unavailable, a conflict, throttling).
 */
export function permanentRefusal(error: unknown): string | undefined {
  const message = apiServerMessage(error);
  const code = (error as { code?: number }).code ?? 0;
  if (REFUSED.has(code)) {
    return message;
  }
  if (code === 500 && TYPED_PATCH_FAILURE.test(message)) {
    return message.replace(TYPED_PATCH_FAILURE, '');
  }
  return undefined;
}
