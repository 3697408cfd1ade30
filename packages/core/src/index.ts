/**
 * @xltv/core — the engine behind `xltv upload`: metadata, file selection, zip, the
 * multipart/mixed import request, the XL TestView client, and the CI adapter contract.
 * @packageDocumentation
 */
export * from './errors.js';
export * from './properties.js';
export * from './adapter.js';
export * from './adapter-kit.js';
export * from './metadata.js';
export * from './files.js';
export * from './zip.js';
export * from './secrets.js';
export * from './multipart.js';
export * from './client.js';
export * from './generic.js';
export * from './tempfiles.js';
export * from './version.js';
export * from './http/retry.js';
export * from './http/url.js';
export * from './http/proxy.js';
