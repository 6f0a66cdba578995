import { Fragment } from "react";

const pattern = /(`[^`]+`|https?:\/\/[^\s)]+)/g;

/**
 * Help and description text as people read it: `code` becomes a code span (no literal backticks) and
 * an http(s) URL becomes a link that opens in a new tab.
 */
export function HelpText({ text }: { text: string }) {
  const parts = text.split(pattern);
  return (
    <>
      {parts.map((part, index) => {
        const key = `${index}-${part}`;
        if (part.startsWith("`") && part.endsWith("`") && part.length > 2)
          return (
            <code key={key} className="rounded bg-slate-100 px-1 font-mono text-[0.85em]">
              {part.slice(1, -1)}
            </code>
          );
        if (/^https?:\/\//.test(part)) {
          const url = part.replace(/[.,;:]+$/, "");
          return (
            <Fragment key={key}>
              <a href={url} target="_blank" rel="noreferrer noopener" className="text-indigo-700 underline">
                {url}
              </a>
              {part.slice(url.length)}
            </Fragment>
          );
        }
        return <Fragment key={key}>{part}</Fragment>;
      })}
    </>
  );
}
