import { createServer } from "node:http";
import { startSmtpServer } from "./providers/smtp-server";

/**
 * An SMTP server that keeps every message, and an HTTP endpoint on 127.0.0.1 that lists them
 * (`GET /messages?to=<address>` → `[{ to, raw }]`), so browser tests can follow emailed links.
 */
/** `httpPort` 0 picks a free port; `url` says which. */
export async function startMailbox(httpPort: number) {
  const smtp = await startSmtpServer({ username: "mailbox", password: "mailbox-password" });
  const http = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const to = url.searchParams.get("to")?.toLowerCase();
    const messages = smtp.requests
      .filter((mail) => !to || mail.to.some((address) => address.toLowerCase() === to))
      .map((mail) => ({ to: mail.to, raw: mail.raw }));
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify(messages));
  });
  await new Promise<void>((resolve) => http.listen(httpPort, "127.0.0.1", resolve));
  const address = http.address();
  const port = typeof address === "object" && address ? address.port : httpPort;
  return {
    smtpUrl: `smtp://mailbox:mailbox-password@127.0.0.1:${smtp.port}`,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      http.close();
      await smtp.close();
    },
  };
}

/** The first http(s) link in a raw RFC 5322 message (quoted-printable soft breaks and escapes undone). */
export function firstLinkIn(raw: string, pathPart: string): string | undefined {
  const decoded = raw
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return decoded.match(new RegExp(`https?://[^\\s"<>]*${pathPart}[^\\s"<>]*`))?.[0];
}
