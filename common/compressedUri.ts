// The read-only documents of compressed logs and archive members (client/src/compressed.ts serves
// them), named so that the server can link to them:
//   zimbra-logs-gz:/tmp/logs.tar.gz/logs/mailbox.log?{"archive":"/tmp/logs.tar.gz","member":"logs/mailbox.log"}

export const COMPRESSED_SCHEME = 'zimbra-logs-gz';

export interface CompressedQuery {
  /** The file on disk (a path). */
  archive: string;
  /** The member, for an archive. */
  member?: string;
}

/** The URI (as a string) of `member` of the archive at `archive` (a path), whose `file:` URI's path is `archivePath`. */
export function memberUriString(archivePath: string, archive: string, member: string): string {
  const query: CompressedQuery = { archive, member };
  const path = `${archivePath}/${member.split('/').map(encodeURIComponent).join('/')}`;
  return `${COMPRESSED_SCHEME}:${path}?${encodeURIComponent(JSON.stringify(query))}`;
}
