import type { IdentityApi } from '@backstage/frontend-plugin-api';

const STORAGE_KEY = '@modelops/demo-sign-in:user';

/**
 * The example user chosen last, kept in local storage like Backstage's own sign-in page keeps its
 * provider: a reload, or a link that opens a new tab, stays signed in as the same user.
 */
export function rememberedUser(): string | undefined {
  return localStorage.getItem(STORAGE_KEY) ?? undefined;
}

export function rememberUser(name: string) {
  localStorage.setItem(STORAGE_KEY, name);
}

export function forgetUser() {
  localStorage.removeItem(STORAGE_KEY);
}

/** `identity`, forgetting the user on sign-out, so that the app reloads into the list of users. */
export function forgettingOnSignOut(identity: IdentityApi): IdentityApi {
  return {
    getProfileInfo: () => identity.getProfileInfo(),
    getBackstageIdentity: () => identity.getBackstageIdentity(),
    getCredentials: () => identity.getCredentials(),
    signOut: async () => {
      forgetUser();
      await identity.signOut();
    },
  };
}
