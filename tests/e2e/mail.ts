import { expect } from "@playwright/test";
import { firstLinkIn } from "../helpers/mailbox";

export const mailbox = `http://127.0.0.1:${process.env.E2E_MAILBOX_PORT ?? 3101}`;

/** The newest link to `pathPart` mailed to an address (other than `except`), waiting for it to arrive. */
export async function emailedLink(to: string, pathPart: string, except?: string) {
  let link: string | undefined;
  await expect
    .poll(
      async () => {
        const messages = (await (await fetch(`${mailbox}/messages?to=${encodeURIComponent(to)}`)).json()) as {
          raw: string;
        }[];
        link = messages
          .map((message) => firstLinkIn(message.raw, pathPart))
          .findLast((candidate) => candidate && candidate !== except);
        return link;
      },
      { timeout: 20_000 },
    )
    .toBeTruthy();
  return link ?? "";
}
