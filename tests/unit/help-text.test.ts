import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { HelpText } from "@/components/ui/help-text";
import { capabilityLabel } from "@/lib/capability-labels";
import { getProvider, type ProviderId, providerIds } from "@/server/providers/registry";
import { capabilityCodes } from "@/server/providers/types";

const render = (text: string) => renderToStaticMarkup(createElement(HelpText, { text }));

describe("help text as people read it", () => {
  it("turns `code` into a code span and URLs into links, with no literal backticks", () => {
    const html = render("Starts with `sk_test_`; find it at https://dashboard.stripe.com/apikeys.");
    expect(html).not.toContain("`");
    expect(html).toContain("<code");
    expect(html).toContain(">sk_test_</code>");
    expect(html).toContain(
      '<a href="https://dashboard.stripe.com/apikeys" target="_blank" rel="noreferrer noopener"',
    );
    expect(html).toMatch(/apikeys<\/a>\.$/);
  });

  it("names every capability in words, and no provider's texts show backticks", () => {
    for (const code of capabilityCodes) expect(capabilityLabel(code)).not.toMatch(/_|^[A-Z ]+$/);
    for (const id of providerIds) {
      const provider = getProvider(id as ProviderId);
      for (const capability of Object.values(provider.capabilities))
        expect(capability.description).not.toContain("`");
    }
  });
});
