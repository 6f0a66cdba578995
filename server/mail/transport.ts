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
 * SMTP when SMTP_URL is set; otherwise each message is written to the server log (development and
 * self-hosters without a mail server still see invitation links).
 */
export function createTransport(smtpUrl = env.SMTP_URL): Transport {
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
  const json = nodemailer.createTransport({ jsonTransport: true });
  return {
    kind: "log",
    send: async (mail) => {
      const info = await json.sendMail({ from: env.MAIL_FROM, ...mail });
      logger.info(
        { mail: { to: mail.to, subject: mail.subject, text: mail.text } },
        "email (no SMTP_URL set)",
      );
      return { messageId: info.messageId };
    },
  };
}
