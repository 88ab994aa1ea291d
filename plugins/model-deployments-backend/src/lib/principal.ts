import type { BackstageCredentials } from '@backstage/backend-plugin-api';

/**
 * Who made a request: a user's entity reference, or a service's subject. Events name it as the actor,
 * and the permission decision cache keys on it.
 */
export function principalName(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return principal.type === 'user'
    ? principal.userEntityRef!
    : principal.subject ?? 'unknown';
}
