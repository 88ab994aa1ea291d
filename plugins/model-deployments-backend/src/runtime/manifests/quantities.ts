/** Kubernetes quantities of the spec's units, exact to the spec's precision. */

export function cpuQuantity(cores: number): string {
  const millicores = Math.round(cores * 1000);
  return millicores % 1000 === 0 ? String(millicores / 1000) : `${millicores}m`;
}

/** The form's GB are binary gigabytes, as Kubernetes users mean them (`16Gi`). */
export function memoryQuantity(gb: number): string {
  const mebibytes = Math.round(gb * 1024);
  return mebibytes % 1024 === 0 ? `${mebibytes / 1024}Gi` : `${mebibytes}Mi`;
}

export function storageQuantity(gb: number): string {
  return `${gb}Gi`;
}

/** The bandwidth plugin's annotation format: megabits per second. */
export function bandwidthQuantity(mbps: number): string {
  return `${mbps}M`;
}
