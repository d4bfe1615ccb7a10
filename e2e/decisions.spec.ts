import { expect, test, type APIRequestContext } from "@playwright/test";
import { DEMO_API_KEY } from "@/db/seed/staff";
import { englishCookie, signIn, storageStateOf } from "./support/staff";

/**
 * The suspension is real only if the wallet platform's decision API obeys it at once. A bank
 * operator (Hokusei Bank, 0108; this spec signs in by itself, so no prepared session is shared)
 * suspends charges through the API with their session, and the decision API, asked with the
 * platform's key, denies a charge at that bank within a second.
 */
const BANK = "0108";
const charge = { operation: "charge", bankCode: BANK, walletId: "w-e2e-decisions", verification: "otp", amountYen: 30_000 };

async function decide(api: APIRequestContext): Promise<{ decision: string; reason: string; controlVersion: number }> {
  const res = await api.post("/api/v1/decisions", { headers: { authorization: `Bearer ${DEMO_API_KEY}` }, data: charge });
  expect(res.status()).toBe(200);
  return res.json();
}

test("after a bank operator suspends charges, the decision API denies a charge at that bank within a second", async ({ browser, playwright, baseURL }) => {
  const api = await playwright.request.newContext({ baseURL });
  const operatorContext = await browser.newContext();
  await operatorContext.addCookies([englishCookie(baseURL!)]);
  const operator = await operatorContext.newPage();
  await signIn(operator, `operator@bank${BANK}.demo`);
  const sameOrigin = { origin: baseURL! };

  // The demo starts in September 2020 with charges suspended at this bank: first a loosening,
  // requested by the operator and approved by a second person (a carrier manager).
  if ((await decide(api)).decision === "deny") {
    const requested = await operator.request.post("/api/v1/control-requests", {
      headers: sameOrigin,
      data: { bankCode: BANK, control: "charges", toState: "open", reason: "Customers verified again; resume charges" },
    });
    expect(requested.status(), await requested.text()).toBe(201);
    const request = (await requested.json()) as { id: string; revision: number };
    const managerContext = await browser.newContext({ storageState: storageStateOf("manager@carrier.demo") });
    const approved = await managerContext.request.post(`/api/v1/control-requests/${request.id}/approve`, { headers: sameOrigin, data: { revision: request.revision } });
    expect(approved.status(), await approved.text()).toBe(200);
    await managerContext.close();
    await expect.poll(async () => (await decide(api)).decision, { timeout: 1_000, intervals: [50] }).toBe("allow");
  }

  const tightened = await operator.request.post(`/api/v1/controls/${BANK}/tighten`, {
    headers: sameOrigin,
    data: { control: "charges", toState: "suspended", reason: "Fraudulent charges reported by customers", confirmBankCode: BANK },
  });
  expect(tightened.status(), await tightened.text()).toBe(200);
  const { version } = (await tightened.json()) as { version: number };
  const started = Date.now();
  await expect.poll(async () => (await decide(api)).decision, { timeout: 1_000, intervals: [25] }).toBe("deny");
  expect(Date.now() - started).toBeLessThan(1_000);
  expect(await decide(api)).toMatchObject({ decision: "deny", reason: "charges_suspended", controlVersion: version });

  // The operator cannot touch another bank: its code is "not found" to them.
  const elsewhere = await operator.request.post("/api/v1/controls/0101/tighten", {
    headers: sameOrigin,
    data: { control: "charges", toState: "suspended", reason: "Not my bank at all", confirmBankCode: "0101" },
  });
  expect(elsewhere.status()).toBe(404);

  await operatorContext.close();
  await api.dispose();
});
