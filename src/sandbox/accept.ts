// Content negotiation on `Accept`, as RFC 9110 section 12.5.1 says: media ranges (`*/*`, `text/*`, `text/csv`) with
// q-values; the most specific range that matches a media type gives its q; q=0 means "not acceptable"; among the
// acceptable types the highest q wins, and on a tie the server's order of preference (JSON first). No `Accept`
// header (or an empty one) accepts anything.

interface Range {
  type: string;
  subtype: string;
  q: number;
  /** 3 for type/subtype, 2 for type/*, 1 for * / *: the more specific range decides (RFC 9110 12.5.1). */
  specificity: number;
}

function parseRanges(header: string): Range[] | undefined {
  const ranges: Range[] = [];
  for (const part of header.split(",")) {
    const [media, ...params] = part.split(";").map((s) => s.trim());
    if (!media) continue;
    const match = /^([A-Za-z0-9!#$&^_.+-]+|\*)\/([A-Za-z0-9!#$&^_.+-]+|\*)$/.exec(media);
    if (!match || (match[1] === "*" && match[2] !== "*")) continue; // not a media range: ignored
    let q = 1;
    for (const param of params) {
      const [name, value] = param.split("=").map((s) => s.trim());
      if (name.toLowerCase() === "q") {
        q = /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(value ?? "") ? Number(value) : 1;
      }
    }
    const type = match[1].toLowerCase();
    const subtype = match[2].toLowerCase();
    ranges.push({ type, subtype, q, specificity: type === "*" ? 1 : subtype === "*" ? 2 : 3 });
  }
  return ranges.length ? ranges : undefined;
}

/** The q an `Accept` header gives a media type (1 when there is no usable header). */
export function qualityOf(header: string | undefined, mediaType: string): number {
  const ranges = parseRanges(header ?? "");
  if (!ranges) return 1;
  const [type, subtype] = mediaType.toLowerCase().split(";")[0].trim().split("/");
  let best: Range | undefined;
  for (const r of ranges) {
    const matches = (r.type === "*" || r.type === type) && (r.subtype === "*" || r.subtype === subtype);
    if (matches && (!best || r.specificity > best.specificity)) best = r;
  }
  return best?.q ?? 0;
}

/**
 * The media type to answer with: of `offered` (in the server's order of preference), the one the header accepts with
 * the highest q, the earlier one on a tie; undefined when none is acceptable (406).
 */
export function negotiate(header: string | undefined, offered: string[]): string | undefined {
  let chosen: string | undefined;
  let chosenQ = 0;
  for (const media of offered) {
    const q = qualityOf(header, media);
    if (q > chosenQ) {
      chosen = media;
      chosenQ = q;
    }
  }
  return chosen;
}
