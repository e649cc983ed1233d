// Large answers in parts (issue 19): an investigation of thousands of entries is megabytes of
// JSON, which the protocol library encodes and writes at once while other requests wait. A client
// that asks with `parts: true` gets such an answer without its text and links, and asks for them
// part by part (zimbraLogs/resultPart); the server keeps them until the last part is asked, or a
// minute.
import type { InvestigationResult, ResultPart } from '../../../common/investigateProtocol';

/** Characters of text and links per part, at most (text is cut after a line). */
export const PART_CHARS = 256 << 10;
export const PART_LINKS = 1024;
const KEEP_MS = 60_000;

export class ResultParts {
  private readonly kept = new Map<number, ResultPart[]>();
  private last = 0;

  /** `r` as it is when small or not asked in parts; else without its text and links, which are kept for `part`. */
  split<T extends InvestigationResult>(r: T, asked: unknown): T {
    if (asked !== true || (r.text.length <= PART_CHARS && r.links.length <= PART_LINKS)) return r;
    const texts: string[] = [];
    for (let at = 0; at < r.text.length; ) {
      const nl = r.text.lastIndexOf('\n', at + PART_CHARS - 1);
      const end = at + PART_CHARS >= r.text.length ? r.text.length : nl >= at ? nl + 1 : at + PART_CHARS;
      texts.push(r.text.slice(at, end));
      at = end;
    }
    const count = Math.max(texts.length, Math.ceil(r.links.length / PART_LINKS));
    const parts: ResultPart[] = [];
    for (let i = 0; i < count; i++) parts.push({ text: texts[i] ?? '', links: r.links.slice(i * PART_LINKS, (i + 1) * PART_LINKS) });
    const id = ++this.last;
    this.kept.set(id, parts);
    setTimeout(() => this.kept.delete(id), KEEP_MS).unref();
    return { ...r, text: '', links: [], parts: { id, count } };
  }

  /** Part `part` of answer `id`; null when unknown (or forgotten). */
  part(id: unknown, part: unknown): ResultPart | null {
    const parts = this.kept.get(Number(id));
    const p = parts?.[Number(part)];
    if (!parts || !p) return null;
    if (Number(part) === parts.length - 1) this.kept.delete(Number(id));
    return p;
  }
}
