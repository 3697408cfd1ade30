// A module resolution hook for the parser probes: a bare name that does not resolve from the
// repository (a candidate installed in a scratch folder, not in the root devDependencies) is
// resolved again from the folder given at registration.
import { pathToFileURL } from 'node:url';
import path from 'node:path';

let parentURL;

export function initialize({ from }) {
  parentURL = pathToFileURL(path.join(from, 'package.json')).href;
}

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const bare = !/^(node:|file:|data:|\.{0,2}\/)/.test(specifier);
    if (!bare || !parentURL) throw error;
    return nextResolve(specifier, { ...context, parentURL });
  }
}
