/**
 * Keeping secrets out of output. OWNER: core-http helper.
 */

/** Remove `user:password@` from a URL string (any scheme); returns the input when unparsable. */
export function redactUrl(_url: string): string {
  throw new Error('not implemented');
}

/** Replace every occurrence of each secret (and its URL-encoded and Basic forms) by `***`. */
export function redactSecrets(_text: string, _secrets: readonly (string | undefined)[]): string {
  throw new Error('not implemented');
}
