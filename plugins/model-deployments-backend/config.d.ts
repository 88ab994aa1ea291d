export interface Config {
  /** Configuration of the Model Deployments backend (plugin id `model-deployments`). */
  modelDeployments?: {
    /**
     * How long, in seconds, a permission decision for a user and a permission is reused (default 5;
     * 0 asks the permission backend on every request). Like Kubernetes' authorization webhook cache: a
     * change of policy or of group membership applies after at most this long.
     */
    permissionDecisionCacheSeconds?: number;
  };
}
