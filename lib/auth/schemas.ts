import { z } from "zod";

export const enrolmentRequest = z.object({
  email: z.string().trim().min(1, "Required.").max(320).email("Not an e-mail address."),
  password: z.string().min(1, "Required.").max(200),
});

export const enrolmentResponse = z.object({
  secret: z.string(),
  otpauthUri: z.string(),
  qrDataUrl: z.string(),
});

export const meResponse = z.object({
  userId: z.string().uuid(),
  email: z.string(),
  displayName: z.string(),
  roles: z.array(z.string()),
  organisation: z.object({
    id: z.string().uuid(),
    kind: z.enum(["carrier", "bank"]),
    nameJa: z.string(),
    nameEn: z.string(),
    bankCode: z.string().nullable(),
  }),
  permissions: z.array(z.string()),
});
