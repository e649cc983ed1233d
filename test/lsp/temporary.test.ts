// The server's temporary files over the protocol (issue 19, item 13): a Collate File output is
// deleted when the client says its document closed (zimbraLogs/releaseFile), a path the server did
// not make is left alone, and the decompressed copies and outputs go when the server stops.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CollateToFileRequest, OpenLargeRequest, ReleaseFileNotification } from '../../common/protocol';
import { root, TestServer } from './client';

const gz = path.join(root, 'test', 'fixtures', 'compressed', 'zimbra.log.2.gz');

test('Collate File outputs go when released or when the server stops; nothing else is deleted', async () => {
  const server = await TestServer.start();
  let folder = '';
  try {
    const uri = pathToFileURL(gz).toString();
    const opened = await server.connection.sendRequest(OpenLargeRequest, { uri, path: gz });
    assert.ok(opened && 'lines' in opened && opened.lines > 0);
    const first = await server.connection.sendRequest(CollateToFileRequest, { uri });
    const second = await server.connection.sendRequest(CollateToFileRequest, { uri });
    folder = path.dirname(path.dirname(first!.path));
    assert.match(path.basename(folder), /^zimbra-logs-\d+-/);
    assert.notEqual(first!.path, second!.path);
    // The server's folder holds the decompressed copy and both outputs.
    assert.equal(fs.readdirSync(folder).length, 3);
    // A path the server did not make (here the log itself) is never deleted.
    await server.connection.sendNotification(ReleaseFileNotification, { path: gz });
    await server.connection.sendNotification(ReleaseFileNotification, { path: first!.path });
    // Requests are answered in order: once this one is, the notifications were handled.
    await server.connection.sendRequest(OpenLargeRequest, { uri, path: gz });
    assert.equal(fs.existsSync(first!.path), false);
    assert.ok(fs.existsSync(second!.path));
    assert.ok(fs.existsSync(gz));
  } finally {
    await server.stop();
  }
  assert.equal(fs.existsSync(folder), false, 'the whole folder is gone once the server stopped');
  assert.ok(fs.existsSync(gz));
});
