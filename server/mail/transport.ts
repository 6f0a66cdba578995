import nodemailer from "nodemailer";
import { z } from "zod";
import { env } from "@/lib/env";
import { logger } from "@/server/logger";

export const mailSchema = z.object({
  to: z.email(),
  subject: z.string().min(1).max(300),
  text: z.string().min(1),
  html: z.string().optional(),
});
export type Mail = z.infer<typeof mailSchema>;

type Transport = { kind: "smtp" | "log"; send: (mail: Mail) => Promise<{ messageId: string }> };

/**
 * SMTP when SMTP_URL is set. Without it, mail is not delivered; each message is written to the server
 * log instead:
 * - in development and tests, whole (the log is the developer's inbox for sign-in and invitation links);
 * - in production, only its recipient and subject: the body carries magic links and invitation
 *   tokens, and a log line is read by more people, and kept longer, than a mailbox.
 */
export function createTransport(smtpUrl = env.SMTP_URL, options: { printBodies?: boolean } = {}): Transport {
  if (smtpUrl) {
    const smtp = nodemailer.createTransport(smtpUrl);
    return {
      kind: "smtp",
      send: async (mail) => {
        const info = await smtp.sendMail({ from: env.MAIL_FROM, ...mail });
        return { messageId: info.messageId };
      },
    };
  }
  const printBodies = options.printBodies ?? env.NODE_ENV !== "production";
  if (!printBodies)
    logger.warn(
      "SMTP_URL is not set: emails (sign-in links, invitations) are not delivered, and their bodies are " +
        "withheld from the log. Set SMTP_URL to send them.",
    );
  const json = nodemailer.createTransport({ jsonTransport: true });
  return {
    kind: "log",
    send: async (mail) => {
      const info = await json.sendMail({ from: env.MAIL_FROM, ...mail });
      if (printBodies)
        logger.info(
          { mail: { to: mail.to, subject: mail.subject, text: mail.text } },
          "email printed, not sent (development: no SMTP_URL set)",
        );
      else
        logger.warn(
          { mail: { to: mail.to, subject: mail.subject } },
          "email not sent (no SMTP_URL set); its body, which may hold a link, is withheld",
        );
      return { messageId: info.messageId };
    },
  };
}
