/** Go's strconv.ParseBool, which Vault uses for `?list=`, `standbyok` and friends; undefined = invalid. */
export function goBool(value: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return undefined;
}
