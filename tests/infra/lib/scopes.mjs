// Helpers to reach one module instance of one environment.
import path from 'node:path';
import { TF_ROOT, allScopes } from './hcl.mjs';

const cache = new Map();
export async function scopesOf(env) {
  if (!cache.has(env)) cache.set(env, allScopes(env));
  return cache.get(env);
}

// Enabled scopes whose directory is modules/<name> (name may be "security/waf").
export async function moduleScopes(env, name, { includeDisabled = false } = {}) {
  const dir = path.join(TF_ROOT, 'modules', name);
  return (await scopesOf(env)).filter((s) => s.dir === dir && (includeDisabled || s.enabled));
}

export async function moduleScope(env, name) {
  const s = await moduleScopes(env, name);
  if (s.length !== 1) throw new Error(`${env}: expected one enabled instance of modules/${name}, found ${s.length}`);
  return s[0];
}
