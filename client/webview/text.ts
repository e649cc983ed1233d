// The timeline page's words: the ones its host put in the page (a JSON script element,
// id "timeline-text", in the display language), else English (server/src/engine/timeline/words.ts).
import { TIMELINE_WORDS, TimelineWords } from '../../server/src/engine/timeline/words';

function given(): Partial<TimelineWords> {
  try {
    const json = document.getElementById('timeline-text')?.textContent;
    const x: unknown = json ? JSON.parse(json) : undefined;
    return x && typeof x === 'object' ? (x as Partial<TimelineWords>) : {};
  } catch {
    return {};
  }
}

const words = given();
const fill = (template: string, ...args: string[]) => template.replace(/\{(\d)\}/g, (whole, i: string) => args[Number(i)] ?? whole);

export const TEXT = {
  ...TIMELINE_WORDS,
  ...words,
  series: { ...TIMELINE_WORDS.series, ...words.series },
  /** A flagged account's note in a bucket's counts. */
  flaggedLine(account: string, reason: string): string {
    return fill(TEXT.flaggedNote, account, reason);
  },
  /** The status line: lines, files and the bucket's size. */
  statusLine(lines: number, bucket: number, files: number): string {
    const number = (n: number) => n.toLocaleString(TEXT.lang);
    const size = bucket >= 3600 ? fill(TEXT.hours, number(bucket / 3600)) : bucket >= 60 ? fill(TEXT.minutes, number(bucket / 60)) : fill(TEXT.seconds, number(bucket));
    return fill(TEXT.status, number(lines), number(files), size);
  },
};
