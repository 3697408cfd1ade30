/**
 * Facts about this package. The build (tsup) and the unit tests (vitest) define them from
 * package.json, so the bundle carries two strings instead of the whole manifest.
 */
declare const __XLTV_VERSION__: string;
declare const __XLTV_REPORT_URL__: string;

/** This CLI's version. */
export const VERSION: string = __XLTV_VERSION__;

/** Where users report a crash: the package's `bugs` URL, else its npm page. */
export const REPORT_URL: string = __XLTV_REPORT_URL__;

/** `xltv/<version> node/<version> (<ci id or local>)`, the User-Agent of every request. */
export function userAgent(source: string): string {
  return `xltv/${VERSION} node/${process.version} (${source})`;
}
