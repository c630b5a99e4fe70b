import type { FraudStatus, OrderStatus } from '@/lib/data/order-list';
import type { SoldLine } from '@/lib/order-admin/line-selection';

/** A sold line with how many were captured and refunded so far. */
export interface ActionLine extends SoldLine {
  captured: number;
  refunded: number;
}

/** What the action dialogs need to know about an order: plain data from the server page. */
export interface ActionOrder {
  id: string;
  number: string;
  currency: string;
  locale: string;
  status: OrderStatus;
  fraudStatus: FraudStatus | null;
  hasKlarnaOrder: boolean;
  orderAmount: number;
  capturedAmount: number;
  refundedAmount: number;
  /** What is still authorized and not captured (0 once the order is closed, cancelled or expired). */
  remainingAmount: number;
  authorizationExpiresAt: string | null;
  authorizationExpired: boolean;
  merchantReference1: string;
  merchantReference2: string;
  lines: ActionLine[];
}
