// The self-contained HTML report of `timeline --html`: the page of the editor's timeline view
// (dist/media/timeline.js and .css, uPlot bundled in) inlined with the report as JSON, under a
// Content Security Policy that lets nothing be fetched. Log text only ever reaches the page as
// JSON inside a script element (with `<` escaped), which the page puts in as text.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { TimelineReport } from '../engine/timeline/types';
import { scriptJson, translateWords } from '../engine/timeline/words';
import { l10n } from '../engine/l10n';

const media = (name: string) => fs.readFileSync(path.join(__dirname, '..', 'media', name), 'utf8');

/** Text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}


export function timelineHtml(report: TimelineReport, files: readonly string[]): string {
  const nonce = randomBytes(16).toString('base64');
  const title = l10n.t('Timeline of {0}', files.map((f) => path.basename(f)).join(', '));
  // The page's words in the CLI's language.
  const words = translateWords((m) => l10n.t(m), l10n.locale);
  const data = { report, files: files.map((f) => path.basename(f)), title };
  const script = media('timeline.js').replace(/<\/script/gi, '<\\/script');
  const style = media('timeline.css').replace(/<\/style/gi, '<\\/style');
  return `<!DOCTYPE html>
<html lang="${escapeHtml(words.lang)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">${style}</style>
</head>
<body class="report">
<main id="app"></main>
<script type="application/json" id="timeline-text">${scriptJson(words)}</script>
<script type="application/json" id="timeline-data">${scriptJson(data)}</script>
<script nonce="${nonce}">${script}</script>
</body>
</html>
`;
}
