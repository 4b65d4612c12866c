type InterimStatus = 'Sent' | 'Submitted' | 'Buffered';
type FinalStatus = 'Success' | 'Failed' | 'Rejected';

/** What to report for one accepted message, after fault rules had their say. */
export interface DeliveryPlan {
  id: string;
  phoneNumber: string;
  networkCode: string;
  interimStatus: InterimStatus;
  finalStatus: FinalStatus;
  /** Sent only with Failed or Rejected, as AT does. */
  failureReason: string | null;
  drop: 'none' | 'all' | 'final';
  /** How many times the final report is posted (duplicates are normal for AT callbacks). */
  finalCopies: number;
  /** Final before interim: callbacks can arrive out of order. */
  reorder: boolean;
  /** ms from acceptance to the final report, when a rule makes it late; null: the simulator's setting. */
  delayMs: number | null;
}

export interface DeliveryReport {
  id: string;
  status: InterimStatus | FinalStatus;
  phoneNumber: string;
  networkCode: string;
  failureReason: string | null;
}

/** The reports a plan produces, in the order they are posted. */
export function reportsFor(plan: DeliveryPlan): DeliveryReport[] {
  if (plan.drop === 'all') {
    return [];
  }
  const base = { id: plan.id, phoneNumber: plan.phoneNumber, networkCode: plan.networkCode };
  const interim: DeliveryReport = { ...base, status: plan.interimStatus, failureReason: null };
  if (plan.drop === 'final') {
    return [interim];
  }
  const failed = plan.finalStatus === 'Failed' || plan.finalStatus === 'Rejected';
  const final: DeliveryReport = {
    ...base,
    status: plan.finalStatus,
    failureReason: failed ? (plan.failureReason ?? 'DeliveryFailure') : null,
  };
  const finals = Array.from({ length: plan.finalCopies }, () => final);
  return plan.reorder ? [...finals, interim] : [interim, ...finals];
}

/** The form body AT posts to the delivery-report callback. */
export function deliveryReportForm(report: DeliveryReport): URLSearchParams {
  const form = new URLSearchParams({
    id: report.id,
    status: report.status,
    phoneNumber: report.phoneNumber,
    networkCode: report.networkCode,
    // AT's count of the telco's delivery retries, not of our callback retries.
    retryCount: '0',
  });
  if (report.failureReason !== null) {
    form.set('failureReason', report.failureReason);
  }
  return form;
}
