import path from 'node:path';
import { DataFile } from './data-file';
import type { JsonDocuments } from './json-document';

/**
 * Where a document store keeps its document: a data directory (the embedded default: a file per
 * document) or a backend's documents (PostgreSQL: `pgDocuments(db)`).
 */
export type DocumentsSource = string | JsonDocuments;

/**
 * Documents as files under `dataDir` (`DataFile`, lowdb), named by their spec's name.
 *
 * @example
 *   const file = fileDocuments('./data').open({ name: 'approvals.json', defaults, isValid });
 */
export function fileDocuments(dataDir: string): JsonDocuments {
  return {
    open: (spec) =>
      new DataFile(path.join(dataDir, spec.name), spec.defaults, spec.isValid, spec.afterMovingAside),
  };
}

/** The documents of a source: a data directory's files, or the documents given. */
export function documentsIn(source: DocumentsSource): JsonDocuments {
  return typeof source === 'string' ? fileDocuments(source) : source;
}
