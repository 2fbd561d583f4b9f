import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { findPackageFile } from './find-package-file';

const gzipAsync = promisify(gzip);

/** Web Chat's browser bundle in memory, plain and gzipped, with an ETag. */
export interface StaticFile {
  body: Buffer;
  gzipped: Buffer;
  etag: string;
  contentType: string;
}

/**
 * botframework-webchat 4.18.1's own `dist/webchat.js` (React, Adaptive Cards and Direct Line client
 * included), vendored under vendor/webchat/ so the page needs no CDN and works on an air-gapped SOC
 * network. Read and compressed (~4 MB → ~1 MB) once per process.
 *
 * @example
 *   const bundle = await loadWebChatBundle();
 *   res.end(acceptsGzip ? bundle.gzipped : bundle.body);
 */
export function loadWebChatBundle(
  file: string = findPackageFile('vendor/webchat/webchat.js'),
): Promise<StaticFile> {
  // Once per process: every server started in it (tests, benchmarks) shares the 4 MB buffers.
  let loading = loaded.get(file);
  if (!loading) {
    loading = readBundle(file);
    loaded.set(file, loading);
    loading.catch(() => loaded.delete(file));
  }
  return loading;
}

const loaded = new Map<string, Promise<StaticFile>>();

async function readBundle(file: string): Promise<StaticFile> {
  const body = await readFile(file);
  return {
    body,
    gzipped: await gzipAsync(body),
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
    contentType: 'application/javascript; charset=utf-8',
  };
}
