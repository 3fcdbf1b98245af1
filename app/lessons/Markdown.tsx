/** Renders lesson Markdown (see markdown.ts) as React elements. */
import { useMemo } from 'react';
import { parseMarkdown, type Inline } from './markdown';

function InlineNodes({ nodes }: { nodes: Inline[] }) {
  return nodes.map((node, i) => {
    switch (node.kind) {
      case 'text':
        return <span key={i}>{node.text}</span>;
      case 'code':
        return <code key={i}>{node.text}</code>;
      case 'strong':
        return (
          <strong key={i}>
            <InlineNodes nodes={node.children} />
          </strong>
        );
      case 'em':
        return (
          <em key={i}>
            <InlineNodes nodes={node.children} />
          </em>
        );
    }
  });
}

export function Markdown({ source, className }: { source: string; className?: string }) {
  const blocks = useMemo(() => parseMarkdown(source), [source]);
  return (
    <div className={className ? `markdown ${className}` : 'markdown'}>
      {blocks.map((block, i) => {
        if (block.kind === 'paragraph')
          return (
            <p key={i}>
              <InlineNodes nodes={block.children} />
            </p>
          );
        const items = block.items.map((item, j) => (
          <li key={j}>
            <InlineNodes nodes={item} />
          </li>
        ));
        return block.ordered ? <ol key={i}>{items}</ol> : <ul key={i}>{items}</ul>;
      })}
    </div>
  );
}
