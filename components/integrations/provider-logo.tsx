/** A provider's registry logo (inline SVG from our own registry, never user input). */
export function ProviderLogo({ svg, name, size = 32 }: { svg: string; name: string; size?: number }) {
  return (
    <span
      role="img"
      aria-label={`${name} logo`}
      className="inline-block shrink-0 overflow-hidden rounded-md [&>svg]:h-full [&>svg]:w-full"
      style={{ width: size, height: size }}
      // biome-ignore lint/security/noDangerouslySetInnerHtml: logos are static SVG from the registry; platform-admin edits are validated as SVG without scripts
      dangerouslySetInnerHTML={{ __html: svg }}
    />
  );
}
