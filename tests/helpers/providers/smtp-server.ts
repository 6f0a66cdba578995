import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/** A message as the SMTP stand-in received it: envelope, authenticated user and the raw RFC 5322 text. */
export type ReceivedMail = { authenticatedAs: string; from: string; to: string[]; raw: string };

/** The SMTP stand-in: where it listens, what it received, and close(). */
export type LocalSmtpServer = {
  url: string;
  host: string;
  port: number;
  requests: ReceivedMail[];
  close(): Promise<void>;
};

/**
 * An SMTP server on 127.0.0.1 (the `smtp-server` package) that requires AUTH PLAIN or LOGIN with one
 * fixed user and password before MAIL FROM, advertises no STARTTLS, and keeps every accepted message.
 */
export async function startSmtpServer(options: {
  username: string;
  password: string;
}): Promise<LocalSmtpServer> {
  const requests: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: false,
    authMethods: ["PLAIN", "LOGIN"],
    // Plain-text AUTH is only allowed on an unencrypted socket with this flag; fine on loopback.
    allowInsecureAuth: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === options.username && auth.password === options.password) {
        callback(null, { user: auth.username });
        return;
      }
      callback(new Error("Invalid username or password"));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const mailFrom = session.envelope.mailFrom;
        requests.push({
          authenticatedAs: String(session.user ?? ""),
          from: mailFrom ? mailFrom.address : "",
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    host: "127.0.0.1",
    port,
    requests,
    close: () => new Promise<void>((resolve) => server.close(resolve)),
  };
}
