/**
 * A cell's text cut at its column's width (`max-w-*` in `className`) with an ellipsis, whole in its
 * title: a name or an address is never broken mid-word, and the row keeps its height.
 */
export function Truncated({ text, className }: { text: string; className: string }) {
  return (
    <span className={`block truncate ${className}`} title={text}>
      {text}
    </span>
  );
}
