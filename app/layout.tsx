import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Providers } from "@/components/providers";
import { ClientMessages } from "@/lib/i18n/client-messages";
import { getLocale } from "@/lib/i18n/server";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Linkguard", template: "%s · Linkguard" },
  description: "Fraud containment console for bank-linked e-money wallets",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  return (
    <html lang={locale}>
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        <ClientMessages>
          <Providers>{children}</Providers>
        </ClientMessages>
      </body>
    </html>
  );
}
