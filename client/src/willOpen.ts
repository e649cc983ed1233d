// Just before the didOpen of a large log file goes out, the server is told (zimbraLogs/willOpen):
// it reads the file from disk while the text is in transit, and its diagnostics appear sooner.
// The language client's didOpen middleware; no vscode import at run time (unit-tested in Node).
import * as fs from 'node:fs';
import type * as vscode from 'vscode';
import type { WillOpenParams } from '../../common/protocol';

/** Files from this size on are announced (a smaller one's text arrives at once). */
export const WILL_OPEN_BYTES = 1 << 20;

type Next = (document: vscode.TextDocument) => Promise<void>;

/** The didOpen middleware; `send` sends the WillOpenNotification (its failure does not stop the didOpen). */
export function willOpenMiddleware(send: (p: WillOpenParams) => Promise<void>, sizeOf = (file: string) => fs.statSync(file).size) {
  return (document: vscode.TextDocument, next: Next): Promise<void> => {
    if (document.uri.scheme === 'file') {
      let size = 0;
      try {
        size = sizeOf(document.uri.fsPath);
      } catch {
        // Not on disk (any more): nothing to read ahead.
      }
      if (size >= WILL_OPEN_BYTES) send({ uri: document.uri.toString(), version: document.version }).catch(() => undefined);
    }
    return next(document);
  };
}
