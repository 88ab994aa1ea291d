import { isUserEntity, makeValidator } from '@backstage/catalog-model';
import {
  AuthenticationError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { createProxyAuthenticator } from '@backstage/plugin-auth-node';

/** The request header that names the example user to sign in as, e.g. `x-demo-user: alice`. */
const DEMO_USER_HEADER = 'x-demo-user';

/** Who the request asks to sign in as: the name of a catalog user. */
type DemoSignInResult = { userName: string };

/** The names of this machine: a loopback base URL may be reached under any of them. */
const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/** The host name of a `Host` header value (`name:port`, `[v6]:port`), in lower case. */
function hostnameOf(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return value
    ? /^(\[[^\]]+\]|[^:]+)(?::\d+)?$/.exec(value.trim().toLowerCase())?.[1]
    : undefined;
}

/**
 * The host names under which the backend is reached: those of its base URL and the app's, and every
 * name of this machine when one of them is a loopback name.
 */
export function allowedHosts(baseUrls: string[]): string[] {
  const hosts = baseUrls.map(url => new URL(url).hostname.toLowerCase());
  return [
    ...new Set(
      hosts.some(host => LOOPBACK_HOSTS.includes(host))
        ? [...hosts, ...LOOPBACK_HOSTS]
        : hosts,
    ),
  ];
}

const validator = makeValidator();

/**
 * Trusts the request to say who it is, which is what a demo needs and what no real deployment may
 * allow: so it works only in development (`NODE_ENV=development`), unless the configuration says
 * `dangerouslyAllowOutsideDevelopment`, as the guest provider does; and only for a request to one of
 * `hosts`, so that a web page whose name an attacker rebinds to this machine (DNS rebinding) cannot sign
 * in through the visitor's browser.
 */
export function createDemoAuthenticator(hosts: string[]) {
  return createProxyAuthenticator({
    initialize({ config }) {
      return {
        enabled:
          process.env.NODE_ENV === 'development' ||
          config.getOptionalBoolean('dangerouslyAllowOutsideDevelopment') ===
            true,
      };
    },

    async authenticate({ req }, { enabled }) {
      if (!enabled) {
        throw new NotAllowedError(
          "The demo provider signs anyone in as any user, so it works only in a development environment unless 'auth.providers.demo.dangerouslyAllowOutsideDevelopment' is enabled",
        );
      }
      // The raw headers, not req.hostname: with trust proxy on, Express would take X-Forwarded-Host,
      // which a page's script may set.
      const requested = [
        hostnameOf(req.headers.host),
        ...(req.headers['x-forwarded-host'] !== undefined
          ? [hostnameOf(req.headers['x-forwarded-host'])]
          : []),
      ];
      const foreign = requested.find(host => !host || !hosts.includes(host));
      if (requested.includes(undefined) || foreign !== undefined) {
        throw new NotAllowedError(
          `The demo sign-in answers requests for ${hosts[0]} only, not for '${
            foreign ?? 'an unnamed host'
          }'`,
        );
      }
      const userName = req.get(DEMO_USER_HEADER);
      if (!userName) {
        throw new AuthenticationError(
          `Name the user to sign in as in the ${DEMO_USER_HEADER} header`,
        );
      }
      if (!validator.isValidEntityName(userName)) {
        throw new InputError(
          `The ${DEMO_USER_HEADER} header must be a user's name, e.g. alice, not '${userName}'`,
        );
      }
      const result: DemoSignInResult = { userName };
      return { result };
    },

    /** The user's name and email as the catalog has them, for the app to show who is signed in. */
    async defaultProfileTransform({ userName }, ctx) {
      const { entity } = await ctx
        .findCatalogUser({ entityRef: { name: userName } })
        .catch(error => {
          throw error?.name === 'NotFoundError'
            ? new NotFoundError(`There is no user '${userName}' in the catalog`)
            : error;
        });
      const profile = isUserEntity(entity) ? entity.spec.profile : undefined;
      return {
        profile: {
          displayName: profile?.displayName,
          email: profile?.email,
          picture: profile?.picture,
        },
      };
    },
  });
}
