export interface Config {
  permission?: {
    /** The demo backend's permission policy (src/modules/permissionPolicy). */
    demoPolicy?: {
      /**
       * Groups whose members may do everything with every deployment, as entity references
       * (`group:default/ml-platform`, or `ml-platform` for short).
       */
      adminGroups?: string[];
    };
  };
  auth?: {
    providers?: {
      /**
       * The demo sign-in provider (src/modules/demoSignIn): signs in as the catalog user that the
       * request's `x-demo-user` header names. For local use only.
       */
      demo?: {
        /**
         * Lets the provider work outside `NODE_ENV=development`. Anyone who can reach the backend can
         * then sign in as any user.
         */
        dangerouslyAllowOutsideDevelopment?: boolean;
      };
    };
  };
}
