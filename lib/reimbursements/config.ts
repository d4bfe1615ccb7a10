/**
 * At or above this amount a reimbursement needs two approvals, one of the carrier's managers and
 * one of the victim's bank's (LINKGUARD_REIMBURSEMENT_QUORUM_YEN, default ¥1,000,000).
 */
export function quorumThresholdYen(): number {
  const v = Number(process.env.LINKGUARD_REIMBURSEMENT_QUORUM_YEN ?? "");
  return Number.isSafeInteger(v) && v > 0 ? v : 1_000_000;
}

export function approvalsNeededFor(amountYen: number): 1 | 2 {
  return amountYen >= quorumThresholdYen() ? 2 : 1;
}

/**
 * The carrier's paying account, as the transfer file's header names it (LINKGUARD_PAYER_CODE, _NAME,
 * _BANK, _BRANCH, _ACCOUNT): the requester code the paying bank assigned, the carrier's name in
 * katakana, the bank, branch and ordinary account the transfers are paid from. The defaults are the
 * demo's (a fictional account at bank 0101).
 */
export function payingAccount() {
  const env = process.env;
  return {
    requesterCode: env.LINKGUARD_PAYER_CODE ?? "0000012345",
    requesterNameKana: env.LINKGUARD_PAYER_NAME ?? "ﾘﾝｸｶﾞｰﾄﾞ ｹｲﾀｲ",
    bankCode: env.LINKGUARD_PAYER_BANK ?? "0101",
    branchCode: env.LINKGUARD_PAYER_BRANCH ?? "001",
    accountType: "ordinary" as const,
    accountNumber: env.LINKGUARD_PAYER_ACCOUNT ?? "1234567",
  };
}
