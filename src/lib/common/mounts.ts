/** `sys/mounts` is read by its engine module; actions keep importing it from here. */
export { listMounts, type MountInfo } from '../vault/engines/sys-mounts';
