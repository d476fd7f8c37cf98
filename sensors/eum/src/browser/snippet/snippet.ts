/**
 * The inline snippet users paste into their pages (shared by the build and the collector's website API). It
 * defines `argus(...)` as a queue until eum.js loads, so calls made before it loads are not lost.
 * Plain TS without DOM types: it only builds strings.
 */
export interface SnippetOptions {
  /** the website's site key */
  key: string;
  /** the collector's ingest base URL, e.g. https://collector.example.com:4318 */
  reportingUrl: string;
  /** where eum.js is served (default: `${reportingUrl}/eum.js`); a `?v=<version>` makes it cacheable forever */
  scriptUrl?: string;
  /** eum.js content hash, appended as `?v=` when `scriptUrl` is not given */
  version?: string;
}

const js = (s: string) => JSON.stringify(s).replace(/</g, '\\u003c');

export const snippet = (o: SnippetOptions) => {
  const base = o.reportingUrl.replace(/\/+$/, '');
  const src = o.scriptUrl || base + '/eum.js' + (o.version ? '?v=' + encodeURIComponent(o.version) : '');
  return [
    '<script>',
    '(function(w,n){w[n]=w[n]||function(){(w[n].q=w[n].q||[]).push(arguments)};w[n].l=+new Date()})(window,"argus");',
    `argus("reportingUrl", ${js(base)});`,
    `argus("key", ${js(o.key)});`,
    '</script>',
    `<script defer crossorigin="anonymous" src=${JSON.stringify(src).replace(/</g, '&lt;')}></script>`,
  ].join('\n');
};
